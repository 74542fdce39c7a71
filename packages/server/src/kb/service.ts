// Knowledge-base use cases: import, browse, read, search, and the prebuilt search index.
import { createHash } from 'node:crypto';
import { gzipSync, brotliCompressSync, constants as zlib } from 'node:zlib';
import { KnowledgeSearch, type Article, type ArticleList, type ArticleSummary, type CategoryList, type Locale, type SearchHit, type Visibility } from '@ayuda/core';
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import { notFound } from '../http/problem.js';
import { parseKbDirectory, type ParsedKb } from './parse.js';
import * as store from './store.js';

/** Who is reading: the anonymous public, a signed-in customer, or staff. */
export type Audience = 'public' | 'customer' | 'staff';
export const VISIBLE_TO: Record<Audience, Visibility[]> = {
  public: ['public'],
  customer: ['public', 'customers'],
  staff: ['public', 'customers', 'internal'],
};

export interface ImportSummary {
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  revision: number;
}

export interface BuiltIndex {
  revision: number;
  search: KnowledgeSearch;
  json: string;
  gzip: Buffer;
  brotli: Buffer;
  etag: string;
}

const EXCERPT_LENGTH = 200;

export function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= EXCERPT_LENGTH) return flat;
  const cut = flat.lastIndexOf(' ', EXCERPT_LENGTH);
  return `${flat.slice(0, cut > 0 ? cut : EXCERPT_LENGTH)} …`;
}

function summary(row: store.ArticleRow): ArticleSummary {
  return {
    slug: row.slug,
    locale: row.locale as Locale,
    title: row.title,
    category: row.category,
    tags: row.tags,
    type: row.type as 'article' | 'faq',
    updated: row.updated,
    excerpt: excerptOf(row.bodyText),
  };
}

export class KbService {
  readonly #db: Database;
  readonly #clock: Clock;
  readonly #revisionTtlMs: number;
  #revisionCache: { value: number; at: number } | null = null;
  readonly #indexes = new Map<Locale, Promise<BuiltIndex>>();

  constructor(deps: { db: Database; clock: Clock; revisionTtlMs?: number }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    // Several processes share one database: each re-reads the revision at most this often.
    this.#revisionTtlMs = deps.revisionTtlMs ?? 1000;
  }

  /** Imports a folder: adds, updates and removes articles in one transaction. */
  async importDirectory(dir: string): Promise<ImportSummary> {
    return this.importParsed(await parseKbDirectory(dir));
  }

  async importParsed(kb: ParsedKb): Promise<ImportSummary> {
    const now = this.#clock.now();
    const result = await this.#db.db.transaction(async (tx) => {
      const existing = await store.fileArticleHashes(tx);
      const byKey = new Map(existing.map((e) => [`${e.locale}/${e.slug}`, e]));
      let added = 0;
      let updated = 0;
      let unchanged = 0;
      for (const a of kb.articles) {
        const prev = byKey.get(`${a.locale}/${a.slug}`);
        byKey.delete(`${a.locale}/${a.slug}`);
        if (prev && prev.contentHash === a.contentHash && prev.source === a.source) {
          unchanged++;
          continue;
        }
        await store.upsertArticle(tx, a, now);
        if (prev) updated++;
        else added++;
      }
      const removed = [...byKey.values()].map((e) => e.id);
      await store.deleteArticles(tx, removed);
      const categoriesChanged = await store.replaceCategories(tx, kb.categories);
      const meta = await store.getMeta(tx);
      const synonymsChanged = store.stableJson(meta.synonyms) !== store.stableJson(kb.synonyms);
      if (added || updated || removed.length || categoriesChanged || synonymsChanged || meta.revision === 0) {
        await store.bumpRevision(tx, now, kb.synonyms);
      }
      const after = await store.getMeta(tx);
      return { added, updated, removed: removed.length, unchanged, revision: after.revision };
    });
    this.#revisionCache = null;
    return result;
  }

  /** The knowledge base's revision, re-read from the database at most once a second. */
  async revision(): Promise<number> {
    const now = Date.now();
    if (this.#revisionCache && now - this.#revisionCache.at < this.#revisionTtlMs) return this.#revisionCache.value;
    const meta = await store.getMeta(this.#db.db);
    this.#revisionCache = { value: meta.revision, at: now };
    return meta.revision;
  }

  async listCategories(locale: Locale, audience: Audience = 'public'): Promise<CategoryList> {
    const [rows, counts] = await Promise.all([store.listCategoryRows(this.#db.db), store.countByCategory(this.#db.db, locale, VISIBLE_TO[audience])]);
    const n = new Map(counts.map((c) => [c.category, c.n]));
    return {
      locale,
      categories: rows
        .filter((r) => (n.get(r.key) ?? 0) > 0)
        .map((r) => ({ key: r.key, name: r.labels[locale]?.name ?? r.key, description: r.labels[locale]?.description ?? '', articleCount: n.get(r.key) ?? 0 })),
    };
  }

  /** Whether a category with this key exists (articles of any visibility may use it). */
  async hasCategory(key: string): Promise<boolean> {
    return (await store.listCategoryRows(this.#db.db)).some((r) => r.key === key);
  }

  async listArticles(q: { locale: Locale; category?: string; limit?: number; offset?: number }, audience: Audience = 'public'): Promise<ArticleList> {
    const { rows, total } = await store.listArticleRows(this.#db.db, { ...q, visibilities: VISIBLE_TO[audience] });
    return { locale: q.locale, total, articles: rows.map(summary) };
  }

  async getArticle(locale: Locale, slug: string, audience: Audience = 'public'): Promise<Article & { faq: store.ArticleRow['faq'] }> {
    const row = await store.getArticleRow(this.#db.db, locale, slug);
    // An article the reader may not see is answered exactly like one that does not exist.
    if (!row || !VISIBLE_TO[audience].includes(row.visibility as Visibility)) throw notFound(`No article "${slug}" in ${locale}.`);
    const [translations, related] = await Promise.all([
      store.translationsOf(this.#db.db, row, VISIBLE_TO[audience]),
      store.relatedTo(this.#db.db, row, VISIBLE_TO[audience], 5),
    ]);
    return {
      ...summary(row),
      html: row.bodyHtml,
      translations: translations.map((t) => ({ ...t, locale: t.locale as Locale })),
      related,
      faq: row.faq,
    };
  }

  /** Every public article of every locale with its translations' locations, for the sitemap. */
  async sitemap(): Promise<Array<{ locale: Locale; slug: string; updated: string; translations: Array<{ locale: Locale; slug: string }> }>> {
    const { rows } = await store.listArticleRows(this.#db.db, { visibilities: VISIBLE_TO.public });
    const byKey = new Map<string, store.ArticleRow[]>();
    for (const r of rows) if (r.translationKey) byKey.set(r.translationKey, [...(byKey.get(r.translationKey) ?? []), r]);
    return rows.map((r) => ({
      locale: r.locale as Locale,
      slug: r.slug,
      updated: r.updated,
      translations: (r.translationKey ? byKey.get(r.translationKey)! : [])
        .filter((x) => x.id !== r.id)
        .map((x) => ({ locale: x.locale as Locale, slug: x.slug })),
    }));
  }

  /** The public search index of a locale, built once per revision and kept compressed. */
  async index(locale: Locale): Promise<BuiltIndex> {
    const revision = await this.revision();
    const cached = this.#indexes.get(locale);
    if (cached) {
      const built = await cached.catch(() => null);
      if (built && built.revision === revision) return built;
    }
    const promise = this.#buildIndex(locale, revision);
    this.#indexes.set(locale, promise);
    return promise;
  }

  async #buildIndex(locale: Locale, revision: number): Promise<BuiltIndex> {
    const [{ rows }, meta] = await Promise.all([
      store.listArticleRows(this.#db.db, { locale, visibilities: VISIBLE_TO.public }),
      store.getMeta(this.#db.db),
    ]);
    const search = KnowledgeSearch.build(
      rows.map((r) => ({ slug: r.slug, title: r.title, category: r.category, tags: r.tags, text: r.bodyText })),
      { locale, revision: String(revision), synonyms: meta.synonyms },
    );
    const json = JSON.stringify(search);
    const etag = `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`;
    return {
      revision,
      search,
      json,
      gzip: gzipSync(json, { level: 9 }),
      brotli: brotliCompressSync(json, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }),
      etag,
    };
  }

  async search(locale: Locale, query: string, limit = 10): Promise<{ total: number; results: SearchHit[] }> {
    const { search } = await this.index(locale);
    const all = search.search(query, { limit: 1000 });
    return { total: all.length, results: all.slice(0, limit) };
  }
}
