/**
 * The database both engines implement: PGlite (PostgreSQL 18 in wasm, in memory or in a data
 * folder; the default, no setup) and a PostgreSQL server through a `pg` Pool (DATABASE_URL).
 * The same SQL runs on both; migrations (./migrations/NNN_name.sql) run at open.
 *
 * Conventions every caller keeps, so results look the same on both engines:
 * - int8 / count(*) come back as JS numbers (both engines are configured so; ids stay < 2^53).
 * - timestamptz comes back as a Date; numeric as a string; json/jsonb parsed.
 * - Pass JSON values as `JSON.stringify(x)` with a `$n::jsonb` cast (the engines serialise JS
 *   arrays/objects differently); pass text[] as JS string arrays.
 * - Inside `transaction(fn)` use only `tx`: on PGlite (one connection) a `db.query` from inside the
 *   callback waits for the transaction to end and deadlocks.
 * - NOTIFY from inside a transaction (`select pg_notify($1, $2)` on tx) is delivered on COMMIT.
 * - Channel names are lower-case identifiers ([a-z_][a-z0-9_]*).
 */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

/** A transaction's handle: queries plus `exec` for a multi-statement script without parameters. */
export interface Transaction extends Queryable {
  exec(sql: string): Promise<void>;
}

export interface ListenOptions {
  /**
   * Called after the listening connection was lost and re-established (PostgreSQL restarted):
   * notifications sent meanwhile are gone, so a listener re-reads what it may have missed.
   */
  onReconnect?: () => void;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in BEGIN … COMMIT; a throw rolls back and rethrows. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Subscribes to NOTIFY on `channel`; resolves once listening; the returned function unsubscribes. */
  listen(channel: string, onPayload: (payload: string) => void, opts?: ListenOptions): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** postgres://… → a PostgreSQL server through a pg Pool. */
  url?: string;
  /** PGlite's data folder; absent → in memory. Ignored with `url`. */
  dataDir?: string;
  /** Skip the migrations (tests of the runner itself). */
  migrate?: boolean;
}

const CHANNEL = /^[a-z_][a-z0-9_]*$/;

/** Throws when `channel` is not a plain lower-case identifier (both engines then agree on its name). */
export function checkChannel(channel: string): string {
  if (!CHANNEL.test(channel)) throw new Error(`db: channel "${channel}" must be a lower-case identifier ([a-z_][a-z0-9_]*)`);
  return channel;
}

/** Opens the database named by `opts` and brings its schema up to date. */
export async function openDb(opts: OpenDbOptions = {}): Promise<Db> {
  const db = opts.url ? await (await import('./postgres')).openPostgres(opts.url) : await (await import('./pglite')).openPglite(opts.dataDir);
  if (opts.migrate !== false) {
    try {
      const { migrate } = await import('./migrate');
      await migrate(db);
    } catch (e) {
      await db.close();
      throw e;
    }
  }
  return db;
}
