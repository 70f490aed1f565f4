/** Tasks through the routes: creation, the review workflow with comments, "my tasks", tier-2 sampling. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestScene } from '../../core/commands/testScene';
import { sampleForReview } from '../../core/qa/review/sample';
import { testServer, type TestClient, type TestServer } from '../http/testing';
import type { Task, TaskEvent } from './store';

let t: TestServer;
let mgr: TestClient, ann: TestClient, ann2: TestClient, rev: TestClient, rev2: TestClient;
let projectId: string;
let sceneId: string;

beforeAll(async () => {
  t = await testServer();
  [mgr, ann, ann2, rev, rev2] = await Promise.all(['tmgr', 'tann', 'tann2', 'trev', 'trev2'].map((n) => t.signIn(n)));
  projectId = (await mgr.json<{ project: { id: string } }>(mgr.post('/api/projects', { name: 'Tasks' }), 201)).project.id;
  for (const [name, role] of [['tann', 'annotator'], ['tann2', 'annotator'], ['trev', 'reviewer'], ['trev2', 'reviewer']])
    await mgr.json(mgr.post(`/api/projects/${projectId}/members`, { name, role }), 201);
  sceneId = (await mgr.json<{ id: string }>(mgr.post(`/api/projects/${projectId}/scenes`, makeTestScene()), 201)).id;
});
afterAll(() => t.close());

const createTask = async (body: Record<string, unknown> = {}) =>
  (await mgr.json<{ task: Task }>(mgr.post(`/api/projects/${projectId}/tasks`, { sceneId, assignee: ann.user!.id, ...body }), 201)).task;
const move = (who: TestClient, id: string, to: string, comments?: unknown) => who.post(`/api/tasks/${id}/transition`, comments ? { to, comments } : { to });
const moveOk = async (who: TestClient, id: string, to: string, comments?: unknown) => (await who.json<{ task: Task }>(move(who, id, to, comments))).task;

describe('creating tasks', () => {
  it('a manager creates a task on a scene of the project, a time range and sensors, assigned to an annotator', async () => {
    const task = await createTask({ title: 'First second', timeStart: 0, timeEnd: 1, sensors: ['cam', 'lidar'] });
    expect(task).toMatchObject({ projectId, sceneId, title: 'First second', timeStart: 0, timeEnd: 1, sensors: ['cam', 'lidar'], state: 'todo', assignee: ann.user!.id, assigneeName: 'tann' });
  });

  it('refuses a scene of no (or another) project, a reviewer or outsider as assignee, and an inverted range', async () => {
    const foreign = await mgr.post(`/api/projects/${projectId}/tasks`, { sceneId: 'not-a-scene' });
    expect(foreign.status).toBe(400);
    expect(((await foreign.json()) as { error: string }).error).toMatch(/scene not-a-scene is not a scene of this project/);
    const toReviewer = await mgr.post(`/api/projects/${projectId}/tasks`, { sceneId, assignee: rev.user!.id });
    expect(toReviewer.status).toBe(400);
    expect(((await toReviewer.json()) as { error: string }).error).toMatch(/is a reviewer/);
    const stranger = await t.user('stranger');
    expect((await mgr.post(`/api/projects/${projectId}/tasks`, { sceneId, assignee: stranger.id })).status).toBe(400);
    const inverted = await mgr.post(`/api/projects/${projectId}/tasks`, { sceneId, timeStart: 2, timeEnd: 1 });
    expect(inverted.status).toBe(400);
    expect(((await inverted.json()) as { error: string }).error).toMatch(/body\.timeEnd: timeStart must not be after timeEnd/);
  });
});

describe('the review workflow', () => {
  it('start, submit, take, reject with per-object comments, resume, resubmit, accept — with the history', async () => {
    const task = await createTask();
    expect((await moveOk(ann, task.id, 'in_progress')).state).toBe('in_progress');
    expect((await moveOk(ann, task.id, 'submitted')).state).toBe('submitted');
    const taken = await moveOk(rev, task.id, 'in_review');
    expect(taken).toMatchObject({ state: 'in_review', reviewer: rev.user!.id, reviewerName: 'trev' });
    const noComment = await move(rev, task.id, 'rejected');
    expect(noComment.status).toBe(400);
    const comments = [{ object: 'o1', comment: 'the cuboid is 30 cm too long' }, { comment: 'check frame c1 too' }];
    expect((await moveOk(rev, task.id, 'rejected', comments)).state).toBe('rejected');

    // The annotator sees the comments on their task.
    const seen = await ann.json<{ task: Task; history: TaskEvent[]; moves: { to: string }[] }>(ann.get(`/api/tasks/${task.id}`));
    expect(seen.task.state).toBe('rejected');
    expect(seen.moves).toEqual([{ to: 'in_progress', name: 'resume' }]);
    const rejection = seen.history.find((e) => e.to === 'rejected')!;
    expect(rejection).toMatchObject({ from: 'in_review', by: rev.user!.id, byName: 'trev', comments });

    await moveOk(ann, task.id, 'in_progress');
    await moveOk(ann, task.id, 'submitted');
    await moveOk(rev, task.id, 'in_review');
    expect((await moveOk(rev, task.id, 'accepted')).state).toBe('accepted');
    const done = await mgr.json<{ history: TaskEvent[] }>(mgr.get(`/api/tasks/${task.id}`));
    expect(done.history.map((e) => e.to)).toEqual(['todo', 'in_progress', 'submitted', 'in_review', 'rejected', 'in_progress', 'submitted', 'in_review', 'accepted']);
  });

  it('an annotator cannot accept their own task; a second reviewer cannot decide another’s review; illegal moves are 409', async () => {
    const task = await createTask();
    await moveOk(ann, task.id, 'in_progress');
    await moveOk(ann, task.id, 'submitted');
    expect((await move(ann, task.id, 'in_review')).status).toBe(403);
    expect((await move(ann, task.id, 'accepted')).status).toBe(409); // not in review yet
    await moveOk(rev, task.id, 'in_review');
    const own = await move(ann, task.id, 'accepted');
    expect(own.status).toBe(403);
    expect(((await own.json()) as { error: string }).error).toMatch(/own task/);
    expect((await move(ann2, task.id, 'accepted')).status).toBe(403);
    expect((await move(rev2, task.id, 'accepted')).status).toBe(403);
    expect((await move(rev, task.id, 'todo')).status).toBe(409);
    const state = await mgr.json<{ task: Task }>(mgr.get(`/api/tasks/${task.id}`));
    expect(state.task.state).toBe('in_review');
  });

  it('a manager reassigns; the old assignee can no longer move it, the new one can', async () => {
    const task = await createTask();
    const { task: moved } = await mgr.json<{ task: Task }>(mgr.patch(`/api/tasks/${task.id}`, { assignee: ann2.user!.id }));
    expect(moved.assignee).toBe(ann2.user!.id);
    expect((await move(ann, task.id, 'in_progress')).status).toBe(403);
    expect((await moveOk(ann2, task.id, 'in_progress')).state).toBe('in_progress');
    const { history } = await mgr.json<{ history: TaskEvent[] }>(mgr.get(`/api/tasks/${task.id}`));
    expect(history.map((e) => [e.from, e.to, e.assignee])).toEqual([
      [null, 'todo', ann.user!.id],
      ['todo', 'todo', ann2.user!.id],
      ['todo', 'in_progress', null],
    ]);
    expect((await mgr.patch(`/api/tasks/${task.id}`, { assignee: rev.user!.id })).status).toBe(400);
  });

  it('GET /api/tasks/mine lists my assigned tasks and the ones I am reviewing', async () => {
    const a = await createTask({ title: 'mine-a' });
    await moveOk(ann, a.id, 'in_progress');
    await moveOk(ann, a.id, 'submitted');
    await moveOk(rev2, a.id, 'in_review');
    const mineAnn = await ann.json<{ tasks: (Task & { projectName: string })[] }>(ann.get('/api/tasks/mine'));
    expect(mineAnn.tasks.map((x) => x.id)).toContain(a.id);
    expect(mineAnn.tasks.every((x) => x.assignee === ann.user!.id)).toBe(true);
    expect(mineAnn.tasks[0].projectName).toBe('Tasks');
    const mineRev = await rev2.json<{ tasks: Task[] }>(rev2.get('/api/tasks/mine'));
    expect(mineRev.tasks.map((x) => x.id)).toEqual([a.id]);
  });

  it('lists a project’s tasks by state and assignee; an annotator sees only their own', async () => {
    const mine = await createTask({ title: 'list-ann' });
    const theirs = await createTask({ title: 'list-ann2', assignee: ann2.user!.id });
    const all = await mgr.json<{ tasks: Task[] }>(mgr.get(`/api/projects/${projectId}/tasks?assignee=${ann2.user!.id}`));
    expect(all.tasks.map((x) => x.id)).toContain(theirs.id);
    expect(all.tasks.every((x) => x.assignee === ann2.user!.id)).toBe(true);
    const annView = await ann.json<{ tasks: Task[] }>(ann.get(`/api/projects/${projectId}/tasks?state=todo`));
    expect(annView.tasks.map((x) => x.id)).toContain(mine.id);
    expect(annView.tasks.map((x) => x.id)).not.toContain(theirs.id);
    expect(annView.tasks.every((x) => x.state === 'todo' && x.assignee === ann.user!.id)).toBe(true);
    expect((await ann.get(`/api/projects/${projectId}/tasks?assignee=${ann2.user!.id}`)).status).toBe(403);
    expect((await ann.get(`/api/tasks/${theirs.id}`)).status).toBe(403);
    expect((await mgr.get(`/api/projects/${projectId}/tasks?state=bogus`)).status).toBe(400);
  });
});

describe('tier-2 review sampling', () => {
  it('draws the project’s rate of newly submitted tasks with core’s seeded sampler, and never redraws them', async () => {
    const p = (await mgr.json<{ project: { id: string; reviewSeed: number } }>(mgr.post('/api/projects', { name: 'Sampled', reviewRate: 0.1 }), 201)).project;
    await mgr.json(mgr.post(`/api/projects/${p.id}/members`, { name: 'tann', role: 'annotator' }), 201);
    await mgr.json(mgr.post(`/api/projects/${p.id}/members`, { name: 'trev', role: 'reviewer' }), 201);
    const scene = (await mgr.json<{ id: string }>(mgr.post(`/api/projects/${p.id}/scenes`, makeTestScene()), 201)).id;
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const task = (await mgr.json<{ task: Task }>(mgr.post(`/api/projects/${p.id}/tasks`, { sceneId: scene, assignee: ann.user!.id }), 201)).task;
      await moveOk(ann, task.id, 'in_progress');
      await moveOk(ann, task.id, 'submitted');
      ids.push(task.id);
    }
    const first = await rev.json<{ draw: { considered: number; sampled: string[]; seed: number }; tasks: Task[] }>(rev.post(`/api/projects/${p.id}/review-sample`));
    // ceil(0.1 × 20) = 2 tasks, exactly the ones core's sampler picks from the ids in order with draw 0's seed.
    expect(first.draw.considered).toBe(20);
    expect(first.draw.seed).toBe(p.reviewSeed);
    expect(first.draw.sampled).toEqual(sampleForReview([...ids].sort(), 0.1, p.reviewSeed));
    expect(first.draw.sampled).toHaveLength(2);
    expect(first.tasks.map((x) => x.id).sort()).toEqual([...first.draw.sampled].sort());

    // A second draw finds nothing new: drawn tasks keep their outcome.
    const again = await rev.json<{ draw: { considered: number }; tasks: Task[] }>(rev.post(`/api/projects/${p.id}/review-sample`));
    expect(again.draw.considered).toBe(0);
    expect(again.tasks.map((x) => x.id).sort()).toEqual([...first.draw.sampled].sort());

    // Taking a sampled task out of `submitted` removes it from the queue.
    await moveOk(rev, first.draw.sampled[0], 'in_review');
    const queue = await mgr.json<{ tasks: Task[] }>(mgr.get(`/api/projects/${p.id}/review-sample`));
    expect(queue.tasks.map((x) => x.id)).toEqual([first.draw.sampled[1]]);
    expect((await ann.get(`/api/projects/${p.id}/review-sample`)).status).toBe(403);
  }, 120000);
});
