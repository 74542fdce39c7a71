import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue, DAY, startHarness, submitCheckoutForm, type Harness } from './test-support.js';

let h: Harness;
let prices: Awaited<ReturnType<typeof catalogue>>;
beforeAll(async () => {
  h = await startHarness();
  prices = await catalogue(h.stripe);
});
afterAll(() => h.close());

const paymentSession = (extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) =>
  h.stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [{ price: prices.incident.id, quantity: 1 }],
    success_url: 'https://shop.example/paid?session={CHECKOUT_SESSION_ID}',
    cancel_url: 'https://shop.example/cancelled',
    customer_email: 'ana@example.com',
    client_reference_id: 'case_123',
    metadata: { ayuda_case: 'case_123' },
    payment_intent_data: { metadata: { ayuda_case: 'case_123' } },
    ...extra,
  });

describe('checkout sessions through the API', () => {
  it('creates a hosted payment session shaped like Stripe', async () => {
    const s = await paymentSession();
    expect(s.id).toMatch(/^cs_test_/);
    expect(s).toMatchObject({
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_total: 1500,
      currency: 'eur',
      client_reference_id: 'case_123',
      metadata: { ayuda_case: 'case_123' },
      ui_mode: 'hosted_page',
      payment_intent: null,
      livemode: false,
      client_secret: null,
    });
    expect(s.url).toBe(`${h.emulator.url}/checkout/${s.id}`);
    expect(s.expires_at - s.created).toBe(DAY);
    const items = await h.stripe.checkout.sessions.listLineItems(s.id);
    expect(items.data).toHaveLength(1);
    expect(items.data[0]).toMatchObject({ object: 'item', quantity: 1, amount_total: 1500, price: { id: prices.incident.id } });
    const withItems = await h.stripe.checkout.sessions.retrieve(s.id, { expand: ['line_items'] });
    expect(withItems.line_items?.data[0]?.price?.id).toBe(prices.incident.id);
  });

  it('creates an embedded session with a client secret and a return URL', async () => {
    const s = await h.stripe.checkout.sessions.create({
      mode: 'subscription',
      ui_mode: 'embedded_page',
      line_items: [{ price: prices.monthly.id, quantity: 1 }],
      return_url: 'https://shop.example/return?session={CHECKOUT_SESSION_ID}',
      subscription_data: { metadata: { ayuda_customer: 'c1' } },
    });
    expect(s.client_secret).toMatch(new RegExp(`^${s.id}_secret_`));
    expect(s).toMatchObject({ ui_mode: 'embedded_page', url: null, return_url: 'https://shop.example/return?session={CHECKOUT_SESSION_ID}' });
  });

  it('rejects what Stripe rejects', async () => {
    await expect(paymentSession({ line_items: [{ price: prices.monthly.id, quantity: 1 }] })).rejects.toMatchObject({ statusCode: 400, param: 'line_items[0][price]' });
    await expect(paymentSession({ ui_mode: 'embedded' as Stripe.Checkout.SessionCreateParams.UiMode })).rejects.toMatchObject({ statusCode: 400, param: 'ui_mode', message: expect.stringContaining('embedded_page') });
    await expect(paymentSession({ expires_at: Math.floor(h.emulator.now().getTime() / 1000) + 60 })).rejects.toMatchObject({ param: 'expires_at' });
    await expect(paymentSession({ customer: 'cus_missing', customer_email: undefined })).rejects.toMatchObject({ statusCode: 404, param: 'customer' });
    await expect(paymentSession({ success_url: undefined })).rejects.toMatchObject({ code: 'parameter_missing', param: 'success_url' });
    await expect(paymentSession({ subscription_data: { metadata: { a: 'b' } } })).rejects.toMatchObject({ param: 'subscription_data' });
  });

  it('expires an open session on request and refuses to expire it twice', async () => {
    const s = await paymentSession();
    const expired = await h.stripe.checkout.sessions.expire(s.id);
    expect(expired).toMatchObject({ status: 'expired', url: null });
    await expect(h.stripe.checkout.sessions.expire(s.id)).rejects.toMatchObject({ statusCode: 400 });
    const page = await fetch(s.url as string);
    expect(page.status).toBe(410);
    expect(h.emulator.events('checkout.session.expired').some((e) => (e.data.object as { id: string }).id === s.id)).toBe(true);
  });

  it('expires sessions past expires_at when the test clock moves', async () => {
    // A frozen base clock: on the system clock a second can pass between reading `now` and
    // moving the clock, and the session would expire one step early (seen on a slow CI run).
    const frozen = new Date('2026-03-02T10:00:00Z');
    const f = await startHarness({ clock: { now: () => frozen } });
    try {
      const own = await catalogue(f.stripe);
      const now = Math.floor(frozen.getTime() / 1000);
      const s = await f.stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [{ price: own.incident.id, quantity: 1 }],
        success_url: 'https://shop.example/paid',
        expires_at: now + 3600,
      });
      const events = f.emulator.advanceClock(3599);
      expect(events.some((e) => e.type === 'checkout.session.expired' && (e.data.object as { id: string }).id === s.id)).toBe(false);
      const more = f.emulator.advanceClock(1);
      const expiredEvent = more.find((e) => e.type === 'checkout.session.expired' && (e.data.object as { id: string }).id === s.id);
      expect(expiredEvent).toBeDefined();
      expect((await f.stripe.checkout.sessions.retrieve(s.id)).status).toBe('expired');
      const open = await f.stripe.checkout.sessions.list({ status: 'open', limit: 100 });
      expect(open.data.some((x) => x.id === s.id)).toBe(false);
    } finally {
      await f.close();
    }
  });
});

describe('the hosted checkout page', () => {
  it('is an accessible form with no scripts and no external resources, and a cancel link', async () => {
    const s = await paymentSession();
    const res = await fetch(s.url as string);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<label for="card-number">Card number</label>');
    expect(page).toContain('autocomplete="cc-number"');
    expect(page).toContain('€15.00');
    expect(page).toContain('href="https://shop.example/cancelled"');
    expect(page).not.toMatch(/<script|https?:\/\/(?!shop\.example)[^"]*\.(js|css)/);
  });

  it('4242 pays: PaymentIntent and Charge succeed and the browser goes to success_url', async () => {
    const s = await paymentSession();
    const res = await submitCheckoutForm(s.url as string, { card: '4242 4242 4242 4242' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`https://shop.example/paid?session=${s.id}`);
    const done = await h.stripe.checkout.sessions.retrieve(s.id, { expand: ['payment_intent.latest_charge'] });
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid', customer_details: { email: 'ana@example.com' } });
    const pi = done.payment_intent as Stripe.PaymentIntent;
    expect(pi).toMatchObject({ object: 'payment_intent', status: 'succeeded', amount: 1500, amount_received: 1500, metadata: { ayuda_case: 'case_123' } });
    const charge = pi.latest_charge as Stripe.Charge;
    expect(charge).toMatchObject({ object: 'charge', status: 'succeeded', paid: true, amount: 1500, amount_refunded: 0, refunded: false });
    expect(charge.payment_method_details?.card?.last4).toBe('4242');
    expect((await h.stripe.paymentIntents.retrieve(pi.id)).id).toBe(pi.id);
    expect((await h.stripe.charges.list({ payment_intent: pi.id })).data.map((c) => c.id)).toEqual([charge.id]);
    expect((await h.stripe.paymentIntents.list({ limit: 100 })).data.some((x) => x.id === pi.id)).toBe(true);
    const again = await fetch(s.url as string);
    expect(await again.text()).toContain('Already paid');
  });

  it.each([
    ['4000 0000 0000 0002', 'card_declined', 'generic_decline', 'Your card was declined.'],
    ['4000 0000 0000 9995', 'card_declined', 'insufficient_funds', 'Your card has insufficient funds.'],
  ])('%s is declined: the page shows the error and nothing is paid', async (card, code, declineCode, message) => {
    const s = await paymentSession();
    const res = await submitCheckoutForm(s.url as string, { card });
    expect(res.status).toBe(402);
    const page = await res.text();
    expect(page).toContain('role="alert"');
    expect(page).toContain(message.replace("'", '&#39;'));
    const after = await h.stripe.checkout.sessions.retrieve(s.id, { expand: ['payment_intent'] });
    expect(after).toMatchObject({ status: 'open', payment_status: 'unpaid' });
    const pi = after.payment_intent as Stripe.PaymentIntent;
    expect(pi.status).toBe('requires_payment_method');
    expect(pi.last_payment_error).toMatchObject({ code, decline_code: declineCode });
    // A second try with a good card reuses the PaymentIntent.
    const retry = await submitCheckoutForm(s.url as string, { card: '4242424242424242' });
    expect(retry.status).toBe(303);
    const paid = await h.stripe.checkout.sessions.retrieve(s.id);
    expect(paid).toMatchObject({ status: 'complete', payment_intent: pi.id });
  });

  it('rejects a malformed card number or expiry without charging', async () => {
    const s = await paymentSession();
    const bad = await submitCheckoutForm(s.url as string, { card: '4242 4242 4242 4241' });
    expect(bad.status).toBe(402);
    expect(await bad.text()).toContain('Your card number is incorrect.');
    const badExpiry = await submitCheckoutForm(s.url as string, { card: '4242424242424242', expiry: '13' });
    expect(badExpiry.status).toBe(400);
    expect((await h.stripe.checkout.sessions.retrieve(s.id)).payment_intent).toBeNull();
  });

  it('asks for an email when the session has no customer', async () => {
    const s = await paymentSession({ customer_email: undefined });
    const page = await (await fetch(s.url as string)).text();
    expect(page).toContain('<label for="email">Email</label>');
    const missing = await submitCheckoutForm(s.url as string, { card: '4242424242424242' });
    expect(missing.status).toBe(400);
    const ok = await submitCheckoutForm(s.url as string, { card: '4242424242424242', email: 'new@example.com' });
    expect(ok.status).toBe(303);
    expect((await h.stripe.checkout.sessions.retrieve(s.id)).customer_details?.email).toBe('new@example.com');
  });

  it('an embedded session returns to return_url', async () => {
    const s = await h.stripe.checkout.sessions.create({
      mode: 'payment',
      ui_mode: 'embedded_page',
      line_items: [{ price: prices.incident.id, quantity: 2 }],
      return_url: 'https://shop.example/return?session={CHECKOUT_SESSION_ID}',
      customer_email: 'e@example.com',
    });
    const res = await submitCheckoutForm(`${h.emulator.url}/checkout/${s.id}`, { card: '4242424242424242' });
    expect(res.headers.get('location')).toBe(`https://shop.example/return?session=${s.id}`);
    expect((await h.stripe.checkout.sessions.retrieve(s.id)).amount_total).toBe(3000);
  });
});

describe('paying programmatically', () => {
  it('POST /_emulator/checkout/:id/pay completes a session or answers a Stripe card error', async () => {
    const s = await paymentSession();
    const post = (card: string) =>
      fetch(`${h.emulator.url}/_emulator/checkout/${s.id}/pay`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.emulator.secretKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ card }),
      });
    const declined = await post('4000000000000002');
    expect(declined.status).toBe(402);
    expect((await declined.json()).error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'generic_decline' });
    const paid = await post('4242424242424242');
    expect(paid.status).toBe(200);
    expect(await paid.json()).toMatchObject({ id: s.id, status: 'complete' });
    const unauth = await fetch(`${h.emulator.url}/_emulator/checkout/${s.id}/pay`, { method: 'POST' });
    expect(unauth.status).toBe(401);
  });
});
