/**
 * The browser sync client against the real server (createApp over PGlite, listening on loopback):
 * two clients with their own stores on one shared scene; concurrent edits to different objects;
 * a conflicting edit taken back with a notice naming who changed what; edits made offline (and
 * kept across a reload in the queue) sent on reconnect with nothing lost.
 */
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyPatches } from 'immer';
import { conflictKey, overlaps, type LoggedEdit } from '../core/sync';
import { makeTestScene } from '../core/commands/testScene';
import { createObject, setObjectClass, setObjectAttribute } from '../core/commands/objects';
import { updateAnnotation } from '../core/commands/annotations';
import { getAnnotation, type Scene } from '../core/schema';
import { createApp } from '../server/app';
import { defaultConfig } from '../server/config';
import type { Db } from '../server/db/db';
import { SceneEvents } from '../server/scenes/events';
import { createSession } from '../server/auth/sessions';
import { makeTeam, openTestDb, type Team, type Who } from '../server/scenes/testTeam';
import { createWorkbenchStore, type WorkbenchStore } from '../store/workbench';
import { TeamApi } from './api';
import { memoryQueue, type EditQueue } from './queue';
import { SharedScene } from './sharedScene';
import { loadObjectHistory } from './history';

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

/**
 * A browser of one user: its own store, a fetch that carries the session cookie (`session.token`,
 * replaced by signing in again) and can go offline or lose the answer to a request it sent.
 */
function browser(who: Who) {
  const u = team.users[who];
  const session = { token: u.token };
  const net: { offline: boolean; loseAnswer?: (url: string, init?: RequestInit) => boolean; hold?: (url: string, init?: RequestInit) => Promise<void> | undefined } = { offline: false };
  const api = new TeamApi(base, async (url, init) => {
    if (net.offline) throw new TypeError('Failed to fetch (offline)');
    const token = session.token; // the cookie the request leaves with, even when `hold` delays it
    await net.hold?.(url, init);
    const res = await fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie: `cl_session=${token}` } });
    if (net.loseAnswer?.(url, init)) throw new TypeError('Failed to fetch (the answer was lost)');
    return res;
  });
  api.csrfToken = u.csrf;
  const store = createWorkbenchStore({ storage: null });
  const notices: string[] = [];
  const states: string[] = [];
  const open = async (sceneId: string, queue: EditQueue = memoryQueue()) => {
    const s = new SharedScene({ api, target: targetOf(store), sceneId, queue, onNotice: (m) => notices.push(m), onState: (st) => states.push(st), retryMs: 100, user: { id: u.id, name: u.name } });
    await s.open();
    return s;
  };
  /** A new session for the same user, as signing in again makes. */
  const signInAgain = async () => {
    const s = await createSession(db, u.id, 3600);
    session.token = s.token;
    api.csrfToken = s.csrfToken;
  };
  return { api, store, net, notices, states, open, user: u, session, signInAgain };
}

const targetOf = (store: WorkbenchStore) => ({
  getScene: () => store.getState().scene,
  loadScene: (s: Scene, src: string) => store.getState().loadScene(s, src),
  applyExternal: (s: Scene, p: never[]) => store.getState().applyExternal(s, p),
  onStep: (l: never) => store.getState().onStep(l),
  forgetStep: (id: number) => store.getState().forgetStep(id),
  rebaseStep: (id: number, inverse: never[]) => store.getState().rebaseStep(id, inverse),
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

  it('the session ends mid-session (401): edits stay queued, nothing is sent until signing in again, then all land once and the stream resumes', async () => {
    const id = await upload();
    const a = browser('annotator');
    const b = browser('annotator2');
    const queue = memoryQueue();
    const sa = await a.open(id, queue);
    const sb = await b.open(id);
    // a's first edit lands but its answer is lost; then the session is deleted (expired, or a new
    // database) and the server drops its connections, as a restart would
    let lost = 0;
    a.net.loseAnswer = (url, init) => init?.method === 'POST' && url.endsWith('/edits') && lost++ === 0;
    a.store.getState().dispatch(setObjectClass, { objectId: 'o3', classId: 'truck' });
    await until('the first edit is on the server', () => lost === 1);
    await db.query('delete from sessions where user_id = $1', [a.user.id]);
    (server as unknown as { closeAllConnections(): void }).closeAllConnections();
    await until('a is signed out', () => sa.state === 'signedOut');
    a.store.getState().dispatch(setObjectAttribute, { objectId: 'o1', name: 'occluded', value: 'partly' });
    b.store.getState().dispatch(setObjectClass, { objectId: 'o2', classId: 'cyclist' }); // lands while a is signed out
    await sb.settled();
    await new Promise((r) => setTimeout(r, 300)); // several retry periods: a must not resend on its own
    expect(sa.state).toBe('signedOut');
    expect(sa.pendingCount).toBe(2);
    expect((queue.data.get(id) ?? []).map((e) => e.label)).toEqual(['Change class', 'Set attribute']);
    expect(a.states).toContain('signedOut');

    await a.signInAgain();
    team.users.annotator = { ...team.users.annotator, token: a.session.token, csrf: a.api.csrfToken! }; // later tests
    sa.resume();
    await sa.settled();
    const now = await serverScene(id);
    expect(now.revision).toBe(3); // the lost-answer edit was answered "duplicate", not applied again
    const log = (await (await fetch(`${base}/api/scenes/${id}/edits?since=0`, { headers: { cookie: `cl_session=${team.users.manager.token}` } })).json()) as { edits: { editId: string; by: string }[] };
    expect(new Set(log.edits.map((e) => e.editId)).size).toBe(3);
    expect(now.scene.objects.o3.classId).toBe('truck');
    expect(now.scene.objects.o1.attributes.occluded).toBe('partly');
    await until('the stream resumed: a has b\'s edit', () => a.store.getState().scene?.objects.o2.classId === 'cyclist');
    await until('a is online again', () => sa.state === 'online');
    expect(json(a.store.getState().scene)).toEqual(now.scene);
    await until('b has a\'s edits', () => JSON.stringify(json(b.store.getState().scene)) === JSON.stringify(now.scene));
    expect(queue.data.get(id) ?? []).toEqual([]);
    expect(a.notices).toEqual([]);
    sa.close();
    sb.close();
  });
});

describe('signing in again as another user', () => {
  it('does not send the queued edits under the other account: they stay queued, the user is told; the right user sends them', async () => {
    const id = await upload();
    const a = browser('annotator');
    const sa = await a.open(id);
    await db.query('delete from sessions where user_id = $1', [a.user.id]);
    (server as unknown as { closeAllConnections(): void }).closeAllConnections();
    await until('a is signed out', () => sa.state === 'signedOut');
    a.store.getState().dispatch(setObjectClass, { objectId: 'o3', classId: 'truck' });
    const other = team.users.annotator2;
    expect(sa.resume({ id: other.id, name: other.name })).toBe(false);
    await new Promise((r) => setTimeout(r, 300)); // several retry periods: nothing may be sent
    expect(sa.state).toBe('signedOut');
    expect(sa.pendingCount).toBe(1);
    expect(a.notices.join('\n')).toMatch(new RegExp(`signed in as ${other.name}, but the unsent edits .* were made by ${a.user.name}`));
    expect((await serverScene(id)).revision).toBe(0);
    await a.signInAgain();
    team.users.annotator = { ...team.users.annotator, token: a.session.token, csrf: a.api.csrfToken! }; // later tests
    expect(sa.resume({ id: a.user.id, name: a.user.name })).toBe(true);
    await sa.settled();
    const log = (await (await fetch(`${base}/api/scenes/${id}/edits?since=0`, { headers: { cookie: `cl_session=${team.users.manager.token}` } })).json()) as { edits: LoggedEdit[] };
    expect(log.edits.map((e) => [e.label, e.userId])).toEqual([['Change class', a.user.id]]);
    sa.close();
  });
});

describe('signing in again while a request with the old cookie is still out', () => {
  it('its late 401 does not sign the user out a second time: the edit is resent and lands', async () => {
    const id = await upload();
    const a = browser('annotator');
    const sa = await a.open(id);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let sent = 0;
    a.net.hold = (url, init) => (init?.method === 'POST' && url.endsWith('/edits') && sent++ === 0 ? held : undefined);
    a.store.getState().dispatch(setObjectClass, { objectId: 'o3', classId: 'truck' }); // leaves with the old cookie, held
    await until('the edit is out', () => sent === 1);
    await db.query('delete from sessions where user_id = $1', [a.user.id]);
    (server as unknown as { closeAllConnections(): void }).closeAllConnections();
    await until('the stream saw the 401', () => sa.state === 'signedOut');
    await a.signInAgain();
    team.users.annotator = { ...team.users.annotator, token: a.session.token, csrf: a.api.csrfToken! }; // later tests
    sa.resume();
    release(); // now the old-cookie request reaches the server: 401
    await until('the edit landed', () => sa.pendingCount === 0 && sa.state === 'online');
    expect(a.states.slice(a.states.lastIndexOf('connecting'))).not.toContain('signedOut'); // since resume()
    expect(a.notices).toEqual([]);
    const now = await serverScene(id);
    expect(now.revision).toBe(1);
    expect(now.scene.objects.o3.classId).toBe('truck');
    sa.close();
  });
});

describe('undo and redo in a shared scene never overwrite others\' later edits', () => {
  const moveCuboid = (store: WorkbenchStore, x: number) => store.getState().dispatch(updateAnnotation, { id: 'a1', patch: { center: { x, y: 1, z: -0.8 } } });
  const cuboidX = (s: Scene | null | undefined) => (s && (getAnnotation(s, 'a1') as { center?: { x: number } } | undefined))?.center?.x;

  it('undoing my move after bob moved the same cuboid is refused: bob\'s position stays everywhere, the step leaves my history, I am told who', async () => {
    const id = await upload();
    const a = browser('annotator');
    const b = browser('annotator2');
    const sa = await a.open(id);
    const sb = await b.open(id);
    moveCuboid(a.store, 12);
    await sa.settled();
    await until('b sees a\'s move', () => cuboidX(b.store.getState().scene) === 12);
    moveCuboid(b.store, 15);
    await sb.settled();
    await until('a sees b\'s move', () => cuboidX(a.store.getState().scene) === 15);

    a.store.getState().undo(); // reverts to 10 locally, then the server refuses it
    await sa.settled();
    const now = await serverScene(id);
    expect(cuboidX(now.scene)).toBe(15);
    expect(now.revision).toBe(2);
    expect(cuboidX(a.store.getState().scene)).toBe(15);
    expect(json(a.store.getState().scene)).toEqual(now.scene);
    expect(a.notices).toHaveLength(1);
    expect(a.notices[0]).toContain(b.user.name);
    expect(a.notices[0]).toMatch(/"Undo Edit annotation" was not applied/);
    expect(a.store.getState().history).toEqual({ undo: [], redo: [] }); // neither undoable nor redoable now
    expect(cuboidX(b.store.getState().scene)).toBe(15);
    sa.close();
    sb.close();
  });

  it('undo and redo still work when others changed other objects meanwhile', async () => {
    const id = await upload();
    const a = browser('annotator');
    const b = browser('annotator2');
    const sa = await a.open(id);
    const sb = await b.open(id);
    moveCuboid(a.store, 12);
    await sa.settled();
    b.store.getState().dispatch(setObjectClass, { objectId: 'o3', classId: 'truck' });
    b.store.getState().dispatch(setObjectClass, { objectId: 'o1', classId: 'van' }); // the same object, another field
    await sb.settled();
    await until('a has b\'s edits', () => a.store.getState().scene?.objects.o1.classId === 'van');
    a.store.getState().undo();
    await sa.settled();
    let now = await serverScene(id);
    expect(cuboidX(now.scene)).toBe(10);
    expect(now.scene.objects.o3.classId).toBe('truck');
    expect(now.scene.objects.o1.classId).toBe('van');
    a.store.getState().redo();
    await sa.settled();
    now = await serverScene(id);
    expect(cuboidX(now.scene)).toBe(12);
    expect(now.revision).toBe(5);
    expect(a.notices).toEqual([]);
    expect(json(a.store.getState().scene)).toEqual(now.scene);
    await until('b has a\'s undo and redo', () => cuboidX(b.store.getState().scene) === 12 && sb.revision === 5);
    expect(json(b.store.getState().scene)).toEqual(now.scene);
    sa.close();
    sb.close();
  });

  it('a redo after bob changed what it would re-apply is refused the same way', async () => {
    const id = await upload();
    const a = browser('annotator');
    const b = browser('annotator2');
    const sa = await a.open(id);
    const sb = await b.open(id);
    a.store.getState().dispatch(setObjectClass, { objectId: 'o2', classId: 'cyclist' });
    a.store.getState().undo();
    await sa.settled();
    await until('b sees the undo', () => b.store.getState().scene?.objects.o2.classId === 'pedestrian');
    b.store.getState().dispatch(setObjectClass, { objectId: 'o2', classId: 'car' });
    await sb.settled();
    await until('a sees b\'s class', () => a.store.getState().scene?.objects.o2.classId === 'car');
    a.store.getState().redo();
    await sa.settled();
    const now = await serverScene(id);
    expect(now.scene.objects.o2.classId).toBe('car');
    expect(a.store.getState().scene?.objects.o2.classId).toBe('car');
    expect(a.notices[0]).toContain(b.user.name);
    expect(a.store.getState().history.redo).toEqual([]);
    sa.close();
    sb.close();
  });
});

describe('an edit the database cannot store (U+0000)', () => {
  const post = (id: string, body: unknown) =>
    fetch(`${base}/api/scenes/${id}/edits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `cl_session=${team.users.annotator.token}`, 'x-csrf-token': team.users.annotator.csrf },
      body: JSON.stringify(body),
    });
  const edit = (patches: unknown[], label = 'raw') => ({ editId: crypto.randomUUID(), clientId: 'raw-tab', baseRevision: 0, patches, label });

  it('is refused with 400 naming where the NUL is, in a value, a key, a path or the label; the scene takes good edits as before', async () => {
    const id = await upload();
    const cases: [unknown, RegExp][] = [
      [edit([{ op: 'replace', path: ['objects', 'o1', 'attributes', 'occluded'], value: 'par\u0000tly' }]), /patches\[0\]\.value/],
      [edit([{ op: 'replace', path: ['objects', 'o1', 'attributes'], value: { ['oc\u0000']: 'x' } }]), /patches\[0\]\.value/],
      [edit([{ op: 'add', path: ['objects', 'o1', 'attributes', 'a\u0000'], value: 'x' }]), /patches\[0\]\.path\[3\]/],
      [edit([{ op: 'replace', path: ['objects', 'o1', 'classId'], value: 'van' }], 'Set\u0000class'), /label/],
    ];
    for (const [body, where] of cases) {
      const res = await post(id, body);
      const { error } = (await res.json()) as { error: string };
      expect(res.status, error).toBe(400);
      expect(error).toMatch(where);
      expect(error).toMatch(/U\+0000/);
    }
    const ok = await post(id, edit([{ op: 'replace', path: ['objects', 'o1', 'classId'], value: 'van' }]));
    expect(ok.status).toBe(200);
    const now = await serverScene(id);
    expect(now.revision).toBe(1);
    expect(now.scene.objects.o1.classId).toBe('van');
  });

  it('typed by a client: taken back with a notice, not resent; the next edit lands', async () => {
    const id = await upload();
    const a = browser('annotator');
    const sa = await a.open(id);
    a.store.getState().dispatch(createObject, { id: 'o9', classId: 'car', name: 'Car\u00009' }); // pasted from a binary file
    expect(a.store.getState().scene!.objects.o9?.name).toBe('Car\u00009');
    await sa.settled();
    expect(sa.pendingCount).toBe(0);
    expect(a.notices.join('\n')).toMatch(/was undone: the server refused it: .*U\+0000/);
    expect(a.store.getState().scene!.objects.o9).toBeUndefined();
    a.store.getState().dispatch(setObjectClass, { objectId: 'o3', classId: 'truck' });
    await sa.settled();
    const now = await serverScene(id);
    expect(now.revision).toBe(1);
    expect(now.scene.objects.o3.classId).toBe('truck');
    expect(json(a.store.getState().scene)).toEqual(now.scene);
    sa.close();
  });
});

describe('a refused undo does not leave a stale undo behind it', () => {
  it('my offline undo is refused (bob changed the class), my later class change lands over bob\'s: undoing it restores bob\'s class, not mine', async () => {
    const id = await upload();
    const a = browser('annotator');
    const b = browser('annotator2');
    const sa = await a.open(id);
    const sb = await b.open(id);
    a.store.getState().dispatch(setObjectClass, { objectId: 'o2', classId: 'cyclist' });
    await sa.settled();
    await until('b sees cyclist', () => b.store.getState().scene?.objects.o2.classId === 'cyclist');
    b.store.getState().dispatch(setObjectClass, { objectId: 'o2', classId: 'car' });
    await sb.settled();
    await until('a sees car', () => a.store.getState().scene?.objects.o2.classId === 'car');
    a.net.offline = true;
    a.store.getState().undo(); // recorded over cyclist: would restore the original class over bob's car
    a.store.getState().dispatch(setObjectClass, { objectId: 'o2', classId: 'van' }); // recorded over that original
    a.net.offline = false;
    sa.reconnect();
    await sa.settled();
    expect(a.notices.join('\n')).toMatch(/"Undo .*" was not applied: .* changed /);
    expect((await serverScene(id)).scene.objects.o2.classId).toBe('van');
    a.store.getState().undo(); // the van step, re-applied over car when the undo was taken back
    await sa.settled();
    const now = await serverScene(id);
    expect(now.scene.objects.o2.classId).toBe('car');
    expect(json(a.store.getState().scene)).toEqual(now.scene);
    sa.close();
    sb.close();
  });
});

describe('undo and redo under concurrent edits (property)', () => {
  type Action = { who: 'a' | 'b'; op: 'move' | 'class' | 'undo' | 'redo' | 'settle' | 'offline'; x: number; cls: number };
  const CLASSES = ['car', 'van', 'truck', 'cyclist'];
  const action = fc.record({
    who: fc.constantFrom('a' as const, 'b' as const),
    // settling often makes the risky order (my step, their change seen, my undo) common
    op: fc.oneof(
      { arbitrary: fc.constant('move' as const), weight: 3 },
      { arbitrary: fc.constant('class' as const), weight: 2 },
      { arbitrary: fc.constant('undo' as const), weight: 3 },
      { arbitrary: fc.constant('redo' as const), weight: 1 },
      { arbitrary: fc.constant('settle' as const), weight: 4 },
    ),
    x: fc.integer({ min: 0, max: 30 }),
    cls: fc.integer({ min: 0, max: CLASSES.length - 1 }),
  });

  /** The order that used to overwrite: my step, their step (maybe on the same field) seen by me, my undo. */
  const risky = fc
    .tuple(action, action)
    .map(([mine, theirs]): Action[] => [
      { ...mine, who: 'a', op: mine.x % 2 ? 'move' : 'class' },
      { ...mine, op: 'settle' },
      { ...theirs, who: 'b', op: theirs.x % 2 ? 'move' : 'class' },
      { ...mine, op: 'settle' },
      { ...mine, who: 'a', op: 'undo' },
    ]);

  /**
   * The order that left a stale undo: my step, their change seen, offline my undo and another step of
   * the same field; online the undo is refused and the step lands over theirs; then I undo that step.
   */
  const riskyOffline = fc.tuple(action, action, action).map(([mine, theirs, later]): Action[] => {
    const op = mine.x % 2 ? ('move' as const) : ('class' as const);
    return [
      { ...mine, who: 'a', op },
      { ...mine, op: 'settle' },
      { ...theirs, who: 'b', op },
      { ...mine, op: 'settle' },
      { ...mine, who: 'a', op: 'offline' },
      { ...mine, who: 'a', op: 'undo' },
      { ...later, who: 'a', op },
      { ...mine, op: 'settle' },
      { ...mine, who: 'a', op: 'undo' },
    ];
  });

  /** The value at `path` in a scene (undefined where absent). */
  const at = (scene: unknown, path: (string | number)[]): unknown =>
    path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k as string] : undefined), scene);

  it('no undo or redo lands over another client\'s later change of the same field; every store ends equal to the server', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { maxLength: 6 }), fc.oneof(risky, riskyOffline), fc.array(action, { maxLength: 4 }), async (prefix: Action[], middle: Action[], suffix: Action[]) => {
        const actions = [...prefix, ...middle, ...suffix];
        const id = await upload();
        const a = browser('annotator');
        const b = browser('annotator2');
        const sa = await a.open(id);
        const sb = await b.open(id);
        const of = { a: { st: a.store }, b: { st: b.store } };
        /** Both clients' edits answered and both holding every revision the server has. */
        const sync = async () => {
          await Promise.all([sa.settled(), sb.settled()]);
          const now = await serverScene(id);
          await until('both clients at the server revision', () => sa.revision === now.revision && sb.revision === now.revision);
          return now;
        };
        for (const act of actions) {
          const { st } = of[act.who];
          if (act.op === 'move') st.getState().dispatch(updateAnnotation, { id: 'a1', patch: { center: { x: act.x, y: 1, z: -0.8 } } });
          else if (act.op === 'class') st.getState().dispatch(setObjectClass, { objectId: 'o2', classId: CLASSES[act.cls] });
          else if (act.op === 'undo') st.getState().undo();
          else if (act.op === 'redo') st.getState().redo();
          else if (act.op === 'offline') a.net.offline = true; // the stream stays down until settling
          else {
            a.net.offline = false;
            sa.reconnect();
            await sync();
          }
        }
        const now = await sync();
        expect(json(a.store.getState().scene)).toEqual(now.scene);
        expect(json(b.store.getState().scene)).toEqual(now.scene);

        const res = await fetch(`${base}/api/scenes/${id}/edits?since=0`, { headers: { cookie: `cl_session=${team.users.manager.token}` } });
        const log = ((await res.json()) as { edits: LoggedEdit[] }).edits;
        // states[j]: the server's scene before log[j] (states[0] is the upload)
        const states: Scene[] = [json(makeTestScene())];
        for (const e of log) states.push(applyPatches(states[states.length - 1], e.patches));
        expect(json(states[states.length - 1])).toEqual(now.scene);
        for (const [i, e] of log.entries()) {
          if (!/^(Undo|Redo) /.test(e.label ?? '')) continue;
          const keys = e.patches.map((p) => conflictKey(p.path));
          const touches = (x: LoggedEdit) => x.patches.some((p) => keys.some((k) => overlaps(k, conflictKey(p.path))));
          const before = log.slice(0, i);
          const lastOwn = before.map((x, j) => (x.clientId === e.clientId && touches(x) ? j : -1)).reduce((m, j) => Math.max(m, j), -1);
          const overwritten = before.slice(lastOwn + 1).filter((x) => x.clientId !== e.clientId && touches(x));
          expect(overwritten.map((x) => `${e.label} (r${e.revision}) landed over ${x.label} by ${x.by} (r${x.revision})`)).toEqual([]);
          // and whenever it landed, each value it writes is one the field held since another client
          // last changed it: an undo restores theirs, never a value they had already replaced
          const lastOther = before.map((x, j) => (x.clientId !== e.clientId && touches(x) ? j : -1)).reduce((m, j) => Math.max(m, j), -1);
          const seen = states.slice(lastOther + 1, i + 1);
          for (const p of e.patches) {
            const v = p.op === 'remove' ? undefined : p.value;
            const held = seen.some((st) => isDeepStrictEqual(json(at(st, p.path) ?? null), json(v ?? null)));
            expect(held, `${e.label} (r${e.revision}) wrote ${JSON.stringify(v)} at ${p.path.join('.')}, a value replaced by another client since`).toBe(true);
          }
        }
        sa.close();
        sb.close();
      }),
      { numRuns: 12, seed: 1611 },
    );
  }, 300_000);
});

describe('object history from the server, in words', () => {
  it('lists who changed what and when, newest first', async () => {
    const id = await upload();
    const a = browser('annotator');
    const b = browser('annotator2');
    const sa = await a.open(id);
    const sb = await b.open(id);
    a.store.getState().dispatch(setObjectClass, { objectId: 'o1', classId: 'van' });
    await sa.settled();
    b.store.getState().dispatch(updateAnnotation, { id: 'a1', patch: { center: { x: 12, y: 1, z: -0.8 } } });
    await sb.settled();
    b.store.getState().dispatch(updateAnnotation, { id: 'a1', patch: { center: { x: 12, y: 1.4, z: -0.8 } } });
    await sb.settled();
    await until('a has b\'s moves', () => a.store.getState().revision > 0 && sa.revision === 3);
    a.store.getState().dispatch(setObjectClass, { objectId: 'o1', classId: 'truck' });
    a.store.getState().dispatch(setObjectClass, { objectId: 'o3', classId: 'truck' }); // another object
    await sa.settled();
    const h = await loadObjectHistory(a.api, id, 'o1', { scene: a.store.getState().scene });
    expect(h.total).toBe(4);
    expect(h.lines.map((l) => l.what)).toEqual(['changed class Van → Truck', 'moved the cuboid 0.4 m', 'placed the cuboid at (12, 1, -0.8)', 'set class to Van']);
    expect(h.lines[1].text).toMatch(new RegExp(`^${b.user.name} moved the cuboid 0.4 m at \\d\\d:\\d\\d$`));
    expect(h.lines[0].by).toBe(a.user.name);
    expect(h.lines.map((l) => l.revision)).toEqual([4, 3, 2, 1]);
    sa.close();
    sb.close();
  });
});
