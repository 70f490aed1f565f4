/**
 * One entry point for every export: scene + format → the files to write + one summary.
 *
 * The CLI (`export --to …`) and the workbench's export menu (in a Web Worker) both call
 * `exportScene`, so a format behaves the same headless and in the browser. Conventions:
 * - `files[].path` is relative and uses '/': a single-file format yields one file named after the
 *   scene (`<scene>.openlabel.json`), folder formats yield their native layout (`label_2/000001.txt`,
 *   `v1.0/sample_annotation.json`); per-sensor formats yield one file per sensor
 *   (`coco/<camera>.json`). The CLI writes a lone file to `--out` itself, several files under it.
 * - Everything is rendered (and validated where the format has a validator) before anything is
 *   returned, so a caller never writes half an export.
 * - What a format cannot hold is listed in `summary.dropped` (merged over the files), never lost
 *   silently; `written` counts are summed over the files.
 * - `onProgress` is called between units of work (a frame, a sensor, a stage) with the fraction
 *   done; in the browser it drives the progress bar while the worker runs.
 */
import type { Scene } from '../../schema';
import { writeBundle } from '../bundle';
import { exportCoco, validateCoco } from '../coco';
import type { ExportSummary } from '../common';
import { exportKittiLabels, exportKittiTracking } from '../kitti';
import { exportMot } from '../mot';
import { exportNuScenesTables } from '../nuscenes';
import { exportOpenLabel, validateOpenLabel } from '../openlabel';
import { exportRttm } from '../rttm';
import { exportVtt } from '../vtt';
import { exportSrt } from '../srt';
import { exportPreferenceJsonl } from '../preference';
import { allAnnotations, annotationCount } from '../../schema';

export const EXPORT_FORMATS = ['bundle', 'openlabel', 'kitti', 'kitti-tracking', 'nuscenes', 'coco', 'mot', 'rttm', 'vtt', 'srt', 'preference-jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFormatInfo {
  label: string;
  /** What the files hold, for menus and `--help`. */
  description: string;
  /** Sensor kinds the format is written per (one file each); undefined: one export for the scene. */
  perSensor?: readonly ('camera' | 'audio' | 'video')[];
  /** true when the export is a folder of files (the CLI's --out names a folder). */
  folder: boolean;
}

export const EXPORT_FORMAT_INFO: Record<ExportFormat, ExportFormatInfo> = {
  bundle: { label: 'Crosslabel bundle', description: 'the scene document + a manifest of its media with SHA-256 hashes (lossless)', folder: false },
  openlabel: { label: 'ASAM OpenLABEL 1.0', description: 'objects with cuboids, camera boxes, polygons and masks (PNG), time segments, documents, text spans and comparisons, streams, calibration, frames (validated against the official schema)', folder: false },
  kitti: { label: 'KITTI object labels', description: 'label_2/<frame>.txt per frame: camera boxes + 3D boxes in camera rect coordinates', folder: true },
  'kitti-tracking': { label: 'KITTI tracking labels', description: 'label_02/<sequence>.txt: one row per frame and track on one camera, 3D boxes in camera rect coordinates', folder: true },
  nuscenes: { label: 'nuScenes tables', description: '<version>/<table>.json: sensor, calibrated_sensor, ego_pose, sample, sample_data, sample_annotation, instance, category … (3D boxes in the global frame)', folder: true },
  coco: { label: 'COCO detection + segmentation', description: 'one dataset per camera: boxes, polygons, RLE masks', perSensor: ['camera'], folder: false },
  mot: { label: 'MOT tracks', description: 'one MOTChallenge text file per camera', perSensor: ['camera'], folder: false },
  rttm: { label: 'RTTM speaker turns', description: 'one RTTM file per audio or video sensor', perSensor: ['audio', 'video'], folder: false },
  vtt: { label: 'WebVTT transcript', description: 'one WebVTT file per audio or video sensor', perSensor: ['audio', 'video'], folder: false },
  srt: { label: 'SRT subtitles', description: 'one SubRip file per audio or video sensor (cue text only: SRT has no speaker field)', perSensor: ['audio', 'video'], folder: false },
  'preference-jsonl': { label: 'Preference pairs (JSONL)', description: 'one JSON line per ranked pair of candidate texts: {image, prompt, chosen, rejected, reasons} for preference tuning (DPO)', folder: false },
};

export interface ExportFile {
  path: string;
  text: string;
  /** The sensor a per-sensor file belongs to. */
  sensor?: string;
}

export interface SceneExport {
  format: ExportFormat;
  files: ExportFile[];
  summary: ExportSummary;
  /** Decisions worth telling the user (e.g. how frames were numbered). */
  notes: string[];
}

export interface ExportProgress {
  /** What is being done now, for a person ("frame 12 of 200", "validating"). */
  stage: string;
  /** 0..1 */
  fraction: number;
}

export interface ExportOptions {
  /** Per-sensor formats: only these sensors (default: every sensor of a suitable kind). */
  sensors?: readonly string[];
  /** KITTI tracking: the sequence number the file is named by (default the imported label file's number, else 0000). */
  sequence?: string;
  /** nuScenes: the version folder the tables are written to (default v1.0-crosslabel). */
  version?: string;
  /** RTTM file id (default the sensor id). */
  fileId?: string;
  /** Bundle: bytes of a media URI, or null when unavailable (then the manifest has no hash for it). */
  readMedia?: (uri: string) => Promise<Uint8Array | null>;
  /** Bundle: creation time to record. */
  createdAt?: string;
  onProgress?: (p: ExportProgress) => void;
}

/** The export cannot be made (no suitable sensor, an invalid result, …). The message says why. */
export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

/** A file-name-safe stem for the scene (its name, else its id). */
export function sceneStem(scene: Scene): string {
  return (scene.name || scene.id).replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || 'scene';
}

/** Sum `written` and merge `dropped` (same what + reason → counts added). */
export function mergeSummaries(parts: readonly ExportSummary[]): ExportSummary {
  const written: Record<string, number> = {};
  const dropped = new Map<string, ExportSummary['dropped'][number]>();
  for (const p of parts) {
    for (const [k, v] of Object.entries(p.written)) written[k] = (written[k] ?? 0) + v;
    for (const d of p.dropped) {
      const key = `${d.what}\u0000${d.reason}`;
      const prev = dropped.get(key);
      dropped.set(key, prev ? { ...prev, count: prev.count + d.count } : { ...d });
    }
  }
  return { written, dropped: [...dropped.values()] };
}

/** The sensors a per-sensor format is written for; throws ExportError when there is none. */
export function exportSensors(scene: Scene, format: ExportFormat, wanted?: readonly string[]): string[] {
  const kinds = EXPORT_FORMAT_INFO[format].perSensor;
  if (!kinds) return [];
  const label = kinds.join(' or ');
  if (wanted?.length) {
    for (const id of wanted) {
      const s = scene.sensors.find((x) => x.id === id);
      if (!s) throw new ExportError(`scene "${scene.id}" has no sensor "${id}" to export as ${format}`);
      if (!(kinds as readonly string[]).includes(s.kind)) throw new ExportError(`sensor "${id}" is ${/^[aeiou]/.test(s.kind) ? 'an' : 'a'} ${s.kind} sensor; ${format} is written per ${label}`);
    }
    return [...wanted];
  }
  const ids = scene.sensors.filter((s) => (kinds as readonly string[]).includes(s.kind)).map((s) => s.id);
  if (!ids.length) throw new ExportError(`scene "${scene.id}" has no ${label} sensor to export as ${format}`);
  return ids;
}

/** Frame labels of the scene's samples, sorted (KITTI names its label files by them). */
export function frameLabels(scene: Scene): string[] {
  return [...new Set(scene.streams.flatMap((st) => st.samples.map((x) => x.frame)).filter((f): f is string => !!f))].sort();
}

/** Count annotations of kinds a format does not hold, as summary entries. */
export function droppedKinds(scene: Scene, kept: readonly string[], reason: string): ExportSummary['dropped'] {
  const counts = new Map<string, number>();
  for (const a of allAnnotations(scene)) if (!kept.includes(a.kind)) counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1);
  return [...counts].map(([what, count]) => ({ what, count, reason }));
}

/**
 * Per-sensor formats: annotations on sensors the export does not cover (LiDAR cuboids in COCO,
 * a camera left unticked) or on no sensor at all (text spans) are in none of the files; they are
 * counted here, per kind and sensor, so the summary accounts for every annotation of the scene.
 */
export function outsideSensors(scene: Scene, format: ExportFormat, sensors: readonly string[]): ExportSummary['dropped'] {
  const counts = new Map<string, { what: string; count: number; reason: string }>();
  const per = EXPORT_FORMAT_INFO[format].perSensor!.join(' or ');
  for (const a of allAnnotations(scene)) {
    const sensor = 'sensor' in a ? a.sensor : undefined;
    if (sensor && sensors.includes(sensor)) continue;
    const reason = sensor ? `on sensor "${sensor}", which this ${format} export does not cover (one file per ${per})` : `not on any sensor; ${format} files hold labels of one ${per} each`;
    const key = `${a.kind}|${reason}`;
    const c = counts.get(key) ?? { what: a.kind, count: 0, reason };
    c.count++;
    counts.set(key, c);
  }
  return [...counts.values()];
}

const json = (v: unknown): string => JSON.stringify(v, null, 2) + '\n';

type Exporter = (scene: Scene, opts: ExportOptions, progress: (done: number, total: number, stage: string) => void) => Promise<{ files: ExportFile[]; summary: ExportSummary; notes?: string[] }>;

const EXPORTERS: Record<ExportFormat, Exporter> = {
  async bundle(scene, opts, progress) {
    progress(0, 1, 'hashing media');
    const bundle = await writeBundle(scene, opts.readMedia, opts.createdAt);
    progress(1, 1, 'done');
    const hashed = bundle.media.filter((m) => m.sha256).length;
    return {
      files: [{ path: `${sceneStem(scene)}.bundle.json`, text: json(bundle) }],
      summary: { written: { media: bundle.media.length, hashed, objects: Object.keys(scene.objects).length, annotations: annotationCount(scene) }, dropped: [] },
    };
  },
  async openlabel(scene, _opts, progress) {
    progress(0, 3, 'building OpenLABEL');
    const { json: doc, summary } = exportOpenLabel(scene);
    progress(1, 3, 'validating against the OpenLABEL 1.0 schema');
    const check = validateOpenLabel(doc);
    if (!check.valid) throw new ExportError(`refusing to write an invalid OpenLABEL file:\n` + check.errors.slice(0, 20).map((e) => `  ${e.path}: ${e.message}`).join('\n'));
    progress(2, 3, 'serializing');
    return { files: [{ path: `${sceneStem(scene)}.openlabel.json`, text: json(doc) }], summary };
  },
  async kitti(scene, _opts, progress) {
    const frames = frameLabels(scene);
    if (!frames.length) throw new ExportError(`scene "${scene.id}": no sample carries a frame label to name the KITTI label files by`);
    const files: ExportFile[] = [];
    let rows = 0;
    for (const [i, f] of frames.entries()) {
      progress(i, frames.length, `frame ${f} (${i + 1} of ${frames.length})`);
      let text: string;
      try {
        text = exportKittiLabels(scene, f);
      } catch (e) {
        throw new ExportError(`KITTI frame ${f}: ${(e as Error).message}`);
      }
      rows += text.split('\n').filter(Boolean).length;
      files.push({ path: `label_2/${f}.txt`, text });
    }
    return { files, summary: { written: { frames: frames.length, rows }, dropped: droppedKinds(scene, ['cuboid', 'box2d'], 'KITTI object labels hold 2D boxes and 3D boxes only') } };
  },
  async 'kitti-tracking'(scene, opts, progress) {
    const camera = opts.sensors?.[0];
    // an imported sequence keeps its number (the tracking import records its label file)
    const meta = (scene.metadata as { kittiTracking?: { file?: unknown } } | undefined)?.kittiTracking;
    const imported = typeof meta?.file === 'string' ? /(\d+)\.txt$/.exec(meta.file)?.[1] : undefined;
    const sequence = opts.sequence ?? imported ?? '0000';
    if (!/^\d+$/.test(sequence)) throw new ExportError(`KITTI tracking: the sequence must be a number like 0003 (got "${sequence}")`);
    progress(0, 1, 'writing the tracking labels');
    let r;
    try {
      r = exportKittiTracking(scene, camera ? { camera } : {});
    } catch (e) {
      throw new ExportError(`KITTI tracking: ${(e as Error).message}`);
    }
    return { files: [{ path: `label_02/${sequence.padStart(4, '0')}.txt`, text: r.text }], summary: r.summary, notes: r.notes };
  },
  async nuscenes(scene, opts, progress) {
    const version = opts.version ?? 'v1.0-crosslabel';
    if (!/^[\w.-]+$/.test(version)) throw new ExportError(`nuScenes: the version folder must be a plain name like v1.0-mini (got "${version}")`);
    progress(0, 2, 'building the nuScenes tables');
    const r = exportNuScenesTables(scene);
    progress(1, 2, 'serializing');
    const files = Object.entries(r.tables).map(([name, rows]) => ({ path: `${version}/${name}.json`, text: json(rows) }));
    return { files, summary: r.summary, notes: r.warnings };
  },
  async coco(scene, opts, progress) {
    const sensors = exportSensors(scene, 'coco', opts.sensors);
    const files: ExportFile[] = [], parts: ExportSummary[] = [];
    for (const [i, id] of sensors.entries()) {
      progress(i, sensors.length, `camera ${id}`);
      const r = exportCoco(scene, id);
      validateCoco(r.json, `coco/${id}.json`);
      files.push({ path: `coco/${id}.json`, text: JSON.stringify(r.json) + '\n', sensor: id });
      parts.push(r.summary);
    }
    parts.push({ written: {}, dropped: outsideSensors(scene, 'coco', sensors) });
    return { files, summary: mergeSummaries(parts) };
  },
  async mot(scene, opts, progress) {
    return perSensorText(scene, 'mot', opts, progress, (id) => ({ path: `mot/${id}.txt`, ...exportMot(scene, id) }));
  },
  async rttm(scene, opts, progress) {
    return perSensorText(scene, 'rttm', opts, progress, (id) => ({ path: `rttm/${id}.rttm`, ...exportRttm(scene, id, opts.fileId ?? id) }));
  },
  async vtt(scene, opts, progress) {
    return perSensorText(scene, 'vtt', opts, progress, (id) => ({ path: `vtt/${id}.vtt`, ...exportVtt(scene, id) }));
  },
  async srt(scene, opts, progress) {
    return perSensorText(scene, 'srt', opts, progress, (id) => ({ path: `srt/${id}.srt`, ...exportSrt(scene, id) }));
  },
  async 'preference-jsonl'(scene, _opts, progress) {
    progress(0, 1, 'ranking pairs and their grounding');
    const r = exportPreferenceJsonl(scene);
    const dropped = [...r.summary.dropped, ...droppedKinds(scene, [], 'preference rows hold ranked texts only (the labels are in the other exports)')];
    return { files: [{ path: `${sceneStem(scene)}.preference.jsonl`, text: r.text }], summary: { written: r.summary.written, dropped } };
  },
};

async function perSensorText(
  scene: Scene,
  format: ExportFormat,
  opts: ExportOptions,
  progress: (done: number, total: number, stage: string) => void,
  one: (sensor: string) => { path: string; text: string; summary: ExportSummary },
): Promise<{ files: ExportFile[]; summary: ExportSummary }> {
  const sensors = exportSensors(scene, format, opts.sensors);
  const files: ExportFile[] = [], parts: ExportSummary[] = [];
  for (const [i, id] of sensors.entries()) {
    progress(i, sensors.length, `sensor ${id}`);
    const r = one(id);
    files.push({ path: r.path, text: r.text, sensor: id });
    parts.push(r.summary);
  }
  parts.push({ written: {}, dropped: outsideSensors(scene, format, sensors) });
  return { files, summary: mergeSummaries(parts) };
}

/** Export `scene` as `format`. Throws ExportError (or the format's own error) without partial output. */
export async function exportScene(scene: Scene, format: ExportFormat, opts: ExportOptions = {}): Promise<SceneExport> {
  const exporter = EXPORTERS[format];
  if (!exporter) throw new ExportError(`unknown export format "${format}" (known: ${EXPORT_FORMATS.join(', ')})`);
  const report = (done: number, total: number, stage: string) => opts.onProgress?.({ stage, fraction: total ? Math.min(1, done / total) : 0 });
  const { files, summary, notes = [] } = await exporter(scene, opts, report);
  opts.onProgress?.({ stage: 'done', fraction: 1 });
  return { format, files, summary, notes };
}
