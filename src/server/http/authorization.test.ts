/**
 * Authorisation, route by route: one table of every /api route × who asks → the expected status.
 *   manager / annotator (the fixture tasks' assignee) / annotator2 / reviewer — members of project A
 *   outsider — a manager of project B, guessing project A's ids → 404, as for ids that do not exist
 *   anonymous — no session → 401 (except the public health and login routes)
 * Every state-changing route is also tried by an allowed member without the CSRF token → 403.
 * The table must list every route the app serves: a route added without a row fails this test.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TAXONOMY } from '../../core/schema/defaultTaxonomy';
import { makeTestScene } from '../../core/commands/testScene';
import { FolderStore } from '../storage/folderStore';
import { TEST_PASSWORD, testServer, type TestClient, type TestServer } from './testing';

type Who = 'manager' | 'annotator' | 'annotator2' | 'reviewer' | 'outsider' | 'anonymous';
const WHO: readonly Who[] = ['manager', 'annotator', 'annotator2', 'reviewer', 'outsider', 'anonymous'];

/** Project A's ids, made fresh for every request that changes something. */
interface Fixture {
  project: string;
  scene: string;
  /** Tasks of `annotator` in each state the workflow rows need. */
  todo: string;
  submitted: string;
  inReview: string;
  rejected: string;
  /** The sha256 of a JSON file uploaded to the project. */
  media: string;
  /** `annotator`'s consensus copy of a second scene (`annotator2` holds the other copy). */
  copy: string;
}

interface Row {
  /** `METHOD /api/path` exactly as the app registers it. */
  route: string;
  path: (f: Fixture) => string;
  body?: (f: Fixture, who: Who) => unknown;
  expect: Record<Who, number>;
  /** Logs in anew for each request (the route ends the session). */
  freshSession?: boolean;
  /** A streaming response (Server-Sent Events): read the status, then cancel. */
  stream?: boolean;
}

/** Members' statuses; the outsider gets 404 and the anonymous caller 401 unless given. */
const by = (m: Partial<Record<Who, number>> & Record<'manager' | 'annotator' | 'annotator2' | 'reviewer', number>): Record<Who, number> => ({
  outsider: 404,
  anonymous: 401,
  ...m,
});
const all = (status: number) => by({ manager: status, annotator: status, annotator2: status, reviewer: status, outsider: status });
const managers = (ok: number) => by({ manager: ok, annotator: 403, annotator2: 403, reviewer: 403 });
const members = (ok: number) => by({ manager: ok, annotator: ok, annotator2: ok, reviewer: ok });

const users = { manager: 'az-mgr', annotator: 'az-ann', annotator2: 'az-ann2', reviewer: 'az-rev', outsider: 'az-out' } as const;

const edit = () => ({ editId: randomUUID(), clientId: 'authz', baseRevision: 0, patches: [{ op: 'replace', path: ['objects', 'o1', 'name'], value: 'Renamed' }] });

const TABLE: Row[] = [
  { route: 'GET /api/health', path: () => '/api/health', expect: { ...all(200), anonymous: 200 } },
  {
    route: 'POST /api/auth/login',
    path: () => '/api/auth/login',
    body: (_f, who) => ({ name: who === 'anonymous' ? users.manager : users[who], password: TEST_PASSWORD }),
    expect: { ...all(200), anonymous: 200 },
  },
  { route: 'POST /api/auth/logout', path: () => '/api/auth/logout', expect: all(204), freshSession: true },
  { route: 'GET /api/auth/me', path: () => '/api/auth/me', expect: all(200) },
  // The outsider manages project B, and managers may create accounts.
  { route: 'POST /api/users', path: () => '/api/users', body: () => ({ name: `u-${randomUUID().slice(0, 8)}`, password: 'a fine password' }), expect: { ...managers(201), outsider: 201 } },
  { route: 'POST /api/projects', path: () => '/api/projects', body: () => ({ name: 'Another' }), expect: all(201) },
  { route: 'GET /api/projects', path: () => '/api/projects', expect: all(200) },
  { route: 'GET /api/projects/:id', path: (f) => `/api/projects/${f.project}`, expect: members(200) },
  { route: 'PATCH /api/projects/:id', path: (f) => `/api/projects/${f.project}`, body: () => ({ name: 'Renamed' }), expect: managers(200) },
  {
    route: 'PUT /api/projects/:id/taxonomy',
    path: (f) => `/api/projects/${f.project}/taxonomy`,
    body: () => ({ ...DEFAULT_TAXONOMY, version: DEFAULT_TAXONOMY.version + 1 }),
    expect: managers(200),
  },
  { route: 'GET /api/projects/:id/members', path: (f) => `/api/projects/${f.project}/members`, expect: members(200) },
  { route: 'POST /api/projects/:id/members', path: (f) => `/api/projects/${f.project}/members`, body: () => ({ name: 'az-spare', role: 'annotator' }), expect: managers(201) },
  { route: 'PUT /api/projects/:id/members/:userId', path: (f) => `/api/projects/${f.project}/members/${ids.annotator2}`, body: () => ({ role: 'reviewer' }), expect: managers(200) },
  { route: 'DELETE /api/projects/:id/members/:userId', path: (f) => `/api/projects/${f.project}/members/${ids.annotator2}`, expect: managers(204) },
  {
    route: 'POST /api/projects/:id/tasks',
    path: (f) => `/api/projects/${f.project}/tasks`,
    body: (f) => ({ sceneId: f.scene, assignee: ids.annotator }),
    expect: managers(201),
  },
  { route: 'GET /api/projects/:id/tasks', path: (f) => `/api/projects/${f.project}/tasks`, expect: members(200) },
  { route: 'GET /api/projects/:id/review-sample', path: (f) => `/api/projects/${f.project}/review-sample`, expect: by({ manager: 200, annotator: 403, annotator2: 403, reviewer: 200 }) },
  { route: 'POST /api/projects/:id/review-sample', path: (f) => `/api/projects/${f.project}/review-sample`, expect: by({ manager: 200, annotator: 403, annotator2: 403, reviewer: 200 }) },
  // Consensus assignments and the project page (src/server/tasks/consensus.ts, src/server/projects/stats.ts): managers.
  {
    route: 'POST /api/projects/:id/consensus',
    path: (f) => `/api/projects/${f.project}/consensus`,
    body: (f) => ({ sceneId: f.scene, assignees: [ids.annotator, ids.annotator2] }),
    expect: managers(201),
  },
  { route: 'GET /api/projects/:id/stats', path: (f) => `/api/projects/${f.project}/stats`, expect: managers(200) },
  { route: 'GET /api/tasks/mine', path: () => '/api/tasks/mine', expect: all(200) },
  // An annotator reads only their own tasks.
  { route: 'GET /api/tasks/:id', path: (f) => `/api/tasks/${f.todo}`, expect: by({ manager: 200, annotator: 200, annotator2: 403, reviewer: 200 }) },
  { route: 'PATCH /api/tasks/:id', path: (f) => `/api/tasks/${f.todo}`, body: () => ({ title: 'Renamed' }), expect: managers(200) },
  { route: 'DELETE /api/tasks/:id', path: (f) => `/api/tasks/${f.todo}`, expect: managers(204) },
  // The workflow: only the assignee starts …
  {
    route: 'POST /api/tasks/:id/transition',
    path: (f) => `/api/tasks/${f.todo}/transition`,
    body: () => ({ to: 'in_progress' }),
    expect: by({ manager: 403, annotator: 200, annotator2: 403, reviewer: 403 }),
  },
  // … a reviewer or manager, never the assignee, takes a submitted task …
  {
    route: 'POST /api/tasks/:id/transition',
    path: (f) => `/api/tasks/${f.submitted}/transition`,
    body: () => ({ to: 'in_review' }),
    expect: by({ manager: 200, annotator: 403, annotator2: 403, reviewer: 200 }),
  },
  // … and an annotator cannot accept their own task (nor another's).
  {
    route: 'POST /api/tasks/:id/transition',
    path: (f) => `/api/tasks/${f.inReview}/transition`,
    body: () => ({ to: 'accepted' }),
    expect: by({ manager: 200, annotator: 403, annotator2: 403, reviewer: 200 }),
  },
  {
    route: 'POST /api/tasks/:id/transition',
    path: (f) => `/api/tasks/${f.inReview}/transition`,
    body: () => ({ to: 'rejected', comments: [{ object: 'o1', comment: 'too loose' }] }),
    expect: by({ manager: 200, annotator: 403, annotator2: 403, reviewer: 200 }),
  },
  {
    route: 'POST /api/tasks/:id/transition',
    path: (f) => `/api/tasks/${f.rejected}/transition`,
    body: () => ({ to: 'in_progress' }),
    expect: by({ manager: 403, annotator: 200, annotator2: 403, reviewer: 403 }),
  },
  // Scenes (src/server/scenes): members read; managers and annotators upload and edit; a reviewer edits review data only.
  { route: 'POST /api/projects/:id/scenes', path: (f) => `/api/projects/${f.project}/scenes`, body: () => makeTestScene(), expect: by({ manager: 201, annotator: 201, annotator2: 201, reviewer: 403 }) },
  { route: 'GET /api/projects/:id/scenes', path: (f) => `/api/projects/${f.project}/scenes`, expect: members(200) },
  { route: 'GET /api/scenes/:id', path: (f) => `/api/scenes/${f.scene}`, expect: members(200) },
  { route: 'POST /api/scenes/:id/edits', path: (f) => `/api/scenes/${f.scene}/edits`, body: edit, expect: by({ manager: 200, annotator: 200, annotator2: 200, reviewer: 403 }) },
  { route: 'GET /api/scenes/:id/edits', path: (f) => `/api/scenes/${f.scene}/edits`, expect: members(200) },
  { route: 'GET /api/scenes/:id/history', path: (f) => `/api/scenes/${f.scene}/history?object=o1`, expect: members(200) },
  { route: 'GET /api/scenes/:id/events', path: (f) => `/api/scenes/${f.scene}/events`, expect: members(200), stream: true },
  // A consensus copy is its assignee's: another annotator neither reads nor edits it.
  { route: 'GET /api/scenes/:id', path: (f) => `/api/scenes/${f.copy}`, expect: by({ manager: 200, annotator: 200, annotator2: 403, reviewer: 200 }) },
  { route: 'POST /api/scenes/:id/edits', path: (f) => `/api/scenes/${f.copy}/edits`, body: edit, expect: by({ manager: 200, annotator: 200, annotator2: 403, reviewer: 403 }) },
  { route: 'GET /api/scenes/:id/edits', path: (f) => `/api/scenes/${f.copy}/edits`, expect: by({ manager: 200, annotator: 200, annotator2: 403, reviewer: 200 }) },
  { route: 'GET /api/scenes/:id/history', path: (f) => `/api/scenes/${f.copy}/history?object=o1`, expect: by({ manager: 200, annotator: 200, annotator2: 403, reviewer: 200 }) },
  { route: 'GET /api/scenes/:id/events', path: (f) => `/api/scenes/${f.copy}/events`, expect: by({ manager: 200, annotator: 200, annotator2: 403, reviewer: 200 }), stream: true },
  // Media (src/server/storage): members read; managers and annotators upload; managers delete.
  {
    route: 'POST /api/projects/:id/media',
    path: (f) => `/api/projects/${f.project}/media?name=labels-${randomUUID().slice(0, 8)}.json`,
    body: () => ({ another: 'file' }),
    expect: by({ manager: 201, annotator: 201, annotator2: 201, reviewer: 403 }),
  },
  { route: 'GET /api/projects/:id/media', path: (f) => `/api/projects/${f.project}/media`, expect: members(200) },
  { route: 'GET /api/projects/:id/media/:key', path: (f) => `/api/projects/${f.project}/media/${f.media}`, expect: members(200), stream: true },
  { route: 'DELETE /api/projects/:id/media/:key', path: (f) => `/api/projects/${f.project}/media/${f.media}`, expect: managers(204) },
];

let t: TestServer;
const clients = {} as Record<Exclude<Who, 'anonymous'>, TestClient>;
const ids = {} as Record<Exclude<Who, 'anonymous'>, string>;

let mediaDir: string;

beforeAll(async () => {
  mediaDir = mkdtempSync(path.join(tmpdir(), 'cl-authz-'));
  t = await testServer({ config: { dataDir: mediaDir }, deps: { storage: await FolderStore.open(path.join(mediaDir, 'media')) } });
  for (const who of Object.keys(users) as (keyof typeof users)[]) {
    clients[who] = await t.signIn(users[who]);
    ids[who] = clients[who].user!.id;
  }
  await t.user('az-spare');
  // The outsider is a manager — of project B.
  await clients.outsider.json(clients.outsider.post('/api/projects', { name: 'B' }), 201);
});
afterAll(async () => {
  await t.close();
  rmSync(mediaDir, { recursive: true, force: true });
});

/** Project A: members, one scene, and the annotator's tasks in the states the rows need (set directly). */
async function fixture(): Promise<Fixture> {
  const mgr = clients.manager;
  const project = (await mgr.json<{ project: { id: string } }>(mgr.post('/api/projects', { name: 'A' }), 201)).project.id;
  for (const [who, role] of [['annotator', 'annotator'], ['annotator2', 'annotator'], ['reviewer', 'reviewer']] as const)
    await mgr.json(mgr.post(`/api/projects/${project}/members`, { name: users[who], role }), 201);
  const scene = (await mgr.json<{ id: string }>(mgr.post(`/api/projects/${project}/scenes`, makeTestScene()), 201)).id;
  const task = async (state: string, reviewer: string | null = null) =>
    (
      await t.db.query<{ id: string }>('insert into tasks (project_id, scene_id, state, assignee, reviewer) values ($1, $2, $3, $4, $5) returning id', [
        project,
        scene,
        state,
        ids.annotator,
        reviewer,
      ])
    ).rows[0].id;
  const media = (await mgr.json<{ sha256: string }>(mgr.post(`/api/projects/${project}/media?name=notes.json`, { notes: 'fixture' }), 201)).sha256;
  const second = (await mgr.json<{ id: string }>(mgr.post(`/api/projects/${project}/scenes`, makeTestScene()), 201)).id;
  const copies = await mgr.json<{ copies: { sceneId: string }[] }>(mgr.post(`/api/projects/${project}/consensus`, { sceneId: second, assignees: [ids.annotator, ids.annotator2] }), 201);
  return {
    copy: copies.copies[0].sceneId,
    project,
    scene,
    todo: await task('todo'),
    submitted: await task('submitted'),
    inReview: await task('in_review', ids.reviewer),
    rejected: await task('rejected', ids.reviewer),
    media,
  };
}

async function send(row: Row, f: Fixture, who: Who, opts: { csrf?: boolean; path?: string } = {}): Promise<Response> {
  const [method] = row.route.split(' ');
  const client = who === 'anonymous' ? t.anonymous : row.freshSession ? await t.logIn(users[who]) : clients[who];
  const body = row.body?.(f, who) ?? (method === 'GET' || method === 'DELETE' ? undefined : {});
  const res = await client.request(method, opts.path ?? row.path(f), body, { csrf: opts.csrf });
  if (row.stream && res.status === 200) await res.body?.cancel();
  return res;
}

describe('authorisation table', () => {
  it('lists every route the app serves', () => {
    const served = new Set(t.app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api')).map((r) => `${r.method} ${r.path}`));
    const listed = new Set(TABLE.map((r) => r.route));
    expect([...served].filter((r) => !listed.has(r)).map((r) => `no row for ${r}`)).toEqual([]);
    expect([...listed].filter((r) => !served.has(r)).map((r) => `row for a route the app does not serve: ${r}`)).toEqual([]);
  });

  it('answers each role on each route as the table says', async () => {
    const shared = await fixture();
    const wrong: string[] = [];
    for (const row of TABLE) {
      const safe = row.route.startsWith('GET ');
      for (const who of WHO) {
        const f = safe ? shared : await fixture();
        const res = await send(row, f, who);
        if (res.status !== row.expect[who]) wrong.push(`${row.route} ${row.path(f)} as ${who}: expected ${row.expect[who]}, got ${res.status} ${row.stream ? '' : await res.text()}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 600000);

  it('refuses every state-changing route without the CSRF token, even to a member who may use it (403)', async () => {
    const wrong: string[] = [];
    for (const row of TABLE) {
      if (row.route.startsWith('GET ') || row.route === 'POST /api/auth/login') continue;
      const who = WHO.find((w) => w !== 'anonymous' && row.expect[w] < 300)!;
      const res = await send(row, await fixture(), who, { csrf: false });
      if (res.status !== 403) wrong.push(`${row.route} as ${who} without x-csrf-token: expected 403, got ${res.status}`);
    }
    expect(wrong).toEqual([]);
  }, 600000);

  it('a member of project B guessing project A’s ids learns nothing: the same 404 as for ids that do not exist', async () => {
    const f = await fixture();
    const madeUp: Fixture = {
      project: randomUUID(),
      scene: randomUUID(),
      todo: randomUUID(),
      submitted: randomUUID(),
      inReview: randomUUID(),
      rejected: randomUUID(),
      media: createHash('sha256').update('nothing').digest('hex'),
      copy: randomUUID(),
    };
    const wrong: string[] = [];
    for (const row of TABLE) {
      if (!row.route.includes(':id')) continue;
      const real = await send(row, f, 'outsider');
      const fake = await send(row, madeUp, 'outsider', { path: row.path(madeUp) });
      const [a, b] = [await real.text(), await fake.text()];
      if (real.status !== 404 || fake.status !== 404 || a !== b) wrong.push(`${row.route}: real id → ${real.status} ${a}; made-up id → ${fake.status} ${b}`);
    }
    expect(wrong).toEqual([]);
    // And nothing changed in project A.
    const { rows } = await t.db.query<{ name: string; n: number }>(
      `select p.name, (select count(*) from tasks where project_id = p.id) as n from projects p where p.id = $1`,
      [f.project],
    );
    expect(rows).toEqual([{ name: 'A', n: 4 + 2 }]); // the fixture's four tasks and its two consensus copies' tasks
  }, 300000);
});
