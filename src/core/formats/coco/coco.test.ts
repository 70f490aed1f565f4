import { describe, expect, it } from 'vitest';
import { allAnnotations, partitionAnnotations, Scene, type Annotation } from '../../schema';
import { makeTestScene } from '../../commands/testScene';
import { exportCoco, importSamMasks, rleDecode, rleFromString, validateCoco } from './index';

/** Test scene plus: sample uris, a polygon, a mask, a not-visible marker and a cuboid on the camera. */
function scene(): Scene {
  const s = makeTestScene();
  s.streams[0].samples[0].uri = 'image_2/000000.png';
  s.streams[0].samples[1].uri = 'image_2/000001.png';
  const cam = s.sensors[0];
  if (cam.kind !== 'camera') throw new Error('test scene: sensor 0 should be the camera');
  s.streams[0].samples[1].intrinsics = { ...cam.intrinsics, width: 640, height: 480 };
  // mask on c1 (640x480): rows 10..19, columns 20..49 → 300 px, bbox [20, 10, 30, 10] (hand-computed)
  const m = new Uint8Array(480 * 640);
  for (let y = 10; y < 20; y++) for (let x = 20; x < 50; x++) m[y * 640 + x] = 1;
  const add = {
    p1: { id: 'p1', kind: 'polygon', object: 'o2', sensor: 'cam', sample: 'c0', points: [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 0, y: 10 }] },
    m1: { id: 'm1', kind: 'mask', object: 'o3', sensor: 'cam', sample: 'c1', source: 'model', score: 0.9, rle: { size: [480, 640], counts: runs(m, 480, 640) } },
    n1: { id: 'n1', kind: 'notVisible', object: 'o2', sensor: 'cam', sample: 'c1', reason: 'occluded' },
    s1: { id: 's1', kind: 'box2d', object: 'o4', sensor: 'cam', sample: 'c1', x0: 1, y0: 1, x1: 2, y1: 2 },
  };
  return Scene.parse({ ...s, annotations: partitionAnnotations([...allAnnotations(s), ...(Object.values(add) as Annotation[])]) });
}
/** Plain column-major run counting, written out separately from rleEncode. */
function runs(m: Uint8Array, h: number, w: number): number[] {
  const col: number[] = [];
  for (let x = 0; x < w; x++) for (let y = 0; y < h; y++) col.push(m[y * w + x]);
  const out = [0];
  let v = 0;
  for (const b of col) {
    if (b !== v) { out.push(0); v = b; }
    out[out.length - 1]++;
  }
  return out;
}

describe('exportCoco', () => {
  it('writes images, categories and annotations with hand-checked geometry', () => {
    const { json, summary } = exportCoco(scene(), 'cam');
    expect(json.images).toEqual([
      { id: 1, file_name: 'image_2/000000.png', width: 1242, height: 375 },
      { id: 2, file_name: 'image_2/000001.png', width: 640, height: 480 }, // per-sample intrinsics win
    ]);
    // 'speaker' applies to audio/video/text only → not a category; ids follow taxonomy order
    expect(json.categories.map((c) => c.name)).not.toContain('speaker');
    expect(json.categories[0]).toEqual({ id: 1, name: 'car', supercategory: 'Car' });
    const byAnn = new Map(json.annotations.map((a) => [a.attributes?.annotation_id, a]));
    const carCat = json.categories.find((c) => c.name === 'car')!.id;
    // a2: x0 100 y0 150 x1 200 y1 220 → [100, 150, 100, 70], area 7000
    expect(byAnn.get('a2')).toMatchObject({ image_id: 1, category_id: carCat, bbox: [100, 150, 100, 70], area: 7000, iscrowd: 0, attributes: { object_id: 'o1' } });
    // right triangle with legs 10 → area 50
    expect(byAnn.get('p1')).toMatchObject({ bbox: [0, 0, 10, 10], area: 50, segmentation: [[0, 0, 10, 0, 0, 10]], attributes: { object_id: 'o2' } });
    const m1 = byAnn.get('m1')!;
    expect(m1).toMatchObject({ image_id: 2, bbox: [20, 10, 30, 10], area: 300, score: 0.9 });
    const seg = m1.segmentation as { size: [number, number]; counts: string };
    expect(typeof seg.counts).toBe('string');
    expect(rleDecode({ size: seg.size, counts: rleFromString(seg.counts) }).reduce((s, v) => s + v, 0)).toBe(300);
    expect(summary.written).toMatchObject({ box2d: 1, polygon: 1, mask: 1, images: 2 });
    expect(summary.dropped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ what: 'notVisible', count: 1 }),
        expect.objectContaining({ what: 'box2d', count: 1, reason: expect.stringMatching(/speaker/) }),
      ]),
    );
    expect(validateCoco(JSON.parse(JSON.stringify(json)), 'out.json').annotations).toHaveLength(3);
  });

  it('refuses a sensor that is not a camera', () => {
    expect(() => exportCoco(scene(), 'lidar')).toThrow(/not a camera/);
  });
});

describe('validateCoco', () => {
  const good = () => ({
    images: [{ id: 1, file_name: 'a.png', width: 4, height: 2 }],
    categories: [{ id: 7, name: 'car' }],
    annotations: [{ id: 1, image_id: 1, category_id: 7, bbox: [0, 0, 1, 1], area: 1, iscrowd: 0, segmentation: { size: [2, 4], counts: [0, 1, 7] } }],
  });
  it('accepts a well-formed file', () => expect(validateCoco(good(), 'g.json').categories[0].id).toBe(7));
  it('names the file and JSON path of each problem', () => {
    const bad1 = good();
    (bad1.annotations[0] as { bbox: unknown }).bbox = [0, 0, -1, 1];
    expect(() => validateCoco(bad1, 'b.json')).toThrow(/^b\.json at annotations\[0\]\.bbox\[2\]: must be >= 0/);
    const bad2 = good();
    bad2.annotations[0].category_id = 3;
    expect(() => validateCoco(bad2, 'b.json')).toThrow(/annotations\[0\]\.category_id: category_id 3 is not in categories/);
    const bad3 = good();
    bad3.annotations[0].segmentation.counts = [0, 1, 6];
    expect(() => validateCoco(bad3, 'b.json')).toThrow(/segmentation\.counts: RLE counts sum to 7, expected h\*w = 8/);
    expect(() => validateCoco({ images: [] }, 'c.json')).toThrow(/^c\.json at annotations:/);
  });
});

describe('importSamMasks', () => {
  it('turns coco_rle, uncompressed_rle and binary_mask records into model masks', () => {
    // 3x1 column [0,1,1]: uncompressed counts [1,2]; string: '1' '2' (chars 48+1, 48+2)
    const records = [
      { segmentation: { size: [3, 1], counts: '12' }, bbox: [0, 1, 0, 1], predicted_iou: 0.95, stability_score: 0.97, point_coords: [[0, 1.5]], crop_box: [0, 0, 1, 3], area: 2 },
      { segmentation: { size: [3, 1], counts: [1, 2] }, bbox: [0, 1, 0, 1], predicted_iou: 0.5 },
      { segmentation: [[false], [true], [true]], bbox: [0, 1, 0, 1], predicted_iou: 0.25 },
    ];
    const { objects, annotations } = importSamMasks(records, { sensor: 'cam', sample: 'c0', classId: 'car' }, 'sam.json');
    expect(objects).toHaveLength(3);
    expect(annotations.map((a) => [a.source, a.score, a.rle.counts, a.object === objects[annotations.indexOf(a)].id])).toEqual([
      ['model', 0.95, '12', true],
      ['model', 0.5, '12', true],
      ['model', 0.25, '12', true],
    ]);
    expect(annotations[0].metadata).toMatchObject({ sam: { bbox: [0, 1, 0, 1], stability_score: 0.97 } });
  });
  it('reports the record and field of a malformed mask', () => {
    expect(() => importSamMasks([{ segmentation: { size: [3, 1], counts: [1, 1] }, bbox: [0, 0, 1, 1], predicted_iou: 1 }], { sensor: 'cam', sample: 'c0', classId: 'car' }, 'sam.json')).toThrow(
      /^sam\.json at \[0\]\.segmentation\.counts: RLE counts sum to 2, expected h\*w = 3/,
    );
    expect(() => importSamMasks([{ segmentation: { size: [3, 1], counts: '12' }, bbox: [0, 0, 1, 1] }], { sensor: 'cam', sample: 'c0', classId: 'car' }, 'sam.json')).toThrow(/^sam\.json at \[0\]\.predicted_iou/);
  });
});
