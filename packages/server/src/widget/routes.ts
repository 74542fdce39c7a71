// Serves the built widget (packages/widget/dist/cdn, made by `npm run build -w @ayuda/widget`):
// `/embed.js`, whose URL sites paste and which therefore changes under a stable name (short
// cache, revalidated by ETag), and `/widget/<name>-<hash>.js` chunks, named by their content
// (cached for a year, immutable). Other sites load these as module scripts, which browsers
// fetch with CORS, so they are public to every origin.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import { PROBLEM_TYPES } from '@ayuda/core';
import type { AppEnv } from '../http/env.js';
import { AppError, notFound } from '../http/problem.js';
import { fileCache, sendCached } from '../http/file-cache.js';

/** Where the widget's build lands in this repository. */
export const WIDGET_DIST_DIR = fileURLToPath(new URL('../../../widget/dist/cdn/', import.meta.url));

export const WIDGET_CACHE = {
  embed: 'public, max-age=300, stale-while-revalidate=86400',
  chunk: 'public, max-age=31536000, immutable',
} as const;

const CHUNK = /^[A-Za-z0-9_-]+\.js$/;

export function widgetRoutes(opts: { dir?: string } = {}) {
  const dir = opts.dir ?? WIDGET_DIST_DIR;
  const load = fileCache();

  async function serve(c: Context<AppEnv>, file: string, cacheControl: string, missing: () => Error): Promise<Response> {
    const e = await load(file);
    if (!e) throw missing();
    c.header('Cache-Control', cacheControl);
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    return sendCached(c, e, 'text/javascript; charset=utf-8');
  }

  return new Hono<AppEnv>()
    .get('/embed.js', (c) =>
      serve(
        c,
        join(dir, 'embed.js'),
        WIDGET_CACHE.embed,
        () =>
          new AppError(503, PROBLEM_TYPES.notReady, 'Widget not built', 'Ayuda: the widget has not been built; run `npm run build -w @ayuda/widget` (npm start does it).'),
      ),
    )
    .get('/widget/:file', (c) => {
      const name = c.req.param('file');
      if (!CHUNK.test(name)) throw notFound();
      // An old chunk name (from a page loaded before a deploy) is a plain 404.
      return serve(c, join(dir, 'widget', name), WIDGET_CACHE.chunk, () => notFound('No such widget file; reload the page to get the current embed.'));
    });
}
