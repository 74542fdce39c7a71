import { afterEach, describe, expect, it } from 'vitest';
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
