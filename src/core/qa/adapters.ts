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
import { cuboidCorners, cuboidPose, type CuboidGeometry } from '../geometry/cuboid';
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
  sample: IndexedSample;
  cam?: CameraModel;
  transform?: Mat4;
  error?: string;
}

/**
 * Every cuboid × every camera with a paired sample (cuboids on a sensor without a coordinate frame
 * are skipped), in annotation order then sensor order. Calibration failures are returned as
 * `errors` (message naming cuboid and camera) instead of aborting the run. With `given`
 * (precomputed projections), nothing is projected here.
 *
 * The boxes are projectPair's (core/projection/scene, default clip mode): the same cuboidCorners →
 * cuboidBoxInto calls, with the pairing, camera model and transform resolved once per (cuboid
 * sample, camera) instead of once per cuboid (string keys per pair were most of the cost).
 * `cuboids` defaults to every cuboid of the scene; `memo` reuses per-cuboid results across runs.
 */
export function projectCuboids(
  scene: Scene,
  index: SampleIndex,
  cache: PairCache,
  given?: readonly SceneProjection[],
  cuboids: readonly Cuboid[] = allAnnotations(scene).filter((a): a is Cuboid => a.kind === 'cuboid'),
  memo?: WeakMap<Cuboid, CuboidProjections>,
): CuboidProjections {
  const items: CuboidInCamera[] = [];
  const errors: CuboidProjections['errors'] = [];
  const givenBy = given ? new Map(given.map((p) => [key(p.cuboid, p.sensor), p])) : undefined;
  const cameras = sceneCameras(scene);
  const frames = new Map<string, string>();
  for (const s of scene.sensors) if (s.kind === 'camera' || s.kind === 'lidar') frames.set(s.id, s.frame);
  const groups = new Map<string, Map<string, { own: IndexedSample; paired: Paired[] } | null>>();
  const corners = new Float64Array(24), out = new Float64Array(5);
  for (const a of cuboids) {
    const cached = !givenBy && memo?.get(a);
    if (cached) {
      for (const it of cached.items) items.push(it);
      for (const e of cached.errors) errors.push(e);
      continue;
    }
    const frame = frames.get(a.sensor);
    if (frame === undefined) continue;
    let bySample = groups.get(a.sensor);
    if (!bySample) groups.set(a.sensor, (bySample = new Map()));
    let g = bySample.get(a.sample);
    if (g === undefined) {
      const own = index.sample(a.sensor, a.sample);
      const paired: Paired[] = [];
      g = own ? { own, paired } : null;
      if (own)
        for (const camera of cameras) {
          const sample = index.pair(own, camera.id);
          if (!sample) continue;
          const p: Paired = { camera, sample };
          if (!givenBy)
            try {
              p.cam = cache.camera(camera, sample);
              p.transform = cache.transform(frame, own, camera, sample);
            } catch (e) {
              p.error = (e as Error).message;
            }
          paired.push(p);
        }
      bySample.set(a.sample, g);
    }
    if (!g) continue;
    const mine: CuboidProjections | undefined = memo && !givenBy ? { items: [], errors: [] } : undefined;
    for (const p of g.paired) {
      const item: CuboidInCamera = { cuboid: a.id, object: a.object, camera: p.camera.id, sample: p.sample.sample.id };
      let error = p.error;
      if (error === undefined)
        try {
          if (givenBy) item.projection = givenBy.get(key(a.id, p.camera.id));
          else {
            cuboidCorners(a, p.transform, corners);
            if (cuboidBoxInto(corners, p.cam!, out, 0.1, 16))
              item.projection = { object: a.object, cuboid: a.id, sensor: p.camera.id, sample: p.sample.sample.id, box: [out[0], out[1], out[2], out[3]], truncated: out[4] };
          }
        } catch (e) {
          error = (e as Error).message;
        }
      if (error === undefined) {
        items.push(item);
        mine?.items.push(item);
      } else {
        const err = { cuboid: a.id, camera: p.camera.id, message: error };
        errors.push(err);
        mine?.errors.push(err);
      }
    }
    if (mine) memo!.set(a, mine);
  }
  return { items, errors };
}

/**
 * Points inside each cuboid (boundary inclusive, the test of geometry's `countPointsInCuboids`).
 * A uniform x/y grid of `cellSize` m over the cuboids' x/y bounding boxes lists, per cell, the
 * cuboids whose box covers it (counting sort into typed arrays); one pass over the sweep then tests
 * each point only against the cuboids of its cell, and drops points outside every cuboid's box at
 * once. Non-finite points are never inside.
 */
export function countPointsInCuboidsGrid(cuboids: readonly CuboidGeometry[], positions: Float32Array, stride = 3, cellSize = 2): Uint32Array {
  const m = cuboids.length;
  const out = new Uint32Array(m);
  const n = Math.floor(positions.length / stride);
  if (!m || !n) return out;
  // per cuboid: R (9, row-major object → frame), centre (3), half sizes (3); then its x/y box
  const P = new Float64Array(15 * m), B = new Float64Array(4 * m);
  const live = new Uint8Array(m);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let k = 0; k < m; k++) {
    const g = cuboids[k], p = cuboidPose(g), o = 15 * k;
    P[o] = p[0]; P[o + 1] = p[4]; P[o + 2] = p[8]; P[o + 3] = p[1]; P[o + 4] = p[5]; P[o + 5] = p[9]; P[o + 6] = p[2]; P[o + 7] = p[6]; P[o + 8] = p[10];
    P[o + 9] = p[3]; P[o + 10] = p[7]; P[o + 11] = p[11];
    const hl = (P[o + 12] = g.size.l / 2), hw = (P[o + 13] = g.size.w / 2), hh = (P[o + 14] = g.size.h / 2);
    // half extents along x/y, padded so that rounding never drops a point the exact test accepts
    const ex = (Math.abs(p[0]) * hl + Math.abs(p[1]) * hw + Math.abs(p[2]) * hh) * (1 + 1e-9) + 1e-9;
    const ey = (Math.abs(p[4]) * hl + Math.abs(p[5]) * hw + Math.abs(p[6]) * hh) * (1 + 1e-9) + 1e-9;
    const x0 = p[3] - ex, x1 = p[3] + ex, y0 = p[7] - ey, y1 = p[7] + ey;
    if (!(Number.isFinite(x0) && Number.isFinite(x1) && Number.isFinite(y0) && Number.isFinite(y1) && Number.isFinite(p[11]) && hh >= 0)) continue;
    live[k] = 1;
    B[4 * k] = x0; B[4 * k + 1] = y0; B[4 * k + 2] = x1; B[4 * k + 3] = y1;
    if (x0 < minX) minX = x0;
    if (x1 > maxX) maxX = x1;
    if (y0 < minY) minY = y0;
    if (y1 > maxY) maxY = y1;
  }
  if (!(maxX >= minX)) return out;
  let cellSz = cellSize;
  while (((maxX - minX) / cellSz + 1) * ((maxY - minY) / cellSz + 1) > 1 << 20) cellSz *= 2;
  const cs = cellSz, gx = minX, gy = minY, hx = maxX, hy = maxY;
  const nx = Math.floor((hx - gx) / cs) + 1, ny = Math.floor((hy - gy) / cs) + 1;
  // cell ranges per cuboid: i0 i1 j0 j1
  const R = new Int32Array(4 * m);
  const inv = 1 / cs;
  const start = new Uint32Array(nx * ny + 1);
  for (let k = 0; k < m; k++) {
    if (!live[k]) continue;
    // the points' own cell rule (below), so a point inside a cuboid always lands in one of its cells
    const i0 = (R[4 * k] = Math.min(nx - 1, Math.floor((B[4 * k] - gx) * inv))), i1 = (R[4 * k + 1] = Math.min(nx - 1, Math.floor((B[4 * k + 2] - gx) * inv)));
    const j0 = (R[4 * k + 2] = Math.min(ny - 1, Math.floor((B[4 * k + 1] - gy) * inv))), j1 = (R[4 * k + 3] = Math.min(ny - 1, Math.floor((B[4 * k + 3] - gy) * inv)));
    for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) start[i + nx * j + 1]++;
  }
  for (let c = 0; c < nx * ny; c++) start[c + 1] += start[c];
  const fill = start.slice(0, nx * ny);
  const list = new Uint32Array(start[nx * ny]);
  for (let k = 0; k < m; k++) {
    if (!live[k]) continue;
    for (let j = R[4 * k + 2]; j <= R[4 * k + 3]; j++) for (let i = R[4 * k]; i <= R[4 * k + 1]; i++) list[fill[i + nx * j]++] = k;
  }
  countInCells(positions, n, stride, gx, gy, hx, hy, inv, nx, ny, start, list, P, out);
  return out;
}

/** The hot loop of countPointsInCuboidsGrid (its own function: only locals, nothing captured). */
function countInCells(positions: Float32Array, n: number, stride: number, gx: number, gy: number, hx: number, hy: number, inv: number, nx: number, ny: number, start: Uint32Array, list: Uint32Array, P: Float64Array, out: Uint32Array): void {
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    const x = positions[o], y = positions[o + 1];
    if (!(x >= gx && x <= hx && y >= gy && y <= hy)) continue;
    // x − gx ≥ 0 here, so truncation is floor; multiplication is monotone like the cuboids' rule above
    const cx = ((x - gx) * inv) | 0, cy = ((y - gy) * inv) | 0;
    const c = (cx < nx ? cx : nx - 1) + nx * (cy < ny ? cy : ny - 1);
    const q1 = start[c + 1];
    let q = start[c];
    if (q === q1) continue;
    const z = positions[o + 2];
    for (; q < q1; q++) {
      const k = list[q], b = 15 * k;
      const dx = x - P[b + 9], dy = y - P[b + 10], dz = z - P[b + 11];
      if (Math.abs(P[b] * dx + P[b + 1] * dy + P[b + 2] * dz) <= P[b + 12] && Math.abs(P[b + 3] * dx + P[b + 4] * dy + P[b + 5] * dz) <= P[b + 13] && Math.abs(P[b + 6] * dx + P[b + 7] * dy + P[b + 8] * dz) <= P[b + 14]) out[k]++;
    }
  }
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
  const counts = new Map<string, number>();
  if (!inputs.cloudOf) return counts;
  const groups = new Map<string, Map<string, Cuboid[]>>();
  for (const a of cuboids) {
    const c = memo?.get(a);
    if (c !== undefined) {
      if (c !== null) counts.set(a.id, c);
      continue;
    }
    let bySample = groups.get(a.sensor);
    if (!bySample) groups.set(a.sensor, (bySample = new Map()));
    const g = bySample.get(a.sample);
    if (g) g.push(a);
    else bySample.set(a.sample, [a]);
  }
  for (const bySample of groups.values())
    for (const cs of bySample.values()) {
      const cloud = inputs.cloudOf(cs[0].sensor, cs[0].sample);
      if (!cloud) {
        if (memo) for (const c of cs) memo.set(c, null);
        continue;
      }
      const o = cloud.origin;
      const local = o && (o[0] || o[1] || o[2]) ? cs.map((c) => ({ ...c, center: { x: c.center.x - o[0], y: c.center.y - o[1], z: c.center.z - o[2] } })) : cs;
      const n = countPointsInCuboidsGrid(local, cloud.positions, cloud.stride ?? 3);
      cs.forEach((c, i) => {
        counts.set(c.id, n[i]);
        memo?.set(c, n[i]);
      });
    }
  return counts;
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
