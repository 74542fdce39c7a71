// End to end: the real server, the demo knowledge base, Chromium. A customer searches the
// help portal with a misspelt Spanish query without accents, opens the right article, votes
// "helpful", and the events reach the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AyudaStaffClient } from '@ayuda/client/staff';
import { launchBrowser, axe } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';

describe('help portal in Chromium', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('finds an article from a misspelt query without accents, and records the search, the click, the view and the vote', async () => {
    page = await browser.newPage({ locale: 'es-ES' });
    const cspErrors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && cspErrors.push(m.text()));
    await page.goto(`${server.url}/help`);
    expect(new URL(page.url()).pathname).toBe('/help/es/');
    await page.getByRole('searchbox', { name: 'Buscar en la ayuda' }).fill('contrasena del wiifi');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.waitForURL(/\/help\/es\/search\?q=/);
    const first = page.getByRole('listitem').first().getByRole('link');
    await expect.poll(() => first.textContent()).toBe('Cambiar el nombre y la contraseña del Wi-Fi');
    expect(await page.locator('mark').first().textContent()).toMatch(/contraseña|wi-?fi/i);
    await first.click();
    await page.waitForURL(/\/help\/es\/articles\/cambiar-nombre-contrasena-wifi/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Cambiar el nombre y la contraseña del Wi-Fi');
    await page.getByRole('button', { name: 'Sí' }).click();
    await page.getByText('¡Gracias por tu opinión!').waitFor();
    expect(cspErrors, cspErrors.join("\n")).toEqual([]);

    const client = new AyudaStaffClient({ baseUrl: server.url, staffToken: server.staffToken });
    const report = await client.searchAnalytics({ locale: 'es' });
    expect(report.totals).toMatchObject({ searches: 1, resultClicks: 1, articleViews: 1, helpfulVotes: 1 });
    expect(report.topQueries).toEqual([{ query: 'contrasena del wiifi', locale: 'es', count: 1 }]);
    expect(report.topArticles[0]).toMatchObject({ slug: 'cambiar-nombre-contrasena-wifi', views: 1, helpful: 1 });
  });

  it.each([
    ['home (es)', '/help/es/'],
    ['home (en)', '/help/en/'],
    ['category', '/help/es/categories/billing'],
    ['article', '/help/en/articles/change-wifi-name-password'],
    ['FAQ article', '/help/es/articles/preguntas-frecuentes-facturacion'],
    ['search results', '/help/es/search?q=factura'],
    ['no results', '/help/en/search?q=qwertyuiop'],
    ['not found', '/help/es/articles/nada'],
    ['company site', '/'],
  ])('has no axe violations: %s', async (_name, path) => {
    const p = await browser.newPage();
    await p.goto(server.url + path);
    expect(await axe(p)).toEqual([]);
    await p.close();
  });

  it('is readable on a phone without horizontal scrolling', async () => {
    const p = await browser.newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true });
    // The last: a long query without spaces, repeated in the heading and the no-results line.
    for (const path of ['/help/es/', '/help/es/articles/entender-factura', '/help/es/search?q=router', `/help/es/search?q=${'q'.repeat(200)}`]) {
      await p.goto(server.url + path);
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
      const fontSize = await p.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
      expect(fontSize).toBeGreaterThanOrEqual(16);
    }
    await p.close();
  });
});
