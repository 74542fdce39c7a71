// Knowledge-base queries. Only this file knows the tables' shape.
import { and, asc, count, desc, eq, inArray, like, max, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { articles, categories, kbDrafts, kbMeta, kbRevisions, kbTaxonomyRevisions } from '../db/schema.js';
import type { Locale, Visibility } from '@ayuda/core';
import type { ParsedArticle, ParsedCategory } from './parse.js';

export type ArticleRow = typeof articles.$inferSelect;
export type CategoryRow = typeof categories.$inferSelect;
export type DraftRow = typeof kbDrafts.$inferSelect;
export type RevisionRow = typeof kbRevisions.$inferSelect;
export type NewRevision = typeof kbRevisions.$inferInsert;
type Q = Db | Tx;

/** JSON with object keys sorted: jsonb does not keep key order, so compare this way. */
export function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val) ? Object.fromEntries(Object.entries(val).sort(([a], [b]) => a.localeCompare(b))) : val,
  );
}

export async function getMeta(db: Q) {
  const [row] = await db.select().from(kbMeta).where(eq(kbMeta.id, 1));
  return row ?? { id: 1, revision: 0, synonyms: {}, updatedAt: new Date(0) };
}

export async function bumpRevision(tx: Tx, now: Date, synonyms?: Record<string, string[][]>) {
  await tx
    .insert(kbMeta)
    .values({ id: 1, revision: 1, synonyms: synonyms ?? {}, updatedAt: now })
    .onConflictDoUpdate({
      target: kbMeta.id,
      set: { revision: sql`${kbMeta.revision} + 1`, updatedAt: now, ...(synonyms ? { synonyms } : {}) },
    });
}

export async function listCategoryRows(db: Q): Promise<CategoryRow[]> {
  return db.select().from(categories).orderBy(asc(categories.position), asc(categories.key));
}

export async function replaceCategories(tx: Tx, rows: ParsedCategory[]) {
  const existing = await tx.select({ key: categories.key, position: categories.position, labels: categories.labels }).from(categories);
  const same =
    existing.length === rows.length &&
    rows.every((r) => {
      const e = existing.find((x) => x.key === r.key);
      return e && e.position === r.position && stableJson(e.labels) === stableJson(r.labels);
    });
  if (same) return false;
  await tx.delete(categories);
  if (rows.length) await tx.insert(categories).values(rows);
  return true;
}

export async function countByCategory(db: Q, locale: Locale, visibilities: Visibility[]) {
  return db
    .select({ category: articles.category, n: count() })
    .from(articles)
    .where(and(eq(articles.locale, locale), inArray(articles.visibility, visibilities)))
    .groupBy(articles.category);
}

export async function listArticleRows(
  db: Q,
  q: { locale?: Locale; category?: string; visibilities: Visibility[]; limit?: number; offset?: number },
) {
  const where = and(
    q.locale ? eq(articles.locale, q.locale) : undefined,
    q.category ? eq(articles.category, q.category) : undefined,
    inArray(articles.visibility, q.visibilities),
  );
  const base = db.select().from(articles).where(where).orderBy(asc(articles.category), asc(articles.title));
  const rows = await (q.limit !== undefined ? base.limit(q.limit).offset(q.offset ?? 0) : base);
  const [total] = await db.select({ n: count() }).from(articles).where(where);
  return { rows, total: total?.n ?? 0 };
}

export async function getArticleRow(db: Q, locale: Locale, slug: string): Promise<ArticleRow | undefined> {
  const [row] = await db.select().from(articles).where(and(eq(articles.locale, locale), eq(articles.slug, slug)));
  return row;
}

export async function translationsOf(db: Q, row: ArticleRow, visibilities: Visibility[]) {
  if (!row.translationKey) return [];
  return db
    .select({ locale: articles.locale, slug: articles.slug, title: articles.title })
    .from(articles)
    .where(and(eq(articles.translationKey, row.translationKey), ne(articles.id, row.id), inArray(articles.visibility, visibilities)));
}

export async function relatedTo(db: Q, row: ArticleRow, visibilities: Visibility[], limit: number) {
  return db
    .select({ slug: articles.slug, title: articles.title })
    .from(articles)
    .where(and(eq(articles.locale, row.locale), eq(articles.category, row.category), ne(articles.id, row.id), inArray(articles.visibility, visibilities)))
    .orderBy(asc(articles.title))
    .limit(limit);
}

/** Every published article, every visibility. */
export async function allArticleRows(db: Q): Promise<ArticleRow[]> {
  return db.select().from(articles).orderBy(asc(articles.locale), asc(articles.category), asc(articles.title));
}

export async function setArticleSource(tx: Tx, id: number, source: string) {
  await tx.update(articles).set({ source }).where(eq(articles.id, id));
}

export async function deleteArticle(tx: Tx, id: number) {
  await tx.delete(articles).where(eq(articles.id, id));
}

// ---- drafts ----

export async function allDrafts(db: Q): Promise<DraftRow[]> {
  return db.select().from(kbDrafts);
}

export async function getDraft(db: Q, locale: Locale, slug: string, forUpdate = false): Promise<DraftRow | undefined> {
  const q = db.select().from(kbDrafts).where(and(eq(kbDrafts.locale, locale), eq(kbDrafts.slug, slug)));
  const [row] = await (forUpdate ? q.for('update') : q);
  return row;
}

export type DraftValues = Omit<typeof kbDrafts.$inferInsert, 'id' | 'createdAt'>;

/** Creates or replaces the draft of `values.locale`/`values.slug`; `keepBase` keeps an existing draft's base revision. */
export async function upsertDraft(tx: Tx, values: DraftValues, now: Date, keepBase: boolean) {
  const { baseRevisionId, ...rest } = values;
  await tx
    .insert(kbDrafts)
    .values({ ...values, createdAt: now })
    .onConflictDoUpdate({ target: [kbDrafts.locale, kbDrafts.slug], set: keepBase ? rest : { ...rest, baseRevisionId: baseRevisionId ?? null } });
}

export async function deleteDraft(tx: Q, locale: Locale, slug: string): Promise<boolean> {
  const gone = await tx.delete(kbDrafts).where(and(eq(kbDrafts.locale, locale), eq(kbDrafts.slug, slug))).returning({ id: kbDrafts.id });
  return gone.length > 0;
}

// ---- revisions ----

export async function insertRevision(tx: Tx, r: Omit<NewRevision, 'id'>) {
  const [row] = await tx.insert(kbRevisions).values(r).returning({ id: kbRevisions.id });
  return row!.id;
}

/** The newest revision of each article that has any. */
export async function latestRevisions(db: Q): Promise<RevisionRow[]> {
  const newest = db.select({ id: max(kbRevisions.id) }).from(kbRevisions).groupBy(kbRevisions.locale, kbRevisions.slug);
  return db.select().from(kbRevisions).where(inArray(kbRevisions.id, newest));
}

export async function latestRevision(db: Q, locale: Locale, slug: string): Promise<RevisionRow | undefined> {
  const [row] = await db.select().from(kbRevisions).where(and(eq(kbRevisions.locale, locale), eq(kbRevisions.slug, slug))).orderBy(desc(kbRevisions.id)).limit(1);
  return row;
}

export async function listRevisions(db: Q, locale: Locale, slug: string): Promise<RevisionRow[]> {
  return db.select().from(kbRevisions).where(and(eq(kbRevisions.locale, locale), eq(kbRevisions.slug, slug))).orderBy(desc(kbRevisions.id));
}

export async function getRevision(db: Q, locale: Locale, slug: string, id: number): Promise<RevisionRow | undefined> {
  const [row] = await db.select().from(kbRevisions).where(and(eq(kbRevisions.id, id), eq(kbRevisions.locale, locale), eq(kbRevisions.slug, slug)));
  return row;
}

// ---- categories ----

export async function countAllByCategory(db: Q) {
  return db.select({ category: articles.category, n: count() }).from(articles).groupBy(articles.category);
}

/** Writes every category's position from its place in `keys`, and labels for those given. */
export async function writeCategories(tx: Tx, rows: Array<{ key: string; labels: CategoryRow['labels'] }>) {
  await tx.delete(categories);
  if (rows.length) await tx.insert(categories).values(rows.map((r, position) => ({ key: r.key, position, labels: r.labels })));
}

/** Articles published from a folder (`file:` sources): the ones an import may remove. */
export async function fileArticleIds(tx: Tx) {
  return tx.select({ id: articles.id }).from(articles).where(like(articles.source, 'file:%'));
}

export async function upsertArticle(tx: Tx, a: ParsedArticle, now: Date) {
  const values = {
    locale: a.locale,
    slug: a.slug,
    translationKey: a.translationKey,
    title: a.title,
    category: a.category,
    tags: a.tags,
    visibility: a.visibility,
    type: a.type,
    updated: a.updated,
    bodyMarkdown: a.bodyMarkdown,
    bodyHtml: a.bodyHtml,
    bodyText: a.bodyText,
    faq: a.faq,
    source: a.source,
    contentHash: a.contentHash,
    updatedAt: now,
  };
  await tx
    .insert(articles)
    .values({ ...values, createdAt: now })
    .onConflictDoUpdate({ target: [articles.locale, articles.slug], set: values });
}

export async function deleteArticles(tx: Tx, ids: number[]) {
  if (ids.length) await tx.delete(articles).where(inArray(articles.id, ids));
}

// ---- the history of the categories and the synonyms ----

export type TaxonomyKind = 'categories' | 'synonyms';
export type TaxonomyRevisionRow = typeof kbTaxonomyRevisions.$inferSelect;

export async function insertTaxonomyRevision(tx: Tx, values: Omit<typeof kbTaxonomyRevisions.$inferInsert, 'id'>): Promise<TaxonomyRevisionRow> {
  const [row] = await tx.insert(kbTaxonomyRevisions).values(values).returning();
  return row!;
}

export async function hasTaxonomyRevision(tx: Tx, kind: TaxonomyKind): Promise<boolean> {
  const rows = await tx.select({ id: kbTaxonomyRevisions.id }).from(kbTaxonomyRevisions).where(eq(kbTaxonomyRevisions.kind, kind)).limit(1);
  return rows.length > 0;
}

export async function taxonomyRevisions(db: Q, kind: TaxonomyKind, limit: number): Promise<TaxonomyRevisionRow[]> {
  return db.select().from(kbTaxonomyRevisions).where(eq(kbTaxonomyRevisions.kind, kind)).orderBy(desc(kbTaxonomyRevisions.id)).limit(limit);
}

export async function taxonomyRevision(db: Q, kind: TaxonomyKind, id: number): Promise<TaxonomyRevisionRow | undefined> {
  const [row] = await db.select().from(kbTaxonomyRevisions).where(and(eq(kbTaxonomyRevisions.kind, kind), eq(kbTaxonomyRevisions.id, id)));
  return row;
}
