import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createTestApp, type TestApp } from '../testing/app.js';
import { SEARCH_PAGE_SIZE } from './views.js';
import { testDatabases } from '../testing/db.js';
import { negotiateLocale } from './routes.js';

const jsonLdOf = (html: string) => [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((m) => JSON.parse(m[1]!));

describe('negotiateLocale', () => {
  it('picks the preferred supported language', () => {
    expect(negotiateLocale('en-GB,en;q=0.9,es;q=0.8', 'es')).toBe('en');
    expect(negotiateLocale('fr-FR,fr;q=0.9,es;q=0.5', 'en')).toBe('es');
    expect(negotiateLocale('de', 'en')).toBe('en');
    expect(negotiateLocale(undefined, 'es')).toBe('es');
    expect(negotiateLocale('es;q=0,en;q=0.1', 'es')).toBe('en');
  });
});

describe.each(testDatabases())('help portal on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.dispose());

  const page = async (path: string, init?: RequestInit) => {
    const res = await t.request(path, init);
    return { res, html: await res.text() };
  };

  it('redirects /help to the browser language', async () => {
    const res = await t.request('/help', { headers: { 'Accept-Language': 'en-US,en;q=0.9' } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/help/en/');
    expect((await t.request('/help/es')).headers.get('location')).toBe('/help/es/');
  });

  it('renders the home page with categories, search, canonical, hreflang and JSON-LD', async () => {
    const { res, html } = await page('/help/es/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('<link rel="canonical" href="http://help.test/help/es/">');
    expect(html).toContain('<link rel="alternate" hreflang="en" href="http://help.test/help/en/">');
    expect(html).toContain('<meta name="viewport"');
    expect(html).toContain('href="/help/es/categories/billing">Facturación</a>');
    expect(html).not.toContain('Soporte prioritario');
    expect(html).not.toContain('Interno');
    expect(html).toMatch(/<form class="search" role="search" action="\/help\/es\/search" method="get">/);
    expect(jsonLdOf(html)[0]).toMatchObject({ '@type': 'WebSite', potentialAction: { '@type': 'SearchAction' } });
  });

  it('renders an article with Open Graph, Article JSON-LD, hreflang to its translation and a vote form', async () => {
    const { res, html } = await page('/help/es/articles/pagar-factura');
    expect(res.status).toBe(200);
    expect(html).toContain('<h1>Cómo pagar tu factura</h1>');
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toContain('<link rel="alternate" hreflang="en" href="http://help.test/help/en/articles/pay-bill">');
    expect(html).toContain('<link rel="alternate" hreflang="es" href="http://help.test/help/es/articles/pagar-factura">');
    expect(html).toContain('1 de octubre de 2026');
    expect(html).toMatch(/<form method="post" action="\/help\/es\/articles\/pagar-factura\/feedback">/);
    const ld = jsonLdOf(html);
    expect(ld[0]).toMatchObject({ '@type': 'Article', headline: 'Cómo pagar tu factura', inLanguage: 'es', dateModified: '2026-10-01' });
    expect(ld[1]).toMatchObject({ '@type': 'BreadcrumbList' });
  });

  it('marks FAQ articles up as FAQPage', async () => {
    const { html } = await page('/help/en/articles/bill-faq');
    const ld = jsonLdOf(html);
    expect(ld[0]).toMatchObject({
      '@type': 'FAQPage',
      mainEntity: [
        { '@type': 'Question', name: 'When does the bill arrive?', acceptedAnswer: { text: '<p>On the 1st of each month.</p>' } },
        { '@type': 'Question', name: 'Can I pay in cash?' },
      ],
    });
  });

  it('escapes article content inside JSON-LD so it cannot close the script', async () => {
    const { html } = await page('/help/es/articles/cambiar-contrasena-wifi');
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    expect(scripts.every((s) => s === '<script type="application/ld+json">')).toBe(true);
    expect(html).not.toContain("<script>alert('xss')");
  });

  it('answers 404 for customers and internal articles, unknown pages and locales', async () => {
    for (const path of ['/help/es/articles/soporte-prioritario', '/help/es/articles/escalar-averia', '/help/es/articles/nada', '/help/es/categories/internal', '/help/fr/', '/help/es/otra/cosa']) {
      const { res, html } = await page(path);
      expect(res.status, path).toBe(404);
      expect(html).toContain('noindex');
      expect(html).not.toContain('secreto');
    }
  });

  it('searches without JavaScript, with highlighted snippets and noindex', async () => {
    const { res, html } = await page('/help/es/search?q=contrasena%20wiif');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-robots-tag')).toBe('noindex');
    expect(html).toContain('<a href="/help/es/articles/cambiar-contrasena-wifi?q=contrasena+wiif&amp;pos=1">Cambiar la contraseña del Wi-Fi</a>');
    expect(html).toContain('<mark>contraseña</mark>');
    const none = await page('/help/en/search?q=zzzzqqq');
    expect(none.html).toContain('We found nothing about “zzzzqqq”.');
    const xss = await page('/help/en/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(xss.html).not.toContain('<script>alert(1)');
    expect(xss.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('records search, click, view and vote events, and the vote redirects with thanks', async () => {
    const before = (await t.analytics.searchReport({ locale: 'en', limit: 10 })).totals;
    await page('/help/en/search?q=pay%20bil');
    await page('/help/en/articles/pay-bill?q=pay%20bil&pos=1');
    const vote = await t.request('/help/en/articles/pay-bill/feedback', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'helpful=yes',
    });
    expect(vote.status).toBe(303);
    expect(vote.headers.get('location')).toBe('/help/en/articles/pay-bill?voted=1#feedback');
    const thanks = await page('/help/en/articles/pay-bill?voted=1');
    expect(thanks.html).toContain('Thank you for your feedback!');
    const bad = await t.request('/help/en/articles/pay-bill/feedback', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'helpful=maybe' });
    expect(bad.status).toBe(303);
    expect(bad.headers.get('location')).toBe('/help/en/articles/pay-bill');
    const report = await t.analytics.searchReport({ locale: 'en', limit: 10 });
    const delta = Object.fromEntries(Object.entries(report.totals).map(([k, v]) => [k, v - before[k as keyof typeof before]]));
    expect(delta).toEqual({ searches: 1, zeroResultSearches: 0, resultClicks: 1, articleViews: 1, helpfulVotes: 1, unhelpfulVotes: 0, deflections: 0 });
    expect(report.topQueries).toContainEqual({ query: 'pay bil', locale: 'en', count: 1 });
  });

  it('reads control characters in a search as spaces and records the clean query', async () => {
    const before = (await t.analytics.searchReport({ locale: 'en', limit: 10 })).totals;
    const { res, html } = await page('/help/en/search?q=pay%00bill');
    expect(res.status).toBe(200);
    expect(html).toContain('How to pay your bill');
    expect((await page('/help/en/search?q=%00')).res.status).toBe(200);
    expect((await page('/help/en/articles/pay-bill?q=pay%00bill&pos=1')).res.status).toBe(200);
    const report = await t.analytics.searchReport({ locale: 'en', limit: 10 });
    expect(report.totals.searches - before.searches).toBe(1);
    expect(report.totals.resultClicks - before.resultClicks).toBe(1);
    expect(report.totals.articleViews - before.articleViews).toBe(1);
    expect(report.topQueries).toContainEqual({ query: 'pay bill', locale: 'en', count: 1 });
  });

  it('does not count crawlers as article views', async () => {
    const before = (await t.analytics.searchReport({ limit: 10 })).totals.articleViews;
    await t.request('/help/es/articles/pagar-factura', { headers: { 'User-Agent': 'Mozilla/5.0 (compatible; Googlebot/2.1)' } });
    expect((await t.analytics.searchReport({ limit: 10 })).totals.articleViews).toBe(before);
  });

  it('answers 304 to a matching ETag and sends cache headers', async () => {
    const first = await t.request('/help/es/articles/pagar-factura');
    const etag = first.headers.get('etag')!;
    // Stored but revalidated at every use, so a publish shows at once (docs/portal.md).
    expect(first.headers.get('cache-control')).toBe('public, no-cache');
    const second = await t.request('/help/es/articles/pagar-factura', { headers: { 'If-None-Match': etag } });
    expect(second.status).toBe(304);
    const css = first.headers && (await page('/help/es/')).html.match(/href="(\/help\/assets\/portal\.\w+\.css)"/)![1]!;
    const cssRes = await t.request(css);
    expect(cssRes.status).toBe(200);
    expect(cssRes.headers.get('cache-control')).toContain('immutable');
  });

  it('publishes a sitemap with alternates and only public pages, and robots.txt', async () => {
    const { res, html: xml } = await page('/sitemap.xml');
    expect(res.headers.get('content-type')).toMatch(/application\/xml/);
    expect(xml).toContain('<loc>http://help.test/help/es/articles/pagar-factura</loc><lastmod>2026-10-01</lastmod><xhtml:link rel="alternate" hreflang="es" href="http://help.test/help/es/articles/pagar-factura"/><xhtml:link rel="alternate" hreflang="en" href="http://help.test/help/en/articles/pay-bill"/>');
    expect(xml).toContain('<loc>http://help.test/help/en/categories/billing</loc>');
    expect(xml).not.toMatch(/soporte-prioritario|priority-support|escalar-averia|categories\/internal|categories\/priority/);
    const robots = await page('/robots.txt');
    expect(robots.html).toContain('Sitemap: http://help.test/sitemap.xml');
    expect(robots.html).toContain('Disallow: /help/es/search');
    expect(robots.html).toContain('Disallow: /api/');
  });

  it('serves the company site at /, choosing its language as /help does', async () => {
    const home = async (acceptLanguage?: string) => {
      const res = await t.request('/', acceptLanguage === undefined ? {} : { headers: { 'Accept-Language': acceptLanguage } });
      expect(res.status).toBe(302);
      expect(res.headers.get('vary')).toBe('Accept-Language');
      return res.headers.get('location');
    };
    expect(await home('en-GB,en;q=0.9,es;q=0.5')).toBe('/en/');
    expect(await home('fr-FR,fr;q=0.9,en;q=0.8')).toBe('/en/');
    expect(await home('en;q=0.2,es-MX;q=0.9')).toBe('/es/');
    // No header, an unsupported language, or garbage: the default language.
    expect(await home()).toBe('/es/');
    expect(await home('de-DE')).toBe('/es/');
    expect(await home('../../etc/passwd, *;q=0.5, ;;;')).toBe('/es/');
    const before = t.config.defaultLocale;
    t.config.defaultLocale = 'en';
    try {
      expect(await home('de-DE')).toBe('/en/');
    } finally {
      t.config.defaultLocale = before;
    }
    const res = await t.request('/es/');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('/help/es/');
    // Absolute hreflang alternates (and canonical) on the public URL, and a favicon.
    expect(page).toContain('<link rel="canonical" href="http://help.test/es/">');
    expect(page).toContain('<link rel="alternate" hreflang="en" href="http://help.test/en/">');
    expect(page).toContain('<link rel="alternate" hreflang="x-default" href="http://help.test/">');
    expect(page).not.toContain('%PUBLIC_URL%');
    expect(await (await t.request('/en/')).text()).toContain('<link rel="alternate" hreflang="es" href="http://help.test/es/">');
    const icon = await t.request(page.match(/<link rel="icon" href="([^"]+)"/)![1]!);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect((await t.request('/../package.json')).status).toBe(404);
    expect((await t.request('/%2e%2e/%2e%2e/package.json')).status).toBe(404);
  });
});

describe.each(testDatabases())('portal rate limits on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { env: { AYUDA_RATE_LIMIT: '3' } });
  });
  afterAll(() => t.dispose());

  it('limits the search page and says so in a page in the visitor\'s language', async () => {
    for (let i = 0; i < 3; i++) expect((await t.request('/help/es/search?q=factura')).status).toBe(200);
    const over = await t.request('/help/es/search?q=factura');
    expect(over.status).toBe(429);
    expect(over.headers.get('content-type')).toContain('text/html');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(over.headers.get('ratelimit')).toMatch(/^limit=3, remaining=0, reset=\d+$/);
    const page = await over.text();
    expect(page).toContain('<html lang="es"');
    expect(page).toContain('Has hecho muchas peticiones seguidas');
  });
});

// Pages of results need more matches than the fixture has: the demo's knowledge base. The
// database plays no part in paging, so PGlite alone.
describe('help portal search pages (demo knowledge base)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite', { kb: fileURLToPath(new URL('../../../../demo/kb', import.meta.url)) });
  });
  afterAll(() => t.dispose());
  const page = async (path: string) => (await t.request(path)).text();
  const links = (html: string) => [...html.matchAll(/<li><a href="\/help\/es\/articles\/([\w-]+)\?q=router&amp;pos=(\d+)">/g)].map((m) => [m[1], Number(m[2])] as const);

  it('pages the results 20 at a time, numbered on, with previous and next links; a bad or past-the-end page reads as the first or the last', async () => {
    const { total, results } = await t.kb.search('es', 'router', 200);
    expect(total).toBeGreaterThan(SEARCH_PAGE_SIZE);
    expect(total).toBeLessThanOrEqual(2 * SEARCH_PAGE_SIZE);
    const before = (await t.analytics.searchReport({ locale: 'es', limit: 10 })).totals.searches;

    const first = await page('/help/es/search?q=router');
    expect(first).toContain(`<p role="status">Resultados 1–20 de ${total} para «router»</p>`);
    expect(links(first)).toEqual(results.slice(0, 20).map((r, i) => [r.slug, i + 1]));
    expect(first).toContain('<ol class="list">');
    expect(first).toContain('<nav class="pages" aria-label="Páginas de resultados"> <span>Página 1 de 2</span> <a rel="next" href="/help/es/search?q=router&amp;page=2">Siguiente</a></nav>');

    const second = await page('/help/es/search?q=router&page=2');
    expect(second).toContain(`<p role="status">Resultados 21–${total} de ${total} para «router»</p>`);
    expect(second).toContain('<ol class="list" start="21">');
    expect(second).toContain('<title>Resultados de «router» · Página 2 de 2');
    expect(links(second)).toEqual(results.slice(20).map((r, i) => [r.slug, i + 21]));
    expect(second).toContain('<a rel="prev" href="/help/es/search?q=router">Anterior</a> <span>Página 2 de 2</span> </nav>');
    // Reading a second page is the same search: counted once.
    expect((await t.analytics.searchReport({ locale: 'es', limit: 10 })).totals.searches - before).toBe(1);

    for (const bad of ['0', '-1', 'abc', '1.5', '02', '%00', '9999']) expect(links(await page(`/help/es/search?q=router&page=${bad}`)), bad).toEqual(links(first));
    expect(links(await page('/help/es/search?q=router&page=7'))).toEqual(links(second));
    // A query of several words, which the ranking reorders: the pages still split one list.
    const q = 'no funciona el router ni el wifi';
    const whole = (await t.kb.search('es', q, 200)).results.map((r) => r.slug);
    expect(whole.length).toBeGreaterThan(SEARCH_PAGE_SIZE);
    const slugs = (html: string) => [...html.matchAll(/<li><a href="\/help\/es\/articles\/([\w-]+)\?q=/g)].map((m) => m[1]);
    const enc = encodeURIComponent(q);
    expect([...slugs(await page(`/help/es/search?q=${enc}`)), ...slugs(await page(`/help/es/search?q=${enc}&page=2`))]).toEqual(whole.slice(0, 2 * SEARCH_PAGE_SIZE));
    // One page of results: no pages, and the count alone.
    const few = await page('/help/es/search?q=contrasena%20wifi%20olvidada');
    expect(few).not.toContain('class="pages"');
    expect(few).toMatch(/<p role="status">\d+ resultados? para «contrasena wifi olvidada»<\/p>/);
  });
});
