// The fast lane: the offer, checkout through Stripe (amounts always from the server's plans),
// Stripe's webhooks applied once each, entitlements, reconciliation of lost webhooks,
// self-service refunds and cancellations under the company's policy, and staff figures.
import { PROBLEM_TYPES, type FastlaneOffer, type Locale } from '@ayuda/core';
import type { Database, Tx } from '../db/client.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../http/logger.js';
import { AppError, notFound, validationError } from '../http/problem.js';
import { enqueueMail } from '../mail/outbox.js';
import type { CaseService } from '../cases/service.js';
import * as caseStore from '../cases/store.js';
import type { KbService } from '../kb/service.js';
import type { SlaEngine } from '../cases/sla.js';
import type { Stripe, StripeGateway } from '../billing/gateway.js';
import { lookupKey, type FastlaneConfig, type Plan } from './config.js';
import type { BillingCustomers, Customer } from '../customers/service.js';
import { lockSubject } from '../db/locks.js';
import * as store from './store.js';
import { assertFirstAnswerPending, coveredBySubscription } from './lane-policy.js';
import { undoCancel } from './undo-cancel.js';
import { checkoutState } from './checkout-state.js';
import { describeResult, refId, route, type CheckoutPrefetch, type SessionObject, type WebhookContext, type WebhookResult } from './webhooks.js';

export { describeResult, type WebhookResult };

export function formatMoney(locale: Locale, amount: number, currency: string): string {
  return new Intl.NumberFormat(locale === 'es' ? 'es-ES' : 'en-GB', { style: 'currency', currency: currency.toUpperCase() }).format(amount / 100);
}

/** "1 business hour" / "8 horas laborables" from minutes. */
function duration(locale: Locale, minutes: number, calendar: boolean): string {
  const es = locale === 'es';
  if (minutes % 60 === 0) {
    const h = minutes / 60;
    if (calendar) return es ? `${h} ${h === 1 ? 'hora' : 'horas'}` : `${h} ${h === 1 ? 'hour' : 'hours'}`;
    return es ? `${h} ${h === 1 ? 'hora laborable' : 'horas laborables'}` : `${h} business ${h === 1 ? 'hour' : 'hours'}`;
  }
  return es ? `${minutes} minutos${calendar ? '' : ' laborables'}` : `${minutes}${calendar ? '' : ' business'} minutes`;
}


/** A Checkout Session from the API, read as the webhook table reads one. */
const SessionObjectOf = (s: Stripe.Checkout.Session): SessionObject => ({
  id: s.id,
  metadata: s.metadata,
  mode: s.mode,
  status: s.status,
  payment_status: s.payment_status,
  payment_intent: refId(s.payment_intent as never),
  subscription: refId(s.subscription as never),
  customer: refId(s.customer as never),
});

export class FastlaneService {
  constructor(
    private readonly deps: {
      db: Database;
      clock: Clock;
      config: Config;
      fastlane: FastlaneConfig;
      gateway: StripeGateway | null;
      cases: CaseService;
      customers: BillingCustomers;
      kb: KbService;
      sla: SlaEngine;
      logger: Logger;
      onMailQueued?: () => void;
    },
  ) {}

  #installation: Promise<string> | null = null;

  /** This database's random id (see the `installation` table). */
  installationId(): Promise<string> {
    this.#installation ??= store.installationId(this.deps.db.db).catch((err) => {
      this.#installation = null;
      throw err;
    });
    return this.#installation;
  }

  /**
   * Stripe idempotency key of one attempt of one logical action: unique per installation (two
   * databases on one Stripe account never share one) and per attempt (cancel, undo, cancel
   * again within Stripe's 24 hours is a new request, not a replay of the first).
   */
  #key(action: string, actionId: string | number, attempt = 1): string {
    return `ayuda-${this.#inst()}-${action}-${actionId}-${attempt}`;
  }

  /** Metadata on everything Ayuda creates in Stripe. */
  #metadata(extra: Record<string, string> = {}): Record<string, string> {
    return { ayuda: '1', installation: this.#inst(), ...extra };
  }

  #installationKnown: string | null = null;
  /** The installation id, loaded by #gateway() callers before any transaction opens (PGlite has one connection). */
  #inst(): string {
    if (!this.#installationKnown) throw new Error('Ayuda: the installation id is read before a money use case starts (await this.#ready()).');
    return this.#installationKnown;
  }

  async #ready(): Promise<StripeGateway> {
    const gateway = this.#gateway();
    this.#installationKnown ??= await this.installationId();
    return gateway;
  }

  get enabled(): boolean {
    return this.deps.fastlane.enabled && this.deps.gateway !== null;
  }

  #gateway(): StripeGateway {
    if (!this.enabled || !this.deps.gateway) throw new AppError(503, PROBLEM_TYPES.notReady, 'Fast lane unavailable', 'Payments are not configured on this server (STRIPE_SECRET_KEY).');
    return this.deps.gateway;
  }

  #plan(key: string): Plan {
    const plan = this.deps.fastlane.plans.find((p) => p.key === key);
    if (!plan) throw validationError([{ field: 'body.plan', message: `one of ${this.deps.fastlane.plans.map((p) => p.key).join(', ')}` }], 422);
    return plan;
  }

  #money(locale: Locale, amount: number) {
    return formatMoney(locale, amount, this.deps.fastlane.currency);
  }

  async offer(customer: Customer, locale: Locale): Promise<FastlaneOffer> {
    const f = this.deps.fastlane;
    const policy = this.deps.sla.config.policy;
    const es = locale === 'es';
    const { articles } = await this.deps.kb.listArticles({ locale, limit: 200 }, 'customer');
    const publicSlugs = new Set((await this.deps.kb.listArticles({ locale, limit: 200 }, 'public')).articles.map((a) => a.slug));
    return {
      name: f.name[locale],
      sla: {
        firstResponse: duration(locale, policy.fast.firstResponse, !!policy.fast.calendar),
        resolution: duration(locale, policy.fast.resolution, !!policy.fast.calendar),
        standardFirstResponse: duration(locale, policy.standard.firstResponse, !!policy.standard.calendar),
      },
      plans: f.plans.map((p) => ({
        key: p.key,
        kind: p.kind,
        interval: p.interval ?? null,
        name: p.name[locale],
        amount: p.amount,
        currency: f.currency,
        price: this.#money(locale, p.amount),
      })),
      refundPolicy: [
        ...(f.refunds.beforeFirstReply ? [es ? 'Si pagas por una consulta y aún no te hemos respondido, te devolvemos el importe al momento si lo pides.' : 'If you pay for one request and we have not answered yet, ask and we refund it at once.'] : []),
        ...(f.refunds.slaGuarantee ? [es ? 'Garantía: si no respondemos en el plazo prometido, te devolvemos el importe automáticamente.' : 'Guarantee: if we do not answer within the promised time, we refund you automatically.'] : []),
        ...(f.refunds.proratedCancellation
          ? [es ? 'Puedes cancelar la suscripción cuando quieras: al final del periodo o ya, con la devolución de la parte no usada.' : 'Cancel your subscription whenever you like: at the end of the period, or now with a refund of the unused part.']
          : [es ? 'Puedes cancelar la suscripción cuando quieras; seguirá activa hasta el final del periodo.' : 'Cancel your subscription whenever you like; it stays active until the end of the period.']),
      ],
      articles: articles.filter((a) => !publicSlugs.has(a.slug)).map((a) => ({ slug: a.slug, title: a.title })),
      checkout: { embedded: !!this.deps.gateway?.publishableKey, publishableKey: this.deps.gateway?.publishableKey ?? null },
    };
  }

  /** Creates (or finds) the Stripe product and price of each plan. Idempotent. */
  async syncPlans(): Promise<Array<{ key: string; priceId: string; created: boolean }>> {
    const { stripe } = this.#gateway();
    const currency = this.deps.fastlane.currency;
    const out = [];
    for (const p of this.deps.fastlane.plans) {
      const key = lookupKey(p, currency);
      const found = await stripe.prices.list({ lookup_keys: [key], limit: 1 });
      let price = found.data[0];
      let created = false;
      if (!price) {
        const product = await stripe.products.create(
          { name: `${this.deps.fastlane.name.en} · ${p.name.en}`, metadata: { ayuda: '1', plan: p.key } },
          // Keyed by the price's lookup key, which is account-wide on purpose: installations on
          // one account share a plan's price (found by lookup key above), so they may share this.
          { idempotencyKey: `ayuda-product-${key}` },
        );
        price = await stripe.prices.create(
          {
            product: product.id,
            currency,
            unit_amount: p.amount,
            lookup_key: key,
            metadata: { ayuda: '1', plan: p.key },
            ...(p.kind === 'subscription' ? { recurring: { interval: p.interval! } } : {}),
          },
          { idempotencyKey: `ayuda-price-${key}` },
        );
        created = true;
      }
      await store.savePlan(this.deps.db.db, { key: p.key, stripeProductId: String(price.product), stripePriceId: price.id, amount: p.amount, currency, syncedAt: this.deps.clock.now() });
      out.push({ key: p.key, priceId: price.id, created });
    }
    return out;
  }

  async #priceId(plan: Plan): Promise<string> {
    const row = await store.planRow(this.deps.db.db, plan.key);
    if (row && row.amount === plan.amount && row.currency === this.deps.fastlane.currency) return row.stripePriceId;
    await this.syncPlans();
    return (await store.planRow(this.deps.db.db, plan.key))!.stripePriceId;
  }

  /**
   * Starts a payment. The amount is the plan's; the browser only names the plan. The same
   * Idempotency-Key (a double click, a retry) returns the same Checkout Session.
   */
  async checkout(
    customer: Customer,
    input: { plan: string; trackingToken?: string | undefined; locale: Locale; returnUrl?: string | undefined },
    idempotencyKey: string,
  ): Promise<{ url: string; sessionId: string; clientSecret: string | null; orderId: number }> {
    const { stripe, publishableKey } = await this.#ready();
    const plan = this.#plan(input.plan);
    let caseRow: caseStore.CaseRow | null = null;
    if (plan.kind === 'incident') {
      if (!input.trackingToken) throw validationError([{ field: 'body.trackingToken', message: 'the request to move to the fast lane' }], 422);
      caseRow = await this.deps.cases.caseOfToken(input.trackingToken);
      if (!caseRow || caseRow.customerId !== customer.id) throw notFound('No such request for this customer.');
      if (caseRow.lane === 'fast') throw new AppError(409, PROBLEM_TYPES.conflict, 'Already in the fast lane', 'This request already has priority support.');
      if (caseRow.status === 'closed' || caseRow.status === 'solved') throw new AppError(409, PROBLEM_TYPES.conflict, 'Request finished', 'This request is solved or closed.');
      assertFirstAnswerPending(caseRow);
    } else if (await store.hasActiveEntitlement(this.deps.db.db, customer.id)) {
      throw new AppError(409, PROBLEM_TYPES.conflict, 'Already subscribed', 'You already have an active subscription.');
    }
    const priceId = await this.#priceId(plan);
    const base = this.deps.config.publicUrl;
    const back = this.#safeReturnUrl(input.returnUrl) ?? (caseRow ? this.deps.cases.trackingUrl(caseRow.locale, input.trackingToken!) : `${base}/help/${input.locale}/`);
    const success = `${base}/help/${input.locale}/fastlane/return?session_id={CHECKOUT_SESSION_ID}&back=${encodeURIComponent(back)}`;
    const embedded = !!publishableKey;
    void idempotencyKey; // The route's Idempotency-Key replays the answer; Stripe's key is the order's.
    // One open checkout per customer, plan and request, in every process: the lock makes
    // concurrent requests (ten tabs, new keys) wait for the first, then reopen its session, so
    // the customer cannot pay twice for one thing. Stripe is called inside the transaction so
    // that the order and its session are recorded together.
    return this.deps.db.db.transaction(async (tx) => {
      await lockSubject(tx, 'fastlane:checkout', `${customer.id}:${plan.key}:${caseRow?.id ?? '-'}`);
      const since = new Date(this.deps.clock.now().getTime() - 23 * 3_600_000);
      const open = await store.openOrderFor(tx, customer.id, plan.key, caseRow?.id ?? null, since);
      if (open?.checkoutSessionId) {
        const s = await stripe.checkout.sessions.retrieve(open.checkoutSessionId);
        if (s.status === 'open') return { url: s.url ?? `${base}/help/${input.locale}/`, sessionId: s.id, clientSecret: s.client_secret ?? null, orderId: open.id };
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
        createdAt: now,
        updatedAt: now,
      });
      const metadata = this.#metadata({ order_id: String(order.id), customer_id: String(customer.id), plan: plan.key, kind: plan.kind, ...(caseRow ? { case_id: String(caseRow.id) } : {}) });
      const session = await stripe.checkout.sessions.create(
        {
          mode: plan.kind === 'incident' ? 'payment' : 'subscription',
          line_items: [{ price: priceId, quantity: 1 }],
          customer: stripeCustomer,
          client_reference_id: String(customer.id),
          locale: input.locale,
          metadata,
          ...(plan.kind === 'incident' ? { payment_intent_data: { metadata } } : { subscription_data: { metadata } }),
          ...(embedded ? { ui_mode: 'embedded_page' as never, return_url: success } : { success_url: success, cancel_url: back }),
        },
        { idempotencyKey: this.#key('checkout', order.id) },
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
    const created = await this.#gateway().stripe.customers.create(
      { email: c.email, name: c.name, preferred_locales: [c.locale], metadata: this.#metadata({ customer_id: String(c.id) }) },
      { idempotencyKey: this.#key('customer', c.id) },
    );
    await this.deps.customers.setStripeCustomerId(tx, c.id, created.id);
    return created.id;
  }

  /** Only addresses on the company's own origins may be returned to after paying. */
  #safeReturnUrl(url: string | undefined): string | null {
    if (!url) return null;
    try {
      const u = new URL(url);
      const allowed = new Set([new URL(this.deps.config.publicUrl).origin, ...this.deps.config.corsOrigins]);
      return allowed.has(u.origin) ? u.toString() : null;
    } catch {
      return null;
    }
  }

  // ---- webhooks ----

  /** True for metadata Ayuda wrote and no other installation did (older objects carry no installation). */
  #ours = (m: Record<string, string> | null | undefined, inst: string) => m?.ayuda === '1' && (m.installation === undefined || m.installation === inst);

  async #webhookContext(mail: { queued: boolean }): Promise<WebhookContext> {
    const inst = await this.installationId();
    return {
      ours: (m) => this.#ours(m, inst),
      mine: (m) => m?.ayuda === '1' && m.installation === inst,
      prefetchSubscription: (id) => this.#prefetchSubscription(id),
      completeCheckout: (tx, s, prefetched, now) => this.#completeCheckout(tx, s, prefetched, now, mail),
      expireCheckout: async (tx, sessionId, now) => {
        const order = await store.orderBySession(tx, sessionId, true);
        if (order?.status !== 'open') return { kind: 'ignored', reason: 'no open order' };
        await store.updateOrder(tx, order.id, { status: 'expired', updatedAt: now });
        return { kind: 'applied', what: 'order expired', orderId: order.id };
      },
      endSubscriptionLane: (tx, customerId) => this.#endSubscriptionLane(tx, customerId),
      refundedIncident: async (tx, order) => {
        if (!order.caseId) return;
        const stillPaid = (await store.ordersOfCase(tx, order.caseId)).some((o) => o.id !== order.id && o.status === 'paid');
        if (!stillPaid && !(await coveredBySubscription(tx, order.customerId))) await this.deps.cases.moveToLane(tx, order.caseId, 'standard', 'system', 'refunded');
      },
      paymentFailed: async (tx, customerId, now) => {
        const customer = await caseStore.customerOf(tx, customerId);
        await enqueueMail(tx, now, customer.email, customer.locale as Locale, {
          template: 'payment_failed',
          vars: { company: this.deps.config.companyName, name: customer.name, service: this.deps.fastlane.name[customer.locale as Locale], portalHint: true },
        });
        mail.queued = true;
      },
      disputed: (orderId, charge) => this.deps.logger.warn('fastlane: payment disputed', { orderId, charge }),
    };
  }

  async #prefetchSubscription(id: string): Promise<CheckoutPrefetch> {
    const { stripe } = await this.#ready();
    const subscription = await stripe.subscriptions.retrieve(id);
    // A subscription's first payment is its first invoice's.
    const inv = (await stripe.invoices.list({ subscription: id, status: 'paid', limit: 1, expand: ['data.payments'] })).data.at(-1);
    const pi = inv?.payments?.data?.[0]?.payment?.payment_intent;
    return { subscription, paymentIntentId: pi ? String(typeof pi === 'string' ? pi : pi.id) : null };
  }

  /**
   * Applies one verified Stripe event, once: the table in webhooks.ts says how. An event of a
   * type Ayuda does not handle, or whose object has an unexpected shape, is recorded and
   * answered 2xx like any other (Stripe would retry anything else for days).
   */
  async applyEvent(event: unknown): Promise<WebhookResult> {
    const r = route(event);
    const now = this.deps.clock.now();
    if (!r.ok) {
      if (r.result.kind === 'malformed') this.deps.logger.warn('stripe webhook: unexpected shape', { event: r.id, type: r.type, issues: r.result.issues });
      if (r.id) {
        const fresh = await this.deps.db.db.transaction((tx) => store.markEvent(tx, r.id!, r.type, now, describeResult(r.result)));
        if (!fresh) return { kind: 'duplicate-event' };
      }
      return r.result;
    }
    if (await store.eventSeen(this.deps.db.db, r.id)) return { kind: 'duplicate-event' };
    const mail = { queued: false };
    const ctx = await this.#webhookContext(mail);
    // What a handler needs from Stripe is fetched before the transaction opens.
    const prefetched = r.handler.prefetch ? await r.handler.prefetch(r.object, ctx) : undefined;
    const result = await this.deps.db.db.transaction(async (tx) => {
      const at = this.deps.clock.now();
      if (!(await store.markEvent(tx, r.id, r.type, at, null))) return { kind: 'duplicate-event' } as const;
      const res = await r.handler.apply(tx, r.object, prefetched, { id: r.id, type: r.type, created: r.created }, ctx, at);
      await store.noteEvent(tx, r.id, describeResult(res));
      return res;
    });
    if (mail.queued) this.deps.onMailQueued?.();
    if (result.kind === 'duplicate-payment') await this.#refundDuplicate(result.orderId);
    return result;
  }

  async #completeCheckout(tx: Tx, s: SessionObject, prefetched: CheckoutPrefetch | null, now: Date, mail: { queued: boolean }): Promise<WebhookResult> {
    const order = await store.orderBySession(tx, s.id, true);
    if (!order) return { kind: 'ignored', reason: 'unknown session' };
    // paidAt, not status: a refund may have been seen before the payment's completion.
    if (order.paidAt) return { kind: 'ignored', reason: 'already applied' };
    if (s.payment_status !== 'paid') return { kind: 'ignored', reason: 'not paid yet' };
    const subscription = prefetched?.subscription ?? null;
    // Paid for something already covered (two sessions paid in two tabs): keep the money's
    // trail, but the customer is refunded right after this transaction.
    const alreadyCovered =
      order.kind === 'subscription'
        ? await store.hasActiveEntitlement(tx, order.customerId)
        : order.caseId !== null && (await store.ordersOfCase(tx, order.caseId)).some((o) => o.id !== order.id && o.status === 'paid');
    const refundedBefore = order.amountRefunded >= order.amount;
    const paid = await store.updateOrder(tx, order.id, {
      status: refundedBefore ? 'refunded' : order.amountRefunded > 0 ? 'partially_refunded' : 'paid',
      paidAt: now,
      updatedAt: now,
      paymentIntentId: refId(s.payment_intent) ?? prefetched?.paymentIntentId ?? order.paymentIntentId,
      subscriptionId: refId(s.subscription),
      stripeCustomerId: refId(s.customer) ?? order.stripeCustomerId,
    });
    if (refundedBefore && paid.kind === 'incident') return { kind: 'applied', what: `order ${paid.id} paid, already refunded`, orderId: paid.id };
    if (alreadyCovered) return { kind: 'duplicate-payment', orderId: paid.id };
    const customer = await caseStore.customerOf(tx, order.customerId);
    const locale = customer.locale as Locale;
    let caseRow: caseStore.CaseRow | null = null;
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
        for (const c of await store.openCasesOf(tx, order.customerId, 'standard')) caseRow = await this.deps.cases.moveToLane(tx, c.id, 'fast', 'system', 'subscribed');
      }
    }
    const plan = this.deps.fastlane.plans.find((p) => p.key === paid.planKey);
    await enqueueMail(tx, now, customer.email, locale, {
      template: 'fastlane_receipt',
      vars: {
        company: this.deps.config.companyName,
        name: customer.name,
        service: this.deps.fastlane.name[locale],
        plan: plan?.name[locale] ?? paid.planKey,
        amount: this.#money(locale, paid.amount),
        reference: paid.kind === 'incident' ? (caseRow?.reference ?? null) : null,
        trackingUrl: caseRow && paid.kind === 'incident' ? await this.deps.cases.linkOf(tx, caseRow) : null,
        firstResponseDue: caseRow?.firstResponseDue && !caseRow.firstRespondedAt ? caseRow.firstResponseDue.toISOString() : null,
        timeZone: this.deps.sla.config.hours.timeZone,
      },
    });
    mail.queued = true;
    return { kind: 'applied', what: `order ${paid.id} paid`, orderId: paid.id };
  }

  /** Gives back a payment for something the customer already had; a duplicate subscription is also cancelled. */
  async #refundDuplicate(orderId: number) {
    const order = await store.orderById(this.deps.db.db, orderId);
    if (!order) return;
    if (order.kind === 'subscription' && order.subscriptionId) {
      const { stripe } = await this.#ready();
      await stripe.subscriptions.cancel(order.subscriptionId, {}, { idempotencyKey: this.#key('cancel-duplicate', order.id) });
    }
    await this.#refund(order.id, { amount: null, reason: 'duplicate payment', requestedBy: 'system', automatic: true, keepLane: true });
  }

  /** When a subscription ends, cases that were in the fast lane only through it go back. */
  async #endSubscriptionLane(tx: Tx, customerId: number) {
    if (await store.hasActiveEntitlement(tx, customerId)) return;
    for (const c of await store.openCasesOf(tx, customerId, 'fast')) {
      const paidForItself = (await store.ordersOfCase(tx, c.id)).some((o) => o.kind === 'incident' && o.status === 'paid');
      if (!paidForItself) await this.deps.cases.moveToLane(tx, c.id, 'standard', 'system', 'subscription ended');
    }
  }

  // ---- reconciliation ----

  /** Settles Checkout Sessions whose webhook never came, from Stripe's own record. */
  async reconcile(olderThanMs = 60_000): Promise<number> {
    if (!this.enabled) return 0;
    const { stripe } = await this.#ready();
    const now = this.deps.clock.now().getTime();
    const orders = await store.openOrdersBetween(this.deps.db.db, new Date(now - 25 * 3_600_000), new Date(now - olderThanMs));
    let settled = 0;
    for (const order of orders) {
      if (!order.checkoutSessionId) continue;
      const raw = await stripe.checkout.sessions.retrieve(order.checkoutSessionId);
      const s = SessionObjectOf(raw);
      if (raw.status === 'complete' && raw.payment_status === 'paid') {
        const prefetched = raw.mode === 'subscription' && raw.subscription ? await this.#prefetchSubscription(String(refId(s.subscription))) : null;
        const mail = { queued: false };
        const r = await this.deps.db.db.transaction((tx) => this.#completeCheckout(tx, s, prefetched, this.deps.clock.now(), mail));
        if (mail.queued) this.deps.onMailQueued?.();
        if (r.kind === 'duplicate-payment') await this.#refundDuplicate(r.orderId);
        if (r.kind === 'applied') settled++;
      } else if (raw.status === 'expired') {
        await this.deps.db.db.transaction(async (tx) => {
          const o = await store.orderBySession(tx, raw.id, true);
          if (o?.status === 'open') await store.updateOrder(tx, o.id, { status: 'expired', updatedAt: this.deps.clock.now() });
        });
      }
    }
    return settled;
  }

  // ---- refunds ----

  /**
   * A customer asks for an incident's refund. Granted at once when the policy allows it
   * (no agent reply yet, or the fast-lane SLA missed); otherwise it waits for staff.
   * Asking twice, even at the same moment, makes one refund.
   */
  async requestRefund(customer: Customer, orderId: number, reason: string): Promise<store.RefundRow> {
    const order = await store.orderById(this.deps.db.db, orderId);
    if (!order || order.customerId !== customer.id) throw notFound('No such payment.');
    if (order.kind !== 'incident') throw new AppError(409, PROBLEM_TYPES.conflict, 'Not refundable here', 'Subscriptions are cancelled, not refunded: use cancel.');
    const caseRow = order.caseId ? await caseStore.caseById(this.deps.db.db, order.caseId) : null;
    const due = caseRow ? this.deps.cases.dueOf(caseRow) : null;
    const p = this.deps.fastlane.refunds;
    const automatic = (p.beforeFirstReply && caseRow && !caseRow.firstRespondedAt) || (p.slaGuarantee && due?.firstResponseBreached);
    return this.#refund(order.id, { amount: null, reason, requestedBy: 'customer', automatic: !!automatic });
  }

  /** Staff: a full or partial refund of any paid order. */
  async staffRefund(orderId: number, staff: { id: number }, amount: number | null, reason: string) {
    return this.#refund(orderId, { amount, reason, requestedBy: `staff:${staff.id}`, automatic: true });
  }

  async decideRefund(refundId: number, staff: { id: number }, approve: boolean, note: string | undefined) {
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
    return this.#refund(refund.orderId, { amount: null, reason: refund.reason, requestedBy: `staff:${staff.id}`, automatic: true, pendingId: refundId });
  }

  async #refund(orderId: number, o: { amount: number | null; reason: string; requestedBy: string; automatic: boolean; pendingId?: number; keepLane?: boolean }): Promise<store.RefundRow> {
    const { stripe } = await this.#ready();
    const queued = { mail: false };
    const row = await this.deps.db.db.transaction(async (tx) => {
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
      const customer = await caseStore.customerOf(tx, order.customerId);
      const locale = customer.locale as Locale;
      const caseRow = order.caseId ? await caseStore.lockCase(tx, order.caseId) : null;
      if (!o.automatic) {
        const r = await store.insertRefund(tx, { orderId: order.id, amount, reason: o.reason, requestedBy: o.requestedBy, status: 'pending_approval', createdAt: now });
        await enqueueMail(tx, now, customer.email, locale, { template: 'refund_pending', vars: { company: this.deps.config.companyName, name: customer.name, service: this.deps.fastlane.name[locale], reference: caseRow?.reference ?? null } });
        queued.mail = true;
        return r;
      }
      // The refund row exists before Stripe is called: its id is the action's, so the key is
      // this installation's and this refund's alone (serial ids are never reused, even after a rollback).
      const pending = o.pendingId ?? (await store.insertRefund(tx, { orderId: order.id, amount, reason: o.reason, requestedBy: o.requestedBy, status: 'processing', createdAt: now })).id;
      const refund = await stripe.refunds.create(
        { payment_intent: order.paymentIntentId, amount, metadata: this.#metadata({ order_id: String(order.id), refund_id: String(pending), requested_by: o.requestedBy }) },
        { idempotencyKey: this.#key('refund', pending) },
      );
      const refunded = order.amountRefunded + amount;
      await store.updateOrder(tx, order.id, { amountRefunded: refunded, status: refunded >= order.amount ? 'refunded' : 'partially_refunded', updatedAt: now });
      const r = await store.updateRefund(tx, pending, { stripeRefundId: refund.id, status: 'succeeded', decidedAt: now, amount });
      if (order.kind === 'incident' && refunded >= order.amount && caseRow && !o.keepLane && !(await coveredBySubscription(tx, order.customerId))) await this.deps.cases.moveToLane(tx, caseRow.id, 'standard', o.requestedBy, 'refunded');
      if (caseRow) await caseStore.insertEvent(tx, caseRow.id, 'refunded', o.requestedBy, { amount, reason: o.reason }, now);
      await enqueueMail(tx, now, customer.email, locale, {
        template: 'refund_made',
        vars: { company: this.deps.config.companyName, name: customer.name, service: this.deps.fastlane.name[locale], amount: this.#money(locale, amount), reason: o.reason, reference: caseRow?.reference ?? null },
      });
      queued.mail = true;
      return r;
    });
    if (queued.mail) this.deps.onMailQueued?.();
    return row;
  }

  /** The SLA guarantee: refunds paid incidents whose fast-lane first response came late (or has not come in time). */
  async applySlaGuarantee(): Promise<number> {
    if (!this.enabled || !this.deps.fastlane.refunds.slaGuarantee) return 0;
    const es = (l: string) => l === 'es';
    let n = 0;
    for (const { order, case: c } of await store.guaranteeCandidates(this.deps.db.db)) {
      if (!this.deps.cases.dueOf(c).firstResponseBreached) continue;
      await this.#refund(order.id, { amount: null, reason: es(c.locale) ? 'garantía de tiempo de respuesta' : 'response-time guarantee', requestedBy: 'system', automatic: true });
      n++;
    }
    return n;
  }

  // ---- subscriptions ----

  async cancelSubscription(customer: Customer, atPeriodEnd: boolean): Promise<{ status: string; endsAt: string | null; refunded: number }> {
    const { stripe } = await this.#ready();
    const found = (await store.entitlementsOfCustomer(this.deps.db.db, customer.id)).find((e) => ['active', 'past_due', 'trialing'].includes(e.status));
    if (!found) throw notFound('No active subscription.');
    const locale = customer.locale as Locale;
    // Each request to cancel is its own attempt: cancel, undo in the billing portal, cancel
    // again within 24 hours must reach Stripe, not replay the first answer.
    const attempt = await this.deps.db.db.transaction(async (tx) => {
      const e = (await store.entitlementBySubscription(tx, found.subscriptionId, true))!;
      await store.upsertEntitlement(tx, { ...e, cancelRequests: e.cancelRequests + 1 });
      return e.cancelRequests + 1;
    });
    const now = this.deps.clock.now();
    if (atPeriodEnd || !this.deps.fastlane.refunds.proratedCancellation) {
      const sub = await stripe.subscriptions.update(found.subscriptionId, { cancel_at_period_end: true }, { idempotencyKey: this.#key('cancel-end', found.subscriptionId, attempt) });
      const end = sub.items.data[0]?.current_period_end ? new Date(sub.items.data[0].current_period_end * 1000) : found.currentPeriodEnd;
      await this.deps.db.db.transaction(async (tx) => {
        const ent = (await store.entitlementBySubscription(tx, found.subscriptionId, true))!;
        await store.upsertEntitlement(tx, { ...ent, cancelAtPeriodEnd: true, currentPeriodEnd: end, updatedAt: now });
        await enqueueMail(tx, now, customer.email, locale, {
          template: 'subscription_canceled',
          vars: { company: this.deps.config.companyName, name: customer.name, service: this.deps.fastlane.name[locale], endsAt: end ? new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: this.deps.sla.config.hours.timeZone }).format(end) : null, refund: null },
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
    await stripe.subscriptions.cancel(found.subscriptionId, {}, { idempotencyKey: this.#key('cancel-now', found.subscriptionId, attempt) });
    const queued = { mail: false };
    const refunded = await this.deps.db.db.transaction(async (tx) => {
      const at = this.deps.clock.now();
      const ent = (await store.entitlementBySubscription(tx, found.subscriptionId, true))!;
      await store.upsertEntitlement(tx, { ...ent, status: 'canceled', cancelAtPeriodEnd: false, updatedAt: at });
      await this.#endSubscriptionLane(tx, customer.id);
      // The refund is recorded like any other: a row, the order's refunded total, staff figures.
      const order = await store.subscriptionOrder(tx, found.subscriptionId, true);
      let made = 0;
      if (amount > 0 && pi) {
        const row = order ? await store.insertRefund(tx, { orderId: order.id, amount, reason: 'prorated cancellation', requestedBy: 'customer', status: 'processing', createdAt: at }) : null;
        const refund = await stripe.refunds.create(
          { payment_intent: pi, amount, metadata: this.#metadata({ reason: 'prorated cancellation', subscription: found.subscriptionId, ...(order && row ? { order_id: String(order.id), refund_id: String(row.id) } : {}) }) },
          { idempotencyKey: this.#key(row ? 'refund' : 'cancel-refund', row ? row.id : found.subscriptionId, row ? 1 : attempt) },
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
        vars: { company: this.deps.config.companyName, name: customer.name, service: this.deps.fastlane.name[locale], endsAt: null, refund: made > 0 ? this.#money(locale, made) : null },
      });
      queued.mail = true;
      return made;
    });
    if (queued.mail) this.deps.onMailQueued?.();
    return { status: 'canceled', endsAt: now.toISOString(), refunded };
  }

  /** Takes back a cancellation at period end (undo-cancel.ts). */
  async undoCancel(customer: Customer) {
    const { stripe } = await this.#ready();
    return undoCancel({ db: this.deps.db, clock: this.deps.clock, stripe, key: (a, id, n) => this.#key(a, id, n) }, customer);
  }

  /** Whether a payment the customer started is really pending (checkout-state.ts). */
  async checkoutState(customer: Customer, orderId: number) {
    return checkoutState({ db: this.deps.db, stripe: (await this.#ready()).stripe }, customer, orderId);
  }

  async billingPortal(customer: Customer, returnUrl: string | undefined): Promise<{ url: string }> {
    const { stripe } = this.#gateway();
    const row = await this.deps.customers.byId(null, customer.id);
    const stripeCustomer = row?.stripeCustomerId ?? (await store.ordersOfCustomer(this.deps.db.db, customer.id)).find((o) => o.stripeCustomerId)?.stripeCustomerId;
    if (!stripeCustomer) throw notFound('No payments yet.');
    const s = await stripe.billingPortal.sessions.create({ customer: stripeCustomer, return_url: this.#safeReturnUrl(returnUrl) ?? `${this.deps.config.publicUrl}/help/${customer.locale}/` });
    return { url: s.url };
  }


  async status(customer: Customer) {
    const [orders, ents] = await Promise.all([store.ordersOfCustomer(this.deps.db.db, customer.id), store.entitlementsOfCustomer(this.deps.db.db, customer.id)]);
    const refunds = await Promise.all(orders.map((o) => store.refundsOfOrder(this.deps.db.db, o.id)));
    return {
      customer: { email: customer.email, name: customer.name },
      subscription: ents[0] ? { plan: ents[0].planKey, status: ents[0].status, currentPeriodEnd: ents[0].currentPeriodEnd?.toISOString() ?? null, cancelAtPeriodEnd: ents[0].cancelAtPeriodEnd } : null,
      orders: orders.map((o, i) => ({
        id: o.id,
        plan: o.planKey,
        kind: o.kind,
        status: o.status,
        amount: o.amount,
        currency: o.currency,
        amountRefunded: o.amountRefunded,
        createdAt: o.createdAt.toISOString(),
        paidAt: o.paidAt?.toISOString() ?? null,
        refunds: refunds[i]!.map((r) => ({ id: r.id, amount: r.amount, status: r.status, reason: r.reason, createdAt: r.createdAt.toISOString() })),
      })),
    };
  }

  summary(from: Date, to: Date) {
    return store.summary(this.deps.db.db, from, to);
  }

  pendingRefunds() {
    return store.refundsByStatus(this.deps.db.db, 'pending_approval');
  }
}
