#!/usr/bin/env node
// A throw-away PostgreSQL server for tests: Debian's PostgreSQL (/usr/lib/postgresql/<v>/bin,
// installed with apt-get where missing and we are root, like ensure-chromium.mjs), initdb into a
// temp folder as an unprivileged user (PostgreSQL refuses to run as root: `postgres` when that
// account exists, else `nobody`), started on a free port on 127.0.0.1, stopped and deleted after.
//
//   node scripts/postgres.mjs -- CMD ARGS…   start, run CMD with DATABASE_URL / TEST_DATABASE_URL set, stop
//   node scripts/postgres.mjs                start and print the URL; Ctrl+C stops and deletes it
//   import { startPostgres } from './scripts/postgres.mjs'   (vitest's global setup)
//
// Test settings: trust authentication on loopback only, fsync off (a crash loses the throw-away
// data, never anything else). PG_BIN=/path/to/bin picks another installation.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** The bin folder of the newest Debian PostgreSQL, installing the `postgresql` package when none. */
export function findPostgresBin() {
  if (process.env.PG_BIN) {
    if (!existsSync(path.join(process.env.PG_BIN, 'initdb'))) throw new Error(`postgres: PG_BIN=${process.env.PG_BIN} has no initdb`);
    return process.env.PG_BIN;
  }
  const found = () => {
    const root = '/usr/lib/postgresql';
    if (!existsSync(root)) return undefined;
    const versions = readdirSync(root)
      .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')) && existsSync(path.join(root, v, 'bin', 'postgres')))
      .sort((a, b) => Number(b) - Number(a));
    return versions.length ? path.join(root, versions[0], 'bin') : undefined;
  };
  let bin = found();
  if (bin) return bin;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.error('postgres: not found; installing Debian postgresql with apt-get (about a minute)...');
    execFileSync('/bin/bash', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null'], { stdio: 'inherit' });
    bin = found();
    if (bin) return bin;
  }
  throw new Error(
    'postgres: no PostgreSQL server binaries found (looked in /usr/lib/postgresql/*/bin).\n' +
      '  Install them: sudo apt-get install postgresql   (Debian/Ubuntu), or set PG_BIN.',
  );
}

/** The unprivileged account the server runs as when we are root. */
function serverUser() {
  if (!isRoot) return undefined;
  const hasPostgres = spawnSync('id', ['-u', 'postgres']).status === 0;
  return hasPostgres ? 'postgres' : 'nobody';
}

/** Runs a PostgreSQL binary as the unprivileged user (runuser when we are root). */
function asUser(user, file, args, opts = {}) {
  return user ? ['runuser', ['-u', user, '--', file, ...args], opts] : [file, args, opts];
}

function run(user, file, args) {
  const [cmd, argv] = asUser(user, file, args);
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`postgres: ${path.basename(file)} failed (${r.status}): ${r.stderr || r.stdout || r.error?.message}`);
  return r.stdout;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a fresh server. Resolves to { url, port, dir, stop(), restart() }:
 * stop() shuts it down and deletes the folder; restart() stops and starts the same cluster on the
 * same port (for fault tests: clients see their connections drop and come back).
 */
export async function startPostgres({ quiet = false } = {}) {
  const bin = findPostgresBin();
  const user = serverUser();
  const dir = mkdtempSync(path.join(tmpdir(), 'crosslabel-pg-'));
  const data = path.join(dir, 'data');
  if (user) {
    const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  run(user, path.join(bin, 'initdb'), ['-D', data, '-U', 'crosslabel', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  const port = await freePort();
  const log = path.join(dir, 'server.log');
  const options = [`-p ${port}`, `-k ${dir}`, "-c listen_addresses='127.0.0.1'", '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', '-c max_connections=200'].join(' ');
  const pgCtl = (...args) => run(user, path.join(bin, 'pg_ctl'), ['-D', data, ...args]);
  const start = () => pgCtl('-l', log, '-o', options, '-w', '-t', '60', 'start');
  const stopServer = (mode = 'fast') => {
    try {
      pgCtl('-m', mode, '-w', '-t', '60', 'stop');
    } catch {
      killFromPidFile(data);
    }
  };
  try {
    start();
  } catch (e) {
    const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-20).join('\n') : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${e.message}\n${tail}`);
  }
  // If this process dies without stopping it, do not leave a server behind.
  const onExit = () => {
    killFromPidFile(data);
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', onExit);
  const url = `postgres://crosslabel@127.0.0.1:${port}/postgres`;
  const version = run(user, path.join(bin, 'postgres'), ['--version']).trim();
  if (!quiet) console.error(`postgres: ${version} on ${url} (data in ${data})`);
  let stopped = false;
  return {
    url,
    port,
    dir,
    version,
    /** Stops the server (fast shutdown) and deletes its folder. */
    async stop() {
      if (stopped) return;
      stopped = true;
      stopServer();
      process.off('exit', onExit);
      rmSync(dir, { recursive: true, force: true });
    },
    /** Stops (mode 'fast' or 'immediate', i.e. a crash) and starts the same cluster again. */
    async restart({ mode = 'fast', downMs = 0 } = {}) {
      stopServer(mode);
      if (downMs) await new Promise((r) => setTimeout(r, downMs));
      start();
    },
  };
}

function killFromPidFile(data) {
  try {
    const pid = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (pid > 0) process.kill(pid, 'SIGQUIT');
  } catch {
    // not running
  }
}

async function main() {
  const sep = process.argv.indexOf('--');
  const cmd = sep >= 0 ? process.argv.slice(sep + 1) : process.argv.slice(2);
  const pg = await startPostgres();
  const stopAndExit = async (code) => {
    await pg.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => stopAndExit(130));
  process.on('SIGTERM', () => stopAndExit(143));
  if (cmd.length === 0) {
    console.log(pg.url);
    console.error('postgres: running; Ctrl+C stops it and deletes its data');
    return;
  }
  const child = spawn(cmd[0], cmd.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: pg.url, TEST_DATABASE_URL: pg.url, TEST_POSTGRES: '1' },
  });
  child.on('exit', (code, signal) => stopAndExit(code ?? (signal ? 1 : 0)));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
