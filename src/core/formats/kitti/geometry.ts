/**
 * KITTI calibration → scene calibration, and KITTI label boxes ↔ scene cuboids.
 *
 * Frames (all right-handed, metres):
 * - `velodyne`: x forward, y left, z up (the LiDAR).
 * - `camera_0`: unrectified reference grey camera, x right, y down, z forward.
 * - `camera_0_rect`: rectified camera 0; KITTI labels live here.
 * - `camera_2`: left colour camera; P2 = K·[I | t] with t = K⁻¹·P2[:,3], so X_camera_2 = X_camera_0_rect + t.
 *
 * Transforms (X_to = T · X_from): `T_camera_0_from_velodyne` = Tr_velo_to_cam,
 * `T_camera_0_rect_from_camera_0` = R0_rect, `T_camera_0_rect_from_camera_2` = translation(−t).
 *
 * Cuboid convention (scene schema): `center` is the box centre, `size.l` along the object's x,
 * `size.w` along its y, `size.h` along its z, `rotation` object → sensor. KITTI's object frame
 * (devkit corners) has x = length, y = down (height, bottom face at y = 0), z = width, rotated
 * by rotation_y about camera Y. Our object frame is x_obj = x_kitti, y_obj = z_kitti,
 * z_obj = −y_kitti (up), i.e. R_rect_from_obj = R_y(ry) · C with C = [[1,0,0],[0,0,−1],[0,1,0]].
 */
import { mat4, quat, type Mat4 } from '../../math';
import type { CameraIntrinsics, Transform } from '../../schema';
import type { KittiCalib } from './calib';
import type { KittiLabel } from './labels';

/** Default KITTI colour image size (pixels); real images vary by a few pixels per drive. */
export const KITTI_DEFAULT_SIZE = { width: 1242, height: 375 } as const;

export const FRAMES = { velodyne: 'velodyne', camera0: 'camera_0', rect: 'camera_0_rect', camera2: 'camera_2' } as const;

/** Pinhole intrinsics of camera 2 from P2 (no distortion: KITTI images are rectified). */
export function intrinsicsFromP2(P2: readonly number[], size: { width: number; height: number } = KITTI_DEFAULT_SIZE): CameraIntrinsics {
  return { width: size.width, height: size.height, fx: P2[0], skew: P2[1], cx: P2[2], fy: P2[5], cy: P2[6], distortion: { model: 'none' } };
}

/** t = K⁻¹ · P[:,3] (metres): camera 2's origin offset so that X_camera_2 = X_camera_0_rect + t. */
export function cameraOffsetFromP(P: readonly number[]): [number, number, number] {
  const fx = P[0], s = P[1], cx = P[2], fy = P[5], cy = P[6];
  const tz = P[11];
  const ty = (P[7] - cy * tz) / fy;
  const tx = (P[3] - s * ty - cx * tz) / fx;
  return [tx, ty, tz];
}

const matrixTransform = (from: string, to: string, m: Mat4): Transform => ({ from, to, repr: { kind: 'matrix4x4', rowMajor: Array.from(m) } });

/** The three KITTI transforms of one calibration file, in the order velodyne→camera_0, camera_0→rect, camera_2→rect. */
export function kittiTransforms(calib: KittiCalib): { veloToCam0: Transform; cam0ToRect: Transform; cam2ToRect: Transform } {
  const [tx, ty, tz] = cameraOffsetFromP(calib.P2);
  return {
    veloToCam0: matrixTransform(FRAMES.velodyne, FRAMES.camera0, mat4.fromRowMajor(calib.Tr_velo_to_cam)),
    cam0ToRect: matrixTransform(FRAMES.camera0, FRAMES.rect, mat4.fromMat3(calib.R0_rect)),
    cam2ToRect: matrixTransform(FRAMES.camera2, FRAMES.rect, mat4.translation(-tx, -ty, -tz)),
  };
}

/** T_camera_0_rect_from_velodyne = R0_rect(4×4) · Tr_velo_to_cam(4×4), the devkit chain. */
export const rectFromVelodyne = (calib: KittiCalib): Mat4 => mat4.mul(mat4.fromMat3(calib.R0_rect), mat4.fromRowMajor(calib.Tr_velo_to_cam));

/** C: our object axes expressed in KITTI's object axes (see module doc). */
const C = mat4.fromMat3([1, 0, 0, 0, 0, -1, 0, 1, 0]);
const C_INV = mat4.invert(C);

/** R_y(ry): rotation about camera Y (devkit convention). */
export const rotY = (ry: number): Mat4 => {
  const c = Math.cos(ry), s = Math.sin(ry);
  return mat4.fromMat3([c, 0, s, 0, 1, 0, -s, 0, c]);
};

export interface CuboidGeometry {
  center: { x: number; y: number; z: number };
  size: { l: number; w: number; h: number };
  rotation: { x: number; y: number; z: number; w: number };
}

/**
 * A KITTI label's 3D box (rectified camera-0 frame, bottom-face centre) → a cuboid in the
 * velodyne frame: centre = location − h/2 along camera y, mapped through inv(R0_rect·Tr_velo_to_cam);
 * rotation = R_velo_from_rect · R_y(ry) · C as a unit quaternion.
 */
export function labelToVelodyneCuboid(label: KittiLabel, velodyneFromRect: Mat4): CuboidGeometry {
  const { x, y, z } = label.location;
  const { h, w, l } = label.dimensions;
  const c = mat4.applyToPoint(velodyneFromRect, x, y - h / 2, z);
  const R = mat4.mul(velodyneFromRect, mat4.mul(rotY(label.rotationY), C));
  const q = quat.fromMat4(R);
  return { center: { x: c[0], y: c[1], z: c[2] }, size: { l, w, h }, rotation: { x: q.x, y: q.y, z: q.z, w: q.w } };
}

/**
 * Inverse of {@link labelToVelodyneCuboid}: a velodyne-frame cuboid → KITTI location (bottom-face
 * centre, rectified camera frame), dimensions and rotation_y (the yaw of the box about camera Y,
 * wrapped to [−π, π]).
 */
export function velodyneCuboidToLabelBox(cuboid: CuboidGeometry, rectFromVelo: Mat4): Pick<KittiLabel, 'dimensions' | 'location' | 'rotationY'> {
  const { x, y, z } = cuboid.center;
  const c = mat4.applyToPoint(rectFromVelo, x, y, z);
  const { l, w, h } = cuboid.size;
  const R = mat4.mul(mat4.mul(rectFromVelo, quat.toMat4(cuboid.rotation)), C_INV);
  // R ≈ R_y(ry) = [[cos, 0, sin], [0, 1, 0], [−sin, 0, cos]]
  const rotationY = Math.atan2(R[2] - R[8], R[0] + R[10]);
  return { dimensions: { h, w, l }, location: { x: c[0], y: c[1] + h / 2, z: c[2] }, rotationY };
}

/** The 8 corners (devkit order) of a KITTI label box in the rectified camera frame, as 24 interleaved numbers. */
export function kittiCorners(label: Pick<KittiLabel, 'dimensions' | 'location' | 'rotationY'>): Float64Array {
  const { h, w, l } = label.dimensions;
  const xs = [l / 2, l / 2, -l / 2, -l / 2, l / 2, l / 2, -l / 2, -l / 2];
  const ys = [0, 0, 0, 0, -h, -h, -h, -h];
  const zs = [w / 2, -w / 2, -w / 2, w / 2, w / 2, -w / 2, -w / 2, w / 2];
  const m = rotY(label.rotationY);
  const out = new Float64Array(24);
  for (let i = 0; i < 8; i++) {
    const p = mat4.applyToPoint(m, xs[i], ys[i], zs[i]);
    out[3 * i] = p[0] + label.location.x;
    out[3 * i + 1] = p[1] + label.location.y;
    out[3 * i + 2] = p[2] + label.location.z;
  }
  return out;
}
