// Fast-lane queries: plans, orders, entitlements, refunds, applied Stripe events.
import { and, desc, eq, gt, gte, inArray, lt, sql, sum, count } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { run, statement, timestampOf } from '../db/statements.js';
import { byKeysOf, fastLate } from '../db/expressions.js';
import { caseWithOriginOf, checkLaneMoves, laneMovesCtes, laneMovesSelect, lockCasesWithOriginCte, NO_LANE_MOVES, type CaseWithOrigin, type LaneMoves } from '../cases/service.js';
import { cases, entitlements, fastlaneOrders, fastlanePlans, fastlaneRefunds, installation, LIVE_ENTITLEMENT_STATUSES, mailOutbox, stripeEvents } from '../db/schema.js';

type Q = Db | Tx;
export type OrderRow = typeof fastlaneOrders.$inferSelect;
export type EntitlementRow = typeof entitlements.$inferSelect;
export type RefundRow = typeof fastlaneRefunds.$inferSelect;

const LIVE_ENTITLEMENT = [...LIVE_ENTITLEMENT_STATUSES];

export async function hasActiveEntitlement(db: Q, customerId: number): Promise<boolean> {
  const rows = await db
    .select({ id: entitlements.id })
    .from(entitlements)
    .where(and(eq(entitlements.customerId, customerId), inArray(entitlements.status, LIVE_ENTITLEMENT)))
    .limit(1);
  return rows.length > 0;
}

export async function planRow(db: Q, key: string) {
  const [row] = await db.select().from(fastlanePlans).where(eq(fastlanePlans.key, key));
  return row;
}

export async function planRows(db: Q) {
  return db.select().from(fastlanePlans);
}

export async function deletePlan(db: Q, key: string) {
  await db.delete(fastlanePlans).where(eq(fastlanePlans.key, key));
}

export async function savePlan(db: Q, row: typeof fastlanePlans.$inferInsert) {
  await db.insert(fastlanePlans).values(row).onConflictDoUpdate({ target: fastlanePlans.key, set: row });
}

/** Records a Stripe event id; false if it was applied before. */
export async function markEvent(tx: Tx, id: string, type: string, now: Date, note: string | null): Promise<boolean> {
  const rows = await tx.insert(stripeEvents).values({ id, type, receivedAt: now, note }).onConflictDoNothing().returning({ id: stripeEvents.id });
  return rows.length > 0;
}

/** The installation's id: one row, created by migration 0005 (or here, for a database that lost it). */
export async function installationId(db: Db): Promise<string> {
  const [row] = await db.select({ id: installation.id }).from(installation).orderBy(installation.createdAt).limit(1);
  if (row) return row.id;
  await db.execute(sql`insert into installation (id, created_at) select replace(gen_random_uuid()::text, '-', ''), now() where not exists (select 1 from installation)`);
  return installationId(db);
}

/** The order that started a subscription. */
export async function subscriptionOrder(tx: Q, subscriptionId: string, lock = false) {
  const q = tx.select().from(fastlaneOrders).where(and(eq(fastlaneOrders.subscriptionId, subscriptionId), eq(fastlaneOrders.kind, 'subscription'))).orderBy(fastlaneOrders.id).limit(1);
  const [row] = await (lock ? q.for('update') : q);
  return row;
}

export async function insertOrder(db: Q, values: typeof fastlaneOrders.$inferInsert): Promise<OrderRow> {
  const [row] = await db.insert(fastlaneOrders).values(values).returning();
  return row!;
}

/** A renewal's order, once per invoice: null when the invoice already has one. */
export async function insertRenewalOrder(tx: Tx, values: typeof fastlaneOrders.$inferInsert & { invoiceId: string }): Promise<OrderRow | null> {
  const [row] = await tx.insert(fastlaneOrders).values({ ...values, kind: 'renewal' }).onConflictDoNothing({ target: fastlaneOrders.invoiceId }).returning();
  return row ?? null;
}

export async function orderBySession(db: Q, sessionId: string, lock = false) {
  const q = db.select().from(fastlaneOrders).where(eq(fastlaneOrders.checkoutSessionId, sessionId));
  const [row] = await (lock ? q.for('update') : q);
  return row;
}

/**
 * What fulfilling a paid Checkout Session reads, in one round trip: its order, locked; the
 * customer; and whether what the order pays for is already paid for, by another paid order of
 * the same case (an incident) or by a live subscription of the customer (a subscription).
 */
export async function orderToFulfil(tx: Tx, sessionId: string) {
  const [row] = await ordersToFulfil(tx, [sessionId]);
  return row;
}

/** What fulfilMany reads of an order: the columns it decides on and its receipt shows. */
export type OrderToFulfil = Pick<OrderRow, 'id' | 'customerId' | 'planKey' | 'kind' | 'caseId' | 'amount' | 'currency' | 'status' | 'checkoutSessionId' | 'paymentIntentId' | 'subscriptionId' | 'stripeCustomerId' | 'amountRefunded' | 'terms' | 'paidAt'>;

// ordersToFulfil's statement: one text whatever the number of sessions ($1, an array), prepared
// once per connection on PostgreSQL; only the columns the group needs, mapped by hand (drizzle's
// building of this select and mapping of full rows was most of its share of a group's CPU).
const LIVE_STATUSES = LIVE_ENTITLEMENT.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ');
// The orders to lock are found by three index lookups joined by `union` (the wanted orders by
// their sessions, the others of their cases, the customers' other subscription orders): the
// same rows as one `where` of three `or`s, which PostgreSQL could only answer by reading every
// order (116 ms for eight sessions at 200,000 orders, against 1.2 ms).
const ORDERS_TO_FULFIL = `with wanted as (select id, case_id, customer_id, kind from fastlane_orders where checkout_session_id = any($1::text[])),
  related as (select id from wanted
    union select o.id from wanted w join fastlane_orders o on o.case_id = w.case_id where w.kind = 'incident' and o.kind = 'incident'
    union select o.id from wanted w join fastlane_orders o on o.customer_id = w.customer_id where w.kind = 'subscription' and o.kind = 'subscription')
  select o.id, o.customer_id, o.plan_key, o.kind, o.case_id, o.amount, o.currency, o.status, o.checkout_session_id, o.payment_intent_id,
    o.subscription_id, o.stripe_customer_id, o.amount_refunded, o.terms, o.paid_at, c.id as c_id, c.email as c_email, c.name as c_name, c.locale as c_locale,
    o.checkout_session_id = any($1::text[]) as wanted,
    o.kind = 'subscription' and exists (select 1 from entitlements e where e.customer_id = o.customer_id and e.status in (${LIVE_STATUSES})) as entitled
  from fastlane_orders o left join customers c on c.id = o.customer_id
  where o.id in (select id from related)
  order by o.id
  for update of o`;
const ordersToFulfilStatement = statement('ayuda_fastlane_orders_to_fulfil', ORDERS_TO_FULFIL);

// lockGroup's statement: one text whatever the number of sessions ($1, an array), prepared once per
// connection on PostgreSQL. The orders are locked first, as ordersToFulfil locks them (in id
// order, with the others paying for the same things), then the cases of the unpaid, unrefunded
// incidents among the wanted ones (cases module, lockCasesWithOriginCte), in id order: the order
// two statements took before, in one round trip. Whether an order is covered is worked out after,
// from the locked rows, so a case is locked here even if its order turns out covered (harmless:
// the group leaves that order alone). Each CTE is read back as one JSON array.
const lockGroupStatement = statement(
  'ayuda_fastlane_lock_group',
  `with group_orders as materialized (${ORDERS_TO_FULFIL}),
  ${lockCasesWithOriginCte(
    'group_cases',
    `select g.case_id from group_orders g where g.wanted and g.kind = 'incident' and g.case_id is not null and g.paid_at is null and g.amount_refunded = 0 and g.c_id is not null`,
  )}
  select (select coalesce(json_agg(g order by g.id), '[]'::json) from group_orders g) as orders,
    (select coalesce(json_agg(k order by k.id), '[]'::json) from group_cases k) as cases`,
);

export interface OrderFound {
  order: OrderToFulfil;
  customer: { id: number; email: string; name: string; locale: string } | null;
  covered: boolean;
}

/**
 * The orders of many sessions as ordersToFulfil answers them, and the cases of the unpaid,
 * unrefunded incidents among them, all locked, in one statement (a group of paid incidents' first).
 * The caller still decides which orders a group pays.
 */
export async function lockGroup(tx: Tx, sessionIds: string[]): Promise<{ orders: OrderFound[]; cases: CaseWithOrigin[] }> {
  if (sessionIds.length === 0) return { orders: [], cases: [] };
  const [row] = await run(tx, lockGroupStatement, [sessionIds]);
  const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as Array<Record<string, unknown>>;
  return { orders: ordersFoundOf(json(row?.orders ?? [])), cases: json(row?.cases ?? []).map(caseWithOriginOf) };
}

/**
 * orderToFulfil for many sessions in one statement, the orders locked in id order (as any other
 * batch locks them). With each order, the others that pay for the same thing are locked too:
 * the other orders of its case (an incident) or the customer's other subscription orders. Two
 * payments for one thing applied at once, in two transactions, then go one after the other, and
 * the second reads the first's order as the first left it (a locked row is read as committed
 * after the wait): `covered` is worked out from those rows, not from the statement's snapshot,
 * which predates the wait. A subscription's live entitlement is read from that snapshot, so a
 * subscription's `covered` must be read again after this statement (fulfil does).
 */
export async function ordersToFulfil(
  tx: Tx,
  sessionIds: string[],
): Promise<OrderFound[]> {
  if (sessionIds.length === 0) return [];
  return ordersFoundOf(await run(tx, ordersToFulfilStatement, [sessionIds]));
}

/** ORDERS_TO_FULFIL's rows (as the driver gives them, or as JSON with timestamps as text): the wanted orders, each with its customer and whether it is covered. */
function ordersFoundOf(rows: Array<Record<string, unknown>>): OrderFound[] {
  const bool = (v: unknown) => v === true || v === 't';
  const paidForCase = (r: Record<string, unknown>) => rows.some((o) => o.id !== r.id && o.case_id !== null && Number(o.case_id) === Number(r.case_id) && o.status === 'paid');
  return rows.filter((r) => bool(r.wanted)).map((r) => ({
    order: {
      id: Number(r.id),
      customerId: Number(r.customer_id),
      planKey: r.plan_key as string,
      kind: r.kind as string,
      caseId: r.case_id === null ? null : Number(r.case_id),
      amount: Number(r.amount),
      currency: r.currency as string,
      status: r.status as string,
      checkoutSessionId: r.checkout_session_id as string | null,
      paymentIntentId: r.payment_intent_id as string | null,
      subscriptionId: r.subscription_id as string | null,
      stripeCustomerId: r.stripe_customer_id as string | null,
      amountRefunded: Number(r.amount_refunded),
      terms: (typeof r.terms === 'string' ? JSON.parse(r.terms) : r.terms) as OrderRow['terms'],
      paidAt: timestampOf(r.paid_at),
    },
    customer: r.c_id === null ? null : { id: Number(r.c_id), email: r.c_email as string, name: r.c_name as string, locale: r.c_locale as string },
    covered: r.kind === 'subscription' ? bool(r.entitled) : r.case_id !== null && paidForCase(r),
  }));
}

export async function orderByPaymentIntent(tx: Tx, pi: string) {
  const [row] = await tx.select().from(fastlaneOrders).where(eq(fastlaneOrders.paymentIntentId, pi)).for('update');
  return row;
}

export async function orderById(db: Q, id: number, lock = false) {
  const q = db.select().from(fastlaneOrders).where(eq(fastlaneOrders.id, id));
  const [row] = await (lock ? q.for('update') : q);
  return row;
}

export async function updateOrder(tx: Tx, id: number, set: Partial<typeof fastlaneOrders.$inferInsert>) {
  const [row] = await tx.update(fastlaneOrders).set(set).where(eq(fastlaneOrders.id, id)).returning();
  return row!;
}

/** Marks an order paid and queues its receipt (null: none to queue) in one statement. */
export async function markPaid(tx: Tx, id: number, set: Partial<typeof fastlaneOrders.$inferInsert>, receipt: typeof mailOutbox.$inferInsert | null): Promise<void> {
  const update = tx.update(fastlaneOrders).set(set).where(eq(fastlaneOrders.id, id));
  if (!receipt) {
    await update;
    return;
  }
  // getSQL(): embedded as they are, not as parenthesised subqueries.
  await tx.execute(sql`with paid as (${update.getSQL()}) ${tx.insert(mailOutbox).values(receipt).getSQL()}`);
}

// markManyPaid's statement, one text whatever it carries (empty JSON arrays write nothing), so
// it is prepared once per connection: $1 the orders, $2 now, $3 the receipts, $4 the events,
// $5..$8 the cases' moves (cases module: rows, actor, when, notifications).
const MARK_MANY_PAID = statement(
  'ayuda_fastlane_mark_many_paid',
  `with ${laneMovesCtes('$5', '$6', '$7')},
  paid_v as (select * from jsonb_to_recordset($1::jsonb) as v(id integer, s text, pi text, sub text, cus text)),
  paid as (update fastlane_orders set status = v.s, paid_at = $2::timestamptz, updated_at = $2::timestamptz, payment_intent_id = v.pi, subscription_id = v.sub, stripe_customer_id = v.cus
    from paid_v as v where ${byKeysOf('fastlane_orders.id', 'paid_v')}),
  mail as (insert into mail_outbox (to_address, locale, template, subject, text, html, next_attempt_at, created_at, case_id, reply_to, attachments)
    select m.addr, m.locale, m.template, m.subject, m.text, m.html, m.next, m.created, m.case_id, m.reply_to, m.attachments
    from jsonb_to_recordset($3::jsonb) as m(addr text, locale text, template text, subject text, text text, html text, next timestamptz, created timestamptz, case_id integer, reply_to text, attachments jsonb)),
  fresh as (insert into stripe_events (id, type, received_at, note) select e.id, e.type, $2::timestamptz, e.note from jsonb_to_recordset($4::jsonb) as e(id text, type text, note text)
    on conflict do nothing returning id)
  select (select count(*) from fresh)::int as fresh, ${laneMovesSelect('$8')}`,
);

/**
 * markPaid for many orders in one statement: each order's paid columns (its status, the payment's
 * ids, when it was paid), all their receipts, the Stripe events that paid them, with their
 * results, and (`lanes`, from the cases module) their cases' moves, checked here. Answers how many of the events were new: fewer than given means an event id was
 * recorded before (or meanwhile), and the caller must roll back. The statement is prepared once
 * (its text does not depend on what it carries); the rows go as JSON parameters, as drizzle's
 * builders made a parameter of every column of every row (a tenth of the server's CPU per event).
 */
export async function markManyPaid(
  tx: Tx,
  orders: Array<{ id: number; status: string; paymentIntentId: string | null; subscriptionId: string | null; stripeCustomerId: string | null }>,
  now: Date,
  receipts: Array<typeof mailOutbox.$inferInsert>,
  events: Array<{ id: string; type: string; note: string | null }>,
  lanes: LaneMoves | null = null,
): Promise<number> {
  if (orders.length === 0 && events.length === 0 && !lanes) return 0;
  const json = JSON.stringify(orders.map((o) => ({ id: o.id, s: o.status, pi: o.paymentIntentId, sub: o.subscriptionId, cus: o.stripeCustomerId })));
  const mail = JSON.stringify(
    receipts.map((r) => ({ addr: r.toAddress, locale: r.locale, template: r.template, subject: r.subject, text: r.text, html: r.html, next: r.nextAttemptAt.toISOString(), created: r.createdAt.toISOString(), case_id: r.caseId ?? null, reply_to: r.replyTo ?? null, attachments: r.attachments ?? null })),
  );
  const fresh = JSON.stringify(events.map((e) => ({ id: e.id, type: e.type, note: e.note })));
  const moves = lanes ?? NO_LANE_MOVES;
  const [row] = await run(tx, MARK_MANY_PAID, [json, now.toISOString(), mail, fresh, moves.rows, moves.actor, moves.at, moves.notify]);
  if (lanes) checkLaneMoves(lanes, row);
  return Number(row?.fresh ?? 0);
}

export async function ordersOfCustomer(db: Q, customerId: number) {
  return db.select().from(fastlaneOrders).where(eq(fastlaneOrders.customerId, customerId)).orderBy(desc(fastlaneOrders.id)).limit(50);
}

export async function ordersOfCase(db: Q, caseId: number) {
  return db.select().from(fastlaneOrders).where(eq(fastlaneOrders.caseId, caseId)).orderBy(desc(fastlaneOrders.id));
}

/** Open orders old enough to check, young enough that Stripe may still complete them (sessions live 24 h), newest first. */
export async function openOrdersBetween(db: Q, after: Date, before: Date) {
  return db
    .select()
    .from(fastlaneOrders)
    .where(and(eq(fastlaneOrders.status, 'open'), lt(fastlaneOrders.createdAt, before), gte(fastlaneOrders.createdAt, after)))
    .orderBy(desc(fastlaneOrders.createdAt))
    .limit(200);
}

/** An open order the customer could still pay, for the same plan (and case), to reuse instead of making a second. */
export async function openOrderFor(db: Q, customerId: number, planKey: string, caseId: number | null, after: Date) {
  const [row] = await db
    .select()
    .from(fastlaneOrders)
    .where(
      and(
        eq(fastlaneOrders.customerId, customerId),
        eq(fastlaneOrders.planKey, planKey),
        caseId === null ? sql`${fastlaneOrders.caseId} is null` : eq(fastlaneOrders.caseId, caseId),
        eq(fastlaneOrders.status, 'open'),
        gte(fastlaneOrders.createdAt, after),
      ),
    )
    .orderBy(desc(fastlaneOrders.id))
    .limit(1);
  return row;
}

export async function eventSeen(db: Q, id: string): Promise<boolean> {
  const rows = await db.select({ id: stripeEvents.id }).from(stripeEvents).where(eq(stripeEvents.id, id));
  return rows.length > 0;
}

export async function entitlementBySubscription(tx: Q, subscriptionId: string, lock = false) {
  const q = tx.select().from(entitlements).where(eq(entitlements.subscriptionId, subscriptionId));
  const [row] = await (lock ? q.for('update') : q);
  return row;
}

export async function upsertEntitlement(tx: Tx, values: typeof entitlements.$inferInsert) {
  const { createdAt: _c, ...set } = values;
  const [row] = await tx.insert(entitlements).values(values).onConflictDoUpdate({ target: entitlements.subscriptionId, set }).returning();
  return row!;
}

export async function entitlementsOfCustomer(db: Q, customerId: number) {
  return db.select().from(entitlements).where(eq(entitlements.customerId, customerId)).orderBy(desc(entitlements.id));
}

export async function refundsOfOrder(db: Q, orderId: number) {
  return db.select().from(fastlaneRefunds).where(eq(fastlaneRefunds.orderId, orderId)).orderBy(desc(fastlaneRefunds.id));
}

export async function insertRefund(tx: Tx, values: typeof fastlaneRefunds.$inferInsert) {
  const [row] = await tx.insert(fastlaneRefunds).values(values).returning();
  return row!;
}

export async function updateRefund(tx: Tx, id: number, set: Partial<typeof fastlaneRefunds.$inferInsert>) {
  const [row] = await tx.update(fastlaneRefunds).set(set).where(eq(fastlaneRefunds.id, id)).returning();
  return row!;
}

export async function refundById(tx: Q, id: number, lock = false) {
  const q = tx.select().from(fastlaneRefunds).where(eq(fastlaneRefunds.id, id));
  const [row] = await (lock ? q.for('update') : q);
  return row;
}

export async function refundsByStatus(db: Q, status: string) {
  return db.select().from(fastlaneRefunds).where(eq(fastlaneRefunds.status, status)).orderBy(desc(fastlaneRefunds.id)).limit(200);
}

/**
 * Paid incidents in the fast lane whose first response is late by the stored due time: not
 * given and past due, or given after it (SLA-guarantee candidates; the SLA engine still decides
 * each one). The late fast-lane cases are read first, from the index cases_fast_late, then their
 * orders by case: the work grows with the late cases, not with every order ever paid (the join
 * the other way round read all paid orders: 205–300 ms at 136,000 of them).
 */
export async function guaranteeCandidates(db: Q, now: Date, page: { after?: number; limit?: number } = {}) {
  // The cases' conditions are all here: the join below only brings each one's row along.
  const late = sql`array(select c.id from ${cases} c where ${fastLate({ lane: sql.raw('c.lane'), firstRespondedAt: sql.raw('c.first_responded_at'), firstResponseDue: sql.raw('c.first_response_due') })}
    and coalesce(c.first_responded_at, ${now.toISOString()}::timestamptz) > c.first_response_due)`;
  return db
    .select({ order: fastlaneOrders, case: cases })
    .from(fastlaneOrders)
    .innerJoin(cases, eq(cases.id, fastlaneOrders.caseId))
    .where(
      and(
        sql`${fastlaneOrders.caseId} = any(${late})`,
        eq(fastlaneOrders.kind, 'incident'),
        eq(fastlaneOrders.status, 'paid'),
        page.after ? gt(fastlaneOrders.id, page.after) : undefined,
      ),
    )
    .orderBy(fastlaneOrders.id)
    .limit(page.limit ?? GUARANTEE_PAGE);
}

/** How many guarantee candidates are read at a time (the job reads page after page, by order id). */
export const GUARANTEE_PAGE = 500;

/** Money in `currency` only (orders taken in another, before a change of currency, are not summed with it). */
export async function summary(db: Q, from: Date, to: Date, currency: string) {
  const inPeriod = (col: typeof fastlaneOrders.paidAt) => and(gte(col, from), lt(col, to), eq(fastlaneOrders.currency, currency));
  const [paid] = await db
    .select({ revenue: sum(fastlaneOrders.amount), orders: count() })
    .from(fastlaneOrders)
    .where(and(inPeriod(fastlaneOrders.paidAt), sql`${fastlaneOrders.paidAt} is not null`));
  const byKind = await db
    .select({ kind: fastlaneOrders.kind, revenue: sum(fastlaneOrders.amount), orders: count() })
    .from(fastlaneOrders)
    .where(inPeriod(fastlaneOrders.paidAt))
    .groupBy(fastlaneOrders.kind);
  const [refunds] = await db
    .select({ amount: sum(fastlaneRefunds.amount), n: count() })
    .from(fastlaneRefunds)
    .innerJoin(fastlaneOrders, eq(fastlaneOrders.id, fastlaneRefunds.orderId))
    .where(and(eq(fastlaneRefunds.status, 'succeeded'), gte(fastlaneRefunds.decidedAt, from), lt(fastlaneRefunds.decidedAt, to), eq(fastlaneOrders.currency, currency)));
  // Cases in the fast lane that entered it in the period, by starting there or by an upgrade.
  const [fastCases] = await db
    .select({ n: count() })
    .from(cases)
    .where(
      and(
        eq(cases.lane, 'fast'),
        sql`coalesce(${cases.laneChangedAt}, ${cases.createdAt}) >= ${from.toISOString()}::timestamptz`,
        sql`coalesce(${cases.laneChangedAt}, ${cases.createdAt}) < ${to.toISOString()}::timestamptz`,
      ),
    );
  return {
    currency,
    revenue: Number(paid?.revenue ?? 0),
    orders: Number(paid?.orders ?? 0),
    byKind: byKind.map((r) => ({ kind: r.kind, revenue: Number(r.revenue ?? 0), orders: Number(r.orders) })),
    refunds: { amount: Number(refunds?.amount ?? 0), count: Number(refunds?.n ?? 0) },
    fastLaneCases: Number(fastCases?.n ?? 0),
  };
}

export async function setPaymentIntent(db: Q, orderId: number, paymentIntentId: string) {
  await db.update(fastlaneOrders).set({ paymentIntentId }).where(eq(fastlaneOrders.id, orderId));
}
