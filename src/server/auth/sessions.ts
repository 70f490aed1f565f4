/**
 * Sessions: the cookie carries 32 random bytes (base64url); the database keeps only their sha256,
 * with the user, a per-session CSRF token and an expiry. Looking a session up checks the expiry in
 * SQL, so every instance agrees on it.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/db';
import type { SessionUser } from '../http/context';

export const SESSION_COOKIE = 'cl_session';

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(db: Queryable, userId: string, seconds: number): Promise<NewSession> {
  const token = randomToken();
  const csrfToken = randomToken();
  const { rows } = await db.query<{ expires_at: Date }>(
    `insert into sessions (token_hash, user_id, csrf_token, expires_at)
     values ($1, $2, $3, now() + $4::float8 * interval '1 second') returning expires_at`,
    [tokenHash(token), userId, csrfToken, seconds],
  );
  // Expired sessions are dead weight: sweep them whenever someone logs in.
  await db.query('delete from sessions where expires_at < now()');
  return { token, csrfToken, expiresAt: rows[0].expires_at };
}

/** The live session's user, or undefined for an unknown or expired token. */
export async function findSession(db: Queryable, token: string): Promise<SessionUser | undefined> {
  const { rows } = await db.query<{ id: string; name: string; is_admin: boolean; csrf_token: string }>(
    `select u.id, u.name, u.is_admin, s.csrf_token from sessions s join users u on u.id = s.user_id
     where s.token_hash = $1 and s.expires_at > now()`,
    [tokenHash(token)],
  );
  const r = rows[0];
  return r && { id: r.id, name: r.name, isAdmin: r.is_admin, csrfToken: r.csrf_token };
}

export async function deleteSession(db: Queryable, token: string): Promise<void> {
  await db.query('delete from sessions where token_hash = $1', [tokenHash(token)]);
}
