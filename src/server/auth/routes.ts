/**
 * /api/auth/login, /api/auth/logout, /api/auth/me and /api/users (account creation).
 * Accounts are created by a server administrator (the first one bootstrapped with
 * `npm run server -- --admin NAME:PASSWORD`) or by a manager of any project, who creates accounts
 * for the annotators and reviewers they then add to projects.
 */
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { HttpError, type AppEnv } from '../http/context';
import { clientIp, isHttps } from '../http/request';
import { jsonBody } from '../http/validate';
import { verifyDummy, verifyPassword } from './passwords';
import { clearFailures, loginWait, recordFailure } from './rateLimit';
import { SESSION_COOKIE, createSession, deleteSession } from './sessions';
import { UserError, createUser, findUserByName } from './users';

const Login = z.object({ name: z.string().min(1).max(200), password: z.string().min(1).max(4096) });
const NewUser = z.object({ name: z.string(), password: z.string(), admin: z.boolean().optional() });

export function authRoutes() {
  const r = new Hono<AppEnv>();

  r.post('/auth/login', async (c) => {
    const { db, config } = c.get('deps');
    const { name, password } = await jsonBody(c, Login);
    const ip = clientIp(c, config.trustProxy);
    const wait = await loginWait(db, name, ip, config.login);
    if (wait > 0)
      throw new HttpError(429, `too many failed sign-ins; try again in ${wait} s`, { headers: { 'Retry-After': String(wait) } });
    const user = await findUserByName(db, name);
    const ok = user ? await verifyPassword(user.passwordHash, password) : (await verifyDummy(password), false);
    if (!user || !ok) {
      await recordFailure(db, name, ip, config.login);
      throw new HttpError(401, 'wrong user name or password');
    }
    await clearFailures(db, name);
    const session = await createSession(db, user.id, config.sessionSeconds);
    setCookie(c, SESSION_COOKIE, session.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'Lax',
      secure: isHttps(c, config.trustProxy),
      expires: session.expiresAt,
    });
    return c.json({ user: { id: user.id, name: user.name, isAdmin: user.isAdmin }, csrfToken: session.csrfToken });
  });

  r.post('/auth/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await deleteSession(c.get('deps').db, token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  r.get('/auth/me', (c) => {
    const { id, name, isAdmin, csrfToken } = c.get('user');
    return c.json({ user: { id, name, isAdmin }, csrfToken });
  });

  r.post('/users', async (c) => {
    const me = c.get('user');
    const { db } = c.get('deps');
    const body = await jsonBody(c, NewUser);
    if (!me.isAdmin) {
      const { rows } = await db.query('select 1 from members where user_id = $1 and role = $2 limit 1', [me.id, 'manager']);
      if (rows.length === 0) throw new HttpError(403, 'only a server administrator or a project manager may create accounts');
      if (body.admin) throw new HttpError(403, 'only a server administrator may create administrators');
    }
    try {
      const user = await createUser(db, body.name, body.password, { isAdmin: body.admin ?? false, cost: c.get('deps').config.passwordCost });
      return c.json({ user }, 201);
    } catch (e) {
      if (e instanceof UserError) throw new HttpError(e.kind === 'taken' ? 409 : 400, e.message);
      throw e;
    }
  });

  return r;
}
