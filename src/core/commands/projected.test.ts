/** Projected-box commands on the projection test scene (expected projected rect hand computed: u = 500 ± 62.5, v = 250 ± 46.875). */
import { describe, expect, it } from 'vitest';
import { Scene, allAnnotations, getAnnotation } from '../schema';
import { makeProjectionScene } from '../projection/testScene';
import { projectedBoxId } from '../projection/scene';
import { applyPatches, execute } from './command';
import { deleteAnnotation, markNotVisible } from './annotations';
import { deleteObject } from './objects';
import { acceptProjectedBox, boxDeviation, overrideProjectedBox, refreshProjectedBoxes } from './projected';
import { expectRejected } from './testScene';

const PROJ = { x0: 437.5, y0: 203.125, x1: 562.5, y1: 296.875 };

describe('projected box commands', () => {
  it('accept stores a projected box2d with fromCuboid; undo restores', () => {
    const s = makeProjectionScene();
    const { next, inverse } = execute(s, acceptProjectedBox, { cuboid: 'k1', camera: 'cam' });
    const b = getAnnotation(next, projectedBoxId('k1', 'cam'))!;
    expect(b).toMatchObject({ kind: 'box2d', source: 'projected', fromCuboid: 'k1', sample: 'c1' });
    if (b.kind === 'box2d') expect(b.x0).toBeCloseTo(PROJ.x0, 9);
    expect(Scene.safeParse(next).success).toBe(true);
    expect(inverse.length).toBeGreaterThan(0);
  });

  it('override stores a manual box with the projection kept alongside, and the deviation', () => {
    const s = makeProjectionScene();
    const rect = { x0: 440, y0: 200, x1: 560, y1: 300 };
    const { next } = execute(s, overrideProjectedBox, { cuboid: 'k1', camera: 'cam', rect });
    const b = getAnnotation(next, projectedBoxId('k1', 'cam'))!;
    if (b.kind !== 'box2d') throw new Error('not a box');
    expect(b.source).toBe('manual');
    expect(b.projected!.x0).toBeCloseTo(PROJ.x0, 9);
    expect(Scene.safeParse(next).success).toBe(true);
    const dev = boxDeviation(b, b.projected!);
    // by hand: intersection 120 × 93.75 = 11250; union 12000 + 11718.75 - 11250 = 12468.75
    expect(dev.iou).toBeCloseTo(11250 / 12468.75, 12);
    expect(dev.maxEdgePx).toBeCloseTo(3.125, 12);
  });

  it('refresh follows a moved cuboid: projected boxes move, overrides keep their rect but update `projected`', () => {
    let s = makeProjectionScene();
    s = execute(s, acceptProjectedBox, { cuboid: 'k1', camera: 'cam' }).next;
    s = execute(s, overrideProjectedBox, { cuboid: 'k1', camera: 'cam', id: 'manual1', rect: { x0: 1, y0: 2, x1: 3, y1: 4 } }).next;
    s = execute(s, { type: 't', label: 't', run: (d: Scene) => { const k = getAnnotation(d, 'k1')!; if (k.kind === 'cuboid') k.center.y = 2; } }, undefined).next;
    s = execute(s, refreshProjectedBoxes, { cuboid: 'k1' }).next;
    const p = getAnnotation(s, projectedBoxId('k1', 'cam'))!, m = getAnnotation(s, 'manual1')!;
    if (p.kind !== 'box2d' || m.kind !== 'box2d') throw new Error('not boxes');
    expect(p.x0).toBeCloseTo(500 - 500 * 3 / 8, 9);
    expect(m.x0).toBe(1);
    expect(m.projected!.x0).toBeCloseTo(500 - 500 * 3 / 8, 9);
  });

  it('deleting the cuboid (directly, by not-visible, or with its object) leaves no box pointing at it; undo restores the links', () => {
    let s = makeProjectionScene();
    s = execute(s, acceptProjectedBox, { cuboid: 'k1', camera: 'cam' }).next;
    s = execute(s, overrideProjectedBox, { cuboid: 'k1', camera: 'cam', id: 'manual1', rect: { x0: 1, y0: 2, x1: 3, y1: 4 } }).next;
    const k1 = getAnnotation(s, 'k1')!;
    if (k1.kind !== 'cuboid') throw new Error('k1 is a cuboid');
    const linked = (sc: Scene) => allAnnotations(sc).filter((a) => a.kind === 'box2d' && (a.fromCuboid !== undefined || a.projected !== undefined)).map((a) => a.id).sort();
    expect(linked(s)).toEqual(['manual1', projectedBoxId('k1', 'cam')].sort());
    const del = execute(s, deleteAnnotation, { id: 'k1' });
    expect(getAnnotation(del.next, 'k1')!).toBeUndefined();
    expect(linked(del.next)).toEqual([]);
    // the boxes themselves stay, with their geometry and source
    expect(getAnnotation(del.next, 'manual1')!).toMatchObject({ kind: 'box2d', source: 'manual', x0: 1, y1: 4 });
    expect(getAnnotation(del.next, projectedBoxId('k1', 'cam'))!).toMatchObject({ source: 'projected' });
    expect(applyPatches(del.next, del.inverse)).toEqual(s);
    const nv = execute(s, markNotVisible, { object: k1.object, sensor: k1.sensor, sample: k1.sample, reason: 'occluded' }).next;
    expect(linked(nv)).toEqual([]);
    // another object's box linked to k1 (a class conflict QA reports) loses the link when k1's object goes
    const other = execute(s, { type: 't', label: 't', run: (d: Scene) => { const m = getAnnotation(d, 'manual1')!; if (m.kind === 'box2d') m.object = Object.keys(d.objects).find((o) => o !== k1.object)!; } }, undefined).next;
    const gone = execute(other, deleteObject, { objectId: k1.object }).next;
    expect(allAnnotations(gone).some((a) => a.kind === 'box2d' && a.fromCuboid === 'k1')).toBe(false);
  });

  it('rejects bad arguments leaving the scene untouched', () => {
    const s = makeProjectionScene();
    expectRejected(s, acceptProjectedBox, { cuboid: 'nope', camera: 'cam' }, /annotation "nope" does not exist/);
    expectRejected(s, acceptProjectedBox, { cuboid: 'k1', camera: 'lidar' }, /sensor "lidar" is a lidar, not a camera/);
    expectRejected(s, acceptProjectedBox, { cuboid: 'k2', camera: 'cam' }, /cuboid "k2" is not visible in camera "cam"/);
    expectRejected(s, overrideProjectedBox, { cuboid: 'k1', camera: 'cam', rect: { x0: 5, y0: 0, x1: 1, y1: 1 } }, /x1 >= x0/);
    expectRejected(s, acceptProjectedBox, { cuboid: 'k1', camera: 'cam', id: 'k2' }, /already exists and is not a projected box/);
  });
});
