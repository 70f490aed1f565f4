/**
 * The grid-accelerated point count must equal geometry's brute-force `countPointsInCuboids`
 * (independent of the grid) on a real KITTI sweep, for rotated cuboids of many sizes, boxes
 * straddling cell borders and the sweep's edge, and with NaN points mixed in. (The absolute counts
 * against numpy are checked in qa.kitti.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_DIR } from '../formats/kitti/testing';
import { densePositions, readPointCloud } from '../formats/pointcloud';
import { countPointsInCuboids, type CuboidGeometry } from '../geometry/cuboid';
import { quat } from '../math';
import { countPointsInCuboidsGrid } from './adapters';

describe('countPointsInCuboidsGrid', () => {
  const file = join(DEMO_DIR, 'velodyne/000001.bin');
  const cloud = readPointCloud(readFileSync(file), file);
  const positions = densePositions(cloud);
  let seed = 3;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const cuboids: CuboidGeometry[] = Array.from({ length: 300 }, (_, i) => ({
    center: { x: 160 * rnd() - 80, y: 160 * rnd() - 80, z: 3 * rnd() - 2 },
    size: { l: i % 10 === 0 ? 60 * rnd() + 1 : 6 * rnd() + 0.2, w: 4 * rnd() + 0.2, h: 3 * rnd() + 0.2 },
    rotation: i % 3 === 0 ? quat.fromYaw(6.28 * rnd()) : quat.fromMat4(quat.toMat4({ x: rnd() - 0.5, y: rnd() - 0.5, z: rnd() - 0.5, w: 1 }, { x: 0, y: 0, z: 0 })),
  }));

  it('equals the brute-force count on a real sweep (stride 3), for every cell size', () => {
    const ref = countPointsInCuboids(cuboids, positions, 3);
    expect(ref.reduce((a, b) => a + b, 0)).toBeGreaterThan(1000);
    for (const cell of [0.5, 2, 7]) expect(countPointsInCuboidsGrid(cuboids, positions, 3, cell)).toEqual(ref);
  });

  it('handles stride 4 and NaN points', () => {
    const n = positions.length / 3;
    const p4 = new Float32Array(4 * n);
    for (let i = 0; i < n; i++) {
      p4.set(positions.subarray(3 * i, 3 * i + 3), 4 * i);
      if (i % 97 === 0) p4[4 * i + (i % 3)] = NaN;
    }
    expect(countPointsInCuboidsGrid(cuboids, p4, 4)).toEqual(countPointsInCuboids(cuboids, p4, 4));
    expect(countPointsInCuboidsGrid(cuboids, new Float32Array([NaN, NaN, NaN]), 3)).toEqual(new Uint32Array(300));
  });

  it('counts the same on the reader\'s zero-copy stride-4 view as on the dense copy', () => {
    expect(cloud.stride).toBe(4);
    expect(countPointsInCuboidsGrid(cuboids, cloud.positions, cloud.stride)).toEqual(countPointsInCuboids(cuboids, positions, 3));
  });
});
