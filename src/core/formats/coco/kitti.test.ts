import { describe, expect, it } from 'vitest';
import { importKitti } from '../kitti/import';
import { DEMO_FRAMES, demoFiles, demoText, memorySource } from '../kitti/testing';
import { exportCoco } from './export';
import { validateCoco } from './validate';

// The three real KITTI demo frames (public/demo/kitti). Image sizes come from the PNG headers
// (`file public/demo/kitti/image_2/*`: 000000 is 1224x370, the others 1242x375).
const SIZES = { '000000': { width: 1224, height: 370 }, '000001': { width: 1242, height: 375 }, '000002': { width: 1242, height: 375 } };

describe('exportCoco on the KITTI demo frames', () => {
  it('writes one image per frame with its own size and the label_2 boxes as [x, y, w, h]', async () => {
    const { scene } = await importKitti(memorySource('demo', demoFiles()), { imageSizes: SIZES });
    const camera = scene.sensors.find((s) => s.kind === 'camera')!.id;
    const { json, summary } = exportCoco(scene, camera);
    expect(json.images.map((im) => [im.file_name.split('/').pop(), im.width, im.height])).toEqual(DEMO_FRAMES.map((f) => [`${f}.png`, SIZES[f as keyof typeof SIZES].width, SIZES[f as keyof typeof SIZES].height]));
    // every non-DontCare label_2 row is one box; DontCare rows become ignore regions, which COCO cannot hold
    const rows = DEMO_FRAMES.flatMap((f) => demoText(`label_2/${f}.txt`).trim().split('\n'));
    const dontCare = rows.filter((r) => r.startsWith('DontCare')).length;
    expect(json.annotations).toHaveLength(rows.length - dontCare);
    expect(summary.dropped).toContainEqual({ what: 'ignore region', count: dontCare, reason: expect.any(String) });
    // label_2/000001.txt line 1: "Truck … 599.41 156.40 629.75 189.25" → [599.41, 156.40, 30.34, 32.85]
    const truck = json.annotations.find((a) => a.image_id === 2 && json.categories.find((c) => c.id === a.category_id)?.name === 'truck')!;
    expect(truck.bbox[0]).toBeCloseTo(599.41, 6);
    expect(truck.bbox[1]).toBeCloseTo(156.4, 6);
    expect(truck.bbox[2]).toBeCloseTo(30.34, 6);
    expect(truck.bbox[3]).toBeCloseTo(32.85, 6);
    expect(scene.objects[String(truck.attributes?.object_id)].classId).toBe('truck');
    validateCoco(JSON.parse(JSON.stringify(json)), 'kitti-coco.json');
  });
});
