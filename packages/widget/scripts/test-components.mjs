#!/usr/bin/env node
// Runs the component tests: starts the real Ayuda server (PGlite, demo knowledge base) on a
// free port, then @web/test-runner in Chromium against it. `--counts <file>` writes the
// pass/fail counts as JSON. Extra arguments go to the test runner (e.g. `--files src/search/*.test.ts`).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runFromSources } from '../../server/bin/sources.mjs';
import { componentTestArgs, freePort, runTestRunner } from '../../../scripts/wtr-run.mjs';

runFromSources();
const here = dirname(fileURLToPath(import.meta.url));
const { args, counts } = componentTestArgs();
const port = await freePort();
const { startTestServer } = await import('../../../tests/helpers/server.ts');
// An easy captcha (as in the end-to-end tests): the fast lane's sign-in test ticks a real one.
const server = await startTestServer('pglite', { AYUDA_CORS_ORIGINS: `http://127.0.0.1:${port}`, AYUDA_RATE_LIMIT: '100000', AYUDA_CAPTCHA_MAX_NUMBER: '1000' });
const code = await runTestRunner({
  config: join(here, '../web-test-runner.config.mjs'),
  args,
  port,
  counts,
  env: { AYUDA_WTR_SERVER: JSON.stringify({ server: server.url, staffToken: server.staffToken }) },
});
await server.close();
process.exit(code);
