import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import { createTestDatabase, testDatabases } from '../testing/db.js';
import { fixedClock } from '../clock.js';
import type { Database } from '../db/client.js';
import { AppError } from './problem.js';
import { purgeRateLimits, rateLimit, reservation } from './rate-limit.js';

describe.each(testDatabases())('rateLimit middleware on %s', (kind) => {
  let database: Database;
  const clock = fixedClock('2026-11-20T10:00:30Z');
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.close());

  /** A minimal app, as one server process would have it. */
  const app = (name: string, limit: number, batch?: number, db: Database = database) => {
    const a = new Hono();
    a.onError((err, c) => {
      const e = err as AppError;
      for (const [k, v] of Object.entries(e.headers ?? {})) c.header(k, v);
      return c.json({ status: e.status ?? 500 }, (e.status ?? 500) as 429);
    });
    a.get('/', rateLimit({ name, limit, windowMs: 60_000, ...(batch ? { batch } : {}), db, clock, key: (c) => c.req.header('x-ip') ?? '?' }), (c) => c.text('ok'));
    return a;
  };
  /** The test database, with the statements sent through it counted (the middleware sends them through the driver's client). */
  const countingDatabase = () => {
    const client = (database.db as unknown as { session: { client: { query(text: string, values: unknown[]): Promise<unknown> } } }).session.client;
    const counting = { statements: 0, database: undefined as unknown as Database };
    counting.database = { db: { session: { client: { query: (text: string, values: unknown[]) => (counting.statements++, client.query(text, values)) } } } } as unknown as Database;
    return counting;
  };
  /** The database's count for a limit and subject (0 when none). */
  const counted = async (name: string, ip: string) => {
    const { rows } = (await database.db.execute(sql`select count from rate_limits where key = ${`${name}:${ip}`}`)) as unknown as { rows: Array<{ count: number }> };
    return Number(rows[0]?.count ?? 0);
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

  it('reserves at most 2 % of the limit per write, and writes every hit of a small limit', () => {
    expect(reservation({ name: 'search', limit: 600, windowMs: 60_000, batch: 12 })).toBe(12);
    expect(reservation({ name: 'search', limit: 1_000_000, windowMs: 60_000, batch: 12 })).toBe(12);
    expect(reservation({ name: 'search', limit: 250, windowMs: 60_000, batch: 12 })).toBe(5);
    expect(reservation({ name: 'search', limit: 99, windowMs: 60_000, batch: 12 })).toBe(1);
    expect(reservation({ name: 'ip', limit: 600, windowMs: 60_000 })).toBe(1);
  });

  it('counts a batched limit exactly in one process, one write per batch, and refuses past it without writing', async () => {
    // 252: not a multiple of the batch, so the last batch is usable only up to the limit.
    const a = app('batched', 252, 5);
    const seen: string[] = [];
    for (let i = 0; i < 252; i++) {
      const r = await a.request('/', { headers: { 'x-ip': '5' } });
      expect(r.status).toBe(200);
      seen.push(r.headers.get('ratelimit-remaining')!);
      // Written once per five hits: the count runs ahead of the hits by less than a batch.
      if (i % 50 === 0) expect(await counted('batched', '5')).toBe(Math.ceil((i + 1) / 5) * 5);
    }
    expect(seen.slice(0, 3)).toEqual(['251', '250', '249']);
    expect(seen.at(-1)).toBe('0');
    expect(await counted('batched', '5')).toBe(255);
    const over = await a.request('/', { headers: { 'x-ip': '5' } });
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe(String(60 - Math.floor((clock.now().getTime() % 60_000) / 1000)));
    expect(over.headers.get('ratelimit-remaining')).toBe('0');
    // One more batch was asked for and refused; what follows in the window is refused at once.
    expect(await counted('batched', '5')).toBe(260);
    for (let i = 0; i < 20; i++) expect((await a.request('/', { headers: { 'x-ip': '5' } })).status).toBe(429);
    expect(await counted('batched', '5')).toBe(260);
    // Another subject has its own batch, and the next window starts afresh.
    expect((await a.request('/', { headers: { 'x-ip': '6' } })).status).toBe(200);
    clock.advance(60_000);
    const next = await a.request('/', { headers: { 'x-ip': '5' } });
    expect(next.status).toBe(200);
    expect(next.headers.get('ratelimit-remaining')).toBe('251');
    expect(await counted('batched', '5')).toBe(5);
  });

  it('never lets a batched limit through more than its limit across processes, and stops at most a batch early in each', async () => {
    // Two processes, 600 requests at once from one IP, alternating; a limit of 252 in batches of 5.
    const [p1, p2] = [app('batched-shared', 252, 5), app('batched-shared', 252, 5)];
    const results = await Promise.all(Array.from({ length: 600 }, (_, i) => (i % 2 ? p1 : p2).request('/', { headers: { 'x-ip': '7' } })));
    const ok = results.filter((r) => r.status === 200).length;
    expect(ok).toBeLessThanOrEqual(252);
    expect(ok).toBeGreaterThanOrEqual(252 - 2 * 4);
    expect(results.filter((r) => r.status === 429)).toHaveLength(600 - ok);
  });

  it('answers a failed write with an error, to the hits waiting for it too, and writes again at the next hit', async () => {
    const counting = countingDatabase();
    const a = app('batched-fault', 250, 5, counting.database);
    expect((await a.request('/', { headers: { 'x-ip': '8' } })).status).toBe(200);
    clock.advance(60_000);
    await database.db.execute(sql`alter table rate_limits rename to rate_limits_away`);
    try {
      const before = counting.statements;
      const failed = await Promise.all([1, 2, 3].map(() => a.request('/', { headers: { 'x-ip': '8' } })));
      expect(failed.map((r) => r.status)).toEqual([500, 500, 500]);
      // One write tried: the two hits that waited for it got its error rather than trying again.
      expect(counting.statements - before).toBe(1);
    } finally {
      await database.db.execute(sql`alter table rate_limits_away rename to rate_limits`);
    }
    const after = await a.request('/', { headers: { 'x-ip': '8' } });
    expect(after.status).toBe(200);
    expect(after.headers.get('ratelimit-remaining')).toBe('249');
  });

  it('counts hits still waiting when their window ends in the newer window, with no third batch', async () => {
    const counting = countingDatabase();
    const a = app('batched-edge', 250, 5, counting.database);
    clock.advance(60_000 - (clock.now().getTime() % 60_000) - 1);
    // Three hits in the last millisecond of a window (one writes, two wait), then three in the next.
    const old = [1, 2, 3].map(() => a.request('/', { headers: { 'x-ip': '9' } }));
    clock.advance(1);
    const fresh = [1, 2, 3].map(() => a.request('/', { headers: { 'x-ip': '9' } }));
    expect((await Promise.all([...old, ...fresh])).map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    // Two writes: the old window's batch and the new window's, which the two late hits used.
    expect(counting.statements).toBe(2);
    // The new window's counter holds its batch, and the old one's too when the database took the
    // new window's write first (a write for an older window counts in the newer one).
    expect([5, 10]).toContain(await counted('batched-edge', '9'));
  });

  it('forgets counters a day after their window', async () => {
    await app('old', 5).request('/', { headers: { 'x-ip': '3' } });
    clock.advance(2 * 86_400_000);
    expect(await purgeRateLimits(database, clock.now())).toBeGreaterThan(0);
  });
});
