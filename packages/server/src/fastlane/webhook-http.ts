// Stripe's webhook over HTTP, `POST /api/v1/stripe/webhook`. One implementation of what it does
// (receiveStripeWebhook), served two ways:
// - straight on node:http, in front of Hono (stripeWebhookListener; server.ts routes this one
//   method and path to it), because Hono's conversion of the node request into a `Request` and
//   of the `Response` back, and its middleware chain, cost more server CPU per event than
//   applying a paid incident in a group does (docs/performance.md, "Webhooks: the request path");
// - as a Hono route (routes.ts), for an app served without server.ts (app.request() in tests).
// The raw path keeps everything the Hono route had: the body limit, the signature checked on the
// raw bytes, the same problem+json answers, the request id, the request log line, /metrics'
// count under the same route label, the security headers; CORS is not needed (Stripe is no
// browser).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_PREFIX, PROBLEM_TYPES } from '@ayuda/core';
import type { StripeGateway } from '../billing/gateway.js';
import type { Logger } from '../http/logger.js';
import { AppError, notFound } from '../http/problem.js';
import { apiErrorAnswer } from '../http/error-answer.js';
import { checkAnswer } from '../http/respond.js';
import type { RequestRecorder } from '../metrics/recorder.js';
import { describeResult } from './webhooks.js';

/** The webhook's path, and its route label in /metrics (the pattern Hono's route has). */
export const STRIPE_WEBHOOK_PATH = `${API_PREFIX}/stripe/webhook`;

/** Whether a node request is the webhook's: a POST of its path, with or without a query. */
export const isStripeWebhook = (method: string | undefined, url: string | undefined): boolean =>
  method === 'POST' && !!url && url.startsWith(STRIPE_WEBHOOK_PATH) && (url.length === STRIPE_WEBHOOK_PATH.length || url[STRIPE_WEBHOOK_PATH.length] === '?');

export interface WebhookReceiver {
  /** Applies a verified event (FastlaneService.applyEvent). */
  applyEvent(event: unknown): Promise<Parameters<typeof describeResult>[0]>;
  gateway: StripeGateway | null;
  logger: Logger;
}

/**
 * Verifies the signature of `raw` (the body's bytes as received), applies the event once, and
 * returns its 200's body. Throws AppError 404 when payments are not configured and 400 when the
 * signature does not verify; anything applying throws is the caller's to answer (500, or 503
 * when the database does not answer: Stripe retries both).
 */
export async function receiveStripeWebhook(deps: WebhookReceiver, raw: Buffer | string, signature: string | undefined, requestId: string | undefined): Promise<{ received: true; result: string }> {
  if (!deps.gateway) throw notFound('Payments are not configured.');
  let event: unknown;
  try {
    event = deps.gateway.verifyEvent(raw, signature);
  } catch (err) {
    deps.logger.warn('stripe webhook: signature refused', { requestId, error: String((err as Error).message) });
    throw new AppError(400, PROBLEM_TYPES.invalidSignature, 'Invalid signature', 'The Stripe-Signature header does not verify for this body.');
  }
  const result = describeResult(await deps.applyEvent(event));
  const e = event as { id?: unknown; type?: unknown } | null;
  deps.logger.info('stripe webhook', { requestId, event: e?.id, type: e?.type, result });
  return { received: true, result };
}

// What Hono's requestId middleware accepts from the client; anything else gets a new id.
const REQUEST_ID = /^[\w\-=]{1,255}$/;

const tooLarge = (limit: number) => new AppError(413, PROBLEM_TYPES.payloadTooLarge, 'Payload too large', `The request body is larger than ${limit} bytes.`);

/** The body's bytes, or AppError 413 as soon as it is known to be over `limit` (by its Content-Length, or as it streams in). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done();
        // The rest is read and dropped; the answer closes the connection.
        req.resume();
        reject(tooLarge(limit));
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    // The client went away before sending the whole body: nothing to apply, nobody to answer.
    const onClose = () => {
      if (req.complete) return;
      done();
      reject(ABORTED);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

const ABORTED = Symbol('the client closed the connection before sending the whole body');

export interface WebhookListenerDeps extends WebhookReceiver {
  /** The body limit in effect (AYUDA_BODY_LIMIT), read at each request. */
  bodyLimit(): number;
  /** Resolves once the settings saved in the console are in effect (as every Hono route waits for). */
  ready(): Promise<void>;
  /** Parse each answer with its schema (not in production): see http/respond.ts. */
  checkAnswers: boolean;
  /** The security headers every Hono answer carries, as name, value, name, value… (read once). */
  securityHeaders(): Promise<string[]>;
  metrics: RequestRecorder;
}

/** The node:http listener for `POST /api/v1/stripe/webhook` (see isStripeWebhook). */
export function stripeWebhookListener(deps: WebhookListenerDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  let security: string[] | null = null;
  return async (req, res) => {
    const started = performance.now();
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    const url = req.url!;
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    let status = 200;
    let body: string;
    let headers: string[];
    try {
      security ??= await deps.securityHeaders();
      const raw = await readBody(req, deps.bodyLimit());
      await deps.ready();
      const answer = await receiveStripeWebhook(deps, raw, req.headers['stripe-signature'] as string | undefined, requestId);
      if (deps.checkAnswers) checkAnswer('stripeWebhook', 200, answer);
      body = JSON.stringify(answer);
      headers = ['content-type', 'application/json'];
    } catch (err) {
      if (err === ABORTED || (!req.complete && req.destroyed)) {
        // Not an error of ours, and not counted: no answer was sent (Stripe retries what it did not see answered).
        deps.logger.info('stripe webhook: the client closed the connection before sending the whole body', { requestId });
        return;
      }
      const a = apiErrorAnswer(err, path, requestId, deps.logger);
      status = a.status;
      body = a.body;
      headers = ['content-type', 'application/problem+json'];
      for (const k in a.headers) headers.push(k.toLowerCase(), a.headers[k]!);
      // A body too large may still be arriving: the connection ends with this answer.
      if (status === 413) headers.push('connection', 'close');
    }
    if (!res.headersSent && !res.destroyed) {
      res.writeHead(status, [...(security ?? []), ...headers, 'x-request-id', requestId, 'content-length', String(Buffer.byteLength(body))]);
      res.end(body);
    }
    // The line and the count Hono's middleware in app.ts writes for every request.
    const ms = performance.now() - started;
    deps.logger.info('request', { requestId, method: 'POST', path, status, ms: Math.round(ms * 10) / 10 });
    deps.metrics.record('POST', STRIPE_WEBHOOK_PATH, status, ms / 1000);
  };
}
