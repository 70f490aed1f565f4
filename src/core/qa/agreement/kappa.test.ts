/**
 * Cohen's kappa against hand-computed textbook values (each worked out in the comment; the 3×3
 * one re-checked with a plain numpy script: po = trace(M)/n, pe = Σ rowsum·colsum / n²).
 */
import { describe, expect, it } from 'vitest';
import { cohensKappa } from './kappa';

/** Pairs from a confusion matrix (rows rater A, columns rater B) over `labels`. */
function fromMatrix(labels: string[], m: number[][]): [string, string][] {
  const out: [string, string][] = [];
  m.forEach((row, i) => row.forEach((c, j) => { for (let r = 0; r < c; r++) out.push([labels[i], labels[j]]); }));
  return out;
}

describe('cohensKappa', () => {
  it('2×2 (Wikipedia "Cohen`s kappa", 50 proposals): 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no → po .7, pe .5, κ .4', () => {
    const r = cohensKappa(fromMatrix(['yes', 'no'], [[20, 5], [10, 15]]));
    expect(r.n).toBe(50);
    expect(r.observed).toBeCloseTo(0.7, 12);
    expect(r.expected).toBeCloseTo(0.5, 12); // (25·30 + 25·20) / 50²
    expect(r.kappa).toBeCloseTo(0.4, 12);
    expect(r.labels).toEqual(['no', 'yes']);
    expect(r.confusion).toEqual([[15, 10], [5, 20]]);
  });

  it('2×2 with skewed marginals: 45/15/25/15 of 100 → po .60, pe .54, κ = .06/.46 = 0.130435', () => {
    const r = cohensKappa(fromMatrix(['a', 'b'], [[45, 15], [25, 15]]));
    expect(r.observed).toBeCloseTo(0.6, 12);
    expect(r.expected).toBeCloseTo(0.54, 12); // (60·70 + 40·30) / 100²
    expect(r.kappa).toBeCloseTo(0.06 / 0.46, 12);
  });

  it('3×3: [[25,2,3],[3,20,2],[2,3,40]] → po .85, pe .355, κ = .495/.645 = 0.767442', () => {
    const r = cohensKappa(fromMatrix(['car', 'pedestrian', 'van'], [[25, 2, 3], [3, 20, 2], [2, 3, 40]]));
    expect(r.observed).toBeCloseTo(0.85, 12);
    expect(r.expected).toBeCloseTo(0.355, 12); // .3² + .25² + .45²
    expect(r.kappa).toBeCloseTo(0.767442, 6);
    expect(r.confusion).toEqual([[25, 2, 3], [3, 20, 2], [2, 3, 40]]);
  });

  it('perfect agreement over several labels: κ = 1', () => {
    const r = cohensKappa([['a', 'a'], ['b', 'b'], ['c', 'c'], ['a', 'a']]);
    expect(r).toMatchObject({ kappa: 1, observed: 1, expected: (4 + 1 + 1) / 16, n: 4 });
  });

  it('chance level: A = x x y y, B = x y x y → po = pe = .5, κ = 0; complete disagreement on 2 labels → κ = −1', () => {
    expect(cohensKappa([['x', 'x'], ['x', 'y'], ['y', 'x'], ['y', 'y']]).kappa).toBe(0);
    expect(cohensKappa([['x', 'y'], ['y', 'x']]).kappa).toBe(-1);
  });

  it('degenerate: expected agreement 1 (one label used by both for every item) → kappa null, po = pe = 1', () => {
    expect(cohensKappa([['car', 'car'], ['car', 'car']])).toEqual({ kappa: null, observed: 1, expected: 1, n: 2, labels: ['car'], confusion: [[2]] });
  });

  it('no items: everything null, n 0', () => {
    expect(cohensKappa([])).toEqual({ kappa: null, observed: null, expected: null, n: 0, labels: [], confusion: [] });
  });
});
