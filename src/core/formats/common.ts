/** Small pieces every format module shares. */

/** What an export wrote, and what the format could not hold (never dropped silently). */
export interface ExportSummary {
  written: Record<string, number>;
  dropped: { what: string; count: number; reason: string }[];
}

/** Per `taken` record and base: the suffix after the last one handed out (see uniqueId). */
const nextSuffix = new WeakMap<object, Map<string, number>>();

/**
 * `base`, or `base_2`, `base_3`, … — the first id not yet a key of `taken` (callers add it to `taken`).
 * The search for a base resumes after the last suffix it handed out for the same `taken`: a file with
 * 5,000 rows of one track in one frame asked for base_2 … base_5000 by trying every suffix from 2 each
 * time (12.5M probes, 12 s, found by fuzzing MOT); now each call probes only new suffixes.
 */
export function uniqueId(base: string, taken: Record<string, unknown>): string {
  if (!(base in taken)) return base;
  let bases = nextSuffix.get(taken);
  if (!bases) nextSuffix.set(taken, (bases = new Map()));
  let k = bases.get(base) ?? 2;
  while (`${base}_${k}` in taken) k++;
  bases.set(base, k + 1);
  return `${base}_${k}`;
}
