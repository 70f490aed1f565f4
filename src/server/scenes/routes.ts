/**
 * Shared-scene routes (mounted under /api):
 *   POST /projects/:id/scenes          upload a scene (managers, annotators) → 201 {id, name, revision: 0, …}
 *   GET  /projects/:id/scenes          the project's scenes (members)
 *   GET  /scenes/:id                   {id, projectId, name, revision, scene} (members)
 *   POST /scenes/:id/edits             append an edit → {revision, rebased} | 409 conflicts | 422 invalid
 *   GET  /scenes/:id/edits?since=R     the log after revision R (members)
 *   GET  /scenes/:id/events            Server-Sent Events: every appended edit, id = revision; heartbeats
 *   GET  /scenes/:id/history?object=ID the edits that touched an object: who, when, label, revision, paths;
 *        &patches=N                   the newest N of them also with their patches (N ≤ 500)
 * Thin adapters over SceneLog (log.ts) and core/sync; a scene's project decides who may do what, and
 * an unknown scene answers 404 exactly like a scene of a project the user is not a member of.
 *
 * Roles: every member reads, except that a consensus copy (tasks/consensus.ts) is its assignee's:
 * other annotators get 403 on it and do not see it listed. Annotators and managers write edits; the
 * scene's taxonomy belongs to the project, so only managers may patch `taxonomy`; reviewers may write review data only (`qa`: reviews
 * and waivers), since their decisions on tasks go through the task routes.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import type { Patch } from 'immer';
import { validateScene, type Scene, Taxonomy } from '../../core/schema';
import { jsonPath } from '../../core/schema/parse';
import { execute, CommandError } from '../../core/commands/command';
import { adoptTaxonomy } from '../../core/commands/taxonomy';
import { EditRequest } from '../../core/sync';
import { authorize, HttpError, type AppContext, type AppEnv, type Role } from '../http/context';
import type { Db } from '../db/db';
import { SceneLog, type SceneRow, type SceneLogOptions } from './log';
import { SceneEvents } from './events';
import { othersCopies } from '../tasks/consensus';

export interface SceneRoutesOptions extends SceneLogOptions {
  /** Seconds between heartbeat events on an idle event stream (default 15). */
  heartbeatSeconds?: number;
  /** Largest scene upload in bytes (default 256 MiB). */
  maxSceneBytes?: number;
  /** Largest edit body in bytes (default 8 MiB). */
  maxEditBytes?: number;
}

const WRITERS: readonly Role[] = ['manager', 'annotator', 'reviewer'];
/** Top-level scene fields a reviewer may patch. */
const REVIEWER_FIELDS = new Set(['qa']);
/** Edits sent per batch on an event stream (then the next batch). */
const STREAM_BATCH = 200;

/** Per database: this instance's log access (with its cache) and its one LISTEN. */
interface Instance {
  log: SceneLog;
  events: SceneEvents;
}

export function sceneRoutes(opts: SceneRoutesOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const instances = new WeakMap<Db, Instance>();
  const heartbeatMs = (opts.heartbeatSeconds ?? 15) * 1000;
  const tooLarge = (what: string, max: number) => () => {
    throw new HttpError(413, `${what} is larger than ${max} bytes`);
  };
  const maxScene = opts.maxSceneBytes ?? 256 * 1024 * 1024;
  const maxEdit = opts.maxEditBytes ?? 8 * 1024 * 1024;

  const instance = (c: AppContext): Instance => {
    const deps = c.get('deps');
    let it = instances.get(deps.db);
    if (!it) {
      const events = deps.events instanceof SceneEvents ? deps.events : new SceneEvents(deps.db);
      it = { log: new SceneLog(deps.db, opts), events };
      instances.set(deps.db, it);
    }
    return it;
  };

  /** The scene's row once the user may access it with one of `roles`; 404 when unknown or not a member. */
  const sceneFor = async (c: AppContext, roles?: readonly Role[]): Promise<{ row: SceneRow; role: Role; it: Instance }> => {
    const it = instance(c);
    const row = await it.log.row(c.req.param('id') ?? '');
    if (!row) throw new HttpError(404, 'no such scene');
    // a member of another project must not tell a real scene id from a made-up one
    const role = await authorize(c, row.projectId, roles, { notFound: 'no such scene' });
    if (role === 'annotator' && (await othersCopies(c.get('deps').db, row.projectId, c.get('user').id, [row.id])).size)
      throw new HttpError(403, "this scene is another annotator's consensus copy; an annotator opens only their own");
    return { row, role, it };
  };

  app.post('/projects/:id/scenes', bodyLimit({ maxSize: maxScene, onError: tooLarge('the scene', maxScene) }), async (c) => {
    const projectId = c.req.param('id');
    await authorize(c, projectId, ['manager', 'annotator']);
    const body = await readJson(c);
    // The body is the scene document itself, or {scene, name?}.
    const wrapped = isRecord(body) && !('schemaVersion' in body) && 'scene' in body;
    const raw = wrapped ? (body as { scene: unknown }).scene : body;
    const name = wrapped && typeof (body as { name?: unknown }).name === 'string' ? ((body as { name: string }).name.trim() || undefined) : undefined;
    const parsed = validateScene(raw);
    if (!parsed.ok) throw new HttpError(422, `the scene is not valid: ${parsed.issues[0].path}: ${parsed.issues[0].message}`, { body: { issues: parsed.issues.slice(0, 100) } });
    const { rows } = await c.get('deps').db.query<{ taxonomy: unknown }>('select taxonomy from projects where id = $1', [projectId]);
    const { scene, adopted } = toProjectTaxonomy(parsed.scene, rows[0]?.taxonomy);
    const row = await instance(c).log.create(projectId, scene, c.get('user'), name);
    return c.json({ id: row.id, projectId, name: row.name, docId: row.docId, revision: row.revision, ...(adopted ? { taxonomyAdopted: adopted } : {}) }, 201);
  });

  app.get('/projects/:id/scenes', async (c) => {
    const projectId = c.req.param('id');
    const role = await authorize(c, projectId);
    const hidden = role === 'annotator' ? await othersCopies(c.get('deps').db, projectId, c.get('user').id) : new Set<string>();
    const scenes = (await instance(c).log.list(projectId)).filter((s) => !hidden.has(s.id));
    return c.json({ scenes: scenes.map(({ id, name, docId, revision, createdAt, updatedAt }) => ({ id, name, docId, revision, createdAt, updatedAt })) });
  });

  app.get('/scenes/:id', async (c) => {
    const { row, it } = await sceneFor(c);
    const now = await it.log.read(row.id);
    if (!now) throw new HttpError(404, 'no such scene');
    return c.json({ id: row.id, projectId: row.projectId, name: row.name, revision: now.revision, scene: now.scene });
  });

  app.post('/scenes/:id/edits', bodyLimit({ maxSize: maxEdit, onError: tooLarge('the edit', maxEdit) }), async (c) => {
    const { row, role, it } = await sceneFor(c, WRITERS);
    const r = EditRequest.safeParse(await readJson(c));
    if (!r.success) {
      const i = r.error.issues[0];
      throw new HttpError(400, `the edit is not valid: ${jsonPath(i.path)}: ${i.message}`);
    }
    checkRoleMayPatch(role, r.data.patches as Patch[]);
    const user = c.get('user');
    const out = await it.log.append(row.id, { id: user.id, name: user.name }, r.data);
    switch (out.status) {
      case 200:
        return c.json(out.ack);
      case 409:
        throw new HttpError(409, out.error, { body: { conflicts: out.conflicts, revision: out.revision } });
      case 422:
        throw new HttpError(422, out.error, { body: { issues: out.issues.slice(0, 100), revision: out.revision } });
      default:
        throw new HttpError(out.status, out.error);
    }
  });

  app.get('/scenes/:id/edits', async (c) => {
    const { row, it } = await sceneFor(c);
    const since = revisionParam(c.req.query('since'), 'since') ?? 0;
    const limit = Math.min(revisionParam(c.req.query('limit'), 'limit') ?? 1000, 5000);
    const edits = await it.log.since(row.id, since, limit);
    const latest = (await it.log.row(row.id))?.revision ?? row.revision;
    return c.json({ revision: Math.max(latest, edits.at(-1)?.revision ?? 0), edits });
  });

  app.get('/scenes/:id/history', async (c) => {
    const { row, it } = await sceneFor(c);
    const object = c.req.query('object');
    if (!object) throw new HttpError(400, 'history needs ?object=<object id>');
    const n = c.req.query('patches');
    if (n !== undefined && !/^\d{1,3}$/.test(n)) throw new HttpError(400, 'history: patches must be a count of edits, 0 to 500');
    const withPatches = n === undefined ? 0 : Number(n);
    if (withPatches > 500) throw new HttpError(400, 'history: patches must be a count of edits, 0 to 500');
    return c.json({ object, edits: await it.log.history(row.id, object, withPatches) });
  });

  app.get('/scenes/:id/events', async (c) => {
    const { row, it } = await sceneFor(c);
    // Resume after the last event the client saw (EventSource resends it as Last-Event-ID), else
    // after ?since=R, else from now.
    const start = revisionParam(c.req.header('last-event-id'), 'Last-Event-ID') ?? revisionParam(c.req.query('since'), 'since') ?? row.revision;
    return streamSSE(c, async (stream) => {
      let last = start;
      let pending = true; // read the log once after subscribing: covers edits since `start`
      let ended = false;
      let wake: (() => void) | undefined;
      const nudge = () => {
        const w = wake;
        wake = undefined;
        w?.();
      };
      const unsubscribe = await it.events.subscribe(row.id, (revision) => {
        if (revision < 0) ended = true;
        else if (revision > last) pending = true;
        nudge();
      });
      stream.onAbort(() => {
        ended = true;
        nudge();
      });
      try {
        await stream.writeSSE({ event: 'hello', data: JSON.stringify({ sceneId: row.id, revision: last }), retry: 1000 });
        while (!ended && !stream.aborted) {
          if (pending) {
            pending = false;
            const edits = await it.log.since(row.id, last, STREAM_BATCH);
            for (const e of edits) {
              if (ended || stream.aborted) break;
              await stream.writeSSE({ event: 'edit', id: String(e.revision), data: JSON.stringify(e) });
              last = e.revision;
            }
            if (edits.length === STREAM_BATCH) pending = true;
            continue;
          }
          const woken = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), heartbeatMs);
            wake = () => {
              clearTimeout(timer);
              resolve(true);
            };
          });
          if (!woken && !ended) await stream.writeSSE({ event: 'heartbeat', data: JSON.stringify({ revision: last, at: new Date().toISOString() }) });
        }
      } catch (e) {
        // A database error ends the stream; the browser's EventSource reconnects with Last-Event-ID.
        console.warn(`scene ${row.id}: event stream ended: ${(e as Error).message}`);
      } finally {
        unsubscribe();
      }
    });
  });

  return app;
}

/** Reviewers write review data only; the taxonomy is the project's, patched by managers only. */
function checkRoleMayPatch(role: Role, patches: readonly Patch[]): void {
  for (const p of patches) {
    const head = p.path[0];
    if (role === 'reviewer' && !REVIEWER_FIELDS.has(String(head)))
      throw new HttpError(403, `a reviewer may only write review data (${[...REVIEWER_FIELDS].join(', ')}); this edit writes ${jsonPath(p.path)}`);
    if (head === 'taxonomy' && role !== 'manager') throw new HttpError(403, `the taxonomy belongs to the project: only a manager may change it (${jsonPath(p.path)})`);
    if (head === undefined && role !== 'manager') throw new HttpError(403, 'only a manager may replace the whole scene');
  }
}

/**
 * A scene joins the project on the project's taxonomy: the same taxonomy id, a version no newer than
 * the project's; an older version is adopted (objects re-mapped through the taxonomy's history).
 */
function toProjectTaxonomy(scene: Scene, projectTaxonomy: unknown): { scene: Scene; adopted?: { from: number; to: number } } {
  const t = Taxonomy.safeParse(projectTaxonomy);
  if (!t.success) throw new HttpError(500, 'the project has no valid taxonomy');
  const mine = scene.taxonomy;
  if (mine.id !== t.data.id) throw new HttpError(422, `the scene's taxonomy "${mine.id}" is not the project's taxonomy "${t.data.id}"`, { body: { issues: [{ path: '$.taxonomy.id', message: `expected "${t.data.id}"` }] } });
  if (mine.version > t.data.version)
    throw new HttpError(422, `the scene uses taxonomy "${mine.id}" v${mine.version}, newer than the project's v${t.data.version}: update the project's taxonomy first`, { body: { issues: [{ path: '$.taxonomy.version', message: `at most ${t.data.version}` }] } });
  try {
    const next = execute(scene, adoptTaxonomy, { taxonomy: t.data }).next;
    return { scene: next, ...(mine.version < t.data.version ? { adopted: { from: mine.version, to: t.data.version } } : {}) };
  } catch (e) {
    if (e instanceof CommandError) throw new HttpError(422, `the scene does not fit the project's taxonomy v${t.data.version}: ${e.message}`);
    throw e;
  }
}

async function readJson(c: AppContext): Promise<unknown> {
  try {
    return await c.req.json();
  } catch (e) {
    throw new HttpError(400, `the body is not JSON: ${(e as Error).message}`);
  }
}

function revisionParam(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new HttpError(400, `${name} must be a revision number (an integer >= 0), not "${value}"`);
  return n;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
