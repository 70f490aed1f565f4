import { describe, expect, it } from 'vitest';
import { getAnnotation, type Scene } from '../schema';
import { createComparison, deleteComparison, pickBest, rankComparison } from './comparisons';
import { createDocument } from './documents';
import { linkSpan } from './text';
import { expectRejected, makeTestScene } from './testScene';
import { step } from './testStep';

const PROMPT = 'Describe the image.';
const A = 'A pedestrian crosses in front of a car.';
const B = 'A dog runs across the road.';

/** The test scene with comparison "cmp" about camera sample c0: a new prompt and candidates A and B. */
function withComparison(): Scene {
  return step(makeTestScene(), createComparison, { id: 'cmp', sensor: 'cam', sample: 'c0', prompt: PROMPT, candidates: [{ text: A, title: 'Model A' }, { text: B }] });
}

describe('comparison/create', () => {
  it('creates the prompt, one response per candidate and the comparison in one step', () => {
    const s = withComparison();
    const c = s.comparisons.cmp;
    expect(c.candidates).toHaveLength(2);
    const [pid] = s.documents.filter((d) => d.kind === 'prompt').map((d) => d.id);
    expect(c).toEqual({ id: 'cmp', sensor: 'cam', sample: 'c0', prompt: pid, candidates: c.candidates });
    const doc = (id: string) => s.documents.find((d) => d.id === id);
    expect(doc(pid)).toEqual({ id: pid, kind: 'prompt', sensor: 'cam', sample: 'c0', text: PROMPT, language: 'en' });
    expect(doc(c.candidates[0])).toEqual({ id: c.candidates[0], kind: 'response', sensor: 'cam', sample: 'c0', title: 'Model A', prompt: pid, text: A, language: 'en' });
    expect(doc(c.candidates[1])).toEqual({ id: c.candidates[1], kind: 'response', sensor: 'cam', sample: 'c0', prompt: pid, text: B, language: 'en' });
    expect(s.documents).toHaveLength(4); // d1 + prompt + two responses
  });

  it('reuses an existing prompt document, allows empty candidates to be typed later, and generates an id', () => {
    let s = step(makeTestScene(), createDocument, { document: { id: 'p', kind: 'prompt', text: PROMPT } });
    s = step(s, createComparison, { prompt: { document: 'p' }, candidates: [{ text: '' }, { text: '' }, { text: '' }] });
    const [id] = Object.keys(s.comparisons);
    expect(id).toMatch(/^cmp_[0-9a-f]{16}$/);
    expect(s.comparisons[id].prompt).toBe('p');
    expect(s.documents.filter((d) => d.prompt === 'p').map((d) => d.text)).toEqual(['', '', '']);
    const plain = step(makeTestScene(), createComparison, { id: 'c', candidates: [{ text: A }, { text: B }] });
    expect(plain.comparisons.c).toEqual({ id: 'c', candidates: plain.comparisons.c.candidates });
    expect(plain.documents.filter((d) => d.kind === 'response').every((d) => d.prompt === undefined && d.sensor === undefined)).toBe(true);
  });

  it('refuses fewer than two candidates, a non-image sensor, unknown samples, a non-prompt and duplicate ids', () => {
    const s = withComparison();
    const two = [{ text: A }, { text: B }];
    expectRejected(s, createComparison, { id: 'x', candidates: [{ text: A }] }, /comparison "x": a comparison needs at least two candidates/);
    expectRejected(s, createComparison, { id: 'x', sensor: 'lidar', candidates: two }, /sensor "lidar" is a lidar sensor; candidates describe a camera or video image/);
    expectRejected(s, createComparison, { id: 'x', sensor: 'radar', candidates: two }, /sensor "radar" does not exist/);
    expectRejected(s, createComparison, { id: 'x', sensor: 'cam', sample: 'l0', candidates: two }, /sample "l0" does not exist in sensor "cam"/);
    expectRejected(s, createComparison, { id: 'x', sample: 'c0', candidates: two }, /sample "c0" needs its sensor/);
    expectRejected(s, createComparison, { id: 'x', prompt: { document: 'd1' }, candidates: two }, /"d1" is not a prompt document \(its kind is description\)/);
    expectRejected(s, createComparison, { id: 'x', prompt: { document: 'zz' }, candidates: two }, /prompt document "zz" does not exist/);
    expectRejected(s, createComparison, { id: 'cmp', candidates: two }, /comparison "cmp" already exists/);
    expectRejected(s, createComparison, { id: 'x', candidates: [{ text: A }, { title: 'no text' } as never] }, /candidate 2 needs a text/);
  });
});

describe('comparison/rank and comparison/pick', () => {
  it('records a ranking with its reason, keeps the reason when re-ranked without one, and clears the judgement', () => {
    const s = withComparison();
    const [a, b] = s.comparisons.cmp.candidates;
    const ranked = step(s, rankComparison, { id: 'cmp', ranking: [a, b], reason: 'B invents a dog', by: 'ann', at: '2025-05-01T10:00:00Z' });
    expect(ranked.comparisons.cmp).toMatchObject({ ranking: [a, b], reason: 'B invents a dog', by: 'ann', at: '2025-05-01T10:00:00Z' });
    const reordered = step(ranked, rankComparison, { id: 'cmp', ranking: [b, a] });
    expect(reordered.comparisons.cmp).toMatchObject({ ranking: [b, a], reason: 'B invents a dog', by: 'ann' });
    const noReason = step(reordered, rankComparison, { id: 'cmp', ranking: [b, a], reason: '' });
    expect(noReason.comparisons.cmp.reason).toBeUndefined();
    const cleared = step(ranked, rankComparison, { id: 'cmp', ranking: undefined });
    expect(cleared.comparisons.cmp).toEqual(s.comparisons.cmp);
  });

  it('refuses a ranking that is not a permutation of the candidates', () => {
    const s = withComparison();
    const [a, b] = s.comparisons.cmp.candidates;
    expectRejected(s, rankComparison, { id: 'cmp', ranking: [a] }, /a ranking orders every candidate exactly once \(2 candidates/);
    expectRejected(s, rankComparison, { id: 'cmp', ranking: [a, a] }, /a ranking orders every candidate exactly once/);
    expectRejected(s, rankComparison, { id: 'cmp', ranking: [a, 'd1'] }, /"d1" is not one of its candidates/);
    expectRejected(s, rankComparison, { id: 'cmp', ranking: [a, b], at: 'yesterday' }, /at "yesterday" is not an ISO 8601 time/);
    expectRejected(s, rankComparison, { id: 'nope', ranking: [a, b] }, /comparison "nope" does not exist/);
  });

  it('pick puts the best first and the rest in their shown order', () => {
    const s = step(makeTestScene(), createComparison, { id: 'c3', candidates: [{ text: 'one' }, { text: 'two' }, { text: 'three' }] });
    const [x, y, z] = s.comparisons.c3.candidates;
    const picked = step(s, pickBest, { id: 'c3', best: z, reason: 'names the car' });
    expect(picked.comparisons.c3).toMatchObject({ ranking: [z, x, y], reason: 'names the car' });
    expectRejected(s, pickBest, { id: 'c3', best: 'd1' }, /comparison "c3": "d1" is not one of its candidates/);
  });
});

describe('comparison/delete', () => {
  it('keeps the documents unless asked, then removes them with their spans', () => {
    let s = withComparison();
    const { candidates, prompt } = s.comparisons.cmp;
    s = step(s, linkSpan, { host: { document: candidates[0] }, start: 2, end: 12, objects: ['o2'] });
    const kept = step(s, deleteComparison, { id: 'cmp' });
    expect(kept.comparisons).toEqual({});
    expect(kept.documents).toHaveLength(4);
    const gone = step(s, deleteComparison, { id: 'cmp', documents: true });
    expect(gone.documents.map((d) => d.id)).toEqual(['d1']);
    expect(gone.annotations[`document:${candidates[0]}`]).toBeUndefined();
    expect(getAnnotation(gone, 'a3')).toBeDefined();
    expect(prompt).toBeDefined();
    expectRejected(s, deleteComparison, { id: 'nope' }, /comparison "nope" does not exist/);
  });

  it('keeps a prompt that another comparison still uses', () => {
    let s = withComparison();
    const prompt = s.comparisons.cmp.prompt!;
    s = step(s, createComparison, { id: 'other', prompt: { document: prompt }, candidates: [{ text: 'x' }, { text: 'y' }] });
    const next = step(s, deleteComparison, { id: 'cmp', documents: true });
    expect(next.documents.map((d) => d.id)).toEqual(['d1', prompt, ...s.comparisons.other.candidates]);
    expect(next.comparisons.other.prompt).toBe(prompt);
  });
});
