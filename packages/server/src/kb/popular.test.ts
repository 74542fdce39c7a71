// GET /api/v1/kb/popular: the most-read public articles of a language over the last 30 days,
// counted from article_view events, per topic, topped up with recent articles, cached by hour.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { analyticsEvents } from '../db/schema.js';

// The test clock stands at 2026-11-20T10:00:00Z: the period is 2026-10-21T10:00Z to 2026-11-20T10:00Z.
const views = (locale: string, slug: string, n: number, at: string) =>
  Array.from({ length: n }, () => ({ type: 'article_view', locale, slug, channel: 'portal', createdAt: new Date(at) }));

describe.each(testDatabases())('most-read articles on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
    await t.database.db.insert(analyticsEvents).values([
      ...views('es', 'cambiar-contrasena-wifi', 5, '2026-11-19T12:00:00Z'),
      ...views('es', 'pagar-factura', 3, '2026-11-01T08:00:00Z'),
      ...views('es', 'preguntas-factura', 1, '2026-11-20T09:59:59Z'),
      // Outside the period: before it, and in the current hour (counted from the next one).
      ...views('es', 'preguntas-factura', 20, '2026-10-21T09:59:59Z'),
      ...views('es', 'pagar-factura', 20, '2026-11-20T10:00:00Z'),
      // Not public: never listed, however read.
      ...views('es', 'soporte-prioritario', 30, '2026-11-10T00:00:00Z'),
      ...views('es', 'escalar-averia', 30, '2026-11-10T00:00:00Z'),
      // Another language, and a slug no Spanish article has.
      ...views('en', 'pay-bill', 7, '2026-11-10T00:00:00Z'),
      ...views('es', 'pay-bill', 50, '2026-11-10T00:00:00Z'),
      // Other events of the same articles are not views.
      { type: 'feedback', locale: 'es', slug: 'pagar-factura', helpful: true, channel: 'portal', createdAt: new Date('2026-11-10T00:00:00Z') },
      { type: 'result_click', locale: 'es', slug: 'pagar-factura', query: 'x', queryKey: 'x', position: 1, channel: 'portal', createdAt: new Date('2026-11-10T00:00:00Z') },
    ]);
  });
  afterAll(() => t.dispose());

  const get = async (query: string, init?: RequestInit) => {
    const res = await t.request(`/api/v1/kb/popular?${query}`, init);
    return { res, body: res.status === 304 ? null : await res.json() };
  };

  it('ranks the public articles of the language by their views in the last 30 days', async () => {
    const { res, body } = await get('locale=es');
    expect(res.status).toBe(200);
    expect(body).toEqual({
      locale: 'es',
      topic: null,
      from: '2026-10-21T10:00:00.000Z',
      to: '2026-11-20T10:00:00.000Z',
      articles: [
        { slug: 'cambiar-contrasena-wifi', title: 'Cambiar la contraseña del Wi-Fi', category: 'router', views: 5 },
        { slug: 'pagar-factura', title: 'Cómo pagar tu factura', category: 'billing', views: 3 },
        { slug: 'preguntas-factura', title: 'Preguntas frecuentes sobre la factura', category: 'billing', views: 1 },
      ],
    });
  });

  it('counts each language apart and tops the list up with the most recently updated articles', async () => {
    const { body } = await get('locale=en');
    expect(body.articles).toEqual([
      { slug: 'pay-bill', title: 'How to pay your bill', category: 'billing', views: 7 },
      { slug: 'bill-faq', title: expect.any(String), category: 'billing', views: 0 },
    ]);
  });

  it('lists one topic (a category key), and every topic for a key with no public article', async () => {
    const billing = await get('locale=es&topic=billing');
    expect(billing.body.topic).toBe('billing');
    expect(billing.body.articles.map((a: { slug: string; views: number }) => [a.slug, a.views])).toEqual([
      ['pagar-factura', 3],
      ['preguntas-factura', 1],
    ]);
    expect((await get('locale=es&topic=router')).body.articles.map((a: { slug: string }) => a.slug)).toEqual(['cambiar-contrasena-wifi']);
    for (const topic of ['priority', 'no-such-topic']) {
      const other = await get(`locale=es&topic=${topic}`);
      expect(other.body.topic).toBeNull();
      expect(other.body.articles.map((a: { slug: string }) => a.slug)).toEqual(['cambiar-contrasena-wifi', 'pagar-factura', 'preguntas-factura']);
    }
  });

  it('honours the limit', async () => {
    expect((await get('locale=es&limit=1')).body.articles.map((a: { slug: string }) => a.slug)).toEqual(['cambiar-contrasena-wifi']);
  });

  it('refuses bad input with problem details naming each field', async () => {
    for (const [query, fields] of [
      ['', ['query.locale']],
      ['locale=fr', ['query.locale']],
      ['locale=es&limit=0', ['query.limit']],
      ['locale=es&limit=21', ['query.limit']],
      ['locale=es&limit=dos', ['query.limit']],
      ['locale=es&topic=Bad%20Topic!', ['query.topic']],
      [`locale=es&topic=${'a'.repeat(65)}`, ['query.topic']],
      ['locale=xx&limit=-1&topic=%3Cscript%3E', ['query.limit', 'query.locale', 'query.topic']],
    ] as const) {
      const { res, body } = await get(query);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(body.type).toBe('https://ayuda.dev/problems/validation-error');
      expect(body.errors.map((e: { field: string }) => e.field).sort(), query).toEqual([...fields]);
    }
  });

  it('is the same list all hour: tagged by revision and hour, revalidated with a 304, new at the next hour', async () => {
    const first = await get('locale=es&limit=2');
    const etag = first.res.headers.get('etag')!;
    expect(etag).toBeTruthy();
    expect(first.res.headers.get('cache-control')).toBe('public, no-cache');
    expect((await get('locale=es&limit=2', { headers: { 'If-None-Match': etag } })).res.status).toBe(304);
    // The 20 views of pagar-factura at 10:00 count from 11:00 on.
    t.clock.advance(3_600_000);
    try {
      const next = await get('locale=es&limit=2', { headers: { 'If-None-Match': etag } });
      expect(next.res.status).toBe(200);
      expect(next.body.to).toBe('2026-11-20T11:00:00.000Z');
      expect(next.body.articles.map((a: { slug: string; views: number }) => [a.slug, a.views])).toEqual([
        ['pagar-factura', 23],
        ['cambiar-contrasena-wifi', 5],
      ]);
    } finally {
      t.clock.set('2026-11-20T10:00:00Z');
    }
  });
});
