// Built files served as they are (the widget's, the console's): read once, kept with their
// ETag and their gzip and brotli copies until the file changes on disk, and sent compressed
// when the browser says it takes that encoding, or 304 when it already holds them.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { Context } from 'hono';

export interface CachedFile {
  mtimeMs: number;
  etag: string;
  raw: Buffer;
  gzip: Buffer;
  br: Buffer;
}

/** A loader of files with their compressed copies; null for a file that is not there. */
export function fileCache(): (file: string) => Promise<CachedFile | null> {
  const cache = new Map<string, CachedFile>();
  return async (file) => {
    const st = await stat(file).catch(() => null);
    if (!st?.isFile()) return null;
    let e = cache.get(file);
    if (!e || e.mtimeMs !== st.mtimeMs) {
      e = cachedBody(await readFile(file), st.mtimeMs);
      cache.set(file, e);
    }
    return e;
  };
}

/** Bytes with their ETag and compressed copies, as a cached file holds them (for a body made at run time from one). */
export function cachedBody(raw: Buffer, mtimeMs = 0): CachedFile {
  return { mtimeMs, etag: `"${createHash('sha256').update(raw).digest('base64url').slice(0, 22)}"`, raw, gzip: gzipSync(raw, { level: 9 }), br: brotliCompressSync(raw) };
}

/** Sends a cached file (headers other than these are the caller's): ETag, 304, br or gzip. */
export function sendCached(c: Context, e: CachedFile, contentType: string): Response {
  c.header('Content-Type', contentType);
  c.header('ETag', e.etag);
  c.header('Vary', 'Accept-Encoding');
  c.header('X-Content-Type-Options', 'nosniff');
  const inm = c.req.header('if-none-match');
  if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === e.etag)) return c.body(null, 304);
  const accept = c.req.header('accept-encoding') ?? '';
  if (/\bbr\b/.test(accept)) {
    c.header('Content-Encoding', 'br');
    return c.body(new Uint8Array(e.br));
  }
  if (/\bgzip\b/.test(accept)) {
    c.header('Content-Encoding', 'gzip');
    return c.body(new Uint8Array(e.gzip));
  }
  return c.body(new Uint8Array(e.raw));
}
