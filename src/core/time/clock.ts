/**
 * One clock. Every stream's samples carry `t` in scene seconds; a stream's measured `offset`
 * (s) and `drift` (s/s) map a sample's own timestamp onto the scene clock:
 *   t_scene = t + offset + drift * (t - t0)   where t0 is the stream's first sample time.
 * All lookups are binary searches over the sorted samples: O(log n), no allocation.
 */
import type { Sample, Scene, Stream } from '../schema';

/** Scene-clock time of sample i of a stream. */
export function sceneTime(stream: Stream, i: number): number {
  const s = stream.samples;
  const t = s[i].t;
  return t + stream.offset + stream.drift * (t - s[0].t);
}

/** Index of the last sample at or before scene time `t`, or -1 when `t` precedes the first. */
export function indexAtOrBefore(stream: Stream, t: number): number {
  let lo = 0;
  let hi = stream.samples.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sceneTime(stream, mid) <= t + 1e-9) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

/** The sample shown at scene time `t`: the last at or before it, else the first (before the start). */
export function sampleAt(stream: Stream, t: number): Sample | undefined {
  if (stream.samples.length === 0) return undefined;
  const i = indexAtOrBefore(stream, t);
  return stream.samples[Math.max(0, i)];
}

/** Index of the sample nearest to scene time `t` (ties go to the earlier one). */
export function nearestIndex(stream: Stream, t: number): number {
  const n = stream.samples.length;
  if (n === 0) return -1;
  const i = indexAtOrBefore(stream, t);
  if (i < 0) return 0;
  if (i >= n - 1) return n - 1;
  return t - sceneTime(stream, i) <= sceneTime(stream, i + 1) - t ? i : i + 1;
}

export const streamOfSensor = (scene: Scene, sensorId: string): Stream | undefined => scene.streams.find((s) => s.sensor === sensorId);

/** The scene's time span over all streams, in scene seconds. */
export function sceneTimeRange(scene: Scene): { start: number; end: number } {
  let start = Infinity;
  let end = -Infinity;
  for (const st of scene.streams) {
    const n = st.samples.length;
    if (!n) continue;
    start = Math.min(start, sceneTime(st, 0));
    end = Math.max(end, sceneTime(st, n - 1) + (st.samples[n - 1].duration ?? 0));
  }
  return Number.isFinite(start) ? { start, end } : { start: 0, end: 0 };
}

/** Sorted, de-duplicated scene times of every sample of every stream: the snap points of the scrubber. */
export function allSampleTimes(scene: Scene): number[] {
  const ts: number[] = [];
  for (const st of scene.streams) for (let i = 0; i < st.samples.length; i++) ts.push(sceneTime(st, i));
  ts.sort((a, b) => a - b);
  return ts.filter((t, i) => i === 0 || t - ts[i - 1] > 1e-9);
}

/** Find a sample by id across the scene's streams. */
export function findSample(scene: Scene, sensorId: string, sampleId: string): { stream: Stream; index: number; sample: Sample } | undefined {
  const stream = streamOfSensor(scene, sensorId);
  if (!stream) return undefined;
  const index = stream.samples.findIndex((s) => s.id === sampleId);
  return index < 0 ? undefined : { stream, index, sample: stream.samples[index] };
}
