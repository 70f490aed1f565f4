import { Ajv } from 'ajv';
import { deflateSync } from 'node:zlib';
import { readOneBitPng } from '../../../../e2e/support/pngReference';
import { describe, expect, it } from 'vitest';
import type { Annotation, Mask, Scene } from '../../schema';
import { rleArea, rleDecode, rleEncode, rleFromString, rleToString } from '../coco/rle';
import { crc32 } from '../png';
import { exportOpenLabel } from './export';
import { OpenLabelPathError } from './geometry';
import { importOpenLabel } from './import';
import { maskFromItem } from './importMasks';
import schema from './openlabel_json_schema-v1.0.0.json';
import { kittiScene, kittiSceneWithMask, paintMask } from './testing/kittiScene';
import type { OpenLabelDoc } from './types';
import { validateOpenLabel } from './validate';
import { allAnnotations, getAnnotation, setAnnotation } from '../../schema';

/**
 * Normalise what OpenLABEL legitimately renumbers: object ids (uids "0", "1", … in order),
 * annotation and ignore-region ids (replaced by a content key; fromCuboid by its target's key),
 * and float noise from the bbox centre form (rounded to 1e-9).
 */
function normalise(scene: Scene): unknown {
  const objIds = new Map(Object.keys(scene.objects).map((id, i) => [id, `obj${i}`]));
  const keyOf = (a: Annotation): string => {
    const where = a.kind === 'textSpan' ? `${a.document}:${a.start}` : a.kind === 'timeSegment' ? `${a.sensor}:${a.start}` : `${a.sensor}:${a.sample}:${'x0' in a ? a.x0.toFixed(6) : 'center' in a ? a.center.x : ''}`;
    return `${a.kind}|${objIds.get(a.object)}|${where}`;
  };
  const keyById = new Map(allAnnotations(scene).map((a) => [a.id, keyOf(a)]));
  const annotations = allAnnotations(scene)
    .map((a) => ({ ...a, id: keyOf(a), object: objIds.get(a.object), ...('fromCuboid' in a && a.fromCuboid ? { fromCuboid: keyById.get(a.fromCuboid) } : {}) }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const objects = Object.values(scene.objects).map((o) => ({ ...o, id: objIds.get(o.id) }));
  const ignoreRegions = scene.ignoreRegions.map(({ id: _id, ...r }) => r);
  const round = (_k: string, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v);
  return JSON.parse(JSON.stringify({ ...scene, objects, annotations, ignoreRegions }, round));
}

describe('OpenLABEL round trip', () => {
  it('scene → OpenLABEL → scene keeps every object, geometry, link, timestamp, calibration and attribute', () => {
    const scene = kittiScene();
    const { json, summary } = exportOpenLabel(scene);
    const back = importOpenLabel(JSON.parse(JSON.stringify(json)), 'roundtrip.json');
    expect(normalise(back.scene)).toEqual(normalise(scene));
    expect(back.warnings).toEqual([]);
    expect(summary.written).toMatchObject({ objects: 4, cuboids: 2, boxes: 3, polygons: 1, notVisible: 2, timeSegments: 1, textSpans: 2, ignoreRegions: 2, documents: 1, streams: 4 });
  });

  it('writes the OpenLABEL shapes FORMATS.md §1 describes', () => {
    const { json } = exportOpenLabel(kittiScene());
    const ol = json.openlabel;
    // one uid for the pedestrian: a cuboid in the LiDAR frame and boxes in the camera, in the same master frame
    const f0 = ol.frames!['0'].objects!['0'].object_data!;
    expect(f0.cuboid[0]).toMatchObject({ name: 'box3D', coordinate_system: 'velodyne', val: [8.66, -1.8, -0.76, 0, 0, 0.0998, 0.995, 1.2, 0.48, 1.89] });
    // bbox centre form: (712.4 + 810.73) / 2, (143 + 307.92) / 2, 98.33, 164.92 (hand computation)
    const [cx, cy, w, h] = f0.bbox[0].val as number[];
    expect([cx, cy, w, h].map((v) => +v.toFixed(6))).toEqual([761.565, 225.46, 98.33, 164.92]);
    expect(f0.bbox[0].name).toBe('box2D@cam2');
    expect(f0.bbox[1].attributes?.text).toContainEqual({ name: 'source', val: 'projected' });
    expect(f0.bbox[1].attributes?.text).toContainEqual({ name: 'from_cuboid', val: '0:box3D' });
    // pose_wrt_parent maps child → parent: velodyne's pose is Tr_velo_to_cam itself (X_cam0 = Tr · X_velo)
    expect(ol.coordinate_systems!.velodyne.parent).toBe('camera_0');
    expect((ol.coordinate_systems!.velodyne.pose_wrt_parent as { matrix4x4: number[] }).matrix4x4[3]).toBe(-2.457729e-2);
    expect(ol.coordinate_systems!.fisheye_left.pose_wrt_parent).toEqual({ quaternion: [0.5, -0.5, 0.5, -0.5], translation: [0.2, 0.9, -0.4] });
    // intrinsics with the spellings Vicomtech's library writes
    const cam = ol.streams!.cam2.stream_properties!.intrinsics_pinhole as Record<string, unknown>;
    expect(cam).toMatchObject({ width_px: 1242, height_px: 375, camera_matrix_3x4: [707.0493, 0, 604.0814, 0, 0, 707.0493, 180.5066, 0, 0, 0, 1, 0], distortion_coeffs_1xN: [-0.05, 0.01, 0.001, -0.0005, 0.002] });
    expect(ol.streams!.fish.stream_properties!.intrinsics_fisheye).toMatchObject({ center_x: 640.5, lens_coeffs_1xN: [0.05, -0.01, 0.002, -0.0004] });
    // master frame 0 groups camera, LiDAR and fisheye samples labelled 000000, each with its own sync timestamp
    const sync = ol.frames!['0'].frame_properties!.streams!;
    expect(Object.keys(sync).sort()).toEqual(['cam2', 'fish', 'velo']);
    expect(sync.velo.stream_properties!.sync).toEqual({ frame_stream: 0, timestamp: 0.002 });
    expect(ol.frames!['0'].frame_properties!.timestamp).toBe(0);
    // per-sample calibration override → per-frame transforms and per-frame intrinsics
    expect(Object.values(ol.frames!['0'].frame_properties!.transforms!)[0]).toMatchObject({ src: 'camera_2', dst: 'camera_0_rect' });
    expect(sync.cam2.stream_properties!.intrinsics_pinhole).toBeDefined();
    expect(ol.objects!['0']).toMatchObject({ type: 'pedestrian', ontology_uid: '0', name: 'Pedestrian 1' });
    expect(ol.ontologies!['0']).toBe('urn:crosslabel:taxonomy:crosslabel-driving:v1');
  });

  it('every export validates against the official schema and the extra checks', () => {
    const { json } = exportOpenLabel(kittiSceneWithMask());
    expect(validateOpenLabel(json)).toEqual({ valid: true, errors: [] });
  });

  it('lists what OpenLABEL cannot hold instead of dropping it silently, and masks are no longer among it', () => {
    const { summary } = exportOpenLabel(kittiSceneWithMask());
    expect(summary.written.masks).toBe(2);
    expect(summary.dropped.map((d) => d.what)).toEqual(['taxonomy definition']);
  });

  it('a broken export that the schema alone accepts is caught by the extra checks', () => {
    const { json } = exportOpenLabel(kittiScene());
    const broken = JSON.parse(JSON.stringify(json)) as OpenLabelDoc;
    const pin = broken.openlabel.streams!.cam2.stream_properties!.intrinsics_pinhole as { camera_matrix_3x4: number[] };
    pin.camera_matrix_3x4 = pin.camera_matrix_3x4.slice(0, 11);
    // master frames: 0 = samples labelled 000000, 1 = the audio sample (t = 0, no label), 2 = 000001
    (broken.openlabel.frames!['2'].frame_properties!.streams!.velo.stream_properties!.sync as Record<string, unknown>).frame_stream = 'one';
    (broken.openlabel.frame_intervals as unknown[]).push({ frame_start: 'x' });
    broken.openlabel.frames!['0'].objects!['0'].object_data!.cuboid[0].coordinate_system = 'nowhere';
    // The official schema alone (ajv draft-07) accepts all four faults…
    const schemaOnly = new Ajv({ strict: false }).compile(schema);
    expect(schemaOnly(broken)).toBe(true);
    // …the extra checks name each one by JSON path.
    const r = validateOpenLabel(broken);
    expect(r.valid).toBe(false);
    expect(r.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        '$.openlabel.streams.cam2.stream_properties.intrinsics_pinhole.camera_matrix_3x4',
        '$.openlabel.frames["2"].frame_properties.streams.velo.stream_properties.sync.frame_stream',
        '$.openlabel.frame_intervals[1]',
        '$.openlabel.frames["0"].objects["0"].object_data.cuboid[0].coordinate_system',
      ]),
    );
    expect(r.errors.find((e) => e.path.endsWith('camera_matrix_3x4'))?.message).toMatch(/12 finite numbers.*got 11/);
  });
});

const masksOf = (s: Scene): Mask[] => allAnnotations(s).filter((a): a is Mask => a.kind === 'mask');
const countsOf = (m: Mask): number[] => (typeof m.rle.counts === 'string' ? rleFromString(m.rle.counts) : m.rle.counts);

describe('OpenLABEL masks (image object data, base64 1-bit PNG)', () => {
  it('bundle → OpenLABEL → bundle keeps both masks deep-equal (string and array counts) and their pixel areas', () => {
    const scene = kittiSceneWithMask();
    const { json, summary } = exportOpenLabel(scene);
    expect(validateOpenLabel(json)).toEqual({ valid: true, errors: [] });
    expect(summary.dropped.some((d) => /mask/.test(d.what))).toBe(false);
    const back = importOpenLabel(JSON.parse(JSON.stringify(json)), 'masks.json');
    expect(back.warnings).toEqual([]);
    expect(normalise(back.scene)).toEqual(normalise(scene));
    const area = (m: Mask) => rleArea({ size: m.rle.size, counts: countsOf(m) });
    const before = masksOf(scene).sort((a, b) => area(a) - area(b)); // car, then pedestrian
    const after = masksOf(back.scene).sort((a, b) => area(a) - area(b));
    expect(after.map((m) => back.scene.objects[m.object].name)).toEqual(['Car 1', 'Pedestrian 1']);
    expect(after.map((m) => typeof m.rle.counts)).toEqual(['string', 'object']); // car: compressed, ped: list
    expect(after.map((m) => m.rle)).toEqual(before.map((m) => m.rle));
    // the car mask is the polygon's pixels: centres in x 387.63..423.81 (columns 388..423 = 36) and y 181.54..203.12 (rows 182..202 = 21)
    expect(area(after[0])).toBe(36 * 21);
    // the pedestrian ellipse (semi-axes 45 and 80 px): area within 1 % of pi * 45 * 80
    const pedArea = area(after[1]);
    expect(pedArea).toBe(area(before[1]));
    expect(Math.abs(pedArea / (Math.PI * 45 * 80) - 1)).toBeLessThan(0.01);
  });

  it('writes image items the spec way: mask@<stream>, base64 PNG, camera coordinate system, attributes, image pointers', () => {
    const { json } = exportOpenLabel(kittiSceneWithMask());
    const ol = json.openlabel;
    const uidOf = (name: string) => Object.entries(ol.objects!).find(([, o]) => o.name === name)![0];
    const car = ol.frames!['0'].objects![uidOf('Car 1')].object_data!.image[0];
    expect(car).toMatchObject({ name: 'mask@cam2', mime_type: 'image/png', encoding: 'base64', coordinate_system: 'camera_2' });
    expect(car.attributes).toEqual({ text: [{ name: 'source', val: 'model' }], num: [{ name: 'score', val: 0.9 }] });
    const ped = ol.frames!['0'].objects![uidOf('Pedestrian 1')].object_data!.image[0];
    expect(ped.attributes!.text).toEqual([
      { name: 'rle_counts', val: 'array' },
      { name: 'quality', val: 'rough' },
      { name: 'attr:size', val: 'large' }, // a user attribute named like a reserved one
    ]);
    expect(ol.objects![uidOf('Car 1')].object_data_pointers!['mask@cam2']).toEqual({ type: 'image', frame_intervals: [{ frame_start: 0, frame_end: 0 }] });
    // the PNG, read without our codec, holds exactly the car's rectangle
    const png = readOneBitPng(car.val as string);
    expect([png.w, png.h]).toEqual([1242, 375]);
    const expected = paintMask(375, 1242, (x, y) => x >= 388 && x < 424 && y >= 182 && y < 203);
    expect(png.mask.reduce((n, v) => n + v, 0)).toBe(36 * 21);
    expect(Buffer.from(png.mask).equals(Buffer.from(expected))).toBe(true);
  });

  it('two masks of one object in one frame get unique names; a zero-size mask travels as binary coco_rle', () => {
    const scene = kittiScene();
    const [h, w] = [375, 1242];
    const a = rleEncode(paintMask(h, w, (x, y) => x < 10 && y < 5), h, w);
    const b = rleEncode(paintMask(h, w, (x) => x > 1240), h, w);
    setAnnotation(scene, { id: 'm1', kind: 'mask', object: 'car', sensor: 'cam2', sample: 'cam2/000001', source: 'manual', rle: { size: a.size, counts: rleToString(a.counts) } });
    setAnnotation(scene, { id: 'm2', kind: 'mask', object: 'car', sensor: 'cam2', sample: 'cam2/000001', source: 'manual', rle: b, attributes: { rle_counts: 'mine' } });
    setAnnotation(scene, { id: 'm3', kind: 'mask', object: 'truck', sensor: 'cam2', sample: 'cam2/000001', source: 'manual', rle: { size: [0, 1242], counts: [0] } });
    const { json, summary } = exportOpenLabel(scene);
    expect(validateOpenLabel(json)).toEqual({ valid: true, errors: [] });
    expect(summary.written.masks).toBe(3);
    const f = json.openlabel.frames!['2'].objects!;
    expect(f['2'].object_data!.image.map((i) => i.name)).toEqual(['mask@cam2', 'mask@cam2#2']);
    expect(f['1'].object_data!.binary[0]).toMatchObject({ name: 'mask@cam2', val: '0', encoding: 'ascii', data_type: 'coco_rle', attributes: { vec: [{ name: 'size', val: [0, 1242] }] } });
    const back = importOpenLabel(JSON.parse(JSON.stringify(json)), 'masks.json');
    expect(back.warnings).toEqual([]);
    const rles = masksOf(back.scene).map((m) => m.rle);
    expect(rles).toHaveLength(3);
    expect(rles).toEqual(expect.arrayContaining([getAnnotation(scene, 'm1')!, getAnnotation(scene, 'm2')!, getAnnotation(scene, 'm3')!].map((m) => (m as Mask).rle)));
    // a user attribute called like the encoding attribute survives beside it (written as "attr:rle_counts")
    expect(masksOf(back.scene).find((m) => Array.isArray(m.rle.counts) && m.rle.size[0] === 375)?.attributes).toEqual({ rle_counts: 'mine' });
  });

  it('a mask whose counts do not fit its size is reported as dropped, and the export still validates', () => {
    const scene = kittiScene();
    setAnnotation(scene, { id: 'bad', kind: 'mask', object: 'car', sensor: 'cam2', sample: 'cam2/000000', source: 'model', rle: { size: [375, 1242], counts: [10, 5, 100] } });
    const { json, summary } = exportOpenLabel(scene);
    expect(summary.dropped.find((d) => d.what === 'mask with invalid RLE')).toMatchObject({ count: 1, reason: expect.stringMatching(/bad \(rleDecode: counts sum to 115, expected h\*w = 465750\)/) });
    expect(summary.written.masks).toBeUndefined();
    expect(validateOpenLabel(json).valid).toBe(true);
  });
});

describe('maskFromItem (masks written by other tools)', () => {
  const path = '$.openlabel.frames["0"].objects["0"].object_data.image[0]';
  // a 3 x 2 8-bit grey PNG (Paeth-filtered rows) built here with node:zlib
  function greyPng(): string {
    const chunk = (type: string, data: number[] | Buffer) => {
      const td = Buffer.concat([Buffer.from(type, 'latin1'), Buffer.from(data)]);
      const out = Buffer.alloc(12 + td.length - 4);
      out.writeUInt32BE(td.length - 4, 0);
      td.copy(out, 4);
      out.writeUInt32BE(crc32(td), 8 + td.length - 4);
      return out;
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(3, 0);
    ihdr.writeUInt32BE(2, 4);
    ihdr[8] = 8;
    // rows [0, 200, 0] and [5, 0, 0], filter None
    const raw = Buffer.from([0, 0, 200, 0, 0, 5, 0, 0]);
    return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', [])]).toString('base64');
  }
  const expectedRle = rleEncode(Uint8Array.from([0, 1, 0, 1, 0, 0]), 2, 3);

  it('reads an 8-bit grey PNG (size [h, w], compressed counts unless rle_counts says array)', () => {
    expect(maskFromItem('image', { name: 'm', val: greyPng(), mime_type: 'IMAGE/PNG', encoding: 'base64' }, path)).toEqual({ rle: { size: [2, 3], counts: rleToString(expectedRle.counts) }, consumed: [] });
    expect(maskFromItem('image', { name: 'm', val: greyPng(), mime_type: 'image/png', encoding: 'base64', attributes: { text: [{ name: 'rle_counts', val: 'array' }] } }, path)).toEqual({ rle: { size: [2, 3], counts: expectedRle.counts }, consumed: ['rle_counts'] });
    expect(rleDecode(expectedRle)).toEqual(Uint8Array.from([0, 1, 0, 1, 0, 0]));
  });

  it('reads binary coco_rle with a size vec or height/width, plain or base64', () => {
    const counts = rleToString(expectedRle.counts);
    expect(maskFromItem('binary', { name: 'm', val: counts, encoding: 'ascii', data_type: 'RLE', attributes: { vec: [{ name: 'size', val: [2, 3] }] } }, path)).toEqual({ rle: { size: [2, 3], counts }, consumed: [] });
    expect(maskFromItem('binary', { name: 'm', val: Buffer.from(counts).toString('base64'), encoding: 'base64', data_type: 'coco_rle', attributes: { num: [{ name: 'height', val: 2 }, { name: 'width', val: 3 }] } }, path)).toEqual({ rle: { size: [2, 3], counts }, consumed: ['height', 'width'] });
  });

  it('skips what is not a mask it can read, with the reason', () => {
    expect(maskFromItem('image', { name: 'm', val: 'masks/0001.png', mime_type: 'image/png', encoding: 'uri' }, path)).toEqual({ skip: expect.stringMatching(/not an embedded base64 PNG .*"uri"/) });
    expect(maskFromItem('image', { name: 'm', val: '/9j/4AAQ', mime_type: 'image/jpeg', encoding: 'base64' }, path)).toEqual({ skip: expect.stringMatching(/image\/jpeg/) });
    expect(maskFromItem('binary', { name: 'm', val: 'AAAA', encoding: 'base64', data_type: 'float32' }, path)).toEqual({ skip: expect.stringMatching(/data_type "float32"/) });
  });

  it('malformed payloads throw OpenLabelPathError at .val or .attributes', () => {
    const at = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(OpenLabelPathError);
        return (e as Error).message;
      }
      throw new Error('expected an OpenLabelPathError');
    };
    expect(at(() => maskFromItem('image', { name: 'm', val: 'iVBO*', mime_type: 'image/png', encoding: 'base64' }, path))).toMatch(/image\[0\]\.val: .*not in the base64 alphabet/);
    expect(at(() => maskFromItem('image', { name: 'm', val: Buffer.from('GIF89a').toString('base64'), mime_type: 'image/png', encoding: 'base64' }, path))).toMatch(/\.val: .*bad signature/);
    const broken = Buffer.from(greyPng(), 'base64');
    broken[30] ^= 0xff; // inside IHDR's data → its CRC no longer matches
    expect(at(() => maskFromItem('image', { name: 'm', val: broken.toString('base64'), mime_type: 'image/png', encoding: 'base64' }, path))).toMatch(/\.val: .*CRC mismatch in chunk IHDR/);
    expect(at(() => maskFromItem('binary', { name: 'm', val: '52', encoding: 'ascii', data_type: 'coco_rle' }, path))).toMatch(/\.attributes: .*needs its size/);
    expect(at(() => maskFromItem('binary', { name: 'm', val: '52', encoding: 'ascii', data_type: 'coco_rle', attributes: { vec: [{ name: 'size', val: [2, 3] }] } }, path))).toMatch(/\.val: not COCO RLE counts for size \[2, 3\]/);
  });
});
