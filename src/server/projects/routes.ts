/**
 * Projects and members.
 *   POST   /api/projects                       any signed-in user; the creator becomes its manager
 *   GET    /api/projects                       the projects I am a member of
 *   GET    /api/projects/:id                   members
 *   PATCH  /api/projects/:id                   managers: {name?, reviewRate?}
 *   PUT    /api/projects/:id/taxonomy          managers: core's Taxonomy; its version must increase
 *   GET    /api/projects/:id/members           members
 *   POST   /api/projects/:id/members           managers: {name, role}
 *   PUT    /api/projects/:id/members/:userId   managers: {role}
 *   DELETE /api/projects/:id/members/:userId   managers
 *   GET    /api/projects/:id/stats             managers: the project page (stats.ts): progress, QA finding
 *                                              rates, agreement of consensus copies, throughput per person.
 *                                              Managers only — it ranks people, which reviewers need not see.
 * A project always keeps at least one manager.
 */
import { randomInt } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { DEFAULT_TAXONOMY } from '../../core/schema/defaultTaxonomy';
import { Taxonomy } from '../../core/schema/taxonomy';
import type { Transaction } from '../db/db';
import { HttpError, ProjectRole, authorize, type AppEnv } from '../http/context';
import { jsonBody } from '../http/validate';
import { projectStats } from './stats';
import { createProject, getProject, managerCount, membersOf, projectsOf, updateProject } from './store';

const ReviewRate = z.number().gt(0, 'the review rate is a share in (0, 1]').lte(1, 'the review rate is a share in (0, 1]');
const NewProject = z.object({ name: z.string().trim().min(1).max(200), taxonomy: Taxonomy.optional(), reviewRate: ReviewRate.optional() });
const ProjectPatch = z.object({ name: z.string().trim().min(1).max(200).optional(), reviewRate: ReviewRate.optional() });
const NewMember = z.object({ name: z.string().min(1), role: ProjectRole });
const RoleChange = z.object({ role: ProjectRole });

export function projectRoutes() {
  const r = new Hono<AppEnv>();

  r.post('/projects', async (c) => {
    const body = await jsonBody(c, NewProject);
    const { db } = c.get('deps');
    const project = await db.transaction((tx) =>
      createProject(tx, c.get('user').id, {
        name: body.name,
        taxonomy: body.taxonomy ?? DEFAULT_TAXONOMY,
        reviewRate: body.reviewRate ?? 0.1,
        reviewSeed: randomInt(0, 2 ** 31 - 1),
      }),
    );
    return c.json({ project, role: 'manager' }, 201);
  });

  r.get('/projects', async (c) => c.json({ projects: await projectsOf(c.get('deps').db, c.get('user').id) }));

  r.get('/projects/:id', async (c) => {
    const role = await authorize(c, c.req.param('id'));
    const project = await getProject(c.get('deps').db, c.req.param('id'));
    return c.json({ project, role });
  });

  r.patch('/projects/:id', async (c) => {
    const id = c.req.param('id');
    await authorize(c, id, ['manager']);
    const body = await jsonBody(c, ProjectPatch);
    return c.json({ project: await updateProject(c.get('deps').db, id, body) });
  });

  r.put('/projects/:id/taxonomy', async (c) => {
    const id = c.req.param('id');
    await authorize(c, id, ['manager']);
    const taxonomy = await jsonBody(c, Taxonomy);
    const project = await c.get('deps').db.transaction(async (tx) => {
      const current = await getProject(tx, id, { forUpdate: true });
      if (!current) throw new HttpError(404, 'no such project');
      if (taxonomy.version <= current.taxonomy.version)
        throw new HttpError(409, `the taxonomy's version must increase: the project has version ${current.taxonomy.version}, this is ${taxonomy.version}`);
      return updateProject(tx, id, { taxonomy });
    });
    return c.json({ project });
  });

  r.get('/projects/:id/stats', async (c) => {
    const id = c.req.param('id');
    await authorize(c, id, ['manager']);
    return c.json(await projectStats(c.get('deps').db, id));
  });

  r.get('/projects/:id/members', async (c) => {
    await authorize(c, c.req.param('id'));
    return c.json({ members: await membersOf(c.get('deps').db, c.req.param('id')) });
  });

  r.post('/projects/:id/members', async (c) => {
    const id = c.req.param('id');
    await authorize(c, id, ['manager']);
    const { name, role } = await jsonBody(c, NewMember);
    const { db } = c.get('deps');
    const { rows: users } = await db.query<{ id: string }>('select id from users where name = $1', [name]);
    if (!users[0]) throw new HttpError(404, `no user named "${name}" (create the account first: POST /api/users)`);
    const { rows } = await db.query(
      'insert into members (project_id, user_id, role) values ($1, $2, $3) on conflict (project_id, user_id) do nothing returning user_id',
      [id, users[0].id, role],
    );
    if (rows.length === 0) throw new HttpError(409, `"${name}" is already a member of this project`);
    const member = (await membersOf(db, id)).find((m) => m.userId === users[0].id);
    return c.json({ member }, 201);
  });

  r.put('/projects/:id/members/:userId', async (c) => {
    const { id, userId } = c.req.param();
    await authorize(c, id, ['manager']);
    const { role } = await jsonBody(c, RoleChange);
    const member = await c.get('deps').db.transaction(async (tx) => {
      const current = await lockMember(tx, id, userId);
      if (current === 'manager' && role !== 'manager') await keepOneManager(tx, id, 'change the role of');
      await tx.query('update members set role = $3 where project_id = $1 and user_id = $2', [id, userId, role]);
      return (await membersOf(tx, id)).find((m) => m.userId === userId);
    });
    return c.json({ member });
  });

  r.delete('/projects/:id/members/:userId', async (c) => {
    const { id, userId } = c.req.param();
    await authorize(c, id, ['manager']);
    await c.get('deps').db.transaction(async (tx) => {
      const current = await lockMember(tx, id, userId);
      if (current === 'manager') await keepOneManager(tx, id, 'remove');
      await tx.query('delete from members where project_id = $1 and user_id = $2', [id, userId]);
    });
    return c.body(null, 204);
  });

  return r;
}

/** Locks the project's member rows (so two managers demoting each other cannot leave none) and returns this member's role. */
async function lockMember(tx: Transaction, projectId: string, userId: string) {
  const { rows } = await tx.query<{ user_id: string; role: string }>('select user_id, role from members where project_id = $1 for update', [projectId]);
  const row = rows.find((m) => m.user_id === userId);
  if (!row) throw new HttpError(404, 'no such member in this project');
  return row.role;
}

async function keepOneManager(tx: Transaction, projectId: string, verb: string) {
  if ((await managerCount(tx, projectId)) <= 1) throw new HttpError(409, `cannot ${verb} the project's last manager; make someone else a manager first`);
}
