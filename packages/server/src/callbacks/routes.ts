// Callbacks over HTTP: a customer asks to be called (`POST /callbacks`), staff work the queue
// (`GET /staff/callbacks`) and record attempts (`POST /staff/callbacks/{id}/attempts`).
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { CallbackAttemptInputSchema, CallbackCreateSchema, CallbackParamsSchema, StaffCallbackQuerySchema } from '@ayuda/core';
import type { AppEnv } from '../http/env.js';
import { parseOrThrow, validationError } from '../http/problem.js';
import { readJson } from '../http/body.js';
import { requireIdempotencyKey } from '../http/idempotency.js';
import { respond } from '../http/respond.js';
import { staffGuards } from '../staff/http.js';
import type { CallbackService } from './service.js';

/** A honeypot field with a value: a bot filled in what people do not see. */
export const honeypotError = () => validationError([{ field: 'body.website', message: 'leave this field empty' }], 422);

export function callbackRoutes(deps: {
  callbacks: CallbackService;
  /** The signed-in fast-lane customer of a request (bearer token or cookie), or null. */
  customerOf: (c: Context) => Promise<{ id: number } | null>;
  /** The per-IP limit of case submissions, shared: a callback costs an agent as much. */
  perIp: MiddlewareHandler<AppEnv>;
}) {
  const { callbacks } = deps;
  return new Hono<AppEnv>().post('/', deps.perIp, async (c) => {
    const key = requireIdempotencyKey(c.req.header('idempotency-key'));
    const input = parseOrThrow(CallbackCreateSchema, await readJson(c), 'body');
    if (input.website) throw honeypotError();
    const customer = await deps.customerOf(c);
    const answer = await callbacks.request(input, { idempotencyKey: key, customer: customer ? { id: customer.id } : null });
    if (answer.replayed) c.header('Idempotent-Replayed', 'true');
    c.header('Cache-Control', 'no-store');
    return respond(c, 'requestCallback', answer.body, 201);
  });
}

/** The staff's side, mounted at /staff beside other routers (so each route carries its guards). */
export function staffCallbackRoutes(deps: { callbacks: CallbackService; staffOnly: MiddlewareHandler<AppEnv> }) {
  const { callbacks } = deps;
  const staff = staffGuards(deps.staffOnly);
  return new Hono<AppEnv>()
    .get('/callbacks', ...staff, async (c) => {
      const q = parseOrThrow(StaffCallbackQuerySchema, c.req.query(), 'query');
      return respond(c, 'staffCallbacks', { timeZone: callbacks.timeZone, callbacks: await callbacks.list(q.status) });
    })
    .post('/callbacks/:id/attempts', ...staff, async (c) => {
      const { id } = parseOrThrow(CallbackParamsSchema, c.req.param(), 'params');
      const input = parseOrThrow(CallbackAttemptInputSchema, await readJson(c), 'body');
      return respond(c, 'staffCallbackAttempt', await callbacks.attempt(id, c.get('staff'), input), 201);
    });
}
