/** Small pieces every format module shares. */

/** What an export wrote, and what the format could not hold (never dropped silently). */
export interface ExportSummary {
  written: Record<string, number>;
  dropped: { what: string; count: number; reason: string }[];
}

/** `base`, or `base_2`, `base_3`, … — the first id not yet a key of `taken`. */
export function uniqueId(base: string, taken: Record<string, unknown>): string {
  let id = base;
  for (let k = 2; id in taken; k++) id = `${base}_${k}`;
  return id;
}
