import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setObjectAttribute } from '../core/commands';
import { makeTestScene } from '../core/commands/testScene';
import { createIndexedDbPersistence } from './persistence';
import { autosaveOf, READ_ONLY_MESSAGE, restoreOrLoad } from './restore';
import { FakeLocks } from './fakeLocks.testing';
import type { TabLockEnv } from './tabLock';
import { createWorkbenchStore } from './workbench';


let n = 0;
const disposers: (() => void)[] = [];
afterEach(() => disposers.splice(0).forEach((d) => d()));

async function openTab(name: string, env: TabLockEnv) {
  const persistence = createIndexedDbPersistence(name, { onError: () => {} });
  const store = createWorkbenchStore({ persistence, storage: null });
  const how = await restoreOrLoad(store, persistence, async () => ({ scene: makeTestScene(), source: 'demo' }), undefined, { tabs: env, stealAfterMs: 150 });
  const tab = autosaveOf(store)!.tab;
  disposers.push(() => tab.dispose());
  const note = () => store.getState().scene?.objects.o1.attributes.note;
  const write = (value: string) => store.getState().dispatch(setObjectAttribute, { objectId: 'o1', name: 'note', value });
  return { persistence, store, how, tab, note, write };
}

describe('two tabs on one autosave', () => {
  it('the second tab is read-only and cannot overwrite; taking over makes the first read-only after it flushed', async () => {
    const name = `tabs-${++n}`;
    const env: TabLockEnv = { locks: new FakeLocks() as unknown as LockManager, channel: (c) => new BroadcastChannel(c) };
    const a = await openTab(name, env);
    expect(a.tab.role()).toBe('owner');
    expect(a.write('first tab, before')).toBe(true);

    const b = await openTab(name, env);
    expect(b.tab.role()).toBe('reader');
    expect(b.how).toBe('restored');
    expect(b.note()).toBe('first tab, before'); // written by the first tab as soon as it was made
    expect(b.write('second tab')).toBe(false);
    expect(b.store.getState().lastError?.message).toBe(READ_ONLY_MESSAGE);
    expect(b.note()).toBe('first tab, before');
    b.store.getState().undo(); // nothing the reader does reaches the document
    expect(b.note()).toBe('first tab, before');

    expect(a.write('first tab, after')).toBe(true);
    await b.tab.takeOver();
    expect(b.tab.role()).toBe('owner');
    expect(a.tab.role()).toBe('reader');
    expect(b.note()).toBe('first tab, after'); // caught up with what the first tab saved before yielding
    expect(a.write('first tab, too late')).toBe(false);
    expect(a.note()).toBe('first tab, after');
    expect(b.write('second tab, owner')).toBe(true);
    await b.persistence.flush();
    expect(a.persistence.status().writable).toBe(false);

    const c = await openTab(name, { locks: null, channel: null });
    expect(c.note()).toBe('second tab, owner');
  });

  it('an owner that does not answer (a frozen tab) has the lock taken after a while, and stops writing', async () => {
    const name = `tabs-${++n}`;
    const locks = new FakeLocks() as unknown as LockManager;
    const a = await openTab(name, { locks, channel: null }); // hears no take-over request
    const b = await openTab(name, { locks, channel: (c) => new BroadcastChannel(c) });
    expect([a.tab.role(), b.tab.role()]).toEqual(['owner', 'reader']);
    await b.tab.takeOver();
    expect(b.tab.role()).toBe('owner');
    await vi.waitFor(() => expect(a.tab.role()).toBe('reader'));
    expect(a.write('ignored')).toBe(false);
    expect(b.write('kept')).toBe(true);
    await b.persistence.flush();
    await a.persistence.flush();
    const c = await openTab(name, { locks: null, channel: null });
    expect(c.note()).toBe('kept');
  });
});
