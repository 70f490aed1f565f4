/**
 * Sensors and their streams on one scene clock.
 * Every sensor owns a coordinate frame; `extrinsics` (optional) places that frame in a parent
 * frame (`extrinsics.from === frame`). Further static transforms live in `Scene.transforms`.
 */
import { z } from 'zod';
import { CameraIntrinsics } from './calibration';
import { FrameName, Metadata, Transform } from './primitives';
import { streamTimeProblem } from './streamTimes';

export const SensorId = z.string().min(1);
export type SensorId = z.infer<typeof SensorId>;

const sensorBase = {
  id: SensorId,
  /** Human-readable name, e.g. "CAM_FRONT". */
  name: z.string().min(1),
  metadata: Metadata.optional(),
};

export const CameraSensor = z.object({
  ...sensorBase,
  kind: z.literal('camera'),
  frame: FrameName,
  intrinsics: CameraIntrinsics,
  extrinsics: Transform.optional(),
});
export const LidarSensor = z.object({
  ...sensorBase,
  kind: z.literal('lidar'),
  frame: FrameName,
  extrinsics: Transform.optional(),
});
export const VideoSensor = z.object({
  ...sensorBase,
  kind: z.literal('video'),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  fps: z.number().positive().optional(),
  /** A video may share a camera's calibration. */
  camera: SensorId.optional(),
});
export const AudioSensor = z.object({
  ...sensorBase,
  kind: z.literal('audio'),
  sampleRate: z.number().int().positive().optional(),
  channels: z.number().int().positive().optional(),
});
export const TextSensor = z.object({ ...sensorBase, kind: z.literal('text') });

export const Sensor = z.discriminatedUnion('kind', [CameraSensor, LidarSensor, VideoSensor, AudioSensor, TextSensor]);
export type Sensor = z.infer<typeof Sensor>;
export type CameraSensor = z.infer<typeof CameraSensor>;
export type LidarSensor = z.infer<typeof LidarSensor>;
export type SensorKind = Sensor['kind'];
export const SensorKind = z.enum(['camera', 'lidar', 'video', 'audio', 'text']);

export const SampleId = z.string().min(1);
export type SampleId = z.infer<typeof SampleId>;

/**
 * One sample of a stream: a camera image, a LiDAR sweep, a video frame, an audio file, a document.
 * `t` is seconds on the scene clock (float64). The original timestamp and its unit are kept in
 * `original` so nothing is lost when e.g. nuScenes microseconds become seconds.
 */
export const Sample = z.object({
  id: SampleId,
  t: z.number().refine(Number.isFinite, 'timestamp must be finite'),
  /** Duration in seconds for media with extent (audio, video); omitted for instants. */
  duration: z.number().nonnegative().optional(),
  /** Where the payload lives: a URL or a path relative to the scene's base. */
  uri: z.string().optional(),
  /** Key of an in-memory or IndexedDB blob when the payload came from a dropped file. */
  blob: z.string().optional(),
  /** Frame label shared across streams, e.g. KITTI's "000001". */
  frame: z.string().optional(),
  original: z
    .object({ value: z.union([z.number(), z.string()]), unit: z.enum(['s', 'ms', 'us', 'ns', 'iso8601', 'frame-index']) })
    .optional(),
  /**
   * Per-sample calibration, overriding the sensor's static calibration for this sample only
   * (OpenLABEL's per-frame transforms; KITTI object frames, which come from different drives,
   * each with its own calib file). `intrinsics` applies to camera samples.
   */
  intrinsics: CameraIntrinsics.optional(),
  transforms: z.array(Transform).optional(),
  metadata: Metadata.optional(),
});
export type Sample = z.infer<typeof Sample>;

/**
 * The samples of one sensor, strictly increasing in `t` (streamTimes.ts: a duplicate or out-of-order
 * timestamp is an error naming the stream and the sample). `offset` (s) is a measured clock offset
 * added to every `t`.
 */
export const Stream = z
  .object({
    id: z.string().min(1),
    sensor: SensorId,
    samples: z.array(Sample),
    offset: z.number().default(0),
    /** Linear drift in seconds per second, measured against the reference stream. */
    drift: z.number().default(0),
  })
  .superRefine((s, ctx) => {
    const p = streamTimeProblem(s);
    if (p) ctx.addIssue({ code: 'custom', message: p.message, path: ['samples', p.index, 't'] });
  });
export type Stream = z.infer<typeof Stream>;
