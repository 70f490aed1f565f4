/**
 * Autosave on the document's patch stream. IndexedDB holds one snapshot (the whole scene, its
 * source and revision) plus an append-only log of immer patch batches recorded since. `load()`
 * replays snapshot + log and validates the result with the Scene schema. A snapshot of an older
 * schema version (and the log recorded on it) is replayed as stored, then migrated.
 *
 * Crash safety (the app's mode, `commitOnSteps()`): patches wait in memory until the step they
 * belong to is complete (`stepCommitted()`: a command, a whole drag, an undo), so a crash in the
 * middle of a drag loses the whole drag, never half of it. Every completed step is written at once,
 * in its own transaction that is committed explicitly in the same task: once the step is on screen
 * its write is already in IndexedDB's hands, so killing the tab right after an edit loses nothing.
 * Steps completed in one task share one transaction. Transactions on the same stores run in the
 * order they were created, and each record carries a sequence number, so a record that failed
 * can never be skipped silently on replay (load() stops at a gap).
 * Without `commitOnSteps()` (tests and tools that drive the store directly) every change is a step,
 * written at most every `batchMs` (a throttle).
 *
 * A failed write (the browser's storage full: QuotaExceededError, or anything else) loses nothing
 * in memory: the next write becomes a whole snapshot of the document, retried every `retryMs`
 * until it lands; `status()` tells the app how many changes are not yet saved meanwhile.
 * Once the log holds `compactEvery` patch operations, the next write replaces snapshot + log with
 * a fresh snapshot in one transaction.
 *
 * `setWritable(false)` (another tab of this app owns the autosave, src/store/tabLock.ts) stops all
 * writes after a flush (or at once, `{ flush: false }`, when the lock was stolen: the other tab
 * already writes); reads still work.
 *
 * Nothing here throws at the app: a corrupt store or a failed write goes to the error sink
 * (`reportTo`), and a corrupt store loads as "nothing saved".
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { applyPatches, type Patch } from 'immer';
import { CURRENT_SCHEMA_VERSION, validateScene, type Scene } from '../core/schema';

export interface PersistenceProblem {
  message: string;
  source?: string;
}

/** Where autosave stands, for the storage banner. */
export interface AutosaveStatus {
  /** False while another tab owns the autosave (nothing is written from here). */
  writable: boolean;
  /** Committed changes (steps, or document loads) not yet known to be on disk. */
  unsaved: number;
  /** The last write failed because the browser's storage is full (and no write has landed since). */
  quotaFull: boolean;
  /** The last write failure, until a write lands again. */
  failure: string | null;
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
  /** Write everything committed now; resolves when all writes issued so far have landed (or failed). */
  flush(): Promise<void>;
  /** Route problems (corrupt store, failed writes) to `sink` (replacing an earlier one); the store connects its setError here. */
  reportTo?(sink: (p: PersistenceProblem) => void): void;
  /** From now on, changes are saved only when `stepCommitted()` says the step they belong to is complete. */
  commitOnSteps?(): void;
  /** The changes appended since the last step form one complete step: write them. */
  stepCommitted?(): void;
  /**
   * False: flush, then write nothing until true again (another tab owns the autosave). `flush: false`
   * stops at once without writing what is pending (the lock was stolen: the other tab writes now).
   */
  setWritable?(writable: boolean, opts?: { flush?: boolean }): Promise<void>;
  status?(): AutosaveStatus;
  /** Called whenever status() changes. Returns unsubscribe. */
  subscribe?(listener: () => void): () => void;
  /** The name that identifies this autosave across tabs (the Web Lock / BroadcastChannel name). */
  readonly lockName?: string;
}

export interface IndexedDbPersistenceOptions {
  /** Longest time patches wait in memory before being written when steps are not tracked, ms (default 500). */
  batchMs?: number;
  /** Compact into a new snapshot once the log holds this many patch operations (default 500). */
  compactEvery?: number;
  /** After a failed write, try again after this long, ms (default 5000). */
  retryMs?: number;
  /** Also told about every problem (besides the `reportTo` sink; console.warn when there is neither). */
  onError?: (p: PersistenceProblem) => void;
}

export interface IndexedDbPersistence extends Persistence {
  reportTo(sink: (p: PersistenceProblem) => void): void;
  commitOnSteps(): void;
  stepCommitted(): void;
  setWritable(writable: boolean, opts?: { flush?: boolean }): Promise<void>;
  status(): AutosaveStatus;
  subscribe(listener: () => void): () => void;
  readonly lockName: string;
  /** Counters for tests and diagnostics: transactions written, log records and snapshots among them. */
  stats(): { writes: number; logRecords: number; snapshots: number; failures: number };
  close(): Promise<void>;
}

interface SnapshotRecord {
  scene: unknown;
  source: string;
  revision: number;
  savedAt: number;
  /** Sequence number of this write; the log records after it count on from here (absent before v0.9). */
  seq?: number;
}
interface LogRecord {
  revision: number;
  patches: Patch[];
  seq?: number;
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

/** Whether a write failed because the origin's storage quota is used up. */
export function isQuotaError(e: unknown): boolean {
  const err = e as { name?: unknown; message?: unknown } | null;
  return err?.name === 'QuotaExceededError' || /quota/i.test(String(err?.message ?? ''));
}

type WriteTx = IDBPTransaction<AutosaveDB, ('snapshot' | 'log')[], 'readwrite'>;

export function createIndexedDbPersistence(dbName = 'crosslabel', opts: IndexedDbPersistenceOptions = {}): IndexedDbPersistence {
  const batchMs = opts.batchMs ?? 500;
  const compactEvery = opts.compactEvery ?? 500;
  const retryMs = opts.retryMs ?? 5000;
  let appSink: ((p: PersistenceProblem) => void) | null = null;
  const report = (message: string) => {
    const p = { message, source: SOURCE };
    opts.onError?.(p);
    if (appSink) appSink(p);
    else if (!opts.onError) console.warn(`[${SOURCE}] ${message}`);
  };

  let handle: IDBPDatabase<AutosaveDB> | null = null;
  let dbPromise: Promise<IDBPDatabase<AutosaveDB> | null> | null = null;
  const db = (): Promise<IDBPDatabase<AutosaveDB> | null> => {
    if (typeof indexedDB === 'undefined') return Promise.resolve(null);
    dbPromise ??= openAutosaveDb(dbName).then(
      (d) => (handle = d),
      (e: Error) => {
        report(`cannot open IndexedDB "${dbName}": ${e.message}`);
        return null;
      },
    );
    return dbPromise;
  };

  /** The document with every committed change applied: the source of snapshots. */
  let mirror: { scene: Scene; source: string } | null = null;
  /** Appended but not yet part of a completed step (steps mode: an open drag). */
  let open: Patch[] = [];
  /** Committed, not yet handed to IndexedDB. */
  let queued: Patch[] = [];
  let revision = 0;
  let snapshotDue = false;
  let opsInLog = 0;
  let steps = false;
  let writable = true;
  /** Sequence number of the last record handed to IndexedDB. */
  let seq = 0;
  /** Committed changes so far, and how many of them are known to be on disk. */
  let committedCount = 0;
  let savedCount = 0;
  /** Bumped by each failure: writes issued before it no longer prove anything was saved. */
  let epoch = 0;
  let broken = false;
  let quotaFull = false;
  let failure: string | null = null;
  let throttle: ReturnType<typeof setTimeout> | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let microtaskQueued = false;
  const inflight = new Set<Promise<void>>();
  const listeners = new Set<() => void>();
  const counters = { writes: 0, logRecords: 0, snapshots: 0, failures: 0 };
  let lastStatus = '';
  const notify = () => {
    const key = JSON.stringify(status());
    if (key === lastStatus) return;
    lastStatus = key;
    for (const l of listeners) l();
  };
  const status = (): AutosaveStatus => ({ writable, unsaved: Math.max(0, committedCount - savedCount), quotaFull, failure });

  function fail(e: unknown, writeEpoch: number): void {
    counters.failures++;
    if (writeEpoch !== epoch) return; // a later failure of the same run of writes: already being handled
    epoch++;
    broken = true;
    snapshotDue = true; // the log on disk may now miss a record: only a whole snapshot repairs it
    queued = [];
    const message = (e as Error)?.message ?? String(e);
    const full = isQuotaError(e);
    if (full !== quotaFull || message !== failure) {
      quotaFull = full;
      failure = message;
      // a full disk has its own banner (src/app/StorageBanner.tsx); other failures go to the error line
      if (full) opts.onError?.({ message: `autosave write failed: the browser's storage is full (${message})`, source: SOURCE });
      else report(`autosave write failed: ${message}`);
    }
    scheduleRetry();
    notify();
  }

  function scheduleRetry(): void {
    if (retry !== null) return;
    retry = setTimeout(() => {
      retry = null;
      void issue();
    }, retryMs);
  }

  /** Hand everything committed to IndexedDB now, in one transaction; resolves when it lands or fails. */
  function issue(): Promise<void> {
    if (!writable) {
      // a read-only tab still follows its own changes (a shared scene): keep the document, not every patch
      if (queued.length) {
        queued = [];
        snapshotDue = true;
      }
      return Promise.resolve();
    }
    if (!handle) return db().then((d) => (d ? issue() : undefined));
    const d = handle;
    const snapshot = snapshotDue && mirror ? mirror : null;
    const patches = queued;
    if (!snapshot && patches.length === 0) return Promise.resolve();
    queued = [];
    snapshotDue = false;
    const upTo = committedCount;
    const myEpoch = epoch;
    const mySeq = seq + 1;
    let tx: WriteTx | null = null;
    try {
      tx = d.transaction(['snapshot', 'log'], 'readwrite');
      if (snapshot) {
        tx.objectStore('snapshot').put({ scene: snapshot.scene, source: snapshot.source, revision, savedAt: Date.now(), seq: mySeq }, SNAPSHOT_KEY).catch(() => {});
        tx.objectStore('log').clear().catch(() => {});
      } else {
        tx.objectStore('log').put({ revision, patches, seq: mySeq }).catch(() => {});
      }
      // commit now rather than when this task ends: the write no longer depends on this tab living on
      (tx as unknown as { commit?: () => void }).commit?.();
    } catch (e) {
      // a put that throws at once (quota, a value that cannot be cloned) must not let the log clear commit alone
      try {
        tx?.abort();
      } catch {
        /* already finished */
      }
      tx?.done.catch(() => {});
      fail(e, myEpoch);
      return Promise.resolve();
    }
    seq = mySeq;
    const done: Promise<void> = tx.done.then(
      () => {
        counters.writes++;
        if (snapshot) counters.snapshots++;
        else counters.logRecords++;
        // transactions finish in the order they were created, so a failure before this one is already known
        if (myEpoch !== epoch) return;
        if (broken && !snapshot) return;
        const repaired = broken;
        broken = false;
        quotaFull = false;
        failure = null;
        savedCount = Math.max(savedCount, upTo);
        notify();
        // steps completed while broken started no write of their own (stepCommitted): write them now
        if (repaired && (queued.length || snapshotDue)) void issue();
      },
      (e: unknown) => fail(e, myEpoch),
    );
    inflight.add(done);
    void done.finally(() => inflight.delete(done));
    return done;
  }

  /** Fold the open patches into the committed document and queue them for writing. */
  function commitOpen(): boolean {
    if (!open.length || !mirror) {
      open = [];
      return false;
    }
    const patches = open;
    open = [];
    try {
      mirror = { scene: applyPatches(mirror.scene, patches), source: mirror.source };
    } catch (e) {
      report(`autosave could not follow a change (${(e as Error).message})`);
      return false;
    }
    queued.push(...patches);
    opsInLog += patches.length;
    if (opsInLog >= compactEvery) {
      snapshotDue = true;
      opsInLog = 0;
    }
    committedCount++;
    return true;
  }

  /** Resolve after every write issued so far has landed or failed. */
  const settle = async (): Promise<void> => {
    while (inflight.size) await Promise.all([...inflight]);
  };

  const flush = async (): Promise<void> => {
    if (throttle !== null) clearTimeout(throttle);
    throttle = null;
    if (!steps) commitOpen();
    await issue(); // also while a retry is scheduled: pagehide's one last chance
    await settle();
  };

  return {
    lockName: `crosslabel-autosave:${dbName}`,
    reportTo(s) {
      appSink = s;
    },
    status,
    subscribe(l) {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    commitOnSteps() {
      steps = true;
    },
    stepCommitted() {
      if (!steps || !commitOpen()) return;
      notify();
      if (broken) return; // the retry writes a whole snapshot; one failing attempt per edit would only cost
      if (microtaskQueued) return;
      microtaskQueued = true;
      // steps completed in the same task share one transaction; a microtask still runs before the task ends
      queueMicrotask(() => {
        microtaskQueued = false;
        void issue();
      });
    },
    async setWritable(on, o) {
      if (!on) {
        if (writable && o?.flush !== false) await flush();
        writable = false;
        // nothing may be written from here any more, not even a retry: the other tab owns the autosave now
        if (retry !== null) clearTimeout(retry);
        if (throttle !== null) clearTimeout(throttle);
        retry = throttle = null;
      } else if (!writable) {
        writable = true;
        if (broken) scheduleRetry();
      }
      notify();
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
      let expected = typeof snap.seq === 'number' ? snap.seq + 1 : null;
      for (const rec of log) {
        // records written after a failed one (their transaction landed, the earlier one did not) cannot be replayed
        if (expected !== null && rec && typeof rec.seq === 'number' && rec.seq !== expected) {
          report(`autosave log record ${applied + 1} of ${log.length} follows a write that never landed (sequence ${rec.seq}, expected ${expected}); it and ${log.length - applied - 1} later record(s) were ignored`);
          break;
        }
        try {
          if (!rec || !Array.isArray(rec.patches)) throw new Error('record has no patch list');
          scene = applyPatches(scene as Scene, rec.patches);
          applied++;
          if (expected !== null) expected++;
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
      seq = Math.max(seq, typeof snap.seq === 'number' ? snap.seq + log.length : 0);
      opsInLog = 0;
      open = [];
      queued = [];
      mirror = { scene: restored, source: snap.source };
      return { scene: restored, source: snap.source };
    },

    saveSnapshot(scene, source) {
      mirror = { scene, source };
      open = [];
      queued = [];
      opsInLog = 0;
      snapshotDue = true;
      committedCount++;
      notify();
      if (throttle !== null) clearTimeout(throttle);
      throttle = null;
      return issue();
    },

    appendPatches(patches, rev) {
      if (!mirror) return Promise.resolve(); // nothing to replay them onto: the store always snapshots first
      revision = rev;
      open.push(...patches);
      if (steps) return Promise.resolve();
      commitOpen();
      notify();
      if (broken) return Promise.resolve();
      throttle ??= setTimeout(() => {
        throttle = null;
        void issue();
      }, batchMs);
      return Promise.resolve();
    },

    async clear() {
      open = [];
      queued = [];
      snapshotDue = false;
      mirror = null;
      opsInLog = 0;
      savedCount = committedCount;
      await flush();
      const d = await db();
      if (!d) return;
      const tx = d.transaction(['snapshot', 'log'], 'readwrite');
      void tx.objectStore('snapshot').clear();
      void tx.objectStore('log').clear();
      await tx.done;
      notify();
    },

    flush,
    stats: () => ({ ...counters }),
    async close() {
      await flush();
      if (retry !== null) clearTimeout(retry);
      retry = null;
      (await db())?.close();
      dbPromise = null;
      handle = null;
    },
  };
}
