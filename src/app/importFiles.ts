/**
 * Files dropped on the window or chosen with a picker, routed by what they are:
 * - a KITTI object folder (calib/, image_2/, velodyne/) → a new scene with its media registered;
 * - a KITTI raw drive (calib_cam_to_cam.txt + calib_velo_to_cam.txt beside image_0x/data/ and/or
 *   velodyne_points/data/) → a new scene (importKittiRaw), media registered the same way;
 * - a nuScenes-format folder (<version>/sample.json, sample_data.json, …, and optionally the
 *   samples/ and sweeps/ beside it) → a new scene, media registered under the dataroot;
 * - one file that is a whole scene (Crosslabel scene or bundle, ASAM OpenLABEL, mmdetection3d
 *   nuScenes info) → a new scene; media dropped with it (images, sweeps) are linked to the samples
 *   whose relative URIs name them;
 * - label files for the open scene (MOT/ByteTrack .txt, .rttm, .vtt, .srt, .stm, SAM masks or
 *   Whisper transcript .json) → added
 *   as ONE undoable command per drop.
 * Every import runs fully before the store is touched: on any error the current scene stays as it
 * was and the error banner names the file and the problem.
 * Limits (src/core/limits.ts, set under "Limits…"): a drop holding a file over its kind's size limit
 * is refused from File.size alone, before anything is read. A running import reports progress (file
 * k of N, bytes read) and stops at its AbortSignal — a worker mid-parse is terminated — leaving the
 * scene exactly as it was (nothing is registered or loaded before the whole import has succeeded).
 */
import { execute, importLabels } from '../core/commands';
import { IMPORT_KIND_LABEL, type ImportResult, type MergeImport } from '../core/formats/exchange';
import { importInWorker } from '../workers/importClient';
import { detectKittiLayout, importKitti, importKittiRaw, type KittiSource } from '../core/formats/kitti';
import { findNuScenesTableFiles, readNuScenesTableFiles } from '../core/formats/nuscenes';
import { findSample, sampleAt } from '../core/time';
import type { Scene } from '../core/schema';
import type { WorkbenchStore } from '../store';
import { LOCAL_PREFIX, registerLocalFile } from '../hooks/media';
import { pngSize } from './png';
import { annotationCount } from '../core/schema';
import { oversizeFiles, type ImportLimits } from '../core/limits';
import { abortError, isAbortError } from '../workers/jobs';
import { loadImportLimits } from '../store/importLimits';

type Entry = { file: File; path: string };

// re-exported: the drop handler needs it synchronously, without loading this module's importers
export { filesFromDataTransfer } from './dropFiles';

const relPath = (f: File): string => (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name;

/** A KittiSource over dropped files; the common top folder is stripped from paths. */
export function sourceFromFiles(files: File[]): { source: KittiSource; entries: Entry[] } {
  const entries = files.map((file) => ({ file, path: relPath(file) }));
  const firstParts = new Set(entries.map((e) => e.path.split('/')[0]));
  const top = firstParts.size === 1 && entries.every((e) => e.path.includes('/')) ? [...firstParts][0] : '';
  const strip = (p: string) => (top ? p.slice(top.length + 1) : p);
  const byPath = new Map(entries.map((e) => [strip(e.path), e.file]));
  const source: KittiSource = {
    name: top || 'dropped files',
    files: [...byPath.keys()],
    readText: async (path) => {
      const f = byPath.get(path);
      if (!f) throw new Error(`${path}: not among the dropped files`);
      return f.text();
    },
    byteLength: async (path) => {
      const f = byPath.get(path);
      if (!f) throw new Error(`${path}: not among the dropped files`);
      return f.size;
    },
  };
  return { source, entries: entries.map((e) => ({ file: e.file, path: strip(e.path) })) };
}

/** What an import did, for the notice line (null when it failed; the error banner says why). */
export type ImportOutcome = { message: string } | null;

/** Where a running import is: file k (1-based) of N, and how far it has read (for a folder: all its text files). */
export interface ImportProgress {
  fileIndex: number;
  fileCount: number;
  file: string;
  phase: 'reading' | 'parsing';
  bytesRead: number;
  totalBytes: number;
}

export interface ImportOptions {
  /** Stops the import (terminating a worker mid-parse); the scene is then left as it was. */
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  /** Size limits and the per-file timeout; the saved setting (importLimits.ts) when absent. */
  limits?: ImportLimits;
}

/** Throws the AbortError of a cancelled import of `what`. */
function checkCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw abortError(`${what}: import cancelled`);
}

/**
 * The end of a failed import: a cancel is not an error (a notice says the scene is unchanged);
 * anything else goes to the error banner under `source`.
 */
function failed(store: WorkbenchStore, e: unknown, source: string): ImportOutcome {
  if (isAbortError(e)) return { message: `Import of ${source} cancelled; the scene is unchanged` };
  store.getState().setError({ message: (e as Error).message, source });
  return null;
}

/**
 * A folder's source that checks for a cancel around every read and reports files read of the
 * folder's text files (the only ones the importers read whole; media are registered, not read).
 */
function watched(source: KittiSource, entries: Entry[], opts: ImportOptions): KittiSource {
  const texts = entries.filter((e) => LABEL_EXT.test(e.path));
  const totalBytes = texts.reduce((n, e) => n + e.file.size, 0);
  let done = 0;
  let bytesRead = 0;
  return {
    ...source,
    readText: async (path) => {
      checkCancelled(opts.signal, source.name);
      const text = await source.readText(path);
      checkCancelled(opts.signal, source.name);
      done++;
      bytesRead += entries.find((e) => e.path === path)?.file.size ?? 0;
      opts.onProgress?.({ fileIndex: Math.min(done, texts.length), fileCount: texts.length, file: path, phase: 'reading', bytesRead: Math.min(bytesRead, totalBytes), totalBytes });
      return text;
    },
  };
}

function looksLikeKitti(files: File[]): boolean {
  try {
    return detectKittiLayout('files', sourceFromFiles(files).source.files).frames.length > 0;
  } catch {
    return false;
  }
}

/** A KITTI raw drive: the day's calib_cam_to_cam.txt and frames under image_0x/data/ or velodyne_points/data/. */
export function looksLikeKittiRaw(files: File[]): boolean {
  const paths = files.map(relPath);
  return paths.some((p) => /(?:^|\/)calib_cam_to_cam\.txt$/.test(p)) && paths.some((p) => /(?:^|\/)(?:image_0[0-3]|velodyne_points)\/data\/\d+\.(?:png|jpe?g|bin)$/i.test(p));
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

/** Import warnings are information, not errors: they go with the notice, the first three spelled out. */
const withWarnings = (message: string, warnings: readonly string[]): string =>
  warnings.length ? `${message}. ${plural(warnings.length, 'warning')}: ${warnings.slice(0, 3).join('; ')}${warnings.length > 3 ? '; …' : ''}` : message;

function describeMerge(r: MergeImport): string {
  const kinds = new Map<string, number>();
  for (const a of r.annotations) kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1);
  const what = [...kinds].map(([k, n]) => plural(n, k)).join(', ') || 'no labels';
  const dropped = r.summary.dropped.map((d) => `${d.count} × ${d.what} not imported (${d.reason})`).join('; ');
  const words = r.summary.written.words ? `, ${plural(r.summary.written.words, 'word timing')}` : '';
  return `${withWarnings(`${r.file}: ${IMPORT_KIND_LABEL[r.kind]} — ${plural(r.objects.length, 'object')}, ${what}${words} on ${r.sensor}${dropped ? `; ${dropped}` : ''}`, r.warnings)}. Undo removes the whole import.`;
}

const LABEL_EXT = /\.(json|txt|csv|rttm|vtt|srt|stm)$/i;

/** `a/b/../c` → `a/c`; leading `./` removed. */
function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

/**
 * Media dropped together with a scene file: each sample URI that is a relative path is looked up
 * among the dropped files (relative to the scene file's folder, else by its trailing path) and
 * registered under that exact URI, so the document keeps its own URIs. Returns how many were linked.
 */
function linkDroppedMedia(scene: Scene, sceneFile: string, media: File[]): number {
  if (!media.length) return 0;
  const byPath = new Map(media.map((f) => [normalize(relPath(f)), f]));
  const dir = sceneFile.includes('/') ? sceneFile.slice(0, sceneFile.lastIndexOf('/')) : '';
  let linked = 0;
  for (const st of scene.streams)
    for (const smp of st.samples) {
      if (!smp.uri || /^[a-z][a-z0-9+.-]*:/i.test(smp.uri)) continue;
      const rel = normalize(smp.uri);
      const exact = byPath.get(normalize(`${dir}/${smp.uri}`)) ?? byPath.get(rel);
      const file = exact ?? [...byPath].find(([p]) => p.endsWith(`/${rel}`))?.[1];
      if (!file) continue;
      registerLocalFile(smp.uri, file);
      linked++;
    }
  return linked;
}

/**
 * Import dropped or picked files (see the module comment). Returns what happened, or null after
 * setting the store's error (the scene is then untouched).
 */
export async function importAnyFiles(store: WorkbenchStore, files: File[], opts: ImportOptions = {}): Promise<ImportOutcome> {
  if (!files.length) return null;
  const limits = opts.limits ?? loadImportLimits();
  // from File.size alone: nothing of an oversized file (or of the rest of its drop) is read
  const oversize = oversizeFiles(files.map((f) => ({ name: relPath(f), size: f.size })), limits);
  if (oversize) {
    store.getState().setError({ message: `${oversize}. Nothing was imported; the limits are under "Limits…"`, source: files.length === 1 ? relPath(files[0]) : `${files.length} files` });
    return null;
  }
  opts = { ...opts, limits };
  if (looksLikeKittiRaw(files)) return importKittiRawFiles(store, files, opts);
  if (looksLikeKitti(files)) return importKittiFiles(store, files, opts);
  const nuscenes = findNuScenesTableFiles(sourceFromFiles(files).entries.map((e) => e.path));
  if (nuscenes.has('sample') && nuscenes.has('sample_data')) return importNuScenesFolder(store, files, opts);
  const state = store.getState();
  const current = state.scene;
  // the camera sample on screen: SAM masks belong to one image
  let activeSample: string | undefined;
  if (current) {
    const cam = state.session.activeCamera ?? current.sensors.find((s) => s.kind === 'camera')?.id;
    const st = current.streams.find((x) => x.sensor === cam);
    activeSample = st ? sampleAt(st, state.live.playhead)?.id : undefined;
    if (cam && activeSample && !findSample(current, cam, activeSample)) activeSample = undefined;
  }
  // a drop may carry media beside the label files: images, sweeps, audio (matched to samples below)
  const labelFiles = files.filter((f) => LABEL_EXT.test(f.name));
  const mediaFiles = files.filter((f) => !LABEL_EXT.test(f.name));
  if (!labelFiles.length) {
    store.getState().setError({ message: `${files.length === 1 ? relPath(files[0]) : `${files.length} files`}: nothing to import (expected a scene, bundle, OpenLABEL, nuScenes info or Whisper .json, MOT .txt, .rttm, .vtt, .srt, .stm, or a KITTI / KITTI raw / nuScenes folder)`, source: 'import' });
    return null;
  }
  const results: ImportResult[] = [];
  // the page stays usable while a worker reads the files: if another scene is opened meanwhile,
  // this import's result belongs to a scene that is gone and is not applied
  const loadsAtStart = state.loads;
  try {
    let scene = current;
    for (const [i, file] of labelFiles.entries()) {
      // parsed and validated in a worker: the page stays responsive while a long sequence opens
      const open = scene;
      const path = relPath(file);
      const progress = (p: Pick<ImportProgress, 'phase' | 'bytesRead' | 'totalBytes'>) => opts.onProgress?.({ fileIndex: i + 1, fileCount: labelFiles.length, file: path, ...p });
      progress({ phase: 'reading', bytesRead: 0, totalBytes: file.size });
      const r = await importInWorker(
        file,
        path,
        { getCurrent: () => open, activeCamera: state.session.activeCamera ?? undefined, activeSample },
        { signal: opts.signal, timeoutMs: limits.jobTimeoutSeconds * 1000, onProgress: (p) => !opts.signal?.aborted && progress(p) },
      );
      performance.mark('crosslabel:import-parsed', { detail: relPath(file) });
      if (r.mode === 'replace' && labelFiles.length > 1) throw new Error(`${r.file}: a whole scene (${IMPORT_KIND_LABEL[r.kind]}) must be imported on its own, not with ${labelFiles.length - 1} other label file(s)`);
      // later files of the same drop see the labels of earlier ones (ids stay unique)
      if (r.mode === 'merge' && scene) scene = execute(scene, importLabels, r).next;
      results.push(r);
    }
    // a cancel that came as the last result arrived still wins: nothing below has run yet
    checkCancelled(opts.signal, labelFiles.length === 1 ? relPath(labelFiles[0]) : `${labelFiles.length} files`);
  } catch (e) {
    return failed(store, e, files.length === 1 ? relPath(files[0]) : `${files.length} files`);
  }
  if (store.getState().loads !== loadsAtStart) {
    store.getState().setError({ message: `not applied: another scene was opened while ${labelFiles.length === 1 ? 'it was' : 'they were'} being read; import again`, source: labelFiles.map(relPath).join(', ') });
    return null;
  }
  const first = results[0];
  if (first.mode === 'replace') {
    const linked = linkDroppedMedia(first.scene, first.file, mediaFiles);
    store.getState().loadScene(first.scene, first.file);
    store.getState().setError(null);
    const media = linked ? `, ${plural(linked, 'media file')} from the drop linked to samples` : '';
    return { message: withWarnings(`Opened ${first.file} (${IMPORT_KIND_LABEL[first.kind]}): ${plural(Object.keys(first.scene.objects).length, 'object')}, ${plural(annotationCount(first.scene), 'annotation')}${media}`, first.warnings) };
  }
  const merges = results as MergeImport[];
  const all = { objects: merges.flatMap((r) => r.objects), annotations: merges.flatMap((r) => r.annotations) };
  if (!store.getState().dispatch(importLabels, all)) return null;
  store.getState().setError(null);
  return { message: merges.map(describeMerge).join(' ') };
}

/** A nuScenes-format folder: tables by name; media under the folder above the version folder. */
async function importNuScenesFolder(store: WorkbenchStore, files: File[], opts: ImportOptions = {}): Promise<ImportOutcome> {
  const { source: plain, entries } = sourceFromFiles(files);
  const source = watched(plain, entries, opts);
  const importId = `${source.name.replace(/[^\w.-]+/g, '_')}-${Date.now().toString(36)}`;
  try {
    const tablePaths = new Set(findNuScenesTableFiles(entries.map((e) => e.path)).values());
    const tables = await Promise.all(entries.filter((e) => tablePaths.has(e.path)).map(async (e) => ({ path: e.path, text: await source.readText(e.path) })));
    const versionDir = [...tablePaths][0].split('/').slice(0, -1);
    const dataroot = versionDir.slice(0, -1).join('/');
    const baseUri = `${LOCAL_PREFIX}${importId}${dataroot ? `/${dataroot}` : ''}`;
    const { scene, warnings } = readNuScenesTableFiles(tables, source.name, { baseUri });
    checkCancelled(opts.signal, source.name);
    for (const e of entries) registerLocalFile(`${LOCAL_PREFIX}${importId}/${e.path}`, e.file);
    store.getState().loadScene(scene, source.name);
    store.getState().setError(null);
    const samples = scene.streams.reduce((n, st) => n + st.samples.length, 0);
    return { message: withWarnings(`Opened nuScenes tables ${source.name}/${versionDir.join('/')}: ${plural(Object.keys(scene.objects).length, 'object')}, ${plural(annotationCount(scene), 'annotation')}, ${plural(samples, 'sample')}`, warnings) };
  } catch (e) {
    return failed(store, e, source.name);
  }
}

/** A KITTI object folder: media registered as local files for this session. */
export async function importKittiFiles(store: WorkbenchStore, files: File[], opts: ImportOptions = {}): Promise<ImportOutcome> {
  const { source: plain, entries } = sourceFromFiles(files);
  const source = watched(plain, entries, opts);
  const importId = `${source.name.replace(/[^\w.-]+/g, '_')}-${Date.now().toString(36)}`;
  const baseUri = `${LOCAL_PREFIX}${importId}`;
  try {
    // the real size of every frame's image, from its PNG header (KITTI drives differ slightly)
    const imageSizes: Record<string, { width: number; height: number }> = {};
    for (const e of entries) {
      const m = /(?:^|\/)image_2\/([^/]+)\.png$/.exec(e.path);
      if (!m) continue;
      const size = pngSize(new Uint8Array(await e.file.slice(0, 32).arrayBuffer()));
      if (size) imageSizes[m[1]] = size;
    }
    const { scene, warnings } = await importKitti(source, { baseUri, imageSizes });
    checkCancelled(opts.signal, source.name);
    for (const e of entries) registerLocalFile(`${baseUri}/${e.path}`, e.file);
    store.getState().loadScene(scene, source.name);
    store.getState().setError(null);
    const frames = new Set(scene.streams.flatMap((st) => st.samples.map((x) => x.frame))).size;
    return { message: withWarnings(`Opened KITTI folder ${source.name}: ${plural(frames, 'frame')}, ${plural(Object.keys(scene.objects).length, 'object')}`, warnings) };
  } catch (e) {
    return failed(store, e, source.name);
  }
}

/** A KITTI raw drive (importKittiRaw): media registered as local files for this session. */
export async function importKittiRawFiles(store: WorkbenchStore, files: File[], opts: ImportOptions = {}): Promise<ImportOutcome> {
  const { source: plain, entries } = sourceFromFiles(files);
  const source = watched(plain, entries, opts);
  const importId = `${source.name.replace(/[^\w.-]+/g, '_')}-${Date.now().toString(36)}`;
  const baseUri = `${LOCAL_PREFIX}${importId}`;
  try {
    // each camera's real image size from its first PNG's header (JPEG excerpts keep S_rect_0x)
    const imageSizes: Record<string, { width: number; height: number }> = {};
    for (const e of [...entries].sort((a, b) => (a.path < b.path ? -1 : 1))) {
      const m = /(?:^|\/)(image_0[0-3])\/data\/\d+\.png$/i.exec(e.path);
      if (!m || imageSizes[m[1]]) continue;
      const size = pngSize(new Uint8Array(await e.file.slice(0, 32).arrayBuffer()));
      if (size) imageSizes[m[1]] = size;
    }
    const { scene, warnings } = await importKittiRaw(source, { baseUri, imageSizes });
    checkCancelled(opts.signal, source.name);
    for (const e of entries) registerLocalFile(`${baseUri}/${e.path}`, e.file);
    store.getState().loadScene(scene, source.name);
    store.getState().setError(null);
    const frames = new Set(scene.streams.flatMap((st) => st.samples.map((x) => x.frame))).size;
    const sensors = scene.sensors.map((x) => x.id).join(', ');
    return { message: withWarnings(`Opened KITTI raw drive ${source.name}: ${plural(frames, 'frame')} of ${sensors}`, warnings) };
  } catch (e) {
    return failed(store, e, source.name);
  }
}
