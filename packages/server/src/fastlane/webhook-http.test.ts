// POST /api/v1/stripe/webhook served before Hono (webhook-http.ts): bad input, the same answers
// as the Hono route, /metrics' count, the request id, and shutdown with a webhook in flight.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { signPayload } from '@ayuda/stripe-emulator';
import { startFastlaneServer } from '../testing/fastlane.js';
import { testDatabases } from '../testing/db.js';
import { DEV_WEBHOOK_SECRET } from '../billing/dev-stripe.js';
import { stripeEvents } from '../db/schema.js';

type T = Awaited<ReturnType<typeof startFastlaneServer>>;

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const BODY_LIMIT = 4096;
const PATH = '/api/v1/stripe/webhook';
const now = () => Math.floor(Date.now() / 1000);
/** An event of a type Ayuda does not handle: recorded and answered 200, with no other effect. */
const otherEvent = (id: string) => JSON.stringify({ id, object: 'event', type: 'product.created', created: 1, data: { object: { id: 'prod_x', metadata: {} } } });
const signed = (body: string, at = now()) => signPayload(body, DEV_WEBHOOK_SECRET, at);

/** Sends a request with node:http (fetch cannot send a body in chunks of our choosing, nor a wrong Content-Length). */
function send(url: string, o: { method?: string; headers?: Record<string, string>; chunks?: Buffer[] }): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${PATH}`, { method: o.method ?? 'POST', headers: o.headers ?? {} }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    for (const c of o.chunks ?? []) req.write(c);
    req.end();
  });
}

describe.each(testDatabases())('the Stripe webhook before Hono, on %s', (kind) => {
  let t: T;
  beforeAll(async () => {
    t = await startFastlaneServer(kind, { AYUDA_METRICS_TOKEN: METRICS_TOKEN, AYUDA_BODY_LIMIT: String(BODY_LIMIT) });
  });
  afterAll(() => t?.close());

  const post = (body: string, headers: Record<string, string> = {}, path = PATH) => fetch(`${t.server.url}${path}`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } });
  const recorded = async (id: string) => (await t.database.db.select().from(stripeEvents).where(eq(stripeEvents.id, id))).length;
  const count = async (status: number) => {
    const text = await (await fetch(`${t.server.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    const line = text.split('\n').find((l) => l.startsWith(`ayuda_http_requests_total{method="POST",route="${PATH}",status="${status}"} `));
    return line ? Number(line.split(' ')[1]) : 0;
  };

  it('refuses a missing, forged, stale or future signature and a body that is not JSON with 400 problem details, applying nothing', async () => {
    const before = await count(400);
    const body = otherEvent(`evt_refused_${kind}`);
    const answers = [
      await post(body),
      await post(body, { 'Stripe-Signature': '' }),
      await post(body, { 'Stripe-Signature': signPayload(body, 'whsec_wrong', now()) }),
      await post(body, { 'Stripe-Signature': signed(body, now() - 3600) }),
      await post(body, { 'Stripe-Signature': signed(body, now() + 3600) }),
      await post(body, { 'Stripe-Signature': `t=${now()}` }),
      await post(body, { 'Stripe-Signature': signed(body).replace(/v1=[0-9a-f]+/, 'v1=zz') }),
      await post('{"id": "evt_half', { 'Stripe-Signature': signed('{"id": "evt_half') }),
    ];
    for (const res of answers) {
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const p = await res.json();
      expect(p).toMatchObject({ type: 'https://ayuda.dev/problems/invalid-signature', title: 'Invalid signature', status: 400, instance: PATH, requestId: res.headers.get('x-request-id') });
    }
    expect(await recorded(`evt_refused_${kind}`)).toBe(0);
    expect(await count(400)).toBe(before + answers.length);
  });

  it('takes any of several v1 signatures, one made with a rolled secret beside the current one', async () => {
    const body = otherEvent(`evt_two_sigs_${kind}`);
    const at = now();
    const good = signed(body, at).split('v1=')[1]!;
    const res = await post(body, { 'Stripe-Signature': `t=${at},v1=${'0'.repeat(64)},v1=${good},v0=abc` });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, result: 'ignored: product.created' });
    expect(await recorded(`evt_two_sigs_${kind}`)).toBe(1);
  });

  it('answers a body over the limit 413, by its Content-Length or as it streams in, and applies nothing', async () => {
    const before = await count(413);
    const big = Buffer.from(JSON.stringify({ id: `evt_big_${kind}`, type: 'product.created', created: 1, data: { object: { pad: 'x'.repeat(BODY_LIMIT) } } }));
    const declared = await send(t.server.url, { headers: { 'Content-Type': 'application/json', 'Content-Length': String(big.length), 'Stripe-Signature': signed(big.toString()) }, chunks: [big] });
    expect(declared.status).toBe(413);
    expect(declared.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(declared.body)).toMatchObject({ type: 'https://ayuda.dev/problems/payload-too-large', status: 413, detail: `The request body is larger than ${BODY_LIMIT} bytes.`, instance: PATH });
    // No Content-Length: chunked, the limit is found while reading.
    const streamed = await send(t.server.url, { headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signed(big.toString()) }, chunks: [big.subarray(0, 1000), big.subarray(1000)] });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body)).toMatchObject({ status: 413, instance: PATH });
    expect(await recorded(`evt_big_${kind}`)).toBe(0);
    expect(await count(413)).toBe(before + 2);
    // A body in several chunks under the limit is read whole.
    const small = Buffer.from(otherEvent(`evt_chunked_${kind}`));
    const chunked = await send(t.server.url, { headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signed(small.toString()) }, chunks: [small.subarray(0, 7), small.subarray(7, 20), small.subarray(20)] });
    expect(chunked.status).toBe(200);
    expect(JSON.parse(chunked.body)).toEqual({ received: true, result: 'ignored: product.created' });
  });

  it('applies nothing and counts no answer when the client goes away before the whole body, and keeps serving', async () => {
    const counts = async () => Promise.all([200, 400, 413, 500].map(count));
    const before = await counts();
    const body = Buffer.from(otherEvent(`evt_cut_${kind}`));
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${t.server.url}${PATH}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': String(body.length), 'Stripe-Signature': signed(body.toString()) } });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      req.write(body.subarray(0, 20), () => req.destroy());
    });
    const next = otherEvent(`evt_after_cut_${kind}`);
    const res = await post(next, { 'Stripe-Signature': signed(next) });
    expect(res.status).toBe(200);
    expect(await recorded(`evt_cut_${kind}`)).toBe(0);
    const after = await counts();
    expect(after).toEqual([before[0]! + 1, before[1], before[2], before[3]]);
  });

  it('leaves other methods to Hono, as before (404 problem details), and the signature, not the content type, decides', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await fetch(`${t.server.url}${PATH}`, { method, ...(method === 'GET' ? {} : { body: '{}' }) });
      expect(res.status, method).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    const body = otherEvent(`evt_text_${kind}`);
    const res = await post(body, { 'Content-Type': 'text/plain', 'Stripe-Signature': signed(body), 'X-Request-Id': 'stripe-retry-1' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('stripe-retry-1');
    // An endpoint URL with a query string is the same endpoint.
    const q = otherEvent(`evt_query_${kind}`);
    expect((await post(q, { 'Stripe-Signature': signed(q) }, `${PATH}?source=stripe`)).status).toBe(200);
    expect(await recorded(`evt_query_${kind}`)).toBe(1);
  });

  it('sends the security headers a Hono answer carries', async () => {
    const hono = await fetch(`${t.server.url}/api/v1/settings`);
    const body = otherEvent(`evt_headers_${kind}`);
    const raw = await post(body, { 'Stripe-Signature': signed(body) });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toBe('application/json');
    const security = ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'cross-origin-opener-policy', 'origin-agent-cluster', 'x-dns-prefetch-control', 'x-download-options', 'x-permitted-cross-domain-policies', 'x-xss-protection', 'strict-transport-security', 'cross-origin-embedder-policy', 'cross-origin-resource-policy'];
    for (const name of security) expect(raw.headers.get(name), name).toBe(hono.headers.get(name));
    expect(raw.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers a failure while applying as the Hono route does: 500, or 503 with Retry-After when the database does not answer', async () => {
    const fastlane = t.server.ayuda.fastlane;
    const real = fastlane.applyEvent;
    try {
      const body = otherEvent(`evt_fails_${kind}`);
      fastlane.applyEvent = async () => {
        throw new Error('boom');
      };
      const raw = await post(body, { 'Stripe-Signature': signed(body), 'X-Request-Id': 'same-id' });
      const hono = await t.server.ayuda.app.request(PATH, { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signed(body), 'X-Request-Id': 'same-id' } });
      expect(raw.status).toBe(500);
      expect(hono.status).toBe(500);
      expect(raw.headers.get('content-type')).toBe('application/problem+json');
      const p = await raw.json();
      expect(p).toEqual(await hono.json());
      expect(p).toMatchObject({ type: 'https://ayuda.dev/problems/internal-error', status: 500, instance: PATH, requestId: 'same-id' });
      fastlane.applyEvent = async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      };
      const down = await post(body, { 'Stripe-Signature': signed(body) });
      expect(down.status).toBe(503);
      expect(down.headers.get('retry-after')).toBe('5');
      expect(await down.json()).toMatchObject({ type: 'https://ayuda.dev/problems/service-unavailable', status: 503 });
      // The raw answer and Hono's, counted under one route label.
      expect(await count(500)).toBe(2);
      expect(await count(503)).toBe(1);
    } finally {
      fastlane.applyEvent = real;
    }
    const body = otherEvent(`evt_fails_${kind}`);
    expect((await post(body, { 'Stripe-Signature': signed(body) })).status).toBe(200);
  });
});

describe('the Stripe webhook at shutdown', () => {
  it('finishes a webhook in flight when the server closes, and takes no new connection', async () => {
    const t = await startFastlaneServer('pglite');
    const fastlane = t.server.ayuda.fastlane;
    const real = fastlane.applyEvent;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const applying = new Promise<void>((r) => (started = r));
    fastlane.applyEvent = async (event) => {
      started();
      await held;
      return real(event);
    };
    const body = otherEvent('evt_in_flight');
    const inFlight = fetch(`${t.server.url}${PATH}`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signed(body) } });
    await applying;
    const closing = t.close();
    // The listening socket closes at once: wait until a new connection is refused.
    for (;;) {
      const refused = await fetch(`${t.server.url}/healthz`, { headers: { Connection: 'close' } }).then(
        () => false,
        () => true,
      );
      if (refused) break;
    }
    release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, result: 'ignored: product.created' });
    await closing;
  });
});
