/**
 * The session and CSRF middleware in front of every /api route.
 * - Public: GET /api/health and POST /api/auth/login. Everything else needs a live session cookie
 *   (401 otherwise).
 * - Every request that may change state (not GET/HEAD/OPTIONS) must carry the session's CSRF token in
 *   `x-csrf-token` (403 otherwise). The token is returned by login and by GET /api/auth/me. A page
 *   of another site cannot read it, and SameSite=Lax already keeps the cookie off its POSTs: two
 *   independent locks.
 */
import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { SESSION_COOKIE, findSession } from '../auth/sessions';
import { HttpError, type AppEnv } from './context';

const PUBLIC = new Set(['GET /api/health', 'HEAD /api/health', 'POST /api/auth/login']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const CSRF_HEADER = 'x-csrf-token';

export function sessionMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (PUBLIC.has(`${c.req.method} ${c.req.path}`)) return next();
    const token = getCookie(c, SESSION_COOKIE);
    const user = token ? await findSession(c.get('deps').db, token) : undefined;
    if (!user) {
      if (token) deleteCookie(c, SESSION_COOKIE, { path: '/' });
      throw new HttpError(401, token ? 'your session has expired: sign in again' : 'sign in first: this needs a session');
    }
    if (!SAFE_METHODS.has(c.req.method) && !sameToken(c.req.header(CSRF_HEADER), user.csrfToken))
      throw new HttpError(403, `missing or wrong ${CSRF_HEADER} header (the csrfToken from login or GET /api/auth/me)`);
    c.set('user', user);
    return next();
  };
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
