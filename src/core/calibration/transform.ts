/**
 * Rigid transforms that name both frames. A `FrameTransform` with `from: 'velodyne', to: 'camera_0'`
 * is `T_camera_0_from_velodyne`: it maps points given in `from` into `to`, X_to = m · X_from
 * (column vectors, row-major 4x4, metres). Quaternion inputs are normalised once, here.
 */
import { mat4, quat, type Mat4 } from '../math';
import type { Transform } from '../schema';

export interface FrameTransform {
  readonly from: string;
  readonly to: string;
  /** Row-major 4x4, X_to = m · X_from. */
  readonly m: Mat4;
}

/** Conventional name, e.g. `T_camera_0_from_velodyne`. */
export const nameOf = (t: Pick<FrameTransform, 'from' | 'to'>): string => `T_${t.to}_from_${t.from}`;

export function frameTransform(from: string, to: string, m: ArrayLike<number>): FrameTransform {
  const mm = m instanceof Float64Array && m.length === 16 ? m : mat4.fromRowMajor(m);
  if (!mat4.isFiniteMatrix(mm)) throw new Error(`${nameOf({ from, to })}: matrix has NaN or infinite entries`);
  return { from, to, m: mm };
}

/** Identity transform between two names of the same physical frame. */
export const identityTransform = (from: string, to: string): FrameTransform => ({ from, to, m: mat4.identity() });

/** From a row-major 4x4 (16 numbers) or 3x4 (12 numbers, last row 0 0 0 1 implied). */
export const fromRowMajor = (from: string, to: string, values: ArrayLike<number>): FrameTransform => frameTransform(from, to, mat4.fromRowMajor(values));

/** Rotation quaternion in xyzw order (SciPy, OpenLABEL, three.js) plus translation [x, y, z]. */
export const fromQuaternionXYZW = (from: string, to: string, q: ArrayLike<number>, t: ArrayLike<number>): FrameTransform =>
  frameTransform(from, to, quat.toMat4(quat.fromXYZW(q), { x: t[0], y: t[1], z: t[2] }));

/** Rotation quaternion in wxyz order (nuScenes, pyquaternion) plus translation [x, y, z]. */
export const fromQuaternionWXYZ = (from: string, to: string, q: ArrayLike<number>, t: ArrayLike<number>): FrameTransform =>
  frameTransform(from, to, quat.toMat4(quat.fromWXYZ(q), { x: t[0], y: t[1], z: t[2] }));

/**
 * Intrinsic Z-Y-X Euler angles (yaw about z, then pitch about the new y, then roll about the new x),
 * radians: R = Rz(yaw) · Ry(pitch) · Rx(roll). Translation [x, y, z] in metres.
 */
export function fromEulerZYX(from: string, to: string, yaw: number, pitch: number, roll: number, t: ArrayLike<number> = [0, 0, 0]): FrameTransform {
  const cy = Math.cos(yaw), sy = Math.sin(yaw), cp = Math.cos(pitch), sp = Math.sin(pitch), cr = Math.cos(roll), sr = Math.sin(roll);
  return frameTransform(from, to, [
    cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr, t[0],
    sy * cp, sy * sp * sr + cy * cr, sy * sp * cr - cy * sr, t[1],
    -sp, cp * sr, cp * cr, t[2],
  ]);
}

/** `compose(T_c_from_b, T_b_from_a)` = T_c_from_a. Throws when the inner frames differ. */
export function compose(outer: FrameTransform, inner: FrameTransform): FrameTransform {
  if (outer.from !== inner.to) throw new Error(`cannot compose ${nameOf(outer)} with ${nameOf(inner)}: "${outer.from}" ≠ "${inner.to}"`);
  return { from: inner.from, to: outer.to, m: mat4.mul(outer.m, inner.m) };
}

/** T_a_from_b from T_b_from_a. Throws naming the transform when it is singular. */
export function invertTransform(t: FrameTransform): FrameTransform {
  try {
    return { from: t.to, to: t.from, m: mat4.invert(t.m) };
  } catch (e) {
    throw new Error(`${nameOf(t)} cannot be inverted: ${(e as Error).message}`);
  }
}

/** From the schema's persisted `Transform`. */
export function fromSchemaTransform(t: Transform): FrameTransform {
  if (t.repr.kind === 'matrix4x4') return fromRowMajor(t.from, t.to, t.repr.rowMajor);
  const { rotation: r, translation: p } = t.repr;
  return fromQuaternionXYZW(t.from, t.to, [r.x, r.y, r.z, r.w], [p.x, p.y, p.z]);
}

/** To the schema's `Transform`; `quaternion` assumes the rotation part is orthonormal. */
export function toSchemaTransform(t: FrameTransform, repr: 'matrix4x4' | 'quaternion' = 'matrix4x4'): Transform {
  if (repr === 'matrix4x4') return { from: t.from, to: t.to, repr: { kind: 'matrix4x4', rowMajor: Array.from(t.m) } };
  const q = quat.fromMat4(t.m);
  return { from: t.from, to: t.to, repr: { kind: 'quaternion', rotation: q, translation: { x: t.m[3], y: t.m[7], z: t.m[11] } } };
}

/** Apply to a point (metres); writes into `out`. */
export const transformPoint = (t: FrameTransform, x: number, y: number, z: number, out: Float64Array | number[] = [0, 0, 0]): Float64Array | number[] =>
  mat4.applyToPoint(t.m, x, y, z, out);
