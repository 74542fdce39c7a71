import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { createTestDatabase, testDatabases } from '../testing/db.js';
import { startTestSmtpServer } from '../testing/smtp.js';
import { createLogger } from '../http/logger.js';
import { fixedClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { mailOutbox } from '../db/schema.js';
import { MAIL_DEFAULTS, MailWorker, enqueueMail, messageIdDomain, retryDelayMs, smtpTransport, type MailTransport, type OutgoingMail } from './outbox.js';
import { renderMail } from './templates.js';

describe('mail templates', () => {
  it('renders every template in both languages, as text and escaped HTML', () => {
    const vars = { company: 'Nubefibra', name: '<b>Ana</b>', reference: 'NF-000001', subject: 'Router <rojo>', trackingUrl: 'http://x.test/help/es/cases/abc', firstResponseDue: '2026-11-20T10:00:00Z' };
    for (const locale of ['es', 'en'] as const) {
      const m = renderMail(locale, { template: 'case_received', vars });
      expect(m.subject).toContain('NF-000001');
      expect(m.text).toContain('http://x.test/help/es/cases/abc');
      expect(m.html).toContain('&lt;b&gt;Ana&lt;/b&gt;');
      expect(m.html).not.toContain('<b>Ana</b>');
      const r = renderMail(locale, { template: 'agent_replied', vars: { ...vars, agent: 'Marta', body: 'Línea 1\n<script>x</script>' } });
      expect(r.text).toContain('> <script>x</script>');
      expect(r.html).toContain('&lt;script&gt;x&lt;/script&gt;');
      expect(renderMail(locale, { template: 'case_solved', vars: { ...vars, reopenDays: 7 } }).text).toMatch(/7/);
      // A reply that solves the case: the reply, the new status and the reopen window in one mail.
      const solving = renderMail(locale, { template: 'agent_replied', vars: { ...vars, agent: 'Marta', body: 'Ya está.', reopenDays: 7 } });
      expect(solving.subject).toMatch(locale === 'es' ? /resuelta/ : /solved/);
      expect(solving.text).toMatch(/> Ya está\.\n\n.*7/);
      expect(solving.html).toMatch(/<\/blockquote>\n<p>.*7/);
      expect(r.subject).not.toMatch(/resuelta|solved/);
      expect(renderMail(locale, { template: 'tracking_links', vars: { company: 'Nubefibra', name: 'Ana', cases: [{ reference: 'NF-1', subject: 'S', trackingUrl: 'http://x.test/a' }] } }).text).toContain('http://x.test/a');
    }
    expect(renderMail('es', { template: 'case_received', vars }).subject).toMatch(/Hemos recibido/);
    expect(renderMail('en', { template: 'case_received', vars }).subject).toMatch(/We have received/);
  });

  it('backs off exponentially up to an hour', () => {
    expect(retryDelayMs(1)).toBe(30_000);
    expect(retryDelayMs(2)).toBe(60_000);
    expect(retryDelayMs(20)).toBe(MAIL_DEFAULTS.maxRetryMs);
  });

  it('takes the Message-ID domain from the From address, else from the public URL', () => {
    expect(messageIdDomain('Nubefibra <soporte@Nubefibra.es>', 'https://help.nubefibra.es')).toBe('nubefibra.es');
    expect(messageIdDomain('soporte@nubefibra.es', 'https://help.nubefibra.es')).toBe('nubefibra.es');
    expect(messageIdDomain('Ayuda <support@localhost>', 'http://localhost:8787')).toBe('localhost');
    expect(messageIdDomain('Nubefibra', 'https://help.nubefibra.es/')).toBe('help.nubefibra.es');
    expect(messageIdDomain('Nubefibra <soporte@[127.0.0.1]>', 'https://help.nubefibra.es')).toBe('help.nubefibra.es');
  });

  it('sends as many mails at once by default as AYUDA_MAIL_CONCURRENCY says', () => {
    expect(loadConfig({}, {}).mailConcurrency).toBe(MAIL_DEFAULTS.concurrency);
    expect(MAIL_DEFAULTS.renewEveryMs).toBeLessThan(MAIL_DEFAULTS.leaseMs / 2);
  });
});

describe.each(testDatabases())('mail outbox on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { kb: false });
  });
  afterAll(() => t.dispose());

  const queue = async (to: string) => {
    await t.database.db.transaction((tx) =>
      enqueueMail(tx, t.clock.now(), to, 'en', { template: 'tracking_links', vars: { company: 'X', name: 'Y', cases: [] } }),
    );
  };

  it('retries with backoff while SMTP fails, then sends; gives up after the last attempt', async () => {
    const sent: OutgoingMail[] = [];
    let failing = true;
    const worker = new MailWorker({
      db: t.database,
      clock: t.clock,
      logger: createLogger('silent'),
      messageIdDomain: 'example.com',
      transport: { name: 'smtp', send: async (m) => (failing ? Promise.reject(new Error('SMTP down')) : void sent.push(m)) },
    });
    await queue('retry@example.com');
    expect(await worker.drain()).toBe(0);
    let [row] = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, 'retry@example.com'));
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'SMTP down' });
    expect(row!.nextAttemptAt.getTime() - t.clock.now().getTime()).toBe(30_000);
    expect(await worker.drain()).toBe(0); // not due yet
    failing = false;
    t.clock.advance(30_000);
    expect(await worker.drain()).toBe(1);
    [row] = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, 'retry@example.com'));
    expect(row).toMatchObject({ status: 'sent', attempts: 2, transport: 'smtp' });
    expect(sent.map((m) => m.to)).toEqual(['retry@example.com']);

    failing = true;
    await queue('never@example.com');
    for (let i = 0; i < MAIL_DEFAULTS.maxAttempts; i++) {
      await worker.drain();
      t.clock.advance(MAIL_DEFAULTS.maxRetryMs);
    }
    [row] = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, 'never@example.com'));
    expect(row).toMatchObject({ status: 'failed', attempts: MAIL_DEFAULTS.maxAttempts });
  });

  it('lets several workers drain together without sending anything twice', async () => {
    const sent: string[] = [];
    const transport = { name: 'smtp', send: async (m: OutgoingMail) => void sent.push(m.to) };
    for (let i = 0; i < 60; i++) await queue(`many${i}@example.com`);
    const workers = [1, 2, 3].map(() => new MailWorker({ db: t.database, clock: t.clock, logger: createLogger('silent'), messageIdDomain: 'example.com', transport }));
    await Promise.all(workers.map((w) => w.drainAll()));
    const mine = sent.filter((s) => s.startsWith('many'));
    expect(mine).toHaveLength(60);
    expect(new Set(mine).size).toBe(60);
  });

  it('shows mail in the development mailbox with clickable links', async () => {
    await t.database.db.transaction((tx) =>
      enqueueMail(tx, t.clock.now(), 'box@example.com', 'es', {
        template: 'case_received',
        vars: { company: 'Nubefibra', name: 'Ana', reference: 'NF-000042', subject: 'Hola', trackingUrl: 'http://help.test/help/es/cases/tok', firstResponseDue: null },
      }),
    );
    const list = await (await t.request('/dev/mailbox')).text();
    expect(list).toContain('[NF-000042] Hemos recibido tu consulta: Hola');
    const id = /href="\/dev\/mailbox\/(\d+)">\[NF-000042\]/.exec(list)![1];
    const one = await (await t.request(`/dev/mailbox/${id}`)).text();
    expect(one).toContain('<a href="http://help.test/help/es/cases/tok">');
    // The From address is the default, support@localhost.
    const [row] = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.id, Number(id)));
    expect(one).toContain(`Message-ID: <code>&lt;ayuda.${id}.${row!.createdAt.getTime()}@localhost&gt;</code>`);
    // Ids past what the id column holds name no mail.
    for (const big of ['9223372036854775808', '9'.repeat(40)]) expect((await t.request(`/dev/mailbox/${big}`)).status, big).toBe(404);
  });

  it('has no development mailbox in production', async () => {
    const prod = await createTestApp(kind, { kb: false, env: { NODE_ENV: 'production', AYUDA_SECRET: 'x'.repeat(40) } });
    expect((await prod.request('/dev/mailbox')).status).toBe(404);
    await prod.dispose();
  });
});

describe.each(testDatabases())('mail delivery across crashes and in parallel on %s', (kind) => {
  const FROM = 'Nubefibra <soporte@nubefibra.es>';
  const logger = createLogger('silent');

  /** A fresh database and clock for each test, so no test claims another's mail. */
  async function setup() {
    const database = await createTestDatabase(kind);
    onTestFinished(() => database.close());
    const clock = fixedClock('2026-11-20T10:00:00Z');
    const queue = (to: string) => database.db.transaction((tx) => enqueueMail(tx, clock.now(), to, 'en', { template: 'tracking_links', vars: { company: 'X', name: 'Y', cases: [] } }));
    const rows = () => database.db.select().from(mailOutbox).orderBy(asc(mailOutbox.id));
    const worker = (transport: MailTransport, opts: { renewEveryMs?: number; concurrency?: number } = {}) => new MailWorker({ db: database, clock, logger, transport, messageIdDomain: 'nubefibra.es', ...opts });
    return { database, clock, queue, rows, worker };
  }

  /** Waits for a condition; the bound is generous because other test files share the two cores. */
  const until = (check: () => unknown) => vi.waitFor(check, { timeout: 10_000, interval: 5 });

  /** The Message-ID the row must carry, written out rather than computed by the code under test. */
  const stableId = (row: { id: number; createdAt: Date }) => `<ayuda.${row.id}.${row.createdAt.getTime()}@nubefibra.es>`;

  /** A transport whose first `hold` sends wait until the test lets them finish; later ones succeed at once. */
  function heldTransport(hold = Infinity) {
    const seen: OutgoingMail[] = [];
    const pending: { resolve(): void; reject(err: Error): void }[] = [];
    const transport: MailTransport = {
      name: 'smtp',
      send: (m) => {
        seen.push(m);
        if (seen.length > hold) return Promise.resolve();
        return new Promise<void>((resolve, reject) => void pending.push({ resolve, reject }));
      },
    };
    return { seen, pending, transport };
  }

  it('takes back the mail of a process that died while sending once its lease runs out, not before, with the same Message-ID', async () => {
    const { clock, queue, rows, worker } = await setup();
    await queue('dead@example.com');
    const dead = heldTransport();
    // A process that died right after handing the mail to SMTP: it never renews its lease (the
    // renewal is an hour away) and never records the outcome.
    const deadRun = worker(dead.transport, { renewEveryMs: 3_600_000 }).drain();
    await until(() => expect(dead.seen).toHaveLength(1));

    const taken: OutgoingMail[] = [];
    const live = worker({ name: 'smtp', send: async (m) => void taken.push(m) });
    clock.advance(MAIL_DEFAULTS.leaseMs - 1);
    expect(await live.drain()).toBe(0);
    clock.advance(1);
    expect(await live.drain()).toBe(1);
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(taken).toEqual(dead.seen);
    expect(taken[0]!.messageId).toBe(stableId(row!));

    // The first process's send fails late (its connection dropped): that changes nothing.
    dead.pending[0]!.reject(new Error('connection reset'));
    expect(await deadRun).toBe(0);
    expect((await rows())[0]).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  it('does not send mail it claimed ahead once its lease ran out while the process stalled', async () => {
    const { clock, queue, rows, worker } = await setup();
    await queue('first@example.com');
    await queue('second@example.com');
    const stalled = heldTransport(1);
    // One at a time: it sends the first and has claimed the second ahead; it never renews.
    const run = worker(stalled.transport, { concurrency: 1, renewEveryMs: 3_600_000 }).drain(2);
    await until(() => expect(stalled.seen).toHaveLength(1));
    // The claim ahead is made while the first mail is in flight: wait for it, or it would be
    // made after the clock moves, with a fresh lease.
    await until(async () => expect((await rows()).map((r) => r.attempts)).toEqual([1, 1]));
    clock.advance(MAIL_DEFAULTS.leaseMs);
    const taken: OutgoingMail[] = [];
    // Another process takes both: the first is sent twice (it was in flight), the second once.
    expect(await worker({ name: 'smtp', send: async (m) => void taken.push(m) }).drain()).toBe(2);
    stalled.pending[0]!.resolve();
    expect(await run).toBe(1);
    expect(stalled.seen.map((m) => m.to)).toEqual(['first@example.com']);
    expect(taken.map((m) => m.to)).toEqual(['first@example.com', 'second@example.com']);
    expect((await rows()).map((r) => [r.status, r.attempts])).toEqual([['sent', 2], ['sent', 2]]);
  });

  it('renews the lease while a slow mail server takes its time, so no other process sends the mail too', async () => {
    const { clock, queue, rows, worker } = await setup();
    await queue('slow@example.com');
    const slow = heldTransport();
    // Renewals every 10 ms of real time, so the test need not wait the default 10 s for each.
    const run = worker(slow.transport, { renewEveryMs: 10 }).drain();
    await until(() => expect(slow.seen).toHaveLength(1));
    const other: OutgoingMail[] = [];
    const otherWorker = worker({ name: 'smtp', send: async (m) => void other.push(m) });
    // Three times 90 % of a lease: the claim's own lease ran out long ago; only renewals keep it.
    for (let i = 0; i < 3; i++) {
      clock.advance(MAIL_DEFAULTS.leaseMs * 0.9);
      const renewedUntil = clock.now().getTime() + MAIL_DEFAULTS.leaseMs;
      await until(async () => expect((await rows())[0]!.nextAttemptAt.getTime()).toBe(renewedUntil));
      expect(await otherWorker.drain()).toBe(0);
    }
    slow.pending[0]!.resolve();
    expect(await run).toBe(1);
    expect(other).toEqual([]);
    expect((await rows())[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('sends several mails at once over a pooled SMTP transport, each once, with its stable Message-ID', async () => {
    const { queue, rows, worker } = await setup();
    const smtp = await startTestSmtpServer({ answerAfterMs: 150 });
    onTestFinished(() => smtp.close());
    const transport = smtpTransport(smtp.url, FROM, { maxConnections: 8 });
    onTestFinished(() => transport.close?.());
    for (let i = 0; i < 40; i++) await queue(`burst${i}@example.com`);
    expect(await worker(transport, { concurrency: 8 }).drainAll()).toBe(40);

    expect(smtp.maxInFlight).toBeGreaterThan(1);
    const all = await rows();
    expect(all.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    const delivered = smtp.delivered.map((m) => ({ to: m.to, messageId: m.messageId })).sort((a, b) => a.to[0]!.localeCompare(b.to[0]!));
    const expected = all.map((r) => ({ to: [r.toAddress], messageId: stableId(r) })).sort((a, b) => a.to[0]!.localeCompare(b.to[0]!));
    expect(delivered).toEqual(expected);
  });

  it('sends a retried mail with the same Message-ID as the attempt the SMTP server refused', async () => {
    const { clock, queue, rows, worker } = await setup();
    let refusals = 0;
    const smtp = await startTestSmtpServer({ refuse: () => refusals++ === 0 });
    onTestFinished(() => smtp.close());
    const transport = smtpTransport(smtp.url, FROM, { maxConnections: 2 });
    onTestFinished(() => transport.close?.());
    await queue('retry@example.com');
    const w = worker(transport);
    expect(await w.drain()).toBe(0);
    expect((await rows())[0]).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('451') });
    clock.advance(MAIL_DEFAULTS.firstRetryMs);
    expect(await w.drain()).toBe(1);
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smtp.refused.map((m) => m.messageId)).toEqual([stableId(row!)]);
    expect(smtp.delivered.map((m) => m.messageId)).toEqual([stableId(row!)]);
  });

  it('stops claiming when stopped, gives back mail claimed ahead, and stop() returns once the mail in flight is recorded', async () => {
    const { clock, queue, rows, worker } = await setup();
    for (const to of ['first', 'second', 'third']) await queue(`${to}@example.com`);
    const held = heldTransport();
    // One at a time: the worker sends the first and has claimed the second ahead.
    const w = worker(held.transport, { concurrency: 1 });
    w.start();
    await until(() => expect(held.seen).toHaveLength(1));
    const stopping = w.stop();
    w.kick();
    held.pending[0]!.resolve();
    await stopping;
    const [first, second, third] = await rows();
    expect(first).toMatchObject({ status: 'sent', attempts: 1 });
    expect(second).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: clock.now() });
    expect(third).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: clock.now() });
    expect(held.seen.map((m) => m.to)).toEqual(['first@example.com']);
  });
});
