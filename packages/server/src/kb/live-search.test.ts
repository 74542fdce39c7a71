// Live search over a real server: each message on the WebSocket answers what
// `GET /api/v1/kb/search` answers (the same validation, ranking, rate limit and problems), pages
// of origins CORS does not allow cannot open one, and a shutdown closes the sockets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LIVE_SEARCH_PATH, LiveSearchReplySchema, type LiveSearchReply } from '@ayuda/core';
import { loadConfig } from '../config.js';
import { startServer, type RunningServer } from '../server.js';
import { createLogger } from '../http/logger.js';
import { createTestDatabase, testDatabases, type DbKind } from '../testing/db.js';
import { FIXTURE_KB_DIR, DEMO_SITE_DIR } from '../testing/app.js';
import { NO_METRICS } from '../metrics/recorder.js';
import { LIVE_SEARCH_MAX_IN_FLIGHT, LIVE_SEARCH_MAX_MESSAGE_BYTES, LIVE_SEARCH_MAX_SOCKETS_PER_IP, liveSearch } from './live-search.js';
import { createServer, request as httpRequest } from 'node:http';

const METRICS_TOKEN = 'live-search-metrics-token';

/** An open socket whose replies are read in order, or the HTTP answer that refused to open it. */
async function connect(server: { url: string }, headers: Record<string, string> = {}, path = LIVE_SEARCH_PATH) {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}${path}`, { headers });
  const replies: unknown[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data) => {
    replies.push(JSON.parse(String(data)));
    waiters.splice(0).forEach((w) => w());
  });
  const closed = new Promise<{ code: number }>((resolve) => ws.on('close', (code) => resolve({ code })));
  const opened = await new Promise<{ status: number; body: string; headers: Record<string, unknown> } | null>((resolve, reject) => {
    ws.once('open', () => resolve(null));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    ws.once('error', (err) => reject(err));
  });
  return {
    ws,
    refused: opened,
    closed,
    /** Waits for `n` replies in all, then gives them. */
    async replies(n: number): Promise<LiveSearchReply[]> {
      while (replies.length < n) await new Promise<void>((r) => waiters.push(r));
      return replies.slice(0, n).map((r) => LiveSearchReplySchema.parse(r));
    },
  };
}

/** A real server on a fresh database of `kind`, with the fixture knowledge base; `close()` stops both. */
async function serve(kind: DbKind, env: Record<string, string> = {}) {
  const database = await createTestDatabase(kind);
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', AYUDA_SITE_DIR: DEMO_SITE_DIR, AYUDA_KB_DIR: FIXTURE_KB_DIR, ...env }, {});
  const server = await startServer(config, { database, logger: createLogger('silent') });
  return {
    server,
    async close() {
      await server.close();
      await database.close();
    },
  };
}

/** Runs `test` against a server of its own (see serve()), stopped after it however it ends. */
async function withServer(kind: DbKind, env: Record<string, string>, test: (server: RunningServer) => Promise<void>) {
  const { server, close } = await serve(kind, env);
  try {
    await test(server);
  } finally {
    await close();
  }
}

describe.each(testDatabases())('live search on %s', (kind) => {
  let running: Awaited<ReturnType<typeof serve>>;
  let server: RunningServer;
  beforeAll(async () => {
    running = await serve(kind, {
      AYUDA_PUBLIC_URL: 'https://help.nubefibra.test',
      AYUDA_CORS_ORIGINS: 'https://www.nubefibra.test',
      AYUDA_METRICS_TOKEN: METRICS_TOKEN,
    });
    server = running.server;
  });
  afterAll(() => running.close());

  it('answers each search with its id and what GET /api/v1/kb/search answers, several at once', async () => {
    const c = await connect(server, { Origin: 'https://www.nubefibra.test' });
    expect(c.refused).toBeNull();
    const queries = [
      { id: 1, q: 'contrasena wiif', locale: 'es', limit: 3 },
      { id: 2, q: 'invoice', locale: 'en', limit: 1 },
      { id: 3, q: 'zzqxw', locale: 'es' },
    ];
    for (const q of queries) c.ws.send(JSON.stringify(q));
    const replies = await c.replies(3);
    for (const q of queries) {
      const reply = replies.find((r) => r.id === q.id)!;
      const http = await fetch(`${server.url}/api/v1/kb/search?${new URLSearchParams({ q: q.q, locale: q.locale, ...(q.limit ? { limit: String(q.limit) } : {}), analytics: 'off' })}`);
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual(await http.json());
    }
    expect((replies.find((r) => r.id === 1)!.body as { results: Array<{ slug: string }> }).results[0]!.slug).toBe('cambiar-contrasena-wifi');
    c.ws.close();
  });

  it('answers bad messages with problem details naming each field, and keeps the socket open', async () => {
    const c = await connect(server);
    c.ws.send('not json');
    c.ws.send(JSON.stringify({ id: 7, locale: 'fr', limit: 0 }));
    c.ws.send(JSON.stringify([1, 2]));
    c.ws.send(Buffer.from(JSON.stringify({ id: 8, q: 'factura', locale: 'es' })), { binary: true });
    c.ws.send(JSON.stringify({ id: 9, q: '  \u0000 ', locale: 'es' }));
    c.ws.send(JSON.stringify({ id: 10, q: 'factura', locale: 'es', limit: '5', extra: true }));
    c.ws.send(JSON.stringify({ id: 11, q: 'factura', locale: 'es' }));
    const [notJson, fields, array, binary, blank, loose, good] = await c.replies(7);
    for (const r of [notJson, array, binary]) {
      expect(r).toMatchObject({ id: null, status: 400, body: { type: 'https://ayuda.dev/problems/validation-error', errors: [{ field: 'message' }] } });
    }
    expect(fields).toMatchObject({ id: 7, status: 400 });
    expect((fields!.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field).sort()).toEqual(['message.limit', 'message.locale', 'message.q']);
    expect(blank).toMatchObject({ id: 9, status: 400, body: { errors: [{ field: 'message.q', message: 'must not be empty' }] } });
    // A JSON number for limit, and nothing else than a search's fields.
    expect(loose).toMatchObject({ id: 10, status: 400 });
    expect((loose!.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field).sort()).toEqual(['message', 'message.limit']);
    expect(good).toMatchObject({ id: 11, status: 200 });
    c.ws.close();
  });

  it('closes the socket on a message larger than a search can be', async () => {
    const c = await connect(server);
    c.ws.send(JSON.stringify({ id: 1, q: 'x'.repeat(LIVE_SEARCH_MAX_MESSAGE_BYTES), locale: 'es' }));
    expect((await c.closed).code).toBe(1009);
  });

  it('closes a socket that sends more searches at once than a widget does', async () => {
    const c = await connect(server);
    for (let id = 0; id < LIVE_SEARCH_MAX_IN_FLIGHT * 3; id++) c.ws.send(JSON.stringify({ id, q: 'factura', locale: 'es' }));
    expect((await c.closed).code).toBe(1008);
  });

  it('serves a request that asks for another upgrade (h2c) as the plain request it is, and refuses one with a body', async () => {
    const ask = (method: string, path: string, headers: Record<string, string>, body?: string) =>
      new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
        const req = httpRequest(`${server.url}${path}`, { method, headers: { Connection: 'Upgrade, HTTP2-Settings', Upgrade: 'h2c', 'HTTP2-Settings': 'AAMAAABkAAQCAAAAAAIAAAAA', ...headers } }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body: text }));
        });
        req.on('error', reject);
        req.end(body);
      });
    const health = await ask('GET', '/healthz', {});
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok' });
    const search = await ask('GET', '/api/v1/kb/search?q=factura&locale=es', {});
    expect(JSON.parse(search.body).results.length).toBeGreaterThan(0);
    const page = await ask('GET', '/help/es/articles/pagar-factura', { Accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<html');
    const posted = await ask('POST', '/api/v1/analytics/events', { 'Content-Type': 'application/json' }, '{"events":[]}');
    expect(posted).toMatchObject({ status: 400, type: 'application/problem+json' });
    // A WebSocket upgrade of another path is served as a plain request too.
    const other = await connect(server, {}, '/api/v1/kb/search');
    expect(other.refused).toMatchObject({ status: 400 });
  });

  it('refuses pages of origins CORS does not allow', async () => {
    const other = await connect(server, { Origin: 'https://evil.test' });
    expect(other.refused).toMatchObject({ status: 403, headers: { 'content-type': 'application/problem+json' } });
    expect(JSON.parse(other.refused!.body)).toMatchObject({ type: 'https://ayuda.dev/problems/forbidden', status: 403 });
    for (const origin of ['https://help.nubefibra.test', server.url]) {
      const ok = await connect(server, { Origin: origin });
      expect(ok.refused).toBeNull();
      ok.ws.close();
    }
  });

  it('counts each search in /metrics under the socket route', async () => {
    const c = await connect(server);
    c.ws.send(JSON.stringify({ id: 1, q: 'factura', locale: 'es' }));
    c.ws.send('{');
    await c.replies(2);
    c.ws.close();
    const text = await (await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    const line = text.split('\n').find((l) => l.startsWith(`ayuda_http_requests_total{method="WS",route="${LIVE_SEARCH_PATH}",status="200"}`));
    expect(Number(line?.split(' ').pop())).toBeGreaterThanOrEqual(1);
    expect(text).toContain(`ayuda_http_requests_total{method="WS",route="${LIVE_SEARCH_PATH}",status="400"}`);
  });
});

describe.each(testDatabases())('live search rate limit on %s', (kind) => {
  it('counts the opening and every message on the search API limit, with HTTP, and refuses past it', async () => {
    // A limit under 100 is written on every hit: exact.
    await withServer(kind, { AYUDA_SEARCH_RATE_LIMIT: '4' }, async (server) => {
      const first = await fetch(`${server.url}/api/v1/kb/search?q=factura&locale=es&analytics=off`);
      expect(first.headers.get('ratelimit-remaining')).toBe('3');
      const c = await connect(server); // 2
      c.ws.send('not json'); // 3: refused as invalid, counted all the same
      const [invalid] = await c.replies(1);
      expect(invalid!.status).toBe(400);
      for (const id of [1, 2, 3]) c.ws.send(JSON.stringify({ id, q: 'factura', locale: 'es' }));
      const replies = (await c.replies(4)).slice(1);
      expect(replies.map((r) => r.status).sort()).toEqual([200, 429, 429]);
      const refused = replies.find((r) => r.status === 429)!;
      expect(refused).toMatchObject({ body: { type: 'https://ayuda.dev/problems/rate-limited', status: 429 } });
      expect((refused as { retryAfter?: number }).retryAfter).toBeGreaterThan(0);
      expect((await fetch(`${server.url}/api/v1/kb/search?q=factura&locale=es`)).status).toBe(429);
      const late = await connect(server);
      expect(late.refused).toMatchObject({ status: 429, headers: { 'content-type': 'application/problem+json' } });
      expect(Number(late.refused!.headers['retry-after'])).toBeGreaterThan(0);
      c.ws.close();
    });
  });

  it('shares the default limit, reserved in batches, with GET /api/v1/kb/search', async () => {
    await withServer(kind, {}, async (server) => {
      const c = await connect(server);
      for (const id of [1, 2, 3, 4, 5]) c.ws.send(JSON.stringify({ id, q: 'router', locale: 'es' }));
      expect((await c.replies(5)).every((r) => r.status === 200)).toBe(true);
      const res = await fetch(`${server.url}/api/v1/kb/search?q=factura&locale=es&analytics=off`);
      // 600 a minute: the opening, five searches and this one.
      expect(res.headers.get('ratelimit-remaining')).toBe('593');
      c.ws.close();
    });
  });

  it('refuses more open sockets from one address than a process keeps', async () => {
    await withServer(kind, {}, async (server) => {
      const open = await Promise.all(Array.from({ length: LIVE_SEARCH_MAX_SOCKETS_PER_IP }, () => connect(server)));
      expect(open.every((c) => c.refused === null)).toBe(true);
      const one = await connect(server);
      expect(one.refused).toMatchObject({ status: 429 });
      open[0]!.ws.close();
      await open[0]!.closed;
      await new Promise((r) => setTimeout(r, 50));
      const again = await connect(server);
      expect(again.refused).toBeNull();
      for (const c of [...open, again]) c.ws.close();
    });
  });
});

describe('live search at shutdown', () => {
  it('closes open sockets as going away, refuses new ones while draining, and lets the server stop at once', async () => {
    const { server, close } = await serve('pglite');
    const c = await connect(server);
    c.ws.send(JSON.stringify({ id: 1, q: 'factura', locale: 'es' }));
    expect((await c.replies(1))[0]!.status).toBe(200);
    // SIGTERM's first step: readiness fails and the sockets are told to go.
    server.ayuda.drain();
    expect((await c.closed).code).toBe(1001);
    const late = await connect(server);
    expect(late.refused).toMatchObject({ status: 503, headers: { 'retry-after': '1' } });
    const started = performance.now();
    await close();
    // The forced close of lingering connections comes after several seconds; this was at once.
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});

describe('live search at shutdown, with a search held in flight', () => {
  it('answers the searches in flight before closing their socket as going away; closes idle sockets at once', async () => {
    // liveSearch() alone, on a plain HTTP server, with a search that answers when the test says.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const searching = new Promise<void>((r) => (started = r));
    const live = liveSearch({
      search: async (locale, q) => {
        if (q === 'slow') {
          started();
          await held;
        }
        return { query: q, locale, total: 0, results: [] };
      },
      countSearch: async () => ({ limit: 100, remaining: 99, resetS: 60, exceeded: false }),
      ipOf: (req) => req.socket.remoteAddress ?? '',
      allowedOrigin: () => false,
      ready: async () => undefined,
      draining: () => false,
      checkAnswers: true,
      logger: createLogger('silent'),
      metrics: NO_METRICS,
    });
    const http = createServer((_req, res) => res.writeHead(404).end());
    http.on('upgrade', live.upgrade(() => undefined));
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const server = { url: `http://127.0.0.1:${(http.address() as { port: number }).port}` };
    try {
      const busy = await connect(server);
      const idle = await connect(server);
      busy.ws.send(JSON.stringify({ id: 7, q: 'slow', locale: 'es' }));
      await searching;
      live.closeAll();
      expect((await idle.closed).code).toBe(1001);
      // The busy socket waits for its search.
      expect(busy.ws.readyState).toBe(WebSocket.OPEN);
      release();
      expect(await busy.replies(1)).toEqual([{ id: 7, status: 200, body: { query: 'slow', locale: 'es', total: 0, results: [] } }]);
      expect((await busy.closed).code).toBe(1001);
    } finally {
      http.closeAllConnections();
      await new Promise((r) => http.close(r));
    }
  });
});
