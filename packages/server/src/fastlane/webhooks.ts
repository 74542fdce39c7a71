// Stripe's webhooks for the fast lane: one table from event type to handler. A handler parses
// only the fields it uses (an object of another shape is recorded and answered 2xx, since
// Stripe would retry it for days), may fetch from Stripe before the transaction opens, and
// applies the event in the transaction that records its id. Results are a discriminated union.
//
// Events may arrive in any order and the end state must not depend on it: the state is derived
// from the Stripe object each event carries (a `canceled` subscription is terminal; a refund
// seen before its payment is kept on the order and honoured when the payment arrives), never
// from the event's `created` second alone.
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import type { Logger } from '../http/logger.js';
import type { Stripe } from '../billing/gateway.js';
import type { PaidCases } from '../cases/service.js';
import type { BillingCustomers } from '../customers/service.js';
import type { StripeAccount } from './account.js';
import type { CheckoutService } from './checkout.js';
import type { RefundService } from './refunds.js';
import type { SubscriptionService } from './subscriptions.js';
import { enqueueMail } from '../mail/outbox.js';
import * as store from './store.js';
import { coveredBySubscription } from './lane-policy.js';
import type { FastlaneDeps } from './account.js';

export type WebhookResult =
  | { kind: 'applied'; what: string; orderId?: number }
  | { kind: 'ignored'; reason: string }
  | { kind: 'duplicate-event' }
  | { kind: 'duplicate-payment'; orderId: number }
  | { kind: 'malformed'; issues: string };

/** One line for logs and the webhook's answer. */
export function describeResult(r: WebhookResult): string {
  switch (r.kind) {
    case 'applied':
      return r.what;
    case 'ignored':
      return `ignored: ${r.reason}`;
    case 'duplicate-event':
      return 'duplicate';
    case 'duplicate-payment':
      return `duplicate payment ${r.orderId}: refunded`;
    case 'malformed':
      return `ignored: unexpected shape (${r.issues})`;
  }
}

const Metadata = z.record(z.string(), z.string()).nullish();
const Ref = z.union([z.string(), z.looseObject({ id: z.string() })]).nullish();
export const refId = (r: z.infer<typeof Ref>): string | null => (r == null ? null : typeof r === 'string' ? r : r.id);

export const SessionObject = z.looseObject({
  id: z.string(),
  metadata: Metadata,
  mode: z.string(),
  status: z.string().nullish(),
  payment_status: z.string(),
  payment_intent: Ref,
  subscription: Ref,
  customer: Ref,
});
export type SessionObject = z.infer<typeof SessionObject>;

const SubscriptionObject = z.looseObject({
  id: z.string(),
  metadata: Metadata,
  status: z.string(),
  cancel_at_period_end: z.boolean().nullish(),
  items: z.looseObject({ data: z.array(z.looseObject({ current_period_end: z.number().nullish() })) }).nullish(),
});

const InvoiceObject = z.looseObject({
  id: z.string(),
  /** `subscription_create` for a subscription's first invoice (its checkout's order records it), `subscription_cycle` for a renewal. */
  billing_reason: z.string().nullish(),
  amount_paid: z.number().int().nullish(),
  currency: z.string().nullish(),
  customer: Ref,
  status_transitions: z.looseObject({ paid_at: z.number().nullish() }).nullish(),
  /** Only when expanded; otherwise the payment is fetched before the transaction. */
  payments: z.looseObject({ data: z.array(z.looseObject({ payment: z.looseObject({ payment_intent: Ref }).nullish() })) }).nullish(),
  parent: z.looseObject({ subscription_details: z.looseObject({ subscription: Ref }).nullish() }).nullish(),
  lines: z.looseObject({ data: z.array(z.looseObject({ period: z.looseObject({ end: z.number() }).nullish() })) }).nullish(),
});

const ChargeObject = z.looseObject({
  id: z.string(),
  payment_intent: Ref,
  amount_refunded: z.number().int(),
  metadata: Metadata,
});

const DisputeObject = z.looseObject({ id: z.string(), charge: Ref, payment_intent: Ref });

type InvoiceObject = z.infer<typeof InvoiceObject>;

/** Whether a paid invoice may be a renewal: a later, non-zero invoice of a subscription (the first is its checkout's order). */
const maybeRenewal = (inv: InvoiceObject) => !!refId(inv.parent?.subscription_details?.subscription) && inv.billing_reason !== 'subscription_create' && (inv.amount_paid ?? 0) > 0;
const invoicePaymentIntent = (inv: InvoiceObject): string | null => refId(inv.payments?.data?.[0]?.payment?.payment_intent);

export interface CheckoutPrefetch {
  subscription: Stripe.Subscription;
  /** A subscription order keeps its first payment's id, so a later refund of it is known as Ayuda's. */
  paymentIntentId: string | null;
}

/** What the handlers need from the rest of the fast lane. */
export interface WebhookContext {
  /** True if the metadata is Ayuda's and not another installation's. */
  ours(metadata: Record<string, string> | null | undefined): boolean;
  /** True if the metadata names this installation (needed before trusting an `order_id`). */
  mine(metadata: Record<string, string> | null | undefined): boolean;
  /** The subscription and its first payment's id, fetched before the transaction. */
  prefetchSubscription(id: string): Promise<CheckoutPrefetch>;
  /** The payment intent that paid an invoice, fetched before the transaction (null if none). */
  prefetchInvoicePayment(invoiceId: string): Promise<string | null>;
  completeCheckout(tx: Tx, s: SessionObject, prefetched: CheckoutPrefetch | null, now: Date): Promise<WebhookResult>;
  expireCheckout(tx: Tx, sessionId: string, now: Date): Promise<WebhookResult>;
  /** Ends the lane of cases that were fast only through a subscription. */
  endSubscriptionLane(tx: Tx, customerId: number): Promise<void>;
  /** A paid incident fully refunded: its case goes back unless something else pays for it. */
  refundedIncident(tx: Tx, order: store.OrderRow): Promise<void>;
  paymentFailed(tx: Tx, customerId: number, now: Date): Promise<void>;
  disputed(orderId: number, chargeId: string | null): void;
}

interface Handler<O, P> {
  object: z.ZodType<O>;
  prefetch?(object: O, ctx: WebhookContext): Promise<P>;
  apply(tx: Tx, object: O, prefetched: P, event: { id: string; type: string; created: number }, ctx: WebhookContext, now: Date): Promise<WebhookResult>;
}
const handler = <O, P = undefined>(h: Handler<O, P>) => h as Handler<unknown, unknown>;

/** A subscription in one of these states never comes back: later events about it change nothing. */
const TERMINAL = new Set(['canceled', 'incomplete_expired']);
const ENDS_LANE = new Set(['canceled', 'unpaid', 'incomplete_expired']);

async function subscriptionChanged(tx: Tx, sub: z.infer<typeof SubscriptionObject>, deleted: boolean, created: number, ctx: WebhookContext, now: Date): Promise<WebhookResult> {
  if (!ctx.ours(sub.metadata)) return { kind: 'ignored', reason: 'not ours' };
  const ent = await store.entitlementBySubscription(tx, sub.id, true);
  if (!ent) return { kind: 'ignored', reason: 'unknown subscription' };
  const status = deleted ? 'canceled' : sub.status;
  if (TERMINAL.has(ent.status)) return { kind: 'ignored', reason: `subscription already ${ent.status}` };
  // Within one second the object's own state decides; across seconds an older event loses.
  if (created < ent.lastEventAt && !TERMINAL.has(status)) return { kind: 'ignored', reason: 'older than what we know' };
  const periodEnd = sub.items?.data?.[0]?.current_period_end;
  await store.upsertEntitlement(tx, {
    ...ent,
    status,
    cancelAtPeriodEnd: !!sub.cancel_at_period_end,
    currentPeriodEnd: periodEnd ? new Date(periodEnd * 1000) : ent.currentPeriodEnd,
    lastEventAt: Math.max(ent.lastEventAt, created),
    updatedAt: now,
  });
  if (ENDS_LANE.has(status)) await ctx.endSubscriptionLane(tx, ent.customerId);
  return { kind: 'applied', what: `subscription ${status}` };
}

/**
 * Records a renewal's payment as an order (kind `renewal`), once per invoice: a duplicate
 * delivery or a replayed event finds the invoice's order and adds nothing. The subscription's
 * first invoice is its checkout's order, so it is never recorded again. Revenue is revenue even
 * when the event comes late or the subscription has ended since, so this runs before those checks.
 */
async function recordRenewal(tx: Tx, inv: InvoiceObject, ent: store.EntitlementRow, paymentIntentId: string | null, created: number, now: Date): Promise<number | null> {
  if (!maybeRenewal(inv)) return null;
  if (paymentIntentId && (await store.orderByPaymentIntent(tx, paymentIntentId))) return null;
  const first = await store.subscriptionOrder(tx, ent.subscriptionId);
  const paidAt = inv.status_transitions?.paid_at ? new Date(inv.status_transitions.paid_at * 1000) : new Date(created * 1000);
  const row = await store.insertRenewalOrder(tx, {
    customerId: ent.customerId,
    planKey: ent.planKey,
    kind: 'renewal',
    amount: inv.amount_paid!,
    currency: (inv.currency ?? first?.currency ?? '').toLowerCase(),
    status: 'paid',
    paymentIntentId,
    subscriptionId: ent.subscriptionId,
    invoiceId: inv.id,
    stripeCustomerId: refId(inv.customer) ?? first?.stripeCustomerId ?? null,
    // Renewed under the terms the subscription was bought with.
    terms: first?.terms ?? null,
    createdAt: now,
    paidAt,
    updatedAt: now,
  });
  return row?.id ?? null;
}

async function invoiceSettled(tx: Tx, inv: InvoiceObject, paid: boolean, paymentIntentId: string | null, created: number, ctx: WebhookContext, now: Date): Promise<WebhookResult> {
  const subId = refId(inv.parent?.subscription_details?.subscription);
  if (!subId) return { kind: 'ignored', reason: 'no subscription' };
  const ent = await store.entitlementBySubscription(tx, subId, true);
  if (!ent) return { kind: 'ignored', reason: 'unknown subscription' };
  const renewal = paid ? await recordRenewal(tx, inv, ent, paymentIntentId, created, now) : null;
  const recorded = renewal ? { orderId: renewal } : {};
  if (TERMINAL.has(ent.status)) return renewal ? { kind: 'applied', what: `renewal recorded, subscription already ${ent.status}`, orderId: renewal } : { kind: 'ignored', reason: `subscription already ${ent.status}` };
  if (created < ent.lastEventAt) return renewal ? { kind: 'applied', what: 'renewal recorded, older than what we know', orderId: renewal } : { kind: 'ignored', reason: 'older than what we know' };
  if (paid) {
    const end = inv.lines?.data?.[0]?.period?.end;
    const periodEnd = end ? new Date(end * 1000) : null;
    // A period end only moves forward: a late invoice of an earlier period does not shorten it.
    const later = periodEnd && (!ent.currentPeriodEnd || periodEnd > ent.currentPeriodEnd) ? periodEnd : ent.currentPeriodEnd;
    await store.upsertEntitlement(tx, { ...ent, status: 'active', currentPeriodEnd: later, lastEventAt: Math.max(ent.lastEventAt, created), updatedAt: now });
    return { kind: 'applied', what: renewal ? 'subscription renewed, renewal recorded' : 'subscription renewed', ...recorded };
  }
  await store.upsertEntitlement(tx, { ...ent, status: 'past_due', lastEventAt: Math.max(ent.lastEventAt, created), updatedAt: now });
  await ctx.paymentFailed(tx, ent.customerId, now);
  return { kind: 'applied', what: 'subscription past due' };
}

export const WEBHOOK_HANDLERS = {
  'checkout.session.completed': handler<SessionObject, CheckoutPrefetch | null>({
    object: SessionObject,
    async prefetch(s, ctx) {
      return ctx.ours(s.metadata) && s.mode === 'subscription' && s.subscription ? ctx.prefetchSubscription(refId(s.subscription)!) : null;
    },
    async apply(tx, s, prefetched, _e, ctx, now) {
      if (!ctx.ours(s.metadata)) return { kind: 'ignored', reason: 'not ours' };
      return ctx.completeCheckout(tx, s, prefetched, now);
    },
  }),
  'checkout.session.expired': handler<SessionObject>({
    object: SessionObject,
    async apply(tx, s, _p, _e, ctx, now) {
      if (!ctx.ours(s.metadata)) return { kind: 'ignored', reason: 'not ours' };
      return ctx.expireCheckout(tx, s.id, now);
    },
  }),
  'invoice.paid': handler<InvoiceObject, string | null>({
    object: InvoiceObject,
    // A renewal's order keeps its payment's id, so a refund of it (charge.refunded) finds it.
    async prefetch(inv, ctx) {
      if (!maybeRenewal(inv)) return null;
      return invoicePaymentIntent(inv) ?? ctx.prefetchInvoicePayment(inv.id);
    },
    apply: (tx, inv, pi, e, ctx, now) => invoiceSettled(tx, inv, true, pi, e.created, ctx, now),
  }),
  'invoice.payment_failed': handler<InvoiceObject>({
    object: InvoiceObject,
    apply: (tx, inv, _p, e, ctx, now) => invoiceSettled(tx, inv, false, null, e.created, ctx, now),
  }),
  'customer.subscription.updated': handler<z.infer<typeof SubscriptionObject>>({
    object: SubscriptionObject,
    apply: (tx, sub, _p, e, ctx, now) => subscriptionChanged(tx, sub, false, e.created, ctx, now),
  }),
  'customer.subscription.deleted': handler<z.infer<typeof SubscriptionObject>>({
    object: SubscriptionObject,
    apply: (tx, sub, _p, e, ctx, now) => subscriptionChanged(tx, sub, true, e.created, ctx, now),
  }),
  'charge.refunded': handler<z.infer<typeof ChargeObject>>({
    object: ChargeObject,
    async apply(tx, ch, _p, _e, ctx, now) {
      const pi = refId(ch.payment_intent);
      // By the payment's id, or, for a charge that came before its checkout's completion, by
      // the order id this installation put in the payment's metadata.
      let order = pi ? await store.orderByPaymentIntent(tx, pi) : undefined;
      if (!order && ctx.mine(ch.metadata) && /^\d+$/.test(ch.metadata?.order_id ?? '')) {
        order = await store.orderById(tx, Number(ch.metadata!.order_id), true);
        if (order && order.paymentIntentId && order.paymentIntentId !== pi) order = undefined;
      }
      if (!order) return { kind: 'ignored', reason: 'not ours' };
      const refunded = Math.min(order.amount, Math.max(order.amountRefunded, ch.amount_refunded));
      const status = refunded >= order.amount ? 'refunded' : refunded > 0 ? 'partially_refunded' : order.status;
      // Before its checkout completed, the order keeps waiting for it (paidAt stays null).
      const updated = await store.updateOrder(tx, order.id, { amountRefunded: refunded, chargeId: ch.id, paymentIntentId: order.paymentIntentId ?? pi, status: order.status === 'disputed' ? 'disputed' : status, updatedAt: now });
      if (updated.paidAt && updated.kind === 'incident' && refunded >= order.amount) await ctx.refundedIncident(tx, updated);
      return { kind: 'applied', what: 'order refunded', orderId: order.id };
    },
  }),
  'charge.dispute.created': handler<z.infer<typeof DisputeObject>>({
    object: DisputeObject,
    async apply(tx, d, _p, _e, ctx, now) {
      const pi = refId(d.payment_intent);
      const order = pi ? await store.orderByPaymentIntent(tx, pi) : null;
      if (!order) return { kind: 'ignored', reason: 'not ours' };
      const charge = refId(d.charge);
      await store.updateOrder(tx, order.id, { status: 'disputed', chargeId: charge, updatedAt: now });
      ctx.disputed(order.id, charge);
      return { kind: 'applied', what: 'order disputed', orderId: order.id };
    },
  }),
} satisfies Record<string, Handler<unknown, unknown>>;

export type WebhookEventType = keyof typeof WEBHOOK_HANDLERS;
/** The event types a Stripe webhook endpoint for Ayuda must send (docs/stripe.md lists the same). */
export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_HANDLERS) as WebhookEventType[];

const EventEnvelope = z.looseObject({ id: z.string().min(1), type: z.string(), created: z.number(), data: z.looseObject({ object: z.unknown() }) });

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isRef = (v: unknown) => v == null || typeof v === 'string' || (isPlain(v) && typeof v.id === 'string');
const isMetadata = (v: unknown) => {
  if (v == null) return true;
  // A "__proto__" key (JSON.parse makes it an own property) is dropped by zod's record: left to it.
  if (!isPlain(v) || Object.hasOwn(v, '__proto__')) return false;
  for (const k in v) if (typeof v[k] !== 'string') return false;
  return true;
};

/**
 * The usual event, `checkout.session.completed` with a well-formed session, checked without
 * zod: exactly what EventEnvelope and SessionObject accept, read in place (zod's parse copied
 * every object it passed, a tenth of the server's CPU per event). Undefined for anything else,
 * which zod parses and, if it must, explains.
 */
function routeCompletedSession(event: unknown): Routed | undefined {
  if (!isPlain(event)) return undefined;
  const { id, type, created, data } = event;
  if (type !== 'checkout.session.completed' || typeof id !== 'string' || id.length === 0 || typeof created !== 'number' || !Number.isFinite(created) || !isPlain(data)) return undefined;
  const s = data.object;
  if (!isPlain(s) || typeof s.id !== 'string' || typeof s.mode !== 'string' || typeof s.payment_status !== 'string' || !(s.status == null || typeof s.status === 'string')) return undefined;
  if (!isMetadata(s.metadata) || !isRef(s.payment_intent) || !isRef(s.subscription) || !isRef(s.customer)) return undefined;
  return { ok: true, id, type, created, handler: WEBHOOK_HANDLERS['checkout.session.completed'], object: s };
}

/** Looks the event up in the table and parses its object; null for an event type Ayuda does not handle. */
export function route(event: unknown):
  | { ok: true; id: string; type: string; created: number; handler: Handler<unknown, unknown>; object: unknown }
  | { ok: false; id: string | null; type: string; result: WebhookResult } {
  return routeCompletedSession(event) ?? routeBySchema(event);
}

/** route() by the schemas alone (what it does for every event but the usual one); exported for the test that compares the two. */
export function routeBySchema(event: unknown): ReturnType<typeof route> {
  const env = EventEnvelope.safeParse(event);
  if (!env.success) return { ok: false, id: null, type: 'unknown', result: { kind: 'malformed', issues: issues(env.error) } };
  const { id, type, created } = env.data;
  const h = (WEBHOOK_HANDLERS as Record<string, Handler<unknown, unknown>>)[type];
  if (!h || !Object.hasOwn(WEBHOOK_HANDLERS, type)) return { ok: false, id, type, result: { kind: 'ignored', reason: type } };
  const obj = h.object.safeParse(env.data.data.object);
  if (!obj.success) return { ok: false, id, type, result: { kind: 'malformed', issues: issues(obj.error) } };
  return { ok: true, id, type, created, handler: h, object: obj.data };
}

const issues = (e: z.ZodError) => e.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'object'}: ${i.message}`).join('; ');

/** Thrown to give up an event applied before (and roll back what its transaction did). */
const DUPLICATE = Symbol('duplicate Stripe event');
const duplicateEvent = (err: unknown): typeof DUPLICATE => {
  if (err === DUPLICATE) return DUPLICATE;
  throw err;
};

/** `ctx` whose calls to Stripe first check, once, that the event was not applied before. */
function unlessSeen(ctx: WebhookContext, seen: () => Promise<boolean>): WebhookContext {
  let checked: Promise<void> | null = null;
  const check = () =>
    (checked ??= seen().then((yes) => {
      if (yes) throw DUPLICATE;
    }));
  return {
    ...ctx,
    prefetchSubscription: async (id) => (await check(), ctx.prefetchSubscription(id)),
    prefetchInvoicePayment: async (id) => (await check(), ctx.prefetchInvoicePayment(id)),
  };
}

/** The most events applied together in one transaction (a group's statements grow in size, not number). */
export const MAX_GROUP = 64;
/** How long a smaller group waits for company under load (see #drain), and how recent "under load" is. */
const GROUP_DELAY_MS = 5;
const GROUP_RECENT_MS = 5;

type Routed = Extract<ReturnType<typeof route>, { ok: true }>;
interface Waiting {
  r: Routed;
  resolve(result: WebhookResult): void;
  reject(err: unknown): void;
}

/** A paid per-incident checkout: the usual event, applied in groups (anything else about it is decided in the group's transaction). */
const groupable = (s: SessionObject) => s.mode === 'payment' && s.payment_status === 'paid';

/** Applies verified Stripe events through the table above, each once. */
export class StripeWebhooks {
  constructor(
    private readonly deps: FastlaneDeps & {
      logger: Logger;
      account: StripeAccount;
      checkout: CheckoutService;
      subscriptions: SubscriptionService;
      refunds: RefundService;
      cases: PaidCases;
      customers: BillingCustomers;
      onMailQueued?: (() => void) | undefined;
    },
  ) {}

  async #context(mail: { queued: boolean }): Promise<WebhookContext> {
    const { ours, mine } = await this.deps.account.ownership();
    const d = this.deps;
    return {
      ours,
      mine,
      prefetchSubscription: (id) => d.subscriptions.prefetch(id),
      prefetchInvoicePayment: (id) => d.subscriptions.invoicePayment(id),
      completeCheckout: (tx, s, prefetched, now) => d.checkout.fulfil(tx, s, prefetched, now, mail),
      expireCheckout: (tx, sessionId, now) => d.checkout.close(tx, sessionId, 'expired', now),
      endSubscriptionLane: (tx, customerId) => d.subscriptions.endLane(tx, customerId),
      refundedIncident: async (tx, order) => {
        if (!order.caseId) return;
        const stillPaid = (await store.ordersOfCase(tx, order.caseId)).some((o) => o.id !== order.id && o.status === 'paid');
        if (!stillPaid && !(await coveredBySubscription(tx, order.customerId))) await d.cases.moveToLane(tx, order.caseId, 'standard', 'system', 'refunded');
      },
      paymentFailed: async (tx, customerId, now) => {
        const customer = await d.customers.byId(tx, customerId);
        if (!customer) return;
        const locale = customer.locale as 'es' | 'en';
        await enqueueMail(tx, now, customer.email, locale, {
          template: 'payment_failed',
          vars: { company: d.config.companyName, name: customer.name, service: d.fastlane.name[locale], portalHint: true },
        });
        mail.queued = true;
      },
      disputed: (orderId, charge) => d.logger.warn('fastlane: payment disputed', { orderId, charge }),
    };
  }

  /**
   * Applies one verified Stripe event, once. An event of a type Ayuda does not handle, or whose
   * object has an unexpected shape, is recorded and answered 2xx like any other (Stripe would
   * retry anything else for days).
   */
  async apply(event: unknown): Promise<WebhookResult> {
    const r = route(event);
    const { db, clock } = this.deps;
    const now = clock.now();
    if (!r.ok) {
      if (r.result.kind === 'malformed') this.deps.logger.warn('stripe webhook: unexpected shape', { event: r.id, type: r.type, issues: r.result.issues });
      if (r.id) {
        const fresh = await db.db.transaction((tx) => store.markEvent(tx, r.id!, r.type, now, describeResult(r.result)));
        if (!fresh) return { kind: 'duplicate-event' };
      }
      return r.result;
    }
    if (r.type === 'checkout.session.completed' && groupable(r.object as SessionObject) && (await this.deps.account.ownership()).ours((r.object as SessionObject).metadata)) return this.#inGroup(r);
    return this.#applyOne(r);
  }

  /** Paid incidents' completions waiting for the group being applied to end. */
  readonly #waiting: Waiting[] = [];
  #applying = false;
  /** When the last group ended (performance.now()), and how many deliveries were in flight then: its own, whose answers bring back their senders' next ones, and those that arrived meanwhile. */
  #last = { size: 0, end: 0 };
  /** While the next group waits for company: how many it waits for, and what ends the wait. */
  #gathering: { size: number; done: () => void } | null = null;

  /**
   * Group apply (a database's group commit, for webhooks): while one group of paid incidents'
   * completions is applied, those that arrive wait, and are applied together in the next
   * transaction, in a fixed number of statements however many they are (up to MAX_GROUP). Each
   * request is answered with its own event's result once its group has committed, so the answer
   * still means "applied".
   */
  #inGroup(r: Routed): Promise<WebhookResult> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ r, resolve, reject });
      if (this.#gathering && this.#waiting.length >= this.#gathering.size) this.#gathering.done();
      if (!this.#applying) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#applying = true;
    try {
      while (this.#waiting.length > 0) {
        // PostgreSQL's commit_delay, for groups: under load (more deliveries were in flight when
        // the last group ended than wait now), wait a moment, until as many wait or
        // GROUP_DELAY_MS has passed, for the deliveries its answers are about to bring back,
        // instead of starting a small group that leaves the next one small again. A lone
        // delivery, or a steady trickle, never waits.
        if (this.#waiting.length < this.#last.size && performance.now() - this.#last.end < GROUP_RECENT_MS) await this.#gather(this.#last.size);
        const group = this.#waiting.splice(0, MAX_GROUP);
        await this.#applyGroup(group);
        this.#last = { size: Math.min(MAX_GROUP, group.length + this.#waiting.length), end: performance.now() };
      }
    } finally {
      this.#applying = false;
    }
  }

  #gather(size: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#gathering = null;
        resolve();
      };
      const timer = setTimeout(done, GROUP_DELAY_MS);
      this.#gathering = { size, done };
    });
  }

  /** Applies a group, and answers each of its events; never throws (a failure is its event's answer). */
  async #applyGroup(group: Waiting[]): Promise<void> {
    // An event id or a session twice in one group (a redelivery racing the first delivery) is
    // applied alone once the group has committed, so it is answered as a redelivery is.
    const ids = new Set<string>();
    const sessions = new Set<string>();
    const together: Waiting[] = [];
    const alone: Waiting[] = [];
    for (const w of group) {
      const session = (w.r.object as SessionObject).id;
      if (ids.has(w.r.id) || sessions.has(session)) alone.push(w);
      else {
        ids.add(w.r.id);
        sessions.add(session);
        together.push(w);
      }
    }
    let results: Array<WebhookResult | null>;
    try {
      results = await this.#applyTogether(together);
    } catch (err) {
      // Anything that went wrong (an event id recorded before, a deadlock, a lost connection)
      // rolled the whole group back: each of its events is applied alone, the way every event
      // was before groups, and answered for itself.
      if (err !== DUPLICATE) this.deps.logger.warn('stripe webhook: group rolled back, its events applied one by one', { events: together.length, error: String((err as Error)?.message ?? err) });
      results = together.map(() => null);
    }
    together.forEach((w, i) => {
      const res = results[i];
      if (res) w.resolve(res);
      else alone.push(w);
    });
    await Promise.all(alone.map((w) => this.#applyOne(w.r).then(w.resolve, w.reject)));
  }

  /**
   * The group's paid incidents in one transaction: answers each event's result, or null for an
   * event left for #applyOne (not the usual case: see CheckoutService.fulfilMany). Throws, and
   * so rolls everything back, if any of the applied events' ids was recorded before.
   */
  async #applyTogether(group: Waiting[]): Promise<Array<WebhookResult | null>> {
    const { db, clock } = this.deps;
    const mail = { queued: false };
    const results = await db.db.transaction(async (tx) => {
      const at = clock.now();
      const { results: out, duplicate } = await this.deps.checkout.fulfilMany(tx, group.map((w) => ({ session: w.r.object as SessionObject, event: { id: w.r.id, type: w.r.type } })), at, mail);
      // The event ids are recorded last, as #applyOne does: one recorded before (or meanwhile,
      // by a redelivery elsewhere: the insert waits for it) rolls the whole group back.
      if (duplicate) throw DUPLICATE;
      return out;
    });
    if (mail.queued) this.deps.onMailQueued?.();
    return results;
  }

  /** Applies one event in its own transaction (every event but the grouped paid incidents). */
  async #applyOne(r: Routed): Promise<WebhookResult> {
    const { db, clock } = this.deps;
    const mail = { queued: false };
    const ctx = await this.#context(mail);
    // What a handler needs from Stripe is fetched before the transaction opens, and only for an
    // event not applied before: a redelivery costs no call to Stripe. Most events need nothing
    // from Stripe and skip this look-up too.
    const prefetched = r.handler.prefetch ? await r.handler.prefetch(r.object, unlessSeen(ctx, () => store.eventSeen(db.db, r.id))).catch(duplicateEvent) : undefined;
    if (prefetched === DUPLICATE) return { kind: 'duplicate-event' };
    const result = await db.db
      .transaction(async (tx) => {
        const at = clock.now();
        const res = await r.handler.apply(tx, r.object, prefetched, { id: r.id, type: r.type, created: r.created }, ctx, at);
        // The event's id is recorded last, with its result, in the same statement: one round
        // trip. An event applied before (or meanwhile, by a redelivery that commits first: the
        // insert waits for it) finds its id taken, and everything done above is rolled back.
        if (!(await store.markEvent(tx, r.id, r.type, at, describeResult(res).slice(0, 500)))) throw DUPLICATE;
        return res;
      })
      .catch(duplicateEvent);
    if (result === DUPLICATE) return { kind: 'duplicate-event' };
    if (mail.queued) this.deps.onMailQueued?.();
    if (result.kind === 'duplicate-payment') await this.deps.refunds.refundDuplicate(result.orderId);
    return result;
  }
}
