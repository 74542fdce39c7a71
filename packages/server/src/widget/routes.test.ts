import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { AppError } from '../http/problem.js';
import { APPEARANCE_DEFAULTS, AppearanceSettingsSchema, type AppearanceSettings } from '@ayuda/core';
import { widgetRoutes, withTheme, WIDGET_CACHE } from './routes.js';

const dir = mkdtempSync(join(tmpdir(), 'ayuda-widget-'));
mkdirSync(join(dir, 'widget'));
const EMBED = 'import("./widget/panel-AbC123.js");\n'.repeat(20);
writeFileSync(join(dir, 'embed.js'), EMBED);
writeFileSync(join(dir, 'widget', 'panel-AbC123.js'), 'export const x = 1;\n');
writeFileSync(join(dir, 'widget', 'form.styles-DC6Ubz.js'), 'export const y = 2;\n');
// Like the app's own error handler: AppError → its status and detail.
const mount = (d: string) =>
  new Hono().route('/', widgetRoutes({ dir: d })).onError((err, c) => c.text(err instanceof AppError ? `${err.message} ${JSON.stringify(err.toProblem(c.req.path))}` : 'internal', err instanceof AppError ? (err.status as 404) : 500));
const app = mount(dir);
const missing = mount(join(dir, 'nope'));

describe('widget files', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves embed.js as JavaScript with a short cache, an ETag and cross-origin headers', async () => {
    const res = await app.request('/embed.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe(WIDGET_CACHE.embed);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('etag')).toMatch(/^"[\w-]{22}"$/);
    expect(await res.text()).toBe(EMBED);
    const again = await app.request('/embed.js', { headers: { 'If-None-Match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('serves content-hashed chunks as immutable, compressed when the browser asks', async () => {
    const res = await app.request('/widget/panel-AbC123.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()).toBe('export const x = 1;\n');
    expect((await app.request('/embed.js', { headers: { 'Accept-Encoding': 'gzip, br' } })).headers.get('content-encoding')).toBe('br');
    // A chunk shared by two lazy components is named after its module, dot included.
    expect(await (await app.request('/widget/form.styles-DC6Ubz.js')).text()).toBe('export const y = 2;\n');
  });

  it('answers 404 for unknown or malformed chunk names, and 503 with a fix when the widget is not built', async () => {
    expect((await app.request('/widget/old-XYZ.js')).status).toBe(404);
    expect((await app.request('/widget/..%2Fembed.js')).status).toBe(404);
    expect((await app.request('/widget/...js')).status).toBe(404);
    expect((await app.request('/widget/a..b.js')).status).toBe(404);
    expect((await app.request('/widget/x.css')).status).toBe(404);
    const res = await missing.request('/embed.js');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build -w @ayuda/widget');
  });

  it('writes the theme in effect into embed.js, with a new ETag when it changes', async () => {
    const d = mkdtempSync(join(tmpdir(), 'ayuda-widget-'));
    try {
      const code = 'const T=`__AYUDA_THEME__`;console.log(T);\n';
      writeFileSync(join(d, 'embed.js'), code);
      let theme: AppearanceSettings = AppearanceSettingsSchema.parse(APPEARANCE_DEFAULTS);
      const themed = new Hono().route('/', widgetRoutes({ dir: d, theme: () => theme }));
      const first = await themed.request('/embed.js');
      expect(await first.text()).toBe('const T={};console.log(T);\n');
      expect(first.headers.get('cache-control')).toBe(WIDGET_CACHE.embed);
      theme = AppearanceSettingsSchema.parse({ ...APPEARANCE_DEFAULTS, primary: '#7a1f5c', label: { es: 'Soporte $&', en: 'Support' } });
      const second = await themed.request('/embed.js', { headers: { 'If-None-Match': first.headers.get('etag')! } });
      expect(second.status).toBe(200);
      expect(second.headers.get('etag')).not.toBe(first.headers.get('etag'));
      // `$&` stays text: the theme is not a replacement pattern.
      expect(await second.text()).toBe('const T={"css":{"--ayuda-color-primary":"#7a1f5c","--ayuda-color-on-primary":"#ffffff","--ayuda-color-link":"#7a1f5c","--ayuda-color-link-dark":"#af799d"},"label":{"es":"Soporte $&","en":"Support"}};console.log(T);\n');
      const gz = await themed.request('/embed.js', { headers: { 'Accept-Encoding': 'gzip' } });
      expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toContain('#7a1f5c');
      expect((await themed.request('/embed.js', { headers: { 'If-None-Match': second.headers.get('etag')! } })).status).toBe(304);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('leaves a build without the placeholder as it is', () => {
    expect(withTheme('x', AppearanceSettingsSchema.parse({ ...APPEARANCE_DEFAULTS, mode: 'dark' }))).toBe('x');
    expect(withTheme("a='__AYUDA_THEME__'", AppearanceSettingsSchema.parse({ ...APPEARANCE_DEFAULTS, mode: 'dark' }))).toBe('a={"theme":"dark"}');
  });

  it('serves the preview page with the embed, no analytics and only a known language', async () => {
    const res = await app.request('/widget/preview?locale=en');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('<script type="module" src="../embed.js" data-locale="en" data-analytics="off"></script>');
    expect(await (await app.request('/widget/preview?locale=%22%3E%3Cscript%3E')).text()).toContain('data-locale="es"');
  });
});
