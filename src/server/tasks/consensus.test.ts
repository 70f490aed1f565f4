/** Consensus assignments: one source scene, an independent copy and a task per annotator. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestScene } from '../../core/commands/testScene';
import type { Scene } from '../../core/schema/scene';
import { testServer, type TestClient, type TestServer } from '../http/testing';

let t: TestServer;
let mgr: TestClient;
let ann: TestClient;
let ann2: TestClient;
let project: string;
let source: string;
const ids: Record<string, string> = {};

interface Consensus {
  sourceId: string;
  sourceRevision: number;
  copies: { sceneId: string; name: string; assignee: string; task: { id: string; sceneId: string; assignee: string; state: string; title: string } }[];
}

const rename = (value: string) => ({ editId: randomUUID(), clientId: 'test', baseRevision: 0, patches: [{ op: 'replace', path: ['objects', 'o1', 'name'], value }] });

beforeAll(async () => {
  t = await testServer();
  mgr = await t.signIn('cons-mgr');
  ann = await t.signIn('cons-ann');
  ann2 = await t.signIn('cons-ann2');
  for (const n of ['cons-ann3', 'cons-rev']) await t.user(n);
  for (const [n, c] of [['ann', ann], ['ann2', ann2]] as const) ids[n] = c.user!.id;
  ids.ann3 = (await t.user('cons-ann3')).id;
  ids.rev = (await t.user('cons-rev')).id;
  project = (await mgr.json<{ project: { id: string } }>(mgr.post('/api/projects', { name: 'Consensus' }), 201)).project.id;
  for (const [n, role] of [['cons-ann', 'annotator'], ['cons-ann2', 'annotator'], ['cons-ann3', 'annotator'], ['cons-rev', 'reviewer']])
    await mgr.json(mgr.post(`/api/projects/${project}/members`, { name: n, role }), 201);
  source = (await mgr.json<{ id: string }>(mgr.post(`/api/projects/${project}/scenes`, { scene: makeTestScene(), name: 'street' }), 201)).id;
  // one edit on the source first: the copies start from its current revision, not from the upload
  await mgr.json(mgr.post(`/api/scenes/${source}/edits`, rename('Edited before copying')));
});
afterAll(() => t.close());

describe('POST /api/projects/:id/consensus', () => {
  it('gives each annotator an independent copy of the source at its current revision, with a task on it', async () => {
    const res = await mgr.json<Consensus>(mgr.post(`/api/projects/${project}/consensus`, { sceneId: source, assignees: [ids.ann, ids.ann2], title: 'Overlap 1' }), 201);
    expect(res.sourceRevision).toBe(1);
    expect(res.copies.map((c) => c.assignee)).toEqual([ids.ann, ids.ann2]);
    expect(res.copies.map((c) => c.name)).toEqual(['street · cons-ann', 'street · cons-ann2']);
    const [a, b] = res.copies;
    expect(new Set([a.sceneId, b.sceneId, source]).size).toBe(3);
    for (const c of res.copies) expect(c.task).toMatchObject({ sceneId: c.sceneId, assignee: c.assignee, state: 'todo', title: 'Overlap 1' });

    const src = await mgr.json<{ scene: Scene }>(mgr.get(`/api/scenes/${source}`));
    const copyA = await ann.json<{ scene: Scene; revision: number; projectId: string }>(ann.get(`/api/scenes/${a.sceneId}`));
    expect(copyA.revision).toBe(0);
    expect(copyA.projectId).toBe(project);
    expect(copyA.scene).toEqual(src.scene); // the same document, taxonomy included
    expect(copyA.scene.objects.o1.name).toBe('Edited before copying');

    // independent: an edit to one copy reaches neither the other copy nor the source
    await ann.json(ann.post(`/api/scenes/${a.sceneId}/edits`, rename('Only in A')));
    expect((await ann2.json<{ scene: Scene }>(ann2.get(`/api/scenes/${b.sceneId}`))).scene.objects.o1.name).toBe('Edited before copying');
    expect((await mgr.json<{ scene: Scene }>(mgr.get(`/api/scenes/${source}`))).scene.objects.o1.name).toBe('Edited before copying');

    // each annotator sees their own task on their own copy
    const mine = await ann.json<{ tasks: { sceneId: string }[] }>(ann.get('/api/tasks/mine'));
    expect(mine.tasks.map((x) => x.sceneId)).toEqual([a.sceneId]);

    const { rows } = await t.db.query<{ scene_id: string; source_id: string; source_revision: number }>(
      'select scene_id, source_id, source_revision from scene_copies where source_id = $1 order by created_at, scene_id',
      [source],
    );
    expect(rows.map((r) => [r.source_id, r.source_revision]).sort()).toEqual([
      [source, 1],
      [source, 1],
    ]);
  });

  it('refuses fewer than 2 annotators, repeats, non-members, reviewers, foreign scenes, copies and second copies for one person', async () => {
    const post = (body: unknown) => mgr.post(`/api/projects/${project}/consensus`, body);
    const error = async (body: unknown, status: number) => {
      const r = await post(body);
      expect(r.status).toBe(status);
      return ((await r.json()) as { error: string }).error;
    };
    expect(await error({ sceneId: source, assignees: [ids.ann3] }, 400)).toMatch(/body\.assignees: a consensus assignment needs at least 2 annotators/);
    expect(await error({ sceneId: source, assignees: [ids.ann3, ids.ann3] }, 400)).toMatch(/only once/);
    const outsider = (await t.user('cons-outsider')).id;
    expect(await error({ sceneId: source, assignees: [ids.ann3, outsider] }, 400)).toMatch(/is not a member of this project/);
    expect(await error({ sceneId: source, assignees: [ids.ann3, ids.rev] }, 400)).toMatch(/cons-rev is a reviewer/);
    const other = (await mgr.json<{ project: { id: string } }>(mgr.post('/api/projects', { name: 'Other' }), 201)).project.id;
    const foreign = (await mgr.json<{ id: string }>(mgr.post(`/api/projects/${other}/scenes`, { scene: makeTestScene() }), 201)).id;
    expect(await error({ sceneId: foreign, assignees: [ids.ann3, ids.ann2] }, 400)).toMatch(/is not a scene of this project/);
    const made = await mgr.json<Consensus>(post({ sceneId: source, assignees: [ids.ann3, mgr.user!.id] }), 201);
    expect(await error({ sceneId: made.copies[0].sceneId, assignees: [ids.ann, ids.ann2] }, 400)).toMatch(/is itself a consensus copy/);
    expect(await error({ sceneId: source, assignees: [ids.ann, ids.ann3] }, 409)).toMatch(/cons-ann, cons-ann3 already have a copy of this scene/);
    // nothing half-made: the refused requests left no scenes behind
    const { rows } = await t.db.query<{ n: number }>('select count(*)::int as n from scenes where project_id = $1', [project]);
    expect(rows[0].n).toBe(1 + 2 + 2);
  });
});

describe('tasks on consensus copies', () => {
  it('refuses (409) to reassign a copy’s task, or add a task on a copy, for someone who holds another copy of that source', async () => {
    const src2 = (await mgr.json<{ id: string }>(mgr.post(`/api/projects/${project}/scenes`, { scene: makeTestScene(), name: 'crossing' }), 201)).id;
    const made = await mgr.json<Consensus>(mgr.post(`/api/projects/${project}/consensus`, { sceneId: src2, assignees: [ids.ann, ids.ann2] }), 201);
    const [a, b] = made.copies;
    const patch = (task: string, assignee: string) => mgr.patch(`/api/tasks/${task}`, { assignee });

    const r = await patch(b.task.id, ids.ann);
    expect(r.status).toBe(409);
    expect(((await r.json()) as { error: string }).error).toMatch(/cons-ann already has a consensus copy of scene "crossing"/);
    expect((await mgr.json<{ task: { assignee: string } }>(mgr.get(`/api/tasks/${b.task.id}`))).task.assignee).toBe(ids.ann2); // unchanged

    // to someone without a copy of it: fine; then that person cannot get a task on the other copy too
    expect((await mgr.json<{ task: { assignee: string } }>(patch(b.task.id, ids.ann3))).task.assignee).toBe(ids.ann3);
    const second = await mgr.post(`/api/projects/${project}/tasks`, { sceneId: a.sceneId, assignee: ids.ann3 });
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: string }).error).toMatch(/cons-ann3 already has a consensus copy of scene "crossing"/);
    // re-sending a task's own assignee, or giving the source itself to a copy holder, is not a second copy
    expect((await mgr.json<{ task: { assignee: string } }>(patch(a.task.id, ids.ann))).task.assignee).toBe(ids.ann);
    await mgr.json(mgr.post(`/api/projects/${project}/tasks`, { sceneId: src2, assignee: ids.ann }), 201);
  });
});

describe('who sees a consensus copy', () => {
  it('its assignee, reviewers and managers; another annotator gets 403 on it and does not see it listed', async () => {
    const src3 = (await mgr.json<{ id: string }>(mgr.post(`/api/projects/${project}/scenes`, { scene: makeTestScene(), name: 'junction' }), 201)).id;
    const made = await mgr.json<Consensus>(mgr.post(`/api/projects/${project}/consensus`, { sceneId: src3, assignees: [ids.ann, ids.ann2] }), 201);
    const [a, b] = made.copies;
    const r = await ann2.get(`/api/scenes/${a.sceneId}`);
    expect(r.status).toBe(403);
    expect(((await r.json()) as { error: string }).error).toMatch(/another annotator's consensus copy/);
    expect((await ann2.post(`/api/scenes/${a.sceneId}/edits`, rename('Peeking'))).status).toBe(403);
    expect((await ann2.get(`/api/scenes/${a.sceneId}/edits?since=0`)).status).toBe(403);
    expect((await mgr.json<{ scene: Scene }>(mgr.get(`/api/scenes/${a.sceneId}`))).scene.objects.o1.name).not.toBe('Peeking');

    const listed = async (c: TestClient) => new Set((await c.json<{ scenes: { id: string }[] }>(c.get(`/api/projects/${project}/scenes`))).scenes.map((x) => x.id));
    const seen2 = await listed(ann2);
    expect(seen2.has(src3)).toBe(true); // sources are ordinary scenes
    expect(seen2.has(b.sceneId)).toBe(true);
    expect(seen2.has(a.sceneId)).toBe(false);
    const seenMgr = await listed(mgr);
    for (const id of [src3, a.sceneId, b.sceneId]) expect(seenMgr.has(id)).toBe(true);
  });
});
