// Limits on case submission and "send me my links" that must hold under concurrency, across
// processes, behind proxies, with the captcha on and against oversized bodies.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { serve, type ServerType } from '@hono/node-server';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { cases, customers, jobs, mailOutbox } from '../db/schema.js';

const valid = { name: 'Ana', email: 'ana@example.com', subject: 'Sin conexión', description: 'El router no enciende desde ayer.', locale: 'es' };
const json = (body: unknown, key?: string, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', ...(key ? { 'Idempotency-Key': key } : {}), ...headers },
  body: JSON.stringify(body),
});
const casesOf = async (t: TestApp, email: string) =>
  (await t.database.db.select({ id: cases.id }).from(cases).innerJoin(customers, eq(customers.id, cases.customerId)).where(eq(customers.email, email))).length;

describe.each(testDatabases())('case limits on %s', (kind) => {
  const apps: TestApp[] = [];
  const app = async (env: Record<string, string>, shareWith?: TestApp) => {
    const t = await createTestApp(kind, { env, kb: false, ...(shareWith ? { database: shareWith.database } : {}) });
    apps.push(t);
    return t;
  };
  afterEach(async () => {
    // Second apps first: they share the first one's database.
    for (const t of apps.reverse()) await t.dispose();
    apps.length = 0;
  });

  it('lets exactly the per-email limit through 30 concurrent submissions', async () => {
    const t = await app({ AYUDA_CASE_EMAIL_LIMIT: '5', AYUDA_CASE_RATE_LIMIT: '1000' });
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => t.request('/api/v1/cases', json(valid, `burst-${i}`))));
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(25);
    expect(Number(refused[0]!.headers.get('retry-after'))).toBe(3600);
    expect(await casesOf(t, 'ana@example.com')).toBe(5);
  });

  it('lets exactly the per-email limit through when two processes share the database', async () => {
    const a = await app({ AYUDA_CASE_EMAIL_LIMIT: '5', AYUDA_CASE_RATE_LIMIT: '1000' });
    const b = await app({ AYUDA_CASE_EMAIL_LIMIT: '5', AYUDA_CASE_RATE_LIMIT: '1000' }, a);
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).request('/api/v1/cases', json(valid, `two-${i}`))));
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    expect(await casesOf(a, 'ana@example.com')).toBe(5);
  });

  it('counts the per-IP limit once for both processes', async () => {
    const a = await app({ AYUDA_CASE_RATE_LIMIT: '4', AYUDA_CASE_EMAIL_LIMIT: '1000' });
    const b = await app({ AYUDA_CASE_RATE_LIMIT: '4', AYUDA_CASE_EMAIL_LIMIT: '1000' }, a);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).request('/api/v1/cases', json({ ...valid, email: `ip${i}@example.com` }, `ip-${i}`))));
    expect(results.filter((r) => r.status === 201)).toHaveLength(4);
    const last = results.find((r) => r.status === 429)!;
    expect(last.headers.get('retry-after')).toBeTruthy();
    expect(last.headers.get('ratelimit')).toMatch(/^limit=4, remaining=0, reset=\d+$/);
  });

  it('with the default limits, holds one address to 5 an hour but lets 20 customers behind one shared IP (carrier-grade NAT) write', async () => {
    const t = await app({});
    // Every request comes from the same client address, as customers of a mobile carrier do.
    const shared = await Promise.all(Array.from({ length: 20 }, (_, i) => t.request('/api/v1/cases', json({ ...valid, email: `nat${i}@example.com` }, `nat-${i}`))));
    expect(shared.map((r) => r.status)).toEqual(Array(20).fill(201));
    for (let i = 1; i <= 4; i++) expect((await t.request('/api/v1/cases', json({ ...valid, email: 'nat0@example.com' }, `again-${i}`))).status).toBe(201);
    const sixth = await t.request('/api/v1/cases', json({ ...valid, email: 'nat0@example.com' }, 'again-5'));
    expect(sixth.status).toBe(429);
    expect((await sixth.json()).detail).toMatch(/this email address/);
  });

  it('answers "send me my links" with the same work whether or not the address has cases, and caps it per address', async () => {
    const t = await app({ AYUDA_LINKS_EMAIL_LIMIT: '3' });
    const { trackingUrl } = await (await t.request('/api/v1/cases', json({ ...valid, email: 'known@example.com' }, 'known'))).json();
    const known = await t.request('/api/v1/cases/links', json({ email: 'known@example.com', locale: 'es' }));
    const unknown = await t.request('/api/v1/cases/links', json({ email: 'unknown@example.com', locale: 'es' }));
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(await known.json()).toEqual(await unknown.json());
    // Neither request looked the cases up: each queued one job, and no mail exists yet.
    await t.jobs.stop();
    const queued = await t.database.db.select().from(jobs).where(eq(jobs.kind, 'cases.resend_links'));
    expect(queued.map((j) => (j.payload as { email: string }).email).sort()).toEqual(['known@example.com', 'unknown@example.com']);
    const linkMails = async (to: string) => (await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, to))).filter((m) => m.template === 'tracking_links');
    // The job mails the known address its links, and the unknown one nothing.
    await t.jobs.drainAll();
    expect((await linkMails('known@example.com')).map((m) => m.text.includes(trackingUrl))).toEqual([true]);
    expect(await linkMails('unknown@example.com')).toHaveLength(0);
    expect((await t.database.db.select().from(jobs)).every((j) => j.status === 'done')).toBe(true);
    // Three per address per hour, for known and unknown addresses alike.
    for (const email of ['known@example.com', 'unknown@example.com']) {
      expect((await t.request('/api/v1/cases/links', json({ email, locale: 'es' }))).status).toBe(202);
      expect((await t.request('/api/v1/cases/links', json({ email, locale: 'es' }))).status).toBe(202);
      const over = await t.request('/api/v1/cases/links', json({ email, locale: 'es' }));
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('reads a JSON body of a case or a reply under the general limit, not the attachments one', async () => {
    const t = await app({ AYUDA_BODY_LIMIT: '65536' });
    const big = { ...valid, description: 'x'.repeat(100_000) };
    const res = await t.request('/api/v1/cases', json(big, 'big-json'));
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const { trackingToken } = await (await t.request('/api/v1/cases', json(valid, 'small'))).json();
    expect((await t.request(`/api/v1/cases/track/${trackingToken}/messages`, json({ body: 'y'.repeat(100_000) }))).status).toBe(413);
    // The portal's forms without files too.
    const form = new URLSearchParams({ ...valid, description: 'z'.repeat(100_000) });
    expect((await t.request('/help/es/contact', { method: 'POST', body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })).status).toBe(413);
    // Multipart with a file may be larger than the general limit: the attachments' limit applies.
    const multipart = new FormData();
    for (const [k, v] of Object.entries(valid)) multipart.append(k, v);
    multipart.append('attachments', new File([new Uint8Array(100_000).fill(65)], 'log.txt', { type: 'text/plain' }));
    expect((await t.request('/api/v1/cases', { method: 'POST', headers: { 'Idempotency-Key': 'multipart' }, body: multipart })).status).toBe(201);
  });

  it('cuts off a streamed upload at the attachments limit, whatever it claims', async () => {
    const t = await app({});
    // No Content-Length: the body is counted as it arrives and refused once past the limit.
    const chunk = new Uint8Array(1024 * 1024).fill(97);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('--b\r\nContent-Disposition: form-data; name="attachments"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n'));
      },
      pull(controller) {
        if (sent >= 80) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    const res = await t.request('/api/v1/cases', { method: 'POST', headers: { 'Content-Type': 'multipart/form-data; boundary=b', 'Idempotency-Key': 'stream' }, body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    // Refused at the limit (51 MB), not after reading all 80 MB.
    expect(sent).toBeLessThan(60);
  });
});

describe.each(testDatabases())('retries with the captcha on (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { env: { AYUDA_CAPTCHA: 'on', AYUDA_CAPTCHA_MAX_NUMBER: '300', AYUDA_CASE_RATE_LIMIT: '1000' }, kb: false });
  });
  afterAll(() => t.dispose());

  it('answers 17 concurrent retries of one submission with its first answer', async () => {
    const challenge = (await (await t.request('/api/v1/captcha/challenge')).json()) as Challenge;
    const captcha = Buffer.from(JSON.stringify({ challenge, solution: await solveChallenge({ challenge, deriveKey }) })).toString('base64');
    const results = await Promise.all(Array.from({ length: 18 }, () => t.request('/api/v1/cases', json({ ...valid, captcha }, 'one-key'))));
    expect(results.map((r) => r.status)).toEqual(Array(18).fill(201));
    const refs = new Set((await Promise.all(results.map((r) => r.json()))).map((b) => b.reference));
    expect(refs.size).toBe(1);
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(17);
  });
});

describe.each(testDatabases())('the client address behind a proxy (%s, real HTTP server)', (kind) => {
  let t: TestApp;
  let server: ServerType;
  let base: string;
  const start = async (trust: string) => {
    t = await createTestApp(kind, { env: { AYUDA_TRUST_PROXY: trust, AYUDA_CASE_RATE_LIMIT: '10', AYUDA_CASE_EMAIL_LIMIT: '1000' }, kb: false });
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  };
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.dispose();
  });

  it('is not fooled by a client rotating the X-Forwarded-For it writes', async () => {
    await start('true');
    // The proxy (here: the test) appends the real client, 198.51.100.7, after what the client wrote.
    const statuses = [];
    for (let i = 0; i < 30; i++) {
      const res = await fetch(`${base}/api/v1/cases`, json({ ...valid, email: `p${i}@example.com` }, `xff-${i}`, { 'X-Forwarded-For': `192.0.2.${i}, 198.51.100.7` }));
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    // Another real client behind the same proxy has its own limit.
    expect((await fetch(`${base}/api/v1/cases`, json(valid, 'other', { 'X-Forwarded-For': '198.51.100.8' }))).status).toBe(201);
  });

  it('ignores X-Forwarded-For entirely when no proxy is trusted', async () => {
    await start('false');
    const statuses = [];
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${base}/api/v1/cases`, json({ ...valid, email: `q${i}@example.com` }, `noxff-${i}`, { 'X-Forwarded-For': `198.51.100.${i}` }));
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
  });
});
