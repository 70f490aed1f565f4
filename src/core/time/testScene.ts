/**
 * Test helper (Node only): KITTI tracking sequence 0003 as a scene — the camera image_02 and the
 * Velodyne at KITTI's 10 Hz (t = frame × 0.1 s), 9 tracks with a box and a cuboid on each of their
 * 388 (frame, track) rows — built from fixtures/kitti-tracking (label_02/0003.txt, calib/0003.txt;
 * provenance in that folder) by the KITTI tracking importer. A fresh copy each call.
 */
import { readFileSync } from 'node:fs';
import { importKittiTrackingLabels, kittiTrackingScene, parseKittiCalib, parseKittiTrackingLabels } from '../formats/kitti';
import type { Scene } from '../schema';

export const KITTI_0003_LABELS = 'fixtures/kitti-tracking/label_02/0003.txt';
export const KITTI_0003_CALIB = 'fixtures/kitti-tracking/calib/0003.txt';

let cached: Scene | undefined;

export function kittiTracking0003(): Scene {
  if (!cached) {
    const rows = parseKittiTrackingLabels(readFileSync(KITTI_0003_LABELS, 'utf8'), KITTI_0003_LABELS);
    const frameCount = rows.reduce((m, r) => Math.max(m, r.frame + 1), 0);
    const base = kittiTrackingScene({ sequence: '0003', calib: parseKittiCalib(readFileSync(KITTI_0003_CALIB, 'utf8'), KITTI_0003_CALIB), frameCount });
    cached = importKittiTrackingLabels(base, rows, { camera: 'image_02', lidar: 'velodyne' }).scene;
  }
  return structuredClone(cached);
}

/**
 * A copy of `scene` with every sample time of `sensor`'s streams moved by `dt` seconds (the data
 * stays, its timestamps move). A new scene object: indexes are memoised per scene (sampleIndexOf).
 */
export function shiftSampleTimes(scene: Scene, sensor: string, dt: number): Scene {
  const out = structuredClone(scene);
  for (const st of out.streams) if (st.sensor === sensor) for (const s of st.samples) s.t += dt;
  return out;
}
