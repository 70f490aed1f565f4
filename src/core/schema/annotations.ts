/**
 * One object, many views. An `ObjectTrack` is one physical object with one class; every
 * annotation below references it by id and lives in one sensor's sample (or a document / a
 * time range). `notVisible` records explicitly that an object is not visible in a sensor sample.
 */
import { z } from 'zod';
import { Metadata, Quaternion, Vec3 } from './primitives';
import { SampleId, SensorId } from './sensors';

export const ObjectId = z.string().min(1);
export type ObjectId = z.infer<typeof ObjectId>;
export const AnnotationId = z.string().min(1);
export type AnnotationId = z.infer<typeof AnnotationId>;

export const AttributeValue = z.union([z.string(), z.number(), z.boolean()]);
export type AttributeValue = z.infer<typeof AttributeValue>;
export const Attributes = z.record(z.string(), AttributeValue);

export const ObjectTrack = z.object({
  id: ObjectId,
  /** Class id from the scene taxonomy. */
  classId: z.string().min(1),
  /** Short display label, e.g. "Car 3". */
  name: z.string().optional(),
  attributes: Attributes.default({}),
  /**
   * The object's lifetime on the scene clock, when it is known apart from its geometry (a driver
   * present in frames 0–100 with no box; OpenLABEL's object `frame_intervals`). Seconds, [start, end].
   */
  intervals: z.array(z.object({ start: z.number(), end: z.number() })).optional(),
  metadata: Metadata.optional(),
});
export type ObjectTrack = z.infer<typeof ObjectTrack>;

/**
 * Where an annotation came from. `interpolated`: computed between two keyframes of its object's
 * track and shown as such until the annotator accepts or edits it (then it becomes a keyframe).
 */
export const AnnotationSource = z.enum(['manual', 'projected', 'imported', 'model', 'interpolated']);
export type AnnotationSource = z.infer<typeof AnnotationSource>;

const base = {
  id: AnnotationId,
  object: ObjectId,
  source: AnnotationSource.default('manual'),
  /** Detector confidence for `source: model`. */
  score: z.number().optional(),
  attributes: Attributes.optional(),
  metadata: Metadata.optional(),
};
const inSample = { sensor: SensorId, sample: SampleId };

/**
 * A 3D box in the sensor's frame: `center` in metres, `size` length (along the object's x),
 * width (y) and height (z), `rotation` the object-to-sensor rotation.
 */
export const Cuboid = z.object({
  ...base,
  ...inSample,
  kind: z.literal('cuboid'),
  center: Vec3,
  size: z.object({ l: z.number().positive(), w: z.number().positive(), h: z.number().positive() }),
  rotation: Quaternion,
});
export type Cuboid = z.infer<typeof Cuboid>;

const Rect = z
  .object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() })
  .refine((r) => r.x1 >= r.x0 && r.y1 >= r.y0, 'a box needs x1 >= x0 and y1 >= y0');
export type Rect = z.infer<typeof Rect>;

/** Axis-aligned 2D box in pixels (x0,y0 top-left; x1,y1 bottom-right; continuous pixel coordinates). */
export const Box2D = z.object({
  ...base,
  ...inSample,
  kind: z.literal('box2d'),
  x0: z.number(),
  y0: z.number(),
  x1: z.number(),
  y1: z.number(),
  /** For an annotator's override of a projected box: the projected box it replaced, kept so the deviation is known. */
  projected: Rect.optional(),
  /** For derived boxes: the cuboid annotation it was projected from. */
  fromCuboid: AnnotationId.optional(),
  /** Fraction of the projected box cut off by the image border or the near plane (0..1). */
  truncated: z.number().min(0).max(1).optional(),
  /** KITTI-style occlusion level 0..3 when imported. */
  occluded: z.number().int().min(0).max(3).optional(),
});
export type Box2D = z.infer<typeof Box2D>;

export const Polygon = z.object({
  ...base,
  ...inSample,
  kind: z.literal('polygon'),
  points: z.array(z.object({ x: z.number(), y: z.number() })).min(3),
  closed: z.boolean().default(true),
});
export type Polygon = z.infer<typeof Polygon>;

/** COCO RLE mask (column-major, counts start with zeros); counts as the compressed string or a number list. */
export const Mask = z.object({
  ...base,
  ...inSample,
  kind: z.literal('mask'),
  rle: z.object({
    size: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
    counts: z.union([z.string(), z.array(z.number().int().nonnegative())]),
  }),
});
export type Mask = z.infer<typeof Mask>;

/** A time range on an audio or video sensor, in scene seconds. */
export const TimeSegment = z
  .object({
    ...base,
    kind: z.literal('timeSegment'),
    sensor: SensorId,
    start: z.number(),
    end: z.number(),
    speaker: z.string().optional(),
    /** Transcript of the segment, if any. */
    text: z.string().optional(),
  })
  .refine((s) => s.end >= s.start, { message: 'a segment must end after it starts', path: ['end'] });
export type TimeSegment = z.infer<typeof TimeSegment>;

/**
 * A character range [start, end) (UTF-16 code units) of a text: a document's (`document`) or a
 * transcript segment's (`segment`: the id of a timeSegment whose `text` holds the range). Exactly
 * one of the two. A mention is never free-floating: `object` is what the words refer to. A phrase
 * naming two objects ("the two cars") is two spans with the same range.
 */
export const TextSpan = z
  .object({
    ...base,
    kind: z.literal('textSpan'),
    document: z.string().min(1).optional(),
    /** A timeSegment annotation whose transcript `text` this span lies in (instead of a document). */
    segment: AnnotationId.optional(),
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
    /** BCP-47 language tag of the span's words when they differ from their text's (code-switching); absent: the text's own. */
    language: z.string().min(2).optional(),
    /** The covered text, kept to detect a text edited under the span. */
    text: z.string().optional(),
  })
  .refine((s) => s.end > s.start, { message: 'a span must cover at least one character', path: ['end'] })
  .refine((s) => (s.document === undefined) !== (s.segment === undefined), { message: 'a text span lies in exactly one of a document or a transcript segment', path: ['document'] });
export type TextSpan = z.infer<typeof TextSpan>;

export const NotVisibleReason = z.enum(['occluded', 'out_of_frame', 'too_small', 'sensor_failure', 'other']);
export const NotVisible = z.object({
  ...base,
  ...inSample,
  kind: z.literal('notVisible'),
  reason: NotVisibleReason,
  comment: z.string().optional(),
});
export type NotVisible = z.infer<typeof NotVisible>;

export const Annotation = z.discriminatedUnion('kind', [Cuboid, Box2D, Polygon, Mask, TimeSegment, TextSpan, NotVisible]);
export type Annotation = z.infer<typeof Annotation>;
export type AnnotationKind = Annotation['kind'];

/** A region to ignore (KITTI DontCare): not an object, excluded from QA and evaluation. */
export const IgnoreRegion = z.object({
  id: z.string().min(1),
  ...inSample,
  x0: z.number(),
  y0: z.number(),
  x1: z.number(),
  y1: z.number(),
  label: z.string().default('DontCare'),
});
export type IgnoreRegion = z.infer<typeof IgnoreRegion>;

/**
 * What a document is. `description`: about the whole scene (the default of documents written before
 * kinds existed); `caption`: describes the sample it names (or the scene when it names none);
 * `note`: the annotator's free text (never checked against the scene); `prompt` / `response`: an
 * instruction about an image and a model's (or a person's) answer to it, compared in `scene.comparisons`.
 */
export const DocumentKind = z.enum(['description', 'caption', 'note', 'prompt', 'response']);
export type DocumentKind = z.infer<typeof DocumentKind>;

/** A text document: a scene description, a caption, a note, a prompt or a response. Text is kept byte for byte. */
export const TextDocument = z.object({
  id: z.string().min(1),
  /** Absent: `description`. */
  kind: DocumentKind.optional(),
  /** With `sample`: the sensor sample (image, sweep) the text describes; alone: the sensor's whole stream. */
  sensor: SensorId.optional(),
  sample: SampleId.optional(),
  title: z.string().optional(),
  language: z.string().min(2).default('en'),
  text: z.string(),
  /** For a `response`: the `prompt` document it answers. */
  prompt: z.string().optional(),
  metadata: Metadata.optional(),
});
export type TextDocument = z.infer<typeof TextDocument>;

/** The kind of a document, `description` when it has none. */
export const documentKind = (d: { kind?: DocumentKind }): DocumentKind => d.kind ?? 'description';
