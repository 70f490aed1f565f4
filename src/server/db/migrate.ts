/**
 * Migration runner: every ./migrations/NNN_name.sql, in NNN order, each in its own transaction,
 * recorded in schema_migrations (name, checksum, applied_at). The same files run on PGlite and on
 * PostgreSQL, so they are plain SQL both accept. Two instances starting against one PostgreSQL
 * take an advisory transaction lock per step, so each migration runs exactly once.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './db';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** An arbitrary constant naming "Crosslabel schema migrations" among advisory locks. */
const LOCK_KEY = 0x43_4c_4d_47; // "CLMG"

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

const FILE = /^(\d{3})_[a-z0-9_]+\.sql$/;

/** The migration files of `dir`, ordered; a .sql file with a bad name or a duplicate number is an error. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const seen = new Map<string, string>();
  return files.map((name) => {
    const m = FILE.exec(name);
    if (!m) throw new Error(`migrations: ${dir}${name}: the name must be NNN_lower_case_name.sql`);
    const other = seen.get(m[1]);
    if (other) throw new Error(`migrations: ${name} and ${other} share the number ${m[1]}`);
    seen.set(m[1], name);
    const sql = readFileSync(`${dir}/${name}`, 'utf8');
    return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
}

/** Applies the migrations `db` has not seen; returns the names applied now. */
export async function migrate(db: Db, migrations: Migration[] = readMigrations()): Promise<string[]> {
  const applied: string[] = [];
  for (const m of migrations) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
      await tx.exec(
        'create table if not exists schema_migrations (name text primary key, checksum text not null, applied_at timestamptz not null default now())',
      );
      const { rows } = await tx.query<{ checksum: string }>('select checksum from schema_migrations where name = $1', [m.name]);
      if (rows.length > 0) {
        // Editing an applied migration does nothing to existing databases: say so instead of drifting silently.
        if (rows[0].checksum !== m.checksum)
          console.warn(`migrations: ${m.name} changed after it was applied to this database; add a new migration instead`);
        return false;
      }
      try {
        await tx.exec(m.sql);
      } catch (e) {
        throw new Error(`migrations: ${m.name} failed: ${(e as Error).message}`);
      }
      await tx.query('insert into schema_migrations (name, checksum) values ($1, $2)', [m.name, m.checksum]);
      return true;
    });
    if (ran) applied.push(m.name);
  }
  return applied;
}
