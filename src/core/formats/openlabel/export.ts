/**
 * Scene → ASAM OpenLABEL 1.0 JSON. One object uid per ObjectTrack; each annotation becomes an
 * object_data item in the master frame of its sample, in its sensor's coordinate system
 * (cuboid `box3D`, bbox `box2D@<stream>`, poly2d `poly2D@<stream>`, boolean `notVisible@<stream>`,
 * mask `image` `mask@<stream>` = base64 1-bit PNG, as the spec recommends since it has no RLE type;
 * a text attribute `rle_counts: "array"` marks masks whose COCO counts were an uncompressed list, and
 * a mask of zero width or height, which PNG cannot hold, is a `binary` of data_type `coco_rle`).
 * Time labels become `actions` / `events` / `contexts` with `relations` to their objects, and
 * object lifetimes `frame_intervals` (exportTimeLabels.ts).
 * Anything OpenLABEL cannot hold is listed in the summary's `dropped`, never silently lost.
 * Conventions: README.md in this folder.
 */
import type { Annotation, AttributeValue, Mask, Scene } from '../../schema';
import { rleDecode, rleFromString, rleToString } from '../coco/rle';
import { bytesToBase64, encodeMaskPng } from '../png';
import { cuboidToVal, rectToBbox } from './geometry';
import { buildCoordinateSystems, buildFrames, buildStreams, sensorFrame } from './exportFrames';
import { exportTimeLabels } from './exportTimeLabels';
import { toFrameIntervals, type ExportSummary, type JsonObject, type OlAttributes, type OlContext, type OlObject, type OlObjectData, type OlObjectDataItem, type OpenLabelDoc } from './types';
import { allAnnotations } from '../../schema';

export const DONT_CARE_TYPE = 'DontCare';
export const DOCUMENT_CONTEXT_TYPE = 'crosslabel:document';
/** Preference judgements between documents (Scene.comparisons): contexts of this type (README.md). */
export const COMPARISON_CONTEXT_TYPE = 'crosslabel:comparison';
/** Attribute names the exporter writes for annotation fields; user attributes may not reuse them. */
export const RESERVED_ATTRIBUTES = new Set(['source', 'score', 'truncated', 'occluded', 'projected', 'from_cuboid', 'reason', 'comment', 'speaker', 'text', 'language', 'segment', 'label', 'stream', 'rle_counts', 'size']);
export const taxonomyUri = (t: Scene['taxonomy']): string => `urn:crosslabel:taxonomy:${t.id}:v${t.version}`;

/** Append scalar attributes to an OpenLABEL attributes block by value type. */
export function putAttribute(attrs: OlAttributes, name: string, v: AttributeValue): void {
  if (typeof v === 'string') (attrs.text ??= []).push({ name, val: v });
  else if (typeof v === 'number') (attrs.num ??= []).push({ name, val: v });
  else (attrs.boolean ??= []).push({ name, val: v });
}

interface Placed {
  a: Annotation;
  uid: string;
  frame: number | null;
  type: string;
  name: string;
  /** For masks: the item's fields besides name/attributes (val, mime_type, encoding…). */
  mask?: Omit<OlObjectDataItem, 'name'>;
}

/**
 * A mask as OpenLABEL object data: `image` (base64 1-bit PNG, white = inside) or, for a mask of zero
 * width or height, `binary` with `data_type: "coco_rle"`, the compressed counts as `val` and a vec
 * attribute `size` [h, w]. Returns an error text when the RLE does not decode to its size.
 */
export function maskToItem(rle: Mask['rle']): { type: 'image' | 'binary'; fields: Omit<OlObjectDataItem, 'name'> } | { error: string } {
  const [h, w] = rle.size;
  let counts: number[];
  let pixels: Uint8Array;
  try {
    counts = typeof rle.counts === 'string' ? rleFromString(rle.counts) : rle.counts;
    pixels = rleDecode({ size: [h, w], counts });
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  const attributes: OlAttributes = {};
  if (Array.isArray(rle.counts)) putAttribute(attributes, 'rle_counts', 'array');
  if (h === 0 || w === 0) {
    (attributes.vec ??= []).push({ name: 'size', val: [h, w] });
    return { type: 'binary', fields: { val: rleToString(counts), encoding: 'ascii', data_type: 'coco_rle', attributes } };
  }
  const fields: Omit<OlObjectDataItem, 'name'> = { val: bytesToBase64(encodeMaskPng(pixels, w, h)), mime_type: 'image/png', encoding: 'base64' };
  if (Object.keys(attributes).length) fields.attributes = attributes;
  return { type: 'image', fields };
}

export function exportOpenLabel(scene: Scene): { json: OpenLabelDoc; summary: ExportSummary } {
  const summary: ExportSummary = { written: {}, dropped: [] };
  const count = (k: string, n = 1) => (summary.written[k] = (summary.written[k] ?? 0) + n);
  const drop = (what: string, n: number, reason: string) => n > 0 && summary.dropped.push({ what, count: n, reason });

  const streams = buildStreams(scene, summary);
  const { frames, frameOf, overrideFrames } = buildFrames(scene);
  const coordinate_systems = buildCoordinateSystems(scene, overrideFrames, summary);
  const sensors = new Map(scene.sensors.map((s) => [s.id, s]));
  const frameSharers = new Map<string, number>();
  for (const s of scene.sensors) {
    const f = sensorFrame(s);
    if (f) frameSharers.set(f, (frameSharers.get(f) ?? 0) + 1);
  }

  const uidOf = new Map<string, string>();
  const objects: Record<string, OlObject> = {};
  Object.values(scene.objects).forEach((o, i) => {
    const uid = String(i);
    uidOf.set(o.id, uid);
    const el: OlObject = { name: o.name ?? '', type: o.classId, ontology_uid: '0' };
    const od: OlObjectData = {};
    for (const [k, v] of Object.entries(o.attributes)) {
      const a: OlAttributes = {};
      putAttribute(a, k, v);
      for (const [type, list] of Object.entries(a)) for (const item of list) (od[type] ??= []).push(item as OlObjectDataItem);
    }
    if (Object.keys(od).length) el.object_data = od;
    objects[uid] = el;
    count('objects');
  });
  drop('object metadata', Object.values(scene.objects).filter((o) => o.metadata && Object.keys(o.metadata).length).length, 'OpenLABEL objects allow no custom properties');

  // Pass 1: name every annotation (names are unique per object and frame, or per object for static data).
  const placed: Placed[] = [];
  const used = new Map<string, Set<string>>();
  const unique = (scope: string, base: string): string => {
    const set = used.get(scope) ?? new Set<string>();
    used.set(scope, set);
    let name = base;
    for (let k = 2; set.has(name); k++) name = `${base}#${k}`;
    set.add(name);
    return name;
  };
  const badMasks: string[] = [];
  // time segments first: a span in a transcript segment is named after its segment's item
  const ordered = allAnnotations(scene);
  const segmentItems = new Map<string, Placed>();
  for (const a of [...ordered.filter((x) => x.kind === 'timeSegment'), ...ordered.filter((x) => x.kind !== 'timeSegment')]) {
    const uid = uidOf.get(a.object)!;
    if (a.kind === 'timeSegment' || a.kind === 'textSpan') {
      let base: string;
      if (a.kind === 'timeSegment') base = `timeSegment@${a.sensor}`;
      else if (a.segment === undefined) base = `textSpan@${a.document}`;
      else {
        const seg = segmentItems.get(a.segment);
        if (!seg) throw new Error(`text span "${a.id}" lies in "${a.segment}", which is not a time segment of the scene`);
        base = `textSpan@segment:${seg.uid}/${seg.name}`;
      }
      placed.push({ a, uid, frame: null, type: 'vec', name: unique(`${uid}|static`, base) });
      if (a.kind === 'timeSegment') segmentItems.set(a.id, placed[placed.length - 1]);
      continue;
    }
    const frame = frameOf.get(a.sensor)?.get(a.sample) ?? null;
    const f = sensorFrame(sensors.get(a.sensor)!);
    const ambiguous = !f || (frameSharers.get(f) ?? 0) > 1;
    if (a.kind === 'mask') {
      const m = maskToItem(a.rle);
      if ('error' in m) {
        badMasks.push(`${a.id} (${m.error})`);
        continue;
      }
      placed.push({ a, uid, frame, type: m.type, name: unique(`${uid}|${frame}`, `mask@${a.sensor}`), mask: m.fields });
      continue;
    }
    const [type, base] =
      a.kind === 'cuboid' ? ['cuboid', ambiguous ? `box3D@${a.sensor}` : 'box3D'] : a.kind === 'box2d' ? ['bbox', `box2D@${a.sensor}`] : a.kind === 'polygon' ? ['poly2d', `poly2D@${a.sensor}`] : ['boolean', `notVisible@${a.sensor}`];
    placed.push({ a, uid, frame, type, name: unique(`${uid}|${frame}`, base) });
  }
  drop('mask with invalid RLE', badMasks.length, `its counts do not decode to size [h, w]: ${badMasks.slice(0, 3).join('; ')}${badMasks.length > 3 ? '; …' : ''}`);
  const nameOfAnnotation = new Map(placed.map((p) => [p.a.id, p]));

  // Pass 2: write the items.
  const pointers = new Map<string, Map<string, { type: string; frames: number[] }>>();
  const objectFrames = new Map<string, number[]>();
  for (const p of placed) {
    const { a } = p;
    const { attributes: maskAttrs, ...maskFields } = p.mask ?? {};
    const attrs: OlAttributes = structuredClone((maskAttrs as OlAttributes | undefined) ?? {});
    if (a.source !== 'manual') putAttribute(attrs, 'source', a.source);
    if (a.score !== undefined) putAttribute(attrs, 'score', a.score);
    const item: OlObjectDataItem = { name: p.name, val: null };
    switch (a.kind) {
      case 'cuboid':
        item.val = cuboidToVal(a);
        count('cuboids');
        break;
      case 'box2d': {
        item.val = rectToBbox(a);
        if (a.truncated !== undefined) putAttribute(attrs, 'truncated', a.truncated);
        if (a.occluded !== undefined) putAttribute(attrs, 'occluded', a.occluded);
        if (a.projected) (attrs.vec ??= []).push({ name: 'projected', val: [a.projected.x0, a.projected.y0, a.projected.x1, a.projected.y1], type: 'values' });
        const from = a.fromCuboid ? nameOfAnnotation.get(a.fromCuboid) : undefined;
        if (from) putAttribute(attrs, 'from_cuboid', `${from.frame}:${from.name}`);
        count('boxes');
        break;
      }
      case 'polygon':
        item.val = a.points.flatMap((q) => [q.x, q.y]);
        item.mode = 'MODE_POLY2D_ABSOLUTE';
        item.closed = a.closed;
        count('polygons');
        break;
      case 'notVisible':
        item.val = true;
        putAttribute(attrs, 'reason', a.reason);
        if (a.comment !== undefined) putAttribute(attrs, 'comment', a.comment);
        count('notVisible');
        break;
      case 'timeSegment':
        item.val = [a.start, a.end];
        item.type = 'range';
        if (a.speaker !== undefined) putAttribute(attrs, 'speaker', a.speaker);
        if (a.text !== undefined) putAttribute(attrs, 'text', a.text);
        count('timeSegments');
        break;
      case 'mask':
        Object.assign(item, maskFields);
        count('masks');
        break;
      case 'textSpan':
        item.val = [a.start, a.end];
        item.type = 'range';
        // in a transcript segment: the segment's "<uid>/<item name>", the id an import gives it
        if (a.segment !== undefined) {
          const seg = nameOfAnnotation.get(a.segment)!;
          putAttribute(attrs, 'segment', `${seg.uid}/${seg.name}`);
        }
        if (a.language !== undefined) putAttribute(attrs, 'language', a.language);
        if (a.text !== undefined) putAttribute(attrs, 'text', a.text);
        count('textSpans');
        break;
    }
    // A user attribute named like a reserved one is written as "attr:<name>" (the importer strips it).
    for (const [k, v] of Object.entries(a.attributes ?? {})) putAttribute(attrs, RESERVED_ATTRIBUTES.has(k) || k.startsWith('attr:') ? `attr:${k}` : k, v);
    if (Object.keys(attrs).length) item.attributes = attrs;
    if (a.metadata) item.crosslabel_metadata = a.metadata as JsonObject;
    if ('sensor' in a && a.kind !== 'timeSegment') {
      const f = sensorFrame(sensors.get(a.sensor)!);
      if (f) item.coordinate_system = f;
    }
    const target = p.frame === null ? objects[p.uid] : (((frames[String(p.frame)].objects ??= {})[p.uid] ??= {}) as { object_data?: OlObjectData });
    ((target.object_data ??= {})[p.type] ??= []).push(item);
    const ptrs = pointers.get(p.uid) ?? new Map<string, { type: string; frames: number[] }>();
    pointers.set(p.uid, ptrs);
    const ptr = ptrs.get(p.name) ?? { type: p.type, frames: [] };
    ptrs.set(p.name, ptr);
    if (p.frame !== null) {
      ptr.frames.push(p.frame);
      (objectFrames.get(p.uid) ?? objectFrames.set(p.uid, []).get(p.uid)!).push(p.frame);
    }
  }

  // Ignore regions: one DontCare object, as Vicomtech's KITTI export writes them.
  if (scene.ignoreRegions.length) {
    const uid = String(Object.keys(objects).length);
    objects[uid] = { name: DONT_CARE_TYPE, type: DONT_CARE_TYPE };
    for (const r of scene.ignoreRegions) {
      const frame = frameOf.get(r.sensor)?.get(r.sample);
      if (frame === undefined) continue;
      const item: OlObjectDataItem = { name: unique(`${uid}|${frame}`, `box2D@${r.sensor}`), val: rectToBbox(r) };
      if (r.label !== DONT_CARE_TYPE) item.attributes = { text: [{ name: 'label', val: r.label }] };
      const f = sensorFrame(sensors.get(r.sensor)!);
      if (f) item.coordinate_system = f;
      const fo = ((frames[String(frame)].objects ??= {})[uid] ??= {}) as { object_data?: OlObjectData };
      ((fo.object_data ??= {}).bbox ??= []).push(item);
      const ptrs = pointers.get(uid) ?? new Map<string, { type: string; frames: number[] }>();
      pointers.set(uid, ptrs);
      (ptrs.get(item.name) ?? ptrs.set(item.name, { type: 'bbox', frames: [] }).get(item.name)!).frames.push(frame);
      (objectFrames.get(uid) ?? objectFrames.set(uid, []).get(uid)!).push(frame);
      count('ignoreRegions');
    }
  }
  for (const [uid, o] of Object.entries(objects)) {
    for (const [type, list] of Object.entries(o.object_data ?? {})) for (const item of list) if (!pointers.get(uid)?.has(item.name)) (pointers.get(uid) ?? pointers.set(uid, new Map()).get(uid)!).set(item.name, { type, frames: [] });
    const ptrs = pointers.get(uid);
    if (ptrs) o.object_data_pointers = Object.fromEntries([...ptrs].map(([n, p]) => [n, { type: p.type, frame_intervals: toFrameIntervals(p.frames) }]));
    const fr = objectFrames.get(uid);
    if (fr?.length) o.frame_intervals = toFrameIntervals(fr);
  }

  const contexts: Record<string, OlContext> = {};
  scene.documents.forEach((d, i) => {
    const body: OlObjectDataItem = { name: 'text', val: d.text };
    if (d.metadata && Object.keys(d.metadata).length) body.crosslabel_metadata = d.metadata as JsonObject;
    const text: OlObjectDataItem[] = [{ name: 'id', val: d.id }, body, { name: 'language', val: d.language }];
    for (const k of ['title', 'kind', 'sensor', 'sample', 'prompt'] as const) if (d[k] !== undefined) text.push({ name: k, val: d[k]! });
    contexts[String(i)] = { name: d.title ?? d.id, type: DOCUMENT_CONTEXT_TYPE, context_data: { text } as OlObjectData };
    count('documents');
  });
  // Preference judgements: a context each, its candidates and ranking as string vecs of document ids.
  for (const c of Object.values(scene.comparisons)) {
    const text: OlObjectDataItem[] = [{ name: 'id', val: c.id }];
    for (const k of ['sensor', 'sample', 'prompt', 'reason', 'by', 'at'] as const) if (c[k] !== undefined) text.push({ name: k, val: c[k]! });
    const vec: OlObjectDataItem[] = [{ name: 'candidates', type: 'values', val: [...c.candidates] }];
    if (c.ranking) vec.push({ name: 'ranking', type: 'values', val: [...c.ranking] });
    contexts[String(Object.keys(contexts).length)] = { name: c.id, type: COMPARISON_CONTEXT_TYPE, context_data: { text, vec } as OlObjectData };
    count('comparisons');
  }
  const timed = exportTimeLabels(scene, { frames, frameOf, uidOf, objects, contexts }, summary);

  drop('taxonomy definition', 1, `OpenLABEL ontologies are URIs: the taxonomy is referenced as ${taxonomyUri(scene.taxonomy)} (colours, attribute definitions and history are not embedded)`);
  summary.written.frames = Object.keys(frames).length;
  summary.written.streams = Object.keys(streams).length;
  summary.written.coordinateSystems = Object.keys(coordinate_systems).length;

  const metadata: OpenLabelDoc['openlabel']['metadata'] = { schema_version: '1.0.0', name: scene.name, crosslabel_scene_id: scene.id };
  if (Object.keys(scene.metadata).length) metadata.crosslabel_metadata = scene.metadata as JsonObject;
  const ol: OpenLabelDoc['openlabel'] = { metadata, ontologies: { '0': taxonomyUri(scene.taxonomy) }, coordinate_systems, streams, objects, frames };
  if (Object.keys(contexts).length) ol.contexts = contexts;
  if (Object.keys(timed.actions).length) ol.actions = timed.actions;
  if (Object.keys(timed.events).length) ol.events = timed.events;
  if (Object.keys(timed.relations).length) ol.relations = timed.relations;
  const n = Object.keys(frames).length;
  if (n) ol.frame_intervals = [{ frame_start: 0, frame_end: n - 1 }];
  return { json: { openlabel: ol }, summary };
}
