// Tells a database that does not answer (refused, dropped, shut down, out of connections, a
// closed pool or PGlite) from a bug, so the error handler can answer 503 with Retry-After
// instead of 500: the request was fine and will work again once the database is back.
import { PROBLEM_TYPES } from '@ayuda/core';
import { AppError } from './problem.js';

/** Seconds a client should wait before it retries while the database is unavailable. */
export const UNAVAILABLE_RETRY_AFTER_S = 5;

// Socket errors of a connection that cannot be made or was lost.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH', 'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN']);

// PostgreSQL SQLSTATEs: class 08 is "connection exception"; 57P01-57P03 a server shutting
// down, crashed or starting; 53300 too many connections.
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

// What node-postgres, its pool and PGlite say when there is no usable connection; these
// errors carry no code.
const MESSAGES = [
  /^Connection terminated/, // pg: "... unexpectedly", "... due to connection timeout"
  /^timeout exceeded when trying to connect$/, // pg-pool: connectionTimeoutMillis
  /^Cannot use a pool after calling end on the pool$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
  /^PGlite is closed$/,
];

function unavailableHere(err: object): boolean {
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  return typeof message === 'string' && MESSAGES.some((m) => m.test(message));
}

/**
 * Whether `err`, or an error it wraps (Drizzle's `cause`, an AggregateError's `errors` from
 * trying each address of a host), says the database cannot be reached.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  if (unavailableHere(err)) return true;
  const { cause, errors } = err as { cause?: unknown; errors?: unknown };
  if (isDatabaseUnavailable(cause, depth + 1)) return true;
  return Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1));
}

/** The problem a request gets while the database is unavailable. */
export function databaseUnavailable(): AppError {
  return new AppError(503, PROBLEM_TYPES.unavailable, 'Service unavailable', 'The database does not answer; try again in a few seconds.', undefined, {
    'Retry-After': String(UNAVAILABLE_RETRY_AFTER_S),
    'Cache-Control': 'no-store',
  });
}
