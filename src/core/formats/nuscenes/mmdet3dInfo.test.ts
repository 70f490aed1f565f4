import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { iou, projectSceneCuboids } from '../../projection';
import { importMmdet3dInfo } from './mmdet3dInfo';

// Python's json.dumps wrote bare NaN (some velocities); as JSON that is null
const json = JSON.parse(readFileSync('fixtures/nuscenes/mmdet3d_info_v1.1.json', 'utf8').replace(/\bNaN\b/g, 'null'));

describe('nuScenes keyframe from an mmdetection3d info record', () => {
  it('imports six cameras, the LiDAR and every 3D box, with the cameras on their own timestamps', () => {
    const { scene, warnings } = importMmdet3dInfo(json, 'info.json', { baseUri: 'demo/nuscenes' });
    expect(warnings).toEqual([]);
    expect(scene.sensors.filter((s) => s.kind === 'camera').map((s) => s.id).sort()).toEqual(['CAM_BACK', 'CAM_BACK_LEFT', 'CAM_BACK_RIGHT', 'CAM_FRONT', 'CAM_FRONT_LEFT', 'CAM_FRONT_RIGHT']);
    expect(Object.keys(scene.objects)).toHaveLength(json.data_list[0].instances.length); // 69
    const front = scene.streams.find((s) => s.sensor === 'CAM_FRONT')!.samples[0];
    // CAM_FRONT fired at ...927.612460 s, the sweep at ...927.647951 s
    expect(front.t).toBeCloseTo(1532402927.61246 - 1532402927.647951, 6);
    expect(front.uri).toBe('demo/nuscenes/n015-2018-07-24-11-22-45+0800__CAM_FRONT__1532402927612460.jpg');
  });

  it("projects its cuboids onto the reference converter's 2D boxes in all six cameras", () => {
    const { scene } = importMmdet3dInfo(json, 'info.json');
    const ours = projectSceneCuboids(scene);
    let refs = 0;
    let good = 0;
    for (const [camera, list] of Object.entries(json.data_list[0].cam_instances as Record<string, { bbox: number[] }[]>)) {
      const mine = ours.filter((p) => p.sensor === camera);
      for (const r of list) {
        refs++;
        const best = Math.max(0, ...mine.map((p) => iou({ x0: p.box[0], y0: p.box[1], x1: p.box[2], y1: p.box[3] }, { x0: r.bbox[0], y0: r.bbox[1], x1: r.bbox[2], y1: r.bbox[3] })));
        if (best >= 0.8) good++;
      }
    }
    expect(refs).toBe(84);
    // clip mode differs from mmdet3d's corner-hull rule only for boxes that leave the image or cross the near plane
    expect(good / refs).toBeGreaterThan(0.85);
  });

  it('names the file and the JSON path when the file is not an info record', () => {
    expect(() => importMmdet3dInfo({ metainfo: { categories: {} }, data_list: [{ token: 1 }] }, 'bad.json')).toThrow(/bad\.json: not an mmdetection3d nuScenes info file: \$\.data_list\.0\.token/);
  });
});
