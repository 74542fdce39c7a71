import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../clock.js';
import { createLogger } from '../http/logger.js';
import { analyticsEvents } from '../db/schema.js';
import type { Database } from '../db/client.js';
import { createTestDatabase, testDatabases } from '../testing/db.js';
import { AnalyticsService } from './service.js';

describe.each(testDatabases())('analytics service on %s', (kind) => {
  let database: Database | null = null;
  afterEach(async () => {
    await database?.close();
    database = null;
  });

  function service(db: Database) {
    const lines: Array<{ level: string; msg: string; count?: number }> = [];
    const analytics = new AnalyticsService({ db, clock: fixedClock('2026-11-20T10:00:00Z'), logger: createLogger('warn', (l) => lines.push(JSON.parse(l))) });
    return { analytics, lines };
  }

  it('stores the rest of a batch the database refused for one event, and logs the one it dropped', async () => {
    database = await createTestDatabase(kind);
    const { analytics, lines } = service(database);
    analytics.record(
      [
        { type: 'search', locale: 'es', query: 'factura', resultCount: 2 },
        // What validation stops today; whatever slips through next must cost only itself.
        { type: 'search', locale: 'es', query: 'wifi\u0000', resultCount: 0 },
        { type: 'article_view', locale: 'es', slug: 'pagar-factura' },
      ],
      'api',
    );
    await analytics.flush();
    const rows = await database.db.select({ type: analyticsEvents.type, query: analyticsEvents.query }).from(analyticsEvents).orderBy(analyticsEvents.id);
    expect(rows).toEqual([
      { type: 'search', query: 'factura' },
      { type: 'article_view', query: null },
    ]);
    expect(lines).toEqual([expect.objectContaining({ level: 'error', msg: 'analytics: could not store events', count: 1 })]);
  });

  it('stores every field of every kind of event as recorded, written in one batch', async () => {
    database = await createTestDatabase(kind);
    const { analytics, lines } = service(database);
    analytics.record(
      [
        { type: 'search', locale: 'es', query: 'Factura  Duplicada', resultCount: 3 },
        { type: 'result_click', locale: 'es', query: 'factura', slug: 'pagar-factura', position: 2 },
        { type: 'article_view', locale: 'en', slug: 'pay-bill' },
        { type: 'feedback', locale: 'es', slug: 'pagar-factura', helpful: false, comment: 'No dice "cuándo", ni con comas, {llaves} o \\barras' },
        { type: 'feedback', locale: 'en', slug: 'pay-bill', helpful: true },
        { type: 'deflection', locale: 'es', slug: 'pagar-factura' },
        { type: 'announcement_deflection', locale: 'en', announcementId: 7 },
      ],
      'widget',
    );
    // Row by row is the fallback after a refused batch: not needed here.
    const oneByOne = vi.spyOn(database.db, 'insert');
    await analytics.flush();
    expect(oneByOne).not.toHaveBeenCalled();
    const e = analyticsEvents;
    const rows = await database.db
      .select({ type: e.type, locale: e.locale, query: e.query, queryKey: e.queryKey, resultCount: e.resultCount, slug: e.slug, position: e.position, helpful: e.helpful, comment: e.comment, channel: e.channel, createdAt: e.createdAt })
      .from(e)
      .orderBy(e.id);
    const none = { query: null, queryKey: null, resultCount: null, slug: null, position: null, helpful: null, comment: null, channel: 'widget', createdAt: new Date('2026-11-20T10:00:00Z') };
    expect(rows).toEqual([
      { ...none, type: 'search', locale: 'es', query: 'Factura  Duplicada', queryKey: 'factura duplicada', resultCount: 3 },
      { ...none, type: 'result_click', locale: 'es', query: 'factura', queryKey: 'factura', slug: 'pagar-factura', position: 2 },
      { ...none, type: 'article_view', locale: 'en', slug: 'pay-bill' },
      { ...none, type: 'feedback', locale: 'es', slug: 'pagar-factura', helpful: false, comment: 'No dice "cuándo", ni con comas, {llaves} o \\barras' },
      { ...none, type: 'feedback', locale: 'en', slug: 'pay-bill', helpful: true },
      { ...none, type: 'deflection', locale: 'es', slug: 'pagar-factura' },
      { ...none, type: 'announcement_deflection', locale: 'en', position: 7 },
    ]);
    expect(lines).toEqual([]);
  });

  it('does not try events one by one when the database is gone', async () => {
    database = await createTestDatabase(kind);
    const { analytics, lines } = service(database);
    analytics.record(
      [
        { type: 'article_view', locale: 'es', slug: 'pagar-factura' },
        { type: 'article_view', locale: 'en', slug: 'pay-bill' },
      ],
      'api',
    );
    await database.close();
    database = null;
    await analytics.flush();
    expect(lines).toEqual([expect.objectContaining({ level: 'error', msg: 'analytics: could not store events', count: 2 })]);
  });
});
