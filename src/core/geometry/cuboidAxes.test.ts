/**
 * The cuboid corner arithmetic split for the hot paths (cuboidAxes per cuboid, cornersFromAxes per
 * camera transform, used by cuboidCorners and QA): hypot4 bit for bit against Math.hypot itself, and
 * the corners against an independent path — the pose matrix (quat.toMat4 of the normalised
 * rotation) applied to the local corners (±l/2, ±w/2, ±h/2) with mat4 — on random inputs over many
 * magnitudes.
 */
import { describe, expect, it } from 'vitest';
import { CUBOID_STRIDE, cornersFromAxes, cuboidAxes, cuboidCorners, packCuboids, packedCuboidAxes, type CuboidGeometry } from './cuboid';
import { mat4, quat } from '../math';
import { hypot4 } from '../math/hypot';

let seed = 99;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);

describe('cuboid axes and corners of the hot paths', () => {
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

  it('cornersFromAxes(cuboidAxes(g), m) and cuboidCorners(g, m) equal the pose matrix applied to the local corners, with and without a transform', () => {
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
      const both = cuboidCorners(g, m);
      const q = g.rotation, n = Math.hypot(q.x, q.y, q.z, q.w);
      const pose = quat.toMat4({ x: q.x / n, y: q.y / n, z: q.z / n, w: q.w / n }, g.center);
      const T = m ? mat4.mul(m, pose) : pose;
      const { l, w, h } = g.size;
      const local = [[l, w, -h], [l, -w, -h], [-l, -w, -h], [-l, w, -h], [l, w, h], [l, -w, h], [-l, -w, h], [-l, w, h]].map((c) => c.map((v) => v / 2));
      local.forEach(([x, y, z], c) => {
        const ref = mat4.applyToPoint(T, x, y, z);
        for (let k = 0; k < 3; k++) {
          const tol = 1e-12 * (1 + Math.abs(ref[k]));
          if (!(Math.abs(ours[3 * c + k] - ref[k]) <= tol)) throw new Error(`cuboid ${i} corner ${c}[${k}]: ${ours[3 * c + k]} vs ${ref[k]}`);
          if (!Object.is(both[3 * c + k], ours[3 * c + k])) throw new Error(`cuboidCorners differs from the split at cuboid ${i}`);
        }
      });
    }
  });

  it('throws cuboidCorners\' error on a zero or non-finite rotation', () => {
    const g = (rotation: CuboidGeometry['rotation']): CuboidGeometry => ({ center: { x: 0, y: 0, z: 0 }, size: { l: 1, w: 1, h: 1 }, rotation });
    for (const r of [{ x: 0, y: 0, z: 0, w: 0 }, { x: NaN, y: 0, z: 0, w: 1 }, { x: Infinity, y: 0, z: 0, w: 1 }]) {
      expect(() => cuboidCorners(g(r))).toThrow('cuboid rotation has zero or non-finite norm');
      expect(() => cuboidAxes(g(r), new Float64Array(12))).toThrow('cuboid rotation has zero or non-finite norm');
    }
  });

  it('packed cuboids give cuboidAxes\' numbers bit for bit, and its errors (zero, non-finite or unreadable rotations)', () => {
    const cuboids: CuboidGeometry[] = Array.from({ length: 3000 }, (_, i) => ({
      center: { x: (i % 5 === 0 ? 5e5 : 1) * 100 * (rnd() - 0.5), y: 100 * (rnd() - 0.5), z: 5 * (rnd() - 0.5) },
      size: { l: 10 * rnd(), w: 3 * rnd(), h: 3 * rnd() },
      rotation: i % 2 ? quat.fromYaw(7 * rnd()) : { x: rnd() - 0.5, y: rnd() - 0.5, z: rnd() - 0.5, w: 3 * (rnd() - 0.5) },
    }));
    cuboids[7] = { ...cuboids[7], rotation: { x: 0, y: 0, z: 0, w: 0 } };
    cuboids[8] = { ...cuboids[8], rotation: { x: NaN, y: 0, z: 0, w: 1 } };
    cuboids[9] = { center: { x: 0, y: 0, z: 0 }, size: { l: 1, w: 1, h: 1 } } as unknown as CuboidGeometry; // no rotation: malformed
    const packed = packCuboids(cuboids);
    expect(packed.data.length).toBe(CUBOID_STRIDE * cuboids.length);
    expect([...(packed.unreadable ?? [])]).toEqual([9]);
    const a = new Float64Array(12), b = new Float64Array(12);
    const outcome = (f: () => void): string => {
      try {
        f();
        return 'ok';
      } catch (e) {
        return (e as Error).message;
      }
    };
    cuboids.forEach((g, k) => {
      const want = outcome(() => cuboidAxes(g, a));
      expect(outcome(() => packedCuboidAxes(packed, k, b))).toBe(want);
      if (want === 'ok') for (let j = 0; j < 12; j++) if (!Object.is(a[j], b[j])) throw new Error(`cuboid ${k} axis ${j}: ${b[j]} vs ${a[j]}`);
    });
  });
});
