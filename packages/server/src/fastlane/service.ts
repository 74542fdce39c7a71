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
import type { Customer } from './login.js';
import * as store from './store.js';

const METADATA = { ayuda: '1' } as const;

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


export class FastlaneService {
  constructor(
    private readonly deps: {
      db: Database;
      clock: Clock;
      config: Config;
      fastlane: FastlaneConfig;
      gateway: StripeGateway | null;
      cases: CaseService;
      kb: KbService;
      sla: SlaEngine;
      logger: Logger;
      onMailQueued?: () => void;
    },
  ) {}

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
          { name: `${this.deps.fastlane.name.en} · ${p.name.en}`, metadata: { ...METADATA, plan: p.key } },
          { idempotencyKey: `ayuda-product-${key}` },
        );
        price = await stripe.prices.create(
          {
            product: product.id,
            currency,
            unit_amount: p.amount,
            lookup_key: key,
            metadata: { ...METADATA, plan: p.key },
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
    const { stripe, publishableKey } = this.#gateway();
    const plan = this.#plan(input.plan);
    let caseRow: caseStore.CaseRow | null = null;
    if (plan.kind === 'incident') {
      if (!input.trackingToken) throw validationError([{ field: 'body.trackingToken', message: 'the request to move to the fast lane' }], 422);
      caseRow = await this.deps.cases.caseOfToken(input.trackingToken);
      if (!caseRow || caseRow.customerId !== customer.id) throw notFound('No such request for this customer.');
      if (caseRow.lane === 'fast') throw new AppError(409, PROBLEM_TYPES.conflict, 'Already in the fast lane', 'This request already has priority support.');
      if (caseRow.status === 'closed' || caseRow.status === 'solved') throw new AppError(409, PROBLEM_TYPES.conflict, 'Request finished', 'This request is solved or closed.');
    } else if (await store.hasActiveEntitlement(this.deps.db.db, customer.id)) {
      throw new AppError(409, PROBLEM_TYPES.conflict, 'Already subscribed', 'You already have an active subscription.');
    }
    // One open checkout per plan and request: asking again (another tab, a second click with a
    // new key) reopens the same session, so the customer cannot pay twice for one thing.
    const since = new Date(this.deps.clock.now().getTime() - 23 * 3_600_000);
    const open = await store.openOrderFor(this.deps.db.db, customer.id, plan.key, caseRow?.id ?? null, since);
    if (open) {
      const s = await stripe.checkout.sessions.retrieve(open.checkoutSessionId);
      if (s.status === 'open' && s.url !== undefined) {
        return { url: s.url ?? `${this.deps.config.publicUrl}/help/${input.locale}/`, sessionId: s.id, clientSecret: s.client_secret ?? null, orderId: open.id };
      }
    }
    const priceId = await this.#priceId(plan);
    const base = this.deps.config.publicUrl;
    const back = this.#safeReturnUrl(input.returnUrl) ?? (caseRow ? this.deps.cases.trackingUrl(caseRow.locale, input.trackingToken!) : `${base}/help/${input.locale}/`);
    const success = `${base}/help/${input.locale}/fastlane/return?session_id={CHECKOUT_SESSION_ID}&back=${encodeURIComponent(back)}`;
    const metadata = { ...METADATA, customer_id: String(customer.id), plan: plan.key, kind: plan.kind, ...(caseRow ? { case_id: String(caseRow.id) } : {}) };
    const embedded = !!publishableKey;
    const session = await stripe.checkout.sessions.create(
      {
        mode: plan.kind === 'incident' ? 'payment' : 'subscription',
        line_items: [{ price: priceId, quantity: 1 }],
        customer_email: customer.email,
        client_reference_id: String(customer.id),
        locale: input.locale,
        metadata,
        ...(plan.kind === 'incident' ? { payment_intent_data: { metadata } } : { subscription_data: { metadata } }),
        ...(embedded ? { ui_mode: 'embedded_page' as never, return_url: success } : { success_url: success, cancel_url: back }),
      },
      { idempotencyKey: `ayuda-checkout-${customer.id}-${idempotencyKey}` },
    );
    const now = this.deps.clock.now();
    const order = await store.insertOrder(this.deps.db.db, {
      customerId: customer.id,
      planKey: plan.key,
      kind: plan.kind,
      caseId: caseRow?.id ?? null,
      amount: plan.amount,
      currency: this.deps.fastlane.currency,
      status: 'open',
      checkoutSessionId: session.id,
      createdAt: now,
      updatedAt: now,
    });
    return { url: session.url ?? `${base}/help/${input.locale}/`, sessionId: session.id, clientSecret: session.client_secret ?? null, orderId: order.id };
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

  /** Applies one verified Stripe event, once. Returns what was done, for logs. */
  async applyEvent(event: Stripe.Event): Promise<string> {
    // What a handler needs from Stripe is fetched before the transaction opens.
    if (await store.eventSeen(this.deps.db.db, event.id)) return 'duplicate';
    let subscription: Stripe.Subscription | null = null;
    if (event.type === 'checkout.session.completed') {
      const s = event.data.object as Stripe.Checkout.Session;
      if (s.metadata?.ayuda === '1' && s.mode === 'subscription' && s.subscription) {
        subscription = await this.#gateway().stripe.subscriptions.retrieve(String(s.subscription));
      }
    }
    const mail = { queued: false };
    const result = await this.deps.db.db.transaction(async (tx) => {
      const now = this.deps.clock.now();
      if (!(await store.markEvent(tx, event.id, event.type, now))) return 'duplicate';
      return this.#handle(tx, event, subscription, now, mail);
    });
    if (mail.queued) this.deps.onMailQueued?.();
    await this.#refundDuplicate(result);
    return result;
  }

  async #handle(tx: Tx, event: Stripe.Event, subscription: Stripe.Subscription | null, now: Date, mail: { queued: boolean }): Promise<string> {
    const obj = event.data.object as unknown as { metadata?: Record<string, string> | null };
    switch (event.type) {
      case 'checkout.session.completed': {
        const s = event.data.object as Stripe.Checkout.Session;
        if (s.metadata?.ayuda !== '1') return 'ignored: not ours';
        return this.#completeCheckout(tx, s, subscription, now, mail);
      }
      case 'checkout.session.expired': {
        const s = event.data.object as Stripe.Checkout.Session;
        if (s.metadata?.ayuda !== '1') return 'ignored: not ours';
        const order = await store.orderBySession(tx, s.id, true);
        if (order?.status === 'open') await store.updateOrder(tx, order.id, { status: 'expired', updatedAt: now });
        return 'order expired';
      }
      case 'invoice.paid':
      case 'invoice.payment_failed': {
        const inv = event.data.object as Stripe.Invoice;
        const subId = inv.parent?.subscription_details?.subscription;
        if (!subId) return 'ignored: no subscription';
        const ent = await store.entitlementBySubscription(tx, String(typeof subId === 'string' ? subId : subId.id), true);
        if (!ent) return 'ignored: unknown subscription';
        if (event.created < ent.lastEventAt) return 'ignored: older than what we know';
        const periodEnd = inv.lines?.data?.[0]?.period?.end;
        if (event.type === 'invoice.paid') {
          await store.upsertEntitlement(tx, { ...ent, status: 'active', currentPeriodEnd: periodEnd ? new Date(periodEnd * 1000) : ent.currentPeriodEnd, lastEventAt: event.created, updatedAt: now });
          return 'subscription renewed';
        }
        await store.upsertEntitlement(tx, { ...ent, status: 'past_due', lastEventAt: event.created, updatedAt: now });
        const customer = await caseStore.customerOf(tx, ent.customerId);
        await enqueueMail(tx, now, customer.email, customer.locale as Locale, {
          template: 'payment_failed',
          vars: { company: this.deps.config.companyName, name: customer.name, service: this.deps.fastlane.name[customer.locale as Locale], portalHint: true },
        });
        mail.queued = true;
        return 'subscription past due';
      }
      case 'customer.subscription.updated':
      case 'customer.subscription.deleted': {
        const sub = event.data.object as Stripe.Subscription;
        if (sub.metadata?.ayuda !== '1') return 'ignored: not ours';
        const ent = await store.entitlementBySubscription(tx, sub.id, true);
        if (!ent) return 'ignored: unknown subscription';
        if (event.created < ent.lastEventAt) return 'ignored: older than what we know';
        const status = event.type === 'customer.subscription.deleted' ? 'canceled' : sub.status;
        const periodEnd = sub.items?.data?.[0]?.current_period_end;
        await store.upsertEntitlement(tx, {
          ...ent,
          status,
          cancelAtPeriodEnd: !!sub.cancel_at_period_end,
          currentPeriodEnd: periodEnd ? new Date(periodEnd * 1000) : ent.currentPeriodEnd,
          lastEventAt: event.created,
          updatedAt: now,
        });
        if (status === 'canceled' || status === 'unpaid' || status === 'incomplete_expired') await this.#endSubscriptionLane(tx, ent.customerId);
        return `subscription ${status}`;
      }
      case 'charge.refunded': {
        const ch = event.data.object as Stripe.Charge;
        if (!ch.payment_intent) return 'ignored: no payment';
        const order = await store.orderByPaymentIntent(tx, String(ch.payment_intent));
        if (!order) return 'ignored: not ours';
        const refunded = Math.max(order.amountRefunded, ch.amount_refunded);
        await store.updateOrder(tx, order.id, { amountRefunded: refunded, chargeId: ch.id, status: refunded >= order.amount ? 'refunded' : 'partially_refunded', updatedAt: now });
        if (order.kind === 'incident' && refunded >= order.amount && order.caseId) {
          const stillPaid = (await store.ordersOfCase(tx, order.caseId)).some((o) => o.id !== order.id && o.status === 'paid');
          if (!stillPaid) await this.deps.cases.moveToLane(tx, order.caseId, 'standard', 'system', 'refunded');
        }
        return 'order refunded';
      }
      case 'charge.dispute.created': {
        const d = event.data.object as Stripe.Dispute;
        const ch = typeof d.charge === 'string' ? d.charge : d.charge.id;
        const pi = d.payment_intent ? String(typeof d.payment_intent === 'string' ? d.payment_intent : d.payment_intent.id) : null;
        const order = pi ? await store.orderByPaymentIntent(tx, pi) : null;
        if (!order) return 'ignored: not ours';
        await store.updateOrder(tx, order.id, { status: 'disputed', chargeId: ch, updatedAt: now });
        this.deps.logger.warn('fastlane: payment disputed', { orderId: order.id, charge: ch });
        return 'order disputed';
      }
      default:
        void obj;
        return `ignored: ${event.type}`;
    }
  }

  async #completeCheckout(tx: Tx, s: Stripe.Checkout.Session, subscription: Stripe.Subscription | null, now: Date, mail: { queued: boolean }): Promise<string> {
    const order = await store.orderBySession(tx, s.id, true);
    if (!order) return 'ignored: unknown session';
    if (order.status !== 'open' && order.status !== 'expired') return 'already applied';
    if (s.payment_status !== 'paid') return 'not paid yet';
    // Paid for something already covered (two sessions paid in two tabs): keep the money's
    // trail, but the customer is refunded right after this transaction.
    const alreadyCovered =
      order.kind === 'subscription'
        ? await store.hasActiveEntitlement(tx, order.customerId)
        : order.caseId !== null && (await store.ordersOfCase(tx, order.caseId)).some((o) => o.id !== order.id && o.status === 'paid');
    const paid = await store.updateOrder(tx, order.id, {
      status: 'paid',
      paidAt: now,
      updatedAt: now,
      paymentIntentId: s.payment_intent ? String(typeof s.payment_intent === 'string' ? s.payment_intent : s.payment_intent.id) : null,
      subscriptionId: s.subscription ? String(typeof s.subscription === 'string' ? s.subscription : s.subscription.id) : null,
      stripeCustomerId: s.customer ? String(typeof s.customer === 'string' ? s.customer : s.customer.id) : null,
    });
    if (alreadyCovered) return `duplicate payment ${paid.id}`;
    const customer = await caseStore.customerOf(tx, order.customerId);
    const locale = customer.locale as Locale;
    let caseRow: caseStore.CaseRow | null = null;
    if (paid.kind === 'incident' && paid.caseId) {
      caseRow = await this.deps.cases.moveToLane(tx, paid.caseId, 'fast', 'system', 'paid');
    } else if (paid.kind === 'subscription' && paid.subscriptionId) {
      const periodEnd = subscription?.items?.data?.[0]?.current_period_end;
      await store.upsertEntitlement(tx, {
        customerId: order.customerId,
        subscriptionId: paid.subscriptionId,
        planKey: paid.planKey,
        status: subscription?.status ?? 'active',
        currentPeriodEnd: periodEnd ? new Date(periodEnd * 1000) : null,
        cancelAtPeriodEnd: !!subscription?.cancel_at_period_end,
        lastEventAt: 0,
        createdAt: now,
        updatedAt: now,
      });
      // Every open case of a new subscriber moves to the fast lane.
      for (const c of await store.openCasesOf(tx, order.customerId, 'standard')) caseRow = await this.deps.cases.moveToLane(tx, c.id, 'fast', 'system', 'subscribed');
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
    return `order ${paid.id} paid`;
  }

  /** Gives back a payment for something the customer already had; a duplicate subscription is also cancelled. */
  async #refundDuplicate(result: string) {
    const m = /^duplicate payment (\d+)$/.exec(result);
    if (!m) return;
    const order = await store.orderById(this.deps.db.db, Number(m[1]));
    if (!order) return;
    if (order.kind === 'subscription' && order.subscriptionId) {
      const { stripe } = this.#gateway();
      // A subscription's first payment is its first invoice's.
      if (!order.paymentIntentId) {
        const inv = (await stripe.invoices.list({ subscription: order.subscriptionId, status: 'paid', limit: 1, expand: ['data.payments'] })).data[0];
        const pi = inv?.payments?.data?.[0]?.payment?.payment_intent;
        if (pi) await store.setPaymentIntent(this.deps.db.db, order.id, String(typeof pi === 'string' ? pi : pi.id));
      }
      await stripe.subscriptions.cancel(order.subscriptionId, {}, { idempotencyKey: `ayuda-cancel-duplicate-${order.subscriptionId}` });
    }
    await this.#refund(order.id, { amount: null, reason: 'duplicate payment', requestedBy: 'system', automatic: true, keepLane: true });
  }

  /** When a subscription ends, cases that were in the fast lane only through it go back. */
  async #endSubscriptionLane(tx: Tx, customerId: number) {
    for (const c of await store.openCasesOf(tx, customerId, 'fast')) {
      const paidForItself = (await store.ordersOfCase(tx, c.id)).some((o) => o.kind === 'incident' && o.status === 'paid');
      if (!paidForItself) await this.deps.cases.moveToLane(tx, c.id, 'standard', 'system', 'subscription ended');
    }
  }

  // ---- reconciliation ----

  /** Settles Checkout Sessions whose webhook never came, from Stripe's own record. */
  async reconcile(olderThanMs = 60_000): Promise<number> {
    if (!this.enabled) return 0;
    const { stripe } = this.#gateway();
    const now = this.deps.clock.now().getTime();
    const orders = await store.openOrdersBetween(this.deps.db.db, new Date(now - 25 * 3_600_000), new Date(now - olderThanMs));
    let settled = 0;
    for (const order of orders) {
      const s = await stripe.checkout.sessions.retrieve(order.checkoutSessionId);
      if (s.status === 'complete' && s.payment_status === 'paid') {
        const subscription = s.mode === 'subscription' && s.subscription ? await stripe.subscriptions.retrieve(String(s.subscription)) : null;
        const mail = { queued: false };
        const r = await this.deps.db.db.transaction((tx) => this.#completeCheckout(tx, s, subscription, this.deps.clock.now(), mail));
        if (mail.queued) this.deps.onMailQueued?.();
        await this.#refundDuplicate(r);
        if (r.endsWith('paid')) settled++;
      } else if (s.status === 'expired') {
        await this.deps.db.db.transaction(async (tx) => {
          const o = await store.orderBySession(tx, s.id, true);
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
    const { stripe } = this.#gateway();
    const queued = { mail: false };
    const row = await this.deps.db.db.transaction(async (tx) => {
      const now = this.deps.clock.now();
      // The order row is the lock: a second request waits here and then sees the first.
      const order = await store.orderById(tx, orderId, true);
      if (!order) throw notFound('No such payment.');
      const previous = await store.refundsOfOrder(tx, order.id);
      // A customer asking again (or twice at once) gets the answer to the first request.
      if (o.requestedBy === 'customer') {
        const earlier = previous.find((r) => r.status === 'pending_approval' || r.status === 'succeeded');
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
      const refund = await stripe.refunds.create(
        { payment_intent: order.paymentIntentId, amount, metadata: { ...METADATA, order_id: String(order.id), requested_by: o.requestedBy } },
        { idempotencyKey: `ayuda-refund-${order.id}-${order.amountRefunded}-${amount}` },
      );
      const refunded = order.amountRefunded + amount;
      await store.updateOrder(tx, order.id, { amountRefunded: refunded, status: refunded >= order.amount ? 'refunded' : 'partially_refunded', updatedAt: now });
      const values = { stripeRefundId: refund.id, status: 'succeeded', decidedAt: now, amount };
      const r = o.pendingId ? await store.updateRefund(tx, o.pendingId, values) : await store.insertRefund(tx, { orderId: order.id, reason: o.reason, requestedBy: o.requestedBy, createdAt: now, ...values });
      if (order.kind === 'incident' && refunded >= order.amount && caseRow && !o.keepLane) await this.deps.cases.moveToLane(tx, caseRow.id, 'standard', o.requestedBy, 'refunded');
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
    const { stripe } = this.#gateway();
    const ent = (await store.entitlementsOfCustomer(this.deps.db.db, customer.id)).find((e) => ['active', 'past_due', 'trialing'].includes(e.status));
    if (!ent) throw notFound('No active subscription.');
    const locale = customer.locale as Locale;
    const now = this.deps.clock.now();
    if (atPeriodEnd || !this.deps.fastlane.refunds.proratedCancellation) {
      const sub = await stripe.subscriptions.update(ent.subscriptionId, { cancel_at_period_end: true }, { idempotencyKey: `ayuda-cancel-end-${ent.subscriptionId}` });
      const end = sub.items.data[0]?.current_period_end ? new Date(sub.items.data[0].current_period_end * 1000) : ent.currentPeriodEnd;
      await this.deps.db.db.transaction(async (tx) => {
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
    const sub = await stripe.subscriptions.retrieve(ent.subscriptionId);
    const item = sub.items.data[0];
    const invoices = await stripe.invoices.list({ subscription: ent.subscriptionId, status: 'paid', limit: 1, expand: ['data.payments'] });
    const inv = invoices.data[0];
    const pi = inv?.payments?.data?.[0]?.payment?.payment_intent;
    let refund = 0;
    if (item && inv && pi) {
      const start = item.current_period_start * 1000;
      const end = item.current_period_end * 1000;
      const unused = Math.max(0, Math.min(1, (end - now.getTime()) / (end - start)));
      refund = Math.floor(inv.amount_paid * unused);
    }
    await stripe.subscriptions.cancel(ent.subscriptionId, {}, { idempotencyKey: `ayuda-cancel-now-${ent.subscriptionId}` });
    if (refund > 0 && pi) {
      await stripe.refunds.create({ payment_intent: String(typeof pi === 'string' ? pi : pi.id), amount: refund, metadata: { ...METADATA, reason: 'prorated cancellation' } }, { idempotencyKey: `ayuda-cancel-refund-${ent.subscriptionId}` });
    }
    await this.deps.db.db.transaction(async (tx) => {
      await store.upsertEntitlement(tx, { ...ent, status: 'canceled', cancelAtPeriodEnd: false, updatedAt: now });
      await this.#endSubscriptionLane(tx, customer.id);
      await enqueueMail(tx, now, customer.email, locale, {
        template: 'subscription_canceled',
        vars: { company: this.deps.config.companyName, name: customer.name, service: this.deps.fastlane.name[locale], endsAt: null, refund: refund > 0 ? this.#money(locale, refund) : null },
      });
    });
    this.deps.onMailQueued?.();
    return { status: 'canceled', endsAt: now.toISOString(), refunded: refund };
  }

  async billingPortal(customer: Customer, returnUrl: string | undefined): Promise<{ url: string }> {
    const { stripe } = this.#gateway();
    const order = (await store.ordersOfCustomer(this.deps.db.db, customer.id)).find((o) => o.stripeCustomerId);
    if (!order?.stripeCustomerId) throw notFound('No payments yet.');
    const s = await stripe.billingPortal.sessions.create({ customer: order.stripeCustomerId, return_url: this.#safeReturnUrl(returnUrl) ?? `${this.deps.config.publicUrl}/help/${customer.locale}/` });
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

  /** For staff: what a case paid and what was refunded. */
  async caseFinance(caseId: number) {
    const orders = await store.ordersOfCase(this.deps.db.db, caseId);
    return Promise.all(orders.map(async (o) => ({ id: o.id, plan: o.planKey, status: o.status, amount: o.amount, currency: o.currency, amountRefunded: o.amountRefunded, paidAt: o.paidAt?.toISOString() ?? null, refunds: await store.refundsOfOrder(this.deps.db.db, o.id) })));
  }

  summary(from: Date, to: Date) {
    return store.summary(this.deps.db.db, from, to);
  }

  pendingRefunds() {
    return store.refundsByStatus(this.deps.db.db, 'pending_approval');
  }
}
