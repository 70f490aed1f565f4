/**
 * One step of a drag on a large scene: the synthetic 200 frames × 50 objects × 2 cameras sequence
 * (≈17k annotations), a 2D box moved by the store's drag path — `beginGesture`, then
 * `dispatch(updateAnnotation, { id, patch: { x0, x1 } })` per pointer move (CameraPane's "Move
 * box"), `endGesture` — 50 steps, median per step. Also a cuboid moved the same way.
 *
 * Baseline, measured in the same run: what schema v2 did for the same step — immer
 * `produceWithPatches` on the flat `annotations` record (17k keys), the same merge, schema parse
 * and reference check, then `draft.annotations[id] = next`. immer copies the 17k-key record on
 * every step and walks it when finalizing; v3 copies one sample's partition (~100 annotations).
 * A second baseline is the bare immer `produce` replacing one annotation in the flat record (no
 * validation at all), the floor of any v2-shaped step.
 */
import { produce, produceWithPatches } from 'immer';
import { checkAnnotationRefs, updateAnnotation } from '../src/core/commands';
import { parseRecord } from '../src/core/commands/guard';
import { allAnnotations, Annotation, type Scene } from '../src/core/schema';
import { syntheticSequence } from '../src/core/testing/syntheticSequence';
import { createWorkbenchStore } from '../src/store/workbench';
import { median, type Harness } from './harness';

const STEPS = 50;

/** v2's updateAnnotation on a v2-shaped scene (flat `annotations`), as it was before the partitioning. */
function v2Step(scene: FlatScene, id: string, patch: Record<string, unknown>): FlatScene {
  const [next] = produceWithPatches(scene, (draft) => {
    const current = draft.annotations[id];
    const merged: Record<string, unknown> = { ...current, ...patch };
    const a = parseRecord(Annotation, merged, `annotation "${id}"`);
    checkAnnotationRefs(draft as unknown as Scene, a);
    draft.annotations[id] = a;
  });
  return next;
}
type FlatScene = Omit<Scene, 'annotations'> & { annotations: Record<string, Annotation> };

/** Median ms per step of `step(i)` over STEPS steps, after a few warm-up steps. */
function perStep(step: (i: number) => void, warmup = 5): { median: number; all: number[] } {
  for (let i = 0; i < warmup; i++) step(-1 - i);
  const all: number[] = [];
  for (let i = 0; i < STEPS; i++) {
    const t0 = performance.now();
    step(i);
    all.push(performance.now() - t0);
  }
  return { median: median(all), all };
}

export default function dragStepBench(h: Harness): void {
  const { scene } = syntheticSequence(200, 50);
  const anns = allAnnotations(scene);
  const box = anns.find((a) => a.kind === 'box2d' && a.sample === 'front/000100')!;
  const cuboid = anns.find((a) => a.kind === 'cuboid' && a.sample === 'lidar/000100')!;
  if (box.kind !== 'box2d' || cuboid.kind !== 'cuboid') throw new Error('bench scene: no box or cuboid at frame 100');
  const partition = Object.keys(scene.annotations[box.sample]).length;

  // v3: the store's drag path.
  const store = createWorkbenchStore({ persistence: null, storage: null });
  store.getState().loadScene(scene, 'bench');
  store.getState().select(box.object, box.id);
  const st = () => store.getState();
  st().beginGesture('Move box');
  const ours = perStep((i) => void st().dispatch(updateAnnotation, { id: box.id, patch: { x0: box.x0 + i, x1: box.x1 + i } }));
  st().endGesture();
  st().beginGesture('Move cuboid');
  const oursCuboid = perStep((i) => void st().dispatch(updateAnnotation, { id: cuboid.id, patch: { center: { ...cuboid.center, x: cuboid.center.x + i / 10 } } }));
  st().endGesture();
  if (st().history.undo.length !== 2) throw new Error(`expected 2 undo steps (one per gesture), got ${st().history.undo.length}`);

  // v2 baseline: the same steps on the flat record.
  let flat: FlatScene = { ...structuredClone(scene), annotations: Object.fromEntries(anns.map((a) => [a.id, structuredClone(a)])) };
  const base = perStep((i) => void (flat = v2Step(flat, box.id, { x0: box.x0 + i, x1: box.x1 + i })));
  const baseCuboid = perStep((i) => void (flat = v2Step(flat, cuboid.id, { center: { ...cuboid.center, x: cuboid.center.x + i / 10 } })));

  // The bare immer cost of v2's shape: `produce` replacing one annotation in the flat record.
  const bare = perStep((i) => void (flat = produce(flat, (d) => void (d.annotations[box.id] = { ...box, x0: box.x0 + i, x1: box.x1 + i }))));

  const n = anns.length;
  h.time(`drag step: move a 2D box, ${n} annotations (store dispatch, v3)`, ours.median, base.median, `v2 flat record (${n} keys)`, `median of ${STEPS} steps; partition of ${partition}`);
  h.time(`drag step: move a 2D box (store dispatch, v3) vs bare immer produce on v2's flat record`, ours.median, bare.median, `produce on ${n} keys`, `median of ${STEPS} steps; no validation in the baseline`);
  h.time(`drag step: move a cuboid, ${n} annotations (store dispatch, v3)`, oursCuboid.median, baseCuboid.median, `v2 flat record (${n} keys)`, `median of ${STEPS} steps`);
}
