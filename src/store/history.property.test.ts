/**
 * Property: for any sequence of commands (valid or not, gestures included), every state the
 * document passes through is schema-valid; undoing all steps walks back through exactly those
 * states to the initial document, and redoing all walks forward to the final one (deep equal).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addAnnotation,
  addClass,
  createObject,
  createObjectWithAnnotation,
  deleteAnnotation,
  deleteObject,
  deprecateClass,
  markNotVisible,
  mergeClasses,
  renameClass,
  setDocumentText,
  setObjectAttribute,
  setObjectClass,
  updateAnnotation,
} from '../core/commands';
import { makeTestScene } from '../core/commands/testScene';
import { Scene, allAnnotations, getAnnotation } from '../core/schema';
import { createWorkbenchStore, type WorkbenchStore } from './workbench';

const op = fc.record({
  kind: fc.constantFrom(
    'createObject', 'setClass', 'setAttr', 'deleteObject', 'addBox', 'addCuboid', 'update', 'deleteAnn',
    'notVisible', 'createWith', 'rename', 'merge', 'deprecate', 'addClass', 'text', 'gesture', 'cancelled',
  ),
  i: fc.nat(50),
  j: fc.nat(50),
  x: fc.double({ min: -50, max: 50, noNaN: true }),
  v: fc.constantFrom<boolean | string | number | null>(true, false, 'none', 'partly', 'free', 3, null),
  n: fc.integer({ min: 1, max: 6 }),
});
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

const pick = <T>(list: readonly T[], i: number): T | undefined => (list.length ? list[i % list.length] : undefined);

/** Apply one generated op through the store; returns nothing, success or failure both allowed. */
function apply(store: WorkbenchStore, o: Op, step: number): void {
  const st = store.getState();
  const s = st.scene!;
  const objs = Object.keys(s.objects).sort();
  const anns = allAnnotations(s).map((a) => a.id).sort();
  const classes = s.taxonomy.classes.map((c) => c.id);
  const obj = pick(objs, o.i) ?? 'none';
  const cls = pick(classes, o.j) ?? 'car';
  const camSample = o.j % 2 ? 'c1' : 'c0';
  const rect = { x0: o.x + 60, y0: 10, x1: o.x + 60 + o.n * 5, y1: 40 };
  switch (o.kind) {
    case 'createObject': st.dispatch(createObject, { id: `p${step}`, classId: cls }); break;
    case 'setClass': st.dispatch(setObjectClass, { objectId: obj, classId: cls }); break;
    case 'setAttr': st.dispatch(setObjectAttribute, { objectId: obj, name: ['moving', 'occluded', 'note'][o.n % 3], value: o.v }); break;
    case 'deleteObject': st.dispatch(deleteObject, { objectId: obj }); break;
    case 'addBox': st.dispatch(addAnnotation, { annotation: { id: `b${step}`, kind: 'box2d', object: obj, sensor: 'cam', sample: camSample, ...rect } }); break;
    case 'addCuboid':
      st.dispatch(addAnnotation, { annotation: { id: `c${step}`, kind: 'cuboid', object: obj, sensor: 'lidar', sample: o.j % 2 ? 'l1' : 'l0', center: { x: o.x, y: 0, z: 0 }, size: { l: o.n, w: 1, h: 1 }, rotation: { x: 0, y: 0, z: 0, w: 1 } } });
      break;
    case 'update': {
      const id = pick(anns, o.i);
      const a = id ? getAnnotation(s, id)! : undefined;
      if (a?.kind === 'cuboid') st.dispatch(updateAnnotation, { id: a.id, patch: { center: { x: o.x, y: a.center.y, z: a.center.z } } });
      else if (a?.kind === 'box2d') st.dispatch(updateAnnotation, { id: a.id, patch: { x0: o.x } }); // may invert the box: rejected
      else if (a) st.dispatch(updateAnnotation, { id: a.id, patch: { attributes: { checked: o.n } } });
      break;
    }
    case 'deleteAnn': st.dispatch(deleteAnnotation, { id: pick(anns, o.i) ?? 'none' }); break;
    case 'notVisible': st.dispatch(markNotVisible, { id: `n${step}`, object: obj, sensor: 'cam', sample: camSample, reason: 'occluded' }); break;
    case 'createWith':
      st.dispatch(createObjectWithAnnotation, { object: { id: `q${step}`, classId: cls }, annotation: { id: `w${step}`, kind: 'box2d', sensor: 'cam', sample: camSample, ...rect } });
      break;
    case 'rename': st.dispatch(renameClass, { classId: cls, name: `Class ${step}` }); break;
    case 'merge': st.dispatch(mergeClasses, { from: [cls], into: pick(classes, o.i) ?? 'car' }); break;
    case 'deprecate': st.dispatch(deprecateClass, o.n % 2 ? { classId: cls } : { classId: cls, replacedBy: pick(classes, o.i) }); break;
    case 'addClass': st.dispatch(addClass, { cls: { id: `k${step}`, name: `K${step}`, color: '#abcdef', modalities: ['camera', 'lidar'] } }); break;
    case 'text': st.dispatch(setDocumentText, { documentId: 'd1', text: o.n % 2 ? 'The pedestrian waits.' : 'A pedestrian.' }); break;
    case 'gesture':
    case 'cancelled': {
      const cub = anns.map((id) => getAnnotation(s, id)!).find((a) => a.kind === 'cuboid');
      if (!cub || cub.kind !== 'cuboid') break;
      st.beginGesture('Drag');
      for (let k = 1; k <= o.n; k++) st.dispatch(updateAnnotation, { id: cub.id, patch: { center: { x: cub.center.x + k * o.x, y: cub.center.y, z: cub.center.z } } });
      if (o.kind === 'gesture') st.endGesture();
      else st.cancelGesture();
      break;
    }
  }
}

describe('undo/redo over random command sequences', () => {
  it('walks back to the initial document and forward to the final one', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
        const store = createWorkbenchStore({ storage: null });
        store.getState().loadScene(makeTestScene(), 'test');
        const states: Scene[] = [store.getState().scene!];
        ops.forEach((o, step) => {
          const depth = store.getState().history.undo.length;
          apply(store, o, step);
          const s = store.getState().scene!;
          const r = Scene.safeParse(s);
          if (!r.success) throw new Error(`invalid document after ${o.kind}: ${JSON.stringify(r.error.issues[0])}`);
          if (store.getState().history.undo.length > depth) states.push(s);
          else expect(s).toEqual(states[states.length - 1]); // no step recorded: nothing changed (failed, no-op or cancelled)
        });
        expect(store.getState().history.undo).toHaveLength(states.length - 1);
        for (let k = states.length - 2; k >= 0; k--) {
          store.getState().undo();
          expect(store.getState().scene).toEqual(states[k]);
        }
        for (let k = 1; k < states.length; k++) {
          store.getState().redo();
          expect(store.getState().scene).toEqual(states[k]);
        }
      }),
      { numRuns: 150 },
    );
  });
});
