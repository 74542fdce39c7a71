// The console's reply preview: markdown rendered exactly as the customer will see it, by the
// renderer and sanitiser that staff replies go through on the tracking page, in the widget
// and in mail.
import { Hono, type MiddlewareHandler } from 'hono';
import { PreviewSchema, type Locale } from '@ayuda/core';
import type { AppEnv } from '../http/env.js';
import { parseOrThrow } from '../http/problem.js';
import { readJson } from '../http/body.js';
import { respond } from '../http/respond.js';
import { staffGuards } from './http.js';

/** Mounted at /staff. */
export function previewRoutes(deps: { render: (markdown: string, locale: Locale) => string; defaultLocale: Locale; staffOnly: MiddlewareHandler<AppEnv>; limit: MiddlewareHandler<AppEnv> }) {
  return new Hono<AppEnv>().post('/preview', ...staffGuards(deps.staffOnly), deps.limit, async (c) => {
    const input = parseOrThrow(PreviewSchema, await readJson(c), 'body');
    return respond(c, 'staffPreview', { html: deps.render(input.markdown, input.locale ?? deps.defaultLocale) });
  });
}
