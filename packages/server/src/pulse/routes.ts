// The agent pulse over HTTP: a signed-in staff member's question of the week and their answer,
// and the admins' summary (mounted at /staff).
import { Hono, type MiddlewareHandler } from 'hono';
import { PulseAnswerSchema, PulseSummaryQuerySchema } from '@ayuda/core';
import type { AppEnv } from '../http/env.js';
import { parseOrThrow } from '../http/problem.js';
import { readJson } from '../http/body.js';
import { respond } from '../http/respond.js';
import { requireRole, staffUserOf } from '../staff/roles.js';
import { staffGuards } from '../staff/http.js';
import type { PulseService } from './service.js';

export function pulseRoutes(deps: { pulse: PulseService; staffOnly: MiddlewareHandler<AppEnv> }) {
  const { pulse } = deps;
  const staff = staffGuards(deps.staffOnly);
  return new Hono<AppEnv>()
    .get('/pulse', ...staff, async (c) => respond(c, 'staffPulse', await pulse.state(staffUserOf(c.get('staff')).id)))
    .post('/pulse', ...staff, async (c) => {
      const user = staffUserOf(c.get('staff'));
      const input = parseOrThrow(PulseAnswerSchema, await readJson(c), 'body');
      return respond(c, 'staffPulseAnswer', await pulse.answer(user.id, input), 201);
    })
    .get('/pulse/summary', ...staff, requireRole('admin'), async (c) => {
      const q = parseOrThrow(PulseSummaryQuerySchema, c.req.query(), 'query');
      return respond(c, 'staffPulseSummary', await pulse.summary(q));
    });
}
