/**
 * A scene's edit log in the database: create a scene, read it (snapshot + the edits since,
 * replayed), append an edit in one transaction, list edits and an object's history. HTTP-free, so
 * the same calls are tested on PGlite and on PostgreSQL.
 *
 * Appending (append) is the one place an edit lands: inside a transaction that holds the scene
 * row (`select … for update`), it answers a known editId again, refuses overlapping edits since the
 * base revision (409), applies and validates (422), then inserts the edit, bumps the revision,
 * refreshes the snapshot every `snapshotEvery` edits and queues `pg_notify('scene_edits', …)`, which
 * PostgreSQL delivers only on COMMIT. The caller acknowledges after the transaction returned, i.e.
 * after COMMIT: an acknowledged edit is durable, and a listener never hears of one that is not.
 *
 * Appends to one scene that arrive while its previous transaction runs are committed together
 * (group commit): one lock, one revision bump, one NOTIFY and one COMMIT for all of them, each
 * edit still judged on its own against everything before it and answered on its own. Conflicts
 * are looked for in the cached tail of the log when it reaches back to the edit's base revision
 * (cache.ts; used only when the cache is at the locked row's revision), else in the log itself.
 */
import type { Patch } from 'immer';
import type { Scene } from '../../core/schema/scene';
import { jsonPath, type SchemaIssue } from '../../core/schema/parse';
import { describeConflicts, objectsTouched, rebase, replay, type EditAck, type EditConflict, type EditRequest, type LoggedEdit } from '../../core/sync';
import type { Db, Queryable } from '../db/db';
import { extendTail, SceneCache, tailSince, type CachedScene } from './cache';

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
  /** Most appends to one scene committed in one transaction (group commit; default 100). */
  maxBatch?: number;
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
  private readonly maxBatch: number;
  /** Appends waiting for their scene's next transaction, and the scenes whose queue is being worked off. */
  private readonly queues = new Map<string, Pending[]>();
  private readonly draining = new Set<string>();

  constructor(
    readonly db: Db,
    opts: SceneLogOptions = {},
  ) {
    this.snapshotEvery = Math.max(1, opts.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY);
    this.maxBatch = Math.max(1, opts.maxBatch ?? 100);
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
    const { scene, revision } = await this.current(this.db, sceneId, rows[0].revision);
    return { scene, revision };
  }

  /**
   * The scene at `revision` or later: from the cache when it holds that revision, else its cached
   * state or the snapshot with the log's tail replayed. Outside a transaction edits may land between
   * the queries; the log is append-only, so whatever tail is read gives a consistent (newer) state.
   */
  private async current(q: Queryable, sceneId: string, revision: number): Promise<CachedScene> {
    const hit = this.cache.get(sceneId);
    if (hit && hit.revision === revision) return hit;
    let base: CachedScene;
    if (hit && hit.revision < revision && revision - hit.revision <= this.snapshotEvery) base = hit;
    else {
      const { rows } = await q.query<{ snapshot: Scene; snapshot_revision: number }>('select snapshot, snapshot_revision from scenes where id = $1', [sceneId]);
      base = { scene: rows[0].snapshot, revision: rows[0].snapshot_revision, tail: [] };
    }
    const tail = await this.since(sceneId, base.revision, undefined, q);
    const out: CachedScene = { scene: replay(base.scene, tail), revision: tail.length ? tail[tail.length - 1].revision : base.revision, tail: extendTail(base.tail, tail) };
    this.cache.set(sceneId, out.revision, out.scene, out.tail);
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

  /**
   * The edits that touched an object, oldest first; the newest `withPatches` of them also carry their
   * patches (the values a reader needs to say "moved the cuboid 0.4 m"), the rest only their paths.
   */
  async history(sceneId: string, objectId: string, withPatches = 0): Promise<HistoryEntry[]> {
    const { rows } = await this.db.query<EditRow>(
      `select ${EDIT_COLUMNS.split(', ').map((c) => 'e.' + c).join(', ')} from scene_edit_objects o
         join scene_edits e on e.scene_id = o.scene_id and e.revision = o.revision
        where o.scene_id = $1 and o.object_id = $2 order by o.revision`,
      [sceneId, objectId],
    );
    const firstWithPatches = rows.length - Math.max(0, withPatches);
    return rows.map((r, i) => {
      const e = toLogged(r);
      return {
        revision: e.revision,
        by: e.by,
        userId: e.userId,
        at: e.at,
        ...(e.label !== undefined ? { label: e.label } : {}),
        paths: pathsOf(e.patches),
        ...(i >= firstWithPatches ? { patches: e.patches } : {}),
      };
    });
  }

  /**
   * Append one edit (see the module comment). Throws only on database failure. Appends to one scene
   * are queued and committed in groups (appendBatch): each is answered on its own, after the COMMIT
   * of the transaction that holds it.
   */
  append(sceneId: string, author: Author, edit: EditRequest): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      let queue = this.queues.get(sceneId);
      if (!queue) this.queues.set(sceneId, (queue = []));
      queue.push({ author, edit, resolve, reject });
      if (queue.length === 1 && !this.draining.has(sceneId)) void this.drain(sceneId);
    });
  }

  /**
   * Group commit: while one transaction for a scene runs, the appends that arrive meanwhile wait,
   * and the next transaction takes all of them (up to `maxBatch`). One edit alone costs what it
   * always did; under load the lock, the revision bump, the NOTIFY and the commit are shared.
   */
  private async drain(sceneId: string): Promise<void> {
    this.draining.add(sceneId);
    try {
      for (;;) {
        const queue = this.queues.get(sceneId);
        if (!queue?.length) {
          this.queues.delete(sceneId);
          return;
        }
        const batch = queue.splice(0, this.maxBatch);
        const outcomes = await this.appendGroup(sceneId, batch);
        batch.forEach((p, i) => {
          const o = outcomes[i];
          if (o.ok) p.resolve(o.result);
          else p.reject(o.error);
        });
      }
    } finally {
      this.draining.delete(sceneId);
    }
  }

  /**
   * One transaction for the group; when it fails (a database error) and holds more than one edit,
   * each edit is tried again in a transaction of its own, so one edit the database refuses fails
   * only itself. Retrying is safe even if the failed COMMIT did land: the editIds are then known,
   * and each edit is answered as the duplicate it is.
   */
  private async appendGroup(sceneId: string, batch: readonly Pending[]): Promise<Outcome[]> {
    try {
      return await this.appendBatch(sceneId, batch);
    } catch (e) {
      if (batch.length === 1) return [{ ok: false, error: e }];
      const out: Outcome[] = [];
      for (const p of batch) {
        try {
          out.push(...(await this.appendBatch(sceneId, [p])));
        } catch (e1) {
          out.push({ ok: false, error: e1 });
        }
      }
      return out;
    }
  }

  /**
   * Appends `batch` in one transaction holding the scene row, in order, each exactly as a lone
   * append would be: a known editId (in the log or earlier in the batch) answers its first answer,
   * conflicts are looked for among every edit since the edit's base (the earlier ones of this batch
   * included), the result is validated. Resolves after COMMIT; only then does the cache move on.
   */
  private async appendBatch(sceneId: string, batch: readonly Pending[]): Promise<Outcome[]> {
    let landed: CachedScene | undefined;
    const outcomes = await this.db.transaction(async (tx): Promise<Outcome[]> => {
      // now() is the transaction's start: the `at` every edit of the group is logged with (the column's default)
      const { rows } = await tx.query<{ revision: number; snapshot_revision: number; at: Date | string }>(
        'select revision, snapshot_revision, now() as at from scenes where id = $1 for update',
        [sceneId],
      );
      if (!rows.length) return batch.map(() => ({ ok: true, result: { status: 404, error: 'scene not found' } }));
      const first = rows[0].revision;
      const at = iso(rows[0].at);
      let revision = first;

      const ids = [...new Set(batch.map((p) => p.edit.editId))];
      const known = new Map<string, { revision: number; rebased: boolean; userId: string | null }>();
      const dup = await tx.query<{ edit_id: string; revision: number; rebased: boolean; user_id: string | null }>(
        'select edit_id, revision, rebased, user_id from scene_edits where scene_id = $1 and edit_id = any($2::text[])',
        [sceneId, ids],
      );
      for (const d of dup.rows) known.set(d.edit_id, { revision: d.revision, rebased: d.rebased, userId: d.user_id });

      const state = await this.current(tx, sceneId, first);
      let scene = state.scene;
      // The edits since the oldest base this batch needs: from the cached tail, else from the log.
      const bases = batch.filter((p) => !known.has(p.edit.editId) && p.edit.baseRevision <= first && first - p.edit.baseRevision <= MAX_REBASE_SPAN).map((p) => p.edit.baseRevision);
      const oldest = bases.length ? Math.min(...bases) : first;
      const recent: LoggedEdit[] = tailSince(state, oldest) ?? (await this.since(sceneId, oldest, undefined, tx));
      const sinceBase = (base: number) => {
        const i = recent.findIndex((e) => e.revision > base);
        return i < 0 ? [] : recent.slice(i);
      };

      const accepted: { edit: LoggedEdit; request: EditRequest; rebased: boolean; touched: string[] }[] = [];
      const outcomes: Outcome[] = [];
      for (const { author, edit } of batch) {
        try {
          const k = known.get(edit.editId);
          if (k) {
            outcomes.push({
              ok: true,
              result:
                k.userId !== author.id
                  ? { status: 409, error: `edit id "${edit.editId}" was already used by another user's edit`, conflicts: [], revision }
                  : { status: 200, ack: { revision: k.revision, rebased: k.rebased, duplicate: true } },
            });
            continue;
          }
          // against the scene as it was when the group began: no client can have seen a revision this
          // group makes before its COMMIT, so a base above `first` is made up, not a race
          if (edit.baseRevision > first) {
            outcomes.push({ ok: true, result: { status: 400, error: `baseRevision ${edit.baseRevision} is ahead of the scene (revision ${first})` } });
            continue;
          }
          if (revision - edit.baseRevision > MAX_REBASE_SPAN) {
            outcomes.push({
              ok: true,
              result: { status: 409, error: `baseRevision ${edit.baseRevision} is ${revision - edit.baseRevision} edits behind (more than ${MAX_REBASE_SPAN}): reload the scene and redo the step`, conflicts: [], revision },
            });
            continue;
          }
          const r = rebase(scene, { clientId: edit.clientId, patches: edit.patches as Patch[] }, sinceBase(edit.baseRevision));
          if (!r.ok && 'conflicts' in r) {
            outcomes.push({ ok: true, result: { status: 409, error: describeConflicts(r.conflicts), conflicts: r.conflicts, revision } });
            continue;
          }
          if (!r.ok) {
            const where = r.rebased ? ` (applied on revision ${revision}, after other edits since your base revision ${edit.baseRevision})` : '';
            outcomes.push({ ok: true, result: { status: 422, error: `the edit would make the scene invalid${where}: ${r.issues[0].path}: ${r.issues[0].message}`, issues: r.issues, revision } });
            continue;
          }
          const touched = objectsTouched(edit.patches as Patch[], scene, r.scene);
          revision++;
          scene = r.scene;
          const logged: LoggedEdit = { revision, editId: edit.editId, clientId: edit.clientId, userId: author.id, by: author.name, at, ...(edit.label !== undefined ? { label: edit.label } : {}), patches: edit.patches as Patch[] };
          accepted.push({ edit: logged, request: edit, rebased: r.rebased, touched });
          recent.push(logged);
          known.set(edit.editId, { revision, rebased: r.rebased, userId: author.id });
          outcomes.push({ ok: true, result: { status: 200, ack: { revision, rebased: r.rebased } } });
        } catch (e) {
          // Not a database error (those end the transaction): this edit alone fails, as it would alone.
          outcomes.push({ ok: false, error: e });
        }
      }
      if (!accepted.length) return outcomes;

      const rowsJson = accepted.map(({ edit: e, request, rebased }) => ({
        revision: e.revision,
        edit_id: e.editId,
        client_id: e.clientId,
        user_id: e.userId,
        user_name: e.by,
        client_at: request.at ?? null,
        label: request.label ?? null,
        base_revision: request.baseRevision,
        rebased,
        patches: request.patches,
      }));
      const objects = accepted.flatMap(({ edit: e, touched }) => touched.map((o) => ({ object_id: o, revision: e.revision })));
      await tx.query(
        `with e as (
           insert into scene_edits (scene_id, revision, edit_id, client_id, user_id, user_name, client_at, label, base_revision, rebased, patches)
           select $1, x.revision, x.edit_id, x.client_id, x.user_id, x.user_name, x.client_at, x.label, x.base_revision, x.rebased, x.patches
             from jsonb_to_recordset($2::jsonb) as x(revision integer, edit_id text, client_id text, user_id text, user_name text, client_at text, label text, base_revision integer, rebased boolean, patches jsonb)
           returning 1
         ), o as (
           insert into scene_edit_objects (scene_id, object_id, revision)
           select $1, y.object_id, y.revision from jsonb_to_recordset($3::jsonb) as y(object_id text, revision integer)
         )
         select count(*) from e`,
        [sceneId, JSON.stringify(rowsJson), JSON.stringify(objects)],
      );
      // A snapshot once `snapshotEvery` edits have gathered since the last one (with groups, at the
      // group's last revision: a cold read replays fewer than snapshotEvery + maxBatch edits).
      if (revision - rows[0].snapshot_revision >= this.snapshotEvery)
        await tx.query('update scenes set revision = $2, updated_at = now(), snapshot = $3::jsonb, snapshot_revision = $2 where id = $1', [sceneId, revision, JSON.stringify(scene)]);
      else await tx.query('update scenes set revision = $2, updated_at = now() where id = $1', [sceneId, revision]);
      // One wake-up for the group: listeners read every row after the last one they sent.
      await tx.query('select pg_notify($1, $2)', [SCENE_EDITS_CHANNEL, JSON.stringify({ sceneId, revision })]);
      landed = { revision, scene, tail: extendTail(state.tail, accepted.map((a) => a.edit)) };
      return outcomes;
    });
    // Only now, after COMMIT, does this instance's cache learn the new state.
    if (landed) this.cache.set(sceneId, landed.revision, landed.scene, landed.tail);
    return outcomes;
  }
}

/** An append waiting for its group's transaction. */
interface Pending {
  author: Author;
  edit: EditRequest;
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
}

/** What one edit of a group gets: its answer, or the error its request then throws. */
type Outcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

export interface HistoryEntry {
  revision: number;
  by: string;
  userId: string;
  at: string;
  label?: string;
  /** JSON paths the edit's patches wrote (at most 20). */
  paths: string[];
  /** The edit's patches, for the newest entries asked for (`?patches=N`). */
  patches?: LoggedEdit['patches'];
}

function pathsOf(patches: readonly Patch[]): string[] {
  const out = new Set<string>();
  for (const p of patches) {
    if (out.size >= 20) break;
    out.add(jsonPath(p.path));
  }
  return [...out];
}
