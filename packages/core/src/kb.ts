// The knowledge-base editor's contract (staff): drafts, publishing, revisions, categories and
// synonyms. The field rules are those of an article file's front matter and of the folder's
// `categories.yaml` and `synonyms.yaml`: the server's folder parser uses these same schemas.
import { z } from 'zod';
import { IdSchema, LocaleSchema, SearchHitSchema, SearchResponseSchema, SlugSchema, VisibilitySchema } from './api.js';
import { searchText } from './input.js';

export const KB_LIMITS = {
  /** The most characters of an article's markdown body. */
  bodyMax: 100_000,
  titleMax: 200,
  tagsMax: 20,
  tagMax: 50,
  categoriesMax: 200,
  synonymGroupsMax: 500,
} as const;

export const CategoryKeySchema = z.string().regex(/^[a-z0-9-]{1,64}$/, 'a category key (lowercase letters, digits, hyphens)');
export const ArticleTypeSchema = z.enum(['article', 'faq']);

/** An article's fields besides its place (locale, slug) and date, as front matter and drafts have them. */
export const KbArticleFields = {
  title: z.string().trim().min(1).max(KB_LIMITS.titleMax),
  category: CategoryKeySchema,
  tags: z.array(z.string().trim().min(1).max(KB_LIMITS.tagMax)).max(KB_LIMITS.tagsMax).default([]),
  visibility: VisibilitySchema.default('public'),
  type: ArticleTypeSchema.default('article'),
};

export const KbLabelSchema = z.strictObject({ name: z.string().trim().min(1).max(100), description: z.string().trim().max(300).default('') });
/** One entry of `categories.yaml`. */
export const KbCategoryInputSchema = z.strictObject({ key: CategoryKeySchema, es: KbLabelSchema, en: KbLabelSchema });
const SynonymGroups = z.array(z.array(z.string().trim().min(1).max(60)).min(2).max(20)).max(KB_LIMITS.synonymGroupsMax).default([]);
/** `synonyms.yaml`: groups of words that search treats alike, per language. */
export const KbSynonymsSchema = z.strictObject({ es: SynonymGroups, en: SynonymGroups });
export type KbSynonyms = z.infer<typeof KbSynonymsSchema>;

// ---- requests ----

export const KbArticleParamsSchema = z.object({ locale: LocaleSchema, slug: SlugSchema });
export const KbRevisionParamsSchema = KbArticleParamsSchema.extend({ id: IdSchema });
export const KbCategoryParamsSchema = z.object({ key: CategoryKeySchema });

export const KbDraftStateSchema = z.enum(['published', 'draft', 'changed', 'unpublished']);
export const KbArticlesQuerySchema = z.object({
  locale: LocaleSchema.optional(),
  category: CategoryKeySchema.optional(),
  /** `published`: live without a pending draft; `draft`: a new article never published; `changed`: live with a pending draft; `unpublished`: taken down (from history). */
  state: KbDraftStateSchema.optional(),
  q: z.string().max(200).transform(searchText).optional(),
});
export type KbArticlesQuery = z.input<typeof KbArticlesQuerySchema>;

/** `PUT /staff/kb/articles/{locale}/{slug}`: the draft's front matter and markdown body. */
export const KbDraftInputSchema = z.strictObject({
  ...KbArticleFields,
  /** The translation key shared by an article's versions in each language (front matter `translation`); null for none. */
  translation: SlugSchema.nullable().default(null),
  body: z.string().max(KB_LIMITS.bodyMax).refine((s) => s.trim().length > 0, 'the article has no body'),
  /** The published revision the editor started from (`currentRevisionId` of GET); a publish over a newer one is a conflict. Kept from the draft's first save. */
  baseRevisionId: IdSchema.nullable().optional(),
  /**
   * The draft this change was made on: its `updatedAt` as GET answered it, or null for "no draft
   * yet". When given and the draft is not that one any more (someone else saved, published or
   * discarded it meanwhile), the save is refused with 412 instead of overwriting their work.
   */
  expectedDraftAt: z.string().max(40).nullable().optional(),
});
export type KbDraftInput = z.input<typeof KbDraftInputSchema>;

export const KbPublishQuerySchema = z.object({
  /** `true` publishes even when the article changed since the draft was started. */
  force: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

export const KbArticlePreviewSchema = z.strictObject({
  markdown: z.string().max(KB_LIMITS.bodyMax),
  locale: LocaleSchema,
  type: ArticleTypeSchema.default('article'),
});

export const KbCategoryCreateSchema = KbCategoryInputSchema.extend({
  /** Where it goes in the list (0 first); at the end by default. */
  position: z.number().int().min(0).max(KB_LIMITS.categoriesMax).optional(),
});
export const KbCategoryPatchSchema = z.strictObject({ es: KbLabelSchema.optional(), en: KbLabelSchema.optional() }).refine((v) => v.es || v.en, 'send es, en or both');
export const KbCategoryOrderSchema = z.strictObject({ keys: z.array(CategoryKeySchema).min(1).max(KB_LIMITS.categoriesMax) });

export const KbStaffSearchQuerySchema = z.object({
  q: z.string().min(1).max(200).transform(searchText).refine((q) => q.length > 0, 'must not be empty'),
  locale: LocaleSchema,
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

// ---- answers ----

const Fields = {
  title: z.string(),
  category: z.string(),
  tags: z.array(z.string()),
  visibility: VisibilitySchema,
  type: ArticleTypeSchema,
  translation: z.string().nullable(),
};

export const KbPublishedSchema = z.object({
  ...Fields,
  updated: z.string().describe('ISO date (YYYY-MM-DD)'),
  body: z.string().describe('Markdown'),
  html: z.string().describe('Sanitised HTML, as the portal shows it'),
  /** `file:<path>` when it came from a folder import, `console` when published from the console. */
  source: z.string(),
  updatedAt: z.string(),
});

export const KbDraftSchema = z.object({
  ...Fields,
  body: z.string().describe('Markdown'),
  baseRevisionId: z.number().int().nullable(),
  updatedBy: z.string(),
  updatedByName: z.string(),
  updatedAt: z.string(),
});

export const KbEditorArticleSchema = z.object({
  locale: LocaleSchema,
  slug: z.string(),
  state: KbDraftStateSchema,
  published: KbPublishedSchema.nullable(),
  draft: KbDraftSchema.nullable(),
  /** The newest revision (published, imported or unpublished), null when it has none. */
  currentRevisionId: z.number().int().nullable(),
  /** The draft was started from an older revision than the current one: publishing needs `force=true`. */
  conflict: z.boolean(),
});
export type KbEditorArticle = z.infer<typeof KbEditorArticleSchema>;

export const KbArticleRowSchema = z.object({
  locale: LocaleSchema,
  slug: z.string(),
  state: KbDraftStateSchema,
  title: z.string(),
  category: z.string(),
  visibility: VisibilitySchema,
  type: ArticleTypeSchema,
  translation: z.string().nullable(),
  updatedAt: z.string().describe('Last change: the draft’s, or the published version’s'),
  updatedByName: z.string().nullable(),
});
export const KbArticleRowsSchema = z.object({ total: z.number().int(), articles: z.array(KbArticleRowSchema) });
export type KbArticleRows = z.infer<typeof KbArticleRowsSchema>;

export const KbRevisionSourceSchema = z.enum(['console', 'import', 'restore', 'unpublish']);
export const KbRevisionSummarySchema = z.object({
  id: z.number().int(),
  source: KbRevisionSourceSchema,
  title: z.string(),
  contentHash: z.string(),
  publishedBy: z.string(),
  publishedByName: z.string(),
  publishedAt: z.string(),
});
export const KbRevisionListSchema = z.object({ locale: LocaleSchema, slug: z.string(), revisions: z.array(KbRevisionSummarySchema) });
export const KbRevisionSchema = KbRevisionSummarySchema.extend({ locale: LocaleSchema, slug: z.string(), ...Fields, body: z.string().describe('Markdown') });
export type KbRevision = z.infer<typeof KbRevisionSchema>;

export const KbArticlePreviewHtmlSchema = z.object({
  html: z.string().describe('Sanitised HTML, as the portal will show the article'),
  faq: z.array(z.object({ question: z.string(), answerHtml: z.string() })).nullable(),
});

export const KbStaffCategorySchema = z.object({
  key: z.string(),
  position: z.number().int(),
  es: z.object({ name: z.string(), description: z.string() }),
  en: z.object({ name: z.string(), description: z.string() }),
  /** Published articles in it, every visibility and language. */
  articleCount: z.number().int(),
});
export const KbStaffCategoryListSchema = z.object({ categories: z.array(KbStaffCategorySchema) });
export type KbStaffCategoryList = z.infer<typeof KbStaffCategoryListSchema>;

export const KbSynonymsAnswerSchema = z.object({ es: z.array(z.array(z.string())), en: z.array(z.array(z.string())) });

/** The public search's answer, each result also saying who may read it (internal ones included). */
export const KbStaffSearchSchema = SearchResponseSchema.extend({ results: z.array(SearchHitSchema.extend({ visibility: VisibilitySchema })) });

// ---- content health ----

export const KB_HEALTH = {
  /** An article whose `updated` date is older than this many days counts as stale. */
  staleDays: 365,
  defaultDays: 30,
  defaultLimit: 20,
  maxLimit: 100,
} as const;

export const KbHealthQuerySchema = z.object({
  /** One language; both when left out. */
  locale: LocaleSchema.optional(),
  /** The period (in days, up to today) of the searches and votes counted. */
  days: z.coerce.number().int().min(1).max(365).default(KB_HEALTH.defaultDays),
  /** The most items of each list. */
  limit: z.coerce.number().int().min(1).max(KB_HEALTH.maxLimit).default(KB_HEALTH.defaultLimit),
});
export type KbHealthQuery = z.input<typeof KbHealthQuerySchema>;

const HealthArticle = { locale: LocaleSchema, slug: z.string(), title: z.string() };

export const KbHealthSchema = z.object({
  from: z.string().describe('Start of the period of searches and votes (ISO 8601)'),
  to: z.string(),
  locale: LocaleSchema.nullable(),
  /** Searches that found nothing in the period, most frequent first (grouped as the search analytics group them). */
  zeroResultSearches: z.array(z.object({ query: z.string(), locale: LocaleSchema, count: z.number().int(), lastSearchedAt: z.string() })),
  /** Published articles with the most "no" answers to "was this helpful?" in the period. */
  unhelpful: z.array(z.object({ ...HealthArticle, no: z.number().int(), yes: z.number().int() })),
  /** Published articles whose `updated` date is more than a year old, oldest first. */
  stale: z.array(z.object({ ...HealthArticle, updated: z.string().describe('ISO date (YYYY-MM-DD)') })),
  /** Published articles with no published counterpart in the other language (no translation key, or none shares it). */
  untranslated: z.array(z.object({ ...HealthArticle, translation: z.string().nullable(), missing: LocaleSchema })),
});
export type KbHealth = z.infer<typeof KbHealthSchema>;

// ---- the history of the categories and the synonyms ----

export const KbTaxonomyKindSchema = z.enum(['categories', 'synonyms']);
export type KbTaxonomyKind = z.infer<typeof KbTaxonomyKindSchema>;
export const KbTaxonomyParamsSchema = z.object({ kind: KbTaxonomyKindSchema });
export const KbTaxonomyRevisionParamsSchema = z.object({ kind: KbTaxonomyKindSchema, id: IdSchema });

const CategoryLabels = z.record(z.string(), z.object({ name: z.string(), description: z.string() }));
export const KbTaxonomyRevisionSchema = z.object({
  id: z.number().int(),
  kind: KbTaxonomyKindSchema,
  /** The categories in order with their names, or the synonyms of each language. */
  value: z.union([z.array(z.object({ key: z.string(), labels: CategoryLabels })), z.object({ es: z.array(z.array(z.string())), en: z.array(z.array(z.string())) })]),
  /** `import`, `console` or `restore`. */
  source: z.string(),
  changedBy: z.string(),
  changedByName: z.string(),
  changedAt: z.string(),
});
export type KbTaxonomyRevision = z.infer<typeof KbTaxonomyRevisionSchema>;
export const KbTaxonomyRevisionListSchema = z.object({ kind: KbTaxonomyKindSchema, revisions: z.array(KbTaxonomyRevisionSchema) });
