// @ayuda/client's most-read articles and search suggestion against the real server with the
// demo knowledge base: views counted per language and topic, bad input refused field by field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AyudaApiError, AyudaClient } from '@ayuda/client';
import { startTestServer } from './helpers/server.js';
import { analyticsEvents } from '../packages/server/src/db/schema.js';

describe('AyudaClient: most-read articles and did you mean', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let customer: AyudaClient;
  beforeAll(async () => {
    server = await startTestServer('pglite');
    customer = new AyudaClient({ baseUrl: server.url, retryDelayMs: 1 });
    // Two hours ago: inside the period, which ends at the start of the current hour.
    const at = new Date(Date.now() - 2 * 3_600_000);
    const view = (locale: string, slug: string, n: number) => Array.from({ length: n }, () => ({ type: 'article_view', locale, slug, channel: 'widget', createdAt: at }));
    await server.database.db.insert(analyticsEvents).values([...view('es', 'pagar-factura', 3), ...view('es', 'instalar-router', 2), ...view('en', 'pay-your-bill', 1)]);
  });
  afterAll(() => server?.close());

  it('lists the most-read articles of a language, and of a topic', async () => {
    const es = await customer.popularArticles({ locale: 'es', limit: 3 });
    expect(es.topic).toBeNull();
    expect(es.articles.slice(0, 2)).toEqual([
      { slug: 'pagar-factura', title: expect.any(String), category: 'billing', views: 3 },
      { slug: 'instalar-router', title: expect.any(String), category: 'router-wifi', views: 2 },
    ]);
    expect(es.articles).toHaveLength(3);
    const billing = await customer.popularArticles({ locale: 'es', topic: 'billing' });
    expect(billing.topic).toBe('billing');
    expect(billing.articles[0]).toMatchObject({ slug: 'pagar-factura', views: 3 });
    expect(billing.articles.every((a) => a.category === 'billing')).toBe(true);
    expect((await customer.popularArticles({ locale: 'en', limit: 1 })).articles).toEqual([expect.objectContaining({ slug: 'pay-your-bill', views: 1 })]);
  });

  it('refuses bad input field by field', async () => {
    const bad = (await customer.popularArticles({ locale: 'fr' as never, limit: 99, topic: 'no vale' }).catch((e: unknown) => e)) as AyudaApiError;
    expect(bad).toBeInstanceOf(AyudaApiError);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(['query.limit', 'query.locale', 'query.topic']);
  });

  it('carries the search suggestion', async () => {
    expect(await customer.search({ q: 'wfi', locale: 'es' })).toMatchObject({ total: 0, suggestion: 'wifi' });
    expect(await customer.search({ q: 'pizza recipe', locale: 'en' })).toEqual({ query: 'pizza recipe', locale: 'en', total: 0, results: [] });
  });
});
