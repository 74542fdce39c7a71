// The admins' analytics over HTTP (mounted at /staff/analytics): the summary of a period.
import { Hono, type MiddlewareHandler } from 'hono';
import { AnalyticsSummaryQuerySchema } from '@ayuda/core';
import type { AppEnv } from '../http/env.js';
import { parseOrThrow } from '../http/problem.js';
import { respond } from '../http/respond.js';
import { requireRole } from '../staff/roles.js';
import { staffGuards } from '../staff/http.js';
import type { AnalyticsSummaryService } from './summary.js';

export function analyticsStaffRoutes(deps: { summary: AnalyticsSummaryService; staffOnly: MiddlewareHandler<AppEnv>; limit: MiddlewareHandler<AppEnv> }) {
  return new Hono<AppEnv>().get('/summary', ...staffGuards(deps.staffOnly), requireRole('admin'), deps.limit, async (c) => {
    const q = parseOrThrow(AnalyticsSummaryQuerySchema, c.req.query(), 'query');
    return respond(c, 'staffAnalyticsSummary', await deps.summary.summary(q));
  });
}
