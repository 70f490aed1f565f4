/**
 * A yaw-only cuboid's local frame: u along its length (+x of the object), v along its width (+y),
 * w up (+z), origin at its centre. Used by the sub-views (nearby points, edge drags).
 */
import type { CuboidGeometry } from './fitCuboid';
import { yawOf } from '../math/quaternion';

/** Points within `margin` of the cuboid, in its local frame (u, v, w interleaved), at most `max` of them (even stride sampling). */
export function nearbyPointsLocal(positions: Float32Array, count: number, stride: number, g: CuboidGeometry, margin: number, max = 5000): Float32Array {
  const yaw = yawOf(g.rotation);
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  const hu = g.size.l / 2 + margin;
  const hv = g.size.w / 2 + margin;
  const hw = g.size.h / 2 + margin;
  const tmp: number[] = [];
  for (let i = 0, k = 0; i < count; i++, k += stride) {
    const dx = positions[k] - g.center.x;
    const dy = positions[k + 1] - g.center.y;
    const w = positions[k + 2] - g.center.z;
    if (!(w >= -hw && w <= hw)) continue; // NaN points (organized clouds) are outside
    const u = c * dx + s * dy;
    if (!(u >= -hu && u <= hu)) continue;
    const v = -s * dx + c * dy;
    if (!(v >= -hv && v <= hv)) continue;
    tmp.push(u, v, w);
  }
  const n = tmp.length / 3;
  if (n <= max) return new Float32Array(tmp);
  const out = new Float32Array(max * 3);
  for (let j = 0; j < max; j++) {
    const i = Math.floor((j * n) / max);
    out[3 * j] = tmp[3 * i];
    out[3 * j + 1] = tmp[3 * i + 1];
    out[3 * j + 2] = tmp[3 * i + 2];
  }
  return out;
}

export type Axis = 'u' | 'v' | 'w';

/**
 * Move one face of the cuboid to local coordinate `to` along `axis` (the opposite face stays):
 * returns the new size and centre (world frame). Sizes never go below `minSize`.
 */
export function moveFace(g: CuboidGeometry, axis: Axis, side: 1 | -1, to: number, minSize = 0.1): Pick<CuboidGeometry, 'center' | 'size'> {
  const half = axis === 'u' ? g.size.l / 2 : axis === 'v' ? g.size.w / 2 : g.size.h / 2;
  const opposite = -side * half;
  const target = side > 0 ? Math.max(to, opposite + minSize) : Math.min(to, opposite - minSize);
  const size = Math.abs(target - opposite);
  const mid = (target + opposite) / 2;
  const yaw = yawOf(g.rotation);
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  const du = axis === 'u' ? mid : 0;
  const dv = axis === 'v' ? mid : 0;
  const dw = axis === 'w' ? mid : 0;
  return {
    center: { x: g.center.x + c * du - s * dv, y: g.center.y + s * du + c * dv, z: g.center.z + dw },
    size: { l: axis === 'u' ? size : g.size.l, w: axis === 'v' ? size : g.size.w, h: axis === 'w' ? size : g.size.h },
  };
}
