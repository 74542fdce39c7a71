#!/usr/bin/env node
// Runs the component tests: starts the real Ayuda server (PGlite, demo knowledge base) on a
// free port, then @web/test-runner in Chromium against it. `--counts <file>` writes the
// pass/fail counts as JSON. Extra arguments go to the test runner (e.g. `--files src/search/*.test.ts`).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runFromSources } from '../../server/bin/sources.mjs';

runFromSources();
const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const ci = args.indexOf('--counts');
const counts = ci >= 0 ? args.splice(ci, 2)[1] : undefined;

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const port = await freePort();
const { startTestServer } = await import('../../../tests/helpers/server.ts');
// An easy captcha (as in the end-to-end tests): the fast lane's sign-in test ticks a real one.
const server = await startTestServer('pglite', { AYUDA_CORS_ORIGINS: `http://127.0.0.1:${port}`, AYUDA_RATE_LIMIT: '100000', AYUDA_CAPTCHA_MAX_NUMBER: '1000' });
const wtr = join(dirname(createRequire(import.meta.url).resolve('@web/test-runner')), 'bin.js');
const code = await new Promise((resolve) => {
  const child = spawn(process.execPath, [wtr, '--config', join(here, '../web-test-runner.config.mjs'), ...args], {
    stdio: 'inherit',
    env: {
      ...process.env,
      AYUDA_WTR_PORT: String(port),
      AYUDA_WTR_SERVER: JSON.stringify({ server: server.url, staffToken: server.staffToken }),
      ...(counts ? { AYUDA_WTR_COUNTS: counts } : {}),
    },
  });
  child.on('exit', (c) => resolve(c ?? 1));
});
await server.close();
process.exit(code);
