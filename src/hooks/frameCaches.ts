/**
 * The browser's frame caches (decoded images, parsed point clouds, GPU buffers) share one place for
 * their byte budgets and their figures. Budgets: src/core/cache/budgets.ts defaults, overridden by
 * localStorage `crosslabel.cacheBudgets` (MiB per cache, read once at start). Figures:
 * `window.__crosslabel.caches()` (for the leak test and anyone curious: bytes, budget, entries,
 * pinned, evictions per cache).
 */
import { parseBudgets, type CacheBudgets, type CacheName } from '../core/cache/budgets';
import { ByteLru, type ByteLruStats } from '../core/cache/lru';

export const BUDGETS_KEY = 'crosslabel.cacheBudgets';

let budgets: CacheBudgets | undefined;

function readBudgets(): CacheBudgets {
  if (budgets) return budgets;
  let text: string | null = null;
  try {
    text = globalThis.localStorage?.getItem(BUDGETS_KEY) ?? null;
  } catch {
    // storage disabled (private mode, sandboxed frame): the defaults
  }
  const r = parseBudgets(text, `localStorage ${BUDGETS_KEY}`);
  if (r.error) console.warn(r.error);
  budgets = r.budgets;
  return budgets;
}

const stats = new Map<CacheName, () => ByteLruStats>();

function expose(): void {
  if (typeof window === 'undefined') return;
  const w = window as unknown as { __crosslabel?: Record<string, unknown> };
  w.__crosslabel = w.__crosslabel ?? {};
  w.__crosslabel.caches = () => Object.fromEntries([...stats].map(([name, s]) => [name, s()]));
}

/** A byte-bounded LRU with `name`'s budget, listed in `window.__crosslabel.caches()`. */
export function frameCache<K, V>(name: CacheName): ByteLru<K, V> {
  const lru = new ByteLru<K, V>(readBudgets()[name]);
  stats.set(name, () => lru.stats());
  expose();
  return lru;
}

/** Figures for a cache that is not an LRU of its own (the GPU buffers: see PointsLayer.tsx). */
export function reportCache(name: CacheName, get: () => ByteLruStats): void {
  stats.set(name, get);
  expose();
}

export function budgetOf(name: CacheName): number {
  return readBudgets()[name];
}
