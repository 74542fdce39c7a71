import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { createApp, type AyudaApp } from '../app.js';
import { createLogger } from '../http/logger.js';
import { fixedClock } from '../clock.js';
import { createTestDatabase, testDatabases } from '../testing/db.js';
import type { Database } from '../db/client.js';
import { CONSOLE_CACHE, CONSOLE_CSP } from './routes.js';

const dir = mkdtempSync(join(tmpdir(), 'ayuda-console-'));
mkdirSync(join(dir, 'assets'));
const PAGE = '<!doctype html><html lang="es"><head><script type="module" src="/console/assets/index-AbC123.js"></script><link rel="stylesheet" href="/console/assets/index-XyZ789.css"></head><body><ayuda-console></ayuda-console></body></html>\n';
const JS = 'export const console = "ayuda";\n'.repeat(40);
writeFileSync(join(dir, 'index.html'), PAGE);
writeFileSync(join(dir, 'assets', 'index-AbC123.js'), JS);
writeFileSync(join(dir, 'assets', 'index-XyZ789.css'), ':root{color:red}\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Through the whole app, so the global security headers are there too (and must not replace the console's).
describe.each(testDatabases())('console files (%s)', (kind) => {
  let database: Database;
  let ayuda: AyudaApp;
  let missing: AyudaApp;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const config = loadConfig({ AYUDA_PUBLIC_URL: 'http://help.test', LOG_LEVEL: 'silent' }, {});
    const common = { db: database, config, clock: fixedClock('2026-11-20T10:00:00Z'), logger: createLogger('silent') };
    ayuda = createApp({ ...common, consoleDir: dir });
    missing = createApp({ ...common, consoleDir: join(dir, 'not-built') });
  });
  afterAll(async () => {
    await ayuda?.close();
    await missing?.close();
    await database?.close();
  });
  const get = (app: AyudaApp, path: string, headers: Record<string, string> = {}) => Promise.resolve(app.app.request(path, { headers }));

  it('serves the page at /console/ revalidated on every load, under the strict CSP, never framed', async () => {
    const res = await get(ayuda, '/console/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe(CONSOLE_CACHE.page);
    expect(res.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).toContain("default-src 'self'");
    expect(CONSOLE_CSP).not.toContain('unsafe-inline');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe(PAGE);
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    expect((await get(ayuda, '/console/', { 'If-None-Match': etag })).status).toBe(304);
  });

  it('sends /console to /console/', async () => {
    const res = await get(ayuda, '/console');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/console/');
  });

  it('serves hashed assets immutable for a year, with their type, compressed when the browser asks', async () => {
    const js = await get(ayuda, '/console/assets/index-AbC123.js', { 'Accept-Encoding': 'gzip' });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-encoding')).toBe('gzip');
    expect(js.headers.get('vary')).toBe('Accept-Encoding');
    expect(gunzipSync(Buffer.from(await js.arrayBuffer())).toString()).toBe(JS);
    const br = await get(ayuda, '/console/assets/index-AbC123.js', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(JS);
    const plain = await get(ayuda, '/console/assets/index-AbC123.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(JS);
    const css = await get(ayuda, '/console/assets/index-XyZ789.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('cache-control')).toBe(CONSOLE_CACHE.asset);
  });

  it('answers 404 for unknown, old or malformed asset names and never leaves the assets folder', async () => {
    for (const path of ['/console/assets/index-Old000.js', '/console/assets/..%2Findex.html', '/console/assets/x.map', '/console/assets/.env', '/console/assets/index-AbC123.js.map', `/console/assets/${'a'.repeat(300)}.js`]) {
      const res = await get(ayuda, path);
      expect(res.status, path).toBe(404);
    }
  });

  it('answers 503 with the fix when the console is not built', async () => {
    const res = await get(missing, '/console/');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = (await res.json()) as { type: string; detail: string };
    expect(body.type).toMatch(/not-ready$/);
    expect(body.detail).toContain('npm run build -w @ayuda/console');
    const page = await get(missing, '/console/', { Accept: 'text/html,application/xhtml+xml' });
    expect(page.status).toBe(503);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('npm run build -w @ayuda/console');
  });
});
