// Serves the staff console's build (packages/console/dist/app, made by `npm run build -w
// @ayuda/console`): `/console/` is its one page, index.html (revalidated on every load, so a
// deploy shows at once, under a CSP that allows nothing inline and nothing from elsewhere),
// and `/console/assets/<name>-<hash>.js|css` are named by their content (cached for a year,
// immutable). The server imports no console code: it only sends these files.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { PROBLEM_TYPES } from '@ayuda/core';
import type { AppEnv } from '../http/env.js';
import { AppError, notFound } from '../http/problem.js';
import { fileCache, sendCached } from '../http/file-cache.js';

/** Where the console's build lands in this repository. */
export const CONSOLE_DIST_DIR = fileURLToPath(new URL('../../../console/dist/app/', import.meta.url));

export const CONSOLE_CACHE = {
  page: 'no-cache',
  asset: 'public, max-age=31536000, immutable',
} as const;

/**
 * The console's Content-Security-Policy: its own scripts, styles and API only. Lit's styles are
 * constructed stylesheets, which `style-src 'self'` allows; nothing inline is.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const ASSET = /^[A-Za-z0-9_-]+\.(js|css)$/;
const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

export function consoleRoutes(opts: { dir?: string } = {}) {
  const dir = opts.dir ?? CONSOLE_DIST_DIR;
  const load = fileCache();
  const notBuilt = () =>
    new AppError(503, PROBLEM_TYPES.notReady, 'Console not built', 'Ayuda: the staff console has not been built; run `npm run build -w @ayuda/console` (npm start does it).');

  return new Hono<AppEnv>()
    .get('/console', (c) => c.redirect('/console/', 301))
    .get('/console/', async (c) => {
      const e = await load(join(dir, 'index.html'));
      if (!e) {
        const err = notBuilt();
        // A person at a browser gets a page that says the same; scripts get problem details.
        if (c.req.header('accept')?.includes('text/html')) {
          c.header('Content-Security-Policy', CONSOLE_CSP);
          c.header('Retry-After', '30');
          return c.html(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Console not built</title></head><body><h1>The staff console is not built</h1><p>${err.detail}</p></body></html>`, 503);
        }
        throw err;
      }
      c.header('Cache-Control', CONSOLE_CACHE.page);
      c.header('Content-Security-Policy', CONSOLE_CSP);
      c.header('X-Frame-Options', 'DENY');
      c.header('Referrer-Policy', 'no-referrer');
      c.header('Cross-Origin-Opener-Policy', 'same-origin');
      return sendCached(c, e, 'text/html; charset=utf-8');
    })
    .get('/console/assets/:file', async (c) => {
      const name = c.req.param('file');
      const ext = ASSET.exec(name)?.[1];
      if (!ext) throw notFound();
      const e = await load(join(dir, 'assets', name));
      // An old asset name (a page loaded before a deploy) is a plain 404.
      if (!e) throw notFound('No such console file; reload the page to get the current console.');
      c.header('Cache-Control', CONSOLE_CACHE.asset);
      c.header('Cross-Origin-Resource-Policy', 'same-origin');
      return sendCached(c, e, TYPES[ext]!);
    });
}
