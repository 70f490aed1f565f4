/**
 * OpenLABEL objects → ObjectTracks and annotations. Geometry in frames becomes annotations of the
 * sample of the sensor that owns the item's coordinate system (or that the `@<stream>` name suffix
 * names); per-frame object num/text/boolean become attributes of that frame's annotations;
 * static text/num/boolean become object attributes; `DontCare` objects become ignore regions.
 * Whatever cannot be represented is counted and reported as a warning.
 */
import type { Annotation, AttributeValue, IgnoreRegion, ObjectTrack } from '../../schema';
import { NotVisibleReason } from '../../schema';
import { jsonPath } from '../../schema';
import type { ConventionReport } from '../conventions';
import { decideCuboidSizeOrder, isYawAboutY, type AmbiguousCuboid, type CuboidSizeReading } from './cuboidSizeOrder';
import { bboxToRect, cuboidFromItem, OpenLabelPathError } from './geometry';
import type { ImportedFrames } from './importFrames';
import { maskFromItem } from './importMasks';
import { isRec, type ImportedSensor } from './importSensors';
import { DONT_CARE_TYPE } from './export';

type Rec = Record<string, unknown>;
const SCALAR_TYPES = ['text', 'num', 'boolean'] as const;
const stripCopy = (s: string): string => s.replace(/#\d+$/, '');
/** User attributes that clash with a reserved name are exported as "attr:<name>". */
const unprefix = (a: Record<string, AttributeValue>): Record<string, AttributeValue> => Object.fromEntries(Object.entries(a).map(([k, v]) => [k.startsWith('attr:') ? k.slice(5) : k, v]));

export interface ImportedObjects {
  objects: Record<string, ObjectTrack>;
  annotations: Record<string, Annotation>;
  ignoreRegions: IgnoreRegion[];
  /** Conventions the file left open and how they were decided (see ../conventions.ts). */
  conventions: ConventionReport[];
}

/** Flatten an OpenLABEL attributes block ({text,num,boolean,vec}) into scalars; vec kept separately. */
function readAttributes(a: unknown): { scalars: Record<string, AttributeValue>; vecs: Record<string, unknown[]> } {
  const scalars: Record<string, AttributeValue> = {};
  const vecs: Record<string, unknown[]> = {};
  if (!isRec(a)) return { scalars, vecs };
  for (const t of SCALAR_TYPES) if (Array.isArray(a[t])) for (const x of a[t] as Rec[]) if (typeof x.name === 'string') scalars[x.name] = x.val as AttributeValue;
  if (Array.isArray(a.vec)) for (const x of a.vec as Rec[]) if (typeof x.name === 'string' && Array.isArray(x.val)) vecs[x.name] = x.val;
  return { scalars, vecs };
}

export function importObjects(ol: Rec, sensors: ImportedSensor[], frames: ImportedFrames, classOf: (type: string) => string, warn: (m: string) => void, cuboidSizes: CuboidSizeReading = 'auto'): ImportedObjects {
  const objects: Record<string, ObjectTrack> = {};
  const annotations: Record<string, Annotation> = {};
  const ignoreRegions: IgnoreRegion[] = [];
  const skipped = new Map<string, number>();
  const skip = (what: string, n = 1) => skipped.set(what, (skipped.get(what) ?? 0) + n);
  const byId = new Map(sensors.map((s) => [s.sensor.id, s]));
  const byCs = new Map<string, ImportedSensor[]>();
  for (const s of sensors) if (s.cs) byCs.set(s.cs, [...(byCs.get(s.cs) ?? []), s]);
  const resolveSensor = (name: string, cs: unknown, kind: 'camera' | 'lidar' | 'any'): ImportedSensor | undefined => {
    const at = name.indexOf('@');
    if (at >= 0) {
      const s = byId.get(stripCopy(name.slice(at + 1)));
      if (s) return s;
    }
    if (typeof cs !== 'string') return undefined;
    const owners = byCs.get(cs) ?? [];
    return owners.find((o) => kind === 'any' || o.sensor.kind === kind) ?? owners[0];
  };
  const rootObjects = isRec(ol.objects) ? ol.objects : {};
  const dontCare = new Set<string>();
  const fromLinks: { id: string; ref: string; uid: string }[] = [];
  // Our own exports follow the spec to the letter; only others' camera-frame cuboids turning about
  // the camera's y axis (KITTI's convention) have a size order in question.
  const writtenByUs = isRec(ol.metadata) && typeof ol.metadata.crosslabel_scene_id === 'string';
  const ambiguous: AmbiguousCuboid[] = [];

  for (const [uid, raw] of Object.entries(rootObjects)) {
    const o = raw as Rec;
    const type = String(o.type);
    if (type === DONT_CARE_TYPE) {
      dontCare.add(uid);
      continue;
    }
    const track: ObjectTrack = { id: uid, classId: classOf(type), attributes: {} };
    if (typeof o.name === 'string' && o.name) track.name = o.name;
    const od = isRec(o.object_data) ? o.object_data : {};
    for (const [dtype, list] of Object.entries(od)) {
      if (!Array.isArray(list)) continue;
      list.forEach((item: Rec, i) => {
        const path = jsonPath(['openlabel', 'objects', uid, 'object_data', dtype, i]);
        const name = String(item.name ?? '');
        if ((SCALAR_TYPES as readonly string[]).includes(dtype)) {
          track.attributes[name] = item.val as AttributeValue;
          if (isRec(item.attributes)) skip('nested attributes of static object data');
        } else if (dtype === 'vec' && (name.startsWith('timeSegment@') || name.startsWith('textSpan@'))) {
          const val = item.val as unknown[];
          if (!Array.isArray(val) || val.length !== 2 || !val.every((x) => typeof x === 'number')) throw new OpenLabelPathError(`${path}.val`, 'a time segment or text span needs [start, end]');
          const { scalars } = readAttributes(item.attributes);
          const { source, score, speaker, text, language, segment, ...rest } = scalars;
          const common = { id: `${uid}/${name}`, object: uid, source: (source as Annotation['source']) ?? 'manual', ...(score !== undefined ? { score: score as number } : {}), ...(Object.keys(rest).length ? { attributes: unprefix(rest) } : {}), ...(isRec(item.crosslabel_metadata) ? { metadata: item.crosslabel_metadata } : {}) };
          const target = stripCopy(name.slice(name.indexOf('@') + 1));
          annotations[common.id] = name.startsWith('timeSegment@')
            ? { ...common, kind: 'timeSegment', sensor: target, start: val[0] as number, end: val[1] as number, ...(speaker !== undefined ? { speaker: String(speaker) } : {}), ...(text !== undefined ? { text: String(text) } : {}) }
            : {
                ...common,
                kind: 'textSpan',
                // a span in a transcript segment names the segment's "<uid>/<item name>" (= its imported id)
                ...(segment !== undefined ? { segment: String(segment) } : { document: target }),
                start: val[0] as number,
                end: val[1] as number,
                ...(language !== undefined ? { language: String(language) } : {}),
                ...(text !== undefined ? { text: String(text) } : {}),
              };
        } else skip(`static ${dtype} (geometry without a frame has no sample to live in)`);
      });
    }
    objects[uid] = track;
  }

  const rawFrames = isRec(ol.frames) ? ol.frames : {};
  for (const fi of frames.frameIndices) {
    const f = rawFrames[String(fi)] as Rec;
    if (!isRec(f.objects)) continue;
    for (const [uid, fo] of Object.entries(f.objects)) {
      if (!isRec(fo) || !isRec(fo.object_data)) continue;
      const od = fo.object_data;
      const made: Annotation[] = [];
      const frameAttrs: Record<string, AttributeValue> = {};
      for (const [dtype, list] of Object.entries(od)) {
        if (!Array.isArray(list)) continue;
        list.forEach((item: Rec, i) => {
          const path = jsonPath(['openlabel', 'frames', String(fi), 'objects', uid, 'object_data', dtype, i]);
          const name = String(item.name ?? '');
          if ((SCALAR_TYPES as readonly string[]).includes(dtype) && !name.startsWith('notVisible@')) {
            frameAttrs[name] = item.val as AttributeValue;
            return;
          }
          if (!['bbox', 'cuboid', 'poly2d', 'boolean', 'image', 'binary'].includes(dtype)) return skip(`frame ${dtype}`);
          if (dontCare.has(uid)) {
            if (dtype !== 'bbox') return skip(`${DONT_CARE_TYPE} ${dtype}`);
            const s = resolveSensor(name, item.coordinate_system, 'camera');
            const sample = s && frames.sampleAt.get(s.sensor.id)?.get(fi);
            if (!s || !sample) return skip('DontCare bbox without a camera sample');
            const { scalars } = readAttributes(item.attributes);
            ignoreRegions.push({ id: `dontcare/${fi}/${name}`, sensor: s.sensor.id, sample, ...bboxToRect(item.val, path), label: typeof scalars.label === 'string' ? scalars.label : DONT_CARE_TYPE });
            return;
          }
          const s = resolveSensor(name, item.coordinate_system, dtype === 'cuboid' ? 'lidar' : 'camera');
          const sample = s && frames.sampleAt.get(s.sensor.id)?.get(fi);
          if (!s || !sample) return skip(`${dtype} in a coordinate system without an imported camera/LiDAR stream`);
          const { scalars, vecs } = readAttributes(item.attributes);
          const { source, score, truncated, occluded, from_cuboid, reason, comment, ...rest } = scalars;
          const base = {
            id: `${uid}/${fi}/${name}`,
            object: uid,
            sensor: s.sensor.id,
            sample,
            source: (source as Annotation['source']) ?? 'manual',
            ...(score !== undefined ? { score: score as number } : {}),
            ...(isRec(item.crosslabel_metadata) ? { metadata: item.crosslabel_metadata } : {}),
          };
          const attributes: Record<string, AttributeValue> = unprefix(rest);
          let a: Annotation;
          if (dtype === 'cuboid') {
            const c = cuboidFromItem(item, path);
            if (!(c.size.l > 0 && c.size.w > 0 && c.size.h > 0)) return skip('cuboid with non-positive size');
            if (s.offset) c.center = { x: c.center.x + s.offset.x, y: c.center.y + s.offset.y, z: c.center.z + s.offset.z };
            if (!writtenByUs && s.sensor.kind === 'camera' && isYawAboutY(c.rotation)) ambiguous.push({ id: base.id, parts: c, classId: objects[uid]?.classId ?? '' });
            a = { ...base, kind: 'cuboid', ...c };
          } else if (dtype === 'bbox') {
            const box: Annotation = { ...base, kind: 'box2d', ...bboxToRect(item.val, path) };
            if (typeof truncated === 'number' && truncated >= 0 && truncated <= 1) box.truncated = truncated;
            else if (truncated !== undefined) attributes.truncated = truncated;
            if (typeof occluded === 'number' && Number.isInteger(occluded) && occluded >= 0 && occluded <= 3) box.occluded = occluded;
            else if (occluded !== undefined) attributes.occluded = occluded;
            const p = vecs.projected;
            if (p && p.length === 4) box.projected = { x0: p[0] as number, y0: p[1] as number, x1: p[2] as number, y1: p[3] as number };
            if (typeof from_cuboid === 'string') fromLinks.push({ id: base.id, ref: from_cuboid, uid });
            a = box;
          } else if (dtype === 'poly2d') {
            const v = item.val;
            const mode = item.mode ?? 'MODE_POLY2D_ABSOLUTE';
            if (mode !== 'MODE_POLY2D_ABSOLUTE' || !Array.isArray(v) || v.length < 6 || v.length % 2 || !v.every((x) => typeof x === 'number')) return skip(`poly2d (${String(mode)}) that is not an absolute polygon of 3+ points`);
            const points = [];
            for (let k = 0; k < v.length; k += 2) points.push({ x: v[k] as number, y: v[k + 1] as number });
            a = { ...base, kind: 'polygon', points, closed: item.closed !== false };
          } else if (dtype === 'image' || dtype === 'binary') {
            const m = maskFromItem(dtype, item, path);
            if ('skip' in m) return skip(m.skip);
            // attributes that described the encoding are not user attributes (a user's own is "attr:<name>")
            for (const k of m.consumed) {
              if (`attr:${k}` in rest) attributes[k] = rest[`attr:${k}`];
              else delete attributes[k];
            }
            a = { ...base, kind: 'mask', rle: m.rle };
          } else {
            if (!name.startsWith('notVisible@') || item.val !== true) return skip('frame boolean');
            const r = NotVisibleReason.safeParse(reason);
            a = { ...base, kind: 'notVisible', reason: r.success ? r.data : 'other', ...(comment !== undefined ? { comment: String(comment) } : {}) };
          }
          if (Object.keys(attributes).length) a.attributes = attributes;
          annotations[a.id] = a;
          made.push(a);
        });
      }
      if (Object.keys(frameAttrs).length) {
        if (!made.length && !dontCare.has(uid)) skip('per-frame object attributes in frames without geometry');
        for (const a of made) a.attributes = { ...frameAttrs, ...(a.attributes ?? {}) };
      }
    }
  }
  for (const { id, ref, uid } of fromLinks) {
    const colon = ref.indexOf(':');
    const target = `${uid}/${ref.slice(0, colon)}/${ref.slice(colon + 1)}`;
    const a = annotations[id];
    if (annotations[target]?.kind === 'cuboid' && a.kind === 'box2d') a.fromCuboid = target;
    else skip('from_cuboid link to a cuboid that was not imported');
  }
  for (const [what, n] of skipped) warn(`${n} × ${what}: not imported`);
  const conventions = decideCuboidSizeOrder(ambiguous, annotations, sensors.map((s) => s.sensor), frames.samples, cuboidSizes);
  return { objects, annotations, ignoreRegions, conventions };
}
