/**
 * Fitting cuboids to a LiDAR sweep for the annotation tools, on typed arrays in one pass each.
 * Frames: everything here is in the LiDAR sensor frame (x forward, y left, z up, metres);
 * footprints are yaw-only rectangles on the ground (roll = pitch = 0).
 */
import type { Cuboid } from '../schema';
import { fromYaw, yawOf } from '../math/quaternion';

export interface Footprint {
  /** Centre of the rectangle on the ground plane. */
  cx: number;
  cy: number;
  /** Extent along the object's own x (length) and y (width), metres. */
  l: number;
  w: number;
  /** Rotation about +z, radians. */
  yaw: number;
}

export type CuboidGeometry = Pick<Cuboid, 'center' | 'size' | 'rotation'>;

export interface FitOptions {
  /** Points lower than ground + this are ground, not object (m). */
  groundClearance?: number;
  /** Neighbourhood radius around the footprint used to estimate the ground height (m). */
  groundRadius?: number;
  /** Height used when the footprint holds no object points (m). */
  defaultHeight?: number;
  /** Smallest size on any axis (m). */
  minSize?: number;
}

const DEFAULTS: Required<FitOptions> = { groundClearance: 0.2, groundRadius: 4, defaultHeight: 1.5, minSize: 0.1 };

/** Point positions: xyz interleaved with a stride in floats (3 for positions arrays, 4 for KITTI .bin). */
export interface Sweep {
  positions: Float32Array;
  count: number;
  stride?: number;
}

/** The 10th percentile of z of the points within `radius` of (cx, cy): a robust local ground height. */
export function estimateGroundZ(sweep: Sweep, cx: number, cy: number, radius: number): number | undefined {
  const { positions: p, count } = sweep;
  const s = sweep.stride ?? 3;
  const r2 = radius * radius;
  const zs: number[] = [];
  for (let i = 0, o = 0; i < count; i++, o += s) {
    const dx = p[o] - cx;
    const dy = p[o + 1] - cy;
    if (dx * dx + dy * dy <= r2 && Number.isFinite(p[o + 2])) zs.push(p[o + 2]);
  }
  if (zs.length < 5) return undefined;
  zs.sort((a, b) => a - b);
  return zs[Math.floor(zs.length * 0.1)];
}

/**
 * A cuboid over a footprint, its z extent fitted to the non-ground points inside the footprint:
 * bottom at the local ground, top at the highest object point. Without object points the cuboid
 * stands on the ground with `defaultHeight`.
 */
export function fitCuboidToFootprint(sweep: Sweep, fp: Footprint, options: FitOptions = {}): CuboidGeometry & { pointsInside: number } {
  const o = { ...DEFAULTS, ...options };
  const ground = estimateGroundZ(sweep, fp.cx, fp.cy, Math.max(o.groundRadius, Math.hypot(fp.l, fp.w))) ?? 0;
  const c = Math.cos(fp.yaw);
  const s = Math.sin(fp.yaw);
  const hl = fp.l / 2;
  const hw = fp.w / 2;
  const { positions: p, count } = sweep;
  const stride = sweep.stride ?? 3;
  let top = -Infinity;
  let n = 0;
  for (let i = 0, k = 0; i < count; i++, k += stride) {
    const dx = p[k] - fp.cx;
    const dy = p[k + 1] - fp.cy;
    const u = c * dx + s * dy;
    const v = -s * dx + c * dy;
    if (u < -hl || u > hl || v < -hw || v > hw) continue;
    const z = p[k + 2];
    if (!(z > ground + o.groundClearance)) continue;
    n++;
    if (z > top) top = z;
  }
  const h = n > 0 ? Math.max(o.minSize, top - ground) : o.defaultHeight;
  return {
    center: { x: fp.cx, y: fp.cy, z: ground + h / 2 },
    size: { l: Math.max(o.minSize, fp.l), w: Math.max(o.minSize, fp.w), h },
    rotation: fromYaw(fp.yaw),
    pointsInside: n,
  };
}

/**
 * "Fit to points": shrink a cuboid to the tight box (in its own yaw frame) of the non-ground
 * points it contains. Returns undefined when it contains no such points.
 */
export function shrinkToPoints(sweep: Sweep, cuboid: CuboidGeometry, options: FitOptions = {}): CuboidGeometry | undefined {
  const o = { ...DEFAULTS, ...options };
  const yaw = yawOf(cuboid.rotation);
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  const { center, size } = cuboid;
  const ground = estimateGroundZ(sweep, center.x, center.y, Math.max(o.groundRadius, Math.hypot(size.l, size.w)));
  const zFloor = Math.max(center.z - size.h / 2, ground !== undefined ? ground + o.groundClearance : -Infinity);
  const { positions: p, count } = sweep;
  const stride = sweep.stride ?? 3;
  let u0 = Infinity, u1 = -Infinity, v0 = Infinity, v1 = -Infinity, z0 = Infinity, z1 = -Infinity;
  let n = 0;
  for (let i = 0, k = 0; i < count; i++, k += stride) {
    const dx = p[k] - center.x;
    const dy = p[k + 1] - center.y;
    const z = p[k + 2];
    const u = c * dx + s * dy;
    const v = -s * dx + c * dy;
    if (Math.abs(u) > size.l / 2 || Math.abs(v) > size.w / 2 || z > center.z + size.h / 2 || !(z > zFloor)) continue;
    n++;
    if (u < u0) u0 = u;
    if (u > u1) u1 = u;
    if (v < v0) v0 = v;
    if (v > v1) v1 = v;
    if (z < z0) z0 = z;
    if (z > z1) z1 = z;
  }
  if (n === 0) return undefined;
  const um = (u0 + u1) / 2;
  const vm = (v0 + v1) / 2;
  // the bottom stays on the ground when the cuboid was standing on it
  const bottom = ground !== undefined && z0 - ground < o.groundClearance * 2 + 0.3 ? ground : z0;
  return {
    center: { x: center.x + c * um - s * vm, y: center.y + s * um + c * vm, z: (bottom + z1) / 2 },
    size: { l: Math.max(o.minSize, u1 - u0), w: Math.max(o.minSize, v1 - v0), h: Math.max(o.minSize, z1 - bottom) },
    rotation: cuboid.rotation,
  };
}

/** Footprint of the axis-aligned rectangle dragged between two ground points, with a yaw. */
export function footprintFromDrag(a: { x: number; y: number }, b: { x: number; y: number }, yaw = 0): Footprint {
  const cx = (a.x + b.x) / 2;
  const cy = (a.y + b.y) / 2;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  return { cx, cy, l: Math.abs(c * dx + s * dy), w: Math.abs(-s * dx + c * dy), yaw };
}
