/**
 * `npm run fuzz` — fuzz every file reader (src/core/formats/fuzz): ≥ 10,000 inputs per reader by
 * default, each reader in its own child process watched for hangs, two at a time.
 *
 *   npm run fuzz                                  all readers, 10,000 inputs each, a fresh seed
 *   npm run fuzz -- --reader pcd --runs 2000      one reader (repeat --reader or give a comma list)
 *   FUZZ_SEED=123 npm run fuzz                    a fixed seed (the run is then reproducible)
 *   FUZZ_SEED=123 FUZZ_PATH=456 npm run fuzz -- --reader pcd
 *                                                 replay input 456 of that run: prints the outcome in
 *                                                 full and writes the input to tmp/fuzz/
 *   --jobs N       readers fuzzed at once (default 2)     --time-bound MS   per-input bound (default 2000)
 *   --hang MS      an input still running after this is a hang: its process is killed (default 30000)
 *   --list         list the readers
 *
 * Prints per reader: inputs, results, clean errors, failures by kind, time; every failure with its
 * seed, path and the command that reproduces it. Exit status 1 when any reader failed.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contextOf, evaluate, formatFailure, reproduceCommand, runTarget, DEFAULT_TIME_BOUND_MS, type Failure, type TargetReport } from '../src/core/formats/fuzz/harness';
import { describePlan, materialize, planArbitrary } from '../src/core/formats/fuzz/mutations';
import { loadTargets, REPO_ROOT } from '../src/core/formats/fuzz/targets';
import fc from 'fast-check';

interface Args {
  readers: string[];
  runs: number;
  jobs: number;
  timeBound: number;
  hangMs: number;
  list: boolean;
  child?: string;
  from: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { readers: [], runs: 10_000, jobs: 2, timeBound: DEFAULT_TIME_BOUND_MS, hangMs: 30_000, list: false, from: 0 };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) usage(`${k} needs a value`);
      return x;
    };
    const int = (name: string) => {
      const x = Number(v());
      if (!Number.isInteger(x) || x < 0) usage(`${name} must be a non-negative integer`);
      return x;
    };
    if (k === '--reader' || k === '-r') a.readers.push(...v().split(',').filter(Boolean));
    else if (k === '--runs') a.runs = int('--runs');
    else if (k === '--jobs') a.jobs = Math.max(1, int('--jobs'));
    else if (k === '--time-bound') a.timeBound = int('--time-bound');
    else if (k === '--hang') a.hangMs = int('--hang');
    else if (k === '--list') a.list = true;
    else if (k === '--child') a.child = v();
    else if (k === '--from') a.from = int('--from');
    else usage(`unknown argument ${k}`);
  }
  return a;
}

function usage(problem: string): never {
  console.error(`fuzz: ${problem}\nusage: npm run fuzz -- [--reader NAME[,NAME…]] [--runs N] [--jobs N] [--time-bound MS] [--hang MS] [--list]  (env FUZZ_SEED, FUZZ_PATH)`);
  process.exit(2);
}

function seedFromEnv(): number {
  const s = process.env.FUZZ_SEED;
  if (s === undefined || s === '') return (Date.now() ^ (process.pid << 8)) >>> 0;
  const n = Number(s);
  if (!Number.isInteger(n)) usage(`FUZZ_SEED must be an integer, got ${JSON.stringify(s)}`);
  return n;
}

type ChildMessage = { type: 'input'; index: number } | { type: 'failure'; failure: Failure } | { type: 'done'; report: TargetReport };

/** Child process: fuzz one reader from input `from`, telling the parent each input's index before reading it. */
async function child(args: Args, seed: number): Promise<void> {
  const target = (await loadTargets()).find((t) => t.name === args.child);
  if (!target) throw new Error(`no reader ${args.child}`);
  const send = (m: ChildMessage) => new Promise<void>((ok) => process.send!(m, () => ok()));
  const report = await runTarget(target, {
    seed,
    numRuns: args.runs,
    from: args.from,
    timeBoundMs: args.timeBound,
    keepPerKind: 1000,
    // heartbeat: every input's index goes out before it is read (the parent names a hang by it)
    onInput: (index) => process.send!({ type: 'input', index } satisfies ChildMessage),
  });
  await send({ type: 'done', report });
  process.exit(0);
}

interface ReaderResult {
  name: string;
  inputs: number;
  results: number;
  errors: number;
  byKind: Record<string, number>;
  failures: Failure[];
  ms: number;
  slowestMs: number;
}

/** Fuzz one reader in child processes, restarting after a hang (the hung input counted as a failure). */
function fuzzReader(name: string, args: Args, seed: number): Promise<ReaderResult> {
  const self = fileURLToPath(import.meta.url);
  const total: ReaderResult = { name, inputs: 0, results: 0, errors: 0, byKind: {}, failures: [], ms: 0, slowestMs: 0 };
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const start = (from: number) => {
      let current = from;
      let timer: NodeJS.Timeout | undefined;
      let finished = false;
      const cp: ChildProcess = fork(self, ['--child', name, '--runs', String(args.runs), '--from', String(from), '--time-bound', String(args.timeBound)], {
        execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
        env: { ...process.env, FUZZ_SEED: String(seed), FUZZ_PATH: '' },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          const f: Failure = { kind: 'hang', detail: `no answer after ${args.hangMs} ms; the process was killed`, seed, path: String(current), input: '(see the reproduce command)', bytes: -1, ms: args.hangMs };
          total.byKind.hang = (total.byKind.hang ?? 0) + 1;
          total.inputs++;
          total.failures.push(f);
          console.log(formatFailure(name, f));
          finished = true;
          cp.kill('SIGKILL');
          if (current + 1 < args.runs) start(current + 1);
          else finish();
        }, args.hangMs);
      };
      arm();
      cp.on('message', (m: ChildMessage) => {
        if (m.type === 'input') {
          current = m.index;
          arm();
        } else if (m.type === 'done') {
          finished = true;
          clearTimeout(timer);
          const r = m.report;
          total.inputs += r.inputs;
          total.results += r.results;
          total.errors += r.errors;
          total.slowestMs = Math.max(total.slowestMs, r.slowestMs);
          for (const [k, n] of Object.entries(r.byKind)) total.byKind[k] = (total.byKind[k] ?? 0) + (n ?? 0);
          for (const f of r.failures) {
            total.failures.push(f);
            console.log(formatFailure(name, f));
          }
          finish();
        }
      });
      cp.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (finished) return;
        // died without reporting (out of memory, a native crash): count the input it was on, go on after it
        finished = true;
        const f: Failure = { kind: 'crash', detail: `the fuzzing process died (exit ${code ?? signal}) on this input`, seed, path: String(current), input: '(see the reproduce command)', bytes: -1, ms: 0 };
        total.byKind.crash = (total.byKind.crash ?? 0) + 1;
        total.inputs++;
        total.failures.push(f);
        console.log(formatFailure(name, f));
        if (current + 1 < args.runs) start(current + 1);
        else finish();
      });
      cp.on('error', reject);
    };
    const finish = () => {
      total.ms = performance.now() - t0;
      resolve(total);
    };
    start(0);
  });
}

/** FUZZ_PATH: regenerate one input, read it in this process, print everything, save the bytes. */
async function replay(readers: string[], seed: number, path: string, timeBound: number): Promise<number> {
  if (readers.length !== 1) usage('FUZZ_PATH replays one input: give exactly one --reader');
  const target = (await loadTargets()).find((t) => t.name === readers[0]);
  if (!target) usage(`no reader ${readers[0]} (see --list)`);
  const index = Number(path.split(':')[0]);
  const [plan] = fc.sample(planArbitrary(target.seeds.length), { seed, path: String(index), numRuns: 1 });
  const bytes = materialize(plan, contextOf(target));
  const seedFile = target.seeds[plan.seed % target.seeds.length];
  const dir = join(REPO_ROOT, 'tmp', 'fuzz');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${target.name}-${seed}-${index}.bin`);
  writeFileSync(out, bytes);
  console.log(`[${target.name}] seed ${seed} path ${index}: ${describePlan(plan, target.seeds)}`);
  console.log(`  plan: ${JSON.stringify(plan, (_, v) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v)).slice(0, 2000)}`);
  console.log(`  ${bytes.length} bytes written to ${out}; read as ${target.fileName(seedFile)}`);
  const o = await evaluate(target, bytes, seedFile, timeBound);
  if (o.ok) {
    console.log(`  ok: ended with ${o.ended === 'result' ? 'a result' : 'a clean error'} in ${o.ms.toFixed(1)} ms`);
    if (o.ended === 'error') {
      // show the error message the user would see
      try {
        await target.run(bytes.slice(), target.fileName(seedFile), seedFile);
      } catch (e) {
        console.log(`  message: ${(e as Error).message.slice(0, 2000)}`);
      }
    }
    return 0;
  }
  console.log(`  FAILED (${o.failure!.kind}) in ${o.ms.toFixed(1)} ms:\n  ${o.failure!.detail.split('\n').join('\n  ')}`);
  return 1;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const seed = seedFromEnv();
  if (args.child) {
    await child(args, seed);
    return 0;
  }
  const targets = await loadTargets();
  if (args.list) {
    for (const t of targets) console.log(`${t.name.padEnd(16)} ${t.description} (${t.seeds.length} seeds)`);
    return 0;
  }
  const unknown = args.readers.filter((r) => !targets.some((t) => t.name === r));
  if (unknown.length) usage(`unknown reader ${unknown.join(', ')} (readers: ${targets.map((t) => t.name).join(', ')})`);
  const readers = args.readers.length ? args.readers : targets.map((t) => t.name);
  if (process.env.FUZZ_PATH) return replay(readers, seed, process.env.FUZZ_PATH, args.timeBound);

  console.log(`fuzz: seed ${seed}, ${args.runs} inputs per reader, ${readers.length} readers, ${args.jobs} at a time, time bound ${args.timeBound} ms (FUZZ_SEED=${seed} repeats this run)`);
  const results: ReaderResult[] = [];
  const queue = [...readers];
  const worker = async () => {
    for (let r = queue.shift(); r; r = queue.shift()) {
      const res = await fuzzReader(r, args, seed);
      results.push(res);
      const fails = Object.values(res.byKind).reduce((s, n) => s + n, 0);
      console.log(`fuzz: ${r} done: ${res.inputs} inputs, ${fails} failures, ${(res.ms / 1000).toFixed(1)} s`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(args.jobs, readers.length) }, worker));
  results.sort((a, b) => readers.indexOf(a.name) - readers.indexOf(b.name));

  const rows = results.map((r) => {
    const fails = Object.values(r.byKind).reduce((s, n) => s + n, 0);
    const kinds = Object.entries(r.byKind).map(([k, n]) => `${k} ${n}`).join(', ');
    return [r.name, String(r.inputs), String(r.results), String(r.errors), String(fails), kinds || '-', `${(r.ms / 1000).toFixed(1)} s`, `${r.slowestMs.toFixed(0)} ms`];
  });
  const head = ['reader', 'inputs', 'results', 'errors', 'failures', 'by kind', 'time', 'slowest'];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 5 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  ');
  console.log(`\n${line(head)}\n${rows.map(line).join('\n')}`);
  const failed = results.filter((r) => Object.keys(r.byKind).length);
  if (failed.length) {
    console.log(`\nfuzz: failures in ${failed.map((r) => r.name).join(', ')}; reproduce one with e.g. ${reproduceCommand(failed[0].name, failed[0].failures[0])}`);
    return 1;
  }
  console.log(`\nfuzz: no failures (seed ${seed})`);
  return 0;
}

main().then(
  (code) => {
    if (!process.argv.includes('--child')) process.exit(code);
  },
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
