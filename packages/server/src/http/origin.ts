// The origin a customer reached this server at, for the links mailed to them: a request's
// `Origin` when it names the host the request was sent to, so the server's pages are there
// (the server under a second name, or a site that passes `/help` and `/api` through to it).
// Whether that origin may be used at all is the allowed origins' decision (`linkBase`).
import type { Context } from 'hono';

/**
 * The request's `Origin` when it is a plain origin (scheme, host, port; not `null`) naming the
 * host the request reached, else undefined. A widget on another site sends that site's origin
 * to the server's own host: its links stay on the public URL, since the site does not serve
 * the tracking page. Only the host is compared: behind a proxy that ends TLS the request itself
 * is plain HTTP.
 */
export function originReached(c: Context): string | undefined {
  const origin = c.req.header('origin');
  if (!origin) return undefined;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== origin) return undefined;
  return url.host === new URL(c.req.url).host ? origin : undefined;
}

/**
 * Where a customer's links start: `origin` when it is the public URL's origin or one of the
 * allowed origins (`AYUDA_CORS_ORIGINS` or the `origins` settings, read at each call), else the
 * public URL. An origin that is not allowed is never used, whoever wrote it.
 */
export function linkBase(config: { publicUrl: string; corsOrigins: readonly string[] }, origin: string | null | undefined): string {
  if (!origin || origin === new URL(config.publicUrl).origin) return config.publicUrl;
  return config.corsOrigins.includes(origin) ? origin : config.publicUrl;
}
