/**
 * Lookups the checks share, built once per run in O(samples + annotations): samples by sensor and
 * id (with their scene-clock time, offset and drift applied, see core/time/clock), samples by frame
 * label, annotations by sample and by object, and sample pairing across sensors (same `frame`
 * label, else the nearest scene time — the rule the projection core uses).
 */
import type { Annotation, Sample, Scene, Stream } from '../schema';
import { nearestIndex, sceneTime } from '../time/clock';

export interface IndexedSample {
  sensor: string;
  stream: Stream;
  index: number;
  sample: Sample;
  /** Scene-clock time in seconds. */
  t: number;
}

const sk = (sensor: string, sample: string): string => `${sensor}\u0000${sample}`;

export class SceneIndex {
  private readonly samples = new Map<string, IndexedSample>();
  private readonly frames = new Map<string, IndexedSample>();
  private readonly streams = new Map<string, Stream[]>();
  private readonly bySample = new Map<string, Annotation[]>();
  private readonly byObject = new Map<string, Annotation[]>();

  constructor(readonly scene: Scene) {
    for (const st of scene.streams) {
      const list = this.streams.get(st.sensor) ?? [];
      list.push(st);
      this.streams.set(st.sensor, list);
      st.samples.forEach((sample, index) => {
        const e: IndexedSample = { sensor: st.sensor, stream: st, index, sample, t: sceneTime(st, index) };
        this.samples.set(sk(st.sensor, sample.id), e);
        if (sample.frame !== undefined && !this.frames.has(sk(st.sensor, sample.frame))) this.frames.set(sk(st.sensor, sample.frame), e);
      });
    }
    for (const a of Object.values(scene.annotations)) {
      if ('sample' in a) push(this.bySample, sk(a.sensor, a.sample), a);
      push(this.byObject, a.object, a);
    }
  }

  sample(sensor: string, sample: string): IndexedSample | undefined {
    return this.samples.get(sk(sensor, sample));
  }

  /** Annotations placed on one sensor sample (cuboids, boxes, polygons, masks, notVisible). */
  annotationsOn(sensor: string, sample: string): readonly Annotation[] {
    return this.bySample.get(sk(sensor, sample)) ?? [];
  }

  annotationsOf(object: string): readonly Annotation[] {
    return this.byObject.get(object) ?? [];
  }

  /** The sample of `sensor` paired with `from`: same `frame` label, else nearest scene time. */
  pair(from: IndexedSample, sensor: string): IndexedSample | undefined {
    if (from.sample.frame !== undefined) {
      const same = this.frames.get(sk(sensor, from.sample.frame));
      if (same) return same;
    }
    let best: IndexedSample | undefined;
    for (const st of this.streams.get(sensor) ?? []) {
      const i = nearestIndex(st, from.t);
      if (i < 0) continue;
      const e = this.samples.get(sk(sensor, st.samples[i].id));
      if (e && (!best || Math.abs(e.t - from.t) < Math.abs(best.t - from.t))) best = e;
    }
    return best;
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}
