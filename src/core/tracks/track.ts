/**
 * An object's track on one sensor: its sample-bound annotations (cuboid, box2d, polygon, mask,
 * notVisible) on that sensor's stream in time order, each flagged keyframe or interpolated, and the
 * gaps (samples with none of them) between the first and the last.
 *
 * The readers here go through property descriptors (`peek`), never plain property reads, so they
 * can run on an immer draft inside a command without drafting every partition and sample they
 * visit (immer answers a descriptor read with the current value); on a plain scene they are
 * ordinary reads.
 */
import type { Annotation, Scene, Stream } from '../schema';
import { sceneTime } from '../time';

/** An annotation that lives in one sample of one sensor. */
export type SampleAnnotation = Extract<Annotation, { sample: string }>;
/** Annotation kinds interpolated between keyframes. */
export type InterpolableKind = 'cuboid' | 'box2d';
export const INTERPOLABLE_KINDS: readonly InterpolableKind[] = ['cuboid', 'box2d'];

export interface TrackEntry {
  /** Index of the sample in the sensor's stream. */
  index: number;
  sample: string;
  /** Scene time of the sample, seconds. */
  t: number;
  annotation: SampleAnnotation;
  /** False for `source: 'interpolated'`; every other source is a keyframe. */
  keyframe: boolean;
}

/** Samples [from, to] (stream indices, inclusive) where the object has no annotation on the sensor, between two that have one. */
export interface TrackGap {
  from: number;
  to: number;
  /** Scene times of the first and last missing sample. */
  start: number;
  end: number;
}

export interface Track {
  object: string;
  sensor: string;
  /** The sensor's stream; undefined when the sensor has none (then the track is empty). */
  stream: Stream | undefined;
  /** In stream order; a sample may hold several (a box and a cuboid on a camera). */
  entries: TrackEntry[];
  gaps: TrackGap[];
}

/** What the track readers need of a scene (a plain scene or an immer draft of one). */
export type TrackSource = Pick<Scene, 'annotations' | 'streams'>;

/** `obj[key]` as it is now, read through its property descriptor (no immer child draft). */
export function peek<T>(obj: object, key: string): T | undefined {
  return Object.getOwnPropertyDescriptor(obj, key)?.value as T | undefined;
}

/** The stream of `sensor` (read without drafting). */
export function streamOf(scene: TrackSource, sensor: string): Stream | undefined {
  const streams = peek<Stream[]>(scene, 'streams') ?? [];
  for (let i = 0; i < streams.length; i++) {
    const st = peek<Stream>(streams, String(i));
    if (st && st.sensor === sensor) return st;
  }
  return undefined;
}

/** Scene times of every sample of `stream`, in order. */
export function streamTimes(stream: Stream): Float64Array {
  const n = stream.samples.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = sceneTime(stream, i);
  return out;
}

/** The annotations of `object` on `sensor` filed in partition `sample` (read without drafting). */
export function objectAnnotationsInSample(scene: TrackSource, sample: string, object: string, sensor: string): SampleAnnotation[] {
  const parts = peek<Record<string, Record<string, Annotation>>>(scene, 'annotations');
  const p = parts && peek<Record<string, Annotation>>(parts, sample);
  if (!p) return [];
  const out: SampleAnnotation[] = [];
  for (const id of Object.keys(p)) {
    const a = peek<Annotation>(p, id);
    if (a && a.object === object && 'sample' in a && a.sample === sample && a.sensor === sensor) out.push(a);
  }
  return out;
}

/**
 * The track of `object` on `sensor` (see the module comment). `range` (stream indices, inclusive)
 * limits the scan to part of the stream; entries and gaps outside it are left out.
 */
export function trackOf(scene: TrackSource, object: string, sensor: string, range?: { from: number; to: number }): Track {
  const stream = streamOf(scene, sensor);
  const entries: TrackEntry[] = [];
  const gaps: TrackGap[] = [];
  if (!stream) return { object, sensor, stream, entries, gaps };
  const samples = stream.samples;
  let last = -1;
  const from = Math.max(0, range?.from ?? 0), to = Math.min(samples.length - 1, range?.to ?? samples.length - 1);
  for (let i = from; i <= to; i++) {
    const found = objectAnnotationsInSample(scene, samples[i].id, object, sensor);
    if (!found.length) continue;
    const t = sceneTime(stream, i);
    if (last >= 0 && i > last + 1) gaps.push({ from: last + 1, to: i - 1, start: sceneTime(stream, last + 1), end: sceneTime(stream, i - 1) });
    for (const a of found) entries.push({ index: i, sample: samples[i].id, t, annotation: a, keyframe: a.source !== 'interpolated' });
    last = i;
  }
  return { object, sensor, stream, entries, gaps };
}

/** Sensors on which `object` has sample-bound annotations (scans every partition; read without drafting). */
export function sensorsOfObject(scene: TrackSource, object: string): string[] {
  const parts = peek<Record<string, Record<string, Annotation>>>(scene, 'annotations') ?? {};
  const out = new Set<string>();
  for (const k of Object.keys(parts)) {
    const p = peek<Record<string, Annotation>>(parts, k);
    if (!p) continue;
    for (const id of Object.keys(p)) {
      const a = peek<Annotation>(p, id);
      if (a && a.object === object && 'sample' in a) out.add(a.sensor);
    }
  }
  return [...out];
}
