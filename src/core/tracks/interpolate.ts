/**
 * Interpolating a track between its keyframes. For each interpolable kind (cuboid, 2D box) the
 * keyframes of that kind are taken in time order; every sample strictly between two consecutive
 * keyframes gets an interpolated annotation, by the samples' scene times (irregular sampling is
 * respected), except samples where the object is marked not visible on that sensor. Nothing is
 * extrapolated before the first or after the last keyframe.
 *
 * Cuboids: centre and size linear, rotation slerp on the short path. Boxes: the four edges linear.
 * The interpolated annotation copies the earlier keyframe's per-frame attributes; its source is
 * 'interpolated'. Ids are stable: the existing interpolated annotation's at that sample, else
 * `interpolatedId(...)`, so recomputing after an edit replaces records in place.
 */
import type { Annotation, Box2D, Cuboid } from '../schema';
import { sceneTime } from '../time';
import { lerp, lerpVec3, slerp, weightAt } from './lerp';
import { INTERPOLABLE_KINDS, type InterpolableKind, type SampleAnnotation, type Track, type TrackEntry } from './track';

/** Geometry of a cuboid `u` of the way from `a` to `b`. */
export function interpolateCuboid(a: Pick<Cuboid, 'center' | 'size' | 'rotation'>, b: Pick<Cuboid, 'center' | 'size' | 'rotation'>, u: number): Pick<Cuboid, 'center' | 'size' | 'rotation'> {
  return {
    center: lerpVec3(a.center, b.center, u),
    size: { l: lerp(a.size.l, b.size.l, u), w: lerp(a.size.w, b.size.w, u), h: lerp(a.size.h, b.size.h, u) },
    rotation: slerp(a.rotation, b.rotation, u),
  };
}

type Rect = { x0: number; y0: number; x1: number; y1: number };

/** A box `u` of the way from `a` to `b` (each edge linear). */
export function interpolateBox(a: Rect, b: Rect, u: number): Rect {
  return { x0: lerp(a.x0, b.x0, u), y0: lerp(a.y0, b.y0, u), x1: lerp(a.x1, b.x1, u), y1: lerp(a.y1, b.y1, u) };
}

/** The default id of an interpolated annotation (see the module comment); commands fall back to a random id if it is taken. */
export const interpolatedId = (object: string, sensor: string, sample: string, kind: InterpolableKind): string =>
  `ip_${kind === 'cuboid' ? 'c' : 'b'}_${object}_${sensor}_${sample}`;

export interface InterpolateOptions {
  /** Kinds to interpolate (default both). */
  kinds?: readonly InterpolableKind[];
  /**
   * 'all' (default): fill every gap between consecutive keyframes. 'interpolated': only the gaps
   * that hold an interpolated annotation now, i.e. recompute what was interpolated before without
   * filling gaps the annotator left open (used after an edit).
   */
  gaps?: 'all' | 'interpolated';
}

const copyAttributes = (a: SampleAnnotation): { attributes?: Record<string, string | number | boolean> } =>
  a.attributes && Object.keys(a.attributes).length ? { attributes: { ...a.attributes } } : {};

/** The interpolated annotation at entry position `(index, sample, t)` between keyframes `a` and `b` of one kind. */
function between(track: Track, a: TrackEntry, b: TrackEntry, index: number, sample: string, t: number, id: string): Cuboid | Box2D {
  const u = weightAt(a.t, b.t, t, a.index, b.index, index);
  const base = { id, object: track.object, sensor: track.sensor, sample, source: 'interpolated' as const, ...copyAttributes(a.annotation) };
  const ka = a.annotation, kb = b.annotation;
  if (ka.kind === 'cuboid' && kb.kind === 'cuboid') return { ...base, kind: 'cuboid', ...interpolateCuboid(ka, kb, u) };
  if (ka.kind === 'box2d' && kb.kind === 'box2d') return { ...base, kind: 'box2d', ...interpolateBox(ka, kb, u) };
  throw new Error(`interpolate: keyframes "${ka.id}" (${ka.kind}) and "${kb.id}" (${kb.kind}) differ in kind`);
}

/**
 * The interpolated annotations `track` should have now (see the module comment), in stream order.
 * Pure: the caller stores them and removes the track's interpolated annotations not in the result.
 */
export function interpolateTrack(track: Track, opts: InterpolateOptions = {}): (Cuboid | Box2D)[] {
  const stream = track.stream;
  if (!stream) return [];
  const mode = opts.gaps ?? 'all';
  const blocked = new Set<number>(); // samples where the object is marked not visible on this sensor
  for (const e of track.entries) if (e.annotation.kind === 'notVisible') blocked.add(e.index);
  const out: (Cuboid | Box2D)[] = [];
  for (const kind of opts.kinds ?? INTERPOLABLE_KINDS) {
    const keys: TrackEntry[] = [];
    const existing = new Map<number, string>(); // sample index → id of the interpolated annotation there
    for (const e of track.entries) {
      if (e.annotation.kind !== kind) continue;
      if (e.keyframe) keys.push(e);
      else existing.set(e.index, e.annotation.id);
    }
    for (let k = 0; k + 1 < keys.length; k++) {
      const a = keys[k], b = keys[k + 1];
      if (b.index - a.index < 2) continue;
      if (mode === 'interpolated') {
        let any = false;
        for (let i = a.index + 1; i < b.index && !any; i++) any = existing.has(i);
        if (!any) continue;
      }
      for (let i = a.index + 1; i < b.index; i++) {
        if (blocked.has(i)) continue;
        const id = stream.samples[i].id;
        out.push(between(track, a, b, i, id, sceneTime(stream, i), existing.get(i) ?? interpolatedId(track.object, track.sensor, id, kind)));
      }
    }
  }
  return out;
}

/** True when two annotations have the same content (used to skip rewriting an unchanged interpolated record). */
export function sameAnnotation(a: Annotation, b: Annotation): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(canonical);
  const o = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o).sort()) if (o[k] !== undefined) out[k] = canonical(o[k]);
  return out;
}
