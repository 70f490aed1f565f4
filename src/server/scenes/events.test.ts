/**
 * The event stream over a real HTTP server on 127.0.0.1 (port 0): heartbeats on an idle stream,
 * the subscription released when the browser goes away, and streams ended when the instance's
 * SceneEvents closes (server shutdown). PGlite; PostgreSQL with TEST_POSTGRES=1.
 */
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { serve, type ServerType } from '@hono/node-server';
import { makeTestScene } from '../../core/commands/testScene';
import { defaultConfig } from '../config';
import type { Db } from '../db/db';
import { HttpError, type AppEnv } from '../http/context';
import { sessionMiddleware } from '../http/session';
import { SceneEvents } from './events';
import { sceneRoutes } from './routes';
import { makeTeam, openTestDb, sseReader, type Team, type TestUser } from './testTeam';

let db: Db;
let team: Team;
let events: SceneEvents;
let server: ServerType;
let base: string;

beforeAll(async () => {
  db = await openTestDb();
  team = await makeTeam(db, 'events');
  events = new SceneEvents(db);
  // The scene routes with a 100 ms heartbeat, behind the real session middleware.
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('deps', { db, config: defaultConfig(), events });
    await next();
  });
  app.use('/api/*', sessionMiddleware());
  app.route('/api', sceneRoutes({ heartbeatSeconds: 0.1 }));
  app.onError((e, c) => (e instanceof HttpError ? c.json({ error: e.message, ...e.extra.body }, e.status) : c.json({ error: String(e) }, 500)));
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      base = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
}, 180_000);
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await db?.close();
});

const headers = (u: TestUser, json = false) => ({ cookie: `cl_session=${u.token}`, 'x-csrf-token': u.csrf, ...(json ? { 'content-type': 'application/json' } : {}) });

async function upload(): Promise<string> {
  const res = await fetch(`${base}/api/projects/${team.projectId}/scenes`, { method: 'POST', headers: headers(team.users.manager, true), body: JSON.stringify(makeTestScene()) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('event stream over HTTP', () => {
  it('sends heartbeats while idle, then the edit; a closed connection releases its subscription', async () => {
    const id = await upload();
    const ac = new AbortController();
    const res = await fetch(`${base}/api/scenes/${id}/events`, { headers: headers(team.users.annotator), signal: ac.signal });
    expect(res.status).toBe(200);
    const s = sseReader(res.body!);
    expect(JSON.parse((await s.next((e) => e.event === 'hello')).data)).toEqual({ sceneId: id, revision: 0 });
    const beat = await s.next((e) => e.event === 'heartbeat', 3000);
    expect(JSON.parse(beat.data).revision).toBe(0);
    expect(beat.id).toBeUndefined(); // a heartbeat does not move the client's Last-Event-ID
    expect(events.size).toBe(1);
    const sent = await fetch(`${base}/api/scenes/${id}/edits`, {
      method: 'POST',
      headers: headers(team.users.annotator2, true),
      body: JSON.stringify({ editId: randomUUID(), clientId: 'tab-B', baseRevision: 0, patches: [{ op: 'replace', path: ['objects', 'o1', 'name'], value: 'Car B' }] }),
    });
    expect(sent.status).toBe(200);
    const got = await s.next((e) => e.event === 'edit');
    expect([got.id, JSON.parse(got.data).by]).toEqual(['1', team.users.annotator2.name]);
    ac.abort();
    await s.cancel();
    await until(() => events.size === 0);
  });

  it('closing the instance\'s SceneEvents ends every open stream', async () => {
    const id = await upload();
    const res = await fetch(`${base}/api/scenes/${id}/events`, { headers: headers(team.users.reviewer) });
    const s = sseReader(res.body!);
    await s.next((e) => e.event === 'hello');
    await events.close();
    await expect(s.next((e) => e.event === 'edit', 5000)).rejects.toThrow(/ended/);
  });
});
