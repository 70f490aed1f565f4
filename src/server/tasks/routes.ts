/**
 * Tasks.
 *   POST   /api/projects/:id/tasks             managers: {sceneId, title?, timeStart?, timeEnd?, sensors?, assignee?}
 *   POST   /api/projects/:id/consensus         managers: {sceneId, assignees: [≥ 2 user ids], title?} → one
 *                                              independent copy of the scene and one task per assignee (consensus.ts)
 *   GET    /api/projects/:id/tasks             members (?assignee=&state=); an annotator sees only their own
 *   GET    /api/projects/:id/review-sample     reviewers, managers: the tier-2 queue (sampled, still submitted)
 *   POST   /api/projects/:id/review-sample     reviewers, managers: draw from newly submitted tasks
 *   GET    /api/tasks/mine                     my assigned tasks and the ones I am reviewing
 *   GET    /api/tasks/:id                      the task, its history (with review comments) and my possible moves
 *   PATCH  /api/tasks/:id                      managers: {assignee?, title?} (assign / reassign)
 *   DELETE /api/tasks/:id                      managers
 *   POST   /api/tasks/:id/transition           {to, comments?}: the workflow of core/tasks/workflow.ts
 * A task id of a project the user is not a member of answers 404 "no such task", like an unknown id.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { ReviewComment, TaskState, allowedMoves, canBeAssigned, transition } from '../../core/tasks/workflow';
import type { Queryable } from '../db/db';
import { HttpError, authorize, roleOf, type AppContext, type AppEnv, type Role } from '../http/context';
import { jsonBody, parseWith } from '../http/validate';
import { ConsensusBody, createConsensus, refuseSecondCopy } from './consensus';
import { drawReviewSample } from './reviewSample';
import { addEvent, eventsOf, getTask, insertTask, listTasks, lockTask, notifyTask, tasksOf, type Task } from './store';

const NO_SUCH_TASK = 'no such task';

const NewTaskBody = z
  .object({
    sceneId: z.string().min(1).max(200),
    title: z.string().trim().min(1).max(200).optional(),
    timeStart: z.number().finite().optional(),
    timeEnd: z.number().finite().optional(),
    sensors: z.array(z.string().min(1)).min(1).max(100).optional(),
    assignee: z.string().min(1).optional(),
  })
  .refine((t) => t.timeStart === undefined || t.timeEnd === undefined || t.timeStart <= t.timeEnd, {
    message: 'timeStart must not be after timeEnd',
    path: ['timeEnd'],
  });
const TaskPatch = z.object({ assignee: z.string().min(1).nullable().optional(), title: z.string().trim().min(1).max(200).nullable().optional() });
const TransitionBody = z.object({ to: TaskState, comments: z.array(ReviewComment).max(500).optional() });
const ListQuery = z.object({ assignee: z.string().min(1).optional(), state: TaskState.optional() });

export function taskRoutes() {
  const r = new Hono<AppEnv>();

  r.post('/projects/:id/tasks', async (c) => {
    const projectId = c.req.param('id');
    await authorize(c, projectId, ['manager']);
    const body = await jsonBody(c, NewTaskBody);
    const { db } = c.get('deps');
    const task = await db.transaction(async (tx) => {
      await checkScene(tx, projectId, body.sceneId);
      if (body.assignee) {
        await checkAssignee(tx, projectId, body.assignee);
        await refuseSecondCopy(tx, body.sceneId, body.assignee);
      }
      const t = await insertTask(tx, projectId, c.get('user').id, body);
      await notifyTask(tx, t);
      return t;
    });
    return c.json({ task }, 201);
  });

  r.post('/projects/:id/consensus', async (c) => {
    const projectId = c.req.param('id');
    await authorize(c, projectId, ['manager']);
    const body = await jsonBody(c, ConsensusBody);
    return c.json(await createConsensus(c.get('deps').db, projectId, c.get('user').id, body), 201);
  });

  r.get('/projects/:id/tasks', async (c) => {
    const projectId = c.req.param('id');
    const role = await authorize(c, projectId);
    const q = parseWith(ListQuery, c.req.query(), 'query');
    const me = c.get('user').id;
    if (role === 'annotator' && q.assignee && q.assignee !== me) throw new HttpError(403, "an annotator sees only their own tasks");
    const assignee = role === 'annotator' ? me : q.assignee;
    return c.json({ tasks: await listTasks(c.get('deps').db, projectId, { assignee, state: q.state }) });
  });

  r.get('/projects/:id/review-sample', async (c) => {
    const projectId = c.req.param('id');
    await authorize(c, projectId, ['reviewer', 'manager']);
    const tasks = (await listTasks(c.get('deps').db, projectId, { state: 'submitted' })).filter((t) => t.reviewSample === true);
    return c.json({ tasks });
  });

  r.post('/projects/:id/review-sample', async (c) => {
    const projectId = c.req.param('id');
    await authorize(c, projectId, ['reviewer', 'manager']);
    const { db } = c.get('deps');
    const draw = await db.transaction((tx) => drawReviewSample(tx, projectId));
    const tasks = (await listTasks(db, projectId, { state: 'submitted' })).filter((t) => t.reviewSample === true);
    return c.json({ draw, tasks });
  });

  r.get('/tasks/mine', async (c) => c.json({ tasks: await tasksOf(c.get('deps').db, c.get('user').id) }));

  r.get('/tasks/:id', async (c) => {
    const { task, role } = await readableTask(c);
    const { db } = c.get('deps');
    const me = { userId: c.get('user').id, role };
    return c.json({ task, role, history: await eventsOf(db, task.id), moves: allowedMoves(task, me) });
  });

  r.patch('/tasks/:id', async (c) => {
    const id = c.req.param('id');
    const body = await jsonBody(c, TaskPatch);
    const me = c.get('user').id;
    const task = await c.get('deps').db.transaction(async (tx) => {
      const row = await lockTask(tx, id);
      await requireRole(c, tx, row?.project_id, ['manager']);
      if (body.assignee !== undefined && body.assignee !== row.assignee) {
        if (row.state === 'accepted') throw new HttpError(409, 'an accepted task cannot be reassigned');
        if (body.assignee !== null) {
          await checkAssignee(tx, row.project_id, body.assignee);
          const { rows: scene } = await tx.query<{ scene_id: string }>('select scene_id from tasks where id = $1', [id]);
          await refuseSecondCopy(tx, scene[0].scene_id, body.assignee, id);
        }
        await tx.query('update tasks set assignee = $2, updated_at = now() where id = $1', [id, body.assignee]);
        await addEvent(tx, id, { from: row.state, to: row.state, by: me, assignee: body.assignee });
      }
      if (body.title !== undefined) await tx.query('update tasks set title = $2, updated_at = now() where id = $1', [id, body.title]);
      const t = (await getTask(tx, id))!;
      await notifyTask(tx, t);
      return t;
    });
    return c.json({ task });
  });

  r.delete('/tasks/:id', async (c) => {
    const id = c.req.param('id');
    await c.get('deps').db.transaction(async (tx) => {
      const row = await lockTask(tx, id);
      await requireRole(c, tx, row?.project_id, ['manager']);
      await tx.query('delete from tasks where id = $1', [id]);
    });
    return c.body(null, 204);
  });

  r.post('/tasks/:id/transition', async (c) => {
    const id = c.req.param('id');
    const body = await jsonBody(c, TransitionBody);
    const me = c.get('user').id;
    const task = await c.get('deps').db.transaction(async (tx) => {
      const row = await lockTask(tx, id);
      const role = await requireRole(c, tx, row?.project_id);
      const result = transition(row, { userId: me, role }, body.to, body.comments);
      if (!result.ok) throw new HttpError(result.status, result.error);
      await tx.query('update tasks set state = $2, reviewer = $3, updated_at = now() where id = $1', [id, result.state, result.reviewer]);
      await addEvent(tx, id, { from: row.state, to: result.state, by: me, comments: body.comments });
      const t = (await getTask(tx, id))!;
      await notifyTask(tx, t);
      return t;
    });
    return c.json({ task });
  });

  return r;
}

/** The task when the user may read it: members; an annotator only their own (403 otherwise). */
async function readableTask(c: AppContext): Promise<{ task: Task; role: Role }> {
  const { db } = c.get('deps');
  const task = await getTask(db, c.req.param('id') ?? '');
  const role = await requireRole(c, db, task?.projectId);
  if (role === 'annotator' && task!.assignee !== c.get('user').id) throw new HttpError(403, 'an annotator sees only their own tasks');
  return { task: task!, role };
}

/**
 * The user's role in the task's project (`projectId` undefined: no such task). Checked on `db`,
 * which inside a transaction is the transaction, so the check and the change see the same rows.
 */
async function requireRole(c: AppContext, db: Queryable, projectId: string | undefined, roles?: readonly Role[]): Promise<Role> {
  const role = projectId ? await roleOf(db, projectId, c.get('user').id) : undefined;
  if (!role) throw new HttpError(404, NO_SUCH_TASK);
  if (roles && !roles.includes(role)) throw new HttpError(403, `your role in this project is ${role}; this needs ${roles.join(' or ')}`);
  return role;
}

/** The assignee must be a member who labels (annotator or manager). */
async function checkAssignee(db: Queryable, projectId: string, userId: string): Promise<void> {
  const role = await roleOf(db, projectId, userId);
  if (!role) throw new HttpError(400, `assignee ${userId} is not a member of this project`);
  if (!canBeAssigned(role)) throw new HttpError(400, `assignee ${userId} is a ${role}; tasks go to annotators or managers`);
}

/**
 * The scene must belong to the project. Scenes live in H's `scenes` table (migration 010); until
 * that migration exists the check is skipped.
 */
async function checkScene(db: Queryable, projectId: string, sceneId: string): Promise<void> {
  const { rows: t } = await db.query<{ ok: boolean }>(`select to_regclass('scenes') is not null as ok`);
  if (!t[0].ok) return;
  const { rows } = await db.query('select 1 from scenes where id = $1 and project_id = $2', [sceneId, projectId]);
  if (rows.length === 0) throw new HttpError(400, `scene ${sceneId} is not a scene of this project`);
}
