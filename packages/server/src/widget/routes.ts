// Serves the built widget (packages/widget/dist/cdn, made by `npm run build -w @ayuda/widget`):
// `/embed.js`, whose URL sites paste and which therefore changes under a stable name (short
// cache, revalidated by ETag), and `/widget/<name>-<hash>.js` chunks, named by their content
// (cached for a year, immutable). Other sites load these as module scripts, which browsers
// fetch with CORS, so they are public to every origin. The site's theme (the console's
// `appearance` settings) is written into embed.js as it is sent, so the launcher's first frame
// wears it without another request; the ETag follows the bytes, so a new theme is a new ETag.
// `/widget/preview` is a blank page with the embed, which the console's appearance screen frames.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import { embedTheme, LocaleSchema, PROBLEM_TYPES, type AppearanceSettings } from '@ayuda/core';
import type { AppEnv } from '../http/env.js';
import { AppError, notFound } from '../http/problem.js';
import { cachedBody, fileCache, sendCached, type CachedFile } from '../http/file-cache.js';

/** Where the widget's build lands in this repository. */
export const WIDGET_DIST_DIR = fileURLToPath(new URL('../../../widget/dist/cdn/', import.meta.url));

export const WIDGET_CACHE = {
  embed: 'public, max-age=300, stale-while-revalidate=86400',
  chunk: 'public, max-age=31536000, immutable',
} as const;

// Dots inside a name are allowed (a shared chunk is named after its module: `form.styles-<hash>.js`),
// never two in a row nor a slash, so a name never leaves the directory.
const CHUNK = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.js$/;
/** What the widget's build leaves in embed.js for the theme (scripts/build.mjs checks it is there). */
export const THEME_PLACEHOLDER = /([`'"])__AYUDA_THEME__\1/;
/** Served forms of embed.js kept (one per theme seen since the file changed; a theme changes rarely). */
const THEMED_KEPT = 8;

/** embed.js with `theme` written in: the theme's JSON is a JavaScript object literal, made from validated values only. */
export function withTheme(code: string, theme: AppearanceSettings): string {
  const json = JSON.stringify(embedTheme(theme));
  return code.replace(THEME_PLACEHOLDER, () => json);
}

export function widgetRoutes(opts: { dir?: string; /** The appearance in effect, read at each request. */ theme?: () => AppearanceSettings } = {}) {
  const dir = opts.dir ?? WIDGET_DIST_DIR;
  const load = fileCache();
  const themed = new Map<string, CachedFile>();

  /** The served form of embed.js for the theme in effect, compressed once per theme. */
  const embedFor = (e: CachedFile): CachedFile => {
    if (!opts.theme) return e;
    const theme = opts.theme();
    const key = `${e.etag} ${JSON.stringify(theme)}`;
    let out = themed.get(key);
    if (!out) {
      out = cachedBody(Buffer.from(withTheme(e.raw.toString('utf8'), theme)), e.mtimeMs);
      if (themed.size >= THEMED_KEPT) themed.clear();
      themed.set(key, out);
    }
    return out;
  };

  async function serve(c: Context<AppEnv>, file: string, cacheControl: string, missing: () => Error, transform?: (e: CachedFile) => CachedFile): Promise<Response> {
    const loaded = await load(file);
    if (!loaded) throw missing();
    const e = transform ? transform(loaded) : loaded;
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
        embedFor,
      ),
    )
    .get('/widget/preview', (c) => {
      // The console's live preview: the real embed (with the saved theme) on an empty page, which
      // the console (same origin) restyles with its draft. No analytics from previews.
      const locale = LocaleSchema.safeParse(c.req.query('locale')).data ?? 'es';
      c.header('Cache-Control', 'no-store');
      c.header('X-Robots-Tag', 'noindex');
      return c.html(
        `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark"><title>Ayuda widget preview</title></head><body><script type="module" src="../embed.js" data-locale="${locale}" data-analytics="off"></script></body></html>`,
      );
    })
    .get('/widget/:file', (c) => {
      const name = c.req.param('file');
      if (!CHUNK.test(name)) throw notFound();
      // An old chunk name (from a page loaded before a deploy) is a plain 404.
      return serve(c, join(dir, 'widget', name), WIDGET_CACHE.chunk, () => notFound('No such widget file; reload the page to get the current embed.'));
    });
}
