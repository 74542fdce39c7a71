import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRIPE_API_VERSION } from './emulator.js';
import { catalogue, startHarness, type Harness } from './test-support.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function raw(path: string, init: RequestInit = {}, key: string | null = h.emulator.secretKey): Promise<Response> {
  const headers = new Headers(init.headers);
  if (key) headers.set('authorization', `Bearer ${key}`);
  if (init.body) headers.set('content-type', 'application/x-www-form-urlencoded');
  return fetch(h.emulator.url + path, { ...init, headers });
}

describe('authentication and errors', () => {
  it('answers 401 without a key, with a wrong key and with a publishable key', async () => {
    const none = await raw('/v1/products', {}, null);
    expect(none.status).toBe(401);
    expect((await none.json()).error).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining('did not provide an API key') });
    const wrong = new Stripe('sk_test_wrong_key_123456', { ...h.emulator.stripeOptions, maxNetworkRetries: 0 });
    await expect(wrong.products.list()).rejects.toMatchObject({ type: 'StripeAuthenticationError', statusCode: 401 });
    expect((await raw('/v1/products', {}, h.emulator.publishableKey)).status).toBe(401);
  });

  it('answers 404 resource_missing for an unknown id, through the SDK', async () => {
    const err = await h.stripe.products.retrieve('prod_nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'id', message: "No such product: 'prod_nope'" });
    for (const path of ['/v1/customers/cus_x', '/v1/checkout/sessions/cs_test_x', '/v1/payment_intents/pi_x', '/v1/charges/ch_x', '/v1/refunds/re_x', '/v1/subscriptions/sub_x', '/v1/invoices/in_x', '/v1/events/evt_x']) {
      const res = await raw(path);
      expect(res.status, path).toBe(404);
      expect((await res.json()).error.code).toBe('resource_missing');
    }
  });

  it('answers 404 for an unsupported URL and 400 for unknown or missing parameters', async () => {
    const res = await raw('/v1/treasury/financial_accounts');
    expect(res.status).toBe(404);
    expect((await res.json()).error.type).toBe('invalid_request_error');
    await expect(h.stripe.products.create({ name: 'x', colour: 'red' } as Stripe.ProductCreateParams)).rejects.toMatchObject({
      statusCode: 400,
      code: 'parameter_unknown',
      param: 'colour',
    });
    await expect(h.stripe.products.create({} as Stripe.ProductCreateParams)).rejects.toMatchObject({ code: 'parameter_missing', param: 'name' });
    await expect(h.stripe.prices.create({ currency: 'eur', product: 'prod_missing', unit_amount: 1 })).rejects.toMatchObject({ statusCode: 404, param: 'product' });
  });

  it('accepts HTTP Basic auth with the key as user name, as Stripe does', async () => {
    const res = await fetch(`${h.emulator.url}/v1/products`, { headers: { authorization: `Basic ${Buffer.from(`${h.emulator.secretKey}:`).toString('base64')}` } });
    expect(res.status).toBe(200);
  });

  it('expands ids inside list items and refuses to expand what cannot be', async () => {
    const p = await h.stripe.products.create({ name: 'Expand me' });
    await h.stripe.prices.create({ product: p.id, currency: 'eur', unit_amount: 100 });
    const list = await h.stripe.prices.list({ product: p.id, expand: ['data.product'] });
    expect((list.data[0]?.product as Stripe.Product).name).toBe('Expand me');
    await expect(h.stripe.products.retrieve(p.id, { expand: ['name'] })).rejects.toMatchObject({ statusCode: 400, param: 'expand' });
  });

  it('speaks the pinned API version and refuses another', async () => {
    const ok = await raw('/v1/products');
    expect(ok.headers.get('stripe-version')).toBe(STRIPE_API_VERSION);
    expect(ok.headers.get('request-id')).toMatch(/^req_/);
    const other = await raw('/v1/products', { headers: { 'stripe-version': '2024-06-20' } });
    expect(other.status).toBe(400);
    expect((await other.json()).error.message).toContain('Ayuda:');
  });
});

describe('products, prices and customers', () => {
  it('creates, retrieves, updates and lists products with Stripe-shaped objects', async () => {
    const p = await h.stripe.products.create({ name: 'Fast lane', description: 'Shorter SLA', metadata: { plan: 'incident' } });
    expect(p).toMatchObject({ object: 'product', livemode: false, active: true, name: 'Fast lane', metadata: { plan: 'incident' } });
    expect(p.id).toMatch(/^prod_/);
    expect(Number.isInteger(p.created)).toBe(true);
    const updated = await h.stripe.products.update(p.id, { name: 'Priority support', metadata: { plan: '', tier: 'gold' } });
    expect(updated.name).toBe('Priority support');
    expect(updated.metadata).toEqual({ tier: 'gold' });
    expect((await h.stripe.products.retrieve(p.id)).name).toBe('Priority support');
    const list = await h.stripe.products.list({ limit: 100 });
    expect(list.object).toBe('list');
    expect(list.data[0]?.id).toBe(p.id);
  });

  it('creates one-time and recurring prices, filters by product and lookup key, and transfers lookup keys', async () => {
    const { product, incident, monthly, yearly } = await catalogue(h.stripe);
    expect(incident).toMatchObject({ object: 'price', type: 'one_time', unit_amount: 1500, currency: 'eur', recurring: null, lookup_key: 'incident' });
    expect(monthly.recurring).toMatchObject({ interval: 'month', interval_count: 1 });
    expect(yearly.recurring?.interval).toBe('year');
    const byProduct = await h.stripe.prices.list({ product: product.id });
    expect(byProduct.data.map((p) => p.id).sort()).toEqual([incident.id, monthly.id, yearly.id].sort());
    const byKey = await h.stripe.prices.list({ lookup_keys: ['incident'] });
    expect(byKey.data.map((p) => p.id)).toEqual([incident.id]);
    const recurring = await h.stripe.prices.list({ product: product.id, type: 'recurring', recurring: { interval: 'year' } });
    expect(recurring.data.map((p) => p.id)).toEqual([yearly.id]);
    await expect(h.stripe.prices.create({ product: product.id, currency: 'eur', unit_amount: 1800, lookup_key: 'incident' })).rejects.toMatchObject({ statusCode: 400, param: 'lookup_key' });
    const moved = await h.stripe.prices.create({ product: product.id, currency: 'eur', unit_amount: 1800, lookup_key: 'incident', transfer_lookup_key: true });
    expect((await h.stripe.prices.retrieve(incident.id)).lookup_key).toBeNull();
    expect((await h.stripe.prices.list({ lookup_keys: ['incident'] })).data.map((p) => p.id)).toEqual([moved.id]);
    const archived = await h.stripe.prices.update(incident.id, { active: false });
    expect(archived.active).toBe(false);
    const expanded = await h.stripe.prices.retrieve(monthly.id, { expand: ['product'] });
    expect((expanded.product as Stripe.Product).name).toBe('Priority support');
  });

  it('creates, updates and lists customers by email, with pagination', async () => {
    const a = await h.stripe.customers.create({ email: 'ana@example.com', name: 'Ana' });
    const b = await h.stripe.customers.create({ email: 'ben@example.com' });
    expect(a).toMatchObject({ object: 'customer', email: 'ana@example.com', balance: 0, livemode: false });
    expect(a.id).toMatch(/^cus_/);
    const byEmail = await h.stripe.customers.list({ email: 'ana@example.com' });
    expect(byEmail.data.map((c) => c.id)).toEqual([a.id]);
    expect((await h.stripe.customers.update(a.id, { name: 'Ana García', metadata: { ayuda_customer: '42' } })).metadata).toEqual({ ayuda_customer: '42' });
    const page1 = await h.stripe.customers.list({ limit: 1 });
    expect(page1).toMatchObject({ has_more: true });
    expect(page1.data[0]?.id).toBe(b.id);
    const page2 = await h.stripe.customers.list({ limit: 1, starting_after: b.id });
    expect(page2.data[0]?.id).toBe(a.id);
    const all: string[] = [];
    for await (const c of h.stripe.customers.list({ limit: 1 })) all.push(c.id);
    expect(all).toEqual([b.id, a.id]);
  });
});

describe('idempotency', () => {
  it('replays the first response for the same key and parameters', async () => {
    const first = await h.stripe.customers.create({ email: 'idem@example.com' }, { idempotencyKey: 'key-1' });
    const again = await h.stripe.customers.create({ email: 'idem@example.com' }, { idempotencyKey: 'key-1' });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect((await h.stripe.customers.list({ email: 'idem@example.com' })).data).toHaveLength(1);
  });

  it('refuses the same key with different parameters (400 idempotency_error)', async () => {
    await h.stripe.customers.create({ email: 'x@example.com' }, { idempotencyKey: 'key-2' });
    const err = await h.stripe.customers.create({ email: 'y@example.com' }, { idempotencyKey: 'key-2' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(err).toMatchObject({ statusCode: 400, type: 'StripeIdempotencyError' });
  });

  it('does not save validation errors, and forgets keys after 24 h of emulated time', async () => {
    await expect(h.stripe.products.create({} as Stripe.ProductCreateParams, { idempotencyKey: 'key-3' })).rejects.toMatchObject({ statusCode: 400 });
    const made = await h.stripe.products.create({ name: 'Now valid' }, { idempotencyKey: 'key-3' });
    expect(made.name).toBe('Now valid');
    h.emulator.advanceClock(86_400);
    const fresh = await h.stripe.products.create({ name: 'Now valid' }, { idempotencyKey: 'key-3' });
    expect(fresh.id).not.toBe(made.id);
  });
});
