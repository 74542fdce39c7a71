// A @web/test-runner reporter that writes `{ passed, failed, skipped }` to a JSON file, so the
// repository's test runner can add the component tests to its one closing line.
import { writeFileSync } from 'node:fs';

function count(suite, into) {
  for (const t of suite?.tests ?? []) {
    if (t.skipped) into.skipped++;
    else if (t.passed) into.passed++;
    else into.failed++;
  }
  for (const s of suite?.suites ?? []) count(s, into);
}

export function countReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      const c = { passed: 0, failed: 0, skipped: 0, files: 0 };
      for (const session of sessions) {
        c.files++;
        const before = c.passed + c.failed + c.skipped;
        count(session.testResults, c);
        // A file that failed to load, or threw outside a test, is a failure even with no test counted.
        if ((session.errors?.length ?? 0) > 0 || (!session.passed && c.passed + c.failed + c.skipped === before)) c.failed++;
      }
      if (file) writeFileSync(file, JSON.stringify(c));
    },
  };
}
