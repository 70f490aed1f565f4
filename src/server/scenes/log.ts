/**
 * A scene's edit log in the database: create a scene, read it (snapshot + the edits since,
 * replayed), append an edit in one transaction, list edits and an object's history. HTTP-free, so
 * the same calls are tested on PGlite and on PostgreSQL.
 *
 * Appending (appendEdit) is the one place an edit lands: inside a transaction that holds the scene
 * row (`select … for update`), it answers a known editId again, refuses overlapping edits since the
 * base revision (409), applies and validates (422), then inserts the edit, bumps the revision,
 * refreshes the snapshot every `snapshotEvery` edits and queues `pg_notify('scene_edits', …)`, which
 * PostgreSQL delivers only on COMMIT. The caller acknowledges after the transaction returned, i.e.
 * after COMMIT: an acknowledged edit is durable, and a listener never hears of one that is not.
 */
import type { Patch } from 'immer';
import type { Scene } from '../../core/schema/scene';
import { jsonPath, type SchemaIssue } from '../../core/schema/parse';
import { describeConflicts, objectsTouched, rebase, replay, type EditAck, type EditConflict, type EditRequest, type LoggedEdit } from '../../core/sync';
import type { Db, Queryable } from '../db/db';
import { SceneCache } from './cache';

/** The NOTIFY channel; payload `{"sceneId": …, "revision": n}`. */
export const SCENE_EDITS_CHANNEL = 'scene_edits';

/** A snapshot is rewritten every this many edits, so a cold read replays at most this many. */
export const DEFAULT_SNAPSHOT_EVERY = 100;

/**
 * An edit based this far behind the newest revision is refused (409) instead of rebased: the
 * client has been away long enough that it should reload the scene and redo its step.
 */
export const MAX_REBASE_SPAN = 1000;

/** Whoever makes an edit (the session's user). */
export interface Author {
  id: string;
  name: string;
}

export interface SceneRow {
  id: string;
  projectId: string;
  name: string;
  docId: string;
  revision: number;
  snapshotRevision: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export type AppendResult =
  | { status: 200; ack: EditAck }
  | { status: 409; error: string; conflicts: EditConflict[]; revision: number }
  | { status: 422; error: string; issues: SchemaIssue[]; revision: number }
  | { status: 400 | 404; error: string };

interface EditRow {
  revision: number;
  edit_id: string;
  client_id: string;
  user_id: string | null;
  user_name: string;
  at: Date | string;
  label: string | null;
  patches: Patch[];
}

const EDIT_COLUMNS = 'revision, edit_id, client_id, user_id, user_name, at, label, patches';

const iso = (t: Date | string): string => (t instanceof Date ? t.toISOString() : new Date(t).toISOString());

function toLogged(r: EditRow): LoggedEdit {
  return {
    revision: r.revision,
    editId: r.edit_id,
    clientId: r.client_id,
    userId: r.user_id ?? '',
    by: r.user_name,
    at: iso(r.at),
    ...(r.label !== null ? { label: r.label } : {}),
    patches: r.patches,
  };
}

interface SceneRowDb {
  id: string;
  project_id: string;
  name: string;
  doc_id: string;
  revision: number;
  snapshot_revision: number;
  created_by: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const SCENE_COLUMNS = 'id, project_id, name, doc_id, revision, snapshot_revision, created_by, created_at, updated_at';

function toSceneRow(r: SceneRowDb): SceneRow {
  return {
    id: r.id,
    projectId: r.project_id,
    name: r.name,
    docId: r.doc_id,
    revision: r.revision,
    snapshotRevision: r.snapshot_revision,
    createdBy: r.created_by,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export interface SceneLogOptions {
  snapshotEvery?: number;
  /** Scenes kept decoded in memory by this instance (least recently used dropped first). */
  cacheSize?: number;
}

/**
 * One server instance's access to the scene logs of one database. Instances are stateless apart
 * from the cache, which is only ever used when its revision equals the locked row's revision, so
 * several instances over one database stay correct.
 */
export class SceneLog {
  readonly cache: SceneCache;
  private readonly snapshotEvery: number;

  constructor(
    readonly db: Db,
    opts: SceneLogOptions = {},
  ) {
    this.snapshotEvery = Math.max(1, opts.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY);
    this.cache = new SceneCache(opts.cacheSize ?? 8);
  }

  /** Store a validated scene as revision 0 of a new shared scene; returns its row. */
  async create(projectId: string, scene: Scene, author: Author, name = scene.name): Promise<SceneRow> {
    const { rows } = await this.db.query<SceneRowDb>(
      `insert into scenes (project_id, name, doc_id, snapshot, created_by) values ($1, $2, $3, $4::jsonb, $5) returning ${SCENE_COLUMNS}`,
      [projectId, name.slice(0, 200), scene.id, JSON.stringify(scene), author.id],
    );
    const row = toSceneRow(rows[0]);
    this.cache.set(row.id, 0, scene);
    return row;
  }

  async row(sceneId: string, q: Queryable = this.db): Promise<SceneRow | undefined> {
    const { rows } = await q.query<SceneRowDb>(`select ${SCENE_COLUMNS} from scenes where id = $1`, [sceneId]);
    return rows[0] && toSceneRow(rows[0]);
  }

  async list(projectId: string): Promise<SceneRow[]> {
    const { rows } = await this.db.query<SceneRowDb>(`select ${SCENE_COLUMNS} from scenes where project_id = $1 order by created_at, id`, [projectId]);
    return rows.map(toSceneRow);
  }

  /** The scene at its newest revision (undefined when there is no such scene). */
  async read(sceneId: string): Promise<{ scene: Scene; revision: number } | undefined> {
    const { rows } = await this.db.query<{ revision: number }>('select revision from scenes where id = $1', [sceneId]);
    if (!rows.length) return undefined;
    return this.current(this.db, sceneId, rows[0].revision);
  }

  /**
   * The scene at `revision` or later: from the cache when it holds that revision, else its cached
   * state or the snapshot with the log's tail replayed. Outside a transaction edits may land between
   * the queries; the log is append-only, so whatever tail is read gives a consistent (newer) state.
   */
  private async current(q: Queryable, sceneId: string, revision: number): Promise<{ scene: Scene; revision: number }> {
    const hit = this.cache.get(sceneId);
    if (hit && hit.revision === revision) return hit;
    let base: { scene: Scene; revision: number };
    if (hit && hit.revision < revision && revision - hit.revision <= this.snapshotEvery) base = hit;
    else {
      const { rows } = await q.query<{ snapshot: Scene; snapshot_revision: number }>('select snapshot, snapshot_revision from scenes where id = $1', [sceneId]);
      base = { scene: rows[0].snapshot, revision: rows[0].snapshot_revision };
    }
    const tail = await this.since(sceneId, base.revision, undefined, q);
    const out = { scene: replay(base.scene, tail), revision: tail.length ? tail[tail.length - 1].revision : base.revision };
    this.cache.set(sceneId, out.revision, out.scene);
    return out;
  }

  /** Edits after revision `after`, in order; at most `limit` of them. */
  async since(sceneId: string, after: number, limit?: number, q: Queryable = this.db): Promise<LoggedEdit[]> {
    const { rows } = await q.query<EditRow>(
      `select ${EDIT_COLUMNS} from scene_edits where scene_id = $1 and revision > $2 order by revision${limit ? ' limit $3' : ''}`,
      limit ? [sceneId, after, limit] : [sceneId, after],
    );
    return rows.map(toLogged);
  }

  /** The edits that touched an object, oldest first (without their patches' values). */
  async history(sceneId: string, objectId: string): Promise<HistoryEntry[]> {
    const { rows } = await this.db.query<EditRow>(
      `select ${EDIT_COLUMNS.split(', ').map((c) => 'e.' + c).join(', ')} from scene_edit_objects o
         join scene_edits e on e.scene_id = o.scene_id and e.revision = o.revision
        where o.scene_id = $1 and o.object_id = $2 order by o.revision`,
      [sceneId, objectId],
    );
    return rows.map((r) => {
      const e = toLogged(r);
      return { revision: e.revision, by: e.by, userId: e.userId, at: e.at, ...(e.label !== undefined ? { label: e.label } : {}), paths: pathsOf(e.patches) };
    });
  }

  /** Append one edit (see the module comment). Throws only on database failure. */
  async append(sceneId: string, author: Author, edit: EditRequest): Promise<AppendResult> {
    let landed: { revision: number; scene: Scene } | undefined;
    const result = await this.db.transaction(async (tx): Promise<AppendResult> => {
      const { rows } = await tx.query<{ revision: number }>('select revision from scenes where id = $1 for update', [sceneId]);
      if (!rows.length) return { status: 404, error: 'scene not found' };
      const revision = rows[0].revision;

      const dup = await tx.query<{ revision: number; rebased: boolean; user_id: string | null }>(
        'select revision, rebased, user_id from scene_edits where scene_id = $1 and edit_id = $2',
        [sceneId, edit.editId],
      );
      if (dup.rows.length) {
        const d = dup.rows[0];
        if (d.user_id !== author.id) return { status: 409, error: `edit id "${edit.editId}" was already used by another user's edit`, conflicts: [], revision };
        return { status: 200, ack: { revision: d.revision, rebased: d.rebased, duplicate: true } };
      }
      if (edit.baseRevision > revision) return { status: 400, error: `baseRevision ${edit.baseRevision} is ahead of the scene (revision ${revision})` };
      if (revision - edit.baseRevision > MAX_REBASE_SPAN)
        return { status: 409, error: `baseRevision ${edit.baseRevision} is ${revision - edit.baseRevision} edits behind (more than ${MAX_REBASE_SPAN}): reload the scene and redo the step`, conflicts: [], revision };

      const since = await this.since(sceneId, edit.baseRevision, undefined, tx);
      const now = await this.current(tx, sceneId, revision);
      const r = rebase(now.scene, { clientId: edit.clientId, patches: edit.patches as Patch[] }, since);
      if (!r.ok && 'conflicts' in r) return { status: 409, error: describeConflicts(r.conflicts), conflicts: r.conflicts, revision };
      if (!r.ok) {
        const where = r.rebased ? ` (applied on revision ${revision}, after other edits since your base revision ${edit.baseRevision})` : '';
        return { status: 422, error: `the edit would make the scene invalid${where}: ${r.issues[0].path}: ${r.issues[0].message}`, issues: r.issues, revision };
      }

      const next = revision + 1;
      await tx.query(
        `insert into scene_edits (scene_id, revision, edit_id, client_id, user_id, user_name, client_at, label, base_revision, rebased, patches)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)`,
        [sceneId, next, edit.editId, edit.clientId, author.id, author.name, edit.at ?? null, edit.label ?? null, edit.baseRevision, r.rebased, JSON.stringify(edit.patches)],
      );
      const touched = objectsTouched(edit.patches as Patch[], now.scene, r.scene);
      if (touched.length)
        await tx.query('insert into scene_edit_objects (scene_id, object_id, revision) select $1, o, $2 from unnest($3::text[]) as o', [sceneId, next, touched]);
      if (next % this.snapshotEvery === 0)
        await tx.query('update scenes set revision = $2, updated_at = now(), snapshot = $3::jsonb, snapshot_revision = $2 where id = $1', [sceneId, next, JSON.stringify(r.scene)]);
      else await tx.query('update scenes set revision = $2, updated_at = now() where id = $1', [sceneId, next]);
      await tx.query('select pg_notify($1, $2)', [SCENE_EDITS_CHANNEL, JSON.stringify({ sceneId, revision: next })]);
      landed = { revision: next, scene: r.scene };
      return { status: 200, ack: { revision: next, rebased: r.rebased } };
    });
    // Only now, after COMMIT, does this instance's cache learn the new state.
    if (landed) this.cache.set(sceneId, landed.revision, landed.scene);
    return result;
  }
}

export interface HistoryEntry {
  revision: number;
  by: string;
  userId: string;
  at: string;
  label?: string;
  /** JSON paths the edit's patches wrote (at most 20). */
  paths: string[];
}

function pathsOf(patches: readonly Patch[]): string[] {
  const out = new Set<string>();
  for (const p of patches) {
    if (out.size >= 20) break;
    out.add(jsonPath(p.path));
  }
  return [...out];
}
