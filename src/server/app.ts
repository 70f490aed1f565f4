/**
 * The HTTP application: one Hono app over the server's dependencies. Stateless — everything lives in
 * the database and the media store — so any number of instances can serve one team.
 *   GET /api/health (public) · /api/auth/* · /api/users · /api/projects/* · /api/tasks/*
 *   scenes (src/server/scenes/routes.ts) · media (src/server/storage/routes.ts)
 * Every /api route but health and login needs a session (401) and, when it changes state, the
 * session's CSRF token (403): http/session.ts. Errors are `{ "error": "…" }` with their status.
 */
import { Hono } from 'hono';
import { authRoutes } from './auth/routes';
import { HttpError, type AppEnv, type ServerDeps } from './http/context';
import { sessionMiddleware } from './http/session';
import { projectRoutes } from './projects/routes';
import { sceneRoutes } from './scenes/routes';
import { mediaRoutes } from './storage/routes';
import { taskRoutes } from './tasks/routes';
import { staticRoutes } from './static';

export function createApp(deps: ServerDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
  });
  app.use('/api/*', sessionMiddleware());

  app.get('/api/health', (c) => c.json({ ok: true, database: deps.db.kind }));
  app.route('/api', authRoutes());
  app.route('/api', projectRoutes());
  app.route('/api', taskRoutes());
  app.route('/api', sceneRoutes());
  app.route('/api', mediaRoutes());
  app.route('/', staticRoutes()); // the built browser app on the same origin (static.ts)

  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}` }, 404));
  app.onError((err, c) => {
    if (err instanceof HttpError) {
      for (const [k, v] of Object.entries(err.extra.headers ?? {})) c.header(k, v);
      return c.json({ error: err.message, ...err.extra.body }, err.status);
    }
    // Hono's own errors (e.g. bodyLimit) carry a status and a response of their own.
    const status = (err as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500)
      return c.json({ error: err.message || 'bad request' }, status as 400);
    console.error(`server: ${c.req.method} ${c.req.path} failed:`, err);
    return c.json({ error: 'internal server error (logged on the server)' }, 500);
  });
  return app;
}
