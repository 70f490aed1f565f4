/**
 * `npm run server` end to end, as a separate process over real sockets: starts on a free port,
 * answers health, bootstraps the --admin account, keeps its data across a SIGTERM and a restart,
 * and exits 0 on SIGTERM. On PGlite in a temp data folder, or on PostgreSQL with TEST_POSTGRES=1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase, testEngine } from './db/testing';

const dirs: string[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Starts the server; resolves with its URL once it logged its listening line. */
function start(args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1], output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${out}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe(`npm run server (${testEngine})`, () => {
  it('starts, answers health, bootstraps the admin, survives a restart with its data, exits 0 on SIGTERM', async () => {
    const data = mkdtempSync(path.join(tmpdir(), 'cl-server-'));
    dirs.push(data);
    const env: Record<string, string> = {};
    if (testEngine === 'postgres') {
      const fresh = await freshDatabase();
      cleanups.push(fresh.drop);
      env.DATABASE_URL = fresh.url;
    } else env.DATABASE_URL = '';
    env.MEDIA_URL = '';
    const args = ['--port', '0', '--data', data, '--admin', 'boss:first password'];

    const first = await start(args, env);
    expect(first.output()).toMatch(/created administrator "boss"/);
    const health = await fetch(`${first.url}/api/health`);
    expect(await health.json()).toEqual({ ok: true, database: testEngine });
    expect((await fetch(`${first.url}/api/projects`)).status).toBe(401);
    const login = await fetch(`${first.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'boss', password: 'first password' }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).not.toMatch(/Secure/); // plain http on loopback
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const headers = { cookie: cookie.split(';')[0], 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
    const created = await fetch(`${first.url}/api/projects`, { method: 'POST', headers, body: JSON.stringify({ name: 'Persisted' }) });
    expect(created.status).toBe(201);
    expect(await stop(first.child)).toBe(0);

    // Same data folder (or database), a different password on the command line: the account stays as it was.
    const second = await start(['--port', '0', '--data', data, '--admin', 'boss:another password'], env);
    expect(second.output()).not.toMatch(/created administrator/);
    const again = await fetch(`${second.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'boss', password: 'first password' }) });
    expect(again.status).toBe(200);
    const list = await fetch(`${second.url}/api/projects`, { headers: { cookie: again.headers.get('set-cookie')!.split(';')[0] } });
    expect(((await list.json()) as { projects: { name: string }[] }).projects.map((p) => p.name)).toEqual(['Persisted']);
    expect(await stop(second.child)).toBe(0);
  }, 300000);

  it('refuses a bad option with a message and exit code 1', async () => {
    await expect(start(['--prot', '1'], {})).rejects.toThrow(/exited with 1[\s\S]*unknown option --prot/);
  }, 120000);
});
