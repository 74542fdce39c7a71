import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STRIPE_API_VERSION } from './emulator.js';
import { catalogue, startHarness, startReceiver, type Harness, type Receiver } from './test-support.js';

const SECRET = 'whsec_test_secret_for_ayuda';
let h: Harness;
let receiver: Receiver;
let prices: Awaited<ReturnType<typeof catalogue>>;
const verifier = new Stripe('sk_test_unused');

beforeAll(async () => {
  receiver = await startReceiver();
  h = await startHarness({ webhooks: [{ url: receiver.url, secret: SECRET }], webhookRetry: { maxAttempts: 3, initialDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000 } });
  prices = await catalogue(h.stripe);
  await h.emulator.webhooks.waitForIdle(25_000);
});
afterAll(async () => {
  await h.close();
  await receiver.close();
});
beforeEach(() => {
  receiver.received.length = 0;
  receiver.respond = () => 200;
});
afterEach(async () => {
  h.emulator.webhooks.resume();
  h.emulator.webhooks.drop(null);
  await h.emulator.webhooks.waitForIdle(25_000);
});

async function paySession(): Promise<string> {
  const s = await h.stripe.checkout.sessions.create(
    {
      mode: 'payment',
      line_items: [{ price: prices.incident.id, quantity: 1 }],
      success_url: 'https://shop.example/ok',
      customer_email: 'w@example.com',
      metadata: { ayuda_case: 'c9' },
    },
    { idempotencyKey: `checkout-${Math.random()}` },
  );
  const r = h.emulator.payCheckoutSession(s.id, '4242424242424242');
  expect(r.ok).toBe(true);
  return s.id;
}

describe('webhook delivery', () => {
  it('signs every event so that constructEventAsync verifies it, with Stripe-shaped events', async () => {
    expect(h.emulator.webhookSecret).toBe(SECRET);
    const sessionId = await paySession();
    await h.emulator.webhooks.waitForIdle(25_000);
    const events = await Promise.all(
      receiver.received.map((hook) => verifier.webhooks.constructEventAsync(hook.body, hook.headers['stripe-signature'] as string, SECRET)),
    );
    const types = events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded', 'checkout.session.completed']));
    expect(types.indexOf('checkout.session.completed')).toBeGreaterThan(types.indexOf('payment_intent.succeeded'));
    const completed = events.find((e) => e.type === 'checkout.session.completed') as Stripe.CheckoutSessionCompletedEvent;
    expect(completed).toMatchObject({ object: 'event', api_version: STRIPE_API_VERSION, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null } });
    expect(completed.id).toMatch(/^evt_/);
    expect(completed.data.object).toMatchObject({ id: sessionId, status: 'complete', metadata: { ayuda_case: 'c9' } });
    expect(receiver.received[0]?.headers['stripe-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    // A forged body fails verification.
    const hook = receiver.received[0];
    await expect(verifier.webhooks.constructEventAsync(`${hook?.body} `, hook?.headers['stripe-signature'] as string, SECRET)).rejects.toThrow();
    // Delivered events no longer count as pending.
    const fetched = await h.stripe.events.retrieve(completed.id);
    expect(fetched.pending_webhooks).toBe(0);
  });

  it('records the API request and idempotency key that caused an event', async () => {
    await h.stripe.customers.create({ email: 'req@example.com' }, { idempotencyKey: 'cust-req-1' });
    await h.emulator.webhooks.waitForIdle(25_000);
    const event = await verifier.webhooks.constructEventAsync(receiver.received.at(-1)?.body as string, receiver.received.at(-1)?.headers['stripe-signature'] as string, SECRET);
    expect(event.type).toBe('customer.created');
    expect(event.request?.idempotency_key).toBe('cust-req-1');
    expect(event.request?.id).toMatch(/^req_/);
  });

  it('retries a failing endpoint with backoff until it answers 2xx', async () => {
    receiver.respond = (n) => (n <= 2 ? 500 : 200);
    await h.stripe.customers.create({ email: 'retry@example.com' });
    await h.emulator.webhooks.waitForIdle(25_000);
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    const delivery = h.emulator.webhooks.deliveries().at(-1);
    expect(delivery).toMatchObject({ status: 'succeeded', eventType: 'customer.created' });
    expect(delivery?.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
  });

  it('gives up after maxAttempts and shows the failure in state and in the events API', async () => {
    receiver.respond = () => 503;
    const customer = await h.stripe.customers.create({ email: 'fail@example.com' });
    await h.emulator.webhooks.waitForIdle(25_000);
    const delivery = h.emulator.webhooks.deliveries().at(-1);
    expect(delivery).toMatchObject({ status: 'failed' });
    expect(delivery?.attempts).toHaveLength(3);
    const undelivered = await h.stripe.events.list({ delivery_success: false, type: 'customer.created' });
    expect(undelivered.data.some((e) => (e.data.object as Stripe.Customer).id === customer.id)).toBe(true);
  });

  it('records network failures as attempts', async () => {
    const dead = h.emulator.addWebhookEndpoint('http://127.0.0.1:9/unreachable', 'whsec_dead', { enabledEvents: ['product.created'] });
    await h.stripe.products.create({ name: 'Unreachable' });
    await h.emulator.webhooks.waitForIdle(25_000);
    const delivery = h.emulator.webhooks.deliveries().find((d) => d.endpointId === dead.id);
    expect(delivery?.status).toBe('failed');
    expect(delivery?.attempts[0]?.error).toBeTruthy();
  });

  it('pause holds deliveries until resume; drop loses them on purpose', async () => {
    h.emulator.webhooks.pause();
    await h.stripe.customers.create({ email: 'held@example.com' });
    await h.emulator.webhooks.waitForIdle(25_000);
    expect(receiver.received).toHaveLength(0);
    h.emulator.webhooks.resume();
    await h.emulator.webhooks.waitForIdle(25_000);
    expect(receiver.received).toHaveLength(1);

    h.emulator.webhooks.drop((event) => event.type === 'checkout.session.completed');
    await paySession();
    await h.emulator.webhooks.waitForIdle(25_000);
    const types = receiver.received.map((r) => (JSON.parse(r.body) as { type: string }).type);
    expect(types).toContain('payment_intent.succeeded');
    expect(types).not.toContain('checkout.session.completed');
    expect(h.emulator.webhooks.deliveries().some((d) => d.eventType === 'checkout.session.completed' && d.status === 'dropped')).toBe(true);
    // The lost event can still be found by polling, as a reconciliation job would.
    const polled = await h.stripe.events.list({ type: 'checkout.session.completed', limit: 1 });
    expect(polled.data[0]?.type).toBe('checkout.session.completed');
  });
});

describe('events API', () => {
  it('lists events newest first with type filters and retrieves one', async () => {
    await paySession();
    const list = await h.stripe.events.list({ limit: 3 });
    expect(list.data).toHaveLength(3);
    expect(list.data[0]?.created).toBeGreaterThanOrEqual(list.data[2]?.created ?? 0);
    const charges = await h.stripe.events.list({ type: 'charge.*' });
    expect(charges.data.every((e) => e.type.startsWith('charge.'))).toBe(true);
    const several = await h.stripe.events.list({ types: ['payment_intent.succeeded', 'checkout.session.completed'] });
    expect(new Set(several.data.map((e) => e.type))).toEqual(new Set(['payment_intent.succeeded', 'checkout.session.completed']));
    const one = await h.stripe.events.retrieve(list.data[0]?.id as string);
    expect(one.id).toBe(list.data[0]?.id);
  });
});
