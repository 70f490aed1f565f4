/**
 * The shared step of every timed-text import: segments in file seconds → timeSegment annotations
 * on one audio or video sensor of a scene, each linked to a speaker object.
 *
 * - Sensor: the one asked for, else the scene's first audio sensor, else its first video sensor.
 * - Clock: scene time = origin + offset + file time, origin = the sensor's first sample `t` (its
 *   stream offset included) unless given; `offset` shifts a file that does not start with the media.
 * - Speakers: one object per speaker label. A label is reused when the scene already knows it: an
 *   existing timeSegment with that `speaker` (its object), else an object of that name — in both
 *   cases only an object whose class may be labelled on this sensor's modality. New speakers get
 *   the taxonomy's speaker class (`speaker`, else a class whose id/name/synonyms say speaker, voice
 *   or person and that allows the modality). Segments without a label share one "Unattributed".
 * - Text, speaker label and score are the segment's own; word timings (whisper) are kept in the
 *   annotation's `metadata.words` as `{word, start, end, probability}` in scene seconds. Metadata,
 *   not a transcript TextDocument with textSpans: the words belong to exactly one segment, so they
 *   are undone, deleted, re-assigned and exported with it, and the import stays one `importLabels`
 *   command (objects + annotations) in the app; a document would need one span annotation per
 *   word and character offsets that break as soon as the transcript is edited.
 *
 * The result is built by running `importLabels` — the same command the workbench applies as one
 * undo step — so the CLI and the app validate an import identically. Errors name the file.
 */
import { execute } from '../../commands/command';
import { importLabels } from '../../commands/imports';
import { annotationIndex, type AnnotationSource, type ObjectTrack, type Scene, type SensorKind, type TaxonomyClass, type TimeSegment, allAnnotations } from '../../schema';
import { uniqueId, type ExportSummary } from '../common';
import { mediaOrigin } from '../rttm/segments';
import type { TimedSegment } from './segment';

export interface AddTimedSegmentsOptions {
  /** The file the segments come from (for messages). */
  file: string;
  /** Audio or video sensor; default the first audio sensor, else the first video sensor. */
  sensor?: string;
  /** Scene time (s) of file time 0; default the sensor's first sample `t` plus its stream offset. */
  origin?: number;
  /** Seconds added to every file time on top of the origin (default 0). */
  offset?: number;
  /** Class of new speaker objects; default the taxonomy's speaker class. */
  classId?: string;
  /** Prefix of new ids (the format name). */
  prefix: string;
  /** Annotation source (default `imported`; `model` for ASR output). */
  source?: AnnotationSource;
}

export interface AddTimedSegmentsResult {
  scene: Scene;
  sensor: string;
  /** Scene time of file time 0 that was used (origin + offset). */
  origin: number;
  /** New objects (speakers the scene did not have). */
  objects: ObjectTrack[];
  annotations: TimeSegment[];
  /** Speaker label → object id, new or reused. */
  speakers: Record<string, string>;
  /** Existing objects the segments were linked to. */
  reused: string[];
  summary: ExportSummary;
  warnings: string[];
}

export const UNATTRIBUTED = 'Unattributed';

/** The first audio sensor, else the first video sensor; or `wanted` when it is audio/video. Throws naming the file. */
export function pickMediaSensor(scene: Scene, file: string, wanted?: string): { id: string; kind: SensorKind } {
  const media = scene.sensors.filter((s) => s.kind === 'audio' || s.kind === 'video');
  if (wanted !== undefined) {
    const s = scene.sensors.find((x) => x.id === wanted);
    const list = media.length ? `its audio/video sensors: ${media.map((m) => m.id).join(', ')}` : 'it has none';
    if (!s) throw new Error(`${file}: scene "${scene.id}" has no sensor "${wanted}" (${list})`);
    if (s.kind !== 'audio' && s.kind !== 'video') throw new Error(`${file}: sensor "${wanted}" is a ${s.kind} sensor; timed segments go on an audio or video sensor (${list})`);
    return { id: s.id, kind: s.kind };
  }
  const s = media.find((x) => x.kind === 'audio') ?? media[0];
  if (!s) throw new Error(`${file}: scene "${scene.id}" has no audio or video sensor to put the segments on`);
  return { id: s.id, kind: s.kind };
}

const SPEAKERISH = /^(speaker|voice|talker|person|human)$/i;

/** The class new speaker objects get: `speaker`, else one whose id, name or a synonym says speaker/voice/person. */
export function pickSpeakerClass(scene: Scene, modality: SensorKind, file: string): string {
  const usable = scene.taxonomy.classes.filter((c) => !c.deprecated && (c.modalities as readonly string[]).includes(modality));
  const says = (c: TaxonomyClass, re: RegExp) => re.test(c.id) || re.test(c.name) || c.synonyms.some((s) => re.test(s));
  const found = usable.find((c) => c.id === 'speaker') ?? usable.find((c) => says(c, /^(speaker|voice|talker)$/i)) ?? usable.find((c) => says(c, SPEAKERISH));
  if (!found) throw new Error(`${file}: taxonomy "${scene.taxonomy.id}" has no class for speakers that may be labelled in ${modality} (add a "speaker" class with modality ${modality})`);
  return found.id;
}

/** Add `segments` to `scene` (see the module comment). Pure: `scene` is not changed. */
export function addTimedSegments(scene: Scene, segments: readonly TimedSegment[], opts: AddTimedSegmentsOptions): AddTimedSegmentsResult {
  const { file } = opts;
  const sensor = pickMediaSensor(scene, file, opts.sensor);
  const origin = mediaOrigin(scene, sensor.id, opts.origin) + (opts.offset ?? 0);
  const classOf = new Map(scene.taxonomy.classes.map((c) => [c.id, c]));
  const fits = (o: ObjectTrack | undefined): o is ObjectTrack => !!o && !!classOf.get(o.classId)?.modalities.includes(sensor.kind);
  const classId = opts.classId ?? pickSpeakerClass(scene, sensor.kind, file);
  const cls = classOf.get(classId);
  if (!cls) throw new Error(`${file}: class "${classId}" is not in taxonomy "${scene.taxonomy.id}"`);
  if (!cls.modalities.includes(sensor.kind)) throw new Error(`${file}: class "${classId}" may not be labelled in ${sensor.kind} (allowed: ${cls.modalities.join(', ')})`);

  // what the scene already knows: speaker labels of its segments first, then object names
  const known = new Map<string, string>();
  for (const a of allAnnotations(scene)) if (a.kind === 'timeSegment' && a.speaker !== undefined && !known.has(a.speaker) && fits(scene.objects[a.object])) known.set(a.speaker, a.object);
  for (const o of Object.values(scene.objects)) if (o.name !== undefined && !known.has(o.name) && fits(o)) known.set(o.name, o.id);

  const takenObjects: Record<string, unknown> = { ...scene.objects };
  const takenAnnotations: Record<string, unknown> = Object.fromEntries([...annotationIndex(scene).keys()].map((id) => [id, true]));
  const objects: ObjectTrack[] = [];
  const annotations: TimeSegment[] = [];
  const speakers: Record<string, string> = {};
  const reused = new Set<string>();
  let words = 0;
  segments.forEach((seg, i) => {
    const label = seg.speaker ?? UNATTRIBUTED;
    let obj = speakers[label] ?? known.get(label);
    if (obj === undefined) {
      obj = uniqueId(`${opts.prefix}_${label.replace(/[^A-Za-z0-9_-]+/g, '_')}`, takenObjects);
      takenObjects[obj] = true;
      objects.push({ id: obj, classId, name: label, attributes: {} });
    } else if (obj in scene.objects) reused.add(obj);
    speakers[label] = obj;
    const id = uniqueId(`${opts.prefix}_seg${i + 1}`, takenAnnotations);
    takenAnnotations[id] = true;
    const a: TimeSegment = { id, kind: 'timeSegment', object: obj, sensor: sensor.id, source: opts.source ?? 'imported', start: origin + seg.start, end: origin + seg.end };
    if (seg.speaker !== undefined) a.speaker = seg.speaker;
    if (seg.text !== undefined) a.text = seg.text;
    if (seg.score !== undefined) a.score = seg.score;
    const metadata: Record<string, unknown> = { ...seg.metadata };
    if (seg.words) {
      metadata.words = seg.words.map((w) => ({ ...w, ...(w.start !== undefined ? { start: origin + w.start } : {}), ...(w.end !== undefined ? { end: origin + w.end } : {}) }));
      words += seg.words.length;
    }
    if (Object.keys(metadata).length) a.metadata = metadata;
    annotations.push(a);
  });

  const warnings = rangeWarnings(scene, sensor.id, annotations, file);
  let next: Scene;
  try {
    next = execute(scene, importLabels, { objects, annotations }).next;
  } catch (e) {
    const line = (e as Error).message.match(/annotation "[^"]*_seg(\d+)(?:_\d+)?"/)?.[1];
    const src = line ? segments[Number(line) - 1]?.line : undefined;
    throw new Error(`${file}${src ? `:${src}` : ''}: ${(e as Error).message}`);
  }
  return {
    scene: next,
    sensor: sensor.id,
    origin,
    objects,
    annotations,
    speakers,
    reused: [...reused],
    summary: { written: { objects: objects.length, timeSegment: annotations.length, words }, dropped: [] },
    warnings,
  };
}

/** Segments that start before the sensor's media or end after it (when its samples have durations). */
function rangeWarnings(scene: Scene, sensor: string, segs: readonly TimeSegment[], file: string): string[] {
  const samples = scene.streams.filter((st) => st.sensor === sensor).flatMap((st) => st.samples.map((s) => ({ t: s.t + st.offset, duration: s.duration })));
  if (!samples.length || !segs.length) return [];
  const first = Math.min(...samples.map((s) => s.t));
  const out: string[] = [];
  const early = segs.filter((s) => s.start < first - 1e-3).length;
  if (early) out.push(`${file}: ${early} segment${early === 1 ? ' starts' : 's start'} before the media of "${sensor}" (t = ${first} s)`);
  if (samples.every((s) => s.duration !== undefined)) {
    const end = Math.max(...samples.map((s) => s.t + s.duration!));
    const late = segs.filter((s) => s.end > end + 1e-3).length;
    if (late) out.push(`${file}: ${late} segment${late === 1 ? ' ends' : 's end'} after the media of "${sensor}" (t = ${Math.round(end * 1000) / 1000} s)`);
  }
  return out;
}
