/** `validate-schema` through the real CLI entry: a scene imported from the KITTI demo, then broken on purpose. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getAnnotation, type Cuboid } from '../../core/schema';

const root = new URL('../../../', import.meta.url).pathname;
const run = (cmd: string, ...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', cmd, ...args], { cwd: root, encoding: 'utf8' });

describe('cli validate-schema', () => {
  const dir = mkdtempSync(join(tmpdir(), 'validate-'));
  const good = join(dir, 'scene.json');
  beforeAll(() => {
    const r = run('import', 'kitti', join(root, 'public/demo/kitti'), '--out', good, '--frames', '000000');
    expect(r.status, r.stderr).toBe(0);
  });

  it('accepts a valid scene', () => {
    const r = run('validate-schema', good);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ file: good, valid: true, errors: [] });
  });

  it('reports schema errors with their JSON path, exit 1', () => {
    const scene = JSON.parse(readFileSync(good, 'utf8'));
    (getAnnotation(scene, 'cuboid-000000-0') as Cuboid).size.l = -1;
    getAnnotation(scene, 'box2d-000000-0')!.object = 'nobody';
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(scene));
    const r = run('validate-schema', bad);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.valid).toBe(false);
    expect(out.errors.map((e: { path: string }) => e.path)).toContain('$.annotations["velodyne/000000"]["cuboid-000000-0"].size.l');
    expect(r.stderr).toContain('$.annotations["velodyne/000000"]["cuboid-000000-0"].size.l');
  });

  it('exit 2 for invalid JSON (located by line and column), a binary file, an unreadable file and bad usage', () => {
    const notJson = join(dir, 'broken.json');
    writeFileSync(notJson, '{"schemaVersion": 2,\n  "id": "a",\n  "sensors": [1 2]}');
    const r = run('validate-schema', notJson);
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout).errors).toEqual([{ path: 'line 3', message: `invalid JSON at column 17: expected ',' or ']', found "2"` }]);
    expect(r.stderr).toBe(`${notJson}: line 3: invalid JSON at column 17: expected ',' or ']', found "2"\n`);
    const png = join(dir, 'image.json');
    writeFileSync(png, readFileSync(join(root, 'public/demo/kitti/image_2/000001.png')));
    const p = run('validate-schema', png);
    expect(p.status).toBe(2);
    expect(p.stderr).toBe(`${png}: line 1: not UTF-8 text: byte 0x89 at offset 0 (looks like a PNG image); a scene is JSON text\n`);
    const missing = run('validate-schema', join(dir, 'nope.json'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`${join(dir, 'nope.json')}: $: no such file\n`);
    const usage = run('validate-schema', notJson, '--strict');
    expect([usage.status, usage.stdout, usage.stderr]).toEqual([2, '', 'cli: unknown option --strict\n']);
  }, 120_000); // four CLI processes
});
