// The portal's pages that are the same for every anonymous visitor (a locale's home, its
// categories, its articles), kept in memory as the bytes Hono sent and answered in front of
// Hono, straight on node:http. Crossing Hono's Request/Response conversion costs more than the
// rest of serving such a page (see docs/performance.md), so a page is rendered once per
// knowledge-base revision (and change of what else it shows), then written as it is.
//
// Only what is provably identical for everyone is served from here: a GET or HEAD of such a
// path without a query, a cookie or credentials, whose page Hono answered 200 without setting a
// cookie. Everything else, and every page not yet held, goes through Hono as before.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener, type Http2Bindings, type HttpBindings } from '@hono/node-server';
import { LOCALES, type Locale } from '@ayuda/core';
import type { KbService } from '../kb/service.js';
import type { AnalyticsService } from '../analytics/service.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../http/logger.js';
import type { RequestRecorder } from '../metrics/recorder.js';
import { isBot } from './routes.js';

export const PAGE_CACHE_LIMITS = {
  /**
   * How often what a page shows besides the knowledge base (announcements starting or ending,
   * the usual reply times, the most-read list's period; see portalPageInputs) is read again,
   * per locale: a change there shows within this time, as a knowledge-base change made in
   * another process does (KB_REVISION_TTL_MS). A change of the knowledge base made in this
   * process shows at once.
   */
  inputsMs: 1000,
  /** Pages held at most (every public page of a large knowledge base in two locales fits). */
  maxEntries: 20_000,
} as const;

// The Hono route each kind of page has (portal/routes.ts), for /metrics' labels.
const ROUTES = { home: '/help/:locale/', categories: '/help/:locale/categories/:key', articles: '/help/:locale/articles/:slug' } as const;
const CACHEABLE = new RegExp(`^/help/(${LOCALES.join('|')})/(?:(categories|articles)/([^/?#]+))?$`);
// What Hono's requestId middleware accepts from the client; anything else gets a new id.
const REQUEST_ID = /^[\w\-=]{1,255}$/;

interface Page {
  /** The knowledge base's revision and the page's inputs when it was rendered. */
  version: string;
  etag: string;
  /** The 200's headers as Hono sent them, as name, value, name, value…, without X-Request-Id and Content-Length (a 304 carries the same). */
  headers: string[];
  body: Buffer;
  /** The view an article page records for every reader but robots (as portal/routes.ts does). */
  view: { locale: Locale; slug: string } | null;
  /** Its route pattern, the label /metrics counts it under. */
  route: string;
}

type Fetch = (request: Request, env: HttpBindings | Http2Bindings) => Response | Promise<Response>;

// A cookie of Ayuda's own (ayuda_session, ayuda_staff): someone signed in, whose page may differ.
const OWN_COOKIE = /(?:^|;)\s*ayuda_/;

/**
 * Whether the request may be answered from the cache (or fill it): the same page for everyone.
 * Only a path's one spelling is held (no percent-encoding: `pagar%2Dfactura` is the same page
 * under another key, and a flood of spellings would push the real pages out); cookies of other
 * sites on the same host (analytics, say) do not count, Ayuda's own do.
 */
function shared(method: string | undefined, url: string | undefined, headers: IncomingMessage['headers']): boolean {
  return (method === 'GET' || method === 'HEAD') && !!url && !url.includes('%') && CACHEABLE.test(url) && !(headers.cookie && OWN_COOKIE.test(headers.cookie)) && !headers.authorization;
}

export interface PortalPageCache {
  /** The HTTP server's request listener: held pages answered here, everything else by Hono. */
  listener: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Pages held now. */
  readonly size: number;
  /** Requests answered from memory so far. */
  readonly hits: number;
}

export function portalPageCache(deps: { fetch: Fetch; kb: KbService; inputs: (locale: Locale) => Promise<string>; analytics: AnalyticsService; clock: Clock; logger: Logger; metrics: RequestRecorder }): PortalPageCache {
  const { kb, analytics, clock, logger } = deps;
  const pages = new Map<string, Page>();
  const rendering = new Map<string, Promise<void>>();
  let hits = 0;
  // The path alone: pages name the configured public URL, never the Host asked for, so every
  // Host gets the same bytes (and a made-up Host is no new entry).
  const keyOf = (req: IncomingMessage) => req.url!;
  const localeOf = (req: IncomingMessage) => CACHEABLE.exec(req.url ?? '')![1] as Locale;

  const inputs = new Map<Locale, { at: number; value: Promise<string> }>();
  function inputsOf(locale: Locale): Promise<string> {
    const now = clock.now().getTime();
    const held = inputs.get(locale);
    if (held && now >= held.at && now - held.at < PAGE_CACHE_LIMITS.inputsMs) return held.value;
    const value = deps.inputs(locale);
    // Callers at the same time share one read; a failure is not kept.
    value.catch(() => {
      if (inputs.get(locale)?.value === value) inputs.delete(locale);
    });
    inputs.set(locale, { at: now, value });
    return value;
  }
  const versionOf = async (locale: Locale) => {
    const [revision, shown] = await Promise.all([kb.revision(), inputsOf(locale)]);
    return `${revision}|${shown}`;
  };

  const hono = getRequestListener(deps.fetch);
  // A GET of a shared page not held: rendered by Hono, kept if it is a 200 that set no cookie.
  const filling = getRequestListener(async (request, env) => {
    // The listener below serves HTTP/1.1 only.
    const incoming = env.incoming as IncomingMessage;
    const key = keyOf(incoming);
    // Read before rendering: a revision published meanwhile makes this page stale at once.
    let version: string;
    try {
      version = await versionOf(localeOf(incoming));
    } catch {
      // The database does not answer: Hono says so, and nothing is kept.
      return deps.fetch(request, env);
    }
    const response = await deps.fetch(request, env);
    const etag = response.headers.get('etag');
    if (response.status !== 200 || !etag || response.headers.has('set-cookie')) {
      // A page taken down or failing now: the copy held would never be served again.
      pages.delete(key);
      return response;
    }
    const body = Buffer.from(await response.arrayBuffer());
    const headers: string[] = [];
    for (const [name, value] of response.headers) {
      if (name === 'x-request-id' || name === 'content-length') continue;
      headers.push(name, value);
    }
    const [, locale, section, name] = CACHEABLE.exec(incoming.url ?? '')!;
    // Hono answered 200, so the slug was well-formed.
    const view = section === 'articles' ? { locale: locale as Locale, slug: decodeURIComponent(name!) } : null;
    if (!pages.has(key) && pages.size >= PAGE_CACHE_LIMITS.maxEntries) pages.delete(pages.keys().next().value!);
    pages.set(key, { version, etag, headers, body, view, route: ROUTES[(section as 'categories' | 'articles' | undefined) ?? 'home'] });
    return new Response(body, { status: response.status, headers: response.headers });
  });

  async function current(req: IncomingMessage): Promise<Page | null> {
    const key = keyOf(req);
    const page = pages.get(key);
    if (!page) return null;
    // Read last, pushed out last.
    pages.delete(key);
    pages.set(key, page);
    try {
      return page.version === (await versionOf(localeOf(req))) ? page : null;
    } catch {
      return null;
    }
  }

  function answer(req: IncomingMessage, res: ServerResponse, page: Page, started: number): void {
    hits++;
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    if (page.view && !isBot(req.headers['user-agent'])) analytics.record([{ type: 'article_view', ...page.view }], 'portal');
    const inm = req.headers['if-none-match'];
    let status = 200;
    if (inm && inm.split(',').some((tag) => tag.trim() === page.etag)) {
      status = 304;
      res.writeHead(304, [...page.headers, 'x-request-id', requestId]);
      res.end();
    } else if (req.method === 'HEAD') {
      // As Hono answers a HEAD: the GET's headers, with no body and so no length.
      res.writeHead(200, [...page.headers, 'x-request-id', requestId]);
      res.end();
    } else {
      res.writeHead(200, [...page.headers, 'x-request-id', requestId, 'content-length', String(page.body.length)]);
      res.end(page.body);
    }
    // The line Hono's request logger writes (see app.ts).
    const ms = performance.now() - started;
    logger.info('request', { requestId, method: req.method, path: req.url, status, ms: Math.round(ms * 10) / 10 });
    deps.metrics.record(req.method!, page.route, status, ms / 1000);
  }

  return {
    async listener(req, res) {
      if (!shared(req.method, req.url, req.headers)) return hono(req, res);
      const started = performance.now();
      const key = keyOf(req);
      const page = await current(req);
      if (page) return answer(req, res, page, started);
      // A page being rendered is rendered once: the requests for it meanwhile wait for it.
      const under = rendering.get(key);
      if (under) {
        await under;
        const rendered = await current(req);
        return rendered ? answer(req, res, rendered, started) : hono(req, res);
      }
      if (req.method !== 'GET') return hono(req, res);
      const done = filling(req, res).finally(() => rendering.delete(key));
      rendering.set(key, done);
      return done;
    },
    get size() {
      return pages.size;
    },
    get hits() {
      return hits;
    },
  };
}
