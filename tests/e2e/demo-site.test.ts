// End to end: the demo company's home in Chromium. `/` opens in the browser's language, as
// `/help` does; the language switch keeps the choice; the pages have a favicon and absolute
// hreflang alternates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, watchErrors } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';

describe('the demo site’s home', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer('pglite', { AYUDA_PUBLIC_URL: 'https://www.nubefibra.example' }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each([
    ['en-GB', '/en/', 'Help', 'Español', '/es/', 'Ayuda'],
    ['es-ES', '/es/', 'Ayuda', 'English', '/en/', 'Help'],
    ['de-DE', '/es/', 'Ayuda', 'English', '/en/', 'Help'],
  ])('a %s browser lands on %s, and the language switch keeps the other language', async (locale, home, launcher, other, otherPath, otherLauncher) => {
    const page = await browser.newPage({ locale });
    const errors = watchErrors(page);
    await page.goto(`${server.url}/`);
    expect(new URL(page.url()).pathname).toBe(home);
    await page.locator('ayuda-widget').getByRole('button', { name: launcher, exact: true }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: other }).click();
    await page.waitForURL((u) => u.pathname === otherPath);
    await page.locator('ayuda-widget').getByRole('button', { name: otherLauncher, exact: true }).waitFor();
    // The brand link leads home in the language being read, not back through the choice.
    expect(new URL(await page.getByRole('link', { name: /^Nubefibra, / }).evaluate((a) => (a as HTMLAnchorElement).href)).pathname).toBe(otherPath);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });

  it('has a favicon and absolute canonical and hreflang links on the public URL', async () => {
    const page = await browser.newPage({ locale: 'en-GB' });
    await page.goto(`${server.url}/en/`);
    const links = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLLinkElement>('link[rel=canonical], link[rel=alternate][hreflang]')].map((l) => `${l.rel} ${l.hreflang} ${l.getAttribute('href')}`),
    );
    expect(links).toEqual([
      'canonical  https://www.nubefibra.example/en/',
      'alternate es https://www.nubefibra.example/es/',
      'alternate en https://www.nubefibra.example/en/',
      'alternate x-default https://www.nubefibra.example/',
    ]);
    const icon = await page.locator('link[rel=icon]').evaluate((l) => (l as HTMLLinkElement).href);
    const res = await page.request.get(icon);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('image/svg+xml');
    expect(await res.text()).toMatch(/^<svg /);
    await page.close();
  });
});
