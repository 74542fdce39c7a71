// Refunds: a customer's request under the company's policy (at once before the first reply or
// when the SLA was missed, otherwise to staff), staff refunds and decisions, the automatic SLA
// guarantee, and giving back a duplicate payment. Each refund row exists before Stripe is
// called, so its id keys the Stripe request and asking twice makes one refund.
import { PROBLEM_TYPES, formatMoney, type Locale, type RefundReasonCode, type StaffRefund } from '@ayuda/core';
import { AppError, notFound, validationError } from '../http/problem.js';
import { enqueueMail } from '../mail/outbox.js';
import type { PaidCases } from '../cases/service.js';
import type { BillingCustomers, Customer } from '../customers/service.js';
import type { StripeAccount } from './account.js';
import { fastlaneText } from './i18n.js';
import * as store from './store.js';
import { refundRules } from './terms.js';
import { coveredBySubscription } from './lane-policy.js';
import type { FastlaneDeps } from './account.js';
import { actorKey, type StaffActor } from '../staff/actor.js';
import type { Tx } from '../db/client.js';
import { hashRequest, once, type StoredAnswer } from '../http/idempotency.js';

interface RefundOptions {
  amount: number | null;
  /** The reason as the customer reads it in mail; for system refunds, in the customer's language. */
  reason: string | ((locale: Locale) => string);
  /** Why, for the figures (a pending request keeps the code it was asked with). */
  reasonCode: RefundReasonCode;
  requestedBy: string;
  automatic: boolean;
  pendingId?: number;
  keepLane?: boolean;
}

export class RefundService {
  constructor(
    private readonly deps: FastlaneDeps & {
      account: StripeAccount;
      cases: PaidCases;
      customers: BillingCustomers;
      onMailQueued?: (() => void) | undefined;
    },
  ) {}

  /**
   * A customer asks for an incident's refund. Granted at once when the policy allows it
   * (no agent reply yet, or the fast-lane SLA missed); otherwise it waits for staff.
   * Asking twice, even at the same moment, makes one refund.
   */
  async request(customer: Customer, orderId: number, reason: string): Promise<store.RefundRow> {
    const order = await store.orderById(this.deps.db.db, orderId);
    if (!order || order.customerId !== customer.id) throw notFound('No such payment.');
    if (order.kind !== 'incident') throw new AppError(409, PROBLEM_TYPES.conflict, 'Not refundable here', 'Subscriptions are cancelled, not refunded: use cancel.');
    const caseRow = order.caseId ? await this.deps.cases.byId(order.caseId) : null;
    const due = caseRow ? this.deps.cases.dueOf(caseRow) : null;
    const p = refundRules(order, this.deps.fastlane.refunds);
    const automatic = (p.beforeFirstReply && caseRow && !caseRow.firstRespondedAt) || (p.slaGuarantee && due?.firstResponseBreached);
    return this.refund(order.id, { amount: null, reason, reasonCode: 'customer_request', requestedBy: 'customer', automatic: !!automatic });
  }

  /**
   * Staff: a full or partial refund of any paid order, once per Idempotency-Key. A retry with
   * the key (a timeout, a double click) gets the first refund back instead of refunding again;
   * the key's answer is stored in the refund's own transaction, so both exist or neither does.
   * The same key for another order, amount or reason is 422.
   */
  async byStaff(orderId: number, staff: StaffActor, amount: number | null, reason: string, idempotencyKey: string): Promise<StoredAnswer<StaffRefund>> {
    // Before once() opens its transaction: ready() may read the database outside it, and
    // PGlite's one connection would wait for that transaction forever.
    await this.deps.account.ready();
    const requestedBy = actorKey(staff);
    const hash = hashRequest(JSON.stringify([orderId, amount, reason]));
    const queued = { mail: false };
    const answer = await once(this.deps.db, `staff-refund:${requestedBy}`, idempotencyKey, hash, this.deps.clock.now(), async (tx) => {
      queued.mail = false; // only the try that commits counts
      const row = await this.#refundIn(tx, orderId, { amount, reason, reasonCode: 'goodwill', requestedBy, automatic: true }, queued);
      return { status: 201, body: refundView(row) };
    });
    // After the commit, and only when this request made the refund (a replay queued nothing).
    if (queued.mail && !answer.replayed) this.deps.onMailQueued?.();
    return answer;
  }

  async decide(refundId: number, staff: StaffActor, approve: boolean, note: string | undefined) {
    const refund = await store.refundById(this.deps.db.db, refundId);
    if (!refund) throw notFound('No such refund request.');
    if (refund.status !== 'pending_approval') throw new AppError(409, PROBLEM_TYPES.conflict, 'Already decided', `This request is ${refund.status}.`);
    if (!approve) {
      return this.deps.db.db.transaction(async (tx) => {
        const r = await store.refundById(tx, refundId, true);
        if (r!.status !== 'pending_approval') return r!;
        return store.updateRefund(tx, refundId, { status: 'rejected', note: note ?? null, decidedAt: this.deps.clock.now() });
      });
    }
    return this.refund(refund.orderId, { amount: null, reason: refund.reason, reasonCode: refund.reasonCode as RefundReasonCode, requestedBy: actorKey(staff), automatic: true, pendingId: refundId });
  }

  pending() {
    return store.refundsByStatus(this.deps.db.db, 'pending_approval');
  }

  /**
   * The SLA guarantee: refunds paid incidents whose fast-lane first response came late (or has
   * not come in time). Every candidate is looked at, page after page: a late case the guarantee
   * does not cover (bought without it, or late only by the stored due time) stays a candidate,
   * and one page of those must not hide the ones behind it.
   */
  async applySlaGuarantee(pageSize = store.GUARANTEE_PAGE): Promise<number> {
    if (!this.deps.account.enabled) return 0;
    let n = 0;
    const now = this.deps.clock.now();
    for (let after = 0; ; ) {
      const page = await store.guaranteeCandidates(this.deps.db.db, now, { after, limit: pageSize });
      for (const { order, case: c } of page) {
        // The guarantee an order was bought with holds even if it was switched off since.
        if (!refundRules(order, this.deps.fastlane.refunds).slaGuarantee) continue;
        if (!this.deps.cases.dueOf(c).firstResponseBreached) continue;
        await this.refund(order.id, { amount: null, reason: (l) => fastlaneText(l).reasons.slaGuarantee, reasonCode: 'sla_guarantee', requestedBy: 'system', automatic: true });
        n++;
      }
      if (page.length < pageSize) return n;
      after = page.at(-1)!.order.id;
    }
  }

  /** Gives back a payment for something the customer already had; a duplicate subscription is also cancelled. */
  async refundDuplicate(orderId: number): Promise<void> {
    const order = await store.orderById(this.deps.db.db, orderId);
    if (!order) return;
    if (order.kind === 'subscription' && order.subscriptionId) {
      const { stripe } = await this.deps.account.ready();
      await stripe.subscriptions.cancel(order.subscriptionId, {}, { idempotencyKey: this.deps.account.key('cancel-duplicate', order.id) });
    }
    await this.refund(order.id, { amount: null, reason: (l) => fastlaneText(l).reasons.duplicatePayment, reasonCode: 'duplicate_payment', requestedBy: 'system', automatic: true, keepLane: true });
  }

  async refund(orderId: number, o: RefundOptions): Promise<store.RefundRow> {
    // The installation id is read before the transaction opens (PGlite has one connection).
    await this.deps.account.ready();
    const queued = { mail: false };
    const row = await this.deps.db.db.transaction((tx) => this.#refundIn(tx, orderId, o, queued));
    if (queued.mail) this.deps.onMailQueued?.();
    return row;
  }

  /**
   * The refund, in the caller's transaction (which must not be committed before Stripe answers).
   * Sets `queued.mail` when it queued a mail: the caller wakes the mailer after its commit.
   * Needs `account.ready()` awaited before the transaction opened; opens no transaction and
   * reads nothing outside `tx`, so it can run inside another use case's transaction.
   */
  async #refundIn(tx: Tx, orderId: number, o: RefundOptions, queued: { mail: boolean }): Promise<store.RefundRow> {
    const account = this.deps.account;
    const { stripe } = account.gateway();
    const now = this.deps.clock.now();
    // The order row is the lock: a second request waits here and then sees the first.
    const order = await store.orderById(tx, orderId, true);
    if (!order) throw notFound('No such payment.');
    const previous = await store.refundsOfOrder(tx, order.id);
    // A customer asking again (or twice at once) gets the answer to their own first request,
    // never a refund staff made: a staff gesture does not answer the customer's request.
    if (o.requestedBy === 'customer') {
      const earlier = previous.find((r) => r.requestedBy === 'customer' && (r.status === 'pending_approval' || r.status === 'succeeded'));
      if (earlier) return earlier;
    }
    if (!['paid', 'partially_refunded'].includes(order.status) || !order.paymentIntentId) {
      throw new AppError(409, PROBLEM_TYPES.conflict, 'Nothing to refund', `This payment is ${order.status}.`);
    }
    const remaining = order.amount - order.amountRefunded;
    const amount = o.amount ?? remaining;
    if (o.amount !== null && (o.amount <= 0 || o.amount > remaining)) {
      throw validationError([{ field: 'body.amount', message: `between 1 and ${remaining} (minor units)` }], 422);
    }
    const customer = await this.deps.customers.byId(tx, order.customerId);
    if (!customer) throw notFound('No such customer.');
    const locale = customer.locale as Locale;
    const reason = typeof o.reason === 'function' ? o.reason(locale) : o.reason;
    const service = this.deps.fastlane.name[locale];
    const caseRow = order.caseId ? await this.deps.cases.lock(tx, order.caseId) : null;
    if (!o.automatic) {
      const r = await store.insertRefund(tx, { orderId: order.id, amount, reason, reasonCode: o.reasonCode, requestedBy: o.requestedBy, status: 'pending_approval', createdAt: now });
      await enqueueMail(tx, now, customer.email, locale, { template: 'refund_pending', vars: { company: this.deps.config.companyName, name: customer.name, service, reference: caseRow?.reference ?? null } }, caseRow ? this.deps.cases.mailOptionsOf(caseRow) : {});
      queued.mail = true;
      return r;
    }
    // The refund row exists before Stripe is called: its id is the action's, so the key is
    // this installation's and this refund's alone (serial ids are never reused, even after a rollback).
    const pending = o.pendingId ?? (await store.insertRefund(tx, { orderId: order.id, amount, reason, reasonCode: o.reasonCode, requestedBy: o.requestedBy, status: 'processing', createdAt: now })).id;
    const refund = await stripe.refunds.create(
      { payment_intent: order.paymentIntentId, amount, metadata: account.metadata({ order_id: String(order.id), refund_id: String(pending), requested_by: o.requestedBy }) },
      { idempotencyKey: account.key('refund', pending) },
    );
    const refunded = order.amountRefunded + amount;
    await store.updateOrder(tx, order.id, { amountRefunded: refunded, status: refunded >= order.amount ? 'refunded' : 'partially_refunded', updatedAt: now });
    const r = await store.updateRefund(tx, pending, { stripeRefundId: refund.id, status: 'succeeded', decidedAt: now, amount });
    if (order.kind === 'incident' && refunded >= order.amount && caseRow && !o.keepLane && !(await coveredBySubscription(tx, order.customerId))) await this.deps.cases.moveToLane(tx, caseRow.id, 'standard', o.requestedBy, 'refunded');
    if (caseRow) await this.deps.cases.noteEvent(tx, caseRow.id, 'refunded', o.requestedBy, { amount, reason }, now);
    await enqueueMail(tx, now, customer.email, locale, {
      template: 'refund_made',
      vars: { company: this.deps.config.companyName, name: customer.name, service, amount: formatMoney(locale, amount, order.currency), reason, reference: caseRow?.reference ?? null },
    }, caseRow ? this.deps.cases.mailOptionsOf(caseRow) : {});
    queued.mail = true;
    return r;
  }
}

/** A refund row as the staff API answers it (and as an idempotency key stores it: JSON, dates as ISO 8601). */
export function refundView(r: store.RefundRow): StaffRefund {
  return {
    id: r.id,
    orderId: r.orderId,
    amount: r.amount,
    reason: r.reason,
    requestedBy: r.requestedBy,
    status: r.status,
    stripeRefundId: r.stripeRefundId,
    note: r.note,
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
  };
}
