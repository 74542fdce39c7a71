// The site's theme, saved from the console's settings API, reaches the demo page's launcher in
// its first frame: it comes inside /embed.js, so with every other request to the Ayuda server
// refused (the API, the panel's chunks) the launcher still wears the saved colour, radius and
// label. The script tag's own data-attributes still win (the restyled page's data-theme).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { APPEARANCE_DEFAULTS } from '@ayuda/core';
import { launchBrowser, watchErrors } from '../helpers/browser.js';
import { signInToConsole } from '../helpers/console.js';
import { startTestServer } from '../helpers/server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PASSWORD = 'una clave bien larga';

describe('the saved theme on the demo page', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    // npm test builds the console first; a run of this file alone builds it if it is missing.
    if (!existsSync(`${ROOT}packages/console/dist/app/index.html`)) {
      const r = spawnSync(process.execPath, [`${ROOT}packages/console/scripts/build.mjs`], { stdio: 'inherit' });
      if (r.status !== 0) throw new Error('the console build failed');
    }
    [server, browser] = await Promise.all([startTestServer('pglite'), launchBrowser()]);
    await server.ayuda.staff.ensureAccount({ email: 'ana@nubefibra.example', name: 'Ana Ruiz', role: 'admin', locale: 'en', password: PASSWORD });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A page where the Ayuda server answers only the page, its own files and embed.js; `asked` lists every path asked for. */
  async function open(path: string): Promise<{ page: Page; asked: string[] }> {
    const page = await browser.newPage();
    watchErrors(page, { ignore: (m) => /Failed to load resource|could not load the help panel/.test(m.text()) });
    const asked: string[] = [];
    await page.route(`${server.url}/**`, (route) => {
      const p = new URL(route.request().url()).pathname;
      asked.push(p);
      return /^\/(api|widget)\//.test(p) ? route.abort() : route.continue();
    });
    await page.goto(`${server.url}${path}`);
    return { page, asked };
  }

  it('shows the saved colour, radius, position and label at once, with the embed as the only widget request', async () => {
    const value = { ...APPEARANCE_DEFAULTS, primary: '#7a1f5c', onPrimary: '#ffffff', radius: 4, position: 'bottom-left', mode: 'light', label: { es: '¿Dudas? Escríbenos', en: 'Questions?' } };
    const res = await fetch(`${server.url}/api/v1/staff/settings/appearance`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${server.staffToken}`, 'Content-Type': 'application/json', 'If-Match': '"0"' },
      body: JSON.stringify(value),
    });
    expect(res.status, await res.clone().text()).toBe(200);

    const { page, asked } = await open('/es/');
    const launcher = page.locator('ayuda-widget').getByRole('button', { name: '¿Dudas? Escríbenos' });
    await launcher.waitFor();
    const look = await launcher.evaluate((el) => {
      const cs = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return { bg: cs.backgroundColor, color: cs.color, radius: cs.borderTopLeftRadius, left: Math.round(r.left), theme: el.getRootNode() instanceof ShadowRoot ? (el.getRootNode() as ShadowRoot).host.getAttribute('theme') : null };
    });
    expect(look).toEqual({ bg: 'rgb(122, 31, 92)', color: 'rgb(255, 255, 255)', radius: '8px', left: 20, theme: 'light' });
    // No API call was needed for it (any that the page made was refused).
    expect(asked.filter((p) => p.startsWith('/api/'))).toEqual([]);
    expect(asked.filter((p) => p === '/embed.js')).toEqual(['/embed.js']);
    await page.close();

    // The restyled page asks for dark mode on its script tag: the page wins over the theme.
    const restyled = await open('/restyled.html');
    const host = restyled.page.locator('ayuda-widget');
    await host.getByRole('button', { name: '¿Dudas? Escríbenos' }).waitFor();
    expect(await host.getAttribute('theme')).toBe('dark');
    expect(await host.getAttribute('position')).toBe('bottom-left');
    await restyled.page.close();
  });

  it('console: the preview frame shows the real widget restyled as the admin types, before saving; saving serves it', async () => {
    const { page, errors } = await signInToConsole(browser, server.url, { email: 'ana@nubefibra.example', password: PASSWORD, locale: 'en', viewport: { width: 1280, height: 1000 } });
    await page.goto(`${server.url}/console/#/admin/appearance`);
    const brand = page.getByRole('textbox', { name: 'Brand colour', exact: true });
    await brand.waitFor();
    const frame = page.frameLocator('iframe[title="Widget preview"]');
    const launcher = frame.locator('ayuda-widget').getByRole('button');
    await launcher.waitFor();
    const before = (await (await fetch(`${server.url}/embed.js`)).text()).length;

    await brand.fill('#1b5e20');
    await page.getByRole('textbox', { name: 'Launcher text in Spanish' }).fill('Pregúntanos');
    await page.getByRole('textbox', { name: 'Launcher text in English' }).fill('Ask us');
    await page.getByLabel('Preview language').selectOption('en');
    await frame.locator('ayuda-widget').getByRole('button', { name: 'Ask us' }).waitFor();
    await expect.poll(() => launcher.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(27, 94, 32)');
    // Not saved yet: the served embed is unchanged.
    expect((await (await fetch(`${server.url}/embed.js`)).text()).length).toBe(before);

    await page.getByRole('button', { name: 'Save theme' }).click();
    await page.getByText('Theme saved').waitFor();
    const served = await (await fetch(`${server.url}/embed.js`)).text();
    expect(served).toContain('"--ayuda-color-primary":"#1b5e20"');
    expect(served).toContain('"label":{"es":"Pregúntanos","en":"Ask us"}');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
