/**
 * Shared scenes over HTTP: upload, concurrent edits, conflicts, resends, invalid edits, the event
 * stream across two instances over one database, object history, roles, and the acknowledgement
 * coming only after COMMIT. Runs on PGlite; with TEST_POSTGRES=1 on a throw-away PostgreSQL server.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Patch } from 'immer';
import { makeTestScene } from '../../core/commands/testScene';
import { execute } from '../../core/commands/command';
import { updateAnnotation } from '../../core/commands/annotations';
import { setObjectAttribute } from '../../core/commands/objects';
import { DEFAULT_TAXONOMY, type Scene } from '../../core/schema';
import { defaultConfig } from '../config';
import { createApp } from '../app';
import type { Db } from '../db/db';
import { client, makeTeam, openSecondInstanceDb, openTestDb, sseReader, type Team } from './testTeam';

let db: Db;
let team: Team;
let app: ReturnType<typeof createApp>;
const config = defaultConfig();

beforeAll(async () => {
  db = await openTestDb();
  team = await makeTeam(db);
  app = createApp({ db, config });
}, 180_000); // PGlite's start (wasm) takes seconds, minutes on a loaded machine
afterAll(async () => {
  await db?.close();
});

const as = (who: keyof Team['users'], a = app) => client(a, team.users[who]);

async function upload(scene: unknown = makeTestScene()): Promise<string> {
  const res = await as('manager').post(`/api/projects/${team.projectId}/scenes`, scene);
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const moveCuboid = (x: number): Patch[] => execute(makeTestScene(), updateAnnotation, { id: 'a1', patch: { center: { x, y: 1, z: -0.8 } } }).patches;
const edit = (clientId: string, baseRevision: number, patches: Patch[], label?: string) => ({ editId: randomUUID(), clientId, baseRevision, patches, label });

async function sceneNow(id: string, who: keyof Team['users'] = 'manager'): Promise<{ revision: number; scene: Scene }> {
  const res = await as(who).get(`/api/scenes/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { revision: number; scene: Scene };
}

describe('upload and read', () => {
  it('stores a valid scene at revision 0 and reads it back', async () => {
    const id = await upload();
    const got = await sceneNow(id, 'annotator');
    expect(got.revision).toBe(0);
    expect(got.scene).toEqual(JSON.parse(JSON.stringify(makeTestScene())));
    const list = (await (await as('reviewer').get(`/api/projects/${team.projectId}/scenes`)).json()) as { scenes: { id: string }[] };
    expect(list.scenes.map((s) => s.id)).toContain(id);
  });
  it('refuses an invalid scene with 422 naming the path, and a foreign taxonomy', async () => {
    const bad = JSON.parse(JSON.stringify(makeTestScene()));
    bad.objects.o1.classId = 'unicorn';
    const res = await as('manager').post(`/api/projects/${team.projectId}/scenes`, bad);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: string; issues: { path: string }[] };
    expect(body.issues.map((i) => i.path)).toContain('$.objects.o1.classId');
    const foreign = JSON.parse(JSON.stringify(makeTestScene()));
    foreign.taxonomy.id = 'someone-else';
    const r2 = await as('manager').post(`/api/projects/${team.projectId}/scenes`, foreign);
    expect(r2.status).toBe(422);
    expect(((await r2.json()) as { error: string }).error).toMatch(/"someone-else" is not the project's taxonomy/);
  });
  it("joins the project's taxonomy: an older version is adopted, a newer one refused", async () => {
    const tax = await makeTeam(db, 'taxonomy');
    const t = JSON.parse(JSON.stringify(DEFAULT_TAXONOMY));
    t.classes.push({ id: 'scooter', name: 'Scooter', color: '#123456', modalities: ['camera'] });
    t.history.push({ fromVersion: t.version, toVersion: t.version + 1, change: { op: 'add', classId: 'scooter' }, remap: {} });
    t.version += 1;
    await db.query('update projects set taxonomy = $2::jsonb where id = $1', [tax.projectId, JSON.stringify(t)]);
    const res = await client(app, tax.users.manager).post(`/api/projects/${tax.projectId}/scenes`, { scene: makeTestScene(), name: 'Older taxonomy' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; name: string; taxonomyAdopted: { from: number; to: number } };
    expect([body.name, body.taxonomyAdopted]).toEqual(['Older taxonomy', { from: t.version - 1, to: t.version }]);
    const stored = (await (await client(app, tax.users.annotator).get(`/api/scenes/${body.id}`)).json()) as { scene: Scene };
    expect(stored.scene.taxonomy.version).toBe(t.version);
    expect(stored.scene.taxonomy.classes.map((c) => c.id)).toContain('scooter');
    const newer = JSON.parse(JSON.stringify(makeTestScene()));
    newer.taxonomy.version = t.version + 5;
    const r2 = await client(app, tax.users.manager).post(`/api/projects/${tax.projectId}/scenes`, newer);
    expect(r2.status).toBe(422);
    expect(((await r2.json()) as { error: string }).error).toMatch(/newer than the project's/);
  });

  it('reviewers and outsiders cannot upload; outsiders cannot read (404, as for no scene at all)', async () => {
    expect((await as('reviewer').post(`/api/projects/${team.projectId}/scenes`, makeTestScene())).status).toBe(403);
    expect((await as('outsider').post(`/api/projects/${team.projectId}/scenes`, makeTestScene())).status).toBe(404);
    const id = await upload();
    const outsider = await as('outsider').get(`/api/scenes/${id}`);
    const nothing = await as('outsider').get(`/api/scenes/${randomUUID()}`);
    expect([outsider.status, nothing.status]).toEqual([404, 404]);
    expect((await client(app).get(`/api/scenes/${id}`)).status).toBe(401);
  });
});

describe('edits', () => {
  it('concurrent edits to different objects both land, and a third client sees both in order', async () => {
    const id = await upload();
    const viewer = sseReader((await as('reviewer').get(`/api/scenes/${id}/events?since=0`)).body!);
    const attr = execute(makeTestScene(), setObjectAttribute, { objectId: 'o2', name: 'moving', value: true }).patches;
    const [r1, r2] = await Promise.all([
      as('annotator').post(`/api/scenes/${id}/edits`, edit('tab-A', 0, moveCuboid(12), 'Move cuboid')),
      as('annotator2').post(`/api/scenes/${id}/edits`, edit('tab-B', 0, attr, 'Set attribute')),
    ]);
    expect([r1.status, r2.status]).toEqual([200, 200]);
    const acks = [(await r1.json()) as { revision: number; rebased: boolean }, (await r2.json()) as { revision: number; rebased: boolean }];
    expect(acks.map((a) => a.revision).sort()).toEqual([1, 2]);
    // whichever landed second was applied on top of the first
    expect(acks.find((a) => a.revision === 2)!.rebased).toBe(true);
    expect(acks.find((a) => a.revision === 1)!.rebased).toBe(false);
    const now = await sceneNow(id, 'reviewer');
    expect(now.revision).toBe(2);
    const a1 = now.scene.annotations.l0.a1;
    expect(a1.kind === 'cuboid' && a1.center.x).toBe(12);
    expect(now.scene.objects.o2.attributes.moving).toBe(true);
    const e1 = await viewer.next((e) => e.event === 'edit');
    const e2 = await viewer.next((e) => e.event === 'edit');
    expect([e1.id, e2.id]).toEqual(['1', '2']);
    const labels = [JSON.parse(e1.data).label, JSON.parse(e2.data).label];
    expect(labels.sort()).toEqual(['Move cuboid', 'Set attribute']);
    await viewer.cancel();
  });

  it('the same field edited twice: the later edit gets 409 naming who changed what', async () => {
    const id = await upload();
    const first = await as('annotator').post(`/api/scenes/${id}/edits`, edit('tab-A', 0, moveCuboid(12), 'Move cuboid'));
    expect(first.status).toBe(200);
    const second = await as('annotator2').post(`/api/scenes/${id}/edits`, edit('tab-B', 0, moveCuboid(15)));
    expect(second.status).toBe(409);
    const body = (await second.json()) as { error: string; conflicts: { path: string; revision: number; by: string }[]; revision: number };
    expect(body.conflicts).toHaveLength(1);
    expect(body.conflicts[0]).toMatchObject({ path: '$.annotations.l0.a1', revision: 1, by: team.users.annotator.name });
    expect(body.error).toContain(team.users.annotator.name);
    expect(body.revision).toBe(1);
    const now = await sceneNow(id);
    expect(now.revision).toBe(1);
    const a1 = now.scene.annotations.l0.a1;
    expect(a1.kind === 'cuboid' && a1.center.x).toBe(12);
    // made on top of revision 1, the same change lands
    const redo = await as('annotator2').post(`/api/scenes/${id}/edits`, edit('tab-B', 1, moveCuboid(15)));
    expect(redo.status).toBe(200);
  });

  it('a resend of an acknowledged editId returns the same revision and applies once', async () => {
    const id = await upload();
    const e = edit('tab-A', 0, [{ op: 'replace', path: ['objects', 'o1', 'name'], value: 'Car once' }]);
    const a = (await (await as('annotator').post(`/api/scenes/${id}/edits`, e)).json()) as { revision: number };
    const other = await as('annotator2').post(`/api/scenes/${id}/edits`, edit('tab-B', 1, [{ op: 'replace', path: ['objects', 'o3', 'name'], value: 'Van' }]));
    expect(other.status).toBe(200);
    const again = await as('annotator').post(`/api/scenes/${id}/edits`, e);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ revision: a.revision, rebased: false, duplicate: true });
    const log = (await (await as('annotator').get(`/api/scenes/${id}/edits?since=0`)).json()) as { revision: number; edits: { editId: string }[] };
    expect(log.revision).toBe(2);
    expect(log.edits.filter((x) => x.editId === e.editId)).toHaveLength(1);
  });

  it('an edit that would make the scene invalid gets 422 naming the path, and nothing is written', async () => {
    const id = await upload();
    const res = await as('annotator').post(`/api/scenes/${id}/edits`, edit('tab-A', 0, [{ op: 'replace', path: ['objects', 'o1', 'classId'], value: 'unicorn' }]));
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: string; issues: { path: string }[] };
    expect(body.issues[0].path).toBe('$.objects.o1.classId');
    expect(body.error).toContain('$.objects.o1.classId');
    const bad = await as('annotator').post(`/api/scenes/${id}/edits`, edit('tab-A', 0, [{ op: 'remove', path: ['objects', 'nope', 'name'] }]));
    expect(bad.status).toBe(422);
    const log = (await (await as('annotator').get(`/api/scenes/${id}/edits?since=0`)).json()) as { revision: number; edits: unknown[] };
    expect(log).toEqual({ revision: 0, edits: [] });
    expect((await sceneNow(id)).scene.objects.o1.classId).toBe('car');
  });

  it('malformed bodies are 400: prototype paths, a base revision from the future, not JSON', async () => {
    const id = await upload();
    const proto = await as('annotator').post(`/api/scenes/${id}/edits`, edit('tab-A', 0, [{ op: 'add', path: ['__proto__', 'x'], value: 1 }]));
    expect(proto.status).toBe(400);
    const future = await as('annotator').post(`/api/scenes/${id}/edits`, edit('tab-A', 7, moveCuboid(3)));
    expect(future.status).toBe(400);
    expect(((await future.json()) as { error: string }).error).toMatch(/ahead of the scene/);
    const notJson = await as('annotator').post(`/api/scenes/${id}/edits`, '{nope');
    expect(notJson.status).toBe(400);
  });

  it('roles: reviewers write review data only, annotators not the taxonomy, outsiders nothing', async () => {
    const id = await upload();
    const review = { item: 'a1', object: 'o1', decision: 'comment', comment: 'cuboid too short', reviewer: team.users.reviewer.name, at: '2026-01-02T03:04:05Z' };
    const ok = await as('reviewer').post(`/api/scenes/${id}/edits`, edit('tab-R', 0, [{ op: 'add', path: ['qa', 'reviews', 0], value: review }]));
    expect(ok.status).toBe(200);
    const no = await as('reviewer').post(`/api/scenes/${id}/edits`, edit('tab-R', 1, moveCuboid(4)));
    expect(no.status).toBe(403);
    expect(((await no.json()) as { error: string }).error).toMatch(/reviewer may only write review data.*\$\.annotations\.l0\.a1/);
    const tax = await as('annotator').post(`/api/scenes/${id}/edits`, edit('tab-A', 1, [{ op: 'replace', path: ['taxonomy', 'name'], value: 'Mine' }]));
    expect(tax.status).toBe(403);
    const outsider = await as('outsider').post(`/api/scenes/${id}/edits`, edit('tab-O', 1, moveCuboid(4)));
    expect(outsider.status).toBe(404);
    const noCsrf = await app.request(`/api/scenes/${id}/edits`, {
      method: 'POST',
      headers: { cookie: `cl_session=${team.users.annotator.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(edit('tab-A', 1, moveCuboid(4))),
    });
    expect(noCsrf.status).toBe(403);
    expect((await sceneNow(id)).revision).toBe(1);
  });
});

describe('history', () => {
  it("lists who moved an object's cuboid, when and with which label", async () => {
    const id = await upload();
    await as('annotator').post(`/api/scenes/${id}/edits`, edit('tab-A', 0, moveCuboid(12), 'Move cuboid'));
    await as('annotator2').post(`/api/scenes/${id}/edits`, edit('tab-B', 1, [{ op: 'replace', path: ['objects', 'o3', 'name'], value: 'Van' }], 'Rename'));
    await as('annotator2').post(`/api/scenes/${id}/edits`, edit('tab-B', 2, moveCuboid(13), 'Move cuboid'));
    const res = await as('reviewer').get(`/api/scenes/${id}/history?object=o1`);
    expect(res.status).toBe(200);
    const h = (await res.json()) as { object: string; edits: { revision: number; by: string; at: string; label: string; paths: string[] }[] };
    expect(h.edits.map((e) => [e.revision, e.by, e.label])).toEqual([
      [1, team.users.annotator.name, 'Move cuboid'],
      [3, team.users.annotator2.name, 'Move cuboid'],
    ]);
    expect(h.edits[0].paths).toEqual(['$.annotations.l0.a1']);
    expect(Number.isNaN(Date.parse(h.edits[0].at))).toBe(false);
    const o3 = (await (await as('reviewer').get(`/api/scenes/${id}/history?object=o3`)).json()) as { edits: { revision: number }[] };
    expect(o3.edits.map((e) => e.revision)).toEqual([2]);
    expect((await as('reviewer').get(`/api/scenes/${id}/history`)).status).toBe(400);
    // ?patches=N: the newest N entries carry the patches exactly as they were sent, the older ones none
    const withValues = (await (await as('reviewer').get(`/api/scenes/${id}/history?object=o1&patches=1`)).json()) as { edits: { revision: number; patches?: unknown }[] };
    expect(withValues.edits.map((e) => e.revision)).toEqual([1, 3]);
    expect(withValues.edits[0].patches).toBeUndefined();
    expect(withValues.edits[1].patches).toEqual(moveCuboid(13));
    expect((await as('reviewer').get(`/api/scenes/${id}/history?object=o1&patches=-1`)).status).toBe(400);
    expect((await as('reviewer').get(`/api/scenes/${id}/history?object=o1&patches=501`)).status).toBe(400);
  });
});

describe('cold reads', () => {
  it('an instance that never saw the scene reads it from the snapshot and the log', async () => {
    const id = await upload();
    for (let i = 1; i <= 7; i++) {
      const r = await as('annotator').post(`/api/scenes/${id}/edits`, edit('tab-A', i - 1, moveCuboid(10 + i)));
      expect(r.status).toBe(200);
    }
    // A second app has a cold cache: it reads the snapshot and replays the tail.
    const cold = createApp({ db, config });
    const got = (await (await client(cold, team.users.manager).get(`/api/scenes/${id}`)).json()) as { revision: number; scene: Scene };
    expect(got.revision).toBe(7);
    const a1 = got.scene.annotations.l0.a1;
    expect(a1.kind === 'cuboid' && a1.center.x).toBe(17);
  });
});

describe('event stream', () => {
  it('resumes after Last-Event-ID and sends only the edits after it', async () => {
    const id = await upload();
    for (let i = 1; i <= 3; i++) await as('annotator').post(`/api/scenes/${id}/edits`, edit('tab-A', i - 1, moveCuboid(i)));
    const res = await as('annotator2').get(`/api/scenes/${id}/events`, { 'last-event-id': '1' });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const s = sseReader(res.body!);
    const hello = await s.next((e) => e.event === 'hello');
    expect(JSON.parse(hello.data).revision).toBe(1);
    expect((await s.next((e) => e.event === 'edit')).id).toBe('2');
    expect((await s.next((e) => e.event === 'edit')).id).toBe('3');
    await s.cancel();
  });

  it('an edit through instance 1 reaches an event-stream client of instance 2 (one database)', async () => {
    // Two instances: on PGlite two apps over the one Db; on PostgreSQL a second pool (its own LISTEN connection).
    const second = await openSecondInstanceDb(db);
    const one = createApp({ db, config });
    const two = createApp({ db: second.db, config });
    try {
      const id = await upload();
      const res = await client(two, team.users.annotator2).get(`/api/scenes/${id}/events`);
      const s = sseReader(res.body!);
      await s.next((e) => e.event === 'hello');
      const sent = await client(one, team.users.annotator).post(`/api/scenes/${id}/edits`, edit('tab-A', 0, moveCuboid(21), 'Move cuboid'));
      expect(sent.status).toBe(200);
      const got = await s.next((e) => e.event === 'edit');
      expect(got.id).toBe('1');
      const e = JSON.parse(got.data) as { by: string; clientId: string; patches: Patch[] };
      expect(e.by).toBe(team.users.annotator.name);
      expect(e.clientId).toBe('tab-A');
      expect(e.patches).toEqual(moveCuboid(21));
      await s.cancel();
    } finally {
      await second.close();
    }
  });
});

describe('kill-safety', () => {
  /** A database whose transactions fail at the very end (as if the connection died before COMMIT): everything in them rolls back. */
  function failingAtCommit(inner: Db): Db {
    return {
      ...inner,
      kind: inner.kind,
      query: inner.query.bind(inner),
      listen: inner.listen.bind(inner),
      notify: inner.notify.bind(inner),
      close: inner.close.bind(inner),
      transaction: (fn) =>
        inner.transaction(async (tx) => {
          await fn(tx);
          throw new Error('connection lost before COMMIT');
        }),
    };
  }

  it('an edit is acknowledged only after COMMIT: a failed commit answers 500, leaves no trace, and the resend lands once', async () => {
    const id = await upload();
    const flaky = createApp({ db: failingAtCommit(db), config });
    const watcher = sseReader((await as('reviewer').get(`/api/scenes/${id}/events`)).body!);
    await watcher.next((e) => e.event === 'hello');
    const e = edit('tab-A', 0, moveCuboid(30), 'Move cuboid');
    const quiet = console.error;
    console.error = () => {};
    let res: Response;
    try {
      res = await client(flaky, team.users.annotator).post(`/api/scenes/${id}/edits`, e);
    } finally {
      console.error = quiet;
    }
    expect(res.status).toBe(500);
    // nothing in the log, the scene as it was (also through the flaky instance's own cache), no event
    expect(((await (await as('manager').get(`/api/scenes/${id}/edits?since=0`)).json()) as { edits: unknown[] }).edits).toEqual([]);
    const seen = (await (await client(flaky, team.users.manager).get(`/api/scenes/${id}`)).json()) as { revision: number; scene: Scene };
    expect(seen.revision).toBe(0);
    const a1 = seen.scene.annotations.l0.a1;
    expect(a1.kind === 'cuboid' && a1.center.x).toBe(10);
    await expect(watcher.next((x) => x.event === 'edit', 300)).rejects.toThrow(/in time/);
    // the client resends the unacknowledged edit to a healthy instance: it lands exactly once
    const again = await as('annotator').post(`/api/scenes/${id}/edits`, e);
    expect(await again.json()).toEqual({ revision: 1, rebased: false });
    expect((await watcher.next((x) => x.event === 'edit')).id).toBe('1');
    await watcher.cancel();
  });
});
