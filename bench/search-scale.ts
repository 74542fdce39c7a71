// Search that scales with the knowledge base: what the widget downloads before its first result
// over a 1,000-article knowledge base (in Chromium, every byte on the wire), and the HTTP search
// endpoint's latency over 10,000 articles (a client typing queries key by key, one request per
// keystroke, as the widget does in server mode). `npx tsx --conditions=ayuda-source bench/search-scale-main.ts`.
import { createHash } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { Browser } from 'playwright-core';
import type { ParsedArticle, ParsedKb } from '../packages/server/src/kb/parse.js';
import { launchBrowser } from '../tests/helpers/browser.js';
import { startTestServer } from '../tests/helpers/server.js';
import { generateArticles, generateQueries, vocabulary } from './corpus.js';
import { percentile } from './stats.js';
import { buildWidget } from './widget.js';

type AyudaWindow = Window & { Ayuda?: { open(): Promise<void> } };

export const SEARCH_SCALE_DEFAULTS = {
  corpusSeed: 42,
  querySeed: 11,
  /** Queries typed key by key against the endpoint; the first `warmupQueries` are not measured. */
  queries: 200,
  warmupQueries: 20,
  /** The first query typed in the widget. */
  firstQuery: 'factura',
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The generated corpus as an imported knowledge base (Spanish, public, one paragraph each). */
export function generatedKb(count: number, seed = SEARCH_SCALE_DEFAULTS.corpusSeed): ParsedKb {
  const docs = generateArticles(count, seed, vocabulary());
  const keys = [...new Set(docs.map((d) => d.category))];
  const articles: ParsedArticle[] = docs.map((d) => ({
    source: `es/${d.slug}.md`,
    locale: 'es',
    slug: d.slug,
    translationKey: null,
    title: d.title,
    category: d.category,
    tags: d.tags,
    visibility: 'public',
    type: 'article',
    updated: '2026-11-01',
    bodyMarkdown: d.text,
    bodyHtml: `<p>${escapeHtml(d.text)}</p>`,
    bodyText: d.text,
    faq: null,
    contentHash: createHash('sha256').update(`${d.title}\n${d.text}`).digest('hex'),
  }));
  return {
    articles,
    categories: keys.map((key, position) => ({ key, position, labels: { es: { name: key, description: key }, en: { name: key, description: key } } })),
    synonyms: {},
  };
}

/** A real server (PGlite) holding `count` generated articles in place of the demo's. */
export async function startKbServer(count: number, env: Record<string, string> = {}) {
  const server = await startTestServer('pglite', { AYUDA_RATE_LIMIT: '1000000', AYUDA_SEARCH_RATE_LIMIT: '1000000', ...env });
  await server.ayuda.kb.importParsed(generatedKb(count), { force: true });
  // Built once per revision: built here, not in the first measured request.
  await server.ayuda.kb.index('es');
  return server;
}

/**
 * Every byte the widget receives (CDP's encoded lengths: compressed bodies and headers; live
 * search's WebSocket handshake and frames) from
 * the Ayuda server, from loading the page with the embed until the first result of a typed
 * query shows, in a fresh browser context (empty cache). The host page's own document is not counted.
 */
export async function firstResultBytes(browser: Browser, serverUrl: string, query: string): Promise<{ bytes: number; requests: Record<string, number> }> {
  const ctx = await browser.newContext({ locale: 'es-ES' });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map<string, string>();
  const sizes = new Map<string, number>();
  cdp.on('Network.requestWillBeSent', (e: { requestId: string; request: { url: string } }) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => sizes.set(e.requestId, e.encodedDataLength));
  // An aborted request (the previous keystroke's search) counts what it received before.
  cdp.on('Network.loadingFailed', (e: { requestId: string }) => sizes.set(e.requestId, sizes.get(e.requestId) ?? 0));
  // Live search's WebSocket: its handshake's answer and every frame received (payload and frame header).
  const add = (id: string, n: number) => sizes.set(id, (sizes.get(id) ?? 0) + n);
  cdp.on('Network.webSocketCreated', (e: { requestId: string; url: string }) => urls.set(e.requestId, e.url.replace(/^ws/, 'http')));
  cdp.on('Network.webSocketHandshakeResponseReceived', (e: { requestId: string; response: { headersText?: string; headers: Record<string, string> } }) =>
    add(e.requestId, e.response.headersText?.length ?? Object.entries(e.response.headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 'HTTP/1.1 101 Switching Protocols\r\n\r\n'.length)),
  );
  cdp.on('Network.webSocketFrameReceived', (e: { requestId: string; response: { payloadData: string } }) => {
    const n = Buffer.byteLength(e.response.payloadData);
    add(e.requestId, n + (n < 126 ? 2 : n < 65_536 ? 4 : 10));
  });
  await page.goto(`${serverUrl}/es/`);
  await page.evaluate(() => (window as AyudaWindow).Ayuda!.open());
  await page.getByRole('combobox').pressSequentially(query);
  await page.getByRole('option').first().waitFor({ timeout: 60_000 });
  const requests: Record<string, number> = {};
  let bytes = 0;
  for (const [id, url] of urls) {
    const path = new URL(url).pathname;
    if (!url.startsWith(serverUrl) || !(path === '/embed.js' || path.startsWith('/widget/') || path.startsWith('/api/'))) continue;
    const n = sizes.get(id) ?? 0;
    bytes += n;
    const key = path.replace(/-[\w-]{6}\.js$/, '.js');
    requests[key] = (requests[key] ?? 0) + n;
  }
  await ctx.close();
  return { bytes, requests };
}

/** p50 and p99 of `GET /api/v1/kb/search`, a sequential keep-alive client typing generated queries key by key. */
export async function searchEndpointLatency(serverUrl: string, count: number, o = SEARCH_SCALE_DEFAULTS): Promise<{ p50: number; p99: number; requests: number }> {
  const vocab = vocabulary();
  const docs = generateArticles(count, o.corpusSeed, vocab);
  const queries = generateQueries(o.queries, docs, o.querySeed, vocab).map((q) => q.q);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const get = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(`${serverUrl}${path}`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
  const times: number[] = [];
  for (let qi = 0; qi < queries.length; qi++) {
    const q = queries[qi]!;
    for (let i = 1; i <= q.length; i++) {
      const typed = q.slice(0, i).trim();
      if (!typed) continue;
      const t0 = performance.now();
      const status = await get(`/api/v1/kb/search?locale=es&limit=8&analytics=off&q=${encodeURIComponent(typed)}`);
      const ms = performance.now() - t0;
      if (status !== 200) throw new Error(`bench: search answered ${status}`);
      if (qi >= o.warmupQueries) times.push(ms);
    }
  }
  agent.destroy();
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), requests: times.length };
}

export async function benchSearchScale(opts: Partial<typeof SEARCH_SCALE_DEFAULTS> = {}): Promise<Record<string, number>> {
  const o = { ...SEARCH_SCALE_DEFAULTS, ...opts };
  const r = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
  buildWidget();
  const results: Record<string, number> = {};
  const browser = await launchBrowser();
  try {
    const k1 = await startKbServer(1_000);
    try {
      const meta = (await (await fetch(`${k1.url}/api/v1/kb/index/es/meta`)).json()) as { bytes: number; mode: string };
      results.kb_index_gzip_bytes_1k = meta.bytes;
      const server = await firstResultBytes(browser, k1.url, o.firstQuery);
      results.widget_first_result_bytes_1k = server.bytes;
      process.stderr.write(`search-scale: 1,000 articles, mode ${meta.mode}: ${JSON.stringify(server.requests)}\n`);
    } finally {
      await k1.close();
    }
    // The same knowledge base searched in the browser (threshold raised): what downloading it would cost.
    const k1local = await startKbServer(1_000, { AYUDA_SEARCH_LOCAL_MAX_BYTES: '1000000000' });
    try {
      const local = await firstResultBytes(browser, k1local.url, o.firstQuery);
      results.widget_first_result_bytes_1k_local = local.bytes;
      process.stderr.write(`search-scale: 1,000 articles, forced local: ${JSON.stringify(local.requests)}\n`);
    } finally {
      await k1local.close();
    }
    const k10 = await startKbServer(10_000);
    try {
      const meta = (await (await fetch(`${k10.url}/api/v1/kb/index/es/meta`)).json()) as { bytes: number };
      results.kb_index_gzip_bytes_10k = meta.bytes;
      const lat = await searchEndpointLatency(k10.url, 10_000, o);
      results.server_search_p50_ms_10k = r(lat.p50);
      results.server_search_p99_ms_10k = r(lat.p99);
      results.server_search_requests_10k = lat.requests;
    } finally {
      await k10.close();
    }
  } finally {
    await browser.close();
  }
  return results;
}
