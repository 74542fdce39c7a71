// The knowledge-base editor's use cases: drafts, publishing, taking down, revisions and restore,
// categories and synonyms. Published articles live in `kb_articles` exactly as an import puts
// them there (rendered and sanitised by the same code); every publish, import and take-down is
// a row of `kb_revisions`; every change bumps `kb_meta.revision`, which every process's caches
// key on (see KbService.revision).
import { PROBLEM_TYPES, type KbArticleRows, type KbEditorArticle, type KbRevision, type KbStaffCategoryList, type KbSynonyms, type KbTaxonomyRevision, type Locale, type Visibility } from '@ayuda/core';
import type { Database, Tx } from '../db/client.js';
import type { Clock } from '../clock.js';
import { AppError, notFound, validationError } from '../http/problem.js';
import { actorKey, type StaffActor } from '../staff/actor.js';
import { buildArticle, type ArticleFields } from './parse.js';
import { renderMarkdown, scrollableTables } from './markdown.js';
import type { KbService } from './service.js';
import * as store from './store.js';

export interface DraftInput {
  title: string;
  category: string;
  tags: string[];
  visibility: Visibility;
  type: 'article' | 'faq';
  translation: string | null;
  body: string;
  baseRevisionId?: number | null | undefined;
  expectedDraftAt?: string | null | undefined;
}

/** An article's fields a draft sets, as the audit log names them. */
export const DRAFT_FIELDS = ['title', 'category', 'tags', 'visibility', 'type', 'translation', 'body'] as const;
export type DraftField = (typeof DRAFT_FIELDS)[number];
type ShortFields = Omit<Pick<DraftInput, DraftField>, 'body'>;

/**
 * What a draft's save changed, for the audit log: the article's title, whether it is new, which
 * fields differ from what it replaced (the previous draft, else the latest revision), and those
 * fields' values before and after, except the body's (the revisions keep the text; an audit
 * needs only that it changed).
 */
export interface DraftChanges {
  title: string;
  /** Nothing had this address before: no draft, no revision. */
  created: boolean;
  changed: DraftField[];
  before: Partial<ShortFields>;
  after: Partial<ShortFields>;
}

function draftChanges(prior: Pick<DraftInput, DraftField> | null, next: DraftInput): DraftChanges {
  if (!prior) return { title: next.title, created: true, changed: [], before: {}, after: {} };
  const changed = DRAFT_FIELDS.filter((f) => JSON.stringify(prior[f]) !== JSON.stringify(next[f]));
  const short = changed.filter((f): f is Exclude<DraftField, 'body'> => f !== 'body');
  const pick = (from: Pick<DraftInput, DraftField>) => Object.fromEntries(short.map((f) => [f, from[f]])) as Partial<ShortFields>;
  return { title: next.title, created: false, changed, before: pick(prior), after: pick(next) };
}

const fieldsOf = (r: { title: string; category: string; tags: string[]; visibility: string; type: string; translationKey: string | null; bodyMarkdown: string }): Pick<DraftInput, DraftField> => ({
  title: r.title,
  category: r.category,
  tags: r.tags,
  visibility: r.visibility as Visibility,
  type: r.type as 'article' | 'faq',
  translation: r.translationKey,
  body: r.bodyMarkdown,
});

type ArticleState = KbEditorArticle['state'];

const conflict = (detail: string) => new AppError(409, PROBLEM_TYPES.conflict, 'Conflict', detail);
const keyOf = (r: { locale: string; slug: string }) => `${r.locale}/${r.slug}`;

function stateOf(published: boolean, draft: boolean): ArticleState {
  if (published) return draft ? 'changed' : 'published';
  return draft ? 'draft' : 'unpublished';
}

export class KbEditor {
  constructor(private readonly deps: { db: Database; clock: Clock; kb: KbService }) {}

  get #db() {
    return this.deps.db.db;
  }

  #today(): string {
    return this.deps.clock.now().toISOString().slice(0, 10);
  }

  /** A write: in one transaction, the revision bumped, and this process's caches told at once. */
  async #write<T>(fn: (tx: Tx, now: Date) => Promise<T>): Promise<T> {
    const now = this.deps.clock.now();
    const result = await this.#db.transaction(async (tx) => {
      const r = await fn(tx, now);
      await store.bumpRevision(tx, now);
      return r;
    });
    this.deps.kb.changed();
    return result;
  }

  // ---- articles ----

  async list(q: { locale?: Locale | undefined; category?: string | undefined; state?: ArticleState | undefined; q?: string | undefined }): Promise<KbArticleRows> {
    const [rows, drafts, latest] = await Promise.all([store.allArticleRows(this.#db), store.allDrafts(this.#db), store.latestRevisions(this.#db)]);
    const byKey = new Map<string, KbArticleRows['articles'][number]>();
    const last = new Map(latest.map((r) => [keyOf(r), r]));
    for (const r of latest) {
      if (r.source !== 'unpublish') continue;
      byKey.set(keyOf(r), { locale: r.locale as Locale, slug: r.slug, state: 'unpublished', title: r.title, category: r.category, visibility: r.visibility as Visibility, type: r.type as 'article' | 'faq', translation: r.translationKey, updatedAt: r.publishedAt.toISOString(), updatedByName: r.publishedByName });
    }
    for (const r of rows) {
      const rev = last.get(keyOf(r));
      byKey.set(keyOf(r), { locale: r.locale as Locale, slug: r.slug, state: 'published', title: r.title, category: r.category, visibility: r.visibility as Visibility, type: r.type as 'article' | 'faq', translation: r.translationKey, updatedAt: r.updatedAt.toISOString(), updatedByName: rev?.publishedByName ?? null });
    }
    for (const d of drafts) {
      const live = byKey.get(keyOf(d))?.state === 'published';
      byKey.set(keyOf(d), { locale: d.locale as Locale, slug: d.slug, state: live ? 'changed' : 'draft', title: d.title, category: d.category, visibility: d.visibility as Visibility, type: d.type as 'article' | 'faq', translation: d.translationKey, updatedAt: d.updatedAt.toISOString(), updatedByName: d.updatedByName });
    }
    const text = q.q?.toLowerCase();
    const articles = [...byKey.values()]
      .filter((a) => (!q.locale || a.locale === q.locale) && (!q.category || a.category === q.category) && (!q.state || a.state === q.state))
      .filter((a) => !text || a.title.toLowerCase().includes(text) || a.slug.includes(text))
      .sort((a, b) => a.locale.localeCompare(b.locale) || a.category.localeCompare(b.category) || a.title.localeCompare(b.title, a.locale) || a.slug.localeCompare(b.slug));
    return { total: articles.length, articles };
  }

  async get(locale: Locale, slug: string, db: Parameters<typeof store.getArticleRow>[0] = this.#db): Promise<KbEditorArticle> {
    const [row, draft, last] = await Promise.all([store.getArticleRow(db, locale, slug), store.getDraft(db, locale, slug), store.latestRevision(db, locale, slug)]);
    if (!row && !draft && !last) throw notFound(`No article "${slug}" in ${locale}, published, draft or in history.`);
    const currentRevisionId = last?.id ?? null;
    return {
      locale,
      slug,
      state: stateOf(!!row, !!draft),
      published: row
        ? { title: row.title, category: row.category, tags: row.tags, visibility: row.visibility as Visibility, type: row.type as 'article' | 'faq', translation: row.translationKey, updated: row.updated, body: row.bodyMarkdown, html: row.bodyHtml, source: row.source, updatedAt: row.updatedAt.toISOString() }
        : null,
      draft: draft
        ? { title: draft.title, category: draft.category, tags: draft.tags, visibility: draft.visibility as Visibility, type: draft.type as 'article' | 'faq', translation: draft.translationKey, body: draft.bodyMarkdown, baseRevisionId: draft.baseRevisionId, updatedBy: draft.updatedBy, updatedByName: draft.updatedByName, updatedAt: draft.updatedAt.toISOString() }
        : null,
      currentRevisionId,
      conflict: !!draft && draft.baseRevisionId !== currentRevisionId,
    };
  }

  /** Checks a draft as a publish would: the category exists, the body renders (a FAQ has questions). 422 problem naming the fields. */
  async #check(db: Parameters<typeof store.listCategoryRows>[0], locale: Locale, slug: string, input: DraftInput) {
    const errors: Array<{ field: string; message: string }> = [];
    const cats = await store.listCategoryRows(db);
    if (!cats.some((c) => c.key === input.category)) errors.push({ field: 'body.category', message: `unknown category "${input.category}"; the categories are ${cats.map((c) => c.key).join(', ') || 'none yet'}` });
    const built = buildArticle(this.#fields(locale, slug, input), input.body, 'console');
    if ('problem' in built) errors.push({ field: `body.${built.problem.field}`, message: built.problem.message });
    if (errors.length) throw validationError(errors, 422);
    return built as Exclude<typeof built, { problem: unknown }>;
  }

  #fields(locale: Locale, slug: string, d: Omit<DraftInput, 'body'>): ArticleFields {
    return { title: d.title, slug, locale, category: d.category, tags: d.tags, visibility: d.visibility, updated: this.#today(), translation: d.translation, type: d.type };
  }

  /** `createOnly`: refuses (412) an address some article has or had, so "new article" never overwrites one. */
  async saveDraft(locale: Locale, slug: string, input: DraftInput, actor: StaffActor, opts: { createOnly?: boolean } = {}): Promise<KbEditorArticle> {
    return (await this.saveDraftWithChanges(locale, slug, input, actor, opts)).article;
  }

  /** `saveDraft`, and what the save changed (for the audit log). */
  async saveDraftWithChanges(locale: Locale, slug: string, input: DraftInput, actor: StaffActor, opts: { createOnly?: boolean } = {}): Promise<{ article: KbEditorArticle; changes: DraftChanges }> {
    await this.#check(this.#db, locale, slug, input);
    const now = this.deps.clock.now();
    const changes = await this.#db.transaction(async (tx) => {
      const existing = await store.getDraft(tx, locale, slug, true);
      if (input.expectedDraftAt !== undefined && (existing?.updatedAt.toISOString() ?? null) !== input.expectedDraftAt) {
        throw new AppError(412, PROBLEM_TYPES.preconditionFailed, 'Precondition failed', existing ? `${existing.updatedByName} changed this draft at ${existing.updatedAt.toISOString()}, after you opened it: reload it to see their text.` : 'The draft you edited was published or discarded meanwhile: reload the article.');
      }
      const latest = existing ? undefined : await store.latestRevision(tx, locale, slug);
      if (opts.createOnly && (existing || latest)) {
        throw new AppError(412, PROBLEM_TYPES.preconditionFailed, 'Precondition failed', `An article "${slug}" in ${locale} exists already (published, taken down or as a draft): open it, or choose another slug.`);
      }
      const base = existing ? existing.baseRevisionId : input.baseRevisionId !== undefined ? input.baseRevisionId : (latest?.id ?? null);
      await store.upsertDraft(tx, this.#draftValues(locale, slug, input, base, actor, now), now, !!existing);
      const prior = existing ?? latest;
      return draftChanges(prior ? fieldsOf(prior) : null, input);
    });
    // Drafts are seen by no cache and no customer: the revision stays.
    return { article: await this.get(locale, slug), changes };
  }

  #draftValues(locale: Locale, slug: string, d: DraftInput, base: number | null, actor: StaffActor, now: Date): store.DraftValues {
    return { locale, slug, translationKey: d.translation, title: d.title, category: d.category, tags: d.tags, visibility: d.visibility, type: d.type, bodyMarkdown: d.body, baseRevisionId: base, updatedBy: actorKey(actor), updatedByName: actor.name, updatedAt: now };
  }

  async discardDraft(locale: Locale, slug: string): Promise<void> {
    if (!(await store.deleteDraft(this.#db, locale, slug))) throw notFound(`No draft of "${slug}" in ${locale}.`);
  }

  /** Publishes the draft: rendered as an import renders, a revision written, the draft gone, the revision bumped; all at once. */
  async publish(locale: Locale, slug: string, actor: StaffActor, opts: { force: boolean }): Promise<KbEditorArticle> {
    await this.#write(async (tx, now) => {
      const draft = await store.getDraft(tx, locale, slug, true);
      if (!draft) throw notFound(`No draft of "${slug}" in ${locale} to publish.`);
      const current = (await store.latestRevision(tx, locale, slug))?.id ?? null;
      if (current !== draft.baseRevisionId && !opts.force) {
        throw conflict(`The article changed since this draft was started (its revision ${draft.baseRevisionId ?? 'none'}, now ${current}): compare with the revisions, then publish with force=true to replace it.`);
      }
      const input: DraftInput = { title: draft.title, category: draft.category, tags: draft.tags, visibility: draft.visibility as Visibility, type: draft.type as 'article' | 'faq', translation: draft.translationKey, body: draft.bodyMarkdown };
      const a = await this.#check(tx, locale, slug, input);
      await store.upsertArticle(tx, a, now);
      await store.insertRevision(tx, { ...this.#revisionFields(a), source: 'console', publishedBy: actorKey(actor), publishedByName: actor.name, publishedAt: now });
      await store.deleteDraft(tx, locale, slug);
    });
    return this.get(locale, slug);
  }

  #revisionFields(a: { locale: string; slug: string; translationKey: string | null; title: string; category: string; tags: string[]; visibility: string; type: string; bodyMarkdown: string; contentHash: string }) {
    return { locale: a.locale, slug: a.slug, translationKey: a.translationKey, title: a.title, category: a.category, tags: a.tags, visibility: a.visibility, type: a.type, bodyMarkdown: a.bodyMarkdown, contentHash: a.contentHash };
  }

  /** Takes a published article down; the revision written keeps its text, so restoring it brings it back. */
  async unpublish(locale: Locale, slug: string, actor: StaffActor): Promise<KbEditorArticle> {
    await this.#write(async (tx, now) => {
      const row = await store.getArticleRow(tx, locale, slug);
      if (!row) throw notFound(`No published article "${slug}" in ${locale}.`);
      await store.insertRevision(tx, { ...this.#revisionFields(row), source: 'unpublish', publishedBy: actorKey(actor), publishedByName: actor.name, publishedAt: now });
      await store.deleteArticle(tx, row.id);
    });
    return this.get(locale, slug);
  }

  async revisions(locale: Locale, slug: string) {
    const rows = await store.listRevisions(this.#db, locale, slug);
    if (!rows.length) await this.get(locale, slug); // 404 for an article nobody knows
    return { locale, slug, revisions: rows.map((r) => this.#summary(r)) };
  }

  #summary(r: store.RevisionRow) {
    return { id: r.id, source: r.source as 'console' | 'import' | 'restore' | 'unpublish', title: r.title, contentHash: r.contentHash, publishedBy: r.publishedBy, publishedByName: r.publishedByName, publishedAt: r.publishedAt.toISOString() };
  }

  async revision(locale: Locale, slug: string, id: number): Promise<KbRevision> {
    const r = await store.getRevision(this.#db, locale, slug, id);
    if (!r) throw notFound(`No revision ${id} of "${slug}" in ${locale}.`);
    return { ...this.#summary(r), locale, slug, category: r.category, tags: r.tags, visibility: r.visibility as Visibility, type: r.type as 'article' | 'faq', translation: r.translationKey, body: r.bodyMarkdown };
  }

  /** Restores a revision as the article's draft (replacing any), based on the current revision: publishing it is no conflict. */
  async restore(locale: Locale, slug: string, id: number, actor: StaffActor): Promise<KbEditorArticle> {
    const r = await store.getRevision(this.#db, locale, slug, id);
    if (!r) throw notFound(`No revision ${id} of "${slug}" in ${locale}.`);
    const now = this.deps.clock.now();
    await this.#db.transaction(async (tx) => {
      const current = (await store.latestRevision(tx, locale, slug))?.id ?? null;
      const input: DraftInput = { title: r.title, category: r.category, tags: r.tags, visibility: r.visibility as Visibility, type: r.type as 'article' | 'faq', translation: r.translationKey, body: r.bodyMarkdown };
      await store.upsertDraft(tx, this.#draftValues(locale, slug, input, current, actor, now), now, false);
    });
    return this.get(locale, slug);
  }

  /** An article's markdown as the portal will show it. */
  preview(markdown: string, locale: Locale, type: 'article' | 'faq') {
    const r = renderMarkdown(markdown, { articleBase: `/help/${locale}/articles/`, faq: type === 'faq' });
    return { html: scrollableTables(r.html, locale), faq: r.faq };
  }

  // ---- categories and synonyms ----

  async categories(db: Parameters<typeof store.listCategoryRows>[0] = this.#db): Promise<KbStaffCategoryList> {
    const [rows, counts] = await Promise.all([store.listCategoryRows(db), store.countAllByCategory(db)]);
    const n = new Map(counts.map((c) => [c.category, c.n]));
    const label = (l: { name: string; description: string } | undefined, key: string) => ({ name: l?.name ?? key, description: l?.description ?? '' });
    return { categories: rows.map((r, position) => ({ key: r.key, position, es: label(r.labels.es, r.key), en: label(r.labels.en, r.key), articleCount: n.get(r.key) ?? 0 })) };
  }

  async createCategory(input: { key: string; es: { name: string; description: string }; en: { name: string; description: string }; position?: number | undefined }, actor: StaffActor): Promise<KbStaffCategoryList> {
    return this.#write(async (tx, now) => {
      const rows = await store.listCategoryRows(tx);
      const before = categoryValue(rows);
      if (rows.some((r) => r.key === input.key)) throw conflict(`A category "${input.key}" exists.`);
      const list = rows.map((r) => ({ key: r.key, labels: r.labels }));
      list.splice(Math.min(input.position ?? list.length, list.length), 0, { key: input.key, labels: { es: input.es, en: input.en } });
      await store.writeCategories(tx, list);
      await this.#recordTaxonomy(tx, 'categories', before, list, actor, now, 'console');
      return this.categories(tx);
    });
  }

  async updateCategory(key: string, input: { es?: { name: string; description: string } | undefined; en?: { name: string; description: string } | undefined }, actor: StaffActor): Promise<KbStaffCategoryList> {
    return this.#write(async (tx, now) => {
      const rows = await store.listCategoryRows(tx);
      const before = categoryValue(rows);
      const row = rows.find((r) => r.key === key);
      if (!row) throw notFound(`No category "${key}".`);
      row.labels = { ...row.labels, ...(input.es ? { es: input.es } : {}), ...(input.en ? { en: input.en } : {}) };
      await store.writeCategories(tx, rows);
      await this.#recordTaxonomy(tx, 'categories', before, categoryValue(rows), actor, now, 'console');
      return this.categories(tx);
    });
  }

  async orderCategories(keys: string[], actor: StaffActor): Promise<KbStaffCategoryList> {
    return this.#write(async (tx, now) => {
      const rows = await store.listCategoryRows(tx);
      const byKey = new Map(rows.map((r) => [r.key, r]));
      const errors: Array<{ field: string; message: string }> = [];
      keys.forEach((k, i) => {
        if (!byKey.has(k)) errors.push({ field: `body.keys.${i}`, message: `unknown category "${k}"` });
        else if (keys.indexOf(k) !== i) errors.push({ field: `body.keys.${i}`, message: `"${k}" is listed twice` });
      });
      const missing = rows.filter((r) => !keys.includes(r.key)).map((r) => r.key);
      if (missing.length) errors.push({ field: 'body.keys', message: `every category must be listed once; missing: ${missing.join(', ')}` });
      if (errors.length) throw validationError(errors, 422);
      const ordered = keys.map((k) => byKey.get(k)!);
      await store.writeCategories(tx, ordered);
      await this.#recordTaxonomy(tx, 'categories', categoryValue(rows), categoryValue(ordered), actor, now, 'console');
      return this.categories(tx);
    });
  }

  async synonyms(): Promise<KbSynonyms> {
    const meta = await store.getMeta(this.#db);
    return { es: meta.synonyms.es ?? [], en: meta.synonyms.en ?? [] };
  }

  async replaceSynonyms(input: KbSynonyms, actor: StaffActor): Promise<KbSynonyms> {
    const now = this.deps.clock.now();
    await this.#db.transaction(async (tx) => {
      const meta = await store.getMeta(tx);
      await store.bumpRevision(tx, now, input);
      await this.#recordTaxonomy(tx, 'synonyms', synonymValue(meta.synonyms), synonymValue(input), actor, now, 'console');
    });
    this.deps.kb.changed();
    return this.synonyms();
  }

  // ---- the history of the categories and the synonyms ----

  /**
   * Records a new value of the categories or the synonyms. The first change of a kind records
   * the value before it too (what the import or the start gave), so it can be restored.
   */
  async #recordTaxonomy(tx: Tx, kind: store.TaxonomyKind, before: unknown, after: unknown, actor: StaffActor | null, now: Date, source: 'console' | 'import' | 'restore'): Promise<store.TaxonomyRevisionRow> {
    if (!(await store.hasTaxonomyRevision(tx, kind))) {
      await store.insertTaxonomyRevision(tx, { kind, value: before, source: 'import', changedBy: 'system', changedByName: 'ayuda kb import', changedAt: now });
    }
    return store.insertTaxonomyRevision(tx, { kind, value: after, source, changedBy: actor ? actorKey(actor) : 'system', changedByName: actor?.name ?? 'ayuda kb import', changedAt: now });
  }

  async taxonomyRevisions(kind: store.TaxonomyKind): Promise<KbTaxonomyRevision[]> {
    return (await store.taxonomyRevisions(this.#db, kind, 100)).map(taxonomyView);
  }

  /**
   * Puts the categories or the synonyms back to a revision's value, as a new revision. Categories
   * cannot be deleted (articles name them): one made since the revision stays, after the others.
   */
  async restoreTaxonomy(kind: store.TaxonomyKind, id: number, actor: StaffActor): Promise<KbTaxonomyRevision> {
    const rev = await store.taxonomyRevision(this.#db, kind, id);
    if (!rev) throw notFound(`No revision ${id} of the ${kind}.`);
    const now = this.deps.clock.now();
    const row = await this.#db.transaction(async (tx) => {
      if (kind === 'categories') {
        const rows = await store.listCategoryRows(tx);
        const then = rev.value as Array<{ key: string; labels: store.CategoryRow['labels'] }>;
        const keys = new Set(then.map((c) => c.key));
        const restored = [...then, ...categoryValue(rows).filter((c) => !keys.has(c.key))];
        await store.writeCategories(tx, restored);
        await store.bumpRevision(tx, now);
        return this.#recordTaxonomy(tx, kind, categoryValue(rows), restored, actor, now, 'restore');
      }
      const meta = await store.getMeta(tx);
      const value = synonymValue(rev.value as KbSynonyms);
      await store.bumpRevision(tx, now, value);
      return this.#recordTaxonomy(tx, kind, synonymValue(meta.synonyms), value, actor, now, 'restore');
    });
    this.deps.kb.changed();
    return taxonomyView(row);
  }
}

function categoryValue(rows: Array<{ key: string; labels: store.CategoryRow['labels'] }>): Array<{ key: string; labels: store.CategoryRow['labels'] }> {
  return rows.map((r) => ({ key: r.key, labels: r.labels }));
}

function synonymValue(s: Partial<Record<string, string[][]>>): KbSynonyms {
  return { es: s.es ?? [], en: s.en ?? [] };
}

function taxonomyView(r: store.TaxonomyRevisionRow): KbTaxonomyRevision {
  return { id: r.id, kind: r.kind as KbTaxonomyRevision['kind'], value: r.value as KbTaxonomyRevision['value'], source: r.source, changedBy: r.changedBy, changedByName: r.changedByName, changedAt: r.changedAt.toISOString() };
}
