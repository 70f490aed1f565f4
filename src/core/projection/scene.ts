/**
 * Scene-level projection: every cuboid into every camera whose paired sample sees it — the one
 * implementation behind the CLI `project` command, `deriveProjectedBoxes`, the UI, cross-modal
 * agreement and QA (core/qa/adapters wraps it). A LiDAR (or any) sample is paired with a camera
 * sample by their shared `frame` label, else the nearest scene time (the one clock: t + stream
 * offset + drift; see SampleIndex). Calibration: the camera sample's `intrinsics` override, else the
 * sensor's; the transform comes from the frame graph of the scene plus both samples' `transforms`.
 * Linear in the number of cuboids: samples are looked up through a SampleIndex (memoised per scene),
 * and camera models and transforms are computed once per sample pair per call (PairCache).
 */
import type { Box2D, CameraSensor, Cuboid, Sample, Scene } from '../schema';
import type { Mat4 } from '../math';
import { createCameraModel, type CameraModel } from '../calibration/camera';
import { FrameGraph } from '../calibration/frameGraph';
import { cuboidCorners } from '../geometry/cuboid';
import { cuboidBox, cuboidBoxInto, type BoxOptions } from './cuboidBox';
import { sampleIndexOf, type IndexedSample, type SampleIndex } from './sampleIndex';
import { allAnnotations } from '../schema';

export interface SceneProjection {
  /** Object id. */
  object: string;
  /** The cuboid annotation id. */
  cuboid: string;
  /** Camera sensor id and the paired camera sample id. */
  sensor: string;
  sample: string;
  box: [number, number, number, number];
  truncated: number;
}

export interface ProjectSceneOptions extends BoxOptions {
  /** Only this camera sensor. */
  camera?: string;
  /** Only cuboids on this sample, or boxes on this camera sample. */
  sample?: string;
  /** Only this cuboid annotation. */
  cuboid?: string;
}

const key = (...p: string[]): string => p.join('\u0000');

/** Camera models per camera sample and T_camera_from_source per (source sample, camera sample), computed once each. */
export class PairCache {
  private readonly cams = new Map<string, CameraModel>();
  private readonly transforms = new Map<string, Mat4>();
  constructor(private readonly scene: Scene) {}

  /** The camera model of a camera sample: its own `intrinsics` override, else the sensor's. Throws naming the camera (and sample) on a degenerate calibration. */
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

  /** T_camera_from_source for the source sample and the camera sample (per-sample transforms applied). Throws naming both frames when no chain exists. */
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

/** A cuboid and a camera with a paired sample. */
export interface CuboidCameraPair {
  cuboid: Cuboid;
  /** The cuboid's own sample. */
  own: IndexedSample;
  /** Coordinate frame of the cuboid's sensor; undefined when the sensor is unknown or has none (audio, text). */
  frame: string | undefined;
  camera: CameraSensor;
  /** The paired camera sample. */
  sample: IndexedSample;
}

/** The camera sensors of a scene, or only `camera` (throws naming it when the scene has no such camera). */
export function sceneCameras(scene: Scene, camera?: string): CameraSensor[] {
  const cameras = scene.sensors.filter((s): s is CameraSensor => s.kind === 'camera' && (camera === undefined || s.id === camera));
  if (camera !== undefined && cameras.length === 0) throw new Error(`no camera sensor "${camera}" in scene "${scene.id}"`);
  return cameras;
}

/**
 * Every cuboid (or only `filter.cuboid`) × every camera (or only `filter.camera`) whose camera has a
 * sample paired with the cuboid's sample, in annotation order then sensor order. Cuboids whose own
 * sample is not in the scene are skipped.
 */
export function forEachCuboidCameraPair(scene: Scene, index: SampleIndex, filter: { camera?: string; cuboid?: string }, visit: (pair: CuboidCameraPair) => void): void {
  const cameras = sceneCameras(scene, filter.camera);
  const frames = new Map<string, string>();
  for (const s of scene.sensors) if (s.kind === 'camera' || s.kind === 'lidar') frames.set(s.id, s.frame);
  for (const a of allAnnotations(scene)) {
    if (a.kind !== 'cuboid' || (filter.cuboid !== undefined && a.id !== filter.cuboid)) continue;
    const own = index.sample(a.sensor, a.sample);
    if (!own) continue;
    for (const camera of cameras) {
      const sample = index.pair(own, camera.id);
      if (sample) visit({ cuboid: a, own, frame: frames.get(a.sensor), camera, sample });
    }
  }
}

function noFrame(scene: Scene, sensorId: string): Error {
  const s = scene.sensors.find((x) => x.id === sensorId);
  return new Error(s ? `sensor "${sensorId}" (${s.kind}) has no coordinate frame` : `unknown sensor "${sensorId}"`);
}

const corners = new Float64Array(24);
const boxOut = new Float64Array(5);

/** The projection of a paired cuboid; undefined when not visible. Throws on broken calibration (intrinsics, transforms, no frame). */
export function projectPair(scene: Scene, cache: PairCache, p: CuboidCameraPair, opts: BoxOptions = {}): SceneProjection | undefined {
  const cam = cache.camera(p.camera, p.sample);
  if (p.frame === undefined) throw noFrame(scene, p.cuboid.sensor);
  cuboidCorners(p.cuboid, cache.transform(p.frame, p.own, p.camera, p.sample), corners);
  let box: [number, number, number, number], truncated: number;
  if (opts.mode === 'mmdet3d') {
    const r = cuboidBox(corners, cam, opts);
    if (!r) return undefined;
    ({ box, truncated } = r);
  } else {
    if (!cuboidBoxInto(corners, cam, boxOut, opts.near ?? 0.1, opts.samplesPerEdge ?? 16)) return undefined;
    box = [boxOut[0], boxOut[1], boxOut[2], boxOut[3]];
    truncated = boxOut[4];
  }
  return { object: p.cuboid.object, cuboid: p.cuboid.id, sensor: p.camera.id, sample: p.sample.sample.id, box, truncated };
}

/** The camera sample paired with `sample` (same `frame` label, else nearest scene time `sampleT`), or undefined when the camera has none. */
export function pairedCameraSample(scene: Scene, camera: string, sample: Sample, sampleT: number = sample.t): Sample | undefined {
  return sampleIndexOf(scene).pairAt(camera, sample.frame, sampleT)?.sample;
}

/** Project one cuboid into one camera; undefined when not visible or not pairable. Throws on broken calibration. */
export function projectCuboidInCamera(scene: Scene, cuboid: Cuboid, camera: CameraSensor, opts: BoxOptions = {}, cache: PairCache = new PairCache(scene)): SceneProjection | undefined {
  const index = sampleIndexOf(scene);
  const own = index.sample(cuboid.sensor, cuboid.sample);
  if (!own) return undefined;
  const sample = index.pair(own, camera.id);
  if (!sample) return undefined;
  const s = scene.sensors.find((x) => x.id === cuboid.sensor);
  const frame = s && (s.kind === 'camera' || s.kind === 'lidar') ? s.frame : undefined;
  return projectPair(scene, cache, { cuboid, own, frame, camera, sample }, opts);
}

/** Every cuboid × every camera where it is visible, in annotation order then sensor order. Throws on broken calibration. */
export function projectSceneCuboids(scene: Scene, opts: ProjectSceneOptions = {}): SceneProjection[] {
  const cache = new PairCache(scene);
  const out: SceneProjection[] = [];
  forEachCuboidCameraPair(scene, sampleIndexOf(scene), opts, (pair) => {
    const p = projectPair(scene, cache, pair, opts);
    if (p && (opts.sample === undefined || opts.sample === pair.cuboid.sample || opts.sample === p.sample)) out.push(p);
  });
  return out;
}

/** Deterministic id of the derived box of `cuboid` in `camera`. */
export const projectedBoxId = (cuboid: string, camera: string): string => `proj:${cuboid}:${camera}`;

/** A SceneProjection as a schema box2d with `source: 'projected'` and `fromCuboid` set. */
export const toProjectedBox2D = (p: SceneProjection, id = projectedBoxId(p.cuboid, p.sensor)): Box2D => ({
  id,
  kind: 'box2d',
  object: p.object,
  sensor: p.sensor,
  sample: p.sample,
  source: 'projected',
  fromCuboid: p.cuboid,
  x0: p.box[0],
  y0: p.box[1],
  x1: p.box[2],
  y1: p.box[3],
  truncated: p.truncated,
});

/**
 * The auto-drawn boxes: for each cuboid and each camera whose paired sample sees it, a box2d with
 * `source: 'projected'` and `fromCuboid`. Pure and derived on the fly from the current scene, so never stale.
 */
export function deriveProjectedBoxes(scene: Scene, opts: ProjectSceneOptions = {}): Box2D[] {
  return projectSceneCuboids(scene, opts).map((p) => toProjectedBox2D(p));
}
