// The server killed with SIGKILL while it sends mail to a slow SMTP server: after a restart the
// outbox drains, every mail reaches the SMTP server at least once, and only mails that were in
// flight at the kill (claimed and not yet recorded as sent) arrive twice, with the same Message-ID.
// The lease the dead process held is run out by moving its end to now, not by waiting 30 s.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageIdOf } from '../../packages/server/src/mail/outbox.js';
import { ayudaOnOwnPostgres, byMessageId, query, report, skipReason, SmtpSink, sleep, waitFor } from './harness.js';

const reason = skipReason();
if (reason) console.log(reason);

const CASES = 40;
const MAIL_DOMAIN = 'faults.example';

describe.skipIf(reason !== null)('faults: SIGKILL while mail is sent', () => {
  // Each message held 250 ms before it is accepted: a slow provider, so mail is in flight.
  const sink = new SmtpSink(250);
  beforeAll(() => sink.listen());
  afterAll(() => sink.stop());
  const s = ayudaOnOwnPostgres(() => ({ SMTP_URL: sink.url, AYUDA_MAIL_FROM: `Soporte <soporte@${MAIL_DOMAIN}>` }));

  it('delivers every mail at least once after a restart, twice only if it was in flight, with one Message-ID', async () => {
    const run = randomUUID().slice(0, 8);
    // Cases, each queueing its confirmation mail in the transaction that creates it.
    const answers = await Promise.all(
      Array.from({ length: CASES }, (_, i) =>
        fetch(`${s.ayuda.url}/api/v1/cases`, {
          method: 'POST',
          body: JSON.stringify({ name: `Cliente ${i}`, email: `mail-${run}-${i}@example.com`, subject: `Correo ${run} ${i}`, description: 'El router parpadea en rojo desde ayer y no tengo conexión.', locale: 'es' }),
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `mail-${run}-${i}` },
        }).then((r) => r.status),
      ),
    );
    expect(answers).toEqual(answers.map(() => 201));

    // Killed once some mail has been accepted and more is being held by the SMTP server.
    await waitFor('mail in flight', async () => (sink.received.length >= 8 && sink.pending.size > 0 ? true : undefined), 30_000, 5);
    const heldBySmtpAtKill = sink.pending.size;
    await s.ayuda.kill();
    // What the dead process had claimed and not recorded as sent: the mails in flight.
    const claimed = await query<{ id: string; created_at: Date }>(s.postgres.url(), `select id, created_at from mail_outbox where status = 'pending' and attempts > 0`);
    const inFlight = new Set(claimed.map((r) => messageIdOf({ id: Number(r.id), createdAt: r.created_at }, MAIL_DOMAIN)));
    // Let the SMTP server answer what it held, to nobody.
    await sleep(300);
    // The dead process's claims run out 30 s after it made them (MAIL_DEFAULTS.leaseMs); the
    // test moves that moment to now instead of waiting, while no process runs.
    await query(s.postgres.url(), `update mail_outbox set next_attempt_at = now() where status = 'pending' and attempts > 0`);

    await s.ayuda.start();
    await waitFor('the outbox drained', async () => ((await query<{ n: string }>(s.postgres.url(), `select count(*) as n from mail_outbox where status <> 'sent'`))[0]!.n === '0' ? true : undefined), 60_000, 500);
    await sleep(500);

    const rows = await query<{ id: string; created_at: Date; to_address: string }>(s.postgres.url(), `select id, created_at, to_address from mail_outbox`);
    const expected = new Map(rows.map((r) => [messageIdOf({ id: Number(r.id), createdAt: r.created_at }, MAIL_DOMAIN), r.to_address]));
    const got = byMessageId(sink.received);
    const lost = [...expected.keys()].filter((id) => !got.has(id));
    const unknown = [...got.keys()].filter((id) => !expected.has(id));
    const duplicated = [...got].filter(([, n]) => n > 1).map(([id]) => id);
    // Every copy a recipient got carries the Message-ID of that recipient's one mail.
    const idsPerRecipient = new Map<string, Set<string>>();
    for (const m of sink.received) idsPerRecipient.set(m.to, (idsPerRecipient.get(m.to) ?? new Set()).add(m.messageId));
    const mailsPerRecipient = new Map<string, number>();
    for (const to of expected.values()) mailsPerRecipient.set(to, (mailsPerRecipient.get(to) ?? 0) + 1);
    const mixedIds = [...idsPerRecipient].filter(([to, ids]) => ids.size !== mailsPerRecipient.get(to)).map(([to]) => to);

    report('mail_sigkill', {
      tried: expected.size,
      acknowledged: new Set(sink.received.map((m) => m.messageId)).size,
      lost: lost.length,
      duplicated: duplicated.length,
      in_flight_at_kill: inFlight.size,
      held_by_smtp_at_kill: heldBySmtpAtKill,
      received: sink.received.length,
    });
    expect(rows.length).toBeGreaterThanOrEqual(CASES);
    expect(inFlight.size).toBeGreaterThan(0);
    expect({ lost, unknown, mixedIds }).toEqual({ lost: [], unknown: [], mixedIds: [] });
    expect(duplicated.filter((id) => !inFlight.has(id))).toEqual([]);
  }, 180_000);
});
