/**
 * Quaternions with named components {x, y, z, w} (w = scalar). Conversions to and from
 * row-major rotation matrices. Inputs are normalised once here, at the boundary.
 */
import type { Mat4 } from './mat4';
import { identity } from './mat4';

export interface Quat {
  x: number;
  y: number;
  z: number;
  w: number;
}

export function normalize(q: Quat): Quat {
  const n = Math.hypot(q.x, q.y, q.z, q.w);
  if (!Number.isFinite(n) || n < 1e-12) throw new Error('quaternion has zero or non-finite norm');
  return { x: q.x / n, y: q.y / n, z: q.z / n, w: q.w / n };
}

/** From an array in xyzw order (SciPy, OpenLABEL, three.js). */
export const fromXYZW = (a: ArrayLike<number>): Quat => normalize({ x: a[0], y: a[1], z: a[2], w: a[3] });
/** From an array in wxyz order (nuScenes, pyquaternion). */
export const fromWXYZ = (a: ArrayLike<number>): Quat => normalize({ w: a[0], x: a[1], y: a[2], z: a[3] });

/** Rotation about the +Z axis by `yaw` radians. */
export const fromYaw = (yaw: number): Quat => ({ x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) });

/** Rotation matrix (in a 4x4 with translation t) of a unit quaternion. */
export function toMat4(q: Quat, t: { x: number; y: number; z: number } = { x: 0, y: 0, z: 0 }): Mat4 {
  const { x, y, z, w } = normalize(q);
  const m = identity();
  m[0] = 1 - 2 * (y * y + z * z);
  m[1] = 2 * (x * y - z * w);
  m[2] = 2 * (x * z + y * w);
  m[4] = 2 * (x * y + z * w);
  m[5] = 1 - 2 * (x * x + z * z);
  m[6] = 2 * (y * z - x * w);
  m[8] = 2 * (x * z - y * w);
  m[9] = 2 * (y * z + x * w);
  m[10] = 1 - 2 * (x * x + y * y);
  m[3] = t.x;
  m[7] = t.y;
  m[11] = t.z;
  return m;
}

/** Quaternion of the rotation part of a row-major 4x4 (or its upper-left 3x3 in a 4x4). Shepperd's method. */
export function fromMat4(m: ArrayLike<number>): Quat {
  const m00 = m[0], m01 = m[1], m02 = m[2], m10 = m[4], m11 = m[5], m12 = m[6], m20 = m[8], m21 = m[9], m22 = m[10];
  const tr = m00 + m11 + m22;
  let q: Quat;
  if (tr > 0) {
    const s = Math.sqrt(tr + 1) * 2;
    q = { w: 0.25 * s, x: (m21 - m12) / s, y: (m02 - m20) / s, z: (m10 - m01) / s };
  } else if (m00 > m11 && m00 > m22) {
    const s = Math.sqrt(1 + m00 - m11 - m22) * 2;
    q = { w: (m21 - m12) / s, x: 0.25 * s, y: (m01 + m10) / s, z: (m02 + m20) / s };
  } else if (m11 > m22) {
    const s = Math.sqrt(1 + m11 - m00 - m22) * 2;
    q = { w: (m02 - m20) / s, x: (m01 + m10) / s, y: 0.25 * s, z: (m12 + m21) / s };
  } else {
    const s = Math.sqrt(1 + m22 - m00 - m11) * 2;
    q = { w: (m10 - m01) / s, x: (m02 + m20) / s, y: (m12 + m21) / s, z: 0.25 * s };
  }
  const n = normalize(q);
  // canonical sign: w >= 0
  return n.w < 0 ? { x: -n.x, y: -n.y, z: -n.z, w: -n.w } : n;
}

export const multiply = (a: Quat, b: Quat): Quat => ({
  w: a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z,
  x: a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
  y: a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
  z: a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w,
});

/** Yaw (rotation about +Z) of a quaternion, radians. */
export const yawOf = (q: Quat): number => Math.atan2(2 * (q.w * q.z + q.x * q.y), 1 - 2 * (q.y * q.y + q.z * q.z));
