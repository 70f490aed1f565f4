/**
 * Byte budgets of the frame caches. Defaults suit a laptop with 8–16 GB (see README.md); a user or
 * a test overrides them with a JSON object of MiB per cache (the browser keeps it in localStorage,
 * `crosslabel.cacheBudgets`). A bad override is reported and the defaults are used: a typo in a
 * setting must never stop the app from opening.
 */
import { z } from 'zod';

export const MiB = 1024 * 1024;

export const CACHE_NAMES = ['decodedImages', 'pointClouds', 'gpuBuffers'] as const;
export type CacheName = (typeof CACHE_NAMES)[number];
export type CacheBudgets = Record<CacheName, number>;

/** Bytes. */
export const DEFAULT_BUDGETS: CacheBudgets = {
  decodedImages: 512 * MiB,
  pointClouds: 512 * MiB,
  gpuBuffers: 256 * MiB,
};

const Override = z.strictObject({
  decodedImages: z.number().nonnegative().optional(),
  pointClouds: z.number().nonnegative().optional(),
  gpuBuffers: z.number().nonnegative().optional(),
});

/**
 * The budgets (bytes) from an override text of MiB per cache, e.g. `{"pointClouds": 128}`.
 * `source` names where the text came from, for the error message.
 */
export function parseBudgets(text: string | null | undefined, source: string): { budgets: CacheBudgets; error?: string } {
  if (!text) return { budgets: { ...DEFAULT_BUDGETS } };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { budgets: { ...DEFAULT_BUDGETS }, error: `${source}: not JSON; expected e.g. {"pointClouds": 256} (MiB); using the default cache sizes` };
  }
  const r = Override.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue.path.length ? issue.path.join('.') : '(top level)';
    return { budgets: { ...DEFAULT_BUDGETS }, error: `${source}: ${where}: ${issue.message}; expected MiB per cache (${CACHE_NAMES.join(', ')}); using the default cache sizes` };
  }
  const budgets = { ...DEFAULT_BUDGETS };
  for (const k of CACHE_NAMES) if (r.data[k] !== undefined) budgets[k] = Math.round(r.data[k] * MiB);
  return { budgets };
}
