/**
 * Faults (issue #16): no acknowledged edit is lost when
 *  1. the server process is SIGKILLed in the middle of a patch burst and restarted on the same data
 *     (PGlite in a data folder; PostgreSQL), and
 *  2. PostgreSQL is restarted under load while the server stays up.
 * Annotators (ops/load.ts) send edits back to back and resend an unanswered edit with the same
 * editId until it is answered; afterwards the scene's log is read back and every acknowledged edit
 * must be there, at the revision it was acknowledged with, exactly once, and each cuboid's final
 * position must be its last acknowledged move. The servers are child processes on loopback.
 *
 * The three fault runs take minutes and start their own PostgreSQL: they run with
 * `npm run test:faults` (TEST_FAULTS=1), not in every `npm test`; the log check runs always.
 * (One PostgreSQL-restart run in seven used to leave the server unreachable: the restart's FATAL
 * reached a transaction's connection between two queries, an 'error' event nobody listened to,
 * which crashed the server process. db/postgres.ts now handles it; db.test.ts reproduces it.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startPostgres, type TestPostgres } from '../../../scripts/postgres.mjs';
import { signIn } from './client';
import { runAnnotators, setupLoadProject, verifyLog, type LoadResult } from './load';
import { spawnServer, type ServerProcess } from './spawn';

const ADMIN = { name: 'admin', password: 'admin-password' };
const ANNOTATORS = 8;
/** Acknowledged edits before the fault, and after it before the run stops. */
const BEFORE = 80;
const AFTER = 80;

const dirs: string[] = [];
const tempDir = (label: string) => {
  const d = mkdtempSync(join(tmpdir(), `faults-${label}-`));
  dirs.push(d);
  return d;
};

let pg: TestPostgres | undefined;
let pgProblem: string | undefined;
const FAULTS = process.env.TEST_FAULTS === '1';

beforeAll(async () => {
  if (!FAULTS) return;
  try {
    pg = await startPostgres({ quiet: true });
  } catch (e) {
    pgProblem = (e as Error).message;
  }
}, 180_000);

afterAll(async () => {
  await pg?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface FaultRun {
  result: LoadResult;
  check: Awaited<ReturnType<typeof verifyLog>>;
  /** Milliseconds from the fault until the first acknowledgement after it. */
  recoveryMs: number;
}

/**
 * Runs the annotators against `server`, calls `fault` once BEFORE edits are acknowledged, and stops
 * once AFTER more edits were acknowledged after the fault completed; then checks the log.
 */
async function burstWithFault(server: () => ServerProcess, fault: () => Promise<void>): Promise<FaultRun> {
  const admin = await signIn(server().url, ADMIN.name, ADMIN.password);
  const project = await setupLoadProject(admin, ANNOTATORS);
  let faultAt = 0;
  let recovered = 0;
  let recoveredAt = 0;
  let faulting: Promise<void> | undefined;
  let faultDone = false;
  const result = await runAnnotators({
    urls: [server().url],
    project,
    seconds: 120,
    rate: 0,
    graceMs: 60_000,
    stopWhen: () => recovered >= AFTER,
    onAck: (_ack, total) => {
      if (total === BEFORE && !faulting) {
        faultAt = performance.now();
        faulting = fault().then(() => {
          faultDone = true;
        });
      } else if (faultDone) {
        recovered++;
        recoveredAt ||= performance.now();
      }
    },
  });
  await faulting;
  const proc = server().child;
  if (proc.exitCode !== null || proc.signalCode !== null)
    throw new Error(`the server process died during the run (${proc.exitCode ?? proc.signalCode}); its last output:\n${server().log().slice(-3000)}`);
  const reader = await signIn(server().url, ADMIN.name, ADMIN.password);
  const check = await verifyLog(reader, project, result.acked);
  return { result, check, recoveryMs: recoveredAt - faultAt };
}

const report = (what: string, r: FaultRun) =>
  console.log(
    `${what}: ${r.result.acked.length} acknowledged (${ANNOTATORS} annotators back to back), ${r.check.logged} in the log, ` +
      `${r.check.lost.length} lost, ${r.check.doubled.length} applied twice, ${r.result.resends} resends, ${r.result.duplicates} answered as duplicates, ` +
      `${r.result.refused.length} refused, first ack ${(r.recoveryMs / 1000).toFixed(1)} s after the fault`,
  );

const expectNothingLost = (r: FaultRun) => {
  expect(r.result.refused).toEqual([]);
  expect(r.result.unanswered).toBe(0);
  expect(r.result.acked.length).toBeGreaterThanOrEqual(BEFORE + AFTER);
  expect(r.check.lost).toEqual([]);
  expect(r.check.doubled).toEqual([]);
  expect(r.check.wrongFinal).toEqual([]);
  // every edit sent was acknowledged: the log holds exactly the acknowledged edits
  expect(r.check.logged).toBe(r.result.acked.length);
};

/** Kills the server mid-burst and starts it again on the same port and data. */
async function killAndRestart(env: Record<string, string | undefined>, label: string): Promise<FaultRun> {
  const dataDir = tempDir(label);
  const port = await freePort();
  let server = await spawnServer({ dataDir, port, admin: ADMIN, env });
  try {
    return await burstWithFault(
      () => server,
      async () => {
        await server.kill();
        server = await spawnServer({ dataDir, port, env });
      },
    );
  } finally {
    await server.stop();
  }
}

describe('faults: no acknowledged edit is lost', () => {
  it.skipIf(!FAULTS)('the server SIGKILLed mid-burst and restarted on the same PGlite folder', async () => {
    const r = await killAndRestart({}, 'pglite');
    report('SIGKILL + restart, PGlite folder', r);
    expect(r.result.resends).toBeGreaterThan(0); // the kill really hit edits in flight
    expectNothingLost(r);
  }, 400_000);

  it.skipIf(!FAULTS)('the server SIGKILLed mid-burst and restarted against the same PostgreSQL', async (ctx) => {
    if (!pg) ctx.skip(`no PostgreSQL: ${pgProblem}`);
    const db = await pgDatabase('killed');
    const r = await killAndRestart({ DATABASE_URL: db }, 'pg-kill');
    report('SIGKILL + restart, PostgreSQL', r);
    expect(r.result.resends).toBeGreaterThan(0);
    expectNothingLost(r);
  }, 400_000);

  it.skipIf(!FAULTS)('PostgreSQL restarted under load: clients resend, every acknowledged edit is in the log', async (ctx) => {
    if (!pg) ctx.skip(`no PostgreSQL: ${pgProblem}`);
    const db = await pgDatabase('restarted');
    const server = await spawnServer({ dataDir: tempDir('pg-restart'), admin: ADMIN, env: { DATABASE_URL: db } });
    try {
      // 'fast' = PostgreSQL's normal restart: open transactions are rolled back, connections dropped.
      const r = await burstWithFault(
        () => server,
        () => pg!.restart({ mode: 'fast', downMs: 2000 }),
      );
      report('PostgreSQL restart (fast, 2 s down) under load', r);
      expect(r.result.resends).toBeGreaterThan(0);
      expectNothingLost(r);
    } finally {
      await server.stop();
    }
  }, 400_000);

  it('the log check itself finds a lost acknowledgement and a wrong final position', async () => {
    const server = await spawnServer({ dataDir: tempDir('check'), admin: ADMIN });
    try {
      const admin = await signIn(server.url, ADMIN.name, ADMIN.password);
      const project = await setupLoadProject(admin, 2);
      const r = await runAnnotators({ urls: [server.url], project, seconds: 1, rate: 5 });
      expect((await verifyLog(admin, project, r.acked)).lost).toEqual([]);
      const forged = { editId: '00000000-0000-4000-8000-000000000000', revision: r.acked.length + 1, annotation: 'c0-0', x: 1234.5 };
      const check = await verifyLog(admin, project, [...r.acked, forged]);
      expect(check.lost).toEqual([forged]);
      expect(check.wrongFinal).toEqual(['c0-0']);
    } finally {
      await server.stop();
    }
  }, 200_000);
});

/** A fresh database on the run's PostgreSQL server (each scenario its own, so their logs do not mix). */
async function pgDatabase(name: string): Promise<string> {
  const { default: pgLib } = await import('pg');
  const client = new pgLib.Client({ connectionString: pg!.url });
  await client.connect();
  try {
    await client.query(`create database faults_${name}`);
  } finally {
    await client.end();
  }
  const u = new URL(pg!.url);
  u.pathname = `/faults_${name}`;
  return u.toString();
}
