/**
 * The server's configuration: command-line flags over environment variables over defaults.
 *   --port P            PORT            8787
 *   --host H            HOST            127.0.0.1 (0.0.0.0 in a container)
 *   --data DIR          CROSSLABEL_DATA ./.crosslabel-server (PGlite's database and the media folder)
 *   DATABASE_URL        → a PostgreSQL server instead of PGlite
 *   MEDIA_URL           → s3://bucket/prefix instead of <data>/media
 *   --admin NAME:PASSWORD  CROSSLABEL_ADMIN  creates that administrator account at start when the name is free
 *   --trust-proxy       TRUST_PROXY=1   read the client address and scheme from X-Forwarded-For / -Proto
 */
import path from 'node:path';
import type { PasswordCost } from './auth/passwords';

export interface LoginLimits {
  /** Failed logins allowed per account name inside the window. */
  perName: number;
  /** Failed logins allowed per client address inside the window (several people may share a NAT). */
  perIp: number;
  windowSeconds: number;
}

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  mediaUrl?: string;
  /** Session lifetime (seconds) from login. */
  sessionSeconds: number;
  login: LoginLimits;
  /** Behind a reverse proxy: trust X-Forwarded-For (client address) and X-Forwarded-Proto (https → Secure cookie). */
  trustProxy: boolean;
  admin?: { name: string; password: string };
  /** argon2id cost for new hashes; absent = DEFAULT_PASSWORD_COST (tests lower it to stay fast). */
  passwordCost?: PasswordCost;
}

export const DEFAULT_PORT = 8787;
export const DEFAULT_DATA_DIR = '.crosslabel-server';

export function defaultConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    port: DEFAULT_PORT,
    host: '127.0.0.1',
    dataDir: path.resolve(DEFAULT_DATA_DIR),
    sessionSeconds: 7 * 24 * 3600,
    login: { perName: 10, perIp: 30, windowSeconds: 15 * 60 },
    trustProxy: false,
    ...overrides,
  };
}

type Env = Record<string, string | undefined>;

/** Parses argv (after the script name) and env; throws naming the bad flag or variable. */
export function parseConfig(argv: readonly string[], env: Env = process.env): ServerConfig {
  const flags = new Map<string, string>();
  const booleans = new Set(['--trust-proxy']);
  const known = new Set(['--port', '--host', '--data', '--admin', ...booleans]);
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (!known.has(flag)) throw new Error(`server: unknown option ${argv[i]} (known: ${[...known].join(', ')})`);
    if (booleans.has(flag)) {
      flags.set(flag, inline ?? '1');
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`server: ${flag} needs a value`);
    flags.set(flag, value);
  }
  const portText = flags.get('--port') ?? env.PORT;
  const port = portText === undefined ? DEFAULT_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`server: --port ${portText} is not a port number (0–65535)`);
  const adminText = flags.get('--admin') ?? env.CROSSLABEL_ADMIN;
  let admin: ServerConfig['admin'];
  if (adminText) {
    const at = adminText.indexOf(':');
    if (at < 1 || at === adminText.length - 1) throw new Error('server: --admin expects NAME:PASSWORD');
    admin = { name: adminText.slice(0, at), password: adminText.slice(at + 1) };
  }
  const trust = flags.get('--trust-proxy') ?? env.TRUST_PROXY;
  return defaultConfig({
    port,
    host: flags.get('--host') ?? env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(flags.get('--data') ?? env.CROSSLABEL_DATA ?? DEFAULT_DATA_DIR),
    databaseUrl: env.DATABASE_URL || undefined,
    mediaUrl: env.MEDIA_URL || undefined,
    trustProxy: trust === '1' || trust === 'true',
    admin,
  });
}
