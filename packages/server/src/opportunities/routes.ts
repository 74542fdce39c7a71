// The staff API for opportunities: record one from a case; admins list and export them.
import { Hono, type MiddlewareHandler } from 'hono';
import { CaseRefParamsSchema, OpportunityCreateSchema, OpportunityCsvQuerySchema, OpportunityQuerySchema, type Locale } from '@ayuda/core';
import type { AppEnv } from '../http/env.js';
import type { Clock } from '../clock.js';
import { parseOrThrow } from '../http/problem.js';
import { readJson } from '../http/body.js';
import { respond } from '../http/respond.js';
import { requireRole } from '../staff/roles.js';
import { optionalIdempotencyKey, staffGuards } from '../staff/http.js';
import type { OpportunityService } from './service.js';

/** Mounted at /staff. */
export function opportunityRoutes(deps: { opportunities: OpportunityService; clock: Clock; defaultLocale: Locale; staffOnly: MiddlewareHandler<AppEnv> }) {
  const { opportunities } = deps;
  const staff = staffGuards(deps.staffOnly);
  // Thirty days up to now unless said otherwise, as the other staff summaries.
  const period = (q: { from?: string | undefined; to?: string | undefined }) => {
    const to = q.to ? new Date(q.to) : deps.clock.now();
    return { from: q.from ? new Date(q.from) : new Date(to.getTime() - 30 * 86_400_000), to };
  };
  return new Hono<AppEnv>()
    .post('/cases/:reference/opportunities', ...staff, async (c) => {
      const { reference } = parseOrThrow(CaseRefParamsSchema, c.req.param(), 'params');
      const key = optionalIdempotencyKey(c.req.header('idempotency-key'));
      const input = parseOrThrow(OpportunityCreateSchema, await readJson(c), 'body');
      return respond(c, 'staffOpportunityCreate', await opportunities.create(reference, c.get('staff'), input, key), 201);
    })
    .get('/opportunities', ...staff, requireRole('admin'), async (c) => {
      const { from, to } = period(parseOrThrow(OpportunityQuerySchema, c.req.query(), 'query'));
      return respond(c, 'staffOpportunities', await opportunities.list(from, to));
    })
    .get('/opportunities.csv', ...staff, requireRole('admin'), async (c) => {
      const q = parseOrThrow(OpportunityCsvQuerySchema, c.req.query(), 'query');
      const { from, to } = period(q);
      const csv = await opportunities.csv(from, to, q.locale ?? deps.defaultLocale);
      const day = (d: Date) => d.toISOString().slice(0, 10);
      // Exporting every opportunity (customer names and addresses) is worth a line in the audit log.
      c.set('audit', { action: 'opportunity.export', target: null, data: { from: from.toISOString(), to: to.toISOString(), locale: q.locale ?? deps.defaultLocale } });
      return c.body(csv, 200, {
        'Content-Type': 'text/csv; charset=utf-8; header=present',
        'Content-Disposition': `attachment; filename="opportunities-${day(from)}-${day(to)}.csv"`,
        'X-Content-Type-Options': 'nosniff',
      });
    });
}
