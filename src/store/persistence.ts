/**
 * Autosave on the document's patch stream. IndexedDB holds one snapshot (the whole scene, its
 * source and revision) plus an append-only log of immer patch batches recorded since. `load()`
 * replays snapshot + log and validates the result with the Scene schema. A snapshot of an older
 * schema version (and the log recorded on it) is replayed as stored, then migrated.
 *
 * Writes are batched: patches accumulate in memory and are written as ONE log record at most every
 * `batchMs` (a throttle, so a 60 Hz drag writes a few times a second, and a long drag still saves
 * while it lasts). Once the log holds `compactEvery` patch operations, the next write replaces
 * snapshot + log with a fresh snapshot in one transaction. `flush()` forces pending writes
 * (the app calls it on `pagehide`).
 *
 * Nothing here throws at the app: a corrupt store or a failed write goes to the error sink
 * (`reportTo`), and a corrupt store loads as "nothing saved".
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { applyPatches, type Patch } from 'immer';
import { CURRENT_SCHEMA_VERSION, validateScene, type Scene } from '../core/schema';

export interface PersistenceProblem {
  message: string;
  source?: string;
}

export interface Persistence {
  /** The autosaved document, or null when there is none (or it was corrupt; that is reported). */
  load(): Promise<{ scene: Scene; source: string } | null>;
  /** Replace everything saved with this document (e.g. after loading a new scene). */
  saveSnapshot(scene: Scene, source: string): Promise<void>;
  /** Record the forward patches of one document change; `revision` is the store's revision after it. */
  appendPatches(patches: Patch[], revision: number): Promise<void>;
  /** Forget the saved document. */
  clear(): Promise<void>;
  /** Write everything pending now. */
  flush(): Promise<void>;
  /** Route problems (corrupt store, failed writes) to `sink` (replacing an earlier one); the store connects its setError here. */
  reportTo?(sink: (p: PersistenceProblem) => void): void;
}

export interface IndexedDbPersistenceOptions {
  /** Longest time patches wait in memory before being written, ms (default 500). */
  batchMs?: number;
  /** Compact into a new snapshot once the log holds this many patch operations (default 500). */
  compactEvery?: number;
  /** Also told about every problem (besides the `reportTo` sink; console.warn when there is neither). */
  onError?: (p: PersistenceProblem) => void;
}

export interface IndexedDbPersistence extends Persistence {
  reportTo(sink: (p: PersistenceProblem) => void): void;
  /** Counters for tests and diagnostics: transactions written, log records and snapshots among them. */
  stats(): { writes: number; logRecords: number; snapshots: number };
  close(): Promise<void>;
}

interface SnapshotRecord {
  scene: unknown;
  source: string;
  revision: number;
  savedAt: number;
}
interface LogRecord {
  revision: number;
  patches: Patch[];
}
interface AutosaveDB extends DBSchema {
  snapshot: { key: string; value: SnapshotRecord };
  log: { key: number; value: LogRecord };
}

const SNAPSHOT_KEY = 'current';
const SOURCE = 'autosave';

/** Open (or create) the autosave database `dbName` with its two object stores. */
export function openAutosaveDb(dbName: string): Promise<IDBPDatabase<AutosaveDB>> {
  return openDB<AutosaveDB>(dbName, 1, {
    upgrade(db) {
      db.createObjectStore('snapshot');
      db.createObjectStore('log', { autoIncrement: true });
    },
  });
}

export function createIndexedDbPersistence(dbName = 'crosslabel', opts: IndexedDbPersistenceOptions = {}): IndexedDbPersistence {
  const batchMs = opts.batchMs ?? 500;
  const compactEvery = opts.compactEvery ?? 500;
  let appSink: ((p: PersistenceProblem) => void) | null = null;
  const report = (message: string) => {
    const p = { message, source: SOURCE };
    opts.onError?.(p);
    if (appSink) appSink(p);
    else if (!opts.onError) console.warn(`[${SOURCE}] ${message}`);
  };

  let dbPromise: Promise<IDBPDatabase<AutosaveDB> | null> | null = null;
  const db = (): Promise<IDBPDatabase<AutosaveDB> | null> => {
    if (typeof indexedDB === 'undefined') return Promise.resolve(null);
    dbPromise ??= openAutosaveDb(dbName).catch((e: Error) => {
      report(`cannot open IndexedDB "${dbName}": ${e.message}`);
      return null;
    });
    return dbPromise;
  };

  /** The document as it will be once pending writes land; the source of compaction snapshots. */
  let mirror: { scene: Scene; source: string } | null = null;
  let pending: Patch[] = [];
  let revision = 0;
  let snapshotDue = false;
  let opsInLog = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** Resolves when the batch now collecting has been written. */
  let batch: { done: Promise<void>; resolve: () => void } | null = null;
  let chain: Promise<void> = Promise.resolve();
  const counters = { writes: 0, logRecords: 0, snapshots: 0 };

  async function writePending(): Promise<void> {
    const d = await db();
    const patches = pending;
    const snapshot = snapshotDue && mirror ? { scene: mirror.scene, source: mirror.source } : null;
    pending = [];
    snapshotDue = false;
    if (!d || (!snapshot && patches.length === 0)) return;
    try {
      const tx = d.transaction(['snapshot', 'log'], 'readwrite');
      if (snapshot) {
        void tx.objectStore('log').clear();
        void tx.objectStore('snapshot').put({ ...snapshot, revision, savedAt: Date.now() }, SNAPSHOT_KEY);
        counters.snapshots++;
      } else {
        void tx.objectStore('log').add({ revision, patches });
        counters.logRecords++;
      }
      await tx.done;
      counters.writes++;
    } catch (e) {
      report(`autosave write failed: ${(e as Error).message}`);
    }
  }

  const flush = (): Promise<void> => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const b = batch;
    batch = null;
    chain = chain.then(writePending);
    if (b) void chain.then(b.resolve);
    return chain;
  };

  return {
    reportTo(s) {
      appSink = s;
    },

    async load() {
      const d = await db();
      if (!d) return null;
      let snap: SnapshotRecord | undefined;
      let log: LogRecord[];
      try {
        const tx = d.transaction(['snapshot', 'log'], 'readonly');
        [snap, log] = await Promise.all([tx.objectStore('snapshot').get(SNAPSHOT_KEY), tx.objectStore('log').getAll()]);
      } catch (e) {
        report(`cannot read the autosaved document: ${(e as Error).message}`);
        return null;
      }
      if (!snap) return null;
      if (typeof snap !== 'object' || typeof snap.source !== 'string') {
        report(`the autosaved document in IndexedDB "${dbName}" is corrupt (snapshot record has no source); it was ignored`);
        return null;
      }
      const base = validateScene(snap.scene);
      if (!base.ok) {
        const i = base.issues[0];
        report(`the autosaved document in IndexedDB "${dbName}" is corrupt (${i.path}: ${i.message}); it was ignored`);
        return null;
      }
      // The log's patches were recorded against the snapshot's own schema version (the store
      // re-snapshots after every load, so a log never spans versions). A snapshot saved by an older
      // Crosslabel (e.g. v2: flat annotations, patch paths ['annotations', id, ...]) gets its log
      // replayed on the stored JSON as it is, and the result is migrated; a current one on the
      // validated document.
      const savedVersion = (snap.scene as { schemaVersion?: unknown } | null)?.schemaVersion;
      const old = savedVersion !== CURRENT_SCHEMA_VERSION;
      let scene: Scene | unknown = old ? snap.scene : base.scene;
      let applied = 0;
      for (const rec of log) {
        try {
          if (!rec || !Array.isArray(rec.patches)) throw new Error('record has no patch list');
          scene = applyPatches(scene as Scene, rec.patches);
          applied++;
        } catch (e) {
          report(`autosave log record ${applied + 1} of ${log.length} is corrupt (${(e as Error).message}); it and ${log.length - applied - 1} later record(s) were ignored`);
          break;
        }
      }
      if (applied === 0) scene = base.scene;
      else {
        const r = validateScene(scene);
        if (r.ok) scene = r.scene;
        else {
          const i = r.issues[0];
          report(`replaying the autosave log${old ? ` (recorded on schema v${String(savedVersion)}, migrated after replay)` : ''} gave an invalid document (${i.path}: ${i.message}); restored the last snapshot instead`);
          scene = base.scene;
        }
      }
      const restored = scene as Scene;
      revision = applied > 0 ? log[applied - 1].revision : snap.revision;
      opsInLog = 0;
      mirror = { scene: restored, source: snap.source };
      return { scene: restored, source: snap.source };
    },

    saveSnapshot(scene, source) {
      mirror = { scene, source };
      pending = [];
      opsInLog = 0;
      snapshotDue = true;
      return flush();
    },

    appendPatches(patches, rev) {
      if (!mirror) return Promise.resolve(); // nothing to replay them onto: the store always snapshots first
      try {
        mirror = { scene: applyPatches(mirror.scene, patches), source: mirror.source };
      } catch (e) {
        report(`autosave could not follow a change (${(e as Error).message})`);
        return Promise.resolve();
      }
      revision = rev;
      pending.push(...patches);
      opsInLog += patches.length;
      if (opsInLog >= compactEvery) {
        snapshotDue = true;
        opsInLog = 0;
      }
      if (!batch) {
        let resolve = () => {};
        const done = new Promise<void>((r) => (resolve = r));
        batch = { done, resolve };
        timer = setTimeout(() => void flush(), batchMs);
      }
      return batch.done;
    },

    async clear() {
      pending = [];
      snapshotDue = false;
      mirror = null;
      opsInLog = 0;
      await flush();
      const d = await db();
      if (!d) return;
      const tx = d.transaction(['snapshot', 'log'], 'readwrite');
      void tx.objectStore('snapshot').clear();
      void tx.objectStore('log').clear();
      await tx.done;
    },

    flush,
    stats: () => ({ ...counters }),
    async close() {
      await flush();
      (await db())?.close();
      dbPromise = null;
    },
  };
}
