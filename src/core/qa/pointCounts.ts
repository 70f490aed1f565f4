/**
 * LiDAR points inside cuboids (boundary inclusive, the exact test of geometry's
 * `countPointsInCuboids`), one sweep at a time, on typed arrays.
 *
 * The kernel (`countPointsInCuboidsGrid`) reads every point once and does almost nothing for the
 * points that lie in no cuboid's cells (nearly all of them):
 * - each cuboid is transformed once, from its packed geometry (geometry's packCuboids: read from
 *   the record once per run, shared with the projections): its pose (geometry's `cuboidPose`
 *   arithmetic: quaternion normalised with hypot4, same products) as a frame → object rotation,
 *   centre, half sizes, and its padded x/y bounding box and z range;
 * - a uniform x/y grid (cells of `cellSize` m from the cuboids' lowest x/y) lists per cell the
 *   cuboids that may hold a point of it (linked lists in Int32Arrays). Per cuboid and cell row: for
 *   a box whose two horizontal axes are exactly horizontal (yaw only, the usual case) the columns
 *   of its footprint's x extent within the row, computed from the footprint's corners; for a tilted
 *   box the cells between the first and the last one not separated from it along one of its exactly
 *   horizontal axes. Either way a superset of the cells its points can fall in (padded against
 *   rounding);
 * - the grid is a power-of-two table addressed with wrap-around: a point's cell is
 *   `trunc((x − gx) / cs) & (X − 1)`, `trunc((y − gy) / cs) & (Y − 1)` — no range test per point. A
 *   point inside the grid gets its own cell (x − gx ≥ 0, so truncation is floor, and the table is
 *   twice as wide as the grid, so that points just outside it mostly wrap into empty cells); a
 *   point outside it (or NaN, or beyond int32) lands in some cell too, but it is inside no cuboid,
 *   so it can only be a false candidate that the exact test rejects;
 * - pass 1 keeps the offsets of the points whose cell lists a cuboid (branch-free compaction over a
 *   byte table, four points per iteration); pass 2 drops the kept points outside the cuboids' z
 *   range and tests the others against their cell's cuboids only, with the exact test.
 * Working arrays are module-level and grow only (buffers, not results: every call computes from its
 * inputs); the cell tables are left empty after every call, so a sweep allocates nothing but its
 * result (none when `out` is given).
 * `countCuboidPoints` runs the kernel once per LiDAR sample, on the cuboids' indices.
 */
import type { Cuboid, Scene } from '../schema';
import { allAnnotations } from '../schema';
import { CUBOID_STRIDE, packCuboids, type CuboidGeometry, type PackedCuboids } from '../geometry/cuboid';
import { hypot4 } from '../math/hypot';
import type { QaInputs } from './adapters';
import { numberSamples, type CuboidSamples } from './sceneIndex';

/** Floats per cuboid in P: R (9, row-major frame → object: the pose's rotation transposed), centre (3), half sizes (3), x/y box x0 y0 x1 y1 (4, NaN when the cuboid can hold no point). */
const W = 19;
/** Largest cell table (entries); the cell size doubles until the grid fits. */
const MAX_TABLE = 1 << 18;

const scratch: { packed: Float64Array; P: Float64Array; head: Int32Array; occ: Uint8Array; entry: Int32Array; pts: Int32Array } = { packed: new Float64Array(0), P: new Float64Array(0), head: new Int32Array(0), occ: new Uint8Array(0), entry: new Int32Array(0), pts: new Int32Array(0) };
const growF64 = (a: Float64Array, n: number): Float64Array => (a.length >= n ? a : new Float64Array(Math.max(n, 2 * a.length)));
const growI32 = (a: Int32Array, n: number): Int32Array => (a.length >= n ? a : new Int32Array(Math.max(n, 2 * a.length)));
/** Scalars of the passes in typed arrays (read once as raw float64 / int32 in optimised code, where a number parameter is re-checked on every use). */
const F = new Float64Array(5);
const I = new Int32Array(5);

const QUATERNION_ERROR = 'quaternion has zero or non-finite norm';

/** A record packCuboids could not read: read it as the pose does (cuboidPose: rotation, centre, sizes), which throws the same error. */
function readLikeThePose(g: CuboidGeometry): void {
  const q = g.rotation;
  const qn = hypot4(q.x, q.y, q.z, q.w);
  if (!Number.isFinite(qn) || qn < 1e-12) throw new Error(QUATERNION_ERROR);
  void [g.center.x, g.center.y, g.center.z, g.size.l, g.size.w, g.size.h];
}

/** Smallest s with 2^s ≥ v (v ≤ 2^18). */
const log2ceil = (v: number): number => {
  let s = 0;
  while (1 << s < v) s++;
  return s;
};

/**
 * Points inside each cuboid (boundary inclusive; non-finite points are never inside); see the
 * module header. `out[k]` is the count of `cuboids[k]` (`out`, when given, is filled and returned).
 */
export function countPointsInCuboidsGrid(cuboids: readonly CuboidGeometry[], positions: Float32Array, stride = 3, cellSize = 1, out: Uint32Array = new Uint32Array(cuboids.length)): Uint32Array {
  const packed = packCuboids(cuboids, (scratch.packed = growF64(scratch.packed, CUBOID_STRIDE * cuboids.length)));
  return countInto(packed, null, 0, cuboids.length, positions, stride, cellSize, out, 0, 0, 0);
}

/**
 * The kernel over `m` packed cuboids: number `idx[from + k]` (or `from + k` without `idx`) for
 * k < m, `out[k]` its count; (ox, oy, oz) is subtracted from the centres (a cloud's local origin).
 */
function countInto(packed: PackedCuboids, idx: Int32Array | null, from: number, m: number, positions: Float32Array, stride: number, cellSize: number, out: Uint32Array, ox: number, oy: number, oz: number): Uint32Array {
  out.fill(0, 0, m);
  const n = Math.floor(positions.length / stride);
  if (!m || !n) return out;
  const P = (scratch.P = growF64(scratch.P, W * m));
  const d = packed.data;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity, minZ = Infinity, maxZ = -Infinity;
  for (let k = 0; k < m; k++) {
    const j = idx ? idx[from + k] : from + k, b = CUBOID_STRIDE * j, o = W * k;
    P[o + 15] = NaN;
    if (packed.unreadable?.has(j)) {
      readLikeThePose(packed.cuboids[j]);
      continue;
    }
    // cuboidPose(g) = quat.toMat4(g.rotation, g.center): normalise (throws like quat.normalize; the
    // packed rotation is q / hypot4(q)), then the rotation
    const qn = d[b + 10];
    if (!Number.isFinite(qn) || qn < 1e-12) throw new Error(QUATERNION_ERROR);
    const x = d[b + 6], y = d[b + 7], z = d[b + 8], w = d[b + 9];
    const p0 = 1 - 2 * (y * y + z * z), p1 = 2 * (x * y - z * w), p2 = 2 * (x * z + y * w);
    const p4 = 2 * (x * y + z * w), p5 = 1 - 2 * (x * x + z * z), p6 = 2 * (y * z - x * w);
    const p8 = 2 * (x * z - y * w), p9 = 2 * (y * z + x * w), p10 = 1 - 2 * (x * x + y * y);
    const cx = d[b] - ox, cy = d[b + 1] - oy, cz = d[b + 2] - oz;
    P[o] = p0; P[o + 1] = p4; P[o + 2] = p8; P[o + 3] = p1; P[o + 4] = p5; P[o + 5] = p9; P[o + 6] = p2; P[o + 7] = p6; P[o + 8] = p10;
    P[o + 9] = cx; P[o + 10] = cy; P[o + 11] = cz;
    const hl = (P[o + 12] = d[b + 3] / 2), hw = (P[o + 13] = d[b + 4] / 2), hh = (P[o + 14] = d[b + 5] / 2);
    // half extents along x/y, padded so that rounding never drops a point the exact test accepts
    const ex = (Math.abs(p0) * hl + Math.abs(p1) * hw + Math.abs(p2) * hh) * (1 + 1e-9) + 1e-9;
    const ey = (Math.abs(p4) * hl + Math.abs(p5) * hw + Math.abs(p6) * hh) * (1 + 1e-9) + 1e-9;
    const ez = (Math.abs(p8) * hl + Math.abs(p9) * hw + Math.abs(p10) * hh) * (1 + 1e-9) + 1e-9;
    const x0 = cx - ex, x1 = cx + ex, y0 = cy - ey, y1 = cy + ey, z0 = cz - ez, z1 = cz + ez;
    if (!(Number.isFinite(x0) && Number.isFinite(x1) && Number.isFinite(y0) && Number.isFinite(y1) && Number.isFinite(z0) && Number.isFinite(z1) && hh >= 0)) continue;
    if (z0 < minZ) minZ = z0;
    if (z1 > maxZ) maxZ = z1;
    P[o + 15] = x0; P[o + 16] = y0; P[o + 17] = x1; P[o + 18] = y1;
    if (x0 < minX) minX = x0;
    if (x1 > maxX) maxX = x1;
    if (y0 < minY) minY = y0;
    if (y1 > maxY) maxY = y1;
  }
  if (!(maxX >= minX)) return out;
  const gx = minX, gy = minY;
  // cells: i = trunc((x − gx) · inv) — the points' own rule, monotone in x, so a point inside a
  // cuboid (x0 ≤ x ≤ x1) gets a column between the cuboid's i0 and i1; the table (X × Y, powers of
  // two) holds every such column and row: X > trunc((maxX − gx) · inv)
  if (!(Number.isFinite(maxX - gx) && Number.isFinite(maxY - gy))) return bruteForce(P, m, positions, n, stride, out);
  let cs = cellSize, inv = 1 / cs, sx = 0, sy = 0;
  for (;;) {
    inv = 1 / cs;
    // twice the grid, so that points just outside it wrap into cells no cuboid lists
    const nx = 2 * (Math.trunc((maxX - gx) * inv) + 1), ny = 2 * (Math.trunc((maxY - gy) * inv) + 1);
    if (nx * ny <= MAX_TABLE) {
      sx = log2ceil(nx);
      sy = log2ceil(ny);
      if (1 << (sx + sy) <= MAX_TABLE) break;
    }
    cs *= 2;
  }
  const cells = 1 << (sx + sy);
  // a point of cell (i, j) lies in [gx + i·cs, gx + (i+1)·cs] × [gy + j·cs, …] up to rounding: pad
  const pad = 1e-9 * (1 + Math.abs(gx) + Math.abs(gy) + ((1 << sx) + (1 << sy)) * cs);
  let head = scratch.head, occ = scratch.occ;
  if (head.length < cells) {
    head = scratch.head = new Int32Array(Math.max(cells, 2 * head.length));
    head.fill(-1);
    occ = scratch.occ = new Uint8Array(head.length);
  }
  let entry = scratch.entry;
  let entries = 0;
  for (let k = 0; k < m; k++) {
    const o = W * k;
    if (!(P[o + 15] === P[o + 15])) continue;
    const i0 = Math.trunc((P[o + 15] - gx) * inv), i1 = Math.trunc((P[o + 17] - gx) * inv);
    const j0 = Math.trunc((P[o + 16] - gy) * inv), j1 = Math.trunc((P[o + 18] - gy) * inv);
    // both horizontal axes exactly horizontal (a yaw-only box): its footprint is a rectangle, padded like the x/y box
    const flat = P[o + 2] === 0 && P[o + 5] === 0;
    if (flat) footprint(P, o, Q);
    for (let j = j0; j <= j1; j++) {
      const b0 = gy + j * cs - pad, b1 = gy + (j + 1) * cs + pad;
      let a: number, b: number;
      if (flat) {
        // the columns of the footprint's x extent within the row (padded): every point of the row inside the box is there
        if (!bandExtent(Q, b0, b1, X)) continue;
        a = Math.max(i0, Math.trunc((X[0] - pad - gx) * inv));
        b = Math.min(i1, Math.trunc((X[1] + pad - gx) * inv));
        if (a > b) continue;
      } else {
        // the cells of this row not separated from the cuboid form a run: list from the first to the last of them
        a = i0;
        while (a <= i1 && separated(P, o, gx + a * cs - pad, gx + (a + 1) * cs + pad, b0, b1)) a++;
        if (a > i1) continue;
        b = i1;
        while (b > a && separated(P, o, gx + b * cs - pad, gx + (b + 1) * cs + pad, b0, b1)) b--;
      }
      if (entry.length < 3 * (entries + b - a + 1)) {
        const e = new Int32Array(Math.max(3 * (entries + b - a + 1), 2 * entry.length));
        e.set(entry.subarray(0, 3 * entries));
        entry = scratch.entry = e;
      }
      const row = j << sx;
      for (let i = a; i <= b; i++) {
        const c = row | i;
        entry[3 * entries] = k;
        entry[3 * entries + 1] = head[c];
        entry[3 * entries + 2] = c;
        head[c] = entries++;
        occ[c] = 1;
      }
    }
  }
  if (entries) {
    const pts = (scratch.pts = growI32(scratch.pts, n));
    F[0] = gx; F[1] = gy; F[2] = inv; F[3] = minZ; F[4] = maxZ;
    I[0] = n; I[1] = stride; I[2] = (1 << sx) - 1; I[3] = sx; I[4] = (1 << sy) - 1;
    const kept = keepPointsInListedCells(positions, F, I, occ, pts);
    testKeptPoints(positions, F, I, pts, kept, head, entry, P, out);
    // leave the table empty for the next call
    for (let e = 0; e < entries; e++) {
      const c = entry[3 * e + 2];
      head[c] = -1;
      occ[c] = 0;
    }
  }
  return out;
}

/** Every point against every cuboid (extents beyond a grid: coordinates near the float64 limit). */
function bruteForce(P: Float64Array, m: number, positions: Float32Array, n: number, stride: number, out: Uint32Array): Uint32Array {
  for (let k = 0; k < m; k++) {
    const b = W * k;
    if (!(P[b + 15] === P[b + 15])) continue;
    let c = 0;
    for (let i = 0, o = 0; i < n; i++, o += stride) {
      const dx = positions[o] - P[b + 9], dy = positions[o + 1] - P[b + 10], dz = positions[o + 2] - P[b + 11];
      if (Math.abs(P[b] * dx + P[b + 1] * dy + P[b + 2] * dz) <= P[b + 12] && Math.abs(P[b + 3] * dx + P[b + 4] * dy + P[b + 5] * dz) <= P[b + 13] && Math.abs(P[b + 6] * dx + P[b + 7] * dy + P[b + 8] * dz) <= P[b + 14]) c++;
    }
    out[k] = c;
  }
  return out;
}

const Q = new Float64Array(8);
const X = new Float64Array(2);

/**
 * The x/y footprint of a cuboid whose two horizontal axes are exactly horizontal, into Q: its 4
 * corners in order, with the half sizes padded like its x/y box (relative and absolute 1e-9, far
 * above the rounding of the exact test), so that every point the exact test accepts lies inside.
 */
function footprint(P: Float64Array, o: number, Q: Float64Array): void {
  const cx = P[o + 9], cy = P[o + 10];
  const hl = P[o + 12] * (1 + 1e-9) + 1e-9, hw = P[o + 13] * (1 + 1e-9) + 1e-9;
  const ux = P[o] * hl, uy = P[o + 1] * hl, vx = P[o + 3] * hw, vy = P[o + 4] * hw;
  Q[0] = cx + ux + vx; Q[1] = cy + uy + vy;
  Q[2] = cx + ux - vx; Q[3] = cy + uy - vy;
  Q[4] = cx - ux - vx; Q[5] = cy - uy - vy;
  Q[6] = cx - ux + vx; Q[7] = cy - uy + vy;
}

/** The x extent [X[0], X[1]] of the convex quadrilateral Q within the band b0 ≤ y ≤ b1 (its corners there and its edges' crossings of the band's lines); false when they do not meet. */
function bandExtent(Q: Float64Array, b0: number, b1: number, X: Float64Array): boolean {
  let lo = Infinity, hi = -Infinity;
  for (let k = 0; k < 4; k++) {
    const x = Q[2 * k], y = Q[2 * k + 1], n = 2 * ((k + 1) & 3), x2 = Q[n], y2 = Q[n + 1];
    if (y >= b0 && y <= b1) {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    if (y < b0 !== y2 < b0) {
      const xb = x + ((b0 - y) * (x2 - x)) / (y2 - y);
      if (xb < lo) lo = xb;
      if (xb > hi) hi = xb;
    }
    if (y < b1 !== y2 < b1) {
      const xb = x + ((b1 - y) * (x2 - x)) / (y2 - y);
      if (xb < lo) lo = xb;
      if (xb > hi) hi = xb;
    }
  }
  X[0] = lo;
  X[1] = hi;
  return hi >= lo;
}

/**
 * True when no point of the x/y rectangle (any z) can be inside cuboid `o` of P: the rectangle is
 * beyond the half size along one of the cuboid's exactly horizontal axes (with a relative margin
 * far above rounding). Axes with a z component never separate (z is unbounded).
 */
function separated(P: Float64Array, o: number, x0: number, x1: number, y0: number, y1: number): boolean {
  const cx = P[o + 9], cy = P[o + 10];
  const ax = x0 - cx, bx = x1 - cx, ay = y0 - cy, by = y1 - cy;
  for (let r = 0; r < 3; r++) {
    const b = o + 3 * r;
    if (P[b + 2] !== 0) continue;
    const rx = P[b], ry = P[b + 1], h = P[o + 12 + r];
    const lo = (rx > 0 ? rx * ax : rx * bx) + (ry > 0 ? ry * ay : ry * by);
    const hi = (rx > 0 ? rx * bx : rx * ax) + (ry > 0 ? ry * by : ry * ay);
    const tol = 1e-9 * (1 + h + Math.abs(ax) + Math.abs(bx) + Math.abs(ay) + Math.abs(by));
    if (lo > h + tol || hi < -h - tol) return true;
  }
  return false;
}

/**
 * Pass 1: the offsets of the points whose cell lists a cuboid, into `pts`; returns how many.
 * Branch-free: the cell is computed with wrap-around (no range test), the write always happens and
 * the count advances by 0 or 1. Four points per iteration (independent work for the CPU to overlap:
 * ~15% faster than one). F: gx gy inv; I: n stride X−1 log2(X) Y−1.
 */
function keepPointsInListedCells(positions: Float32Array, F: Float64Array, I: Int32Array, occ: Uint8Array, pts: Int32Array): number {
  const gx = F[0], gy = F[1], inv = F[2];
  const n = I[0], stride = I[1], mx = I[2], sx = I[3], my = I[4];
  let w = 0, i = 0, o = 0;
  for (; i + 3 < n; i += 4, o += 4 * stride) {
    const o1 = o + stride, o2 = o1 + stride, o3 = o2 + stride;
    const c0 = ((((positions[o] - gx) * inv) | 0) & mx) | (((((positions[o + 1] - gy) * inv) | 0) & my) << sx);
    const c1 = ((((positions[o1] - gx) * inv) | 0) & mx) | (((((positions[o1 + 1] - gy) * inv) | 0) & my) << sx);
    const c2 = ((((positions[o2] - gx) * inv) | 0) & mx) | (((((positions[o2 + 1] - gy) * inv) | 0) & my) << sx);
    const c3 = ((((positions[o3] - gx) * inv) | 0) & mx) | (((((positions[o3 + 1] - gy) * inv) | 0) & my) << sx);
    pts[w] = o;
    w += occ[c0];
    pts[w] = o1;
    w += occ[c1];
    pts[w] = o2;
    w += occ[c2];
    pts[w] = o3;
    w += occ[c3];
  }
  for (; i < n; i++, o += stride) {
    const c = ((((positions[o] - gx) * inv) | 0) & mx) | (((((positions[o + 1] - gy) * inv) | 0) & my) << sx);
    pts[w] = o;
    w += occ[c];
  }
  return w;
}

/** Pass 2: each kept point against the cuboids its cell lists (the exact test, branch-free count). */
function testKeptPoints(positions: Float32Array, F: Float64Array, I: Int32Array, pts: Int32Array, kept: number, head: Int32Array, entry: Int32Array, P: Float64Array, out: Uint32Array): void {
  const gx = F[0], gy = F[1], inv = F[2], gz = F[3], hz = F[4];
  const mx = I[2], sx = I[3], my = I[4];
  for (let r = 0; r < kept; r++) {
    const o = pts[r];
    const x = positions[o], y = positions[o + 1], z = positions[o + 2];
    if (!(z >= gz && z <= hz)) continue;
    const c = ((((x - gx) * inv) | 0) & mx) | (((((y - gy) * inv) | 0) & my) << sx);
    for (let e = head[c]; e >= 0; e = entry[3 * e + 1]) {
      const k = entry[3 * e], b = W * k;
      const dx = x - P[b + 9], dy = y - P[b + 10], dz = z - P[b + 11];
      out[k] += Number(Math.abs(P[b] * dx + P[b + 1] * dy + P[b + 2] * dz) <= P[b + 12]) & Number(Math.abs(P[b + 3] * dx + P[b + 4] * dy + P[b + 5] * dz) <= P[b + 13]) & Number(Math.abs(P[b + 6] * dx + P[b + 7] * dy + P[b + 8] * dz) <= P[b + 14]);
    }
  }
}

/** Point counts of a run: `counts[i]` points inside `cuboids[i]`, for the cuboids whose sample has a cloud (grouped by sample). */
export interface CuboidCounts {
  cuboids: Cuboid[];
  counts: number[];
}

/**
 * Points inside each cuboid, by cuboid id, for the cuboids whose sample has a cloud (one grid per
 * sweep). `cuboids` defaults to every cuboid of the scene; `memo` reuses counts across runs.
 */
export function cuboidPointCounts(
  scene: Scene,
  inputs: QaInputs,
  cuboids: readonly Cuboid[] = allAnnotations(scene).filter((a): a is Cuboid => a.kind === 'cuboid'),
  memo?: WeakMap<Cuboid, number | null>,
): Map<string, number> {
  return countsById(countCuboidPoints(inputs, cuboids, memo));
}

/** The id → count map of a run's counts (insertion order: the counts' order). */
export function countsById(c: CuboidCounts): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < c.cuboids.length; i++) out.set(c.cuboids[i].id, c.counts[i]);
  return out;
}

/**
 * cuboidPointCounts as parallel lists (the cuboid records themselves, no id lookups): memoised
 * cuboids first in their order, then each sample's cuboids — sensors in order of their first
 * cuboid, and each sensor's samples in order of their first cuboid. One kernel call per sample, on
 * the cuboids' indices (a counting sort by sample number, no array per sample). `samples`
 * (SceneIndex.cuboidSample) saves comparing sensor and sample ids per cuboid.
 */
export function countCuboidPoints(
  inputs: QaInputs,
  cuboids: readonly Cuboid[],
  memo?: WeakMap<Cuboid, number | null>,
  samples: CuboidSamples = numberSamples(cuboids),
  packed?: PackedCuboids,
): CuboidCounts {
  if (!inputs.cloudOf) return { cuboids: [], counts: [] };
  // sized once (at most every cuboid), trimmed at the end
  const res: CuboidCounts = { cuboids: new Array(cuboids.length), counts: new Array(cuboids.length) };
  let w = 0;
  const { of, count } = samples;
  const size = new Int32Array(count), seen = new Uint8Array(count);
  const bySensor = new Map<string, number[]>();
  const left = new Uint8Array(cuboids.length);
  for (let k = 0; k < cuboids.length; k++) {
    const a = cuboids[k];
    if (memo) {
      const c = memo.get(a);
      if (c !== undefined) {
        if (c !== null) {
          res.cuboids[w] = a;
          res.counts[w++] = c;
        }
        continue;
      }
    }
    left[k] = 1;
    const g = of[k];
    size[g]++;
    if (!seen[g]) {
      seen[g] = 1;
      const l = bySensor.get(a.sensor);
      if (l) l.push(g);
      else bySensor.set(a.sensor, [g]);
    }
  }
  const start = new Int32Array(count);
  let total = 0;
  for (const l of bySensor.values())
    for (const g of l) {
      start[g] = total;
      total += size[g];
    }
  const idx = new Int32Array(total), fill = start.slice();
  for (let k = 0; k < cuboids.length; k++) if (left[k]) idx[fill[of[k]]++] = k;
  let n = new Uint32Array(64);
  for (const l of bySensor.values())
    for (const g of l) {
      const from = start[g], m = size[g];
      const a0 = cuboids[idx[from]];
      const cloud = inputs.cloudOf(a0.sensor, a0.sample);
      if (!cloud) {
        if (memo) for (let i = 0; i < m; i++) memo.set(cuboids[idx[from + i]], null);
        continue;
      }
      if (n.length < m) n = new Uint32Array(2 * m);
      const o = cloud.origin;
      packed ??= packCuboids(cuboids);
      if (o && (o[0] || o[1] || o[2])) countInto(packed, idx, from, m, cloud.positions, cloud.stride ?? 3, 1, n, o[0], o[1], o[2]);
      else countInto(packed, idx, from, m, cloud.positions, cloud.stride ?? 3, 1, n, 0, 0, 0);
      for (let i = 0; i < m; i++) {
        const c = cuboids[idx[from + i]];
        res.cuboids[w] = c;
        res.counts[w++] = n[i];
        memo?.set(c, n[i]);
      }
    }
  res.cuboids.length = res.counts.length = w;
  return res;
}
