// Anonymous analytics: searches, zero-result searches, article views, result clicks and
// helpful votes. Events are buffered and written in batches so a page view costs no write
// of its own; `flush()` writes what is waiting (called on shutdown and by tests).
import { and, count, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { fold, type AnalyticsEvent, type Locale, type SearchAnalytics } from '@ayuda/core';
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../http/logger.js';
import { analyticsEvents } from '../db/schema.js';
import { isDatabaseUnavailable } from '../http/unavailable.js';

export type Channel = 'portal' | 'widget' | 'api';
type Row = typeof analyticsEvents.$inferInsert;

export const ANALYTICS_DEFAULTS = { flushIntervalMs: 1000, maxBuffer: 500, defaultPeriodDays: 30 } as const;

export const queryKey = (q: string) => fold(q).replace(/\s+/g, ' ').trim();

export class AnalyticsService {
  readonly #db: Database;
  readonly #clock: Clock;
  readonly #log: Logger;
  #buffer: Row[] = [];
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> = Promise.resolve();

  constructor(deps: { db: Database; clock: Clock; logger: Logger }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#log = deps.logger;
  }

  record(events: AnalyticsEvent[], channel: Channel): void {
    const createdAt = this.#clock.now();
    for (const e of events) {
      const row: Row = { type: e.type, locale: e.locale, channel, createdAt };
      if (e.type === 'search') Object.assign(row, { query: e.query, queryKey: queryKey(e.query), resultCount: e.resultCount });
      if (e.type === 'result_click') Object.assign(row, { query: e.query, queryKey: queryKey(e.query), slug: e.slug, position: e.position });
      if (e.type === 'article_view') row.slug = e.slug;
      if (e.type === 'feedback') Object.assign(row, { slug: e.slug, helpful: e.helpful, comment: e.comment ?? null });
      if (e.type === 'deflection') Object.assign(row, { slug: e.slug, query: e.query ?? null, queryKey: e.query ? queryKey(e.query) : null });
      if (e.type === 'announcement_deflection') row.position = e.announcementId;
      this.#buffer.push(row);
    }
    if (this.#buffer.length >= ANALYTICS_DEFAULTS.maxBuffer) void this.flush();
    else if (!this.#timer) {
      this.#timer = setTimeout(() => void this.flush(), ANALYTICS_DEFAULTS.flushIntervalMs);
      this.#timer.unref();
    }
  }

  /** Writes buffered events. Resolves when everything recorded before the call is stored. */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const batch = this.#buffer;
    this.#buffer = [];
    this.#flushing = this.#flushing.then(async () => {
      if (!batch.length) return;
      try {
        await this.#insertAll(batch);
      } catch (err) {
        if (isDatabaseUnavailable(err) || batch.length === 1) this.#dropped(batch, err);
        else await this.#oneByOne(batch);
      }
    });
    return this.#flushing;
  }

  /**
   * One statement for the whole batch, each column sent as one array and unnested by the
   * database: drizzle's `values(batch)` builds and escapes every value of every row itself,
   * which took a sixth of a busy portal's CPU (one view per page read).
   */
  async #insertAll(batch: Row[]): Promise<void> {
    const column = (pick: (r: Row) => string | number | boolean | null | undefined) => sql.param(batch.map((r) => pick(r) ?? null));
    await this.#db.db.execute(sql`
      insert into ${analyticsEvents} (type, locale, query, query_key, result_count, slug, position, helpful, comment, channel, created_at)
      select * from unnest(
        ${column((r) => r.type)}::text[], ${column((r) => r.locale)}::text[], ${column((r) => r.query)}::text[], ${column((r) => r.queryKey)}::text[],
        ${column((r) => r.resultCount)}::integer[], ${column((r) => r.slug)}::text[], ${column((r) => r.position)}::integer[], ${column((r) => r.helpful)}::boolean[],
        ${column((r) => r.comment)}::text[], ${column((r) => r.channel)}::text[], ${column((r) => (r.createdAt as Date).toISOString())}::timestamptz[]
      )`);
  }

  /** After a batch was refused: stores each event alone, so one the database refuses never loses the others. */
  async #oneByOne(batch: Row[]): Promise<void> {
    for (const [i, row] of batch.entries()) {
      try {
        await this.#db.db.insert(analyticsEvents).values(row);
      } catch (err) {
        // Once the database is gone, the rest would fail alike.
        if (isDatabaseUnavailable(err)) return this.#dropped(batch.slice(i), err);
        this.#dropped([row], err);
      }
    }
  }

  #dropped(rows: Row[], err: unknown): void {
    const error = String((err as Error)?.cause ?? err);
    this.#log.error('analytics: could not store events', { count: rows.length, types: [...new Set(rows.map((r) => r.type))], error });
  }

  async searchReport(q: { from?: string; to?: string; locale?: Locale; limit: number }): Promise<SearchAnalytics> {
    await this.flush();
    const to = q.to ? new Date(q.to) : this.#clock.now();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - ANALYTICS_DEFAULTS.defaultPeriodDays * 86_400_000);
    const db = this.#db.db;
    const e = analyticsEvents;
    const period = (...more: Array<SQL | undefined>) =>
      and(gte(e.createdAt, from), lte(e.createdAt, to), q.locale ? eq(e.locale, q.locale) : undefined, ...more);

    const totalsRows = await db
      .select({ type: e.type, helpful: e.helpful, zero: sql<boolean>`coalesce(${e.resultCount}, 1) = 0`, n: count() })
      .from(e)
      .where(period())
      .groupBy(e.type, e.helpful, sql`coalesce(${e.resultCount}, 1) = 0`);
    const sum = (pred: (r: (typeof totalsRows)[number]) => boolean) => totalsRows.filter(pred).reduce((s, r) => s + Number(r.n), 0);

    const topQueries = (zero: boolean) =>
      db
        .select({ query: sql<string>`max(${e.query})`, locale: e.locale, count: count() })
        .from(e)
        .where(period(eq(e.type, 'search'), zero ? eq(e.resultCount, 0) : undefined))
        .groupBy(e.queryKey, e.locale)
        .orderBy(desc(count()), e.queryKey)
        .limit(q.limit);

    const [top, topZero, articlesRows] = await Promise.all([
      topQueries(false),
      topQueries(true),
      db
        .select({
          slug: e.slug,
          locale: e.locale,
          views: sql<number>`count(*) filter (where ${e.type} = 'article_view')`,
          helpful: sql<number>`count(*) filter (where ${e.type} = 'feedback' and ${e.helpful})`,
          unhelpful: sql<number>`count(*) filter (where ${e.type} = 'feedback' and not ${e.helpful})`,
        })
        .from(e)
        .where(period(sql`${e.type} in ('article_view', 'feedback')`))
        .groupBy(e.slug, e.locale)
        .orderBy(desc(sql`count(*) filter (where ${e.type} = 'article_view')`), e.slug)
        .limit(q.limit),
    ]);

    return {
      from: from.toISOString(),
      to: to.toISOString(),
      totals: {
        searches: sum((r) => r.type === 'search'),
        zeroResultSearches: sum((r) => r.type === 'search' && r.zero),
        articleViews: sum((r) => r.type === 'article_view'),
        resultClicks: sum((r) => r.type === 'result_click'),
        helpfulVotes: sum((r) => r.type === 'feedback' && r.helpful === true),
        unhelpfulVotes: sum((r) => r.type === 'feedback' && r.helpful === false),
        deflections: sum((r) => r.type === 'deflection'),
      },
      topQueries: top.map((r) => ({ query: r.query, locale: r.locale as Locale, count: Number(r.count) })),
      topZeroResultQueries: topZero.map((r) => ({ query: r.query, locale: r.locale as Locale, count: Number(r.count) })),
      topArticles: articlesRows.map((r) => ({
        slug: r.slug ?? '',
        locale: r.locale as Locale,
        views: Number(r.views),
        helpful: Number(r.helpful),
        unhelpful: Number(r.unhelpful),
      })),
    };
  }
}
