// The database schema. Later capabilities (cases, fast lane, ...) add tables here; the
// migration files in ../../drizzle are generated from this file with `npm run db:generate`.
import { sql } from 'drizzle-orm';
import { bigserial, boolean, date, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const categories = pgTable('kb_categories', {
  key: text('key').primaryKey(),
  position: integer('position').notNull(),
  /** `{ es: { name, description }, en: { ... } }` */
  labels: jsonb('labels').$type<Record<string, { name: string; description: string }>>().notNull(),
});

export const articles = pgTable(
  'kb_articles',
  {
    id: serial('id').primaryKey(),
    locale: text('locale').notNull(),
    slug: text('slug').notNull(),
    translationKey: text('translation_key'),
    title: text('title').notNull(),
    category: text('category').notNull(),
    tags: jsonb('tags').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    visibility: text('visibility').notNull(),
    type: text('type').notNull().default('article'),
    updated: date('updated', { mode: 'string' }).notNull(),
    bodyMarkdown: text('body_markdown').notNull(),
    bodyHtml: text('body_html').notNull(),
    bodyText: text('body_text').notNull(),
    /** FAQ articles: their questions and answers, for FAQPage structured data. */
    faq: jsonb('faq').$type<Array<{ question: string; answerHtml: string }>>(),
    /** Where the article came from: `file:<relative path>` for imported ones. */
    source: text('source').notNull(),
    contentHash: text('content_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('kb_articles_locale_slug').on(t.locale, t.slug),
    index('kb_articles_translation').on(t.translationKey),
    index('kb_articles_locale_visibility').on(t.locale, t.visibility, t.category),
  ],
);

/** One row: the knowledge base's revision, bumped by every change, for caches and ETags. */
export const kbMeta = pgTable('kb_meta', {
  id: integer('id').primaryKey(),
  revision: integer('revision').notNull(),
  synonyms: jsonb('synonyms').$type<Record<string, string[][]>>().notNull().default(sql`'{}'::jsonb`),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** Anonymous analytics: no IP, no user agent, no customer identity. */
export const analyticsEvents = pgTable(
  'analytics_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    locale: text('locale').notNull(),
    query: text('query'),
    /** The query folded (lower case, no accents, single spaces), to group variants. */
    queryKey: text('query_key'),
    resultCount: integer('result_count'),
    slug: text('slug'),
    position: integer('position'),
    helpful: boolean('helpful'),
    comment: text('comment'),
    /** Where it came from: `portal`, `widget`, `api`. */
    channel: text('channel').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('analytics_events_type_time').on(t.type, t.createdAt)],
);

export const staffTokens = pgTable('staff_tokens', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  /** SHA-256 of the token, hex. The token itself is shown once and never stored. */
  tokenHash: text('token_hash').notNull().unique(),
  /** The first characters of the token, to tell tokens apart in listings. */
  prefix: text('prefix').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});
