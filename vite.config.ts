// The root Vite configuration. Vitest reads it for the unit, server and end-to-end suites;
// the widget's own build is driven by packages/widget/scripts/build.mjs.
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// The workspace packages from their TypeScript sources (see packages/server/bin/sources.mjs).
const SOURCE = 'ayuda-source';

export default defineConfig({
  resolve: { conditions: [SOURCE, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [SOURCE, ...defaultServerConditions], externalConditions: [SOURCE] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'tests/**/*.test.ts', 'scripts/**/*.test.ts'],
    // The widget's and the console's component tests run in Chromium under @web/test-runner (scripts/test.mjs runs them).
    exclude: ['**/node_modules/**', 'packages/widget/src/**', 'packages/console/src/**'],
    // PGlite and Chromium are memory- and CPU-hungry; two workers fit this 2-core machine.
    pool: 'forks',
    // Each worker loads the server's modules once for all the files it runs, not once per file:
    // with isolation, re-importing them cost some 400 s of the suite's worker time (of about
    // 3,500 s) on this 2-core machine. Every file builds its own app, database and server, and
    // the suite passes either way; `npm test -- --isolate` runs each file in fresh modules.
    isolate: false,
    // One migrated PGlite for the run, which each test PGlite starts from (and, with DATABASE_URL,
    // one migrated PostgreSQL database each test database is copied from).
    globalSetup: ['packages/server/src/testing/pglite-template.ts'],
    // A query sent on a busy PostgreSQL client (pg's deprecation warning) fails its test.
    setupFiles: ['packages/server/src/testing/pg-concurrency-guard.ts'],
    maxWorkers: 2,
    testTimeout: 30_000,
    // expect.poll waits up to 10 s (vitest's default is 1 s), as the browser tests' pages do
    // (tests/helpers/browser.ts): a console screen redrawn on a loaded 2-core machine took longer
    // than a second. A poll still ends at its first success.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 60_000,
  },
});
