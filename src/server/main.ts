/**
 * `npm run server -- [--port P] [--host H] [--data DIR] [--admin NAME:PASSWORD] [--trust-proxy]`
 * Starts one stateless server instance: PGlite in <data>/db by default, or PostgreSQL with
 * DATABASE_URL; media in <data>/media, or S3 with MEDIA_URL=s3://bucket/prefix (config.ts).
 * Logs one line when listening; SIGTERM / SIGINT stop it cleanly (no new requests, open event
 * streams closed, the database closed — PGlite flushes its folder).
 *
 * The first account: `--admin NAME:PASSWORD` (or CROSSLABEL_ADMIN) creates that server
 * administrator when the name is free; an administrator, or any project manager, creates further
 * accounts with POST /api/users.
 */
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app';
import { createUser, findUserByName } from './auth/users';
import { parseConfig, type ServerConfig } from './config';
import { openDb } from './db/db';
import { SceneEvents } from './scenes/events';
import { openStorage } from './storage/open';

export interface RunningServer {
  url: string;
  port: number;
  config: ServerConfig;
  /** Stops accepting, ends open connections after `graceMs`, closes the database. */
  close(graceMs?: number): Promise<void>;
}

/** Opens the database and media store named by `config` and listens. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const db = await openDb(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: path.join(config.dataDir, 'db') });
  try {
    const storage = await openStorage(config.mediaUrl, config.dataDir);
    if (config.admin) await ensureAdmin(db, config);
    const events = new SceneEvents(db);
    const app = createApp({ db, config, storage, events });
    const server = await listen(app.fetch, config);
    const port = (server.address() as AddressInfo).port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `http://${host}:${port}`;
    const where = db.kind === 'pglite' ? `pglite in ${path.join(config.dataDir, 'db')}` : `postgres at ${redact(config.databaseUrl!)}`;
    console.log(`crosslabel server listening on ${url} · database ${where} · media ${storage.location}`);
    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      config,
      close(graceMs = 5000) {
        closing ??= (async () => {
          await events.close();
          await new Promise<void>((resolve) => {
            const force = setTimeout(() => (server as import('node:http').Server).closeAllConnections?.(), graceMs);
            server.close(() => {
              clearTimeout(force);
              resolve();
            });
            (server as import('node:http').Server).closeIdleConnections?.();
          });
          await storage.close();
          await db.close();
        })();
        return closing;
      },
    };
  } catch (e) {
    await db.close();
    throw e;
  }
}

function listen(fetch: Parameters<typeof serve>[0]['fetch'], config: ServerConfig): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: config.port, hostname: config.host }, () => resolve(server));
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(new Error(e.code === 'EADDRINUSE' ? `server: port ${config.port} on ${config.host} is in use; pick another with --port` : `server: cannot listen: ${e.message}`)),
    );
  });
}

/** Creates the --admin account when its name is free; an existing account is left as it is. */
async function ensureAdmin(db: Parameters<typeof createUser>[0], config: ServerConfig): Promise<void> {
  const { name, password } = config.admin!;
  if (await findUserByName(db, name)) return;
  await createUser(db, name, password, { isAdmin: true, cost: config.passwordCost });
  console.log(`crosslabel server: created administrator "${name}"`);
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(DATABASE_URL)';
  }
}

async function main(): Promise<void> {
  let server: RunningServer;
  try {
    server = await startServer(parseConfig(process.argv.slice(2)));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
  const stop = (signal: string) => {
    console.log(`crosslabel server: ${signal}, shutting down`);
    server.close().then(
      () => process.exit(0),
      (e) => {
        console.error(`crosslabel server: shutdown failed: ${(e as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) void main();
