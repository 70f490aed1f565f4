/**
 * Cuboid → 2D: the tight axis-aligned box of a cuboid in a camera image, and its wireframe.
 * Edges are clipped at the near plane z = `near` (camera frame, metres) and sampled under
 * distortion (straight edges become curves); the box is clamped to the image [0, W] × [0, H]
 * (continuous pixel coordinates). `truncated` = 1 − clamped area / unclamped area of the box of
 * the near-clipped cuboid. See README.md.
 *
 * Display vs export: [0, W] × [0, H] is the clamp for display and for everything stored in a scene
 * (a projected box accepted with projected/accept keeps it: a box truncated at the right edge of a
 * 1242-px image has x1 = 1242). Exporters apply their format's own convention when they write:
 * the KITTI writers (formats/kitti/export.ts clampToKittiImage, object and tracking) clamp to the
 * pixel indices [0, W−1] × [0, H−1] as KITTI's label files do (right = 1241.00, bottom = 374.00 on
 * 1242×375), equal to KITTI's own boxes of truncated objects to 0.01 px
 * (formats/kitti/exportClamp.test.ts).
 */
import { projectPoint, type CameraModel } from '../calibration/camera';
import { CUBOID_EDGES } from '../geometry/cuboid';

export interface BoxOptions {
  /** Near plane in metres (default 0.1). */
  near?: number;
  /** Points per edge under distortion (default 16; a pinhole camera always uses the 2 end points). */
  samplesPerEdge?: number;
  /**
   * `clip` (default): near-plane edge clipping as above. `mmdet3d`: the nuScenes/mmdet3d converter's
   * rule — keep only corners with z > 0, project them, intersect their convex hull with the image,
   * and take that polygon's bounds (no edge clipping, no truncation from the near plane).
   */
  mode?: 'clip' | 'mmdet3d';
}

export interface ProjectedBox {
  box: [number, number, number, number];
  truncated: number;
}

const EA = new Int32Array(CUBOID_EDGES.map((e) => e[0]));
const EB = new Int32Array(CUBOID_EDGES.map((e) => e[1]));
const px = new Float64Array(2);

/**
 * Allocation-free core: `corners` are 24 camera-frame numbers (see geometry/cuboid corner order).
 * Writes [x0, y0, x1, y1, truncated] into `out` and returns true, or false when the cuboid is
 * entirely behind the near plane or entirely outside the image.
 */
export function cuboidBoxInto(corners: ArrayLike<number>, cam: CameraModel, out: Float64Array, near = 0.1, samplesPerEdge = 16): boolean {
  const pinhole = cam.kind === 'pinhole', steps = Math.max(1, samplesPerEdge - 1);
  const fx = cam.fx, fy = cam.fy, pcx = cam.cx, pcy = cam.cy, sk = cam.skew;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  let allInFront = pinhole;
  for (let i = 2; allInFront && i < 24; i += 3) if (!(corners[i] >= near)) allInFront = false;
  if (allInFront) {
    // pinhole, nothing to clip: the 8 corners bound every (straight) edge
    for (let i = 0; i < 24; i += 3) {
      const iz = 1 / corners[i + 2], a = corners[i] * iz, b = corners[i + 1] * iz;
      const u = fx * a + sk * b + pcx, v = fy * b + pcy;
      if (u < x0) x0 = u;
      if (u > x1) x1 = u;
      if (v < y0) y0 = v;
      if (v > y1) y1 = v;
    }
  } else for (let e = 0; e < 12; e++) {
    const a = 3 * EA[e], b = 3 * EB[e];
    let ax = corners[a], ay = corners[a + 1], az = corners[a + 2], bx = corners[b], by = corners[b + 1], bz = corners[b + 2];
    if (az < near && bz < near) continue;
    if (az < near) {
      const t = (near - az) / (bz - az);
      ax += t * (bx - ax); ay += t * (by - ay); az = near;
    } else if (bz < near) {
      const t = (near - bz) / (az - bz);
      bx += t * (ax - bx); by += t * (ay - by); bz = near;
    }
    if (pinhole) {
      // straight edges stay straight: the two (clipped) end points bound the edge
      const ua = fx * (ax / az) + sk * (ay / az) + pcx, va = fy * (ay / az) + pcy, ub = fx * (bx / bz) + sk * (by / bz) + pcx, vb = fy * (by / bz) + pcy;
      if (ua < x0) x0 = ua;
      if (ua > x1) x1 = ua;
      if (va < y0) y0 = va;
      if (va > y1) y1 = va;
      if (ub < x0) x0 = ub;
      if (ub > x1) x1 = ub;
      if (vb < y0) y0 = vb;
      if (vb > y1) y1 = vb;
      continue;
    }
    for (let s = 0; s <= steps; s++) {
      const t = s / steps;
      if (!projectPoint(cam, ax + t * (bx - ax), ay + t * (by - ay), az + t * (bz - az), px)) continue;
      if (px[0] < x0) x0 = px[0];
      if (px[0] > x1) x1 = px[0];
      if (px[1] < y0) y0 = px[1];
      if (px[1] > y1) y1 = px[1];
    }
  }
  if (!(x1 >= x0)) return false;
  const cx0 = Math.max(0, x0), cy0 = Math.max(0, y0), cx1 = Math.min(cam.width, x1), cy1 = Math.min(cam.height, y1);
  if (!(cx1 > cx0 && cy1 > cy0)) return false;
  const full = (x1 - x0) * (y1 - y0);
  out[0] = cx0; out[1] = cy0; out[2] = cx1; out[3] = cy1;
  out[4] = full > 0 ? Math.min(1, Math.max(0, 1 - ((cx1 - cx0) * (cy1 - cy0)) / full)) : 0;
  return true;
}

/** Andrew's monotone chain; `pts` flat [u, v, ...]; returns the hull counter-clockwise, flat. */
function convexHull(pts: number[]): number[] {
  const idx = Array.from({ length: pts.length / 2 }, (_, i) => i).sort((i, j) => pts[2 * i] - pts[2 * j] || pts[2 * i + 1] - pts[2 * j + 1]);
  const cross = (o: number, a: number, b: number) => (pts[2 * a] - pts[2 * o]) * (pts[2 * b + 1] - pts[2 * o + 1]) - (pts[2 * a + 1] - pts[2 * o + 1]) * (pts[2 * b] - pts[2 * o]);
  const build = (order: number[]): number[] => {
    const h: number[] = [];
    for (const p of order) {
      while (h.length >= 2 && cross(h[h.length - 2], h[h.length - 1], p) <= 0) h.pop();
      h.push(p);
    }
    h.pop();
    return h;
  };
  const hull = idx.length < 3 ? idx : [...build(idx), ...build([...idx].reverse())];
  return hull.flatMap((i) => [pts[2 * i], pts[2 * i + 1]]);
}

/** Sutherland–Hodgman: clip a polygon (flat) to the rectangle [0, W] × [0, H]. */
function clipToRect(poly: number[], w: number, h: number): number[] {
  const planes: [number, number, number][] = [[0, 1, 0], [0, -1, w], [1, 1, 0], [1, -1, h]]; // axis, sign, bound: sign*(p[axis]-bound) >= 0
  let cur = poly;
  for (const [axis, sign, bound] of planes) {
    const next: number[] = [];
    const n = cur.length / 2;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      const pi = [cur[2 * i], cur[2 * i + 1]], pj = [cur[2 * j], cur[2 * j + 1]];
      const di = sign * (pi[axis] - bound), dj = sign * (pj[axis] - bound);
      if (di >= 0) next.push(pi[0], pi[1]);
      if (di >= 0 !== dj >= 0) {
        const t = di / (di - dj);
        next.push(pi[0] + t * (pj[0] - pi[0]), pi[1] + t * (pj[1] - pi[1]));
      }
    }
    cur = next;
    if (!cur.length) break;
  }
  return cur;
}

/**
 * The mmdet3d/nuScenes converter's box (see BoxOptions.mode; mmdet3d get_nuscenes_2d_boxes and
 * post_process_coords in mmdet3d/datasets/convert_utils.py). Besides the hull rule, the converter
 * drops a box whose centre (the mean of the corners) has depth ≤ 0, and one whose hull meets the
 * image only in a point or a segment (shapely's intersection is then not a Polygon).
 */
function mmdet3dBox(corners: ArrayLike<number>, cam: CameraModel): ProjectedBox | undefined {
  let depth = 0;
  for (let i = 0; i < 8; i++) depth += corners[3 * i + 2];
  if (!(depth > 0)) return undefined;
  const pts: number[] = [];
  for (let i = 0; i < 8; i++) if (corners[3 * i + 2] > 0 && projectPoint(cam, corners[3 * i], corners[3 * i + 1], corners[3 * i + 2], px)) pts.push(px[0], px[1]);
  if (pts.length < 6) return undefined;
  const poly = clipToRect(convexHull(pts), cam.width, cam.height);
  if (poly.length < 6) return undefined;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, ux0 = Infinity, uy0 = Infinity, ux1 = -Infinity, uy1 = -Infinity;
  for (let i = 0; i < poly.length; i += 2) {
    x0 = Math.min(x0, poly[i]);
    x1 = Math.max(x1, poly[i]);
    y0 = Math.min(y0, poly[i + 1]);
    y1 = Math.max(y1, poly[i + 1]);
  }
  // a convex hull meets the image rectangle in a point or a segment only along the rectangle's edges:
  // zero width or height (1e-6 px allows for the clipping's rounding)
  if (!(x1 - x0 > 1e-6 && y1 - y0 > 1e-6)) return undefined;
  for (let i = 0; i < pts.length; i += 2) {
    ux0 = Math.min(ux0, pts[i]);
    ux1 = Math.max(ux1, pts[i]);
    uy0 = Math.min(uy0, pts[i + 1]);
    uy1 = Math.max(uy1, pts[i + 1]);
  }
  const full = (ux1 - ux0) * (uy1 - uy0);
  return { box: [x0, y0, x1, y1], truncated: full > 0 ? Math.max(0, 1 - ((x1 - x0) * (y1 - y0)) / full) : 0 };
}

/** Tight image box of a cuboid given by its 24 camera-frame corner coordinates; `undefined` when not visible. */
export function cuboidBox(corners: ArrayLike<number>, cam: CameraModel, opts: BoxOptions = {}): ProjectedBox | undefined {
  if (opts.mode === 'mmdet3d') return mmdet3dBox(corners, cam);
  const out = new Float64Array(5);
  if (!cuboidBoxInto(corners, cam, out, opts.near ?? 0.1, opts.samplesPerEdge ?? 16)) return undefined;
  return { box: [out[0], out[1], out[2], out[3]], truncated: out[4] };
}

/**
 * The projected wireframe for drawing: one polyline per visible edge piece, flat [u0, v0, u1, v1, ...]
 * in pixels (not clamped to the image). Edges are near-clipped and sampled like `cuboidBox`; a piece
 * ends where a sample leaves the model's valid field of view.
 */
export function cuboidWireframe(corners: ArrayLike<number>, cam: CameraModel, opts: BoxOptions = {}): number[][] {
  const near = opts.near ?? 0.1, steps = cam.kind === 'pinhole' ? 1 : Math.max(1, (opts.samplesPerEdge ?? 16) - 1);
  const lines: number[][] = [];
  for (let e = 0; e < 12; e++) {
    const a = 3 * EA[e], b = 3 * EB[e];
    let ax = corners[a], ay = corners[a + 1], az = corners[a + 2], bx = corners[b], by = corners[b + 1], bz = corners[b + 2];
    if (az < near && bz < near) continue;
    if (az < near) {
      const t = (near - az) / (bz - az);
      ax += t * (bx - ax);
      ay += t * (by - ay);
      az = near;
    } else if (bz < near) {
      const t = (near - bz) / (az - bz);
      bx += t * (ax - bx);
      by += t * (ay - by);
      bz = near;
    }
    let cur: number[] = [];
    for (let s = 0; s <= steps; s++) {
      const t = s / steps;
      if (projectPoint(cam, ax + t * (bx - ax), ay + t * (by - ay), az + t * (bz - az), px)) cur.push(px[0], px[1]);
      else if (cur.length) {
        if (cur.length >= 4) lines.push(cur);
        cur = [];
      }
    }
    if (cur.length >= 4) lines.push(cur);
  }
  return lines;
}
