/**
 * A test harness for route tests: an app over `testDb()` (PGlite, or PostgreSQL with
 * TEST_POSTGRES=1), accounts made with a cheap argon2 cost, and signed-in clients that carry their
 * session cookie and CSRF token. Requests go through `app.request()` (no socket).
 *
 *   const t = await testServer();
 *   const ann = await t.signIn('ann');            // creates the account, logs in
 *   const res = await ann.post('/api/projects', { name: 'P' });
 */
import type { Hono } from 'hono';
import { createApp } from '../app';
import { createUser } from '../auth/users';
import { defaultConfig, type ServerConfig } from '../config';
import type { Db } from '../db/db';
import { testDb } from '../db/testing';
import type { AppEnv, ServerDeps } from './context';
import { CSRF_HEADER } from './session';

/** argon2id at its cheapest (1 MiB, 1 pass): the algorithm is the same, the tests stay fast. */
export const TEST_PASSWORD_COST = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
export const TEST_PASSWORD = 'correct horse battery';

type Body = unknown;

export class TestClient {
  constructor(
    private readonly app: Hono<AppEnv>,
    readonly user: { id: string; name: string } | undefined,
    readonly cookie: string | undefined,
    readonly csrfToken: string | undefined,
  ) {}

  /** A request as this client; `csrf: false` leaves the token off, `headers` adds or overrides. */
  request(method: string, path: string, body?: Body, opts: { csrf?: boolean; headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrfToken && opts.csrf !== false) headers[CSRF_HEADER] = this.csrfToken;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return Promise.resolve(
      this.app.request(path, { method, headers: { ...headers, ...opts.headers }, body: body === undefined ? undefined : JSON.stringify(body) }),
    );
  }
  get(path: string) {
    return this.request('GET', path);
  }
  post(path: string, body?: Body) {
    return this.request('POST', path, body ?? {});
  }
  put(path: string, body?: Body) {
    return this.request('PUT', path, body ?? {});
  }
  patch(path: string, body?: Body) {
    return this.request('PATCH', path, body ?? {});
  }
  delete(path: string) {
    return this.request('DELETE', path);
  }
  /** The JSON of a response that must have `status` (the message shows the body when it does not). */
  async json<T = Record<string, unknown>>(res: Response | Promise<Response>, status = 200): Promise<T> {
    const r = await res;
    const text = await r.text();
    if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

export interface TestServer {
  app: Hono<AppEnv>;
  db: Db;
  deps: ServerDeps;
  config: ServerConfig;
  /** No cookie, no token. */
  anonymous: TestClient;
  /** Creates an account (unless it exists) and returns it. */
  user(name: string, opts?: { admin?: boolean; password?: string }): Promise<{ id: string; name: string }>;
  /** Creates the account when needed and signs in. */
  signIn(name: string, opts?: { admin?: boolean; password?: string }): Promise<TestClient>;
  /** A client for an already existing account (e.g. made through POST /api/users). */
  logIn(name: string, password?: string): Promise<TestClient>;
  close(): Promise<void>;
}

export async function testServer(opts: { config?: Partial<ServerConfig>; deps?: Partial<ServerDeps>; db?: Db } = {}): Promise<TestServer> {
  const db = opts.db ?? (await testDb());
  const config = defaultConfig({ passwordCost: TEST_PASSWORD_COST, dataDir: '/nonexistent-test-data', ...opts.config });
  const deps: ServerDeps = { db, config, ...opts.deps };
  const app = createApp(deps);
  const users = new Map<string, { id: string; name: string }>();
  const user = async (name: string, o: { admin?: boolean; password?: string } = {}) => {
    let u = users.get(name);
    if (!u) {
      u = await createUser(db, name, o.password ?? TEST_PASSWORD, { isAdmin: o.admin, cost: TEST_PASSWORD_COST });
      users.set(name, u);
    }
    return u;
  };
  const logIn = async (name: string, password = TEST_PASSWORD) => {
    const res = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) });
    if (res.status !== 200) throw new Error(`login as ${name}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { user: { id: string; name: string }; csrfToken: string };
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    return new TestClient(app, body.user, cookie, body.csrfToken);
  };
  return {
    app,
    db,
    deps,
    config,
    anonymous: new TestClient(app, undefined, undefined, undefined),
    user,
    async signIn(name, o = {}) {
      await user(name, o);
      return logIn(name, o.password);
    },
    logIn,
    async close() {
      if (!opts.db) await db.close();
    },
  };
}
