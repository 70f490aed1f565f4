/** Projects, taxonomy versions and members through the routes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TAXONOMY } from '../../core/schema/defaultTaxonomy';
import { testServer, type TestClient, type TestServer } from '../http/testing';

let t: TestServer;
let mgr: TestClient;
beforeAll(async () => {
  t = await testServer();
  mgr = await t.signIn('mia');
});
afterAll(() => t.close());

interface ProjectOut {
  id: string;
  name: string;
  reviewRate: number;
  taxonomy: typeof DEFAULT_TAXONOMY;
}

const newProject = async (name = 'Street scenes', extra: Record<string, unknown> = {}) =>
  (await mgr.json<{ project: ProjectOut; role: string }>(mgr.post('/api/projects', { name, ...extra }), 201)).project;

describe('projects', () => {
  it('the creator becomes its manager; it starts on the default taxonomy and a 0.1 review rate', async () => {
    const p = await newProject();
    expect(p.taxonomy).toEqual(DEFAULT_TAXONOMY);
    expect(p.reviewRate).toBe(0.1);
    const got = await mgr.json<{ project: ProjectOut; role: string }>(mgr.get(`/api/projects/${p.id}`));
    expect(got.role).toBe('manager');
    expect(got.project.name).toBe('Street scenes');
    const members = await mgr.json<{ members: { name: string; role: string }[] }>(mgr.get(`/api/projects/${p.id}/members`));
    expect(members.members.map((m) => [m.name, m.role])).toEqual([['mia', 'manager']]);
  });

  it('lists only my projects, with my role and the taxonomy version', async () => {
    const p = await newProject('Mine');
    const other = await t.signIn('otto');
    await other.json(other.post('/api/projects', { name: 'Not Mia’s' }), 201);
    const mine = await mgr.json<{ projects: { id: string; name: string; role: string; taxonomyVersion: number }[] }>(mgr.get('/api/projects'));
    expect(mine.projects.map((x) => x.name)).not.toContain('Not Mia’s');
    expect(mine.projects.find((x) => x.id === p.id)).toMatchObject({ role: 'manager', taxonomyVersion: DEFAULT_TAXONOMY.version });
  });

  it('validates the body: name required, review rate in (0, 1], taxonomy by core’s schema', async () => {
    const noName = await mgr.post('/api/projects', {});
    expect(noName.status).toBe(400);
    expect(((await noName.json()) as { error: string }).error).toMatch(/^body\.name/);
    expect((await mgr.post('/api/projects', { name: 'x', reviewRate: 0 })).status).toBe(400);
    expect((await mgr.post('/api/projects', { name: 'x', reviewRate: 1.5 })).status).toBe(400);
    const dup = { ...DEFAULT_TAXONOMY, classes: [DEFAULT_TAXONOMY.classes[0], DEFAULT_TAXONOMY.classes[0]] };
    const bad = await mgr.post('/api/projects', { name: 'x', taxonomy: dup });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/body\.taxonomy\.classes\.1\.id: duplicate class id "car"/);
  });

  it('PATCH changes the name and review rate', async () => {
    const p = await newProject('Old name');
    const { project } = await mgr.json<{ project: ProjectOut }>(mgr.patch(`/api/projects/${p.id}`, { name: 'New name', reviewRate: 0.25 }));
    expect(project).toMatchObject({ name: 'New name', reviewRate: 0.25 });
  });
});

describe('taxonomy', () => {
  it('replaces the taxonomy when its version increases, refuses the same or a lower version (409)', async () => {
    const p = await newProject();
    const v2 = { ...DEFAULT_TAXONOMY, version: 2, classes: DEFAULT_TAXONOMY.classes.filter((c) => c.id !== 'tram') };
    const { project } = await mgr.json<{ project: ProjectOut }>(mgr.put(`/api/projects/${p.id}/taxonomy`, v2));
    expect(project.taxonomy.version).toBe(2);
    expect(project.taxonomy.classes.map((c) => c.id)).not.toContain('tram');
    const same = await mgr.put(`/api/projects/${p.id}/taxonomy`, v2);
    expect(same.status).toBe(409);
    expect(((await same.json()) as { error: string }).error).toMatch(/must increase: the project has version 2, this is 2/);
    expect((await mgr.put(`/api/projects/${p.id}/taxonomy`, { ...v2, version: 1 })).status).toBe(409);
    const invalid = await mgr.put(`/api/projects/${p.id}/taxonomy`, { ...v2, version: 3, name: '' });
    expect(invalid.status).toBe(400);
    const after = await mgr.json<{ project: ProjectOut }>(mgr.get(`/api/projects/${p.id}`));
    expect(after.project.taxonomy.version).toBe(2);
  });
});

describe('members', () => {
  it('a manager adds members by name with a role, changes roles and removes them', async () => {
    const p = await newProject();
    const nina = await t.user('nina');
    const added = await mgr.json<{ member: { userId: string; role: string } }>(mgr.post(`/api/projects/${p.id}/members`, { name: 'nina', role: 'annotator' }), 201);
    expect(added.member).toMatchObject({ userId: nina.id, role: 'annotator' });
    const dup = await mgr.post(`/api/projects/${p.id}/members`, { name: 'nina', role: 'reviewer' });
    expect(dup.status).toBe(409);
    const ghost = await mgr.post(`/api/projects/${p.id}/members`, { name: 'no-such-person', role: 'reviewer' });
    expect(ghost.status).toBe(404);
    expect(((await ghost.json()) as { error: string }).error).toMatch(/no user named "no-such-person"/);
    expect((await mgr.post(`/api/projects/${p.id}/members`, { name: 'nina', role: 'boss' })).status).toBe(400);
    const changed = await mgr.json<{ member: { role: string } }>(mgr.put(`/api/projects/${p.id}/members/${nina.id}`, { role: 'reviewer' }));
    expect(changed.member.role).toBe('reviewer');
    const ninaClient = await t.logIn('nina');
    expect((await ninaClient.json<{ role: string }>(ninaClient.get(`/api/projects/${p.id}`))).role).toBe('reviewer');
    expect((await mgr.delete(`/api/projects/${p.id}/members/${nina.id}`)).status).toBe(204);
    expect((await ninaClient.get(`/api/projects/${p.id}`)).status).toBe(404);
    expect((await mgr.delete(`/api/projects/${p.id}/members/${nina.id}`)).status).toBe(404);
  });

  it('never leaves a project without a manager', async () => {
    const p = await newProject();
    const me = mgr.user!.id;
    const demote = await mgr.put(`/api/projects/${p.id}/members/${me}`, { role: 'annotator' });
    expect(demote.status).toBe(409);
    expect(((await demote.json()) as { error: string }).error).toMatch(/last manager/);
    expect((await mgr.delete(`/api/projects/${p.id}/members/${me}`)).status).toBe(409);
    await t.user('oleg');
    await mgr.json(mgr.post(`/api/projects/${p.id}/members`, { name: 'oleg', role: 'manager' }), 201);
    expect((await mgr.put(`/api/projects/${p.id}/members/${me}`, { role: 'annotator' })).status).toBe(200);
  });
});
