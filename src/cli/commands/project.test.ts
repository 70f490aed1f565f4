/** CLI `project`: spawns the real CLI on a small scene written here (expected box hand computed: u = 500 ± 62.5, v = 250 ± 46.875). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectionSceneInput } from '../../core/projection/testScene';

const dir = mkdtempSync(join(tmpdir(), 'project-cli-'));
const run = (...args: string[]) => spawnSync('npx', ['tsx', 'src/cli/main.ts', 'project', ...args], { encoding: 'utf8' });

describe('crosslabel project', () => {
  it('prints the visible boxes as JSON', () => {
    const file = join(dir, 'scene.json');
    writeFileSync(file, JSON.stringify(projectionSceneInput()));
    const r = run(file, '--camera', 'cam');
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as { object: string; sensor: string; sample: string; box: number[]; truncated: number }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ object: 'o1', sensor: 'cam', sample: 'c1', truncated: 0 });
    [437.5, 203.125, 562.5, 296.875].forEach((v, i) => expect(rows[0].box[i]).toBeCloseTo(v, 9));
    expect(JSON.parse(run(file, '--sample', 'c0').stdout)).toEqual([]);
  }, 30000);

  it('fails with a clear message for a missing or invalid file', () => {
    const missing = run(join(dir, 'nope.json'));
    expect([missing.status, missing.stderr]).toEqual([2, `${join(dir, 'nope.json')}: no such file\n`]);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"schemaVersion": 2');
    const b = run(bad);
    expect([b.status, b.stderr]).toEqual([2, `${bad}: line 1: invalid JSON at column 20: expected ',' or '}', found the end of the file\n`]);
    const invalid = join(dir, 'invalid.json');
    writeFileSync(invalid, JSON.stringify({ ...projectionSceneInput(), sensors: 'x' }));
    const r = run(invalid);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/invalid\.json: \$\.sensors: /);
    const usage = run(invalid, '--frame', '3');
    expect([usage.status, usage.stderr]).toEqual([2, 'cli: unknown option --frame\n']);
  }, 120_000); // four CLI processes
});
