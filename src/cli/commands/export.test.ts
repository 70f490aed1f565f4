import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { kittiScene } from '../../core/formats/openlabel/testing/kittiScene';
import { validateOpenLabel } from '../../core/formats/openlabel';
import { validateCoco } from '../../core/formats/coco';
import { parseMot } from '../../core/formats/mot';
import { getAnnotation, parseSceneJson, serializeScene, allAnnotations, type Cuboid } from '../../core/schema';
import { command as exportCmd } from './export';
import { command as importCmd } from './import';

describe('CLI export / import openlabel', () => {
  let out: string[] = [];
  beforeEach(() => {
    out = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => vi.restoreAllMocks());

  it('exports OpenLABEL (valid, with summary) and imports it back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cl-export-'));
    writeFileSync(join(dir, 'scene.json'), serializeScene(kittiScene()));
    expect(await exportCmd.run([join(dir, 'scene.json'), '--to', 'openlabel', '--out', join(dir, 'ol.json')])).toBe(0);
    const printed = JSON.parse(out.join(''));
    expect(printed).toMatchObject({ format: 'openlabel', summary: { written: { objects: 4 } } });
    expect(validateOpenLabel(JSON.parse(readFileSync(join(dir, 'ol.json'), 'utf8'))).valid).toBe(true);
    out = [];
    expect(await importCmd.run(['openlabel', join(dir, 'ol.json'), '--out', join(dir, 'back.json')])).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({ objects: 4, annotations: 11, ignoreRegions: 2, warnings: [] });
  });

  it('writes a bundle; refuses bad input without writing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cl-export-'));
    writeFileSync(join(dir, 'scene.json'), serializeScene(kittiScene()));
    expect(await exportCmd.run([join(dir, 'scene.json'), '--to', 'bundle', '--out', join(dir, 'b.json')])).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'))).toMatchObject({ format: 'crosslabel-bundle', bundleVersion: 1 });
    writeFileSync(join(dir, 'bad.json'), '{"openlabel":{"metadata":{"schema_version":"1.0.0"},"frames":{"0":{"objects":{"5":{}}}}}}');
    await expect(importCmd.run(['openlabel', join(dir, 'bad.json'), '--out', join(dir, 'x.json')])).rejects.toThrow(/bad\.json: 1 OpenLABEL error\n {2}\$\.openlabel\.frames\["0"\]\.objects\["5"\]: frame 0 names unknown object "5"/);
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
    await expect(exportCmd.run([join(dir, 'scene.json'), '--to', 'yaml', '--out', 'x'])).rejects.toThrow(/usage/);
    // a format the scene has no sensor for is refused, nothing written
    await expect(exportCmd.run([join(dir, 'scene.json'), '--to', 'rttm', '--sensor', 'nope', '--out', join(dir, 'x.rttm')])).rejects.toThrow(/has no sensor "nope" to export as rttm/);
    expect(existsSync(join(dir, 'x.rttm'))).toBe(false);
  });

  it("import openlabel decides the size order of Vicomtech's KITTI cuboids by the file's 2D boxes, reports it on stdout, and --cuboid-sizes forces one", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cl-import-ol-'));
    const file = 'fixtures/openlabel/openlabel100_kitti_tracking_0003.json';
    // the cuboid lives on VELO_TOP; its extent along the camera's y axis = Σ_j |d · R[:, j]| · size_j with d = the second
    // column of the file's CAM_LEFT pose (rectified camera → velodyne)
    const P = JSON.parse(readFileSync(file, 'utf8')).openlabel.coordinate_systems.CAM_LEFT.pose_wrt_parent.matrix4x4 as number[];
    const d = [P[1], P[5], P[9]];
    const heightSpan = (path: string): number => {
      const a = getAnnotation(parseSceneJson(readFileSync(path, 'utf8'), path), '0/0/box3D') as Cuboid;
      const { x, y, z, w } = a.rotation;
      const R = [
        [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
        [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
        [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
      ];
      const col = (j: number) => Math.abs(d[0] * R[0][j] + d[1] * R[1][j] + d[2] * R[2][j]);
      return col(0) * a.size.l + col(1) * a.size.w + col(2) * a.size.h;
    };
    expect(await importCmd.run(['openlabel', file, '--out', join(dir, 'auto.json')])).toBe(0);
    const auto = JSON.parse(out.join(''));
    expect(auto.conventions).toEqual([expect.objectContaining({ question: 'cuboid size order', chosen: 'axes', basis: 'boxes', items: 388 })]);
    expect(auto.warnings.join('\n')).toMatch(/read as \(l, h, w\), the spec's reading: mean IoU of the projected cuboids with the file's own 2D boxes 0\.969/);
    // val [3.4, 0.84, 4.75, 0, -1.57, 0, 4.09, 1.38, 1.51]: the middle size is the height
    expect(heightSpan(join(dir, 'auto.json'))).toBeCloseTo(1.38, 6);
    out = [];
    expect(await importCmd.run(['openlabel', file, '--out', join(dir, 'lwh.json'), '--cuboid-sizes', 'lwh'])).toBe(0);
    const lwh = JSON.parse(out.join(''));
    expect(lwh.conventions[0]).toMatchObject({ chosen: 'lwh', basis: 'forced' });
    expect(lwh.warnings.join('\n')).toMatch(/read as \(l, w, h\), as asked — the file's evidence favours \(l, h, w\)/);
    expect(heightSpan(join(dir, 'lwh.json'))).toBeCloseTo(1.51, 6);
    await expect(importCmd.run(['openlabel', file, '--out', join(dir, 'x.json'), '--cuboid-sizes', 'hwl'])).rejects.toThrow(/--cuboid-sizes must be auto, axes, lwh, got "hwl"/);
    // a camera pose written inverted (fixtures/openlabel-vicomtech-convention): read as a transform by the evidence, or forced
    const inverted = 'fixtures/openlabel-vicomtech-convention/kitti_object_000001_velo_inverted.json';
    out = [];
    expect(await importCmd.run(['openlabel', inverted, '--out', join(dir, 'inv.json')])).toBe(0);
    expect(JSON.parse(out.join('')).conventions).toEqual([expect.objectContaining({ question: 'extrinsics direction', chosen: 'transform', basis: 'boxes' })]);
    out = [];
    expect(await importCmd.run(['openlabel', inverted, '--out', join(dir, 'inv-pose.json'), '--extrinsics', 'pose'])).toBe(0);
    expect(JSON.parse(out.join('')).conventions).toEqual([expect.objectContaining({ chosen: 'pose', basis: 'forced' })]);
    await expect(importCmd.run(['openlabel', inverted, '--out', join(dir, 'x.json'), '--extrinsics', 'inverse'])).rejects.toThrow(/--extrinsics must be auto, pose, transform, pose-opengl, transform-opengl, got "inverse"/);
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
  });

  it('writes COCO and MOT for a camera, validated, with what they cannot hold listed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cl-export-'));
    writeFileSync(join(dir, 'scene.json'), serializeScene(kittiScene()));
    expect(await exportCmd.run([join(dir, 'scene.json'), '--to', 'coco', '--out', join(dir, 'coco.json')])).toBe(0);
    const coco = JSON.parse(readFileSync(join(dir, 'coco.json'), 'utf8'));
    expect(validateCoco(coco, 'coco.json').annotations.length).toBeGreaterThan(0);
    expect(await exportCmd.run([join(dir, 'scene.json'), '--to', 'mot', '--out', join(dir, 'mot.txt')])).toBe(0);
    const rows = parseMot(readFileSync(join(dir, 'mot.txt'), 'utf8'), 'mot.txt', { format: 'mot' });
    const scene = kittiScene();
    const cam = scene.sensors.find((x) => x.kind === 'camera')!.id;
    expect(rows.length).toBe(allAnnotations(scene).filter((a) => a.kind === 'box2d' && a.sensor === cam).length);
  });

  it('writes KITTI label_2 files that reproduce the imported ones byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cl-export-kitti-'));
    const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await importCmd.run(['kitti', 'public/demo/kitti', '--out', join(dir, 'scene.json')])).toBe(0);
      expect(await exportCmd.run([join(dir, 'scene.json'), '--to', 'kitti', '--out', join(dir, 'out')])).toBe(0);
    } finally {
      quiet.mockRestore();
    }
    for (const f of ['000000', '000001', '000002']) expect(readFileSync(join(dir, 'out', 'label_2', `${f}.txt`), 'utf8')).toBe(readFileSync(`public/demo/kitti/label_2/${f}.txt`, 'utf8'));
  });

  it('import openlabel → export --to kitti-tracking writes label_02/<sequence>.txt equal to the re-spelled KITTI file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cl-export-track-'));
    expect(await importCmd.run(['openlabel', 'fixtures/openlabel/openlabel100_kitti_tracking_0003.json', '--out', join(dir, 'scene.json')])).toBe(0);
    out = [];
    expect(await exportCmd.run([join(dir, 'scene.json'), '--to', 'kitti-tracking', '--sensor', 'CAM_LEFT', '--sequence', '0003', '--out', join(dir, 'out')])).toBe(0);
    const printed = JSON.parse(out.join(''));
    expect(printed).toMatchObject({ format: 'kitti-tracking', files: ['label_02/0003.txt'] });
    expect(readFileSync(join(dir, 'out', 'label_02', '0003.txt'), 'utf8')).toBe(readFileSync('fixtures/kitti-tracking/label_02/0003.txt', 'utf8'));
    await expect(exportCmd.run([join(dir, 'scene.json'), '--to', 'kitti-tracking', '--sensor', 'nope', '--out', join(dir, 'bad')])).rejects.toThrow(/scene\.json: KITTI tracking: .*nope/);
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  });

  it('import nuscenes (real Lyft tables) → export --to nuscenes → the same sample_annotation rows, and the folder imports again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cl-export-ns-'));
    expect(await importCmd.run(['nuscenes', 'fixtures/nuscenes-tables', '--out', join(dir, 'scene.json')])).toBe(0);
    out = [];
    expect(await exportCmd.run([join(dir, 'scene.json'), '--to', 'nuscenes', '--version', 'v1.01-train', '--out', join(dir, 'out')])).toBe(0);
    const printed = JSON.parse(out.join(''));
    expect(printed.files).toContain('v1.01-train/sample_annotation.json');
    type Ann = { token: string; translation: number[]; size: number[]; rotation: number[]; instance_token: string; sample_token: string };
    const read = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as Ann[];
    const original = read('fixtures/nuscenes-tables/v1.01-train/sample_annotation.json');
    const written = new Map(read(join(dir, 'out', 'v1.01-train', 'sample_annotation.json')).map((a) => [a.token, a]));
    expect(written.size).toBe(original.length);
    for (const a of original) {
      const b = written.get(a.token)!;
      expect([b.instance_token, b.sample_token]).toEqual([a.instance_token, a.sample_token]);
      for (const k of ['translation', 'size', 'rotation'] as const) a[k].forEach((v, i) => expect(Math.abs(b[k][i] - v)).toBeLessThan(1e-9 * Math.max(1, Math.abs(v))));
    }
    out = [];
    expect(await importCmd.run(['nuscenes', join(dir, 'out'), '--out', join(dir, 'again.json')])).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({ annotations: original.length });
  });
});
