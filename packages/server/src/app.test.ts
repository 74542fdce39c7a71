import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO_SITE_DIR, type TestApp } from './testing/app.js';
import { testDatabases } from './testing/db.js';
import { ENDPOINTS } from '@ayuda/core';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { createLogger } from './http/logger.js';
import { fixedClock } from './clock.js';

describe.each(testDatabases())('application on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { env: { AYUDA_CORS_ORIGINS: 'https://www.nubefibra.example, http://localhost:3000' } });
  });
  afterAll(() => t.dispose());

  it('answers health and readiness', async () => {
    const h = await t.request('/healthz');
    expect(h.status).toBe(200);
    expect(await h.json()).toEqual({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect((await t.request('/readyz')).status).toBe(200);
  });

  it('sends security headers and a request id on every response', async () => {
    const res = await t.request('/help/es/');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('x-request-id')).toMatch(/.{8,}/);
    const given = await t.request('/healthz', { headers: { 'X-Request-Id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
  });

  it('allows CORS only for configured origins', async () => {
    const ok = await t.request('/api/v1/kb/categories?locale=es', { headers: { Origin: 'https://www.nubefibra.example' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://www.nubefibra.example');
    const own = await t.request('/api/v1/kb/categories?locale=es', { headers: { Origin: 'http://help.test' } });
    expect(own.headers.get('access-control-allow-origin')).toBe('http://help.test');
    const evil = await t.request('/api/v1/kb/categories?locale=es', { headers: { Origin: 'https://evil.example' } });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await t.request('/api/v1/analytics/events', {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Idempotency-Key/);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-Ayuda-Channel/);
    // The client revalidates by ETag (If-None-Match) and the staff client writes with If-Match:
    // from another origin each is a preflight that must name them.
    const conditional = await t.request('/api/v1/kb/index/es', {
      method: 'OPTIONS',
      headers: { Origin: 'https://www.nubefibra.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'if-none-match' },
    });
    expect(conditional.status).toBe(204);
    const allowed = (conditional.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/\s*,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(['if-none-match', 'if-match', 'content-type', 'authorization', 'idempotency-key', 'x-ayuda-channel']));
    expect(conditional.headers.get('access-control-expose-headers')).toMatch(/ETag/);
  });

  it('publishes an OpenAPI document covering every endpoint', async () => {
    const res = await t.request('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe('3.1.0');
    const ops = Object.values(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap((p) => Object.values(p).map((o) => o.operationId));
    expect(ops.sort()).toEqual(Object.keys(ENDPOINTS).sort());
    const search = doc.paths['/api/v1/kb/search'].get;
    expect(search.parameters.map((p: { name: string }) => p.name)).toEqual(['q', 'locale', 'limit', 'analytics']);
    expect(search.parameters.find((p: { name: string }) => p.name === 'locale').schema.enum).toEqual(['es', 'en']);
    expect(doc.paths['/api/v1/analytics/search'].get.security).toEqual([{ staffToken: [] }, { staffCookie: [] }]);
  });

  it('routes every endpoint of the table (none answers "no such endpoint")', async () => {
    for (const e of Object.values(ENDPOINTS)) {
      const path = `/api/v1${e.path.replace(/\{[^}]+\}/g, (m) => (m === '{locale}' ? 'es' : m === '{id}' ? '1' : m === '{reference}' ? 'NF-000001' : 'x'.repeat(32)))}`;
      const res = await t.request(path, { method: e.method.toUpperCase(), headers: { 'Content-Type': 'application/json' }, ...(e.method === 'post' || e.method === 'put' || e.method === 'patch' ? { body: '{}' } : {}) });
      const body = await res.text();
      expect(body, `${e.method} ${path}`).not.toContain('No such API endpoint');
    }
  });

  it('answers unknown pages in HTML for browsers and as problems otherwise', async () => {
    const html = await t.request('/nothing-here', { headers: { Accept: 'text/html', 'Accept-Language': 'en' } });
    expect(html.status).toBe(404);
    expect(await html.text()).toContain('Page not found');
    const json = await t.request('/nothing-here');
    expect(json.status).toBe(404);
    expect(json.headers.get('content-type')).toBe('application/problem+json');
  });

  it('says not ready, as a problem, when the database is gone', async () => {
    const broken = await createTestApp(kind, { kb: false });
    await broken.database.close();
    const res = await broken.request('/readyz');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect((await res.json()).type).toBe('https://ayuda.dev/problems/not-ready');
  });
});

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// The database closed under a running app (PGlite closed, the PostgreSQL pool ended), or a
// PostgreSQL server that refuses connections.
const outages = [...testDatabases().map((kind) => ['closed', kind] as const), ...(process.env.DATABASE_URL ? [['refusing connections', 'postgres'] as const] : [])];

describe.each(outages)('application whose database is %s (%s)', (how, kind) => {
  let request: (path: string, init?: RequestInit) => Promise<Response>;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const env = { AYUDA_IDENTITY_SECRET: 'identity-secret-for-tests-at-least-32-chars' };
    if (how === 'closed') {
      const t = await createTestApp(kind, { kb: false, env });
      await t.database.close();
      request = t.request;
      dispose = () => t.close();
    } else {
      const db = await openDatabase({ kind: 'postgres', url: `postgres://postgres@127.0.0.1:${await closedPort()}/ayuda` });
      const config = loadConfig({ AYUDA_PUBLIC_URL: 'http://help.test', AYUDA_SITE_DIR: DEMO_SITE_DIR, LOG_LEVEL: 'silent', ...env }, {});
      const ayuda = createApp({ db, config, clock: fixedClock('2026-11-20T10:00:00Z'), logger: createLogger('silent'), mailTransport: null });
      request = (path, init) => Promise.resolve(ayuda.app.request(path, init));
      dispose = async () => {
        await ayuda.close();
        await db.close();
      };
    }
  });
  afterAll(() => dispose());

  const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const staff = { headers: { Authorization: 'Bearer ayuda_st_0123456789abcdef' } };
  const customer = { headers: { Authorization: 'Bearer ayuda_cs_0123456789abcdef' } };

  it.each([
    ['/readyz'],
    ['/api/v1/kb/categories?locale=es'],
    ['/api/v1/kb/articles?locale=es'],
    ['/api/v1/kb/articles/es/pagar-factura'],
    ['/api/v1/cases', json({ name: 'Ana', email: 'ana@example.com', subject: 'Sin conexión', description: 'El router parpadea en rojo.', locale: 'es' }, { 'Idempotency-Key': 'outage-1' })],
    ['/api/v1/cases/links', json({ email: 'ana@example.com', locale: 'es' })],
    [`/api/v1/cases/track/${'x'.repeat(32)}`],
    ['/api/v1/staff/cases', staff],
    ['/api/v1/analytics/search', staff],
    ['/api/v1/fastlane/me', customer],
  ] as Array<[string, RequestInit?]>)('answers %s with 503 problem+json and Retry-After', async (path, init) => {
    const res = await request(path, init);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await res.json()).type).toMatch(/\/(service-unavailable|not-ready)$/);
  });

  it('answers every endpoint of the table with 503 or its usual answer, never 500', async () => {
    for (const e of Object.values(ENDPOINTS)) {
      const path = `/api/v1${e.path.replace(/\{[^}]+\}/g, (m) => (m === '{locale}' ? 'es' : m === '{id}' ? '1' : m === '{reference}' ? 'NF-000001' : 'x'.repeat(32)))}`;
      const auth = 'staff' in e ? staff.headers : 'customer' in e ? customer.headers : {};
      const res = await request(path, { method: e.method.toUpperCase(), headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'outage-2', ...auth }, ...(e.method === 'post' || e.method === 'put' || e.method === 'patch' ? { body: '{}' } : {}) });
      expect(res.status, `${e.method} ${path}`).not.toBe(500);
      if (res.status >= 500) {
        expect(res.status, `${e.method} ${path}`).toBe(503);
        expect(res.headers.get('retry-after'), `${e.method} ${path}`).toBe('5');
      }
    }
  });

  it('answers portal pages with a 503 page in the page\'s language', async () => {
    for (const [path, text] of [
      ['/help/es/', 'Servicio no disponible'],
      ['/help/en/contact', 'Service unavailable'],
      ['/help/en/articles/pay-bill', 'Service unavailable'],
    ]) {
      const res = await request(path!, { headers: { Accept: 'text/html' } });
      expect(res.status, path).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain(text);
    }
  });
});
