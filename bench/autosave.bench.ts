/**
 * What crash-safe autosave costs the editing thread (src/store/persistence.ts). Ours: every
 * completed step handed to IndexedDB in its own transaction, committed in the same task
 * (`commitOnSteps`, what the app runs). Baseline, measured in the same run: the same module without
 * step tracking, which is the previous throttled autosave (patches collected, one transaction per
 * 500 ms) and loses up to half a second of edits in a crash. Both on fake-indexeddb in Node, so the figures compare the work done
 * in the tab per step (patch bookkeeping, transaction set-up, structured clone), not disk speed.
 * Also counted: transactions for one 60-move drag (ours 1, at its end; the baseline writes while
 * it lasts, so a crash can leave half of it).
 */
import 'fake-indexeddb/auto';
import { setObjectAttribute, updateAnnotation } from '../src/core/commands';
import { makeTestScene } from '../src/core/commands/testScene';
import { createIndexedDbPersistence } from '../src/store/persistence';
import { restoreOrLoad } from '../src/store/restore';
import { createWorkbenchStore } from '../src/store/workbench';
import { median, type Harness } from './harness';

const STEPS = 200;
let n = 0;

async function session(steps: boolean) {
  const persistence = createIndexedDbPersistence(`bench-autosave-${++n}`, { batchMs: 500, onError: () => {} });
  const store = createWorkbenchStore({ persistence, storage: null });
  if (steps) await restoreOrLoad(store, persistence, async () => ({ scene: makeTestScene(), source: 'bench' }));
  else store.getState().loadScene(makeTestScene(), 'bench'); // the store alone: every change written on the throttle
  await persistence.flush();
  return { persistence, store };
}

/** Median ms of main-thread time per edit step over STEPS steps, each in its own task (as user input is). */
async function perStep(steps: boolean): Promise<number> {
  const { persistence, store } = await session(steps);
  const t: number[] = [];
  for (let i = 0; i < STEPS; i++) {
    const t0 = performance.now();
    store.getState().dispatch(setObjectAttribute, { objectId: 'o1', name: 'note', value: `edit ${i}` });
    await Promise.resolve(); // the microtask that hands the step to IndexedDB runs inside the same task
    t.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 0));
  }
  await persistence.close();
  return median(t);
}

async function dragWrites(steps: boolean): Promise<number> {
  const { persistence, store } = await session(steps);
  const before = persistence.stats().writes;
  const st = store.getState();
  st.beginGesture('Move cuboid');
  for (let i = 1; i <= 60; i++) {
    st.dispatch(updateAnnotation, { id: 'a1', patch: { center: { x: 10 + i / 60, y: 1, z: -0.8 } } });
    await new Promise((r) => setTimeout(r, 16)); // 60 Hz pointer moves: a one-second drag
  }
  st.endGesture();
  await persistence.flush();
  const writes = persistence.stats().writes - before;
  await persistence.close();
  return writes;
}

export default async function (h: Harness): Promise<void> {
  await perStep(true); // warm-up
  const ours = await perStep(true);
  const baseline = await perStep(false);
  h.time('autosave: main-thread ms per edit step', ours, baseline, 'throttled autosave (500 ms)', 'ours writes each step at once (crash-safe)');
  h.cost('autosave: transactions for a 1 s, 60-move drag', await dragWrites(true), await dragWrites(false), 'writes', 'throttled autosave (500 ms)', 'ours: one, at the end; never half a drag on disk');
}
