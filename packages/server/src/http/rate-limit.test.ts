import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { createTestDatabase, testDatabases } from '../testing/db.js';
import { fixedClock } from '../clock.js';
import type { Database } from '../db/client.js';
import { AppError } from './problem.js';
import { purgeRateLimits, rateLimit } from './rate-limit.js';

describe.each(testDatabases())('rateLimit middleware on %s', (kind) => {
  let database: Database;
  const clock = fixedClock('2026-11-20T10:00:30Z');
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.close());

  /** A minimal app, as one server process would have it. */
  const app = (name: string, limit: number) => {
    const a = new Hono();
    a.onError((err, c) => {
      const e = err as AppError;
      for (const [k, v] of Object.entries(e.headers ?? {})) c.header(k, v);
      return c.json({ status: e.status }, e.status as 429);
    });
    a.get('/', rateLimit({ name, limit, windowMs: 60_000, db: database, clock, key: (c) => c.req.header('x-ip') ?? '?' }), (c) => c.text('ok'));
    return a;
  };

  it('says where the caller stands, then answers 429 with Retry-After', async () => {
    const a = app('headers', 2);
    const first = await a.request('/', { headers: { 'x-ip': '1' } });
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit')).toBe('limit=2, remaining=1, reset=30');
    expect(first.headers.get('ratelimit-policy')).toBe('2;w=60');
    expect(first.headers.get('ratelimit-remaining')).toBe('1');
    expect((await a.request('/', { headers: { 'x-ip': '1' } })).status).toBe(200);
    const third = await a.request('/', { headers: { 'x-ip': '1' } });
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('30');
    expect(third.headers.get('ratelimit')).toBe('limit=2, remaining=0, reset=30');
    // Another subject has its own count.
    expect((await a.request('/', { headers: { 'x-ip': '2' } })).status).toBe(200);
    // The next window starts afresh.
    clock.advance(30_000);
    expect((await a.request('/', { headers: { 'x-ip': '1' } })).status).toBe(200);
  });

  it('holds under concurrency, across processes sharing the database', async () => {
    // Two processes (two apps over one database), 60 requests at once, a limit of 10.
    const [p1, p2] = [app('shared', 10), app('shared', 10)];
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? p1 : p2).request('/', { headers: { 'x-ip': '9' } })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(10);
    expect(results.filter((r) => r.status === 429)).toHaveLength(50);
  });

  it('forgets counters a day after their window', async () => {
    await app('old', 5).request('/', { headers: { 'x-ip': '3' } });
    clock.advance(2 * 86_400_000);
    expect(await purgeRateLimits(database, clock.now())).toBeGreaterThan(0);
  });
});
