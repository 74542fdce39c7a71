// The problem+json answer of an API request that failed: what app.ts's error handler sends for
// every API path, and what a route served before Hono (the Stripe webhook) sends the same way.
import { PROBLEM_TYPES } from '@ayuda/core';
import type { Logger } from './logger.js';
import { AppError } from './problem.js';
import { databaseUnavailable, isDatabaseUnavailable } from './unavailable.js';

export interface ErrorAnswer {
  status: number;
  headers: Record<string, string>;
  /** The problem details, serialised. */
  body: string;
}

/**
 * A known error (AppError) as its own problem; a database that does not answer as 503 with
 * Retry-After (no bug: logged as a warning); anything else as 500, logged with its stack.
 */
export function apiErrorAnswer(err: unknown, path: string, requestId: string | undefined, logger: Logger): ErrorAnswer {
  const unavailable = !(err instanceof AppError) && isDatabaseUnavailable(err);
  if (unavailable) logger.warn('database unavailable', { requestId, path, error: String((err as Error).cause ?? err) });
  const known = err instanceof AppError ? err : unavailable ? databaseUnavailable() : null;
  if (!known) logger.error('unhandled error', { requestId, path, error: (err as Error)?.stack ?? String(err) });
  const e = known ?? new AppError(500, PROBLEM_TYPES.internal, 'Internal error', 'Something went wrong on our side; try again. If it keeps happening, quote the requestId.');
  return { status: e.status, headers: e.headers ?? {}, body: JSON.stringify(e.toProblem(path, requestId)) };
}
