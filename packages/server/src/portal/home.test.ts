// The portal's home lists the most-read articles above the categories; its search page offers
// "did you mean" as a button (a form: no JavaScript), and an unrelated question finds nothing
// and leads to contact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { analyticsEvents } from '../db/schema.js';

describe.each(testDatabases())('portal home and search on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
    const at = new Date('2026-11-19T12:00:00Z');
    await t.database.db.insert(analyticsEvents).values([
      ...Array.from({ length: 4 }, () => ({ type: 'article_view', locale: 'es', slug: 'preguntas-factura', channel: 'portal', createdAt: at })),
      { type: 'article_view', locale: 'es', slug: 'cambiar-contrasena-wifi', channel: 'widget', createdAt: at },
    ]);
  });
  afterAll(() => t.dispose());

  const page = async (path: string, init?: RequestInit) => {
    const res = await t.request(path, init);
    return { res, html: await res.text() };
  };

  it('lists the most-read articles of the language above the categories', async () => {
    const { html } = await page('/help/es/');
    const section = /<section class="most-read" aria-labelledby="most-read-h"><h2 id="most-read-h">Lo más leído<\/h2><ol class="list">(.*?)<\/ol><\/section>/s.exec(html);
    expect(section).not.toBeNull();
    expect([...section![1]!.matchAll(/href="([^"]+)"/g)].map((m) => m[1])).toEqual([
      '/help/es/articles/preguntas-factura',
      '/help/es/articles/cambiar-contrasena-wifi',
      '/help/es/articles/pagar-factura',
    ]);
    expect(html.indexOf('most-read-h')).toBeLessThan(html.indexOf('<h2>Temas</h2>'));
    expect(html.indexOf('role="search"')).toBeLessThan(html.indexOf('most-read-h'));
    const en = await page('/help/en/');
    expect(en.html).toContain('<h2 id="most-read-h">Most read</h2>');
    expect(en.html).toContain('href="/help/en/articles/bill-faq"');
  });

  it('tags the home by the hour too: the list may change when the hour does', async () => {
    const { res } = await page('/help/es/');
    const etag = res.headers.get('etag')!;
    expect((await t.request('/help/es/', { headers: { 'If-None-Match': etag } })).status).toBe(304);
    t.clock.advance(3_600_000);
    try {
      expect((await t.request('/help/es/', { headers: { 'If-None-Match': etag } })).status).toBe(200);
    } finally {
      t.clock.set('2026-11-20T10:00:00Z');
    }
  });

  it('offers "did you mean" as a button that runs the corrected search', async () => {
    const { html } = await page('/help/es/search?q=wfi');
    expect(html).toContain('<p role="status">No hemos encontrado nada sobre «wfi».</p>');
    expect(html).toContain('<form class="did-you-mean" action="/help/es/search" method="get"><p><span id="dym">¿Quisiste decir</span> <button type="submit" name="q" value="wifi" aria-describedby="dym">wifi</button>?</p></form>');
    const en = await page('/help/en/search?q=bil.');
    expect(en.html).toContain('<span id="dym">Did you mean</span> <button type="submit" name="q" value="bill" aria-describedby="dym">bill</button>');
    // The button's search.
    expect((await page('/help/es/search?q=wifi')).html).toContain('/help/es/articles/cambiar-contrasena-wifi?');
  });

  it('shows nothing found and contact for an unrelated question, and no suggestion', async () => {
    const { html } = await page(`/help/es/search?q=${encodeURIComponent('receta de paella')}`);
    expect(html).toContain('No hemos encontrado nada sobre «receta de paella».');
    expect(html).toContain('href="/help/es/contact"');
    expect(html).not.toContain('did-you-mean');
    expect(html).not.toContain('/help/es/articles/');
  });
});
