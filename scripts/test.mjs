#!/usr/bin/env node
// `npm test`: type-checks the workspace; builds the widget and the staff console (the
// end-to-end tests load them from the server) and the `ayuda` command; runs the widget's and the
// console's component tests (@web/test-runner in Chromium), then every vitest suite (units, the
// server on PGlite and, when DATABASE_URL is set, PostgreSQL, end-to-end in Chromium); and ends
// with one line "N passed, N failed" counting every test, the type check and the builds; just
// before it, it names again what failed before vitest (CI shows only the end of the output).
// Arguments are passed to vitest alone (and skip the component tests).
// The type check (one core, a minute when nothing is built yet) runs alongside the builds and
// the component suites, which run one after the other; the kept output of each is printed whole
// under its heading. Vitest comes after all of them, with the machine to itself.
// Without Chromium it runs nothing and says, in one line, how to get it: a third of the
// suite needs it, and a run that fails that third says less than that line.
import { spawn, spawnSync } from 'node:child_process';
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
/** What failed before vitest, named again at the end: CI shows only the end of the output. */
const failures = [];

function run(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env: process.env });
  return r.status === 0;
}

/** Runs a command with its output kept (stdout and stderr in the order written); resolves with its success and output. */
function runKept(cmd, cmdArgs) {
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', (err) => (output += `${err.message}\n`));
    child.once('close', (code) => resolve({ ok: code === 0, output }));
  });
}

/** Prints a kept run's output under its heading. */
function show(heading, output) {
  console.log(heading);
  if (output) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
}

const typeCheck = args.length ? null : runKept('npx', ['tsc', '-b']);
if (typeCheck) console.log('== type check (tsc -b): running alongside the builds and the component tests');

/** A build step: counted as one test, and named again at the end when it fails. */
function build(name, script) {
  console.log(`== ${name}`);
  if (run('node', [script])) passed++;
  else {
    failed++;
    failures.push(name);
    console.log(`${name} FAILED`);
  }
}

build('widget build', 'packages/widget/scripts/build.mjs');
build('console build', 'packages/console/scripts/build.mjs');
// The command in one file (bin/ayuda.js runs it while no source is newer): the tests that
// spawn `ayuda` start each process in a third of the time.
build('ayuda command build', 'packages/server/scripts/build-cli.mjs');

const dir = mkdtempSync(join(tmpdir(), 'ayuda-test-'));
if (!args.length) {
  // One after the other: side by side, on a loaded machine, a lazily loaded screen outlasted a test's wait.
  const components = (async () => {
    const suites = [];
    for (const [name, script] of [
      ['widget', 'packages/widget/scripts/test-components.mjs'],
      ['console', 'packages/console/scripts/test-components.mjs'],
    ]) {
      const counts = join(dir, `${name}-components.json`);
      suites.push({ name, counts, ...(await runKept('node', [script, '--counts', counts])) });
    }
    return suites;
  })();
  console.log('== widget and console components (@web/test-runner, Chromium): running');
  const { ok, output } = await typeCheck;
  show('== type check (tsc -b)', output);
  if (ok) passed++;
  else {
    failed++;
    failures.push('type check (tsc -b)');
    console.log('type check FAILED');
  }
  for (const { name, counts, ok: componentsOk, output: componentsOutput } of await components) {
    show(`== ${name} components (@web/test-runner, Chromium)`, componentsOutput);
    try {
      const c = JSON.parse(readFileSync(counts, 'utf8'));
      passed += c.passed;
      failed += c.failed;
      skipped += c.skipped;
      for (const f of c.failures ?? []) failures.push(`${name} components: ${f}`);
      if (!componentsOk && c.failed === 0) {
        failed++;
        failures.push(`${name} components: the test runner failed with every test passed`);
      }
    } catch {
      failed++;
      failures.push(`${name} components: no counts written`);
      console.log(`the ${name} component tests wrote no counts: counting the run as one failure`);
    }
  }
}

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

if (failures.length) {
  console.log('== failed before vitest (vitest lists its own failures above)');
  for (const f of failures) console.log(`- ${f}`);
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
