/**
 * `inspect` end to end through the real CLI entry (tsx src/cli/main.ts). Expected values: the
 * PCL file's own header (colored_cloud.pcd: 1000 points, 8 fields) and fixtures/pcd/reference.json
 * (independent numpy parse) for the first point and the bounds.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'inspect', ...args], { cwd: root, encoding: 'utf8' });
const ref = JSON.parse(readFileSync(join(root, 'fixtures/pcd/reference.json'), 'utf8'));

describe('cli inspect', () => {
  it('prints the JSON summary of a binary PCD with rgb', () => {
    const r = cli('fixtures/pcd/colored_cloud.pcd');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['format', 'encoding', 'points', 'fields', 'bounds', 'first']);
    expect(out.format).toBe('pcd');
    expect(out.encoding).toBe('binary');
    expect(out.points).toBe(1000);
    expect(out.fields).toEqual(ref['colored_cloud.pcd'].fields);
    expect(out.bounds).toEqual({ min: ref['colored_cloud.pcd'].min, max: ref['colored_cloud.pcd'].max });
    const packed: number = ref['colored_cloud.pcd'].first.rgb[0];
    expect(out.first.rgb).toEqual([(packed >>> 16) & 255, (packed >>> 8) & 255, packed & 255]);
    expect(out.first.x).toBe(ref['colored_cloud.pcd'].first.x[0]);
    expect(out.first.curvature).toBe(ref['colored_cloud.pcd'].first.curvature[0]);
  });

  it('reads a nuScenes .pcd.bin', () => {
    const r = cli('fixtures/pointcloud/nuscenes_LIDAR_TOP_1532402927647951_first2000.pcd.bin');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.format).toBe('nuscenes-bin');
    expect(out.points).toBe(2000);
    expect(out.first).toEqual({ x: -3.124373435974121, y: -0.43415367603302, z: -1.867192029953003, intensity: 4, ring: 0 });
  });

  it('fails with exit 2 and `<file>: <problem>` on stderr for a malformed cloud, a missing file and a binary ASCII PCD', () => {
    const dir = mkdtempSync(join(tmpdir(), 'inspect-'));
    const bad = join(dir, 'short.pcd');
    writeFileSync(bad, readFileSync(join(root, 'fixtures/pcd/curve_close.pcd')).subarray(0, 1000));
    const r = cli(bad);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^\S*short\.pcd: truncated binary data: POINTS 110/);
    const missing = cli(join(dir, 'nope.pcd'));
    expect([missing.status, missing.stderr]).toEqual([2, `${join(dir, 'nope.pcd')}: no such file\n`]);
    // an ASCII cloud whose 2nd data line is a terminal escape and garbage: the place as `line N`, the bytes escaped
    const ascii = join(dir, 'esc.pcd');
    writeFileSync(ascii, 'VERSION .7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nCOUNT 1 1 1\nWIDTH 2\nHEIGHT 1\nVIEWPOINT 0 0 0 1 0 0 0\nPOINTS 2\nDATA ascii\n1 2 3\n\u001b[31m 2 3\n');
    const e = cli(ascii);
    expect(e.status).toBe(2);
    expect(e.stderr).toBe(`${ascii}: line 12: "\\u001b[31m" is not a number (field "x")\n`);
  }, 120_000); // three CLI processes

  it('exits 2 with usage when no file is given', () => {
    const r = cli();
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage/);
  });
});
