/**
 * Test helpers (Node only; used by *.test.ts and the bench): scenes imported from the real KITTI
 * frames bundled in public/demo/kitti, and their Velodyne sweeps as QaInputs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importKitti } from '../formats/kitti';
import { DEMO_DIR, demoFiles, memorySource } from '../formats/kitti/testing';
import { readPointCloud } from '../formats/pointcloud';
import type { Scene } from '../schema';
import type { PointsInput, QaInputs } from './adapters';

/** Real PNG sizes of the demo frames (from `file public/demo/kitti/image_2/*.png`). */
export const DEMO_IMAGE_SIZES: Record<string, { width: number; height: number }> = {
  '000000': { width: 1224, height: 370 },
  '000001': { width: 1242, height: 375 },
  '000002': { width: 1242, height: 375 },
};

/** A scene of the given demo frames (fresh copy each call, safe to mutate). */
export async function kittiScene(frames: string[]): Promise<Scene> {
  const { scene } = await importKitti(memorySource('demo', demoFiles('', frames)), { imageSizes: DEMO_IMAGE_SIZES });
  return scene;
}

const clouds = new Map<string, PointsInput>();

/** The demo frames' Velodyne sweeps (zero-copy x y z r views, stride 4), keyed by sample id `velodyne/<frame>`. */
export function kittiInputs(): QaInputs {
  return {
    cloudOf: (sensor, sample) => {
      if (sensor !== 'velodyne') return undefined;
      let p = clouds.get(sample);
      if (!p) {
        const file = join(DEMO_DIR, `${sample}.bin`);
        const cloud = readPointCloud(readFileSync(file), file);
        p = { positions: cloud.positions, stride: cloud.stride, origin: cloud.origin };
        clouds.set(sample, p);
      }
      return p;
    },
  };
}
