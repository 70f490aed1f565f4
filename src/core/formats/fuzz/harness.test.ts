/** The fuzz harness itself: the allocation guard, failure classification, mutations and replay by path. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AllocationGuardError, withAllocationGuard } from './guard';
import { evaluate, runTarget, type Failure, type FuzzTarget } from './harness';
import { HOSTILE_NUMBERS, applyMutation, materialize, planArbitrary, type Seed } from './mutations';

const enc = new TextEncoder();
const dec = new TextDecoder();
const seed = (text: string, name = 'seed.txt'): Seed => ({ name, bytes: enc.encode(text) });

/** A target around a function, with one seed. */
const target = (run: FuzzTarget['run'], extra: Partial<FuzzTarget> = {}): FuzzTarget => ({ name: 't', description: 't', seeds: [seed('hello 12 world')], fileName: () => 'in/file.txt', run, ...extra });

describe('allocation guard', () => {
  it('refuses a typed array over the budget before allocating it, and restores the constructors', async () => {
    const Float64 = Float64Array;
    const r = await withAllocationGuard(1000, () => new Float64Array(2 ** 30)); // 8 GiB: would fail or stall if attempted
    expect(r.error).toBeInstanceOf(AllocationGuardError);
    expect(r.report.violation?.requested).toBe(8 * 2 ** 30);
    expect(globalThis.Float64Array).toBe(Float64);
    expect(new Float64Array(4)).toBeInstanceOf(Float64);
  });

  it('counts every allocation of one call against the budget, including ArrayBuffers, copies and large Arrays', async () => {
    const ok = await withAllocationGuard(1000, () => {
      const a = new Uint8Array(100);
      const b = new ArrayBuffer(200);
      const c = Float32Array.from([1, 2, 3]); // through the Proxy's `from`: 12 bytes
      return { a, b, c, isF32: c instanceof Float32Array };
    });
    expect(ok.report).toMatchObject({ used: 312, largest: 200 });
    expect(ok.value?.isF32).toBe(true);
    const over = await withAllocationGuard(1000, () => [new Uint8Array(600), new Uint8Array(600)]);
    expect(over.report.violation?.message).toMatch(/new Uint8Array\(600\) would bring this input's allocations to 1200 bytes, over the budget of 1000/);
    const arr = await withAllocationGuard(1 << 20, () => new Array(1e7));
    expect(arr.report.violation?.message).toMatch(/new Array\(10000000\)/);
  });

  it('records a violation even when the code under test catches the guard error', async () => {
    const r = await withAllocationGuard(10, () => {
      try {
        return new Uint32Array(1000);
      } catch {
        return 'swallowed';
      }
    });
    expect(r.value).toBe('swallowed');
    expect(r.report.violation).toBeInstanceOf(AllocationGuardError);
  });
});

describe('evaluate: what counts as a failure', () => {
  const bytes = enc.encode('x');
  const one = (t: FuzzTarget, timeBound?: number) => evaluate(t, bytes, t.seeds[0], timeBound);

  it('a result, or an Error naming the file, is fine', async () => {
    expect(await one(target(() => 1))).toMatchObject({ ok: true, ended: 'result' });
    expect(await one(target(() => { throw new Error('in/file.txt:3: bad value'); }))).toMatchObject({ ok: true, ended: 'error' });
  });

  it('TypeError / RangeError are crashes even with the file name; other errors must name the file', async () => {
    const kind = async (run: FuzzTarget['run']) => (await one(target(run))).failure?.kind;
    expect(await kind(() => { throw new TypeError('in/file.txt: x is undefined'); })).toBe('crash');
    expect(await kind(() => { throw new RangeError('Invalid typed array length'); })).toBe('crash');
    expect(await kind(() => { throw new Error('matrix is singular'); })).toBe('unnamed-error');
    expect(await kind(() => { throw 'a string'; })).toBe('not-an-error');
    expect(await kind(() => { throw new Error('in/file.txt: token "\u0000\u0001" is bad'); })).toBe('binary-in-message');
    expect(await kind(() => new Uint8Array(64 << 20))).toBe('allocation');
  });

  it('a check problem is a bad result; an input over its time bound is slow', async () => {
    expect((await one(target(() => 1, { check: () => ['cloud has 3 points but the header says 4'] }))).failure).toMatchObject({ kind: 'bad-result', detail: 'cloud has 3 points but the header says 4' });
    const busy = () => {
      const end = performance.now() + 30;
      while (performance.now() < end);
      return 1;
    };
    expect((await one(target(busy), 1)).failure?.kind).toBe('slow');
  });
});

describe('mutations', () => {
  const pcd = seed('VERSION 0.7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nWIDTH 397\nHEIGHT 1\nPOINTS 397\nDATA ascii\n0 0 0\n', 'a.pcd');
  const ctx = { seeds: [pcd] };

  it('a hostile number for every occurrence of a token makes WIDTH and POINTS lie together', () => {
    const tokens = [...dec.decode(pcd.bytes).matchAll(/\d+(?:\.\d*)?/g)].map((m) => m[0]);
    const out = dec.decode(applyMutation(pcd.bytes, { op: 'number', which: tokens.indexOf('397'), value: HOSTILE_NUMBERS.indexOf('2147483648'), all: true }, ctx));
    expect(out).toContain('WIDTH 2147483648\n');
    expect(out).toContain('POINTS 2147483648\n');
    expect(out).toContain('SIZE 4 4 4\n');
  });

  it('JSON edits keep the document JSON: deep nesting, a huge array, a binary string', () => {
    const doc = seed(JSON.stringify({ a: [1, 2], b: { c: 'x' } }), 'd.json');
    const c = { seeds: [doc] };
    const deep = dec.decode(applyMutation(doc.bytes, { op: 'json', which: 0, action: { kind: 'deep', depth: 1000, array: true } }, c));
    expect(deep).toContain('['.repeat(1000));
    expect(() => JSON.parse(deep)).not.toThrow();
    const huge = JSON.parse(dec.decode(applyMutation(doc.bytes, { op: 'json', which: 0, action: { kind: 'hugeArray', length: 10_000, of: 'number' } }, c)));
    expect(Object.values(huge).some((v) => Array.isArray(v) && v.length === 10_000)).toBe(true);
    const bin = JSON.parse(dec.decode(applyMutation(doc.bytes, { op: 'json', which: 3, action: { kind: 'string', binary: true } }, c)));
    expect(JSON.stringify(bin)).toContain('\\u0000');
  });

  it('materialize is deterministic and fast-check regenerates the n-th plan from seed and path', () => {
    const arb = planArbitrary(1);
    const plans = fc.sample(arb, { seed: 99, numRuns: 40 });
    const again = fc.sample(arb, { seed: 99, path: '37', numRuns: 1 });
    expect(again[0]).toEqual(plans[37]);
    expect(materialize(plans[37], ctx)).toEqual(materialize(again[0], ctx));
  });
});

describe('runTarget', () => {
  it('counts every input; a failure reported at seed S path P replays to the same input', async () => {
    // fails on inputs whose length is a multiple of 5
    const seen = new Map<string, Uint8Array>();
    const t = target((b) => {
      if (b.length % 5 === 0) throw new TypeError('boom');
      return b.length;
    });
    const failures: Failure[] = [];
    const report = await runTarget(t, { seed: 5, numRuns: 200, onFailure: (f, _, b) => (failures.push(f), seen.set(f.path, b)) });
    expect(report.inputs).toBe(200);
    expect(report.results + report.errors + (report.byKind.crash ?? 0)).toBe(200);
    expect(failures.length).toBeGreaterThan(0);
    const f = failures[failures.length - 1];
    let replayed: Uint8Array | undefined;
    const again = await runTarget(t, { seed: 5, numRuns: 200, path: f.path, onFailure: (_, __, b) => (replayed = b) });
    expect(again.inputs).toBe(1);
    expect(replayed).toEqual(seen.get(f.path));
  });
});
