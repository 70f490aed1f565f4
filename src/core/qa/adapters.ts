/**
 * Heavy inputs of the checks, computed from the scene with the projection core: cuboid × camera
 * pairs and their boxes come from core/projection/scene (`forEachCuboidCameraPair`, `projectPair`,
 * `PairCache` — the implementation behind `projectSceneCuboids`, so both give identical boxes), here
 * with calibration failures collected per cuboid and camera instead of thrown. Also sweep projection
 * for frustum counts and grid-accelerated point-in-cuboid counts.
 * Point clouds are not read here: the caller supplies them (QaInputs.cloudOf).
 */
import type { Box2D, CameraSensor, Cuboid, Scene } from '../schema';
import { cuboidPose, type CuboidGeometry } from '../geometry/cuboid';
import { allocateSweepProjection, projectSweep, type SweepProjection } from '../projection/sweep';
import { forEachCuboidCameraPair, PairCache, projectPair, type SceneProjection } from '../projection/scene';
import type { IndexedSample, SampleIndex } from '../projection/sampleIndex';
import { allAnnotations } from '../schema';

export { PairCache };

/** xyz at offsets 0..2 of every `stride` floats (default 3), in the LiDAR sensor's frame, metres. */
export interface PointsInput {
  positions: Float32Array;
  stride?: number;
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

/**
 * Every cuboid × every camera with a paired sample (cuboids on a sensor without a coordinate frame
 * are skipped). Calibration failures are returned as `errors` (message naming cuboid and camera)
 * instead of aborting the run. With `given` (precomputed projections), nothing is projected here.
 */
export function projectCuboids(scene: Scene, index: SampleIndex, cache: PairCache, given?: readonly SceneProjection[]): { items: CuboidInCamera[]; errors: { cuboid: string; camera: string; message: string }[] } {
  const items: CuboidInCamera[] = [];
  const errors: { cuboid: string; camera: string; message: string }[] = [];
  const givenBy = given ? new Map(given.map((p) => [key(p.cuboid, p.sensor), p])) : undefined;
  forEachCuboidCameraPair(scene, index, {}, (pair) => {
    if (pair.frame === undefined) return;
    const { cuboid: a, camera: cam } = pair;
    const item: CuboidInCamera = { cuboid: a.id, object: a.object, camera: cam.id, sample: pair.sample.sample.id };
    try {
      item.projection = givenBy ? givenBy.get(key(a.id, cam.id)) : projectPair(scene, cache, pair);
      items.push(item);
    } catch (e) {
      errors.push({ cuboid: a.id, camera: cam.id, message: (e as Error).message });
    }
  });
  return { items, errors };
}

/**
 * Points inside each cuboid (boundary inclusive, the test of geometry's `countPointsInCuboids`),
 * accelerated by a uniform x/y grid over the sweep built once (counting sort into typed arrays):
 * each cuboid only visits the cells under its x/y bounding box. Non-finite points are never inside.
 */
export function countPointsInCuboidsGrid(cuboids: readonly CuboidGeometry[], positions: Float32Array, stride = 3, cellSize = 2): Uint32Array {
  const out = new Uint32Array(cuboids.length);
  const n = Math.floor(positions.length / stride);
  if (!cuboids.length || !n) return out;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    const x = positions[o], y = positions[o + 1];
    if (!(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(positions[o + 2]))) continue;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (!(maxX >= minX)) return out;
  let cs = cellSize;
  while (((maxX - minX) / cs + 1) * ((maxY - minY) / cs + 1) > 1 << 20) cs *= 2;
  const nx = Math.floor((maxX - minX) / cs) + 1, ny = Math.floor((maxY - minY) / cs) + 1;
  const cellOf = new Int32Array(n);
  const start = new Uint32Array(nx * ny + 1);
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    const x = positions[o], y = positions[o + 1];
    if (!(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(positions[o + 2]))) {
      cellOf[i] = -1;
      continue;
    }
    const c = Math.floor((x - minX) / cs) + nx * Math.floor((y - minY) / cs);
    cellOf[i] = c;
    start[c + 1]++;
  }
  for (let c = 0; c < nx * ny; c++) start[c + 1] += start[c];
  const fill = start.slice(0, nx * ny);
  const order = new Uint32Array(start[nx * ny]);
  for (let i = 0; i < n; i++) if (cellOf[i] >= 0) order[fill[cellOf[i]]++] = i;
  cuboids.forEach((g, k) => {
    const p = cuboidPose(g);
    const r00 = p[0], r10 = p[4], r20 = p[8], r01 = p[1], r11 = p[5], r21 = p[9], r02 = p[2], r12 = p[6], r22 = p[10];
    const cx = p[3], cy = p[7], cz = p[11], hl = g.size.l / 2, hw = g.size.w / 2, hh = g.size.h / 2;
    const ex = Math.abs(r00) * hl + Math.abs(r01) * hw + Math.abs(r02) * hh, ey = Math.abs(r10) * hl + Math.abs(r11) * hw + Math.abs(r12) * hh;
    const i0 = Math.max(0, Math.floor((cx - ex - minX) / cs)), i1 = Math.min(nx - 1, Math.floor((cx + ex - minX) / cs));
    const j0 = Math.max(0, Math.floor((cy - ey - minY) / cs)), j1 = Math.min(ny - 1, Math.floor((cy + ey - minY) / cs));
    let count = 0;
    for (let j = j0; j <= j1; j++)
      for (let c = i0 + nx * j, end = i1 + nx * j; c <= end; c++)
        for (let q = start[c]; q < start[c + 1]; q++) {
          const o = order[q] * stride;
          const dx = positions[o] - cx, dy = positions[o + 1] - cy, dz = positions[o + 2] - cz;
          if (Math.abs(r00 * dx + r10 * dy + r20 * dz) <= hl && Math.abs(r01 * dx + r11 * dy + r21 * dz) <= hw && Math.abs(r02 * dx + r12 * dy + r22 * dz) <= hh) count++;
        }
    out[k] = count;
  });
  return out;
}

/** Points inside each cuboid, by cuboid id, for the cuboids whose sample has a cloud (grid-accelerated, one grid per sweep). */
export function cuboidPointCounts(scene: Scene, inputs: QaInputs): Map<string, number> {
  const counts = new Map<string, number>();
  if (!inputs.cloudOf) return counts;
  const groups = new Map<string, Cuboid[]>();
  for (const a of allAnnotations(scene)) if (a.kind === 'cuboid') {
    const k = key(a.sensor, a.sample);
    const g = groups.get(k);
    if (g) g.push(a);
    else groups.set(k, [a]);
  }
  for (const cs of groups.values()) {
    const cloud = inputs.cloudOf(cs[0].sensor, cs[0].sample);
    if (!cloud) continue;
    const n = countPointsInCuboidsGrid(cs, cloud.positions, cloud.stride ?? 3);
    cs.forEach((c, i) => counts.set(c.id, n[i]));
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
        projectSweep(cloud.positions, stride, this.cache.transform(frame, lidar, camera, cam), this.cache.camera(camera, cam), p);
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
