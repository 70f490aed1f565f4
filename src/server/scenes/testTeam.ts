/**
 * Test fixtures for the scene routes (tests only): a database (PGlite in memory, or a fresh database
 * on the run's PostgreSQL server when TEST_POSTGRES=1), a project on the default taxonomy with one member per
 * role plus an outsider, a live session for each, and a small HTTP client that sends the session
 * cookie and CSRF token the way a browser does. Users are inserted directly (no argon2 hashing: the
 * password is never used) and get a unique suffix, so suites can share one PostgreSQL database.
 */
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { DEFAULT_TAXONOMY } from '../../core/schema';
import { createSession, SESSION_COOKIE } from '../auth/sessions';
import { openDb, type Db } from '../db/db';
import { freshDatabase, testDb, testServerUrl } from '../db/testing';
import { CSRF_HEADER } from '../http/session';
import type { AppEnv, Role } from '../http/context';

const urls = new WeakMap<Db, string>();

/**
 * The database the server suites run on: PGlite in memory, or — in a TEST_POSTGRES=1 run — a fresh
 * database on the run's PostgreSQL server (db/testing.ts), dropped when the returned Db closes.
 */
export async function openTestDb(): Promise<Db> {
  if (!testServerUrl()) return testDb();
  const fresh = await freshDatabase();
  const db = await openDb({ url: fresh.url });
  urls.set(db, fresh.url);
  const close = db.close.bind(db);
  return Object.assign(db, {
    async close() {
      await close();
      await fresh.drop();
    },
  });
}

/**
 * A second server instance's own connection to the same database: on PostgreSQL a second pool
 * (with its own LISTEN connection); on PGlite, which one process opens once, the same Db.
 * Close it before the first.
 */
export async function openSecondInstanceDb(db: Db): Promise<{ db: Db; close(): Promise<void> }> {
  const url = urls.get(db);
  if (db.kind === 'pglite' || !url) return { db, close: async () => {} };
  const second = await openDb({ url, migrate: false });
  return { db: second, close: () => second.close() };
}

export interface TestUser {
  id: string;
  name: string;
  token: string;
  csrf: string;
}

export type Who = 'manager' | 'annotator' | 'annotator2' | 'reviewer' | 'outsider';

export interface Team {
  projectId: string;
  users: Record<Who, TestUser>;
}

const ROLES: Record<Who, Role | undefined> = { manager: 'manager', annotator: 'annotator', annotator2: 'annotator', reviewer: 'reviewer', outsider: undefined };

/** A project on DEFAULT_TAXONOMY with a manager, two annotators, a reviewer, and an outsider (a member of nothing). */
export async function makeTeam(db: Db, label = 'scenes'): Promise<Team> {
  const suffix = randomUUID().slice(0, 8);
  const users = {} as Record<Who, TestUser>;
  for (const who of Object.keys(ROLES) as Who[]) {
    const name = `${who}-${suffix}`;
    const { rows } = await db.query<{ id: string }>('insert into users (name, password_hash) values ($1, $2) returning id', [name, 'not-a-hash: tests sign in with sessions']);
    const s = await createSession(db, rows[0].id, 3600);
    users[who] = { id: rows[0].id, name, token: s.token, csrf: s.csrfToken };
  }
  const { rows } = await db.query<{ id: string }>('insert into projects (name, taxonomy, created_by) values ($1, $2::jsonb, $3) returning id', [
    `${label} ${suffix}`,
    JSON.stringify(DEFAULT_TAXONOMY),
    users.manager.id,
  ]);
  const projectId = rows[0].id;
  for (const who of Object.keys(ROLES) as Who[]) {
    const role = ROLES[who];
    if (role) await db.query('insert into members (project_id, user_id, role) values ($1, $2, $3)', [projectId, users[who].id, role]);
  }
  return { projectId, users };
}

/** Requests as `user` (or anonymously): the session cookie, the CSRF token, JSON bodies. */
export function client(app: Hono<AppEnv>, user?: TestUser) {
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const h: Record<string, string> = { ...headers };
    if (user) {
      h.cookie = `${SESSION_COOKIE}=${user.token}`;
      h[CSRF_HEADER] = user.csrf;
    }
    if (body !== undefined) h['content-type'] = 'application/json';
    return app.request(path, { method, headers: h, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  };
  return {
    get: (path: string, headers?: Record<string, string>) => send('GET', path, undefined, headers),
    post: (path: string, body: unknown, headers?: Record<string, string>) => send('POST', path, body, headers),
  };
}

export interface SseEvent {
  event: string;
  id?: string;
  data: string;
}

/**
 * Reads Server-Sent Events from a streaming response body. `next(pred, ms)` resolves with the next
 * event matching `pred` (others are skipped) or rejects after `ms`.
 */
export function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const queue: SseEvent[] = [];
  let inflight: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
  const parse = () => {
    let at: number;
    while ((at = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, at);
      buffer = buffer.slice(at + 2);
      const ev: SseEvent = { event: 'message', data: '' };
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') ev.event = value;
        else if (field === 'id') ev.id = value;
        else if (field === 'data') data.push(value);
      }
      ev.data = data.join('\n');
      queue.push(ev);
    }
  };
  const next = async (pred: (e: SseEvent) => boolean = () => true, ms = 5000): Promise<SseEvent> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = queue.findIndex(pred);
      if (i >= 0) return queue.splice(0, i + 1)[i];
      queue.length = 0;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no matching server-sent event in time');
      let timer: NodeJS.Timeout | undefined;
      // One read in flight at a time: a read that lost the race to a timeout is awaited next call.
      inflight ??= reader.read();
      const chunk = await Promise.race([inflight, new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), left)))]);
      clearTimeout(timer);
      if (chunk === 'timeout') throw new Error('no matching server-sent event in time');
      inflight = undefined;
      if (chunk.done) throw new Error('the event stream ended');
      buffer += decoder.decode(chunk.value, { stream: true });
      parse();
    }
  };
  return { next, cancel: () => reader.cancel().catch(() => {}) };
}
