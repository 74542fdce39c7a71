// A @web/test-runner reporter that writes `{ passed, failed, skipped, failures }` to a JSON file,
// so the repository's test runner can add the component tests to its one closing line and
// name the failed ones again at the end of its output (CI shows only the end).
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';

/** The first line of a test's or a file's error. */
const firstLine = (err) => String(err?.message ?? err ?? 'failed').split('\n')[0];

function count(suite, into, file, path) {
  for (const t of suite?.tests ?? []) {
    if (t.skipped) into.skipped++;
    else if (t.passed) into.passed++;
    else {
      into.failed++;
      into.failures.push(`${file} › ${[...path, t.name].join(' › ')}: ${firstLine(t.error)}`);
    }
  }
  for (const s of suite?.suites ?? []) count(s, into, file, [...path, s.name]);
}

export function countReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      const c = { passed: 0, failed: 0, skipped: 0, files: 0, failures: [] };
      for (const session of sessions) {
        c.files++;
        const before = c.passed + c.failed + c.skipped;
        const name = relative(process.cwd(), session.testFile);
        count(session.testResults, c, name, []);
        // A file that failed to load, or threw outside a test, is a failure even with no test counted.
        if ((session.errors?.length ?? 0) > 0 || (!session.passed && c.passed + c.failed + c.skipped === before)) {
          c.failed++;
          c.failures.push(`${name}: ${session.errors?.length ? firstLine(session.errors[0]) : 'failed with no test counted'}`);
        }
      }
      if (file) writeFileSync(file, JSON.stringify(c));
    },
  };
}
