// The fast lane, assembled from its modules: the offer (offer.ts), plan prices in Stripe
// (prices.ts), checkout and fulfilment (checkout.ts), Stripe's webhooks applied once
// (webhooks.ts), refunds and the SLA guarantee (refunds.ts), subscriptions (subscriptions.ts),
// reconciliation of lost webhooks (reconcile.ts) and the read-only ledger (ledger.ts). This
// facade only wires them and gives routes and jobs one object; the rules live in the modules.
import type { Locale } from '@ayuda/core';
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import type { StaffActor } from '../staff/actor.js';
import type { Config } from '../config.js';
import type { Logger } from '../http/logger.js';
import type { PaidCases } from '../cases/service.js';
import type { KbService } from '../kb/service.js';
import type { SlaEngine } from '../cases/sla.js';
import type { StripeGateway } from '../billing/gateway.js';
import type { BillingCustomers, Customer } from '../customers/service.js';
import type { FastlaneConfig } from './config.js';
import { StripeAccount } from './account.js';
import { OfferService } from './offer.js';
import { PlanPrices } from './prices.js';
import { CheckoutService, type CheckoutInput } from './checkout.js';
import { RefundService } from './refunds.js';
import { SubscriptionService } from './subscriptions.js';
import { Reconciler } from './reconcile.js';
import { FastlaneLedger } from './ledger.js';
import { describeResult, StripeWebhooks, type WebhookResult } from './webhooks.js';
import { undoCancel } from './undo-cancel.js';
import { checkoutState } from './checkout-state.js';

export { describeResult, type WebhookResult };

export class FastlaneService {
  readonly account: StripeAccount;
  readonly offers: OfferService;
  readonly prices: PlanPrices;
  readonly checkouts: CheckoutService;
  readonly refunds: RefundService;
  readonly subscriptions: SubscriptionService;
  readonly reconciler: Reconciler;
  readonly webhooks: StripeWebhooks;
  readonly ledger: FastlaneLedger;
  readonly #db: Database;
  readonly #clock: Clock;
  readonly #currency: string;

  constructor(deps: {
    db: Database;
    clock: Clock;
    config: Config;
    fastlane: FastlaneConfig;
    gateway: StripeGateway | null;
    cases: PaidCases;
    customers: BillingCustomers;
    kb: KbService;
    sla: SlaEngine;
    logger: Logger;
    ledger?: FastlaneLedger;
    onMailQueued?: () => void;
  }) {
    const { db, clock, config, fastlane, cases, customers, sla, logger, onMailQueued } = deps;
    this.#db = db;
    this.#clock = clock;
    this.#currency = fastlane.currency;
    const account = (this.account = new StripeAccount({ db, fastlane, gateway: deps.gateway }));
    this.ledger = deps.ledger ?? new FastlaneLedger({ db, plans: () => fastlane.plans });
    this.offers = new OfferService({ fastlane, sla, kb: deps.kb, account });
    this.prices = new PlanPrices({ db, clock, fastlane, account });
    this.checkouts = new CheckoutService({ db, clock, config, fastlane, account, offer: this.offers, prices: this.prices, cases, customers, sla });
    this.refunds = new RefundService({ db, clock, config, fastlane, account, cases, customers, onMailQueued });
    this.subscriptions = new SubscriptionService({ db, clock, config, fastlane, account, cases, customers, sla, onMailQueued });
    const payments = { db, clock, logger, account, checkout: this.checkouts, subscriptions: this.subscriptions, refunds: this.refunds, onMailQueued };
    this.reconciler = new Reconciler(payments);
    this.webhooks = new StripeWebhooks({ ...payments, config, fastlane, cases, customers });
  }

  get enabled(): boolean {
    return this.account.enabled;
  }

  installationId = () => this.account.installationId();
  offer = (customer: Customer, locale: Locale) => this.offers.offer(customer, locale);
  syncPlans = (opts?: { archiveUnused?: boolean }) => this.prices.syncPlans(opts);
  checkout = (customer: Customer, input: CheckoutInput, idempotencyKey: string) => this.checkouts.checkout(customer, input, idempotencyKey);
  applyEvent = (event: unknown) => this.webhooks.apply(event);
  reconcile = (olderThanMs?: number) => this.reconciler.reconcile(olderThanMs);
  requestRefund = (customer: Customer, orderId: number, reason: string) => this.refunds.request(customer, orderId, reason);
  staffRefund = (orderId: number, staff: StaffActor, amount: number | null, reason: string, idempotencyKey: string) => this.refunds.byStaff(orderId, staff, amount, reason, idempotencyKey);
  decideRefund = (refundId: number, staff: StaffActor, approve: boolean, note: string | undefined) => this.refunds.decide(refundId, staff, approve, note);
  pendingRefunds = () => this.refunds.pending();
  applySlaGuarantee = (pageSize?: number) => this.refunds.applySlaGuarantee(pageSize);
  cancelSubscription = (customer: Customer, atPeriodEnd: boolean) => this.subscriptions.cancel(customer, atPeriodEnd);
  billingPortal = (customer: Customer, returnUrl: string | undefined) => this.subscriptions.billingPortal(customer, returnUrl);
  status = (customer: Customer) => this.ledger.status(customer);
  summary = (from: Date, to: Date) => this.ledger.summary(from, to, this.#currency);

  /** Takes back a cancellation at period end (undo-cancel.ts). */
  async undoCancel(customer: Customer) {
    const { stripe } = await this.account.ready();
    return undoCancel({ db: this.#db, clock: this.#clock, stripe, key: (a, id, n) => this.account.key(a, id, n) }, customer);
  }

  /** Whether a payment the customer started is really pending (checkout-state.ts). */
  async checkoutState(customer: Customer, orderId: number) {
    return checkoutState({ db: this.#db, stripe: (await this.account.ready()).stripe }, customer, orderId);
  }
}
