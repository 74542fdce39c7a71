// A fixed-window rate limiter per key (client IP). In memory: each process counts its own
// requests, which bounds abuse per process; behind several processes use the proxy's limiter too.
import type { MiddlewareHandler } from 'hono';
import { AppError } from './problem.js';
import { PROBLEM_TYPES } from '@ayuda/core';
import type { Clock } from '../clock.js';

export function rateLimit(opts: { limit: number; windowMs: number; clock: Clock; key: (c: Parameters<MiddlewareHandler>[0]) => string }): MiddlewareHandler {
  const windows = new Map<string, { start: number; count: number }>();
  return async (c, next) => {
    const now = opts.clock.now().getTime();
    const key = opts.key(c);
    let w = windows.get(key);
    if (!w || now - w.start >= opts.windowMs) {
      // Forget old windows now and then so the map does not grow without bound.
      if (windows.size > 10_000) for (const [k, v] of windows) if (now - v.start >= opts.windowMs) windows.delete(k);
      w = { start: now, count: 0 };
      windows.set(key, w);
    }
    w.count++;
    const remaining = Math.max(0, opts.limit - w.count);
    const resetS = Math.ceil((w.start + opts.windowMs - now) / 1000);
    c.header('RateLimit-Limit', String(opts.limit));
    c.header('RateLimit-Remaining', String(remaining));
    c.header('RateLimit-Reset', String(resetS));
    if (w.count > opts.limit) {
      throw new AppError(429, PROBLEM_TYPES.rateLimited, 'Too many requests', `Try again in ${resetS} seconds.`, undefined, {
        'Retry-After': String(resetS),
      });
    }
    await next();
  };
}
