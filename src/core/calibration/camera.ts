/**
 * Camera models: pinhole, OpenCV radial-tangential (k1 k2 p1 p2 k3 + rational k4 k5 k6) and
 * OpenCV fisheye (Kannala-Brandt, k1..k4). Camera frame (OpenCV): x right, y down, z forward,
 * metres. Pixels: (0,0) is the top-left corner of the top-left pixel, u right, v down (the same
 * continuous coordinates OpenCV's projectPoints returns).
 *
 * Beyond the field of view a distortion polynomial is valid for, points are rejected instead of
 * wrapping back into the image: `maxRadius` (undistorted x/z radius) and `maxTheta` (incidence
 * angle) from the schema, else the first radius/angle where the distorted radius stops increasing
 * (computed once, in `createCameraModel`).
 */
import type { CameraIntrinsics } from '../schema';

export type CameraKind = 'pinhole' | 'opencv' | 'fisheye';

export interface CameraModel {
  readonly kind: CameraKind;
  readonly width: number;
  readonly height: number;
  readonly fx: number;
  readonly fy: number;
  readonly cx: number;
  readonly cy: number;
  readonly skew: number;
  /** opencv: k1 k2 p1 p2 k3 k4 k5 k6; fisheye: k1 k2 k3 k4; pinhole: empty. */
  readonly d: Float64Array;
  /** opencv: largest valid undistorted radius squared ((x/z)² + (y/z)²); Infinity for pinhole. */
  readonly maxR2: number;
  /** fisheye: largest valid incidence angle, radians (≤ π/2). */
  readonly maxTheta: number;
}

export class CalibrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalibrationError';
  }
}

const opencvRadial = (d: Float64Array, r2: number): number =>
  (1 + r2 * (d[0] + r2 * (d[1] + r2 * d[4]))) / (1 + r2 * (d[5] + r2 * (d[6] + r2 * d[7])));
const fisheyeThetaD = (d: Float64Array, th: number): number => {
  const t2 = th * th;
  return th * (1 + t2 * (d[0] + t2 * (d[1] + t2 * (d[2] + t2 * d[3]))));
};

/** First argument in (0, limit] where f stops increasing (scanned in `steps` steps), else `limit`. */
function monotonicLimit(f: (x: number) => number, limit: number, steps = 20000): number {
  let prev = 0;
  for (let i = 1; i <= steps; i++) {
    const x = (limit * i) / steps, y = f(x);
    if (!(y > prev)) return (limit * (i - 1)) / steps;
    prev = y;
  }
  return limit;
}

/**
 * Build a camera model from schema intrinsics (a sensor's or a sample override). `where` names the
 * source in errors. Rejects NaN/infinite values, a singular K (fx·fy = 0) and a degenerate image size.
 */
export function createCameraModel(intr: CameraIntrinsics, where = 'camera'): CameraModel {
  const bad = (what: string): never => {
    throw new CalibrationError(`${where}: degenerate calibration: ${what}`);
  };
  const { width, height, fx, fy, cx, cy } = intr;
  const skew = intr.skew ?? 0;
  for (const [k, v] of Object.entries({ width, height, fx, fy, cx, cy, skew })) if (!Number.isFinite(v)) bad(`${k} is ${v}`);
  if (!(width > 0 && height > 0)) bad(`image size ${width}x${height}`);
  if (Math.abs(fx * fy) < 1e-12) bad(`K is singular (fx=${fx}, fy=${fy})`);
  const dist = intr.distortion ?? { model: 'none' };
  if (dist.model === 'none') return { kind: 'pinhole', width, height, fx, fy, cx, cy, skew, d: new Float64Array(0), maxR2: Infinity, maxTheta: Math.PI / 2 };
  if (dist.model === 'opencv') {
    const d = new Float64Array([dist.k1, dist.k2, dist.p1, dist.p2, dist.k3 ?? 0, dist.k4 ?? 0, dist.k5 ?? 0, dist.k6 ?? 0]);
    d.forEach((v, i) => Number.isFinite(v) || bad(`distortion coefficient ${['k1', 'k2', 'p1', 'p2', 'k3', 'k4', 'k5', 'k6'][i]} is ${v}`));
    const rMax = dist.maxRadius ?? monotonicLimit((r) => r * opencvRadial(d, r * r), 20);
    if (!(rMax > 0)) bad('the radial distortion polynomial is not increasing at the image centre');
    return { kind: 'opencv', width, height, fx, fy, cx, cy, skew, d, maxR2: rMax * rMax, maxTheta: Math.PI / 2 };
  }
  const d = new Float64Array([dist.k1, dist.k2, dist.k3, dist.k4]);
  d.forEach((v, i) => Number.isFinite(v) || bad(`fisheye coefficient k${i + 1} is ${v}`));
  const maxTheta = Math.min(dist.maxTheta ?? monotonicLimit((t) => fisheyeThetaD(d, t), Math.PI / 2), Math.PI / 2);
  if (!(maxTheta > 0)) bad('the fisheye polynomial is not increasing at the image centre');
  return { kind: 'fisheye', width, height, fx, fy, cx, cy, skew, d, maxR2: Infinity, maxTheta };
}

/**
 * Distort normalised coordinates (x/z, y/z) into `out` [xd, yd]. Returns false when the point lies
 * beyond the model's valid field of view. For fisheye, pass z too (angle from the axis).
 */
function distort(cam: CameraModel, x: number, y: number, z: number, out: Float64Array | number[]): boolean {
  const d = cam.d;
  if (cam.kind === 'pinhole') {
    out[0] = x / z;
    out[1] = y / z;
    return true;
  }
  if (cam.kind === 'opencv') {
    const a = x / z, b = y / z, r2 = a * a + b * b;
    if (r2 > cam.maxR2) return false;
    const rad = opencvRadial(d, r2);
    out[0] = a * rad + 2 * d[2] * a * b + d[3] * (r2 + 2 * a * a);
    out[1] = b * rad + d[2] * (r2 + 2 * b * b) + 2 * d[3] * a * b;
    return true;
  }
  const rxy = Math.hypot(x, y), th = Math.atan2(rxy, z);
  if (th > cam.maxTheta) return false;
  if (rxy === 0) {
    out[0] = out[1] = 0;
    return true;
  }
  const s = fisheyeThetaD(d, th) / rxy;
  out[0] = x * s;
  out[1] = y * s;
  return true;
}

const tmp = new Float64Array(2);

/**
 * Project a camera-frame point (metres) to a pixel, written into `out` [u, v]. Returns false when
 * the point is behind the camera (z ≤ 0) or outside the model's valid field of view; `out` is then
 * left unchanged. Points outside the image still project (check bounds yourself).
 */
export function projectPoint(cam: CameraModel, x: number, y: number, z: number, out: Float64Array | number[]): boolean {
  if (!(z > 0)) return false;
  if (!distort(cam, x, y, z, tmp)) return false;
  out[0] = cam.fx * tmp[0] + cam.skew * tmp[1] + cam.cx;
  out[1] = cam.fy * tmp[1] + cam.cy;
  return true;
}

export interface UnprojectOptions {
  /** Maximum iterations of the undistortion solver (default 100). */
  maxIterations?: number;
  /** Convergence tolerance on the normalised coordinates (default 1e-14). */
  tolerance?: number;
}

/**
 * Pixel → unit ray in the camera frame (z > 0), written into `out` [x, y, z]. Undistortion is
 * iterative (fixed point for opencv, Newton on theta for fisheye); returns false when it does not
 * converge or the pixel lies outside the model's valid field of view.
 */
export function unprojectPixel(cam: CameraModel, u: number, v: number, out: Float64Array | number[], opts: UnprojectOptions = {}): boolean {
  const maxIt = opts.maxIterations ?? 100, tol = opts.tolerance ?? 1e-14;
  const yd = (v - cam.cy) / cam.fy;
  const xd = (u - cam.cx - cam.skew * yd) / cam.fx;
  let x = xd, y = yd;
  if (cam.kind === 'opencv') {
    const d = cam.d;
    let ok = false;
    for (let i = 0; i < maxIt; i++) {
      const r2 = x * x + y * y;
      const rad = opencvRadial(d, r2);
      const nx = (xd - (2 * d[2] * x * y + d[3] * (r2 + 2 * x * x))) / rad;
      const ny = (yd - (d[2] * (r2 + 2 * y * y) + 2 * d[3] * x * y)) / rad;
      const step = Math.abs(nx - x) + Math.abs(ny - y);
      x = nx;
      y = ny;
      if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
      if (step < tol) {
        ok = true;
        break;
      }
    }
    if (!ok || x * x + y * y > cam.maxR2) return false;
  } else if (cam.kind === 'fisheye') {
    const d = cam.d, thd = Math.hypot(xd, yd);
    if (thd > 0) {
      if (thd > fisheyeThetaD(d, cam.maxTheta)) return false;
      let th = thd, ok = false;
      for (let i = 0; i < maxIt; i++) {
        const t2 = th * th;
        const f = fisheyeThetaD(d, th) - thd;
        const df = 1 + t2 * (3 * d[0] + t2 * (5 * d[1] + t2 * (7 * d[2] + t2 * 9 * d[3])));
        const step = f / df;
        th -= step;
        if (!Number.isFinite(th)) return false;
        if (Math.abs(step) < tol) {
          ok = true;
          break;
        }
      }
      if (!ok || th < 0 || th > cam.maxTheta) return false;
      const s = Math.sin(th) / thd;
      out[0] = xd * s;
      out[1] = yd * s;
      out[2] = Math.cos(th);
      return true;
    }
  }
  const n = Math.hypot(x, y, 1);
  out[0] = x / n;
  out[1] = y / n;
  out[2] = 1 / n;
  return true;
}
