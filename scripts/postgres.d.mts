// Types for scripts/postgres.mjs (imported by the vitest global setup).
export interface TestPostgres {
  url: string;
  port: number;
  dir: string;
  version: string;
  stop(): Promise<void>;
  restart(opts?: { mode?: 'fast' | 'immediate'; downMs?: number }): Promise<void>;
}
export function findPostgresBin(): string;
export function freePort(): Promise<number>;
export function startPostgres(opts?: { quiet?: boolean }): Promise<TestPostgres>;
