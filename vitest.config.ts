import fs from 'node:fs';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { findPostgresBinDir } from './test/postgres-server.ts';

// Database and service tests run on PGlite always, and on a PostgreSQL server when one is installed
// (or DATABASE_URL names one). CI must run every tier: a missing server or browser fails the run.
const isCi = process.env.CI === 'true';
if (isCi) process.env.NO_COLOR ??= '1';

const chromiumPath = '/usr/bin/chromium';
const hasPostgres = Boolean(process.env.DATABASE_URL) || findPostgresBinDir() !== undefined;
const hasChromium = fs.existsSync(chromiumPath);
if (isCi && !hasPostgres) throw new Error('CI=true but no PostgreSQL server (initdb) was found: install postgresql or set DATABASE_URL');
if (isCi && !hasChromium) throw new Error(`CI=true but ${chromiumPath} is missing: install chromium`);

const databaseTests = ['src/{db,services,http,cli}/**/*.test.ts'];
const globalSetup = ['test/global-setup.ts'];

function databaseProject(kind: 'pglite' | 'postgres'): TestProjectInlineConfiguration {
  return {
    extends: true,
    // `*.pglite.test.ts` and `*.postgres.test.ts` are about one engine (the embedded folder, a server start) and run only there.
    test: { name: kind, include: databaseTests, exclude: [`**/*.${kind === 'pglite' ? 'postgres' : 'pglite'}.test.ts`], env: { VITAAL_TEST_DB: kind }, globalSetup, testTimeout: 30_000, hookTimeout: 60_000 },
  };
}

const projects: TestProjectInlineConfiguration[] = [
  {
    extends: true,
    test: {
      name: 'unit',
      include: ['src/*.test.ts', 'src/domain/**/*.test.ts', 'src/engine/**/*.test.ts', 'src/interop/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}'],
    },
  },
  databaseProject('pglite'),
];
if (hasPostgres) projects.push(databaseProject('postgres'));
if (hasChromium) {
  projects.push({
    extends: true,
    test: {
      name: 'browser',
      include: ['test/browser/**/*.test.ts'],
      // One demo server (test/browser/global-setup.ts) serves every browser test file.
      globalSetup: ['test/browser/global-setup.ts'],
      fileParallelism: false,
      maxWorkers: 1,
      testTimeout: 60_000,
      hookTimeout: 120_000,
      // After the other projects, so that the server and chromium have both cores.
      sequence: { groupOrder: 1 },
    },
  });
}

// The load test starts a demo ×10 server of its own and needs the machine to itself, so it runs last and alone: in full
// under `npm run test:resilience` (which sets VITAAL_RESILIENCE=1), shortened in CI's `npm test`, not in a local `npm test`.
const resilience = process.env.VITAAL_RESILIENCE === '1';
if (resilience || isCi) {
  projects.push({
    extends: true,
    test: {
      name: 'resilience',
      include: ['test/resilience/**/*.resilience.test.ts'],
      env: resilience ? {} : { VITAAL_RESILIENCE_QUICK: '1' },
      fileParallelism: false,
      maxWorkers: 1,
      testTimeout: 600_000,
      hookTimeout: 2_400_000,
      sequence: { groupOrder: 2 },
    },
  });
}

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    tags: [{ name: 'authorization', description: 'Who may read or change what: the authorization matrices of every issue, run together by npm run test:authorization.' }],
    projects,
  },
});
