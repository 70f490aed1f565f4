/**
 * Annotation commands. Every new or changed annotation is re-validated with the Annotation schema
 * and its references checked against the scene: the object exists; the sensor exists and has a
 * kind that can carry this annotation kind; the sample belongs to that sensor's stream; a text span
 * lies inside its document's or transcript segment's text and covers the `text` it recorded; a 2D
 * box has x1 >= x0 and y1 >= y0; the object's class may be labelled in that modality.
 */
import type { z } from 'zod';
import { Annotation, NotVisibleReason, type Scene, type SensorKind } from '../schema';
import { CommandError, defineCommand } from './command';
import { parseRecord, requireAnnotationAt, requireClass, requireObject } from './guard';
import { findAnnotations, locateAnnotation, peekField, putAnnotation, replaceAnnotation } from './draftAnnotations';
import { newId } from './ids';
import { removeAnnotation } from './remove';
import { insertObject, type CreateObjectArgs } from './objects';
import { refreshTracksAfterEdit, trackPlaceOf } from './tracks';
import { peekSegment, remapHostSpans } from './textHosts';
import { diffToEdit } from '../text/offsets';

/** An annotation as callers write it (schema defaults such as `source` optional). */
export type AnnotationInput = z.input<typeof Annotation>;

type PatchOf<T> = T extends unknown ? Partial<Omit<T, 'id' | 'kind'>> : never;
/** A partial annotation: any fields of its kind except `id` and `kind`; a field set to `undefined` is removed. */
export type AnnotationPatch = PatchOf<Annotation>;

type ObjectOptional<T> = T extends unknown ? Omit<T, 'object'> & { object?: string } : never;
/** An annotation for an object created in the same step: `object` may be omitted. */
export type NewObjectAnnotation = ObjectOptional<AnnotationInput>;

/** Which sensor kinds may carry each annotation kind (textSpan lives in a document, not a sensor). */
const SENSOR_KINDS: Record<Exclude<Annotation['kind'], 'textSpan'>, readonly SensorKind[]> = {
  cuboid: ['lidar', 'camera'],
  box2d: ['camera', 'video'],
  polygon: ['camera', 'video'],
  mask: ['camera', 'video'],
  timeSegment: ['audio', 'video'],
  notVisible: ['camera', 'lidar', 'video', 'audio', 'text'],
};

/** Throw CommandError unless every reference of `a` resolves in `scene` (see the module comment). */
export function checkAnnotationRefs(scene: Scene, a: Annotation): void {
  const what = `annotation "${a.id}"`;
  const obj = scene.objects[a.object];
  if (!obj) throw new CommandError(`${what}: object "${a.object}" does not exist`);
  // Sensors, streams, documents and the taxonomy are read as they are now without drafting them
  // (a drag step would otherwise make a draft of every sample it scans).
  const sensors = peekField(scene, 'sensors'), streams = peekField(scene, 'streams'), documents = peekField(scene, 'documents');
  const cls = requireClass({ taxonomy: peekField(scene, 'taxonomy') }, obj.classId);
  if (a.kind === 'box2d' && !(a.x1 >= a.x0 && a.y1 >= a.y0))
    throw new CommandError(`${what}: a box needs x1 >= x0 and y1 >= y0 (got ${a.x0},${a.y0} .. ${a.x1},${a.y1})`);
  let modality: SensorKind;
  if (a.kind === 'textSpan') {
    let text: string, host: string;
    if (a.segment !== undefined) {
      const seg = peekSegment(scene, a.segment);
      if (!seg) throw new CommandError(`${what}: segment "${a.segment}" is not a transcript segment of the scene`);
      if (seg.text === undefined) throw new CommandError(`${what}: segment "${a.segment}" has no transcript text`);
      [text, host] = [seg.text, `segment "${seg.id}"`];
    } else {
      const doc = documents.find((d) => d.id === a.document);
      if (!doc) throw new CommandError(`${what}: document "${a.document}" does not exist`);
      [text, host] = [doc.text, `document "${doc.id}"`];
    }
    if (a.end > text.length) throw new CommandError(`${what}: span [${a.start}, ${a.end}) runs past the end of ${host} (${text.length} characters)`);
    if (a.text !== undefined && text.slice(a.start, a.end) !== a.text)
      throw new CommandError(`${what}: text ${JSON.stringify(a.text)} does not match the ${host} at [${a.start}, ${a.end})`);
    modality = 'text';
  } else {
    const sensor = sensors.find((s) => s.id === a.sensor);
    if (!sensor) throw new CommandError(`${what}: sensor "${a.sensor}" does not exist`);
    if (!SENSOR_KINDS[a.kind].includes(sensor.kind)) throw new CommandError(`${what}: a ${a.kind} cannot be drawn on ${sensor.kind} sensor "${sensor.id}"`);
    if ('sample' in a && !streams.some((st) => st.sensor === a.sensor && st.samples.some((x) => x.id === a.sample)))
      throw new CommandError(`${what}: sample "${a.sample}" does not exist in sensor "${a.sensor}"`);
    modality = sensor.kind;
  }
  if (a.kind !== 'notVisible' && !cls.modalities.includes(modality))
    throw new CommandError(`${what}: class "${cls.id}" is not labelled in ${modality} (allowed: ${cls.modalities.join(', ')})`);
}

/** Validate and insert an annotation into a draft; shared by the commands below. Returns its id. */
export function insertAnnotation(draft: Scene, input: AnnotationInput): string {
  const id = typeof input?.id === 'string' && input.id ? input.id : '?';
  const a = parseRecord(Annotation, input, `annotation "${id}"`);
  if (locateAnnotation(draft, a.id) !== undefined) throw new CommandError(`annotation "${a.id}" already exists`);
  checkAnnotationRefs(draft, a);
  putAnnotation(draft, a);
  return a.id;
}

export const addAnnotation = defineCommand<{ annotation: AnnotationInput }>({
  type: 'annotation/add',
  label: 'Add annotation',
  run: (draft, { annotation }) => void insertAnnotation(draft, annotation),
});

/**
 * Apply a partial change to one annotation; the merged record is re-validated. `id` and `kind`
 * cannot change. A change of sample (or sensor of a time segment) moves it to its new partition.
 * A changed transcript `text` of a time segment moves its spans with the words (text/offsets.ts).
 */
export const updateAnnotation = defineCommand<{ id: string; patch: AnnotationPatch }>({
  type: 'annotation/update',
  label: 'Edit annotation',
  run(draft, { id, patch }) {
    const { annotation: current, partition } = requireAnnotationAt(draft, id);
    if (patch === null || typeof patch !== 'object') throw new CommandError(`annotation "${id}": the patch must be an object`);
    const merged: Record<string, unknown> = { ...current };
    for (const [k, v] of Object.entries(patch)) {
      if ((k === 'id' || k === 'kind') && v !== merged[k]) throw new CommandError(`annotation "${id}": ${k} cannot be changed`);
      if (v === undefined) delete merged[k];
      else merged[k] = v;
    }
    // an edited interpolated frame becomes a keyframe; its track's interpolation follows the edit (tracks.ts)
    if (current.source === 'interpolated' && !('source' in patch)) merged.source = 'manual';
    const before = trackPlaceOf(current);
    const oldText = current.kind === 'timeSegment' ? current.text : undefined;
    const next = parseRecord(Annotation, merged, `annotation "${id}"`);
    checkAnnotationRefs(draft, next);
    replaceAnnotation(draft, partition, next);
    // A transcript edited as a whole: its spans follow the words (one edit from the common prefix and suffix).
    if (next.kind === 'timeSegment' && next.text !== oldText) {
      const edit = diffToEdit(oldText ?? '', next.text ?? '');
      if (edit) remapHostSpans(draft, { segment: id }, edit, next.text ?? '');
    }
    refreshTracksAfterEdit(draft, before, trackPlaceOf(next));
  },
});

export const deleteAnnotation = defineCommand<{ id: string }>({
  type: 'annotation/delete',
  label: 'Delete annotation',
  run(draft, { id }) {
    const before = trackPlaceOf(requireAnnotationAt(draft, id).annotation);
    removeAnnotation(draft, id);
    refreshTracksAfterEdit(draft, before, undefined);
  },
});

export interface MarkNotVisibleArgs {
  object: string;
  sensor: string;
  sample: string;
  reason: z.infer<typeof NotVisibleReason>;
  comment?: string;
  /** Omitted: a fresh `nv_…` id. */
  id?: string;
}

/**
 * Record that an object is not visible in one sensor sample. Any box, polygon, mask, cuboid or
 * earlier not-visible mark of that object in that sample is removed in the same undo step, so the
 * sample never claims both.
 */
export const markNotVisible = defineCommand<MarkNotVisibleArgs>({
  type: 'annotation/markNotVisible',
  label: 'Mark not visible',
  run(draft, { object, sensor, sample, reason, comment, id }) {
    requireObject(draft, object);
    for (const { annotation: a } of findAnnotations(draft, (a) => a.object === object && 'sample' in a && a.sensor === sensor && a.sample === sample))
      removeAnnotation(draft, a.id);
    insertAnnotation(draft, { id: id ?? newId('nv'), kind: 'notVisible', object, sensor, sample, reason, comment, source: 'manual' });
    refreshTracksAfterEdit(draft, undefined, { object, sensor, sample, kind: 'notVisible', source: 'manual' });
  },
});

/**
 * A box drawn where no object exists yet: create the object and its first annotation as one
 * undo step. `annotation.object` must be omitted or equal the object's id.
 */
export const createObjectWithAnnotation = defineCommand<{ object: CreateObjectArgs; annotation: NewObjectAnnotation }>({
  type: 'object/createWithAnnotation',
  label: 'Create object',
  run(draft, { object, annotation }) {
    const objectId = insertObject(draft, object);
    if (annotation.object !== undefined && annotation.object !== objectId)
      throw new CommandError(`annotation "${String(annotation.id)}": object "${annotation.object}" differs from the new object "${objectId}"`);
    insertAnnotation(draft, { ...annotation, object: objectId } as AnnotationInput);
  },
});
