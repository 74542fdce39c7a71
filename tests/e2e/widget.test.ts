// End to end: the demo company's site from the real server, with the widget's one script tag.
// A customer opens the launcher, searches with a misspelt query, reads the article, votes,
// switches to English, and the events reach the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AyudaStaffClient } from '@ayuda/client/staff';
import { launchBrowser, axe, watchErrors } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';

/** What the embed puts on `window` (typed here without importing the browser package). */
type AyudaWindow = Window & { Ayuda?: { open(): Promise<void>; search(query: string): Promise<void>; show(slug: string): Promise<void> } };

describe('widget on the demo site', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('searches a misspelt query, reads the article, votes, switches language; events reach the server', async () => {
    const page = await browser.newPage({ locale: 'es-ES' });
    const errors = watchErrors(page);
    await page.goto(`${server.url}/`);
    const launcher = page.getByRole('button', { name: 'Ayuda', exact: true });
    await launcher.waitFor();
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => typeof (window as AyudaWindow).Ayuda?.open)).toBe('function');

    await launcher.click();
    const dialog = page.getByRole('dialog', { name: 'Ayuda' });
    await dialog.waitFor();
    const box = dialog.getByRole('combobox', { name: 'Buscar en la ayuda' });
    await expect.poll(() => box.evaluate((el) => el.matches(':focus'))).toBe(true);
    expect(await axe(page)).toEqual([]);

    await box.pressSequentially('contrasena del wiifi', { delay: 20 });
    const first = dialog.getByRole('option').first();
    await expect.poll(() => first.locator('[part=result-title]').textContent()).toBe('Cambiar el nombre y la contraseña del Wi-Fi');
    expect(await first.locator('mark').first().textContent()).toMatch(/contraseña|wi-?fi/i);
    await expect.poll(() => dialog.getByRole('status').first().textContent()).toMatch(/^(\d+ de )?\d+ resultados?$/);
    await box.press('ArrowDown');
    await box.press('Enter');

    const title = dialog.getByRole('heading', { level: 2, name: 'Cambiar el nombre y la contraseña del Wi-Fi' });
    await title.waitFor();
    await expect.poll(() => title.evaluate((el) => el.matches(':focus'))).toBe(true);
    expect(await axe(page)).toEqual([]);

    await dialog.getByRole('button', { name: 'Sí' }).click();
    await dialog.getByText('¡Gracias por tu opinión!').waitFor();
    await dialog.getByLabel('¿Quieres contarnos algo más? (opcional)').fill('Muy claro, gracias');
    await dialog.getByRole('button', { name: 'Enviar' }).click();

    await dialog.getByRole('link', { name: /^Leer en inglés/ }).click();
    // The whole widget follows the language: the dialog's name, the launcher, the article.
    const english = page.getByRole('dialog', { name: 'Help' });
    await english.getByRole('heading', { level: 2, name: 'Change your Wi-Fi name and password' }).waitFor();
    await page.getByRole('button', { name: 'Help', exact: true }).waitFor();

    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.localName)).toBe('ayuda-widget'); // focus back on the launcher
    expect(errors, errors.join('\n')).toEqual([]);

    await server.ayuda.analytics.flush();
    const client = new AyudaStaffClient({ baseUrl: server.url, staffToken: server.staffToken });
    await expect
      .poll(async () => (await client.searchAnalytics({})).totals, { timeout: 10_000 })
      .toMatchObject({ searches: 1, resultClicks: 1, articleViews: 2, helpfulVotes: 1, unhelpfulVotes: 0 });
    const es = await client.searchAnalytics({ locale: 'es' });
    expect(es.topQueries).toEqual([{ query: 'contrasena del wiifi', locale: 'es', count: 1 }]);
    expect(es.topArticles[0]).toMatchObject({ slug: 'cambiar-nombre-contrasena-wifi', views: 1, helpful: 1 });
    const en = await client.searchAnalytics({ locale: 'en' });
    expect(en.topArticles[0]).toMatchObject({ slug: 'change-wifi-name-password', views: 1 });
    await page.close();
  });

  it('serves the embed and its chunks with the right types and cache lifetimes', async () => {
    const embed = await fetch(`${server.url}/embed.js`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(embed.status).toBe(200);
    expect(embed.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(embed.headers.get('cache-control')).toMatch(/^public, max-age=300\b/);
    expect(embed.headers.get('access-control-allow-origin')).toBe('*');
    const chunk = /[`"']\.\/(widget\/[\w-]+\.js)[`"']/.exec(await embed.text())?.[1];
    expect(chunk).toBeTruthy();
    const res = await fetch(`${server.url}/${chunk}`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it.each([
    ['English home, closed', '/en/', false],
    ['restyled page, open', '/restyled.html', true],
  ])('has no axe violations: %s', async (_name, path, open) => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url + path);
    await page.locator('ayuda-widget').getByRole('button').waitFor();
    if (open) {
      await page.evaluate(() => (window as AyudaWindow).Ayuda!.open());
      await page.getByRole('dialog').getByRole('link').first().waitFor();
    }
    expect(await axe(page)).toEqual([]);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });

  it('restyles through the documented custom properties and parts (the restyled demo page)', async () => {
    const page = await browser.newPage({ colorScheme: 'light' });
    await page.goto(`${server.url}/restyled.html`);
    const launcher = page.locator('ayuda-widget').getByRole('button');
    await launcher.waitFor();
    const style = await launcher.evaluate((el) => {
      const cs = getComputedStyle(el);
      return { bg: cs.backgroundColor, font: cs.fontFamily, transform: cs.textTransform, left: el.getBoundingClientRect().left };
    });
    expect(style).toEqual({ bg: 'rgb(255, 180, 84)', font: expect.stringContaining('Georgia'), transform: 'uppercase', left: 20 });
    await launcher.click();
    const panelBg = await page.getByRole('dialog').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(panelBg).toBe('rgb(15, 20, 25)');
    await page.close();
  });
  it('sends what it has queued when the visitor leaves the page, even right away', async () => {
    // The tab closes in a context that stays open, as a visitor's browser profile does: closing a
    // context (Playwright's newPage() makes one per page) cancels what its pages still send.
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/en/`);
    await page.getByRole('button', { name: 'Help', exact: true }).waitFor();
    await page.evaluate(() => (window as AyudaWindow).Ayuda!.show('cancel-contract'));
    await page.getByRole('dialog').getByRole('heading', { level: 2, name: /^Cancel your contract/ }).waitFor();
    expect(errors, errors.join('\n')).toEqual([]);
    // The view is queued (batches go every 1.5 s); close the tab, most likely before that. (Every
    // batch goes with `keepalive`, so one already on its way is not cancelled with the page either;
    // that `keepalive` is set is checked in service.test.ts and client.test.ts.)
    await page.close({ runBeforeUnload: true });
    await server.ayuda.analytics.flush();
    const client = new AyudaStaffClient({ baseUrl: server.url, staffToken: server.staffToken });
    await expect
      .poll(async () => (await client.searchAnalytics({ locale: 'en' })).topArticles.find((a) => a.slug === 'cancel-contract')?.views, { timeout: 10_000 })
      .toBe(1);
    await context.close();
  });
});
