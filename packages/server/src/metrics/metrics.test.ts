import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_TYPES } from '@ayuda/core';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { loadConfig, ConfigError } from '../config.js';
import { jobs, mailOutbox } from '../db/schema.js';
import { VERSION } from '../version.js';
import { RequestMetrics, Exposition, LATENCY_BUCKETS_S } from './recorder.js';

const TOKEN = 'metrics-token-0123456789abcdef';

/** The app behind a real HTTP server on a free port. */
async function served(t: TestApp): Promise<{ url: string; close: () => Promise<void> }> {
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\["\\n])*",?)*)\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$/;

/**
 * Parses the text format strictly: every line a HELP or TYPE comment or a sample, every sample
 * of a family declared before it. Returns the samples as `name{labels}` => value.
 */
function parseExposition(text: string): Map<string, number> {
  expect(text.endsWith('\n')).toBe(true);
  const declared = new Set<string>();
  const samples = new Map<string, number>();
  for (const line of text.slice(0, -1).split('\n')) {
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram)$/.exec(line);
    if (type) {
      declared.add(type[1]!);
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* \S/.test(line)) continue;
    const m = SAMPLE.exec(line);
    expect(m, `not a comment or a sample: ${JSON.stringify(line)}`).not.toBeNull();
    const name = m![1]!;
    const family = [...declared].find((f) => name === f || (/_(bucket|sum|count)$/.test(name) && name.replace(/_(bucket|sum|count)$/, '') === f));
    expect(family, `${name} has no # TYPE before it`).toBeDefined();
    expect(samples.has(`${name}{${m![3] ?? ''}}`), `${line} twice`).toBe(false);
    samples.set(`${name}{${m![3] ?? ''}}`, Number(m![4]!.replace('+Inf', 'Infinity')));
  }
  return samples;
}

describe('the metrics recorder', () => {
  it('counts by method, route and status, fills the cumulative buckets, and puts unknown methods under OTHER', () => {
    const r = new RequestMetrics();
    r.record('GET', '/a/:id', 200, 0.0004);
    r.record('GET', '/a/:id', 200, 0.3);
    r.record('GET', '/a/:id', 404, 20);
    r.record('BREW', '/a/:id', 405, 0.001);
    const out = new Exposition();
    r.write(out);
    const s = parseExposition(out.text());
    expect(s.get('ayuda_http_requests_total{method="GET",route="/a/:id",status="200"}')).toBe(2);
    expect(s.get('ayuda_http_requests_total{method="GET",route="/a/:id",status="404"}')).toBe(1);
    expect(s.get('ayuda_http_requests_total{method="OTHER",route="/a/:id",status="405"}')).toBe(1);
    expect(s.get('ayuda_http_request_duration_seconds_bucket{route="/a/:id",le="0.001"}')).toBe(2);
    expect(s.get('ayuda_http_request_duration_seconds_bucket{route="/a/:id",le="0.25"}')).toBe(2);
    expect(s.get('ayuda_http_request_duration_seconds_bucket{route="/a/:id",le="0.5"}')).toBe(3);
    expect(s.get(`ayuda_http_request_duration_seconds_bucket{route="/a/:id",le="${LATENCY_BUCKETS_S.at(-1)}"}`)).toBe(3);
    expect(s.get('ayuda_http_request_duration_seconds_bucket{route="/a/:id",le="+Inf"}')).toBe(4);
    expect(s.get('ayuda_http_request_duration_seconds_count{route="/a/:id"}')).toBe(4);
    expect(s.get('ayuda_http_request_duration_seconds_sum{route="/a/:id"}')).toBeCloseTo(20.3014, 6);
  });

  it('sums other processes\' figures into the same series one process recording everything would show (--workers N)', () => {
    const requests: Array<[string, string, number, number]> = [
      ['GET', '/a/:id', 200, 0.0004],
      ['GET', '/a/:id', 404, 0.3],
      ['POST', '/b', 201, 2],
      ['GET', '/a/:id', 200, 20],
      ['GET', '/c', 200, 0.002],
    ];
    const one = new RequestMetrics();
    for (const r of requests) one.record(...r);
    const [first, second] = [new RequestMetrics(), new RequestMetrics()];
    requests.forEach((r, i) => (i % 2 ? first : second).record(...r));
    // Through JSON, as the figures cross the cluster's IPC channel.
    const summed = new RequestMetrics().add(JSON.parse(JSON.stringify(first.snapshot()))).add(JSON.parse(JSON.stringify(second.snapshot())));
    const [a, b] = [new Exposition(), new Exposition()];
    one.write(a);
    summed.write(b);
    expect(parseExposition(b.text())).toEqual(parseExposition(a.text()));
    expect(parseExposition(b.text()).get('ayuda_http_requests_total{method="GET",route="/a/:id",status="200"}')).toBe(2);
  });

  it('escapes quotes, backslashes and newlines in label values', () => {
    const out = new Exposition();
    out.family('x', 'gauge', 'a test');
    out.sample('x', { route: 'a"b\\c\nd' }, 1);
    expect(out.text()).toBe('# HELP x a test\n# TYPE x gauge\nx{route="a\\"b\\\\c\\nd"} 1\n');
    expect(parseExposition(out.text()).get('x{route="a\\"b\\\\c\\nd"}')).toBe(1);
  });
});

describe('AYUDA_METRICS_TOKEN', () => {
  it('is off by default and refuses a short token or one that cannot go in a header', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ AYUDA_METRICS_TOKEN: TOKEN }).metricsToken).toBe(TOKEN);
    expect(() => loadConfig({ AYUDA_METRICS_TOKEN: 'short' })).toThrow(/AYUDA_METRICS_TOKEN="short": at least 16 characters/);
    expect(() => loadConfig({ AYUDA_METRICS_TOKEN: 'a token with spaces in it' })).toThrow(ConfigError);
  });
});

describe.each(testDatabases())('GET /metrics on %s', (kind) => {
  let on: TestApp;
  let off: TestApp;
  let onUrl: string;
  let offUrl: string;
  const closers: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    on = await createTestApp(kind, { env: { AYUDA_METRICS_TOKEN: TOKEN } });
    off = await createTestApp(kind);
    const a = await served(on);
    const b = await served(off);
    onUrl = a.url;
    offUrl = b.url;
    closers.push(a.close, b.close, () => on.dispose(), () => off.dispose());
  });
  afterAll(async () => {
    for (const close of closers) await close();
  });

  const scrape = async () => {
    const res = await fetch(`${onUrl}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    return { text, samples: parseExposition(text) };
  };

  it('is 404 while no token is configured, even to a request that sends one', async () => {
    const res = await fetch(`${offUrl}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers 401 problem details without the right bearer token', async () => {
    for (const authorization of [null, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, 'Bearer', `Bearer ${TOKEN} ${TOKEN}`]) {
      const res = await fetch(`${onUrl}/metrics`, { headers: authorization ? { Authorization: authorization } : {} });
      expect(res.status, String(authorization)).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect((await res.json()).type).toContain(PROBLEM_TYPES.unauthorized);
    }
  });

  it('counts requests per route pattern, with no raw ids or tokens in the labels', async () => {
    const route = 'ayuda_http_requests_total{method="GET",route="/api/v1/kb/articles/:locale/:slug",status="200"}';
    const before = (await scrape()).samples;
    for (let i = 0; i < 3; i++) expect((await fetch(`${onUrl}/api/v1/kb/articles/es/pagar-factura`)).status).toBe(200);
    expect((await fetch(`${onUrl}/api/v1/cases/track/secret-tracking-token-42`)).status).toBe(404);
    expect((await fetch(`${onUrl}/no/such/page-9f3e1c`)).status).toBe(404);
    const { text, samples } = await scrape();
    expect(samples.get(route)).toBe((before.get(route) ?? 0) + 3);
    const count = 'ayuda_http_request_duration_seconds_count{route="/api/v1/kb/articles/:locale/:slug"}';
    expect(samples.get(count)).toBe((before.get(count) ?? 0) + 3);
    expect(samples.get('ayuda_http_requests_total{method="GET",route="/api/v1/cases/track/:token",status="404"}')).toBe(1);
    expect(samples.get('ayuda_http_requests_total{method="GET",route="unmatched",status="404"}')).toBe(1);
    // The scrapes before count too, with the metrics route's own pattern.
    expect(samples.get('ayuda_http_requests_total{method="GET",route="/metrics",status="200"}')).toBeGreaterThanOrEqual(1);
    for (const raw of ['pagar-factura', 'secret-tracking-token-42', 'page-9f3e1c', TOKEN]) expect(text).not.toContain(raw);
  });

  it('shows the outbox and job queue depths, the database pool, the process and the build', async () => {
    const before = (await scrape()).samples;
    expect(before.get('ayuda_outbox_depth{}')).toBe(0);
    expect(before.get('ayuda_jobs_depth{state="queued"}')).toBe(0);
    expect(before.get('ayuda_jobs_depth{state="scheduled"}')).toBe(0);
    const now = on.clock.now();
    const later = new Date(now.getTime() + 3_600_000);
    await on.database.db.insert(mailOutbox).values([1, 2].map((i) => ({ toAddress: `c${i}@example.com`, locale: 'es', template: 'test', subject: 's', text: 't', html: '<p>t</p>', nextAttemptAt: later, createdAt: now })));
    await on.database.db.insert(mailOutbox).values({ toAddress: 'sent@example.com', locale: 'es', template: 'test', subject: 's', text: 't', html: '<p>t</p>', status: 'sent', nextAttemptAt: now, createdAt: now });
    // Kinds no worker handles, so nothing takes them while the test looks.
    await on.database.db.insert(jobs).values([
      { kind: 'test.nobody', payload: {}, runAt: now, createdAt: now },
      { kind: 'test.nobody', payload: {}, runAt: later, createdAt: now },
      { kind: 'test.nobody', payload: {}, runAt: now, createdAt: now, status: 'done' },
    ]);
    const { samples } = await scrape();
    expect(samples.get('ayuda_outbox_depth{}')).toBe(2);
    expect(samples.get('ayuda_jobs_depth{state="queued"}')).toBe(1);
    expect(samples.get('ayuda_jobs_depth{state="scheduled"}')).toBe(1);
    expect(samples.get('ayuda_jobs_running{}')).toBe(0);
    expect(samples.get('ayuda_outbox_claimed{}')).toBe(0);
    expect(samples.get(`ayuda_build_info{version="${VERSION}"}`)).toBe(1);
    if (kind === 'postgres') {
      expect(samples.get('ayuda_db_pool_total{}')).toBeGreaterThanOrEqual(1);
      expect(samples.has('ayuda_db_pool_idle{}')).toBe(true);
      expect(samples.get('ayuda_db_pool_waiting{}')).toBe(0);
    } else {
      expect(samples.get('ayuda_db_pool_total{}')).toBe(1);
      expect(samples.has('ayuda_db_pool_idle{}')).toBe(false);
    }
    expect(samples.get('process_resident_memory_bytes{}')).toBeGreaterThan(0);
    expect(samples.get('process_cpu_seconds_total{}')).toBeGreaterThan(0);
    expect(samples.get('nodejs_eventloop_lag_p99_seconds{}')).toBeGreaterThanOrEqual(0);
  });
});
