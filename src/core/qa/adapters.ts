/**
 * Heavy inputs of the checks, computed from the scene with the projection core's exported pieces
 * (camera models, frame graph, cuboid corners, cuboid → box, sweep projection, point-in-cuboid
 * counts). `projectSceneCuboids` in core/projection gives the same boxes, but looks samples up by
 * linear scans per cuboid (quadratic in the number of frames); this adapter pairs through the
 * SceneIndex and caches camera models and transforms per sample pair, so a run stays linear.
 * Point clouds are not read here: the caller supplies them (QaInputs.cloudOf).
 */
import type { Box2D, CameraSensor, Cuboid, Scene } from '../schema';
import { createCameraModel, type CameraModel } from '../calibration/camera';
import { FrameGraph } from '../calibration/frameGraph';
import { cuboidCorners, countPointsInCuboids } from '../geometry/cuboid';
import { cuboidBoxInto } from '../projection/cuboidBox';
import { allocateSweepProjection, projectSweep, type SweepProjection } from '../projection/sweep';
import type { SceneProjection } from '../projection/scene';
import type { Mat4 } from '../math';
import type { IndexedSample, SceneIndex } from './sceneIndex';

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

/** Camera-frame transform and model for (source sensor sample → camera sample), cached. */
export class PairCache {
  private readonly cams = new Map<string, CameraModel>();
  private readonly transforms = new Map<string, Mat4>();
  constructor(private readonly scene: Scene) {}

  camera(camera: CameraSensor, s: IndexedSample): CameraModel {
    const k = key(camera.id, s.sample.id);
    let m = this.cams.get(k);
    if (!m) {
      const intr = s.sample.intrinsics ?? camera.intrinsics;
      m = createCameraModel(intr, s.sample.intrinsics ? `camera "${camera.id}" sample "${s.sample.id}" intrinsics` : `camera "${camera.id}" intrinsics`);
      this.cams.set(k, m);
    }
    return m;
  }

  /** T_camera_from_source for the source sample and the camera sample (per-sample transforms applied). */
  transform(sourceFrame: string, src: IndexedSample, camera: CameraSensor, cam: IndexedSample): Mat4 {
    const k = key(src.sensor, src.sample.id, camera.id, cam.sample.id);
    let m = this.transforms.get(k);
    if (!m) {
      m = FrameGraph.fromScene(this.scene, [src.sample, cam.sample]).resolve(sourceFrame, camera.frame).m;
      this.transforms.set(k, m);
    }
    return m;
  }
}

export function frameOfSensor(scene: Scene, id: string): string | undefined {
  const s = scene.sensors.find((x) => x.id === id);
  return s && (s.kind === 'camera' || s.kind === 'lidar') ? s.frame : undefined;
}

/**
 * Every cuboid × every camera with a paired sample. Calibration failures are returned as
 * `errors` (message naming cuboid and camera) instead of aborting the run.
 */
export function projectCuboids(scene: Scene, index: SceneIndex, cache: PairCache, given?: readonly SceneProjection[]): { items: CuboidInCamera[]; errors: { cuboid: string; camera: string; message: string }[] } {
  const cameras = scene.sensors.filter((s): s is CameraSensor => s.kind === 'camera');
  const items: CuboidInCamera[] = [];
  const errors: { cuboid: string; camera: string; message: string }[] = [];
  const givenBy = given ? new Map(given.map((p) => [key(p.cuboid, p.sensor), p])) : undefined;
  const corners = new Float64Array(24);
  const out = new Float64Array(5);
  for (const a of Object.values(scene.annotations)) {
    if (a.kind !== 'cuboid') continue;
    const own = index.sample(a.sensor, a.sample);
    const frame = frameOfSensor(scene, a.sensor);
    if (!own || !frame) continue;
    for (const cam of cameras) {
      const camSample = index.pair(own, cam.id);
      if (!camSample) continue;
      const item: CuboidInCamera = { cuboid: a.id, object: a.object, camera: cam.id, sample: camSample.sample.id };
      if (givenBy) {
        item.projection = givenBy.get(key(a.id, cam.id));
        items.push(item);
        continue;
      }
      try {
        const model = cache.camera(cam, camSample);
        cuboidCorners(a, cache.transform(frame, own, cam, camSample), corners);
        if (cuboidBoxInto(corners, model, out))
          item.projection = { object: a.object, cuboid: a.id, sensor: cam.id, sample: camSample.sample.id, box: [out[0], out[1], out[2], out[3]], truncated: out[4] };
        items.push(item);
      } catch (e) {
        errors.push({ cuboid: a.id, camera: cam.id, message: (e as Error).message });
      }
    }
  }
  return { items, errors };
}

/** Points inside each cuboid, by cuboid id, for the cuboids whose sample has a cloud. One pass per cuboid over its sweep. */
export function cuboidPointCounts(scene: Scene, inputs: QaInputs): Map<string, number> {
  const counts = new Map<string, number>();
  if (!inputs.cloudOf) return counts;
  const groups = new Map<string, Cuboid[]>();
  for (const a of Object.values(scene.annotations)) if (a.kind === 'cuboid') {
    const k = key(a.sensor, a.sample);
    const g = groups.get(k);
    if (g) g.push(a);
    else groups.set(k, [a]);
  }
  for (const cs of groups.values()) {
    const cloud = inputs.cloudOf(cs[0].sensor, cs[0].sample);
    if (!cloud) continue;
    const n = countPointsInCuboids(cs, cloud.positions, cloud.stride ?? 3);
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
