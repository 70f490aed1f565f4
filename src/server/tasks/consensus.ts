/**
 * Consensus (overlap) assignments: a manager gives one source scene to N ≥ 2 annotators, as labeling
 * platforms do to measure agreement. Each annotator gets an independent copy — a new scene row of
 * the same project whose snapshot is the source at its current revision (same taxonomy, same
 * objects and geometry), recorded in `scene_copies` — and a task on that copy. The copies never
 * share edits, so every pair of copies can be compared (src/server/projects/stats.ts).
 *
 * The scene row is written here with plain SQL (rather than through SceneLog.create) so that the
 * copies, their records and their tasks land in one transaction: all or none.
 */
import { z } from 'zod';
import { canBeAssigned } from '../../core/tasks/workflow';
import type { Db, Queryable } from '../db/db';
import { HttpError, type Role } from '../http/context';
import { currentScene } from '../projects/sceneReads';
import { insertTask, notifyTask, type Task } from './store';

export const MAX_CONSENSUS_ANNOTATORS = 20;

export const ConsensusBody = z.object({
  sceneId: z.string().min(1).max(200),
  assignees: z
    .array(z.string().min(1))
    .min(2, 'a consensus assignment needs at least 2 annotators')
    .max(MAX_CONSENSUS_ANNOTATORS)
    .refine((a) => new Set(a).size === a.length, 'each annotator may appear only once'),
  title: z.string().trim().min(1).max(200).optional(),
});
export type ConsensusBody = z.infer<typeof ConsensusBody>;

export interface ConsensusCopy {
  sceneId: string;
  name: string;
  assignee: string;
  task: Task;
}

export interface ConsensusResult {
  sourceId: string;
  sourceRevision: number;
  copies: ConsensusCopy[];
}

/**
 * Creates one copy and one task per assignee. Refuses (400) a scene that is not the project's, a
 * scene that is itself a copy (assign its source instead), an assignee who is not an annotator or
 * manager of the project, and (409) an assignee who already has a copy of this source.
 */
export async function createConsensus(db: Db, projectId: string, by: string, body: ConsensusBody): Promise<ConsensusResult> {
  const { rows: src } = await db.query<{ name: string }>('select name from scenes where id = $1 and project_id = $2', [body.sceneId, projectId]);
  if (!src[0]) throw new HttpError(400, `body.sceneId: scene ${body.sceneId} is not a scene of this project`);
  const { rows: isCopy } = await db.query('select 1 from scene_copies where scene_id = $1', [body.sceneId]);
  if (isCopy.length) throw new HttpError(400, `body.sceneId: scene ${body.sceneId} is itself a consensus copy; assign its source scene instead`);
  // Read outside the transaction (SceneLog reads through the pool); the copy is exactly this revision.
  const source = await currentScene(db, body.sceneId);
  if (!source) throw new HttpError(400, `body.sceneId: scene ${body.sceneId} is not a scene of this project`);
  const snapshot = JSON.stringify(source.scene);

  return db.transaction(async (tx) => {
    // two managers assigning the same source at once: the second waits here, then sees the first's copies
    await tx.query('select 1 from scenes where id = $1 for update', [body.sceneId]);
    const names = await assigneeNames(tx, projectId, body.assignees);
    const { rows: dup } = await tx.query<{ name: string }>(
      `select u.name from scene_copies c join tasks t on t.scene_id = c.scene_id join users u on u.id = t.assignee
       where c.source_id = $1 and t.assignee = any($2::text[]) order by u.name`,
      [body.sceneId, body.assignees],
    );
    if (dup.length) throw new HttpError(409, `${dup.map((d) => d.name).join(', ')} already ${dup.length === 1 ? 'has' : 'have'} a copy of this scene`);
    const copies: ConsensusCopy[] = [];
    for (const assignee of body.assignees) {
      const name = `${src[0].name} · ${names.get(assignee)}`.slice(0, 200);
      const { rows } = await tx.query<{ id: string }>(
        'insert into scenes (project_id, name, doc_id, snapshot, created_by) values ($1, $2, $3, $4::jsonb, $5) returning id',
        [projectId, name, source.scene.id, snapshot, by],
      );
      const sceneId = rows[0].id;
      await tx.query('insert into scene_copies (scene_id, source_id, source_revision, project_id, created_by) values ($1, $2, $3, $4, $5)', [
        sceneId,
        body.sceneId,
        source.revision,
        projectId,
        by,
      ]);
      const task = await insertTask(tx, projectId, by, { sceneId, assignee, title: body.title ?? `${src[0].name} (consensus)` });
      await notifyTask(tx, task);
      copies.push({ sceneId, name, assignee, task });
    }
    return { sourceId: body.sceneId, sourceRevision: source.revision, copies };
  });
}

/**
 * Refuses (409) giving a task on consensus copy `sceneId` to someone who already holds a task on
 * another copy of the same source: their two copies would be compared with each other as if two
 * people had labelled them. `exceptTask` is the task being reassigned. A scene that is not a copy
 * passes. Locks the source row like createConsensus, so the two cannot race past each other.
 */
export async function refuseSecondCopy(tx: Queryable, sceneId: string, assignee: string, exceptTask?: string): Promise<void> {
  const { rows: copy } = await tx.query<{ source_id: string }>('select source_id from scene_copies where scene_id = $1', [sceneId]);
  if (!copy[0]) return;
  await tx.query('select 1 from scenes where id = $1 for update', [copy[0].source_id]);
  const { rows } = await tx.query<{ name: string; source: string }>(
    `select u.name, s.name as source from scene_copies c join tasks t on t.scene_id = c.scene_id
     join users u on u.id = t.assignee join scenes s on s.id = c.source_id
     where c.source_id = $1 and c.scene_id <> $2 and t.assignee = $3 and t.id is distinct from $4 limit 1`,
    [copy[0].source_id, sceneId, assignee, exceptTask ?? null],
  );
  if (rows[0])
    throw new HttpError(
      409,
      `${rows[0].name} already has a consensus copy of scene "${rows[0].source}"; a second copy of the same source cannot go to the same person`,
    );
}

/** The assignees' names; each must be an annotator or manager of the project (400 otherwise). */
async function assigneeNames(tx: Queryable, projectId: string, ids: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await tx.query<{ user_id: string; name: string; role: string }>(
    'select m.user_id, u.name, m.role from members m join users u on u.id = m.user_id where m.project_id = $1 and m.user_id = any($2::text[])',
    [projectId, ids],
  );
  const byId = new Map(rows.map((r) => [r.user_id, r]));
  for (const id of ids) {
    const m = byId.get(id);
    if (!m) throw new HttpError(400, `body.assignees: ${id} is not a member of this project`);
    if (!canBeAssigned(m.role as Role)) throw new HttpError(400, `body.assignees: ${m.name} is a ${m.role}; consensus copies go to annotators or managers`);
  }
  return new Map(rows.map((r) => [r.user_id, r.name]));
}

/**
 * Consensus copies an annotator may not open: a copy belongs to whoever holds a task on it (plus
 * reviewers and managers, who are not asked here); seeing another's copy would let annotators
 * copy each other and make the agreement figures meaningless. `sceneIds` narrows the question.
 */
export async function othersCopies(db: Queryable, projectId: string, userId: string, sceneIds?: readonly string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ scene_id: string }>(
    `select c.scene_id from scene_copies c where c.project_id = $1 and ($3::text[] is null or c.scene_id = any($3::text[]))
     and not exists (select 1 from tasks t where t.scene_id = c.scene_id and t.assignee = $2)`,
    [projectId, userId, sceneIds ?? null],
  );
  return new Set(rows.map((r) => r.scene_id));
}

/** A project's consensus copies: copy scene → its source and the revision it was taken at. */
export async function copiesOf(db: Queryable, projectId: string): Promise<{ sceneId: string; sourceId: string; sourceRevision: number }[]> {
  const { rows } = await db.query<{ scene_id: string; source_id: string; source_revision: number }>(
    'select scene_id, source_id, source_revision from scene_copies where project_id = $1 order by created_at, scene_id',
    [projectId],
  );
  return rows.map((r) => ({ sceneId: r.scene_id, sourceId: r.source_id, sourceRevision: r.source_revision }));
}
