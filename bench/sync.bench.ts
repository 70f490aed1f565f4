/**
 * Offset estimation (core/time/sync.ts) on the real KITTI tracking sequence 0003 (388 boxes and
 * cuboids of 9 tracks, 144 frames at 10 Hz; fixtures/kitti-tracking), with the camera 50 ms late.
 * Baselines measured in the same run: a full tier-1 QA run of the same scene (runChecks, no
 * sweeps), and one projection of every cuboid into the camera (projectSceneCuboids) — the least
 * work any label-based estimate must do. Decides where the estimate may run: not on every edit
 * (live QA's per-edit budget is a few ms), on demand (the `sync` CLI, checkOffsetEstimates).
 * Medians over repeated runs (timeMs).
 */
import { projectSceneCuboids } from '../src/core/projection';
import { runChecks } from '../src/core/qa';
import { estimateCameraLidarOffset } from '../src/core/time/sync';
import { kittiTracking0003, shiftSampleTimes } from '../src/core/time/testScene';
import { timeMs, type Harness } from './harness';

export default function syncBench(h: Harness): void {
  const scene = shiftSampleTimes(kittiTracking0003(), 'image_02', 0.05);
  const run = () => estimateCameraLidarOffset(scene, 'image_02', 'velodyne');
  const e = run();
  const ours = timeMs(run, 15, 3);
  const note = `estimate ${(e.offset * 1e3).toFixed(1)} ± ${(e.uncertainty * 1e3).toFixed(1)} ms for an injected +50 ms`;
  h.time('sync estimate camera–LiDAR, KITTI 0003 (388 boxes)', ours, timeMs(() => void runChecks(scene), 15, 3), 'runChecks same scene', note);
  h.time('sync estimate camera–LiDAR, KITTI 0003 vs one projection pass', ours, timeMs(() => void projectSceneCuboids(scene, { camera: 'image_02' }), 15, 3), 'projectSceneCuboids');
  h.time('sync estimate without the bootstrap (curvature only)', timeMs(() => void estimateCameraLidarOffset(scene, 'image_02', 'velodyne', { bootstrap: 0 }), 15, 3), ours, 'with 200 bootstrap resamples');
}
