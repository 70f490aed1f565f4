/**
 * Databases for tests. `testDb()` is PGlite in memory, or — when the run has a PostgreSQL server
 * (TEST_POSTGRES=1, see postgresGlobalSetup.ts) — a fresh database on it, created for this call and
 * dropped on close, so test files running in parallel never see each other's rows.
 * Use it in every db/route test so the same test runs on both engines.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDb, type Db, type OpenDbOptions } from './db';
import { migrate } from './migrate';
import { dumpPglite, openPglite } from './pglite';

/** The PostgreSQL server of this run, or undefined on PGlite. */
export function testServerUrl(): string | undefined {
  return inject('testDatabaseUrl') || process.env.TEST_DATABASE_URL || undefined;
}

/** 'postgres' when this run's db tests use a PostgreSQL server, else 'pglite'. */
export const testEngine: 'pglite' | 'postgres' = testServerUrl() ? 'postgres' : 'pglite';

/** A fresh PostgreSQL database on the run's server; `drop()` removes it (after its clients closed). */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const server = testServerUrl();
  if (!server) throw new Error('freshDatabase: no PostgreSQL server in this run (TEST_POSTGRES=1)');
  const name = `t_${randomBytes(8).toString('hex')}`;
  await admin(server, `create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(server, `drop database if exists ${name} with (force)`) };
}

let template: Promise<Blob> | undefined;

/**
 * A migrated PGlite database, made once per test worker and copied for each testDb(): initdb in
 * wasm costs seconds, loading a copy of its files much less.
 */
async function fromTemplate(): Promise<Db> {
  template ??= (async () => {
    const db = await openDb({});
    try {
      return await dumpPglite(db);
    } finally {
      await db.close();
    }
  })();
  const db = await openPglite(undefined, { loadDataDir: await template });
  await migrate(db); // nothing to do unless a migration file appeared since the template was made
  return db;
}

/** An opened, migrated database for one test (file); close() also drops it on PostgreSQL. */
export async function testDb(opts: Omit<OpenDbOptions, 'url' | 'dataDir'> = {}): Promise<Db> {
  if (!testServerUrl()) return opts.migrate === false ? openDb(opts) : fromTemplate();
  const fresh = await freshDatabase();
  const db = await openDb({ ...opts, url: fresh.url });
  const close = db.close.bind(db);
  return Object.assign(db, {
    async close() {
      await close();
      await fresh.drop();
    },
  });
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
