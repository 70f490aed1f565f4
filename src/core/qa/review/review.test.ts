/**
 * Review sampling and records. The mulberry32 reference values come from the published
 * reference implementation (bryc/code "PRNGs.md", JavaScript), transcribed to Python integer
 * arithmetic and run independently: seeds 1 and 42, first three outputs.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32, ReviewRecord, sampleForReview } from './index';

const items = Array.from({ length: 100 }, (_, i) => `ann-${String(i).padStart(3, '0')}`);

describe('mulberry32', () => {
  it('matches the reference outputs (python transcription)', () => {
    const r1 = mulberry32(1);
    const r42 = mulberry32(42);
    expect([r1(), r1(), r1()]).toEqual(REF_SEED_1);
    expect([r42(), r42(), r42()]).toEqual(REF_SEED_42);
  });
});

describe('sampleForReview', () => {
  it('same seed → same sample; other seed → another sample; 12% of 100 = 12 distinct items in input order', () => {
    const a = sampleForReview(items, 0.12, 7);
    expect(a).toEqual(sampleForReview([...items], 0.12, 7));
    expect(a).toHaveLength(12);
    expect(new Set(a).size).toBe(12);
    expect([...a].sort()).toEqual(a);
    for (const x of a) expect(items).toContain(x);
    expect(sampleForReview(items, 0.12, 8)).not.toEqual(a);
  });

  it('default share is 12% and rounds up: 10 items → 2', () => {
    expect(sampleForReview(items.slice(0, 10), undefined, 3)).toHaveLength(2);
  });

  it('share clamped to (0, 1]: 0, negative and NaN give one item, >1 gives all; empty input gives none', () => {
    expect(sampleForReview(items, 0, 1)).toHaveLength(1);
    expect(sampleForReview(items, -3, 1)).toHaveLength(1);
    expect(sampleForReview(items, Number.NaN, 1)).toHaveLength(1);
    expect(sampleForReview(items, 5, 1)).toEqual(items);
    expect(sampleForReview([], 0.5, 1)).toEqual([]);
  });

  it('duplicates are sampled once', () => {
    expect(sampleForReview(['a', 'a', 'a'], 1, 1)).toEqual(['a']);
  });

  it('roughly uniform: over 2000 seeds each of 10 items is picked ≈ 200 times (1 of 10 per draw)', () => {
    const counts = new Map<string, number>();
    for (let s = 0; s < 2000; s++) for (const x of sampleForReview(items.slice(0, 10), 0.1, s)) counts.set(x, (counts.get(x) ?? 0) + 1);
    for (const x of items.slice(0, 10)) expect(counts.get(x)).toBeGreaterThan(140);
  });
});

describe('ReviewRecord', () => {
  const ok = { item: 'box2d-000001-1', object: 'kitti-000001-1', decision: 'reject', comment: 'box 40 px right', reviewer: 'ana', at: '2026-11-25T03:20:00Z' };
  it('accepts a valid record, with or without object/comment', () => {
    expect(ReviewRecord.parse(ok)).toEqual(ok);
    expect(ReviewRecord.parse({ item: 'x', decision: 'accept', reviewer: 'b', at: '2026-11-25T03:20:00+01:00' }).decision).toBe('accept');
  });
  it('rejects an unknown decision, a bad timestamp, an empty reviewer and a comment decision without text (with paths)', () => {
    const paths = (v: unknown) => ReviewRecord.safeParse(v).error?.issues.map((i) => i.path.join('.'));
    expect(paths({ ...ok, decision: 'maybe' })).toEqual(['decision']);
    expect(paths({ ...ok, at: 'yesterday' })).toEqual(['at']);
    expect(paths({ ...ok, reviewer: '' })).toEqual(['reviewer']);
    expect(paths({ ...ok, decision: 'comment', comment: ' ' })).toEqual(['comment']);
  });
});

const REF_SEED_1 = [0.6270739405881613, 0.002735721180215478, 0.5274470399599522];
const REF_SEED_42 = [0.6011037519201636, 0.44829055899754167, 0.8524657934904099];
