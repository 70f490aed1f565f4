/**
 * The scene log at the database level (no HTTP): snapshots every N edits, caches of two instances
 * over one database, and refusals leaving no row behind. PGlite; PostgreSQL with TEST_POSTGRES=1.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Patch } from 'immer';
import { makeTestScene } from '../../core/commands/testScene';
import { replay } from '../../core/sync';
import type { Db } from '../db/db';
import { SceneLog, type Author } from './log';
import { makeTeam, openTestDb, type Team } from './testTeam';

let db: Db;
let team: Team;
let alice: Author;
let bob: Author;

beforeAll(async () => {
  db = await openTestDb();
  team = await makeTeam(db, 'log');
  alice = { id: team.users.annotator.id, name: team.users.annotator.name };
  bob = { id: team.users.annotator2.id, name: team.users.annotator2.name };
}, 180_000);
afterAll(async () => {
  await db?.close();
});

const rename = (object: string, name: string): Patch[] => [{ op: 'replace', path: ['objects', object, 'name'], value: name }];
const req = (clientId: string, baseRevision: number, patches: Patch[]) => ({ editId: randomUUID(), clientId, baseRevision, patches });

describe('SceneLog', () => {
  it('rewrites the snapshot every N edits; a cold read (snapshot + tail) equals the whole log replayed', async () => {
    const log = new SceneLog(db, { snapshotEvery: 3 });
    const row = await log.create(team.projectId, makeTestScene(), alice);
    for (let i = 1; i <= 7; i++) expect((await log.append(row.id, alice, req('A', i - 1, rename('o1', `Car v${i}`)))).status).toBe(200);
    const after = await log.row(row.id);
    expect([after!.revision, after!.snapshotRevision]).toEqual([7, 6]);
    const cold = await new SceneLog(db).read(row.id);
    expect(cold!.revision).toBe(7);
    expect(cold!.scene.objects.o1.name).toBe('Car v7');
    const all = await log.since(row.id, 0);
    expect(all.map((e) => e.revision)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(cold!.scene).toEqual(replay(JSON.parse(JSON.stringify(makeTestScene())), all));
  });

  it('two instances over one database: each sees the other\'s edits, whatever its cache holds', async () => {
    const one = new SceneLog(db);
    const two = new SceneLog(db);
    const row = await one.create(team.projectId, makeTestScene(), alice);
    await two.read(row.id); // two caches revision 0
    expect((await one.append(row.id, alice, req('A', 0, rename('o1', 'by one')))).status).toBe(200);
    // two's cache is stale (revision 0); its append must rebase over revision 1, not overwrite it
    const r = await two.append(row.id, bob, req('B', 0, rename('o3', 'by two')));
    expect(r).toEqual({ status: 200, ack: { revision: 2, rebased: true } });
    for (const log of [one, two]) {
      const now = await log.read(row.id);
      expect([now!.revision, now!.scene.objects.o1.name, now!.scene.objects.o3.name]).toEqual([2, 'by one', 'by two']);
    }
    // and a conflict is found even when the earlier edit came through the other instance
    const c = await two.append(row.id, bob, req('B', 0, rename('o1', 'clash')));
    expect(c.status).toBe(409);
    expect(c.status === 409 && c.conflicts.map((x) => [x.revision, x.by])).toEqual([[1, alice.name]]);
  });

  it('a burst of concurrent appends through two instances: each lands once, revisions 1..N without gaps', async () => {
    const one = new SceneLog(db);
    const two = new SceneLog(db);
    const row = await one.create(team.projectId, makeTestScene(), alice);
    // 16 clients at once, all on revision 0, each writing its own attribute of o1 (different fields: no conflict)
    const edits = Array.from({ length: 16 }, (_, i) => ({ log: i % 2 ? two : one, who: i % 2 ? bob : alice, e: req(`tab-${i}`, 0, [{ op: 'add', path: ['objects', 'o1', 'attributes', `k${i}`], value: i }]) }));
    const acks = await Promise.all(edits.map(({ log, who, e }) => log.append(row.id, who, e)));
    expect(acks.every((a) => a.status === 200)).toBe(true);
    const revisions = acks.map((a) => (a.status === 200 ? a.ack.revision : -1)).sort((a, b) => a - b);
    expect(revisions).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    const now = await two.read(row.id);
    expect(now!.revision).toBe(16);
    expect(Object.keys(now!.scene.objects.o1.attributes).filter((k) => k.startsWith('k')).sort()).toEqual(Array.from({ length: 16 }, (_, i) => `k${i}`).sort());
    // the log's order is the order of application: each edit's revision matches its position
    expect((await one.since(row.id, 0)).map((e) => e.revision)).toEqual(revisions);
  });

  it('refusals write nothing: no edit row, no object-history row, the revision unchanged', async () => {
    const log = new SceneLog(db);
    const row = await log.create(team.projectId, makeTestScene(), alice);
    expect((await log.append(row.id, alice, req('A', 0, rename('o1', 'ok')))).status).toBe(200);
    expect((await log.append(row.id, bob, req('B', 0, rename('o1', 'clash')))).status).toBe(409);
    expect((await log.append(row.id, bob, req('B', 1, [{ op: 'replace', path: ['objects', 'o1', 'classId'], value: 'unicorn' }]))).status).toBe(422);
    const count = async (table: string) => (await db.query<{ n: number }>(`select count(*)::int as n from ${table} where scene_id = $1`, [row.id])).rows[0].n;
    expect([await count('scene_edits'), await count('scene_edit_objects'), (await log.row(row.id))!.revision]).toEqual([1, 1, 1]);
    expect((await log.history(row.id, 'o1')).map((h) => h.revision)).toEqual([1]);
  });

  it('an unknown scene is 404; an edit id reused by another user is refused', async () => {
    const log = new SceneLog(db);
    expect((await log.append(randomUUID(), alice, req('A', 0, rename('o1', 'x')))).status).toBe(404);
    const row = await log.create(team.projectId, makeTestScene(), alice);
    const e = req('A', 0, rename('o1', 'x'));
    expect((await log.append(row.id, alice, e)).status).toBe(200);
    const stolen = await log.append(row.id, bob, { ...e, clientId: 'B' });
    expect(stolen.status).toBe(409);
    expect(stolen.status === 409 && stolen.error).toMatch(/already used by another user/);
  });
});
