/**
 * Vitest global setup: with TEST_POSTGRES=1 (and no TEST_DATABASE_URL already given), start a
 * throw-away PostgreSQL server (scripts/postgres.mjs) for the whole run and hand its URL to the
 * tests (`testDb()` in ./testing.ts gives each test its own database on it). Otherwise a no-op:
 * the tests run on PGlite in memory.
 */
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    project.provide('testDatabaseUrl', given);
    return undefined;
  }
  if (process.env.TEST_POSTGRES !== '1') {
    project.provide('testDatabaseUrl', '');
    return undefined;
  }
  const { startPostgres } = await import('../../../scripts/postgres.mjs');
  const pg = await startPostgres();
  project.provide('testDatabaseUrl', pg.url);
  return () => pg.stop();
}
