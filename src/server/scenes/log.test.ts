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

/** `inner` with a record of its transactions' commits, and of answers, in the order they happened. */
function watched(inner: Db): { db: Db; events: string[] } {
  const events: string[] = [];
  const db: Db = {
    ...inner,
    kind: inner.kind,
    async transaction(fn) {
      const r = await inner.transaction(fn);
      events.push('commit');
      return r;
    },
  };
  return { db, events };
}
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

  it('concurrent appends share transactions (group commit), each answered on its own after its COMMIT', async () => {
    const { db: counted, events } = watched(db);
    const log = new SceneLog(counted, { snapshotEvery: 5 });
    const row = await log.create(team.projectId, makeTestScene(), alice);
    const acks = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        log.append(row.id, alice, req(`tab-${i}`, 0, [{ op: 'add', path: ['objects', 'o1', 'attributes', `k${i}`], value: i }])).then((a) => {
          events.push('ack');
          return a;
        }),
      ),
    );
    expect(acks.map((a) => (a.status === 200 ? a.ack.revision : a.status))).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    // the first append found no transaction running and went alone; the other 11 waited and went together
    expect(events).toEqual(['commit', 'ack', 'commit', ...Array(11).fill('ack')]);
    // the group crossed 5 edits since the last snapshot: the snapshot is at its last revision
    expect((await log.row(row.id))!.snapshotRevision).toBe(12);
    const cold = await new SceneLog(db).read(row.id);
    expect(cold!.scene).toEqual(replay(JSON.parse(JSON.stringify(makeTestScene())), await log.since(row.id, 0)));
    expect(Object.keys(cold!.scene.objects.o1.attributes).filter((k) => k.startsWith('k'))).toHaveLength(12);
  });

  it('edits of one group are judged against each other as if sent one by one', async () => {
    const { db: counted, events } = watched(db);
    const log = new SceneLog(counted);
    const row = await log.create(team.projectId, makeTestScene(), alice);
    const carol: Author = { id: team.users.manager.id, name: team.users.manager.name };
    const first = log.append(row.id, alice, req('A', 0, rename('o2', 'alone'))); // runs alone; the rest queue behind it
    const a = req('B', 0, rename('o1', 'by bob'));
    const group = await Promise.all([
      log.append(row.id, bob, a),
      log.append(row.id, carol, req('C', 0, rename('o1', 'by carol'))), // the same field as a, made on the same base
      log.append(row.id, alice, req('A', 1, [{ op: 'replace', path: ['objects', 'o3', 'classId'], value: 'unicorn' }])),
      log.append(row.id, bob, a), // a resend of a while a is still in flight
      log.append(row.id, alice, req('A', 1, rename('o3', 'fine'))),
    ]);
    expect((await first).status).toBe(200);
    expect(events.filter((e) => e === 'commit')).toHaveLength(2);
    const [bobs, carols, invalid, resent, fine] = group;
    expect(bobs).toEqual({ status: 200, ack: { revision: 2, rebased: true } });
    expect(carols.status).toBe(409);
    expect(carols.status === 409 && carols.conflicts.map((c) => [c.revision, c.by, c.path])).toEqual([[2, bob.name, '$.objects.o1.name']]);
    expect(invalid.status).toBe(422);
    expect(invalid.status === 422 && invalid.revision).toBe(2);
    expect(resent).toEqual({ status: 200, ack: { revision: 2, rebased: true, duplicate: true } });
    expect(fine).toEqual({ status: 200, ack: { revision: 3, rebased: true } });
    const logged = await log.since(row.id, 0);
    expect(logged.map((e) => [e.revision, e.by])).toEqual([[1, alice.name], [2, bob.name], [3, alice.name]]);
    expect((await new SceneLog(db).read(row.id))!.scene.objects.o3).toMatchObject({ name: 'fine', classId: 'van' });
    // the conflict's time is the logged edit's
    expect(carols.status === 409 && carols.conflicts[0].at).toBe(logged[1].at);
  });

  it('a conflict reads the same from the cached tail of the log as from the log itself', async () => {
    // snapshots every 2 edits: a cold instance starts from the snapshot at 4 and must read the log for base 1
    const warm = new SceneLog(db, { snapshotEvery: 2 });
    const row = await warm.create(team.projectId, makeTestScene(), alice);
    for (let i = 1; i <= 4; i++) expect((await warm.append(row.id, alice, { ...req('A', i - 1, rename('o1', `v${i}`)), label: `rename ${i}` })).status).toBe(200);
    const late = req('B', 1, [...rename('o1', 'late'), ...rename('o2', 'late too')]);
    const fromTail = await warm.append(row.id, bob, late);
    const fromLog = await new SceneLog(db, { snapshotEvery: 2 }).append(row.id, bob, late);
    expect(fromTail.status).toBe(409);
    expect(fromTail).toEqual(fromLog);
    expect(fromTail.status === 409 && fromTail.conflicts.map((c) => [c.revision, c.label])).toEqual([
      [2, 'rename 2'],
      [3, 'rename 3'],
      [4, 'rename 4'],
    ]);
  });

  it('an edit the database refuses fails alone; the rest of its group lands', async () => {
    const log = new SceneLog(db);
    const row = await log.create(team.projectId, makeTestScene(), alice);
    const first = log.append(row.id, alice, req('A', 0, rename('o1', 'one')));
    // PostgreSQL text cannot hold U+0000: the insert of this edit fails in the database
    const results = await Promise.allSettled([
      log.append(row.id, alice, req('A', 1, rename('o2', 'two'))),
      log.append(row.id, bob, { ...req('B', 0, rename('o3', 'bad')), label: 'nul \u0000 here' }),
      log.append(row.id, alice, req('A', 1, rename('o1', 'three'))),
    ]);
    expect((await first).status).toBe(200);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results.map((r) => (r.status === 'fulfilled' && r.value.status === 200 ? r.value.ack.revision : 0))).toEqual([2, 0, 3]);
    expect((await log.since(row.id, 0)).map((e) => e.revision)).toEqual([1, 2, 3]);
    expect((await log.row(row.id))!.revision).toBe(3);
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
