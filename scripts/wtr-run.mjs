// What the widget's and the console's component-test scripts share: their arguments
// (`--counts <file>` writes the pass/fail counts as JSON; the rest go to the test runner), a
// free port for the test runner's server, and @web/test-runner run in Chromium with a config.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The script's arguments: `counts` (the file for the counts, if asked) and the test runner's. */
export function componentTestArgs(argv = process.argv.slice(2)) {
  const args = [...argv];
  const ci = args.indexOf('--counts');
  const counts = ci >= 0 ? args.splice(ci, 2)[1] : undefined;
  return { args, counts };
}

/** A TCP port free on 127.0.0.1 just now. */
export const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** Runs @web/test-runner with `config` on `port`; resolves with its exit code. */
export function runTestRunner({ config, args, port, counts, env = {} }) {
  const wtr = join(dirname(createRequire(import.meta.url).resolve('@web/test-runner')), 'bin.js');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [wtr, '--config', config, ...args], {
      stdio: 'inherit',
      env: { ...process.env, AYUDA_WTR_PORT: String(port), ...env, ...(counts ? { AYUDA_WTR_COUNTS: counts } : {}) },
    });
    child.on('exit', (c) => resolve(c ?? 1));
  });
}
