/**
 * The browser sync client against the real server (createApp over PGlite, listening on loopback):
 * two clients with their own stores on one shared scene; concurrent edits to different objects;
 * a conflicting edit taken back with a notice naming who changed what; edits made offline (and
 * kept across a reload in the queue) sent on reconnect with nothing lost.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestScene } from '../core/commands/testScene';
import { setObjectClass, setObjectAttribute } from '../core/commands/objects';
import { updateAnnotation } from '../core/commands/annotations';
import { getAnnotation, type Scene } from '../core/schema';
import { createApp } from '../server/app';
import { defaultConfig } from '../server/config';
import type { Db } from '../server/db/db';
import { SceneEvents } from '../server/scenes/events';
import { makeTeam, openTestDb, type Team, type Who } from '../server/scenes/testTeam';
import { createWorkbenchStore, type WorkbenchStore } from '../store/workbench';
import { TeamApi } from './api';
import { memoryQueue, type EditQueue } from './queue';
import { SharedScene } from './sharedScene';

let db: Db;
let team: Team;
let server: ServerType;
let events: SceneEvents;
let base: string;

beforeAll(async () => {
  db = await openTestDb();
  team = await makeTeam(db, 'sync client');
  events = new SceneEvents(db);
  const app = createApp({ db, config: defaultConfig(), events });
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 180_000);
afterAll(async () => {
  await events?.close();
  (server as unknown as { closeAllConnections?: () => void })?.closeAllConnections?.();
  await new Promise((r) => server?.close(r));
  await db?.close();
});

/** A browser of one user: its own store, a fetch that carries the session cookie and can go offline. */
function browser(who: Who) {
  const u = team.users[who];
  const net = { offline: false };
  const api = new TeamApi(base, (url, init) => {
    if (net.offline) return Promise.reject(new TypeError('Failed to fetch (offline)'));
    return fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie: `cl_session=${u.token}` } });
  });
  api.csrfToken = u.csrf;
  const store = createWorkbenchStore({ storage: null });
  const notices: string[] = [];
  const open = async (sceneId: string, queue: EditQueue = memoryQueue()) => {
    const s = new SharedScene({ api, target: targetOf(store), sceneId, queue, onNotice: (m) => notices.push(m), retryMs: 100 });
    await s.open();
    return s;
  };
  return { api, store, net, notices, open, user: u };
}

const targetOf = (store: WorkbenchStore) => ({
  getScene: () => store.getState().scene,
  loadScene: (s: Scene, src: string) => store.getState().loadScene(s, src),
  applyExternal: (s: Scene, p: never[]) => store.getState().applyExternal(s, p),
  onStep: (l: never) => store.getState().onStep(l),
});

async function upload(): Promise<string> {
  const res = await fetch(`${base}/api/projects/${team.projectId}/scenes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `cl_session=${team.users.manager.token}`, 'x-csrf-token': team.users.manager.csrf },
    body: JSON.stringify({ scene: makeTestScene(), name: 'street' }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function serverScene(id: string): Promise<{ revision: number; scene: Scene }> {
  const res = await fetch(`${base}/api/scenes/${id}`, { headers: { cookie: `cl_session=${team.users.manager.token}` } });
  return (await res.json()) as { revision: number; scene: Scene };
}

async function until(what: string, cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const json = (x: unknown) => JSON.parse(JSON.stringify(x));

describe('shared scene sync client', () => {
  it('two annotators edit different objects at once: both edits land in both stores and on the server', async () => {
    const id = await upload();
    const a = browser('annotator');
    const b = browser('annotator2');
    const sa = await a.open(id);
    const sb = await b.open(id);
    expect(a.store.getState().scene?.objects.o3.classId).toBe('van');

    a.store.getState().dispatch(setObjectClass, { objectId: 'o3', classId: 'truck' });
    b.store.getState().beginGesture('Move cuboid');
    for (const x of [11, 12, 13]) b.store.getState().dispatch(updateAnnotation, { id: 'a1', patch: { center: { x, y: 1, z: -0.8 } } });
    b.store.getState().endGesture();
    await Promise.all([sa.settled(), sb.settled()]);

    const cuboidX = (s: Scene | null) => (s && (getAnnotation(s, 'a1') as { center?: { x: number } } | undefined))?.center?.x;
    await until('both edits in both browsers', () => [a, b].every((x) => x.store.getState().scene?.objects.o3.classId === 'truck' && cuboidX(x.store.getState().scene) === 13));
    const now = await serverScene(id);
    expect(now.revision).toBe(2); // the gesture is one edit
    expect(json(a.store.getState().scene)).toEqual(now.scene);
    expect(json(b.store.getState().scene)).toEqual(now.scene);
    expect(a.notices).toEqual([]);
    expect(b.notices).toEqual([]);
    sa.close();
    sb.close();
  });

  it('a conflicting edit is taken back with a notice naming who changed what; the other edit stands everywhere', async () => {
    const id = await upload();
    const a = browser('annotator');
    const b = browser('annotator2');
    const sa = await a.open(id);
    const sb = await b.open(id);
    b.net.offline = true; // b's edit waits while a's lands first
    b.store.getState().dispatch(setObjectClass, { objectId: 'o2', classId: 'cyclist' });
    a.store.getState().dispatch(setObjectClass, { objectId: 'o2', classId: 'car' });
    await sa.settled();
    expect(sb.pendingCount).toBe(1);
    b.net.offline = false;
    sb.reconnect();
    await sb.settled();
    await until('b shows a\'s class', () => b.store.getState().scene?.objects.o2.classId === 'car');
    expect(b.notices).toHaveLength(1);
    expect(b.notices[0]).toContain(team.users.annotator.name);
    expect(b.notices[0]).toContain('objects');
    expect(b.notices[0]).toMatch(/your "Change class" was undone/);
    const now = await serverScene(id);
    expect(now.scene.objects.o2.classId).toBe('car');
    expect(json(b.store.getState().scene)).toEqual(now.scene);
    sa.close();
    sb.close();
  });

  it('edits made offline are queued, survive a reload, and are sent on reconnect: nothing lost', async () => {
    const id = await upload();
    const a = browser('annotator');
    const b = browser('annotator2');
    const queue = memoryQueue();
    const sa = await a.open(id, queue);
    const sb = await b.open(id);
    a.net.offline = true;
    a.store.getState().dispatch(setObjectAttribute, { objectId: 'o1', name: 'occluded', value: 'partly' });
    a.store.getState().dispatch(setObjectClass, { objectId: 'o3', classId: 'truck' });
    b.store.getState().dispatch(setObjectClass, { objectId: 'o2', classId: 'cyclist' }); // online meanwhile
    await sb.settled();
    await until('the queue holds both offline edits', () => (queue.data.get(id) ?? []).length === 2);
    // the tab is closed while offline; a new one opens the scene with the same queue once online
    sa.close();
    a.net.offline = false;
    const a2 = browser('annotator');
    const sa2 = await a2.open(id, queue);
    expect(a2.store.getState().scene?.objects.o3.classId).toBe('truck'); // the queued edits show at once
    await sa2.settled();
    expect(queue.data.get(id) ?? []).toEqual([]);
    const now = await serverScene(id);
    expect(now.revision).toBe(3);
    expect(now.scene.objects.o1.attributes.occluded).toBe('partly');
    expect(now.scene.objects.o3.classId).toBe('truck');
    expect(now.scene.objects.o2.classId).toBe('cyclist');
    await until('b sees a\'s offline edits', () => JSON.stringify(json(b.store.getState().scene)) === JSON.stringify(now.scene));
    expect(json(a2.store.getState().scene)).toEqual(now.scene);
    sa2.close();
    sb.close();
  });
});
