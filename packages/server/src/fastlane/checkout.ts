// Paying for the fast lane: a Checkout Session per purchase (the amount always the server's plan,
// named in the customer's language), and its fulfilment once Stripe says it is paid, from a
// webhook or from reconciliation: the case moves to the fast lane, or the subscription starts.
import { PROBLEM_TYPES, formatMoney, type Locale } from '@ayuda/core';
import type { Tx } from '../db/client.js';
import type { Config } from '../config.js';
import { AppError, notFound, validationError } from '../http/problem.js';
import { outboxRow } from '../mail/outbox.js';
import { lockSubject } from '../db/locks.js';
import type { PaidCases, CaseRow } from '../cases/service.js';
import type { BillingCustomers, Customer } from '../customers/service.js';
import type { SlaEngine } from '../cases/sla.js';
import { taxIncluded } from './config.js';
import { termsAt } from './terms.js';
import { isResourceMissing, type StripeAccount } from './account.js';
import type { OfferService } from './offer.js';
import type { PlanPrices } from './prices.js';
import { fastlaneText } from './i18n.js';
import * as store from './store.js';
import { describeResult, refId, type CheckoutPrefetch, type SessionObject, type WebhookResult } from './webhooks.js';
import { assertFirstAnswerPending, coveredBySubscription } from './lane-policy.js';
import type { FastlaneDeps } from './account.js';

/** Mail queued in a transaction, to kick the outbox after the commit. */
export interface MailFlag {
  queued: boolean;
}

export interface CheckoutInput {
  plan: string;
  trackingToken?: string | undefined;
  locale: Locale;
  returnUrl?: string | undefined;
}

/** Only addresses on the company's own origins may be returned to after paying. */
export function safeReturnUrl(config: Config, url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    const allowed = new Set([new URL(config.publicUrl).origin, ...config.corsOrigins]);
    return allowed.has(u.origin) ? u.toString() : null;
  } catch {
    return null;
  }
}

export class CheckoutService {
  constructor(
    private readonly deps: FastlaneDeps & {
      account: StripeAccount;
      offer: OfferService;
      prices: PlanPrices;
      cases: PaidCases;
      customers: BillingCustomers;
      sla: SlaEngine;
    },
  ) {}

  /**
   * Starts a payment. The amount is the plan's; the browser only names the plan. The same
   * Idempotency-Key (a double click, a retry) returns the same Checkout Session.
   */
  async checkout(customer: Customer, input: CheckoutInput, idempotencyKey: string): Promise<{ url: string; sessionId: string; clientSecret: string | null; orderId: number }> {
    const { stripe, publishableKey } = await this.deps.account.ready();
    const account = this.deps.account;
    const plan = this.deps.offer.plan(input.plan);
    let caseRow: CaseRow | null = null;
    if (plan.kind === 'incident') {
      if (!input.trackingToken) throw validationError([{ field: 'body.trackingToken', message: 'the request to move to the fast lane' }], 422);
      caseRow = await this.deps.cases.caseOfToken(input.trackingToken);
      if (!caseRow || caseRow.customerId !== customer.id) throw notFound('No such request for this customer.');
      if (caseRow.lane === 'fast') throw new AppError(409, PROBLEM_TYPES.conflict, 'Already in the fast lane', 'This request already has priority support.');
      assertFirstAnswerPending(caseRow);
      if (caseRow.status === 'closed' || caseRow.status === 'solved') throw new AppError(409, PROBLEM_TYPES.conflict, 'Request finished', 'This request is solved or closed.');
    } else if (await store.hasActiveEntitlement(this.deps.db.db, customer.id)) {
      throw new AppError(409, PROBLEM_TYPES.conflict, 'Already subscribed', 'You already have an active subscription.');
    }
    const priceId = await this.deps.prices.priceId(plan, input.locale);
    const base = this.deps.config.publicUrl;
    const back = safeReturnUrl(this.deps.config, input.returnUrl) ?? (caseRow ? this.deps.cases.trackingUrl(caseRow.locale, input.trackingToken!) : `${base}/help/${input.locale}/`);
    const success = `${base}/help/${input.locale}/fastlane/return?session_id={CHECKOUT_SESSION_ID}&back=${encodeURIComponent(back)}`;
    const embedded = !!publishableKey;
    // A retry with the same Idempotency-Key is answered by the open order below (as is any other
    // request for the same plan and request), not by a stored answer; Stripe's key is the order's.
    void idempotencyKey;
    // What Stripe's receipt and the customer's bank statement say the payment was for.
    const description = fastlaneText(input.locale).productName(this.deps.fastlane.name[input.locale], caseRow ? caseRow.reference : plan.name[input.locale]);
    // One open checkout per customer, plan and request, in every process: the lock makes
    // concurrent requests (ten tabs, new keys) wait for the first, then reopen its session, so
    // the customer cannot pay twice for one thing. Stripe is called inside the transaction so
    // that the order and its session are recorded together.
    return this.deps.db.db.transaction(async (tx) => {
      await lockSubject(tx, 'fastlane:checkout', `${customer.id}:${plan.key}:${caseRow?.id ?? '-'}`);
      const since = new Date(this.deps.clock.now().getTime() - 23 * 3_600_000);
      const open = await store.openOrderFor(tx, customer.id, plan.key, caseRow?.id ?? null, since);
      if (open?.checkoutSessionId) {
        const s = await stripe.checkout.sessions.retrieve(open.checkoutSessionId).catch((err: unknown) => {
          if (isResourceMissing(err)) return null;
          throw err;
        });
        if (s?.status === 'open') return { url: s.url ?? `${base}/help/${input.locale}/`, sessionId: s.id, clientSecret: s.client_secret ?? null, orderId: open.id };
        // A session Stripe does not know can never be paid: its order is given up, a new one starts.
        if (!s) await store.updateOrder(tx, open.id, { status: 'abandoned', updatedAt: this.deps.clock.now() });
      }
      const stripeCustomer = await this.#stripeCustomer(tx, customer.id);
      const now = this.deps.clock.now();
      const order = await store.insertOrder(tx, {
        customerId: customer.id,
        planKey: plan.key,
        kind: plan.kind,
        caseId: caseRow?.id ?? null,
        amount: plan.amount,
        currency: this.deps.fastlane.currency,
        status: 'open',
        checkoutSessionId: null,
        stripeCustomerId: stripeCustomer,
        // The refund rules, tax and name this purchase is made under (a later settings change keeps them).
        terms: termsAt(this.deps.fastlane, plan),
        createdAt: now,
        updatedAt: now,
      });
      const metadata = account.metadata({ order_id: String(order.id), customer_id: String(customer.id), plan: plan.key, kind: plan.kind, ...(caseRow ? { case_id: String(caseRow.id) } : {}) });
      const session = await stripe.checkout.sessions.create(
        {
          mode: plan.kind === 'incident' ? 'payment' : 'subscription',
          line_items: [{ price: priceId, quantity: 1 }],
          customer: stripeCustomer,
          client_reference_id: String(customer.id),
          locale: input.locale,
          metadata,
          ...(plan.kind === 'incident' ? { payment_intent_data: { metadata, description } } : { subscription_data: { metadata, description } }),
          ...(embedded ? { ui_mode: 'embedded_page' as never, return_url: success } : { success_url: success, cancel_url: back }),
        },
        { idempotencyKey: account.key('checkout', order.id) },
      );
      await store.updateOrder(tx, order.id, { checkoutSessionId: session.id });
      return { url: session.url ?? `${base}/help/${input.locale}/`, sessionId: session.id, clientSecret: session.client_secret ?? null, orderId: order.id };
    });
  }

  /** The customer's one Stripe Customer, created at their first checkout (under the customer's row lock). */
  async #stripeCustomer(tx: Tx, customerId: number): Promise<string> {
    const c = await this.deps.customers.lockForBilling(tx, customerId);
    if (!c) throw notFound('No such customer.');
    if (c.stripeCustomerId) return c.stripeCustomerId;
    const created = await this.deps.account.gateway().stripe.customers.create(
      { email: c.email, name: c.name, preferred_locales: [c.locale], metadata: this.deps.account.metadata({ customer_id: String(c.id) }) },
      { idempotencyKey: this.deps.account.key('customer', c.id) },
    );
    await this.deps.customers.setStripeCustomerId(tx, c.id, created.id);
    return created.id;
  }

  /** A session that will not be paid: its open order ends as `status`. */
  async close(tx: Tx, sessionId: string, status: 'expired' | 'abandoned', now: Date): Promise<WebhookResult> {
    const order = await store.orderBySession(tx, sessionId, true);
    if (order?.status !== 'open') return { kind: 'ignored', reason: 'no open order' };
    await store.updateOrder(tx, order.id, { status, updatedAt: now });
    return { kind: 'applied', what: `order ${status}`, orderId: order.id };
  }

  /**
   * fulfil() for many paid sessions of per-incident orders at once, in two statements whatever
   * their number: the orders and their cases locked, in one (the cases' part is the cases
   * module's, lockCasesWithOriginCte); then, in one statement,
   * the cases moved to the fast lane with their history and notifications (the cases module's
   * part) and the orders marked paid with all their receipts and their events' ids. Only the usual case is applied here: an order
   * that is unknown, already paid, (partly) refunded before its payment, already covered, not an
   * incident, or whose case another session in the same call pays for, is answered null and
   * left untouched, for fulfil() to apply on its own. `duplicate` is true when an event id was
   * recorded before (or meanwhile): the caller must then roll back.
   */
  async fulfilMany(tx: Tx, items: Array<{ session: SessionObject; event: { id: string; type: string } }>, now: Date, mail: MailFlag): Promise<{ results: Array<WebhookResult | null>; duplicate: boolean }> {
    const group = await store.lockGroup(tx, items.map((i) => i.session.id));
    const found = new Map(group.orders.map((f) => [f.order.checkoutSessionId!, f]));
    const locked = new Set(group.cases.map((c) => c.row.id));
    const caseIds = new Set<number>();
    const take = items.map(({ session: s, event }) => {
      const f = found.get(s.id);
      if (!f || !f.customer || f.covered || f.order.paidAt || f.order.amountRefunded > 0 || f.order.kind !== 'incident' || !f.order.caseId || caseIds.has(f.order.caseId)) return null;
      if (s.payment_status !== 'paid' || s.mode !== 'payment') return null;
      // lockGroup reads the cases of the same orders as above; one it did not (a case gone) is left to fulfil().
      if (!locked.has(f.order.caseId)) return null;
      caseIds.add(f.order.caseId);
      return { s, event, order: f.order, customer: f.customer };
    });
    if (caseIds.size === 0) return { results: take.map(() => null), duplicate: false };
    const { moved, write: lanes, written } = await this.deps.cases.lanesOfLocked(tx, group.cases.filter((c) => caseIds.has(c.row.id)), 'fast', 'system', 'paid');
    const orders = [];
    const receipts = [];
    const events = [];
    const results: Array<WebhookResult | null> = [];
    for (const t of take) {
      if (!t) {
        results.push(null);
        continue;
      }
      const set = { status: 'paid', paymentIntentId: refId(t.s.payment_intent) ?? t.order.paymentIntentId, subscriptionId: refId(t.s.subscription), stripeCustomerId: refId(t.s.customer) ?? t.order.stripeCustomerId };
      const paid = { ...t.order, ...set, paidAt: now };
      const c = moved.get(t.order.caseId!);
      const receipt = this.#receipt(paid, t.customer, c?.row ?? null, c?.link ?? null, now);
      const result: WebhookResult = { kind: 'applied', what: `order ${paid.id} paid`, orderId: paid.id };
      orders.push({ id: t.order.id, ...set });
      if (receipt) receipts.push(receipt);
      events.push({ ...t.event, note: describeResult(result).slice(0, 500) });
      results.push(result);
    }
    const fresh = await store.markManyPaid(tx, orders, now, receipts, events, lanes);
    await written(tx);
    if (receipts.length) mail.queued = true;
    return { results, duplicate: fresh !== events.length };
  }

  /** The receipt of a paid order: what was bought, on the terms of the purchase (older orders: today's). */
  #receipt(paid: Pick<store.OrderRow, 'planKey' | 'terms' | 'amount' | 'currency' | 'kind'>, customer: Pick<Customer, 'email' | 'name' | 'locale'>, caseRow: CaseRow | null, link: string | null, now: Date) {
    const locale = customer.locale as Locale;
    const plan = this.deps.fastlane.plans.find((p) => p.key === paid.planKey);
    const tax = paid.terms ? paid.terms.tax : this.deps.fastlane.tax;
    const incidentCase = paid.kind === 'incident' ? caseRow : null;
    return outboxRow(now, customer.email, locale, {
      template: 'fastlane_receipt',
      vars: {
        company: this.deps.config.companyName,
        name: customer.name,
        service: this.deps.fastlane.name[locale],
        plan: paid.terms?.planName[locale] ?? plan?.name[locale] ?? paid.planKey,
        amount: formatMoney(locale, paid.amount, paid.currency),
        tax: tax ? { label: tax.label[locale], rate: tax.rate, amount: formatMoney(locale, taxIncluded(paid.amount, tax.rate), paid.currency) } : null,
        reference: incidentCase?.reference ?? null,
        trackingUrl: incidentCase ? link : null,
        firstResponseDue: caseRow?.firstResponseDue && !caseRow.firstRespondedAt ? caseRow.firstResponseDue.toISOString() : null,
        timeZone: this.deps.sla.config.hours.timeZone,
      },
    }, incidentCase ? this.deps.cases.mailOptionsOf(incidentCase) : {});
  }

  /** Applies a paid Checkout Session once: the order is paid, the case or customer gets the fast lane, a receipt is mailed. */
  async fulfil(tx: Tx, s: SessionObject, prefetched: CheckoutPrefetch | null, now: Date, mail: MailFlag): Promise<WebhookResult> {
    // The order (locked), its customer and whether it is already covered, in one round trip.
    const found = await store.orderToFulfil(tx, s.id);
    if (!found) return { kind: 'ignored', reason: 'unknown session' };
    const { order, customer } = found;
    // paidAt, not status: a refund may have been seen before the payment's completion.
    if (order.paidAt) return { kind: 'ignored', reason: 'already applied' };
    if (s.payment_status !== 'paid') return { kind: 'ignored', reason: 'not paid yet' };
    const subscription = prefetched?.subscription ?? null;
    // Paid for something already covered (two sessions paid in two tabs): keep the money's
    // trail, but the customer is refunded right after this transaction. A subscription's live
    // entitlement is read again: the lock above may have waited for another of the customer's
    // subscriptions being fulfilled, which the lock's own statement could not see (ordersToFulfil).
    const alreadyCovered = found.covered || (order.kind === 'subscription' && (await coveredBySubscription(tx, order.customerId)));
    const refundedBefore = order.amountRefunded >= order.amount;
    const set = {
      status: refundedBefore ? 'refunded' : order.amountRefunded > 0 ? 'partially_refunded' : 'paid',
      paidAt: now,
      updatedAt: now,
      paymentIntentId: refId(s.payment_intent) ?? prefetched?.paymentIntentId ?? order.paymentIntentId,
      subscriptionId: refId(s.subscription),
      stripeCustomerId: refId(s.customer) ?? order.stripeCustomerId,
    };
    // The order as the update below leaves it. Paying for a case or subscription marks it paid
    // in the statement that queues the receipt, at the end; otherwise it is marked here.
    const paid: store.OrderToFulfil = { ...order, ...set };
    if (refundedBefore && paid.kind === 'incident') {
      await store.updateOrder(tx, order.id, set);
      return { kind: 'applied', what: `order ${paid.id} paid, already refunded`, orderId: paid.id };
    }
    if (alreadyCovered) {
      await store.updateOrder(tx, order.id, set);
      return { kind: 'duplicate-payment', orderId: paid.id };
    }
    if (!customer) throw notFound('No such customer.');
    let caseRow: CaseRow | null = null;
    if (paid.kind === 'incident' && paid.caseId) {
      caseRow = await this.deps.cases.moveToLane(tx, paid.caseId, 'fast', 'system', 'paid');
    } else if (paid.kind === 'subscription' && paid.subscriptionId) {
      const periodEnd = subscription?.items?.data?.[0]?.current_period_end;
      const existing = await store.entitlementBySubscription(tx, paid.subscriptionId, true);
      const status = subscription?.status ?? 'active';
      await store.upsertEntitlement(tx, {
        customerId: order.customerId,
        subscriptionId: paid.subscriptionId,
        planKey: paid.planKey,
        status,
        currentPeriodEnd: periodEnd ? new Date(periodEnd * 1000) : null,
        cancelAtPeriodEnd: !!subscription?.cancel_at_period_end,
        lastEventAt: existing?.lastEventAt ?? 0,
        cancelRequests: existing?.cancelRequests ?? 0,
        createdAt: now,
        updatedAt: now,
      });
      // Every open case of a new subscriber moves to the fast lane.
      if (status === 'active' || status === 'trialing') {
        for (const c of await this.deps.cases.openCasesOf(tx, order.customerId, 'standard')) caseRow = await this.deps.cases.moveToLane(tx, c.id, 'fast', 'system', 'subscribed');
      }
    }
    const incidentCase = paid.kind === 'incident' ? caseRow : null;
    const receipt = this.#receipt(paid, customer, caseRow, incidentCase ? await this.deps.cases.linkOf(tx, incidentCase) : null, now);
    await store.markPaid(tx, order.id, set, receipt);
    if (receipt) mail.queued = true;
    return { kind: 'applied', what: `order ${paid.id} paid`, orderId: paid.id };
  }
}
