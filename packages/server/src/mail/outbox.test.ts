import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { createLogger } from '../http/logger.js';
import { mailOutbox } from '../db/schema.js';
import { MAIL_DEFAULTS, MailWorker, enqueueMail, retryDelayMs, type OutgoingMail } from './outbox.js';
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
    const workers = [1, 2, 3].map(() => new MailWorker({ db: t.database, clock: t.clock, logger: createLogger('silent'), transport }));
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
    // Ids past what the id column holds name no mail.
    for (const big of ['9223372036854775808', '9'.repeat(40)]) expect((await t.request(`/dev/mailbox/${big}`)).status, big).toBe(404);
  });

  it('has no development mailbox in production', async () => {
    const prod = await createTestApp(kind, { kb: false, env: { NODE_ENV: 'production', AYUDA_SECRET: 'x'.repeat(40) } });
    expect((await prod.request('/dev/mailbox')).status).toBe(404);
    await prod.dispose();
  });
});
