/**
 * Scene-level projection: every cuboid into every camera whose paired sample sees it. A LiDAR (or
 * any) sample is paired with a camera sample by their shared `frame` label, else the nearest
 * timestamp (t + stream offset). Calibration: the camera sample's `intrinsics` override, else the
 * sensor's; the frame graph is built from the scene plus both samples' `transforms`.
 * Used by the CLI `project` command, `deriveProjectedBoxes`, the UI and QA.
 */
import type { Box2D, CameraSensor, Cuboid, Sample, Scene } from '../schema';
import { createCameraModel, type CameraModel } from '../calibration/camera';
import { FrameGraph } from '../calibration/frameGraph';
import { cuboidCorners } from '../geometry/cuboid';
import { cuboidBox, type BoxOptions } from './cuboidBox';

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

interface Located {
  sample: Sample;
  t: number;
}

function samplesOf(scene: Scene, sensor: string): Located[] {
  return scene.streams.filter((s) => s.sensor === sensor).flatMap((st) => st.samples.map((sample) => ({ sample, t: sample.t + (st.offset ?? 0) })));
}

/** The camera sample paired with `sample` (same `frame` label, else nearest time), or undefined when the camera has none. */
export function pairedCameraSample(scene: Scene, camera: string, sample: Sample, sampleT: number = sample.t): Sample | undefined {
  const cands = samplesOf(scene, camera);
  if (sample.frame !== undefined) {
    const same = cands.find((c) => c.sample.frame === sample.frame);
    if (same) return same.sample;
  }
  let best: Located | undefined;
  for (const c of cands) if (!best || Math.abs(c.t - sampleT) < Math.abs(best.t - sampleT)) best = c;
  return best?.sample;
}

function findSample(scene: Scene, sensor: string, id: string): Located | undefined {
  return samplesOf(scene, sensor).find((s) => s.sample.id === id);
}

function frameOf(scene: Scene, sensorId: string): string {
  const s = scene.sensors.find((x) => x.id === sensorId);
  if (!s) throw new Error(`unknown sensor "${sensorId}"`);
  if (s.kind !== 'camera' && s.kind !== 'lidar') throw new Error(`sensor "${sensorId}" (${s.kind}) has no coordinate frame`);
  return s.frame;
}

/** Project one cuboid into one camera; undefined when not visible or not pairable. Throws on broken calibration. */
export function projectCuboidInCamera(scene: Scene, cuboid: Cuboid, camera: CameraSensor, opts: BoxOptions = {}, cache?: Map<string, CameraModel>): SceneProjection | undefined {
  const own = findSample(scene, cuboid.sensor, cuboid.sample);
  if (!own) return undefined;
  const camSample = pairedCameraSample(scene, camera.id, own.sample, own.t);
  if (!camSample) return undefined;
  const key = `${camera.id}\u0000${camSample.id}`;
  let cam = cache?.get(key);
  if (!cam) {
    cam = createCameraModel(camSample.intrinsics ?? camera.intrinsics, camSample.intrinsics ? `camera "${camera.id}" sample "${camSample.id}" intrinsics` : `camera "${camera.id}" intrinsics`);
    cache?.set(key, cam);
  }
  const graph = FrameGraph.fromScene(scene, [own.sample, camSample]);
  const T = graph.resolve(frameOf(scene, cuboid.sensor), camera.frame);
  const r = cuboidBox(cuboidCorners(cuboid, T.m), cam, opts);
  if (!r) return undefined;
  return { object: cuboid.object, cuboid: cuboid.id, sensor: camera.id, sample: camSample.id, box: r.box, truncated: r.truncated };
}

/** Every cuboid × every camera where it is visible, in annotation order then sensor order. */
export function projectSceneCuboids(scene: Scene, opts: ProjectSceneOptions = {}): SceneProjection[] {
  const cameras = scene.sensors.filter((s): s is CameraSensor => s.kind === 'camera' && (opts.camera === undefined || s.id === opts.camera));
  if (opts.camera !== undefined && cameras.length === 0) throw new Error(`no camera sensor "${opts.camera}" in scene "${scene.id}"`);
  const cache = new Map<string, CameraModel>();
  const out: SceneProjection[] = [];
  for (const a of Object.values(scene.annotations)) {
    if (a.kind !== 'cuboid' || (opts.cuboid !== undefined && a.id !== opts.cuboid)) continue;
    for (const cam of cameras) {
      const p = projectCuboidInCamera(scene, a, cam, opts, cache);
      if (!p) continue;
      if (opts.sample !== undefined && opts.sample !== a.sample && opts.sample !== p.sample) continue;
      out.push(p);
    }
  }
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
