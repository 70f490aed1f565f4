/**
 * Annotations are stored partitioned (schema v3): `scene.annotations[partition][id]`, where the
 * partition is where the annotation lives:
 * - a sample-bound annotation (cuboid, box2d, polygon, mask, notVisible): its `sample` id;
 * - a time segment (no sample; a range on an audio/video sensor): `sensor:<sensor id>`;
 * - a text span in a document: `document:<document id>`; in a transcript segment: `segment:<segment id>`.
 *
 * Why: an edit (a drag step) then copies one partition (the tens of annotations of one sample)
 * instead of the whole flat record (17k keys in a 200-frame scene), and its immer patches address
 * `['annotations', partition, id, ...]`. Time segments of one sensor share a partition, so a long
 * diarization (thousands of turns) makes segment edits copy those; split by time if that matters. The key is a pure function of the annotation
 * (`partitionOf`); the scene schema rejects an annotation filed under another key. Two sensors
 * that happen to reuse a sample id, or a sample literally named `sensor:x`, share a partition:
 * harmless, since a partition is only a bucket and the readers below filter by the fields.
 *
 * Readers use the helpers here instead of walking `scene.annotations` themselves. Partitions are
 * never left empty by the commands (the last annotation out removes its partition).
 */
import type { z } from 'zod';
import type { Annotation } from './annotations';

/** `scene.annotations` in schema v3: partition key → annotation id → annotation. */
export type AnnotationPartitions = Record<string, Record<string, Annotation>>;

type HasAnnotations = { readonly annotations: AnnotationPartitions };

export const SENSOR_PARTITION_PREFIX = 'sensor:';
export const DOCUMENT_PARTITION_PREFIX = 'document:';
export const SEGMENT_PARTITION_PREFIX = 'segment:';

/** What decides an annotation's partition (an Annotation, or the input shape of one). */
export type Placeable =
  | { kind: 'textSpan'; document?: string; segment?: string }
  | { kind: 'timeSegment'; sensor: string }
  | { kind: 'cuboid' | 'box2d' | 'polygon' | 'mask' | 'notVisible'; sample: string };

/** The partition key an annotation is filed under (see the module comment). */
export function partitionOf(a: Placeable): string {
  if (a.kind === 'textSpan') return a.segment !== undefined ? SEGMENT_PARTITION_PREFIX + a.segment : DOCUMENT_PARTITION_PREFIX + a.document;
  if (a.kind === 'timeSegment') return SENSOR_PARTITION_PREFIX + a.sensor;
  return a.sample;
}

/**
 * Lenient `partitionOf` for unvalidated JSON (migrations): a record with a string `sample` is filed
 * under it, a text span under its document, anything else under its sensor; undefined when the
 * record names none of them (validation then reports what is wrong with it).
 */
export function partitionOfJson(x: unknown): string | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const r = x as Record<string, unknown>;
  if (r.kind === 'textSpan') return typeof r.segment === 'string' ? SEGMENT_PARTITION_PREFIX + r.segment : typeof r.document === 'string' ? DOCUMENT_PARTITION_PREFIX + r.document : undefined;
  if (r.kind !== 'timeSegment' && typeof r.sample === 'string') return r.sample;
  return typeof r.sensor === 'string' ? SENSOR_PARTITION_PREFIX + r.sensor : undefined;
}

/** An annotation as written before schema defaults apply (fixtures, importers' builders). */
type AnnotationInput = z.input<typeof Annotation>;

/** File annotations (or their input shapes) into partitions; insertion order is kept within a partition, a later duplicate id replaces an earlier one. */
export function partitionAnnotations(annotations: Iterable<Annotation> | Readonly<Record<string, Annotation>>): AnnotationPartitions;
export function partitionAnnotations(annotations: Iterable<AnnotationInput> | Readonly<Record<string, AnnotationInput>>): Record<string, Record<string, AnnotationInput>>;
export function partitionAnnotations(annotations: Iterable<AnnotationInput> | Readonly<Record<string, AnnotationInput>>): Record<string, Record<string, AnnotationInput>> {
  const out: Record<string, Record<string, AnnotationInput>> = {};
  const list: Iterable<AnnotationInput> = Symbol.iterator in annotations ? (annotations as Iterable<AnnotationInput>) : Object.values(annotations as Readonly<Record<string, AnnotationInput>>);
  for (const a of list) (out[partitionOf(a)] ??= {})[a.id] = a;
  return out;
}

const allCache = new WeakMap<AnnotationPartitions, readonly Annotation[]>();

/**
 * Every annotation of the scene, partition by partition. For a frozen document (every store state:
 * immer freezes what it produces) the array is memoized on the `annotations` record, so the same
 * (frozen) array comes back while the document does not change — stable for React selectors and
 * free for repeated readers. A mutable scene (builders, tests) gets a fresh array each call.
 */
export function allAnnotations(scene: HasAnnotations): readonly Annotation[] {
  const parts = scene.annotations;
  const cached = allCache.get(parts);
  if (cached) return cached;
  const out: Annotation[] = [];
  for (const k in parts) {
    const p = parts[k];
    for (const id in p) out.push(p[id]);
  }
  if (!Object.isFrozen(parts)) return out;
  allCache.set(parts, Object.freeze(out));
  return out;
}

/** Number of annotations (no array built). */
export function annotationCount(scene: HasAnnotations): number {
  let n = 0;
  for (const k in scene.annotations) n += Object.keys(scene.annotations[k]).length;
  return n;
}

/** The partition key holding annotation `id`, or undefined. A scan with `id in partition`: microseconds for a few hundred partitions. */
export function findPartition(scene: HasAnnotations, id: string): string | undefined {
  const parts = scene.annotations;
  for (const k in parts) if (Object.prototype.hasOwnProperty.call(parts[k], id)) return k;
  return undefined;
}

/** The annotation with this id, or undefined. */
export function getAnnotation(scene: HasAnnotations, id: string): Annotation | undefined {
  const k = findPartition(scene, id);
  return k === undefined ? undefined : scene.annotations[k][id];
}

/** True when an annotation with this id exists. */
export const hasAnnotation = (scene: HasAnnotations, id: string): boolean => findPartition(scene, id) !== undefined;

/** Annotations of one sample (any sensor's; pass `sensor` to keep one sensor's). */
export function annotationsOfSample(scene: HasAnnotations, sampleId: string, sensor?: string): Annotation[] {
  const p = scene.annotations[sampleId];
  if (!p) return [];
  const out: Annotation[] = [];
  for (const id in p) {
    const a = p[id];
    if ('sample' in a && a.sample === sampleId && (sensor === undefined || a.sensor === sensor)) out.push(a);
  }
  return out;
}

/** Time segments on one audio/video sensor. */
export function segmentsOfSensor(scene: HasAnnotations, sensor: string): Annotation[] {
  const p = scene.annotations[SENSOR_PARTITION_PREFIX + sensor];
  return p ? Object.values(p).filter((a) => a.kind === 'timeSegment' && a.sensor === sensor) : [];
}

/** Text spans in one document. */
export function spansOfDocument(scene: HasAnnotations, document: string): Annotation[] {
  const p = scene.annotations[DOCUMENT_PARTITION_PREFIX + document];
  return p ? Object.values(p).filter((a) => a.kind === 'textSpan' && a.document === document) : [];
}

/** Text spans in one transcript segment's text. */
export function spansOfSegment(scene: HasAnnotations, segment: string): Annotation[] {
  const p = scene.annotations[SEGMENT_PARTITION_PREFIX + segment];
  return p ? Object.values(p).filter((a) => a.kind === 'textSpan' && a.segment === segment) : [];
}

/** Where a text span lies: `{document}` or `{segment}` (see TextSpan). */
export type TextHost = { document: string; segment?: undefined } | { segment: string; document?: undefined };

/** The text spans of a host (a document or a transcript segment). */
export const spansOfHost = (scene: HasAnnotations, host: TextHost): Annotation[] => (host.segment !== undefined ? spansOfSegment(scene, host.segment) : spansOfDocument(scene, host.document));

const indexCache = new WeakMap<AnnotationPartitions, ReadonlyMap<string, Annotation>>();

/** id → annotation for bulk lookups; memoized like allAnnotations (frozen documents only). */
export function annotationIndex(scene: HasAnnotations): ReadonlyMap<string, Annotation> {
  const cached = indexCache.get(scene.annotations);
  if (cached) return cached;
  const m = new Map(allAnnotations(scene).map((a) => [a.id, a]));
  if (Object.isFrozen(scene.annotations)) indexCache.set(scene.annotations, m);
  return m;
}

/**
 * For mutable scenes (builders, importers, tests; never a store state): file `a` under its
 * partition, replacing the record with its id wherever it was filed.
 */
export function setAnnotation(scene: { annotations: AnnotationPartitions }, a: Annotation): void {
  const at = findPartition(scene, a.id);
  if (at !== undefined && at !== partitionOf(a)) removeAnnotationFrom(scene, a.id);
  (scene.annotations[partitionOf(a)] ??= {})[a.id] = a;
}

/** For mutable scenes: remove annotation `id` (and its partition when emptied); returns it, or undefined. */
export function removeAnnotationFrom(scene: { annotations: AnnotationPartitions }, id: string): Annotation | undefined {
  const at = findPartition(scene, id);
  if (at === undefined) return undefined;
  const p = scene.annotations[at];
  const a = p[id];
  delete p[id];
  if (Object.keys(p).length === 0) delete scene.annotations[at];
  return a;
}
