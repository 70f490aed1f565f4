/**
 * The team pages' client (api.ts, team.ts) against the real server app in-process: sign-in keeps
 * the CSRF token and state-changing calls carry it; errors carry the server's message; the task
 * queue lists my tasks and the submitted tasks a reviewer may take, with the moves the server
 * allows; a rejection's per-object comments reach the annotator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestScene } from '../core/commands/testScene';
import { testServer, TEST_PASSWORD, type TestServer } from '../server/http/testing';
import { TeamApi, TeamApiError } from './api';
import { latestRejection, loadQueue, moveTask } from './team';

let t: TestServer;
let projectId: string;
let sceneId: string;
let taskId: string;

/** A TeamApi over the in-process app with a one-cookie jar, as a browser would keep it. */
function browserApi(): TeamApi {
  let cookie: string | undefined;
  return new TeamApi('', async (url, init) => {
    const headers = new Headers(init?.headers);
    if (cookie) headers.set('cookie', cookie);
    const res = await t.app.request(url, { ...init, headers });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0];
    return res;
  });
}

beforeAll(async () => {
  t = await testServer();
  const manager = await t.signIn('manager');
  for (const n of ['ann', 'rev']) await t.user(n);
  projectId = (await manager.json<{ project: { id: string } }>(manager.post('/api/projects', { name: 'Street' }), 201)).project.id;
  await manager.json(manager.post(`/api/projects/${projectId}/members`, { name: 'ann', role: 'annotator' }), 201);
  await manager.json(manager.post(`/api/projects/${projectId}/members`, { name: 'rev', role: 'reviewer' }), 201);
  sceneId = (await manager.json<{ id: string }>(manager.post(`/api/projects/${projectId}/scenes`, { scene: makeTestScene(), name: 'street' }), 201)).id;
  const ann = await t.user('ann');
  taskId = (await manager.json<{ task: { id: string } }>(manager.post(`/api/projects/${projectId}/tasks`, { sceneId, title: 'Label it', assignee: ann.id }), 201)).task.id;
}, 180_000);
afterAll(async () => {
  await t?.close();
});

describe('team api client', () => {
  it('signs in, keeps the CSRF token, and reports wrong passwords with the server message', async () => {
    const api = browserApi();
    const err = await api.login('ann', 'wrong password').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TeamApiError);
    expect((err as TeamApiError).status).toBe(401);
    expect((err as TeamApiError).message).toBe('wrong user name or password');
    expect(await api.me()).toBeUndefined();
    const user = await api.login('ann', TEST_PASSWORD);
    expect(user.name).toBe('ann');
    expect(api.csrfToken).toMatch(/.{16,}/);
    expect((await api.me())?.name).toBe('ann');
    // a state-changing call without the token is refused: the client's token is what makes it pass
    const token = api.csrfToken;
    api.csrfToken = undefined;
    expect(((await api.post('/api/auth/logout').catch((e: unknown) => e)) as TeamApiError).status).toBe(403);
    api.csrfToken = token;
    await api.logout();
    expect(await api.me()).toBeUndefined();
  });

  it('no answer at all is an offline error (status 0)', async () => {
    const api = new TeamApi('http://127.0.0.1:9', () => Promise.reject(new TypeError('Failed to fetch')));
    const e = (await api.get('/api/tasks/mine').catch((x: unknown) => x)) as TeamApiError;
    expect(e.offline).toBe(true);
    expect(e.message).toMatch(/does not answer: Failed to fetch/);
    expect(await api.health()).toBe(false);
  });

  it('runs the review loop: queue, moves, a rejection with an object comment the annotator sees', async () => {
    const ann = browserApi();
    const rev = browserApi();
    await ann.login('ann', TEST_PASSWORD);
    await rev.login('rev', TEST_PASSWORD);
    let q = await loadQueue(ann);
    expect(q.map((d) => [d.task.title, d.task.state, d.task.projectName, d.moves.map((m) => m.name)])).toEqual([['Label it', 'todo', 'Street', ['start']]]);
    expect(await loadQueue(rev)).toEqual([]); // nothing submitted yet
    await moveTask(ann, taskId, 'in_progress');
    await moveTask(ann, taskId, 'submitted');
    q = await loadQueue(rev);
    expect(q.map((d) => [d.task.id, d.moves.map((m) => m.name)])).toEqual([[taskId, ['take for review']]]);
    await moveTask(rev, taskId, 'in_review');
    expect((await loadQueue(rev)).map((d) => d.moves.map((m) => m.name))).toEqual([['accept', 'reject']]);
    await moveTask(rev, taskId, 'rejected', [{ object: 'o1', comment: 'the cuboid is too short' }]);
    const mine = (await loadQueue(ann)).find((d) => d.task.id === taskId)!;
    expect(mine.task.state).toBe('rejected');
    expect(mine.moves.map((m) => m.name)).toEqual(['resume']);
    expect(latestRejection(mine)).toMatchObject({ by: 'rev', comments: [{ object: 'o1', comment: 'the cuboid is too short' }] });
    // an annotator cannot accept: the server says why
    const e = (await moveTask(ann, taskId, 'accepted').catch((x: unknown) => x)) as TeamApiError;
    expect(e.status).toBe(409);
  });
});
