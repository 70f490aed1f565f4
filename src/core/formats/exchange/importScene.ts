/**
 * One entry point for file imports: a set of files (one file, or a dropped folder) → what they are
 * and the scene they make. The workbench (drop / picker) and tests call it; the CLI's `import`
 * subcommands call the same format modules.
 *
 * Two modes:
 * - `replace`: the files are a whole scene (Crosslabel scene document or bundle, ASAM OpenLABEL,
 *   an mmdetection3d nuScenes info file, a KITTI object folder is handled by the app since its
 *   media must be registered) — the result is a new scene to load.
 * - `merge`: the files add labels to the scene already open (MOT / ByteTrack tracks, RTTM speaker
 *   turns, WebVTT cues, STM / SRT / Whisper transcripts, SAM masks) — the result lists the objects and annotations to add, so the
 *   caller applies them as ONE undoable command.
 *
 * Nothing here touches the current scene: any error (invalid JSON, a schema violation with its
 * JSON path, a dangling reference, an unknown format) is thrown before a result exists, so the
 * caller's scene stays as it was. Errors start with the file's path.
 */
import { parseSceneJson, type Annotation, type ObjectTrack, type Scene, allAnnotations, annotationIndex } from '../../schema';
import type { ExportSummary } from '../common';
import { readBundle } from '../bundle';
import { importSamMasks } from '../coco';
import { importMotAsPreAnnotations, parseMot } from '../mot';
import { importMmdet3dInfo } from '../nuscenes';
import { importOpenLabel } from '../openlabel';
import { importRttm, parseRttm } from '../rttm';
import { importVtt, parseVtt } from '../vtt';
import { looksLikeWhisper } from '../whisper';
import { addTimedSegments, readTimedText } from '../timedText';
import { printable } from '../printable';

export interface ImportFile {
  /** Relative path ('/'-separated) as dropped or picked. */
  path: string;
  text(): Promise<string>;
}

export type ImportKind = 'scene' | 'bundle' | 'openlabel' | 'mmdet3d' | 'mot' | 'rttm' | 'vtt' | 'sam' | 'stm' | 'srt' | 'whisper';

export const IMPORT_KIND_LABEL: Record<ImportKind, string> = {
  scene: 'Crosslabel scene',
  bundle: 'Crosslabel bundle',
  openlabel: 'ASAM OpenLABEL',
  mmdet3d: 'nuScenes (mmdetection3d info)',
  mot: 'MOT / ByteTrack tracks',
  rttm: 'RTTM speaker turns',
  vtt: 'WebVTT transcript',
  sam: 'SAM masks (COCO RLE)',
  stm: 'NIST STM transcript',
  srt: 'SRT subtitles',
  whisper: 'Whisper transcript',
};

export interface ReplaceImport {
  mode: 'replace';
  kind: ImportKind;
  file: string;
  scene: Scene;
  warnings: string[];
}

export interface MergeImport {
  mode: 'merge';
  kind: ImportKind;
  file: string;
  /** Where the new labels go (camera, audio/video sensor). */
  sensor: string;
  objects: ObjectTrack[];
  annotations: Annotation[];
  summary: ExportSummary;
  warnings: string[];
}

export type ImportResult = ReplaceImport | MergeImport;

export interface ImportContext {
  /** The scene open now (needed by merge imports). */
  current?: Scene | null;
  /**
   * Or the scene open now, asked for only when a merge import needs it (a worker then copies the
   * open scene in only for MOT/SAM/RTTM/VTT files, not for a whole scene that replaces it).
   */
  getCurrent?: () => Scene | null | Promise<Scene | null>;
  /** The camera the user is looking at (MOT / SAM go there; default the first camera). */
  activeCamera?: string;
  /** The camera sample shown now (SAM masks are for one image; default the first sample). */
  activeSample?: string;
}

export class ImportError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(printable(`${file}: ${problem}`));
    this.name = 'ImportError';
  }
}

const ext = (p: string): string => /\.([^./]+)$/.exec(p)?.[1]?.toLowerCase() ?? '';

/** Python's json module writes NaN / Infinity as bare tokens (mmdetection3d info files do). */
const PYTHON_NON_FINITE = /([:[,]\s*)(-?Infinity|NaN)(?=\s*[,\]}])/g;

/** Parse JSON; bare NaN / ±Infinity values (not valid JSON, but common) become null with a warning. */
function parseJson(text: string, file: string, warnings: string[]): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    let count = 0;
    const patched = text.replace(PYTHON_NON_FINITE, (_, pre: string) => (count++, `${pre}null`));
    if (count) {
      try {
        const v = JSON.parse(patched);
        warnings.push(`${file}: ${count} bare NaN/Infinity value${count === 1 ? '' : 's'} (written by Python's json) read as null`);
        return v;
      } catch {
        // still not JSON: report the original problem
      }
    }
    throw new ImportError(file, `invalid JSON: ${(e as Error).message}`);
  }
}

/** What a JSON document is, from its shape. */
export function kindOfJson(v: unknown): ImportKind | null {
  if (Array.isArray(v)) return v.length === 0 || (typeof v[0] === 'object' && v[0] !== null && 'segmentation' in v[0]) ? 'sam' : null;
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (o.format === 'crosslabel-bundle') return 'bundle';
  if ('openlabel' in o) return 'openlabel';
  if ('schemaVersion' in o && 'sensors' in o) return 'scene';
  if ('data_list' in o && 'metainfo' in o) return 'mmdet3d';
  if (looksLikeWhisper(o)) return 'whisper';
  return null;
}

async function requireScene(ctx: ImportContext, file: string, what: string): Promise<Scene> {
  const current = ctx.current ?? (ctx.getCurrent ? await ctx.getCurrent() : null);
  if (!current) throw new ImportError(file, `${what} add labels to an open scene; open or import a scene first`);
  return current;
}

function cameraOf(scene: Scene, ctx: ImportContext, file: string, kinds: readonly string[] = ['camera']): string {
  const active = ctx.activeCamera && scene.sensors.find((s) => s.id === ctx.activeCamera && kinds.includes(s.kind));
  const sensor = active || scene.sensors.find((s) => kinds.includes(s.kind));
  if (!sensor) throw new ImportError(file, `the scene has no ${kinds.join(' or ')} sensor to put these labels on`);
  return sensor.id;
}

/**
 * Where speech segments (RTTM, WebVTT) go: an audio sensor (the active one if it is audio, else the
 * first) — the waveform lanes show them there; a video sensor only when the scene has no audio.
 */
function segmentSensorOf(scene: Scene, ctx: ImportContext, file: string): string {
  return cameraOf(scene, ctx, file, scene.sensors.some((s) => s.kind === 'audio') ? ['audio'] : ['video']);
}

/** Objects and annotations of `next` that `before` does not have (merge importers return whole scenes). */
function added(before: Scene, next: Scene): { objects: ObjectTrack[]; annotations: Annotation[] } {
  const had = annotationIndex(before);
  return {
    objects: Object.values(next.objects).filter((o) => !(o.id in before.objects)),
    annotations: allAnnotations(next).filter((a) => !had.has(a.id)),
  };
}

const defaultClass = (scene: Scene, preferred: string, modality: string): string =>
  scene.taxonomy.classes.find((c) => c.id === preferred && !c.deprecated)?.id ?? scene.taxonomy.classes.find((c) => !c.deprecated && (c.modalities as readonly string[]).includes(modality))?.id ?? scene.taxonomy.classes[0]?.id ?? preferred;

/**
 * STM, SRT and whisper transcripts (formats/timedText): segments on the speech sensor, one speaker
 * object per label (reused when the scene has it), text kept as written, whisper's word timings in
 * each segment's metadata.words.
 */
async function importTimedText(kind: 'stm' | 'srt' | 'whisper', name: string, text: string, ctx: ImportContext, json?: unknown): Promise<MergeImport> {
  const scene = await requireScene(ctx, name, kind === 'stm' ? 'STM transcripts' : kind === 'srt' ? 'SRT subtitles' : 'Whisper transcripts');
  const sensor = segmentSensorOf(scene, ctx, name);
  const timed = readTimedText(kind, text, name, json);
  const r = addTimedSegments(scene, timed.segments, { file: name, sensor, prefix: kind, source: timed.source });
  return { mode: 'merge', kind, file: name, sensor, objects: r.objects, annotations: r.annotations, summary: { written: r.summary.written, dropped: [...timed.dropped, ...r.summary.dropped] }, warnings: [...timed.warnings, ...r.warnings] };
}

/** Import one file. Throws ImportError / the format's error (each naming the file) on bad input. */
export async function importFile(file: ImportFile, ctx: ImportContext): Promise<ImportResult> {
  const name = file.path;
  const e = ext(name);
  const text = await file.text();
  if (e === 'json' || e === '') {
    const parseWarnings: string[] = [];
    const json = parseJson(text, name, parseWarnings);
    const kind = kindOfJson(json);
    const withParse = (r: { scene: Scene; warnings: string[] }) => ({ scene: r.scene, warnings: [...parseWarnings, ...r.warnings] });
    if (kind === 'bundle') return { mode: 'replace', kind, file: name, ...withParse({ scene: readBundle(json, name).scene, warnings: [] }) };
    if (kind === 'scene') return { mode: 'replace', kind, file: name, ...withParse({ scene: parseSceneJson(parseWarnings.length ? JSON.stringify(json) : text, name), warnings: [] }) };
    if (kind === 'openlabel') return { mode: 'replace', kind, file: name, ...withParse(importOpenLabel(json, name)) };
    if (kind === 'mmdet3d') return { mode: 'replace', kind, file: name, ...withParse(importMmdet3dInfo(json, name)) };
    if (kind === 'sam') {
      const scene = await requireScene(ctx, name, 'SAM masks');
      const sensor = cameraOf(scene, ctx, name);
      const samples = scene.streams.filter((s) => s.sensor === sensor).flatMap((s) => s.samples);
      const sample = samples.find((s) => s.id === ctx.activeSample) ?? samples[0];
      if (!sample) throw new ImportError(name, `camera "${sensor}" has no image to put the masks on`);
      const classId = defaultClass(scene, 'unknown', 'camera');
      const r = importSamMasks(json, { sensor, sample: sample.id, classId }, name);
      return { mode: 'merge', kind, file: name, sensor, objects: r.objects, annotations: r.annotations, summary: { written: { objects: r.objects.length, mask: r.annotations.length }, dropped: [] }, warnings: [] };
    }
    if (kind === 'whisper') return importTimedText('whisper', name, text, ctx, json);
    throw new ImportError(name, 'not a format Crosslabel reads: expected a Crosslabel scene or bundle, an ASAM OpenLABEL file ({"openlabel": …}), an mmdetection3d nuScenes info file, a list of SAM masks or a Whisper transcript ({"segments": [{start, end, text}, …]})');
  }
  if (e === 'txt' || e === 'csv') {
    const scene = await requireScene(ctx, name, 'MOT tracks');
    const camera = cameraOf(scene, ctx, name, ['camera', 'video']);
    const rows = parseMot(text, name, { format: 'mot' });
    const r = importMotAsPreAnnotations(scene, rows, { camera, classId: defaultClass(scene, 'car', 'camera') });
    return { mode: 'merge', kind: 'mot', file: name, sensor: camera, ...added(scene, r.scene), summary: r.summary, warnings: [] };
  }
  if (e === 'rttm') {
    const scene = await requireScene(ctx, name, 'RTTM speaker turns');
    const sensor = segmentSensorOf(scene, ctx, name);
    const r = importRttm(scene, parseRttm(text, name), { sensor });
    return { mode: 'merge', kind: 'rttm', file: name, sensor, ...added(scene, r.scene), summary: r.summary, warnings: [] };
  }
  if (e === 'stm' || e === 'srt') return importTimedText(e, name, text, ctx);
  if (e === 'vtt') {
    const scene = await requireScene(ctx, name, 'WebVTT cues');
    const sensor = segmentSensorOf(scene, ctx, name);
    const r = importVtt(scene, parseVtt(text, name), { sensor, file: name });
    return { mode: 'merge', kind: 'vtt', file: name, sensor, ...added(scene, r.scene), summary: r.summary, warnings: [] };
  }
  throw new ImportError(name, `.${e} is not a format Crosslabel reads (scene/bundle/OpenLABEL/SAM/Whisper .json, MOT .txt, .rttm, .vtt, .srt, .stm, a KITTI or nuScenes folder, or a point cloud)`);
}
