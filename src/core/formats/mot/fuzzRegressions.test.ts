/**
 * A MOT file with thousands of rows of one track in one frame took 12–17 s to import (found by
 * fuzzing: `uniqueId` tried every suffix from 2 on each call, quadratic in the rows).
 */
import { describe, expect, it } from 'vitest';
import { makeTestScene } from '../../commands/testScene';
import { allAnnotations } from '../../schema';
import { uniqueId } from '../common';
import { importMotAsPreAnnotations, parseMot } from './index';

describe('uniqueId', () => {
  it('hands out base, base_2, base_3 … as before, skipping ids already taken', () => {
    const taken: Record<string, unknown> = { a_3: true };
    const got = Array.from({ length: 5 }, () => {
      const id = uniqueId('a', taken);
      taken[id] = true;
      return id;
    });
    expect(got).toEqual(['a', 'a_2', 'a_4', 'a_5', 'a_6']);
    expect(uniqueId('b', taken)).toBe('b');
  });

  it('50,000 ids for one base take linear time (it probed 1.25 billion ids before)', () => {
    const taken: Record<string, unknown> = {};
    const t0 = performance.now();
    for (let i = 0; i < 50_000; i++) taken[uniqueId('mot_1_f1', taken)] = true;
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(Object.keys(taken)).toHaveLength(50_000);
    expect(taken.mot_1_f1_50000).toBe(true);
  });
});

describe('MOT import of a duplicated row', () => {
  it('5,000 copies of one box become 5,000 boxes with distinct ids on one track', () => {
    const rows = parseMot('1,1,912,484,97,109,0,7,1\n'.repeat(5000), 'gt.txt');
    const { scene, summary } = importMotAsPreAnnotations(makeTestScene(), rows, { camera: 'cam' });
    const boxes = allAnnotations(scene).filter((a) => a.kind === 'box2d' && a.object === 'mot_1');
    expect(boxes).toHaveLength(5000);
    expect(new Set(boxes.map((b) => b.id)).size).toBe(5000);
    expect(summary.written).toEqual({ objects: 1, box2d: 5000 });
  });
});
