/**
 * `temporal.offset-estimate` (warning): a camera stream whose clock offset against a LiDAR stream,
 * estimated from moving objects labelled in both (core/time/sync.ts), exceeds `maxSyncGap`. One
 * finding per (camera, LiDAR) pair; pairs without the evidence for an estimate give none.
 *
 * Not one of TIER1_CHECKS on purpose: the estimate reads every box and cuboid of the pair (about
 * 25 ms for KITTI tracking 0003's 388 boxes, bench/sync.bench.ts), so running it on every edit would
 * break live QA's per-edit budget. Run it on demand (the `sync` CLI, a "check sync" action).
 */
import type { Scene } from '../../schema';
import { estimateCameraLidarOffset, SyncEvidenceError, type CameraLidarOptions } from '../../time/sync';
import { finding, type Finding } from '../finding';
import { DEFAULT_QA_SETTINGS, type QaSettings } from '../settings';

const ms = (t: number): string => `${(t * 1e3).toFixed(1)} ms`;

export function checkOffsetEstimates(scene: Scene, settings: QaSettings = DEFAULT_QA_SETTINGS, opts: CameraLidarOptions = {}): Finding[] {
  const out: Finding[] = [];
  for (const cam of scene.sensors) {
    if (cam.kind !== 'camera') continue;
    for (const lidar of scene.sensors) {
      if (lidar.kind !== 'lidar') continue;
      let e;
      try {
        e = estimateCameraLidarOffset(scene, cam.id, lidar.id, opts);
      } catch (err) {
        if (err instanceof SyncEvidenceError) continue;
        throw err;
      }
      if (Math.abs(e.offset) <= settings.maxSyncGap) continue;
      out.push(
        finding({
          check: 'temporal.offset-estimate',
          severity: 'warning',
          sensors: [cam.id, lidar.id],
          key: `${e.stream}|${e.reference}`,
          message: `camera stream "${e.stream}" is ${ms(Math.abs(e.offset))} ${e.offset > 0 ? 'late' : 'early'} (± ${ms(e.uncertainty)}) against LiDAR stream "${e.reference}", estimated from ${e.evidence} (tolerance ${ms(settings.maxSyncGap)}); to correct it, change the stream's offset by ${e.offset > 0 ? '−' : '+'}${ms(Math.abs(e.offset))}`,
          measured: { name: 'offset', value: e.offset, unit: 's', tolerance: settings.maxSyncGap },
        }),
      );
    }
  }
  return out;
}
