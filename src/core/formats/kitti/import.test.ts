/**
 * Folder import and label export on the real KITTI demo frames (public/demo/kitti). Expected
 * values are read in the test from the dataset's own files with a plain whitespace split (not
 * through our parsers), or are the published facts of the files (PROVENANCE: images 1242x375).
 */
import { describe, expect, it } from 'vitest';
import { parseSceneJson, serializeScene, type Box2D, type Cuboid, type Scene, allAnnotations } from '../../schema';
import { exportKittiLabels } from './export';
import { importKitti } from './import';
import { NotKittiError } from './layout';
import { KittiFormatError } from './errors';
import { DEMO_FRAMES, MALFORMED_DIR, demoFiles, demoText, malformedText, memorySource, walk } from './testing';

const cols = (line: string) => line.trim().split(/\s+/);
const fileRows = (frame: string) => demoText(`label_2/${frame}.txt`).trim().split('\n').map(cols);
const calibKey = (frame: string, key: string) => cols(demoText(`calib/${frame}.txt`).split('\n').find((l) => l.startsWith(`${key}:`))!).slice(1).map(Number);
const pad4 = (m: number[]) => (m.length === 9 ? [m[0], m[1], m[2], 0, m[3], m[4], m[5], 0, m[6], m[7], m[8], 0, 0, 0, 0, 1] : [...m, 0, 0, 0, 1]);
const EXPECTED_CLASS: Record<string, string> = { Car: 'car', Truck: 'truck', Pedestrian: 'pedestrian', Cyclist: 'cyclist', Misc: 'misc' };

const importDemo = async (prefix = '', opts = {}) => importKitti(memorySource('demo', demoFiles(prefix)), opts);
const byKind = <K extends 'cuboid' | 'box2d'>(s: Scene, kind: K) => allAnnotations(s).filter((a) => a.kind === kind) as (K extends 'cuboid' ? Cuboid : Box2D)[];

describe('importKitti on the three real frames', () => {
  it('creates one object per non-DontCare row with the file class, 3D size and 2D box', async () => {
    const { scene } = await importDemo();
    const rows = DEMO_FRAMES.flatMap((f) => fileRows(f).map((c, r) => ({ frame: f, r, c }))).filter((x) => x.c[0] !== 'DontCare');
    expect(Object.keys(scene.objects)).toHaveLength(rows.length);
    expect(rows.length).toBe(6);
    for (const { frame, c } of rows) {
      const box = byKind(scene, 'box2d').find((b) => b.sample === `image_2/${frame}` && b.x0 === Number(c[4]) && b.y0 === Number(c[5]))!;
      expect(box, `${frame} ${c.join(' ')}`).toBeDefined();
      expect([box.x1, box.y1, box.occluded, box.truncated, box.source]).toEqual([Number(c[6]), Number(c[7]), Number(c[2]), Number(c[1]), 'imported']);
      const obj = scene.objects[box.object];
      expect(obj.classId).toBe(EXPECTED_CLASS[c[0]]);
      expect(obj.attributes.alpha).toBe(Number(c[3]));
      const cub = byKind(scene, 'cuboid').find((a) => a.object === box.object)!;
      expect(cub.sample).toBe(`velodyne/${frame}`);
      expect(cub.size).toEqual({ h: Number(c[8]), w: Number(c[9]), l: Number(c[10]) });
    }
    expect(Object.values(scene.objects).map((o) => o.name).sort()).toEqual(['Car 1', 'Car 2', 'Cyclist 1', 'Misc 1', 'Pedestrian 1', 'Truck 1']);
    expect(scene.objects[byKind(scene, 'box2d').find((b) => b.occluded === 3)!.object].attributes.occluded).toBe('unknown');
  });

  it('keeps each frame calibration on its samples, and the first frame as the static calibration', async () => {
    const { scene } = await importDemo();
    const [cam, lidar] = scene.streams;
    DEMO_FRAMES.forEach((frame, i) => {
      const P2 = calibKey(frame, 'P2');
      for (const s of [cam.samples[i], lidar.samples[i]]) {
        const find = (from: string, to: string) => s.transforms!.find((t) => t.from === from && t.to === to)!.repr;
        expect(find('velodyne', 'camera_0')).toEqual({ kind: 'matrix4x4', rowMajor: pad4(calibKey(frame, 'Tr_velo_to_cam')) });
        expect(find('camera_0', 'camera_0_rect')).toEqual({ kind: 'matrix4x4', rowMajor: pad4(calibKey(frame, 'R0_rect')) });
        expect(find('camera_2', 'camera_0_rect').kind).toBe('matrix4x4');
      }
      expect(cam.samples[i].intrinsics).toMatchObject({ fx: P2[0], skew: P2[1], cx: P2[2], fy: P2[5], cy: P2[6], width: 1242, height: 375 });
      expect(cam.samples[i]).toMatchObject({ id: `image_2/${frame}`, frame, t: i * 0.1, original: { value: i, unit: 'frame-index' }, uri: `image_2/${frame}.png` });
      expect(lidar.samples[i]).toMatchObject({ id: `velodyne/${frame}`, frame, t: i * 0.1, uri: `velodyne/${frame}.bin` });
    });
    // frames 000000 and 000001 come from different drives: their P2 differ, so the overrides matter
    expect(calibKey('000000', 'P2')[3]).not.toBe(calibKey('000001', 'P2')[3]);
    const camSensor = scene.sensors.find((s) => s.id === 'image_2')!;
    expect(camSensor.kind === 'camera' && camSensor.intrinsics.fx).toBe(calibKey('000000', 'P2')[0]);
    expect(scene.transforms[0].repr).toEqual({ kind: 'matrix4x4', rowMajor: pad4(calibKey('000000', 'R0_rect')) });
    expect(scene.metadata.time).toMatch(/no timestamps/);
  });

  it('turns DontCare rows into ignore regions and writes a description document', async () => {
    const { scene } = await importDemo();
    const dontCare = fileRows('000001').filter((c) => c[0] === 'DontCare');
    expect(scene.ignoreRegions.map((r) => [r.sample, r.x0, r.y0, r.x1, r.y1])).toEqual(dontCare.map((c) => ['image_2/000001', ...c.slice(4, 8).map(Number)]));
    const text = scene.documents.find((d) => d.id === 'description')!.text;
    expect(text).toContain('000000, 000001, 000002');
    expect(text).toContain('2 Car');
    expect(text).toContain('KITTI');
  });

  it('produces a scene that survives serialise → validate', async () => {
    const { scene } = await importDemo('', { imageSizes: { '000000': { width: 1242, height: 375 }, '000001': { width: 1242, height: 375 }, '000002': { width: 1242, height: 375 } } });
    expect(parseSceneJson(serializeScene(scene))).toEqual(scene);
  });

  it.each(DEMO_FRAMES)('exports label_2/%s.txt back to the same text (KITTI → scene → KITTI)', async (frame) => {
    const { scene } = await importDemo();
    expect(exportKittiLabels(parseSceneJson(serializeScene(scene)), frame)).toBe(demoText(`label_2/${frame}.txt`));
  });

  it('imports results-format labels as model pre-annotations with their score', async () => {
    const files = demoFiles();
    const scores = ['0.9132', '0.5000', '0.0731'];
    files['label_2/000001.txt'] = fileRows('000001').filter((c) => c[0] !== 'DontCare').map((c, i) => [...c, scores[i]].join(' ')).join('\n') + '\n';
    const { scene } = await importKitti(memorySource('results', files));
    const anns = allAnnotations(scene).filter((a) => 'sample' in a && a.sample.endsWith('000001'));
    expect(anns).toHaveLength(6);
    expect(anns.every((a) => a.source === 'model')).toBe(true);
    expect(anns.filter((a) => a.kind === 'box2d').map((a) => a.score).sort()).toEqual([0.0731, 0.5, 0.9132]);
    expect(byKind(scene, 'box2d').filter((b) => b.sample === 'image_2/000000').every((b) => b.source === 'imported' && b.score === undefined)).toBe(true);
    expect(exportKittiLabels(scene, '000001')).toContain(' 0.9132\n');
  });
});

describe('importKitti layouts and options', () => {
  it.each([['training/'], ['kitti/training/'], ['object/']])('finds the layout under %s and keeps it in the URIs', async (prefix) => {
    const { scene } = await importDemo(prefix, { baseUri: '/data/' });
    expect(Object.keys(scene.objects)).toHaveLength(6);
    expect(scene.streams[0].samples[0].uri).toBe(`/data/${prefix}image_2/000000.png`);
  });

  it('imports only the frames asked for and rejects unknown ones', async () => {
    const { scene } = await importDemo('', { frames: ['000002'] });
    expect(scene.streams[0].samples.map((s) => s.id)).toEqual(['image_2/000002']);
    expect(Object.keys(scene.objects)).toHaveLength(2);
    await expect(importDemo('', { frames: ['000009'] })).rejects.toThrow(/frame\(s\) 000009 not found/);
  });

  it('warns about incomplete frames, missing labels and the assumed image size', async () => {
    const files = demoFiles();
    delete files['velodyne/000002.bin'];
    delete files['label_2/000001.txt'];
    const { scene, warnings } = await importKitti(memorySource('partial', files));
    expect(scene.streams[0].samples.map((s) => s.frame)).toEqual(['000000', '000001']);
    expect(warnings.join('\n')).toMatch(/frame 000002 skipped: no velodyne\//);
    expect(warnings.join('\n')).toMatch(/frame 000001: no label_2\/000001\.txt/);
    expect(warnings.join('\n')).toMatch(/assumed 1242x375/);
  });

  it('uses the image size the caller read from the PNG header', async () => {
    const { scene } = await importDemo('', { imageSize: { width: 1241, height: 376 } });
    expect(scene.streams[0].samples[0].intrinsics).toMatchObject({ width: 1241, height: 376 });
  });
});

describe('importKitti on malformed input', () => {
  it('rejects a folder that is not KITTI, saying what was expected', async () => {
    const dir = `${MALFORMED_DIR}/not-kitti`;
    const source = { name: 'not-kitti', files: walk(dir), readText: async () => '' };
    await expect(importKitti(source)).rejects.toThrow(NotKittiError);
    await expect(importKitti(source)).rejects.toThrow(/^not-kitti: not a KITTI object folder: expected calib\/\*\.txt, image_2\/\*\.png and velodyne\/\*\.bin .*README\.txt/);
  });

  it('names the truncated velodyne file', async () => {
    const files = demoFiles();
    files['velodyne/000001.bin'] = 167;
    await expect(importKitti(memorySource('demo', files))).rejects.toThrow(/^velodyne\/000001\.bin: 167 bytes is not a multiple of 16/);
  });

  it('names the calib file and key that is missing', async () => {
    const files = demoFiles('training/');
    files['training/calib/000001.txt'] = malformedText('calib-missing-key.txt');
    await expect(importKitti(memorySource('demo', files))).rejects.toThrow(KittiFormatError);
    await expect(importKitti(memorySource('demo', files))).rejects.toThrow(/^training\/calib\/000001\.txt: Tr_velo_to_cam: missing/);
  });

  it('names the label file and line with too few columns', async () => {
    const files = demoFiles();
    files['label_2/000001.txt'] = malformedText('label-too-few-columns.txt');
    await expect(importKitti(memorySource('demo', files))).rejects.toThrow('label_2/000001.txt:2: expected 15 columns (16 with a score), found 14');
  });
});
