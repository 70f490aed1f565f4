/**
 * Sample lookups for projection and QA, built in O(samples log samples) once per scene (or once
 * per QA run): samples by sensor and id with their scene-clock time (offset and drift applied, see
 * core/time/clock), samples by frame label, and pairing across sensors — same `frame` label (the
 * first sample carrying it, in stream order), else the nearest scene time by binary search over the
 * sensor's samples of all its streams sorted by time (ties go to the earlier sample).
 * `sampleIndexOf` memoises one index per scene object: scenes are treated as immutable (the store
 * replaces them, immer-style), as the rest of the projection core does.
 */
import type { Sample, Scene, Stream } from '../schema';
import { sceneTime } from '../time/clock';

export interface IndexedSample {
  sensor: string;
  stream: Stream;
  /** Index of the sample in its stream. */
  index: number;
  sample: Sample;
  /** Scene-clock time in seconds. */
  t: number;
}

interface SensorSamples {
  /** Sorted by scene time (stable: stream order, then sample order, among equal times). */
  list: IndexedSample[];
  byId: Map<string, IndexedSample>;
  byFrame: Map<string, IndexedSample>;
}

export class SampleIndex {
  private readonly sensors = new Map<string, SensorSamples>();

  constructor(readonly scene: Scene) {
    for (const st of scene.streams) {
      let e = this.sensors.get(st.sensor);
      if (!e) this.sensors.set(st.sensor, (e = { list: [], byId: new Map(), byFrame: new Map() }));
      const entry = e;
      st.samples.forEach((sample, index) => {
        const s: IndexedSample = { sensor: st.sensor, stream: st, index, sample, t: sceneTime(st, index) };
        entry.list.push(s);
        entry.byId.set(sample.id, s);
        if (sample.frame !== undefined && !entry.byFrame.has(sample.frame)) entry.byFrame.set(sample.frame, s);
      });
    }
    for (const e of this.sensors.values()) e.list.sort((a, b) => a.t - b.t);
  }

  sample(sensor: string, sample: string): IndexedSample | undefined {
    return this.sensors.get(sensor)?.byId.get(sample);
  }

  /** The sample of `sensor` paired with `from`: same `frame` label, else nearest scene time. */
  pair(from: Pick<IndexedSample, 'sample' | 't'>, sensor: string): IndexedSample | undefined {
    return this.pairAt(sensor, from.sample.frame, from.t);
  }

  /** The sample of `sensor` with frame label `frame` when there is one, else the one nearest scene time `t` (ties to the earlier). */
  pairAt(sensor: string, frame: string | undefined, t: number): IndexedSample | undefined {
    const e = this.sensors.get(sensor);
    if (!e || e.list.length === 0) return undefined;
    if (frame !== undefined) {
      const same = e.byFrame.get(frame);
      if (same) return same;
    }
    const l = e.list;
    let lo = 0;
    let hi = l.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (l[mid].t < t) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && Math.abs(l[lo - 1].t - t) <= Math.abs(l[lo].t - t) ? l[lo - 1] : l[lo];
  }
}

const indexes = new WeakMap<Scene, SampleIndex>();

/** The scene's SampleIndex, built on first use and memoised per scene object. */
export function sampleIndexOf(scene: Scene): SampleIndex {
  let idx = indexes.get(scene);
  if (!idx) indexes.set(scene, (idx = new SampleIndex(scene)));
  return idx;
}
