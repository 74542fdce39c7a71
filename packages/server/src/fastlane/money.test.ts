// Money fixes of issue 11: each test here failed on the code before its fix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { signPayload, type StripeEvent } from '@ayuda/stripe-emulator';
import { startFastlaneServer } from '../testing/fastlane.js';
import { testDatabases } from '../testing/db.js';
import { createTestApp } from '../testing/app.js';
import { DEV_WEBHOOK_SECRET, startDevStripe } from '../billing/dev-stripe.js';
import { cases, entitlements, fastlaneOrders, fastlaneRefunds, mailOutbox, stripeEvents } from '../db/schema.js';

type T = Awaited<ReturnType<typeof startFastlaneServer>>;

describe.each(testDatabases())('fast lane money on %s', (kind) => {
  let t: T;
  let stripe: Stripe;
  let n = 0;
  const email = () => `dinero${++n}-${kind}@example.com`;
  beforeAll(async () => {
    t = await startFastlaneServer(kind);
    stripe = new Stripe(t.emulator.secretKey, t.emulator.stripeOptions);
  });
  afterAll(() => t?.close());

  const caseRow = async (reference: string) => (await t.database.db.select().from(cases).where(eq(cases.reference, reference)))[0]!;
  const orderRow = async (id: number) => (await t.database.db.select().from(fastlaneOrders).where(eq(fastlaneOrders.id, id)))[0]!;
  const checkout = (token: string, body: Record<string, unknown>, key = `k-${Math.random()}`, tt: T = t) =>
    tt.api('/api/v1/fastlane/checkout', { json: { locale: 'es', ...body }, bearer: token, headers: { 'Idempotency-Key': key } });
  const pay = async (sessionId: string, card = '4242424242424242') => {
    const r = t.emulator.payCheckoutSession(sessionId, card);
    await t.emulator.webhooks.waitForIdle();
    return r;
  };
  /** Posts a signed event to the server as Stripe would, at `timestamp` (seconds, wall clock). */
  const deliver = (event: unknown, timestamp = Math.floor(Date.now() / 1000)) => {
    const body = JSON.stringify(event);
    return t.api('/api/v1/stripe/webhook', { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signPayload(body, DEV_WEBHOOK_SECRET, timestamp) } });
  };
  const eventsFor = (type: string, match: (o: Record<string, unknown>) => boolean): StripeEvent[] => t.emulator.events(type).filter((e) => match(e.data.object as Record<string, unknown>));

  it('records a prorated refund when a subscription is cancelled at once, and knows the later charge.refunded as its own', async () => {
    const e = email();
    const token = await t.signIn(e);
    const { sessionId, orderId } = await (await checkout(token, { plan: 'yearly' })).json();
    await pay(sessionId);
    const before = await (await t.staff('/fastlane/summary?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z')).json();
    t.clock.advance(11 * 3_600_000); // hours into the year (the session lasts 12): nearly all is refunded
    const res = await t.api('/api/v1/fastlane/subscription/cancel', { json: { atPeriodEnd: false }, bearer: token });
    expect(res.status).toBe(200);
    const cancelled = await res.json();
    expect(cancelled.refunded).toBeGreaterThan(4800);
    expect(cancelled.refunded).toBeLessThan(4900);
    await t.emulator.webhooks.waitForIdle();
    const order = await orderRow(orderId);
    expect(order.paymentIntentId).toMatch(/^pi_/);
    expect(order).toMatchObject({ amountRefunded: cancelled.refunded, status: 'partially_refunded' });
    const refunds = await t.database.db.select().from(fastlaneRefunds).where(eq(fastlaneRefunds.orderId, orderId));
    expect(refunds).toEqual([expect.objectContaining({ amount: cancelled.refunded, status: 'succeeded', requestedBy: 'customer', reasonCode: 'customer_request' })]);
    const inStripe = [...t.emulator.state.refunds.values()].filter((r) => r.id === refunds[0]!.stripeRefundId);
    expect(inStripe[0]!.metadata).toMatchObject({ order_id: String(orderId) });
    // The charge.refunded that followed was recognised and changed nothing more.
    expect(order.chargeId).toMatch(/^ch_/);
    const after = await (await t.staff('/fastlane/summary?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z')).json();
    expect(after.refunds.amount - before.refunds.amount).toBe(cancelled.refunded);
    const me = await (await t.api('/api/v1/fastlane/me', { bearer: token })).json();
    expect(me.orders.find((o: { id: number }) => o.id === orderId).refunds).toHaveLength(1);
  });

  it('answers a customer refund request with its own request, never with an earlier staff refund', async () => {
    const e = email();
    const token = await t.signIn(e);
    const c = await t.submitCase(e, 'Staff first');
    const { sessionId, orderId } = await (await checkout(token, { plan: 'incident', trackingToken: c.trackingToken })).json();
    await pay(sessionId);
    await t.staff(`/cases/${c.reference}/messages`, { json: { body: 'Miramos tu router.' } });
    const staffRefund = await (await t.staff(`/fastlane/orders/${orderId}/refund`, { json: { amount: 300, reason: 'Gesto comercial' }, headers: { 'Idempotency-Key': crypto.randomUUID() } })).json();
    expect(staffRefund.status).toBe('succeeded');
    const asked = await t.api(`/api/v1/fastlane/orders/${orderId}/refund`, { json: { reason: 'Quiero el resto' }, bearer: token });
    expect(asked.status).toBe(202);
    const body = await asked.json();
    expect(body.id).not.toBe(staffRefund.id);
    expect(body).toMatchObject({ status: 'pending_approval', amount: 690 });
    // Asking again answers with the same pending request.
    const again = await (await t.api(`/api/v1/fastlane/orders/${orderId}/refund`, { json: { reason: 'Quiero el resto' }, bearer: token })).json();
    expect(again.id).toBe(body.id);
  });

  it('makes one staff refund per Idempotency-Key: a retry, even at the same moment, answers the first refund', async () => {
    const e = email();
    const token = await t.signIn(e);
    const c = await t.submitCase(e, 'Goodwill twice');
    const { sessionId, orderId } = await (await checkout(token, { plan: 'incident', trackingToken: c.trackingToken })).json();
    await pay(sessionId);
    const refund = (key: string | null, amount = 200, reason = 'Gesto comercial') =>
      t.staff(`/fastlane/orders/${orderId}/refund`, { json: { amount, reason }, headers: key === null ? {} : { 'Idempotency-Key': key } });
    const rows = () => t.database.db.select().from(fastlaneRefunds).where(eq(fastlaneRefunds.orderId, orderId));
    const inStripe = () => [...t.emulator.state.refunds.values()].filter((r) => r.metadata?.order_id === String(orderId));
    const mails = async () => (await t.database.db.select().from(mailOutbox)).filter((m) => m.toAddress === e && m.template === 'refund_made');

    // Without a key: 400 naming the header, and nothing refunded.
    const missing = await refund(null);
    expect(missing.status).toBe(400);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect((await missing.json()).errors.map((x: { field: string }) => x.field)).toEqual(['header.Idempotency-Key']);
    expect(await rows()).toHaveLength(0);

    // The same key twice in a row, then twice at once: one refund in Stripe, one row, one mail.
    const key = `goodwill-${kind}-${orderId}`;
    const first = await refund(key);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const firstBody = await first.json();
    expect(firstBody).toMatchObject({ orderId, amount: 200, status: 'succeeded' });
    const again = await refund(key);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(firstBody);
    for (const r of await Promise.all([refund(key), refund(key)])) {
      expect(r.status).toBe(201);
      expect(await r.json()).toEqual(firstBody);
    }
    expect(await rows()).toEqual([expect.objectContaining({ reasonCode: 'goodwill' })]);
    expect(inStripe()).toHaveLength(1);
    expect(await orderRow(orderId)).toMatchObject({ amountRefunded: 200, status: 'partially_refunded' });
    expect(await mails()).toHaveLength(1);

    // The same key for another amount (or reason) is 422 and refunds nothing.
    for (const other of [await refund(key, 100), await refund(key, 200, 'Otro motivo')]) {
      expect(other.status).toBe(422);
      expect((await other.json()).type).toBe('https://ayuda.dev/problems/idempotency-key-mismatch');
    }
    expect(await rows()).toHaveLength(1);

    // Two new requests at once with one new key: one refund between them.
    const racing = await Promise.all([refund(`${key}-b`, 100), refund(`${key}-b`, 100), refund(`${key}-b`, 100)]);
    expect(racing.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(await Promise.all(racing.map(async (r) => (await r.json()).id))).size).toBe(1);
    expect(await rows()).toHaveLength(2);
    expect(inStripe()).toHaveLength(2);
    expect(await orderRow(orderId)).toMatchObject({ amountRefunded: 300 });
    expect(await mails()).toHaveLength(2);

    // A malformed key is a validation error naming the header.
    const malformed = await refund('x'.repeat(500));
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).errors.map((x: { field: string }) => x.field)).toEqual(['header.Idempotency-Key']);
  });

  it('really cancels again after an undo inside 24 hours (idempotency keys per attempt)', async () => {
    const e = email();
    const token = await t.signIn(e);
    const { sessionId, orderId } = await (await checkout(token, { plan: 'monthly' })).json();
    await pay(sessionId);
    const subId = (await orderRow(orderId)).subscriptionId!;
    expect((await t.api('/api/v1/fastlane/subscription/cancel', { json: { atPeriodEnd: true }, bearer: token })).status).toBe(200);
    expect(t.emulator.state.subscriptions.get(subId)!.cancel_at_period_end).toBe(true);
    // The customer changes their mind in the billing portal.
    await stripe.subscriptions.update(subId, { cancel_at_period_end: false });
    await t.emulator.webhooks.waitForIdle();
    expect((await t.database.db.select().from(entitlements).where(eq(entitlements.subscriptionId, subId)))[0]!.cancelAtPeriodEnd).toBe(false);
    expect((await t.api('/api/v1/fastlane/subscription/cancel', { json: { atPeriodEnd: true }, bearer: token })).status).toBe(200);
    expect(t.emulator.state.subscriptions.get(subId)!.cancel_at_period_end).toBe(true);
  });

  it('never collides with another installation on the same Stripe account', async () => {
    const a = await startFastlaneServer(kind, {}, { dev: t.dev, clock: t.clock });
    const b = await startFastlaneServer(kind, {}, { dev: t.dev, clock: t.clock });
    try {
      const opened = [];
      for (const x of [a, b]) {
        // The first customer of each database: the same customer id, the same browser key.
        const token = await x.signIn('primero@example.com');
        const c = await x.submitCase('primero@example.com', 'Dos instalaciones');
        const res = await checkout(token, { plan: 'incident', trackingToken: c.trackingToken }, 'same-key', x);
        expect(res.status, await res.clone().text()).toBe(201);
        opened.push(await res.json());
      }
      expect(opened[1].sessionId).not.toBe(opened[0].sessionId);
      await pay(opened[0].sessionId);
      await pay(opened[1].sessionId);
      const ra = await a.staff(`/fastlane/orders/${opened[0].orderId}/refund`, { json: { reason: 'prueba' }, headers: { 'Idempotency-Key': 'same-key' } });
      const rb = await b.staff(`/fastlane/orders/${opened[1].orderId}/refund`, { json: { reason: 'prueba' }, headers: { 'Idempotency-Key': 'same-key' } });
      expect([ra.status, rb.status]).toEqual([201, 201]);
      await t.emulator.webhooks.waitForIdle();
      // Each installation's order is refunded once, by its own refund.
      for (const [x, o] of [[a, opened[0]], [b, opened[1]]] as const) {
        const [row] = await x.database.db.select().from(fastlaneOrders).where(eq(fastlaneOrders.id, o.orderId));
        expect(row).toMatchObject({ status: 'refunded', amountRefunded: 990 });
      }
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('uses one Stripe Customer per customer for every checkout, and the billing portal shows it', async () => {
    const e = email();
    const token = await t.signIn(e);
    const c1 = await t.submitCase(e, 'Uno');
    const one = await (await checkout(token, { plan: 'incident', trackingToken: c1.trackingToken })).json();
    await pay(one.sessionId);
    const sub = await (await checkout(token, { plan: 'monthly' })).json();
    await pay(sub.sessionId);
    const ids = [one.sessionId, sub.sessionId].map((id) => t.emulator.state.checkoutSessions.get(id)!.customer);
    expect(ids[0]).toMatch(/^cus_/);
    expect(ids[1]).toBe(ids[0]);
    expect([...t.emulator.state.customers.values()].filter((x) => x.email === e)).toHaveLength(1);
    const portal = await (await t.api('/api/v1/fastlane/billing-portal', { json: {}, bearer: token })).json();
    const bps = t.emulator.state.billingPortalSessions.get(portal.url.split('/').pop())!;
    expect(bps.customer).toBe(ids[0]);
  });

  it('refunds and takes the case out of the fast lane when charge.refunded arrives before checkout.session.completed', async () => {
    const e = email();
    const token = await t.signIn(e);
    const c = await t.submitCase(e, 'Out of order');
    const { sessionId, orderId } = await (await checkout(token, { plan: 'incident', trackingToken: c.trackingToken })).json();
    t.emulator.webhooks.drop(() => true);
    try {
      expect((await pay(sessionId)).ok).toBe(true);
      const pi = t.emulator.state.checkoutSessions.get(sessionId)!.payment_intent as string;
      await stripe.refunds.create({ payment_intent: pi }); // from the Stripe dashboard
    } finally {
      t.emulator.webhooks.drop(null);
    }
    const completed = eventsFor('checkout.session.completed', (o) => o.id === sessionId)[0]!;
    const refunded = eventsFor('charge.refunded', (o) => o.payment_intent === t.emulator.state.checkoutSessions.get(sessionId)!.payment_intent)[0]!;
    expect((await deliver(refunded)).status).toBe(200);
    expect((await deliver(completed)).status).toBe(200);
    expect(await orderRow(orderId)).toMatchObject({ status: 'refunded', amountRefunded: 990 });
    expect((await caseRow(c.reference)).lane).toBe('standard');
  });

  it('never brings back a cancelled subscription with an update or invoice.paid of the same second', async () => {
    const e = email();
    const token = await t.signIn(e);
    const { sessionId, orderId } = await (await checkout(token, { plan: 'monthly' })).json();
    await pay(sessionId);
    const subId = (await orderRow(orderId)).subscriptionId!;
    const lateUpdate = eventsFor('customer.subscription.updated', (o) => o.id === subId).at(-1) ?? eventsFor('customer.subscription.created', (o) => o.id === subId)[0]!;
    const lateInvoice = eventsFor('invoice.paid', (o) => JSON.stringify(o).includes(subId))[0]!;
    await stripe.subscriptions.cancel(subId);
    await t.emulator.webhooks.waitForIdle();
    const deleted = eventsFor('customer.subscription.deleted', (o) => o.id === subId)[0]!;
    expect((await t.database.db.select().from(entitlements).where(eq(entitlements.subscriptionId, subId)))[0]!.status).toBe('canceled');
    // Older states of the subscription, delivered late, dated the same second as its deletion.
    const stale = (ev: StripeEvent, id: string) => ({ ...ev, id, type: ev.type === 'customer.subscription.created' ? 'customer.subscription.updated' : ev.type, created: deleted.created });
    expect((await deliver(stale(lateUpdate, `evt_late_update_${kind}`))).status).toBe(200);
    expect((await deliver(stale(lateInvoice, `evt_late_invoice_${kind}`))).status).toBe(200);
    const [ent] = await t.database.db.select().from(entitlements).where(eq(entitlements.subscriptionId, subId));
    expect(ent!.status).toBe('canceled');
  });

  it('records a validly signed event of an unexpected shape and answers 2xx', async () => {
    const id = `evt_odd_${kind}`;
    const res = await deliver({ id, object: 'event', type: 'checkout.session.completed', created: 1, data: { object: null } });
    expect(res.status).toBe(200);
    const [row] = await t.database.db.select().from(stripeEvents).where(eq(stripeEvents.id, id));
    expect(row).toBeDefined();
  });

  it('refuses signatures dated in the future beyond the tolerance', async () => {
    const body = { id: `evt_future_${kind}`, object: 'event', type: 'product.created', created: 1, data: { object: { id: 'prod_x', metadata: {} } } };
    expect((await deliver(body, Math.floor(Date.now() / 1000) + 3600)).status).toBe(400);
    expect((await deliver(body, Math.floor(Date.now() / 1000) + 5)).status).toBe(200);
  });

  it('opens one Stripe session for ten concurrent checkouts of one case with different keys', async () => {
    const e = email();
    const token = await t.signIn(e);
    const c = await t.submitCase(e, 'Ten tabs');
    const sessionsBefore = t.emulator.state.checkoutSessions.size;
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => checkout(token, { plan: 'incident', trackingToken: c.trackingToken }, `tab-${i}`)));
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(201));
    const ids = new Set((await Promise.all(answers.map((r) => r.json()))).map((b) => b.sessionId));
    expect(ids.size).toBe(1);
    expect(t.emulator.state.checkoutSessions.size - sessionsBefore).toBe(1);
  });

  it('ends the session on the server when signing out, for cookie and bearer alike', async () => {
    for (const how of ['cookie', 'bearer'] as const) {
      const token = await t.signIn(email());
      const auth = how === 'cookie' ? { headers: { Cookie: `ayuda_session=${token}` } } : { bearer: token };
      expect((await t.api('/api/v1/fastlane/me', auth)).status).toBe(200);
      expect((await t.api('/api/v1/fastlane/logout', { method: 'POST', ...auth })).status).toBe(204);
      expect((await t.api('/api/v1/fastlane/me', auth)).status, how).toBe(401);
    }
  });

  it('answers 503 payments-unavailable with Retry-After when Stripe cannot be reached, never a bare 500', async () => {
    const x = await startFastlaneServer(kind);
    try {
      const token = await x.signIn('sin-stripe@example.com');
      const c = await x.submitCase('sin-stripe@example.com', 'Stripe caído');
      await x.emulator.close();
      const res = await checkout(token, { plan: 'incident', trackingToken: c.trackingToken }, 'down', x);
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      expect(res.headers.get('retry-after')).toBeTruthy();
      expect((await res.json()).type).toBe('https://ayuda.dev/problems/payments-unavailable');
    } finally {
      await x.server.close();
      await x.database.close();
    }
  });
});

// Its own app and Stripe, so that the shared server above sits idle through none of it.
describe.each(testDatabases())('a new app on %s', (kind) => {
  it("answers a staff refund that is a new app's first money request, instead of waiting forever", async () => {
    // The refund runs inside its Idempotency-Key's transaction. It once read the installation id
    // (first use) outside that transaction, and on PGlite's one connection that read waited for
    // the transaction forever. A new app, nothing else asked first: an unknown order is 404.
    const dev = await startDevStripe();
    const fresh = await createTestApp(kind, { stripe: dev.gateway, kb: false });
    try {
      const { token } = await fresh.staffTokens.create('Marta');
      const res = await Promise.race([
        fresh.request('/api/v1/staff/fastlane/orders/2147483647/refund', { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() }, body: JSON.stringify({ reason: 'x' }) }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the staff refund never answered (a transaction waits for another)')), 10_000)),
      ]);
      expect(res.status).toBe(404);
    } finally {
      await fresh.dispose();
      await dev.emulator.close();
    }
  });
});
