/**
 * Cuboid geometry in the frame it was given (metres): `center`, `size` {l along the object's x,
 * w along y, h along z} and `rotation` (object → frame, unit quaternion) — the schema's cuboid fields.
 *
 * Corner order (object frame, x forward, y left, z up), indices 0..7:
 *   bottom (z = -h/2): 0 (+x,+y), 1 (+x,-y), 2 (-x,-y), 3 (-x,+y)
 *   top    (z = +h/2): 4 (+x,+y), 5 (+x,-y), 6 (-x,-y), 7 (-x,+y)
 * So corners 0,1,4,5 form the front face (+x) and corner i+4 sits above corner i.
 */
import { mat4, quat, type Mat4 } from '../math';
import { hypot4 } from '../math/hypot';
import type { Quaternion, Vec3 } from '../schema';

export interface CuboidGeometry {
  center: Vec3;
  size: { l: number; w: number; h: number };
  rotation: Quaternion;
}

/** The 12 edges as corner index pairs: bottom loop, top loop, verticals. */
export const CUBOID_EDGES: readonly (readonly [number, number])[] = [
  [0, 1], [1, 2], [2, 3], [3, 0], [4, 5], [5, 6], [6, 7], [7, 4], [0, 4], [1, 5], [2, 6], [3, 7],
];
/** The 6 faces, corners counter-clockwise seen from outside. */
export const CUBOID_FACES = {
  front: [0, 1, 5, 4], back: [2, 3, 7, 6], left: [3, 0, 4, 7], right: [1, 2, 6, 5], bottom: [0, 3, 2, 1], top: [4, 5, 6, 7],
} as const;

const SX = [1, 1, -1, -1, 1, 1, -1, -1], SY = [1, -1, -1, 1, 1, -1, -1, 1], SZ = [-1, -1, -1, -1, 1, 1, 1, 1];

/** Object → frame pose as a row-major 4x4. */
export const cuboidPose = (g: CuboidGeometry): Mat4 => quat.toMat4(g.rotation, g.center);

/**
 * The 8 corners, xyz interleaved (24 numbers), in the cuboid's frame or mapped by `m` (X' = m · X).
 * Allocation-free when `out` is passed (hot path of cuboid → box).
 */
export function cuboidCorners(g: CuboidGeometry, m?: Mat4, out: Float64Array = new Float64Array(24)): Float64Array {
  cuboidAxes(g, AXES);
  return cornersFromAxes(AXES, m, out);
}
const AXES = new Float64Array(12);

/**
 * The first half of `cuboidCorners(g, m, out)` (split so that a cuboid seen by several cameras is
 * normalised once: the axes per cuboid, the corners per camera transform): the object axes scaled by the half sizes and the
 * centre, into `out` (ax ay az bx by bz cx cy cz ox oy oz). Throws cuboidCorners' error on a zero
 * or non-finite rotation.
 */
export function cuboidAxes(g: CuboidGeometry, out: Float64Array): void {
  const { x: qx0, y: qy0, z: qz0, w: qw0 } = g.rotation;
  const qn = hypot4(qx0, qy0, qz0, qw0);
  if (!(qn > 1e-12) || !Number.isFinite(qn)) throw new Error(ROTATION_ERROR);
  axesOf(qx0 / qn, qy0 / qn, qz0 / qn, qw0 / qn, g.size.l, g.size.w, g.size.h, g.center.x, g.center.y, g.center.z, out);
}

const ROTATION_ERROR = 'cuboid rotation has zero or non-finite norm';

/** cuboidAxes from the unit quaternion (x y z w), the sizes and the centre: the one copy of its arithmetic. */
function axesOf(x: number, y: number, z: number, w: number, l: number, wd: number, h: number, cx: number, cy: number, cz: number, out: Float64Array): void {
  const hl = l / 2, hw = wd / 2, hh = h / 2;
  out[0] = (1 - 2 * (y * y + z * z)) * hl; out[1] = 2 * (x * y + z * w) * hl; out[2] = 2 * (x * z - y * w) * hl;
  out[3] = 2 * (x * y - z * w) * hw; out[4] = (1 - 2 * (x * x + z * z)) * hw; out[5] = 2 * (y * z + x * w) * hw;
  out[6] = 2 * (x * z + y * w) * hh; out[7] = 2 * (y * z - x * w) * hh; out[8] = (1 - 2 * (x * x + y * y)) * hh;
  out[9] = cx; out[10] = cy; out[11] = cz;
}

/**
 * Cuboids packed for batch kernels (QA projects and counts 10k cuboids per run): per cuboid
 * CUBOID_STRIDE floats — centre x y z, size l w h, the rotation normalised (x y z w, each divided by
 * the norm) and the norm itself (hypot4 of the raw quaternion, so each reader applies its own
 * validity rule) — read once from the records instead of once per kernel. `unreadable` lists the
 * records that threw when read (malformed); a reader goes back to the record for those, so that it
 * throws what it always threw.
 */
export interface PackedCuboids {
  cuboids: readonly CuboidGeometry[];
  data: Float64Array;
  unreadable?: Set<number>;
}

export const CUBOID_STRIDE = 11;

export function packCuboids(cuboids: readonly CuboidGeometry[], data: Float64Array = new Float64Array(CUBOID_STRIDE * cuboids.length)): PackedCuboids {
  let unreadable: Set<number> | undefined;
  for (let k = 0; k < cuboids.length; k++) {
    const o = CUBOID_STRIDE * k;
    try {
      const g = cuboids[k], q = g.rotation, c = g.center, s = g.size;
      const qn = hypot4(q.x, q.y, q.z, q.w);
      data[o] = c.x; data[o + 1] = c.y; data[o + 2] = c.z;
      data[o + 3] = s.l; data[o + 4] = s.w; data[o + 5] = s.h;
      data[o + 6] = q.x / qn; data[o + 7] = q.y / qn; data[o + 8] = q.z / qn; data[o + 9] = q.w / qn;
      data[o + 10] = qn;
    } catch {
      data[o + 10] = NaN;
      (unreadable ??= new Set()).add(k);
    }
  }
  return unreadable ? { cuboids, data, unreadable } : { cuboids, data };
}

/** cuboidAxes of packed cuboid `k`: the same numbers, or the same error. */
export function packedCuboidAxes(p: PackedCuboids, k: number, out: Float64Array): void {
  if (p.unreadable?.has(k)) return cuboidAxes(p.cuboids[k], out);
  const d = p.data, o = CUBOID_STRIDE * k, qn = d[o + 10];
  if (!(qn > 1e-12) || !Number.isFinite(qn)) throw new Error(ROTATION_ERROR);
  axesOf(d[o + 6], d[o + 7], d[o + 8], d[o + 9], d[o + 3], d[o + 4], d[o + 5], d[o], d[o + 1], d[o + 2], out);
}

/** The second half of `cuboidCorners(g, m, out)`: the 8 corners (xyz interleaved) of cuboidAxes' `a`, mapped by `m` when given. */
export function cornersFromAxes(a: Float64Array, m: Mat4 | undefined, out: Float64Array): Float64Array {
  let ax = a[0], ay = a[1], az = a[2], bx = a[3], by = a[4], bz = a[5], cx = a[6], cy = a[7], cz = a[8], ox = a[9], oy = a[10], oz = a[11];
  if (m) {
    const m0 = m[0], m1 = m[1], m2 = m[2], m4 = m[4], m5 = m[5], m6 = m[6], m8 = m[8], m9 = m[9], m10 = m[10];
    let px = ax, py = ay, pz = az;
    ax = m0 * px + m1 * py + m2 * pz; ay = m4 * px + m5 * py + m6 * pz; az = m8 * px + m9 * py + m10 * pz;
    px = bx; py = by; pz = bz;
    bx = m0 * px + m1 * py + m2 * pz; by = m4 * px + m5 * py + m6 * pz; bz = m8 * px + m9 * py + m10 * pz;
    px = cx; py = cy; pz = cz;
    cx = m0 * px + m1 * py + m2 * pz; cy = m4 * px + m5 * py + m6 * pz; cz = m8 * px + m9 * py + m10 * pz;
    px = ox; py = oy; pz = oz;
    ox = m0 * px + m1 * py + m2 * pz + m[3]; oy = m4 * px + m5 * py + m6 * pz + m[7]; oz = m8 * px + m9 * py + m10 * pz + m[11];
  }
  for (let i = 0; i < 8; i++) {
    const sx = SX[i], sy = SY[i], sz = SZ[i];
    out[3 * i] = ox + sx * ax + sy * bx + sz * cx;
    out[3 * i + 1] = oy + sx * ay + sy * by + sz * cy;
    out[3 * i + 2] = oz + sx * az + sy * bz + sz * cz;
  }
  return out;
}

/** Re-express a cuboid in another frame: `m` = T_new_from_old (rigid; its rotation is re-orthonormalised via the quaternion). */
export function transformCuboid(g: CuboidGeometry, m: Mat4): CuboidGeometry {
  const pose = mat4.mul(m, cuboidPose(g));
  return { center: { x: pose[3], y: pose[7], z: pose[11] }, size: { ...g.size }, rotation: quat.fromMat4(pose) };
}

/**
 * KITTI label (camera_0_rect frame, x right, y down, z forward): dimensions h w l, `location` the
 * bottom-face centre, `rotationY` about the camera's y axis. Object x (length) = (cos ry, 0, -sin ry),
 * object z (up) = -y_camera: the devkit's corners exactly.
 */
export function cuboidFromKitti(dims: { h: number; w: number; l: number }, location: ArrayLike<number>, rotationY: number): CuboidGeometry {
  const c = Math.cos(rotationY), s = Math.sin(rotationY);
  // columns: x_obj = (c,0,-s), y_obj = (s,0,c), z_obj = (0,-1,0)
  const r = new Float64Array([c, s, 0, 0, 0, 0, -1, 0, -s, c, 0, 0, 0, 0, 0, 1]);
  return {
    center: { x: location[0], y: location[1] - dims.h / 2, z: location[2] },
    size: { l: dims.l, w: dims.w, h: dims.h },
    rotation: quat.fromMat4(r),
  };
}

/** nuScenes box: centre, size [w, l, h], rotation quaternion [w, x, y, z]. */
export function cuboidFromNuScenes(center: ArrayLike<number>, wlh: ArrayLike<number>, qWXYZ: ArrayLike<number>): CuboidGeometry {
  return { center: { x: center[0], y: center[1], z: center[2] }, size: { l: wlh[1], w: wlh[0], h: wlh[2] }, rotation: quat.fromWXYZ(qWXYZ) };
}

/** OpenLABEL cuboid `val`: [x, y, z, qx, qy, qz, qw, sx, sy, sz] (sx = length along the object's x). */
export function cuboidFromOpenLabel(val: ArrayLike<number>): CuboidGeometry {
  if (val.length !== 10) throw new Error(`an OpenLABEL quaternion cuboid needs 10 numbers, got ${val.length}`);
  return { center: { x: val[0], y: val[1], z: val[2] }, size: { l: val[7], w: val[8], h: val[9] }, rotation: quat.fromXYZW([val[3], val[4], val[5], val[6]]) };
}

/** mmdet3d LiDAR box [x, y, z_bottom, dx, dy, dz, yaw]: dx = length along heading, yaw about +z. */
export function cuboidFromMmdet3dLidar(b: ArrayLike<number>): CuboidGeometry {
  return { center: { x: b[0], y: b[1], z: b[2] + b[5] / 2 }, size: { l: b[3], w: b[4], h: b[5] }, rotation: quat.fromYaw(b[6]) };
}

/**
 * Count the points of a sweep inside each cuboid (boundary inclusive). `positions` holds x y z at
 * offsets 0..2 of every `stride` floats (e.g. 4 for KITTI x y z r). One pass per cuboid, no objects.
 */
export function countPointsInCuboids(cuboids: readonly CuboidGeometry[], positions: Float32Array, stride = 3): Uint32Array {
  const out = new Uint32Array(cuboids.length);
  const n = Math.floor(positions.length / stride);
  cuboids.forEach((g, k) => {
    const p = cuboidPose(g); // columns are the object axes in the frame
    const r00 = p[0], r10 = p[4], r20 = p[8], r01 = p[1], r11 = p[5], r21 = p[9], r02 = p[2], r12 = p[6], r22 = p[10];
    const cx = p[3], cy = p[7], cz = p[11], hl = g.size.l / 2, hw = g.size.w / 2, hh = g.size.h / 2;
    let count = 0;
    for (let i = 0, o = 0; i < n; i++, o += stride) {
      const dx = positions[o] - cx, dy = positions[o + 1] - cy, dz = positions[o + 2] - cz;
      if (Math.abs(r00 * dx + r10 * dy + r20 * dz) <= hl && Math.abs(r01 * dx + r11 * dy + r21 * dz) <= hw && Math.abs(r02 * dx + r12 * dy + r22 * dz) <= hh) count++;
    }
    out[k] = count;
  });
  return out;
}

export const countPointsInCuboid = (g: CuboidGeometry, positions: Float32Array, stride = 3): number => countPointsInCuboids([g], positions, stride)[0];
