import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { addTimeLabelInterval, createTimeLabel, setObjectIntervals, setTimeLabelInterval, updateTimeLabel } from '../core/commands';
import { makeTestScene } from '../core/commands/testScene';
import type { Scene } from '../core/schema';
import { createIndexedDbPersistence } from './persistence';
import { restoreOrLoad } from './restore';
import { createWorkbenchStore } from './workbench';

const demo = async () => ({ scene: makeTestScene(), source: 'demo' });

async function boot(name: string) {
  const persistence = createIndexedDbPersistence(name, { batchMs: 20 });
  const store = createWorkbenchStore({ persistence, storage: null });
  await restoreOrLoad(store, persistence, demo);
  return { persistence, store };
}

describe('time labels in the store', () => {
  it('are edited through commands with undo, and an autosaved document restores them and object lifetimes', async () => {
    const a = await boot('test-time-labels');
    const st = a.store.getState();
    expect(st.dispatch(createTimeLabel, { id: 'drink', kind: 'action', type: 'drinking', intervals: [{ start: 0, end: 0.05 }], objects: ['o4'] })).toBe(true);
    // a drag on the timeline: one gesture, one undo step
    st.beginGesture('Move action');
    for (let i = 1; i <= 20; i++) st.dispatch(setTimeLabelInterval, { id: 'drink', index: 0, interval: { start: i / 400, end: 0.05 + i / 400 } });
    st.endGesture();
    expect(a.store.getState().scene!.timeLabels.drink.intervals).toEqual([{ start: 0.05, end: 0.1 }]);
    st.dispatch(addTimeLabelInterval, { id: 'drink', interval: { start: 0.5, end: 0.75 } });
    st.undo();
    expect(a.store.getState().scene!.timeLabels.drink.intervals).toEqual([{ start: 0.05, end: 0.1 }]);
    st.undo();
    expect(a.store.getState().scene!.timeLabels.drink.intervals).toEqual([{ start: 0, end: 0.05 }]);
    st.redo();
    // a rejected command changes nothing and says why
    expect(st.dispatch(updateTimeLabel, { id: 'drink', type: '' })).toBe(false);
    st.dispatch(createTimeLabel, { id: 'night', kind: 'context', type: 'night' });
    st.dispatch(setObjectIntervals, { objectId: 'o4', intervals: [{ start: 0, end: 1 }] });
    const edited: Scene = a.store.getState().scene!;
    expect(Object.keys(edited.timeLabels)).toEqual(['drink', 'night']);
    await a.persistence.flush();
    await a.persistence.close();
    const b = await boot('test-time-labels');
    expect(b.store.getState().scene).toEqual(edited);
    expect(b.store.getState().scene!.objects.o4.intervals).toEqual([{ start: 0, end: 1 }]);
  });
});
