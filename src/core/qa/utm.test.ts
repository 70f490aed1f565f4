/**
 * QA on a map/UTM-scale cloud: LiDAR points per cuboid counted through PointCloud.origin. Reference: the float64 points of
 * fixtures/pointcloud-utm/reference.json (written by make_utm.py with numpy), counted inside the cuboid by a plain
 * float64 loop here — no Crosslabel code. Without the origin the QA adapter would count nothing (the cuboid sits
 * 4,000 km from the re-based points).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPointCloud } from '../formats/pointcloud';
import type { Cuboid, Scene } from '../schema';
import { cuboidPointCounts } from './adapters';

const ref = JSON.parse(readFileSync('fixtures/pointcloud-utm/reference.json', 'utf8')) as { points: ([number, number, number] | [null, null, null])[] };

describe('QA point counts on a UTM-scale cloud', () => {
  it('equal a float64 count of the numpy reference points (the cloud is re-based on a local origin)', () => {
    const cloud = readPointCloud(new Uint8Array(readFileSync('fixtures/pointcloud-utm/utm_f8_binary.pcd')), 'utm_f8_binary.pcd');
    expect(cloud.origin.some((v) => v !== 0)).toBe(true);
    // the synthetic box: 4.5 × 1.9 × 1.5 m at BASE + (2, 15, 0.75), axis-aligned; a 5 cm margin keeps its face points inside
    const center = { x: 500123.456 + 2, y: 4000123.789 + 15, z: 36.0 + 0.75 };
    const size = { l: 4.6, w: 2.0, h: 1.6 };
    const cuboid = { id: 'c', kind: 'cuboid', object: 'o', sensor: 'L', sample: 's', source: 'manual', center, rotation: { x: 0, y: 0, z: 0, w: 1 }, size } as Cuboid;
    let expected = 0;
    for (const p of ref.points) {
      if (p[0] === null) continue;
      if (Math.abs(p[0] - center.x) <= size.l / 2 && Math.abs(p[1]! - center.y) <= size.w / 2 && Math.abs(p[2]! - center.z) <= size.h / 2) expected++;
    }
    expect(expected).toBeGreaterThanOrEqual(200);
    // (counted without the origin, every point would be ~4e6 m away: 0)
    expect(cuboidPointCounts({} as Scene, { cloudOf: () => ({ positions: cloud.positions, stride: cloud.stride }) }, [cuboid]).get('c')).toBe(0);
    const counts = cuboidPointCounts({} as Scene, { cloudOf: () => ({ positions: cloud.positions, stride: cloud.stride, origin: cloud.origin }) }, [cuboid]);
    expect(counts.get('c')).toBe(expected);
  });
});
