import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BUDGETS, MiB, parseBudgets } from './budgets';
import { ByteLru } from './lru';

/** A value that records how often it was disposed. */
const val = (id: string) => ({ id, disposed: 0 });
type Val = ReturnType<typeof val>;
const dispose = (v: Val) => v.disposed++;

describe('ByteLru', () => {
  it('evicts the least recently used entries until the bytes fit the budget', () => {
    const c = new ByteLru<string, Val>(100);
    const a = val('a'), b = val('b'), d = val('d');
    c.set('a', a, 40, dispose);
    c.set('b', b, 40, dispose);
    c.get('a'); // a is now more recent than b
    c.set('d', d, 40, dispose);
    expect(c.has('b')).toBe(false);
    expect(b.disposed).toBe(1);
    expect([c.has('a'), c.has('d')]).toEqual([true, true]);
    expect(c.bytes).toBe(80);
    expect(c.stats().evictions).toBe(1);
  });

  it('never evicts a pinned entry; unpinning lets the cache trim to its budget', () => {
    const c = new ByteLru<string, Val>(50);
    const a = val('a'), b = val('b');
    c.set('a', a, 40, dispose);
    const unpin = c.pin('a');
    c.set('b', b, 40, dispose);
    expect(c.has('a')).toBe(true);
    expect(c.has('b')).toBe(false); // the newer, unpinned one goes
    expect(a.disposed).toBe(0);
    const big = val('big');
    c.pin('big');
    c.set('big', big, 500, dispose); // pinned before it arrived: kept although over budget
    expect(c.bytes).toBe(540);
    unpin();
    unpin(); // idempotent
    expect(c.has('a')).toBe(false);
    expect(a.disposed).toBe(1);
    expect(c.has('big')).toBe(true);
  });

  it('learns a size later (resize) and trims then', () => {
    const c = new ByteLru<string, Val>(100);
    const a = val('a'), b = val('b');
    c.set('a', a, 0, dispose);
    c.set('b', b, 0, dispose);
    c.resize('a', 80);
    c.resize('b', 80);
    expect(c.has('a')).toBe(false);
    expect(c.bytes).toBe(80);
    c.resize('gone', 10); // a key not held: nothing happens
    expect(c.bytes).toBe(80);
  });

  it('disposes a replaced value, but not when the same value is set again', () => {
    const c = new ByteLru<string, Val>(100);
    const a = val('a'), a2 = val('a2');
    c.set('k', a, 10, dispose);
    c.set('k', a, 20, dispose);
    expect(a.disposed).toBe(0);
    expect(c.bytes).toBe(20);
    c.set('k', a2, 10, dispose);
    expect(a.disposed).toBe(1);
    c.clear();
    expect(a2.disposed).toBe(1);
    expect(c.bytes).toBe(0);
  });

  it('rejects a negative or non-finite size with a clear error', () => {
    const c = new ByteLru<string, Val>(100);
    expect(() => c.set('a', val('a'), -1)).toThrow(/entry size must be a finite number of bytes ≥ 0, got -1/);
    expect(() => new ByteLru(NaN)).toThrow(/budget/);
  });

  type Op =
    | { op: 'set'; key: number; bytes: number }
    | { op: 'get' | 'delete' | 'pin' | 'unpin'; key: number }
    | { op: 'resize'; key: number; bytes: number }
    | { op: 'budget'; bytes: number };
  const key = fc.integer({ min: 0, max: 7 });
  const bytes = fc.integer({ min: 0, max: 60 });
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ op: fc.constant('set' as const), key, bytes }),
    fc.record({ op: fc.constantFrom('get' as const, 'delete' as const, 'pin' as const, 'unpin' as const), key }),
    fc.record({ op: fc.constant('resize' as const), key, bytes }),
    fc.record({ op: fc.constant('budget' as const), bytes: fc.integer({ min: 0, max: 200 }) }),
  );

  it('property: after every operation bytes ≤ budget unless only pinned entries are left; every value is disposed exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.array(op, { maxLength: 80 }), (budget, ops) => {
        const c = new ByteLru<number, Val>(budget);
        const made: Val[] = [];
        const unpins = new Map<number, (() => void)[]>();
        let n = 0;
        const size = new Map<number, number>(); // the model: bytes of each key as last set / resized
        for (const o of ops) {
          const pinnedBefore = [...Array(8).keys()].filter((k) => c.has(k) && c.isPinned(k));
          if (o.op === 'set') {
            const v = val(`v${n++}`);
            made.push(v);
            c.set(o.key, v, o.bytes, dispose);
            size.set(o.key, o.bytes);
          } else if (o.op === 'get') c.get(o.key);
          else if (o.op === 'delete') c.delete(o.key);
          else if (o.op === 'resize') {
            if (c.has(o.key)) size.set(o.key, o.bytes);
            c.resize(o.key, o.bytes);
          } else if (o.op === 'budget') c.setBudget(o.bytes);
          else if (o.op === 'pin') unpins.set(o.key, [...(unpins.get(o.key) ?? []), c.pin(o.key)]);
          else unpins.get(o.key)?.pop()?.();
          const s = c.stats();
          // the byte count is the sum of what is held
          let sum = 0;
          for (let k = 0; k < 8; k++) if (c.has(k)) sum += size.get(k)!;
          expect(s.bytes).toBe(sum);
          if (s.bytes > s.budget) expect(s.bytes).toBe(s.pinnedBytes); // only pinned entries are left
          // a pinned entry stays (unless deleted or replaced by its owner)
          for (const k of pinnedBefore) if (!(o.op === 'delete' && o.key === k)) expect(c.has(k)).toBe(true);
          // held values are not disposed; values no longer held were disposed exactly once
          const held = new Set<Val>();
          for (let k = 0; k < 8; k++) {
            const v = c.peek(k);
            if (v) held.add(v);
          }
          for (const v of made) expect(v.disposed).toBe(held.has(v) ? 0 : 1);
        }
        c.clear();
        for (const v of made) expect(v.disposed).toBe(1);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseBudgets', () => {
  it('uses the defaults without an override and takes MiB per cache from one', () => {
    expect(parseBudgets(null, 'x').budgets).toEqual(DEFAULT_BUDGETS);
    const r = parseBudgets('{"pointClouds": 8, "decodedImages": 0.5}', 'localStorage crosslabel.cacheBudgets');
    expect(r.error).toBeUndefined();
    expect(r.budgets).toEqual({ ...DEFAULT_BUDGETS, pointClouds: 8 * MiB, decodedImages: 0.5 * MiB });
  });

  it('names the source and the problem for a bad override and falls back to the defaults', () => {
    const bad = parseBudgets('{"pointClouds": -3}', 'localStorage crosslabel.cacheBudgets');
    expect(bad.error).toMatch(/^localStorage crosslabel\.cacheBudgets: pointClouds: .*using the default cache sizes$/);
    expect(bad.budgets).toEqual(DEFAULT_BUDGETS);
    expect(parseBudgets('{"images": 3}', 'cfg').error).toMatch(/^cfg: .*decodedImages, pointClouds, gpuBuffers/);
    expect(parseBudgets('{oops', 'cfg').error).toMatch(/^cfg: not JSON/);
  });
});

describe('ByteLru budget', () => {
  it('a smaller budget evicts the least recently used entries at once, disposing each once', () => {
    const disposed: string[] = [];
    const lru = new ByteLru<string, string>(3);
    for (const k of ['a', 'b', 'c']) lru.set(k, k, 1, (v) => disposed.push(v));
    lru.get('a'); // a is now the most recently used: b goes first, then c
    lru.budget = 1;
    expect(disposed).toEqual(['b', 'c']);
    expect(lru.size).toBe(1);
    expect(lru.get('a')).toBe('a');
    expect(() => (lru.budget = -1)).toThrow();
  });
});
