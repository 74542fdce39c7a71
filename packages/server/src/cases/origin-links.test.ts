// Tracking links in answers and mail start at the origin the customer reached the server at,
// when that origin is allowed (read at the time), else at the public URL; a forged or
// unallowed Origin never reaches a link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { mailOutbox } from '../db/schema.js';

const PUBLIC = 'http://help.test';
const SECOND = 'https://ayuda.nubefibra.example';

describe.each(testDatabases())('links on the origin the customer came from, on %s', (kind) => {
  let t: TestApp;
  let staff: string;

  beforeAll(async () => {
    t = await createTestApp(kind, { env: { AYUDA_CORS_ORIGINS: `${SECOND},https://www.nubefibra.example`, AYUDA_CASE_RATE_LIMIT: '1000', AYUDA_CASE_EMAIL_LIMIT: '1000' }, kb: false });
    await t.mail.stop();
    staff = (await t.staffTokens.create('links')).token;
  });
  afterAll(() => t.dispose());

  /** Submits a case to `host` (the URL the request reaches) with `origin` as its Origin header. */
  const submit = async (host: string, origin: string | undefined, email: string) => {
    const res = await t.request(`${host}/api/v1/cases`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), ...(origin ? { Origin: origin } : {}) },
      body: JSON.stringify({ name: 'Lucía', email, subject: 'Sin fibra', description: 'No tengo conexión desde ayer.', locale: 'es' }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { reference: string; trackingToken: string; trackingUrl: string };
  };
  const mails = async (email: string, template: string) =>
    (await t.database.db.select().from(mailOutbox).where(and(eq(mailOutbox.toAddress, email), eq(mailOutbox.template, template))).orderBy(mailOutbox.id)).map((m) => m.text);
  const reply = (reference: string) =>
    t.request(`/api/v1/staff/cases/${reference}/messages`, { method: 'POST', headers: { Authorization: `Bearer ${staff}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ body: 'Lo miramos.' }) });

  it('uses an allowed origin for the answer, the first mail and the mails staff cause later', async () => {
    const c = await submit(SECOND, SECOND, 'second@example.com');
    expect(c.trackingUrl).toBe(`${SECOND}/help/es/cases/${c.trackingToken}`);
    expect((await mails('second@example.com', 'case_received'))[0]).toContain(c.trackingUrl);
    expect((await reply(c.reference)).status).toBe(201);
    expect((await mails('second@example.com', 'agent_replied'))[0]).toContain(c.trackingUrl);
  });

  it('falls back to the public URL once the origin is no longer allowed (the origins settings, read live)', async () => {
    const c = await submit(SECOND, SECOND, 'removed@example.com');
    const before = t.config.corsOrigins;
    t.config.corsOrigins = ['https://www.nubefibra.example'];
    try {
      expect((await reply(c.reference)).status).toBe(201);
      expect((await mails('removed@example.com', 'agent_replied'))[0]).toContain(`${PUBLIC}/help/es/cases/${c.trackingToken}`);
      // Nor is an origin that is not allowed yet used for a new case.
      const later = await submit(SECOND, SECOND, 'removed@example.com');
      expect(later.trackingUrl).toBe(`${PUBLIC}/help/es/cases/${later.trackingToken}`);
    } finally {
      t.config.corsOrigins = before;
    }
  });

  it.each([
    ['no Origin', SECOND, undefined],
    ['an Origin the server does not allow (Host forged to match)', 'https://evil.example', 'https://evil.example'],
    ['an allowed site embedding the widget, whose pages are not this server', SECOND, 'https://www.nubefibra.example'],
    ['an opaque Origin', SECOND, 'null'],
    ['an Origin with a path', SECOND, `${SECOND}/phish`],
    ['an allowed host on another scheme', 'http://ayuda.nubefibra.example', 'http://ayuda.nubefibra.example'],
  ])('uses the public URL for %s', async (_name, host, origin) => {
    const email = `fallback-${randomUUID().slice(0, 8)}@example.com`;
    const c = await submit(host, origin, email);
    expect(c.trackingUrl).toBe(`${PUBLIC}/help/es/cases/${c.trackingToken}`);
    expect((await mails(email, 'case_received'))[0]).toContain(c.trackingUrl);
    expect((await reply(c.reference)).status).toBe(201);
    const replied = (await mails(email, 'agent_replied'))[0]!;
    expect(replied).toContain(c.trackingUrl);
    expect(replied).not.toMatch(/evil\.example|phish/);
  });

  it('mails lost links on the origin they were asked from, when allowed, else the public URL', async () => {
    const c = await submit(PUBLIC, undefined, 'lost@example.com');
    const ask = async (host: string, origin?: string) => {
      const before = (await mails('lost@example.com', 'tracking_links')).length;
      const res = await t.request(`${host}/api/v1/cases/links`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(origin ? { Origin: origin } : {}) }, body: JSON.stringify({ email: 'lost@example.com', locale: 'es' }) });
      expect(res.status).toBe(202);
      // The job may already be running in the worker the request woke (PostgreSQL has more
      // than one connection): wait for its mail, a bounded while (as long as expect.poll waits:
      // two seconds were outlasted once on a loaded machine).
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
        await t.jobs.drainAll();
        const sent = await mails('lost@example.com', 'tracking_links');
        if (sent.length > before) return sent.at(-1)!;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error('no tracking-links mail within 10 s');
    };
    expect(await ask(SECOND, SECOND)).toContain(`${SECOND}/help/es/cases/${c.trackingToken}`);
    const forged = await ask('https://evil.example', 'https://evil.example');
    expect(forged).toContain(`${PUBLIC}/help/es/cases/${c.trackingToken}`);
    expect(forged).not.toContain('evil.example');
  });

  it('does the same for the portal’s contact form', async () => {
    const form = new FormData();
    for (const [k, v] of Object.entries({ idempotencyKey: randomUUID(), name: 'Lucía', email: 'portal@example.com', subject: 'Sin fibra', description: 'No tengo conexión desde ayer.' })) form.append(k, v);
    const res = await t.request(`${SECOND}/help/es/contact`, { method: 'POST', headers: { Origin: SECOND }, body: form });
    expect(res.status).toBe(303);
    const token = /\/help\/es\/cases\/([^?]+)/.exec(res.headers.get('location')!)![1];
    expect((await mails('portal@example.com', 'case_received'))[0]).toContain(`${SECOND}/help/es/cases/${token}`);
  });
});
