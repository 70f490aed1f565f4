/**
 * How a scene maps onto one KITTI tracking sequence: which camera, which frame index each sample
 * has, and which frame KITTI's 3D labels live in. Shared by the tracking export and import.
 *
 * Frame index (column 1 of label_02): the camera's samples ordered by scene time; when every one
 * of them has a `frame` label that is a non-negative integer ("0", "000042") and no two share one,
 * the index is that number (so frames imported from KITTI or OpenLABEL keep their numbers, gaps
 * included); otherwise it is the sample's position in time order (0, 1, 2 …).
 *
 * Other sensors' samples belong to the camera frame with the same `frame` label, else to the
 * camera sample at the same scene time (within 1 ms); samples matching neither have no frame.
 *
 * Label frame ("camera rect", where location and rotation_y live): KITTI's P2 = K·[I | t] projects
 * from the rectified camera-0 frame, and our importers (KITTI and OpenLABEL alike) record t as the
 * camera's extrinsics, a pure translation from the camera's frame to that parent frame. So: the
 * parent of a camera whose extrinsics are a pure translation, else the camera's own frame (P2 = [K | 0]).
 */
import { FrameGraph } from '../../calibration';
import type { CameraIntrinsics, Sample, Scene, Sensor } from '../../schema';
import { sceneTime } from '../../time';
import { transformMatrix } from './export';
import { FRAMES } from './geometry';

export type CameraSensor = Extract<Sensor, { kind: 'camera' }>;

export interface SequenceFrames {
  camera: CameraSensor;
  /** Camera samples in time order, each with its frame index. */
  frames: { index: number; sample: Sample; t: number }[];
  /** Frame index → camera sample. */
  byIndex: Map<number, Sample>;
  /** Any sample id (every stream) → frame index, for the samples that belong to a camera frame. */
  frameOfSample: Map<string, number>;
  numbering: 'frame-label' | 'time-order';
  /** The frame KITTI's 3D columns are expressed in (see module doc). */
  labelFrame: string;
}

/** The camera named `id`, else the one on KITTI's `camera_2` frame, else the first camera. Throws when there is none. */
export function pickCamera(scene: Scene, id?: string): CameraSensor {
  const cams = scene.sensors.filter((s): s is CameraSensor => s.kind === 'camera');
  if (id !== undefined) {
    const cam = cams.find((s) => s.id === id);
    if (!cam) throw new Error(`scene "${scene.id}": no camera "${id}" (cameras: ${cams.map((c) => c.id).join(', ') || 'none'})`);
    return cam;
  }
  const cam = cams.find((s) => s.frame === FRAMES.camera2) ?? cams[0];
  if (!cam) throw new Error(`scene "${scene.id}" has no camera: KITTI tracking labels are per camera`);
  return cam;
}

const isPureTranslation = (m: ArrayLike<number>): boolean =>
  [0, 1, 2, 4, 5, 6, 8, 9, 10].every((i, k) => Math.abs(m[i] - (k % 4 === 0 ? 1 : 0)) < 1e-12);

/** KITTI's label frame for this camera (see module doc). */
export function labelFrameOf(camera: CameraSensor): string {
  const e = camera.extrinsics;
  return e && e.from === camera.frame && isPureTranslation(transformMatrix(e)) ? e.to : camera.frame;
}

const INTEGER_LABEL = /^\d+$/;

/** Frame numbering of the scene seen from `camera` (see module doc). Throws when the camera has no samples. */
export function sequenceFrames(scene: Scene, camera: CameraSensor): SequenceFrames {
  const camSamples = scene.streams
    .filter((st) => st.sensor === camera.id)
    .flatMap((st) => st.samples.map((sample, i) => ({ sample, t: sceneTime(st, i) })))
    .sort((a, b) => a.t - b.t);
  if (!camSamples.length) throw new Error(`scene "${scene.id}": camera "${camera.id}" has no samples`);
  const labels = camSamples.map((s) => s.sample.frame);
  const byLabel = labels.every((l) => l !== undefined && INTEGER_LABEL.test(l)) && new Set(labels.map(Number)).size === labels.length;
  const frames = camSamples.map((s, i) => ({ ...s, index: byLabel ? Number(s.sample.frame) : i }));
  const byIndex = new Map(frames.map((f) => [f.index, f.sample]));
  const ofLabel = new Map<string, number>();
  for (const f of frames) if (f.sample.frame !== undefined) ofLabel.set(f.sample.frame, f.index);
  const frameOfSample = new Map<string, number>(frames.map((f) => [f.sample.id, f.index]));
  for (const st of scene.streams) {
    if (st.sensor === camera.id) continue;
    st.samples.forEach((s, i) => {
      const byFrame = s.frame !== undefined ? ofLabel.get(s.frame) : undefined;
      if (byFrame !== undefined) return void frameOfSample.set(s.id, byFrame);
      const t = sceneTime(st, i);
      const near = frames.find((f) => Math.abs(f.t - t) < 1e-3);
      if (near) frameOfSample.set(s.id, near.index);
    });
  }
  return { camera, frames, byIndex, frameOfSample, numbering: byLabel ? 'frame-label' : 'time-order', labelFrame: labelFrameOf(camera) };
}

/** The frame graph at one frame: the scene's calibration with these samples' own transforms on top. */
export const graphAt = (scene: Scene, ...samples: (Sample | undefined)[]): FrameGraph =>
  FrameGraph.fromScene(scene, samples.filter((s): s is Sample => !!s));

/** Intrinsics of a camera sample (its own, else the sensor's). */
export const intrinsicsAt = (camera: CameraSensor, sample: Sample | undefined): CameraIntrinsics | undefined => sample?.intrinsics ?? camera.intrinsics;
