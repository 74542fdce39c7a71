// End to end (issue 14.1): a customer finds a person in one step, with how long an answer
// usually takes. On the demo site's widget the contact button is above the categories with
// "Normalmente respondemos en 3 h" and the fast lane's figure by its button; a search without
// results offers contact once; a "No" vote offers it right there; the portal's header and the end
// of its articles link to the contact form with the figure, a "No" vote there offers it too, and
// a case's page has the fast lane's figure by its offer.
// In Spanish and English, on a server whose last weeks' cases were answered in known times.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { launchBrowser, axe, watchErrors } from '../helpers/browser.js';
import { startFastlaneServer } from '../../packages/server/src/testing/fastlane.js';
import { addAnsweredCase, fixtureCustomer } from '../../packages/server/src/testing/answered-cases.js';

const DAY = 86_400_000;
const LANGS = {
  es: {
    page: 'es-ES', launcher: 'Ayuda', contact: 'Contactar con soporte', usual: 'Normalmente respondemos en 3 h', fast: 'Con Soporte prioritario: 20 min', fastButton: 'Atención más rápida',
    topics: 'Temas de ayuda', search: 'Buscar en la ayuda', noResults: /^No hay resultados/, query: 'factura', article: 'pagar-factura', no: 'No',
    notHelpful: 'Sentimos que no te haya servido', contactNav: 'Contacto', moreHelp: '¿Necesitas más ayuda?',
  },
  en: {
    page: 'en-GB', launcher: 'Help', contact: 'Contact support', usual: 'We usually reply within 3 hrs', fast: 'With Priority support: 20 mins', fastButton: 'Get faster help',
    topics: 'Help topics', search: 'Search help', noResults: /^No results/, query: 'bill', article: 'pay-bill', no: 'No',
    notHelpful: 'Sorry it did not help', contactNav: 'Contact', moreHelp: 'Still need help?',
  },
} as const;

/** Text as read, with Intl's no-break spaces as plain ones. */
const read = async (l: Locator) => ((await l.textContent()) ?? '').replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').trim();
/** The text of the elements that describe `l` (aria-describedby), through its shadow root. */
const description = (l: Locator) =>
  l.evaluate((el) => {
    const root = el.getRootNode() as Document | ShadowRoot;
    return (el.getAttribute('aria-describedby') ?? '').split(/\s+/).map((id) => root.getElementById(id)?.textContent ?? '').join(' ').replace(/[\u00a0\u202f]/g, ' ').trim();
  });

describe('contact where customers look for it, with the usual reply time', () => {
  let t: Awaited<ReturnType<typeof startFastlaneServer>>;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startFastlaneServer('pglite'), launchBrowser()]);
    // The last weeks: standard cases answered in 2, 3, 3, 4 and 5 hours (3 h), fast-lane ones in 20 minutes.
    const now = t.clock.now();
    const customer = await fixtureCustomer(t.database, now);
    for (const [i, w] of [120, 180, 180, 240, 300].entries()) await addAnsweredCase(t.database, customer, now, { agoMs: (i + 2) * DAY, waitMin: w });
    for (const [i, w] of [15, 18, 20, 22, 30].entries()) await addAnsweredCase(t.database, customer, now, { agoMs: (i + 2) * DAY, waitMin: w, lane: 'fast' });
    t.server.ayuda.responseTimes.invalidate();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const locale of ['es', 'en'] as const) {
    const s = LANGS[locale];

    it(`widget: contact above the topics with the usual reply time, once after a search without results, and after a "No" vote (${locale})`, async () => {
      const page = await browser.newPage({ locale: s.page });
      const errors = watchErrors(page);
      await page.goto(`${t.server.url}/${locale}/`);
      await page.getByRole('button', { name: s.launcher, exact: true }).click();
      const dialog = page.getByRole('dialog', { name: s.launcher });
      const contact = dialog.getByRole('button', { name: s.contact, exact: true });
      await expect.poll(() => description(contact)).toBe(s.usual);
      expect(await read(dialog.locator('[part=usual-reply]'))).toBe(s.usual);
      // Above the topics, under the search box.
      const topics = dialog.getByRole('heading', { name: s.topics });
      await topics.waitFor();
      const [c, h, q] = await Promise.all([contact.boundingBox(), topics.boundingBox(), dialog.getByRole('combobox', { name: s.search }).boundingBox()]);
      expect(c!.y).toBeGreaterThan(q!.y);
      expect(c!.y).toBeLessThan(h!.y);
      // The fast lane's figure by its button.
      expect(await description(dialog.getByRole('button', { name: s.fastButton }))).toBe(s.fast);
      expect(await axe(page)).toEqual([]);

      // A search without results: one way to contact, not two.
      const box = dialog.getByRole('combobox', { name: s.search });
      await box.pressSequentially('qwertyuiop', { delay: 10 });
      await expect.poll(() => read(dialog.getByRole('status').first())).toMatch(s.noResults);
      expect(await dialog.getByRole('button', { name: s.contact, exact: true }).count()).toBe(1);
      expect(await dialog.getByRole('link', { name: s.contact, exact: true }).count()).toBe(0);
      expect(await axe(page)).toEqual([]);

      // An article that did not help: contact right there.
      await box.fill('');
      await box.pressSequentially(s.query, { delay: 10 });
      await dialog.getByRole('option').first().click();
      const article = dialog.locator('ayuda-article');
      await article.getByRole('heading', { level: 2 }).first().waitFor();
      expect(await article.getByRole('link', { name: s.contact }).count()).toBe(0);
      await article.getByRole('button', { name: s.no, exact: true }).click();
      await expect.poll(() => read(article.getByRole('status').first())).toContain(s.notHelpful);
      const offer = article.getByRole('link', { name: s.contact, exact: true });
      await expect.poll(() => description(offer)).toBe(s.usual);
      expect(await axe(page)).toEqual([]);
      await offer.click();
      // The panel takes it: the case form, in the widget, not a page change.
      await dialog.locator('ayuda-case-form').getByRole('heading', { name: s.contact }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/${locale}/`);
      expect(errors, errors.join('\n')).toEqual([]);
      await page.close();
    });

    it(`portal: a contact link with the usual reply time in the header and at the end of every article, and after a "No" vote (${locale})`, async () => {
      const page = await browser.newPage({ locale: s.page });
      const errors = watchErrors(page);
      for (const path of [`/help/${locale}/`, `/help/${locale}/search?q=qwertyuiop`, `/help/${locale}/articles/${s.article}`]) {
        await page.goto(`${t.server.url}${path}`);
        const banner = page.getByRole('banner');
        const link = banner.getByRole('link', { name: s.contactNav, exact: true });
        expect(await link.getAttribute('href'), path).toBe(`/help/${locale}/contact`);
        expect(await read(banner), path).toContain(s.usual);
        expect(await axe(page), path).toEqual([]);
      }
      // The end of the article: after its feedback, a contact link and the figure.
      const end = page.getByRole('region', { name: s.moreHelp });
      expect(await read(end)).toContain(s.usual);
      expect(await end.getByRole('link', { name: s.contact }).getAttribute('href')).toBe(`/help/${locale}/contact`);
      // "No": the page comes back with the thanks and contact right there (no JavaScript involved).
      await page.getByRole('button', { name: s.no, exact: true }).click();
      await page.waitForURL(/voted=no#feedback$/);
      const feedback = page.locator('#feedback');
      expect(await read(feedback)).toContain(s.notHelpful);
      expect(await read(feedback)).toContain(s.usual);
      // One offer to contact, not the vote's and the end of the article's both.
      expect(await page.locator('main').getByRole('link', { name: s.contact, exact: true }).count()).toBe(1);
      await feedback.getByRole('link', { name: s.contact }).click();
      await page.waitForURL(`${t.server.url}/help/${locale}/contact`);
      expect(await read(page.getByRole('banner'))).toContain(s.usual);
      expect(await axe(page)).toEqual([]);
      // A case's page: the fast lane's offer with its own figure.
      const res = await t.api('/api/v1/cases', { json: { name: 'Ana', email: `ana.contact.${locale}@example.com`, subject: 'Sin conexión', description: 'El router parpadea en rojo desde ayer.', locale }, headers: { 'Idempotency-Key': `contact-e2e-${locale}` } });
      const { trackingToken } = (await res.json()) as { trackingToken: string };
      await page.goto(`${t.server.url}/help/${locale}/cases/${trackingToken}`);
      const offerButton = page.locator('[data-ayuda-fastlane]');
      await offerButton.waitFor({ state: 'attached' });
      expect(await read(offerButton.locator('xpath=..'))).toContain(s.fast);
      expect(await read(page.getByRole('banner'))).toContain(s.usual);
      expect(errors, errors.join('\n')).toEqual([]);
      await page.close();
    });
  }
});
