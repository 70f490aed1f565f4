/**
 * The fuzz property, per input: a reader given a mutated or generated file must, within a time bound,
 * either return a result that passes the target's own checks (e.g. a cloud whose point count is the
 * header's) or throw an Error whose message names the file it was given and says what is wrong —
 * never a TypeError / RangeError / ReferenceError from inside the reader, never an allocation the
 * bytes present cannot justify (guard.ts), never a silently truncated result.
 *
 * Runs are driven by fast-check (`fc.check` with a seed): input n of a run is the n-th value fast-check
 * generates, so `{seed, path: String(n)}` regenerates it exactly (see `runTarget`).
 */
import fc from 'fast-check';
import { printable } from '../printable';
import { withAllocationGuard } from './guard';
import { describePlan, materialize, planArbitrary, type FuzzPlan, type MaterializeContext, type Seed } from './mutations';

export interface FuzzTarget {
  /** Short name, used on the command line (`--reader pcd`). */
  name: string;
  /** What is read and through which entry point. */
  description: string;
  seeds: Seed[];
  /** The file name passed to the reader for an input made from `seed` (errors must name it). */
  fileName(seed: Seed): string;
  /** Read the bytes (`seed` is the seed the input was made from; most targets ignore it). */
  run(bytes: Uint8Array, fileName: string, seed: Seed): unknown;
  /** Further names an error may give instead of `fileName` (e.g. the folder of a multi-file import). */
  alsoNamed?: (fileName: string) => string[];
  /** Problems with a successful result (silent truncation, broken invariants); empty when fine. */
  check?(result: unknown, bytes: Uint8Array, fileName: string): string[];
  /** Allocation budget in bytes for an input (default 64 × size + 1 MiB). */
  budget?(bytes: Uint8Array): number;
  hotspots?(bytes: Uint8Array): number[];
}

export type FailureKind = 'crash' | 'unnamed-error' | 'not-an-error' | 'binary-in-message' | 'allocation' | 'slow' | 'hang' | 'bad-result';

export interface Failure {
  kind: FailureKind;
  detail: string;
  /** fast-check seed and path (run index) that regenerate the input. */
  seed: number;
  path: string;
  input: string;
  bytes: number;
  ms: number;
}

export interface Outcome {
  ok: boolean;
  /** 'result' or 'error' when ok. */
  ended: 'result' | 'error' | 'failed';
  failure?: Omit<Failure, 'seed' | 'path'>;
  ms: number;
}

/**
 * Time bound per input: 2 s, plus 4 ms per KiB of input. The allowance keeps linear readers on the
 * multi-megabyte inputs line duplication makes (a KITTI label file of 10,000 rows: ~0.6 s warm, 4 s on
 * this loaded 2-core machine) from counting as hangs, while a quadratic one still blows through it
 * (5,000 duplicated MOT rows, 125 KB: 17 s before uniqueId was fixed).
 */
export const DEFAULT_TIME_BOUND_MS = 2000;
export const TIME_PER_KIB_MS = 4;
export const timeBoundFor = (base: number, bytes: number): number => base + (TIME_PER_KIB_MS * bytes) / 1024;
export const defaultBudget = (bytes: Uint8Array): number => 64 * bytes.length + (1 << 20);

/** Built-in error classes that mean a reader crashed on its input rather than rejecting it. */
const CRASHES: readonly (new (...a: never[]) => Error)[] = [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError];


const show = (s: string, n = 300): string => (s.length > n ? `${s.slice(0, n)}…` : s);

function classify(target: FuzzTarget, error: unknown, fileName: string): { kind: FailureKind; detail: string } | undefined {
  if (!(error instanceof Error)) return { kind: 'not-an-error', detail: `threw ${show(String(error))}` };
  const ctor = Object.getPrototypeOf(error)?.constructor;
  const stackTop = (error.stack ?? '').split('\n').slice(0, 6).join('\n');
  if (CRASHES.includes(ctor)) return { kind: 'crash', detail: `${error.name}: ${show(error.message)}\n${stackTop}` };
  const names = [fileName, ...(target.alsoNamed?.(fileName) ?? [])];
  if (!names.some((n) => error.message.includes(n))) return { kind: 'unnamed-error', detail: `${error.name}: ${show(error.message)} (does not name ${fileName})\n${stackTop}` };
  if (printable(error.message) !== error.message) return { kind: 'binary-in-message', detail: `${error.name}: ${JSON.stringify(show(error.message))}` };
  return undefined;
}

/** Run one input through a target under the allocation guard and the time bound. */
export async function evaluate(target: FuzzTarget, bytes: Uint8Array, seed: Seed, timeBoundMs = DEFAULT_TIME_BOUND_MS): Promise<Outcome> {
  const fileName = target.fileName(seed);
  const budget = (target.budget ?? defaultBudget)(bytes);
  // the reader gets its own copy: some readers may keep views of (or consume) their input
  const read = async () => {
    const input = bytes.slice();
    const t0 = performance.now();
    const out = await withAllocationGuard(budget, () => target.run(input, fileName, seed));
    return { out, ms: performance.now() - t0 };
  };
  let { out: r, ms } = await read();
  // Over the bound once may be a GC pause, cold JIT or a busy machine: it is slow only if a second
  // read is slow too (a hang or a quadratic reader is slow every time).
  if (ms > timeBoundFor(timeBoundMs, bytes.length)) ({ out: r, ms } = await read());
  const fail = (kind: FailureKind, detail: string): Outcome => ({ ok: false, ended: 'failed', ms, failure: { kind, detail, input: '', bytes: bytes.length, ms } });
  if (r.report.violation) return fail('allocation', r.report.violation.message);
  const bound = timeBoundFor(timeBoundMs, bytes.length);
  if (ms > bound) return fail('slow', `took ${ms.toFixed(0)} ms (bound ${bound.toFixed(0)} ms); it ended with ${'error' in r ? `an error: ${show(String((r.error as Error)?.message ?? r.error))}` : 'a result'}`);
  if ('error' in r) {
    const c = classify(target, r.error, fileName);
    return c ? fail(c.kind, c.detail) : { ok: true, ended: 'error', ms };
  }
  let problems: string[] = [];
  try {
    problems = target.check?.(r.value, bytes, fileName) ?? [];
  } catch (e) {
    problems = [`the result check threw: ${(e as Error).message}`];
  }
  if (problems.length) return fail('bad-result', problems.join('; '));
  return { ok: true, ended: 'result', ms };
}

export interface TargetReport {
  target: string;
  seed: number;
  inputs: number;
  results: number;
  errors: number;
  failures: Failure[];
  /** Failures by kind (all of them, though `failures` keeps only the first few of each kind). */
  byKind: Partial<Record<FailureKind, number>>;
  ms: number;
  slowestMs: number;
}

export interface RunOptions {
  seed: number;
  numRuns: number;
  /** Replay only this fast-check path (the run index of a reported failure). */
  path?: string;
  /** Skip inputs before this index (resuming after a hang). */
  from?: number;
  timeBoundMs?: number;
  /** Failures kept per kind (default 5); all are counted. */
  keepPerKind?: number;
  /** Called before each input is read (the fuzz script's hang watchdog listens). */
  onInput?(index: number): void;
  onFailure?(f: Failure, plan: FuzzPlan, bytes: Uint8Array): void;
}

export function contextOf(target: FuzzTarget): MaterializeContext {
  return { seeds: target.seeds, hotspots: target.hotspots };
}

/** Run `numRuns` inputs of a target (or one, with `path`), counting outcomes and failures. */
export async function runTarget(target: FuzzTarget, opts: RunOptions): Promise<TargetReport> {
  const ctx = contextOf(target);
  const report: TargetReport = { target: target.name, seed: opts.seed, inputs: 0, results: 0, errors: 0, failures: [], byKind: {}, ms: 0, slowestMs: 0 };
  const keep = opts.keepPerKind ?? 5;
  let index = opts.path !== undefined ? Number(opts.path.split(':')[0]) : 0;
  // Warm-up (not counted): each seed once, so the first fuzzed inputs are not timed with cold JIT
  // and lazily compiled validators (the OpenLABEL schema compiles on first use).
  if (opts.path === undefined) for (const s of target.seeds) await evaluate(target, s.bytes, s, Infinity);
  const t0 = performance.now();
  const property = fc.asyncProperty(planArbitrary(target.seeds.length), async (plan) => {
    const i = index++;
    if (opts.from !== undefined && i < opts.from) return true;
    opts.onInput?.(i);
    const bytes = materialize(plan, ctx);
    const seed = target.seeds[plan.seed % target.seeds.length];
    const out = await evaluate(target, bytes, seed, opts.timeBoundMs);
    report.inputs++;
    report.slowestMs = Math.max(report.slowestMs, out.ms);
    if (out.ended === 'result') report.results++;
    else if (out.ended === 'error') report.errors++;
    else if (out.failure) {
      const f: Failure = { ...out.failure, seed: opts.seed, path: String(i), input: describePlan(plan, target.seeds) };
      report.byKind[f.kind] = (report.byKind[f.kind] ?? 0) + 1;
      if (report.failures.filter((g) => g.kind === f.kind).length < keep) report.failures.push(f);
      opts.onFailure?.(f, plan, bytes);
    }
    return true; // failures are counted, not thrown: a run reports every kind it finds
  });
  const details = await fc.check(property, opts.path !== undefined ? { seed: opts.seed, path: opts.path, numRuns: 1 } : { seed: opts.seed, numRuns: opts.numRuns });
  // the property never fails on purpose: a failed check is the harness's own error (e.g. in materialize)
  if (details.failed) throw new Error(`fuzz harness error in ${target.name} at seed ${opts.seed} path ${details.counterexamplePath}: ${details.errorInstance instanceof Error ? details.errorInstance.stack : String(details.errorInstance)}`);
  report.ms = performance.now() - t0;
  return report;
}

/** The command that reproduces a failure. */
export const reproduceCommand = (target: string, f: Pick<Failure, 'seed' | 'path'>): string => `FUZZ_SEED=${f.seed} FUZZ_PATH=${f.path} npm run fuzz -- --reader ${target}`;

/** One failure as text. */
export function formatFailure(target: string, f: Failure): string {
  return `[${target}] ${f.kind} at seed ${f.seed} path ${f.path} (${f.bytes} bytes, ${f.ms.toFixed(0)} ms): ${f.input}\n  ${f.detail.split('\n').join('\n  ')}\n  reproduce: ${reproduceCommand(target, f)}`;
}
