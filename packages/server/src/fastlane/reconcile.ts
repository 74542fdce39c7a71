// Reconciliation: settles Checkout Sessions whose webhook never came, from Stripe's own record.
// An order whose session Stripe does not know (another account or mode, a restarted emulator)
// can never be paid: it is marked `abandoned` so it is not asked about again.
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../http/logger.js';
import type { Stripe } from '../billing/gateway.js';
import { isResourceMissing, type StripeAccount } from './account.js';
import type { CheckoutService } from './checkout.js';
import type { RefundService } from './refunds.js';
import type { SubscriptionService } from './subscriptions.js';
import * as store from './store.js';
import { refId, type SessionObject } from './webhooks.js';

/** A Checkout Session from the API, read as the webhook table reads one. */
const sessionObjectOf = (s: Stripe.Checkout.Session): SessionObject => ({
  id: s.id,
  metadata: s.metadata,
  mode: s.mode,
  status: s.status,
  payment_status: s.payment_status,
  payment_intent: refId(s.payment_intent as never),
  subscription: refId(s.subscription as never),
  customer: refId(s.customer as never),
});

export class Reconciler {
  constructor(
    private readonly deps: {
      db: Database;
      clock: Clock;
      logger: Logger;
      account: StripeAccount;
      checkout: CheckoutService;
      subscriptions: SubscriptionService;
      refunds: RefundService;
      onMailQueued?: (() => void) | undefined;
    },
  ) {}

  /** Checks open orders between a minute and 25 hours old (sessions live 24 hours); returns how many it settled. */
  async reconcile(olderThanMs = 60_000): Promise<number> {
    if (!this.deps.account.enabled) return 0;
    const { stripe } = await this.deps.account.ready();
    const now = this.deps.clock.now().getTime();
    const orders = await store.openOrdersBetween(this.deps.db.db, new Date(now - 25 * 3_600_000), new Date(now - olderThanMs));
    let settled = 0;
    for (const order of orders) {
      if (!order.checkoutSessionId) continue;
      let raw: Stripe.Checkout.Session;
      try {
        raw = await stripe.checkout.sessions.retrieve(order.checkoutSessionId);
      } catch (err) {
        if (!isResourceMissing(err)) throw err;
        this.deps.logger.warn('fastlane: checkout session unknown to Stripe; order abandoned', { orderId: order.id, session: order.checkoutSessionId });
        await this.deps.db.db.transaction((tx) => this.deps.checkout.close(tx, order.checkoutSessionId!, 'abandoned', this.deps.clock.now()));
        continue;
      }
      const s = sessionObjectOf(raw);
      if (raw.status === 'complete' && raw.payment_status === 'paid') {
        const prefetched = raw.mode === 'subscription' && raw.subscription ? await this.deps.subscriptions.prefetch(String(refId(s.subscription))) : null;
        const mail = { queued: false };
        const r = await this.deps.db.db.transaction((tx) => this.deps.checkout.fulfil(tx, s, prefetched, this.deps.clock.now(), mail));
        if (mail.queued) this.deps.onMailQueued?.();
        if (r.kind === 'duplicate-payment') await this.deps.refunds.refundDuplicate(r.orderId);
        if (r.kind === 'applied') settled++;
      } else if (raw.status === 'expired') {
        await this.deps.db.db.transaction((tx) => this.deps.checkout.close(tx, raw.id, 'expired', this.deps.clock.now()));
      }
    }
    return settled;
  }
}
