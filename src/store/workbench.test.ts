import { describe, expect, it } from 'vitest';
import { createObject, createObjectWithAnnotation, deleteObject, setObjectClass, updateAnnotation } from '../core/commands';
import { makeTestScene } from '../core/commands/testScene';
import { Scene, getAnnotation } from '../core/schema';
import { SESSION_KEY } from './session';
import { createWorkbenchStore } from './workbench';

const fresh = () => {
  const store = createWorkbenchStore({ storage: null });
  store.getState().loadScene(makeTestScene(), 'test');
  return store;
};

describe('workbench store: document slice', () => {
  it('dispatch applies a command, bumps revision, records a history label, clears redo', () => {
    const store = fresh();
    const r0 = store.getState().revision;
    expect(store.getState().dispatch(setObjectClass, { objectId: 'o3', classId: 'truck' })).toBe(true);
    expect(store.getState().scene?.objects.o3.classId).toBe('truck');
    expect(store.getState().revision).toBe(r0 + 1);
    expect(store.getState().history).toEqual({ undo: ['Change class'], redo: [] });
    store.getState().undo();
    expect(store.getState().history).toEqual({ undo: [], redo: ['Change class'] });
    store.getState().dispatch(deleteObject, { objectId: 'o2' });
    expect(store.getState().history).toEqual({ undo: ['Delete object'], redo: [] });
  });

  it('a failing command returns false, sets lastError and leaves the document and history untouched', () => {
    const store = fresh();
    const before = store.getState().scene;
    const rev = store.getState().revision;
    expect(store.getState().dispatch(setObjectClass, { objectId: 'o3', classId: 'ufo' })).toBe(false);
    expect(store.getState().scene).toBe(before);
    expect(store.getState().revision).toBe(rev);
    expect(store.getState().history.undo).toEqual([]);
    expect(store.getState().lastError).toEqual({ message: expect.stringMatching(/Change class: class "ufo" is not in taxonomy/), source: 'object/setClass' });
    const empty = createWorkbenchStore({ storage: null });
    expect(empty.getState().dispatch(createObject, { classId: 'car' })).toBe(false);
    expect(empty.getState().lastError?.message).toMatch(/no scene is loaded/);
  });

  it('undo and redo restore exactly the previous and next documents', () => {
    const store = fresh();
    const s0 = store.getState().scene;
    store.getState().dispatch(deleteObject, { objectId: 'o1' });
    const s1 = store.getState().scene;
    store.getState().undo();
    expect(store.getState().scene).toEqual(s0);
    store.getState().redo();
    expect(store.getState().scene).toEqual(s1);
    store.getState().redo(); // nothing to redo: no change
    expect(store.getState().scene).toEqual(s1);
  });

  it('a gesture of many dispatches is one undo step; cancelGesture reverts it', () => {
    const store = fresh();
    const s0 = store.getState().scene!;
    const st = store.getState();
    st.beginGesture('Move cuboid');
    for (let i = 1; i <= 30; i++) st.dispatch(updateAnnotation, { id: 'a1', patch: { center: { x: 10 + i * 0.1, y: 1, z: -0.8 } } });
    st.endGesture();
    expect(store.getState().history.undo).toEqual(['Move cuboid']);
    const cuboid = getAnnotation(store.getState().scene!, 'a1')!;
    expect(cuboid.kind === 'cuboid' && cuboid.center.x).toBeCloseTo(13, 10);
    const moved = store.getState().scene;
    st.undo();
    expect(store.getState().scene).toEqual(s0);
    st.redo();
    expect(store.getState().scene).toEqual(moved);

    st.beginGesture('Rotate');
    st.dispatch(updateAnnotation, { id: 'a1', patch: { rotation: { x: 0, y: 0, z: 0.5, w: Math.sqrt(0.75) } } });
    st.dispatch(updateAnnotation, { id: 'a1', patch: { rotation: { x: 0, y: 0, z: 0.6, w: 0.8 } } });
    st.cancelGesture();
    expect(store.getState().scene).toEqual(moved);
    expect(store.getState().history.undo).toEqual(['Move cuboid']);
    expect(Scene.safeParse(store.getState().scene).success).toBe(true);
  });

  it('selection is cleared when the selected object disappears (undo of its creation)', () => {
    const store = fresh();
    const st = store.getState();
    st.dispatch(createObjectWithAnnotation, {
      object: { id: 'o9', classId: 'car' },
      annotation: { id: 'b9', kind: 'box2d', sensor: 'cam', sample: 'c1', x0: 1, y0: 2, x1: 3, y1: 4 },
    });
    st.select('o9', 'b9');
    expect(store.getState().session.selectedObjectId).toBe('o9');
    st.undo();
    expect(store.getState().session).toMatchObject({ selectedObjectId: null, selectedAnnotationId: null });
    st.select('o1', 'a2');
    st.dispatch(updateAnnotation, { id: 'a1', patch: { center: { x: 1, y: 1, z: 1 } } });
    expect(store.getState().session.selectedObjectId).toBe('o1'); // unrelated edits keep it
  });

  it('loadScene clears history; live state changes never touch the document', () => {
    const store = fresh();
    store.getState().dispatch(deleteObject, { objectId: 'o1' });
    store.getState().loadScene(makeTestScene(), 'other');
    expect(store.getState().history).toEqual({ undo: [], redo: [] });
    expect(store.getState().sceneSource).toBe('other');
    const rev = store.getState().revision;
    const scene = store.getState().scene;
    store.getState().setPlayhead(1.25);
    store.getState().setHover({ kind: 'pixel', sensor: 'cam', sample: 'c0', u: 3, v: 4 });
    expect(store.getState().live).toEqual({ playhead: 1.25, hover: { kind: 'pixel', sensor: 'cam', sample: 'c0', u: 3, v: 4 } });
    expect(store.getState().revision).toBe(rev);
    expect(store.getState().scene).toBe(scene);
  });
});

describe('workbench store: session slice', () => {
  it('persists the session to the given storage and restores it, ignoring garbage', () => {
    const data = new Map<string, string>();
    const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
    const a = createWorkbenchStore({ storage });
    a.getState().setSession({ tool: 'cuboid', pointSize: 4, overlays: { projected: true } });
    a.getState().select('o1');
    const b = createWorkbenchStore({ storage });
    expect(b.getState().session).toMatchObject({ tool: 'cuboid', pointSize: 4, overlays: { projected: true }, selectedObjectId: 'o1' });
    data.set(SESSION_KEY, '{"tool": "laser"');
    expect(createWorkbenchStore({ storage }).getState().session.tool).toBe('select');
  });

  it('`loads` counts documents installed by loadScene, not edits, undo or redo', () => {
    const store = fresh();
    const before = store.getState().loads;
    store.getState().dispatch(deleteObject, { objectId: 'o1' });
    store.getState().undo();
    store.getState().redo();
    expect(store.getState().loads).toBe(before);
    store.getState().loadScene(makeTestScene(), 'other');
    expect(store.getState().loads).toBe(before + 1);
  });
});

describe('workbench store: committed steps (the shared-scene hook)', () => {
  it('emits one step per command, one per whole gesture, none for a cancelled gesture, and undo/redo as steps', async () => {
    const { applyPatches } = await import('immer');
    const store = fresh();
    const steps: { label: string; patches: unknown[] }[] = [];
    const off = store.getState().onStep((s) => steps.push(s));
    const s0 = store.getState().scene!;
    const st = store.getState();
    st.dispatch(setObjectClass, { objectId: 'o3', classId: 'truck' });
    st.beginGesture('Move cuboid');
    for (let i = 1; i <= 3; i++) st.dispatch(updateAnnotation, { id: 'a1', patch: { center: { x: 10 + i, y: 1, z: -0.8 } } });
    expect(steps.map((s) => s.label)).toEqual(['Change class']); // the gesture is still open
    st.endGesture();
    st.beginGesture('Cancelled drag');
    st.dispatch(updateAnnotation, { id: 'a1', patch: { center: { x: 99, y: 1, z: -0.8 } } });
    st.cancelGesture();
    st.undo();
    expect(steps.map((s) => s.label)).toEqual(['Change class', 'Move cuboid', 'Undo Move cuboid']);
    // replaying the emitted steps on the first document reaches the store's document: nothing is missed
    let replayed = s0;
    for (const s of steps) replayed = applyPatches(replayed, s.patches as never);
    expect(replayed).toEqual(store.getState().scene);
    // and each step's inverse takes it back: unwinding all of them returns the first document
    for (const s of [...steps].reverse()) replayed = applyPatches(replayed, (s as unknown as { inverse: never }).inverse);
    expect(replayed).toEqual(s0);
    off();
    st.dispatch(deleteObject, { objectId: 'o2' });
    expect(steps).toHaveLength(3);
  });

  it('applyExternal installs a document without an undo step or a step event', () => {
    const store = fresh();
    const steps: unknown[] = [];
    store.getState().onStep((s) => steps.push(s));
    const next = { ...store.getState().scene!, name: 'renamed elsewhere' };
    const rev = store.getState().revision;
    store.getState().applyExternal(next, [{ op: 'replace', path: ['name'], value: 'renamed elsewhere' }]);
    expect(store.getState().scene?.name).toBe('renamed elsewhere');
    expect(store.getState().revision).toBe(rev + 1);
    expect(store.getState().history.undo).toEqual([]);
    expect(steps).toEqual([]);
  });
});
