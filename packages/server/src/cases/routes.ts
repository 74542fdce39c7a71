// The customer's side of cases: submit (JSON or multipart with files), follow through the
// private tracking link, reply, close, and ask for the links again by email.
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { CASE_LIMITS, CaseCreateSchema, CaseReplySchema, PROBLEM_TYPES, ResendLinkSchema, TrackingParamsSchema } from '@ayuda/core';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env.js';
import { AppError, parseOrThrow, validationError } from '../http/problem.js';
import { isMultipart, readJson } from '../http/body.js';
import { requireIdempotencyKey } from '../http/idempotency.js';
import { respond } from '../http/respond.js';
import { originReached } from '../http/origin.js';
import type { CaptchaService } from '../captcha/service.js';
import type { IncomingFile } from './attachments.js';
import type { CaseService } from './service.js';

/** Room for the largest allowed upload plus the form fields. */
export const CASE_BODY_LIMIT = CASE_LIMITS.attachmentsMax * CASE_LIMITS.attachmentBytesMax + 1024 * 1024;

/**
 * The attachments' limit, for multipart bodies only (JSON and forms without files get the
 * general limit, applied in app.ts). Counted as the body streams in: a larger body is cut off
 * at the limit, whatever its Content-Length says.
 */
export function uploadLimit(onError: (c: Context) => Response | Promise<Response>): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({ maxSize: CASE_BODY_LIMIT, onError });
  return (c, next) => (isMultipart(c) ? limit(c, next) : next());
}

/** Reads JSON, or multipart form data whose `attachments` fields are files. */
export async function readFields(c: Context): Promise<{ fields: Record<string, unknown>; files: IncomingFile[] }> {
  const type = c.req.header('content-type') ?? '';
  if (/^multipart\/form-data/i.test(type)) {
    let form: Record<string, string | File | Array<string | File>>;
    try {
      form = (await c.req.parseBody({ all: true })) as typeof form;
    } catch {
      throw validationError([{ field: 'body', message: 'not valid multipart form data' }], 400, 'The body could not be read as multipart form data.');
    }
    const fields: Record<string, unknown> = {};
    const files: IncomingFile[] = [];
    for (const [k, v] of Object.entries(form)) {
      const values = Array.isArray(v) ? v : [v];
      if (k === 'attachments' || k === 'attachments[]') {
        for (const f of values) {
          if (typeof f === 'string') {
            // A browser sends an empty string or an empty, nameless file for a file input left empty.
            if (f === '') continue;
            throw validationError([{ field: 'body.attachments', message: 'must be files' }], 422);
          }
          if (f.size === 0 && !f.name) continue;
          files.push({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
        }
      } else fields[k] = values.length === 1 ? values[0] : values;
    }
    return { fields, files };
  }
  const json = await readJson(c);
  return { fields: (json && typeof json === 'object' ? json : {}) as Record<string, unknown>, files: [] };
}

function sendFile(c: Context, file: { filename: string; contentType: string; data: Uint8Array }) {
  c.header('Content-Type', file.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : file.contentType);
  c.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
  c.header('Content-Security-Policy', "default-src 'none'; sandbox");
  c.header('Cache-Control', 'private, no-store');
  return c.body(new Uint8Array(file.data));
}

export function caseRoutes(deps: { cases: CaseService; captcha: CaptchaService; perIp: MiddlewareHandler<AppEnv>; rateLimited: MiddlewareHandler<AppEnv> }) {
  const { cases, captcha } = deps;
  const limit = uploadLimit(() => {
    throw new AppError(413, PROBLEM_TYPES.payloadTooLarge, 'Payload too large', `At most ${CASE_LIMITS.attachmentsMax} files of ${CASE_LIMITS.attachmentBytesMax / 1024 / 1024} MB each.`);
  });
  const token = (c: Context) => parseOrThrow(TrackingParamsSchema, c.req.param(), 'params').token;

  return new Hono<AppEnv>()
    .post('/', limit, deps.perIp, async (c) => {
      const key = requireIdempotencyKey(c.req.header('idempotency-key'));
      const { fields, files } = await readFields(c);
      const input = parseOrThrow(CaseCreateSchema, fields, 'body');
      if (input.website) throw validationError([{ field: 'body.website', message: 'leave this field empty' }], 422);
      const channel = c.req.header('x-ayuda-channel') === 'portal' ? 'portal' : c.req.header('x-ayuda-channel') === 'widget' ? 'widget' : 'api';
      const answer = await cases.submit(input, files, {
        idempotencyKey: key,
        channel,
        origin: originReached(c),
        ...(captcha.required ? { check: (tx) => captcha.verify(input.captcha, 'body.captcha', 'cases', tx) } : {}),
      });
      if (answer.replayed) c.header('Idempotent-Replayed', 'true');
      c.header('Cache-Control', 'no-store');
      return respond(c, 'submitCase', answer.body, answer.status as 201);
    })
    .post('/links', deps.rateLimited, async (c) => {
      const input = parseOrThrow(ResendLinkSchema, await readJson(c), 'body');
      await cases.resendLinks(input.email, input.locale, originReached(c));
      return respond(c, 'resendCaseLinks', { sent: true }, 202);
    })
    .get('/track/:token', async (c) => {
      c.header('Cache-Control', 'private, no-store');
      c.header('X-Robots-Tag', 'noindex');
      return respond(c, 'getCase', await cases.view(token(c)));
    })
    .post('/track/:token/messages', limit, deps.rateLimited, async (c) => {
      const t = token(c);
      const { fields, files } = await readFields(c);
      const input = parseOrThrow(CaseReplySchema, fields, 'body');
      c.header('Cache-Control', 'no-store');
      return respond(c, 'replyToCase', await cases.reply(t, input.body, files), 201);
    })
    .post('/track/:token/close', deps.rateLimited, async (c) => {
      c.header('Cache-Control', 'no-store');
      return respond(c, 'closeCase', await cases.close(token(c)));
    })
    .get('/track/:token/attachments/:id', async (c) => sendFile(c, await cases.attachment(token(c), c.req.param('id'))));
}

export { sendFile };
