/**
 * The wrapped-grid point counter (pointCounts.ts) against a brute-force reference written here:
 * every point tested against every cuboid in the cuboid's own frame (the quaternion normalised with
 * Math.hypot, the rotation matrix of a unit quaternion, |axis · (p − centre)| ≤ size / 2 on all three
 * axes). The reference shares no code with the kernel (no grid, no padding, no wrap-around). Cases
 * the kernel's shortcuts could get wrong: points far outside the grid (they wrap into listed
 * cells), beyond int32 after scaling, NaN and ±Infinity; points exactly on faces, edges and corners
 * and one ulp outside; yaw-only boxes (analytic footprint rows) and tilted ones (separating-axis
 * rows); zero, tiny and 60 m sizes; cuboids spread over 10⁶ m (the cell size doubles) or near the
 * float64 limit (the brute-force fallback); strides 3, 4 and 5; and calls of very different grids in
 * a row (the module-level cell table must be left empty after each call).
 */
import { describe, expect, it } from 'vitest';
import type { CuboidGeometry } from '../geometry/cuboid';
import { quat } from '../math';
import { syntheticSequence } from '../testing/syntheticSequence';
import { countCuboidPoints, countPointsInCuboidsGrid } from './pointCounts';
import { createQaContext } from './context';

/** Brute force: per cuboid, per point, the point in the cuboid's frame against its half sizes (boundary inclusive). */
function reference(cuboids: readonly CuboidGeometry[], positions: Float32Array, stride: number): number[] {
  const n = Math.floor(positions.length / stride);
  return cuboids.map((g) => {
    const r = g.rotation;
    const norm = Math.hypot(r.x, r.y, r.z, r.w);
    const x = r.x / norm, y = r.y / norm, z = r.z / norm, w = r.w / norm;
    // columns of the rotation: the object's x (length), y (width) and z (height) axes in the sensor frame
    const ax = [1 - 2 * (y * y + z * z), 2 * (x * y + z * w), 2 * (x * z - y * w)];
    const ay = [2 * (x * y - z * w), 1 - 2 * (x * x + z * z), 2 * (y * z + x * w)];
    const az = [2 * (x * z + y * w), 2 * (y * z - x * w), 1 - 2 * (x * x + y * y)];
    let count = 0;
    for (let i = 0; i < n; i++) {
      const d = [positions[i * stride] - g.center.x, positions[i * stride + 1] - g.center.y, positions[i * stride + 2] - g.center.z];
      const dot = (a: number[]) => a[0] * d[0] + a[1] * d[1] + a[2] * d[2];
      if (Math.abs(dot(ax)) <= g.size.l / 2 && Math.abs(dot(ay)) <= g.size.w / 2 && Math.abs(dot(az)) <= g.size.h / 2) count++;
    }
    return count;
  });
}

let seed = 11;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const tilted = () => quat.fromMat4(quat.toMat4({ x: rnd() - 0.5, y: rnd() - 0.5, z: rnd() - 0.5, w: 1 }, { x: 0, y: 0, z: 0 }));

function randomCuboids(n: number, spread: number): CuboidGeometry[] {
  return Array.from({ length: n }, (_, i) => ({
    center: { x: spread * (rnd() - 0.5), y: spread * (rnd() - 0.5), z: 3 * rnd() - 2 },
    size: i % 17 === 0 ? { l: 0, w: 0, h: 0 } : i % 13 === 0 ? { l: 60 * rnd(), w: 3, h: 2 } : { l: 0.01 + 6 * rnd(), w: 0.01 + 3 * rnd(), h: 0.1 + 2 * rnd() },
    // half yaw-only (the analytic footprint), a few exact identities, the rest tilted (separating axes)
    rotation: i % 2 === 0 ? quat.fromYaw(7 * rnd()) : i % 5 === 0 ? { x: 0, y: 0, z: 0, w: 1 + rnd() } : tilted(),
  }));
}

/** Points: most near the cuboids, some far outside the grid, beyond int32 once scaled, or not finite. */
function randomPoints(n: number, spread: number, stride: number): Float32Array {
  const p = new Float32Array(n * stride);
  for (let i = 0; i < n; i++) {
    const r = rnd();
    const s = r < 0.8 ? spread : r < 0.9 ? 40 * spread : r < 0.95 ? 3e9 : 1e30;
    p[i * stride] = s * (rnd() - 0.5);
    p[i * stride + 1] = s * (rnd() - 0.5);
    p[i * stride + 2] = 4 * rnd() - 2.5;
    if (i % 101 === 0) p[i * stride + (i % 3)] = [NaN, Infinity, -Infinity][i % 3];
  }
  return p;
}

describe('countPointsInCuboidsGrid (wrapped grid) against brute force', () => {
  it('random boxes, yaw-only and tilted, with far, huge and non-finite points, for several cell sizes and strides', () => {
    for (const [spread, stride] of [[40, 3], [12, 4], [150, 5]] as const) {
      const cuboids = randomCuboids(120, spread);
      const positions = randomPoints(20_000, spread, stride);
      const ref = reference(cuboids, positions, stride);
      expect(ref.reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
      for (const cell of [0.25, 1, 3, 7]) expect(Array.from(countPointsInCuboidsGrid(cuboids, positions, stride, cell))).toEqual(ref);
    }
  });

  it('points exactly on faces, edges and corners count; one ulp outside does not', () => {
    // dyadic centres and sizes, identity and quarter-turn rotations: the arithmetic is exact
    const cuboids: CuboidGeometry[] = [
      { center: { x: 2.5, y: -1.25, z: 0.5 }, size: { l: 4, w: 2, h: 1 }, rotation: { x: 0, y: 0, z: 0, w: 1 } },
      { center: { x: -3, y: 4, z: 0 }, size: { l: 1, w: 0.5, h: 2 }, rotation: { x: 0, y: 0, z: 0, w: 2 } },
      { center: { x: 8, y: 8, z: -1 }, size: { l: 0, w: 0, h: 0 }, rotation: { x: 0, y: 0, z: 0, w: 1 } },
    ];
    const pts: number[] = [];
    const up = (v: number) => v + Math.abs(v) * 2 ** -23 + 2 ** -126; // the next float32 away from zero (enough here)
    for (const g of cuboids) {
      const hx = g.size.l / 2, hy = g.size.w / 2, hz = g.size.h / 2;
      for (const sx of [-1, 0, 1]) for (const sy of [-1, 0, 1]) for (const sz of [-1, 0, 1]) pts.push(g.center.x + sx * hx, g.center.y + sy * hy, g.center.z + sz * hz);
      pts.push(up(g.center.x + hx), g.center.y, g.center.z, g.center.x, g.center.y, up(g.center.z + hz) + 1e-6);
    }
    const positions = new Float32Array(pts);
    const ref = reference(cuboids, positions, 3);
    // 27 = the 3 × 3 × 3 face, edge and corner points (all at the centre for the empty box); the ulp-outside ones not
    expect(ref).toEqual([27, 27, 27]);
    for (const cell of [0.25, 0.5, 1, 2]) expect(Array.from(countPointsInCuboidsGrid(cuboids, positions, 3, cell))).toEqual(ref);
  });

  it('cuboids spread over 10^6 m (cells grow) and near the float64 limit (brute force), then a small grid again', () => {
    const wide = randomCuboids(60, 1e6);
    const pw = randomPoints(5000, 1e6, 3);
    expect(Array.from(countPointsInCuboidsGrid(wide, pw, 3, 1))).toEqual(reference(wide, pw, 3));
    const huge: CuboidGeometry[] = [
      { center: { x: -1e308, y: 0, z: 0 }, size: { l: 2, w: 2, h: 2 }, rotation: { x: 0, y: 0, z: 0, w: 1 } },
      { center: { x: 1e308, y: 0, z: 0 }, size: { l: 2, w: 2, h: 2 }, rotation: { x: 0, y: 0, z: 0, w: 1 } },
      { center: { x: 0.5, y: 0.5, z: 0 }, size: { l: 2, w: 2, h: 2 }, rotation: quat.fromYaw(0.3) },
    ];
    const ph = randomPoints(3000, 4, 3);
    expect(Array.from(countPointsInCuboidsGrid(huge, ph, 3, 1))).toEqual(reference(huge, ph, 3));
    // a small grid after the big ones: cells listed by earlier calls must not leak into this one
    const small = randomCuboids(30, 8);
    const ps = randomPoints(8000, 8, 3);
    expect(Array.from(countPointsInCuboidsGrid(small, ps, 3, 1))).toEqual(reference(small, ps, 3));
    expect(Array.from(countPointsInCuboidsGrid(small, ps, 3, 0.5))).toEqual(reference(small, ps, 3));
  });

  it('fills a given output array and leaves entries past the cuboids alone', () => {
    const cuboids = randomCuboids(10, 10);
    const positions = randomPoints(3000, 10, 3);
    const out = new Uint32Array(16).fill(7);
    expect(countPointsInCuboidsGrid(cuboids, positions, 3, 1, out)).toBe(out);
    expect(Array.from(out.subarray(0, 10))).toEqual(reference(cuboids, positions, 3));
    expect(Array.from(out.subarray(10))).toEqual([7, 7, 7, 7, 7, 7]);
  });

  it('QA point counts of a synthetic drive (the benchmark scene, 12 frames) equal brute force per sweep', () => {
    const { scene, inputs } = syntheticSequence(12, 40);
    const cuboids = createQaContext(scene).index.cuboids;
    const { cuboids: counted, counts } = countCuboidPoints(inputs, cuboids);
    expect(counted.length).toBe(cuboids.length);
    const bySample = new Map<string, number[]>();
    counted.forEach((c, i) => (bySample.get(c.sample) ?? bySample.set(c.sample, []).get(c.sample)!).push(i));
    for (const [sample, idx] of bySample) {
      const ref = reference(idx.map((i) => counted[i]), inputs.cloudOf!('lidar', sample)!.positions, 3);
      expect(idx.map((i) => counts[i])).toEqual(ref);
    }
    expect(counts.some((n) => n < 5) && counts.some((n) => n >= 10)).toBe(true);
  });
});
