// The paid path tells the truth (issue 11, point 4, server side): each test here failed on the
// code before its fix. Prices Stripe no longer knows are replaced, sessions Stripe does not know
// stop being asked about, names are in the customer's language, and the receipt names the case,
// the tax and the due time in the company's zone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { formatDateTime } from '@ayuda/core';
import { startFastlaneServer } from '../testing/fastlane.js';
import { testDatabases } from '../testing/db.js';
import { entitlements, fastlaneOrders, fastlanePlans } from '../db/schema.js';

type T = Awaited<ReturnType<typeof startFastlaneServer>>;

const dir = mkdtempSync(join(tmpdir(), 'ayuda-fastlane-'));
const FASTLANE_FILE = join(dir, 'fastlane.yaml');
writeFileSync(FASTLANE_FILE, 'tax:\n  rate: 21\n  label: { es: IVA, en: VAT }\n');

describe.each(testDatabases())('the paid path tells the truth on %s', (kind) => {
  let t: T;
  let stripe: Stripe;
  let n = 0;
  const email = () => `verdad${++n}-${kind}@example.com`;
  beforeAll(async () => {
    t = await startFastlaneServer(kind, { AYUDA_FASTLANE_FILE: FASTLANE_FILE });
    stripe = new Stripe(t.emulator.secretKey, t.emulator.stripeOptions);
  });
  afterAll(() => t?.close());

  const checkout = (token: string, body: Record<string, unknown>) =>
    t.api('/api/v1/fastlane/checkout', { json: { locale: 'es', ...body }, bearer: token, headers: { 'Idempotency-Key': `k-${Math.random()}` } });
  const cachedPrice = async (key: string) => (await t.database.db.select().from(fastlanePlans).where(eq(fastlanePlans.key, key)))[0]?.stripePriceId;
  const newIncident = async (locale = 'es') => {
    const e = email();
    const token = await t.signIn(e, locale);
    const c = await t.submitCase(e);
    return { e, token, c };
  };

  it('replaces a cached price that Stripe no longer knows (emulator restarted, other keys) and the checkout succeeds', async () => {
    const first = await newIncident();
    expect((await checkout(first.token, { plan: 'incident', trackingToken: first.c.trackingToken })).status).toBe(201);
    const old = (await cachedPrice('incident.es'))!;
    // Stripe forgets the price: it answers resource_missing from now on.
    t.emulator.state.prices.delete(old);
    const second = await newIncident();
    const res = await checkout(second.token, { plan: 'incident', trackingToken: second.c.trackingToken });
    expect(res.status).toBe(201);
    const { sessionId } = await res.json();
    const fresh = (await cachedPrice('incident.es'))!;
    expect(fresh).not.toBe(old);
    const items = await stripe.checkout.sessions.listLineItems(sessionId);
    expect(items.data[0]!.price!.id).toBe(fresh);
  });

  it('replaces an archived price, moving its lookup key, and the checkout succeeds', async () => {
    const { token } = await newIncident();
    await stripe.prices.list({ limit: 1 }); // the SDK is ready
    const sync = await t.server.ayuda.fastlane.syncPlans();
    const monthly = sync.find((p) => p.key === 'monthly.es')!;
    await stripe.prices.update(monthly.priceId, { active: false });
    const res = await checkout(token, { plan: 'monthly' });
    expect(res.status).toBe(201);
    const fresh = (await cachedPrice('monthly.es'))!;
    expect(fresh).not.toBe(monthly.priceId);
    const byKey = await stripe.prices.list({ lookup_keys: [`ayuda_monthly_499_eur_es`] });
    expect(byKey.data.map((p) => [p.id, p.active])).toEqual([[fresh, true]]);
  });

  it('stops asking Stripe about a session it does not know: the order is abandoned, once', async () => {
    const { token, c } = await newIncident();
    const { sessionId, orderId } = await (await checkout(token, { plan: 'incident', trackingToken: c.trackingToken })).json();
    t.emulator.state.checkoutSessions.delete(sessionId);
    t.clock.advance(2 * 60_000);
    await expect(t.server.ayuda.fastlane.reconcile()).resolves.toBe(0);
    const [order] = await t.database.db.select().from(fastlaneOrders).where(eq(fastlaneOrders.id, orderId));
    expect(order!.status).toBe('abandoned');
    // The customer is told nothing was charged.
    expect(await (await t.api(`/api/v1/fastlane/orders/${orderId}/checkout`, { bearer: token })).json()).toEqual({ order: 'abandoned', pending: false, charged: false });
    // Not open any more: the next run does not look it up (it would throw on another 404 otherwise).
    await expect(t.server.ayuda.fastlane.reconcile()).resolves.toBe(0);
    // And the customer can start again.
    expect((await checkout(token, { plan: 'incident', trackingToken: c.trackingToken })).status).toBe(201);
  });

  it('tells whether a started payment is pending: open and unpaid, paid while the webhook is on its way, confirmed; never another customer\'s', async () => {
    const { token, c } = await newIncident();
    const { sessionId, orderId } = await (await checkout(token, { plan: 'incident', trackingToken: c.trackingToken })).json();
    const state = async (bearer = token) => t.api(`/api/v1/fastlane/orders/${orderId}/checkout`, { bearer });
    // Stripe's page is open, nothing paid: not pending, nothing charged.
    expect(await (await state()).json()).toEqual({ order: 'open', pending: false, charged: false });
    // A declined card leaves the session open and unpaid: still nothing charged.
    t.emulator.payCheckoutSession(sessionId, '4000000000000002');
    expect(await (await state()).json()).toEqual({ order: 'open', pending: false, charged: false });
    // Paid at Stripe, its webhook not delivered yet: pending, and charged.
    t.emulator.webhooks.pause();
    try {
      t.emulator.payCheckoutSession(sessionId, '4242424242424242');
      expect(await (await state()).json()).toEqual({ order: 'open', pending: true, charged: true });
    } finally {
      t.emulator.webhooks.resume();
    }
    await t.emulator.webhooks.waitForIdle();
    expect(await (await state()).json()).toEqual({ order: 'paid', pending: false, charged: true });
    // Another customer asking about this order learns nothing.
    const other = await newIncident();
    const foreign = await state(other.token);
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get('content-type')).toContain('application/problem+json');
    expect((await t.api('/api/v1/fastlane/orders/abc/checkout', { bearer: token })).status).toBe(400);
  });

  it('says nothing was charged for an expired session', async () => {
    const { token, c } = await newIncident();
    const { sessionId, orderId } = await (await checkout(token, { plan: 'incident', trackingToken: c.trackingToken })).json();
    await stripe.checkout.sessions.expire(sessionId);
    await t.emulator.webhooks.waitForIdle();
    expect(await (await t.api(`/api/v1/fastlane/orders/${orderId}/checkout`, { bearer: token })).json()).toEqual({ order: 'expired', pending: false, charged: false });
  });

  it('undoes a cancellation at period end until the period ends, and only then', async () => {
    const { e, token } = await newIncident();
    const undo = (bearer = token) => t.api('/api/v1/fastlane/subscription/undo-cancel', { method: 'POST', bearer });
    // Nothing to undo without a subscription.
    const none = await undo();
    expect(none.status).toBe(409);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    const { sessionId, orderId } = await (await checkout(token, { plan: 'monthly' })).json();
    t.emulator.payCheckoutSession(sessionId, '4242424242424242');
    await t.emulator.webhooks.waitForIdle();
    const [order] = await t.database.db.select().from(fastlaneOrders).where(eq(fastlaneOrders.id, orderId));
    const subId = order!.subscriptionId!;
    // Nothing to undo while the subscription renews.
    expect((await undo()).status).toBe(409);
    expect((await t.api('/api/v1/fastlane/subscription/cancel', { json: { atPeriodEnd: true }, bearer: token })).status).toBe(200);
    const res = await undo();
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe('active');
    expect(Date.parse(body.renewsAt)).toBeGreaterThan(t.clock.now().getTime());
    expect(t.emulator.state.subscriptions.get(subId)!.cancel_at_period_end).toBe(false);
    const [ent] = await t.database.db.select().from(entitlements).where(eq(entitlements.subscriptionId, subId));
    expect(ent!.cancelAtPeriodEnd).toBe(false);
    const me = await (await t.api('/api/v1/fastlane/me', { bearer: token })).json();
    expect(JSON.stringify(me)).not.toContain('"cancelAtPeriodEnd":true');
    // Cancel again, then let the period end: too late to undo.
    expect((await t.api('/api/v1/fastlane/subscription/cancel', { json: { atPeriodEnd: true }, bearer: token })).status).toBe(200);
    expect(t.emulator.state.subscriptions.get(subId)!.cancel_at_period_end).toBe(true);
    t.clock.advance(ent!.currentPeriodEnd!.getTime() - t.clock.now().getTime() + 1000);
    expect((await undo(await t.signIn(e))).status).toBe(409);
    expect(t.emulator.state.subscriptions.get(subId)!.cancel_at_period_end).toBe(true);
  });

  it("names products, the checkout and the payment in the customer's language, naming the case", async () => {
    await t.server.ayuda.fastlane.syncPlans();
    const names = [...t.emulator.state.products.values()].map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['Soporte prioritario · Esta consulta', 'Priority support · This request', 'Priority support · Monthly subscription']));
    const { token, c } = await newIncident('en');
    const { sessionId } = await (await checkout(token, { plan: 'incident', trackingToken: c.trackingToken, locale: 'en' })).json();
    const session = await stripe.checkout.sessions.retrieve(sessionId);
    expect(session.locale).toBe('en');
    const items = await stripe.checkout.sessions.listLineItems(sessionId);
    expect(items.data[0]!.description).toBe('Priority support · This request');
    t.emulator.payCheckoutSession(sessionId, '4242424242424242');
    await t.emulator.webhooks.waitForIdle();
    const pi = await stripe.paymentIntents.retrieve(String((await stripe.checkout.sessions.retrieve(sessionId)).payment_intent));
    expect(pi.description).toBe(`Priority support · ${c.reference}`);
  });

  it('mails a per-incident receipt naming the case, the tax included, and the due time in the company zone', async () => {
    const { e, token, c } = await newIncident();
    const { sessionId } = await (await checkout(token, { plan: 'incident', trackingToken: c.trackingToken })).json();
    t.emulator.payCheckoutSession(sessionId, '4242424242424242');
    await t.emulator.webhooks.waitForIdle();
    const mail = (await t.lastMailTo(e))!;
    expect(mail.subject).toContain(c.reference);
    expect(mail.text).toContain(`para tu consulta ${c.reference}`);
    // 9,90 € with 21 % included: 1,72 € of tax.
    expect(mail.text).toMatch(/Incluye IVA \(21 %\): 1,72\s€/);
    const [order] = await t.database.db.select().from(fastlaneOrders).where(eq(fastlaneOrders.checkoutSessionId, sessionId));
    expect(order!.status).toBe('paid');
    const due = /como muy tarde el (.+)\./.exec(mail.text)![1]!;
    expect(due).toMatch(/CET|CEST/);
    expect(due).toMatch(/^[a-záéíóú]+, \d{1,2} de [a-z]+ de \d{4}/);
  });
});

describe('one date style per language', () => {
  it('names the zone and reads the same in every place that formats a due time', () => {
    const at = '2026-11-23T10:00:00Z';
    expect(formatDateTime('es', 'Europe/Madrid', at)).toMatch(/^lunes, 23 de noviembre de 2026, 11:00 CET$/);
    expect(formatDateTime('en', 'Europe/Madrid', at)).toMatch(/^Monday,? 23 November 2026,? (at )?11:00 CET$/);
  });
});
