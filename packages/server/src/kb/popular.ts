// The most-read articles: public articles of a language (of one topic, a category key, when
// asked) ranked by their views in the last 30 days, counted in SQL from the anonymous
// `article_view` events, and topped up with the most recently updated articles when few were
// read (a new knowledge base shows a list from its first day). The period ends at the start of
// the current hour, so a list is the same all hour long: kept in memory per knowledge-base
// revision and hour, and tagged with both for HTTP caches.
import { and, asc, count, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { POPULAR_DEFAULTS, type Locale, type PopularArticles } from '@ayuda/core';
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import { analyticsEvents, articles } from '../db/schema.js';
import type { KbService } from './service.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export class KbPopular {
  readonly #db: Database;
  readonly #clock: Clock;
  readonly #kb: KbService;
  /** Per locale, topic and limit: the list of one revision and hour. Keys are bounded: topics are category keys. */
  readonly #lists = new Map<string, { key: string; list: Promise<PopularArticles> }>();
  /** Per locale: the keys of the categories with public articles, for one revision and hour. */
  readonly #categories = new Map<string, { key: string; keys: Promise<Set<string>> }>();

  constructor(deps: { db: Database; clock: Clock; kb: KbService }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#kb = deps.kb;
  }

  /** The start of the current hour: the end of the period counted, and part of every cache key. */
  periodEnd(): Date {
    const now = this.#clock.now().getTime();
    return new Date(now - (now % HOUR_MS));
  }

  /** A tag for the list a request gets: changes with the knowledge base and every hour. */
  async version(): Promise<string> {
    return `${await this.#kb.revision()}|${this.periodEnd().toISOString()}`;
  }

  async list(q: { locale: Locale; topic?: string | undefined; limit?: number | undefined }): Promise<PopularArticles> {
    const limit = q.limit ?? POPULAR_DEFAULTS.limit;
    const version = await this.version();
    // A topic with no public article in this language lists every topic (and says so: topic null).
    const topic = q.topic && (await this.#topics(q.locale, version)).has(q.topic) ? q.topic : null;
    const id = `${q.locale}|${topic ?? ''}|${limit}`;
    const cached = this.#lists.get(id);
    if (cached && cached.key === version) return cached.list;
    const entry = { key: version, list: this.#compute(q.locale, topic, limit) };
    this.#lists.set(id, entry);
    entry.list.catch(() => this.#lists.get(id) === entry && this.#lists.delete(id));
    return entry.list;
  }

  #topics(locale: Locale, version: string): Promise<Set<string>> {
    const cached = this.#categories.get(locale);
    if (cached && cached.key === version) return cached.keys;
    const entry = { key: version, keys: this.#kb.listCategories(locale).then((l) => new Set(l.categories.map((c) => c.key))) };
    this.#categories.set(locale, entry);
    entry.keys.catch(() => this.#categories.get(locale) === entry && this.#categories.delete(locale));
    return entry.keys;
  }

  async #compute(locale: Locale, topic: string | null, limit: number): Promise<PopularArticles> {
    const to = this.periodEnd();
    const from = new Date(to.getTime() - POPULAR_DEFAULTS.days * DAY_MS);
    const e = analyticsEvents;
    const a = articles;
    const db = this.#db.db;
    const views = db
      .select({ slug: e.slug, views: count().as('views') })
      .from(e)
      .where(and(eq(e.type, 'article_view'), eq(e.locale, locale), gte(e.createdAt, from), lt(e.createdAt, to)))
      .groupBy(e.slug)
      .as('v');
    const viewed = sql<number>`coalesce(${views.views}, 0)`;
    const rows = await db
      .select({ slug: a.slug, title: a.title, category: a.category, views: viewed.mapWith(Number) })
      .from(a)
      .leftJoin(views, eq(views.slug, a.slug))
      .where(and(eq(a.locale, locale), eq(a.visibility, 'public'), topic ? eq(a.category, topic) : undefined))
      .orderBy(desc(viewed), desc(a.updated), asc(a.slug))
      .limit(limit);
    return { locale, topic, from: from.toISOString(), to: to.toISOString(), articles: rows };
  }
}
