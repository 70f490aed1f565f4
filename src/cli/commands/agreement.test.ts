/**
 * `agreement` through the real CLI entry on scenes imported from the KITTI demo frames 000001–000002
 * (Truck, Car, Cyclist; Misc, Car). B: the Truck relabelled "car", the 000001 Car's box shifted
 * 40 px, the 000002 Car deleted. Hand-computed expectations (as in
 * src/core/qa/agreement/agreement.kitti.test.ts): 4 matched, 1 unmatched in A; classes
 * A = {truck, car, cyclist, misc}, B = {car, car, cyclist, misc}: po = 3/4, pe = (1·2 + 1·1 + 1·1)/16
 * = 0.25, κ = 0.5/0.75 = 2/3; cross-modal 4 pairs, B consistent 3/4, agreement 3/4, mean |ΔIoU| =
 * 0.980598/4 (IoU of the car's label box with the independent numpy devkit projection, python).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { allAnnotations, getAnnotation, removeAnnotationFrom, type Box2D, type Scene } from '../../core/schema';

const root = new URL('../../../', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8' });

describe('cli agreement', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qa-agreement-'));
  const a = join(dir, 'a.json');
  const b = join(dir, 'b.json');
  beforeAll(() => {
    const r = run('import', 'kitti', join(root, 'public/demo/kitti'), '--out', a, '--frames', '000001,000002');
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(a, 'utf8')) as Scene;
    s.objects['kitti-000001-0'].classId = 'car';
    const box = getAnnotation(s, 'box2d-000001-1')! as Box2D;
    box.x0 += 40;
    box.x1 += 40;
    delete s.objects['kitti-000002-1'];
    for (const x of allAnnotations(s)) if (x.object === 'kitti-000002-1') removeAnnotationFrom(s, x.id);
    writeFileSync(b, JSON.stringify(s));
  }, 60_000);

  it('--json: matched pairs, kappa 2/3 and cross-modal figures on stdout, exit 0', () => {
    const r = run('agreement', a, b, '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.matched.map((p: { a: string; classA: string; classB: string }) => `${p.a} ${p.classA}/${p.classB}`)).toEqual([
      'kitti-000001-0 truck/car', 'kitti-000001-1 car/car', 'kitti-000001-2 cyclist/cyclist', 'kitti-000002-0 misc/misc',
    ]);
    expect(out.unmatchedA).toEqual(['kitti-000002-1']);
    expect(out.unmatchedB).toEqual([]);
    expect(out.observed).toBeCloseTo(0.75, 12);
    expect(out.expected).toBeCloseTo(0.25, 12);
    expect(out.kappa).toBeCloseTo(2 / 3, 12);
    expect(out.crossModal).toMatchObject({ threshold: 0.5, pairs: 4, agreement: 0.75, consistencyA: 1, consistencyB: 0.75 });
    expect(out.crossModal.meanAbsIouDiff).toBeCloseTo(0.980598 / 4, 3);
  });

  it('without --json: summary on stderr, nothing on stdout; thresholds are options', () => {
    const r = run('agreement', a, b);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('4 matched object(s)');
    expect(r.stderr).toContain('class differs: kitti-000001-0 truck ↔ kitti-000001-0 car');
    expect(r.stderr).toContain("Cohen's kappa 0.667");
    // at --consistency-iou 0.99 the car's 0.9806 IoU in A no longer counts as consistent
    const strict = JSON.parse(run('agreement', a, b, '--json', '--consistency-iou', '0.99').stdout);
    expect(strict.crossModal.consistencyA).toBeLessThanOrEqual(0.75);
    expect(strict.crossModal.items.find((x: { objectA: string }) => x.objectA === 'kitti-000001-1').consistentA).toBe(false);
  });

  it('bad input: usage, bad option, unreadable file, invalid scene — exit 2 naming the file', () => {
    const usage = run('agreement', a);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/^cli: usage: crosslabel agreement/);
    const opt = run('agreement', a, b, '--box-iou', '2');
    expect([opt.status, opt.stderr]).toEqual([2, 'cli: --box-iou must be a number in [0, 1] (got "2")\n']);
    const missing = join(dir, 'nope.json');
    const r1 = run('agreement', a, missing);
    expect([r1.status, r1.stderr]).toEqual([2, `${missing}: no such file\n`]);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...JSON.parse(readFileSync(a, 'utf8')), schemaVersion: 'x' }));
    const r2 = run('agreement', bad, b);
    expect(r2.status).toBe(2);
    expect(r2.stderr.startsWith(`${bad}: $.schemaVersion: `), r2.stderr).toBe(true);
    expect(r2.stdout).toBe('');
  }, 120_000); // four CLI processes
});
