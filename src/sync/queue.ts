/**
 * Where a shared scene's unsent edits wait (offline, or before their answer): IndexedDB in the
 * browser so a reload or a crash loses nothing, memory in tests. Keyed by scene; kept in order.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { Patch } from 'immer';

export interface QueuedEdit {
  editId: string;
  label: string;
  patches: Patch[];
  at: string;
  /** The server revision the step was made on (what the user saw): later edits by others are checked against it. */
  baseRevision: number;
}

export interface EditQueue {
  load(sceneId: string): Promise<QueuedEdit[]>;
  put(sceneId: string, edits: readonly QueuedEdit[]): Promise<void>;
}

export function memoryQueue(): EditQueue & { data: Map<string, QueuedEdit[]> } {
  const data = new Map<string, QueuedEdit[]>();
  return {
    data,
    load: async (id) => [...(data.get(id) ?? [])],
    put: async (id, edits) => void data.set(id, [...edits]),
  };
}

/** One record per scene: the whole queue (it is short; writes are ordered by the client). */
export function indexedDbQueue(dbName = 'crosslabel-sync'): EditQueue {
  let db: Promise<IDBPDatabase> | undefined;
  const open = () => (db ??= openDB(dbName, 1, { upgrade: (d) => void d.createObjectStore('queues') }));
  return {
    async load(id) {
      return ((await (await open()).get('queues', id)) as QueuedEdit[] | undefined) ?? [];
    },
    async put(id, edits) {
      const d = await open();
      if (edits.length) await d.put('queues', edits, id);
      else await d.delete('queues', id);
    },
  };
}
