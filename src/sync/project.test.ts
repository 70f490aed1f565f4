/**
 * The project page's client (project.ts) against the real server app in-process: only managed
 * projects are listed; a consensus assignment made through it creates the copies; the page data
 * offers the source, never a copy, as the start of another assignment; server refusals reach the
 * caller with their message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestScene } from '../core/commands/testScene';
import { testServer, TEST_PASSWORD, type TestServer } from '../server/http/testing';
import { TeamApi, TeamApiError } from './api';
import { canLabel, createConsensus, loadProjectPage, managedProjects } from './project';

let t: TestServer;
let projectId: string;
let sceneId: string;

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
  const manager = await t.signIn('pm');
  for (const n of ['pa1', 'pa2', 'prev']) await t.user(n);
  projectId = (await manager.json<{ project: { id: string } }>(manager.post('/api/projects', { name: 'Managed' }), 201)).project.id;
  for (const [n, role] of [['pa1', 'annotator'], ['pa2', 'annotator'], ['prev', 'reviewer']]) await manager.json(manager.post(`/api/projects/${projectId}/members`, { name: n, role }), 201);
  sceneId = (await manager.json<{ id: string }>(manager.post(`/api/projects/${projectId}/scenes`, { scene: makeTestScene(), name: 'street' }), 201)).id;
  // pa1 manages a project of their own: it must not make Managed theirs
  const pa1 = await t.logIn('pa1');
  await pa1.json(pa1.post('/api/projects', { name: 'Own' }), 201);
}, 180_000);
afterAll(async () => {
  await t?.close();
});

describe('project page client', () => {
  it('lists only the projects I manage', async () => {
    const api = browserApi();
    await api.login('pa1', TEST_PASSWORD);
    expect((await managedProjects(api)).map((p) => p.name)).toEqual(['Own']);
    const mgr = browserApi();
    await mgr.login('pm', TEST_PASSWORD);
    expect((await managedProjects(mgr)).map((p) => p.name)).toEqual(['Managed']);
  });

  it('creates a consensus assignment and loads the page: copies are not offered as sources', async () => {
    const api = browserApi();
    await api.login('pm', TEST_PASSWORD);
    let page = await loadProjectPage(api, projectId);
    expect(page.sources.map((s) => s.name)).toEqual(['street']);
    const labellers = page.members.filter(canLabel).map((m) => m.name);
    expect(labellers).toEqual(['pa1', 'pa2', 'pm']); // the reviewer cannot get a copy
    const ids = page.members.filter((m) => m.name === 'pa1' || m.name === 'pa2').map((m) => m.userId);
    const made = await createConsensus(api, projectId, sceneId, ids, 'Overlap');
    expect(made.copies.map((c) => c.name)).toEqual(['street · pa1', 'street · pa2']);
    page = await loadProjectPage(api, projectId);
    expect(page.sources.map((s) => s.id)).toEqual([sceneId]);
    expect(page.stats.progress.byState.todo).toBe(2);
    expect(page.stats.agreement.pendingCopies).toBe(2);
    const again = await createConsensus(api, projectId, sceneId, ids).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(TeamApiError);
    expect((again as TeamApiError).status).toBe(409);
    expect((again as TeamApiError).message).toBe('pa1, pa2 already have a copy of this scene');
  });

  it('an annotator asking for the page gets the server’s refusal', async () => {
    const api = browserApi();
    await api.login('pa2', TEST_PASSWORD);
    const err = await loadProjectPage(api, projectId).catch((e: unknown) => e);
    expect((err as TeamApiError).status).toBe(403);
    expect((err as TeamApiError).message).toMatch(/your role in this project is annotator; this needs manager/);
  });
});
