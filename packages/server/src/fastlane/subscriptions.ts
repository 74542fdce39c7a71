// Subscriptions: cancelling (at the period's end, or at once with the unused part refunded when
// the policy says so), the billing portal, and the lane of a subscriber's cases when it ends.
import { formatDate, formatMoney, type Locale } from '@ayuda/core';
import { LIVE_ENTITLEMENT_STATUSES } from '../db/schema.js';
import type { Tx } from '../db/client.js';
import { notFound } from '../http/problem.js';
import { enqueueMail } from '../mail/outbox.js';
import type { PaidCases } from '../cases/service.js';
import type { SlaEngine } from '../cases/sla.js';
import type { BillingCustomers, Customer } from '../customers/service.js';
import type { StripeAccount } from './account.js';
import { safeReturnUrl } from './checkout.js';
import { fastlaneText } from './i18n.js';
import * as store from './store.js';
import { refundRules } from './terms.js';
import type { CheckoutPrefetch } from './webhooks.js';
import type { FastlaneDeps } from './account.js';

export class SubscriptionService {
  constructor(
    private readonly deps: FastlaneDeps & {
      account: StripeAccount;
      cases: PaidCases;
      customers: BillingCustomers;
      sla: SlaEngine;
      onMailQueued?: (() => void) | undefined;
    },
  ) {}

  /** The subscription and its first payment's id, fetched before a transaction opens. */
  async prefetch(id: string): Promise<CheckoutPrefetch> {
    const { stripe } = await this.deps.account.ready();
    const subscription = await stripe.subscriptions.retrieve(id);
    // A subscription's first payment is its first invoice's.
    const inv = (await stripe.invoices.list({ subscription: id, status: 'paid', limit: 1, expand: ['data.payments'] })).data.at(-1);
    const pi = inv?.payments?.data?.[0]?.payment?.payment_intent;
    return { subscription, paymentIntentId: pi ? String(typeof pi === 'string' ? pi : pi.id) : null };
  }

  /** The payment intent that paid an invoice (a renewal's), fetched before a transaction opens. */
  async invoicePayment(invoiceId: string): Promise<string | null> {
    const { stripe } = await this.deps.account.ready();
    const inv = await stripe.invoices.retrieve(invoiceId, { expand: ['payments'] });
    const pi = inv.payments?.data?.find((p) => p.status === 'paid')?.payment?.payment_intent ?? inv.payments?.data?.[0]?.payment?.payment_intent;
    return pi ? String(typeof pi === 'string' ? pi : pi.id) : null;
  }

  /** When a subscription ends, cases that were in the fast lane only through it go back. */
  async endLane(tx: Tx, customerId: number): Promise<void> {
    if (await store.hasActiveEntitlement(tx, customerId)) return;
    for (const c of await this.deps.cases.openCasesOf(tx, customerId, 'fast')) {
      const paidForItself = (await store.ordersOfCase(tx, c.id)).some((o) => o.kind === 'incident' && o.status === 'paid');
      if (!paidForItself) await this.deps.cases.moveToLane(tx, c.id, 'standard', 'system', 'subscription ended');
    }
  }

  async cancel(customer: Customer, atPeriodEnd: boolean): Promise<{ status: string; endsAt: string | null; refunded: number }> {
    const { stripe } = await this.deps.account.ready();
    const account = this.deps.account;
    const found = (await store.entitlementsOfCustomer(this.deps.db.db, customer.id)).find((e) => (LIVE_ENTITLEMENT_STATUSES as readonly string[]).includes(e.status));
    if (!found) throw notFound('No active subscription.');
    const locale = customer.locale as Locale;
    const service = this.deps.fastlane.name[locale];
    const currency = this.deps.fastlane.currency;
    // Each request to cancel is its own attempt: cancel, undo in the billing portal, cancel
    // again within 24 hours must reach Stripe, not replay the first answer.
    const attempt = await this.deps.db.db.transaction(async (tx) => {
      const e = (await store.entitlementBySubscription(tx, found.subscriptionId, true))!;
      await store.upsertEntitlement(tx, { ...e, cancelRequests: e.cancelRequests + 1 });
      return e.cancelRequests + 1;
    });
    const now = this.deps.clock.now();
    // Prorated cancellation as the subscription was bought (or today's rule if more generous).
    const bought = await store.subscriptionOrder(this.deps.db.db, found.subscriptionId);
    const prorated = refundRules(bought ?? { terms: null }, this.deps.fastlane.refunds).proratedCancellation;
    if (atPeriodEnd || !prorated) {
      const sub = await stripe.subscriptions.update(found.subscriptionId, { cancel_at_period_end: true }, { idempotencyKey: account.key('cancel-end', found.subscriptionId, attempt) });
      const end = sub.items.data[0]?.current_period_end ? new Date(sub.items.data[0].current_period_end * 1000) : found.currentPeriodEnd;
      await this.deps.db.db.transaction(async (tx) => {
        const ent = (await store.entitlementBySubscription(tx, found.subscriptionId, true))!;
        await store.upsertEntitlement(tx, { ...ent, cancelAtPeriodEnd: true, currentPeriodEnd: end, updatedAt: now });
        await enqueueMail(tx, now, customer.email, locale, {
          template: 'subscription_canceled',
          vars: { company: this.deps.config.companyName, name: customer.name, service, endsAt: end ? formatDate(locale, this.deps.sla.config.hours.timeZone, end) : null, refund: null },
        });
      });
      this.deps.onMailQueued?.();
      return { status: 'active', endsAt: end?.toISOString() ?? null, refunded: 0 };
    }
    // At once, with the unused part of the period refunded from the period's payment.
    const sub = await stripe.subscriptions.retrieve(found.subscriptionId);
    const item = sub.items.data[0];
    const inv = (await stripe.invoices.list({ subscription: found.subscriptionId, status: 'paid', limit: 1, expand: ['data.payments'] })).data[0];
    const piRef = inv?.payments?.data?.[0]?.payment?.payment_intent;
    const pi = piRef ? String(typeof piRef === 'string' ? piRef : piRef.id) : null;
    let amount = 0;
    if (item && inv && pi) {
      const start = item.current_period_start * 1000;
      const end = item.current_period_end * 1000;
      const unused = Math.max(0, Math.min(1, (end - now.getTime()) / (end - start)));
      amount = Math.floor(inv.amount_paid * unused);
    }
    await stripe.subscriptions.cancel(found.subscriptionId, {}, { idempotencyKey: account.key('cancel-now', found.subscriptionId, attempt) });
    const reason = fastlaneText(locale).reasons.proratedCancellation;
    const queued = { mail: false };
    const refunded = await this.deps.db.db.transaction(async (tx) => {
      const at = this.deps.clock.now();
      const ent = (await store.entitlementBySubscription(tx, found.subscriptionId, true))!;
      await store.upsertEntitlement(tx, { ...ent, status: 'canceled', cancelAtPeriodEnd: false, updatedAt: at });
      await this.endLane(tx, customer.id);
      // The refund is recorded like any other: a row, the order's refunded total, staff figures.
      // The refund comes out of the period's payment: its renewal's order once one was paid, else the checkout's.
      const order = (pi ? await store.orderByPaymentIntent(tx, pi) : undefined) ?? (await store.subscriptionOrder(tx, found.subscriptionId, true));
      let made = 0;
      if (amount > 0 && pi) {
        const row = order ? await store.insertRefund(tx, { orderId: order.id, amount, reason, reasonCode: 'customer_request', requestedBy: 'customer', status: 'processing', createdAt: at }) : null;
        const refund = await stripe.refunds.create(
          { payment_intent: pi, amount, metadata: account.metadata({ reason: 'prorated cancellation', subscription: found.subscriptionId, ...(order && row ? { order_id: String(order.id), refund_id: String(row.id) } : {}) }) },
          { idempotencyKey: account.key(row ? 'refund' : 'cancel-refund', row ? row.id : found.subscriptionId, row ? 1 : attempt) },
        );
        made = refund.amount;
        if (order && row) {
          const total = Math.min(order.amount, order.amountRefunded + made);
          await store.updateRefund(tx, row.id, { stripeRefundId: refund.id, status: 'succeeded', decidedAt: at, amount: made });
          await store.updateOrder(tx, order.id, { amountRefunded: total, status: total >= order.amount ? 'refunded' : 'partially_refunded', paymentIntentId: order.paymentIntentId ?? pi, updatedAt: at });
        }
      }
      await enqueueMail(tx, at, customer.email, locale, {
        template: 'subscription_canceled',
        vars: { company: this.deps.config.companyName, name: customer.name, service, endsAt: null, refund: made > 0 ? formatMoney(locale, made, currency) : null },
      });
      queued.mail = true;
      return made;
    });
    if (queued.mail) this.deps.onMailQueued?.();
    return { status: 'canceled', endsAt: now.toISOString(), refunded };
  }

  async billingPortal(customer: Customer, returnUrl: string | undefined): Promise<{ url: string }> {
    const { stripe } = this.deps.account.gateway();
    const row = await this.deps.customers.byId(null, customer.id);
    const stripeCustomer = row?.stripeCustomerId ?? (await store.ordersOfCustomer(this.deps.db.db, customer.id)).find((o) => o.stripeCustomerId)?.stripeCustomerId;
    if (!stripeCustomer) throw notFound('No payments yet.');
    const s = await stripe.billingPortal.sessions.create({ customer: stripeCustomer, return_url: safeReturnUrl(this.deps.config, returnUrl) ?? `${this.deps.config.publicUrl}/help/${customer.locale}/` });
    return { url: s.url };
  }
}
