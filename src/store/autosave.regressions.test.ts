/**
 * Regressions of the crash-safe autosave with two tabs (review of ff61a3b/e54faf3): each test is a
 * sequence that lost or overwrote saved edits before its fix.
 */
import 'fake-indexeddb/auto';
import type { Patch } from 'immer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setObjectAttribute } from '../core/commands';
import { makeTestScene } from '../core/commands/testScene';
import type { Scene } from '../core/schema';
import { createIndexedDbPersistence } from './persistence';
import { autosaveOf, READ_ONLY_MESSAGE, restoreOrLoad } from './restore';
import { FakeLocks } from './fakeLocks.testing';
import type { TabLockEnv } from './tabLock';
import { createWorkbenchStore } from './workbench';


let n = 0;
const disposers: (() => void)[] = [];
const realPut = IDBObjectStore.prototype.put;
afterEach(() => {
  IDBObjectStore.prototype.put = realPut;
  disposers.splice(0).forEach((d) => d());
});

/** Make IndexedDB puts throw QuotaExceededError while `when()` is true (calls counted from 1). */
function fillStorage(when: (call: number) => boolean, also?: (call: number) => void): void {
  let calls = 0;
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    calls++;
    also?.(calls);
    if (when(calls)) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return realPut.apply(this, args);
  };
}

const sharedEnv = (): TabLockEnv => ({ locks: new FakeLocks() as unknown as LockManager, channel: (c) => new BroadcastChannel(c) });
const noLocks: TabLockEnv = { locks: null, channel: null };

interface TabOptions {
  retryMs?: number;
  beforeRestore?: (scene: Scene) => Promise<unknown>;
  keepMedia?: (scene: Scene) => Promise<unknown>;
}

async function openTab(name: string, env: TabLockEnv, o: TabOptions = {}) {
  const persistence = createIndexedDbPersistence(name, { onError: () => {}, retryMs: o.retryMs ?? 60_000 });
  disposers.push(() => void persistence.close());
  const store = createWorkbenchStore({ persistence, storage: null });
  const how = await restoreOrLoad(store, persistence, async () => ({ scene: makeTestScene(), source: 'demo' }), o.beforeRestore, { tabs: env, stealAfterMs: 150, keepMedia: o.keepMedia });
  const tab = autosaveOf(store)!.tab;
  disposers.push(() => tab.dispose());
  const note = () => store.getState().scene?.objects.o1.attributes.note;
  const write = (value: string) => store.getState().dispatch(setObjectAttribute, { objectId: 'o1', name: 'note', value });
  return { persistence, store, how, tab, note, write };
}

/** The document a reload would restore (read only: a whole tab would write a snapshot of its own). */
async function savedScene(name: string): Promise<Scene | undefined> {
  const p = createIndexedDbPersistence(name, { onError: () => {} });
  const saved = await p.load();
  await p.close();
  return saved?.scene;
}
const onDisk = async (name: string) => (await savedScene(name))?.objects.o1.attributes.note;

describe('taking ownership back', () => {
  it('loads the edits the other tab saved meanwhile, even after loading a document in this session', async () => {
    const name = `regress-${++n}`;
    const env = sharedEnv();
    const a = await openTab(name, env);
    a.store.getState().loadScene(makeTestScene(), 'imported.json'); // Open folder… in the owner tab
    expect(a.write('A')).toBe(true);
    await a.persistence.flush();
    const b = await openTab(name, env);
    await b.tab.takeOver();
    expect(b.write('B')).toBe(true);
    await b.persistence.flush();

    await a.tab.takeOver();
    expect(a.note()).toBe('B');
    await a.persistence.flush();
    expect(await onDisk(name)).toBe('B');
  });

  it('a document opened while read-only keeps its media once a take-over saves it', async () => {
    const name = `regress-${++n}`;
    const env = sharedEnv();
    await openTab(name, env);
    const kept: Scene[] = [];
    const b = await openTab(name, env, { keepMedia: async (s) => void kept.push(s) });
    const imported = makeTestScene();
    b.store.getState().loadScene(imported, 'dropped folder');
    await b.tab.takeOver();
    expect(kept).toEqual([imported]);
  });

  it('an edit tried while the take-over catches up is refused, not silently replaced', async () => {
    const name = `regress-${++n}`;
    const env = sharedEnv();
    const a = await openTab(name, env);
    expect(a.write('A')).toBe(true);
    let tried: boolean | null = null;
    let restores = 0;
    const b = await openTab(name, env, {
      beforeRestore: async () => {
        // the second restore is the take-over installing what the first tab saved
        if (++restores === 2) tried = b.write('typed during the take-over');
      },
    });
    await b.tab.takeOver();
    expect(tried).toBe(false);
    expect(b.store.getState().lastError?.message).toBe(READ_ONLY_MESSAGE);
    expect(b.note()).toBe('A');
  });
});

describe('a tab whose lock was stolen', () => {
  it('writes nothing afterwards, not even the snapshot its failed write had made due', async () => {
    const name = `regress-${++n}`;
    const locks = new FakeLocks();
    locks.stealDelayMs = 300; // the frozen tab hears of the steal only once it wakes
    const a = await openTab(name, { locks: locks as unknown as LockManager, channel: null });
    await a.persistence.flush();
    fillStorage((call) => call === 1);
    expect(a.write('A, never saved')).toBe(true);
    await vi.waitFor(() => expect(a.persistence.status().quotaFull).toBe(true));
    IDBObjectStore.prototype.put = realPut;

    const b = await openTab(name, { locks: locks as unknown as LockManager, channel: (c) => new BroadcastChannel(c) });
    await b.tab.takeOver();
    expect(b.write('B')).toBe(true);
    await b.persistence.flush();
    await vi.waitFor(() => expect(a.tab.role()).toBe('reader'));
    const writes = a.persistence.stats().writes;
    await a.persistence.flush(); // pagehide
    expect(a.persistence.stats().writes).toBe(writes);
    expect(a.persistence.status().writable).toBe(false);
    expect(await onDisk(name)).toBe('B');
    expect(a.store.getState().lastError?.message).toMatch(/Another tab took over while this one was not responding: 1 change made here was not saved/);
  });
});

describe('storage full', () => {
  it('an edit made while the retried snapshot is being written is saved after it', async () => {
    const name = `regress-${++n}`;
    const a = await openTab(name, noLocks, { retryMs: 20 });
    await a.persistence.flush();
    // 1st put fails (the edit), the 2nd is the retry's snapshot: an edit lands while it is in flight
    fillStorage(
      (call) => call === 1,
      (call) => {
        if (call === 2) queueMicrotask(() => a.write('made during the retry'));
      },
    );
    a.write('first');
    await vi.waitFor(() => expect(a.note()).toBe('made during the retry'));
    await vi.waitFor(() => expect(a.persistence.status()).toMatchObject({ quotaFull: false, unsaved: 0 }));
    IDBObjectStore.prototype.put = realPut;
    expect(await onDisk(name)).toBe('made during the retry'); // no flush: the tab could be killed now
  });

  it('the owner keeps a scene it could not save when another tab asks for it, and both tabs say why', async () => {
    const name = `regress-${++n}`;
    const env = sharedEnv();
    const a = await openTab(name, env);
    await a.persistence.flush();
    fillStorage(() => true);
    expect(a.write('A, unsaved')).toBe(true);
    await vi.waitFor(() => expect(a.persistence.status().quotaFull).toBe(true));

    const b = await openTab(name, env);
    await expect(b.tab.takeOver()).rejects.toThrow(/did not hand it over: 1 change made there could not be saved \(the browser's storage is full\)/);
    expect(b.store.getState().lastError?.message).toMatch(/Export from that tab first/);
    expect(a.store.getState().lastError?.message).toMatch(/this tab kept the scene because 1 change made here could not be saved/);
    await new Promise((r) => setTimeout(r, 300)); // past stealAfterMs: the refusal ended the wait, nothing steals
    expect([a.tab.role(), b.tab.role()]).toEqual(['owner', 'reader']);
    expect(a.note()).toBe('A, unsaved');
    expect(a.persistence.status().writable).toBe(true);

    IDBObjectStore.prototype.put = realPut; // space is back
    await a.persistence.flush();
    expect(a.persistence.status().unsaved).toBe(0);
    await b.tab.takeOver();
    expect(b.tab.role()).toBe('owner');
    expect(b.note()).toBe('A, unsaved');
  });
});

describe('changes applied from outside (a shared scene)', () => {
  it('are autosaved like steps: a refused edit taken back stays taken back after a reload', async () => {
    const name = `regress-${++n}`;
    const a = await openTab(name, noLocks);
    expect(a.write('kept')).toBe(true);
    const before = a.store.getState().scene!;
    expect(a.write('refused by the server')).toBe(true);
    const steps: unknown[] = [];
    a.store.getState().onStep((s) => steps.push(s));
    const back: Patch[] = [{ op: 'replace', path: ['objects', 'o1', 'attributes'], value: before.objects.o1.attributes }];
    a.store.getState().applyExternal(before, back);
    expect(steps).toEqual([]); // not a user step: nothing to send to the server
    expect(a.note()).toBe('kept');
    expect(await onDisk(name)).toBe('kept'); // no flush needed: it is written like a step
  });

  it('during a drag they are saved with the drag, also when the drag is cancelled', async () => {
    const name = `regress-${++n}`;
    const a = await openTab(name, noLocks);
    const s = a.store.getState();
    s.beginGesture('Drag');
    expect(a.write('half a drag')).toBe(true);
    const others = { ...a.store.getState().scene!.objects.o1.attributes, other: 'from the server' };
    const next = { ...a.store.getState().scene!, objects: { ...a.store.getState().scene!.objects, o1: { ...a.store.getState().scene!.objects.o1, attributes: others } } };
    s.applyExternal(next, [{ op: 'replace', path: ['objects', 'o1', 'attributes'], value: others }]);
    await a.persistence.flush();
    expect((await savedScene(name))?.objects.o1.attributes.other).toBeUndefined(); // half a drag is never on disk
    s.cancelGesture();
    const after = await savedScene(name); // no flush: written like a step
    expect(after?.objects.o1.attributes).toEqual(a.store.getState().scene?.objects.o1.attributes);
    expect(after?.objects.o1.attributes.other).toBe('from the server');
  });
});
