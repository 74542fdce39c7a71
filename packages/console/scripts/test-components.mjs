#!/usr/bin/env node
// Runs the console's component tests: @web/test-runner in Chromium on a free port.
// `--counts <file>` writes the pass/fail counts as JSON. Extra arguments go to the test runner
// (e.g. `--files src/queue/*.test.ts`).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
const wtr = join(dirname(createRequire(import.meta.url).resolve('@web/test-runner')), 'bin.js');
const code = await new Promise((resolve) => {
  const child = spawn(process.execPath, [wtr, '--config', join(here, '../web-test-runner.config.mjs'), ...args], {
    stdio: 'inherit',
    env: { ...process.env, AYUDA_WTR_PORT: String(port), ...(counts ? { AYUDA_WTR_COUNTS: counts } : {}) },
  });
  child.on('exit', (c) => resolve(c ?? 1));
});
process.exit(code);
