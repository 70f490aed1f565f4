/**
 * Sweep → image: project a whole point cloud into one camera in a single pass, into preallocated
 * typed arrays (no per-point objects). Positions are x y z at offsets 0..2 of every `stride` floats
 * in the sweep's frame, relative to `origin` (PointCloud.origin: file coordinates = positions +
 * origin); `m` = T_camera_from_sweep (row-major 4x4, float64).
 *
 * Large (map / UTM) coordinates: the origin is folded into the transform once, in float64
 * (`withOrigin`: T · Translate(origin)), and every point then goes through small numbers — the
 * float32 positions relative to the origin and a camera-relative translation — so a cloud and a
 * camera both at y ≈ 4,000,000 m project as exactly as a sensor-frame sweep (the float64 transform
 * of the relative point; no 4e6-sized term is ever added to a point).
 */
import type { Mat4 } from '../math';
import { projectPoint, type CameraModel } from '../calibration/camera';

export interface SweepProjection {
  /** Pixel coordinates (continuous, top-left corner origin); NaN where the point does not project. */
  u: Float32Array;
  v: Float32Array;
  /** Camera-frame z in metres (any sign). */
  depth: Float32Array;
  /** 1 where the point is in front (z ≥ near), inside the valid field of view and inside [0,W)×[0,H). */
  mask: Uint8Array;
}

export const allocateSweepProjection = (n: number): SweepProjection => ({ u: new Float32Array(n), v: new Float32Array(n), depth: new Float32Array(n), mask: new Uint8Array(n) });

/**
 * T · Translate(origin) in float64: the row-major 4x4 `m` applied to points given relative to
 * `origin` (only the translation column changes). `m` itself when the origin is zero or absent.
 */
export function withOrigin(m: Mat4, origin?: readonly [number, number, number]): Mat4 {
  if (!origin || (origin[0] === 0 && origin[1] === 0 && origin[2] === 0)) return m;
  const [ox, oy, oz] = origin;
  const r = m.slice() as Mat4;
  r[3] = m[0] * ox + m[1] * oy + m[2] * oz + m[3];
  r[7] = m[4] * ox + m[5] * oy + m[6] * oz + m[7];
  r[11] = m[8] * ox + m[9] * oy + m[10] * oz + m[11];
  r[15] = m[12] * ox + m[13] * oy + m[14] * oz + m[15];
  return r;
}

/**
 * Returns the number of points inside the image. `out` arrays must hold at least n = positions.length / stride entries.
 * `origin`: the cloud's PointCloud.origin (positions are relative to it); omit or [0, 0, 0] for file coordinates.
 */
export function projectSweep(positions: Float32Array, stride: number, transform: Mat4, cam: CameraModel, out: SweepProjection, near = 0.1, origin?: readonly [number, number, number]): number {
  const m = withOrigin(transform, origin);
  const n = Math.floor(positions.length / stride);
  if (out.u.length < n || out.v.length < n || out.depth.length < n || out.mask.length < n) throw new Error(`projectSweep: output arrays hold fewer than ${n} points`);
  const { u, v, depth, mask } = out;
  const m0 = m[0], m1 = m[1], m2 = m[2], m3 = m[3], m4 = m[4], m5 = m[5], m6 = m[6], m7 = m[7], m8 = m[8], m9 = m[9], m10 = m[10], m11 = m[11];
  const W = cam.width, H = cam.height;
  let inside = 0;
  if (cam.kind === 'pinhole') {
    const fx = cam.fx, fy = cam.fy, cx = cam.cx, cy = cam.cy, sk = cam.skew;
    for (let i = 0, o = 0; i < n; i++, o += stride) {
      const x = positions[o], y = positions[o + 1], z = positions[o + 2];
      const X = m0 * x + m1 * y + m2 * z + m3, Y = m4 * x + m5 * y + m6 * z + m7, Z = m8 * x + m9 * y + m10 * z + m11;
      depth[i] = Z;
      if (Z >= near) {
        const iz = 1 / Z, a = X * iz, b = Y * iz;
        const pu = fx * a + sk * b + cx, pv = fy * b + cy;
        u[i] = pu;
        v[i] = pv;
        const ok = pu >= 0 && pu < W && pv >= 0 && pv < H ? 1 : 0;
        mask[i] = ok;
        inside += ok;
      } else {
        u[i] = v[i] = NaN;
        mask[i] = 0;
      }
    }
    return inside;
  }
  const px = new Float64Array(2);
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    const x = positions[o], y = positions[o + 1], z = positions[o + 2];
    const X = m0 * x + m1 * y + m2 * z + m3, Y = m4 * x + m5 * y + m6 * z + m7, Z = m8 * x + m9 * y + m10 * z + m11;
    depth[i] = Z;
    if (Z >= near && projectPoint(cam, X, Y, Z, px)) {
      u[i] = px[0];
      v[i] = px[1];
      const ok = px[0] >= 0 && px[0] < W && px[1] >= 0 && px[1] < H ? 1 : 0;
      mask[i] = ok;
      inside += ok;
    } else {
      u[i] = v[i] = NaN;
      mask[i] = 0;
    }
  }
  return inside;
}

/** projectSweep for a PointCloud-like object: its positions, stride and origin. */
export function projectCloud(cloud: { positions: Float32Array; stride: number; origin?: readonly [number, number, number] }, m: Mat4, cam: CameraModel, out: SweepProjection, near = 0.1): number {
  return projectSweep(cloud.positions, cloud.stride, m, cam, out, near, cloud.origin);
}
