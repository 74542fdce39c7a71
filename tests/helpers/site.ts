// A customer's site on its own origin (127.0.0.1, a free port): a plain HTTP server answering
// each path with what `page` returns for it (404 when nothing). Used where the widget must be
// embedded across origins, as on a real site, with no browser-side request interception.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SitePage {
  body: string;
  type?: string;
  headers?: Record<string, string>;
}

export async function serveSite(page: (path: string) => SitePage | null): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const p = page(req.url ?? '/');
    if (!p) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': p.type ?? 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...p.headers }).end(p.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
