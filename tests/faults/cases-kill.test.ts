// The server killed with SIGKILL while 50 cases are being submitted: after a restart on the same
// database, a client that retries with the same Idempotency-Key every request it got no 2xx
// for ends with each of its cases there exactly once, and nothing it was told was accepted lost.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ayudaOnOwnPostgres, query, report, skipReason } from './harness.js';

const reason = skipReason();
if (reason) console.log(reason);

const CASES = 50;

describe.skipIf(reason !== null)('faults: SIGKILL while cases are submitted', () => {
  const s = ayudaOnOwnPostgres();

  it('keeps every acknowledged case once, and a retry with the same key adds none', async () => {
    const run = randomUUID().slice(0, 8);
    const requests = Array.from({ length: CASES }, (_, i) => ({
      key: `faults-${run}-${i}`,
      body: JSON.stringify({ name: `Cliente ${i}`, email: `faults-${run}-${i}@example.com`, subject: `Sin conexión ${run} ${i}`, description: 'El router parpadea en rojo desde ayer y no tengo conexión.', locale: 'es' }),
    }));
    const submit = (r: (typeof requests)[number]) =>
      fetch(`${s.ayuda.url}/api/v1/cases`, { method: 'POST', body: r.body, headers: { 'Content-Type': 'application/json', 'Idempotency-Key': r.key }, signal: AbortSignal.timeout(20_000) })
        .then(async (res) => ({ status: res.status, replayed: res.headers.get('idempotent-replayed') === 'true', reference: res.ok ? ((await res.json()) as { reference: string }).reference : null }))
        .catch(() => ({ status: 0, replayed: false, reference: null }));

    // All at once; the server is killed as soon as the first is acknowledged, the rest in flight.
    let killed: Promise<void> | null = null;
    const first = await Promise.all(
      requests.map((r) =>
        submit(r).then((answer) => {
          if (answer.status >= 200 && answer.status < 300) killed ??= s.ayuda.kill();
          return answer;
        }),
      ),
    );
    await (killed ?? s.ayuda.kill());
    const ackedBefore = first.filter((a) => a.status >= 200 && a.status < 300);
    // The kill landed mid-way: some were answered, some were not.
    expect(ackedBefore.length).toBeGreaterThan(0);
    expect(ackedBefore.length).toBeLessThan(CASES);

    await s.ayuda.start();
    // The client retries what got no 2xx, with the same key and body.
    const retried = await Promise.all(requests.map((r, i) => (first[i]!.status >= 200 && first[i]!.status < 300 ? null : submit(r))));
    const answers = first.map((a, i) => retried[i] ?? a);
    const acknowledged = answers.filter((a) => a.status >= 200 && a.status < 300);
    // A request the server answered before the kill replays its reference; a retry of one it
    // had committed without answering finds it by its key.
    expect(answers.map((a) => a.status)).toEqual(requests.map(() => 201));

    const rows = await query<{ subject: string; reference: string }>(s.postgres.url(), `select subject, reference from cases where subject like $1`, [`Sin conexión ${run} %`]);
    const bySubject = new Map<string, string[]>();
    for (const r of rows) bySubject.set(r.subject, [...(bySubject.get(r.subject) ?? []), r.reference]);
    const lost = requests.filter((_, i) => answers[i]!.reference !== null && !bySubject.has(`Sin conexión ${run} ${i}`)).length;
    const duplicated = [...bySubject.values()].filter((refs) => refs.length > 1).length;
    // Each acknowledged case is the one in the database under the reference the client was given.
    const mismatched = requests.filter((_, i) => answers[i]!.reference !== null && bySubject.get(`Sin conexión ${run} ${i}`)?.[0] !== answers[i]!.reference).length;
    report('cases_sigkill', {
      tried: CASES,
      acknowledged: acknowledged.length,
      acknowledged_before_kill: ackedBefore.length,
      retried: retried.filter((r) => r !== null).length,
      // Committed before the kill but never answered: the retry got the stored answer.
      replayed_after_restart: retried.filter((r) => r?.replayed).length,
      lost,
      duplicated,
    });
    expect({ lost, duplicated, mismatched, rows: rows.length }).toEqual({ lost: 0, duplicated: 0, mismatched: 0, rows: CASES });
  }, 180_000);
});
