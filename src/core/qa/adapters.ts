/**
 * Heavy inputs of the checks, computed from the scene with the projection core: cuboid × camera
 * pairs and their boxes come from core/projection/scene (`forEachCuboidCameraPair`, `projectPair`,
 * `PairCache` — the implementation behind `projectSceneCuboids`, so both give identical boxes), here
 * with calibration failures collected per cuboid and camera instead of thrown. Also sweep projection
 * for frustum counts and grid-accelerated point-in-cuboid counts.
 * Point clouds are not read here: the caller supplies them (QaInputs.cloudOf).
 */
import type { Box2D, CameraSensor, Cuboid, Scene } from '../schema';
import type { Mat4 } from '../math';
import type { CameraModel } from '../calibration/camera';
import type { CuboidGeometry } from '../geometry/cuboid';
import { cornersFromAxes, cuboidAxes } from '../geometry/cuboid';
import { hypot4 } from '../math/hypot';
import { cuboidBoxInto } from '../projection/cuboidBox';
import { allocateSweepProjection, projectSweep, type SweepProjection } from '../projection/sweep';
import { PairCache, sceneCameras, type SceneProjection } from '../projection/scene';
import type { IndexedSample, SampleIndex } from '../projection/sampleIndex';
import { allAnnotations } from '../schema';

export { PairCache };

/**
 * xyz at offsets 0..2 of every `stride` floats (default 3), in the LiDAR sensor's frame, metres,
 * relative to `origin` (a PointCloud's float64 local origin for map/UTM-scale clouds; default 0).
 */
export interface PointsInput {
  positions: Float32Array;
  stride?: number;
  origin?: readonly [number, number, number];
}

/** Optional heavy inputs the caller (CLI, UI worker) supplies. */
export interface QaInputs {
  /** The point cloud of a LiDAR sample, when loaded. */
  cloudOf?: (sensor: string, sample: string) => PointsInput | undefined;
  /** Precomputed cuboid projections (e.g. from `projectSceneCuboids`); computed here when absent. */
  projections?: readonly SceneProjection[];
}

/** Projection of one cuboid into one camera: `box` undefined when the paired sample exists but the cuboid is not visible. */
export interface CuboidInCamera {
  cuboid: string;
  object: string;
  camera: string;
  sample: string;
  projection?: SceneProjection;
}

const key = (...p: string[]): string => p.join('\u0000');

export function frameOfSensor(scene: Scene, id: string): string | undefined {
  const s = scene.sensors.find((x) => x.id === id);
  return s && (s.kind === 'camera' || s.kind === 'lidar') ? s.frame : undefined;
}

/** Projections of one cuboid into every camera with a paired sample, and its calibration failures. */
export interface CuboidProjections {
  items: CuboidInCamera[];
  errors: { cuboid: string; camera: string; message: string }[];
}

/** projectCuboids' result: also the cuboid record of each item (`cuboidOf[i]` is the cuboid of `items[i]`). */
export interface ProjectedCuboids extends CuboidProjections {
  cuboidOf: Cuboid[];
}

/**
 * What stays valid between QA runs while the scene's sensors, transforms and streams and the inputs
 * do not change (live.ts keeps one per environment): the sample index, camera models and transforms,
 * projected sweeps, and per-cuboid results keyed by the (immutable) cuboid record itself — an edit
 * replaces the record, so a stale entry can never be read.
 */
export interface QaMemo {
  samples: SampleIndex;
  cache: PairCache;
  frustum: FrustumCounter;
  projections: WeakMap<Cuboid, CuboidProjections>;
  /** Points inside; null when the cuboid's sample has no cloud. */
  counts: WeakMap<Cuboid, number | null>;
}

interface Paired {
  camera: CameraSensor;
  cameraId: string;
  sample: IndexedSample;
  sampleId: string;
  cam?: CameraModel;
  transform?: Mat4;
  error?: string;
}

/** The cameras paired with one cuboid sample (null: the sample is not in the scene). */
type PairGroup = Paired[] | null;

const NO_ERRORS: CuboidProjections['errors'] = [];

/**
 * Every cuboid × every camera with a paired sample (cuboids on a sensor without a coordinate frame
 * are skipped), in annotation order then sensor order. Calibration failures are returned as
 * `errors` (message naming cuboid and camera) instead of aborting the run. With `given`
 * (precomputed projections), nothing is projected here.
 *
 * The boxes are projectPair's (core/projection/scene, default clip mode): the same cuboidCorners
 * arithmetic (pose.ts: normalised once per cuboid, then per camera) → cuboidBoxInto, with the pairing, camera model and transform resolved once per (cuboid
 * sample, camera) instead of once per cuboid (string keys per pair were most of the cost); the
 * group of the previous cuboid is reused when the next one is on the same sample (cuboids come
 * grouped by sample), so most cuboids cost no map lookup at all.
 * `cuboids` defaults to every cuboid of the scene; `memo` reuses per-cuboid results across runs.
 */
export function projectCuboids(
  scene: Scene,
  index: SampleIndex,
  cache: PairCache,
  given?: readonly SceneProjection[],
  cuboids: readonly Cuboid[] = allAnnotations(scene).filter((a): a is Cuboid => a.kind === 'cuboid'),
  memo?: WeakMap<Cuboid, CuboidProjections>,
): ProjectedCuboids {
  const items: CuboidInCamera[] = [];
  const cuboidOf: Cuboid[] = [];
  const errors: CuboidProjections['errors'] = [];
  const givenBy = given ? new Map(given.map((p) => [key(p.cuboid, p.sensor), p])) : undefined;
  const cameras = sceneCameras(scene);
  const frames = new Map<string, string>();
  for (const s of scene.sensors) if (s.kind === 'camera' || s.kind === 'lidar') frames.set(s.id, s.frame);
  const groups = new Map<string, Map<string, PairGroup>>();
  const axes = new Float64Array(12), corners = new Float64Array(24), out = new Float64Array(5);
  const useMemo = memo && !givenBy ? memo : undefined;
  let lastSensor: string | undefined, lastSample: string | undefined, last: PairGroup = null;
  for (const a of cuboids) {
    if (useMemo) {
      const cached = useMemo.get(a);
      if (cached) {
        for (const it of cached.items) {
          items.push(it);
          cuboidOf.push(a);
        }
        for (const e of cached.errors) errors.push(e);
        continue;
      }
    }
    let g: PairGroup;
    if (a.sample === lastSample && a.sensor === lastSensor) g = last;
    else {
      const frame = frames.get(a.sensor);
      if (frame === undefined) continue;
      let bySample = groups.get(a.sensor);
      if (!bySample) groups.set(a.sensor, (bySample = new Map()));
      let found = bySample.get(a.sample);
      if (found === undefined) {
        found = pairGroup(index, cache, cameras, frame, a.sensor, a.sample, !givenBy);
        bySample.set(a.sample, found);
      }
      g = last = found;
      lastSensor = a.sensor;
      lastSample = a.sample;
    }
    if (!g) continue;
    // cuboidCorners(a, transform) = cornersFromAxes(cuboidAxes(a), transform): the rotation is normalised once per cuboid, not per camera
    let axesError: string | undefined;
    if (!givenBy)
      try {
        cuboidAxes(a, axes);
      } catch (e) {
        axesError = (e as Error).message;
      }
    let mine: CuboidProjections | undefined;
    for (const p of g) {
      const item: CuboidInCamera = { cuboid: a.id, object: a.object, camera: p.cameraId, sample: p.sampleId };
      let error = p.error;
      if (error === undefined)
        try {
          if (givenBy) item.projection = givenBy.get(key(a.id, p.cameraId));
          else if (axesError !== undefined) error = axesError;
          else {
            cornersFromAxes(axes, p.transform, corners);
            if (cuboidBoxInto(corners, p.cam!, out, 0.1, 16))
              item.projection = { object: a.object, cuboid: a.id, sensor: p.cameraId, sample: p.sampleId, box: [out[0], out[1], out[2], out[3]], truncated: out[4] };
          }
        } catch (e) {
          error = (e as Error).message;
        }
      if (error === undefined) {
        items.push(item);
        cuboidOf.push(a);
        if (useMemo) (mine ??= { items: [], errors: NO_ERRORS }).items.push(item);
      } else {
        const err = { cuboid: a.id, camera: p.cameraId, message: error };
        errors.push(err);
        if (useMemo) {
          mine ??= { items: [], errors: NO_ERRORS };
          if (mine.errors === NO_ERRORS) mine.errors = [];
          mine.errors.push(err);
        }
      }
    }
    if (useMemo) useMemo.set(a, mine ?? { items: [], errors: NO_ERRORS });
  }
  return { items, errors, cuboidOf };
}

/** The cameras paired with one cuboid sample, their camera models and transforms (or the calibration error); null when the sample is not in the scene. */
function pairGroup(index: SampleIndex, cache: PairCache, cameras: readonly CameraSensor[], frame: string, sensor: string, sample: string, resolve: boolean): PairGroup {
  const own = index.sample(sensor, sample);
  if (!own) return null;
  const paired: Paired[] = [];
  for (const camera of cameras) {
    const s = index.pair(own, camera.id);
    if (!s) continue;
    const p: Paired = { camera, cameraId: camera.id, sample: s, sampleId: s.sample.id };
    if (resolve)
      try {
        p.cam = cache.camera(camera, s);
        p.transform = cache.transform(frame, own, camera, s);
      } catch (e) {
        p.error = (e as Error).message;
      }
    paired.push(p);
  }
  return paired;
}

/** Grow-only scratch buffers of the point counter (one count at a time per thread; no result is kept in them). */
const scratch = { f64: new Float64Array(0), head: new Int32Array(0), entry: new Int32Array(0), pts: new Int32Array(0) };
const grow = <T extends Float64Array | Int32Array>(a: T, n: number, make: (n: number) => T): T => (a.length >= n ? a : make(Math.max(n, 2 * a.length)));

/**
 * Points inside each cuboid (boundary inclusive, the test of geometry's `countPointsInCuboids`).
 * A uniform x/y grid of `cellSize` m over the cuboids' x/y bounding boxes lists, per cell, the
 * cuboids that may hold a point of it (a linked list per cell); one pass over the sweep keeps the
 * points whose cell lists a cuboid (branch-free compaction: most points are in no cuboid's cell),
 * and a second pass tests each kept point against its cell's cuboids only. A cell is listed for a
 * cuboid when it lies in the cuboid's x/y bounding box and is not separated from it along one of
 * its exactly horizontal axes (two for a yaw-only box), with padding so that rounding never
 * drops a point the exact test accepts. Non-finite points are never inside. The pose is the one
 * of geometry's `cuboidPose` (quaternion normalised, same arithmetic), computed in place; working
 * arrays are reused between calls, so a sweep allocates nothing but its result (`out`, when
 * given, is filled instead).
 */
export function countPointsInCuboidsGrid(cuboids: readonly CuboidGeometry[], positions: Float32Array, stride = 3, cellSize = 1, out: Uint32Array = new Uint32Array(cuboids.length)): Uint32Array {
  const m = cuboids.length;
  out.fill(0, 0, m);
  const n = Math.floor(positions.length / stride);
  if (!m || !n) return out;
  // per cuboid (19 floats): R (9, row-major frame → object, i.e. the pose's rotation transposed),
  // centre (3), half sizes (3), then its x/y box (4, NaN when the cuboid can hold no point)
  const P = (scratch.f64 = grow(scratch.f64, 19 * m, (k) => new Float64Array(k)));
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let k = 0; k < m; k++) {
    const g = cuboids[k], o = 19 * k;
    P[o + 15] = NaN;
    // cuboidPose(g) = quat.toMat4(g.rotation, g.center): normalise (throws like quat.normalize), then the rotation
    const q = g.rotation;
    const qn = hypot4(q.x, q.y, q.z, q.w);
    if (!Number.isFinite(qn) || qn < 1e-12) throw new Error('quaternion has zero or non-finite norm');
    const x = q.x / qn, y = q.y / qn, z = q.z / qn, w = q.w / qn;
    const p0 = 1 - 2 * (y * y + z * z), p1 = 2 * (x * y - z * w), p2 = 2 * (x * z + y * w);
    const p4 = 2 * (x * y + z * w), p5 = 1 - 2 * (x * x + z * z), p6 = 2 * (y * z - x * w);
    const p8 = 2 * (x * z - y * w), p9 = 2 * (y * z + x * w), p10 = 1 - 2 * (x * x + y * y);
    const cx = g.center.x, cy = g.center.y, cz = g.center.z;
    P[o] = p0; P[o + 1] = p4; P[o + 2] = p8; P[o + 3] = p1; P[o + 4] = p5; P[o + 5] = p9; P[o + 6] = p2; P[o + 7] = p6; P[o + 8] = p10;
    P[o + 9] = cx; P[o + 10] = cy; P[o + 11] = cz;
    const hl = (P[o + 12] = g.size.l / 2), hw = (P[o + 13] = g.size.w / 2), hh = (P[o + 14] = g.size.h / 2);
    // half extents along x/y, padded so that rounding never drops a point the exact test accepts
    const ex = (Math.abs(p0) * hl + Math.abs(p1) * hw + Math.abs(p2) * hh) * (1 + 1e-9) + 1e-9;
    const ey = (Math.abs(p4) * hl + Math.abs(p5) * hw + Math.abs(p6) * hh) * (1 + 1e-9) + 1e-9;
    const x0 = cx - ex, x1 = cx + ex, y0 = cy - ey, y1 = cy + ey;
    if (!(Number.isFinite(x0) && Number.isFinite(x1) && Number.isFinite(y0) && Number.isFinite(y1) && Number.isFinite(cz) && hh >= 0)) continue;
    P[o + 15] = x0; P[o + 16] = y0; P[o + 17] = x1; P[o + 18] = y1;
    if (x0 < minX) minX = x0;
    if (x1 > maxX) maxX = x1;
    if (y0 < minY) minY = y0;
    if (y1 > maxY) maxY = y1;
  }
  if (!(maxX >= minX)) return out;
  let cs = cellSize;
  while (((maxX - minX) / cs + 1) * ((maxY - minY) / cs + 1) > 1 << 20) cs *= 2;
  const gx = minX, gy = minY, hx = maxX, hy = maxY;
  const nx = Math.floor((hx - gx) / cs) + 1, ny = Math.floor((hy - gy) / cs) + 1;
  const cells = nx * ny;
  const inv = 1 / cs;
  // a point of cell (i, j) lies in [gx + i·cs, gx + (i+1)·cs] × [gy + j·cs, …] up to rounding: pad
  const pad = 1e-9 * (1 + Math.abs(gx) + Math.abs(gy) + (nx + ny) * cs);
  const head = (scratch.head = grow(scratch.head, cells, (k) => new Int32Array(k)));
  head.fill(-1, 0, cells);
  let entries = 0;
  let entry = scratch.entry;
  for (let k = 0; k < m; k++) {
    const o = 19 * k;
    if (!(P[o + 15] === P[o + 15])) continue;
    // the points' own cell rule (below), so a point inside a cuboid always lands in one of its cells
    const i0 = Math.min(nx - 1, Math.floor((P[o + 15] - gx) * inv)), i1 = Math.min(nx - 1, Math.floor((P[o + 17] - gx) * inv));
    const j0 = Math.min(ny - 1, Math.floor((P[o + 16] - gy) * inv)), j1 = Math.min(ny - 1, Math.floor((P[o + 18] - gy) * inv));
    if (entry.length < 2 * (entries + (i1 - i0 + 1) * (j1 - j0 + 1))) {
      const e = new Int32Array(Math.max(4 * (entries + (i1 - i0 + 1) * (j1 - j0 + 1)), 2 * entry.length));
      e.set(entry.subarray(0, 2 * entries));
      entry = scratch.entry = e;
    }
    for (let j = j0; j <= j1; j++)
      for (let i = i0; i <= i1; i++) {
        if (separated(P, o, gx + i * cs - pad, gx + (i + 1) * cs + pad, gy + j * cs - pad, gy + (j + 1) * cs + pad)) continue;
        const c = i + nx * j;
        entry[2 * entries] = k;
        entry[2 * entries + 1] = head[c];
        head[c] = entries++;
      }
  }
  const pts = (scratch.pts = grow(scratch.pts, 2 * n, (k) => new Int32Array(k)));
  const F = G, N = I;
  F[0] = gx; F[1] = gy; F[2] = hx; F[3] = hy; F[4] = inv;
  N[0] = n; N[1] = stride; N[2] = nx; N[3] = ny;
  const kept = keepPointsInListedCells(positions, F, N, head, pts);
  testKeptPoints(positions, pts, kept, head, entry, P, out);
  return out;
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
 * Pass 1: the offsets of the points whose cell lists a cuboid, with that cell, into `pts` (pairs);
 * returns how many. Branch-free on the cell's emptiness (the write always happens, the count
 * advances by 0 or 1). Its scalars come in typed arrays (F: gx gy hx hy inv; N: n stride nx ny),
 * not as parameters: a number parameter stays tagged in optimised code and is re-checked and
 * unboxed on every use in the loop, a typed-array element is read once as a raw float64 / int32.
 */
function keepPointsInListedCells(positions: Float32Array, F: Float64Array, N: Int32Array, head: Int32Array, pts: Int32Array): number {
  const gx = F[0], gy = F[1], hx = F[2], hy = F[3], inv = F[4];
  const n = N[0], stride = N[1], nx = N[2], ny = N[3];
  let w = 0;
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    const x = positions[o], y = positions[o + 1];
    if (!(x >= gx && x <= hx && y >= gy && y <= hy)) continue;
    // x − gx ≥ 0 here, so truncation is floor; multiplication is monotone like the cuboids' rule
    const cx = ((x - gx) * inv) | 0, cy = ((y - gy) * inv) | 0;
    const c = (cx < nx ? cx : nx - 1) + nx * (cy < ny ? cy : ny - 1);
    pts[2 * w] = o;
    pts[2 * w + 1] = c;
    w += (head[c] >>> 31) ^ 1;
  }
  return w;
}

/** Pass 2: each kept point against the cuboids its cell lists (exact test, branch-free count). */
function testKeptPoints(positions: Float32Array, pts: Int32Array, kept: number, head: Int32Array, entry: Int32Array, P: Float64Array, out: Uint32Array): void {
  for (let r = 0; r < kept; r++) {
    const o = pts[2 * r];
    const x = positions[o], y = positions[o + 1], z = positions[o + 2];
    for (let e = head[pts[2 * r + 1]]; e >= 0; e = entry[2 * e + 1]) {
      const k = entry[2 * e], b = 19 * k;
      const dx = x - P[b + 9], dy = y - P[b + 10], dz = z - P[b + 11];
      out[k] += Number(Math.abs(P[b] * dx + P[b + 1] * dy + P[b + 2] * dz) <= P[b + 12]) & Number(Math.abs(P[b + 3] * dx + P[b + 4] * dy + P[b + 5] * dz) <= P[b + 13]) & Number(Math.abs(P[b + 6] * dx + P[b + 7] * dy + P[b + 8] * dz) <= P[b + 14]);
    }
  }
}

const G = new Float64Array(5);
const I = new Int32Array(4);

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
 * cuboids first in their order, then each sample's cuboids in order of the samples' first cuboid.
 */
export function countCuboidPoints(inputs: QaInputs, cuboids: readonly Cuboid[], memo?: WeakMap<Cuboid, number | null>): CuboidCounts {
  const res: CuboidCounts = { cuboids: [], counts: [] };
  if (!inputs.cloudOf) return res;
  const groups = new Map<string, Map<string, Cuboid[]>>();
  let lastSensor: string | undefined, lastSample: string | undefined, last: Cuboid[] | undefined;
  for (const a of cuboids) {
    if (memo) {
      const c = memo.get(a);
      if (c !== undefined) {
        if (c !== null) {
          res.cuboids.push(a);
          res.counts.push(c);
        }
        continue;
      }
    }
    if (last && a.sample === lastSample && a.sensor === lastSensor) {
      last.push(a);
      continue;
    }
    let bySample = groups.get(a.sensor);
    if (!bySample) groups.set(a.sensor, (bySample = new Map()));
    let g = bySample.get(a.sample);
    if (g) g.push(a);
    else bySample.set(a.sample, (g = [a]));
    last = g;
    lastSensor = a.sensor;
    lastSample = a.sample;
  }
  let n = new Uint32Array(64);
  for (const bySample of groups.values())
    for (const cs of bySample.values()) {
      const cloud = inputs.cloudOf(cs[0].sensor, cs[0].sample);
      if (!cloud) {
        if (memo) for (const c of cs) memo.set(c, null);
        continue;
      }
      const o = cloud.origin;
      const local = o && (o[0] || o[1] || o[2]) ? cs.map((c) => ({ ...c, center: { x: c.center.x - o[0], y: c.center.y - o[1], z: c.center.z - o[2] } })) : cs;
      if (n.length < cs.length) n = new Uint32Array(2 * cs.length);
      countPointsInCuboidsGrid(local, cloud.positions, cloud.stride ?? 3, 2, n);
      for (let i = 0; i < cs.length; i++) {
        res.cuboids.push(cs[i]);
        res.counts.push(n[i]);
        memo?.set(cs[i], n[i]);
      }
    }
  return res;
}

/** Sweeps projected into camera samples, cached per (LiDAR sample, camera sample); counts points inside a box. */
export class FrustumCounter {
  private readonly sweeps = new Map<string, SweepProjection | null>();
  constructor(
    private readonly scene: Scene,
    private readonly cache: PairCache,
    private readonly inputs: QaInputs,
  ) {}

  /** LiDAR points of `lidar` whose projection lies in `box` of the camera sample (depth > near); undefined without a cloud. */
  count(box: Box2D, camera: CameraSensor, cam: IndexedSample, lidar: IndexedSample): number | undefined {
    const k = key(lidar.sensor, lidar.sample.id, camera.id, cam.sample.id);
    let p = this.sweeps.get(k);
    if (p === undefined) {
      const cloud = this.inputs.cloudOf?.(lidar.sensor, lidar.sample.id);
      const frame = frameOfSensor(this.scene, lidar.sensor);
      p = null;
      if (cloud && frame) {
        const stride = cloud.stride ?? 3;
        p = allocateSweepProjection(Math.floor(cloud.positions.length / stride));
        projectSweep(cloud.positions, stride, this.cache.transform(frame, lidar, camera, cam), this.cache.camera(camera, cam), p, 0.1, cloud.origin);
      }
      this.sweeps.set(k, p);
    }
    if (!p) return undefined;
    let n = 0;
    const { u, v, mask } = p;
    for (let i = 0; i < mask.length; i++) if (mask[i] && u[i] >= box.x0 && u[i] <= box.x1 && v[i] >= box.y0 && v[i] <= box.y1) n++;
    return n;
  }
}
