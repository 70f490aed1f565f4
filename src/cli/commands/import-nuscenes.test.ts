/**
 * `import nuscenes` end to end through the real CLI entry (tsx src/cli/main.ts) on the Lyft Level 5
 * tables in fixtures/nuscenes-tables (nuScenes layout) and broken copies of them.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSceneJson } from '../../core/schema';

const root = new URL('../../../', import.meta.url).pathname;
const tables = join(root, 'fixtures/nuscenes-tables');
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'import', ...args], { cwd: root, encoding: 'utf8' });
const tmp = () => mkdtempSync(join(tmpdir(), 'nuscenes-cli-'));

describe('cli import nuscenes', () => {
  it('writes a valid scene with URIs relative to the output and prints a summary', () => {
    const out = join(tmp(), 'nested', 'scene.json');
    const r = cli('nuscenes', tables, '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const warnings = ['30 prev/next links point outside the given rows (a trimmed table set?); kept for export'];
    expect(JSON.parse(r.stdout)).toEqual({ out, objects: 4, annotations: 4, samples: 10, warnings });
    expect(r.stderr).toContain(`warning: ${warnings[0]}`);
    const scene = parseSceneJson(readFileSync(out, 'utf8'), out);
    expect(scene.name).toBe('host-a101-lidar0-1240710366399037786-1240710391298976894');
    const sd = JSON.parse(readFileSync(join(tables, 'v1.01-train/sample_data.json'), 'utf8')) as { token: string; filename: string }[];
    for (const s of scene.streams.flatMap((st) => st.samples)) {
      const row = sd.find((x) => x.token === s.id)!;
      // dataroot = the folder above v1.01-train; the output sits two folders away in tmp
      expect(join(out, '..', s.uri!)).toBe(join(tables, row.filename));
    }
  });

  it('accepts the version folder itself, --scene by name and --base-uri', () => {
    const out = join(tmp(), 'scene.json');
    const r = cli('nuscenes', join(tables, 'v1.01-train'), '--out', out, '--scene', 'host-a101-lidar0-1240710366399037786-1240710391298976894', '--base-uri', 'data/lyft');
    expect(r.status, r.stderr).toBe(0);
    const scene = parseSceneJson(readFileSync(out, 'utf8'), out);
    expect(scene.streams.every((st) => st.samples.every((s) => s.uri!.startsWith('data/lyft/')))).toBe(true);
  });

  const failures = [
    { name: 'a schema violation', table: 'sample_annotation', edit: (rows: Record<string, unknown>[]) => (rows[3].rotation = [1, 0, 0]), message: /v1\.01-train\/sample_annotation\.json: \$\[3\]\.rotation: expected 4 numbers/ },
    { name: 'a dangling token', table: 'sample_data', edit: (rows: Record<string, unknown>[]) => (rows[5].calibrated_sensor_token = 'nope'), message: /v1\.01-train\/sample_data\.json: \$\[5\]\.calibrated_sensor_token: unknown calibrated_sensor token "nope"/ },
    { name: 'invalid JSON', table: 'ego_pose', edit: null, message: /v1\.01-train\/ego_pose\.json: line 1: invalid JSON at column 51: [^\n]+, found the end of the file\n$/ },
  ];
  it.each(failures)('fails on $name: stderr names the file and JSON path or line, exit 2 (unreadable input), nothing written', ({ table, edit, message }) => {
    const dir = tmp();
    cpSync(tables, dir, { recursive: true });
    const file = join(dir, 'v1.01-train', `${table}.json`);
    if (edit) {
      const rows = JSON.parse(readFileSync(file, 'utf8'));
      edit(rows);
      writeFileSync(file, JSON.stringify(rows));
    } else writeFileSync(file, readFileSync(file, 'utf8').slice(0, 50));
    const out = join(dir, 'scene.json');
    const r = cli('nuscenes', dir, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain(join(dir, 'v1.01-train', `${table}.json`));
    expect(existsSync(out)).toBe(false);
  });

  it('fails on an unknown scene and on a folder without tables', () => {
    const out = join(tmp(), 'scene.json');
    const unknown = cli('nuscenes', tables, '--out', out, '--scene', 'scene-0061');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/scene\.json: no scene "scene-0061"/);
    const r = cli('nuscenes', join(root, 'fixtures/kitti-malformed'), '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no nuScenes tables found/);
    expect(existsSync(out)).toBe(false);
  });
});
