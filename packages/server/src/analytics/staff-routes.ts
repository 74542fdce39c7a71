// The admins' analytics over HTTP (mounted at /staff/analytics): the summary of a period and the
// standard lane's impact, the figures over time and the fast lane's account.
import { Hono, type MiddlewareHandler } from 'hono';
import { AnalyticsSeriesQuerySchema, AnalyticsSummaryQuerySchema, FastlaneAccountQuerySchema, LaneImpactQuerySchema } from '@ayuda/core';
import type { AppEnv } from '../http/env.js';
import { parseOrThrow } from '../http/problem.js';
import { respond } from '../http/respond.js';
import { requireRole } from '../staff/roles.js';
import { staffGuards } from '../staff/http.js';
import type { AnalyticsSummaryService } from './summary.js';
import type { LaneImpactService } from './lane-impact.js';
import type { AnalyticsSeriesService } from './series.js';
import type { FastlaneAccountService } from './fastlane-account.js';

export function analyticsStaffRoutes(deps: { summary: AnalyticsSummaryService; laneImpact: LaneImpactService; series: AnalyticsSeriesService; fastlaneAccount: FastlaneAccountService; staffOnly: MiddlewareHandler<AppEnv>; limit: MiddlewareHandler<AppEnv> }) {
  const guards = [...staffGuards(deps.staffOnly), requireRole('admin'), deps.limit] as const;
  return new Hono<AppEnv>()
    .get('/summary', ...guards, async (c) => {
      const q = parseOrThrow(AnalyticsSummaryQuerySchema, c.req.query(), 'query');
      return respond(c, 'staffAnalyticsSummary', await deps.summary.summary(q));
    })
    .get('/lane-impact', ...guards, async (c) => {
      const q = parseOrThrow(LaneImpactQuerySchema, c.req.query(), 'query');
      return respond(c, 'staffAnalyticsLaneImpact', await deps.laneImpact.impact(q));
    })
    .get('/series', ...guards, async (c) => {
      const q = parseOrThrow(AnalyticsSeriesQuerySchema, c.req.query(), 'query');
      return respond(c, 'staffAnalyticsSeries', await deps.series.series(q));
    })
    .get('/fastlane', ...guards, async (c) => {
      const q = parseOrThrow(FastlaneAccountQuerySchema, c.req.query(), 'query');
      return respond(c, 'staffAnalyticsFastlane', await deps.fastlaneAccount.account(q));
    });
}
