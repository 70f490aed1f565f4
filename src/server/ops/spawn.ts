/**
 * A server instance as a child process (`src/server/main.ts` under tsx), for the load benchmark and
 * the fault tests: a process of its own can be SIGKILLed mid-burst and started again on the same
 * data, and two instances really run side by side. Loopback only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Output so far (stdout and stderr), for failure messages. */
  log(): string;
  /** SIGKILL: no shutdown at all, as in a crash or an OOM kill. */
  kill(): Promise<void>;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  dataDir: string;
  /** 0 = any free port (read back from the log line). */
  port?: number;
  admin?: { name: string; password: string };
  /** Extra environment, e.g. DATABASE_URL. */
  env?: Record<string, string | undefined>;
  /** Give up waiting for "listening" after this long (default 60 s: tsx compiles on first start). */
  timeoutMs?: number;
}

export function spawnServer(opts: SpawnOptions): Promise<ServerProcess> {
  const args = ['--import', 'tsx', path.join(root, 'src/server/main.ts'), '--port', String(opts.port ?? 0), '--data', opts.dataDir];
  if (opts.admin) args.push('--admin', `${opts.admin.name}:${opts.admin.password}`);
  const env: Record<string, string | undefined> = { ...process.env, DATABASE_URL: undefined, MEDIA_URL: undefined, CROSSLABEL_ADMIN: undefined, ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const child = spawn(process.execPath, args, { cwd: root, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let started = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${opts.timeoutMs ?? 60000} ms:\n${out.slice(-2000)}`));
    }, opts.timeoutMs ?? 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m && !started) {
        started = true;
        clearTimeout(timer);
        const url = m[1];
        resolve({
          url,
          port: Number(new URL(url).port),
          child,
          log: () => out,
          async kill() {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
            await exited;
          },
          async stop() {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${out.slice(-2000)}`));
    });
  });
}
