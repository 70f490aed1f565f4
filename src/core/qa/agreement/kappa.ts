/**
 * Cohen's kappa for two raters who labelled the same items with nominal classes:
 * κ = (p_o − p_e) / (1 − p_e), p_o the observed share of agreeing items, p_e the agreement
 * expected by chance from each rater's marginal label frequencies (Σ_k p_A(k)·p_B(k)).
 */

export interface KappaResult {
  /**
   * Cohen's kappa in [−1, 1]; `null` where it is undefined: no items (n = 0), or expected
   * agreement 1 (both raters used one and the same label for every item, so p_o = p_e = 1 and
   * the ratio is 0/0 — scikit-learn returns NaN there; we return null so JSON carries it).
   */
  kappa: number | null;
  /** Observed agreement p_o in [0, 1]; null when n = 0. */
  observed: number | null;
  /** Chance agreement p_e in [0, 1]; null when n = 0. */
  expected: number | null;
  /** Number of rated items (pairs). */
  n: number;
  /** Every label used by either rater, sorted (code-unit order); the index of the confusion matrix. */
  labels: string[];
  /** confusion[i][j]: items rater A labelled labels[i] and rater B labelled labels[j]. */
  confusion: number[][];
}

/** Cohen's kappa of `[labelA, labelB]` pairs, one per item (see {@link KappaResult} for the degenerate cases). */
export function cohensKappa(pairs: readonly (readonly [string, string])[]): KappaResult {
  const labels = [...new Set(pairs.flatMap(([a, b]) => [a, b]))].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const k = labels.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const [a, b] of pairs) confusion[index.get(a)!][index.get(b)!]++;
  const n = pairs.length;
  if (n === 0) return { kappa: null, observed: null, expected: null, n, labels, confusion };
  let agree = 0;
  let chance = 0;
  for (let i = 0; i < k; i++) {
    agree += confusion[i][i];
    let row = 0;
    let col = 0;
    for (let j = 0; j < k; j++) {
      row += confusion[i][j];
      col += confusion[j][i];
    }
    chance += row * col;
  }
  const observed = agree / n;
  const expected = chance / (n * n);
  const kappa = expected >= 1 ? null : (observed - expected) / (1 - expected);
  return { kappa, observed, expected, n, labels, confusion };
}
