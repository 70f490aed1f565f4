/**
 * Golden tests against OpenCV 4.6.0. Every reference number below was produced by
 * fixtures/projection/opencv_reference.py (cv2.projectPoints, cv2.fisheye.projectPoints,
 * cv2.undistortPointsIter with 200 iterations / eps 1e-15, cv2.fisheye.undistortPoints), run with
 * /usr/bin/python3 on this machine, and pasted here unchanged.
 */
import { describe, expect, it } from 'vitest';
import type { CameraIntrinsics } from '../schema';
import { CalibrationError, createCameraModel, projectPoint, unprojectPixel, type CameraModel } from './camera';

const PTS = [[1.2, -0.4, 8.0], [-3.0, 1.1, 12.5], [0.0, 0.0, 5.0], [4.0, 2.0, 6.0], [-2.5, -1.5, 3.0]];
const FPTS = [[1.2, -0.4, 8.0], [-3.0, 1.1, 2.5], [0.0, 0.0, 5.0], [4.0, 2.0, 1.0], [-2.5, -1.5, 0.5]];
const K: CameraIntrinsics = { width: 1242, height: 375, fx: 721.5377, fy: 721.5377, cx: 609.5593, cy: 172.854, skew: 0, distortion: { model: 'none' } };
const KF = { width: 1280, height: 800, fx: 300, fy: 300, cx: 640, cy: 400, skew: 0 };

const REF = {
  pinhole: [[717.789955, 136.777115], [436.39025200000003, 236.3493176], [609.5593, 172.854], [1090.5844333333334, 413.3665666666667], [8.27788333333342, -187.91484999999997]],
  radtan: [[716.983698627396, 137.06270300386797], [439.36557814653054, 235.30111234419053], [609.5593, 172.854], [1026.5266660438226, 381.9790498663557], [124.04978676668162, -117.30686812265773]],
  rational: [[716.9993287251892, 137.06170194118693], [439.74818554248316, 235.17386728979426], [609.5593, 172.854], [1022.7829228854856, 379.7664521510761], [143.5007485817478, -106.30411426039572]],
  fisheye: [[684.6851337170788, 385.1049554276404], [375.5398348437048, 496.96872722397495], [640.0, 400.0], [1026.6593031814657, 593.3296515907329], [254.27965413362585, 168.5677924801755]],
  // pixels (100,50) (1000,300) (609,172) (1200,20) → normalised (x/z, y/z)
  undistortRadtan: [[-0.8471738648507696, -0.20552325911999084], [0.6021579325099802, 0.19544016545003948], [-0.0007751501454519364, -0.001183588298403462], [1.0480355036932936, -0.27280636062935465]],
  undistortRational: [[-0.8848748929445189, -0.21425491049495904], [0.6058593869108955, 0.1969159856704428], [-0.0007751539740186875, -0.0011835897705064703], [1.2148360151673867, -0.31714397279086187]],
  // fisheye pixels (1000,300) (640,400) only: OpenCV clamps theta_d to pi/2 for the others (we reject them, see below)
  undistortFisheye: [[2.3452664026004704, -0.6514628896112418], [0.0, 0.0]],
};
const PIX = [[100, 50], [1000, 300], [609, 172], [1200, 20]];

const radtan: CameraIntrinsics = { ...K, distortion: { model: 'opencv', k1: -0.28, k2: 0.07, p1: 0.0012, p2: -0.0008, k3: 0.01, k4: 0, k5: 0, k6: 0 } };
const rational: CameraIntrinsics = { ...K, distortion: { model: 'opencv', k1: 0.2, k2: -0.1, p1: 0.001, p2: 0.0005, k3: 0.02, k4: 0.5, k5: -0.05, k6: 0.01 } };
const fisheye: CameraIntrinsics = { ...KF, distortion: { model: 'fisheye', k1: 0.05, k2: -0.01, k3: 0.002, k4: -0.0003 } };

function projectAll(cam: CameraModel, pts: number[][]): number[][] {
  return pts.map(([x, y, z]) => {
    const o = [NaN, NaN];
    expect(projectPoint(cam, x, y, z, o)).toBe(true);
    return o;
  });
}

describe('camera models against OpenCV', () => {
  it('pinhole agrees with cv2.projectPoints to 1e-6 relative', () => {
    const got = projectAll(createCameraModel({ ...K, distortion: { model: 'none' } }), PTS);
    got.forEach((p, i) => p.forEach((v, j) => expect(Math.abs(v - REF.pinhole[i][j])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(REF.pinhole[i][j])))));
  });

  it.each([['radtan', radtan, REF.radtan], ['rational', rational, REF.rational]] as const)('%s agrees with cv2.projectPoints to 1e-3 px', (_, intr, ref) => {
    const got = projectAll(createCameraModel(intr), PTS);
    got.forEach((p, i) => p.forEach((v, j) => expect(Math.abs(v - ref[i][j])).toBeLessThan(1e-3)));
  });

  it('fisheye agrees with cv2.fisheye.projectPoints to 1e-3 px', () => {
    const got = projectAll(createCameraModel(fisheye), FPTS);
    got.forEach((p, i) => p.forEach((v, j) => expect(Math.abs(v - REF.fisheye[i][j])).toBeLessThan(1e-3)));
  });

  it.each([['radtan', radtan, REF.undistortRadtan], ['rational', rational, REF.undistortRational]] as const)('%s unproject agrees with cv2.undistortPointsIter', (_, intr, ref) => {
    const cam = createCameraModel(intr);
    PIX.forEach(([u, v], i) => {
      const r = [0, 0, 0];
      expect(unprojectPixel(cam, u, v, r)).toBe(true);
      expect(r[0] / r[2]).toBeCloseTo(ref[i][0], 6);
      expect(r[1] / r[2]).toBeCloseTo(ref[i][1], 6);
    });
  });

  it('fisheye unproject agrees with cv2.fisheye.undistortPoints, and rejects pixels beyond the valid field', () => {
    const cam = createCameraModel(fisheye);
    [[1000, 300], [640, 400]].forEach(([u, v], i) => {
      const r = [0, 0, 0];
      expect(unprojectPixel(cam, u, v, r)).toBe(true);
      expect(r[0] / r[2]).toBeCloseTo(REF.undistortFisheye[i][0], 6);
      expect(r[1] / r[2]).toBeCloseTo(REF.undistortFisheye[i][1], 6);
    });
    // theta_d of (100,50) is 2.145 rad, above theta_d(pi/2) = 1.699 for these coefficients (hand computed)
    expect(unprojectPixel(cam, 100, 50, [0, 0, 0])).toBe(false);
  });

  it.each([['pinhole', { ...K }], ['radtan', radtan], ['rational', rational], ['fisheye', fisheye]] as const)('%s: project → unproject round trip within 1e-6 rad', (_, intr) => {
    const cam = createCameraModel(intr as CameraIntrinsics);
    for (const [x, y, z] of intr === fisheye ? FPTS : PTS) {
      const p = [0, 0], r = [0, 0, 0];
      expect(projectPoint(cam, x, y, z, p)).toBe(true);
      expect(unprojectPixel(cam, p[0], p[1], r)).toBe(true);
      const n = Math.hypot(x, y, z);
      const cos = (r[0] * x + r[1] * y + r[2] * z) / n;
      const sin = Math.hypot(r[1] * z - r[2] * y, r[2] * x - r[0] * z, r[0] * y - r[1] * x) / n;
      expect(Math.atan2(sin, cos)).toBeLessThan(1e-6);
    }
  });
});

describe('field of view and degenerate calibration', () => {
  it('behind the camera does not project', () => {
    const cam = createCameraModel({ ...K });
    expect(projectPoint(cam, 1, 1, -5, [0, 0])).toBe(false);
    expect(projectPoint(cam, 1, 1, 0, [0, 0])).toBe(false);
  });

  it('points beyond the monotonic limit of a radial polynomial are rejected, not wrapped into the image', () => {
    // k1 = -0.5: r_d = r (1 - 0.5 r^2) peaks at r = sqrt(2/3) = 0.8165 (d/dr = 1 - 1.5 r^2 = 0, by hand)
    const cam = createCameraModel({ ...K, distortion: { model: 'opencv', k1: -0.5, k2: 0, p1: 0, p2: 0, k3: 0, k4: 0, k5: 0, k6: 0 } });
    expect(Math.sqrt(cam.maxR2)).toBeCloseTo(Math.sqrt(2 / 3), 3);
    expect(projectPoint(cam, 0.8, 0, 1, [0, 0])).toBe(true);
    // r = 2: the polynomial gives r_d = 2 (1 - 2) = -2, i.e. it would wrap to the other side of the image
    expect(projectPoint(cam, 2, 0, 1, [0, 0])).toBe(false);
    const withMax = createCameraModel({ ...K, distortion: { model: 'opencv', k1: -0.5, k2: 0, p1: 0, p2: 0, k3: 0, k4: 0, k5: 0, k6: 0, maxRadius: 0.5 } });
    expect(projectPoint(withMax, 0.6, 0, 1, [0, 0])).toBe(false);
    expect(projectPoint(withMax, 0.4, 0, 1, [0, 0])).toBe(true);
  });

  it('fisheye maxTheta is honoured', () => {
    const cam = createCameraModel({ ...KF, distortion: { model: 'fisheye', k1: 0, k2: 0, k3: 0, k4: 0, maxTheta: 1 } });
    expect(projectPoint(cam, Math.tan(0.9), 0, 1, [0, 0])).toBe(true);
    expect(projectPoint(cam, Math.tan(1.1), 0, 1, [0, 0])).toBe(false);
  });

  it('points at the image border project onto it', () => {
    const cam = createCameraModel({ ...K });
    const p = [0, 0];
    // x/z = (0 - cx)/fx lands on u = 0 exactly; (W - cx)/fx on u = W
    projectPoint(cam, -K.cx / K.fx, (K.height - K.cy) / K.fy, 1, p);
    expect(p[0]).toBeCloseTo(0, 9);
    expect(p[1]).toBeCloseTo(K.height, 9);
  });

  it('rejects singular or NaN calibration with a clear error', () => {
    expect(() => createCameraModel({ ...K, fx: 0 } as CameraIntrinsics, 'camera "cam" intrinsics')).toThrow(/camera "cam" intrinsics: degenerate calibration: K is singular/);
    expect(() => createCameraModel({ ...K, cx: NaN }, 'cam')).toThrow(CalibrationError);
    expect(() => createCameraModel({ ...K, cx: NaN }, 'cam')).toThrow(/cx is NaN/);
    expect(() => createCameraModel({ ...K, distortion: { model: 'opencv', k1: NaN, k2: 0, p1: 0, p2: 0, k3: 0, k4: 0, k5: 0, k6: 0 } }, 'cam')).toThrow(/k1 is NaN/);
    expect(() => createCameraModel({ ...K, width: 0 }, 'cam')).toThrow(/image size/);
  });
});
