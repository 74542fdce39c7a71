// The knowledge base's HTTP API: browse, read, search and download the search index.
import { createHash } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { ArticleListQuerySchema, ArticleParamsSchema, INDEX_VERSION, LocaleQuerySchema, PopularQuerySchema, SearchQuerySchema } from '@ayuda/core';
import type { AppEnv } from '../http/env.js';
import { parseOrThrow } from '../http/problem.js';
import { respond } from '../http/respond.js';
import type { KbService } from './service.js';
import type { AnalyticsService } from '../analytics/service.js';
import type { LoginService } from '../fastlane/login.js';
import type { KbPopular } from './popular.js';

/**
 * Public answers may be stored but are revalidated at every use (a 304 on the knowledge base's
 * revision costs no rendering), so an article published in the console reaches every reader
 * within a second instead of after a cache's minute.
 */
export const PUBLIC_CACHE = 'public, no-cache';

/** A tag over the knowledge base's revision (or another `version`) and the URL; true when the client's copy is current. */
async function revisionTag(c: Context<AppEnv>, kb: KbService, version?: string): Promise<boolean> {
  const etag = `W/"${createHash('sha1').update(`${version ?? await kb.revision()}|${c.req.url}`).digest('base64url').slice(0, 20)}"`;
  c.header('ETag', etag);
  c.header('Cache-Control', PUBLIC_CACHE);
  const inm = c.req.header('if-none-match');
  return !!inm && inm.split(',').some((t) => t.trim() === etag);
}

export function kbRoutes(deps: {
  kb: KbService;
  popular: KbPopular;
  analytics: AnalyticsService;
  login: LoginService;
  /** The per-IP limit of `/search`: its own, higher than other endpoints', as a widget may search on every keystroke. */
  searchLimited: MiddlewareHandler<AppEnv>;
  /** The largest index (gzip bytes) a widget should download to search locally. */
  localMaxBytes: () => number;
}) {
  const { kb, popular, analytics, login } = deps;
  return new Hono<AppEnv>()
    .get('/categories', async (c) => {
      const q = parseOrThrow(LocaleQuerySchema, c.req.query(), 'query');
      if (await revisionTag(c, kb)) return c.body(null, 304);
      return respond(c, 'listCategories', await kb.listCategories(q.locale));
    })
    .get('/articles', async (c) => {
      const q = parseOrThrow(ArticleListQuerySchema, c.req.query(), 'query');
      if (await revisionTag(c, kb)) return c.body(null, 304);
      return respond(c, 'listArticles', await kb.listArticles(q));
    })
    // The most-read articles: the same list all hour (and until an article changes), so a 304 is cheap.
    .get('/popular', async (c) => {
      const q = parseOrThrow(PopularQuerySchema, c.req.query(), 'query');
      if (await revisionTag(c, kb, await popular.version())) return c.body(null, 304);
      return respond(c, 'popularArticles', await popular.list(q));
    })
    .get('/articles/:locale/:slug', async (c) => {
      const p = parseOrThrow(ArticleParamsSchema, c.req.param(), 'params');
      // A signed-in customer (fast lane) may also read `customers` articles.
      const customer = await login.customerOf(c);
      c.header('Vary', 'Authorization, Cookie');
      if (!customer && (await revisionTag(c, kb))) return c.body(null, 304);
      const { faq: _faq, ...article } = await kb.getArticle(p.locale, p.slug, customer ? 'customer' : 'public');
      if (customer) c.header('Cache-Control', 'private, no-store');
      return respond(c, 'getArticle', article);
    })
    .get('/search', deps.searchLimited, async (c) => {
      const q = parseOrThrow(SearchQuerySchema, c.req.query(), 'query');
      const answer = await kb.searchResponse(q.locale, q.q, q.limit);
      // A widget searching as the customer types records the settled query itself (one event per query).
      if (q.analytics === 'on') analytics.record([{ type: 'search', locale: q.locale, query: q.q, resultCount: answer.total }], 'api');
      c.header('Cache-Control', 'no-store');
      return respond(c, 'search', answer);
    })
    // Small and asked first by the widget: whether to download the index or search through the server.
    .get('/index/:locale/meta', async (c) => {
      const p = parseOrThrow(LocaleQuerySchema, c.req.param(), 'params');
      const built = await kb.index(p.locale);
      const localMaxBytes = deps.localMaxBytes();
      if (await revisionTag(c, kb, `${built.etag}|${localMaxBytes}`)) return c.body(null, 304);
      const bytes = built.gzip.length;
      return respond(c, 'getIndexMeta', {
        locale: p.locale,
        revision: String(built.revision),
        version: INDEX_VERSION,
        articles: built.search.documentCount,
        bytes,
        localMaxBytes,
        mode: bytes <= localMaxBytes ? 'local' : 'server',
      });
    })
    .get('/index/:locale', async (c) => {
      const p = parseOrThrow(LocaleQuerySchema, c.req.param(), 'params');
      const built = await kb.index(p.locale);
      c.header('ETag', built.etag);
      c.header('Cache-Control', PUBLIC_CACHE);
      c.header('Vary', 'Accept-Encoding');
      const inm = c.req.header('if-none-match');
      if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === built.etag)) return c.body(null, 304);
      const accept = c.req.header('accept-encoding') ?? '';
      c.header('Content-Type', 'application/json; charset=utf-8');
      if (/\bbr\b/.test(accept)) {
        c.header('Content-Encoding', 'br');
        return c.body(new Uint8Array(built.brotli));
      }
      if (/\bgzip\b/.test(accept)) {
        c.header('Content-Encoding', 'gzip');
        return c.body(new Uint8Array(built.gzip));
      }
      return c.body(built.json);
    });
}
