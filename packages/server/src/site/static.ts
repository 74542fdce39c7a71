// Serves a folder of static files (the company's site in the demo) at `/`, safely: no path
// escapes the folder, dot-files are never served, and every file gets an ETag. A site with a
// folder per language and no home page of its own has `/` choose the language, as `/help` does.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

export interface StaticFolderOptions {
  /**
   * Written in place of `%PUBLIC_URL%` in HTML files, for the links that must be absolute
   * (canonical, hreflang alternates), e.g. `<link rel="alternate" hreflang="en" href="%PUBLIC_URL%/en/">`.
   */
  publicUrl?: string;
  /**
   * For a site with a folder per language (`es/index.html`, `en/index.html`) and no
   * `index.html` at its root: the language `/` sends the visitor to, from the request (its
   * `Accept-Language`). Called at each request, so a changed default language applies at once.
   */
  language?: (c: Context) => string;
}

export function staticFolder(root: string, opts: StaticFolderOptions = {}) {
  const base = resolve(root);
  const cache = new Map<string, { mtimeMs: number; body: Buffer; etag: string }>();
  const isFile = async (file: string) => (await stat(file).catch(() => null))?.isFile() ?? false;
  return async (c: Context): Promise<Response | null> => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      return null;
    }
    if (path.includes('\0') || path.split('/').some((seg) => seg.startsWith('.'))) return null;
    if (path === '/' && opts.language && !(await isFile(join(base, 'index.html')))) {
      const language = opts.language(c);
      // Only a plain language code names a folder here: nothing from the request reaches the path.
      if (!/^[a-z]{2}$/.test(language) || !(await isFile(join(base, language, 'index.html')))) return null;
      c.header('Vary', 'Accept-Language');
      c.header('Cache-Control', 'no-cache');
      return c.redirect(`/${language}/`, 302);
    }
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) return null;
    const st = await stat(file).catch(() => null);
    if (!st) return null;
    if (st.isDirectory()) return c.redirect(directoryLocation(path), 301);
    let entry = cache.get(file);
    if (!entry || entry.mtimeMs !== st.mtimeMs) {
      let body = await readFile(file);
      if (opts.publicUrl !== undefined && extname(file).toLowerCase() === '.html') body = Buffer.from(body.toString('utf8').replaceAll('%PUBLIC_URL%', opts.publicUrl));
      entry = { mtimeMs: st.mtimeMs, body, etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"` };
      cache.set(file, entry);
    }
    c.header('ETag', entry.etag);
    c.header('Cache-Control', 'public, max-age=300');
    if (c.req.header('if-none-match') === entry.etag) return c.body(null, 304);
    c.header('Content-Type', TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream');
    return c.body(new Uint8Array(entry.body));
  };
}

/**
 * Where a folder's URL without its final slash is sent: the decoded path's segments, empty
 * ones dropped and each encoded again, so it is always a path on this host. Echoing the path
 * would turn `//evil.example` (or `/%2Fevil.example`) into a Location that browsers read as
 * another host; a backslash, which browsers read as a slash there, is encoded as `%5C`.
 */
export function directoryLocation(decodedPath: string): string {
  const segments = decodedPath.split('/').filter(Boolean);
  return `/${segments.map(encodeURIComponent).join('/')}${segments.length ? '/' : ''}`;
}
