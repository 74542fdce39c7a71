// Answers with the endpoint table's schema: TypeScript checks the body against the schema of the
// status given, and outside production the body is also parsed with it, so an answer that
// drifts from the contract fails in development and in every test instead of in a client.
import type { Context } from 'hono';
import { z } from 'zod';
import { ENDPOINTS, type EndpointName } from '@ayuda/core';
import type { AppEnv } from './env.js';

/** A schema's output as a handler may hand it to `c.json`: a Date stands for a string (it is sent in ISO 8601). */
export type Sendable<T> = T extends string
  ? T | Date
  : T extends ReadonlyArray<infer U>
    ? ReadonlyArray<Sendable<U>>
    : T extends object
      ? { [K in keyof T]: Sendable<T[K]> }
      : T;

type Responses<N extends EndpointName> = (typeof ENDPOINTS)[N]['responses'];
/** The statuses with a JSON body an endpoint answers. */
type JsonStatus<N extends EndpointName> = { [S in keyof Responses<N>]: Responses<N>[S] extends z.ZodType ? S : never }[keyof Responses<N>] & number;
type BodyAt<N extends EndpointName, S extends JsonStatus<N>> = Responses<N>[S] extends z.ZodType ? Sendable<z.output<Responses<N>[S]>> : never;

/** Whether answers are parsed with their schema (everywhere but production). */
export const CHECK_ANSWERS = 'checkAnswers';

/**
 * Sends `body` as the JSON answer of endpoint `name` with `status` (by default the endpoint's
 * only, or first, status).
 */
export function respond<N extends EndpointName, S extends JsonStatus<N>>(c: Context<AppEnv>, name: N, body: BodyAt<N, S>, status?: S): Response {
  const responses = ENDPOINTS[name].responses as Record<number, unknown>;
  const code = status ?? (Number(Object.keys(responses)[0]) as S);
  if (c.get(CHECK_ANSWERS)) checkAnswer(name, code, body);
  return c.json(body as never, code as 200);
}

/** Throws if `body`, sent as JSON, does not match the schema of endpoint `name`'s answer `code` (what respond() checks outside production). */
export function checkAnswer<N extends EndpointName, S extends JsonStatus<N>>(name: N, code: S, body: BodyAt<N, S>): void {
  const schema = (ENDPOINTS[name].responses as Record<number, unknown>)[code] as z.ZodType;
  const sent = schema.safeParse(JSON.parse(JSON.stringify(body)));
  if (!sent.success) throw new Error(`Ayuda: the answer of ${name} (${code}) does not match its schema in @ayuda/core:\n${z.prettifyError(sent.error)}`);
}
