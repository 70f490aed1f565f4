/**
 * Seeded review sampling: pick a reproducible share of items (annotation ids, object ids,
 * sample ids, …) for a human second look. Same items, share and seed → same sample, on any
 * machine: the PRNG is mulberry32 (32-bit state, core/math/random.ts), not Math.random.
 */

import { mulberry32 } from '../../math/random';

export { mulberry32 };

/**
 * A seeded sample of `items` for review: ceil(share · n) distinct items (at least one when
 * `items` is non-empty), in their original order. `share` is clamped to (0, 1] (≤ 0 or NaN
 * reads as the smallest sample, one item; > 1 as all). Duplicate items are sampled once.
 * Selection: a partial Fisher–Yates shuffle driven by mulberry32(seed).
 */
export function sampleForReview(items: readonly string[], share = 0.12, seed = 0): string[] {
  const unique = [...new Set(items)];
  const n = unique.length;
  if (n === 0) return [];
  const s = Number.isFinite(share) ? Math.min(1, Math.max(0, share)) : 0;
  const k = Math.min(n, Math.max(1, Math.ceil(s * n - 1e-9)));
  const rand = mulberry32(seed);
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rand() * (n - i));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.slice(0, k).sort((a, b) => a - b).map((i) => unique[i]);
}
