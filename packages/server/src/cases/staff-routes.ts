// The staff API for cases, used by the console and by scripts: the two-lane queue, a case
// with its thread, history and customer, replies and internal notes, status, assignment,
// lane, category, and presence (who is viewing or typing).
import { Hono } from 'hono';
import { CaseRefParamsSchema, PresenceSchema, StaffAssignSchema, StaffCategorySchema, StaffLaneSchema, StaffQueueQuerySchema, StaffReplyWithStatusSchema, StaffStatusSchema } from '@ayuda/core';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env.js';
import { parseOrThrow } from '../http/problem.js';
import { staffGuards } from '../staff/http.js';
import { readJson } from '../http/body.js';
import { respond } from '../http/respond.js';
import type { CaseService } from './service.js';
import { sendFile } from './routes.js';

export function staffCaseRoutes(deps: {
  cases: CaseService;
  staffOnly: MiddlewareHandler<AppEnv>;
  /** Limits presence per staff user (the console sends it on a heartbeat and while typing). */
  presenceLimit: MiddlewareHandler<AppEnv>;
}) {
  const { cases } = deps;
  const ref = (p: Record<string, string>) => parseOrThrow(CaseRefParamsSchema, p, 'params').reference;
  const app = new Hono<AppEnv>();
  app.use('*', ...staffGuards(deps.staffOnly));
  return app
    .get('/', async (c) => {
      const q = parseOrThrow(StaffQueueQuerySchema, c.req.query(), 'query');
      return respond(c, 'staffQueue', await cases.queue(q, c.get('staff')));
    })
    .get('/:reference', async (c) => respond(c, 'staffCase', await cases.staffView(ref(c.req.param()))))
    .get('/:reference/attachments/:id', async (c) => sendFile(c, await cases.staffAttachment(ref(c.req.param()), c.req.param('id'))))
    .post('/:reference/messages', async (c) => {
      const r = ref(c.req.param());
      const input = parseOrThrow(StaffReplyWithStatusSchema, await readJson(c), 'body');
      return respond(c, 'staffReply', await cases.staffReply(r, c.get('staff'), input), 201);
    })
    .post('/:reference/status', async (c) => {
      const r = ref(c.req.param());
      const input = parseOrThrow(StaffStatusSchema, await readJson(c), 'body');
      return respond(c, 'staffStatus', await cases.staffSetStatus(r, c.get('staff'), input.status, input.ifLastPublicAuthor));
    })
    .post('/:reference/assignee', async (c) => {
      const r = ref(c.req.param());
      const input = parseOrThrow(StaffAssignSchema, await readJson(c), 'body');
      return respond(c, 'staffAssign', await cases.staffAssign(r, c.get('staff'), input));
    })
    .post('/:reference/lane', async (c) => {
      const r = ref(c.req.param());
      const input = parseOrThrow(StaffLaneSchema, await readJson(c), 'body');
      return respond(c, 'staffLane', await cases.staffSetLane(r, c.get('staff'), input.lane, input.reason));
    })
    .post('/:reference/category', async (c) => {
      const r = ref(c.req.param());
      const input = parseOrThrow(StaffCategorySchema, await readJson(c), 'body');
      return respond(c, 'staffCategory', await cases.staffSetCategory(r, c.get('staff'), input.category));
    })
    .post('/:reference/presence', deps.presenceLimit, async (c) => {
      const r = ref(c.req.param());
      const input = parseOrThrow(PresenceSchema, await readJson(c), 'body');
      await cases.presence(r, c.get('staff'), input.state);
      return c.body(null, 204);
    });
}

