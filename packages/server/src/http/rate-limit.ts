// Rate limits counted in the database, so every process behind a load balancer enforces one
// limit: a fixed window per limit and subject (an IP, an address), counted by one atomic
// upsert. Responses say where the caller stands with the IETF RateLimit headers.
import type { Context, MiddlewareHandler } from 'hono';
import { lt, sql } from 'drizzle-orm';
import { PROBLEM_TYPES } from '@ayuda/core';
import type { Database, Db, Tx } from '../db/client.js';
import { run, statement } from '../db/statements.js';
import { rateLimits } from '../db/schema.js';
import type { Clock } from '../clock.js';
import { AppError } from './problem.js';

export interface RateLimitRule {
  /** Names the limit; subjects of different limits never share a counter. */
  name: string;
  limit: number;
  windowMs: number;
}

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Seconds until the window ends. */
  resetS: number;
  exceeded: boolean;
}

/**
 * Counts one hit of `subject` against `rule` and returns where it stands. One statement, so
 * concurrent hits from any number of processes each get their own count. A process whose clock
 * lags a little counts in the newer window instead of resetting it.
 */
/** hit()'s upsert: $1 the key, $2 the window's start. */
const HIT = statement(
  'ayuda_rate_limit_hit',
  `insert into rate_limits (key, window_start, count) values ($1, $2::timestamptz, 1)
  on conflict (key) do update set
    window_start = greatest(rate_limits.window_start, excluded.window_start),
    count = case when rate_limits.window_start >= excluded.window_start then rate_limits.count + 1 else 1 end
  returning count, window_start`,
);

export async function hit(q: Db | Tx, rule: RateLimitRule, subject: string, now: Date): Promise<RateLimitState> {
  const windowStart = new Date(Math.floor(now.getTime() / rule.windowMs) * rule.windowMs);
  const key = `${rule.name}:${subject}`;
  const [row] = await run(q, HIT, [key, windowStart.toISOString()]);
  const count = row!.count as number;
  const resetS = Math.max(1, Math.ceil((new Date(row!.window_start as Date | string).getTime() + rule.windowMs - now.getTime()) / 1000));
  return { limit: rule.limit, remaining: Math.max(0, rule.limit - count), resetS, exceeded: count > rule.limit };
}

/** The RateLimit headers (draft-ietf-httpapi-ratelimit-headers), the combined and the older split form. */
export function rateLimitHeaders(rule: RateLimitRule, s: RateLimitState): Record<string, string> {
  return {
    RateLimit: `limit=${s.limit}, remaining=${s.remaining}, reset=${s.resetS}`,
    'RateLimit-Policy': `${rule.limit};w=${Math.round(rule.windowMs / 1000)}`,
    'RateLimit-Limit': String(s.limit),
    'RateLimit-Remaining': String(s.remaining),
    'RateLimit-Reset': String(s.resetS),
  };
}

export function tooManyRequests(detail: string, retryAfterS: number, headers: Record<string, string> = {}, errors?: Array<{ field: string; message: string }>): AppError {
  return new AppError(429, PROBLEM_TYPES.rateLimited, 'Too many requests', detail, errors, { ...headers, 'Retry-After': String(Math.max(1, Math.ceil(retryAfterS))) });
}

/**
 * Counts a hit and throws 429 (with Retry-After and the RateLimit headers) past the limit.
 * Inside a transaction, the count is undone if the transaction rolls back, and the row stays
 * locked until it ends, so hits on one subject are counted one after another.
 */
export async function enforce(q: Db | Tx, rule: RateLimitRule, subject: string, now: Date, detail: string, field?: string): Promise<RateLimitState> {
  const s = await hit(q, rule, subject, now);
  if (s.exceeded) throw tooManyRequests(`${detail} Try again in ${s.resetS} seconds.`, s.resetS, rateLimitHeaders(rule, s), field ? [{ field, message: detail }] : undefined);
  return s;
}

/** Middleware: one hit per request for the subject `key` returns (the client IP). */
export function rateLimit(opts: RateLimitRule & { db: Database; clock: Clock; key: (c: Context) => string }): MiddlewareHandler {
  return async (c, next) => {
    const s = await hit(opts.db.db, opts, opts.key(c), opts.clock.now());
    const headers = rateLimitHeaders(opts, s);
    if (s.exceeded) throw tooManyRequests(`Try again in ${s.resetS} seconds.`, s.resetS, headers);
    for (const [k, v] of Object.entries(headers)) c.header(k, v);
    await next();
  };
}

/** Deletes counters whose window ended more than a day ago (housekeeping); returns how many. */
export async function purgeRateLimits(database: Database, now: Date): Promise<number> {
  const gone = await database.db
    .delete(rateLimits)
    .where(lt(rateLimits.windowStart, new Date(now.getTime() - 86_400_000)))
    .returning({ key: rateLimits.key });
  return gone.length;
}
