import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './testing/app.js';
import { testDatabases } from './testing/db.js';
import { ENDPOINTS } from '@ayuda/core';

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
  });

  it('publishes an OpenAPI document covering every endpoint', async () => {
    const res = await t.request('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe('3.1.0');
    const ops = Object.values(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap((p) => Object.values(p).map((o) => o.operationId));
    expect(ops.sort()).toEqual(Object.keys(ENDPOINTS).sort());
    const search = doc.paths['/api/v1/kb/search'].get;
    expect(search.parameters.map((p: { name: string }) => p.name)).toEqual(['q', 'locale', 'limit']);
    expect(search.parameters.find((p: { name: string }) => p.name === 'locale').schema.enum).toEqual(['es', 'en']);
    expect(doc.paths['/api/v1/analytics/search'].get.security).toEqual([{ staffToken: [] }]);
  });

  it('routes every endpoint of the table (none answers "no such endpoint")', async () => {
    for (const e of Object.values(ENDPOINTS)) {
      const path = `/api/v1${e.path.replace(/\{[^}]+\}/g, (m) => (m === '{locale}' ? 'es' : m === '{id}' ? '1' : m === '{reference}' ? 'NF-000001' : 'x'.repeat(32)))}`;
      const res = await t.request(path, { method: e.method.toUpperCase(), headers: { 'Content-Type': 'application/json' }, ...(e.method === 'post' ? { body: '{}' } : {}) });
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
    expect((await res.json()).type).toBe('https://ayuda.dev/problems/not-ready');
  });
});
