// Vitest setup file: fails the test during which node-postgres warns that a query was sent on a
// client already busy with another (queries run at once on one transaction, e.g. Promise.all
// over `tx`). pg 8 queues them and warns once per process; pg 9 will refuse them. The warning
// arrives as a process 'warning' event, so it is collected here and thrown after the test.
import { afterEach } from 'vitest';

const MARK = 'already executing a query';
const seen: string[] = [];
const g = globalThis as { __ayudaPgGuard?: true };
// Files share a worker's process (isolate: false): one listener per process.
if (!g.__ayudaPgGuard) {
  g.__ayudaPgGuard = true;
  process.on('warning', (w) => {
    if (w.message.includes(MARK)) seen.push(w.stack ?? w.message);
  });
}

afterEach(async () => {
  // The warning is emitted on the next tick after the query that caused it.
  await new Promise((r) => setImmediate(r));
  if (seen.length) throw new Error(`node-postgres: queries sent at once on one client (run them one after another):\n${seen.splice(0).join('\n')}`);
});
