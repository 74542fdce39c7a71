// The root Vite configuration. Vitest reads it for the unit, server and end-to-end suites;
// the widget's own build is driven by packages/widget/scripts/build.mjs.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'tests/**/*.test.ts'],
    // The widget's component tests run in Chromium under @web/test-runner (scripts/test.mjs runs them).
    exclude: ['**/node_modules/**', 'packages/widget/src/**'],
    // PGlite and Chromium are memory- and CPU-hungry; two workers fit this 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
