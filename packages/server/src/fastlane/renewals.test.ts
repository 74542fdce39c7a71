// A subscription's renewals are revenue (issue 15, the fast lane's account): each paid renewal
// invoice becomes one order of kind `renewal`, however often its event arrives, the first
// invoice stays its checkout's order alone, and a refund of a renewal's charge finds its order.
// The Stripe emulator renews at the period's end when its clock is advanced.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { signPayload, type StripeEvent } from '@ayuda/stripe-emulator';
import { startFastlaneServer } from '../testing/fastlane.js';
import { testDatabases } from '../testing/db.js';
import { DEV_WEBHOOK_SECRET } from '../billing/dev-stripe.js';
import { fastlaneOrders } from '../db/schema.js';

type T = Awaited<ReturnType<typeof startFastlaneServer>>;

describe.each(testDatabases())('subscription renewals on %s', (kind) => {
  let t: T;
  let stripe: Stripe;
  beforeAll(async () => {
    t = await startFastlaneServer(kind);
    stripe = new Stripe(t.emulator.secretKey, t.emulator.stripeOptions);
  });
  afterAll(() => t?.close());

  const ordersOf = (subId: string) => t.database.db.select().from(fastlaneOrders).where(eq(fastlaneOrders.subscriptionId, subId)).orderBy(fastlaneOrders.id);
  const deliver = (event: unknown) => {
    const body = JSON.stringify(event);
    return t.api('/api/v1/stripe/webhook', { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signPayload(body, DEV_WEBHOOK_SECRET, Math.floor(Date.now() / 1000)) } });
  };
  const invoicePaidOf = (subId: string): StripeEvent[] => t.emulator.events('invoice.paid').filter((e) => JSON.stringify(e.data.object).includes(subId));

  it('records each renewal once, never the first invoice again, and finds it when its charge is refunded', async () => {
    const token = await t.signIn(`renueva-${kind}@example.com`);
    const res = await t.api('/api/v1/fastlane/checkout', { json: { locale: 'es', plan: 'monthly' }, bearer: token, headers: { 'Idempotency-Key': `renew-${kind}` } });
    expect(res.status).toBe(201);
    const { sessionId, orderId } = (await res.json()) as { sessionId: string; orderId: number };
    t.emulator.payCheckoutSession(sessionId, '4242424242424242');
    await t.emulator.webhooks.waitForIdle();
    const [first] = await t.database.db.select().from(fastlaneOrders).where(eq(fastlaneOrders.id, orderId));
    const subId = first!.subscriptionId!;
    expect(first).toMatchObject({ kind: 'subscription', status: 'paid', amount: 499, invoiceId: null });

    // The first invoice's invoice.paid (subscription_create), delivered again under a new id: still the checkout's order alone.
    const [create] = invoicePaidOf(subId);
    expect((create!.data.object as unknown as { billing_reason: string }).billing_reason).toBe('subscription_create');
    expect((await deliver({ ...create, id: `evt_first_again_${kind}` })).status).toBe(200);
    expect((await ordersOf(subId)).map((o) => o.kind)).toEqual(['subscription']);

    // A month on, the emulator renews: invoice.paid with billing_reason subscription_cycle.
    const sub = await stripe.subscriptions.retrieve(subId);
    const end = sub.items.data[0]!.current_period_end;
    t.emulator.advanceClock(end - Math.floor(t.emulator.now().getTime() / 1000));
    await t.emulator.webhooks.waitForIdle();
    const cycle = invoicePaidOf(subId).find((e) => (e.data.object as unknown as { billing_reason: string }).billing_reason === 'subscription_cycle')!;
    expect(cycle).toBeDefined();
    const invoice = cycle.data.object as unknown as { id: string; amount_paid: number; status_transitions: { paid_at: number } };
    const orders = await ordersOf(subId);
    expect(orders).toHaveLength(2);
    const renewal = orders[1]!;
    expect(renewal).toMatchObject({ kind: 'renewal', status: 'paid', amount: invoice.amount_paid, currency: 'eur', planKey: 'monthly', subscriptionId: subId, invoiceId: invoice.id, customerId: first!.customerId, caseId: null });
    expect(renewal.paidAt!.toISOString()).toBe(new Date(invoice.status_transitions.paid_at * 1000).toISOString());
    expect(renewal.paymentIntentId).toMatch(/^pi_/);
    expect(renewal.paymentIntentId).not.toBe(first!.paymentIntentId);
    // Bought under the subscription's terms.
    expect(renewal.terms).toEqual(first!.terms);

    // The same event again, and the same invoice under another event id (a replay): nothing more.
    expect((await deliver(cycle)).status).toBe(200);
    expect((await deliver({ ...cycle, id: `evt_replay_${kind}` })).status).toBe(200);
    expect(await ordersOf(subId)).toHaveLength(2);

    // A refund of the renewal's charge made in Stripe: charge.refunded finds the renewal's order, not the first.
    await stripe.refunds.create({ payment_intent: renewal.paymentIntentId!, amount: 200 });
    await t.emulator.webhooks.waitForIdle();
    const [after] = await t.database.db.select().from(fastlaneOrders).where(and(eq(fastlaneOrders.subscriptionId, subId), eq(fastlaneOrders.kind, 'renewal')));
    expect(after).toMatchObject({ amountRefunded: 200, status: 'partially_refunded' });
    const [firstAfter] = await t.database.db.select().from(fastlaneOrders).where(eq(fastlaneOrders.id, orderId));
    expect(firstAfter).toMatchObject({ amountRefunded: 0, status: 'paid' });

    // The customer sees the renewal among their payments, with a receipt.
    const me = (await (await t.api('/api/v1/fastlane/me', { bearer: token })).json()) as { orders: Array<{ id: number; kind: string; amount: number }> };
    expect(me.orders.find((o) => o.id === renewal.id)).toMatchObject({ kind: 'renewal', amount: 499 });
  });
});
