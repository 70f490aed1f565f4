/**
 * The bundled demo scene: real KITTI frames served from public/demo/kitti, imported in the
 * browser by the same importer a dropped folder goes through.
 */
import { importKitti } from '../core/formats/kitti';
import { importMmdet3dInfo } from '../core/formats/nuscenes';
import type { Scene } from '../core/schema';
import { pngSize } from './png';

const BASE = `${import.meta.env.BASE_URL}demo/kitti`;
export const DEMO_FRAMES = ['000000', '000001', '000002'];

export async function loadDemoScene(): Promise<{ scene: Scene; source: string }> {
  const files = DEMO_FRAMES.flatMap((f) => [`calib/${f}.txt`, `label_2/${f}.txt`, `image_2/${f}.png`, `velodyne/${f}.bin`]);
  const readText = async (path: string) => {
    const res = await fetch(`${BASE}/${path}`);
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
    return res.text();
  };
  const imageSizes: Record<string, { width: number; height: number }> = {};
  await Promise.all(
    DEMO_FRAMES.map(async (f) => {
      const head = await fetch(`${BASE}/image_2/${f}.png`, { headers: { Range: 'bytes=0-31' } });
      const size = pngSize(new Uint8Array(await head.arrayBuffer()));
      if (size) imageSizes[f] = size;
    }),
  );
  const { scene } = await importKitti({ name: 'demo frames', files, readText }, { baseUri: BASE, imageSizes });
  return { scene, source: 'demo' };
}

const NUSCENES_BASE = `${import.meta.env.BASE_URL}demo/nuscenes`;

/** The 6-camera nuScenes demo keyframe (public/demo/nuscenes), from its mmdetection3d info record. */
export async function loadNuScenesDemo(): Promise<{ scene: Scene; source: string }> {
  const res = await fetch(`${NUSCENES_BASE}/info.json`);
  if (!res.ok) throw new Error(`demo/nuscenes/info.json: HTTP ${res.status}`);
  const { scene } = importMmdet3dInfo(await res.json(), 'demo/nuscenes/info.json', { baseUri: NUSCENES_BASE });
  return { scene, source: 'demo (nuScenes)' };
}
