/**
 * `import kitti` end to end through the real CLI entry (tsx src/cli/main.ts) on the bundled KITTI
 * frames (public/demo/kitti) and the broken inputs in fixtures/kitti-malformed. Image sizes
 * reference: python `struct.unpack('>II', png[16:24])` → 000000 is 1224x370, 000001 is 1242x375.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSceneJson } from '../../core/schema';

const root = new URL('../../../', import.meta.url).pathname;
const demo = join(root, 'public/demo/kitti');
const malformed = join(root, 'fixtures/kitti-malformed');
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'import', ...args], { cwd: root, encoding: 'utf8' });

/** A KITTI folder with frame 000001 copied from the demo, one file optionally replaced by a malformed fixture. */
function kittiDir(replace?: { rel: string; fixture: string }): string {
  const dir = mkdtempSync(join(tmpdir(), 'kitti-cli-'));
  for (const rel of ['calib/000001.txt', 'label_2/000001.txt', 'image_2/000001.png', 'velodyne/000001.bin']) {
    mkdirSync(join(dir, dirname(rel)), { recursive: true });
    copyFileSync(rel === replace?.rel ? join(malformed, replace.fixture) : join(demo, rel), join(dir, rel));
  }
  return dir;
}

describe('cli import kitti', () => {
  it('writes a valid scene with PNG sizes and URIs relative to the output, and prints a summary', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kitti-out-')), 'nested', 'scene.json');
    const r = cli('kitti', demo, '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ out, frames: ['000000', '000001', '000002'], objects: 6, annotations: 12, warnings: [] });
    const scene = parseSceneJson(readFileSync(out, 'utf8'), out);
    const cam = scene.streams.find((s) => s.sensor === 'image_2')!;
    expect(cam.samples.map((s) => [s.intrinsics?.width, s.intrinsics?.height])).toEqual([[1224, 370], [1242, 375], [1242, 375]]);
    for (const s of scene.streams.flatMap((st) => st.samples)) {
      expect(s.uri!.startsWith('/')).toBe(false);
      expect(existsSync(resolve(dirname(out), s.uri!)), s.uri).toBe(true);
    }
  });

  it('imports only --frames', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kitti-out-')), 'scene.json');
    const r = cli('kitti', demo, '--out', out, '--frames', '000002');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ frames: ['000002'], objects: 2, annotations: 4 });
  });

  const failures = [
    { name: 'a truncated .bin', replace: { rel: 'velodyne/000001.bin', fixture: 'truncated.bin' }, message: /velodyne\/000001\.bin: 167 bytes is not a multiple of 16/ },
    { name: 'a calib file with a missing key', replace: { rel: 'calib/000001.txt', fixture: 'calib-missing-key.txt' }, message: /calib\/000001\.txt: Tr_velo_to_cam: missing required calibration key/ },
    { name: 'a label row with too few columns', replace: { rel: 'label_2/000001.txt', fixture: 'label-too-few-columns.txt' }, message: /label_2\/000001\.txt: line 2: expected 15 columns \(16 with a score\), found 14/ },
  ];
  it.each(failures)('fails on $name: stderr names the file, exit 2 (unreadable input), nothing written', ({ replace, message }) => {
    const dir = kittiDir(replace);
    const out = join(dir, 'scene.json');
    const r = cli('kitti', dir, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain(join(dir, replace.rel));
    expect(existsSync(out)).toBe(false);
  });

  it('fails on a folder that is not KITTI, saying what was expected', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kitti-out-')), 'scene.json');
    const r = cli('kitti', join(malformed, 'not-kitti'), '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not-kitti: not a KITTI object folder: expected calib\/\*\.txt, image_2\/\*\.png and velodyne\/\*\.bin/);
    expect(existsSync(out)).toBe(false);
  });

  it('rejects bad usage with exit 2: `cli: <problem>` on stderr', () => {
    const noOut = cli('kitti', demo);
    expect([noOut.status, noOut.stderr]).toEqual([2, 'cli: --out <scene.json> is required\n']);
    const las = cli('las', demo, '--out', 'x.json');
    expect(las.status).toBe(2);
    expect(las.stderr).toMatch(/^cli: unknown import format "las"/);
    // an option of another format is an unknown option here
    const other = cli('kitti', demo, '--out', 'x.json', '--calib', 'c.txt');
    expect([other.status, other.stderr]).toEqual([2, 'cli: unknown option --calib\n']);
  }, 120_000); // three CLI processes
});
