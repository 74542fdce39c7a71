// What counting requests for /metrics costs (`npx tsx --conditions=ayuda-source bench/metrics-main.ts`):
// the recorder alone, and the whole app answering GET /healthz in-process with /metrics off and on.
// Prints one JSON line.
import { RequestMetrics } from '../packages/server/src/metrics/recorder.js';
import { createApp } from '../packages/server/src/app.js';
import { loadConfig } from '../packages/server/src/config.js';
import { createLogger } from '../packages/server/src/http/logger.js';
import { createTestDatabase } from '../packages/server/src/testing/db.js';

/** The best of five rounds, in nanoseconds per call: the least disturbed by other work on the machine. */
async function best(n: number, fn: (i: number) => unknown): Promise<number> {
  let min = Infinity;
  for (let round = 0; round < 5; round++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await fn(i);
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / n);
  }
  return min;
}

const recorder = new RequestMetrics();
const routes = ['/help/:locale/articles/:slug', '/api/v1/cases', '/api/v1/kb/search', 'unmatched'];
const recordNs = await best(1_000_000, (i) => recorder.record('GET', routes[i & 3]!, i % 50 ? 200 : 404, (i % 1000) / 100_000));

const database = await createTestDatabase('pglite');
const app = async (env: Record<string, string>) => {
  const ayuda = createApp({ db: database, config: loadConfig({ LOG_LEVEL: 'silent', ...env }), logger: createLogger('silent'), stripe: null, mailTransport: null });
  await ayuda.settings.ready();
  return ayuda;
};
const off = await app({});
const on = await app({ AYUDA_METRICS_TOKEN: 'bench-metrics-token-0123456789' });
// Rounds alternate between the two, so a burst of other work on the machine does not land on one alone.
let offNs = Infinity;
let onNs = Infinity;
for (let round = 0; round < 4; round++) {
  offNs = Math.min(offNs, await best(10_000, () => off.app.request('/healthz')));
  onNs = Math.min(onNs, await best(10_000, () => on.app.request('/healthz')));
}
await off.close();
await on.close();
await database.close();
process.stdout.write(`${JSON.stringify({ metrics_record_ns: Math.round(recordNs), healthz_in_process_us_metrics_off: Math.round(offNs / 10) / 100, healthz_in_process_us_metrics_on: Math.round(onNs / 10) / 100 })}\n`);
