/**
 * The seeded fuzz run of `npm test`: every reader gets the same fast-check seed and FUZZ_TEST_RUNS
 * inputs (500 by default; `npm run fuzz` runs 10,000 with a fresh seed). A failure lists each failing
 * input with the command that replays it (`FUZZ_SEED=… FUZZ_PATH=… npm run fuzz -- --reader …`).
 */
import { describe, expect, it } from 'vitest';
import { evaluate, formatFailure, runTarget } from './harness';
import { loadTargets } from './targets';

const SEED = Number(process.env.FUZZ_SEED || 17);
const RUNS = Number(process.env.FUZZ_TEST_RUNS || 500);
const targets = await loadTargets();

/** Seeds that are malformed on purpose (from fixtures/kitti-malformed, or a tracking file where an object label belongs). */
const MALFORMED_SEEDS = new Set([
  'fixtures/kitti-malformed/truncated.bin',
  'fixtures/kitti-malformed/calib-missing-key.txt',
  'fixtures/kitti-malformed/label-too-few-columns.txt',
  'fixtures/kitti-tracking/label_02/0003.txt#40',
]);

describe('fuzz seeds', () => {
  it.each(targets.map((t) => [t.name, t] as const))('%s: every real seed reads to a result (the malformed ones to a clean error)', async (_, t) => {
    for (const seed of t.seeds) {
      const out = await evaluate(t, seed.bytes, seed, 60_000);
      expect({ seed: seed.name, ended: out.ended, failure: out.failure?.detail }).toEqual({ seed: seed.name, ended: MALFORMED_SEEDS.has(seed.name) ? 'error' : 'result', failure: undefined });
    }
  }, 120_000);
});

describe(`fuzzed readers: ${RUNS} inputs each, seed ${SEED}`, () => {
  it.each(targets.map((t) => [t.name, t] as const))('%s: each input ends in time with a result or an error naming the file, within its allocation budget', async (_, t) => {
    const report = await runTarget(t, { seed: SEED, numRuns: RUNS });
    expect(report.inputs).toBe(RUNS);
    expect(report.failures.map((f) => formatFailure(t.name, f))).toEqual([]);
    // the mutations reach past the first check: some inputs still read to a result
    expect(report.results).toBeGreaterThan(0);
    expect(report.errors).toBeGreaterThan(0);
  }, 600_000);
});
