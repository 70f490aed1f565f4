/**
 * Group commit judges "ahead of the scene" against the revision the group began at: an edit that
 * arrived before the group committed cannot have seen a revision the group itself makes. PGlite.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Patch } from 'immer';
import { makeTestScene } from '../../core/commands/testScene';
import type { Db } from '../db/db';
import { SceneLog, type Author } from './log';
import { makeTeam, openTestDb } from './testTeam';

let db: Db;
let alice: Author;
let projectId: string;

beforeAll(async () => {
  db = await openTestDb();
  const team = await makeTeam(db, 'log group base');
  alice = { id: team.users.annotator.id, name: team.users.annotator.name };
  projectId = team.projectId;
}, 180_000);
afterAll(async () => {
  await db?.close();
});

const rename = (object: string, name: string): Patch[] => [{ op: 'replace', path: ['objects', object, 'name'], value: name }];
const req = (baseRevision: number, patches: Patch[]) => ({ editId: randomUUID(), clientId: 'A', baseRevision, patches });

it('an edit whose base is a revision made earlier in its own group is refused as ahead of the scene', async () => {
  const log = new SceneLog(db);
  const row = await log.create(projectId, makeTestScene(), alice);
  // the first append opens a transaction alone; the next two arrive during it and form one group
  const [first, inGroup, ahead] = await Promise.all([
    log.append(row.id, alice, req(0, rename('o1', 'one'))),
    log.append(row.id, alice, req(1, rename('o2', 'two'))), // revision 1 exists when this group begins
    log.append(row.id, alice, req(2, rename('o3', 'three'))), // revision 2 is made by this same group
  ]);
  expect(first.status).toBe(200);
  expect(inGroup.status).toBe(200);
  expect(ahead.status).toBe(400);
  expect((ahead as { error: string }).error).toMatch(/baseRevision 2 is ahead of the scene \(revision 1\)/);
  expect((await log.read(row.id))!.revision).toBe(2);
});
