import { Hono } from 'hono';
import { AnalyticsBatchSchema, SearchAnalyticsQuerySchema } from '@ayuda/core';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env.js';
import { parseOrThrow } from '../http/problem.js';
import { readJson } from '../http/body.js';
import { respond } from '../http/respond.js';
import type { AnalyticsService } from './service.js';

export function analyticsRoutes(deps: { analytics: AnalyticsService; staffOnly: MiddlewareHandler<AppEnv>; rateLimited: MiddlewareHandler<AppEnv> }) {
  return new Hono<AppEnv>()
    .post('/events', deps.rateLimited, async (c) => {
      const body = parseOrThrow(AnalyticsBatchSchema, await readJson(c), 'body');
      deps.analytics.record(body.events, 'widget');
      return respond(c, 'trackEvents', { accepted: body.events.length }, 202);
    })
    .get('/search', deps.staffOnly, async (c) => {
      const q = parseOrThrow(SearchAnalyticsQuerySchema, c.req.query(), 'query');
      c.header('Cache-Control', 'private, no-store');
      return respond(c, 'searchAnalytics', await deps.analytics.searchReport(q));
    });
}
