/**
 * The database layer on this run's engine (PGlite; PostgreSQL 15 with TEST_POSTGRES=1): migrations,
 * transactions, LISTEN/NOTIFY and the value conventions both engines must share.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkChannel, openDb, type Db } from './db';
import { migrate, readMigrations } from './migrate';
import { freshDatabase, testDb, testEngine } from './testing';

const waitFor = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe(`db on ${testEngine}`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await testDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('reports its engine', () => {
    expect(db.kind).toBe(testEngine);
  });

  it('ran every migration once, in order, and a second run applies nothing', async () => {
    const files = readMigrations().map((m) => m.name);
    expect(files[0]).toBe('001_accounts.sql');
    const { rows } = await db.query<{ name: string }>('select name from schema_migrations order by name');
    expect(rows.map((r) => r.name)).toEqual(files);
    expect(await migrate(db)).toEqual([]);
    const tables = await db.query<{ t: string }>(
      `select table_name as t from information_schema.tables where table_schema = 'public' and table_name in ('users', 'sessions', 'login_attempts', 'projects', 'members', 'tasks', 'task_events') order by 1`,
    );
    expect(tables.rows.map((r) => r.t)).toEqual(['login_attempts', 'members', 'projects', 'sessions', 'task_events', 'tasks', 'users']);
  });

  it('returns int8 as numbers, timestamptz as Dates, jsonb parsed, text[] as arrays on both engines', async () => {
    const { rows } = await db.query<{ n: unknown; c: unknown; t: unknown; j: unknown; a: unknown }>(
      `select 9007199254740991::int8 as n, (select count(*) from users) as c, now() as t, $1::jsonb as j, $2::text[] as a`,
      [JSON.stringify({ x: [1, 'two'] }), ['a', 'b c']],
    );
    expect(rows[0].n).toBe(9007199254740991);
    expect(rows[0].c).toBe(0);
    expect(rows[0].t).toBeInstanceOf(Date);
    expect(rows[0].j).toEqual({ x: [1, 'two'] });
    expect(rows[0].a).toEqual(['a', 'b c']);
  });

  it('commits a transaction, and rolls one back when its function throws', async () => {
    await db.query('create table tx_probe (v int)');
    const out = await db.transaction(async (tx) => {
      await tx.query('insert into tx_probe values (1)');
      return (await tx.query<{ n: number }>('select count(*) as n from tx_probe')).rows[0].n;
    });
    expect(out).toBe(1);
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into tx_probe values (2)');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const { rows } = await db.query<{ v: number }>('select v from tx_probe order by v');
    expect(rows).toEqual([{ v: 1 }]);
  });

  it('rolls back a transaction whose SQL fails and keeps working', async () => {
    await expect(db.transaction(async (tx) => tx.query('select * from no_such_table'))).rejects.toThrow(/no_such_table/);
    expect((await db.query<{ one: number }>('select 1 as one')).rows[0].one).toBe(1);
  });

  it('delivers NOTIFY to listeners: direct, on commit, never from a rolled-back transaction; unlisten stops it', async () => {
    const got: string[] = [];
    const stop = await db.listen('probe_channel', (p) => got.push(p));
    await db.notify('probe_channel', 'direct');
    await db.transaction(async (tx) => {
      await tx.query('select pg_notify($1, $2)', ['probe_channel', 'committed']);
    });
    await db
      .transaction(async (tx) => {
        await tx.query('select pg_notify($1, $2)', ['probe_channel', 'rolled back']);
        throw new Error('no');
      })
      .catch(() => {});
    await waitFor(() => got.length >= 2);
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toEqual(['direct', 'committed']);
    await stop();
    await db.notify('probe_channel', 'after stop');
    await new Promise((r) => setTimeout(r, 150));
    expect(got).toEqual(['direct', 'committed']);
  });

  it('refuses channel names that the engines would spell differently', () => {
    expect(() => checkChannel('Scene-Edits')).toThrow(/lower-case identifier/);
    expect(checkChannel('scene_edits')).toBe('scene_edits');
  });
});

describe('migration files', () => {
  it('name a badly named file and a duplicate number', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cl-mig-'));
    try {
      writeFileSync(path.join(dir, '001_a.sql'), 'select 1;');
      writeFileSync(path.join(dir, '1_b.sql'), 'select 1;');
      expect(() => readMigrations(dir)).toThrow(/1_b\.sql: the name must be NNN_lower_case_name\.sql/);
      rmSync(path.join(dir, '1_b.sql'));
      writeFileSync(path.join(dir, '001_b.sql'), 'select 1;');
      expect(() => readMigrations(dir)).toThrow(/001_b\.sql and 001_a\.sql share the number 001/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a failing migration names its file and leaves nothing half-applied', async () => {
    const db = await testDb({ migrate: false });
    try {
      const bad = [
        { name: '001_ok.sql', sql: 'create table ok_a (x int);', checksum: 'a' },
        { name: '002_bad.sql', sql: 'create table half_b (x int); select * from missing_table;', checksum: 'b' },
      ];
      await expect(migrate(db, bad)).rejects.toThrow(/002_bad\.sql failed/);
      const { rows } = await db.query<{ t: string | null }>(`select to_regclass('ok_a')::text as t union all select to_regclass('half_b')::text`);
      expect(rows.map((r) => r.t)).toEqual(['ok_a', null]);
      const names = await db.query<{ name: string }>('select name from schema_migrations');
      expect(names.rows.map((r) => r.name)).toEqual(['001_ok.sql']);
    } finally {
      await db.close();
    }
  });
});

describe.runIf(testEngine === 'pglite')('PGlite in a data folder', () => {
  it('keeps its data across close and reopen', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cl-pglite-'));
    try {
      const a = await openDb({ dataDir: dir });
      await a.query(`insert into users (name, password_hash) values ('kept', 'x')`);
      await a.close();
      const b = await openDb({ dataDir: dir });
      expect((await b.query<{ name: string }>('select name from users')).rows).toEqual([{ name: 'kept' }]);
      expect(await migrate(b)).toEqual([]);
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60000);
});

describe.runIf(testEngine === 'postgres')('PostgreSQL server', () => {
  it('two instances migrating one new database at once apply each migration exactly once', async () => {
    const fresh = await freshDatabase();
    try {
      const [a, b] = await Promise.all([openDb({ url: fresh.url }), openDb({ url: fresh.url })]);
      const { rows } = await a.query<{ name: string; n: number }>('select name, count(*) as n from schema_migrations group by name order by name');
      expect(rows.map((r) => r.name)).toEqual(readMigrations().map((m) => m.name));
      expect(rows.every((r) => r.n === 1)).toBe(true);
      await a.close();
      await b.close();
    } finally {
      await fresh.drop();
    }
  });

  it('a notification sent through one instance reaches a listener of the other', async () => {
    const fresh = await freshDatabase();
    try {
      const a = await openDb({ url: fresh.url });
      const b = await openDb({ url: fresh.url });
      const got: string[] = [];
      await b.listen('cross_instance', (p) => got.push(p));
      await a.notify('cross_instance', 'from a');
      await waitFor(() => got.length === 1);
      expect(got).toEqual(['from a']);
      await a.close();
      await b.close();
    } finally {
      await fresh.drop();
    }
  });

  it('a transaction whose connection dies between two of its queries fails cleanly; the process and the pool keep working', async () => {
    // PostgreSQL restarted (pg_ctl -m fast) sends FATAL to every backend; one that arrives while a
    // transaction's connection is checked out but between queries is an 'error' event on the
    // client. Unhandled, it killed the whole server process (the fault run's "unreachable" server).
    const db = await testDb();
    try {
      const killed = db.transaction(async (tx) => {
        const { rows } = await tx.query<{ pid: number }>('select pg_backend_pid() as pid');
        await db.query('select pg_terminate_backend($1)', [rows[0].pid]);
        await new Promise((r) => setTimeout(r, 300)); // the FATAL lands while no query runs
        await tx.query('select 1');
      });
      await expect(killed).rejects.toThrow();
      for (let i = 0; i < 12; i++) expect((await db.query<{ one: number }>('select 1 as one')).rows[0].one).toBe(1);
      expect(await db.transaction(async (tx) => (await tx.query<{ two: number }>('select 2 as two')).rows[0].two)).toBe(2);
    } finally {
      await db.close();
    }
  });

  it('re-establishes LISTEN after its connection is killed, and says so', async () => {
    const db = await testDb();
    try {
      const got: string[] = [];
      let reconnects = 0;
      await db.listen('survivor', (p) => got.push(p), { onReconnect: () => reconnects++ });
      // Kill every other backend of this database: the listening connection among them.
      await db.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`);
      await waitFor(() => reconnects === 1);
      await db.notify('survivor', 'after reconnect');
      await waitFor(() => got.length === 1);
      expect(got).toEqual(['after reconnect']);
    } finally {
      await db.close();
    }
  });
});
