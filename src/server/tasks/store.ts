/** Tasks and their event history in the database. Routes authorise first; these only read and write. */
import type { Queryable } from '../db/db';
import type { ReviewComment, TaskEvent, TaskState } from '../../core/tasks/workflow';

export type { TaskEvent };

export interface Task {
  id: string;
  projectId: string;
  sceneId: string;
  title: string | null;
  /** Scene-clock seconds; null = from the start / to the end. */
  timeStart: number | null;
  timeEnd: number | null;
  /** Sensor ids the task covers; null = all. */
  sensors: string[] | null;
  state: TaskState;
  assignee: string | null;
  assigneeName: string | null;
  reviewer: string | null;
  reviewerName: string | null;
  /** Tier-2 review sample: null = not drawn yet. */
  reviewSample: boolean | null;
  createdAt: string;
  updatedAt: string;
}

interface TaskRow {
  id: string;
  project_id: string;
  scene_id: string;
  title: string | null;
  time_start: number | null;
  time_end: number | null;
  sensors: string[] | null;
  state: TaskState;
  assignee: string | null;
  assignee_name: string | null;
  reviewer: string | null;
  reviewer_name: string | null;
  review_sample: boolean | null;
  created_at: Date;
  updated_at: Date;
}

const SELECT = `select t.id, t.project_id, t.scene_id, t.title, t.time_start, t.time_end, t.sensors, t.state,
  t.assignee, a.name as assignee_name, t.reviewer, r.name as reviewer_name, t.review_sample, t.created_at, t.updated_at
  from tasks t left join users a on a.id = t.assignee left join users r on r.id = t.reviewer`;

function toTask(r: TaskRow): Task {
  return {
    id: r.id,
    projectId: r.project_id,
    sceneId: r.scene_id,
    title: r.title,
    timeStart: r.time_start,
    timeEnd: r.time_end,
    sensors: r.sensors,
    state: r.state,
    assignee: r.assignee,
    assigneeName: r.assignee_name,
    reviewer: r.reviewer,
    reviewerName: r.reviewer_name,
    reviewSample: r.review_sample,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export interface NewTask {
  sceneId: string;
  title?: string;
  timeStart?: number;
  timeEnd?: number;
  sensors?: string[];
  assignee?: string;
}

export async function insertTask(tx: Queryable, projectId: string, by: string, t: NewTask): Promise<Task> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into tasks (project_id, scene_id, title, time_start, time_end, sensors, assignee, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [projectId, t.sceneId, t.title ?? null, t.timeStart ?? null, t.timeEnd ?? null, t.sensors ?? null, t.assignee ?? null, by],
  );
  await addEvent(tx, rows[0].id, { from: null, to: 'todo', by, assignee: t.assignee ?? null });
  return (await getTask(tx, rows[0].id))!;
}

export async function getTask(db: Queryable, id: string): Promise<Task | undefined> {
  const { rows } = await db.query<TaskRow>(`${SELECT} where t.id = $1`, [id]);
  return rows[0] && toTask(rows[0]);
}

/** The task's project and the fields the workflow needs, locked for the rest of the transaction. */
export async function lockTask(tx: Queryable, id: string) {
  const { rows } = await tx.query<{ project_id: string; state: TaskState; assignee: string | null; reviewer: string | null }>(
    'select project_id, state, assignee, reviewer from tasks where id = $1 for update',
    [id],
  );
  return rows[0];
}

export async function listTasks(db: Queryable, projectId: string, filter: { assignee?: string; state?: TaskState }): Promise<Task[]> {
  const params: unknown[] = [projectId];
  let where = 't.project_id = $1';
  if (filter.assignee) where += ` and t.assignee = $${params.push(filter.assignee)}`;
  if (filter.state) where += ` and t.state = $${params.push(filter.state)}`;
  const { rows } = await db.query<TaskRow>(`${SELECT} where ${where} order by t.created_at, t.id`, params);
  return rows.map(toTask);
}

/**
 * `userId`'s work across projects they are still a member of: tasks assigned to them, and tasks they
 * took for review that are still in review.
 */
export async function tasksOf(db: Queryable, userId: string): Promise<(Task & { projectName: string; role: string })[]> {
  const { rows } = await db.query<TaskRow & { project_name: string; role: string }>(
    `${SELECT.replace(' from tasks t', ', p.name as project_name, m.role from tasks t')}
     join projects p on p.id = t.project_id join members m on m.project_id = t.project_id and m.user_id = $1
     where t.assignee = $1 or (t.reviewer = $1 and t.state = 'in_review')
     order by t.updated_at desc, t.id`,
    [userId],
  );
  return rows.map((r) => ({ ...toTask(r), projectName: r.project_name, role: r.role }));
}

export async function eventsOf(db: Queryable, taskId: string): Promise<TaskEvent[]> {
  const { rows } = await db.query<{
    id: number;
    from_state: TaskState | null;
    to_state: TaskState;
    by_user: string | null;
    by_name: string | null;
    at: Date;
    assignee: string | null;
    comments: ReviewComment[];
  }>(
    `select e.id, e.from_state, e.to_state, e.by_user, u.name as by_name, e.at, e.assignee, e.comments
     from task_events e left join users u on u.id = e.by_user where e.task_id = $1 order by e.id`,
    [taskId],
  );
  return rows.map((r) => ({ id: r.id, from: r.from_state, to: r.to_state, by: r.by_user, byName: r.by_name, at: r.at.toISOString(), assignee: r.assignee, comments: r.comments }));
}

export async function addEvent(
  tx: Queryable,
  taskId: string,
  e: { from: TaskState | null; to: TaskState; by: string; assignee?: string | null; comments?: readonly ReviewComment[] },
): Promise<void> {
  await tx.query('insert into task_events (task_id, from_state, to_state, by_user, assignee, comments) values ($1, $2, $3, $4, $5, $6::jsonb)', [
    taskId,
    e.from,
    e.to,
    e.by,
    e.assignee ?? null,
    JSON.stringify(e.comments ?? []),
  ]);
}

/** The NOTIFY channel for task changes; payload `{"projectId", "taskId", "state"}` (for live task pages). */
export const TASK_EVENTS_CHANNEL = 'task_events';

export async function notifyTask(tx: Queryable, t: { projectId: string; id: string; state: TaskState }): Promise<void> {
  await tx.query('select pg_notify($1, $2)', [TASK_EVENTS_CHANNEL, JSON.stringify({ projectId: t.projectId, taskId: t.id, state: t.state })]);
}
