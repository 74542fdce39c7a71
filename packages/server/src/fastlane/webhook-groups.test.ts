// Stripe events applied in groups (StripeWebhooks): paid incidents' completions that arrive
// together are applied in one transaction, and whatever is not the usual case, or goes wrong,
// is applied alone the old way. Each event's effect must exist exactly once, and each answer
// must be its own event's.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { signPayload } from '@ayuda/stripe-emulator';
import { startFastlaneServer } from '../testing/fastlane.js';
import { testDatabases } from '../testing/db.js';
import { DEV_WEBHOOK_SECRET } from '../billing/dev-stripe.js';
import { caseEvents, cases, entitlements, fastlaneOrders, fastlaneRefunds, mailOutbox, stripeEvents } from '../db/schema.js';
import { describeResult } from './webhooks.js';
import { tokenHash } from '../cases/service.js';
import type { StaffEventEnvelope } from '../live/bus.js';
import { lockCasesWithOrigin } from '../cases/store.js';
import { lockGroup } from './store.js';

type T = Awaited<ReturnType<typeof startFastlaneServer>>;
type Event = { id: string; type: string; data: { object: unknown } };

describe.each(testDatabases())('webhooks applied in groups on %s', (kind) => {
  let t: T;
  let n = 0;
  beforeAll(async () => {
    t = await startFastlaneServer(kind);
    // Every event is held by the emulator and posted (or applied) by the tests themselves.
    t.emulator.webhooks.pause();
  });
  afterAll(() => t?.close());

  const held = (type: string, sessionId: string) => t.emulator.events(type).find((e) => (e.data.object as { id: string }).id === sessionId) as Event;
  const checkout = async (token: string, body: Record<string, unknown>) => {
    const res = await t.api('/api/v1/fastlane/checkout', { json: { locale: 'es', ...body }, bearer: token, headers: { 'Idempotency-Key': `grupo-${++n}` } });
    expect(res.status).toBe(201);
    return (await res.json()) as { sessionId: string; orderId: number };
  };
  /** A customer's case, and its per-incident checkout paid (the completion held, not applied). */
  const paidIncident = async () => {
    const email = `grupo-${++n}@example.com`;
    const token = await t.signIn(email);
    const c = await t.submitCase(email);
    const { sessionId, orderId } = await checkout(token, { plan: 'incident', trackingToken: c.trackingToken });
    expect(t.emulator.payCheckoutSession(sessionId, '4242424242424242').ok).toBe(true);
    return { email, token, c, sessionId, orderId, event: held('checkout.session.completed', sessionId) };
  };
  type Paid = Awaited<ReturnType<typeof paidIncident>>;

  const apply = (e: unknown) => t.server.ayuda.fastlane.applyEvent(e).then(describeResult);
  const post = async (e: unknown) => {
    const body = JSON.stringify(e);
    const res = await t.api('/api/v1/stripe/webhook', { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signPayload(body, DEV_WEBHOOK_SECRET, Math.floor(Date.now() / 1000)) } });
    return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as { result?: string } };
  };
  const order = async (id: number) => (await t.database.db.select().from(fastlaneOrders).where(eq(fastlaneOrders.id, id)))[0]!;
  const lane = async (reference: string) => (await t.database.db.select().from(cases).where(eq(cases.reference, reference)))[0]!.lane;
  const receipts = async (email: string) => (await t.database.db.select().from(mailOutbox).where(and(eq(mailOutbox.template, 'fastlane_receipt'), eq(mailOutbox.toAddress, email)))).length;
  const laneEvents = async (reference: string) =>
    (await t.database.db.select({ id: caseEvents.id }).from(caseEvents).innerJoin(cases, eq(cases.id, caseEvents.caseId)).where(and(eq(cases.reference, reference), eq(caseEvents.type, 'lane_changed')))).length;
  const recorded = async (eventId: string) => (await t.database.db.select().from(stripeEvents).where(eq(stripeEvents.id, eventId)))[0];

  /** Paid once: the order paid, one receipt, the case fast with one lane change, the event recorded with its result. */
  const paidOnce = async (p: Paid) => {
    expect((await order(p.orderId)).status).toBe('paid');
    expect(await receipts(p.email)).toBe(1);
    expect(await lane(p.c.reference)).toBe('fast');
    expect(await laneEvents(p.c.reference)).toBe(1);
    expect((await recorded(p.event.id))?.note).toBe(`order ${p.orderId} paid`);
  };

  it('applies concurrent deliveries once each, answers each with its own order, and their redeliveries change nothing', async () => {
    const paid: Paid[] = [];
    for (let i = 0; i < 10; i++) paid.push(await paidIncident());
    const first = await Promise.all(paid.map((p) => post(p.event)));
    expect(first.map((r) => [r.status, r.body.result])).toEqual(paid.map((p) => [200, `order ${p.orderId} paid`]));
    for (const p of paid) await paidOnce(p);
    const again = await Promise.all(paid.map((p) => post(p.event)));
    expect(again.map((r) => [r.status, r.body.result])).toEqual(paid.map(() => [200, 'duplicate']));
    for (const p of paid) await paidOnce(p);
  });

  it('answers a delivery repeated inside a group as a redelivery, and rolls back a group whose event id was applied before', async () => {
    const [a, b, c] = [await paidIncident(), await paidIncident(), await paidIncident()];
    // In one turn: `a` is applied alone, then b, b again and c arrive while it is and make one group.
    expect(await Promise.all([apply(a.event), apply(b.event), apply(b.event), apply(c.event)])).toEqual([`order ${a.orderId} paid`, `order ${b.orderId} paid`, 'duplicate', `order ${c.orderId} paid`]);
    for (const p of [a, b, c]) await paidOnce(p);

    // An event id applied before, on another (unpaid) order's completion, in a group with two
    // others: the group's transaction is rolled back whole, each event is applied alone, and
    // the reused id changes nothing.
    const [d, e, f, g] = [await paidIncident(), await paidIncident(), await paidIncident(), await paidIncident()];
    const reused = { ...e.event, id: a.event.id };
    expect(await Promise.all([apply(d.event), apply(reused), apply(f.event), apply(g.event)])).toEqual([`order ${d.orderId} paid`, 'duplicate', `order ${f.orderId} paid`, `order ${g.orderId} paid`]);
    for (const p of [d, f, g]) await paidOnce(p);
    expect((await order(e.orderId)).status).toBe('open');
    expect(await receipts(e.email)).toBe(0);
    expect(await lane(e.c.reference)).toBe('standard');
    // Its own delivery still pays it.
    expect(await apply(e.event)).toBe(`order ${e.orderId} paid`);
    await paidOnce(e);
  });

  it('keeps the other events of a group when one of them fails, and applies nothing of the failed one until it is delivered again', async () => {
    const [a, bad, b, c] = [await paidIncident(), await paidIncident(), await paidIncident(), await paidIncident()];
    // The database refuses to mark this one order paid (a stand-in for any failure inside a group).
    await t.database.db.execute(sql.raw(`create or replace function refuse_order() returns trigger language plpgsql as $$ begin if new.id = ${bad.orderId} and new.paid_at is not null then raise exception 'refused for the test'; end if; return new; end $$`));
    await t.database.db.execute(sql`create trigger refuse_order before update on fastlane_orders for each row execute function refuse_order()`);
    try {
      const results = await Promise.allSettled([apply(a.event), apply(bad.event), apply(b.event), apply(c.event)]);
      expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'))).toEqual([`order ${a.orderId} paid`, 'failed', `order ${b.orderId} paid`, `order ${c.orderId} paid`]);
      for (const p of [a, b, c]) await paidOnce(p);
      // Nothing of it stays, not even its event id, so Stripe's next delivery applies it.
      expect((await order(bad.orderId)).status).toBe('open');
      expect(await receipts(bad.email)).toBe(0);
      expect(await lane(bad.c.reference)).toBe('standard');
      expect(await laneEvents(bad.c.reference)).toBe(0);
      expect(await recorded(bad.event.id)).toBeUndefined();
      // Over HTTP the failure is a problem+json 500: Stripe retries it.
      const failed = await post(bad.event);
      expect(failed.status).toBe(500);
      expect(failed.type).toContain('application/problem+json');
    } finally {
      await t.database.db.execute(sql`drop trigger refuse_order on fastlane_orders`);
    }
    expect((await post(bad.event)).body.result).toBe(`order ${bad.orderId} paid`);
    await paidOnce(bad);
  });

  it('applies a group mixed with other event types, and a second payment for a case in the same group is refunded', async () => {
    const [a, b] = [await paidIncident(), await paidIncident()];
    // A subscription's completion (fetches the subscription from Stripe, so never grouped).
    const subEmail = `grupo-${++n}@example.com`;
    const subToken = await t.signIn(subEmail);
    const subCase = await t.submitCase(subEmail);
    const sub = await checkout(subToken, { plan: 'monthly' });
    expect(t.emulator.payCheckoutSession(sub.sessionId, '4242424242424242').ok).toBe(true);
    // An abandoned checkout's expiry.
    const goneEmail = `grupo-${++n}@example.com`;
    const goneToken = await t.signIn(goneEmail);
    const gone = await checkout(goneToken, { plan: 'incident', trackingToken: (await t.submitCase(goneEmail)).trackingToken });
    await t.dev.gateway.stripe.checkout.sessions.expire(gone.sessionId);
    // Two payments for one case: the first session was paid, its completion not yet applied,
    // when a second checkout for the same case started and was paid too (two tabs).
    const twice = await paidIncident();
    const second = await checkout(twice.token, { plan: 'incident', trackingToken: twice.c.trackingToken });
    expect(second.orderId).not.toBe(twice.orderId);
    expect(t.emulator.payCheckoutSession(second.sessionId, '4242424242424242').ok).toBe(true);
    const secondEvent = held('checkout.session.completed', second.sessionId);
    const unknown = { id: `evt_grupo_${++n}`, type: 'product.created', created: 1, data: { object: { id: 'prod_1' } } };

    const results = await Promise.all([
      apply(a.event),
      apply(held('checkout.session.completed', sub.sessionId)),
      apply(b.event),
      apply(held('checkout.session.expired', gone.sessionId)),
      apply(twice.event),
      apply(unknown),
      apply(secondEvent),
      apply(a.event),
    ]);
    expect(results).toEqual([
      `order ${a.orderId} paid`,
      `order ${sub.orderId} paid`,
      `order ${b.orderId} paid`,
      'order expired',
      `order ${twice.orderId} paid`,
      'ignored: product.created',
      `duplicate payment ${second.orderId}: refunded`,
      'duplicate',
    ]);
    for (const p of [a, b, twice]) await paidOnce(p);
    expect((await order(sub.orderId)).status).toBe('paid');
    expect((await t.database.db.select().from(entitlements).where(eq(entitlements.customerId, (await order(sub.orderId)).customerId)))[0]?.status).toBe('active');
    expect(await lane(subCase.reference)).toBe('fast');
    expect((await order(gone.orderId)).status).toBe('expired');
    // The second payment is kept as paid money and given back, once; one receipt for the case.
    expect((await t.database.db.select().from(fastlaneRefunds).where(eq(fastlaneRefunds.orderId, second.orderId))).length).toBe(1);
    expect(await receipts(twice.email)).toBe(1);
    expect(await laneEvents(twice.c.reference)).toBe(1);
  });

  it('puts the case\'s own tracking link in each receipt of a group, and a new one where the stored token no longer opens', async () => {
    const [a, b, c] = [await paidIncident(), await paidIncident(), await paidIncident()];
    // As after a change of AYUDA_SECRET: the stored token cannot be opened any more.
    await t.database.db.update(cases).set({ trackingTokenEnc: 'not-a-sealed-token' }).where(eq(cases.reference, c.c.reference));
    expect(await Promise.all([apply(a.event), apply(b.event), apply(c.event)])).toEqual([a, b, c].map((p) => `order ${p.orderId} paid`));
    const link = async (p: Paid) => {
      const [mail] = await t.database.db.select().from(mailOutbox).where(and(eq(mailOutbox.template, 'fastlane_receipt'), eq(mailOutbox.toAddress, p.email)));
      return /\/cases\/([A-Za-z0-9_-]+)/.exec(mail!.text)?.[1];
    };
    expect(await link(a)).toBe(a.c.trackingToken);
    expect(await link(b)).toBe(b.c.trackingToken);
    const fresh = await link(c);
    expect(fresh).toBeTruthy();
    expect(fresh).not.toBe(c.c.trackingToken);
    expect((await t.database.db.select().from(cases).where(eq(cases.reference, c.c.reference)))[0]!.trackingHash).toBe(tokenHash(fresh!));
    for (const p of [a, b, c]) await paidOnce(p);
    // Every column of a receipt written by a group, as enqueueMail writes one alone.
    const [row] = await t.database.db.select().from(mailOutbox).where(and(eq(mailOutbox.template, 'fastlane_receipt'), eq(mailOutbox.toAddress, a.email)));
    const [caseA] = await t.database.db.select().from(cases).where(eq(cases.reference, a.c.reference));
    expect(row).toMatchObject({ locale: 'es', status: 'pending', attempts: 0, lastError: null, transport: null, sentAt: null, caseId: caseA!.id, attachments: null });
    expect(row!.replyTo).toBe(t.server.ayuda.cases.mailOptionsOf(caseA!).replyTo ?? null);
    expect(row!.subject.length).toBeGreaterThan(0);
    expect(row!.html).toContain(a.c.reference);
    expect(row!.createdAt).toBeInstanceOf(Date);
    expect(row!.nextAttemptAt.getTime()).toBe(row!.createdAt.getTime());
    expect((await t.database.db.select().from(stripeEvents).where(eq(stripeEvents.id, a.event.id)))[0]).toMatchObject({ type: 'checkout.session.completed', note: `order ${a.orderId} paid` });
  });
  it('tells the console of each case a group moves, once, in the statement that moves it, and nothing when a group rolls back', async () => {
    const bus = t.server.ayuda.events;
    await bus.ready();
    const heard: StaffEventEnvelope[] = [];
    const off = bus.subscribe({ event: (e) => heard.push(e), end: () => {} });
    try {
      const lanes = (p: Paid) => heard.filter((e) => e.event === 'case' && e.data.reference === p.c.reference && e.data.change === 'lane');
      const [a, b, c] = [await paidIncident(), await paidIncident(), await paidIncident()];
      expect(await Promise.all([apply(a.event), apply(b.event), apply(c.event)])).toEqual([a, b, c].map((p) => `order ${p.orderId} paid`));
      await vi.waitFor(() => expect([a, b, c].map((p) => lanes(p).length)).toEqual([1, 1, 1]));
      for (const p of [a, b, c]) expect(lanes(p)[0]!.data).toMatchObject({ by: 'system' });
      // A group whose event was applied before rolls back: its moves are not published. (Its
      // event is then applied alone, which publishes the move once.)
      const d = await paidIncident();
      await t.database.db.insert(stripeEvents).values({ id: d.event.id, type: 'checkout.session.completed', receivedAt: new Date(), note: 'before' });
      expect(await apply(d.event)).toBe('duplicate');
      expect(await lane(d.c.reference)).toBe('standard');
      const e = await paidIncident();
      expect(await apply(e.event)).toBe(`order ${e.orderId} paid`);
      await vi.waitFor(() => expect(lanes(e)).toHaveLength(1));
      expect(lanes(d)).toHaveLength(0);
    } finally {
      off();
    }
  });
  it('reads the orders and cases of a group as the tables hold them (its prepared statements map rows by hand)', async () => {
    const p = await paidIncident();
    const [caseRow] = await t.database.db.select().from(cases).where(eq(cases.reference, p.c.reference));
    // Columns a new case leaves empty, filled, so that each is read from its own place.
    await t.database.db
      .update(cases)
      .set({ category: 'facturas', assignee: 'Ana', pauses: [{ from: '2026-01-02T03:04:05.000Z', to: '2026-01-02T04:00:00.000Z' }], closedAt: new Date('2026-01-03T00:00:00.000Z') })
      .where(eq(cases.id, caseRow!.id));
    await t.database.db.transaction(async (tx) => {
      const [locked] = await lockCasesWithOrigin(tx, [caseRow!.id]);
      const [expected] = await tx.select().from(cases).where(eq(cases.id, caseRow!.id));
      expect(locked!.row).toEqual(expected);
      // The group's one statement reads the order and its case as JSON: the same rows.
      const group = await lockGroup(tx, [p.sessionId, 'cs_nadie']);
      expect(group.orders).toHaveLength(1);
      const [found] = group.orders;
      const [orderRow] = await tx.select().from(fastlaneOrders).where(eq(fastlaneOrders.id, p.orderId));
      const { createdAt: _c, updatedAt: _u, chargeId: _ch, invoiceId: _i, ...picked } = orderRow!;
      expect(found!.order).toEqual(picked);
      expect(found!.customer).toMatchObject({ id: orderRow!.customerId, email: p.email });
      expect(found!.covered).toBe(false);
      expect(group.cases).toEqual([locked]);
    });
    // And the group applies it as usual.
    expect(await apply(p.event)).toBe(`order ${p.orderId} paid`);
    await paidOnce(p);
  });
});
