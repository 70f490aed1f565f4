/**
 * Track commands. An object (ObjectTrack) is the track; its annotations per sample are keyframes
 * (any source but 'interpolated') or interpolated frames computed between two keyframes of the
 * same kind on the same sensor (core/tracks). Every command here is one undo step.
 *
 * - `track/interpolate`: fill the gaps between keyframes of an object (one sensor or all), replacing
 *   its old interpolated annotations (those no longer between two keyframes are removed);
 * - `track/acceptInterpolated`: interpolated → keyframe (source 'manual'), geometry unchanged;
 * - `track/copyToNextFrame`, `track/propagate`: copy an annotation to the next sample / to each
 *   following sample until the object already has a keyframe or a not-visible mark there;
 * - `track/deleteFromHere`: delete the object's annotations at and after a time, on every sensor;
 * - `track/split`: annotations from a time on move to a new object of the same class;
 * - `track/merge`: another object's annotations move to this one when the two never overlap in
 *   time on a sensor; refused otherwise.
 *
 * Edits elsewhere keep interpolation current through `refreshTracksAfterEdit`, which the annotation
 * commands call after changing, deleting or hiding an annotation: a gap between two keyframes that
 * holds interpolated annotations is recomputed (so editing a keyframe moves the frames around it,
 * in the same undo step); a gap the annotator never interpolated is left open. Editing an
 * interpolated annotation makes it a keyframe (annotations.ts sets its source to 'manual').
 * Recomputed interpolated cuboids refresh the 2D boxes stored from them (projected.ts).
 *
 * Split and delete-from-here never change what earlier frames show: where they cut an
 * interpolated stretch, the interpolated annotation on each side of the cut becomes a keyframe.
 */
import { isDraft, original } from 'immer';
import type { Annotation, AnnotationSource, Scene, TimeSegment } from '../schema';
import {
  INTERPOLABLE_KINDS,
  interpolateTrack,
  objectAnnotationsInSample,
  peek,
  sameAnnotation,
  sensorsOfObject,
  streamOf,
  streamTimes,
  trackOf,
  type InterpolableKind,
  type SampleAnnotation,
  type TrackEntry,
} from '../tracks';
import { CommandError, defineCommand } from './command';
import { requireAnnotationAt, requireObject } from './guard';
import { findAnnotations, locateAnnotation, peekField, putAnnotation } from './draftAnnotations';
import { newId } from './ids';
import { removeAnnotation } from './remove';
import { refreshProjectedBoxes } from './projected';

const isInterpolable = (kind: string): kind is InterpolableKind => kind === 'cuboid' || kind === 'box2d';

/** Id prefix of a new annotation of each kind (as the views use). */
const PREFIX: Record<SampleAnnotation['kind'], string> = { cuboid: 'cub', box2d: 'box', polygon: 'poly', mask: 'mask', notVisible: 'nv' };

/** Scene times are compared with this tolerance (seconds). */
const EPS = 1e-9;

// ---------------------------------------------------------------------------------------------
// Keeping interpolated annotations in step with their keyframes

interface SyncOptions {
  kinds?: readonly InterpolableKind[];
  gaps: 'all' | 'interpolated';
  range?: { from: number; to: number };
}

/** Store the interpolated annotations the track should have and remove the others; unchanged records are not rewritten. */
function syncTrack(draft: Scene, object: string, sensor: string, opts: SyncOptions): void {
  const track = trackOf(draft, object, sensor, opts.range);
  const kinds: readonly string[] = opts.kinds ?? INTERPOLABLE_KINDS;
  const want = interpolateTrack(track, { kinds: opts.kinds, gaps: opts.gaps });
  const have = new Map<string, SampleAnnotation>();
  for (const e of track.entries) if (!e.keyframe && kinds.includes(e.annotation.kind)) have.set(e.annotation.id, e.annotation);
  const keep = new Set(want.map((a) => a.id));
  for (const id of have.keys()) if (!keep.has(id)) removeAnnotation(draft, id);
  const fresh = want.filter((a) => !have.has(a.id));
  const taken = fresh.length > 64 ? allIds(draft) : undefined; // many new ids: one scan; few: a lookup each
  const moved = new Set<string>();
  for (let a of want) {
    const old = have.get(a.id);
    if (old) {
      if (sameAnnotation(old, a)) continue;
      draft.annotations[a.sample][a.id] = a;
    } else {
      if (taken ? taken.has(a.id) : locateAnnotation(draft, a.id) !== undefined) a = { ...a, id: newId(PREFIX[a.kind]) };
      taken?.add(a.id);
      putAnnotation(draft, a);
    }
    if (a.kind === 'cuboid') moved.add(a.id);
  }
  refreshDerivedBoxes(draft, moved);
}

function allIds(draft: Scene): Set<string> {
  const out = new Set<string>();
  const parts = peekField(draft, 'annotations');
  for (const k of Object.keys(parts)) {
    const p = peek<Record<string, Annotation>>(parts, k);
    if (p) for (const id of Object.keys(p)) out.add(id);
  }
  return out;
}

/**
 * The cuboids that 2D boxes were stored from (box2d.fromCuboid), per frozen partition and per frozen
 * `annotations` record. Partitions are shared between document states, so after a drag step only
 * the partitions it changed are rescanned.
 */
const derivedCache = new WeakMap<object, ReadonlySet<string>>();

function derivedIn(p: Readonly<Record<string, Annotation>>): ReadonlySet<string> {
  const cached = derivedCache.get(p);
  if (cached) return cached;
  const out = new Set<string>();
  for (const a of Object.values(p)) if (a.kind === 'box2d' && a.fromCuboid !== undefined) out.add(a.fromCuboid);
  if (Object.isFrozen(p)) derivedCache.set(p, out);
  return out;
}

/**
 * Cuboids with stored 2D boxes, read from the document as it was when the command started (the
 * draft's original): a box linked to a cuboid earlier in the same command is not seen (no command
 * links a box and then moves interpolated cuboids in one step).
 */
function derivedCuboids(draft: Scene): ReadonlySet<string> {
  const parts = peekField(draft, 'annotations');
  const base = (isDraft(parts) ? original(parts) : parts) as Scene['annotations'];
  const cached = derivedCache.get(base);
  if (cached) return cached;
  const out = new Set<string>();
  for (const p of Object.values(base)) for (const c of derivedIn(p)) out.add(c);
  if (Object.isFrozen(base)) derivedCache.set(base, out);
  return out;
}

/** Refresh the 2D boxes stored from these (recomputed) cuboids. */
function refreshDerivedBoxes(draft: Scene, cuboids: ReadonlySet<string>): void {
  if (!cuboids.size) return;
  const derived = derivedCuboids(draft);
  for (const id of cuboids) if (derived.has(id)) refreshProjectedBoxes.run(draft, { cuboid: id });
}

/** Where an annotation sits on a track (undefined for annotations not bound to a sample). */
export interface TrackPlace {
  object: string;
  sensor: string;
  sample: string;
  kind: SampleAnnotation['kind'];
  source: AnnotationSource;
}

export const trackPlaceOf = (a: Annotation): TrackPlace | undefined =>
  'sample' in a ? { object: a.object, sensor: a.sensor, sample: a.sample, kind: a.kind, source: a.source } : undefined;

/**
 * The post-step of commands that edit annotations (see the module comment): `before` is where the
 * annotation was (undefined: it is new), `after` where it is now (undefined: it was removed).
 * Removing an interpolated annotation recomputes nothing (the annotator made a hole on purpose;
 * a lasting one is a not-visible mark). Cheap when no interpolation is near the edit: it looks at
 * the neighbouring samples only (skipping not-visible marks).
 */
export function refreshTracksAfterEdit(draft: Scene, before: TrackPlace | undefined, after: TrackPlace | undefined): void {
  if (!after && before?.source === 'interpolated') return;
  const kinds = new Set<InterpolableKind>();
  for (const p of [before, after]) {
    if (!p) continue;
    if (p.kind === 'notVisible') INTERPOLABLE_KINDS.forEach((k) => kinds.add(k));
    else if (isInterpolable(p.kind)) kinds.add(p.kind);
  }
  if (!kinds.size) return;
  const places = [before, after].filter((p): p is TrackPlace => p !== undefined);
  if (places.length === 2 && places[0].object === places[1].object && places[0].sensor === places[1].sensor && places[0].sample === places[1].sample) places.pop();
  for (const p of places) refreshAround(draft, p.object, p.sensor, p.sample, [...kinds]);
}

/** Recompute the interpolated gaps next to sample `sample` of `sensor`, if either neighbour is interpolated. */
function refreshAround(draft: Scene, object: string, sensor: string, sample: string, kinds: readonly InterpolableKind[]): void {
  const stream = streamOf(draft, sensor);
  if (!stream) return;
  const samples = stream.samples, n = samples.length;
  const i = samples.findIndex((s) => s.id === sample);
  if (i < 0) return;
  const at = (j: number) => objectAnnotationsInSample(draft, samples[j].id, object, sensor);
  const hasKey = (list: SampleAnnotation[], kind: string) => list.some((a) => a.kind === kind && a.source !== 'interpolated');
  const hasInterp = (list: SampleAnnotation[], kind: string) => list.some((a) => a.kind === kind && a.source === 'interpolated');
  for (const kind of kinds) {
    /** The nearest sample in direction `d` that is not only a not-visible mark holds an interpolated `kind`. */
    const near = (d: 1 | -1): boolean => {
      for (let j = i + d; j >= 0 && j < n; j += d) {
        const list = at(j);
        if (hasInterp(list, kind)) return true;
        if (!(list.length && list.every((a) => a.kind === 'notVisible'))) return false;
      }
      return false;
    };
    if (!near(-1) && !near(1)) continue;
    let lo = i - 1;
    while (lo > 0 && !hasKey(at(lo), kind)) lo--;
    let hi = i + 1;
    while (hi < n - 1 && !hasKey(at(hi), kind)) hi++;
    syncTrack(draft, object, sensor, { kinds: [kind], gaps: 'interpolated', range: { from: Math.max(0, lo), to: Math.min(n - 1, hi) } });
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

function requireSensor(draft: Scene, sensor: string): void {
  if (!peekField(draft, 'sensors').some((s) => s.id === sensor)) throw new CommandError(`sensor "${sensor}" does not exist`);
}

function requireFinite(t: number, what: string): void {
  if (typeof t !== 'number' || !Number.isFinite(t)) throw new CommandError(`${what} must be a finite number of seconds, got ${JSON.stringify(t)}`);
}

/** The sample-bound annotation `id` of the draft as a plain copy, with its stream position. */
function requireSampleAnnotation(draft: Scene, id: string): { a: SampleAnnotation; index: number; sampleIds: string[] } {
  const { annotation } = requireAnnotationAt(draft, id);
  if (!('sample' in annotation)) throw new CommandError(`annotation "${id}" is a ${annotation.kind}, which does not live in a sensor sample`);
  const a = JSON.parse(JSON.stringify(annotation)) as SampleAnnotation;
  const stream = streamOf(draft, a.sensor);
  const sampleIds = stream ? stream.samples.map((s) => s.id) : [];
  const index = sampleIds.indexOf(a.sample);
  if (index < 0) throw new CommandError(`annotation "${id}": sample "${a.sample}" is not in the stream of sensor "${a.sensor}"`);
  return { a, index, sampleIds };
}

/** A keyframe copy of `a` in `sample`: fresh id, source 'manual', no model score, no projection link. */
function copyTo(a: SampleAnnotation, sample: string, id: string): SampleAnnotation {
  const c = { ...JSON.parse(JSON.stringify(a)), id, sample, source: 'manual' } as SampleAnnotation & Record<string, unknown>;
  delete c.score;
  delete c.fromCuboid;
  delete c.projected;
  return c;
}

/**
 * Whether `object` may receive a copy of kind `kind` in `sample`: false when it already has a
 * keyframe of that kind there or a not-visible mark (a copy of a not-visible mark: any annotation).
 * Returns the interpolated annotation the copy replaces, if any.
 */
function copyTarget(draft: Scene, object: string, sensor: string, sample: string, kind: SampleAnnotation['kind']): { ok: boolean; replaces?: SampleAnnotation; reason?: string } {
  const there = objectAnnotationsInSample(draft, sample, object, sensor);
  for (const x of there) {
    if (x.kind === 'notVisible') return { ok: false, reason: `is marked not visible in sample "${sample}"` };
    if (kind === 'notVisible') return { ok: false, reason: `already has a ${x.kind} in sample "${sample}"` };
    if (x.kind === kind && x.source !== 'interpolated') return { ok: false, reason: `already has a ${kind} in sample "${sample}"` };
  }
  return { ok: true, replaces: there.find((x) => x.kind === kind && x.source === 'interpolated') };
}

/** Index of the first sample at or after scene time `t` (n when none). */
function firstAtOrAfter(times: Float64Array, t: number): number {
  let lo = 0, hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] >= t - EPS) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The object's sample-bound annotations per sensor, split at scene time `t`. */
function cutAt(draft: Scene, object: string, t: number): { sensor: string; before: TrackEntry[]; after: TrackEntry[] }[] {
  return sensorsOfObject(draft, object).map((sensor) => {
    const tr = trackOf(draft, object, sensor);
    const from = tr.stream ? firstAtOrAfter(streamTimes(tr.stream), t) : 0;
    return { sensor, before: tr.entries.filter((e) => e.index < from), after: tr.entries.filter((e) => e.index >= from) };
  });
}

/** Make an interpolated annotation a keyframe (source 'manual'). */
function promote(draft: Scene, a: SampleAnnotation): void {
  const rec = draft.annotations[a.sample][a.id];
  rec.source = 'manual';
}

/** On each side of a cut, the interpolated annotation nearest to it (per kind) becomes a keyframe, so no frame changes. */
function promoteAtCut(draft: Scene, before: TrackEntry[], after: TrackEntry[]): void {
  for (const kind of INTERPOLABLE_KINDS) {
    const last = before.filter((e) => e.annotation.kind === kind).pop();
    if (last && !last.keyframe) promote(draft, last.annotation);
    const first = after.find((e) => e.annotation.kind === kind);
    if (first && !first.keyframe) promote(draft, first.annotation);
  }
}

const segmentsOf = (draft: Scene, object: string) => findAnnotations(draft, (a): a is TimeSegment => a.kind === 'timeSegment' && a.object === object);

// ---------------------------------------------------------------------------------------------
// Commands

export interface InterpolateObjectArgs {
  object: string;
  /** Omitted: every sensor the object is annotated on. */
  sensor?: string;
}

export const interpolateObject = defineCommand<InterpolateObjectArgs>({
  type: 'track/interpolate',
  label: 'Interpolate track',
  run(draft, { object, sensor }) {
    requireObject(draft, object);
    if (sensor !== undefined) requireSensor(draft, sensor);
    const sensors = sensor !== undefined ? [sensor] : sensorsOfObject(draft, object);
    let pairs = 0;
    for (const s of sensors) {
      const tr = trackOf(draft, object, s);
      for (const kind of INTERPOLABLE_KINDS) if (tr.entries.filter((e) => e.keyframe && e.annotation.kind === kind).length >= 2) pairs++;
      syncTrack(draft, object, s, { gaps: 'all' });
    }
    if (!pairs)
      throw new CommandError(`object "${object}" has no two keyframes of one kind (cuboid or box) to interpolate between${sensor !== undefined ? ` on sensor "${sensor}"` : ''}`);
  },
});

export type AcceptInterpolatedArgs = { id: string } | { object: string; sensor?: string };

/** Turn interpolated annotations into keyframes: one by id, or all of an object (on one sensor or every one). */
export const acceptInterpolated = defineCommand<AcceptInterpolatedArgs>({
  type: 'track/acceptInterpolated',
  label: 'Accept interpolated',
  run(draft, args) {
    if ('id' in args) {
      const { annotation, partition } = requireAnnotationAt(draft, args.id);
      if (annotation.source !== 'interpolated') throw new CommandError(`annotation "${args.id}" is not interpolated (source "${annotation.source}")`);
      draft.annotations[partition][args.id].source = 'manual';
      return;
    }
    requireObject(draft, args.object);
    if (args.sensor !== undefined) requireSensor(draft, args.sensor);
    const found = findAnnotations(draft, (a) => a.object === args.object && a.source === 'interpolated' && (args.sensor === undefined || ('sensor' in a && a.sensor === args.sensor)));
    if (!found.length) throw new CommandError(`object "${args.object}" has no interpolated annotations${args.sensor !== undefined ? ` on sensor "${args.sensor}"` : ''}`);
    for (const { partition, annotation } of found) draft.annotations[partition][annotation.id].source = 'manual';
  },
});

export interface CopyToNextFrameArgs {
  /** The annotation to copy (a cuboid, box, polygon, mask or not-visible mark). */
  id: string;
  /** Id of the copy; omitted: a fresh one. */
  newId?: string;
}

/** Copy an annotation to the next sample of its sensor as a keyframe (replacing an interpolated one there). */
export const copyToNextFrame = defineCommand<CopyToNextFrameArgs>({
  type: 'track/copyToNextFrame',
  label: 'Copy to next frame',
  run(draft, { id, newId: copyId }) {
    const { a, index, sampleIds } = requireSampleAnnotation(draft, id);
    if (index + 1 >= sampleIds.length) throw new CommandError(`annotation "${id}" is in the last sample of sensor "${a.sensor}"; there is no next frame`);
    const sample = sampleIds[index + 1];
    const target = copyTarget(draft, a.object, a.sensor, sample, a.kind);
    if (!target.ok) throw new CommandError(`cannot copy annotation "${id}" to the next frame: object "${a.object}" ${target.reason}`);
    const cid = copyId ?? newId(PREFIX[a.kind]);
    if (locateAnnotation(draft, cid) !== undefined) throw new CommandError(`annotation "${cid}" already exists`);
    if (target.replaces) removeAnnotation(draft, target.replaces.id);
    const c = copyTo(a, sample, cid);
    putAnnotation(draft, c);
    refreshTracksAfterEdit(draft, undefined, trackPlaceOf(c));
  },
});

/** Copy an annotation forward to each following sample until the object already has a keyframe of that kind or a not-visible mark there, or the stream ends. */
export const propagateUntilChanged = defineCommand<{ id: string }>({
  type: 'track/propagate',
  label: 'Propagate until changed',
  run(draft, { id }) {
    const { a, index, sampleIds } = requireSampleAnnotation(draft, id);
    let last: SampleAnnotation | undefined;
    let stop = '';
    for (let j = index + 1; j < sampleIds.length; j++) {
      const target = copyTarget(draft, a.object, a.sensor, sampleIds[j], a.kind);
      if (!target.ok) {
        stop = `object "${a.object}" ${target.reason}`;
        break;
      }
      if (target.replaces) removeAnnotation(draft, target.replaces.id);
      last = copyTo(a, sampleIds[j], newId(PREFIX[a.kind]));
      putAnnotation(draft, last);
    }
    if (!last) throw new CommandError(`nothing to propagate annotation "${id}" to: ${stop || `it is in the last sample of sensor "${a.sensor}"`}`);
    refreshTracksAfterEdit(draft, undefined, trackPlaceOf(last));
  },
});

/** Delete the object's annotations at and after scene time `t` (seconds) on every sensor; time segments crossing `t` end there. */
export const deleteFromHere = defineCommand<{ object: string; t: number }>({
  type: 'track/deleteFromHere',
  label: 'Delete from here on',
  run(draft, { object, t }) {
    requireObject(draft, object);
    requireFinite(t, 'the time');
    let n = 0;
    for (const { before, after } of cutAt(draft, object, t)) {
      promoteAtCut(draft, before, []);
      for (const e of after) {
        removeAnnotation(draft, e.annotation.id);
        n++;
      }
    }
    for (const { partition, annotation: s } of segmentsOf(draft, object)) {
      if (s.start >= t - EPS) {
        removeAnnotation(draft, s.id);
        n++;
      } else if (s.end > t) {
        (draft.annotations[partition][s.id] as TimeSegment).end = t;
        n++;
      }
    }
    const o = draft.objects[object];
    if (o.intervals) {
      const kept = o.intervals.filter((iv) => iv.start < t - EPS).map((iv) => ({ start: iv.start, end: Math.min(iv.end, t) }));
      if (kept.length !== o.intervals.length || kept.some((iv, k) => iv.end !== o.intervals![k].end)) o.intervals = kept;
    }
    if (!n) throw new CommandError(`object "${object}" has no annotations at or after ${t} s`);
  },
});

export interface SplitTrackArgs {
  object: string;
  /** Scene time, seconds: annotations at and after it move to the new object. */
  t: number;
  /** Id of the new object; omitted: a fresh one. */
  newObject?: string;
  /** Name of the new object; omitted: the old name + " (split)". */
  name?: string;
}

/** Split a track at time `t`: what is at or after `t` becomes a new object with the same class and attributes. */
export const splitTrack = defineCommand<SplitTrackArgs>({
  type: 'track/split',
  label: 'Split track',
  run(draft, { object, t, newObject, name }) {
    const o = requireObject(draft, object);
    requireFinite(t, 'the split time');
    const id = newObject ?? newId('obj');
    if (draft.objects[id]) throw new CommandError(`object "${id}" already exists`);
    const cuts = cutAt(draft, object, t);
    const segs = segmentsOf(draft, object);
    const anyBefore = cuts.some((c) => c.before.length) || segs.some((s) => s.annotation.start < t - EPS);
    const anyAfter = cuts.some((c) => c.after.length) || segs.some((s) => s.annotation.end > t + EPS);
    if (!anyAfter) throw new CommandError(`object "${object}" has no annotations at or after ${t} s; nothing to split off`);
    if (!anyBefore) throw new CommandError(`object "${object}" has no annotations before ${t} s; splitting there would leave it empty`);
    const newName = name ?? (o.name !== undefined ? `${o.name} (split)` : undefined);
    draft.objects[id] = { id, classId: o.classId, ...(newName !== undefined ? { name: newName } : {}), attributes: { ...o.attributes } };
    const movedCuboids = new Set<string>();
    for (const { before, after } of cuts) {
      promoteAtCut(draft, before, after);
      for (const e of after) {
        draft.annotations[e.sample][e.annotation.id].object = id;
        if (e.annotation.kind === 'cuboid') movedCuboids.add(e.annotation.id);
      }
    }
    for (const { partition, annotation: s } of segs) {
      if (s.start >= t - EPS) draft.annotations[partition][s.id].object = id;
      else if (s.end > t + EPS) {
        (draft.annotations[partition][s.id] as TimeSegment).end = t;
        const rest: TimeSegment = { ...(JSON.parse(JSON.stringify(s)) as TimeSegment), id: newId('seg'), object: id, start: t };
        putAnnotation(draft, rest);
      }
    }
    if (o.intervals) {
      const draftObj = draft.objects[object];
      const mine = o.intervals.filter((iv) => iv.start < t - EPS).map((iv) => ({ start: iv.start, end: Math.min(iv.end, t) }));
      const theirs = o.intervals.filter((iv) => iv.end > t + EPS).map((iv) => ({ start: Math.max(iv.start, t), end: iv.end }));
      draftObj.intervals = mine;
      if (theirs.length) draft.objects[id].intervals = theirs;
    }
    // 2D boxes stored from a cuboid follow the cuboid to its object
    if (movedCuboids.size)
      for (const { partition, annotation } of findAnnotations(draft, (a) => a.kind === 'box2d' && a.fromCuboid !== undefined && movedCuboids.has(a.fromCuboid) && a.object === object))
        draft.annotations[partition][annotation.id].object = id;
  },
});

/** The time span of an object's annotations per sensor (sample times; segments by start/end). */
function spansBySensor(draft: Scene, object: string): Map<string, { start: number; end: number }> {
  const out = new Map<string, { start: number; end: number }>();
  const widen = (sensor: string, start: number, end: number) => {
    const s = out.get(sensor);
    if (!s) out.set(sensor, { start, end });
    else {
      s.start = Math.min(s.start, start);
      s.end = Math.max(s.end, end);
    }
  };
  for (const sensor of sensorsOfObject(draft, object)) for (const e of trackOf(draft, object, sensor).entries) widen(sensor, e.t, e.t);
  for (const { annotation: s } of segmentsOf(draft, object)) widen(s.sensor, s.start, s.end);
  return out;
}

/**
 * Merge track `from` into `into`: every annotation of `from` moves to `into` and `from` is deleted.
 * Refused when the classes differ, or when on some sensor the two tracks' time spans overlap
 * (they would claim the same stretch of time twice). `into` keeps its own name and attributes.
 */
export const mergeTracks = defineCommand<{ into: string; from: string }>({
  type: 'track/merge',
  label: 'Merge tracks',
  run(draft, { into, from }) {
    const a = requireObject(draft, into), b = requireObject(draft, from);
    if (into === from) throw new CommandError(`cannot merge object "${into}" into itself`);
    if (a.classId !== b.classId) throw new CommandError(`cannot merge object "${from}" (${b.classId}) into "${into}" (${a.classId}): the classes differ; change one first`);
    const sa = spansBySensor(draft, into), sb = spansBySensor(draft, from);
    for (const [sensor, x] of sb) {
      const y = sa.get(sensor);
      if (y && Math.max(x.start, y.start) <= Math.min(x.end, y.end) + EPS)
        throw new CommandError(
          `cannot merge object "${from}" into "${into}": both are annotated on sensor "${sensor}" between ${Math.max(x.start, y.start)} s and ${Math.min(x.end, y.end)} s; delete or split the overlap first`,
        );
    }
    for (const { partition, annotation } of findAnnotations(draft, (x) => x.object === from)) draft.annotations[partition][annotation.id].object = into;
    if (b.intervals?.length) {
      const target = draft.objects[into];
      target.intervals = [...(target.intervals ?? []), ...b.intervals.map((iv) => ({ ...iv }))].sort((p, q) => p.start - q.start);
    }
    for (const l of Object.values(draft.timeLabels)) {
      if (!l.objects.includes(from)) continue;
      l.objects = [...new Set(l.objects.map((o) => (o === from ? into : o)))];
    }
    delete draft.objects[from];
  },
});
