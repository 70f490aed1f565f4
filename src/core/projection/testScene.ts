/**
 * A small scene for projection, command and CLI tests: a pinhole camera (frame camera) and a LiDAR
 * (frame lidar) whose extrinsics map lidar (x forward, y left, z up) into the camera (x right, y down,
 * z forward): x_cam = -y, y_cam = -z, z_cam = x. Two cuboids. Camera sample `c1` shares the frame
 * label "A" with LiDAR sample `l0`; `l1` pairs by time with `c0`.
 */
import { DEFAULT_TAXONOMY, partitionAnnotations, Scene, type SceneInput } from '../schema';

export const PROJ_CAMERA = { width: 1000, height: 500, fx: 500, fy: 500, cx: 500, cy: 250 };

export function projectionSceneInput(): SceneInput {
  return {
    schemaVersion: 3,
    id: 'proj',
    name: 'Projection test scene',
    taxonomy: structuredClone(DEFAULT_TAXONOMY),
    sensors: [
      { id: 'cam', name: 'CAM', kind: 'camera', frame: 'camera', intrinsics: { ...PROJ_CAMERA } },
      {
        id: 'lidar', name: 'LIDAR', kind: 'lidar', frame: 'lidar',
        extrinsics: { from: 'lidar', to: 'camera', repr: { kind: 'matrix4x4', rowMajor: [0, -1, 0, 0, 0, 0, -1, 0, 1, 0, 0, 0, 0, 0, 0, 1] } },
      },
    ],
    streams: [
      { id: 'cam', sensor: 'cam', samples: [{ id: 'c0', t: 0.04 }, { id: 'c1', t: 0.5, frame: 'A' }] },
      { id: 'lidar', sensor: 'lidar', samples: [{ id: 'l0', t: 0, frame: 'A' }, { id: 'l1', t: 0.06 }] },
    ],
    objects: {
      o1: { id: 'o1', classId: 'car', attributes: {} },
      o2: { id: 'o2', classId: 'car', attributes: {} },
    },
    annotations: partitionAnnotations({
      // centre 10 m ahead: in the camera x ∈ [-1, 1], y ∈ [-0.75, 0.75], z ∈ [8, 12]
      k1: { id: 'k1', kind: 'cuboid', object: 'o1', sensor: 'lidar', sample: 'l0', center: { x: 10, y: 0, z: 0 }, size: { l: 4, w: 2, h: 1.5 }, rotation: { x: 0, y: 0, z: 0, w: 1 } },
      // behind the car: never visible
      k2: { id: 'k2', kind: 'cuboid', object: 'o2', sensor: 'lidar', sample: 'l1', center: { x: -10, y: 0, z: 0 }, size: { l: 4, w: 2, h: 1.5 }, rotation: { x: 0, y: 0, z: 0, w: 1 } },
    }),
  };
}

export const makeProjectionScene = (): Scene => Scene.parse(projectionSceneInput());
