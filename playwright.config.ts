import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// E2E_PORT / E2E_DIST let two checkouts' (or two engineers') e2e runs share a machine: each serves its
// own build (`vite build --outDir $E2E_DIST`) on its own port. CI uses the defaults.
const port = Number(process.env.E2E_PORT ?? 4173);
const dist = process.env.E2E_DIST ?? 'dist';
// For e2e/team*.spec.ts: a team server (`npm run server`) serving the same build with a fresh PGlite
// data folder and an admin account. Started for the whole suite (`npm test`), for the team spec named
// on the command line, or with E2E_TEAM=1; a run of other named specs does without it.
const teamPort = Number(process.env.E2E_TEAM_PORT ?? port + 1);
const teamData = path.join(os.tmpdir(), `crosslabel-e2e-team-${teamPort}`);
const namedSpecs = process.argv.slice(2).filter((a) => /\.spec\.ts(:\d+)?$|^e2e\//.test(a));
const withTeam = process.env.E2E_TEAM === '1' || namedSpecs.length === 0 || namedSpecs.some((a) => /team[\w-]*\.spec/.test(a));

export default defineConfig({
  testDir: 'e2e',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: process.env.E2E_DIST ? `test-results-${process.env.E2E_DIST}` : 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath,
      args: [
        '--use-angle=swiftshader',
        '--enable-unsafe-swiftshader',
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  webServer: [
    {
      command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort --outDir ${dist}`,
      url: `http://127.0.0.1:${port}`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    ...(withTeam
      ? [
          {
            command: `rm -rf ${teamData} && CROSSLABEL_APP_DIR=${dist} npm run server -- --host 127.0.0.1 --port ${teamPort} --data ${teamData} --admin e2e-admin:e2e-admin-password`,
            url: `http://127.0.0.1:${teamPort}/api/health`,
            reuseExistingServer: false,
            timeout: 120_000,
          },
        ]
      : []),
  ],
});
