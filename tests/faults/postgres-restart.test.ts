// PostgreSQL stopped (pg_ctl stop -m fast) and started again while clients submit cases: while
// it is down the server answers 503 problem+json with Retry-After, from /readyz and from the
// API, never a 500 or a hang; once it is back the same process serves again, no restart, and
// the clients' retries (same Idempotency-Key) leave every case there once.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ayudaOnOwnPostgres, query, report, skipReason, sleep, waitFor } from './harness.js';

const reason = skipReason();
if (reason) console.log(reason);

/** Clients submitting cases one after another while the database goes away and comes back. */
const CLIENTS = 4;

describe.skipIf(reason !== null)('faults: PostgreSQL stopped and started under load', () => {
  // The clients' loops stop on this, whatever ends the test (a failure or its timeout included).
  let stopLoad = false;
  afterAll(() => {
    stopLoad = true;
  });
  const s = ayudaOnOwnPostgres();

  it('answers 503 problem+json while the database is down and recovers without a restart', async () => {
    const run = randomUUID().slice(0, 8);
    const pid = s.ayuda.pid;
    const submit = (i: number) =>
      fetch(`${s.ayuda.url}/api/v1/cases`, {
        method: 'POST',
        body: JSON.stringify({ name: `Cliente ${i}`, email: `pg-${run}-${i}@example.com`, subject: `Base caída ${run} ${i}`, description: 'El router parpadea en rojo desde ayer y no tengo conexión.', locale: 'es' }),
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `pg-${run}-${i}` },
        signal: AbortSignal.timeout(20_000),
      }).then(async (res) => ({ status: res.status, type: res.headers.get('content-type') ?? '', retryAfter: res.headers.get('retry-after'), body: await res.text() }));

    // The load: each client submits new cases and retries an unanswered one with its key until it
    // is acknowledged (waiting as long as Retry-After says, shortened for the test).
    let next = 0;
    const statuses = new Map<number, number>();
    const unexpected: string[] = [];
    let tried = 0;
    const acknowledged = new Set<number>();
    const client = async () => {
      while (!stopLoad) {
        const i = next++;
        tried++;
        for (;;) {
          const a = await submit(i).catch((err: unknown) => ({ status: 0, type: '', retryAfter: null, body: String(err) }));
          statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
          if (a.status === 201) {
            acknowledged.add(i);
            break;
          }
          if (a.status !== 503 || !a.type.startsWith('application/problem+json') || a.retryAfter === null) unexpected.push(`${a.status} ${a.type} ${a.body.slice(0, 200)}`);
          await sleep(200);
        }
      }
    };
    const load = Array.from({ length: CLIENTS }, client);
    await waitFor('cases submitted before the stop', async () => (acknowledged.size >= 8 ? true : undefined), 30_000);

    await s.postgres.stop();
    // Down: readiness and the API say so, the way a load balancer and a client understand.
    const ready = await fetch(`${s.ayuda.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(ready.headers.get('retry-after'))).toBeGreaterThan(0);
    const down = await submit(1_000_000);
    expect({ status: down.status, type: down.type.split(';')[0], retryAfter: Number(down.retryAfter) > 0 }).toEqual({ status: 503, type: 'application/problem+json', retryAfter: true });
    expect((JSON.parse(down.body) as { status: number }).status).toBe(503);
    const duringOutage = statuses.get(503) ?? 0;
    await sleep(1_000);
    const answeredDown = (statuses.get(503) ?? 0) - duringOutage;

    await s.postgres.start();
    // Back: the same process, ready again and taking cases.
    await waitFor('readyz 200', async () => ((await fetch(`${s.ayuda.url}/readyz`)).status === 200 ? true : undefined), 30_000);
    const after = acknowledged.size;
    await waitFor('cases submitted after the start', async () => (acknowledged.size >= after + 8 ? true : undefined), 30_000);
    stopLoad = true;
    await Promise.all(load);
    expect(s.ayuda.pid).toBe(pid);

    const rows = await query<{ subject: string; n: string }>(s.postgres.url(), `select subject, count(*) as n from cases where subject like $1 group by subject`, [`Base caída ${run} %`]);
    const bySubject = new Map(rows.map((r) => [r.subject, Number(r.n)]));
    const lost = [...acknowledged].filter((i) => !bySubject.has(`Base caída ${run} ${i}`)).length;
    const duplicated = rows.filter((r) => Number(r.n) > 1).length;
    report('postgres_restart', {
      tried,
      acknowledged: acknowledged.size,
      lost,
      duplicated,
      answered_503: statuses.get(503) ?? 0,
      answered_503_in_1s_down: answeredDown,
      other_errors: unexpected.length,
    });
    expect(unexpected).toEqual([]);
    expect(answeredDown).toBeGreaterThan(0);
    // The probe submitted while down (1000000) was never acknowledged; each of the others was, once.
    expect({ lost, duplicated, stored: rows.length, acknowledged: acknowledged.size }).toEqual({ lost: 0, duplicated: 0, stored: tried, acknowledged: tried });
  }, 240_000);
});
