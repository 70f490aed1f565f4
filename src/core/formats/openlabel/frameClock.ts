/**
 * Master frame number ↔ scene time, for what OpenLABEL places by frame interval only: actions,
 * events, contexts, their per-frame data, and objects' lifetimes.
 *
 * The time of a master frame is the earliest scene-clock time of the samples in it (each sample's
 * timestamp mapped through its stream's offset and drift, as core/time/clock.ts does). A frame
 * with no sample takes its `frame_properties.timestamp`, else its own number (seconds), which is
 * what the importer does for untimed samples. Frame numbers an interval names but `frames` lacks
 * are interpolated linearly between the nearest listed frames (extrapolated from the two nearest
 * at either end; with one listed frame, one second per frame; with none, the number itself). The exporter maps a time to the master frame nearest in time, and both sides
 * compute frame times the same way, so a time on a frame comes back exactly.
 */
import { jsonPath, type Scene } from '../../schema';
import { sceneTime } from '../../time/clock';
import { parseTimestamp, type ImportedFrames } from './importFrames';
import { isRec, type ImportedSensor } from './importSensors';

type Rec = Record<string, unknown>;

export interface ImportFrameClock {
  /** Scene time of master frame `f`. */
  timeOf(f: number): number;
  /** Frame numbers asked for that `frames` does not list (their times were interpolated). */
  readonly unlisted: Set<number>;
}

/** The importer's frame clock, from the imported samples (with their streams' clocks) and the raw frames. */
export function importFrameClock(ol: Rec, sensors: readonly ImportedSensor[], frames: ImportedFrames): ImportFrameClock {
  const known = new Map<number, number>();
  for (const s of sensors) {
    const list = frames.samples.get(s.sensor.id) ?? [];
    if (!list.length) continue;
    const byId = new Map(list.map((x) => [x.id, x]));
    const t0 = list[0].t;
    for (const [fi, id] of frames.sampleAt.get(s.sensor.id) ?? []) {
      const x = byId.get(id);
      if (!x) continue;
      const t = x.t + s.clock.offset + s.clock.drift * (x.t - t0);
      known.set(fi, Math.min(known.get(fi) ?? Infinity, t));
    }
  }
  const raw = isRec(ol.frames) ? ol.frames : {};
  for (const fi of frames.frameIndices) {
    if (known.has(fi)) continue;
    const f = raw[String(fi)];
    const fp = isRec(f) && isRec(f.frame_properties) ? f.frame_properties : {};
    known.set(fi, fp.timestamp !== undefined ? parseTimestamp(fp.timestamp, jsonPath(['openlabel', 'frames', String(fi), 'frame_properties', 'timestamp'])).t : fi);
  }
  const sorted = [...known.keys()].sort((a, b) => a - b);
  const unlisted = new Set<number>();
  const timeOf = (f: number): number => {
    const hit = known.get(f);
    if (hit !== undefined) return hit;
    unlisted.add(f);
    if (sorted.length === 0) return f;
    if (sorted.length === 1) return known.get(sorted[0])! + (f - sorted[0]);
    // the two listed frames around f, or the two nearest at the end it lies beyond
    let hi = sorted.findIndex((x) => x > f);
    if (hi <= 0) hi = hi === 0 ? 1 : sorted.length - 1;
    const a = sorted[hi - 1];
    const b = sorted[hi];
    const ta = known.get(a)!;
    const tb = known.get(b)!;
    return ta + ((tb - ta) * (f - a)) / (b - a);
  };
  return { timeOf, unlisted };
}

export interface ExportFrameClock {
  /** Master frame numbers with their scene times, ordered by time. */
  readonly frames: readonly { frame: number; t: number }[];
  /** The master frame nearest in time to `t` (ties go to the earlier time, then the lower frame number); undefined when there is none. */
  frameAt(t: number): number | undefined;
}

/** The exporter's frame clock over the master frames buildFrames made (`frameOf`: sensor → sample id → frame). */
export function exportFrameClock(scene: Scene, frameOf: ReadonlyMap<string, ReadonlyMap<string, number>>, extra: ReadonlyMap<number, number> = new Map()): ExportFrameClock {
  const times = new Map<number, number>(extra);
  for (const st of scene.streams) {
    const m = frameOf.get(st.sensor);
    if (!m) continue;
    st.samples.forEach((x, i) => {
      const fi = m.get(x.id);
      if (fi === undefined) return;
      const t = sceneTime(st, i);
      times.set(fi, Math.min(times.get(fi) ?? Infinity, t));
    });
  }
  const frames = [...times].map(([frame, t]) => ({ frame, t })).sort((a, b) => a.t - b.t || a.frame - b.frame);
  const frameAt = (t: number): number | undefined => {
    if (!frames.length) return undefined;
    let lo = 0;
    let hi = frames.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (frames[mid].t < t) lo = mid + 1;
      else hi = mid;
    }
    // lo: the first frame at or after t (or the last); compare with the one before it
    if (lo > 0 && t - frames[lo - 1].t <= frames[lo].t - t) lo--;
    // of several frames at that time, the first
    while (lo > 0 && frames[lo - 1].t === frames[lo].t) lo--;
    return frames[lo].frame;
  };
  return { frames, frameAt };
}
