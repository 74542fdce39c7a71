// The public help portal: server-rendered, indexable pages per locale, working without
// JavaScript, with canonical links, hreflang, Open Graph, JSON-LD, a sitemap and ETags.
import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { LOCALES, LocaleSchema, SlugSchema, searchText, type Announcement, type Locale, type ResponseTimes } from '@ayuda/core';
import type { AppEnv } from '../http/env.js';
import type { KbService } from '../kb/service.js';
import type { KbPopular } from '../kb/popular.js';
import type { AnalyticsService } from '../analytics/service.js';
import type { Config } from '../config.js';
import { AppError } from '../http/problem.js';
import { t } from './i18n.js';
import { FAVICON_PATH, FAVICON_SVG, PORTAL_CSS, PORTAL_CSS_HASH, PORTAL_CSS_PATH } from './styles.js';
import { articlePage, categoryPage, homePage, layout, notFoundPage, paths, searchPage, SEARCH_MAX_PAGES, SEARCH_PAGE_SIZE, type PageMeta } from './views.js';
import type { MiddlewareHandler } from 'hono';
import { html } from 'hono/html';

// Stored, but revalidated at every use (a 304 on the knowledge base's revision costs no
// rendering): an article published in the console shows within a second, not after a minute.
const PAGE_CACHE = 'public, no-cache';

/** Picks es or en from Accept-Language, falling back to the configured default. */
export function negotiateLocale(header: string | undefined, fallback: Locale): Locale {
  const prefs = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())?.[1]).find(Boolean);
      return { lang: (tag ?? '').split('-')[0]!, q: q ? Number(q) : 1 };
    })
    .filter((p) => p.lang && p.q > 0)
    .sort((a, b) => b.q - a.q);
  return (prefs.map((p) => p.lang).find((l) => (LOCALES as readonly string[]).includes(l)) as Locale) ?? fallback;
}

export const isBot = (ua: string | undefined) => /bot|crawl|spider|slurp|lighthouse|headlesschrome\/\d+.*\bpagespeed/i.test(ua ?? '');

/** The portal's 404 page, in `locale` or the one the browser asks for. */
export function portalNotFound(c: Context, config: Config, locale?: Locale) {
  const l = locale ?? negotiateLocale(c.req.header('accept-language'), config.defaultLocale);
  const s = t(l);
  c.header('Cache-Control', 'no-cache');
  c.header('X-Robots-Tag', 'noindex');
  const meta = { locale: l, title: s.notFoundTitle, description: s.notFoundText, canonical: config.publicUrl + paths.home(l), alternates: {}, noindex: true, company: config.companyName };
  return c.html(layout(meta, notFoundPage(l)), 404);
}

/** The portal's page while the database does not answer: 503, with when to try again. */
/** A page in the visitor's language for an error met before any page could be rendered. */
function portalErrorPage(c: Context, config: Config, status: 429 | 503, page: (s: ReturnType<typeof t>) => { title: string; text: string }, headers: Record<string, string>) {
  const l = LocaleSchema.safeParse(c.req.path.split('/')[2]).data ?? negotiateLocale(c.req.header('accept-language'), config.defaultLocale);
  const { title, text } = page(t(l));
  c.header('Cache-Control', 'no-store');
  for (const [k, v] of Object.entries(headers)) c.header(k, v);
  const meta = { locale: l, title, description: text, canonical: config.publicUrl + paths.home(l), alternates: {}, noindex: true, company: config.companyName };
  return c.html(layout(meta, html`<h1>${title}</h1><p role="alert">${text}</p>`), status);
}

export function portalUnavailable(c: Context, config: Config, retryAfterS: number) {
  return portalErrorPage(c, config, 503, (s) => ({ title: s.unavailableTitle, text: s.unavailableText }), { 'Retry-After': String(retryAfterS) });
}

/** A rate limit met on a portal page: a page, not problem details, with the limit's headers. */
export function portalTooManyRequests(c: Context, config: Config, headers: Record<string, string>) {
  const seconds = Number(headers['Retry-After'] ?? 60);
  return portalErrorPage(c, config, 429, (s) => ({ title: s.tooManyTitle, text: s.tooManyText(seconds) }), headers);
}

/**
 * What a shared portal page (a home, a category, an article) shows besides the knowledge base
 * and its URL: the inputs of its tag in `conditional` below, but the revision and the URL. The
 * page cache (page-cache.ts) renders a page again only when these or the revision change.
 */
export function portalPageInputs(deps: { config: Config; announcements?: (locale: Locale) => Promise<Announcement[]>; responseTimes?: (locale: Locale) => Promise<ResponseTimes>; popular?: KbPopular }) {
  return async (locale: Locale): Promise<string> => {
    const [shown, times] = await Promise.all([deps.announcements?.(locale) ?? [], deps.responseTimes?.(locale).catch(() => null) ?? null]);
    const usual = times ? `${times.standard.medianMinutes}/${times.fast.offered ? times.fast.medianMinutes : '-'}` : '';
    return `${PORTAL_CSS_HASH}|${deps.config.companyName}|${deps.popular?.periodEnd().toISOString() ?? ''}|${shown.map((a) => a.id).join(',')}|${usual}`;
  };
}

export function portalRoutes(deps: { kb: KbService; analytics: AnalyticsService; config: Config; rateLimited: MiddlewareHandler<AppEnv>; announcements?: (locale: Locale) => Promise<Announcement[]>; responseTimes?: (locale: Locale) => Promise<ResponseTimes>; popular?: KbPopular }) {
  const { kb, analytics, config } = deps;
  // The active announcements of the page's language, read once per request (the ETag and the page).
  const read = new WeakMap<Request, Promise<Announcement[]>>();
  const activeOf = (c: Context<AppEnv>): Promise<Announcement[]> => {
    const locale = localeOf(c);
    if (!locale || !deps.announcements) return Promise.resolve([]);
    let p = read.get(c.req.raw);
    if (!p) read.set(c.req.raw, (p = deps.announcements(locale)));
    return p;
  };
  // The usual first-response times beside the contact links (computed every few minutes at most);
  // a failure hides the figure rather than the page.
  const timesOf = (c: Context<AppEnv>): Promise<ResponseTimes | null> => {
    const locale = localeOf(c);
    if (!locale || !deps.responseTimes) return Promise.resolve(null);
    return deps.responseTimes(locale).catch(() => null);
  };
  const abs = (path: string) => config.publicUrl + path;
  const app = new Hono<AppEnv>();

  /**
   * Answers 304 when the client's copy is current (what goes into the tag goes into
   * `portalPageInputs` too, so the page cache renders again when it changes); the tag covers the KB revision, the company's
   * name (a setting, read live), the URL's path and query (not its host: the page is the same under any) and the stylesheet (a page names its content-hashed URL, so a release that changes the styles,
   * usually with the markup, is never answered with a copy pointing at the old ones).
   */
  const pathAndQuery = (url: string) => url.slice(url.indexOf('/', url.indexOf('//') + 2));
  async function conditional(c: Context<AppEnv>, extra = ''): Promise<{ etag: string; fresh: boolean }> {
    const revision = await kb.revision();
    // Which announcements are active changes the page: one published, ended or withdrawn is a new tag.
    const shown = (await activeOf(c)).map((a) => a.id).join(',');
    // So does the usual reply time beside the contact links.
    const times = await timesOf(c);
    const usual = times ? `${times.standard.medianMinutes}/${times.fast.offered ? times.fast.medianMinutes : '-'}` : '';
    const etag = `W/"${createHash('sha1').update(`${revision}|${PORTAL_CSS_HASH}|${config.companyName}|${pathAndQuery(c.req.url)}|${extra}|${shown}|${usual}`).digest('base64url').slice(0, 20)}"`;
    const inm = c.req.header('if-none-match');
    return { etag, fresh: !!inm && inm.split(',').some((x) => x.trim() === etag) };
  }

  async function send(c: Context<AppEnv>, meta: Omit<PageMeta, 'company'>, body: Parameters<typeof layout>[1], etag?: string, status: 200 | 404 = 200) {
    const [announcements, responseTimes] = await Promise.all([activeOf(c), timesOf(c)]);
    if (etag) c.header('ETag', etag);
    c.header('Cache-Control', meta.noindex ? 'no-cache' : PAGE_CACHE);
    c.header('Vary', 'Accept-Encoding');
    if (meta.noindex) c.header('X-Robots-Tag', 'noindex');
    return c.html(layout({ ...meta, company: config.companyName, announcements, responseTimes }, body), status);
  }

  // A 304 carries the caching headers its 200 would (RFC 9110 §15.4.5), so a cache that
  // revalidates keeps the same rules, and the page's type (else the adapter would call it
  // text/plain); the page cache in front of Hono answers with the same ones.
  const notModified = (c: Context<AppEnv>, etag: string, cacheControl = PAGE_CACHE) =>
    c.body(null, 304, { ETag: etag, 'Cache-Control': cacheControl, Vary: 'Accept-Encoding', 'Content-Type': 'text/html; charset=UTF-8' });

  const notFoundHtml = (c: Context<AppEnv>, locale: Locale) => portalNotFound(c, config, locale);

  const localeOf = (c: Context<AppEnv>): Locale | null => {
    const r = LocaleSchema.safeParse(c.req.param('locale'));
    return r.success ? r.data : null;
  };

  app.get(PORTAL_CSS_PATH, (c) => {
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    c.header('Content-Type', 'text/css; charset=utf-8');
    return c.body(PORTAL_CSS);
  });

  app.get(FAVICON_PATH, (c) => {
    c.header('Cache-Control', 'public, max-age=86400');
    c.header('Content-Type', 'image/svg+xml');
    return c.body(FAVICON_SVG);
  });

  app.get('/help', (c) => c.redirect(paths.home(negotiateLocale(c.req.header('accept-language'), config.defaultLocale)), 302));

  app.get('/help/:locale', (c) => {
    const locale = localeOf(c);
    return locale ? c.redirect(paths.home(locale), 301) : notFoundHtml(c, config.defaultLocale);
  });

  app.get('/help/:locale/', async (c) => {
    const locale = localeOf(c);
    if (!locale) return notFoundHtml(c, config.defaultLocale);
    // The most-read list changes every hour: so does the home's tag.
    const { etag, fresh } = await conditional(c, deps.popular ? deps.popular.periodEnd().toISOString() : '');
    if (fresh) return notModified(c, etag);
    const [{ categories }, popular] = await Promise.all([kb.listCategories(locale), deps.popular?.list({ locale }) ?? null]);
    const s = t(locale);
    const alternates = Object.fromEntries(LOCALES.map((l) => [l, abs(paths.home(l))]));
    const jsonLd = [
      {
        '@context': 'https://schema.org',
        '@type': 'WebSite',
        name: s.homeTitle(config.companyName),
        url: abs(paths.home(locale)),
        inLanguage: locale,
        potentialAction: { '@type': 'SearchAction', target: `${abs(paths.search(locale))}?q={search_term_string}`, 'query-input': 'required name=search_term_string' },
      },
    ];
    return send(c, { locale, title: s.homeTitle(config.companyName), description: s.homeDescription(config.companyName), canonical: abs(paths.home(locale)), alternates, jsonLd }, homePage(locale, config.companyName, categories, popular), etag);
  });

  app.get('/help/:locale/categories/:key', async (c) => {
    const locale = localeOf(c);
    if (!locale) return notFoundHtml(c, config.defaultLocale);
    const { etag, fresh } = await conditional(c);
    if (fresh) return notModified(c, etag);
    const key = c.req.param('key');
    const { categories } = await kb.listCategories(locale);
    const category = categories.find((x) => x.key === key);
    if (!category) return notFoundHtml(c, locale);
    const { articles } = await kb.listArticles({ locale, category: key, limit: 200 });
    const alternates = Object.fromEntries(LOCALES.map((l) => [l, abs(paths.category(l, key))]));
    const jsonLd = [breadcrumbLd(locale, [{ name: category.name, url: abs(paths.category(locale, key)) }])];
    return send(
      c,
      { locale, title: `${category.name} · ${t(locale).homeTitle(config.companyName)}`, description: category.description || category.name, canonical: abs(paths.category(locale, key)), alternates, jsonLd },
      categoryPage(locale, category, articles),
      etag,
    );
  });

  app.get('/help/:locale/articles/:slug', async (c) => {
    const locale = localeOf(c);
    if (!locale) return notFoundHtml(c, config.defaultLocale);
    const slug = SlugSchema.safeParse(c.req.param('slug'));
    if (!slug.success) return notFoundHtml(c, locale);
    // After a vote the page thanks the reader; after a "No" it also offers contact right there.
    const votedParam = c.req.query('voted');
    const voted = votedParam === 'no' ? 'no' : votedParam === '1';
    const article = await kb.getArticle(locale, slug.data).catch((e: unknown) => {
      if (e instanceof AppError && e.status === 404) return null;
      throw e;
    });
    if (!article) return notFoundHtml(c, locale);

    if (!isBot(c.req.header('user-agent')) && !voted) {
      const events: Parameters<AnalyticsService['record']>[0] = [{ type: 'article_view', locale, slug: article.slug }];
      const q = searchText(c.req.query('q') ?? '');
      const pos = Number(c.req.query('pos'));
      if (q && q.length <= 200 && Number.isInteger(pos) && pos >= 1 && pos <= 1000) {
        events.push({ type: 'result_click', locale, query: q, slug: article.slug, position: pos });
      }
      analytics.record(events, 'portal');
    }

    const { etag, fresh } = await conditional(c, voted ? `voted-${voted}` : '');
    if (fresh) return notModified(c, etag, voted ? 'no-cache' : PAGE_CACHE);
    const { categories } = await kb.listCategories(locale);
    const category = categories.find((x) => x.key === article.category);
    const url = abs(paths.article(locale, article.slug));
    const alternates: Partial<Record<Locale, string>> = { [locale]: url };
    for (const tr of article.translations) alternates[tr.locale] = abs(paths.article(tr.locale, tr.slug));
    const description = article.excerpt.replace(/ …$/, '').slice(0, 160);
    const main =
      article.type === 'faq' && article.faq?.length
        ? {
            '@context': 'https://schema.org',
            '@type': 'FAQPage',
            inLanguage: locale,
            mainEntity: article.faq.map((q) => ({ '@type': 'Question', name: q.question, acceptedAnswer: { '@type': 'Answer', text: q.answerHtml } })),
          }
        : {
            '@context': 'https://schema.org',
            '@type': 'Article',
            headline: article.title,
            description,
            inLanguage: locale,
            dateModified: article.updated,
            mainEntityOfPage: url,
            publisher: { '@type': 'Organization', name: config.companyName },
          };
    const jsonLd = [
      main,
      breadcrumbLd(locale, [
        ...(category ? [{ name: category.name, url: abs(paths.category(locale, category.key)) }] : []),
        { name: article.title, url },
      ]),
    ];
    return send(
      c,
      { locale, title: `${article.title} · ${t(locale).homeTitle(config.companyName)}`, description, canonical: url, alternates, ogType: 'article', jsonLd, noindex: !!voted },
      articlePage(locale, article, category, { voted, responseTimes: await timesOf(c) }),
      etag,
    );
  });

  app.post('/help/:locale/articles/:slug/feedback', deps.rateLimited, async (c) => {
    const locale = localeOf(c);
    const slug = SlugSchema.safeParse(c.req.param('slug'));
    if (!locale || !slug.success) return notFoundHtml(c, locale ?? config.defaultLocale);
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const helpful = form['helpful'];
    if (helpful !== 'yes' && helpful !== 'no') return c.redirect(paths.article(locale, slug.data), 303);
    const article = await kb.getArticle(locale, slug.data).catch(() => null);
    if (!article) return notFoundHtml(c, locale);
    analytics.record([{ type: 'feedback', locale, slug: article.slug, helpful: helpful === 'yes' }], 'portal');
    return c.redirect(`${paths.article(locale, article.slug)}?voted=${helpful === 'yes' ? '1' : 'no'}#feedback`, 303);
  });

  app.get('/help/:locale/search', deps.rateLimited, async (c) => {
    const locale = localeOf(c);
    if (!locale) return notFoundHtml(c, config.defaultLocale);
    // Control characters read as spaces, as in the API's search (a crafted `%00` finds the words around it).
    const query = searchText(c.req.query('q') ?? '').slice(0, 200);
    const s = t(locale);
    // `page`: a whole number from 1 to 999, else 1; past the last page, the last.
    const asked = /^[1-9]\d{0,2}$/.test(c.req.query('page') ?? '') ? Number(c.req.query('page')) : 1;
    const page = Math.min(asked, SEARCH_MAX_PAGES);
    // Every page cuts its slice from the same list, of all the pages' results: the ranking reorders
    // as many results as it is asked for (at least the first 30), so asking for 20 × page would
    // move results from one page to another.
    const found = query ? await kb.search(locale, query, SEARCH_PAGE_SIZE * SEARCH_MAX_PAGES) : { total: 0, results: [], suggestion: undefined };
    const { total, suggestion } = found;
    const pages = Math.max(1, Math.min(SEARCH_MAX_PAGES, Math.ceil(total / SEARCH_PAGE_SIZE)));
    const shown = Math.min(page, pages);
    const results = found.results.slice(SEARCH_PAGE_SIZE * (shown - 1), SEARCH_PAGE_SIZE * shown);
    // One search, however many of its pages are read.
    if (query && page === 1) analytics.record([{ type: 'search', locale, query, resultCount: total }], 'portal');
    const alternates = Object.fromEntries(LOCALES.map((l) => [l, abs(paths.search(l))]));
    return send(
      c,
      { locale, title: query ? (pages > 1 ? `${s.searchTitle(query)} · ${s.pageOf(shown, pages)}` : s.searchTitle(query)) : s.searchLabel, description: s.homeDescription(config.companyName), canonical: abs(paths.search(locale)), alternates, noindex: true },
      searchPage(locale, query, total, results, suggestion, { page: shown, pages }),
    );
  });

  app.get('/help/:locale/*', (c) => notFoundHtml(c, localeOf(c) ?? config.defaultLocale));

  app.get('/robots.txt', (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    return c.text(
      ['User-agent: *', 'Allow: /', ...LOCALES.map((l) => `Disallow: ${paths.search(l)}`), 'Disallow: /api/', '', `Sitemap: ${abs('/sitemap.xml')}`, ''].join('\n'),
    );
  });

  app.get('/sitemap.xml', async (c) => {
    const { etag, fresh } = await conditional(c);
    if (fresh) return c.body(null, 304, { ETag: etag });
    const entries: string[] = [];
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const url = (loc: string, alternates: Partial<Record<Locale, string>>, lastmod?: string) =>
      `<url><loc>${esc(loc)}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}${Object.entries(alternates)
        .map(([l, href]) => `<xhtml:link rel="alternate" hreflang="${l}" href="${esc(href)}"/>`)
        .join('')}</url>`;
    const homes = Object.fromEntries(LOCALES.map((l) => [l, abs(paths.home(l))]));
    for (const l of LOCALES) entries.push(url(abs(paths.home(l)), homes));
    for (const l of LOCALES) {
      const { categories } = await kb.listCategories(l);
      for (const cat of categories) entries.push(url(abs(paths.category(l, cat.key)), Object.fromEntries(LOCALES.map((x) => [x, abs(paths.category(x, cat.key))]))));
    }
    for (const a of await kb.sitemap()) {
      const alts: Partial<Record<Locale, string>> = { [a.locale]: abs(paths.article(a.locale, a.slug)) };
      for (const tr of a.translations) alts[tr.locale] = abs(paths.article(tr.locale, tr.slug));
      entries.push(url(abs(paths.article(a.locale, a.slug)), alts, a.updated));
    }
    c.header('ETag', etag);
    c.header('Cache-Control', PAGE_CACHE);
    c.header('Content-Type', 'application/xml; charset=utf-8');
    return c.body(
      `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${entries.join('\n')}\n</urlset>\n`,
    );
  });

  function breadcrumbLd(locale: Locale, trail: Array<{ name: string; url: string }>) {
    const items = [{ name: t(locale).breadcrumbHome, url: abs(paths.home(locale)) }, ...trail];
    return {
      '@context': 'https://schema.org',
      '@type': 'BreadcrumbList',
      itemListElement: items.map((i, n) => ({ '@type': 'ListItem', position: n + 1, name: i.name, item: i.url })),
    };
  }

  return app;
}
