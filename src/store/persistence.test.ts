import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { deleteObject, setObjectAttribute, updateAnnotation } from '../core/commands';
import { makeTestScene } from '../core/commands/testScene';
import { allAnnotations, CURRENT_SCHEMA_VERSION, getAnnotation, type Scene } from '../core/schema';
import { createIndexedDbPersistence, openAutosaveDb, type PersistenceProblem } from './persistence';
import { restoreOrLoad } from './restore';
import { createWorkbenchStore } from './workbench';

let n = 0;
const dbName = () => `test-${++n}`;
const demo = async () => ({ scene: makeTestScene(), source: 'demo' });

/** Open a store on `name` the way the app does at start-up; `problems` collects reported errors. */
async function boot(name: string, opts: { compactEvery?: number } = {}) {
  const problems: PersistenceProblem[] = [];
  const persistence = createIndexedDbPersistence(name, { batchMs: 20, onError: (p) => problems.push(p), ...opts });
  const store = createWorkbenchStore({ persistence, storage: null });
  const how = await restoreOrLoad(store, persistence, demo);
  return { persistence, store, how, problems };
}

/** Edits covering add/replace/remove patches, including a 60-step drag gesture. */
function edit(store: ReturnType<typeof createWorkbenchStore>): void {
  const st = store.getState();
  st.dispatch(setObjectAttribute, { objectId: 'o1', name: 'moving', value: true });
  st.beginGesture('Move cuboid');
  for (let i = 1; i <= 60; i++) st.dispatch(updateAnnotation, { id: 'a1', patch: { center: { x: 10 + i / 60, y: 1, z: -0.8 } } });
  st.endGesture();
  st.dispatch(deleteObject, { objectId: 'o2' });
  st.undo();
  st.dispatch(deleteObject, { objectId: 'o3' });
}

describe('IndexedDB autosave', () => {
  it('restores the same document after a reload (new store, new persistence, same database)', async () => {
    const name = dbName();
    const a = await boot(name);
    expect(a.how).toBe('fallback');
    edit(a.store);
    const edited: Scene = a.store.getState().scene!;
    await a.persistence.flush();
    await a.persistence.close();
    const b = await boot(name);
    expect(b.how).toBe('restored');
    expect(b.store.getState().scene).toEqual(edited);
    expect(b.store.getState().sceneSource).toBe('demo');
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
  });

  it('batches a burst of changes into one log write', async () => {
    const a = await boot(dbName());
    await a.persistence.flush(); // the start-up snapshot
    const before = a.persistence.stats();
    const st = a.store.getState();
    st.beginGesture('Drag');
    for (let i = 0; i < 60; i++) st.dispatch(updateAnnotation, { id: 'a1', patch: { center: { x: i, y: 0, z: 0 } } });
    st.endGesture();
    await a.persistence.flush();
    const after = a.persistence.stats();
    expect(after.writes - before.writes).toBe(1);
    expect(after.logRecords - before.logRecords).toBe(1);
  });

  it('compaction writes a new snapshot and the reloaded document stays identical', async () => {
    const name = dbName();
    const a = await boot(name, { compactEvery: 5 });
    for (let i = 0; i < 23; i++) {
      a.store.getState().dispatch(setObjectAttribute, { objectId: 'o1', name: 'note', value: `edit ${i}` });
      if (i % 4 === 0) await a.persistence.flush(); // several log records between compactions
    }
    await a.persistence.flush();
    expect(a.persistence.stats().snapshots).toBeGreaterThanOrEqual(1 + 4); // the initial one + compactions
    const db = await openAutosaveDb(name);
    expect(await db.count('log')).toBeLessThan(5); // compacted away
    db.close();
    const edited = a.store.getState().scene;
    await a.persistence.close();
    const b = await boot(name, { compactEvery: 5 });
    expect(b.how).toBe('restored');
    expect(b.store.getState().scene).toEqual(edited);
    expect(b.store.getState().scene?.objects.o1.attributes.note).toBe('edit 22');
  });

  it('a corrupt snapshot is reported and ignored: the fallback loads', async () => {
    const name = dbName();
    const db = await openAutosaveDb(name);
    await db.put('snapshot', { scene: { schemaVersion: 2, id: 'x', name: 'broken', objects: 7 }, source: 'old', revision: 1, savedAt: 0 }, 'current');
    db.close();
    const b = await boot(name);
    expect(b.how).toBe('fallback');
    expect(b.store.getState().sceneSource).toBe('demo');
    expect(b.problems).toHaveLength(1);
    expect(b.problems[0].message).toMatch(new RegExp(`IndexedDB "${name}" is corrupt \\(\\$\\.\\w+: .+\\); it was ignored`));
    expect(b.store.getState().lastError?.source).toBe('autosave');
  });

  it('a corrupt log record is reported and ignored: the state before it is restored', async () => {
    const name = dbName();
    const a = await boot(name);
    a.store.getState().dispatch(setObjectAttribute, { objectId: 'o1', name: 'note', value: 'kept' });
    await a.persistence.flush();
    const good = a.store.getState().scene;
    await a.persistence.close();
    const db = await openAutosaveDb(name);
    await db.add('log', { revision: 99, patches: [{ op: 'replace', path: ['objects', 'nope', 'classId', 'x'], value: 1 }] });
    await db.add('log', { revision: 100, patches: 'garbage' as never });
    db.close();
    const b = await boot(name);
    expect(b.how).toBe('restored');
    expect(b.store.getState().scene).toEqual(good);
    expect(b.problems).toHaveLength(1);
    expect(b.problems[0].message).toMatch(/autosave log record 2 of 3 is corrupt .*1 later record\(s\) were ignored/);
  });

  it('a log that replays to an invalid document falls back to the snapshot', async () => {
    const name = dbName();
    const a = await boot(name);
    await a.persistence.close();
    const db = await openAutosaveDb(name);
    await db.add('log', { revision: 2, patches: [{ op: 'replace', path: ['objects', 'o1', 'classId'], value: 'not_a_class' }] });
    db.close();
    const b = await boot(name);
    expect(b.store.getState().scene).toEqual(makeTestScene());
    expect(b.problems[0].message).toMatch(/invalid document \(\$\.objects\.o1\.classId: class "not_a_class"/);
  });

  it('restores a document autosaved before schema v3: the v2 snapshot and its v2 patch log are replayed, then migrated', async () => {
    const name = dbName();
    const v3 = makeTestScene();
    // What the v2 app kept: flat annotations keyed by id, and patches addressing ['annotations', id, ...].
    const v2 = { ...structuredClone(v3), schemaVersion: 2, annotations: Object.fromEntries(allAnnotations(v3).map((a) => [a.id, structuredClone(a)])) };
    const box = { id: 'b9', kind: 'box2d', object: 'o3', sensor: 'cam', sample: 'c1', source: 'manual', x0: 1, y0: 2, x1: 30, y1: 40 };
    const db = await openAutosaveDb(name);
    await db.put('snapshot', { scene: v2, source: 'kitti', revision: 4, savedAt: 0 }, 'current');
    await db.add('log', { revision: 5, patches: [{ op: 'replace', path: ['annotations', 'a1', 'center', 'x'], value: 12.5 }] });
    await db.add('log', { revision: 7, patches: [{ op: 'add', path: ['annotations', 'b9'], value: box }, { op: 'remove', path: ['annotations', 'a2'] }] });
    db.close();
    const b = await boot(name);
    expect(b.how).toBe('restored');
    expect(b.problems).toEqual([]);
    const scene = b.store.getState().scene!;
    expect(scene.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect(b.store.getState().sceneSource).toBe('kitti');
    expect(getAnnotation(scene, 'a1')).toMatchObject({ center: { x: 12.5, y: 1, z: -0.8 } });
    expect(getAnnotation(scene, 'a2')).toBeUndefined();
    expect(scene.annotations.c1.b9).toEqual(box); // filed under its sample
    expect(Object.keys(scene.annotations).sort()).toEqual(['c1', 'document:d1', 'l0']); // c0 emptied by the removal
    // The restore re-snapshots at v3 and clears the old log; edits from here on are v3 patches.
    await b.persistence.flush();
    const after = await openAutosaveDb(name);
    expect(((await after.get('snapshot', 'current'))?.scene as { schemaVersion: number }).schemaVersion).toBe(3);
    expect(await after.count('log')).toBe(0);
    after.close();
    b.store.getState().dispatch(updateAnnotation, { id: 'b9', patch: { sample: 'c0' } });
    const edited = b.store.getState().scene!;
    expect(edited.annotations.c0.b9).toMatchObject({ sample: 'c0' });
    await b.persistence.close();
    const c = await boot(name);
    expect(c.store.getState().scene).toEqual(edited);
    expect(c.problems).toEqual([]);
  });

  it('a v2 log that breaks the document is reported with its schema version; the migrated snapshot is restored', async () => {
    const name = dbName();
    const v3 = makeTestScene();
    const v2 = { ...structuredClone(v3), schemaVersion: 2, annotations: Object.fromEntries(allAnnotations(v3).map((a) => [a.id, structuredClone(a)])) };
    const db = await openAutosaveDb(name);
    await db.put('snapshot', { scene: v2, source: 'demo', revision: 1, savedAt: 0 }, 'current');
    await db.add('log', { revision: 2, patches: [{ op: 'replace', path: ['annotations', 'a2', 'sample'], value: 'c404' }] });
    db.close();
    const b = await boot(name);
    expect(b.how).toBe('restored');
    expect(b.store.getState().scene).toEqual(v3);
    expect(b.problems[0].message).toMatch(/replaying the autosave log \(recorded on schema v2, migrated after replay\) gave an invalid document \(\$\.annotations\.c404\.a2\.sample: .*unknown sample "c404"/);
  });

  it('clear() forgets the saved document', async () => {
    const name = dbName();
    const a = await boot(name);
    await a.persistence.clear();
    expect(await a.persistence.load()).toBeNull();
  });
});

/** Wait, without flushing anything, until every completed step is on disk (as the tab would, living on). */
const landed = (p: { status(): { unsaved: number } }) => vi.waitFor(() => expect(p.status().unsaved).toBe(0), { timeout: 5000 });
const diskFull = (p: { status(): { quotaFull: boolean } }) => vi.waitFor(() => expect(p.status().quotaFull).toBe(true), { timeout: 5000 });

/** Boot a second app instance on `name` while the first is abandoned without flush or close: a crashed tab. */
const afterCrash = (name: string) => boot(name);

describe('crash safety: whole steps are written at once, never half a gesture', () => {
  it('a committed edit is on disk without any flush; a drag still in progress is not', async () => {
    const name = dbName();
    const a = await boot(name);
    const st = a.store.getState();
    st.dispatch(setObjectAttribute, { objectId: 'o1', name: 'note', value: 'committed' });
    st.beginGesture('Move cuboid');
    for (let i = 1; i <= 30; i++) st.dispatch(updateAnnotation, { id: 'a1', patch: { center: { x: 10 + i, y: 1, z: -0.8 } } });
    await landed(a.persistence);
    await new Promise((r) => setTimeout(r, 60)); // longer than the 20 ms throttle here: nothing of the open drag may land
    const b = await afterCrash(name);
    expect(b.how).toBe('restored');
    const scene = b.store.getState().scene!;
    expect(scene.objects.o1.attributes.note).toBe('committed');
    expect(getAnnotation(scene, 'a1')).toEqual(getAnnotation(makeTestScene(), 'a1')); // not moved at all
    expect(b.problems).toEqual([]);
  });

  it('a finished drag is written whole as one record, in the same task as its last step', async () => {
    const name = dbName();
    const a = await boot(name);
    await a.persistence.flush();
    const before = a.persistence.stats();
    const st = a.store.getState();
    st.beginGesture('Move cuboid');
    for (let i = 1; i <= 30; i++) st.dispatch(updateAnnotation, { id: 'a1', patch: { center: { x: 10 + i, y: 1, z: -0.8 } } });
    st.endGesture();
    const moved = a.store.getState().scene!;
    await landed(a.persistence);
    expect(a.persistence.stats().logRecords - before.logRecords).toBe(1);
    expect(a.persistence.status().unsaved).toBe(0);
    const b = await afterCrash(name);
    expect(getAnnotation(b.store.getState().scene!, 'a1')).toMatchObject({ center: { x: 40, y: 1, z: -0.8 } });
    expect(b.store.getState().scene).toEqual(moved);
  });

  it('a burst of steps in one task shares one transaction and all of it survives', async () => {
    const name = dbName();
    const a = await boot(name);
    await a.persistence.flush();
    const before = a.persistence.stats();
    for (let i = 0; i < 50; i++) a.store.getState().dispatch(setObjectAttribute, { objectId: 'o1', name: 'note', value: `edit ${i}` });
    const burst = a.store.getState().scene;
    await landed(a.persistence);
    expect(a.persistence.stats().writes - before.writes).toBe(1);
    const b = await afterCrash(name);
    expect(b.store.getState().scene).toEqual(burst);
  });

  it('replay stops at a missing record: later records cannot be applied to the wrong state', async () => {
    const name = dbName();
    const a = await boot(name);
    a.store.getState().dispatch(setObjectAttribute, { objectId: 'o1', name: 'note', value: 'one' });
    await a.persistence.flush();
    const kept = a.store.getState().scene;
    await a.persistence.close();
    const db = await openAutosaveDb(name);
    const log = await db.getAll('log');
    const last = log[log.length - 1] as { seq: number };
    // seq + 1 never landed (its transaction failed); seq + 2 did
    await db.add('log', { revision: 50, seq: last.seq + 2, patches: [{ op: 'replace', path: ['objects', 'o1', 'attributes', 'note'], value: 'after a gap' }] });
    db.close();
    const b = await boot(name);
    expect(b.store.getState().scene).toEqual(kept);
    expect(b.problems[0].message).toMatch(/follows a write that never landed \(sequence \d+, expected \d+\)/);
  });
});

describe('storage full (QuotaExceededError)', () => {
  /** Make every IndexedDB put throw what a full disk throws, until the returned function is called. */
  function fillDisk(): () => void {
    const proto = (globalThis as unknown as { IDBObjectStore: { prototype: { put: (...a: unknown[]) => unknown } } }).IDBObjectStore.prototype;
    const put = proto.put;
    proto.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    return () => void (proto.put = put);
  }

  it('keeps the document in memory, counts the unsaved edits, retries, and saves everything once space is back', async () => {
    const name = dbName();
    const problems: PersistenceProblem[] = [];
    const persistence = createIndexedDbPersistence(name, { retryMs: 40, onError: (p) => problems.push(p) });
    const store = createWorkbenchStore({ persistence, storage: null });
    await restoreOrLoad(store, persistence, demo);
    await persistence.flush();
    const freeDisk = fillDisk();
    try {
      for (let i = 0; i < 3; i++) store.getState().dispatch(setObjectAttribute, { objectId: 'o1', name: 'note', value: `edit ${i}` });
      await diskFull(persistence);
      expect(persistence.status()).toMatchObject({ quotaFull: true, unsaved: 3, writable: true });
      expect(problems.at(-1)?.message).toMatch(/storage is full.*quota/i);
      store.getState().dispatch(deleteObject, { objectId: 'o2' });
      expect(persistence.status().unsaved).toBe(4);
      // the document itself is untouched by the failures
      expect(store.getState().scene?.objects.o1.attributes.note).toBe('edit 2');
      expect(store.getState().scene?.objects.o2).toBeUndefined();
      const failures = persistence.stats().failures;
      await vi.waitFor(() => expect(persistence.stats().failures).toBeGreaterThan(failures), { timeout: 5000 }); // a retry, failing too
      expect(persistence.status()).toMatchObject({ quotaFull: true, unsaved: 4 });
    } finally {
      freeDisk();
    }
    await vi.waitFor(() => expect(persistence.status()).toMatchObject({ quotaFull: false, unsaved: 0, failure: null }), { timeout: 5000 }); // the next retry lands
    const edited = store.getState().scene;
    const b = await afterCrash(name);
    expect(b.store.getState().scene).toEqual(edited);
    expect(b.problems).toEqual([]);
  });

  it('a lock taken by another tab stops writing at once: neither a flush nor the pending retry writes anything', async () => {
    const name = dbName();
    const persistence = createIndexedDbPersistence(name, { retryMs: 20, onError: () => {} });
    const store = createWorkbenchStore({ persistence, storage: null });
    await restoreOrLoad(store, persistence, demo);
    await persistence.flush();
    const saved = store.getState().scene;
    const freeDisk = fillDisk();
    store.getState().dispatch(setObjectAttribute, { objectId: 'o1', name: 'note', value: 'never saved' });
    await diskFull(persistence);
    freeDisk();
    await persistence.setWritable(false, { flush: false }); // the other tab writes now
    const writes = persistence.stats().writes;
    await persistence.flush();
    await new Promise((r) => setTimeout(r, 100)); // several retry periods
    expect(persistence.stats().writes).toBe(writes);
    expect(persistence.status()).toMatchObject({ writable: false, unsaved: 1 });
    const reader = createIndexedDbPersistence(name, { onError: () => {} });
    expect((await reader.load())?.scene).toEqual(saved);
    await reader.close();
  });

  it('a snapshot write that fails half way does not clear the log: the saved document stays whole', async () => {
    const name = dbName();
    const a = await boot(name);
    a.store.getState().dispatch(setObjectAttribute, { objectId: 'o1', name: 'note', value: 'saved before' });
    await a.persistence.flush();
    const saved = a.store.getState().scene;
    const freeDisk = fillDisk();
    try {
      a.store.getState().loadScene(makeTestScene(), 'another'); // a snapshot: put + log.clear() in one transaction, the put throws
      await diskFull(a.persistence);
      expect(a.persistence.status()).toMatchObject({ quotaFull: true, unsaved: 1 });
      const b = await afterCrash(name);
      expect(b.how).toBe('restored');
      expect(b.store.getState().scene).toEqual(saved);
    } finally {
      freeDisk();
    }
  });
});
