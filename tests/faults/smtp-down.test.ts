// The SMTP server down, then up again: mail queued meanwhile fails, stays in the outbox with its
// error, is tried again on its backoff and is delivered exactly once when the server is back.
// The backoff's 30 s are run out by moving the retry's time to now, not by waiting.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ayudaOnOwnPostgres, byMessageId, query, report, skipReason, SmtpSink, sleep, waitFor } from './harness.js';

const reason = skipReason();
if (reason) console.log(reason);

const CASES = 10;

describe.skipIf(reason !== null)('faults: SMTP down, then up', () => {
  const sink = new SmtpSink();
  beforeAll(() => sink.listen());
  afterAll(() => sink.stop());
  const s = ayudaOnOwnPostgres(() => ({ SMTP_URL: sink.url }));

  it('retries the mail queued while SMTP was down and delivers each once when it is back', async () => {
    const run = randomUUID().slice(0, 8);
    const port = sink.port;
    await sink.stop();
    const answers = await Promise.all(
      Array.from({ length: CASES }, (_, i) =>
        fetch(`${s.ayuda.url}/api/v1/cases`, {
          method: 'POST',
          body: JSON.stringify({ name: `Cliente ${i}`, email: `smtp-${run}-${i}@example.com`, subject: `Sin correo ${run} ${i}`, description: 'El router parpadea en rojo desde ayer y no tengo conexión.', locale: 'es' }),
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `smtp-${run}-${i}` },
        }).then((r) => r.status),
      ),
    );
    expect(answers).toEqual(answers.map(() => 201));

    // Every mail was tried against the closed port, failed, and waits for its retry.
    const failed = await waitFor(
      'failed attempts recorded',
      async () => {
        const rows = await query<{ n: string }>(s.postgres.url(), `select count(*) as n from mail_outbox where status = 'pending' and attempts > 0 and last_error is not null`);
        return Number(rows[0]!.n) >= CASES ? Number(rows[0]!.n) : undefined;
      },
      30_000,
    );
    expect(sink.received).toEqual([]);

    await sink.listen(port);
    // The first retry is due 30 s after the failure (MAIL_DEFAULTS.firstRetryMs): the test moves
    // that moment to now instead of waiting. Nothing is claimed meanwhile (nothing is due), so
    // the worker's next poll (every 2 s) takes them as it would have 30 s later.
    await query(s.postgres.url(), `update mail_outbox set next_attempt_at = now() where status = 'pending'`);
    await waitFor('the outbox drained', async () => ((await query<{ n: string }>(s.postgres.url(), `select count(*) as n from mail_outbox where status <> 'sent'`))[0]!.n === '0' ? true : undefined), 30_000, 500);
    // Any late copy would come now.
    await sleep(2_500);

    const rows = await query<{ n: string }>(s.postgres.url(), `select count(*) as n from mail_outbox`);
    const got = byMessageId(sink.received);
    const duplicated = [...got.values()].filter((n) => n > 1).length;
    report('smtp_down_up', {
      tried: Number(rows[0]!.n),
      acknowledged: got.size,
      lost: Number(rows[0]!.n) - got.size,
      duplicated,
      failed_while_down: failed,
    });
    expect({ mails: sink.received.length, distinct: got.size, duplicated }).toEqual({ mails: Number(rows[0]!.n), distinct: Number(rows[0]!.n), duplicated: 0 });
    expect(Number(rows[0]!.n)).toBeGreaterThanOrEqual(CASES);
  }, 180_000);
});
