// Each plan's Stripe Product and Price, one per language (Stripe has one name per product, and
// the customer reads it on the checkout page, the invoice and the receipt). Found by lookup key,
// created when missing, cached in fastlane_plans, and checked again before each checkout: a
// cached price Stripe no longer knows (another account or mode, a restarted emulator) or has
// archived is replaced instead of failing every checkout.
import { LOCALES, type Locale } from '@ayuda/core';
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import type { Stripe } from '../billing/gateway.js';
import { lookupKey, type FastlaneConfig, type Plan } from './config.js';
import { isResourceMissing, type StripeAccount } from './account.js';
import { fastlaneText } from './i18n.js';
import * as store from './store.js';

/** The cache row of a plan in a language (fastlane_plans.key). */
const rowKey = (p: Plan, locale: Locale) => `${p.key}.${locale}`;

export class PlanPrices {
  constructor(private readonly deps: { db: Database; clock: Clock; fastlane: FastlaneConfig; account: StripeAccount }) {}

  /**
   * Creates (or finds) the Stripe product and price of each plan in each language. Idempotent.
   * `archiveUnused`: archives the prices this installation used before and no longer offers (a
   * plan removed, or its price changed), so Stripe's dashboard shows what the fast lane sells.
   * Subscriptions on an archived price go on at that price (Stripe's rule); new ones take the
   * new one.
   */
  async syncPlans(opts: { archiveUnused?: boolean } = {}): Promise<Array<{ key: string; priceId: string; created: boolean; archived?: true }>> {
    const before = opts.archiveUnused ? await store.planRows(this.deps.db.db) : [];
    const out: Array<{ key: string; priceId: string; created: boolean; archived?: true }> = [];
    for (const p of this.deps.fastlane.plans) {
      for (const locale of LOCALES) out.push(await this.#sync(p, locale));
    }
    const inUse = new Set(out.map((o) => o.priceId));
    const keys = new Set(out.map((o) => o.key));
    for (const row of before) {
      if (!inUse.has(row.stripePriceId)) {
        await this.#archive(row.stripePriceId);
        out.push({ key: row.key, priceId: row.stripePriceId, created: false, archived: true });
      }
      if (!keys.has(row.key)) await store.deletePlan(this.deps.db.db, row.key);
    }
    return out;
  }

  async #archive(priceId: string): Promise<void> {
    const { stripe } = this.deps.account.gateway();
    await stripe.prices.update(priceId, { active: false }).catch((err: unknown) => {
      if (!isResourceMissing(err)) throw err;
    });
  }

  /** The price to charge for a plan in a language, known to Stripe and active right now. */
  async priceId(plan: Plan, locale: Locale): Promise<string> {
    const { stripe } = this.deps.account.gateway();
    const row = await store.planRow(this.deps.db.db, rowKey(plan, locale));
    if (row && row.amount === plan.amount && row.currency === this.deps.fastlane.currency) {
      const price = await stripe.prices.retrieve(row.stripePriceId).catch((err: unknown) => {
        if (isResourceMissing(err)) return null;
        throw err;
      });
      if (price && this.#fits(price, plan)) return price.id;
      return (await this.#sync(plan, locale, row.stripePriceId)).priceId;
    }
    return (await this.#sync(plan, locale)).priceId;
  }

  /**
   * Whether a Stripe price charges what a plan says: active, its amount and currency, one-time
   * or recurring at the plan's interval, tax included when the fast lane has a tax. A plan whose
   * period or kind changed at the same amount keeps its lookup key, so this, not the key, decides.
   */
  #fits(price: Stripe.Price, p: Plan): boolean {
    const f = this.deps.fastlane;
    const period = p.kind === 'subscription' ? price.recurring?.interval === p.interval : !price.recurring;
    return price.active && price.unit_amount === p.amount && price.currency === f.currency && period && (!f.tax || price.tax_behavior === 'inclusive');
  }

  /** `stale`: a cached price Stripe no longer has, so that its replacement is a new request, not a replay. */
  async #sync(p: Plan, locale: Locale, stale?: string): Promise<{ key: string; priceId: string; created: boolean }> {
    const { stripe } = this.deps.account.gateway();
    const f = this.deps.fastlane;
    const key = lookupKey(p, f.currency, locale);
    const found = (await stripe.prices.list({ lookup_keys: [key], limit: 1 })).data[0];
    let price: Stripe.Price | undefined = found && this.#fits(found, p) ? found : undefined;
    let created = false;
    const name = fastlaneText(locale).productName(f.name[locale], p.name[locale]);
    if (!price) {
      // Keyed by the lookup key, which is account-wide on purpose: installations on one account
      // share a plan's price (found by lookup key above), so they may share its creation. A
      // replacement of an archived price is a new request, named after the price it replaces.
      const replaced = found?.id ?? stale;
      const attempt = replaced ? `replaces-${replaced}` : 'new';
      const product = await stripe.products.create(
        { name, metadata: { ayuda: '1', plan: p.key, locale } },
        { idempotencyKey: `ayuda-product-${key}-${attempt}` },
      );
      price = await stripe.prices.create(
        {
          product: product.id,
          currency: f.currency,
          unit_amount: p.amount,
          lookup_key: key,
          transfer_lookup_key: true,
          ...(f.tax ? { tax_behavior: 'inclusive' as const } : {}),
          metadata: { ayuda: '1', plan: p.key, locale },
          ...(p.kind === 'subscription' ? { recurring: { interval: p.interval! } } : {}),
        },
        { idempotencyKey: `ayuda-price-${key}-${attempt}` },
      );
      created = true;
      // An active price that no longer fits (another period or kind, tax now included) lost its
      // lookup key to the new one above; nobody should buy it any more.
      if (found?.active && found.id !== price.id) await this.#archive(found.id);
    } else {
      // The price fits; its product's name is what the customer reads at checkout and on receipts.
      const productId = typeof price.product === 'string' ? price.product : price.product.id;
      const product = await stripe.products.retrieve(productId);
      if (product.name !== name) await stripe.products.update(productId, { name });
    }
    await store.savePlan(this.deps.db.db, { key: rowKey(p, locale), stripeProductId: String(typeof price.product === 'string' ? price.product : price.product.id), stripePriceId: price.id, amount: p.amount, currency: f.currency, syncedAt: this.deps.clock.now() });
    return { key: rowKey(p, locale), priceId: price.id, created };
  }
}
