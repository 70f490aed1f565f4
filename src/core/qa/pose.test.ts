/**
 * The QA hot paths' pose arithmetic (pose.ts) must give the geometry core's doubles exactly: the
 * 4-argument hypot against Math.hypot itself, and cuboidAxes → cornersFromAxes against
 * cuboidCorners, bit for bit (Object.is), on random inputs over many magnitudes.
 */
import { describe, expect, it } from 'vitest';
import { cuboidCorners, type CuboidGeometry } from '../geometry/cuboid';
import { quat } from '../math';
import { cornersFromAxes, cuboidAxes, hypot4 } from './pose';

let seed = 99;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);

describe('pose arithmetic of the QA hot paths', () => {
  it('hypot4 is Math.hypot of 4 numbers, bit for bit (random magnitudes, zeros, yaw quaternions, NaN and ±Infinity)', () => {
    let mismatches = 0;
    for (let i = 0; i < 200_000; i++) {
      const scale = 10 ** (Math.floor(rnd() * 40) - 20);
      const v = [0, 1, 2, 3].map(() => (rnd() < 0.15 ? 0 : (rnd() - 0.5) * (rnd() < 0.5 ? scale : 1)));
      if (i % 3 === 0) {
        const yaw = rnd() * 7;
        v[0] = v[1] = 0;
        v[2] = Math.sin(yaw / 2);
        v[3] = Math.cos(yaw / 2);
      }
      if (!Object.is(hypot4(v[0], v[1], v[2], v[3]), Math.hypot(v[0], v[1], v[2], v[3]))) mismatches++;
    }
    for (const v of [[NaN, Infinity, 0, 0], [-Infinity, NaN, 0, 0], [NaN, 0, 0, 0], [0, 0, 0, 0], [-0, -0, -0, -0], [1e308, 1e308, 1e308, 1e308], [5e-324, 0, 5e-324, 0], [1, 1e-300, 0, -1]])
      if (!Object.is(hypot4(v[0], v[1], v[2], v[3]), Math.hypot(v[0], v[1], v[2], v[3]))) mismatches++;
    expect(mismatches).toBe(0);
  });

  it('cornersFromAxes(cuboidAxes(g), m) is cuboidCorners(g, m), bit for bit, with and without a transform', () => {
    const axes = new Float64Array(12), ours = new Float64Array(24);
    for (let i = 0; i < 5000; i++) {
      const big = i % 5 === 0 ? 5e5 : 1;
      const g: CuboidGeometry = {
        center: { x: big * (rnd() - 0.5) * 100, y: big * (rnd() - 0.5) * 100, z: (rnd() - 0.5) * 5 },
        size: { l: 10 * rnd(), w: 3 * rnd(), h: 3 * rnd() },
        rotation: i % 2 ? quat.fromYaw(7 * rnd()) : { x: rnd() - 0.5, y: rnd() - 0.5, z: rnd() - 0.5, w: 3 * (rnd() - 0.5) },
      };
      const m = i % 3 === 0 ? undefined : quat.toMat4({ x: rnd() - 0.5, y: rnd() - 0.5, z: rnd() - 0.5, w: rnd() - 0.5 }, { x: 10 * rnd(), y: 10 * rnd(), z: 10 * rnd() });
      cuboidAxes(g, axes);
      cornersFromAxes(axes, m, ours);
      const ref = cuboidCorners(g, m);
      for (let k = 0; k < 24; k++) if (!Object.is(ours[k], ref[k])) throw new Error(`cuboid ${i} corner value ${k}: ${ours[k]} vs ${ref[k]}`);
    }
  });

  it('throws cuboidCorners\' error on a zero or non-finite rotation', () => {
    const g = (rotation: CuboidGeometry['rotation']): CuboidGeometry => ({ center: { x: 0, y: 0, z: 0 }, size: { l: 1, w: 1, h: 1 }, rotation });
    for (const r of [{ x: 0, y: 0, z: 0, w: 0 }, { x: NaN, y: 0, z: 0, w: 1 }, { x: Infinity, y: 0, z: 0, w: 1 }]) {
      expect(() => cuboidCorners(g(r))).toThrow('cuboid rotation has zero or non-finite norm');
      expect(() => cuboidAxes(g(r), new Float64Array(12))).toThrow('cuboid rotation has zero or non-finite norm');
    }
  });
});
