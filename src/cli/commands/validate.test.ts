/**
 * `validate` through the real CLI entry on a scene imported from the KITTI demo frames (its
 * velodyne URIs point back at public/demo/kitti, so the point checks run on the real sweeps).
 * Expected findings are the ones established against numpy in src/core/qa/qa.kitti.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getAnnotation, removeAnnotationFrom, type Box2D, type Scene } from '../../core/schema';

const root = new URL('../../../', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8' });

describe('cli validate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qa-validate-'));
  const good = join(dir, 'scene.json');
  const write = (name: string, mutate: (s: Scene) => void): string => {
    const s = JSON.parse(readFileSync(good, 'utf8')) as Scene;
    mutate(s);
    const p = join(dir, name);
    writeFileSync(p, JSON.stringify(s));
    return p;
  };
  beforeAll(() => {
    const r = run('import', 'kitti', join(root, 'public/demo/kitti'), '--out', good, '--frames', '000001');
    expect(r.status, r.stderr).toBe(0);
  }, 60_000);

  it('clean frame: exit 0, no findings, LiDAR sweep read (no skip note)', () => {
    const r = run('validate', good, '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.counts).toEqual({ error: 0, warning: 0, info: 0 });
    expect(r.stderr).not.toContain('skipped');
  });

  it('missing cuboid is found through the real sweep (needs the cloud): warning, exit 0, exit 1 with --fail-on warning', () => {
    const p = write('nocuboid.json', (s) => removeAnnotationFrom(s, 'cuboid-000001-1'));
    const r = run('validate', p, '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).findings.map((f: { check: string }) => f.check)).toEqual(['completeness.missing-cuboid']);
    expect(run('validate', p, '--fail-on', 'warning').status).toBe(1);
  });

  it('a 30 px shift is an error: exit 1, human summary on stderr, nothing on stdout', () => {
    const p = write('shift.json', (s) => {
      const b = getAnnotation(s, 'box2d-000001-1')! as Box2D;
      b.x0 += 30;
      b.x1 += 30;
    });
    const r = run('validate', p);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('spatial.alignment');
    expect(r.stderr).toContain('1 error(s)');
  });

  it('a caption that mentions a dog in a frame without one: a text.hallucination warning naming the frame; exit 1 with --fail-on warning', () => {
    let sample = '';
    const p = write('dog.json', (s) => {
      const camera = s.sensors.find((x) => x.kind === 'camera')!.id;
      sample = s.streams.find((st) => st.sensor === camera)!.samples[0].id;
      // frame 000001 has a car, a cyclist and a truck labelled (label_2/000001.txt), no animal
      (s.documents ??= []).push({ id: 'cap', kind: 'caption', sensor: camera, sample, language: 'en', text: 'A dog runs between the parked car and the truck.' });
    });
    const r = run('validate', p, '--json');
    expect(r.status, r.stderr).toBe(0);
    const text = JSON.parse(r.stdout).findings.filter((f: { check: string }) => f.check.startsWith('text.'));
    expect(text).toEqual([expect.objectContaining({ check: 'text.hallucination', severity: 'warning', samples: [sample], message: expect.stringMatching(/caption "cap" \[2, 5\): .*"dog"/) })]);
    const human = run('validate', p, '--fail-on', 'warning');
    expect(human.status).toBe(1);
    expect(human.stderr).toContain('text.hallucination');
  }, 60_000);

  it('bad input: usage, bad --fail-on, invalid scene, missing sweep noted', () => {
    expect(run('validate').status).toBe(2);
    expect(run('validate', good, '--fail-on', 'fatal').stderr).toContain('--fail-on must be');
    const bad = write('bad.json', (s) => (getAnnotation(s, 'box2d-000001-1')!.object = 'nobody'));
    const r = run('validate', bad);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('$.annotations["image_2/000001"]["box2d-000001-1"].object');
    const moved = write('moved.json', (s) => (s.streams[1].samples[0].uri = 'nowhere/000001.bin'));
    const m = run('validate', moved);
    expect(m.status).toBe(0);
    expect(m.stderr).toContain('nowhere/000001.bin not found');
  }, 60_000); // four runs of the CLI, each a fresh Node process
});
