#!/usr/bin/env node
// `npm test`: type-checks the workspace, runs every vitest suite (units, server on PGlite and,
// when DATABASE_URL is set, PostgreSQL, end-to-end in Chromium), and ends with one line
// "N passed, N failed" counting every test and the type check.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
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
rmSync(dir, { recursive: true, force: true });

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
