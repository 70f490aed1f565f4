/**
 * The nature of a camera–LiDAR rig, which decides whether a time gap between a camera sample and
 * its LiDAR sample is legitimate:
 * - `motion-compensated` (nuScenes): every sample carries its own ego pose, the pose of the vehicle
 *   at that sample's own time, so projection moves LiDAR geometry through the ego motion between
 *   the two times and the cameras may fire tens of ms away from the sweep;
 * - `triggered` (KITTI): no per-sample ego pose (or only one pose per frame, shared by every sensor
 *   of the frame), so camera and LiDAR must be captured together and a gap is a desync.
 *
 * Decision, per (camera, LiDAR) pair, from the samples alone (QA reads no metadata: live QA treats
 * `metadata` as inert): motion-compensated iff some camera sample and its paired LiDAR sample (same
 * frame label, else nearest time) both carry a per-sample transform between the same two frames
 * (an ego → world pose such as nuScenes' `ego` → `global`) and the two differ: each sample has its
 * own pose. KITTI's OpenLABEL files (Vicomtech) carry `vehicle-iso8855` → `odom` per frame, equal
 * on the camera and LiDAR samples of a frame: triggered. A KITTI object frame's per-frame
 * calibration (velodyne → camera_0 on both samples, equal) is not a pose either: triggered.
 */
import type { Sample, Scene, Transform } from '../schema';
import { sampleIndexOf } from '../projection/sampleIndex';

export type RigNature = 'motion-compensated' | 'triggered';

export interface RigDecision {
  nature: RigNature;
  /** Why, in one sentence (shown in QA messages and the CLI). */
  reason: string;
}

/** Largest difference between two transforms' numbers that still counts as the same pose. */
const SAME_POSE = 1e-9;

function reprNumbers(t: Transform): number[] {
  const r = t.repr;
  if (r.kind === 'matrix4x4') return r.rowMajor;
  // q and −q are one rotation: compare with w ≥ 0
  const s = r.rotation.w < 0 ? -1 : 1;
  return [s * r.rotation.x, s * r.rotation.y, s * r.rotation.z, s * r.rotation.w, r.translation.x, r.translation.y, r.translation.z];
}

function samePose(a: Transform, b: Transform): boolean {
  if (a.repr.kind !== b.repr.kind) return false;
  const x = reprNumbers(a), y = reprNumbers(b);
  for (let i = 0; i < x.length; i++) if (Math.abs(x[i] - y[i]) > SAME_POSE * Math.max(1, Math.abs(x[i]))) return false;
  return true;
}

/** A transform between the same two frames carried by both samples, with different values: each sample's own pose. */
function ownPoses(a: Sample, b: Sample): { from: string; to: string } | undefined {
  if (!a.transforms?.length || !b.transforms?.length) return undefined;
  for (const x of a.transforms)
    for (const y of b.transforms) if (x.from === y.from && x.to === y.to && !samePose(x, y)) return { from: x.from, to: x.to };
  return undefined;
}

/** The rig nature of the pair (camera, lidar); see the header. */
export function rigNature(scene: Scene, camera: string, lidar: string): RigDecision {
  const index = sampleIndexOf(scene);
  for (const st of scene.streams) {
    if (st.sensor !== camera) continue;
    for (const sample of st.samples) {
      if (!sample.transforms?.length) continue;
      const c = index.sample(camera, sample.id);
      const l = c && index.pair(c, lidar);
      const own = l && ownPoses(sample, l.sample);
      if (own) return { nature: 'motion-compensated', reason: `samples carry their own ${own.from} → ${own.to} pose (camera sample "${sample.id}" and LiDAR sample "${l.sample.id}" differ)` };
    }
  }
  return { nature: 'triggered', reason: 'samples carry no per-sample ego pose of their own, so camera and LiDAR must be captured together (a triggered, KITTI-style rig)' };
}
