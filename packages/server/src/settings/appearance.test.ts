// The `appearance` settings through the app: checked per field (422), saved with If-Match, and
// written into every /embed.js at once, on this process and on another over the same database,
// with a new ETag; reset goes back to today's widget.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, APPEARANCE_DEFAULTS } from '@ayuda/core';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { signInStaff, type SignedInStaff } from '../testing/staff.js';
import { WIDGET_DIST_DIR } from '../widget/routes.js';

describe.each(testDatabases())('appearance settings on %s', (kind) => {
  let t: TestApp;
  let t2: TestApp;
  let admin: SignedInStaff;

  beforeAll(async () => {
    // The app serves the built widget; `npm test` builds it first, run alone this does.
    if (!existsSync(join(WIDGET_DIST_DIR, 'embed.js'))) {
      const r = spawnSync(process.execPath, [join(WIDGET_DIST_DIR, '../../scripts/build.mjs'), '--cdn'], { stdio: 'inherit' });
      if (r.status !== 0) throw new Error('could not build the widget');
    }
    t = await createTestApp(kind, { env: { AYUDA_STAFF_SIGNIN_LIMIT: '100000' } });
    await t.mail.stop();
    t2 = await createTestApp(kind, { database: t.database, kb: false });
    await t2.mail.stop();
    admin = await signInStaff(t, { role: 'admin' });
  });
  afterAll(async () => {
    await t2?.dispose();
    await t?.dispose();
  });

  const put = (body: unknown, version: number) =>
    t.request(`${API_PREFIX}/staff/settings/appearance`, { method: 'PUT', headers: { ...admin.headers(true), 'Content-Type': 'application/json', 'If-Match': `"${version}"` }, body: JSON.stringify(body) });
  const embed = async (app: TestApp) => {
    const res = await app.request('/embed.js');
    expect(res.status).toBe(200);
    return { etag: res.headers.get('etag')!, code: await res.text(), cache: res.headers.get('cache-control') };
  };

  it('starts as today’s widget, from the default, and leaves the embed unchanged', async () => {
    const res = await t.request(`${API_PREFIX}/staff/settings/appearance`, { headers: admin.headers(false) });
    const view = await res.json();
    expect(res.status).toBe(200);
    expect(view).toMatchObject({ section: 'appearance', value: APPEARANCE_DEFAULTS, source: 'default', version: 0 });
    expect(Object.values(view.fields)).toEqual(Array(8).fill('default'));
    const { code } = await embed(t);
    // The placeholder is gone, an empty theme in its place.
    expect(code).not.toContain('__AYUDA_THEME__');
    expect(code).toMatch(/=\{\}[,;]/);
  });

  it('refuses an unreadable colour, url() in the font and a too long label, naming each field', async () => {
    const res = await put({ ...APPEARANCE_DEFAULTS, primary: '#ffe082', onPrimary: '#ffffff', font: 'custom', customFont: 'x, url(https://evil.example/f.woff)', label: { es: 'x'.repeat(21), en: 'Help' } }, 0);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const fields = ((await res.json()).errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['body.customFont', 'body.label.es', 'body.onPrimary']);
    const stillOld = await embed(t);
    expect(stillOld.code).toMatch(/=\{\}[,;]/);
  });

  it('writes a saved theme into /embed.js on every process, with a new ETag, and a reset takes it out', async () => {
    const before = await embed(t);
    const res = await put({ ...APPEARANCE_DEFAULTS, primary: '#7a1f5c', radius: 6, position: 'bottom-left', mode: 'dark', label: { es: '¿Dudas?', en: 'Questions?' } }, 0);
    expect(res.status, await res.clone().text()).toBe(200);
    const after = await embed(t);
    expect(after.etag).not.toBe(before.etag);
    expect(after.cache).toBe('public, max-age=300, stale-while-revalidate=86400');
    expect(after.code).toContain('{"theme":"dark","position":"bottom-left","css":{"--ayuda-color-primary":"#7a1f5c","--ayuda-color-on-primary":"#ffffff","--ayuda-color-link":"#7a1f5c","--ayuda-color-link-dark":"#af799d","--ayuda-radius":"6px","--ayuda-launcher-radius":"12px"},"label":{"es":"¿Dudas?","en":"Questions?"}}');
    expect(after.code).not.toContain('__AYUDA_THEME__');
    // The other process heard the change (NOTIFY) and serves the same bytes.
    const deadline = Date.now() + 5000;
    let other = await embed(t2);
    while (other.etag !== after.etag && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      other = await embed(t2);
    }
    expect(other.etag).toBe(after.etag);
    const reset = await t.request(`${API_PREFIX}/staff/settings/appearance`, { method: 'DELETE', headers: { ...admin.headers(true), 'If-Match': '"1"' } });
    expect(reset.status).toBe(200);
    expect((await embed(t)).etag).toBe(before.etag);
  });
});
