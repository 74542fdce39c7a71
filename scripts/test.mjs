#!/usr/bin/env node
// `npm test`: type-checks the workspace, builds the widget and the staff console (the
// end-to-end tests load them from the server), runs every vitest suite (units, server on PGlite
// and, when DATABASE_URL is set, PostgreSQL, end-to-end in Chromium), then the widget's and the
// console's component tests (@web/test-runner in Chromium), and ends with one line
// "N passed, N failed" counting every test, the type check and the builds. Arguments are passed to vitest alone (and skip the component tests).
// Without Chromium it runs nothing and says, in one line, how to get it: a third of the
// suite needs it, and a run that fails that third says less than that line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_MISSING, findChromium } from './chromium.mjs';

const args = process.argv.slice(2);

// Only for the whole suite: `npm test -- packages/core` needs no browser, and a browser test
// picked by name fails with the same sentence.
if (!args.length && !findChromium()) {
  console.error(CHROMIUM_MISSING);
  process.exit(1);
}
let passed = 0;
let failed = 0;
let skipped = 0;

function run(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env: process.env });
  return r.status === 0;
}

if (!args.length) {
  console.log('== type check (tsc -b)');
  if (run('npx', ['tsc', '-b'])) passed++;
  else {
    failed++;
    console.log('type check FAILED');
  }
}

console.log('== widget build');
if (run('node', ['packages/widget/scripts/build.mjs'])) passed++;
else {
  failed++;
  console.log('widget build FAILED');
}

console.log('== console build');
if (run('node', ['packages/console/scripts/build.mjs'])) passed++;
else {
  failed++;
  console.log('console build FAILED');
}

const dir = mkdtempSync(join(tmpdir(), 'ayuda-test-'));
const report = join(dir, 'vitest.json');
console.log('== vitest');
const ok = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args]);
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  // A suite that failed to load has no tests to count but is a failure all the same.
  failed += r.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
} catch {
  failed++;
  console.log('vitest wrote no report: counting the run as one failure');
}
if (!ok && failed === 0) failed++;

if (!args.length) {
  for (const [name, script] of [
    ['widget', 'packages/widget/scripts/test-components.mjs'],
    ['console', 'packages/console/scripts/test-components.mjs'],
  ]) {
    console.log(`== ${name} components (@web/test-runner, Chromium)`);
    const counts = join(dir, `${name}-components.json`);
    const componentsOk = run('node', [script, '--counts', counts]);
    try {
      const c = JSON.parse(readFileSync(counts, 'utf8'));
      passed += c.passed;
      failed += c.failed;
      skipped += c.skipped;
      if (!componentsOk && c.failed === 0) failed++;
    } catch {
      failed++;
      console.log(`the ${name} component tests wrote no counts: counting the run as one failure`);
    }
  }
}
rmSync(dir, { recursive: true, force: true });

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
