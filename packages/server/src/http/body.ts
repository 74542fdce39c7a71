import type { Context } from 'hono';
import { AppError, validationError } from './problem.js';
import { PROBLEM_TYPES, wellFormed } from '@ayuda/core';

/** Reads a JSON body, with a clear problem for the wrong media type or malformed JSON. */
export async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new AppError(415, PROBLEM_TYPES.unsupportedMediaType, 'Unsupported media type', 'Send the body as JSON with "Content-Type: application/json".');
  }
  const text = await c.req.text();
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
