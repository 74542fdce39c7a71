import { get as httpGet } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { createTestApp, DEMO_KB_DIR, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { loadConfig } from '../config.js';
import { startServer, type RunningServer } from '../server.js';
import { createLogger } from '../http/logger.js';
import { analyticsEvents } from '../db/schema.js';
import type { StaffActor } from '../staff/actor.js';

const editor: StaffActor = { kind: 'user', id: 7, name: 'Marta', role: 'admin' };
const ARTICLE = '/help/es/articles/pagar-factura';
const METRICS_TOKEN = 'page-cache-metrics-0123456789';

/** A GET through node:http, which sends the Host it is given. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; etag: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, etag: res.headers.etag, body }));
    }).on('error', reject);
  });
}

// Headers that differ between any two responses, whoever sends them.
const PER_RESPONSE = new Set(['date', 'x-request-id', 'connection', 'keep-alive']);
const headersOf = (res: Response) => Object.fromEntries([...res.headers].filter(([k]) => !PER_RESPONSE.has(k)));

describe.each(testDatabases())('portal page cache on %s', (kind) => {
  let t: TestApp;
  let server: RunningServer;
  const logs: string[] = [];
  beforeAll(async () => {
    t = await createTestApp(kind);
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', AYUDA_PUBLIC_URL: 'http://help.test', AYUDA_COMPANY_NAME: 'Nubefibra', AYUDA_METRICS_TOKEN: METRICS_TOKEN }, {});
    // The test app's fixed clock: a page is held until the knowledge base changes, never by chance of timing.
    server = await startServer(config, { database: t.database, clock: t.clock, logger: createLogger('info', (l) => logs.push(l)) });
  });
  afterAll(async () => {
    await server?.close();
    await t?.dispose();
  });

  // Once more when a kept-alive connection was closed by the server as it was reused (after a
  // slow import, say): that race is the client's, not the page's.
  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    fetch(server.url + path, { method, headers }).catch((e: Error) => {
      if ((e.cause as NodeJS.ErrnoException | undefined)?.code !== 'ECONNRESET') throw e;
      return fetch(server.url + path, { method, headers });
    });
  // A cookie of Ayuda's own (here no valid session): the page is the same, but the cache steps aside.
  const viaHono = { Cookie: 'ayuda_session=not-a-session' };

  it.each([ARTICLE, '/help/en/', '/help/es/categories/billing'])('serves %s from memory with the bytes and headers Hono sends', async (path) => {
    const first = await get(path);
    expect(first.status).toBe(200);
    const firstBody = await first.text();
    const hits = server.pages.hits;
    const cached = await get(path);
    const cachedBody = await cached.text();
    expect(server.pages.hits).toBe(hits + 1);
    const slow = await get(path, viaHono);
    const slowBody = await slow.text();
    expect(server.pages.hits).toBe(hits + 1);

    expect(cached.status).toBe(200);
    expect(cachedBody).toBe(slowBody);
    expect(cachedBody).toBe(firstBody);
    expect(headersOf(cached)).toEqual(headersOf(slow));
    expect(headersOf(first)).toEqual(headersOf(slow));
    expect(cached.headers.get('content-security-policy')).toBeTruthy();
    expect(cached.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(cached.headers.get('x-request-id')).not.toBe(slow.headers.get('x-request-id'));
    // Logged like any request.
    const id = cached.headers.get('x-request-id');
    expect(logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.requestId === id)).toMatchObject({ msg: 'request', method: 'GET', path, status: 200 });
  });

  it('counts a page from memory in /metrics under its route, as Hono counts the same page', async () => {
    const series = 'ayuda_http_requests_total{method="GET",route="/help/:locale/articles/:slug",status="200"}';
    const counted = async () => {
      const text = await (await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).text();
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      return line ? Number(line.slice(series.length + 1)) : 0;
    };
    await get(ARTICLE);
    const before = await counted();
    const hits = server.pages.hits;
    await get(ARTICLE);
    await get(ARTICLE);
    await get(ARTICLE, viaHono);
    expect(server.pages.hits).toBe(hits + 2);
    expect(await counted()).toBe(before + 3);
  });

  it('answers HEAD and If-None-Match as Hono does', async () => {
    const etag = (await get(ARTICLE)).headers.get('etag')!;
    expect(etag).toBeTruthy();
    const hits = server.pages.hits;
    const [head, slowHead] = [await get(ARTICLE, {}, 'HEAD'), await get(ARTICLE, viaHono, 'HEAD')];
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(headersOf(head)).toEqual(headersOf(slowHead));

    const [notModified, slowNotModified] = [await get(ARTICLE, { 'If-None-Match': etag }), await get(ARTICLE, { ...viaHono, 'If-None-Match': etag })];
    expect(notModified.status).toBe(304);
    expect(slowNotModified.status).toBe(304);
    expect(headersOf(notModified)).toEqual(headersOf(slowNotModified));
    expect(headersOf(notModified)).toMatchObject({ etag, 'cache-control': 'public, no-cache' });
    expect(server.pages.hits).toBe(hits + 2);
    // A tag of another page is no match.
    expect((await get(ARTICLE, { 'If-None-Match': 'W/"other"' })).status).toBe(200);
    // The client's request id is kept when Hono would keep it, replaced when it would not.
    expect((await get(ARTICLE, { 'X-Request-Id': 'trace-1' })).headers.get('x-request-id')).toBe('trace-1');
    expect((await get(ARTICLE, { 'X-Request-Id': 'bad id;' })).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('shows an article published in the console at once, with a new tag', async () => {
    const before = await get('/help/es/articles/pagar-factura');
    const etag = before.headers.get('etag');
    await get(ARTICLE);
    await server.ayuda.kbEditor.saveDraft('es', 'pagar-factura', { title: 'Pagar tu factura (nuevo)', category: 'billing', tags: [], visibility: 'public', type: 'article', translation: null, body: 'Texto nuevo.\n' }, editor);
    await server.ayuda.kbEditor.publish('es', 'pagar-factura', editor, { force: false });
    const after = await get(ARTICLE);
    expect(await after.text()).toContain('<h1>Pagar tu factura (nuevo)</h1>');
    expect(after.headers.get('etag')).not.toBe(etag);
    const hits = server.pages.hits;
    const again = await get(ARTICLE, { 'If-None-Match': etag! });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('<h1>Pagar tu factura (nuevo)</h1>');
    expect(server.pages.hits).toBe(hits + 1);
  });

  it('leaves to Hono what may differ by visitor: cookies, credentials, queries, other methods and pages', async () => {
    await get(ARTICLE);
    const hits = server.pages.hits;
    await get(ARTICLE, { Cookie: 'ayuda_session=someone-else' });
    await get(ARTICLE, { Cookie: '_ga=GA1.1.5; ayuda_staff=a-staff-session' });
    await get(ARTICLE, { Authorization: 'Bearer x' });
    const voted = await get(`${ARTICLE}?voted=1`);
    expect(await voted.text()).toContain('noindex');
    await get('/help/es/search?q=factura');
    await get('/help');
    expect((await fetch(server.url + '/help/es/articles/pagar-factura/feedback', { method: 'POST', redirect: 'manual' })).status).toBe(303);
    expect(server.pages.hits).toBe(hits);
  });

  it('serves the same held page whatever the Host or other sites\' cookies, and holds one entry per page, not per spelling', async () => {
    const first = await get(ARTICLE);
    const body = await first.text();
    const held = server.pages.size;
    const hits = server.pages.hits;
    for (const headers of [{ Host: 'evil.example' }, { Host: 'other.example:8080' }, { Cookie: '_ga=GA1.1.5; theme=dark' }] as Record<string, string>[]) {
      // node:http, not fetch: fetch sends its own Host whatever it is given.
      const res = await rawGet(server.url + ARTICLE, headers);
      expect(res.status).toBe(200);
      expect(res.body).toBe(body);
      expect(res.etag).toBe(first.headers.get('etag'));
    }
    expect(server.pages.hits).toBe(hits + 3);
    // Other spellings of the same path are Hono's to answer, and add nothing held.
    for (const spelling of ['/help/es/articles/pagar%2Dfactura', '/help/es/articles/%70agar-factura']) expect((await get(spelling)).status).toBe(200);
    expect(server.pages.hits).toBe(hits + 3);
    expect(server.pages.size).toBe(held);
  });

  it('keeps no page for an answer other than 200: unknown articles, bad slugs and locales', async () => {
    const held = server.pages.size;
    for (const path of ['/help/es/articles/no-existe', '/help/es/articles/%E0%A4%A', '/help/xx/', '/help/es/categories/nada']) {
      expect((await get(path)).status).toBe(404);
      expect((await get(path)).status).toBe(404);
    }
    expect(server.pages.size).toBe(held);
  });

  it('shows a knowledge base imported from a folder at once, with a new tag', async () => {
    const home = await get('/help/es/');
    await get('/help/es/');
    expect(await home.text()).not.toContain('Facturación y pagos');
    await server.ayuda.kb.importDirectory(DEMO_KB_DIR, { force: true });
    const hits = server.pages.hits;
    const after = await get('/help/es/');
    expect(server.pages.hits).toBe(hits);
    expect(after.headers.get('etag')).not.toBe(home.headers.get('etag'));
    expect(await after.text()).toContain('Facturación y pagos');
  });

  it('counts every view once, those served from memory included, written at the latest when the server closes', async () => {
    const slug = 'pay-your-bill';
    const views = async () => (await t.database.db.select({ n: count() }).from(analyticsEvents).where(and(eq(analyticsEvents.type, 'article_view'), eq(analyticsEvents.slug, slug))))[0]!.n;
    await server.ayuda.analytics.flush();
    const before = await views();
    const hits = server.pages.hits;
    for (let i = 0; i < 5; i++) await (await get(`/help/en/articles/${slug}`)).text();
    // A robot reads without counting, as through Hono.
    await get(`/help/en/articles/${slug}`, { 'User-Agent': 'Googlebot/2.1' });
    expect(server.pages.hits).toBe(hits + 5);
    await server.close();
    expect(await views()).toBe(before + 5);
  });
});
