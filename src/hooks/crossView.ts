/**
 * The cross-view cursor's geometry: for the active camera and the scene's LiDAR at the playhead,
 * the camera model and the transforms between the LiDAR frame and the camera frame (built once
 * per document / sample pair; hover events then only multiply).
 */
import { useMemo } from 'react';
import { createCameraModel, FrameGraph, projectPoint, unprojectPixel, type CameraModel } from '../core/calibration';
import { mat4, type Mat4 } from '../core/math';
import type { CameraSensor, LidarSensor, Sample } from '../core/schema';
import { useCurrentSample, useScene, useSensors } from './sceneHooks';
import { useWorkbench } from './storeContext';

export interface CameraLink {
  camera: CameraSensor;
  lidar: LidarSensor;
  cameraSample: Sample;
  model: CameraModel;
  camFromLidar: Mat4;
  lidarFromCam: Mat4;
}

export function useCameraLink(): CameraLink | null {
  const scene = useScene();
  const cameras = useSensors('camera');
  const lidars = useSensors('lidar');
  const activeId = useWorkbench((s) => s.session.activeCamera);
  const camera = cameras.find((c) => c.id === activeId) ?? cameras[0];
  const lidar = lidars[0];
  const camSample = useCurrentSample(camera?.id);
  const lidarSample = useCurrentSample(lidar?.id);
  return useMemo(() => {
    if (!scene || !camera || !lidar || !camSample || !lidarSample) return null;
    try {
      const model = createCameraModel(camSample.intrinsics ?? camera.intrinsics, camera.id);
      const T = FrameGraph.fromScene(scene, [lidarSample, camSample]).resolve(lidar.frame, camera.frame).m;
      return { camera, lidar, cameraSample: camSample, model, camFromLidar: T, lidarFromCam: mat4.invert(T) };
    } catch {
      return null; // broken calibration: no cursor (QA reports it)
    }
  }, [scene, camera, lidar, camSample, lidarSample]);
}

/** A LiDAR-frame point → pixel in the linked camera, or null when it is behind or outside the image. */
export function lidarPointToPixel(link: CameraLink, x: number, y: number, z: number): { u: number; v: number } | null {
  const c = mat4.applyToPoint(link.camFromLidar, x, y, z);
  const px = [0, 0];
  if (!projectPoint(link.model, c[0], c[1], c[2], px)) return null;
  const [u, v] = px;
  return u >= 0 && v >= 0 && u <= link.model.width && v <= link.model.height ? { u, v } : null;
}

/** A pixel → its viewing ray in the LiDAR frame (origin = camera centre, unit direction). */
export function pixelToLidarRay(link: CameraLink, u: number, v: number): { origin: number[]; dir: number[] } | null {
  const d = [0, 0, 0];
  if (!unprojectPixel(link.model, u, v, d)) return null;
  const m = link.lidarFromCam;
  const origin = [m[3], m[7], m[11]];
  const dir = [m[0] * d[0] + m[1] * d[1] + m[2] * d[2], m[4] * d[0] + m[5] * d[1] + m[6] * d[2], m[8] * d[0] + m[9] * d[1] + m[10] * d[2]];
  return { origin, dir };
}
