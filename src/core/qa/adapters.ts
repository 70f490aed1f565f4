/**
 * Heavy inputs of the checks, computed from the scene with the projection core, and what live QA
 * keeps between runs. Cuboid × camera projections are in projectPairs.ts (the projection core's
 * pairing, PairCache and box arithmetic, as columns), LiDAR points inside cuboids in pointCounts.ts
 * (a grid kernel on the sweep's typed array); here the inputs' types, the memo, and sweep projection
 * for frustum counts.
 * Point clouds are not read here: the caller supplies them (QaInputs.cloudOf).
 */
import type { Box2D, CameraSensor, Cuboid, Scene } from '../schema';
import { allocateSweepProjection, projectSweep, type SweepProjection } from '../projection/sweep';
import { PairCache, type SceneProjection } from '../projection/scene';
import type { IndexedSample, SampleIndex } from '../projection/sampleIndex';
import type { CuboidProjectionMemo } from './projectPairs';

export { PairCache };
export { projectCuboids, ProjectedCuboids, type CuboidInCamera, type CuboidProjectionMemo, type PairSlot, type ProjectionError } from './projectPairs';
export { countPointsInCuboidsGrid, countCuboidPoints, cuboidPointCounts, countsById, type CuboidCounts } from './pointCounts';

const key = (...p: string[]): string => p.join('\u0000');

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

export function frameOfSensor(scene: Scene, id: string): string | undefined {
  const s = scene.sensors.find((x) => x.id === id);
  return s && (s.kind === 'camera' || s.kind === 'lidar') ? s.frame : undefined;
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
  projections: WeakMap<Cuboid, CuboidProjectionMemo>;
  /** Points inside; null when the cuboid's sample has no cloud. */
  counts: WeakMap<Cuboid, number | null>;
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
