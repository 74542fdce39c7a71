// The middleware every staff endpoint runs before its handler, for routers that mount beside
// others under /staff (so each route carries them instead of a router-wide `use('*')`, which
// would also run for its neighbours' paths).
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PROBLEM_TYPES } from '@ayuda/core';
import { AppError } from '../http/problem.js';
import { requireIdempotencyKey } from '../http/idempotency.js';
import type { AppEnv } from '../http/env.js';

/** Per staff user and minute, for what the console sends often (429 past them). */
export const STAFF_RATE_LIMITS = {
  /** Reply previews: one per click on Preview. */
  previewPerMinute: 60,
  /** Presence: a heartbeat and typing notices, a few a minute per open case. */
  presencePerMinute: 120,
  /** Analytics: each view of the screen sends about five requests, each cheap (the figures come from rollups). */
  analyticsPerMinute: 120,
};

/** A staff request body may be at most this large (as for the staff cases API). */
export const STAFF_BODY_LIMIT = 256 * 1024;

/** Authentication (`staffOnly`), then the staff body limit; answers are never cached. */
export function staffGuards(staffOnly: MiddlewareHandler<AppEnv>): [MiddlewareHandler<AppEnv>, MiddlewareHandler<AppEnv>, MiddlewareHandler<AppEnv>] {
  return [
    staffOnly,
    async (c, next) => {
      await next();
      c.header('Cache-Control', 'private, no-store');
    },
    bodyLimit({
      maxSize: STAFF_BODY_LIMIT,
      onError: () => {
        throw new AppError(413, PROBLEM_TYPES.payloadTooLarge, 'Payload too large', `A staff request body may be at most ${STAFF_BODY_LIMIT / 1024} KB.`);
      },
    }),
  ];
}

/** An optional Idempotency-Key: checked when sent. */
export const optionalIdempotencyKey = (header: string | undefined): string | undefined => (header === undefined ? undefined : requireIdempotencyKey(header));
