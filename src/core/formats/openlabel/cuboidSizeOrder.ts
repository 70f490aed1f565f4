/**
 * The size order of camera-frame cuboids, decided by the file's own evidence (see ../conventions.ts).
 *
 * A cuboid in a camera's coordinate system (x right, y down, z forward) that turns about the
 * camera's y axis only — `[x, y, z, 0, ry, 0, s1, s2, s3]`, KITTI's convention — has two readings
 * in the wild:
 * - `axes` (the spec): s1, s2, s3 along the cuboid's own x, y, z, i.e. (l, h, w) with the height
 *   along the camera's y. Vicomtech's KITTI tracking converter writes this: its vans are
 *   [5.27, 2.66, 1.82] and its pedestrians have the middle size as the height.
 * - `lwh`: KITTI's [l, w, h] order with the height along the camera's y (what Crosslabel read before
 *   it checked; some converters do write it).
 * Either way the cuboid is stored upright in our convention (l along the heading, w across it, h up:
 * rotation R_y(ry)·Rx(90°)), so the LiDAR view and the 3D tools work on it after it moves to a LiDAR.
 *
 * Evidence: each cuboid projected through its camera's calibration against the file's 2D box of
 * the same object on the same camera sample (mean IoU per reading), else the sizes' plausibility
 * for their class; else the spec's reading. A file written by Crosslabel is read by the spec with no
 * question asked (our exporter writes the spec).
 */
import { createCameraModel, type CameraModel } from '../../calibration/camera';
import { cuboidCorners } from '../../geometry/cuboid';
import { multiply, type Quat } from '../../math/quaternion';
import { cuboidBox } from '../../projection/cuboidBox';
import { iou } from '../../projection/deviation';
import type { Annotation, Sample, Sensor } from '../../schema';
import { decideConvention, EvidenceTally, type ConventionReport } from '../conventions';
import type { CuboidParts } from './geometry';

/** How camera-frame cuboid sizes are read: decided by evidence (`auto`), or forced. */
export type CuboidSizeOrder = 'axes' | 'lwh';
export type CuboidSizeReading = 'auto' | CuboidSizeOrder;
export const CUBOID_SIZE_READINGS: readonly CuboidSizeReading[] = ['auto', 'axes', 'lwh'];

const LABEL: Record<CuboidSizeOrder, string> = { axes: '(l, h, w)', lwh: '(l, w, h)' };

/** True when `q` turns about the y axis only (x and z components zero up to rounding). */
export const isYawAboutY = (q: Quat): boolean => {
  const n = Math.hypot(q.x, q.y, q.z, q.w);
  return Math.abs(q.x) <= 1e-9 * n && Math.abs(q.z) <= 1e-9 * n;
};

/** Rx(+90°): our object axes (x length, y width, z up) in the camera-aligned ones (x length, y down, z width). */
const UPRIGHT: Quat = { x: Math.SQRT1_2, y: 0, z: 0, w: Math.SQRT1_2 };

/**
 * A yaw-about-y camera-frame cuboid (`c.size` = the file's s1, s2, s3 as l, w, h) read by `order`,
 * stored upright: rotation R_y(ry)·Rx(90°), so l lies along the heading, w across it and h along −y (up).
 * `axes` keeps the spec's corners exactly (h = s2, w = s3); `lwh` reads h = s3, w = s2.
 */
export function uprightCameraCuboid(c: CuboidParts, order: CuboidSizeOrder): CuboidParts {
  const [s1, s2, s3] = [c.size.l, c.size.w, c.size.h];
  return { center: c.center, rotation: multiply(c.rotation, UPRIGHT), size: order === 'axes' ? { l: s1, w: s3, h: s2 } : { l: s1, w: s2, h: s3 } };
}

/** A camera-frame cuboid whose size order is in question. */
export interface AmbiguousCuboid {
  /** Annotation id (the annotation holds the spec's reading until decided). */
  id: string;
  parts: CuboidParts;
  classId: string;
}

/**
 * Decide the size order of `ambiguous` cuboids (in place in `annotations`) and report it. Cuboids
 * are grouped by camera; each camera's group is decided on its own evidence.
 */
export function decideCuboidSizeOrder(
  ambiguous: AmbiguousCuboid[],
  annotations: Record<string, Annotation>,
  sensors: readonly Sensor[],
  samples: ReadonlyMap<string, readonly Sample[]>,
  reading: CuboidSizeReading = 'auto',
): ConventionReport[] {
  if (!ambiguous.length) return [];
  // the file's 2D boxes by (object, camera sample)
  const boxes = new Map<string, { x0: number; y0: number; x1: number; y1: number }[]>();
  for (const a of Object.values(annotations)) if (a.kind === 'box2d') boxes.set(`${a.object}\u0000${a.sample}`, [...(boxes.get(`${a.object}\u0000${a.sample}`) ?? []), a]);
  const sensorById = new Map(sensors.map((s) => [s.id, s]));
  const sampleById = new Map<string, Sample>();
  for (const list of samples.values()) for (const s of list) sampleById.set(s.id, s);
  const cams = new Map<string, CameraModel | null>();
  const cameraOf = (sensorId: string, sampleId: string): CameraModel | null => {
    const k = `${sensorId}\u0000${sampleId}`;
    if (!cams.has(k)) {
      const sensor = sensorById.get(sensorId);
      const intr = sampleById.get(sampleId)?.intrinsics ?? (sensor?.kind === 'camera' ? sensor.intrinsics : undefined);
      let m: CameraModel | null = null;
      try {
        m = intr ? createCameraModel(intr, sensorId) : null;
      } catch {
        m = null; // a degenerate calibration gives no evidence; the scene validation reports it
      }
      cams.set(k, m);
    }
    return cams.get(k)!;
  };

  const bySensor = new Map<string, AmbiguousCuboid[]>();
  for (const c of ambiguous) {
    const a = annotations[c.id];
    if (a?.kind !== 'cuboid') continue;
    bySensor.set(a.sensor, [...(bySensor.get(a.sensor) ?? []), c]);
  }
  const reports: ConventionReport[] = [];
  const orders: CuboidSizeOrder[] = ['axes', 'lwh'];
  for (const [sensorId, group] of bySensor) {
    const tallies = orders.map((o) => new EvidenceTally(o, LABEL[o]));
    for (const c of group) {
      const a = annotations[c.id] as Extract<Annotation, { kind: 'cuboid' }>;
      const refs = boxes.get(`${a.object}\u0000${a.sample}`) ?? [];
      const cam = refs.length ? cameraOf(sensorId, a.sample) : null;
      orders.forEach((o, i) => {
        const g = uprightCameraCuboid(c.parts, o);
        tallies[i].addSize(c.classId, g.size);
        if (!cam) return;
        const p = cuboidBox(cuboidCorners(g), cam);
        // the file's box of this object: the best-matching one if it has several on this sample
        const best = Math.max(0, ...refs.map((r) => (p ? iou(r, { x0: p.box[0], y0: p.box[1], x1: p.box[2], y1: p.box[3] }) : 0)));
        tallies[i].addIoU(c.classId, best);
      });
    }
    const report = decideConvention('cuboid size order', `${group.length} cuboids in ${sensorId}'s coordinate system`, group.length, tallies.map((t) => t.result()), reading === 'auto' ? undefined : reading);
    const order = report.chosen as CuboidSizeOrder;
    for (const c of group) Object.assign(annotations[c.id], uprightCameraCuboid(c.parts, order));
    reports.push(report);
  }
  return reports;
}
