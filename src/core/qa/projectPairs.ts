/**
 * Every cuboid × every camera with a paired sample, projected — the QA side of the projection core
 * (core/projection/scene: same pairing through the SampleIndex, same PairCache camera models and
 * transforms, same cuboidAxes → cornersFromAxes → cuboidBoxInto arithmetic as `projectPair` in its
 * default clip mode, so the boxes are projectSceneCuboids' to the bit).
 *
 * Results are columns, not objects: per pair the index of its cuboid in the input list, the index
 * of its (camera, camera sample) slot, whether the cuboid is visible there, its box and truncation
 * (typed arrays sized once per run). A run over 10k cuboids × 2 cameras allocates a few arrays, not
 * 20k item objects, 7k projection objects and their box arrays; `items` builds the objects when a
 * caller asks for them (tests, the synthetic scene builder).
 *
 * Pairing is resolved once per cuboid sample — its slots, one per camera with a paired sample, with
 * the camera model and transform or the calibration error — looked up by the sample's number
 * (SceneIndex.cuboidSample), not by comparing ids. Camera models and transforms that cannot differ
 * within the run (no per-sample intrinsics or transforms) are resolved once per camera / frame pair
 * (RunCalibration). The cuboid's axes come from its packed geometry (geometry's packCuboids, read
 * once per run). Calibration failures are collected per cuboid and camera as `errors` instead of
 * aborting the run.
 */
import type { CameraSensor, Cuboid, Scene } from '../schema';
import type { Mat4 } from '../math';
import type { CameraModel } from '../calibration/camera';
import { cornersFromAxes, packCuboids, packedCuboidAxes, type PackedCuboids } from '../geometry/cuboid';
import { cuboidBoxInto } from '../projection/cuboidBox';
import { sceneCameras, type PairCache, type SceneProjection } from '../projection/scene';
import type { IndexedSample, SampleIndex } from '../projection/sampleIndex';
import { numberSamples, type CuboidSamples } from './sceneIndex';

/** One camera sample paired with a cuboid sample: camera sensor id, camera sample id, and (when resolved) the camera model and T_camera_from_cuboid_frame, or the calibration error. */
export interface PairSlot {
  camera: string;
  sample: string;
  cam?: CameraModel;
  transform?: Mat4;
  error?: string;
}

/** A cuboid that cannot be projected into a camera (broken or missing calibration). */
export interface ProjectionError {
  cuboid: string;
  camera: string;
  message: string;
}

/** Projection of one cuboid into one camera: `projection` undefined when the paired sample exists but the cuboid is not visible. */
export interface CuboidInCamera {
  cuboid: string;
  object: string;
  camera: string;
  sample: string;
  projection?: SceneProjection;
}

/** What live QA keeps per cuboid record between runs (QaMemo.projections): its slots and, per slot, NaN (error), 0 (not visible) or 1 and the box and truncation (6 floats). */
export interface CuboidProjectionMemo {
  slots: readonly PairSlot[];
  data: Float64Array;
  errors: readonly ProjectionError[];
}

const NO_ERRORS: readonly ProjectionError[] = [];

/** The projected pairs of one run, as columns (see the module header). Pair `i`: `cuboids[cuboid[i]]` into `slots[slot[i]]`. */
export class ProjectedCuboids {
  /** Number of pairs. */
  count = 0;
  /** Per pair: index of its cuboid in `cuboids`. */
  readonly cuboid: Int32Array;
  /** Per pair: index of its (camera, camera sample) in `slots`. */
  readonly slot: Int32Array;
  /** Per pair: 1 when the cuboid is visible in the camera sample (box and truncation filled). */
  readonly visible: Uint8Array;
  /** Per pair: x0 y0 x1 y1, clamped to the image (4 floats). */
  readonly box: Float64Array;
  readonly truncated: Float64Array;
  readonly slots: PairSlot[] = [];
  readonly errors: ProjectionError[] = [];
  /** With precomputed projections (QaInputs.projections): the given record of each pair. */
  given?: (SceneProjection | undefined)[];
  private _items?: CuboidInCamera[];
  private _cuboidOf?: Cuboid[];

  constructor(
    readonly cuboids: readonly Cuboid[],
    capacity: number,
  ) {
    this.cuboid = new Int32Array(capacity);
    this.slot = new Int32Array(capacity);
    this.visible = new Uint8Array(capacity);
    this.box = new Float64Array(4 * capacity);
    this.truncated = new Float64Array(capacity);
  }

  /** The cuboid record of each pair. */
  get cuboidOf(): Cuboid[] {
    if (!this._cuboidOf) {
      const out: Cuboid[] = new Array(this.count);
      for (let i = 0; i < this.count; i++) out[i] = this.cuboids[this.cuboid[i]];
      this._cuboidOf = out;
    }
    return this._cuboidOf;
  }

  /** The pairs as objects, with their projections (built on first read). */
  get items(): CuboidInCamera[] {
    if (!this._items) {
      const out: CuboidInCamera[] = new Array(this.count);
      for (let i = 0; i < this.count; i++) {
        const a = this.cuboids[this.cuboid[i]], p = this.slots[this.slot[i]];
        const item: CuboidInCamera = { cuboid: a.id, object: a.object, camera: p.camera, sample: p.sample };
        if (this.given) item.projection = this.given[i];
        else if (this.visible[i]) {
          const b = 4 * i;
          item.projection = { object: a.object, cuboid: a.id, sensor: p.camera, sample: p.sample, box: [this.box[b], this.box[b + 1], this.box[b + 2], this.box[b + 3]], truncated: this.truncated[i] };
        }
        out[i] = item;
      }
      this._items = out;
    }
    return this._items;
  }
}

/** The slots of one cuboid sample (null: the sample is not in the scene). */
type SlotGroup = { base: number; slots: PairSlot[] } | null;

/**
 * Every cuboid × every camera with a paired sample (cuboids on a sensor without a coordinate frame
 * are skipped), in `cuboids` order then sensor order. With `given` (precomputed projections),
 * nothing is projected here. `memo` keeps per-cuboid results across runs (live.ts).
 */
export function projectCuboids(
  scene: Scene,
  index: SampleIndex,
  cache: PairCache,
  given: readonly SceneProjection[] | undefined,
  cuboids: readonly Cuboid[],
  memo?: WeakMap<Cuboid, CuboidProjectionMemo>,
  samples: CuboidSamples = numberSamples(cuboids),
  packed?: PackedCuboids,
): ProjectedCuboids {
  const cameras = sceneCameras(scene);
  const out = new ProjectedCuboids(cuboids, cuboids.length * cameras.length);
  const givenBy = given ? new Map(given.map((p) => [p.cuboid + '\u0000' + p.sensor, p])) : undefined;
  if (givenBy) out.given = [];
  const frames = new Map<string, string>();
  for (const s of scene.sensors) if (s.kind === 'camera' || s.kind === 'lidar') frames.set(s.id, s.frame);
  // the slots of each cuboid sample (by SceneIndex sample number), resolved on first use; null: none
  const groups: (SlotGroup | undefined)[] = new Array(samples.count);
  const cal = new RunCalibration(cache);
  const axes = new Float64Array(12), corners = new Float64Array(24), res = new Float64Array(5);
  const useMemo = memo && !givenBy ? memo : undefined;
  const { cuboid: cuboidCol, slot: slotCol, visible, box, truncated, slots, errors } = out;
  let n = 0;
  for (let k = 0; k < cuboids.length; k++) {
    const a = cuboids[k];
    if (useMemo) {
      const m = useMemo.get(a);
      if (m) {
        const base = slots.length;
        for (let j = 0; j < m.slots.length; j++) {
          slots.push(m.slots[j]);
          const d = m.data, o = 6 * j;
          if (d[o] !== d[o]) continue;
          cuboidCol[n] = k;
          slotCol[n] = base + j;
          if (d[o] === 1) {
            visible[n] = 1;
            box[4 * n] = d[o + 1]; box[4 * n + 1] = d[o + 2]; box[4 * n + 2] = d[o + 3]; box[4 * n + 3] = d[o + 4];
            truncated[n] = d[o + 5];
          }
          n++;
        }
        for (const e of m.errors) errors.push(e);
        continue;
      }
    }
    const gi = samples.of[k];
    let g = groups[gi];
    if (g === undefined) {
      const frame = frames.get(a.sensor);
      g = groups[gi] = frame === undefined ? null : slotGroup(index, cal, cameras, frame, a.sensor, a.sample, !givenBy, slots);
    }
    if (!g) continue;
    // cuboidCorners(a, transform) = cornersFromAxes(cuboidAxes(a), transform): the rotation is normalised once per cuboid, not per camera
    let axesError: string | undefined;
    if (!givenBy)
      try {
        packedCuboidAxes((packed ??= packCuboids(cuboids)), k, axes);
      } catch (e) {
        axesError = (e as Error).message;
      }
    const gs = g.slots;
    const data = useMemo ? new Float64Array(6 * gs.length) : undefined;
    let mine: ProjectionError[] | undefined;
    for (let j = 0; j < gs.length; j++) {
      const p = gs[j];
      let error = p.error, seen = false, proj: SceneProjection | undefined;
      if (error === undefined)
        try {
          if (givenBy) {
            proj = givenBy.get(a.id + '\u0000' + p.camera);
            if (proj) {
              seen = true;
              res[0] = proj.box[0]; res[1] = proj.box[1]; res[2] = proj.box[2]; res[3] = proj.box[3]; res[4] = proj.truncated;
            }
          } else if (axesError !== undefined) error = axesError;
          else {
            cornersFromAxes(axes, p.transform, corners);
            seen = cuboidBoxInto(corners, p.cam!, res, 0.1, 16);
          }
        } catch (e) {
          error = (e as Error).message;
        }
      if (error === undefined) {
        cuboidCol[n] = k;
        slotCol[n] = g.base + j;
        if (seen) {
          visible[n] = 1;
          box[4 * n] = res[0]; box[4 * n + 1] = res[1]; box[4 * n + 2] = res[2]; box[4 * n + 3] = res[3];
          truncated[n] = res[4];
        }
        if (givenBy) out.given![n] = proj;
        n++;
        if (data && seen) {
          const o = 6 * j;
          data[o] = 1; data[o + 1] = res[0]; data[o + 2] = res[1]; data[o + 3] = res[2]; data[o + 4] = res[3]; data[o + 5] = res[4];
        }
      } else {
        const err = { cuboid: a.id, camera: p.camera, message: error };
        errors.push(err);
        if (data) {
          data[6 * j] = NaN;
          (mine ??= []).push(err);
        }
      }
    }
    if (useMemo) useMemo.set(a, { slots: gs, data: data!, errors: mine ?? NO_ERRORS });
  }
  out.count = n;
  return out;
}

/** A camera model or transform of the run, or the error computing it threw. */
type Resolved<T> = { value: T } | { error: Error };

/**
 * PairCache's camera models and transforms, shared within the run where they cannot differ: a
 * camera sample without its own `intrinsics` has its sensor's model (one per camera), and a pair of
 * samples without their own `transforms` has the scene's static T_camera_from_frame (one per frame
 * pair) — PairCache computes them per sample and per sample pair. The first computation of each goes
 * through the PairCache (same model, same matrix, same error); nothing outlives the run.
 */
class RunCalibration {
  private readonly cams = new Map<string, Resolved<CameraModel>>();
  private readonly transforms = new Map<string, Resolved<Mat4>>();
  constructor(private readonly cache: PairCache) {}

  camera(camera: CameraSensor, s: IndexedSample): CameraModel {
    if (s.sample.intrinsics) return this.cache.camera(camera, s);
    return take(this.cams, camera.id, () => this.cache.camera(camera, s));
  }

  transform(frame: string, own: IndexedSample, camera: CameraSensor, s: IndexedSample): Mat4 {
    if (own.sample.transforms?.length || s.sample.transforms?.length) return this.cache.transform(frame, own, camera, s);
    return take(this.transforms, frame + '\u0000' + camera.frame, () => this.cache.transform(frame, own, camera, s));
  }
}

function take<T>(m: Map<string, Resolved<T>>, k: string, make: () => T): T {
  let r = m.get(k);
  if (!r) {
    try {
      r = { value: make() };
    } catch (e) {
      r = { error: e as Error };
    }
    m.set(k, r);
  }
  if ('error' in r) throw r.error;
  return r.value;
}

/** The slots of one cuboid sample (appended to `slots`), with camera models and transforms resolved when `resolve` (or the calibration error); null when the sample is not in the scene. */
function slotGroup(index: SampleIndex, cal: RunCalibration, cameras: readonly CameraSensor[], frame: string, sensor: string, sample: string, resolve: boolean, slots: PairSlot[]): SlotGroup {
  const own = index.sample(sensor, sample);
  if (!own) return null;
  const g = { base: slots.length, slots: [] as PairSlot[] };
  for (const camera of cameras) {
    const s = index.pair(own, camera.id);
    if (!s) continue;
    const p: PairSlot = { camera: camera.id, sample: s.sample.id };
    if (resolve)
      try {
        p.cam = cal.camera(camera, s);
        p.transform = cal.transform(frame, own, camera, s);
      } catch (e) {
        p.error = (e as Error).message;
      }
    g.slots.push(p);
    slots.push(p);
  }
  return g;
}
