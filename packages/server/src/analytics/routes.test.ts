import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';

const post = (t: TestApp, body: unknown, headers: Record<string, string> = {}) =>
  t.request('/api/v1/analytics/events', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe.each(testDatabases())('analytics API on %s', (kind) => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp(kind, { env: { AYUDA_RATE_LIMIT: '40' } });
    token = (await t.staffTokens.create('Ana (tests)')).token;
  });
  afterAll(() => t.dispose());
  const staff = (path: string, tok = token) => t.request(path, { headers: { Authorization: `Bearer ${tok}` } });

  it('accepts a batch of events and reports top and zero-result queries to staff', async () => {
    const res = await post(t, {
      events: [
        { type: 'search', locale: 'es', query: 'Factura duplicada', resultCount: 3 },
        { type: 'search', locale: 'es', query: 'factura  DUPLICADA', resultCount: 3 },
        { type: 'search', locale: 'es', query: 'xyzzy', resultCount: 0 },
        { type: 'result_click', locale: 'es', query: 'factura duplicada', slug: 'pagar-factura', position: 1 },
        { type: 'article_view', locale: 'es', slug: 'pagar-factura' },
        { type: 'feedback', locale: 'es', slug: 'pagar-factura', helpful: false, comment: 'No explica Bizum' },
      ],
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 6 });

    const report = await staff('/api/v1/analytics/search?locale=es');
    expect(report.status).toBe(200);
    expect(report.headers.get('cache-control')).toContain('no-store');
    const body = await report.json();
    expect(body.totals).toEqual({ searches: 3, zeroResultSearches: 1, articleViews: 1, resultClicks: 1, helpfulVotes: 0, unhelpfulVotes: 1, deflections: 0 });
    expect(body.topQueries[0]).toMatchObject({ locale: 'es', count: 2 });
    expect(body.topQueries[0].query.toLowerCase()).toContain('factura');
    expect(body.topZeroResultQueries).toEqual([{ query: 'xyzzy', locale: 'es', count: 1 }]);
    expect(body.topArticles).toEqual([{ slug: 'pagar-factura', locale: 'es', views: 1, helpful: 0, unhelpful: 1 }]);
  });

  it('limits the report to a period', async () => {
    const res = await staff('/api/v1/analytics/search?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z');
    const body = await res.json();
    expect(body.totals.searches).toBe(0);
    expect(body.from).toBe('2020-01-01T00:00:00.000Z');
  });

  it('stores no personal data about the visitor', async () => {
    await post(t, { events: [{ type: 'article_view', locale: 'en', slug: 'pay-bill' }] }, { 'User-Agent': 'Secret-Agent/1.0', 'X-Forwarded-For': '203.0.113.9' });
    await t.analytics.flush();
    const rows = await t.database.db.execute('select * from analytics_events' as never);
    const text = JSON.stringify(rows);
    expect(text).toContain('pay-bill');
    expect(text).not.toContain('Secret-Agent');
    expect(text).not.toContain('203.0.113.9');
  });

  it('keeps the report for staff: 401 without, with an unknown or a revoked token', async () => {
    const none = await t.request('/api/v1/analytics/search');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect((await none.json()).type).toBe('https://ayuda.dev/problems/unauthorized');
    expect((await staff('/api/v1/analytics/search', 'ayuda_st_forged')).status).toBe(401);
    const { id, token: other } = await t.staffTokens.create('Temporary');
    expect((await staff('/api/v1/analytics/search', other)).status).toBe(200);
    expect(await t.staffTokens.revoke(id)).toBe(true);
    expect((await staff('/api/v1/analytics/search', other)).status).toBe(401);
    expect(await t.staffTokens.revoke(id)).toBe(false);
  });

  it('stores staff tokens only as hashes and records their last use', async () => {
    const list = await t.staffTokens.list();
    const ana = list.find((x) => x.name === 'Ana (tests)')!;
    expect(ana.prefix).toBe(token.slice(0, ana.prefix.length));
    expect(ana.lastUsedAt).not.toBeNull();
    const rows = JSON.stringify(await t.database.db.execute('select * from staff_tokens' as never));
    expect(rows).not.toContain(token);
    await expect(t.staffTokens.create('   ')).rejects.toThrow(/--name/);
  });

  it.each([
    [{ events: [] }, 'body.events'],
    [{ events: [{ type: 'nope', locale: 'es' }] }, 'body.events.0.type'],
    [{ events: [{ type: 'search', locale: 'xx', query: 'a', resultCount: 1 }] }, 'body.events.0.locale'],
    [{ events: [{ type: 'search', locale: 'es', query: '', resultCount: 1 }] }, 'body.events.0.query'],
    [{ events: [{ type: 'search', locale: 'es', query: 'a', resultCount: -1 }] }, 'body.events.0.resultCount'],
    [{ events: [{ type: 'feedback', locale: 'es', slug: 'a', helpful: 'yes' }] }, 'body.events.0.helpful'],
    [{ events: [{ type: 'feedback', locale: 'es', slug: 'a', helpful: true, comment: 'x'.repeat(1001) }] }, 'body.events.0.comment'],
    [{ events: [{ type: 'article_view', locale: 'es', slug: '../etc' }] }, 'body.events.0.slug'],
    [{ events: Array.from({ length: 51 }, () => ({ type: 'article_view', locale: 'es', slug: 'a' })) }, 'body.events'],
  ].map(([body, field]) => ({ body, field })))('rejects bad events with 422 naming $field', async ({ body, field }) => {
    const res = await post(t, body);
    expect(res.status).toBe(422);
    const p = await res.json();
    expect(p.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('rejects malformed JSON (400), the wrong media type (415) and a huge body (413)', async () => {
    const bad = await post(t, '{"events": [');
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors).toEqual([{ field: 'body', message: 'not valid JSON' }]);
    const form = await t.request('/api/v1/analytics/events', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(415);
    const huge = await post(t, { events: [{ type: 'search', locale: 'es', query: 'x'.repeat(2 * 1024 * 1024), resultCount: 1 }] });
    expect(huge.status).toBe(413);
    expect((await huge.json()).type).toBe('https://ayuda.dev/problems/payload-too-large');
  });

  it('rejects invalid report queries', async () => {
    const res = await staff('/api/v1/analytics/search?from=yesterday&limit=1000');
    expect(res.status).toBe(400);
    const fields = (await res.json()).errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['query.from', 'query.limit']));
    const order = await staff('/api/v1/analytics/search?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z');
    expect(order.status).toBe(400);
    // Instants the database cannot hold (year 0) or JavaScript cannot (past 275760) are bad input, not a 500.
    for (const from of ['0000-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '2026-02-30T00:00:00Z']) {
      const res = await staff(`/api/v1/analytics/search?from=${from}`);
      expect(res.status, from).toBe(400);
      expect((await res.json()).errors.map((e: { field: string }) => e.field), from).toEqual(['query.from']);
    }
    expect((await staff('/api/v1/analytics/search?to=%2B275760-09-13T00:00:00Z')).status).toBe(400);
    expect((await staff('/api/v1/analytics/search?from=2026-01-01T00:00:00%2B01:00&to=9999-12-31T23:59:59Z')).status).toBe(200);
  });

  it('rate-limits event ingestion per client with 429 and Retry-After', async () => {
    let last: Response | undefined;
    for (let i = 0; i < 45; i++) {
      last = await post(t, { events: [{ type: 'article_view', locale: 'es', slug: 'pagar-factura' }] });
      if (last.status === 429) break;
    }
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await last!.json()).type).toBe('https://ayuda.dev/problems/rate-limited');
    t.clock.advance(61_000);
    expect((await post(t, { events: [{ type: 'article_view', locale: 'es', slug: 'pagar-factura' }] })).status).toBe(202);
  });

  // After the rate-limit test, which starts a new window: these need a few requests of their own.
  it('keeps every event of a flush window that also holds a search with NUL', async () => {
    const from = '2026-11-20T09:00:00Z';
    const before = (await (await staff(`/api/v1/analytics/search?from=${from}&locale=es`)).json()).totals;
    await post(t, { events: [{ type: 'article_view', locale: 'es', slug: 'pagar-factura' }] });
    expect((await t.request('/api/v1/kb/search?locale=es&q=router%00rojo')).status).toBe(200);
    await post(t, { events: [{ type: 'search', locale: 'es', query: 'wifi\u0000lento', resultCount: 0 }] });
    const after = await (await staff(`/api/v1/analytics/search?from=${from}&locale=es`)).json();
    expect(after.totals.articleViews).toBe(before.articleViews + 1);
    expect(after.totals.searches).toBe(before.searches + 2);
    expect(after.topZeroResultQueries).toEqual(expect.arrayContaining([{ query: 'wifi lento', locale: 'es', count: 1 }]));
  });

  it('refuses NUL in an event\'s free text with 422 naming the field', async () => {
    const res = await post(t, { events: [{ type: 'article_view', locale: 'es', slug: 'pagar-factura' }, { type: 'feedback', locale: 'es', slug: 'pagar-factura', helpful: false, comment: 'no\u0000' }] });
    expect(res.status).toBe(422);
    expect((await res.json()).errors).toEqual([{ field: 'body.events.1.comment', message: 'must not contain the NUL character' }]);
  });
});
