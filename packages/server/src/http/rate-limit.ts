// Rate limits counted in the database, so every process behind a load balancer enforces one
// limit: a fixed window per limit and subject (an IP, an address), counted by one atomic
// upsert. A limit asked on every keystroke (search) may reserve its hits in batches, one write
// per batch. Responses say where the caller stands with the IETF RateLimit headers.
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
  /**
   * The most hits of a subject one process may reserve with one write (the middleware only; by
   * default 1: every hit is written). See `reservation()`.
   */
  batch?: number;
}

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Seconds until the window ends. */
  resetS: number;
  exceeded: boolean;
}

/** count()'s upsert: $1 the key, $2 the window's start, $3 the hits to add. */
const COUNT = statement(
  'ayuda_rate_limit_count',
  `insert into rate_limits (key, window_start, count) values ($1, $2::timestamptz, $3::integer)
  on conflict (key) do update set
    window_start = greatest(rate_limits.window_start, excluded.window_start),
    count = case when rate_limits.window_start >= excluded.window_start then rate_limits.count + excluded.count else excluded.count end
  returning count, window_start`,
);

/**
 * Adds `n` hits of `subject` to `rule`'s counter in the window starting at `windowStart` (ms),
 * and returns the count after them and the window's start. One statement, so concurrent hits
 * from any number of processes each get their own count. A process whose clock lags a little
 * counts in the newer window instead of resetting it.
 */
async function count(q: Db | Tx, rule: RateLimitRule, subject: string, windowStart: number, n: number): Promise<{ count: number; windowStart: number }> {
  const [row] = await run(q, COUNT, [`${rule.name}:${subject}`, new Date(windowStart).toISOString(), n]);
  return { count: row!.count as number, windowStart: new Date(row!.window_start as Date | string).getTime() };
}

const windowOf = (rule: RateLimitRule, now: Date) => Math.floor(now.getTime() / rule.windowMs) * rule.windowMs;

const stateAt = (rule: RateLimitRule, used: number, windowStart: number, now: Date): RateLimitState => ({
  limit: rule.limit,
  remaining: Math.max(0, rule.limit - used),
  resetS: Math.max(1, Math.ceil((windowStart + rule.windowMs - now.getTime()) / 1000)),
  exceeded: used > rule.limit,
});

/** Counts one hit of `subject` against `rule` (one write) and returns where it stands. */
export async function hit(q: Db | Tx, rule: RateLimitRule, subject: string, now: Date): Promise<RateLimitState> {
  const c = await count(q, rule, subject, windowOf(rule, now), 1);
  return stateAt(rule, c.count, c.windowStart, now);
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

/**
 * How many hits one write reserves for a limit: `batch` at most, and no more than 2 % of the
 * limit, so that a subject whose hits alternate between P processes is stopped at worst
 * P × (size − 1) hits early (hits reserved by a process and not used when the window ends).
 * Under 100 hits a window, every hit is written.
 */
export function reservation(rule: RateLimitRule): number {
  return Math.max(1, Math.min(rule.batch ?? 1, Math.floor(rule.limit / 50)));
}

/** One subject's hits reserved by this process in one window. */
interface Held {
  window: number;
  /** The window's start as the database has it (a process whose clock runs ahead may have moved it). */
  windowStart: number;
  /** The count this process has used up to: its hits and every other one counted before its reservation. */
  used: number;
  /** The count its reservation lets it use up to (`used` = `until`: none left; past the limit, none until the window ends). */
  until: number;
  /** Set while the reservation is being written: the subject's other hits wait for it. */
  pending?: Promise<unknown>;
}

/**
 * The hits of a limit reserved in batches (`reservation()`): a hit uses one this process holds,
 * and only when none is left is a batch added to the database counter, in one write. Once the
 * counter is past the limit, the rest of the window is refused without writing (a count never
 * falls within its window).
 */
class Reservations {
  readonly #held = new Map<string, Held>();
  #sweptWindow = 0;

  constructor(private readonly rule: RateLimitRule & { db: Database }) {}

  async take(subject: string, now: Date): Promise<RateLimitState> {
    const { rule } = this;
    let window = windowOf(rule, now);
    if (window > this.#sweptWindow) this.#sweep(window);
    for (;;) {
      const held = this.#held.get(subject);
      // A hit that waited past the end of its window counts in the newer one another hit began.
      if (held && held.window > window) window = held.window;
      if (held?.window === window) {
        // Hits waiting for a reservation being written share its outcome, a failure included.
        if (held.pending) {
          await held.pending;
          continue;
        }
        if (held.used < held.until) return stateAt(rule, ++held.used, held.windowStart, now);
        if (held.used > rule.limit) return stateAt(rule, held.used, held.windowStart, now);
      }
      const n = reservation(rule);
      const next: Held = { window, windowStart: window, used: 0, until: 0 };
      const written = count(rule.db.db, rule, subject, window, n);
      next.pending = written;
      this.#held.set(subject, next);
      try {
        const c = await written;
        next.windowStart = c.windowStart;
        // This hit follows every one counted before the batch; the batch is usable up to the limit.
        next.used = c.count - n + 1;
        next.until = Math.min(c.count, rule.limit);
        return stateAt(rule, next.used, next.windowStart, now);
      } catch (err) {
        // The next hit writes again (unless a newer window's reservation took the place already).
        if (this.#held.get(subject) === next) this.#held.delete(subject);
        throw err;
      } finally {
        next.pending = undefined;
      }
    }
  }

  /** Forgets the subjects of windows that have ended (once per window). */
  #sweep(window: number): void {
    this.#sweptWindow = window;
    for (const [subject, held] of this.#held) if (held.window < window && !held.pending) this.#held.delete(subject);
  }
}

/**
 * Middleware: one hit per request for the subject `key` returns (the client IP), written at
 * once, or from a batch this process reserved when the rule allows it (`batch`).
 */
/** A rate limit as Hono middleware, which can also count a hit of what is served outside Hono (live search). */
export type RateLimiter = MiddlewareHandler & {
  readonly rule: RateLimitRule;
  /** Counts one hit of `subject` now, as the middleware does; the caller refuses it when `exceeded`. */
  count(subject: string): Promise<RateLimitState>;
};

export function rateLimit(opts: RateLimitRule & { db: Database; clock: Clock; key: (c: Context) => string }): RateLimiter {
  const reserved = new Reservations(opts);
  const count = (subject: string) => {
    const now = opts.clock.now();
    return reservation(opts) > 1 ? reserved.take(subject, now) : hit(opts.db.db, opts, subject, now);
  };
  const middleware: MiddlewareHandler = async (c, next) => {
    const s = await count(opts.key(c));
    const headers = rateLimitHeaders(opts, s);
    if (s.exceeded) throw tooManyRequests(`Try again in ${s.resetS} seconds.`, s.resetS, headers);
    for (const [k, v] of Object.entries(headers)) c.header(k, v);
    await next();
  };
  return Object.assign(middleware, { rule: opts as RateLimitRule, count });
}

/** Deletes counters whose window ended more than a day ago (housekeeping); returns how many. */
export async function purgeRateLimits(database: Database, now: Date): Promise<number> {
  const gone = await database.db
    .delete(rateLimits)
    .where(lt(rateLimits.windowStart, new Date(now.getTime() - 86_400_000)))
    .returning({ key: rateLimits.key });
  return gone.length;
}
