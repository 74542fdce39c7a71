// The route pattern that answered a request, for the `route` label, without allocating: Hono's
// routePath() builds a new array of every matched route on each call to pick one of them.
import type { Context } from 'hono';
import { HonoRequest } from 'hono/request';
import { routePath } from 'hono/route';

type MatchedHandlers = [[unknown, { path: string }], unknown][];

// Hono keeps the router's result on the request behind a symbol-keyed getter, the one
// routePath() reads. Found once here; should a Hono release move it, routePath() is used.
const MATCH_RESULT = Object.getOwnPropertySymbols(HonoRequest.prototype).find((s) => typeof Object.getOwnPropertyDescriptor(HonoRequest.prototype, s)?.get === 'function');

export function routePattern(c: Context): string {
  const handlers = MATCH_RESULT ? (c.req as unknown as Record<symbol, [MatchedHandlers] | undefined>)[MATCH_RESULT]?.[0] : undefined;
  const path = handlers?.[c.req.routeIndex]?.[0]?.[1]?.path;
  return typeof path === 'string' ? path : routePath(c);
}
