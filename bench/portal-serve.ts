// A server under test for the portal benchmark, in a process of its own so that the load
// generator never shares its event loop (started by bench/portal.ts):
//   portal-serve.ts ayuda        the real server, configured by the environment the bench gives it;
//   portal-serve.ts node <file>  a plain `node:http` server answering every request with one page's bytes and headers;
//   portal-serve.ts hono <file>  the same bytes from a bare Hono app on @hono/node-server.
// It prints `{"url": …}` on one line when it listens, and stops on SIGTERM.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { ConfigError, loadConfig, type Config } from '../packages/server/src/config.js';
import { startServer } from '../packages/server/src/server.js';

/** One page as the portal sent it: its headers (those a server adds by itself left out) and its bytes. */
export interface CapturedPage {
  headers: Record<string, string>;
  bodyBase64: string;
}

/**
 * Production settings when they can be met here (a throwaway secret), so the pages are the
 * ones customers get; development settings otherwise, saying why.
 */
function benchConfig(env: Record<string, string>): Config {
  try {
    return loadConfig({ ...env, NODE_ENV: 'production', AYUDA_SECRET: randomBytes(32).toString('base64') }, {});
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`bench: portal runs in development mode; production settings were refused: ${e.message.replace(/\s+/g, ' ')}\n`);
    return loadConfig(env, {});
  }
}

const [kind, file] = process.argv.slice(2);
let url: string;
let close: () => Promise<void>;
if (kind === 'ayuda') {
  const server = await startServer(benchConfig(process.env as Record<string, string>));
  url = server.url;
  close = () => server.close();
} else if ((kind === 'node' || kind === 'hono') && file) {
  const page = JSON.parse(readFileSync(file, 'utf8')) as CapturedPage;
  const body = Buffer.from(page.bodyBase64, 'base64');
  const headers = { ...page.headers, 'content-length': String(body.length) };
  let server: ReturnType<typeof createServer>;
  if (kind === 'node') {
    server = createServer((_req, res) => {
      res.writeHead(200, headers);
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  } else {
    const app = new Hono();
    app.get('*', (c) => c.body(body, 200, headers));
    server = await new Promise((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as ReturnType<typeof createServer>));
    });
  }
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
} else {
  throw new Error('usage: portal-serve.ts ayuda | node <page.json> | hono <page.json>');
}
process.once('SIGTERM', () => {
  void close().then(() => process.exit(0));
});
process.stdout.write(`${JSON.stringify({ url })}\n`);
