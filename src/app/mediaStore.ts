/**
 * Dropped media survive a reload: the files behind a scene's local sample URIs (a dropped KITTI or
 * nuScenes folder, media dropped with a scene file) are kept in IndexedDB beside the autosaved
 * document, and put back into the in-memory registry (src/hooks/media.ts) before an autosaved document is
 * restored. Only the files the current scene references are kept: loading another scene prunes the
 * rest. Browsers keep Blobs in IndexedDB as files, not in memory.
 *
 * Failures (quota, private mode) never break the app: the media then simply stay session-only, as
 * before, and the camera says to open the folder again.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { Scene } from '../core/schema';
import { localFileOf, registerLocalFile } from '../hooks/media';

const DB = 'crosslabel-media';
const STORE = 'files';

let db: Promise<IDBPDatabase> | null = null;
const open = (): Promise<IDBPDatabase> =>
  (db ??= openDB(DB, 1, {
    upgrade(d) {
      d.createObjectStore(STORE);
    },
  }));

const sampleUris = (scene: Scene): Set<string> => new Set(scene.streams.flatMap((st) => st.samples.flatMap((s) => (s.uri ? [s.uri] : []))));

/**
 * Keep the registered files of `scene`'s sample URIs, and only those. Resolves to how many files
 * are kept; never rejects (problems go to `onError`).
 */
export async function persistSceneMedia(scene: Scene, onError: (message: string) => void = console.warn): Promise<number> {
  try {
    const wanted = sampleUris(scene);
    const d = await open();
    const tx = d.transaction(STORE, 'readwrite');
    const have = new Set((await tx.store.getAllKeys()) as string[]);
    for (const k of have) if (!wanted.has(k)) await tx.store.delete(k);
    let kept = 0;
    for (const uri of wanted) {
      const blob = localFileOf(uri);
      if (!blob) continue;
      if (!have.has(uri)) await tx.store.put(blob, uri);
      kept++;
    }
    await tx.done;
    return kept;
  } catch (e) {
    onError(`dropped media could not be kept for the next session: ${(e as Error).message}`);
    return 0;
  }
}

/** Put the kept files of `scene`'s sample URIs back into the registry. Resolves to how many; never rejects. */
export async function restoreSceneMedia(scene: Scene): Promise<number> {
  try {
    const d = await open();
    let n = 0;
    for (const uri of sampleUris(scene)) {
      if (localFileOf(uri)) continue;
      const blob = (await d.get(STORE, uri)) as Blob | undefined;
      if (blob) {
        registerLocalFile(uri, blob);
        n++;
      }
    }
    return n;
  } catch {
    return 0;
  }
}
