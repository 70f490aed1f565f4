/**
 * Reviewer agreement on two versions of the real KITTI demo frames 000000–000002 (6 objects:
 * Pedestrian; Truck, Car, Cyclist; Misc, Car). Version B differs from A by exactly three known
 * edits, and all of B's object ids are renamed (so matching cannot lean on ids):
 *   - the Truck of 000001 is relabelled "car" (one class change),
 *   - the Car of 000001 has its 2D box shifted 40 px right (its 36.18 px wide box then overlaps
 *     neither A's box nor its projected cuboid: IoU 0),
 *   - the Car of 000002 is missing (object, cuboid and box deleted).
 * Expected figures, by hand: 5 matched pairs, 1 unmatched in A, 0 in B. Kappa on 5 pairs with
 * A = {pedestrian, truck, car, cyclist, misc}, B = {pedestrian, car, car, cyclist, misc}:
 * po = 4/5; pe = Σ p_A·p_B = (1·1 + 1·2 + 1·1 + 1·1)/25 = 0.2; κ = (0.8 − 0.2)/0.8 = 0.75.
 * Cross-modal: 5 (object, camera sample) pairs; A consistent 5/5, B 4/5 (the shifted car), so
 * agreement 4/5. Only the car differs in IoU: |IoU_A − 0| where IoU_A = IoU(label 387.63 181.54
 * 423.81 203.12, numpy devkit projection 387.881 181.460 423.770 203.292 — the independent numpy
 * reference of src/core/qa/qa.kitti.test.ts) = 0.980598 (python), so mean |ΔIoU| = 0.196120.
 */
import { describe, expect, it } from 'vitest';
import { allAnnotations, getAnnotation, partitionAnnotations, removeAnnotationFrom, type Annotation, type Box2D, type Scene } from '../../schema';
import { kittiScene } from '../testing';
import { compareAnnotators, matchAnnotators } from './index';

const FRAMES = ['000000', '000001', '000002'];

/** B: the three edits, then every object id renamed to `b/<id>`. */
function versionB(a: Scene): Scene {
  const s = structuredClone(a);
  s.objects['kitti-000001-0'].classId = 'car';
  const box = getAnnotation(s, 'box2d-000001-1')! as Box2D;
  box.x0 += 40;
  box.x1 += 40;
  delete s.objects['kitti-000002-1'];
  for (const x of allAnnotations(s)) if (x.object === 'kitti-000002-1') removeAnnotationFrom(s, x.id);
  s.objects = Object.fromEntries(Object.values(s.objects).map((o) => [`b/${o.id}`, { ...o, id: `b/${o.id}` }]));
  s.annotations = partitionAnnotations(allAnnotations(s).map((x) => ({ ...x, object: `b/${x.object}` }) as Annotation));
  return s;
}

describe('agreement on two versions of the KITTI demo frames', () => {
  it('matching, kappa and cross-modal figures equal the hand-computed ones', async () => {
    const a = await kittiScene(FRAMES);
    const r = compareAnnotators(a, versionB(a));
    expect(r.matched.map((p) => [p.a, p.b, p.classA, p.classB])).toEqual([
      ['kitti-000000-0', 'b/kitti-000000-0', 'pedestrian', 'pedestrian'],
      ['kitti-000001-0', 'b/kitti-000001-0', 'truck', 'car'],
      ['kitti-000001-1', 'b/kitti-000001-1', 'car', 'car'],
      ['kitti-000001-2', 'b/kitti-000001-2', 'cyclist', 'cyclist'],
      ['kitti-000002-0', 'b/kitti-000002-0', 'misc', 'misc'],
    ]);
    // the shifted car is matched through its cuboid alone (its box overlaps nothing): 1 vote, others 2
    expect(r.matched.map((p) => p.votes)).toEqual([2, 2, 1, 2, 2]);
    expect(r.unmatchedA).toEqual(['kitti-000002-1']);
    expect(r.unmatchedB).toEqual([]);
    expect(r.observed).toBeCloseTo(0.8, 12);
    expect(r.expected).toBeCloseTo(0.2, 12);
    expect(r.kappa).toBeCloseTo(0.75, 12);
    const cm = r.crossModal;
    expect(cm.pairs).toBe(5);
    expect(cm.consistencyA).toBe(1);
    expect(cm.consistencyB).toBeCloseTo(0.8, 12);
    expect(cm.agreement).toBeCloseTo(0.8, 12);
    expect(cm.meanAbsIouDiff).toBeCloseTo(0.980598 / 5, 3);
    const car = cm.items.find((x) => x.objectA === 'kitti-000001-1')!;
    expect(car).toMatchObject({ sample: 'image_2/000001', iouB: 0, consistentA: true, consistentB: false });
    expect(car.iouA).toBeCloseTo(0.980598, 3);
  });

  it('identical versions: all 6 matched, kappa 1, cross-modal agreement 1 and |ΔIoU| 0', async () => {
    const a = await kittiScene(FRAMES);
    const r = compareAnnotators(a, structuredClone(a));
    expect(r.matched).toHaveLength(6);
    expect([r.kappa, r.observed, r.unmatchedA.length, r.unmatchedB.length]).toEqual([1, 1, 0, 0]);
    expect(r.crossModal).toMatchObject({ pairs: 6, agreement: 1, consistencyA: 1, consistencyB: 1, meanAbsIouDiff: 0 });
  });

  it('thresholds: a cuboid moved 1.5 m still matches at the 2 m default, not at 1 m (the object then pairs through its box)', async () => {
    const a = await kittiScene(['000001']);
    const b = structuredClone(a);
    const c = getAnnotation(b, 'cuboid-000001-1')! as Extract<Annotation, { kind: 'cuboid' }>;
    c.center = { ...c.center, x: c.center.x + 1.5 };
    const scores = Object.fromEntries(matchAnnotators(a, b).geometry.filter((g) => g.kind === 'cuboid').map((g) => [g.a, g.score]));
    expect(scores).toEqual({ 'cuboid-000001-0': 0, 'cuboid-000001-1': expect.closeTo(1.5, 9), 'cuboid-000001-2': 0 });
    const strict = matchAnnotators(a, b, { cuboidCentreM: 1 });
    expect(strict.geometry.filter((g) => g.kind === 'cuboid')).toHaveLength(2);
    expect(strict.pairs).toHaveLength(3); // the car is still matched by its (unchanged) box
  });

  it('neighbours do not swap: greedy pairs each box with its best-overlapping counterpart', async () => {
    const a = await kittiScene(['000001']);
    const b = structuredClone(a);
    // in B the truck's and cyclist's boxes move 3 px; each still pairs with its own counterpart in A
    for (const id of ['box2d-000001-0', 'box2d-000001-2']) {
      const x = getAnnotation(b, id)! as Box2D;
      x.x0 += 3;
      x.x1 += 3;
    }
    const boxes = matchAnnotators(a, b).geometry.filter((g) => g.kind === 'box2d');
    expect(boxes.map((g) => [g.a, g.b]).sort()).toEqual([['box2d-000001-0', 'box2d-000001-0'], ['box2d-000001-1', 'box2d-000001-1'], ['box2d-000001-2', 'box2d-000001-2']]);
  });
});
