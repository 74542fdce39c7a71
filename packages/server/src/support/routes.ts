// The public "how long until an answer" figures beside the contact entry points.
import { Hono, type MiddlewareHandler } from 'hono';
import { ResponseTimesQuerySchema } from '@ayuda/core';
import type { AppEnv } from '../http/env.js';
import { parseOrThrow } from '../http/problem.js';
import { respond } from '../http/respond.js';
import type { ResponseTimeService } from './service.js';

/** Mounted at `/support`. */
export function supportRoutes(deps: { responseTimes: ResponseTimeService; rateLimited: MiddlewareHandler }) {
  return new Hono<AppEnv>().get('/response-times', deps.rateLimited, async (c) => {
    const { locale } = parseOrThrow(ResponseTimesQuerySchema, c.req.query(), 'query');
    const body = await deps.responseTimes.forLocale(locale);
    // The same for everyone and computed every few minutes at most: any cache may keep it that long.
    c.header('Cache-Control', `public, max-age=${deps.responseTimes.maxAgeS}`);
    c.header('Vary', 'Origin');
    return respond(c, 'responseTimes', body);
  });
}
