// End to end (issue 14.2): a better home. On the demo site and the portal, in Spanish and in
// English, a customer sees the most-read articles above the categories (of the page's topic when
// the site gives one), a misspelt search offers "did you mean" as a button that runs the corrected
// search, an unrelated question finds nothing and offers contact, and the case form suggests
// nothing for an unrelated subject.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, axe, watchErrors } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';
import { serveSite } from '../helpers/site.js';
import { analyticsEvents } from '../../packages/server/src/db/schema.js';

const LANGS = {
  es: {
    page: 'es-ES', launcher: 'Ayuda', mostRead: 'Lo más leído', search: 'Buscar en la ayuda', topics: 'Temas de ayuda', portalTopics: 'Temas', contact: 'Contactar con soporte',
    typo: 'wfi', fixed: 'wifi', unrelated: 'receta de paella', nothing: 'No hay resultados para «receta de paella».', portalNothing: 'No hemos encontrado nada sobre «receta de paella».',
    subject: 'Asunto', suggestions: 'Estos artículos pueden resolver tu duda', realSubject: 'Cambiar la contraseña del wifi',
    views: { 'instalar-router': 5, 'pagar-factura': 3, 'cambiar-tarifa': 2 } as Record<string, number>,
  },
  en: {
    page: 'en-GB', launcher: 'Help', mostRead: 'Most read', search: 'Search help', topics: 'Help topics', portalTopics: 'Topics', contact: 'Contact support',
    typo: 'wfi', fixed: 'wifi', unrelated: 'pizza recipe', nothing: 'No results for “pizza recipe”.', portalNothing: 'We found nothing about “pizza recipe”.',
    subject: 'Subject', suggestions: 'These articles may answer your question', realSubject: 'Change the wifi password',
    views: { 'install-router': 5, 'pay-your-bill': 3, 'change-plan': 2 } as Record<string, number>,
  },
} as const;

describe('a better home on the demo site and the portal', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let shop: Awaited<ReturnType<typeof serveSite>>;
  let shopHtml = '';
  const titles: Record<string, string> = {};

  beforeAll(async () => {
    shop = await serveSite((path) => (path === '/' ? { body: shopHtml } : null));
    [server, browser] = await Promise.all([startTestServer('pglite', { AYUDA_CORS_ORIGINS: shop.url }), launchBrowser()]);
    // Views two hours ago: inside the 30 days counted, which end at the start of the current hour.
    const at = new Date(Date.now() - 2 * 3_600_000);
    await server.database.db.insert(analyticsEvents).values(
      Object.entries(LANGS).flatMap(([locale, s]) =>
        Object.entries(s.views).flatMap(([slug, n]) => Array.from({ length: n }, () => ({ type: 'article_view', locale, slug, channel: 'widget', createdAt: at }))),
      ),
    );
    for (const locale of ['es', 'en'] as const) {
      for (const slug of Object.keys(LANGS[locale].views)) titles[`${locale}/${slug}`] = (await server.ayuda.kb.getArticle(locale, slug)).title;
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await shop?.close();
  });

  const expectedTop = (locale: 'es' | 'en') => Object.keys(LANGS[locale].views).map((slug) => titles[`${locale}/${slug}`]!);

  for (const locale of ['es', 'en'] as const) {
    it(`widget: most-read above the categories, did you mean, nothing found and contact, no filler in the case form (${locale})`, async () => {
      const s = LANGS[locale];
      const page = await browser.newPage({ locale: s.page });
      const errors = watchErrors(page);
      await page.goto(`${server.url}/${locale}/`);
      await page.getByRole('button', { name: s.launcher, exact: true }).click();
      const dialog = page.getByRole('dialog', { name: s.launcher });

      // Most read: the seeded views' order, between the search box and the categories.
      const mostRead = dialog.getByRole('region', { name: s.mostRead });
      await mostRead.waitFor();
      expect((await mostRead.getByRole('link').allTextContents()).slice(0, 3)).toEqual(expectedTop(locale));
      const order = await dialog.locator('.home').evaluate((home) => [...home.querySelectorAll('ayuda-search, [part=most-read], ayuda-categories')].map((e) => e.localName + (e.getAttribute('part') ?? '')));
      expect(order).toEqual(['ayuda-search', 'sectionmost-read', 'ayuda-categories']);
      await dialog.getByRole('heading', { name: s.topics }).waitFor();
      expect(await axe(page)).toEqual([]);
      // It opens the article in the panel.
      await mostRead.getByRole('link', { name: expectedTop(locale)[0] }).click();
      await dialog.getByRole('heading', { name: expectedTop(locale)[0], level: 2 }).waitFor();
      await dialog.getByRole('button', { name: locale === 'es' ? 'Volver' : 'Back' }).click();

      // Did you mean: a button that runs the corrected search.
      const box = dialog.getByRole('combobox', { name: s.search });
      await box.fill(s.typo);
      const fix = dialog.getByRole('button', { name: s.fixed, exact: true });
      await fix.waitFor();
      expect(await mostRead.isVisible()).toBe(false);
      expect(await axe(page)).toEqual([]);
      await fix.click();
      await expect.poll(() => box.inputValue()).toBe(s.fixed);
      await expect.poll(() => dialog.getByRole('option').count()).toBeGreaterThan(0);
      expect((await dialog.getByRole('option').first().textContent())!.toLowerCase()).toMatch(/wi-?fi/);

      // An unrelated question: nothing found, contact offered, no suggestion.
      await box.fill(s.unrelated);
      await expect.poll(() => dialog.getByRole('status').filter({ hasText: s.nothing }).count()).toBe(1);
      expect(await dialog.getByRole('option').count()).toBe(0);
      // One way to contact, not two (the panel's, under the search: item 1).
      const contact = dialog.getByRole('button', { name: s.contact, exact: true });
      await expect.poll(() => contact.count()).toBe(1);
      expect(await contact.isVisible()).toBe(true);
      expect(await dialog.locator('[part~=suggestion]').count()).toBe(0);

      // The case form: suggestions for a real question, none for an unrelated one.
      await contact.click();
      const subject = dialog.getByRole('textbox', { name: s.subject });
      await subject.fill(s.realSubject);
      const suggestions = dialog.getByRole('region', { name: s.suggestions });
      await suggestions.waitFor();
      await subject.fill(s.unrelated);
      await suggestions.waitFor({ state: 'detached' });
      expect(await axe(page)).toEqual([]);
      expect(errors, errors.join('\n')).toEqual([]);
      await page.close();
    });

    it(`portal: most-read above the topics, did you mean, nothing found and contact (${locale})`, async () => {
      const s = LANGS[locale];
      const page = await browser.newPage({ locale: s.page });
      await page.goto(`${server.url}/help/${locale}/`);
      const mostRead = page.getByRole('region', { name: s.mostRead });
      expect((await mostRead.getByRole('link').allTextContents()).slice(0, 3)).toEqual(expectedTop(locale));
      const topics = page.getByRole('heading', { name: s.portalTopics, exact: true });
      expect(await mostRead.evaluate((el, h) => !!(el.compareDocumentPosition(h!) & Node.DOCUMENT_POSITION_FOLLOWING), await topics.elementHandle())).toBe(true);
      expect(await axe(page)).toEqual([]);

      await page.getByRole('searchbox', { name: s.search }).fill(s.typo);
      await page.getByRole('searchbox', { name: s.search }).press('Enter');
      await page.getByRole('button', { name: s.fixed, exact: true }).click();
      await page.waitForURL(/q=wifi/);
      expect(await page.getByRole('searchbox', { name: s.search }).inputValue()).toBe(s.fixed);
      expect(await page.locator('ol.list li').count()).toBeGreaterThan(0);
      expect(await axe(page)).toEqual([]);

      await page.goto(`${server.url}/help/${locale}/search?q=${encodeURIComponent(s.unrelated)}`);
      expect(await page.getByRole('status').textContent()).toBe(s.portalNothing);
      expect(await page.locator('ol.list li').count()).toBe(0);
      await page.getByRole('link', { name: s.contact }).first().waitFor();
      expect(await page.locator('.did-you-mean').count()).toBe(0);
      await page.close();
    });
  }

  it('lists the page topic’s most-read articles when the site passes data-topic', async () => {
    const billing = await server.ayuda.kb.listArticles({ locale: 'es', category: 'billing', limit: 200 });
    const billingTitles = new Set(billing.articles.map((a) => a.title));
    shopHtml = `<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Facturas</title></head><body><main><h1>Tus facturas</h1></main>
<script type="module" src="${server.url}/embed.js" data-locale="es" data-topic="billing" async></script></body></html>`;
    const page = await browser.newPage({ locale: 'es-ES' });
    const errors = watchErrors(page);
    await page.goto(`${shop.url}/`);
    await page.getByRole('button', { name: 'Ayuda', exact: true }).click();
    const mostRead = page.getByRole('dialog', { name: 'Ayuda' }).getByRole('region', { name: 'Lo más leído' });
    await mostRead.waitFor();
    const listed = await mostRead.getByRole('link').allTextContents();
    expect(listed[0]).toBe(titles['es/pagar-factura']);
    expect(listed.length).toBeGreaterThan(1);
    expect(listed.every((t) => billingTitles.has(t)), listed.join(' | ')).toBe(true);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });
});
