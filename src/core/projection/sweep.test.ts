/**
 * projectSweep on a map / UTM-scale cloud seen by a camera at the same UTM location (centre
 * ≈ (500124, 4000122, 37.5) m). Independent reference: fixtures/pointcloud-utm/make_utm.py, whose
 * pixels are plain float64 numpy formulas applied to the float64 points (pinhole, and OpenCV's
 * radial-tangential model as documented for cv::projectPoints), stored in reference.json.
 * Our path: the F8 PCD read to float32 positions relative to a local origin, then projectSweep with
 * the origin folded into T_cam_from_map once in float64 — every pixel within 1e-3 px of numpy
 * (measured ~1e-4 px). A naive path (float32 file coordinates, no origin) is off by many pixels.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCameraModel, type CameraModel } from '../calibration/camera';
import { readPointCloud } from '../formats/pointcloud';
import { mat4, type Mat4 } from '../math';
import { allocateSweepProjection, projectCloud, projectSweep, withOrigin } from './sweep';

interface Ref {
  points: (number | null)[][];
  camera: {
    R_cam_from_world: number[][];
    t_cam_from_world: number[];
    intrinsics: { width: number; height: number; fx: number; fy: number; cx: number; cy: number };
    opencv: { k1: number; k2: number; p1: number; p2: number; k3: number };
  };
  pixels_pinhole: ([number, number] | null)[];
  pixels_opencv: ([number, number] | null)[];
}
const dir = new URL('../../../fixtures/pointcloud-utm/', import.meta.url);
const ref = JSON.parse(readFileSync(new URL('reference.json', dir), 'utf8')) as Ref;
const { R_cam_from_world: R, t_cam_from_world: t, intrinsics, opencv } = ref.camera;
const T: Mat4 = mat4.fromRowMajor([...R[0], t[0], ...R[1], t[1], ...R[2], t[2], 0, 0, 0, 1]);
const pinhole = createCameraModel({ ...intrinsics, skew: 0, distortion: { model: 'none' } });
const radtan = createCameraModel({ ...intrinsics, skew: 0, distortion: { model: 'opencv', ...opencv, k4: 0, k5: 0, k6: 0 } });

const inImage = (w: [number, number] | null): w is [number, number] => w !== null && w[0] >= 0 && w[0] < intrinsics.width && w[1] >= 0 && w[1] < intrinsics.height;

/**
 * Largest pixel distance to the numpy reference over the points whose reference pixel is inside the
 * image, and how many that is. (SweepProjection's u, v are float32: far outside the image, e.g.
 * u ≈ 1e5 px for a point just in front of the camera plane, the output's own float32 step exceeds
 * 1e-3 px, so those are not a measure of the projection.)
 */
function compare(u: Float32Array, v: Float32Array, want: ([number, number] | null)[]): { worst: number; compared: number } {
  let worst = 0, compared = 0;
  want.forEach((w, i) => {
    if (!inImage(w)) return;
    worst = Math.max(worst, Math.hypot(u[i] - w[0], v[i] - w[1]));
    compared++;
  });
  return { worst, compared };
}

describe('projectSweep with a UTM-scale cloud and camera (reference: numpy float64, make_utm.py)', () => {
  const cloud = readPointCloud(new Uint8Array(readFileSync(new URL('utm_f8_binary.pcd', dir))), 'utm_f8_binary.pcd');
  const n = cloud.count;

  it.each([
    ['pinhole', pinhole, ref.pixels_pinhole],
    ['OpenCV radial-tangential', radtan, ref.pixels_opencv],
  ] as [string, CameraModel, Ref['pixels_pinhole']][])('%s: every pixel within 1e-3 px of the float64 reference; a naive float32 path is not', (name, cam, want) => {
    const out = allocateSweepProjection(n);
    const inside = projectCloud(cloud, T, cam, out);
    const ours = compare(out.u, out.v, want);
    expect(inside).toBeGreaterThan(100);
    // every point the reference has in front of the camera and inside the image is projected by us too
    const expectedInside = want.filter(inImage).length;
    expect(inside).toBe(expectedInside);
    expect(ours.compared).toBe(expectedInside);
    expect(ours.worst).toBeLessThanOrEqual(1e-3);

    // naive: float32 file coordinates (what a reader without an origin keeps), projected with the same T
    const naive = new Float32Array(3 * n);
    ref.points.forEach((p, i) => p.forEach((x, a) => (naive[3 * i + a] = x ?? NaN)));
    const outNaive = allocateSweepProjection(n);
    projectSweep(naive, 3, T, cam, outNaive);
    const bad = compare(outNaive.u, outNaive.v, want);
    expect(bad.worst).toBeGreaterThan(1);
    console.info(`${name}: ${ours.compared} pixels, max error ${ours.worst.toExponential(2)} px (naive float32: ${bad.worst.toFixed(1)} px)`);
  });

  it('depth is the float64 camera-frame z (the origin goes into the transform, not the points)', () => {
    const out = allocateSweepProjection(n);
    projectSweep(cloud.positions, cloud.stride, T, pinhole, out, 0.1, cloud.origin);
    let worst = 0;
    ref.points.forEach((p, i) => {
      if (p[0] === null) return expect(Number.isNaN(out.depth[i])).toBe(true);
      const z = R[2][0] * p[0] + R[2][1] * p[1]! + R[2][2] * p[2]! + t[2];
      worst = Math.max(worst, Math.abs(out.depth[i] - z));
    });
    expect(worst).toBeLessThan(1e-5); // float32 depth of tens of metres, plus the positions' ~2e-6 m
  });
});

describe('withOrigin', () => {
  it('equals T · Translate(origin) and returns T itself for a zero origin', () => {
    const o: [number, number, number] = [500123, 4000156, 0];
    const got = withOrigin(T, o);
    const want = mat4.mul(T, mat4.translation(...o));
    for (let k = 0; k < 16; k++) expect(Math.abs(got[k] - want[k])).toBeLessThan(1e-9);
    expect(withOrigin(T, [0, 0, 0])).toBe(T);
    expect(withOrigin(T)).toBe(T);
  });
});
