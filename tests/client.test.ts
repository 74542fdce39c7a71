// @ayuda/client against the real HTTP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AyudaApiError, AyudaClient, AyudaNetworkError } from '@ayuda/client';
import { KnowledgeSearch } from '@ayuda/core';
import { startTestServer } from './helpers/server.js';
import { testDatabases } from '../packages/server/src/testing/db.js';

describe.each(testDatabases())('AyudaClient against the server on %s', (kind) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let client: AyudaClient;
  beforeAll(async () => {
    server = await startTestServer(kind);
    client = new AyudaClient({ baseUrl: `${server.url}/`, staffToken: server.staffToken });
  });
  afterAll(() => server?.close());

  it('reads categories, articles and search results', async () => {
    const { categories } = await client.listCategories('en');
    expect(categories.map((c) => c.key)).toContain('billing');
    expect(categories.map((c) => c.key)).not.toContain('internal');
    const list = await client.listArticles({ locale: 'en', category: 'billing', limit: 2 });
    expect(list.articles).toHaveLength(2);
    const article = await client.getArticle('en', list.articles[0]!.slug);
    expect(article.html).toContain('<');
    const found = await client.search({ q: 'wifi pasword', locale: 'en' });
    expect(found.results[0]?.slug).toBe('change-wifi-name-password');
  });

  it('downloads the index once and revalidates it with its ETag', async () => {
    let calls = 0;
    const statuses: number[] = [];
    const counting = new AyudaClient({
      baseUrl: server.url,
      fetch: async (input, init) => {
        calls++;
        const res = await fetch(input, init);
        statuses.push(res.status);
        return res;
      },
    });
    const a = await counting.getIndex('es');
    const b = await counting.getIndex('es');
    expect(calls).toBe(2);
    expect(statuses).toEqual([200, 304]);
    expect(b).toBe(a);
    expect(KnowledgeSearch.load(a).search('facutra').length).toBeGreaterThan(0);
  });

  it('turns problem details into typed errors with field messages', async () => {
    const err = await client.search({ q: '', locale: 'es' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AyudaApiError);
    const e = err as AyudaApiError;
    expect(e.status).toBe(400);
    expect(e.type).toBe('validation-error');
    expect(Object.keys(e.fieldErrors)).toContain('query.q');
    const nf = (await client.getArticle('es', 'no-existe').catch((x: unknown) => x)) as AyudaApiError;
    expect(nf.status).toBe(404);
    expect(nf.type).toBe('not-found');
    expect(nf.problem.requestId).toBeTruthy();
  });

  it('sends events and reads the staff report', async () => {
    expect(await client.trackEvents([{ type: 'search', locale: 'en', query: 'router lights', resultCount: 4 }])).toEqual({ accepted: 1 });
    const report = await client.searchAnalytics({ locale: 'en' });
    expect(report.topQueries).toContainEqual({ query: 'router lights', locale: 'en', count: 1 });
    const anonymous = new AyudaClient({ baseUrl: server.url });
    // Without a token a staff call goes with the browser's session cookie (the console); with none, 401.
    await expect(anonymous.searchAnalytics()).rejects.toMatchObject({ status: 401 });
    const wrong = new AyudaClient({ baseUrl: server.url, staffToken: 'ayuda_st_wrong' });
    await expect(wrong.searchAnalytics()).rejects.toMatchObject({ status: 401 });
  });

  it('sends with keepalive when asked (what a page sends as it is left)', async () => {
    const seen: Array<boolean | undefined> = [];
    const watched = new AyudaClient({ baseUrl: server.url, fetch: (input, init) => (seen.push(init?.keepalive), fetch(input, init)) });
    expect(await watched.trackEvents([{ type: 'search', locale: 'en', query: 'leaving', resultCount: 0 }], { keepalive: true })).toEqual({ accepted: 1 });
    expect(await watched.trackEvents([{ type: 'search', locale: 'en', query: 'staying', resultCount: 0 }])).toEqual({ accepted: 1 });
    expect(seen).toEqual([true, undefined]);
  });

  it('retries GETs on 503 but never a POST', async () => {
    let n = 0;
    const flaky = new AyudaClient({
      baseUrl: server.url,
      retryDelayMs: 1,
      fetch: async (input, init) => (++n < 3 ? new Response('busy', { status: 503 }) : fetch(input, init)),
    });
    expect((await flaky.listCategories('es')).locale).toBe('es');
    expect(n).toBe(3);
    let posts = 0;
    const failing = new AyudaClient({
      baseUrl: server.url,
      retryDelayMs: 1,
      fetch: async () => {
        posts++;
        throw new TypeError('fetch failed');
      },
    });
    await expect(failing.trackEvents([{ type: 'article_view', locale: 'es', slug: 'x' }])).rejects.toBeInstanceOf(AyudaNetworkError);
    expect(posts).toBe(1);
  });

  it('can be aborted', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(client.search({ q: 'router', locale: 'es' }, { signal: ctrl.signal })).rejects.toThrow();
  });

  it('refuses to be built without a base URL', () => {
    expect(() => new AyudaClient({} as never)).toThrow(/baseUrl/);
  });
});
