// @ayuda/client's live search against the real server, with the `ws` package as the runtime's
// WebSocket (Node 20 has none; a browser's behaves the same): the answers GET /kb/search gives,
// refusals as AyudaApiError, and null wherever the socket cannot answer, for the caller to ask
// over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AyudaApiError, AyudaClient, LiveSearch } from '@ayuda/client';
import { startTestServer } from './helpers/server.js';
import { testDatabases } from '../packages/server/src/testing/db.js';

const runtime = globalThis as { WebSocket?: unknown };

describe.each(testDatabases())('AyudaClient.liveSearch() on %s', (kind) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let client: AyudaClient;
  const own = runtime.WebSocket;
  beforeAll(async () => {
    runtime.WebSocket = WebSocket;
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

  it('rejects with the signal’s reason when the caller aborts', async () => {
    const live = client.liveSearch();
    const ac = new AbortController();
    const pending = live.search({ q: 'factura', locale: 'es' }, ac.signal);
    ac.abort(new Error('the next keystroke'));
    await expect(pending).rejects.toThrow('the next keystroke');
  });

  it('answers null, for HTTP, where the socket cannot open, and from then on', async () => {
    const refused = new LiveSearch(`${server.url.replace('http:', 'ws:')}/api/v1/kb/search/elsewhere`);
    expect(await refused.search({ q: 'factura', locale: 'es' })).toBeNull();
    expect(await refused.search({ q: 'factura', locale: 'es' })).toBeNull();
    runtime.WebSocket = undefined;
    try {
      expect(await client.liveSearch().search({ q: 'factura', locale: 'es' })).toBeNull();
    } finally {
      runtime.WebSocket = WebSocket;
    }
  });

  it('opens another socket after the server closed one that worked', async () => {
    const live = client.liveSearch();
    expect(await live.search({ q: 'factura', locale: 'es' })).not.toBeNull();
    // What a restart does (a proxy's idle timeout too): the server ends every socket.
    server.ayuda.liveSearch.closeAll();
    await new Promise((r) => setTimeout(r, 300));
    expect((await live.search({ q: 'router', locale: 'es' }))!.query).toBe('router');
  });
});
