// Knowledge-base use cases: import, browse, read, search, and the prebuilt search index.
import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { gzipSync, brotliCompressSync, constants as zlib } from 'node:zlib';
import { stringify } from 'yaml';
import { KnowledgeSearch, type Article, type ArticleList, type ArticleSummary, type CategoryList, type Locale, type SearchHit, type SearchResponse, type Visibility } from '@ayuda/core';
import { SEARCH_COUNT_UP_TO } from '@ayuda/core/limits';
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import { notFound } from '../http/problem.js';
import { listMarkdown, parseKbDirectory, serializeArticle, type ParsedKb } from './parse.js';
import { scrollableTables } from './markdown.js';
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

/** An article an import would overwrite although the console changed it since the last import. */
export interface ImportConflict {
  locale: Locale;
  slug: string;
  file: string;
  reason: 'edited' | 'unpublished';
  by: string;
}

/** An import stopped because it would overwrite console edits (see `force`). */
export class KbImportConflictError extends Error {
  override name = 'KbImportConflictError';
  constructor(readonly conflicts: ImportConflict[]) {
    super(
      `Ayuda: the knowledge base was not imported: it would overwrite ${conflicts.length === 1 ? 'an article' : `${conflicts.length} articles`} changed in the console since the last import:\n` +
        conflicts.map((c) => `  ${c.file}: ${c.locale}/${c.slug} was ${c.reason === 'edited' ? 'edited' : 'taken down'} in the console by ${c.by}`).join('\n') +
        '\nExport the knowledge base (`ayuda kb export <dir>`) to bring those edits into your folder, or import with --force to overwrite them (they stay in the history).',
    );
  }
}

/** Who an import is recorded as in the articles' history. */
const IMPORT_ACTOR = { key: 'system', name: 'ayuda kb import' } as const;

export interface ExportSummary {
  articles: number;
  removed: number;
}

export interface BuiltIndex {
  revision: number;
  search: KnowledgeSearch;
  json: string;
  gzip: Buffer;
  brotli: Buffer;
  etag: string;
}

/** How long a process may go on serving a knowledge-base revision another process has replaced. */
export const KB_REVISION_TTL_MS = 250;

export class KbExportError extends Error {
  override name = 'KbExportError';
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
  readonly #staffIndexes = new Map<Locale, Promise<{ revision: number; search: KnowledgeSearch; visibility: Map<string, Visibility> }>>();

  constructor(deps: { db: Database; clock: Clock; revisionTtlMs?: number }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    // Several processes share one database: each re-reads the revision at most this often, so
    // a change made through another process shows in this one's search within this time.
    this.#revisionTtlMs = deps.revisionTtlMs ?? KB_REVISION_TTL_MS;
  }

  /** Forget the revision read last: this process changed the knowledge base. */
  changed(): void {
    this.#revisionCache = null;
  }

  /**
   * Imports a folder: adds, updates and removes articles in one transaction, each change
   * recorded as a revision. Stops with KbImportConflictError when it would overwrite an
   * article changed in the console since the last import, unless `force`.
   */
  async importDirectory(dir: string, opts: { force?: boolean } = {}): Promise<ImportSummary> {
    return this.importParsed(await parseKbDirectory(dir), opts);
  }

  async importParsed(kb: ParsedKb, opts: { force?: boolean } = {}): Promise<ImportSummary> {
    const now = this.#clock.now();
    const revisionOf = (a: Omit<store.NewRevision, 'id' | 'source' | 'publishedBy' | 'publishedByName' | 'publishedAt'>, source: 'import' | 'unpublish'): Omit<store.NewRevision, 'id'> => ({
      locale: a.locale, slug: a.slug, translationKey: a.translationKey ?? null, title: a.title, category: a.category, tags: a.tags ?? [], visibility: a.visibility, type: a.type ?? 'article', bodyMarkdown: a.bodyMarkdown, contentHash: a.contentHash,
      source, publishedBy: IMPORT_ACTOR.key, publishedByName: IMPORT_ACTOR.name, publishedAt: now,
    });
    const result = await this.#db.db.transaction(async (tx) => {
      const existing = await store.allArticleRows(tx);
      const byKey = new Map(existing.map((e) => [`${e.locale}/${e.slug}`, e]));
      const latest = new Map((await store.latestRevisions(tx)).map((r) => [`${r.locale}/${r.slug}`, r]));
      const conflicts: ImportConflict[] = [];
      for (const a of kb.articles) {
        const key = `${a.locale}/${a.slug}`;
        const prev = byKey.get(key);
        const last = latest.get(key);
        if (prev && prev.contentHash !== a.contentHash && !prev.source.startsWith('file:')) {
          conflicts.push({ locale: a.locale, slug: a.slug, file: a.source.slice(5), reason: 'edited', by: last?.publishedByName ?? 'staff' });
        } else if (!prev && last?.source === 'unpublish' && last.publishedBy !== IMPORT_ACTOR.key) {
          conflicts.push({ locale: a.locale, slug: a.slug, file: a.source.slice(5), reason: 'unpublished', by: last.publishedByName });
        }
      }
      if (conflicts.length && !opts.force) throw new KbImportConflictError(conflicts);
      let added = 0;
      let updated = 0;
      let unchanged = 0;
      for (const a of kb.articles) {
        const key = `${a.locale}/${a.slug}`;
        const prev = byKey.get(key);
        if (prev && prev.contentHash === a.contentHash) {
          // The same article: nothing public changes. One published from the console now has
          // its file (an export, committed), so later edits of that file import without a conflict.
          if (prev.source !== a.source) await store.setArticleSource(tx, prev.id, a.source);
          unchanged++;
          continue;
        }
        await store.upsertArticle(tx, a, now);
        await store.insertRevision(tx, revisionOf(a, 'import'));
        if (prev) updated++;
        else added++;
      }
      // Articles that came from a file no longer in the folder go; console ones stay.
      const inFolder = new Set(kb.articles.map((a) => `${a.locale}/${a.slug}`));
      const gone = existing.filter((e) => e.source.startsWith('file:') && !inFolder.has(`${e.locale}/${e.slug}`));
      for (const e of gone) await store.insertRevision(tx, revisionOf({ ...e, locale: e.locale }, 'unpublish'));
      const removed = gone.map((e) => e.id);
      await store.deleteArticles(tx, removed);
      const categoriesChanged = await store.replaceCategories(tx, kb.categories);
      const meta = await store.getMeta(tx);
      const synonymsChanged = store.stableJson(meta.synonyms) !== store.stableJson(kb.synonyms);
      if (added || updated || removed.length || categoriesChanged || synonymsChanged || meta.revision === 0) {
        await store.bumpRevision(tx, now, kb.synonyms);
      }
      // The categories' and synonyms' history (restorable in the console) records what an import gave them.
      const imported = { source: 'import', changedBy: IMPORT_ACTOR.key, changedByName: IMPORT_ACTOR.name, changedAt: now };
      if (categoriesChanged) await store.insertTaxonomyRevision(tx, { kind: 'categories', value: (await store.listCategoryRows(tx)).map((r) => ({ key: r.key, labels: r.labels })), ...imported });
      if (synonymsChanged) await store.insertTaxonomyRevision(tx, { kind: 'synonyms', value: { es: kb.synonyms.es ?? [], en: kb.synonyms.en ?? [] }, ...imported });
      const after = await store.getMeta(tx);
      return { added, updated, removed: removed.length, unchanged, revision: after.revision };
    });
    this.changed();
    return result;
  }

  /**
   * Writes the published knowledge base as a folder `ayuda kb import` reads: each article in
   * its canonical form (see serializeArticle) at the path it was imported from, or
   * `<locale>/<slug>.md`; `categories.yaml`; `synonyms.yaml`. Drafts are not written. A folder
   * with files in it is refused unless `force`, which also removes the article files in it that
   * are no longer published (a folder kept in git has them in its history).
   */
  async exportDirectory(dir: string, opts: { force?: boolean } = {}): Promise<ExportSummary> {
    const [rows, cats, meta] = await Promise.all([store.allArticleRows(this.#db.db), store.listCategoryRows(this.#db.db), store.getMeta(this.#db.db)]);
    const existing = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return [] as string[];
      throw e;
    });
    if (existing.length && !opts.force) throw new KbExportError(`Ayuda: ${dir} is not empty; export into an empty folder, or add --force to overwrite its articles (article files no longer published are removed).`);
    const files = new Map<string, string>();
    for (const r of rows) {
      let path = r.source.startsWith('file:') ? r.source.slice(5) : `${r.locale}/${r.slug}.md`;
      if (files.has(path)) path = `${r.locale}/${r.slug}.md`;
      if (files.has(path)) path = `${r.locale}/${r.slug}-${r.id}.md`;
      files.set(path, serializeArticle({ ...r, locale: r.locale as Locale, visibility: r.visibility as Visibility, type: r.type as 'article' | 'faq', translation: r.translationKey }, r.bodyMarkdown));
    }
    let removed = 0;
    if (existing.length) {
      for (const file of await listMarkdown(dir)) {
        const rel = relative(dir, file).split(sep).join('/');
        if (!files.has(rel)) {
          await rm(file);
          removed++;
        }
      }
    }
    for (const [path, text] of files) {
      const full = join(dir, ...path.split('/'));
      await mkdir(dirname(full), { recursive: true });
      await writeFile(full, text);
    }
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'categories.yaml'), stringify(cats.map((c) => ({ key: c.key, es: c.labels.es, en: c.labels.en })), { lineWidth: 0 }));
    const synonyms = { es: meta.synonyms.es ?? [], en: meta.synonyms.en ?? [] };
    await writeFile(join(dir, 'synonyms.yaml'), stringify(synonyms, { lineWidth: 0 }));
    return { articles: files.size, removed };
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
      html: scrollableTables(row.bodyHtml, locale),
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

  /** Search over published articles of every visibility (internal ones too), for staff; built once per revision. */
  async staffSearch(locale: Locale, query: string, limit = 10): Promise<{ total: number; results: Array<SearchHit & { visibility: Visibility }> }> {
    const revision = await this.revision();
    let cached = this.#staffIndexes.get(locale);
    const built = cached ? await cached.catch(() => null) : null;
    if (!built || built.revision !== revision) {
      cached = (async () => {
        const [{ rows }, meta] = await Promise.all([store.listArticleRows(this.#db.db, { locale, visibilities: VISIBLE_TO.staff }), store.getMeta(this.#db.db)]);
        const search = KnowledgeSearch.build(
          rows.map((r) => ({ slug: r.slug, title: r.title, category: r.category, tags: r.tags, text: r.bodyText })),
          { locale, revision: String(revision), synonyms: meta.synonyms },
        );
        return { revision, search, visibility: new Map(rows.map((r) => [r.slug, r.visibility as Visibility])) };
      })();
      this.#staffIndexes.set(locale, cached);
    }
    const { search, visibility } = await cached!;
    // Staff see every match, weak ones too (no minimum coverage): they know what they look for.
    const { hits, total } = search.searchCounted(query, { limit, minCoverage: 0, countUpTo: SEARCH_COUNT_UP_TO });
    return { total, results: hits.map((h) => ({ ...h, visibility: visibility.get(h.slug) ?? 'internal' })) };
  }

  /** Public search, with a did-you-mean `suggestion` when nothing was found. */
  async search(locale: Locale, query: string, limit = 10): Promise<{ total: number; results: SearchHit[]; suggestion?: string }> {
    const { search } = await this.index(locale);
    // The total counts up to SEARCH_COUNT_UP_TO matches; only `limit` of them are made into results.
    const { hits, total } = search.searchCounted(query, { limit, countUpTo: SEARCH_COUNT_UP_TO });
    const suggestion = total ? null : search.suggest(query);
    return { total, results: hits, ...(suggestion ? { suggestion } : {}) };
  }

  /** The search API's answer (`GET /kb/search` and live search alike). */
  async searchResponse(locale: Locale, query: string, limit = 10): Promise<SearchResponse> {
    const { total, results, suggestion } = await this.search(locale, query, limit);
    return { query, locale, total, results, ...(suggestion ? { suggestion } : {}) };
  }
}
