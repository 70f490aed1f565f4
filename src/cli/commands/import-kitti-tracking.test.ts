import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { command as exportCmd } from './export';
import { command as importCmd } from './import';

const LABELS = 'fixtures/kitti-tracking/label_02/0003.txt';
const CALIB = 'fixtures/kitti-tracking/calib/0003.txt';

describe('CLI import kitti-tracking', () => {
  let out: string[] = [];
  let err: string[] = [];
  beforeEach(() => {
    out = [];
    err = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  });
  afterEach(() => vi.restoreAllMocks());

  it('label_02 + calib → scene → export --to kitti-tracking reproduces the label file byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cl-ktrack-'));
    expect(await importCmd.run(['kitti-tracking', LABELS, '--calib', CALIB, '--out', join(dir, 'scene.json')])).toBe(0);
    const printed = JSON.parse(out.join(''));
    // sequence 0003: 9 tracks with boxes + cuboids on 388 (frame, track) rows, 473 DontCare rows
    expect(printed).toMatchObject({ camera: 'image_02', lidar: 'velodyne', objects: 9, boxes: 388, cuboids: 388, dontCare: 473 });
    const scene = JSON.parse(readFileSync(join(dir, 'scene.json'), 'utf8'));
    // frames 0 … last labelled frame, URIs in the KITTI tracking layout relative to the output
    expect(scene.streams[0].samples.at(-1).uri).toMatch(/image_02\/0003\/000143\.png$/);
    out = [];
    expect(await exportCmd.run([join(dir, 'scene.json'), '--to', 'kitti-tracking', '--out', join(dir, 'out')])).toBe(0);
    expect(JSON.parse(out.join('')).files).toEqual(['label_02/0003.txt']);
    expect(readFileSync(join(dir, 'out', 'label_02', '0003.txt'), 'utf8')).toBe(readFileSync(LABELS, 'utf8'));
  });

  it('malformed labels: the file and line on stderr, nothing written; a new scene needs --calib', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cl-ktrack-bad-'));
    const bad = readFileSync(LABELS, 'utf8').split('\n');
    bad[4] = bad[4].replace(/^(\S+ \S+ \S+ )\S+/, '$1x');
    writeFileSync(join(dir, '0003.txt'), bad.join('\n'));
    await expect(importCmd.run(['kitti-tracking', join(dir, '0003.txt'), '--calib', CALIB, '--out', join(dir, 's.json')])).rejects.toThrow(/0003\.txt:5: column 4 \(truncated\)/);
    expect(existsSync(join(dir, 's.json'))).toBe(false);
    await expect(importCmd.run(['kitti-tracking', LABELS, '--out', join(dir, 's.json')])).rejects.toThrow(/--calib/);
  });
});
