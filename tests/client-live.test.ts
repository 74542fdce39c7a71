// @ayuda/client's live search against the real server, with the `ws` package as the runtime's
// WebSocket (Node 20 has none; a browser's behaves the same): the answers GET /kb/search gives,
// refusals as AyudaApiError, and null wherever the socket cannot answer, for the caller to ask
// over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { AyudaApiError, AyudaClient, LiveSearch } from '@ayuda/client';
import { startTestServer } from './helpers/server.js';
import { testDatabases } from '../packages/server/src/testing/db.js';

const runtime = globalThis as { WebSocket?: unknown };

/** The runtime's WebSocket, counting the sockets opened. */
let opened = 0;
class CountingWebSocket extends WebSocket {
  constructor(url: string) {
    super(url);
    opened++;
  }
}

describe.each(testDatabases())('AyudaClient.liveSearch() on %s', (kind) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let client: AyudaClient;
  const own = runtime.WebSocket;
  beforeAll(async () => {
    runtime.WebSocket = CountingWebSocket;
    server = await startTestServer(kind);
    client = new AyudaClient({ baseUrl: server.url, retryDelayMs: 1 });
  });
  afterAll(async () => {
    runtime.WebSocket = own;
    await server?.close();
  });

  it('answers what search() answers, several searches on one socket', async () => {
    const live = client.liveSearch();
    expect(live.url).toBe(`${server.url.replace('http:', 'ws:')}/api/v1/kb/search/live`);
    const queries = [
      { q: 'factura duplicda', locale: 'es', limit: 5 },
      { q: 'router lights', locale: 'en', limit: 3 },
      { q: 'zzqxw', locale: 'es' },
    ] as const;
    const answers = await Promise.all(queries.map((q) => live.search(q)));
    for (const [i, q] of queries.entries()) expect(answers[i]).toEqual(await client.search({ ...q, analytics: 'off' }));
    expect(answers[0]!.results.length).toBeGreaterThan(0);
  });

  it('throws the server’s refusal as AyudaApiError, with each field named', async () => {
    const live = client.liveSearch();
    const err = await live.search({ q: '', locale: 'es', limit: 0 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AyudaApiError);
    expect((err as AyudaApiError).status).toBe(400);
    expect((err as AyudaApiError).problem.errors?.map((e) => e.field).sort()).toEqual(['message.limit', 'message.q']);
    // The socket stays usable.
    expect((await live.search({ q: 'factura', locale: 'es' }))!.results.length).toBeGreaterThan(0);
  });

  it('rejects with the signal’s reason when the caller aborts, and keeps the socket', async () => {
    const live = client.liveSearch();
    const ac = new AbortController();
    const pending = live.search({ q: 'factura', locale: 'es' }, ac.signal);
    ac.abort(new Error('the next keystroke'));
    await expect(pending).rejects.toThrow('the next keystroke');
    // Aborted while in flight on an open socket: nothing of it is left to close the socket later.
    const before = opened;
    const inFlight = new AbortController();
    const second = live.search({ q: 'router', locale: 'es' }, inFlight.signal);
    await new Promise((r) => setTimeout(r, 0));
    inFlight.abort(new Error('the next keystroke'));
    await expect(second).rejects.toThrow('the next keystroke');
    await new Promise((r) => setTimeout(r, 3_300));
    expect((await live.search({ q: 'factura', locale: 'es' }))!.query).toBe('factura');
    expect(opened).toBe(before);
  });

  it('answers null, for HTTP, where the socket cannot open, and from then on', async () => {
    const refused = new LiveSearch(`${server.url.replace('http:', 'ws:')}/api/v1/kb/search/elsewhere`);
    const before = opened;
    expect(await refused.search({ q: 'factura', locale: 'es' })).toBeNull();
    expect(await refused.search({ q: 'factura', locale: 'es' })).toBeNull();
    expect(opened).toBe(before + 1);
    runtime.WebSocket = undefined;
    try {
      expect(await client.liveSearch().search({ q: 'factura', locale: 'es' })).toBeNull();
    } finally {
      runtime.WebSocket = CountingWebSocket;
    }
  });
});

// Against stand-in servers (no database involved): once, not per database.
describe('AyudaClient.liveSearch() against sockets that misbehave', () => {
  const own = runtime.WebSocket;
  beforeAll(() => {
    runtime.WebSocket = CountingWebSocket;
  });
  afterAll(() => {
    runtime.WebSocket = own;
  });

  it('answers null when a socket is silent, or does not open, within 3 s, closes, or for server errors; opens another after one that worked; rejects an abort while opening at once', async () => {
    // A socket server that answers "ok", refuses "fail" with 503, closes on "bye" and answers nothing else.
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => wss.once('listening', r));
    wss.on('connection', (ws) =>
      ws.on('message', (m) => {
        const { id, q } = JSON.parse(String(m)) as { id: number; q: string };
        if (q === 'ok') ws.send(JSON.stringify({ id, status: 200, body: { query: q, locale: 'es', total: 0, results: [] } }));
        if (q === 'bye') ws.close();
        if (q === 'fail') ws.send(JSON.stringify({ id, status: 503, retryAfter: 1, body: { type: 'https://ayuda.dev/problems/service-unavailable', title: 'Service unavailable', status: 503 } }));
      }),
    );
    // A server that takes the connection and never answers the handshake.
    const tcp = createTcpServer(() => undefined).listen(0, '127.0.0.1');
    await new Promise((r) => tcp.once('listening', r));
    try {
      const live = new LiveSearch(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`);
      expect(await live.search({ q: 'fail', locale: 'es' })).toBeNull();
      const before = opened;
      const started = performance.now();
      const [a, b] = await Promise.all([live.search({ q: 'silent', locale: 'es' }), live.search({ q: 'silent too', locale: 'es' })]);
      expect([a, b]).toEqual([null, null]);
      expect(performance.now() - started).toBeGreaterThan(2_900);
      // Given up on: the next search opens another socket.
      expect((await live.search({ q: 'ok', locale: 'es' }))!.query).toBe('ok');
      expect(opened).toBe(before + 1);
      // Closed by the server (a restart, an idle timeout): null, and the next search opens another.
      expect(await live.search({ q: 'bye', locale: 'es' })).toBeNull();
      expect((await live.search({ q: 'ok', locale: 'es' }))!.query).toBe('ok');
      expect(opened).toBe(before + 2);

      // Aborted while its socket is still opening: rejects at once, not when the open gives up 3 s later.
      const opening = new LiveSearch(`ws://127.0.0.1:${(tcp.address() as AddressInfo).port}/`);
      const ac = new AbortController();
      const abortedAt = performance.now();
      const aborted = opening.search({ q: 'factura', locale: 'es' }, ac.signal);
      setTimeout(() => ac.abort(new Error('the next keystroke')), 50);
      await expect(aborted).rejects.toThrow('the next keystroke');
      expect(performance.now() - abortedAt).toBeLessThan(2_000);

      const stuck = new LiveSearch(`ws://127.0.0.1:${(tcp.address() as AddressInfo).port}/`);
      expect(await stuck.search({ q: 'factura', locale: 'es' })).toBeNull();
      const after = opened;
      expect(await stuck.search({ q: 'factura', locale: 'es' })).toBeNull();
      expect(opened).toBe(after);
    } finally {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      tcp.close();
    }
  });
});
