/**
 * A PostgreSQL server through a `pg` Pool. Queries take any pooled connection; a transaction holds
 * one connection from BEGIN to COMMIT; LISTEN uses one dedicated connection per Db that reconnects
 * (with back-off) when the server goes away and then calls each listener's onReconnect, since
 * notifications sent while it was down are lost.
 */
import pg from 'pg';
import { checkChannel, type Db, type ListenOptions, type Transaction } from './db';

const INT8_OID = 20;

/** int8 as a JS number, as PGlite returns it (ids and counts stay far below 2^53). */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

interface Subscriber {
  onPayload: (payload: string) => void;
  opts?: ListenOptions;
}

export async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, types, max: Number(process.env.PG_POOL_MAX ?? 10) });
  // An idle pooled connection that dies (server restart) emits 'error' on the pool; without a handler
  // the process would exit. The next query simply gets a fresh connection.
  pool.on('error', (e) => console.error(`db: idle connection lost (${e.message})`));
  // Fail at open, with the URL's host named, rather than on the first request.
  try {
    await pool.query('select 1');
  } catch (e) {
    await pool.end().catch(() => {});
    throw new Error(`db: cannot connect to PostgreSQL at ${describe(url)}: ${(e as Error).message}`);
  }
  const listener = new Listener(url);
  return {
    kind: 'postgres',
    async query<T>(sql: string, params?: unknown[]) {
      const r = await pool.query(sql, params as unknown[] | undefined);
      return { rows: r.rows as T[] };
    },
    async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      // While checked out, the pool no longer listens for the client's 'error' event. The connection
      // dying between two of our queries (PostgreSQL restarted: FATAL 57P01, or the socket closed)
      // emits one; unhandled, it would crash the whole server. Remember it instead: the next query
      // fails, the transaction rejects, and the client is destroyed rather than pooled again.
      const onError = (e: Error) => (broken ??= e);
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const tx: Transaction = {
          async query<R>(sql: string, params?: unknown[]) {
            const r = await client.query(sql, params as unknown[] | undefined);
            return { rows: r.rows as R[] };
          },
          async exec(sql: string) {
            await client.query(sql); // no parameters: the simple protocol runs every statement
          },
        };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch((re: Error) => (broken = re));
        throw e;
      } finally {
        client.removeListener('error', onError);
        client.release(broken);
      }
    },
    listen: (channel, onPayload, opts) => listener.add(checkChannel(channel), { onPayload, opts }),
    async notify(channel, payload) {
      await pool.query('select pg_notify($1, $2)', [checkChannel(channel), payload]);
    },
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}

/** The URL without its password, for messages. */
function describe(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

/** One connection carrying every LISTEN of a Db; re-established when lost. */
class Listener {
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private readonly channels = new Map<string, Set<Subscriber>>();
  private closed = false;
  private retryMs = 100;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly url: string) {}

  async add(channel: string, sub: Subscriber): Promise<() => Promise<void>> {
    const client = await this.connect();
    let subs = this.channels.get(channel);
    if (!subs) {
      subs = new Set();
      this.channels.set(channel, subs);
      await client.query(`LISTEN ${channel}`);
    }
    subs.add(sub);
    return async () => {
      const s = this.channels.get(channel);
      if (!s?.delete(sub) || s.size > 0) return;
      this.channels.delete(channel);
      if (this.client && !this.closed) await this.client.query(`UNLISTEN ${channel}`).catch(() => {});
    };
  }

  private connect(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    if (!this.connecting) {
      this.connecting = (async () => {
        const client = new pg.Client({ connectionString: this.url, types });
        client.on('notification', (m) => {
          for (const s of this.channels.get(m.channel) ?? []) s.onPayload(m.payload ?? '');
        });
        client.on('error', () => this.lost(client));
        client.on('end', () => this.lost(client));
        try {
          await client.connect();
          for (const channel of this.channels.keys()) await client.query(`LISTEN ${channel}`);
        } catch (e) {
          client.removeAllListeners('end');
          await client.end().catch(() => {});
          throw e;
        } finally {
          this.connecting = undefined;
        }
        this.client = client;
        this.retryMs = 100;
        return client;
      })();
    }
    return this.connecting;
  }

  /** The connection died: reconnect with back-off (0.1 s doubling to 2 s), then tell subscribers. */
  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.removeAllListeners('end');
    client.end().catch(() => {});
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer || this.channels.size === 0) return;
    this.retryTimer = setTimeout(async () => {
      this.retryTimer = undefined;
      try {
        await this.connect();
      } catch {
        this.retryMs = Math.min(2000, this.retryMs * 2);
        this.scheduleReconnect();
        return;
      }
      for (const subs of this.channels.values()) for (const s of subs) s.opts?.onReconnect?.();
    }, this.retryMs);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
    }
  }
}
