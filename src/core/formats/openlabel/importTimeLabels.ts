/**
 * OpenLABEL `actions`, `events` and `contexts` → Scene.timeLabels, relations between them and
 * objects → each label's `objects` (and `roles`), and objects' own `frame_intervals` → their
 * lifetime (ObjectTrack.intervals) where the frames with geometry do not already say it.
 *
 * - Element `frame_intervals` → intervals on the scene clock (frameClock.ts); none: the whole scene.
 *   Overlapping frame intervals are merged. An event interval longer than one frame is kept, with a warning.
 * - Element `<kind>_data` text/num/boolean → attributes; in frames, `frames[f].<kinds>[uid].<kind>_data`
 *   → frameAttributes keyed by the frame's scene time (String(t)). `vec` data has no scalar form: counted, not imported.
 * - A relation whose subjects are objects and whose objects are one or more actions/events/contexts
 *   (VCD's `isSubjectOfAction`, `isObjectOfAction`, `isSubjectOfEvent`…) links them; its predicate is
 *   kept as the object's role unless it is the kind's default (DEFAULT_PREDICATE). The reverse direction
 *   (label as subject) links them too, without the predicate. Other relations are counted, not imported.
 * - Contexts of type `crosslabel:document` are text documents (import.ts), not time labels.
 * Ids: `<kind>_<uid>` (OpenLABEL uids are per element kind).
 */
import { jsonPath, type AttributeValue, type ObjectTrack, type TimeInterval, type TimeLabel, type TimeLabelKind } from '../../schema';
import type { ImportFrameClock } from './frameClock';
import { OpenLabelPathError } from './geometry';
import { isRec } from './importSensors';

type Rec = Record<string, unknown>;

/** OpenLABEL element map key per kind. */
export const KIND_KEY: Record<TimeLabelKind, 'actions' | 'events' | 'contexts'> = { action: 'actions', event: 'events', context: 'contexts' };
/** The relation predicate a link is written with when the label records no role for the object (object = subject, label = object). */
export const DEFAULT_PREDICATE: Record<TimeLabelKind, string> = { action: 'isSubjectOfAction', event: 'isSubjectOfEvent', context: 'isSubjectOfContext' };
const KINDS = Object.keys(KIND_KEY) as TimeLabelKind[];
const kindOfKey = (k: unknown): TimeLabelKind | undefined => KINDS.find((x) => x === k);
export const timeLabelId = (kind: TimeLabelKind, uid: string): string => `${kind}_${uid}`;

/** text/num/boolean items of an `<x>_data` block as attributes; counts `vec` items. */
function readData(data: unknown, onVec: () => void): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  if (!isRec(data)) return out;
  for (const [type, list] of Object.entries(data)) {
    if (!Array.isArray(list)) continue;
    for (const item of list as Rec[]) {
      if (!isRec(item) || typeof item.name !== 'string') continue;
      if ((type === 'text' && typeof item.val === 'string') || (type === 'num' && typeof item.val === 'number') || (type === 'boolean' && typeof item.val === 'boolean')) out[item.name] = item.val;
      else onVec();
    }
  }
  return out;
}

/** Frame intervals → sorted scene-time intervals, overlapping ones merged. */
function toIntervals(list: unknown, clock: ImportFrameClock): TimeInterval[] {
  if (!Array.isArray(list)) return [];
  const spans = (list as Rec[])
    .filter((fi) => isRec(fi) && typeof fi.frame_start === 'number' && typeof fi.frame_end === 'number')
    .map((fi) => {
      const a = clock.timeOf(fi.frame_start as number);
      const b = clock.timeOf(fi.frame_end as number);
      return { start: Math.min(a, b), end: Math.max(a, b) };
    })
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const out: TimeInterval[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/**
 * Whether a list of frame intervals covers exactly the frame numbers `frames`. Compared as merged
 * ranges, not by listing every frame: `frame_end: 4294967296` made a set of 2^24 frames and ran for
 * 12 s before "Set maximum size exceeded" (found by fuzzing).
 */
function coversExactly(list: unknown, frames: ReadonlySet<number>): boolean {
  const ranges: [number, number][] = [];
  if (Array.isArray(list)) for (const fi of list as Rec[]) if (isRec(fi) && typeof fi.frame_start === 'number' && typeof fi.frame_end === 'number' && fi.frame_start <= fi.frame_end) ranges.push([fi.frame_start, fi.frame_end]);
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of ranges) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  // validate.ts admits only integer frame numbers: a range [a, b] holds b − a + 1 of them
  const total = merged.reduce((n, [a, b]) => n + (b - a + 1), 0);
  if (total !== frames.size) return false;
  const inside = (f: number): boolean => {
    let lo = 0;
    let hi = merged.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (f < merged[mid][0]) hi = mid - 1;
      else if (f > merged[mid][1]) lo = mid + 1;
      else return true;
    }
    return false;
  };
  for (const f of frames) if (!inside(f)) return false;
  return true;
}

export interface ImportedTimeLabels {
  timeLabels: Record<string, TimeLabel>;
}

/**
 * Read time labels and object lifetimes. `objects` (the imported tracks, keyed by uid) get their
 * `intervals` set in place. `skipContext` says which contexts are something else (documents).
 */
export function importTimeLabels(ol: Rec, objects: Record<string, ObjectTrack>, clock: ImportFrameClock, skipContext: (el: Rec) => boolean, warn: (m: string) => void): ImportedTimeLabels {
  const timeLabels: Record<string, TimeLabel> = {};
  const frames = isRec(ol.frames) ? ol.frames : {};
  const frameNumbers = Object.keys(frames)
    .map(Number)
    .sort((a, b) => a - b);
  let vecs = 0;
  const longEvents: string[] = [];

  // uid → [frame, entry] per kind, in frame order (one pass over the frames)
  const perFrame = Object.fromEntries(KINDS.map((k) => [k, new Map<string, [number, Rec][]>()])) as Record<TimeLabelKind, Map<string, [number, Rec][]>>;
  for (const fi of frameNumbers) {
    const f = frames[String(fi)];
    if (!isRec(f)) continue;
    for (const kind of KINDS) {
      const m = f[KIND_KEY[kind]];
      if (isRec(m)) for (const [uid, entry] of Object.entries(m)) if (isRec(entry)) (perFrame[kind].get(uid) ?? perFrame[kind].set(uid, []).get(uid)!).push([fi, entry]);
    }
  }

  for (const kind of KINDS) {
    const key = KIND_KEY[kind];
    const map = isRec(ol[key]) ? ol[key] : {};
    for (const [uid, raw] of Object.entries(map)) {
      if (!isRec(raw) || (kind === 'context' && skipContext(raw))) continue;
      const type = typeof raw.type === 'string' ? raw.type.trim() : '';
      if (!type) throw new OpenLabelPathError(jsonPath(['openlabel', key, uid, 'type']), `${kind} "${uid}" needs a non-empty type`);
      const id = timeLabelId(kind, uid);
      const label: TimeLabel = { id, kind, type: raw.type as string, intervals: toIntervals(raw.frame_intervals, clock), objects: [], attributes: readData(raw[`${kind}_data`], () => vecs++) };
      if (typeof raw.name === 'string' && raw.name) label.name = raw.name;
      if (kind === 'event' && label.intervals.some((i) => i.start !== i.end)) longEvents.push(uid);
      const frameAttributes: Record<string, Record<string, AttributeValue>> = {};
      for (const [fi, entry] of perFrame[kind].get(uid) ?? []) {
        const values = readData(entry[`${kind}_data`], () => vecs++);
        if (!Object.keys(values).length) continue;
        const k = String(clock.timeOf(fi));
        frameAttributes[k] = { ...frameAttributes[k], ...values };
      }
      if (Object.keys(frameAttributes).length) label.frameAttributes = frameAttributes;
      timeLabels[id] = label;
    }
  }

  // Relations: objects ↔ time labels.
  let reversed = 0;
  let dangling = 0;
  let other = 0;
  const relations = isRec(ol.relations) ? ol.relations : {};
  const agents = (list: unknown): { uid: string; type: string }[] => (Array.isArray(list) ? (list as Rec[]).filter(isRec).map((a) => ({ uid: String(a.uid), type: String(a.type) })) : []);
  const link = (labelId: string, objectId: string, predicate: string | undefined): void => {
    const label = timeLabels[labelId];
    if (label.objects.includes(objectId)) return;
    label.objects.push(objectId);
    if (predicate !== undefined && predicate !== DEFAULT_PREDICATE[label.kind]) (label.roles ??= {})[objectId] = predicate;
  };
  for (const raw of Object.values(relations)) {
    if (!isRec(raw)) continue;
    const subjects = agents(raw.rdf_subjects);
    const objectsSide = agents(raw.rdf_objects);
    const predicate = typeof raw.type === 'string' && raw.type ? raw.type : undefined;
    const pairs = (objs: { uid: string; type: string }[], labels: { uid: string; type: string }[]) =>
      objs.filter((a) => a.type === 'object').flatMap((o) => labels.flatMap((l) => (kindOfKey(l.type) ? [{ o, l, kind: kindOfKey(l.type)! }] : [])));
    const forward = pairs(subjects, objectsSide);
    const backward = forward.length ? [] : pairs(objectsSide, subjects);
    if (!forward.length && !backward.length) {
      other++;
      continue;
    }
    if (backward.length) reversed++;
    for (const { o, l, kind } of [...forward, ...backward]) {
      const labelId = timeLabelId(kind, l.uid);
      if (!timeLabels[labelId] || !objects[o.uid]) {
        dangling++;
        continue;
      }
      link(labelId, o.uid, forward.length ? predicate : undefined);
    }
  }

  // Object lifetimes: frame_intervals that say more than the frames holding the object's geometry.
  const rootObjects = isRec(ol.objects) ? ol.objects : {};
  const dataFrames = new Map<string, Set<number>>();
  for (const fi of frameNumbers) {
    const f = frames[String(fi)];
    if (!isRec(f) || !isRec(f.objects)) continue;
    for (const [uid, fo] of Object.entries(f.objects))
      if (isRec(fo) && isRec(fo.object_data) && Object.values(fo.object_data).some((l) => Array.isArray(l) && l.length > 0)) (dataFrames.get(uid) ?? dataFrames.set(uid, new Set()).get(uid)!).add(fi);
  }
  for (const [uid, raw] of Object.entries(rootObjects)) {
    const track = objects[uid];
    if (!track || !isRec(raw) || !Array.isArray(raw.frame_intervals) || !raw.frame_intervals.length) continue;
    if (coversExactly(raw.frame_intervals, dataFrames.get(uid) ?? new Set<number>())) continue;
    track.intervals = toIntervals(raw.frame_intervals, clock);
  }

  if (vecs) warn(`${vecs} × vec data of actions/events/contexts: not imported (attributes hold text, numbers and booleans)`);
  if (longEvents.length) warn(`event${longEvents.length > 1 ? 's' : ''} ${longEvents.map((u) => `"${u}"`).join(', ')} last${longEvents.length > 1 ? '' : 's'} longer than one frame; kept as read (events are instants)`);
  if (reversed) warn(`${reversed} relation${reversed > 1 ? 's' : ''} with an action/event/context as subject linked its objects; the predicate is not kept (an export writes the objects as subjects)`);
  if (dangling) warn(`${dangling} relation link${dangling > 1 ? 's' : ''} name an object or action/event/context that was not imported`);
  if (other) warn(`${other} relation${other > 1 ? 's' : ''} between objects or between actions/events/contexts: not imported (Crosslabel links objects to actions, events and contexts only)`);
  if (clock.unlisted.size) warn(`${clock.unlisted.size} frame number${clock.unlisted.size > 1 ? 's' : ''} named by frame intervals are not in "frames": their times were interpolated between the nearest frames`);
  return { timeLabels };
}
