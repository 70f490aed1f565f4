/**
 * The embedded engine: PGlite (PostgreSQL in wasm) in memory or in a data folder. One connection:
 * PGlite serialises queries and holds other queries back while a transaction runs, so the
 * transaction semantics match a server's (nothing interleaves into an open transaction).
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { checkChannel, type Db, type Transaction } from './db';

const instances = new WeakMap<Db, PGlite>();

/**
 * Opens PGlite in `dataDir` (created when missing) or in memory; `loadDataDir` starts an in-memory
 * database from a tarball made by `dumpPglite` (skips initdb: tests start from a migrated template).
 */
export async function openPglite(dataDir?: string, opts: { loadDataDir?: Blob } = {}): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pg = dataDir ? await PGlite.create(dataDir) : await PGlite.create(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {});
  const db: Db = {
    kind: 'pglite',
    async query<T>(sql: string, params?: unknown[]) {
      const r = await pg.query<T>(sql, params);
      return { rows: r.rows };
    },
    async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      return pg.transaction(async (tx) =>
        fn({
          async query<R>(sql: string, params?: unknown[]) {
            const r = await tx.query<R>(sql, params);
            return { rows: r.rows };
          },
          async exec(sql: string) {
            await tx.exec(sql);
          },
        }),
      );
    },
    async listen(channel, onPayload) {
      const unlisten = await pg.listen(checkChannel(channel), onPayload);
      return async () => {
        if (!pg.closed) await unlisten();
      };
    },
    async notify(channel, payload) {
      await pg.query('select pg_notify($1, $2)', [checkChannel(channel), payload]);
    },
    async close() {
      if (!pg.closed) await pg.close();
    },
  };
  instances.set(db, pg);
  return db;
}

/** A tarball of a PGlite database's files (uncompressed), for `openPglite(undefined, { loadDataDir })`. */
export async function dumpPglite(db: Db): Promise<Blob> {
  const pg = instances.get(db);
  if (!pg) throw new Error('dumpPglite: not a PGlite database');
  return pg.dumpDataDir('none');
}
