/**
 * Interpolation primitives for tracks: linear interpolation of numbers, vectors, cuboid sizes and
 * 2D boxes, and quaternion slerp on the short path. `u` is the fraction of the way from `a`
 * (u = 0) to `b` (u = 1); callers compute it from scene times (see weightAt), not from indices.
 */
import type { Quat } from '../math';

export const lerp = (a: number, b: number, u: number): number => a + (b - a) * u;

export interface XYZ {
  x: number;
  y: number;
  z: number;
}

export const lerpVec3 = (a: XYZ, b: XYZ, u: number): XYZ => ({ x: lerp(a.x, b.x, u), y: lerp(a.y, b.y, u), z: lerp(a.z, b.z, u) });

/**
 * Below this angle between the two quaternions (radians; the rotation angle is twice it) slerp
 * falls back to normalised lerp, whose error there is below 1e-18.
 */
export const SLERP_MIN_ANGLE = 1e-6;

/**
 * Angle between two unit quaternions as 4-vectors (half the rotation between them), given their
 * dot product ≥ 0: acos(dot) where that is accurate, 2·atan2(|a − b|, |a + b|) near dot = 1, where
 * acos loses half the digits.
 */
export function quatAngle(ax: number, ay: number, az: number, aw: number, bx: number, by: number, bz: number, bw: number, dot: number): number {
  if (dot < 0.99) return Math.acos(dot);
  const dx = ax - bx, dy = ay - by, dz = az - bz, dw = aw - bw, sx = ax + bx, sy = ay + by, sz = az + bz, sw = aw + bw;
  return 2 * Math.atan2(Math.sqrt(dx * dx + dy * dy + dz * dz + dw * dw), Math.sqrt(sx * sx + sy * sy + sz * sz + sw * sw));
}

/**
 * Spherical linear interpolation between unit quaternions on the short path: when q0·q1 < 0 the
 * second is negated first (q and −q are the same rotation), so the result turns by at most 180°.
 * The result is normalised. Inputs need not be exactly unit (they are normalised first); a zero
 * quaternion throws. The angle comes from quatAngle (accurate for tiny angles too).
 */
export function slerp(q0: Quat, q1: Quat, u: number): Quat {
  // plain square roots, not Math.hypot (several times slower in V8; the inputs are unit-scale)
  const n0 = Math.sqrt(q0.x * q0.x + q0.y * q0.y + q0.z * q0.z + q0.w * q0.w), n1 = Math.sqrt(q1.x * q1.x + q1.y * q1.y + q1.z * q1.z + q1.w * q1.w);
  if (!(n0 > 1e-12) || !(n1 > 1e-12)) throw new Error('slerp: quaternion has zero or non-finite norm');
  const ax = q0.x / n0, ay = q0.y / n0, az = q0.z / n0, aw = q0.w / n0;
  let bx = q1.x / n1, by = q1.y / n1, bz = q1.z / n1, bw = q1.w / n1;
  let dot = ax * bx + ay * by + az * bz + aw * bw;
  if (dot < 0) {
    bx = -bx; by = -by; bz = -bz; bw = -bw;
    dot = -dot;
  }
  const theta = quatAngle(ax, ay, az, aw, bx, by, bz, bw, dot);
  let s0: number, s1: number;
  if (theta < SLERP_MIN_ANGLE) {
    s0 = 1 - u;
    s1 = u;
  } else {
    const sin = Math.sin(theta);
    s0 = Math.sin((1 - u) * theta) / sin;
    s1 = Math.sin(u * theta) / sin;
  }
  const x = s0 * ax + s1 * bx, y = s0 * ay + s1 * by, z = s0 * az + s1 * bz, w = s0 * aw + s1 * bw;
  const n = Math.sqrt(x * x + y * y + z * z + w * w);
  return { x: x / n, y: y / n, z: z / n, w: w / n };
}

/**
 * Fraction of the way from time `t0` to `t1` at time `t` (scene seconds). Samples may be
 * irregular, so this is by time; when the two keyframes share a timestamp it falls back to the
 * index fraction `(i - i0) / (i1 - i0)`.
 */
export function weightAt(t0: number, t1: number, t: number, i0: number, i1: number, i: number): number {
  const span = t1 - t0;
  if (span > 1e-12) return (t - t0) / span;
  return i1 === i0 ? 0 : (i - i0) / (i1 - i0);
}
