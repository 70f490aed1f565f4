/**
 * Rigid poses as a quaternion plus a translation, composed with quaternion products (not through
 * matrices), so a box's quaternion keeps its sign and norm through global → sensor → global and the
 * round trip is exact to rounding. nuScenes order is w, x, y, z; the scene's is named {x, y, z, w}.
 *
 * A `Pose` maps points of its inner frame into its outer frame: X_outer = R(q)·X_inner + t.
 * Rigid transforms (ego poses, calibrated sensors) are normalised once in `rigid`; box poses keep
 * their quaternion as given (the schema normalises when it draws corners).
 */
import { quat, type Mat4 } from '../../math';
import type { Quaternion, Vec3 } from '../../schema';

export interface Pose {
  q: Quaternion;
  t: Vec3;
}

/** From nuScenes arrays: rotation [w, x, y, z], translation [x, y, z]. Normalised (a rigid transform). */
export const rigid = (rotationWXYZ: ArrayLike<number>, translation: ArrayLike<number>): Pose => ({
  q: quat.fromWXYZ(rotationWXYZ),
  t: { x: translation[0], y: translation[1], z: translation[2] },
});

/** From a row-major rigid 4x4 (rotation via Shepperd's method, w ≥ 0). */
export const poseFromMat4 = (m: Mat4): Pose => ({ q: quat.fromMat4(m), t: { x: m[3], y: m[7], z: m[11] } });

/** Rotate v by the unit quaternion q: v + 2w(u×v) + 2u×(u×v). */
export function rotate(q: Quaternion, v: Vec3): Vec3 {
  const { x: ux, y: uy, z: uz, w } = q;
  const cx = uy * v.z - uz * v.y, cy = uz * v.x - ux * v.z, cz = ux * v.y - uy * v.x;
  return {
    x: v.x + 2 * (w * cx + uy * cz - uz * cy),
    y: v.y + 2 * (w * cy + uz * cx - ux * cz),
    z: v.z + 2 * (w * cz + ux * cy - uy * cx),
  };
}

const conj = (q: Quaternion): Quaternion => ({ x: -q.x, y: -q.y, z: -q.z, w: q.w });

/** outer ∘ inner: first `inner`, then `outer` (outer must be rigid; inner's quaternion is kept as is). */
export function compose(outer: Pose, inner: Pose): Pose {
  const r = rotate(outer.q, inner.t);
  return { q: quat.multiply(outer.q, inner.q), t: { x: r.x + outer.t.x, y: r.y + outer.t.y, z: r.z + outer.t.z } };
}

/** inv(rigid) ∘ p, computed as R^T·(p.t − t) so large global coordinates cancel before rotating. */
export function relativeTo(frame: Pose, p: Pose): Pose {
  const c = conj(frame.q);
  return { q: quat.multiply(c, p.q), t: rotate(c, { x: p.t.x - frame.t.x, y: p.t.y - frame.t.y, z: p.t.z - frame.t.z }) };
}

/** Named quaternion → nuScenes [w, x, y, z]. */
export const toWXYZ = (q: Quaternion): [number, number, number, number] => [q.w, q.x, q.y, q.z];
/** Named vector → [x, y, z]. */
export const toXYZ = (v: Vec3): [number, number, number] => [v.x, v.y, v.z];
