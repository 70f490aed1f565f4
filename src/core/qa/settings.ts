/**
 * Every QA tolerance in one place. Units: pixels, square pixels, points, seconds, seconds per second.
 * `DEFAULT_QA_SETTINGS` suits a 10 Hz driving rig (KITTI, nuScenes); the UI and CLI may override any field.
 */
import { z } from 'zod';

export const QaSettings = z.object({
  /** A camera box with IoU below this against its cuboid's projected box is an error. */
  minIoU: z.number().min(0).max(1).default(0.5),
  /** Largest edge deviation (px) between a camera box and its projected cuboid box: above → warning. */
  maxEdgePxWarning: z.number().nonnegative().default(5),
  /** … above → error. */
  maxEdgePxError: z.number().nonnegative().default(30),
  /** A cuboid with fewer LiDAR points inside (boundary inclusive) is a warning. */
  minLidarPoints: z.number().int().nonnegative().default(5),
  /** A projected cuboid box smaller than this (px²) is not expected to be labelled in the camera. */
  minVisibleAreaPx: z.number().nonnegative().default(400),
  /** A projected cuboid box truncated more than this (0..1) is not expected to be labelled. */
  maxVisibleTruncation: z.number().min(0).max(1).default(0.8),
  /** A camera box whose frustum holds at least this many LiDAR points should have a cuboid. */
  minFrustumPoints: z.number().int().nonnegative().default(10),
  /** Largest |stream offset| (s) before a warning. */
  maxStreamOffset: z.number().nonnegative().default(0.01),
  /** Largest |stream drift| (s/s) before a warning. */
  maxStreamDrift: z.number().nonnegative().default(1e-4),
  /** Largest time difference (s) between a camera sample and its paired LiDAR sample. */
  maxPairDt: z.number().nonnegative().default(0.05),
  /**
   * Largest camera–LiDAR desync (s): the time gap between a camera sample and its paired LiDAR
   * sample on a triggered rig (no per-sample ego poses, core/time/rig.ts), and the offset estimated
   * from moving objects (core/time/sync.ts) on any rig.
   */
  maxSyncGap: z.number().nonnegative().default(0.01),
  /** A projected box covered by an ignore region (DontCare) by at least this fraction is not expected to be labelled. */
  ignoreCoverage: z.number().min(0).max(1).default(0.5),
});
export type QaSettings = z.infer<typeof QaSettings>;
export type QaSettingsInput = z.input<typeof QaSettings>;

export const DEFAULT_QA_SETTINGS: QaSettings = QaSettings.parse({});

/** Defaults overlaid with `partial`, validated (throws a ZodError naming the bad field). */
export const qaSettings = (partial: QaSettingsInput = {}): QaSettings => QaSettings.parse({ ...DEFAULT_QA_SETTINGS, ...partial });
