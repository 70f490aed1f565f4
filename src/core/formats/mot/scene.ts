/**
 * MOT rows ↔ scene. Frame n of a MOT file is the n-th sample (1-based) of the camera's stream(s),
 * in stream order; boxes are box2d annotations (x0 = left, x1 = left + width; pixels).
 */
import { Scene, type Annotation, type Box2D, type ObjectTrack, type Sample, allAnnotations, partitionAnnotations } from '../../schema';
import { uniqueId, type ExportSummary } from '../common';
import type { MotRow } from './parse';

function cameraSamples(scene: Scene, camera: string): Sample[] {
  const sensor = scene.sensors.find((s) => s.id === camera);
  if (!sensor || (sensor.kind !== 'camera' && sensor.kind !== 'video')) throw new Error(`MOT: "${camera}" is not a camera or video sensor of scene "${scene.id}"`);
  return scene.streams.filter((s) => s.sensor === camera).flatMap((s) => s.samples);
}

export interface MotImportOptions {
  camera: string;
  /** Taxonomy class of the new objects (default `car`). */
  classId?: string;
  /** Prefix of the new object and annotation ids (default `mot`). */
  prefix?: string;
}

/**
 * Add MOT rows to a copy of `scene` as model pre-annotations: one object per track id (each
 * `id = −1` detection gets its own object), a box2d on sample `frame − 1` of the camera with
 * `source: 'model'` and `score = conf`. Rows past the last camera sample are reported in
 * `summary.dropped`. The returned scene is validated.
 */
export function importMotAsPreAnnotations(scene: Scene, rows: readonly MotRow[], opts: MotImportOptions): { scene: Scene; summary: ExportSummary } {
  const samples = cameraSamples(scene, opts.camera);
  const classId = opts.classId ?? 'car';
  if (!scene.taxonomy.classes.some((c) => c.id === classId)) throw new Error(`MOT import: class "${classId}" is not in taxonomy "${scene.taxonomy.id}"`);
  const prefix = opts.prefix ?? 'mot';
  const objects: Record<string, ObjectTrack> = { ...scene.objects };
  const annotations: Record<string, Annotation> = Object.fromEntries(allAnnotations(scene).map((a) => [a.id, a]));
  const trackObject = new Map<number, string>();
  const summary: ExportSummary = { written: { objects: 0, box2d: 0 }, dropped: [] };
  let late = 0;
  rows.forEach((r, i) => {
    const sample = samples[r.frame - 1];
    if (!sample) {
      late++;
      return;
    }
    let obj = r.id >= 0 ? trackObject.get(r.id) : undefined;
    if (!obj) {
      obj = uniqueId(r.id >= 0 ? `${prefix}_${r.id}` : `${prefix}_det${i}`, objects);
      objects[obj] = { id: obj, classId, name: r.id >= 0 ? `Track ${r.id}` : `Detection ${i + 1}`, attributes: { mot_id: r.id } };
      if (r.id >= 0) trackObject.set(r.id, obj);
      summary.written.objects++;
    }
    const id = uniqueId(`${obj}_f${r.frame}`, annotations);
    const box: Box2D = { id, kind: 'box2d', object: obj, sensor: opts.camera, sample: sample.id, source: 'model', score: r.conf, x0: r.x, y0: r.y, x1: r.x + r.w, y1: r.y + r.h };
    annotations[id] = box;
    summary.written.box2d++;
  });
  if (late > 0) summary.dropped.push({ what: 'MOT row', count: late, reason: `frame beyond the camera's ${samples.length} samples` });
  return { scene: Scene.parse({ ...scene, objects, annotations: partitionAnnotations(annotations) }), summary };
}

/**
 * Scene → MOT text for one camera: `frame,id,left,top,width,height,conf,-1,-1,-1` (the ByteTrack
 * form, also valid MOT15). Frame = 1-based index of the sample in the camera's stream order; track
 * ids 1.. in order of each object's first box (frame, then annotation id), so numbering is stable.
 * `conf` is the annotation's score, 1 for manual boxes. Other annotation kinds are counted as dropped.
 */
/** Pixel values to 1/1000 px, without float noise such as 98.33000000000004. */
const num = (v: number): string => String(Math.round(v * 1000) / 1000);

export function exportMot(scene: Scene, camera: string): { text: string; summary: ExportSummary } {
  const samples = cameraSamples(scene, camera);
  const frameOf = new Map(samples.map((s, i) => [s.id, i + 1]));
  const boxes: { frame: number; a: Box2D }[] = [];
  const other = new Map<string, number>();
  for (const a of allAnnotations(scene)) {
    if (!('sample' in a) || a.sensor !== camera) continue;
    if (a.kind !== 'box2d') {
      other.set(a.kind, (other.get(a.kind) ?? 0) + 1);
      continue;
    }
    const frame = frameOf.get(a.sample);
    if (frame !== undefined) boxes.push({ frame, a });
  }
  boxes.sort((p, q) => p.frame - q.frame || (p.a.id < q.a.id ? -1 : p.a.id > q.a.id ? 1 : 0));
  const trackId = new Map<string, number>();
  for (const { a } of boxes) if (!trackId.has(a.object)) trackId.set(a.object, trackId.size + 1);
  const lines = boxes
    .map(({ frame, a }) => ({ frame, id: trackId.get(a.object)!, a }))
    .sort((p, q) => p.frame - q.frame || p.id - q.id)
    .map(({ frame, id, a }) => [frame, id, a.x0, a.y0, a.x1 - a.x0, a.y1 - a.y0, a.score ?? 1, -1, -1, -1].map(num).join(','));
  const summary: ExportSummary = { written: { box2d: boxes.length, tracks: trackId.size }, dropped: [] };
  for (const [what, count] of other) summary.dropped.push({ what, count, reason: 'MOT holds only 2D boxes' });
  return { text: lines.map((l) => `${l}\n`).join(''), summary };
}
