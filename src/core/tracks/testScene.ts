/**
 * A small scene for track tests: a LiDAR and a camera, 11 frames each ("frame 0" … "frame 10"),
 * sampled irregularly (the times below are made up, not from a recording), one car with cuboid
 * keyframes at frames 1 and 10 and 2D box keyframes at frames 1 and 10; a van, a second car and a
 * speaker with no annotations. The LiDAR's extrinsics put its frame in the camera's (as in
 * projection/testScene.ts), so cuboids project into the camera. Built by hand; plain
 * code (no test-runner import) so benches and other tests can use it.
 */
import { DEFAULT_TAXONOMY, partitionAnnotations, Scene } from '../schema';
import { fromYaw } from '../math/quaternion';

/** LiDAR sample times, seconds: irregular on purpose (gaps of 0.1, 0.05, 0.15 … s). */
export const LIDAR_T = [0, 0.1, 0.15, 0.3, 0.4, 0.42, 0.6, 0.7, 0.75, 0.9, 1.0];
/** Camera sample times: the LiDAR's + 0.01 s, except frame 5 (0.48 s). */
export const CAMERA_T = [0.01, 0.11, 0.16, 0.31, 0.41, 0.48, 0.61, 0.71, 0.76, 0.91, 1.01];

export const K1 = { center: { x: 10, y: 2, z: -1 }, size: { l: 4, w: 1.8, h: 1.5 }, yaw: 170 * (Math.PI / 180) };
export const K10 = { center: { x: 19, y: -7, z: -0.1 }, size: { l: 4.6, w: 2.0, h: 1.6 }, yaw: -170 * (Math.PI / 180) };
export const B1 = { x0: 100, y0: 150, x1: 200, y1: 220 };
export const B10 = { x0: 280, y0: 140, x1: 420, y1: 250 };

export function makeTrackScene(): Scene {
  const stream = (sensor: string, ts: number[]) => ({ id: sensor, sensor, samples: ts.map((t, i) => ({ id: `${sensor[0]}${i}`, t, frame: String(i) })) });
  return Scene.parse({
    schemaVersion: 3,
    id: 'tracks',
    name: 'Track test scene',
    taxonomy: structuredClone(DEFAULT_TAXONOMY),
    sensors: [
      { id: 'cam', name: 'CAM', kind: 'camera', frame: 'camera_2', intrinsics: { width: 1242, height: 375, fx: 721.5, fy: 721.5, cx: 609.6, cy: 172.9 } },
      // lidar (x forward, y left, z up) → camera (x right, y down, z forward): x_cam = −y, y_cam = −z, z_cam = x
      { id: 'lidar', name: 'LIDAR', kind: 'lidar', frame: 'velodyne', extrinsics: { from: 'velodyne', to: 'camera_2', repr: { kind: 'matrix4x4', rowMajor: [0, -1, 0, 0, 0, 0, -1, 0, 1, 0, 0, 0, 0, 0, 0, 1] } } },
      { id: 'mic', name: 'MIC', kind: 'audio', sampleRate: 16000 },
    ],
    streams: [stream('cam', CAMERA_T), stream('lidar', LIDAR_T), { id: 'mic', sensor: 'mic', samples: [{ id: 'm0', t: 0, duration: 2 }] }],
    objects: {
      car: { id: 'car', classId: 'car', name: 'Car 1', attributes: { occluded: 'none' } },
      van: { id: 'van', classId: 'van', attributes: {} },
      car2: { id: 'car2', classId: 'car', name: 'Car 2', attributes: {} },
      spk: { id: 'spk', classId: 'speaker', attributes: {} },
    },
    annotations: partitionAnnotations([
      { id: 'k1', kind: 'cuboid', object: 'car', sensor: 'lidar', sample: 'l1', center: K1.center, size: K1.size, rotation: fromYaw(K1.yaw), attributes: { moving: true } },
      { id: 'k10', kind: 'cuboid', object: 'car', sensor: 'lidar', sample: 'l10', center: K10.center, size: K10.size, rotation: fromYaw(K10.yaw) },
      { id: 'b1', kind: 'box2d', object: 'car', sensor: 'cam', sample: 'c1', ...B1 },
      { id: 'b10', kind: 'box2d', object: 'car', sensor: 'cam', sample: 'c10', ...B10 },
    ]),
  });
}
