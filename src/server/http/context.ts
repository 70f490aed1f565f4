/**
 * What every route module shares: the Hono environment (the signed-in user and the server's
 * dependencies), the error type routes throw, and `authorize`, the one place that decides whether a
 * user may touch a project.
 *
 * Rules (tested route by route in http/authorization.test.ts):
 * - no session → 401 (the session middleware, before any route runs);
 * - a state-changing request without the session's x-csrf-token → 403 (same middleware);
 * - not a member of the project → 404, exactly as for a project that does not exist: a guessed id
 *   reveals nothing;
 * - a member whose role is not allowed → 403.
 */
import type { Context } from 'hono';
import { ProjectRole } from '../../core/tasks/workflow';
import type { Db } from '../db/db';
import type { ServerConfig } from '../config';
import type { MediaStore } from '../storage/mediaStore';
import type { SceneEvents } from '../scenes/events';

export { ProjectRole };
export type Role = ProjectRole;

/** The signed-in user, set by the session middleware on every authenticated request. */
export interface SessionUser {
  id: string;
  name: string;
  isAdmin: boolean;
  /** The session's CSRF token (echoed by GET /api/auth/me for clients that lost it). */
  csrfToken: string;
}

export interface ServerDeps {
  db: Db;
  config: ServerConfig;
  storage?: MediaStore;
  /** This instance's scene-edit fan-out (one LISTEN); the scene routes make one when absent. */
  events?: SceneEvents;
}

export type AppEnv = { Variables: { user: SessionUser; deps: ServerDeps } };
export type AppContext = Context<AppEnv>;

/** Thrown by routes and helpers; the app's error handler answers `{ error: message }` with `status`. */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503,
    message: string,
    /** Extra JSON fields for the body (e.g. conflicts) and headers (e.g. Retry-After). */
    readonly extra: { body?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }
}

/** The project's wording in a 404: the same whether it does not exist or the user is no member. */
export const NO_SUCH_PROJECT = 'no such project';

/**
 * The signed-in user's role in `projectId`, when it is one of `roles` (default: any role).
 * Throws 404 for a non-member (or a project that does not exist), 403 for a member with another role.
 * A route that found the project through another record (a task, a scene) passes that record's
 * `notFound` wording, so that its 404 reads the same whether the record or the membership is missing.
 */
export async function authorize(c: AppContext, projectId: string, roles?: readonly Role[], opts: { notFound?: string } = {}): Promise<Role> {
  const user = c.get('user');
  const { db } = c.get('deps');
  const role = await roleOf(db, projectId, user.id);
  if (!role) throw new HttpError(404, opts.notFound ?? NO_SUCH_PROJECT);
  if (roles && !roles.includes(role)) throw new HttpError(403, `your role in this project is ${role}; this needs ${roles.join(' or ')}`);
  return role;
}

/** `userId`'s role in `projectId`, or undefined when not a member. */
export async function roleOf(db: Pick<Db, 'query'>, projectId: string, userId: string): Promise<Role | undefined> {
  const { rows } = await db.query<{ role: Role }>('select role from members where project_id = $1 and user_id = $2', [projectId, userId]);
  return rows[0]?.role;
}
