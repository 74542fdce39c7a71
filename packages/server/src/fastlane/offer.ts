// The fast lane's offer to a signed-in customer: its name, promised times against the standard
// lane's, plans and prices, the refund policy in plain words, and the articles only customers read.
import { formatMoney, type FastlaneOffer, type Locale } from '@ayuda/core';
import type { KbService } from '../kb/service.js';
import type { SlaEngine } from '../cases/sla.js';
import type { Customer } from '../customers/service.js';
import { validationError } from '../http/problem.js';
import type { FastlaneConfig, Plan } from './config.js';
import type { StripeAccount } from './account.js';
import { fastlaneText } from './i18n.js';

export class OfferService {
  constructor(private readonly deps: { fastlane: FastlaneConfig; sla: SlaEngine; kb: KbService; account: StripeAccount }) {}

  /** The plan a request names; 422 naming the plans there are otherwise. */
  plan(key: string): Plan {
    const plan = this.deps.fastlane.plans.find((p) => p.key === key);
    if (!plan) throw validationError([{ field: 'body.plan', message: `one of ${this.deps.fastlane.plans.map((p) => p.key).join(', ')}` }], 422);
    return plan;
  }

  async offer(_customer: Customer, locale: Locale): Promise<FastlaneOffer> {
    const f = this.deps.fastlane;
    const policy = this.deps.sla.config.policy;
    const t = fastlaneText(locale);
    const { articles } = await this.deps.kb.listArticles({ locale, limit: 200 }, 'customer');
    const publicSlugs = new Set((await this.deps.kb.listArticles({ locale, limit: 200 }, 'public')).articles.map((a) => a.slug));
    const publishableKey = this.deps.account.publishableKey;
    return {
      name: f.name[locale],
      sla: {
        firstResponse: t.duration(policy.fast.firstResponse, !!policy.fast.calendar),
        resolution: t.duration(policy.fast.resolution, !!policy.fast.calendar),
        standardFirstResponse: t.duration(policy.standard.firstResponse, !!policy.standard.calendar),
      },
      plans: f.plans.map((p) => ({
        key: p.key,
        kind: p.kind,
        interval: p.interval ?? null,
        name: p.name[locale],
        amount: p.amount,
        currency: f.currency,
        price: formatMoney(locale, p.amount, f.currency),
      })),
      refundPolicy: [
        ...(f.refunds.beforeFirstReply ? [t.refundPolicy.beforeFirstReply] : []),
        ...(f.refunds.slaGuarantee ? [t.refundPolicy.slaGuarantee] : []),
        f.refunds.proratedCancellation ? t.refundPolicy.cancelProrated : t.refundPolicy.cancelAtPeriodEnd,
      ],
      articles: articles.filter((a) => !publicSlugs.has(a.slug)).map((a) => ({ slug: a.slug, title: a.title })),
      checkout: { embedded: !!publishableKey, publishableKey },
    };
  }
}
