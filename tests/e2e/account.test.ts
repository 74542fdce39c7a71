// End to end, in Chromium, in Spanish and English: "My requests". A customer with two requests
// opens the widget on the demo site, signs in with the captcha and the mailed code (read from the
// outbox), sees the open request first, downloads their data (a ZIP with the request in its
// JSON), deletes it, and staff then see the request anonymised. The portal's /help/:locale/account
// signs in and lists the requests with JavaScript disabled, and solves the captcha itself when it runs.
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axe, watchErrors } from '../helpers/browser.js';
import { startFastlaneBrowserTest, type FastlaneTestServer } from '../helpers/fastlane.js';

const LANGS = {
  es: {
    page: 'es-ES',
    launcher: 'Ayuda',
    entry: 'Mis solicitudes',
    robot: 'No soy un robot',
    email: 'Tu correo electrónico',
    send: 'Enviarme un código',
    code: 'Código de seis cifras',
    go: 'Continuar',
    download: 'Descargar mis datos',
    askDelete: 'Borrar mis datos…',
    confirm: 'Escribe tu correo para confirmar',
    deleteYes: 'Borrar mis datos definitivamente',
    deleted: 'Tus datos se han borrado',
    portalEmail: 'Correo electrónico',
    portalSend: 'Enviarme un código',
    portalCode: 'Código de 6 cifras',
    portalGo: 'Entrar',
    portalCases: 'Consultas',
  },
  en: {
    page: 'en-GB',
    launcher: 'Help',
    entry: 'My requests',
    robot: 'I’m not a robot',
    email: 'Your email address',
    send: 'Send me a code',
    code: 'Six-digit code',
    go: 'Continue',
    download: 'Download my data',
    askDelete: 'Delete my data…',
    confirm: 'Type your email to confirm',
    deleteYes: 'Delete my data for good',
    deleted: 'Your data has been deleted',
    portalEmail: 'Email',
    portalSend: 'Send me a code',
    portalCode: '6-digit code',
    portalGo: 'Sign in',
    portalCases: 'Requests',
  },
} as const;

describe('my requests in the browser', () => {
  let t: FastlaneTestServer;
  let browser: Browser;
  beforeAll(async () => {
    [t, browser] = await startFastlaneBrowserTest();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const codeFor = async (email: string) => /\b(\d{6})\b/.exec((await t.lastMailTo(email))!.text)![1]!;

  /** Two requests of `email`: an older one solved, a newer one open. */
  async function twoRequests(email: string, locale: 'es' | 'en') {
    const solved = await t.submitCase(email, locale === 'es' ? 'Factura duplicada' : 'Duplicate bill');
    await t.staff(`/cases/${solved.reference}/status`, { json: { status: 'solved' } });
    t.clock.advance(60_000);
    const open = await t.submitCase(email, locale === 'es' ? 'Sin conexión en casa' : 'No connection at home');
    return { solved, open };
  }

  for (const locale of ['es', 'en'] as const) {
    it(`signs in from the widget, lists open first, downloads and deletes; staff see it anonymised (${locale})`, { timeout: 90_000 }, async () => {
      const s = LANGS[locale];
      const email = `widget-${locale}@example.com`;
      const { solved, open } = await twoRequests(email, locale);
      const context = await browser.newContext({ locale: s.page, acceptDownloads: true });
      const page = await context.newPage();
      const errors = watchErrors(page, { timeout: 20_000 });

      await page.goto(`${t.server.url}/${locale}/`);
      await page.getByRole('button', { name: s.launcher, exact: true }).click();
      const dialog = page.getByRole('dialog', { name: s.launcher });
      await dialog.getByRole('button', { name: s.entry }).click();
      await dialog.getByRole('heading', { name: s.entry }).waitFor();
      const checkbox = dialog.getByRole('checkbox');
      await dialog.getByRole('checkbox', { name: s.robot }).waitFor();
      expect(await axe(page)).toEqual([]);
      await dialog.getByLabel(s.email).fill(email);
      await checkbox.focus();
      await page.keyboard.press('Space');
      await expect.poll(() => checkbox.isChecked(), { timeout: 20_000 }).toBe(true);
      await dialog.getByRole('button', { name: s.send }).click();
      const code = dialog.getByLabel(s.code);
      await code.waitFor();
      await code.fill(await codeFor(email));
      await dialog.getByRole('button', { name: s.go }).click();

      // Open first, then the newest; each links to its private page.
      const items = dialog.locator('li[data-case]');
      await expect.poll(() => items.count()).toBe(2);
      expect(await items.evaluateAll((li) => li.map((x) => x.getAttribute('data-case')))).toEqual([open.reference, solved.reference]);
      expect(await dialog.getByRole('link', { name: new RegExp(open.reference) }).getAttribute('href')).toBe(open.trackingUrl);
      expect(await axe(page)).toEqual([]);

      // The data export: a ZIP whose JSON holds the requests.
      const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: s.download }).click()]);
      expect(download.suggestedFilename()).toMatch(/^ayuda-export-\d{4}-\d{2}-\d{2}\.zip$/);
      const path = await download.path();
      const { readFile } = await import('node:fs/promises');
      const files = unzipSync(new Uint8Array(await readFile(path)));
      const data = JSON.parse(strFromU8(files['ayuda-export.json']!));
      expect(data).toMatchObject({ format: 'ayuda-account-export', version: 1, profile: { email } });
      expect(data.cases.map((c: { reference: string }) => c.reference).sort()).toEqual([open.reference, solved.reference].sort());

      // The deletion, confirmed by typing the address again.
      await dialog.getByRole('button', { name: s.askDelete }).click();
      const confirm = dialog.getByLabel(s.confirm);
      await expect.poll(() => confirm.evaluate((el) => el.matches(':focus'))).toBe(true);
      expect(await axe(page)).toEqual([]);
      await confirm.fill(email);
      await dialog.getByRole('button', { name: s.deleteYes }).click();
      await dialog.getByRole('heading', { name: s.deleted }).waitFor();
      expect(await axe(page)).toEqual([]);

      // Staff see the requests anonymised (in the requests' language: Spanish), without the customer's name or address.
      for (const ref of [open.reference, solved.reference]) {
        const staff = await (await t.staff(`/cases/${ref}`)).json();
        expect(staff.subject).toBe('[Consulta anonimizada]');
        expect(staff.status).toBe('closed');
        expect(JSON.stringify(staff)).not.toContain(email);
      }
      expect((await t.lastMailTo(email))!.template).toBe('account_deleted');
      expect(errors).toEqual([]);
      await context.close();
    });

    it(`signs in on the portal and lists the requests with JavaScript disabled (${locale})`, { timeout: 60_000 }, async () => {
      const s = LANGS[locale];
      const email = `portal-${locale}@example.com`;
      const { solved, open } = await twoRequests(email, locale);
      const context = await browser.newContext({ locale: s.page, javaScriptEnabled: false });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${t.server.url}/help/${locale}/`);
      await page.getByRole('link', { name: s.entry }).click();
      await page.getByRole('heading', { name: s.entry, level: 1 }).waitFor();
      await page.getByLabel(s.portalEmail).fill(email);
      await page.getByRole('button', { name: s.portalSend }).click();
      await page.getByLabel(s.portalCode).fill(await codeFor(email));
      await page.getByRole('button', { name: s.portalGo }).click();
      await page.getByRole('heading', { name: s.portalCases, exact: true }).waitFor();
      const items = page.locator('li[data-case]');
      expect(await items.evaluateAll((li) => li.map((x) => x.getAttribute('data-case')))).toEqual([open.reference, solved.reference]);
      expect(await page.getByRole('link', { name: new RegExp(open.reference) }).getAttribute('href')).toBe(open.trackingUrl);
      expect(errors).toEqual([]);

      // axe runs as a script: the same pages, with the same session, checked with JavaScript on.
      const checked = await browser.newContext({ locale: s.page });
      await checked.addCookies(await context.cookies());
      const again = await checked.newPage();
      await again.goto(`${t.server.url}/help/${locale}/account`);
      await again.getByRole('heading', { name: s.portalCases, exact: true }).waitFor();
      expect(await axe(again)).toEqual([]);
      // The deletion's button looks dangerous (red), the download like a button (not an underlined link in a box), in light and dark; axe clean in both.
      const looks = () =>
        again.evaluate(() => {
          const del = getComputedStyle(document.querySelector('button.danger')!);
          const dl = getComputedStyle(document.querySelector('a.button[download]')!);
          return { del: del.backgroundColor, delText: del.color, dl: dl.textDecorationLine, dlDisplay: dl.display };
        });
      expect(await looks()).toEqual({ del: 'rgb(179, 38, 30)', delText: 'rgb(255, 255, 255)', dl: 'none', dlDisplay: 'inline-block' });
      await again.getByRole('button', { name: s.deleteYes }).waitFor();
      if (process.env.AYUDA_SHOTS) await again.screenshot({ path: `${process.env.AYUDA_SHOTS}/account-${locale}-light.png`, fullPage: true });
      await again.emulateMedia({ colorScheme: 'dark' });
      expect((await looks()).del).toBe('rgb(255, 180, 171)');
      if (process.env.AYUDA_SHOTS) await again.screenshot({ path: `${process.env.AYUDA_SHOTS}/account-${locale}-dark.png`, fullPage: true });
      expect(await axe(again)).toEqual([]);
      await again.emulateMedia({ colorScheme: 'light' });
      await checked.clearCookies();
      await again.goto(`${t.server.url}/help/${locale}/account`);
      await again.getByLabel(s.portalEmail).waitFor();
      expect(await axe(again)).toEqual([]);
      // With JavaScript, the page solves the captcha itself and sends it with the form.
      await again.getByLabel(s.portalEmail).fill(email);
      const [posted] = await Promise.all([again.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/account/login')), again.getByRole('button', { name: s.portalSend }).click()]);
      expect(new URLSearchParams(posted.postData() ?? '').get('altcha')).toMatch(/^[A-Za-z0-9+/=]{40,}$/);
      await again.getByLabel(s.portalCode).waitFor();
      await checked.close();
      await context.close();
    });
  }
});
