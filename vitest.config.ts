import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20000,
    // Server tests open PGlite (initdb in wasm) in their hooks: seconds each on a loaded machine.
    hookTimeout: 180000, // server suites create accounts (argon2) and databases in beforeAll: slow on a loaded 2-core machine
    // TEST_POSTGRES=1: one throw-away PostgreSQL server for the run (a no-op otherwise; src/server/db/testing.ts).
    globalSetup: ['src/server/db/postgresGlobalSetup.ts'],
  },
});
