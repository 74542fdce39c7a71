// Content health for the knowledge-base editor: what readers looked for and did not find, the
// articles they found unhelpful, the articles nobody updated for a year, and the articles that
// exist in one language only. Four bounded queries (each at most `limit` rows), read by any
// staff member; searches and votes come from the anonymous analytics events.
import { and, asc, count, desc, eq, gte, lt, lte, max, sql } from 'drizzle-orm';
import { KB_HEALTH, type KbHealth, type Locale } from '@ayuda/core';
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import { analyticsEvents, articles } from '../db/schema.js';
import type { AnalyticsService } from '../analytics/service.js';

const DAY_MS = 86_400_000;
const other = (l: Locale): Locale => (l === 'es' ? 'en' : 'es');

export class KbHealthReport {
  constructor(private readonly deps: { db: Database; clock: Clock; analytics: AnalyticsService }) {}

  async report(q: { locale?: Locale | undefined; days: number; limit: number }): Promise<KbHealth> {
    // Events still in the write buffer count too (a search a second ago is a search).
    await this.deps.analytics.flush();
    const db = this.deps.db.db;
    const to = this.deps.clock.now();
    const from = new Date(to.getTime() - q.days * DAY_MS);
    const staleBefore = new Date(to.getTime() - KB_HEALTH.staleDays * DAY_MS).toISOString().slice(0, 10);
    const e = analyticsEvents;
    const a = articles;
    const inPeriod = and(gte(e.createdAt, from), lte(e.createdAt, to), q.locale ? eq(e.locale, q.locale) : undefined);
    const onlyLocale = q.locale ? eq(a.locale, q.locale) : undefined;

    const no = sql<number>`count(*) filter (where not ${e.helpful})`;
    const [zero, votes, stale, untranslated] = await Promise.all([
      db
        .select({ query: sql<string>`max(${e.query})`, locale: e.locale, count: count(), last: max(e.createdAt) })
        .from(e)
        .where(and(inPeriod, eq(e.type, 'search'), eq(e.resultCount, 0)))
        .groupBy(e.queryKey, e.locale)
        .orderBy(desc(count()), e.queryKey)
        .limit(q.limit),
      // Votes on articles that are published now (a vote on a deleted slug leads nowhere).
      db
        .select({ locale: a.locale, slug: a.slug, title: a.title, no, yes: sql<number>`count(*) filter (where ${e.helpful})` })
        .from(e)
        .innerJoin(a, and(eq(a.slug, e.slug), eq(a.locale, e.locale)))
        .where(and(inPeriod, eq(e.type, 'feedback')))
        .groupBy(a.locale, a.slug, a.title)
        .having(sql`count(*) filter (where not ${e.helpful}) > 0`)
        .orderBy(desc(no), a.locale, a.slug)
        .limit(q.limit),
      db
        .select({ locale: a.locale, slug: a.slug, title: a.title, updated: a.updated })
        .from(a)
        .where(and(onlyLocale, lt(a.updated, staleBefore)))
        .orderBy(asc(a.updated), a.locale, a.slug)
        .limit(q.limit),
      // No article of the other language shares its translation key (a null key shares none).
      db
        .select({ locale: a.locale, slug: a.slug, title: a.title, translation: a.translationKey })
        .from(a)
        .where(
          and(
            onlyLocale,
            sql`not exists (select 1 from ${articles} as counterpart where counterpart.translation_key = ${a.translationKey} and counterpart.locale <> ${a.locale})`,
          ),
        )
        .orderBy(a.locale, a.slug)
        .limit(q.limit),
    ]);

    return {
      from: from.toISOString(),
      to: to.toISOString(),
      locale: q.locale ?? null,
      zeroResultSearches: zero.map((r) => ({ query: r.query, locale: r.locale as Locale, count: Number(r.count), lastSearchedAt: new Date(r.last ?? to).toISOString() })),
      unhelpful: votes.map((r) => ({ locale: r.locale as Locale, slug: r.slug, title: r.title, no: Number(r.no), yes: Number(r.yes) })),
      stale: stale.map((r) => ({ locale: r.locale as Locale, slug: r.slug, title: r.title, updated: r.updated })),
      untranslated: untranslated.map((r) => ({ locale: r.locale as Locale, slug: r.slug, title: r.title, translation: r.translation, missing: other(r.locale as Locale) })),
    };
  }
}
