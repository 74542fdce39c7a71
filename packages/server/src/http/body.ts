import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError, validationError } from './problem.js';
import { PROBLEM_TYPES, wellFormed } from '@ayuda/core';

/**
 * Hono's bodyLimit, without its cost where a header answers: it asks for `c.req.raw.body`
 * first, which makes @hono/node-server build a full web Request (headers, abort signal, a
 * ReadableStream over the socket) for every request, GETs included. A GET or HEAD has no body
 * to limit, and a body with a Content-Length and no Transfer-Encoding is framed by Node's HTTP
 * parser to exactly that length, so the header is compared as bodyLimit compares it; any other
 * body goes through bodyLimit, which counts it as it streams in.
 */
export function requestBodyLimit(opts: { maxSize: number; onError: (c: Context) => Response | Promise<Response> }): MiddlewareHandler {
  const counted = bodyLimit(opts);
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) return parseInt(length || '0', 10) > opts.maxSize ? opts.onError(c) : next();
    return counted(c, next);
  };
}

/**
 * The body of a request with a Content-Length, read from Node's IncomingMessage when nothing
 * has read it yet (@hono/node-server, before anything asked for the web Request's body); null
 * otherwise (app.request() in tests, other runtimes, a body already being read), to read it
 * through the web Request instead.
 */
function nodeBody(c: Context): Promise<string> | null {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming || typeof incoming.on !== 'function' || incoming.readableDidRead || incoming.readableFlowing !== null || incoming.readableEnded) return null;
  if (c.req.header('content-length') === undefined || c.req.header('transfer-encoding') !== undefined) return null;
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.once('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      // As Request.text() decodes: a leading byte order mark is not part of the text.
      resolve(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    });
    incoming.once('error', reject);
    incoming.once('close', () => {
      if (!incoming.complete) reject(new Error('the client went away before sending the whole body'));
    });
  });
}

/** Reads a JSON body, with a clear problem for the wrong media type or malformed JSON. */
export async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new AppError(415, PROBLEM_TYPES.unsupportedMediaType, 'Unsupported media type', 'Send the body as JSON with "Content-Type: application/json".');
  }
  const text = await (nodeBody(c) ?? c.req.text());
  try {
    // A lone surrogate escaped in JSON (`"\ud800"`) reads as U+FFFD, as a text column would
    // store it; left alone, it would make any jsonb it reaches refuse the whole row.
    return JSON.parse(text, (_key, value: unknown) => (typeof value === 'string' ? wellFormed(value) : value));
  } catch {
    throw validationError([{ field: 'body', message: 'not valid JSON' }], 400, 'The body is not valid JSON.');
  }
}

/** Whether the request body is multipart form data (the only kind that may carry files). */
export const isMultipart = (c: Context): boolean => /^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '');
