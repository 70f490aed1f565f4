/**
 * Scene-level projection: every cuboid into every camera whose paired sample sees it. A LiDAR (or
 * any) sample is paired with a camera sample by their shared `frame` label, else the nearest
 * scene time (the one clock: t + stream offset + drift). Calibration: the camera sample's `intrinsics` override, else the
 * sensor's; the frame graph is built from the scene plus both samples' `transforms`.
 * Used by the CLI `project` command, `deriveProjectedBoxes`, the UI and QA.
 */
import type { Box2D, CameraSensor, Cuboid, Sample, Scene } from '../schema';
import { createCameraModel, type CameraModel } from '../calibration/camera';
import { FrameGraph } from '../calibration/frameGraph';
import { cuboidCorners } from '../geometry/cuboid';
import { cuboidBox, type BoxOptions } from './cuboidBox';
import { sceneTime } from '../time/clock';

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

/**
 * Per-scene sample index, built once per (immutable) scene object: samples by sensor sorted by
 * scene time, by id and by frame label; frame graphs per sample pair. Makes projecting every cuboid
 * of an N-frame sequence O(N log N) instead of O(N²).
 */
interface SensorSamples {
  list: Located[];
  byId: Map<string, Located>;
  byFrame: Map<string, Located>;
}
interface SampleIndex {
  sensors: Map<string, SensorSamples>;
  graphs: Map<string, FrameGraph>;
}
const indexes = new WeakMap<Scene, SampleIndex>();

function indexOf(scene: Scene): SampleIndex {
  let idx = indexes.get(scene);
  if (idx) return idx;
  idx = { sensors: new Map(), graphs: new Map() };
  for (const st of scene.streams) {
    let e = idx.sensors.get(st.sensor);
    if (!e) idx.sensors.set(st.sensor, (e = { list: [], byId: new Map(), byFrame: new Map() }));
    st.samples.forEach((sample, i) => {
      const loc = { sample, t: sceneTime(st, i) };
      e!.list.push(loc);
      e!.byId.set(sample.id, loc);
      if (sample.frame !== undefined && !e!.byFrame.has(sample.frame)) e!.byFrame.set(sample.frame, loc);
    });
  }
  for (const e of idx.sensors.values()) e.list.sort((a, b) => a.t - b.t);
  indexes.set(scene, idx);
  return idx;
}

/** The camera sample paired with `sample` (same `frame` label, else nearest scene time), or undefined when the camera has none. */
export function pairedCameraSample(scene: Scene, camera: string, sample: Sample, sampleT: number = sample.t): Sample | undefined {
  const e = indexOf(scene).sensors.get(camera);
  if (!e || e.list.length === 0) return undefined;
  if (sample.frame !== undefined) {
    const same = e.byFrame.get(sample.frame);
    if (same) return same.sample;
  }
  // binary search for the nearest scene time (ties to the earlier sample)
  const l = e.list;
  let lo = 0;
  let hi = l.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (l[mid].t < sampleT) lo = mid + 1;
    else hi = mid;
  }
  const best = lo > 0 && Math.abs(l[lo - 1].t - sampleT) <= Math.abs(l[lo].t - sampleT) ? l[lo - 1] : l[lo];
  return best.sample;
}

function findSample(scene: Scene, sensor: string, id: string): Located | undefined {
  return indexOf(scene).sensors.get(sensor)?.byId.get(id);
}

function graphFor(scene: Scene, a: Sample, b: Sample): FrameGraph {
  const idx = indexOf(scene);
  const key = `${a.id}\u0000${b.id}`;
  let g = idx.graphs.get(key);
  if (!g) idx.graphs.set(key, (g = FrameGraph.fromScene(scene, [a, b])));
  return g;
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
  const graph = graphFor(scene, own.sample, camSample);
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
