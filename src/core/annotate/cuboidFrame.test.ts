import { describe, expect, it } from 'vitest';
import { fromYaw } from '../math/quaternion';
import { moveFace, nearbyPointsLocal } from './cuboidFrame';

const yaw = Math.PI / 2; // object +x points along sensor +y
const g = { center: { x: 10, y: 5, z: -1 }, size: { l: 4, w: 2, h: 1.5 }, rotation: fromYaw(yaw) };

describe('a cuboid’s local frame', () => {
  it('keeps only nearby points, expressed along length, width and up', () => {
    // sensor (10, 7, -1) is 2 m along the object's +x (its length) since yaw = 90°
    const pts = new Float32Array([10, 7, -1, 10, 5, -0.5, 30, 30, 0, 8.5, 5, -1]);
    const local = nearbyPointsLocal(pts, 4, 3, g, 0.5);
    expect(local.length).toBe(9);
    expect(Array.from(local.slice(0, 3))).toEqual([expect.closeTo(2, 6), expect.closeTo(0, 6), expect.closeTo(0, 6)]);
    expect(Array.from(local.slice(3, 6))).toEqual([expect.closeTo(0, 6), expect.closeTo(0, 6), expect.closeTo(0.5, 6)]);
    // (8.5, 5) is 1.5 m to the object's left (+v: facing sensor +y, its left is sensor -x): within w/2 + margin = 1.5
    expect(Array.from(local.slice(6, 9))).toEqual([expect.closeTo(0, 6), expect.closeTo(1.5, 6), expect.closeTo(0, 6)]);
  });

  it('samples evenly down to a maximum', () => {
    const pts = new Float32Array(3000);
    for (let i = 0; i < 1000; i++) pts.set([10, 5, -1], 3 * i);
    expect(nearbyPointsLocal(pts, 1000, 3, g, 0, 100).length).toBe(300);
  });

  it('moves one face and keeps the opposite one', () => {
    // pull the front face (+u) from 2 to 3: length 5, centre moves 0.5 m along the object's +x = sensor +y
    const r = moveFace(g, 'u', 1, 3);
    expect(r.size).toEqual({ l: 5, w: 2, h: 1.5 });
    expect(r.center.x).toBeCloseTo(10, 9);
    expect(r.center.y).toBeCloseTo(5.5, 9);
    // lower the bottom (-w) from -0.75 to -1.25: height 2, centre 0.25 lower
    const b = moveFace(g, 'w', -1, -1.25);
    expect(b.size.h).toBeCloseTo(2, 9);
    expect(b.center.z).toBeCloseTo(-1.25, 9);
    // a face dragged past the opposite one stops at the minimum size
    expect(moveFace(g, 'v', 1, -5, 0.2).size.w).toBeCloseTo(0.2, 9);
  });
});
