/**
 * Large (map / UTM) coordinates in the LiDAR view. three composes every object's model-view
 * matrix in float64 on the CPU but uploads it, and every vertex, as float32; a cloud at
 * y ≈ 4,000,000 m drawn as is would sit on a 0.25–0.5 m float32 grid and jitter as the camera moves.
 * So the view draws in VIEW coordinates = LiDAR-frame (scene) coordinates − a view origin V:
 * - the camera, its controls and the grid live in view coordinates (small numbers);
 * - everything given in scene coordinates (cuboids, handles, the points object) sits in one group at
 *   position −V, so three's float64 matrix product cancels the large part before the upload;
 * - GPU vertex buffers only ever hold small numbers: PointCloud positions are relative to the
 *   cloud's `origin` already (readers shift large float64 input), and float32 input with large
 *   values is re-based on the CPU (`gpuAnchor`) before the upload.
 * V is sticky: it changes only when a cloud lands more than VIEW_ORIGIN_KEEP_M from it, so scrubbing
 * a sequence does not reset the camera; sensor-frame data (KITTI, nuScenes) keeps V = 0 and the
 * view behaves exactly as before.
 */
import { computeBounds, type PointCloud } from '../../core/formats/pointcloud/types';

export type Vec3 = [number, number, number];

/** A view origin is kept while the data stays this close (float32 steps there ≤ 0.25 mm). */
export const VIEW_ORIGIN_KEEP_M = 2048;

export interface ViewFrame {
  /** Scene (LiDAR-frame) coordinates of the view's (0, 0, 0). */
  origin: Vec3;
  /** Where the camera looks at first, in view coordinates. */
  focus: Vec3;
}

/** Sensor-frame data: V = 0, the camera looks 12 m ahead of the sensor. */
export const SENSOR_VIEW: ViewFrame = { origin: [0, 0, 0], focus: [12, 0, 0] };

const ZERO: Vec3 = [0, 0, 0];

/** Mean of up to `samples` evenly spaced finite points of `positions` (no origin added), or null. */
function sampledMean(positions: Float32Array, stride: number, count: number, samples: number): Vec3 | null {
  const step = Math.max(1, Math.floor(count / samples));
  let sx = 0, sy = 0, sz = 0, k = 0;
  for (let i = 0; i < count; i += step) {
    const o = stride * i;
    const x = positions[o], y = positions[o + 1], z = positions[o + 2];
    if (x - x + (y - y) + (z - z) !== 0) continue;
    sx += x;
    sy += y;
    sz += z;
    k++;
  }
  return k ? [sx / k, sy / k, sz / k] : null;
}

/** A cheap centre of the cloud in scene coordinates (sampled mean + origin; O(1024), no bounds pass), or null. */
export function roughCentre(cloud: Pick<PointCloud, 'positions' | 'stride' | 'count' | 'origin'>, samples = 1024): Vec3 | null {
  const m = sampledMean(cloud.positions, cloud.stride, cloud.count, samples);
  if (!m) return null;
  const o = cloud.origin ?? ZERO;
  return [m[0] + o[0], m[1] + o[1], m[2] + o[2]];
}

/**
 * What to subtract from `positions` before they go into a float32 GPU buffer: [0, 0, 0] when they are
 * small already (sensor frames, clouds a reader re-based), else their rough centre rounded to whole
 * metres (float32 input that stores map coordinates as they are). Subtracting a whole number from
 * such a float32 value is exact, so the buffer loses nothing the file had.
 */
export function gpuAnchor(cloud: Pick<PointCloud, 'positions' | 'stride' | 'count'>): Vec3 {
  const m = sampledMean(cloud.positions, cloud.stride, cloud.count, 1024);
  if (!m || Math.max(Math.abs(m[0]), Math.abs(m[1]), Math.abs(m[2])) <= VIEW_ORIGIN_KEEP_M) return ZERO;
  return [Math.round(m[0]), Math.round(m[1]), Math.round(m[2])];
}

/** The view frame after data centred at `centre` (scene coordinates) arrives: `prev` while it stays near, else re-based on it. */
export function nextViewFrame(prev: ViewFrame, centre: Vec3 | null): ViewFrame {
  if (!centre) return prev;
  const o = prev.origin;
  if (Math.max(Math.abs(centre[0] - o[0]), Math.abs(centre[1] - o[1]), Math.abs(centre[2] - o[2])) <= VIEW_ORIGIN_KEEP_M) return prev;
  const origin: Vec3 = [Math.round(centre[0]), Math.round(centre[1]), Math.round(centre[2])];
  return { origin, focus: [centre[0] - origin[0], centre[1] - origin[1], centre[2] - origin[2]] };
}

export const isZero = (v: Readonly<Vec3>): boolean => v[0] === 0 && v[1] === 0 && v[2] === 0;

/**
 * Dense xyz of `positions` minus `anchor` into `out` (computed in float64, stored float32), the GPU
 * staging copy for clouds whose float32 positions are large (see gpuAnchor).
 */
export function copyXyzMinus(positions: Float32Array, stride: number, count: number, anchor: Readonly<Vec3>, out: Float32Array): Float32Array {
  const [ax, ay, az] = anchor;
  for (let i = 0, k = 0, j = 0; i < count; i++, k += stride, j += 3) {
    out[j] = positions[k] - ax;
    out[j + 1] = positions[k + 1] - ay;
    out[j + 2] = positions[k + 2] - az;
  }
  return out;
}

/**
 * Centre and radius of a sphere around the finite points of a dense xyz buffer (its first `count`
 * points): the box of the finite points and its half diagonal. three's computeBoundingSphere takes
 * every value, so one NaN point (organized PCDs, dropped returns) makes the sphere NaN and every
 * raycast (hover, picking) miss the cloud. Null when no point is finite.
 */
export function finiteBoundingSphere(xyz: Float32Array, count: number): { center: Vec3; radius: number } | null {
  const { min, max } = computeBounds(xyz, count, 3);
  if (Number.isNaN(min[0])) return null;
  return { center: [(min[0] + max[0]) / 2, (min[1] + max[1]) / 2, (min[2] + max[2]) / 2], radius: Math.hypot(max[0] - min[0], max[1] - min[1], max[2] - min[2]) / 2 };
}
