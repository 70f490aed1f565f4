/**
 * The scene document: the single persisted, undoable, validated record of a labelled scene.
 * Objects are a map keyed by id; annotations are partitioned by where they live (sample, sensor
 * or document; see partitions.ts) and keyed by id inside, so edits and patches address them
 * directly and an edit copies one partition, not every annotation.
 */
import { z } from 'zod';
import { Annotation, IgnoreRegion, ObjectTrack, TextDocument } from './annotations';
import { Metadata, Transform } from './primitives';
import { Sensor, Stream } from './sensors';
import { Taxonomy } from './taxonomy';
import { ReviewRecord } from './review';
import { partitionOf } from './partitions';
import { TimeLabel } from './timeLabels';
import { Comparison } from './comparisons';

export const CURRENT_SCHEMA_VERSION = 3 as const;

/** A reviewer's decision to accept a QA finding as it is: recorded with a comment, never silently dropped. */
export const Waiver = z.object({
  /** The finding's stable id (core/qa findingId). */
  finding: z.string().min(1),
  check: z.string().min(1),
  object: z.string().optional(),
  comment: z.string().min(1, 'a waiver needs a comment'),
  by: z.string().default('annotator'),
  /** ISO 8601 time of the waiver. */
  at: z.string(),
});
export type Waiver = z.infer<typeof Waiver>;

export const Scene = z
  .object({
    schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
    id: z.string().min(1),
    name: z.string().min(1),
    taxonomy: Taxonomy,
    sensors: z.array(Sensor),
    /** Static transforms between frames beyond the sensors' own extrinsics (e.g. KITTI's R0_rect). */
    transforms: z.array(Transform).default([]),
    streams: z.array(Stream),
    objects: z.record(z.string(), ObjectTrack),
    /** partition key (partitionOf) → annotation id → annotation. */
    annotations: z.record(z.string(), z.record(z.string(), Annotation)),
    ignoreRegions: z.array(IgnoreRegion).default([]),
    documents: z.array(TextDocument).default([]),
    /** Actions, events and contexts on the scene clock, keyed by id. */
    timeLabels: z.record(z.string(), TimeLabel).default({}),
    /** Preference judgements between candidate texts about one image, keyed by id. */
    comparisons: z.record(z.string(), Comparison).default({}),
    /** QA decisions recorded in the document: waived findings and reviewers' decisions. */
    qa: z.object({ waivers: z.array(Waiver).default([]), reviews: z.array(ReviewRecord).default([]) }).default({ waivers: [], reviews: [] }),
    metadata: Metadata.default({}),
  })
  .superRefine((s, ctx) => checkReferences(s, ctx));
export type Scene = z.infer<typeof Scene>;
/** The input shape (defaults optional), for builders and fixtures. */
export type SceneInput = z.input<typeof Scene>;

type SceneShape = Omit<Scene, never>;

/** Referential integrity the shape alone cannot express: every id points at something that exists. */
function checkReferences(s: SceneShape, ctx: z.RefinementCtx): void {
  const sensors = new Map(s.sensors.map((x) => [x.id, x]));
  const samples = new Map<string, Set<string>>();
  const seenSensor = new Set<string>();
  s.sensors.forEach((x, i) => {
    if (seenSensor.has(x.id)) ctx.addIssue({ code: 'custom', message: `duplicate sensor id "${x.id}"`, path: ['sensors', i, 'id'] });
    seenSensor.add(x.id);
  });
  s.streams.forEach((st, i) => {
    if (!sensors.has(st.sensor)) ctx.addIssue({ code: 'custom', message: `stream "${st.id}" names unknown sensor "${st.sensor}"`, path: ['streams', i, 'sensor'] });
    const set = samples.get(st.sensor) ?? new Set<string>();
    st.samples.forEach((x) => set.add(x.id));
    samples.set(st.sensor, set);
  });
  const classIds = new Set(s.taxonomy.classes.map((c) => c.id));
  for (const [key, o] of Object.entries(s.objects)) {
    if (key !== o.id) ctx.addIssue({ code: 'custom', message: `object key "${key}" differs from its id "${o.id}"`, path: ['objects', key, 'id'] });
    if (!classIds.has(o.classId)) ctx.addIssue({ code: 'custom', message: `class "${o.classId}" is not in taxonomy "${s.taxonomy.id}" v${s.taxonomy.version}`, path: ['objects', key, 'classId'] });
  }
  for (const [key, l] of Object.entries(s.timeLabels)) {
    if (key !== l.id) ctx.addIssue({ code: 'custom', message: `time label key "${key}" differs from its id "${l.id}"`, path: ['timeLabels', key, 'id'] });
    l.objects.forEach((o, i) => {
      if (!s.objects[o]) ctx.addIssue({ code: 'custom', message: `${l.kind} "${l.id}" references unknown object "${o}"`, path: ['timeLabels', key, 'objects', i] });
    });
  }
  const docs = new Map(s.documents.map((d) => [d.id, d]));
  const seenDoc = new Set<string>();
  s.documents.forEach((d, i) => {
    if (seenDoc.has(d.id)) ctx.addIssue({ code: 'custom', message: `duplicate document id "${d.id}"`, path: ['documents', i, 'id'] });
    seenDoc.add(d.id);
    if (d.sensor !== undefined && !sensors.has(d.sensor)) ctx.addIssue({ code: 'custom', message: `document "${d.id}" names unknown sensor "${d.sensor}"`, path: ['documents', i, 'sensor'] });
    else if (d.sample !== undefined && (d.sensor === undefined || !samples.get(d.sensor)?.has(d.sample)))
      ctx.addIssue({ code: 'custom', message: `document "${d.id}" names unknown sample "${d.sample}"${d.sensor ? ` of sensor "${d.sensor}"` : ' (a sample needs its sensor)'}`, path: ['documents', i, 'sample'] });
    if (d.prompt !== undefined && docs.get(d.prompt)?.kind !== 'prompt') ctx.addIssue({ code: 'custom', message: `document "${d.id}" answers "${d.prompt}", which is not a prompt document of the scene`, path: ['documents', i, 'prompt'] });
  });
  for (const [key, c] of Object.entries(s.comparisons)) {
    if (key !== c.id) ctx.addIssue({ code: 'custom', message: `comparison key "${key}" differs from its id "${c.id}"`, path: ['comparisons', key, 'id'] });
    c.candidates.forEach((d, i) => {
      if (!docs.has(d)) ctx.addIssue({ code: 'custom', message: `comparison "${c.id}" lists unknown document "${d}"`, path: ['comparisons', key, 'candidates', i] });
    });
    if (c.prompt !== undefined && !docs.has(c.prompt)) ctx.addIssue({ code: 'custom', message: `comparison "${c.id}" names unknown prompt document "${c.prompt}"`, path: ['comparisons', key, 'prompt'] });
    if (c.sensor !== undefined && !sensors.has(c.sensor)) ctx.addIssue({ code: 'custom', message: `comparison "${c.id}" names unknown sensor "${c.sensor}"`, path: ['comparisons', key, 'sensor'] });
    else if (c.sample !== undefined && (c.sensor === undefined || !samples.get(c.sensor)?.has(c.sample)))
      ctx.addIssue({ code: 'custom', message: `comparison "${c.id}" names unknown sample "${c.sample}"`, path: ['comparisons', key, 'sample'] });
  }
  const annotationIds = new Map<string, string>();
  const spanSegments: [Annotation & { kind: 'textSpan' }, (string | number)[]][] = [];
  for (const [part, annotations] of Object.entries(s.annotations))
    for (const [key, a] of Object.entries(annotations)) checkAnnotation(part, key, a);
  for (const [a, path] of spanSegments) {
    const part = annotationIds.get(a.segment!);
    const seg = part === undefined ? undefined : s.annotations[part][a.segment!];
    if (!seg || seg.kind !== 'timeSegment') ctx.addIssue({ code: 'custom', message: `text span "${a.id}" references "${a.segment}", which is not a transcript segment of the scene`, path: [...path, 'segment'] });
  }
  function checkAnnotation(part: string, key: string, a: Annotation): void {
    const path = ['annotations', part, key];
    if (key !== a.id) ctx.addIssue({ code: 'custom', message: `annotation key "${key}" differs from its id "${a.id}"`, path: [...path, 'id'] });
    const home = partitionOf(a);
    if (part !== home)
      ctx.addIssue({ code: 'custom', message: `annotation "${a.id}" is filed under partition "${part}" but belongs in "${home}"`, path: [...path, a.kind === 'textSpan' ? (a.segment !== undefined ? 'segment' : 'document') : a.kind === 'timeSegment' ? 'sensor' : 'sample'] });
    const other = annotationIds.get(key);
    if (other !== undefined) ctx.addIssue({ code: 'custom', message: `annotation id "${key}" is used twice (also in partition "${other}")`, path });
    else annotationIds.set(key, part);
    if (!s.objects[a.object]) ctx.addIssue({ code: 'custom', message: `annotation "${a.id}" references unknown object "${a.object}"`, path: [...path, 'object'] });
    if (a.kind === 'textSpan') {
      if (a.document !== undefined && !docs.has(a.document)) ctx.addIssue({ code: 'custom', message: `text span "${a.id}" references unknown document "${a.document}"`, path: [...path, 'document'] });
      if (a.segment !== undefined) spanSegments.push([a, path]);
      return;
    }
    if (!sensors.has(a.sensor)) {
      ctx.addIssue({ code: 'custom', message: `annotation "${a.id}" references unknown sensor "${a.sensor}"`, path: [...path, 'sensor'] });
      return;
    }
    if ('sample' in a && !samples.get(a.sensor)?.has(a.sample)) {
      ctx.addIssue({ code: 'custom', message: `annotation "${a.id}" references unknown sample "${a.sample}" of sensor "${a.sensor}"`, path: [...path, 'sample'] });
    }
  }
}
