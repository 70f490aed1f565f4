/**
 * Login rate limiting, kept in the database so that every instance shares it: failed logins are
 * counted per account name and per client address over a sliding window. Over the limit, a login
 * is refused (429) without checking the password and without being counted — the block ends when
 * the window has slid past enough failures, it is not extended by further tries.
 */
import type { Queryable } from '../db/db';
import type { LoginLimits } from '../config';

/** Seconds until a login for (name, ip) is allowed again; 0 when it is allowed now. */
export async function loginWait(db: Queryable, name: string, ip: string, limits: LoginLimits): Promise<number> {
  const byName = await waitFor(db, 'name', name, limits.perName, limits.windowSeconds);
  const byIp = await waitFor(db, 'ip', ip, limits.perIp, limits.windowSeconds);
  return Math.max(byName, byIp);
}

/**
 * With failures newest first, the limit is reached while the `limit`-th newest one is inside the
 * window; it is allowed again when that one leaves the window.
 */
async function waitFor(db: Queryable, column: 'name' | 'ip', value: string, limit: number, windowSeconds: number): Promise<number> {
  const { rows } = await db.query<{ wait: number }>(
    `select extract(epoch from (at + $3::float8 * interval '1 second' - now()))::float8 as wait
     from login_attempts where ${column} = $1 and at > now() - $3::float8 * interval '1 second'
     order by at desc offset $2 limit 1`,
    [value, limit - 1, windowSeconds],
  );
  return rows.length ? Math.max(1, Math.ceil(rows[0].wait)) : 0;
}

export async function recordFailure(db: Queryable, name: string, ip: string, limits: LoginLimits): Promise<void> {
  await db.query('insert into login_attempts (name, ip) values ($1, $2)', [name, ip]);
  await db.query(`delete from login_attempts where at < now() - $1::float8 * interval '1 second'`, [limits.windowSeconds]);
}

/** A successful login forgets that name's failures (not the address's: one good account must not reset guessing at others). */
export async function clearFailures(db: Queryable, name: string): Promise<void> {
  await db.query('delete from login_attempts where name = $1', [name]);
}
