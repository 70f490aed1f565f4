/**
 * The LiDAR view's origin for large coordinates (viewOrigin.ts). References: a real KITTI sweep
 * slice (sensor frame: the view must not move), and the numpy UTM cloud of
 * fixtures/pointcloud-utm/make_utm.py (reference.json: float64 values), read both as the F8 PCD and
 * as float32 file coordinates (what a float32 map export holds): every GPU value must be small and
 * GPU value + object position − V must equal the file's value to within float32 rounding of the
 * SMALL number (≤ 2^-18 m here), never the 0.25–0.5 m step of a float32 at y ≈ 4e6.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { copyXyz, readKittiBin, readPointCloud, type PointField } from '../../core/formats/pointcloud';
import { buildPcd } from '../../core/formats/pointcloud/testing/pcdWriter';
import { copyXyzMinus, finiteBoundingSphere, gpuAnchor, isZero, nextViewFrame, roughCentre, SENSOR_VIEW, type Vec3 } from './viewOrigin';

const fixtures = new URL('../../../fixtures/', import.meta.url);
const ref = JSON.parse(readFileSync(new URL('pointcloud-utm/reference.json', fixtures), 'utf8')) as { points: (number | null)[][] };

/** What PointsLayer uploads and where it puts the object: buffer, and base = origin + anchor (scene coordinates). */
function gpuOf(cloud: ReturnType<typeof readPointCloud>): { buffer: Float32Array; base: Vec3 } {
  const anchor = gpuAnchor(cloud);
  const buffer = new Float32Array(3 * cloud.count);
  if (isZero(anchor)) copyXyz(cloud.positions, cloud.stride, cloud.count, buffer);
  else copyXyzMinus(cloud.positions, cloud.stride, cloud.count, anchor, buffer);
  return { buffer, base: [cloud.origin[0] + anchor[0], cloud.origin[1] + anchor[1], cloud.origin[2] + anchor[2]] };
}

describe('LiDAR view origin', () => {
  it('a sensor-frame sweep (KITTI slice) keeps V = 0, the 12 m focus and an unshifted GPU copy', () => {
    const cloud = readKittiBin(new Uint8Array(readFileSync(new URL('pointcloud/kitti_000000_first2000.bin', fixtures))), 'k.bin');
    expect(nextViewFrame(SENSOR_VIEW, roughCentre(cloud))).toBe(SENSOR_VIEW);
    expect(gpuAnchor(cloud)).toEqual([0, 0, 0]);
  });

  const f8 = readPointCloud(new Uint8Array(readFileSync(new URL('pointcloud-utm/utm_f8_binary.pcd', fixtures))), 'utm.pcd');
  const xyz4: PointField[] = ['x', 'y', 'z'].map((name) => ({ name, type: 'F', size: 4, count: 1 }));
  const f4 = readPointCloud(buildPcd({ fields: xyz4, data: [0, 1, 2].map((a) => Float32Array.from(ref.points, (p) => p[a] ?? NaN)), points: ref.points.length, encoding: 'binary' }), 'utm32.pcd');

  it.each([
    ['F8 file (reader re-based it: origin ≠ 0, anchor 0)', f8, 2e-6],
    ['float32 file coordinates (origin 0: the view re-bases on the CPU)', f4, 0.25],
  ] as const)('%s: small GPU values, and buffer + base − V gives the file value', (_, cloud, fileStep) => {
    const view = nextViewFrame(SENSOR_VIEW, roughCentre(cloud));
    expect(view).not.toBe(SENSOR_VIEW);
    expect(Math.abs(view.origin[1] - 4000150)).toBeLessThan(40);
    expect(Math.hypot(...view.focus)).toBeLessThan(1); // the camera looks at the cloud
    const { buffer, base } = gpuOf(cloud);
    const offset = [0, 1, 2].map((a) => base[a] - view.origin[a]);
    for (const o of offset) expect(Math.abs(o)).toBeLessThan(64); // the group·object translation three uploads is small
    let worstGpu = 0;
    let worstFile = 0;
    ref.points.forEach((p, i) => {
      if (p[0] === null) return;
      for (let a = 0; a < 3; a++) {
        const v = buffer[3 * i + a];
        worstGpu = Math.max(worstGpu, Math.abs(v));
        // what the GPU sees (float32 buffer + small translation) back in scene coordinates, float64
        worstFile = Math.max(worstFile, Math.abs(v + offset[a] + view.origin[a] - p[a]!));
      }
    });
    expect(worstGpu).toBeLessThan(64);
    // the F8 file keeps ~µm; the float32 file keeps exactly what it stored (its own 0.25 m step), nothing worse
    expect(worstFile).toBeLessThanOrEqual(fileStep);
    if (cloud === f4) ref.points.forEach((p, i) => p[0] !== null && expect(buffer[3 * i + 1] + base[1]).toBe(Math.fround(p[1]!)));
  });

  it('is sticky: a sweep 100 m further keeps V (no camera reset while scrubbing); one 5 km away re-bases', () => {
    const v = nextViewFrame(SENSOR_VIEW, roughCentre(f8));
    const c = roughCentre(f8)!;
    expect(nextViewFrame(v, [c[0] + 100, c[1] - 100, c[2]])).toBe(v);
    const far = nextViewFrame(v, [c[0] + 5000, c[1], c[2]]);
    expect(far.origin[0]).toBe(Math.round(c[0] + 5000));
    expect(nextViewFrame(v, null)).toBe(v);
  });
});

describe('finiteBoundingSphere', () => {
  it('ignores NaN / infinite points (three’s computeBoundingSphere turns NaN and raycasts then miss everything)', () => {
    const xyz = Float32Array.of(1, 2, 3, NaN, NaN, NaN, -1, 0, 3, 0, Infinity, 0, 3, 2, 5);
    const s = finiteBoundingSphere(xyz, 5)!;
    // hand-computed: finite box x ∈ [-1, 3], y ∈ [0, 2], z ∈ [3, 5]
    expect(s.center).toEqual([1, 1, 4]);
    expect(s.radius).toBeCloseTo(Math.hypot(4, 2, 2) / 2, 12);
    expect(finiteBoundingSphere(Float32Array.of(NaN, 0, 0), 1)).toBeNull();
  });
});
