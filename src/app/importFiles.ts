/**
 * Files dropped on the window or chosen with the folder picker become a KITTI import.
 * The import runs fully before the store is touched: on any error the current scene stays as it
 * was and the error banner names the file and the problem.
 */
import { importKitti, type KittiSource } from '../core/formats/kitti';
import type { WorkbenchStore } from '../store';
import { LOCAL_PREFIX, registerLocalFile } from './media';
import { pngSize } from './png';

type Entry = { file: File; path: string };

/** Walk a DataTransfer (folders included, via webkitGetAsEntry) into files with relative paths. */
export async function filesFromDataTransfer(dt: DataTransfer): Promise<File[]> {
  const entries = Array.from(dt.items)
    .map((i) => i.webkitGetAsEntry?.())
    .filter((e): e is FileSystemEntry => !!e);
  if (!entries.length) return Array.from(dt.files);
  const out: File[] = [];
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
      Object.defineProperty(file, 'webkitRelativePath', { value: prefix + entry.name });
      out.push(file);
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
        if (!batch.length) break;
        for (const e of batch) await walk(e, `${prefix}${entry.name}/`);
      }
    }
  };
  for (const e of entries) await walk(e, '');
  return out;
}

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

export async function importDroppedFiles(store: WorkbenchStore, files: File[]): Promise<boolean> {
  const { source, entries } = sourceFromFiles(files);
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
    for (const e of entries) registerLocalFile(`${baseUri}/${e.path}`, e.file);
    store.getState().loadScene(scene, source.name);
    store.getState().setError(warnings.length ? { message: `imported with ${warnings.length} warning(s): ${warnings.slice(0, 3).join('; ')}`, source: source.name } : null);
    return true;
  } catch (e) {
    store.getState().setError({ message: (e as Error).message, source: source.name });
    return false;
  }
}
