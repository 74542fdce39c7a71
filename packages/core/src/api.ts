// The HTTP API contract: zod schemas for every request and response, shared by the server
// (validation and the OpenAPI document) and @ayuda/client (types).
import { z } from 'zod';
import { INT4_MAX, searchText } from './input.js';

export const API_PREFIX = '/api/v1';

export const LocaleSchema = z.enum(['es', 'en']);
export type Locale = z.infer<typeof LocaleSchema>;
export const LOCALES: readonly Locale[] = LocaleSchema.options;

export const VisibilitySchema = z.enum(['public', 'customers', 'internal']);
export type Visibility = z.infer<typeof VisibilitySchema>;

export const SlugSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase letters, digits and single hyphens');

/** A row id in a path (`/orders/{id}`): a positive integer that fits the database's integer column. */
export const IdSchema = z.coerce.number().int().min(1).max(INT4_MAX);

const INSTANT_MIN = Date.UTC(1970, 0, 1);
const INSTANT_MAX = Date.UTC(10_000, 0, 1);
/** An instant in ISO 8601 with its offset, between 1970 and 9999 (years the database and every client can hold). */
export const InstantSchema = z.iso.datetime({ offset: true }).refine((s) => {
  const t = Date.parse(s);
  return t >= INSTANT_MIN && t < INSTANT_MAX;
}, 'must be a date between 1970 and 9999');

// ---- problem details (RFC 9457) ----

export const FieldErrorSchema = z.object({
  /** The field, as a dotted path: `query.locale`, `body.events.0.type`. */
  field: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof FieldErrorSchema>;

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(FieldErrorSchema).optional(),
  requestId: z.string().optional(),
  /** A booking that lost its slot (409): the free slots of that day for the caller's lane, to choose again. */
  slots: z.array(z.object({ start: z.string(), end: z.string() })).optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

/** Stable problem types. The `type` URI is `https://ayuda.dev/problems/<key>`. */
export const PROBLEM_TYPES = {
  validation: 'validation-error',
  notFound: 'not-found',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  payloadTooLarge: 'payload-too-large',
  rateLimited: 'rate-limited',
  unsupportedMediaType: 'unsupported-media-type',
  notReady: 'not-ready',
  /** The database does not answer; retry after `Retry-After` seconds. */
  unavailable: 'service-unavailable',
  idempotencyMismatch: 'idempotency-key-mismatch',
  conflict: 'conflict',
  captcha: 'captcha-failed',
  internal: 'internal-error',
  /** The card was declined: ask for another card. */
  cardDeclined: 'card-declined',
  /** Stripe cannot be reached or is busy: try again after Retry-After. */
  paymentsUnavailable: 'payments-unavailable',
  /** Stripe refused the request for another reason: try again; if it persists, contact the company. */
  paymentsError: 'payments-error',
  /** A webhook whose signature does not verify (wrong secret, altered body, outside the tolerance). */
  invalidSignature: 'invalid-signature',
  /** A request authenticated by the staff session cookie that changes something, without the session's `X-CSRF-Token`. */
  csrfFailed: 'csrf-failed',
  /** Too many wrong passwords in a row: password sign-in waits `Retry-After` seconds (a mailed link still works). */
  accountLocked: 'account-locked',
  /** A change sent with an `If-Match` version that is no longer the current one: reload and apply it again. */
  preconditionFailed: 'precondition-failed',
  /** A link that worked once has expired (a survey's after its days): nothing more can be done with it. */
  expired: 'expired',
} as const;
export const problemTypeUri = (key: string) => `https://ayuda.dev/problems/${key}`;

// ---- knowledge base ----

export const CategorySchema = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string(),
  articleCount: z.number().int(),
});
export type Category = z.infer<typeof CategorySchema>;
export const CategoryListSchema = z.object({ locale: LocaleSchema, categories: z.array(CategorySchema) });
export type CategoryList = z.infer<typeof CategoryListSchema>;

export const ArticleSummarySchema = z.object({
  slug: z.string(),
  locale: LocaleSchema,
  title: z.string(),
  category: z.string(),
  tags: z.array(z.string()),
  type: z.enum(['article', 'faq']),
  updated: z.string().describe('ISO date (YYYY-MM-DD)'),
  excerpt: z.string(),
});
export type ArticleSummary = z.infer<typeof ArticleSummarySchema>;

export const ArticleSchema = ArticleSummarySchema.extend({
  /** Sanitised HTML, safe to insert. */
  html: z.string(),
  translations: z.array(z.object({ locale: LocaleSchema, slug: z.string(), title: z.string() })),
  related: z.array(z.object({ slug: z.string(), title: z.string() })),
});
export type Article = z.infer<typeof ArticleSchema>;

export const ArticleListQuerySchema = z.object({
  locale: LocaleSchema,
  category: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type ArticleListQuery = z.input<typeof ArticleListQuerySchema>;
export const ArticleListSchema = z.object({
  locale: LocaleSchema,
  total: z.number().int(),
  articles: z.array(ArticleSummarySchema),
});
export type ArticleList = z.infer<typeof ArticleListSchema>;

export const LocaleQuerySchema = z.object({ locale: LocaleSchema });
export const ArticleParamsSchema = z.object({ locale: LocaleSchema, slug: SlugSchema });

/** Search text: control characters read as spaces (see `searchText`), trimmed, and something left. */
const SearchText = z.string().min(1).max(200).transform(searchText).refine((q) => q.length > 0, 'must not be empty');

export const SearchQuerySchema = z.object({
  q: SearchText,
  locale: LocaleSchema,
  limit: z.coerce.number().int().min(1).max(50).default(10),
  analytics: z
    .enum(['on', 'off'])
    .default('on')
    .describe('`off`: this search is not recorded in search analytics, because the caller records the query itself once it settles (the widget searching the server as the customer types: one event per query, not per keystroke)'),
});
export type SearchQuery = z.input<typeof SearchQuerySchema>;
/** One search result: the article, its score, and its excerpt. */
export const SearchHitSchema = z.object({
  slug: z.string(),
  title: z.string(),
  category: z.string(),
  score: z.number(),
  snippet: z.string().describe('HTML with matches in <mark>; everything else escaped'),
});
export const SearchResponseSchema = z.object({
  query: z.string(),
  locale: LocaleSchema,
  total: z.number().int(),
  results: z.array(SearchHitSchema),
  suggestion: z
    .string()
    .optional()
    .describe('Did you mean: when nothing was found and the query has words the articles do not use, the query with each replaced by the closest word that they do use (present only when that query finds articles)'),
});
export type SearchResponse = z.infer<typeof SearchResponseSchema>;

/** The path of live search: `GET` it as a WebSocket (see docs/api.md, "Live search"). */
export const LIVE_SEARCH_PATH = '/api/v1/kb/search/live';
/**
 * One search sent over live search: the search API's query (never recorded in analytics: the
 * caller records the query once it settles) and an `id` its reply carries back.
 */
export const LiveSearchRequestSchema = SearchQuerySchema.omit({ analytics: true })
  .extend({
    id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    // A JSON number here (the query string's `limit` is text, read as a number).
    limit: z.number().int().min(1).max(50).default(10),
  })
  .strict();
export type LiveSearchRequest = z.input<typeof LiveSearchRequestSchema>;
/**
 * The reply to one live search, by its request's `id` (null when the message had no readable
 * id): the status and body `GET /api/v1/kb/search` would have answered, and on 429 and 503 the
 * seconds its `Retry-After` would have said.
 */
export const LiveSearchReplySchema = z.union([
  z.object({ id: z.number().int(), status: z.literal(200), body: SearchResponseSchema }),
  z.object({ id: z.number().int().nullable(), status: z.number().int().min(400).max(599), body: ProblemSchema, retryAfter: z.number().int().optional() }),
]);
export type LiveSearchReply = z.infer<typeof LiveSearchReplySchema>;

/** A page's topic: a category key of the knowledge base (`billing`, `router-wifi`). */
export const TopicSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, 'a category key: lowercase letters, digits, single hyphens or underscores');

export const POPULAR_DEFAULTS = {
  /** The period whose article views count, in days (ending at the start of the current hour). */
  days: 30,
  limit: 5,
  maxLimit: 20,
} as const;

export const PopularQuerySchema = z.object({
  locale: LocaleSchema,
  topic: TopicSchema.optional(),
  limit: z.coerce.number().int().min(1).max(POPULAR_DEFAULTS.maxLimit).default(POPULAR_DEFAULTS.limit),
});
export type PopularQuery = z.input<typeof PopularQuerySchema>;
export const PopularArticlesSchema = z.object({
  locale: LocaleSchema,
  topic: z.string().nullable().describe('The topic of the list; null when none was asked, or the one asked has no public articles in this language (the list is then of every topic)'),
  from: z.string().describe('Start of the period counted (ISO instant)'),
  to: z.string().describe('End of the period counted (ISO instant, the start of the current hour)'),
  articles: z.array(
    z.object({
      slug: z.string(),
      title: z.string(),
      category: z.string(),
      views: z.number().int().describe('Views in the period; the list is topped up with the most recently updated articles (0 views) when few were read'),
    }),
  ),
});
export type PopularArticles = z.infer<typeof PopularArticlesSchema>;

// ---- analytics ----

const QueryText = SearchText;
export const AnalyticsEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('search'), locale: LocaleSchema, query: QueryText, resultCount: z.number().int().min(0).max(10_000) }),
  z.object({ type: z.literal('article_view'), locale: LocaleSchema, slug: SlugSchema }),
  z.object({
    type: z.literal('result_click'),
    locale: LocaleSchema,
    query: QueryText,
    slug: SlugSchema,
    position: z.number().int().min(1).max(1000),
  }),
  z.object({
    type: z.literal('feedback'),
    locale: LocaleSchema,
    slug: SlugSchema,
    helpful: z.boolean(),
    comment: z.string().trim().max(1000).optional(),
  }),
  /** "This answered my question" on an article suggested while writing a case. */
  z.object({ type: z.literal('deflection'), locale: LocaleSchema, slug: SlugSchema, query: QueryText.optional() }),
  /**
   * The case form showed an announcement for the category the customer picked, and the customer
   * left the form without sending it. Stored with the announcement's id in `position`.
   */
  z.object({ type: z.literal('announcement_deflection'), locale: LocaleSchema, announcementId: z.number().int().min(1).max(2_147_483_647) }),
]);
export type AnalyticsEvent = z.infer<typeof AnalyticsEventSchema>;
export const AnalyticsBatchSchema = z.object({ events: z.array(AnalyticsEventSchema).min(1).max(50) });
export type AnalyticsBatch = z.infer<typeof AnalyticsBatchSchema>;
export const AcceptedSchema = z.object({ accepted: z.number().int() });

export const SearchAnalyticsQuerySchema = z
  .object({
    from: InstantSchema.optional(),
    to: InstantSchema.optional(),
    locale: LocaleSchema.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['from'] });
export type SearchAnalyticsQuery = z.input<typeof SearchAnalyticsQuerySchema>;
const QueryCount = z.object({ query: z.string(), locale: LocaleSchema, count: z.number().int() });
export const SearchAnalyticsSchema = z.object({
  from: z.string(),
  to: z.string(),
  totals: z.object({
    searches: z.number().int(),
    zeroResultSearches: z.number().int(),
    articleViews: z.number().int(),
    resultClicks: z.number().int(),
    helpfulVotes: z.number().int(),
    unhelpfulVotes: z.number().int(),
    deflections: z.number().int(),
  }),
  topQueries: z.array(QueryCount),
  topZeroResultQueries: z.array(QueryCount),
  topArticles: z.array(z.object({ slug: z.string(), locale: LocaleSchema, views: z.number().int(), helpful: z.number().int(), unhelpful: z.number().int() })),
});
export type SearchAnalytics = z.infer<typeof SearchAnalyticsSchema>;

export const HealthSchema = z.object({ status: z.enum(['ok', 'unavailable']), version: z.string() });


// ---- settings and captcha ----

export const PublicSettingsSchema = z.object({
  company: z.string(),
  locales: z.array(LocaleSchema),
  defaultLocale: LocaleSchema,
  captcha: z.object({ cases: z.boolean().describe('Whether a case needs a solved captcha') }),
  caseLimits: z.object({
    nameMax: z.number().int(),
    emailMax: z.number().int(),
    subjectMin: z.number().int(),
    subjectMax: z.number().int(),
    descriptionMin: z.number().int(),
    descriptionMax: z.number().int(),
    replyMax: z.number().int(),
    attachmentsMax: z.number().int(),
    attachmentBytesMax: z.number().int(),
    filenameMax: z.number().int(),
    attachmentTypes: z.array(z.string()),
    idempotencyKeyMax: z.number().int(),
  }),
  fastlane: z.object({ enabled: z.boolean() }),
});
export type PublicSettings = z.infer<typeof PublicSettingsSchema>;

export const CaptchaPurposeSchema = z.enum(['cases', 'fastlane']);
export type CaptchaPurpose = z.infer<typeof CaptchaPurposeSchema>;
export const CaptchaQuerySchema = z.object({ purpose: CaptchaPurposeSchema.default('cases') });

/** An ALTCHA v2 challenge, signed by the server; the `altcha` widget solves it. */
export const CaptchaChallengeSchema = z.object({
  parameters: z.object({
    algorithm: z.string(),
    nonce: z.string(),
    salt: z.string(),
    cost: z.number(),
    keyLength: z.number().int(),
    keyPrefix: z.string(),
    keySignature: z.string().optional(),
    memoryCost: z.number().optional(),
    parallelism: z.number().optional(),
    expiresAt: z.number().optional(),
    data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  }),
  signature: z.string().optional(),
  codeChallenge: z.object({ image: z.string(), audio: z.string().optional(), length: z.number().int().optional() }).optional(),
});
export type CaptchaChallenge = z.infer<typeof CaptchaChallengeSchema>;

/**
 * Where the widget searches a locale (`GET /kb/index/{locale}/meta`): in the browser, over the
 * index it downloads, while that index is small; through `GET /kb/search` (the same engine and
 * ranking, on the server) once it is larger than the server's `AYUDA_SEARCH_LOCAL_MAX_BYTES`.
 */
export const SearchIndexMetaSchema = z.object({
  locale: LocaleSchema,
  revision: z.string().describe('The knowledge base revision the index was built from'),
  version: z.number().int().describe('The index format version `GET /kb/index/{locale}` serves'),
  articles: z.number().int().describe('Public articles in the index'),
  bytes: z.number().int().describe('The index’s size, gzip-compressed, in bytes'),
  localMaxBytes: z.number().int().describe('The largest index (gzip bytes) a widget downloads to search locally; the server’s `AYUDA_SEARCH_LOCAL_MAX_BYTES`'),
  mode: z.enum(['local', 'server']).describe('`local`: download the index and search in the browser; `server`: ask `GET /kb/search` as the customer types'),
});
export type SearchIndexMeta = z.infer<typeof SearchIndexMetaSchema>;

/** A prebuilt search index (`GET /kb/index/{locale}`): the engine's serialised index is opaque to the contract. */
export const SearchIndexSchema = z.object({
  format: z.literal('ayuda-kb-index'),
  version: z.number().int(),
  locale: LocaleSchema,
  revision: z.string(),
  synonyms: z.array(z.array(z.string())),
  index: z.record(z.string(), z.unknown()).describe('The engine’s serialised index: version 4, Ayuda’s compact form with each article’s word pairs (docs/search.md); versions 3 (without pairs) and 2 (MiniSearch’s own JSON) are still read'),
});
