import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { command as exportCmd } from './export';
import { command as importCmd } from './import';
import { MAX_FRAMES_WITHOUT_MEDIA } from '../lib/importKittiTracking';

const root = new URL('../../../', import.meta.url).pathname;
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'import', 'kitti-tracking', ...args], { cwd: root, encoding: 'utf8' });

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
    await expect(importCmd.run(['kitti-tracking', join(dir, '0003.txt'), '--calib', CALIB, '--out', join(dir, 's.json')])).rejects.toThrow(/0003\.txt: line 5: column 4 \(truncated\)/);
    expect(existsSync(join(dir, 's.json'))).toBe(false);
    await expect(importCmd.run(['kitti-tracking', LABELS, '--out', join(dir, 's.json')])).rejects.toThrow(/--calib/);
  });

  describe('the new scene is as long as the sequence, not as a lying frame number says', () => {
    /** A tracking layout: label_02/0003.txt with the fixture's rows of frames 0..2, plus `extra` lines; image_02/0003 with `images` PNG names. */
    function layout(extra: string, images: number): { dir: string; labels: string } {
      const dir = mkdtempSync(join(tmpdir(), 'cl-ktrack-len-'));
      mkdirSync(join(dir, 'label_02'));
      const rows = readFileSync(LABELS, 'utf8').split('\n').filter((l) => l && Number(l.split(' ')[0]) <= 2);
      const labels = join(dir, 'label_02', '0003.txt');
      writeFileSync(labels, [...rows, extra].filter(Boolean).join('\n') + '\n');
      if (images) {
        mkdirSync(join(dir, 'image_02', '0003'), { recursive: true });
        for (let i = 0; i < images; i++) writeFileSync(join(dir, 'image_02', '0003', `${String(i).padStart(6, '0')}.png`), '');
      }
      return { dir, labels };
    }
    const farRow = (frame: number) => `${frame} 1 Car 0 0 -1.79 296.74 161.75 455.23 292.51 2.0 1.8 4.5 -3.6 1.7 13.4 -2.0`;

    it('frame 999999999 with no media folder: exit 2 naming the line and the limit, nothing written, in well under a billion samples', () => {
      const { dir, labels } = layout(farRow(999999999), 0);
      const n = readFileSync(labels, 'utf8').split('\n').length - 1;
      const out = join(dir, 'scene.json');
      const r = cli(labels, '--calib', CALIB, '--out', out);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`${labels}: line ${n}: frame 999999999 is beyond the sequence: no image_02/0003 or velodyne/0003 folder beside label_02/ says how long the sequence is, and a new scene is limited to ${MAX_FRAMES_WITHOUT_MEDIA} frames without one\n`);
      expect(existsSync(out)).toBe(false);
    }, 30_000);

    it('with image_02/0003 holding 3 frames: frames 0..2 import (3 samples per sensor), frame 5 is refused naming the folder', () => {
      const ok = layout('', 3);
      const out = join(ok.dir, 'scene.json');
      const r = cli(ok.labels, '--calib', CALIB, '--out', out);
      expect(r.status, r.stderr).toBe(0);
      const scene = JSON.parse(readFileSync(out, 'utf8'));
      expect(scene.streams.map((st: { samples: unknown[] }) => st.samples.length)).toEqual([3, 3]);

      const bad = layout(farRow(5), 3);
      const n = readFileSync(bad.labels, 'utf8').split('\n').length - 1;
      const r2 = cli(bad.labels, '--calib', CALIB, '--out', join(bad.dir, 'scene.json'));
      expect(r2.status).toBe(2);
      expect(r2.stderr).toBe(`${bad.labels}: line ${n}: frame 5 is beyond the sequence: the sequence has frames 0..2 in ${join(bad.dir, 'image_02', '0003')}\n`);
      expect(existsSync(join(bad.dir, 'scene.json'))).toBe(false);
    }, 60_000);
  });
});
