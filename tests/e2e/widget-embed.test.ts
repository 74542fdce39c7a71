// The embed on somebody else's site: a page on another origin with a strict Content Security
// Policy and hostile CSS, and a page that includes the script twice. A tiny local server plays
// the shop (on loopback, like the Ayuda server, so Chromium's private-network rules allow the
// cross-origin script); the widget's files and API come from the real Ayuda server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AyudaStaffClient } from '@ayuda/client/staff';
import { launchBrowser, watchErrors } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';
import { serveSite } from '../helpers/site.js';

/** What the embed puts on `window` (typed here without importing the browser package). */
type AyudaWindow = Window & { Ayuda?: { open(): Promise<void>; search(query: string): Promise<void>; show(slug: string): Promise<void> } };

describe('the embed on another site', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let shop: Awaited<ReturnType<typeof serveSite>>;
  let SHOP = '';
  let current = { html: '', css: '', csp: '' };

  beforeAll(async () => {
    shop = await serveSite((path) =>
      path === '/shop.css'
        ? { body: current.css, type: 'text/css' }
        : path === '/'
          ? { body: current.html, headers: current.csp ? { 'Content-Security-Policy': current.csp } : undefined }
          : null,
    );
    SHOP = shop.url;
    [server, browser] = await Promise.all([startTestServer('pglite', { AYUDA_CORS_ORIGINS: SHOP }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await shop?.close();
  });

  async function shopPage(html: string, css = '', csp = '', on: Browser | BrowserContext = browser): Promise<{ page: Page; errors: string[] }> {
    current = { html, css, csp };
    const page = await on.newPage();
    const errors = watchErrors(page);
    await page.goto(`${SHOP}/`);
    return { page, errors };
  }

  const page = (server: string, extra = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<link rel="stylesheet" href="/shop.css"></head><body><main><h1>A shop</h1><p>Welcome.</p><button id="own">Shop button</button></main>
<script type="module" src="${server}/embed.js" data-locale="en" async></script>${extra}</body></html>`;

  it('works under a strict CSP and hostile CSS', async () => {
    const csp = `default-src 'none'; script-src ${server.url}; style-src 'self'; connect-src ${server.url}; img-src ${server.url} data:; base-uri 'none'; form-action 'none'`;
    const hostile = `* { all: unset !important; color: rgb(255, 0, 0) !important; background: rgb(255, 255, 0) !important; font: 40px/3 "Comic Sans MS", serif !important; transform: rotate(2deg) !important; }
      button { display: none !important; } div, p, span, ul, li, input, h2 { display: inline !important; margin: 30px !important; padding: 30px !important; }
      [part], [role] { visibility: hidden !important; } :host { display: none !important; }`;
    const { page: p, errors } = await shopPage(page(server.url), hostile, csp);
    const violations: string[] = [];
    await p.exposeFunction('reportCsp', (v: string) => violations.push(v));
    await p.evaluate(() => document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { reportCsp: (v: string) => void }).reportCsp(`${e.violatedDirective} ${e.blockedURI}`)));

    const launcher = p.locator('ayuda-widget').getByRole('button', { name: 'Help' });
    await launcher.waitFor();
    const look = await launcher.evaluate((el) => {
      const cs = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return { position: cs.position, bg: cs.backgroundColor, color: cs.color, font: cs.fontSize, visible: cs.visibility, bottom: innerHeight - r.bottom, right: innerWidth - r.right };
    });
    expect(look).toEqual({ position: 'fixed', bg: 'rgb(11, 87, 208)', color: 'rgb(255, 255, 255)', font: '16px', visible: 'visible', bottom: 20, right: 20 });

    await launcher.click();
    const dialog = p.getByRole('dialog', { name: 'Help' });
    await dialog.getByRole('combobox', { name: 'Search help' }).pressSequentially('router lights');
    const first = dialog.getByRole('option').first();
    await first.waitFor();
    const text = await first.evaluate((el) => ({ color: getComputedStyle(el).color, size: getComputedStyle(el).fontSize, visible: getComputedStyle(el).visibility }));
    expect(text.color).not.toBe('rgb(255, 0, 0)');
    expect(text.size).not.toBe('40px');
    expect(text.visible).toBe('visible');
    const expected = await first.locator('[part=result-title]').textContent();
    await first.click();
    const title = dialog.locator('ayuda-article').getByRole('heading', { level: 2, name: expected! });
    await title.waitFor();
    expect(await title.evaluate((el) => getComputedStyle(el).color)).not.toBe('rgb(255, 0, 0)');
    expect(violations).toEqual([]);
    expect(errors, errors.join('\n')).toEqual([]);
    await p.close();
  });

  it('keeps working with the script on the page twice', async () => {
    const { page: p, errors } = await shopPage(page(server.url, `<script type="module" src="${server.url}/embed.js?copy=2" data-locale="en" async></script>`));
    const warnings: string[] = [];
    p.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await p.locator('ayuda-widget').getByRole('button', { name: 'Help' }).waitFor();
    await expect.poll(() => p.locator('ayuda-widget').count()).toBe(1);
    await p.evaluate(() => (window as AyudaWindow).Ayuda!.search('bill'));
    await p.getByRole('dialog').getByRole('option').first().waitFor();
    expect(errors, errors.join('\n')).toEqual([]);
    await p.close();
  });

  it('checks its index is current from the other origin: the conditional request passes CORS and comes back 304, and the index is downloaded once', async () => {
    const { page: p, errors } = await shopPage(page(server.url));
    const index: number[] = [];
    const meta: number[] = [];
    p.on('response', (r) => {
      if (r.request().method() !== 'GET') return;
      const path = new URL(r.url()).pathname;
      if (path === '/api/v1/kb/index/en') index.push(r.status());
      if (path === '/api/v1/kb/index/en/meta') meta.push(r.status());
    });
    await p.locator('ayuda-widget').getByRole('button', { name: 'Help' }).waitFor();
    await p.evaluate(() => (window as AyudaWindow).Ayuda!.search('bill'));
    const dialog = p.getByRole('dialog');
    await dialog.getByRole('option').first().waitFor();
    // A search more than BEHAVIOUR.indexRecheckMs (1 s) after the download checks the index's
    // revision: its metadata asked again with its ETag (If-None-Match, which makes the browser
    // send a CORS preflight first); the index itself, unchanged, is not asked again.
    await p.waitForTimeout(1_500);
    await dialog.getByRole('combobox', { name: 'Search help' }).fill('router');
    await expect.poll(() => meta).toEqual([200, 304]);
    expect(index).toEqual([200]);
    await expect.poll(() => dialog.getByRole('option').count()).toBeGreaterThan(0);
    expect(errors, errors.join('\n')).toEqual([]);
    await p.close();
  });

  it('sends its analytics from the other origin, in a batch and as the tab closes (keepalive requests through CORS)', async () => {
    const staff = new AyudaStaffClient({ baseUrl: server.url, staffToken: server.staffToken });
    const views = async (slug: string) => {
      await server.ayuda.analytics.flush();
      return (await staff.searchAnalytics({ locale: 'en' })).topArticles.find((a) => a.slug === slug)?.views ?? 0;
    };
    // The tabs close in a context that stays open, as a visitor's browser profile does: closing a
    // context (Playwright's newPage() makes one per page) cancels what its pages still send.
    const context = await browser.newContext();
    const open = async (slug: string, title: RegExp) => {
      const { page: p, errors } = await shopPage(page(server.url), '', '', context);
      await p.locator('ayuda-widget').getByRole('button', { name: 'Help' }).waitFor();
      await p.evaluate((s) => (window as AyudaWindow).Ayuda!.show(s), slug);
      await p.getByRole('dialog').getByRole('heading', { level: 2, name: title }).waitFor();
      return { p, errors };
    };
    // A batch goes 1.5 s after the view, with the page still open.
    const kept = await open('cancel-contract', /^Cancel your contract/);
    await expect.poll(() => views('cancel-contract')).toBe(1);
    expect(kept.errors, kept.errors.join('\n')).toEqual([]);
    await kept.p.close();
    // The tab closed at once: the view goes with the page's last requests.
    const left = await open('change-bank-account', /bank account/i);
    expect(left.errors, left.errors.join('\n')).toEqual([]);
    await left.p.close({ runBeforeUnload: true });
    await expect.poll(() => views('change-bank-account')).toBe(1);
    await context.close();
  });

  it('returns focus to the page control that opened it through the API', async () => {
    const { page: p } = await shopPage(page(server.url));
    await p.locator('ayuda-widget').getByRole('button', { name: 'Help' }).waitFor();
    await p.evaluate(() => document.getElementById('own')!.addEventListener('click', () => void (window as AyudaWindow).Ayuda!.open()));
    await p.locator('#own').focus();
    await p.keyboard.press('Enter');
    await p.getByRole('dialog').waitFor();
    // Focus moves into the panel once it has rendered; Escape is pressed there, as a person would.
    await expect.poll(() => p.evaluate(() => document.activeElement?.localName)).toBe('ayuda-widget');
    await p.keyboard.press('Escape');
    await expect.poll(() => p.evaluate(() => document.activeElement?.id)).toBe('own');
    await p.close();
  });
});
