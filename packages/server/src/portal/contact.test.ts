// Contact where people look for it, in the help portal (issue 14.1): the header of every page
// and the end of every article link to the contact form with the team's usual reply time; a
// "No" vote offers contact right there; the figure is hidden while too few cases were answered,
// and a new figure is a new ETag.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { addAnsweredCase, fixtureCustomer } from '../testing/answered-cases.js';
import { cases } from '../db/schema.js';

const DAY = 86_400_000;
const headerOf = (html: string) => /<header class="site">([\s\S]*?)<\/header>/.exec(html)?.[1] ?? '';
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ');

describe.each(testDatabases())('help portal: contact and the usual reply time on %s', (kind) => {
  let t: TestApp;
  let customerId: number;
  beforeAll(async () => {
    t = await createTestApp(kind);
    await t.mail.stop();
    customerId = await fixtureCustomer(t.database, t.clock.now());
  });
  afterAll(() => t.dispose());
  beforeEach(async () => {
    await t.database.db.delete(cases);
    t.responseTimes.invalidate();
  });

  const page = async (path: string, init?: RequestInit) => {
    const res = await t.request(path, init);
    return { res, html: await res.text() };
  };
  /** Five standard cases answered in 2 h, 3 h (twice), 4 h and 5 h: a median of 3 h; five fast ones in 20 min. */
  const seed = async () => {
    for (const w of [120, 180, 180, 240, 300]) await addAnsweredCase(t.database, customerId, t.clock.now(), { agoMs: DAY, waitMin: w });
    for (let i = 0; i < 5; i++) await addAnsweredCase(t.database, customerId, t.clock.now(), { agoMs: DAY, waitMin: 20, lane: 'fast' });
    t.responseTimes.invalidate();
  };

  it('links to the contact form from the header of every page, with the usual reply time in its language', async () => {
    await seed();
    for (const [path, contact, usual] of [
      ['/help/es/', 'Contacto', 'Normalmente respondemos en 3 h'],
      ['/help/es/categories/billing', 'Contacto', 'Normalmente respondemos en 3 h'],
      ['/help/es/articles/pagar-factura', 'Contacto', 'Normalmente respondemos en 3 h'],
      ['/help/es/search?q=factura', 'Contacto', 'Normalmente respondemos en 3 h'],
      ['/help/es/contact', 'Contacto', 'Normalmente respondemos en 3 h'],
      ['/help/en/', 'Contact', 'We usually reply within 3 hrs'],
      ['/help/en/articles/pay-bill', 'Contact', 'We usually reply within 3 hrs'],
    ] as const) {
      const { res, html } = await page(path);
      expect(res.status, path).toBe(200);
      const header = headerOf(html);
      expect(header, path).toContain(`<a href="${path.slice(0, 9)}contact">${contact}</a>`);
      expect(text(header), path).toContain(usual);
      // The fast lane's figure is for where the fast lane is offered, not every page.
      expect(text(html), path).not.toContain('20 min');
    }
  });

  it('ends every article with a contact link and the usual reply time', async () => {
    await seed();
    const { html } = await page('/help/es/articles/pagar-factura');
    const end = /<section class="contact-block article-end"[^>]*>([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
    expect(end).toContain('<h2 id="more-help-h">¿Necesitas más ayuda?</h2>');
    expect(end).toContain('<a class="contact-action" href="/help/es/contact">Contactar con soporte</a>');
    expect(text(end)).toContain('Normalmente respondemos en 3 h');
    // After the article's feedback and related articles: the last thing in <main>.
    expect(html.indexOf('contact-block article-end')).toBeGreaterThan(html.indexOf('id="feedback"'));
  });

  it('offers contact right after a "No" vote, and only thanks after a "Yes"', async () => {
    await seed();
    const form = (helpful: string) => ({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `helpful=${helpful}` });
    const no = await t.request('/help/en/articles/pay-bill/feedback', form('no'));
    expect(no.status).toBe(303);
    expect(no.headers.get('location')).toBe('/help/en/articles/pay-bill?voted=no#feedback');
    const after = await page('/help/en/articles/pay-bill?voted=no');
    const feedback = /<section class="feedback" id="feedback"[^>]*>([\s\S]*?)<\/section>\n/.exec(after.html)?.[1] ?? '';
    expect(feedback).toContain('Thank you for your feedback!');
    expect(text(feedback)).toContain('Sorry it did not help. Write to us and a person will help you.');
    expect(feedback).toContain('<a class="contact-action" href="/help/en/contact">Contact support</a>');
    expect(text(feedback)).toContain('We usually reply within 3 hrs');
    expect(after.html).toContain('<meta name="robots" content="noindex, follow">');
    // One offer, not two identical blocks: the vote's replaces the end-of-article one.
    expect(after.html.match(/class="contact-action"/g)).toHaveLength(1);
    expect(after.html).not.toContain('contact-block article-end');

    const yes = await t.request('/help/en/articles/pay-bill/feedback', form('yes'));
    expect(yes.headers.get('location')).toBe('/help/en/articles/pay-bill?voted=1#feedback');
    const thanks = await page('/help/en/articles/pay-bill?voted=1');
    expect(thanks.html).not.toContain('contact-block not-helpful');
    expect(thanks.html.match(/class="contact-action"/g)).toHaveLength(1);
  });

  it('shows "Yes" and "No" alike before the vote, so neither reads as already chosen', async () => {
    const { html } = await page('/help/es/articles/pagar-factura');
    const buttons = [...html.matchAll(/<button type="submit" name="helpful" value="(yes|no)"([^>]*)>/g)];
    expect(buttons.map((b) => b[1])).toEqual(['yes', 'no']);
    for (const b of buttons) expect(b[2]).toContain('class="secondary"');
  });

  it('shows the links without a figure while fewer than 5 cases were answered', async () => {
    for (const w of [60, 60, 60, 60]) await addAnsweredCase(t.database, customerId, t.clock.now(), { agoMs: DAY, waitMin: w });
    const { html } = await page('/help/es/articles/pagar-factura');
    expect(headerOf(html)).toContain('<a href="/help/es/contact">Contacto</a>');
    expect(html).toContain('<a class="contact-action" href="/help/es/contact">Contactar con soporte</a>');
    expect(html).not.toContain('usual-reply');
    expect(html).not.toContain('Normalmente respondemos');
  });

  it('gives a page a new ETag when the figure changes, so no stale copy is kept', async () => {
    const first = await page('/help/es/');
    const etag = first.res.headers.get('etag')!;
    expect((await t.request('/help/es/', { headers: { 'If-None-Match': etag } })).status).toBe(304);
    await seed();
    const second = await t.request('/help/es/', { headers: { 'If-None-Match': etag } });
    expect(second.status).toBe(200);
    expect(text(headerOf(await second.text()))).toContain('Normalmente respondemos en 3 h');
  });
});
