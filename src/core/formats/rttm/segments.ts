/**
 * Shared by the RTTM and WebVTT importers/exporters: time segments on an audio or video sensor.
 * File times are seconds from the start of the media file; scene times are seconds on the scene
 * clock. `origin` (scene seconds of file time 0) defaults to the `t` of the sensor's first sample.
 */
import { Scene, type Annotation, type ObjectTrack, type TimeSegment, allAnnotations, partitionAnnotations } from '../../schema';
import { uniqueId, type ExportSummary } from '../common';

/** A segment in file seconds, as the text formats hold it. */
export interface FileSegment {
  start: number;
  end: number;
  speaker?: string;
  text?: string;
}

export interface SegmentImportOptions {
  /** Audio or video sensor the segments belong to. */
  sensor: string;
  /** Scene time (s) of file time 0; default the sensor's first sample `t`, else 0. */
  origin?: number;
  /** Taxonomy class of new speaker objects (default `speaker`). */
  classId?: string;
  /** Prefix of new ids (default the format name given by the caller). */
  prefix: string;
}

/** Scene seconds of file time 0 for `sensor` (throws if the sensor is not audio or video). */
export function mediaOrigin(scene: Scene, sensor: string, origin?: number): number {
  const s = scene.sensors.find((x) => x.id === sensor);
  if (!s || (s.kind !== 'audio' && s.kind !== 'video')) throw new Error(`"${sensor}" is not an audio or video sensor of scene "${scene.id}"`);
  if (origin !== undefined) return origin;
  const first = scene.streams.find((st) => st.sensor === sensor && st.samples.length > 0);
  return first ? first.samples[0].t + first.offset : 0;
}

/**
 * Add segments to a copy of `scene` as timeSegment annotations (`source: 'imported'`): one
 * object per speaker label, reusing an existing object of the same class and name; segments
 * without a speaker share one object named "Unattributed". The returned scene is validated.
 */
export function addTimeSegments(scene: Scene, segments: readonly FileSegment[], opts: SegmentImportOptions): { scene: Scene; summary: ExportSummary } {
  const origin = mediaOrigin(scene, opts.sensor, opts.origin);
  const classId = opts.classId ?? 'speaker';
  if (!scene.taxonomy.classes.some((c) => c.id === classId)) throw new Error(`class "${classId}" is not in taxonomy "${scene.taxonomy.id}"`);
  const objects: Record<string, ObjectTrack> = { ...scene.objects };
  const annotations: Record<string, Annotation> = Object.fromEntries(allAnnotations(scene).map((a) => [a.id, a]));
  const bySpeaker = new Map<string, string>();
  for (const o of Object.values(objects)) if (o.classId === classId && o.name) bySpeaker.set(o.name, o.id);
  const summary: ExportSummary = { written: { objects: 0, timeSegment: 0 }, dropped: [] };
  segments.forEach((seg, i) => {
    const name = seg.speaker ?? 'Unattributed';
    let obj = bySpeaker.get(name);
    if (!obj) {
      obj = uniqueId(`${opts.prefix}_${name.replace(/[^A-Za-z0-9_-]+/g, '_')}`, objects);
      objects[obj] = { id: obj, classId, name, attributes: {} };
      bySpeaker.set(name, obj);
      summary.written.objects++;
    }
    const id = uniqueId(`${opts.prefix}_seg${i + 1}`, annotations);
    const a: TimeSegment = { id, kind: 'timeSegment', object: obj, sensor: opts.sensor, source: 'imported', start: origin + seg.start, end: origin + seg.end };
    if (seg.speaker !== undefined) a.speaker = seg.speaker;
    if (seg.text !== undefined) a.text = seg.text;
    annotations[id] = a;
    summary.written.timeSegment++;
  });
  return { scene: Scene.parse({ ...scene, objects, annotations: partitionAnnotations(annotations) }), summary };
}

/** The timeSegment annotations of `sensor`, sorted by start, then end, then id. */
export function segmentsOf(scene: Scene, sensor: string): TimeSegment[] {
  return allAnnotations(scene)
    .filter((a): a is TimeSegment => a.kind === 'timeSegment' && a.sensor === sensor)
    .sort((a, b) => a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
