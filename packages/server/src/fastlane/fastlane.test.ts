import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { signPayload } from '@ayuda/stripe-emulator';
import { startFastlaneServer } from '../testing/fastlane.js';
import { testDatabases } from '../testing/db.js';
import { DEV_WEBHOOK_SECRET } from '../billing/dev-stripe.js';
import * as fastlaneStore from './store.js';
import { cases, entitlements, fastlaneOrders, fastlaneRefunds } from '../db/schema.js';
import { signInStaff, type SignedInStaff } from '../testing/staff.js';

type T = Awaited<ReturnType<typeof startFastlaneServer>>;

describe.each(testDatabases())('fast lane on %s', (kind) => {
  let t: T;
  let n = 0;
  const email = () => `cliente${++n}-${kind}@example.com`;
  beforeAll(async () => {
    t = await startFastlaneServer(kind);
  });
  afterAll(() => t?.close());

  const caseRow = async (reference: string) => (await t.database.db.select().from(cases).where(eq(cases.reference, reference)))[0]!;
  const checkout = (token: string, body: Record<string, unknown>, key = `k-${Math.random()}`) =>
    t.api('/api/v1/fastlane/checkout', { json: { locale: 'es', ...body }, bearer: token, headers: { 'Idempotency-Key': key } });
  const pay = async (sessionId: string, card = '4242424242424242') => {
    const r = t.emulator.payCheckoutSession(sessionId, card);
    await t.emulator.webhooks.waitForIdle();
    return r;
  };

  it('keeps the offer behind the captcha and sign-in, never cached or indexed', async () => {
    const anon = await t.api('/api/v1/fastlane/offer');
    expect(anon.status).toBe(401);
    const token = await t.signIn(email());
    const res = await t.api('/api/v1/fastlane/offer?locale=es', { bearer: token });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-robots-tag')).toContain('noindex');
    const offer = await res.json();
    expect(offer.name).toBe('Soporte prioritario');
    expect(offer.sla.firstResponse).toBe('1 hora laborable');
    expect(offer.plans.map((p: { key: string; price: string }) => [p.key, p.price.replace(/\u00a0/g, ' ')])).toEqual([
      ['incident', '9,90 €'],
      ['monthly', '4,99 €'],
      ['yearly', '49,00 €'],
    ]);
    expect(offer.refundPolicy.length).toBeGreaterThan(1);
    expect(offer.articles).toEqual([{ slug: 'soporte-prioritario', title: 'Qué es el soporte prioritario' }]);
    // The signed-in customer reads the customers-only article; anonymous visitors do not.
    expect((await t.api('/api/v1/kb/articles/es/soporte-prioritario', { bearer: token })).status).toBe(200);
    expect((await t.api('/api/v1/kb/articles/es/soporte-prioritario')).status).toBe(404);
    expect(await (await t.api('/help/es/')).text()).not.toContain('9,90');
  });

  it('refuses a missing, replayed or expired captcha', async () => {
    const e = email();
    const none = await t.api('/api/v1/fastlane/login', { json: { email: e, locale: 'es' } });
    expect(none.status).toBe(422);
    const captcha = await t.solveCaptcha();
    expect((await t.api('/api/v1/fastlane/login', { json: { email: e, locale: 'es', captcha } })).status).toBe(202);
    const replay = await t.api('/api/v1/fastlane/login', { json: { email: e, locale: 'es', captcha } });
    expect(replay.status).toBe(403);
    expect((await replay.json()).type).toBe('https://ayuda.dev/problems/captcha-failed');
    const old = await t.solveCaptcha();
    t.clock.advance(11 * 60_000);
    expect((await t.api('/api/v1/fastlane/login', { json: { email: e, locale: 'es', captcha: old } })).status).toBe(403);
    const forCases = await t.solveCaptcha('cases');
    expect((await t.api('/api/v1/fastlane/login', { json: { email: e, locale: 'es', captcha: forCases } })).status).toBe(403);
  });

  it('locks a login code after five wrong guesses', async () => {
    const e = email();
    await t.api('/api/v1/fastlane/login', { json: { email: e, locale: 'en', captcha: await t.solveCaptcha() } });
    const code = /\b(\d{6})\b/.exec((await t.lastMailTo(e))!.text)![1]!;
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await t.api('/api/v1/fastlane/verify', { json: { email: e, code: wrong, locale: 'en' } })).status).toBe(401);
    const locked = await t.api('/api/v1/fastlane/verify', { json: { email: e, code, locale: 'en' } });
    expect(locked.status).toBe(429);
    expect((await t.api('/api/v1/fastlane/verify', { json: { email: e, code: 'abc', locale: 'en' } })).status).toBe(422);
  });

  it('moves a paid case to the fast lane with new due times, a receipt, and the queue reordered; the amount is always the plan\'s', async () => {
    const e = email();
    const token = await t.signIn(e);
    const before = await t.submitCase(e, 'Upgrade me');
    const other = await t.submitCase(email(), 'Earlier standard case');
    const key = 'double-click';
    const res = await checkout(token, { plan: 'incident', trackingToken: before.trackingToken, amount: 1, currency: 'usd' }, key);
    expect(res.status, await res.clone().text()).toBe(201);
    const first = await res.json();
    const again = await (await checkout(token, { plan: 'incident', trackingToken: before.trackingToken }, key)).json();
    expect(again.sessionId).toBe(first.sessionId);
    const session = t.emulator.state.checkoutSessions.get(first.sessionId)!;
    expect(session.amount_total).toBe(990);
    expect(session.currency).toBe('eur');
    expect((await caseRow(before.reference)).lane).toBe('standard');

    expect((await pay(first.sessionId)).ok).toBe(true);
    const row = await caseRow(before.reference);
    expect(row.lane).toBe('fast');
    expect(row.firstResponseDue!.getTime()).toBeLessThan(new Date(before.firstResponseDue).getTime());
    const receipt = await t.lastMailTo(e);
    expect(receipt!.template).toBe('fastlane_receipt');
    expect(receipt!.text).toContain('9,90');
    expect(receipt!.text).toContain(before.reference);
    const queue = (await (await t.staff('/cases?limit=200')).json()).cases.map((c: { reference: string }) => c.reference);
    expect(queue.indexOf(before.reference)).toBeLessThan(queue.indexOf(other.reference));
    const view = await (await t.api(`/api/v1/cases/track/${before.trackingToken}`)).json();
    expect(view.lane).toBe('fast');
    const staffView = await (await t.staff(`/cases/${before.reference}`)).json();
    expect(staffView.payments[0]).toMatchObject({ plan: 'incident', status: 'paid', amount: 990 });
  });

  it('changes nothing on a declined card or a card without funds, and only from a verified webhook', async () => {
    const e = email();
    const token = await t.signIn(e);
    const c = await t.submitCase(e, 'Declined');
    const { sessionId } = await (await checkout(token, { plan: 'incident', trackingToken: c.trackingToken })).json();
    const declined = await pay(sessionId, '4000000000000002');
    expect(declined.ok).toBe(false);
    expect((await pay(sessionId, '4000000000009995')).ok).toBe(false);
    expect((await caseRow(c.reference)).lane).toBe('standard');
    // Arriving at the return page proves nothing.
    expect((await t.api(`/help/es/fastlane/return?session_id=${sessionId}`)).status).toBe(200);
    expect((await caseRow(c.reference)).lane).toBe('standard');
    const [order] = await t.database.db.select().from(fastlaneOrders).where(eq(fastlaneOrders.checkoutSessionId, sessionId));
    expect(order!.status).toBe('open');
    // The return page says what the order's state says: pending while open, never "confirmed"
    // for an order that was not charged.
    const status = async () => /<p role="status" data-ayuda-payment[^>]*>([^<]*)</.exec(await (await t.api(`/help/es/fastlane/return?session_id=${sessionId}`)).text())?.[1];
    expect(await status()).toMatch(/^Estamos confirmando el pago/);
    for (const state of ['abandoned', 'expired', 'failed'] as const) {
      await t.database.db.update(fastlaneOrders).set({ status: state }).where(eq(fastlaneOrders.id, order!.id));
      expect(await status(), state).toMatch(/^No encontramos este pago/);
    }
  });

  it('refuses forged and stale webhook signatures, and applies an event delivered five times once', async () => {
    const e = email();
    const token = await t.signIn(e);
    const c = await t.submitCase(e, 'Webhook');
    const { sessionId } = await (await checkout(token, { plan: 'incident', trackingToken: c.trackingToken })).json();
    t.emulator.webhooks.pause();
    expect((await pay(sessionId)).ok).toBe(true);
    const event = t.emulator.events('checkout.session.completed').find((ev) => (ev.data.object as { id: string }).id === sessionId)!;
    const body = JSON.stringify(event);
    const post = (sig: string) => t.api('/api/v1/stripe/webhook', { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'Stripe-Signature': sig } });
    const forged = await post(signPayload(body, 'whsec_wrong', Math.floor(Date.now() / 1000)));
    expect(forged.status).toBe(400);
    expect(forged.headers.get('content-type')).toContain('application/problem+json');
    expect(await forged.json()).toMatchObject({ type: 'https://ayuda.dev/problems/invalid-signature', status: 400 });
    expect((await post('')).status).toBe(400);
    const stale = await post(signPayload(body, DEV_WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 3600));
    expect(stale.status).toBe(400);
    expect((await caseRow(c.reference)).lane).toBe('standard');
    const results = [];
    for (let i = 0; i < 5; i++) results.push((await (await post(signPayload(body, DEV_WEBHOOK_SECRET, Math.floor(Date.now() / 1000)))).json()).result);
    expect(results[0]).toMatch(/paid/);
    expect(results.slice(1)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect((await caseRow(c.reference)).lane).toBe('fast');
    const events = await t.staff(`/cases/${c.reference}`).then((r) => r.json());
    expect(events.events.filter((x: { type: string }) => x.type === 'lane_changed')).toHaveLength(1);
    t.emulator.webhooks.resume();
    await t.emulator.webhooks.waitForIdle();
  });

  it('answers unknown event types 2xx and ignores objects without Ayuda metadata', async () => {
    const body = JSON.stringify({ id: `evt_unknown_${kind}`, object: 'event', type: 'product.created', created: 1, data: { object: { id: 'prod_x', metadata: {} } } });
    const res = await t.api('/api/v1/stripe/webhook', { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signPayload(body, DEV_WEBHOOK_SECRET, Math.floor(Date.now() / 1000)) } });
    expect(res.status).toBe(200);
    expect((await res.json()).result).toMatch(/ignored/);
  });

  it('settles a payment whose webhook was lost, through reconciliation', async () => {
    const e = email();
    const token = await t.signIn(e);
    const c = await t.submitCase(e, 'Lost webhook');
    const { sessionId } = await (await checkout(token, { plan: 'incident', trackingToken: c.trackingToken })).json();
    t.emulator.webhooks.drop(() => true);
    expect((await pay(sessionId)).ok).toBe(true);
    t.emulator.webhooks.drop(null);
    expect((await caseRow(c.reference)).lane).toBe('standard');
    t.clock.advance(2 * 60_000);
    expect(await t.server.ayuda.fastlane.reconcile()).toBeGreaterThanOrEqual(1);
    expect((await caseRow(c.reference)).lane).toBe('fast');
  });

  it('refunds at once before the first reply, once even when asked twice at the same moment, and the case goes back', async () => {
    const e = email();
    const token = await t.signIn(e);
    const c = await t.submitCase(e, 'Refund me');
    const { sessionId, orderId } = await (await checkout(token, { plan: 'incident', trackingToken: c.trackingToken })).json();
    await pay(sessionId);
    expect((await caseRow(c.reference)).lane).toBe('fast');
    const [a, b] = await Promise.all([
      t.api(`/api/v1/fastlane/orders/${orderId}/refund`, { json: { reason: 'Ya lo he resuelto' }, bearer: token }),
      t.api(`/api/v1/fastlane/orders/${orderId}/refund`, { json: { reason: 'Ya lo he resuelto' }, bearer: token }),
    ]);
    const [ra, rb] = [await a.json(), await b.json()];
    expect(ra.id).toBe(rb.id);
    expect(ra.status).toBe('succeeded');
    const refunds = [...t.emulator.state.refunds.values()].filter((r) => r.metadata?.order_id === String(orderId));
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.amount).toBe(990);
    expect((await caseRow(c.reference)).lane).toBe('standard');
    expect((await t.lastMailTo(e))!.template).toBe('refund_made');
    expect((await t.api(`/api/v1/fastlane/orders/${orderId}/refund`, { json: { reason: 'x' } })).status).toBe(401);
  });

  it('waits for staff after the first reply; staff approve, reject, and refund partially', async () => {
    const e = email();
    const token = await t.signIn(e);
    const c = await t.submitCase(e, 'After reply');
    const { sessionId, orderId } = await (await checkout(token, { plan: 'incident', trackingToken: c.trackingToken })).json();
    await pay(sessionId);
    await t.staff(`/cases/${c.reference}/messages`, { json: { body: 'Ya estamos en ello.' } });
    const asked = await t.api(`/api/v1/fastlane/orders/${orderId}/refund`, { json: { reason: 'No me convence' }, bearer: token });
    expect(asked.status).toBe(202);
    const pending = await asked.json();
    expect(pending.status).toBe('pending_approval');
    expect((await (await t.staff('/fastlane/refunds')).json()).refunds.map((r: { id: number }) => r.id)).toContain(pending.id);
    const partial = await t.staff(`/fastlane/orders/${orderId}/refund`, { json: { amount: 300, reason: 'Gesto comercial' }, headers: { 'Idempotency-Key': `partial-${orderId}` } });
    expect(partial.status).toBe(201);
    expect((await t.staff(`/fastlane/orders/${orderId}/refund`, { json: { amount: 5000, reason: 'too much' }, headers: { 'Idempotency-Key': `too-much-${orderId}` } })).status).toBe(422);
    const approved = await (await t.staff(`/fastlane/refunds/${pending.id}/approve`, { json: {} })).json();
    expect(approved).toMatchObject({ status: 'succeeded', amount: 690 });
    // The approved request stays the customer's; the partial one was staff's own gesture.
    const codes = (await t.database.db.select().from(fastlaneRefunds).where(eq(fastlaneRefunds.orderId, orderId))).map((r) => [r.amount, r.reasonCode]);
    expect(codes.sort((x, y) => Number(x[0]) - Number(y[0]))).toEqual([[300, 'goodwill'], [690, 'customer_request']]);
    expect((await t.staff(`/fastlane/refunds/${pending.id}/reject`, { json: {} })).status).toBe(409);
    const [order] = await t.database.db.select().from(fastlaneOrders).where(eq(fastlaneOrders.id, orderId));
    expect(order).toMatchObject({ status: 'refunded', amountRefunded: 990 });
  });

  it('refunds automatically when the fast lane misses its first-response time (the SLA guarantee)', async () => {
    const e = email();
    const token = await t.signIn(e);
    const c = await t.submitCase(e, 'Guarantee');
    const { sessionId } = await (await checkout(token, { plan: 'incident', trackingToken: c.trackingToken })).json();
    await pay(sessionId);
    expect(await t.server.ayuda.fastlane.applySlaGuarantee()).toBe(0);
    t.clock.advance(3 * 3_600_000);
    expect(await t.server.ayuda.fastlane.applySlaGuarantee()).toBeGreaterThanOrEqual(1);
    const row = await caseRow(c.reference);
    expect(row.lane).toBe('standard');
    const refund = (await t.database.db.select().from(fastlaneRefunds)).find((r) => r.requestedBy === 'system');
    expect(refund).toMatchObject({ status: 'succeeded', amount: 990, reasonCode: 'sla_guarantee' });
    expect((await t.lastMailTo(e))!.text).toMatch(/garantía/);
  });

  it('leaves paid incidents answered in time out of the guarantee scan, so late ones behind them are still found', async () => {
    const paidCase = async (subject: string) => {
      const e = email();
      const token = await t.signIn(e);
      const c = await t.submitCase(e, subject);
      const { sessionId, orderId } = await (await checkout(token, { plan: 'incident', trackingToken: c.trackingToken })).json();
      await pay(sessionId);
      return { c, orderId: orderId as number };
    };
    const inTime = await paidCase('Answered in time');
    await t.staff(`/cases/${inTime.c.reference}/messages`, { json: { body: 'Ya lo miramos.' } });
    const late = await paidCase('Not answered');
    t.clock.advance(3 * 3_600_000);
    const scanned = (await fastlaneStore.guaranteeCandidates(t.database.db, t.clock.now())).map((r) => r.order.id);
    expect(scanned).toContain(late.orderId);
    expect(scanned).not.toContain(inTime.orderId);
    await t.server.ayuda.fastlane.applySlaGuarantee();
    const status = async (id: number) => (await t.database.db.select().from(fastlaneOrders).where(eq(fastlaneOrders.id, id)))[0]!.status;
    expect(await status(late.orderId)).toBe('refunded');
    expect(await status(inTime.orderId)).toBe('paid');
  });

  it('looks at every guarantee candidate, page after page, not only the first page', async () => {
    const late: number[] = [];
    for (const subject of ['Late one', 'Late two', 'Late three']) {
      const e = email();
      const token = await t.signIn(e);
      const c = await t.submitCase(e, subject);
      const { sessionId, orderId } = await (await checkout(token, { plan: 'incident', trackingToken: c.trackingToken })).json();
      await pay(sessionId);
      late.push(orderId as number);
    }
    t.clock.advance(3 * 3_600_000);
    // Pages of one: a job that read one page would refund one order a run.
    expect(await t.server.ayuda.fastlane.applySlaGuarantee(1)).toBeGreaterThanOrEqual(3);
    const statuses = await t.database.db.select({ id: fastlaneOrders.id, status: fastlaneOrders.status }).from(fastlaneOrders).where(inArray(fastlaneOrders.id, late));
    expect(statuses.map((o) => o.status)).toEqual(['refunded', 'refunded', 'refunded']);
  });

  it('subscribes monthly: new cases start in the fast lane; cancel at period end; a failed renewal goes past due', async () => {
    const e = email();
    const token = await t.signIn(e);
    const { sessionId } = await (await checkout(token, { plan: 'monthly' })).json();
    await pay(sessionId);
    const [ent] = await t.database.db.select().from(entitlements).where(eq(entitlements.planKey, 'monthly')).orderBy(entitlements.id);
    expect(ent!.status).toBe('active');
    const c = await t.submitCase(e, 'As subscriber');
    expect((await caseRow(c.reference)).lane).toBe('fast');
    expect((await checkout(token, { plan: 'monthly' })).status).toBe(409);
    const me = await (await t.api('/api/v1/fastlane/me', { bearer: token })).json();
    expect(me.subscription).toMatchObject({ plan: 'monthly', status: 'active' });
    const portal = await (await t.api('/api/v1/fastlane/billing-portal', { json: {}, bearer: token })).json();
    expect(portal.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/billing_portal\//);

    const cancelled = await (await t.api('/api/v1/fastlane/subscription/cancel', { json: { atPeriodEnd: true }, bearer: token })).json();
    expect(cancelled.status).toBe('active');
    const sub = t.emulator.state.subscriptions.get(ent!.subscriptionId)!;
    expect(sub.cancel_at_period_end).toBe(true);
    t.emulator.advanceClock(32 * 86_400);
    await t.emulator.webhooks.waitForIdle();
    const [after] = await t.database.db.select().from(entitlements).where(eq(entitlements.subscriptionId, ent!.subscriptionId));
    expect(after!.status).toBe('canceled');
    expect((await caseRow(c.reference)).lane).toBe('standard');
  });

  it('marks a subscription past due when its renewal fails, and cancels at once with a prorated refund', async () => {
    const e = email();
    const token = await t.signIn(e);
    const { sessionId } = await (await checkout(token, { plan: 'monthly' })).json();
    await pay(sessionId, '4000000000000341');
    const [order] = await t.database.db.select().from(fastlaneOrders).where(eq(fastlaneOrders.checkoutSessionId, sessionId));
    t.emulator.advanceClock(31 * 86_400);
    await t.emulator.webhooks.waitForIdle();
    const [ent] = await t.database.db.select().from(entitlements).where(eq(entitlements.subscriptionId, order!.subscriptionId!));
    expect(ent!.status).toBe('past_due');
    expect((await t.lastMailTo(e))!.template).toBe('payment_failed');

    const e2 = email();
    const token2 = await t.signIn(e2);
    const s2 = await (await checkout(token2, { plan: 'yearly' })).json();
    await pay(s2.sessionId);
    const now = await (await t.api('/api/v1/fastlane/subscription/cancel', { json: { atPeriodEnd: false }, bearer: token2 })).json();
    expect(now.status).toBe('canceled');
    expect(now.refunded).toBeGreaterThan(4000);
    expect(now.refunded).toBeLessThanOrEqual(4900);
  });

  it('expires an abandoned checkout', async () => {
    const e = email();
    const token = await t.signIn(e);
    const c = await t.submitCase(e, 'Abandoned');
    const { sessionId } = await (await checkout(token, { plan: 'incident', trackingToken: c.trackingToken })).json();
    t.emulator.advanceClock(25 * 3600);
    await t.emulator.webhooks.waitForIdle();
    const [order] = await t.database.db.select().from(fastlaneOrders).where(eq(fastlaneOrders.checkoutSessionId, sessionId));
    expect(order!.status).toBe('expired');
    expect((await caseRow(c.reference)).lane).toBe('standard');
  });

  it('never lets one thing be paid twice: a second checkout reopens the first; a payment made twice anyway is refunded', async () => {
    const e = email();
    const token = await t.signIn(e);
    const c = await t.submitCase(e, 'Two tabs');
    const one = await (await checkout(token, { plan: 'incident', trackingToken: c.trackingToken }, 'tab-1')).json();
    const two = await (await checkout(token, { plan: 'incident', trackingToken: c.trackingToken }, 'tab-2')).json();
    expect(two.sessionId).toBe(one.sessionId);
    // Two open subscription checkouts paid in two tabs (the first made before this rule).
    const e2 = email();
    const token2 = await t.signIn(e2);
    const a = await (await checkout(token2, { plan: 'monthly' }, 'm-1')).json();
    await t.database.db.update(fastlaneOrders).set({ status: 'expired' }).where(eq(fastlaneOrders.id, a.orderId));
    const b = await (await checkout(token2, { plan: 'monthly' }, 'm-2')).json();
    expect(b.sessionId).not.toBe(a.sessionId);
    await t.database.db.update(fastlaneOrders).set({ status: 'open' }).where(eq(fastlaneOrders.id, a.orderId));
    await pay(a.sessionId);
    await pay(b.sessionId);
    const [ob] = await t.database.db.select().from(fastlaneOrders).where(eq(fastlaneOrders.id, b.orderId));
    expect(ob!.status).toBe('refunded');
    expect((await t.database.db.select().from(fastlaneRefunds).where(eq(fastlaneRefunds.orderId, ob!.id)))[0]).toMatchObject({ requestedBy: 'system', reasonCode: 'duplicate_payment' });
    const active = (await t.database.db.select().from(entitlements)).filter((x) => x.customerId === ob!.customerId && x.status === 'active');
    expect(active).toHaveLength(1);
  });

  it('validates checkout input and ownership', async () => {
    const token = await t.signIn(email());
    const someone = await t.submitCase(email(), 'Not yours');
    expect((await checkout(token, { plan: 'gold' })).status).toBe(422);
    expect((await checkout(token, { plan: 'incident' })).status).toBe(422);
    expect((await checkout(token, { plan: 'incident', trackingToken: someone.trackingToken })).status).toBe(404);
    expect((await t.api('/api/v1/fastlane/checkout', { json: { plan: 'incident', locale: 'es' }, bearer: token })).status).toBe(400);
    expect((await t.api('/api/v1/fastlane/checkout', { json: { plan: 'monthly', locale: 'es' }, headers: { 'Idempotency-Key': 'x' } })).status).toBe(401);
  });

  const fieldsOf = (problem: { errors: Array<{ field: string }> }) => [...new Set(problem.errors.map((e) => e.field))];

  it('answers ids past the database\'s integer column with 400, and unknown ids with 404', async () => {
    const token = await t.signIn(email());
    const refund = (id: string) => t.api(`/api/v1/fastlane/orders/${id}/refund`, { json: { reason: 'No lo necesito' }, bearer: token });
    const staffPost = (path: string, json: unknown) => t.staff(path, { method: 'POST', json, headers: { 'Idempotency-Key': crypto.randomUUID() } });
    for (const id of ['2147483648', '4294967296', '9007199254740993', '0', '-1', '1.5']) {
      for (const res of [await refund(id), await staffPost(`/fastlane/refunds/${id}/approve`, {}), await staffPost(`/fastlane/refunds/${id}/reject`, {}), await staffPost(`/fastlane/orders/${id}/refund`, { reason: 'x' })]) {
        expect(res.status, `${res.url}`).toBe(400);
        expect(fieldsOf(await res.json())).toEqual(['params.id']);
      }
    }
    expect((await refund('2147483647')).status).toBe(404);
    expect((await staffPost('/fastlane/refunds/2147483647/approve', {})).status).toBe(404);
    expect((await staffPost('/fastlane/orders/2147483647/refund', { reason: 'x' })).status).toBe(404);
    const amount = await staffPost('/fastlane/orders/1/refund', { amount: 2 ** 31, reason: 'x' });
    expect(fieldsOf(await amount.json())).toEqual(['body.amount']);
  });

  it('answers report periods outside 1970-9999 with 400 naming the field', async () => {
    for (const q of ['from=0000-01-01T00:00:00Z', 'to=0000-12-31T23:59:59Z', 'from=%2B275760-09-13T00:00:00Z', 'from=2026-02-30T00:00:00Z', 'from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z']) {
      const res = await t.staff(`/fastlane/summary?${q}`);
      expect(res.status, q).toBe(400);
      expect(fieldsOf(await res.json()), q).toEqual([q.startsWith('to') ? 'query.to' : 'query.from']);
    }
    expect((await t.staff('/fastlane/summary?from=1970-01-01T00:00:00Z&to=9999-12-31T23:59:59Z')).status).toBe(200);
  });

  it('reports revenue, refunds and fast-lane cases to staff', async () => {
    const e = email();
    const token = await t.signIn(e);
    const c = await t.submitCase(e, 'Counted');
    await pay((await (await checkout(token, { plan: 'incident', trackingToken: c.trackingToken })).json()).sessionId);
    const res = await t.staff('/fastlane/summary?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z');
    expect(res.status).toBe(200);
    const s = await res.json();
    expect(s.currency).toBe('eur');
    expect(s.revenue, JSON.stringify(s)).toBeGreaterThan(0);
    expect(s.refunds.count, JSON.stringify(s)).toBeGreaterThan(0);
    expect(s.fastLaneCases, JSON.stringify(s)).toBeGreaterThan(0);
    expect((await t.api('/api/v1/staff/fastlane/summary')).status).toBe(401);
  });

  it("shows the fast lane's totals to admins (and API tokens) only: an agent gets 403", async () => {
    const agent = await signInStaff(t.server);
    const admin = await signInStaff(t.server, { role: 'admin' });
    const summary = (who: SignedInStaff) => t.api('/api/v1/staff/fastlane/summary?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z', { headers: who.headers() });
    const refused = await summary(agent);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect((await refused.json()).type).toBe('https://ayuda.dev/problems/forbidden');
    const shown = await summary(admin);
    expect(shown.status).toBe(200);
    expect(await shown.json()).toMatchObject({ revenue: expect.any(Number), refunds: { amount: expect.any(Number) } });
    expect((await t.staff('/fastlane/summary')).status).toBe(200);
    // Agents still see and decide refund requests.
    expect((await t.api('/api/v1/staff/fastlane/refunds', { headers: agent.headers() })).status).toBe(200);
  });

  it("reports the 30 days up to the server clock's now when no period is given", async () => {
    const s = await (await t.staff('/fastlane/summary')).json();
    expect(s.to).toBe(t.clock.now().toISOString());
    expect(Date.parse(s.to) - Date.parse(s.from)).toBe(30 * 86_400_000);
  });
});
