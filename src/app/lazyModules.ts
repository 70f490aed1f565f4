/**
 * Code that only some gestures need, loaded when first used so the first paint stays small
 * (bench/firstPaint.bench.ts measures it): the demo loaders (KITTI / nuScenes importers) and the
 * file importers (every format module). Same signatures as the modules they wrap.
 */
import type { Scene } from '../core/schema';
import type { WorkbenchStore } from '../store';
import type { ImportOptions, ImportOutcome } from './importFiles';

export async function loadDemoScene(): Promise<{ scene: Scene; source: string }> {
  return (await import('./demo')).loadDemoScene();
}

export async function loadNuScenesDemo(): Promise<{ scene: Scene; source: string }> {
  return (await import('./demo')).loadNuScenesDemo();
}

/** The header's demo selector: option value → its loader (the KITTI object frames for 'kitti' or anything unknown). */
export async function loadDemoByName(which: string): Promise<{ scene: Scene; source: string }> {
  const demo = await import('./demo');
  switch (which) {
    case 'nuscenes':
      return demo.loadNuScenesDemo();
    case 'sequence':
      return demo.loadSequenceDemo();
    case 'talking':
      return demo.loadTalkingDemo();
    case 'narrated':
      return demo.loadNarratedDemo();
    default:
      return demo.loadDemoScene();
  }
}

export async function importAnyFiles(store: WorkbenchStore, files: File[], opts?: ImportOptions): Promise<ImportOutcome> {
  return (await import('./importFiles')).importAnyFiles(store, files, opts);
}

export { filesFromDataTransfer } from './dropFiles';

/** Starts loading the LiDAR pane's chunk (three + R3F); the promise is shared with React.lazy. */
let lidarChunk: Promise<typeof import('../views/lidar/LidarPane')> | null = null;
export function loadLidarChunk(): Promise<typeof import('../views/lidar/LidarPane')> {
  return (lidarChunk ??= import('../views/lidar/LidarPane'));
}
