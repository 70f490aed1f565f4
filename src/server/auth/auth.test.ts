/** Accounts, sessions, CSRF and login rate limiting, through the routes (PGlite; PostgreSQL with TEST_POSTGRES=1). */
import { createHash } from 'node:crypto';
import argon2 from 'argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { TEST_PASSWORD, testServer, type TestServer } from '../http/testing';
import { DEFAULT_PASSWORD_COST, hashPassword } from './passwords';
import { createUser } from './users';

let t: TestServer;
beforeAll(async () => {
  t = await testServer({ config: { login: { perName: 3, perIp: 5, windowSeconds: 900 }, trustProxy: true } });
});
afterAll(() => t.close());

const login = (name: string, password: string, headers: Record<string, string> = {}, url = 'http://localhost/api/auth/login') =>
  t.app.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ name, password }) });

describe('login', () => {
  it('answers the user and a CSRF token and sets an HttpOnly SameSite=Lax session cookie of 32 random bytes', async () => {
    const u = await t.user('alice');
    const res = await login('alice', TEST_PASSWORD);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { user: unknown; csrfToken: string };
    expect(body.user).toEqual({ id: u.id, name: 'alice', isAdmin: false });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^cl_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    expect(Buffer.from(cookie.split(';')[0].slice('cl_session='.length), 'base64url')).toHaveLength(32);
  });

  it('marks the cookie Secure when the request came over https (directly or through a trusted proxy)', async () => {
    await t.user('secure-sam');
    const direct = await login('secure-sam', TEST_PASSWORD, {}, 'https://crosslabel.example/api/auth/login');
    expect(direct.headers.get('set-cookie')).toMatch(/; Secure/);
    const proxied = await login('secure-sam', TEST_PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(proxied.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('stores only the sha256 of the session token, and the password as an argon2id hash', async () => {
    const u = await t.user('hashed-hal');
    const res = await login('hashed-hal', TEST_PASSWORD);
    const token = res.headers.get('set-cookie')!.split(';')[0].slice('cl_session='.length);
    const { rows } = await t.db.query<{ token_hash: string }>('select token_hash from sessions where user_id = $1', [u.id]);
    expect(rows.map((r) => r.token_hash)).toEqual([createHash('sha256').update(token).digest('hex')]);
    const dump = JSON.stringify((await t.db.query('select * from sessions')).rows);
    expect(dump).not.toContain(token);
    const { rows: users } = await t.db.query<{ password_hash: string }>('select password_hash from users where id = $1', [u.id]);
    expect(users[0].password_hash).toMatch(/^\$argon2id\$v=19\$/);
    expect(await argon2.verify(users[0].password_hash, TEST_PASSWORD)).toBe(true);
    expect(users[0].password_hash).not.toContain(TEST_PASSWORD);
  });

  it('hashes with argon2id at OWASP cost (19 MiB, 2 passes, 1 lane) by default', async () => {
    const hash = await hashPassword('a long enough password');
    const params = /^\$argon2id\$v=19\$([^$]+)\$/.exec(hash)![1];
    expect(Object.fromEntries(params.split(',').map((kv) => kv.split('=')))).toEqual({ m: '19456', t: '2', p: '1' });
    expect(DEFAULT_PASSWORD_COST).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
  });

  it('refuses a wrong password and an unknown name with the same 401 message', async () => {
    await t.user('bob');
    const wrong = await login('bob', 'not the password');
    const unknown = await login('nobody-here', 'not the password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('wants a JSON body', async () => {
    const res = await t.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=a&password=b' });
    expect(res.status).toBe(415);
    const bad = await t.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/not valid JSON/);
  });
});

describe('sessions', () => {
  it('GET /api/auth/me answers the user and the CSRF token; logout ends the session', async () => {
    const carol = await t.signIn('carol');
    const me = await carol.json<{ user: { name: string }; csrfToken: string }>(carol.get('/api/auth/me'));
    expect(me.user.name).toBe('carol');
    expect(me.csrfToken).toBe(carol.csrfToken);
    expect((await carol.request('POST', '/api/auth/logout', undefined, { csrf: false })).status).toBe(403);
    const out = await carol.post('/api/auth/logout');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^cl_session=;/);
    expect((await carol.get('/api/auth/me')).status).toBe(401);
  });

  it('401 without a cookie, with a made-up cookie, and once the session expired', async () => {
    expect((await t.anonymous.get('/api/auth/me')).status).toBe(401);
    expect((await t.anonymous.get('/api/projects')).status).toBe(401);
    const fake = await t.app.request('/api/auth/me', { headers: { cookie: 'cl_session=' + 'A'.repeat(43) } });
    expect(fake.status).toBe(401);
    const dave = await t.signIn('dave');
    expect((await dave.get('/api/auth/me')).status).toBe(200);
    await t.db.query(`update sessions set expires_at = now() - interval '1 second' where user_id = $1`, [dave.user!.id]);
    const expired = await dave.get('/api/auth/me');
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { error: string }).error).toMatch(/expired/);
  });

  it('refuses a state-changing request without the CSRF token or with another session’s token (403)', async () => {
    const erin = await t.signIn('erin');
    const frank = await t.signIn('frank');
    const none = await erin.request('POST', '/api/projects', { name: 'P' }, { csrf: false });
    expect(none.status).toBe(403);
    expect(((await none.json()) as { error: string }).error).toMatch(/x-csrf-token/);
    const other = await erin.request('POST', '/api/projects', { name: 'P' }, { csrf: false, headers: { 'x-csrf-token': frank.csrfToken! } });
    expect(other.status).toBe(403);
    expect((await erin.post('/api/projects', { name: 'P' })).status).toBe(201);
    expect((await t.db.query('select 1 from projects where created_by = $1', [erin.user!.id])).rows).toHaveLength(1);
  });

  it('health is public and names the engine', async () => {
    const res = await t.anonymous.get('/api/health');
    expect(await res.json()).toEqual({ ok: true, database: t.db.kind });
  });
});

describe('login rate limiting (3 failures per name, 5 per address, 15 min)', () => {
  it('after 3 failures for a name: 429 with Retry-After, even with the right password; other names unaffected', async () => {
    await t.user('gina');
    for (let i = 0; i < 3; i++) expect((await login('gina', 'wrong password', { 'x-forwarded-for': `10.0.0.${i + 1}` })).status).toBe(401);
    const blocked = await login('gina', TEST_PASSWORD, { 'x-forwarded-for': '10.0.0.9' });
    expect(blocked.status).toBe(429);
    const retry = Number(blocked.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(880);
    expect(retry).toBeLessThanOrEqual(900);
    await t.user('hank');
    expect((await login('hank', TEST_PASSWORD, { 'x-forwarded-for': '10.0.0.9' })).status).toBe(200);
    // Refusals while blocked are not counted: the block ends when the window slides past the failures.
    await t.db.query(`update login_attempts set at = at - interval '901 seconds' where name = 'gina'`);
    expect((await login('gina', TEST_PASSWORD, { 'x-forwarded-for': '10.0.0.9' })).status).toBe(200);
  });

  it('after 5 failures from one address: 429 for any name from it, other addresses still sign in', async () => {
    await t.user('ivan');
    for (let i = 0; i < 5; i++) expect((await login(`guess-${i}`, 'x', { 'x-forwarded-for': '192.0.2.7' })).status).toBe(401);
    expect((await login('ivan', TEST_PASSWORD, { 'x-forwarded-for': '192.0.2.7' })).status).toBe(429);
    expect((await login('ivan', TEST_PASSWORD, { 'x-forwarded-for': '192.0.2.8' })).status).toBe(200);
  });

  it('a successful login forgets the name’s earlier failures', async () => {
    await t.user('judy');
    for (let i = 0; i < 2; i++) expect((await login('judy', 'wrong', { 'x-forwarded-for': `198.51.100.${i}` })).status).toBe(401);
    expect((await login('judy', TEST_PASSWORD, { 'x-forwarded-for': '198.51.100.50' })).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await login('judy', 'wrong', { 'x-forwarded-for': `198.51.100.${10 + i}` })).status).toBe(401);
    expect((await login('judy', TEST_PASSWORD, { 'x-forwarded-for': '198.51.100.51' })).status).toBe(200);
  });

  it('is shared by two instances over one database', async () => {
    const other = createApp(t.deps);
    await t.user('kate');
    for (let i = 0; i < 3; i++) expect((await login('kate', 'wrong', { 'x-forwarded-for': `203.0.113.${i}` })).status).toBe(401);
    const res = await other.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.99' },
      body: JSON.stringify({ name: 'kate', password: TEST_PASSWORD }),
    });
    expect(res.status).toBe(429);
  });
});

describe('accounts', () => {
  it('an administrator creates accounts; names are unique; bad names and short passwords are refused', async () => {
    const root = await t.signIn('root', { admin: true });
    const made = await root.json<{ user: { name: string; isAdmin: boolean } }>(root.post('/api/users', { name: 'newbie', password: 'a fine password' }), 201);
    expect(made.user).toMatchObject({ name: 'newbie', isAdmin: false });
    expect((await t.logIn('newbie', 'a fine password')).user!.name).toBe('newbie');
    expect((await root.post('/api/users', { name: 'newbie', password: 'another password' })).status).toBe(409);
    const short = await root.post('/api/users', { name: 'shorty', password: 'short' });
    expect(short.status).toBe(400);
    expect(((await short.json()) as { error: string }).error).toMatch(/at least 8 characters/);
    expect((await root.post('/api/users', { name: 'has space', password: 'a fine password' })).status).toBe(400);
  });

  it('a project manager may create accounts but not administrators; anyone else may not', async () => {
    const mgr = await t.signIn('manny');
    const plain = await t.signIn('plain-pete');
    expect((await plain.post('/api/users', { name: 'by-pete', password: 'a fine password' })).status).toBe(403);
    await mgr.json(mgr.post('/api/projects', { name: 'Manny’s' }), 201);
    expect((await mgr.post('/api/users', { name: 'by-manny', password: 'a fine password' })).status).toBe(201);
    expect((await mgr.post('/api/users', { name: 'admin-by-manny', password: 'a fine password', admin: true })).status).toBe(403);
  });

  it('createUser refuses a taken name', async () => {
    await createUser(t.db, 'unique-uma', 'a fine password', { cost: t.config.passwordCost });
    await expect(createUser(t.db, 'unique-uma', 'a fine password', { cost: t.config.passwordCost })).rejects.toThrow(/taken/);
  });
});
