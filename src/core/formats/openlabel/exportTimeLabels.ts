/**
 * Scene.timeLabels → OpenLABEL `actions`, `events`, `contexts` (after the documents' contexts) and
 * `relations`; objects' lifetimes → their `frame_intervals`. Conventions (importTimeLabels.ts reads them back):
 * - Intervals → `frame_intervals` of master frames, each end at the frame nearest in time
 *   (frameClock.ts); a label with no interval (the whole scene) has none. The label is listed
 *   (`frames[f].<kinds>[uid]`) in every frame of its intervals, as VCD does.
 * - attributes → `<kind>_data` text/num/boolean; frameAttributes → `frames[f].<kinds>[uid].<kind>_data`
 *   at the frame nearest the key's time; `<kind>_data_pointers` list both.
 * - Each linked object → one relation {type: role or DEFAULT_PREDICATE, rdf_subjects: [object], rdf_objects: [label]}.
 * - An object's `intervals` → frame ranges merged with the frames of its geometry into its `frame_intervals`;
 *   it is listed in those frames.
 * - A scene without master frames (no samples) gets one frame per distinct time it needs, with
 *   `frame_properties.timestamp` = that time, so the times come back exactly.
 * Endpoints that are not on a master frame's time move to the nearest frame: reported in the summary.
 * Label ids are not kept (uids are numbered per kind, like objects'; an import names them
 * `<kind>_<uid>`); metadata has no place (actions allow no custom keys): reported.
 */
import type { Scene, TimeInterval, TimeLabelKind } from '../../schema';
import { putAttribute } from './export';
import { exportFrameClock, type ExportFrameClock } from './frameClock';
import { DEFAULT_PREDICATE, KIND_KEY } from './importTimeLabels';
import type { ExportSummary, OlAction, OlAttributes, OlContext, OlDataPointer, OlEvent, OlFrame, OlFrameInterval, OlObject, OlRelation } from './types';
import { toFrameIntervals } from './types';

export interface TimeLabelExport {
  actions: Record<string, OlAction>;
  events: Record<string, OlEvent>;
  relations: Record<string, OlRelation>;
}

/** Largest time difference that still counts as "on the frame" (float noise). */
const ON_FRAME = 1e-9;

/** Sort frame ranges and merge the overlapping ones (adjacent ones stay apart: they are separate intervals). */
function mergeRanges(list: OlFrameInterval[]): OlFrameInterval[] {
  const sorted = list.map((r) => ({ ...r })).sort((a, b) => a.frame_start - b.frame_start || a.frame_end - b.frame_end);
  const out: OlFrameInterval[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.frame_start <= last.frame_end) last.frame_end = Math.max(last.frame_end, r.frame_end);
    else out.push(r);
  }
  return out;
}

/** Every time the labels and lifetimes need a frame for. */
function timesNeeded(scene: Scene): Set<number> {
  const out = new Set<number>();
  const add = (list: readonly TimeInterval[] | undefined) => list?.forEach((i) => out.add(i.start).add(i.end));
  for (const l of Object.values(scene.timeLabels)) {
    add(l.intervals);
    for (const k of Object.keys(l.frameAttributes ?? {})) out.add(Number(k));
  }
  for (const o of Object.values(scene.objects)) add(o.intervals);
  return out;
}

/**
 * Write time labels and object lifetimes into the document under construction: `frames` (frames
 * are added only when there are none), `objects` (frame_intervals), `contexts` (appended).
 */
export function exportTimeLabels(
  scene: Scene,
  doc: { frames: Record<string, OlFrame>; frameOf: ReadonlyMap<string, ReadonlyMap<string, number>>; uidOf: ReadonlyMap<string, string>; objects: Record<string, OlObject>; contexts: Record<string, OlContext> },
  summary: ExportSummary,
): TimeLabelExport {
  const { frames, uidOf, objects, contexts } = doc;
  const out: TimeLabelExport = { actions: {}, events: {}, relations: {} };
  const count = (k: string, n = 1) => (summary.written[k] = (summary.written[k] ?? 0) + n);
  const labels = Object.values(scene.timeLabels);
  const lifetimes = Object.values(scene.objects).filter((o) => o.intervals?.length);
  if (!labels.length && !lifetimes.length) return out;

  // Frames for a scene without samples: one per distinct time, in time order.
  const extra = new Map<number, number>();
  if (Object.keys(frames).length === 0)
    [...timesNeeded(scene)]
      .sort((a, b) => a - b)
      .forEach((t, i) => {
        frames[String(i)] = { frame_properties: { timestamp: t } };
        extra.set(i, t);
      });
  const clock: ExportFrameClock = exportFrameClock(scene, doc.frameOf, extra);
  const timeOfFrame = new Map(clock.frames.map((f) => [f.frame, f.t]));
  let snapped = 0;
  let worst = 0;
  const frameAt = (t: number): number => {
    const f = clock.frameAt(t)!;
    const d = Math.abs(timeOfFrame.get(f)! - t);
    if (d > ON_FRAME) {
      snapped++;
      worst = Math.max(worst, d);
    }
    return f;
  };
  const toRanges = (list: readonly TimeInterval[]): OlFrameInterval[] =>
    mergeRanges(
      list.map((i) => {
        const a = frameAt(i.start);
        const b = frameAt(i.end);
        return { frame_start: Math.min(a, b), frame_end: Math.max(a, b) };
      }),
    );
  const listIn = (ranges: OlFrameInterval[], put: (f: OlFrame) => void) => {
    for (const r of ranges) for (let f = r.frame_start; f <= r.frame_end; f++) if (frames[String(f)]) put(frames[String(f)]);
  };

  const next: Record<TimeLabelKind, number> = { action: 0, event: 0, context: Object.keys(contexts).length };
  let relationUid = 0;
  let withMetadata = 0;
  for (const l of labels) {
    const uid = String(next[l.kind]++);
    const key = KIND_KEY[l.kind];
    const dataKey = `${l.kind}_data` as const;
    const el: OlAction & OlEvent & OlContext = { name: l.name ?? '', type: l.type };
    const ranges = toRanges(l.intervals);
    if (ranges.length) el.frame_intervals = ranges;
    const pointers: Record<string, OlDataPointer & { frames: number[] }> = {};
    const pointer = (name: string, type: string) => (pointers[name] ??= { type, frame_intervals: [], frames: [] });
    const data: OlAttributes = {};
    for (const [name, v] of Object.entries(l.attributes)) {
      putAttribute(data, name, v);
      pointer(name, typeof v === 'string' ? 'text' : typeof v === 'number' ? 'num' : 'boolean');
    }
    if (Object.keys(data).length) el[dataKey] = data;
    listIn(ranges, (f) => (((f[key] ??= {}) as Record<string, object>)[uid] ??= {}));
    for (const [k, values] of Object.entries(l.frameAttributes ?? {})) {
      const fi = frameAt(Number(k));
      const entry = (((frames[String(fi)][key] ??= {}) as Record<string, Record<string, OlAttributes>>)[uid] ??= {});
      const fd = (entry[dataKey] ??= {});
      for (const [name, v] of Object.entries(values)) {
        putAttribute(fd, name, v);
        pointer(name, typeof v === 'string' ? 'text' : typeof v === 'number' ? 'num' : 'boolean').frames.push(fi);
      }
    }
    if (Object.keys(pointers).length) el[`${dataKey}_pointers`] = Object.fromEntries(Object.entries(pointers).map(([n, p]) => [n, { type: p.type, frame_intervals: toFrameIntervals(p.frames) }]));
    if (l.kind === 'context') contexts[uid] = el;
    else out[key as 'actions' | 'events'][uid] = el;
    count(key);
    for (const o of l.objects) {
      const objUid = uidOf.get(o);
      if (objUid === undefined) continue;
      out.relations[String(relationUid++)] = { name: '', type: l.roles?.[o] ?? DEFAULT_PREDICATE[l.kind], rdf_subjects: [{ uid: objUid, type: 'object' }], rdf_objects: [{ uid, type: l.kind }] };
      count('relations');
    }
    if (l.metadata && Object.keys(l.metadata).length) withMetadata++;
  }

  for (const o of lifetimes) {
    const uid = uidOf.get(o.id);
    if (uid === undefined) continue;
    const ranges = toRanges(o.intervals!);
    const el = objects[uid];
    el.frame_intervals = mergeRanges([...(el.frame_intervals ?? []), ...ranges]);
    listIn(ranges, (f) => ((f.objects ??= {})[uid] ??= {}));
    count('objectLifetimes');
  }

  if (snapped) summary.dropped.push({ what: 'time label / lifetime time precision', count: snapped, reason: `OpenLABEL intervals are master frame numbers: endpoints between frames moved to the nearest frame (by up to ${worst.toPrecision(3)} s)` });
  if (withMetadata) summary.dropped.push({ what: 'action/event/context metadata', count: withMetadata, reason: 'OpenLABEL actions, events and contexts allow no custom properties' });
  return out;
}
