/**
 * Team server under load (issue #16), loopback only, bounded: LOAD_ANNOTATORS (50) simulated
 * annotators, each moving its own cuboid at LOAD_RATE (5) edits per second for LOAD_SECONDS, one
 * edit at a time as the browser's sync client sends them (ops/load.ts), against
 *   1. one instance on PGlite in a data folder (`npm run server`'s default),
 *   2. one instance on PostgreSQL (scripts/postgres.mjs: Debian's server, a temp cluster),
 *   3. two instances on that PostgreSQL, annotators split between them.
 * The servers are child processes (src/server/main.ts). After each run the scene's log is read back:
 * every acknowledged edit must be there at its acknowledged revision (the run fails otherwise).
 * `npm run bench` uses LOAD_SECONDS=10 by default (the issue's figure is 60 s:
 * `LOAD_SECONDS=60 npm run bench -- server-load`). Baselines: the same edit applied in-process
 * (core/sync applyEdit: immer patches + validation, no HTTP, no database) for latency; the offered
 * rate for throughput; the one-instance PostgreSQL figures for the two-instance rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Patch } from 'immer';
import { applyEdit } from '../src/core/sync';
import { syntheticSequence } from '../src/core/testing/syntheticSequence';
import type { Annotation } from '../src/core/schema';
import { signIn } from '../src/server/ops/client';
import { quantile, runAnnotators, setupLoadProject, verifyLog, type LoadResult } from '../src/server/ops/load';
import { spawnServer, type ServerProcess } from '../src/server/ops/spawn';
import { timeMs, type Harness } from './harness';

const int = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`bench: ${name}=${process.env[name]} must be a positive number`);
  return v;
};
const ADMIN = { name: 'bench-admin', password: 'bench-admin-password' };
/** A server's first start runs initdb in wasm (PGlite) and compiles under tsx: minutes on a busy 2-core machine. */
const START_MS = 300_000;

interface Figures {
  p50: number;
  p95: number;
  throughput: number;
  result: LoadResult;
}

async function measure(label: string, servers: ServerProcess[], annotators: number, rate: number, seconds: number): Promise<Figures> {
  const admin = await signIn(servers[0].url, ADMIN.name, ADMIN.password);
  const project = await setupLoadProject(admin, annotators);
  const t0 = performance.now();
  const result = await runAnnotators({ urls: servers.map((s) => s.url), project, seconds, rate });
  const wall = (performance.now() - t0) / 1000;
  const check = await verifyLog(admin, project, result.acked);
  const lost = check.lost.length + check.wrongFinal.length + check.doubled.length;
  console.log(
    `${label}: ${result.sent} sent, ${result.acked.length} acknowledged, ${check.lost.length} lost, ${check.doubled.length} applied twice, ` +
      `${result.refused.length} refused, ${result.resends} resends, ${check.logged} in the log`,
  );
  if (lost || result.refused.length || result.unanswered)
    throw new Error(`${label}: ${check.lost.length} acknowledged edits lost, ${check.wrongFinal.length} wrong final positions, ${result.refused.length} refused (${result.refused[0] ?? ''}), ${result.unanswered} unanswered`);
  return { p50: quantile(result.latencies, 0.5), p95: quantile(result.latencies, 0.95), throughput: result.acked.length / wall, result };
}

/** Median in-process cost of one cuboid move: immer patches applied and the edit validated (no HTTP, no database). */
function inProcessMs(annotators: number): number {
  const { scene } = syntheticSequence(1, annotators);
  const base = scene.annotations['lidar/000000']['c0-0'] as Extract<Annotation, { kind: 'cuboid' }>;
  let x = base.center.x;
  return timeMs(() => {
    x += 0.01;
    const r = applyEdit(scene, [{ op: 'replace', path: ['annotations', 'lidar/000000', 'c0-0'], value: { ...base, center: { ...base.center, x } } }] as Patch[]);
    if (!r.ok) throw new Error('bench: the in-process edit was refused');
  }, 200, 20);
}

export default async function serverLoadBench(h: Harness): Promise<void> {
  const annotators = int('LOAD_ANNOTATORS', 50);
  const rate = int('LOAD_RATE', 5);
  const seconds = int('LOAD_SECONDS', 10);
  const offered = annotators * rate;
  console.log(`${annotators} annotators × ${rate} edits/s for ${seconds} s per run (LOAD_SECONDS=60 for the issue's full minute)`);
  const local = inProcessMs(annotators);
  const tag = `${annotators}×${rate}/s`;
  const rows = (name: string, f: Figures, base: { p50: number; p95: number; throughput: number }, baseName: string) => {
    const note = `${seconds} s run, ${f.result.acked.length} acknowledged, 0 lost`;
    h.time(`server load ${name}: p50 edit latency (${tag})`, f.p50, base.p50, baseName, note);
    h.time(`server load ${name}: p95 edit latency (${tag})`, f.p95, base.p95, baseName, note);
    h.throughput(`server load ${name}: acknowledged edits/s (${tag})`, f.throughput, base.throughput, 'edits/s', baseName === 'in-process apply + validate' ? 'offered rate' : baseName, note);
  };
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'bench-load-'));
    dirs.push(d);
    return d;
  };
  try {
    const single = await spawnServer({ timeoutMs: START_MS, dataDir: dir(), admin: ADMIN });
    try {
      const f = await measure('1 instance, PGlite', [single], annotators, rate, seconds);
      rows('1 instance PGlite', f, { p50: local, p95: local, throughput: offered }, 'in-process apply + validate');
    } finally {
      await single.stop();
    }

    let pg: Awaited<ReturnType<typeof import('../scripts/postgres.mjs').startPostgres>> | undefined;
    try {
      pg = await (await import('../scripts/postgres.mjs')).startPostgres({ quiet: true });
    } catch (e) {
      console.log(`no PostgreSQL here, the PostgreSQL and two-instance rows are skipped: ${(e as Error).message.split('\n')[0]}`);
      return;
    }
    try {
      console.log(`PostgreSQL: ${pg.version}`);
      const env = { DATABASE_URL: pg.url };
      const one = await spawnServer({ timeoutMs: START_MS, dataDir: dir(), admin: ADMIN, env });
      let oneFig: Figures;
      try {
        oneFig = await measure('1 instance, PostgreSQL', [one], annotators, rate, seconds);
        rows('1 instance PostgreSQL', oneFig, { p50: local, p95: local, throughput: offered }, 'in-process apply + validate');
      } finally {
        await one.stop();
      }
      const a = await spawnServer({ timeoutMs: START_MS, dataDir: dir(), admin: ADMIN, env });
      const b = await spawnServer({ timeoutMs: START_MS, dataDir: dir(), env });
      try {
        const two = await measure('2 instances, one PostgreSQL', [a, b], annotators, rate, seconds);
        rows('2 instances PostgreSQL', two, oneFig, '1 instance PostgreSQL');
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    } finally {
      await pg.stop();
    }
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}
