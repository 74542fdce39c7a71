import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { KnowledgeSearch } from '@ayuda/core';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';

describe.each(testDatabases())('knowledge-base API on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.dispose());

  const get = async (path: string, init?: RequestInit) => {
    const res = await t.request(path, init);
    return { res, body: res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text() };
  };

  it('lists categories with counts of public articles only', async () => {
    const { res, body } = await get('/api/v1/kb/categories?locale=es');
    expect(res.status).toBe(200);
    expect(body.categories).toEqual([
      { key: 'billing', name: 'Facturación', description: 'Facturas y pagos.', articleCount: 2 },
      { key: 'router', name: 'Router y Wi-Fi', description: 'Configura tu router.', articleCount: 1 },
    ]);
  });

  it('lists and filters public articles', async () => {
    const { body } = await get('/api/v1/kb/articles?locale=es');
    expect(body.total).toBe(3);
    expect(body.articles.map((a: { slug: string }) => a.slug).sort()).toEqual(['cambiar-contrasena-wifi', 'pagar-factura', 'preguntas-factura']);
    const billing = await get('/api/v1/kb/articles?locale=es&category=billing&limit=1&offset=1');
    expect(billing.body.total).toBe(2);
    expect(billing.body.articles).toHaveLength(1);
  });

  it('returns an article with sanitised HTML, its translation and related articles', async () => {
    const { res, body } = await get('/api/v1/kb/articles/es/pagar-factura');
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ slug: 'pagar-factura', locale: 'es', title: 'Cómo pagar tu factura', category: 'billing', updated: '2026-10-01' });
    expect(body.html).toContain('<strong>factura</strong>');
    expect(body.html).toContain('href="/help/es/articles/cambiar-contrasena-wifi"');
    expect(body.translations).toEqual([{ locale: 'en', slug: 'pay-bill', title: 'How to pay your bill' }]);
    expect(body.related).toEqual([{ slug: 'preguntas-factura', title: 'Preguntas frecuentes sobre la factura' }]);
    const wifi = await get('/api/v1/kb/articles/es/cambiar-contrasena-wifi');
    expect(wifi.body.html).not.toContain('<script');
  });

  it('never shows customers or internal articles anonymously, and answers as if they did not exist', async () => {
    for (const path of ['/api/v1/kb/articles/es/soporte-prioritario', '/api/v1/kb/articles/es/escalar-averia', '/api/v1/kb/articles/es/no-existe']) {
      const { res, body } = await get(path);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(body.type).toBe('https://ayuda.dev/problems/not-found');
    }
    const search = await get('/api/v1/kb/search?q=prioritario%20interno%20secreto&locale=es');
    expect(search.body.results).toEqual([]);
    const list = await get('/api/v1/kb/articles?locale=es&category=internal');
    expect(list.body.total).toBe(0);
  });

  it('searches with typos, no accents and synonyms, with highlighted snippets', async () => {
    const { res, body } = await get('/api/v1/kb/search?q=contrasena%20wiif&locale=es');
    expect(res.status).toBe(200);
    expect(body.results[0]).toMatchObject({ slug: 'cambiar-contrasena-wifi', category: 'router' });
    expect(body.results[0].snippet).toContain('<mark>contraseña</mark>');
    const syn = await get('/api/v1/kb/search?q=recibo&locale=es');
    expect(syn.body.results.map((r: { slug: string }) => r.slug)).toContain('pagar-factura');
    const en = await get('/api/v1/kb/search?q=invoice&locale=en&limit=1');
    expect(en.body.results).toHaveLength(1);
    expect(en.body.total).toBe(2);
  });

  it('refuses NUL in a filter, and reads control characters in a search as spaces', async () => {
    const filter = await get('/api/v1/kb/articles?locale=es&category=billing%00');
    expect(filter.res.status).toBe(400);
    expect(filter.body.errors).toEqual([{ field: 'query.category', message: 'must not contain the NUL character' }]);
    const search = await get('/api/v1/kb/search?locale=es&q=pagar%00factura%01');
    expect(search.res.status).toBe(200);
    expect(search.body.query).toBe('pagar factura');
    expect(search.body.results[0].slug).toBe('pagar-factura');
    const nothing = await get('/api/v1/kb/search?locale=es&q=%00%1F');
    expect(nothing.res.status).toBe(400);
    expect(nothing.body.errors.map((e: { field: string }) => e.field)).toEqual(['query.q']);
  });

  it('serves the prebuilt index compressed, with an ETag and 304', async () => {
    const gz = await t.request('/api/v1/kb/index/es', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.status).toBe(200);
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    const etag = gz.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const data = JSON.parse(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString());
    const search = KnowledgeSearch.load(data);
    expect(search.documentCount).toBe(3);
    expect(search.search('facutra').map((h) => h.slug).sort()).toEqual(['pagar-factura', 'preguntas-factura']);
    const br = await t.request('/api/v1/kb/index/es', { headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(JSON.parse(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString())).toEqual(data);
    const again = await t.request('/api/v1/kb/index/es', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
  });

  it('rebuilds the index when the knowledge base changes', async () => {
    const before = (await t.request('/api/v1/kb/index/en')).headers.get('etag');
    await t.kb.importParsed({ articles: [], categories: [], synonyms: {} });
    const after = await t.request('/api/v1/kb/index/en');
    expect(after.headers.get('etag')).not.toBe(before);
    expect(KnowledgeSearch.load(await after.json()).documentCount).toBe(0);
    await t.kb.importDirectory((await import('../testing/app.js')).FIXTURE_KB_DIR);
  });

  it.each([
    ['/api/v1/kb/categories', 'query.locale'],
    ['/api/v1/kb/categories?locale=fr', 'query.locale'],
    ['/api/v1/kb/articles?locale=es&limit=0', 'query.limit'],
    ['/api/v1/kb/articles?locale=es&limit=abc', 'query.limit'],
    ['/api/v1/kb/articles?locale=es&offset=-1', 'query.offset'],
    ['/api/v1/kb/articles/xx/pagar-factura', 'params.locale'],
    ['/api/v1/kb/articles/es/Bad%20Slug', 'params.slug'],
    ['/api/v1/kb/search?locale=es', 'query.q'],
    ['/api/v1/kb/search?q=%20%20&locale=es', 'query.q'],
    [`/api/v1/kb/search?q=${'a'.repeat(201)}&locale=es`, 'query.q'],
    ['/api/v1/kb/search?q=router&locale=es&limit=51', 'query.limit'],
    ['/api/v1/kb/index/de', 'params.locale'],
  ])('rejects bad input %s naming %s', async (path, field) => {
    const { res, body } = await get(path);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(body.type).toBe('https://ayuda.dev/problems/validation-error');
    expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(body.requestId).toBeTruthy();
  });

  it('answers unknown API paths with a problem', async () => {
    const { res, body } = await get('/api/v1/nope');
    expect(res.status).toBe(404);
    expect(body.title).toBe('Not found');
  });
});

describe.each(testDatabases())('search rate limit on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { env: { AYUDA_SEARCH_RATE_LIMIT: '20' } });
  });
  afterAll(() => t.dispose());

  it('limits /api/v1/kb/search per client as documented, with RateLimit headers', async () => {
    const statuses: number[] = [];
    let first: Response | undefined;
    let last: Response | undefined;
    for (let i = 0; i < 25; i++) {
      last = await t.request('/api/v1/kb/search?locale=es&q=factura');
      first ??= last;
      statuses.push(last.status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(first!.headers.get('ratelimit')).toMatch(/^limit=20, remaining=19, reset=\d+$/);
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('writes the default limit (600 a minute) once per 12 searches', async () => {
    const wide = await createTestApp(kind, { database: t.database, env: { AYUDA_SEARCH_RATE_LIMIT: '600' } });
    const counted = async () => {
      const window = new Date(Math.floor(wide.clock.now().getTime() / 60_000) * 60_000).toISOString();
      const { rows } = (await t.database.db.execute(sql`select sum(count)::int as n from rate_limits where key like 'search:%' and window_start >= ${window}::timestamptz`)) as unknown as { rows: Array<{ n: number | null }> };
      return Number(rows[0]?.n ?? 0);
    };
    try {
      const before = await counted();
      const remaining: string[] = [];
      for (let i = 0; i < 13; i++) {
        const res = await wide.request('/api/v1/kb/search?locale=es&q=factura');
        expect(res.status).toBe(200);
        remaining.push(res.headers.get('ratelimit-remaining')!);
        if (i === 11) expect(await counted()).toBe(before + 12);
      }
      expect(await counted()).toBe(before + 24);
      expect(remaining[0]).toBe(String(600 - before - 1));
      expect(remaining[12]).toBe(String(600 - before - 13));
    } finally {
      await wide.dispose();
    }
  });
});
