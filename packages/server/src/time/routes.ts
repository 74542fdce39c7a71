// The staff API for time: the caller's timer on a case (start, stop, heartbeat), a case's
// entries, entries typed by hand, edits, and the admins' summary with costs.
import { Hono, type MiddlewareHandler } from 'hono';
import { CaseRefParamsSchema, TimeCreateSchema, TimeParamsSchema, TimeSummaryQuerySchema, TimeUpdateSchema } from '@ayuda/core';
import type { AppEnv } from '../http/env.js';
import type { Clock } from '../clock.js';
import { parseOrThrow } from '../http/problem.js';
import { readJson } from '../http/body.js';
import { respond } from '../http/respond.js';
import { requireRole } from '../staff/roles.js';
import { optionalIdempotencyKey, staffGuards } from '../staff/http.js';
import type { TimeService } from './service.js';

/** Mounted at /staff. */
export function timeRoutes(deps: { time: TimeService; clock: Clock; staffOnly: MiddlewareHandler<AppEnv> }) {
  const { time } = deps;
  const staff = staffGuards(deps.staffOnly);
  const ref = (p: Record<string, string>) => parseOrThrow(CaseRefParamsSchema, p, 'params').reference;
  const entryId = (p: Record<string, string>) => parseOrThrow(TimeParamsSchema, p, 'params').id;
  return new Hono<AppEnv>()
    .post('/cases/:reference/timer/start', ...staff, async (c) => {
      const { entry, created } = await time.startTimer(ref(c.req.param()), c.get('staff'));
      return respond(c, 'staffTimerStart', entry, created ? 201 : 200);
    })
    .post('/cases/:reference/timer/stop', ...staff, async (c) => {
      const entry = await time.stopTimer(ref(c.req.param()), c.get('staff'));
      return entry ? respond(c, 'staffTimerStop', entry, 200) : c.body(null, 204);
    })
    .post('/cases/:reference/timer/heartbeat', ...staff, async (c) => {
      await time.heartbeat(ref(c.req.param()), c.get('staff'));
      return c.body(null, 204);
    })
    .get('/cases/:reference/time', ...staff, async (c) => respond(c, 'staffCaseTime', await time.listForCase(ref(c.req.param()))))
    .post('/cases/:reference/time', ...staff, async (c) => {
      const r = ref(c.req.param());
      const key = optionalIdempotencyKey(c.req.header('idempotency-key'));
      const input = parseOrThrow(TimeCreateSchema, await readJson(c), 'body');
      return respond(c, 'staffTimeCreate', await time.addManual(r, c.get('staff'), input, key), 201);
    })
    .get('/time/summary', ...staff, requireRole('admin'), async (c) => {
      const q = parseOrThrow(TimeSummaryQuerySchema, c.req.query(), 'query');
      const to = q.to ? new Date(q.to) : deps.clock.now();
      const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * 86_400_000);
      return respond(c, 'staffTimeSummary', await time.summary(from, to));
    })
    .patch('/time/:id', ...staff, async (c) => {
      const id = entryId(c.req.param());
      const input = parseOrThrow(TimeUpdateSchema, await readJson(c), 'body');
      return respond(c, 'staffTimeUpdate', await time.update(id, c.get('staff'), input));
    })
    .delete('/time/:id', ...staff, async (c) => {
      await time.remove(entryId(c.req.param()), c.get('staff'));
      return c.body(null, 204);
    });
}
