// Search that scales with the knowledge base: the index metadata that tells the widget whether
// to download the index or search through the server, and the server's search ranking exactly
// as the downloaded index does, so switching changes nothing the customer sees.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { KnowledgeSearch } from '@ayuda/core';
import { analyticsEvents } from '../db/schema.js';
import { createTestApp, DEMO_KB_DIR, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';

const QUERIES = {
  es: ['factura', 'no me funciona el wifi', 'contrasena', 'cambiar la contraseña del router', 'portabilidad', 'portavilidad', 'fact', 'darme de baja', 'averia fibra', 'cobro duplicado', 'prioritario', 'wfi'],
  en: ['bill', 'wifi password', 'pasword', 'cancel', 'slow internet', 'rout', 'refund', 'roaming abroad'],
} as const;

describe.each(testDatabases())('search that scales with the knowledge base on %s', (kind) => {
  let t: TestApp;
  let small: TestApp;
  beforeAll(async () => {
    // The demo knowledge base: its index is over a 1,000-byte threshold, the test one's default (100 KB) is not.
    [t, small] = await Promise.all([createTestApp(kind, { kb: DEMO_KB_DIR, env: { AYUDA_SEARCH_LOCAL_MAX_BYTES: '1000' } }), createTestApp(kind)]);
  });
  afterAll(async () => {
    await Promise.all([t?.dispose(), small?.dispose()]);
  });

  const json = async (app: TestApp, path: string, init?: RequestInit) => {
    const res = await app.request(path, init);
    return { res, body: await res.json() };
  };

  it('says "local" for an index within the threshold: its gzip size as served, its articles, revalidated by ETag', async () => {
    const { res, body } = await json(small, '/api/v1/kb/index/es/meta');
    expect(res.status).toBe(200);
    const gz = await small.request('/api/v1/kb/index/es', { headers: { 'Accept-Encoding': 'gzip' } });
    const served = new Uint8Array(await gz.arrayBuffer());
    const index = JSON.parse(gunzipSync(served).toString('utf8'));
    expect(body).toEqual({ locale: 'es', revision: index.revision, version: 4, articles: 3, bytes: served.byteLength, localMaxBytes: 102_400, mode: 'local' });
    expect(index.version).toBe(4);
    const again = await small.request('/api/v1/kb/index/es/meta', { headers: { 'If-None-Match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('says "server" once the index is over the threshold', async () => {
    const { body } = await json(t, '/api/v1/kb/index/en/meta');
    expect(body).toMatchObject({ locale: 'en', version: 4, localMaxBytes: 1000, mode: 'server' });
    expect(body.bytes).toBeGreaterThan(1000);
    expect(body.articles).toBeGreaterThan(10);
  });

  it.each(['es', 'en'] as const)('ranks every %s query through the server exactly as the downloaded index does, snippets and suggestions included', async (locale) => {
    const local = KnowledgeSearch.load((await json(t, `/api/v1/kb/index/${locale}`)).body);
    let found = 0;
    for (const q of QUERIES[locale]) {
      const { res, body } = await json(t, `/api/v1/kb/search?locale=${locale}&limit=8&analytics=off&q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
      const hits = local.search(q, { limit: 8 });
      expect(body.results, q).toEqual(hits);
      const suggestion = hits.length ? null : local.suggest(q);
      expect(body.suggestion ?? null, q).toBe(suggestion);
      found += hits.length;
    }
    expect(found).toBeGreaterThan(20);
  });

  it('records a search in analytics unless the caller says it records the query itself (analytics=off)', async () => {
    const count = async (q: string) => {
      await small.analytics.flush();
      return (await small.database.db.select().from(analyticsEvents).where(eq(analyticsEvents.query, q))).length;
    };
    expect((await small.request('/api/v1/kb/search?locale=es&q=router%20lento&analytics=off')).status).toBe(200);
    expect(await count('router lento')).toBe(0);
    expect((await small.request('/api/v1/kb/search?locale=es&q=router%20lento')).status).toBe(200);
    expect(await count('router lento')).toBe(1);
  });

  it.each([
    ['/api/v1/kb/search?locale=es&q=factura&analytics=no', 'query.analytics'],
    ['/api/v1/kb/search?locale=es&q=factura&limit=0', 'query.limit'],
    ['/api/v1/kb/search?locale=de&q=factura', 'query.locale'],
    ['/api/v1/kb/index/de/meta', 'params.locale'],
  ])('rejects bad input %s with a problem naming %s', async (path, field) => {
    const { res, body } = await json(small, path);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});
