// End to end: the staff console as the real server serves it, in Chromium, under its own CSP.
// The sign-in screen runs against the real server; the screens behind sign-in get their API
// answers from Playwright (the shapes of the issue 12 contract) so that what is tested here is
// the console's own code in the browser: the built chunks, loaded lazily under the strict CSP,
// at a desktop's and a tablet's width, by keyboard alone.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, ConsoleMessage } from 'playwright-core';
import { launchBrowser, axe, watchErrors } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';
import { answerStaffApi } from '../helpers/console.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The session check of a signed-out browser answers 401 (404 before staff sign-in existed): not the console's fault. */
const sessionCheck = (m: ConsoleMessage) => /Failed to load resource: the server responded with a status of 40[14]/.test(m.text()) && /\/api\/v1\/staff\/session$/.test(m.location().url);

describe('staff console in Chromium', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    // npm test builds it first; a run of this file alone builds it if it is missing.
    if (!existsSync(`${ROOT}packages/console/dist/app/index.html`)) {
      const r = spawnSync(process.execPath, [`${ROOT}packages/console/scripts/build.mjs`], { stdio: 'inherit' });
      if (r.status !== 0) throw new Error('the console build failed');
    }
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('loads at /console under its strict CSP with no errors; sign-in reads in Spanish and English and passes axe, light and dark', async () => {
    const page = await browser.newPage({ locale: 'es-ES' });
    const errors = watchErrors(page, { ignore: sessionCheck });
    const res = await page.goto(`${server.url}/console`);
    expect(new URL(page.url()).pathname).toBe('/console/');
    const csp = res!.headers()['content-security-policy']!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res!.headers()['cache-control']).toBe('no-cache');
    await page.getByRole('heading', { name: 'Entrar en la consola' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    expect(await axe(page)).toEqual([]);
    await page.getByLabel('Idioma').selectOption('en');
    await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await axe(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(17, 20, 24)');
    expect(await axe(page)).toEqual([]);
    // The hashed assets are cached for a year.
    const asset = await page.evaluate(() => (document.querySelector('script[src]') as HTMLScriptElement).src);
    const a = await fetch(asset, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(a.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });

  it('signs in against the real server (wrong password first), in the account’s language, signs out, and signs in again from a mailed link', async () => {
    await server.ayuda.staff.ensureAccount({ email: 'marta@nubefibra.example', name: 'Marta Gil', role: 'agent', locale: 'es', password: 'una clave bien larga' });
    const page = await browser.newPage({ locale: 'en-GB' });
    const signInRefused = (m: ConsoleMessage) => sessionCheck(m) || (/status of 401/.test(m.text()) && /\/api\/v1\/staff\/session(\/link\/verify)?$/.test(m.location().url));
    const errors = watchErrors(page, { ignore: signInRefused });
    await page.goto(`${server.url}/console/`);
    await page.getByLabel('Email').fill('marta@nubefibra.example');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong email or password.').waitFor();
    await page.getByLabel('Password').fill('una clave bien larga');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The account's language (es) wins over the browser's (en).
    await page.getByText('Marta Gil (agente)').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    expect((await page.context().cookies()).find((c) => c.name === 'ayuda_staff')?.httpOnly).toBe(true);
    await page.reload();
    await page.getByText('Marta Gil (agente)').waitFor(); // the cookie's session, and its CSRF token, after a reload
    await page.getByRole('button', { name: 'Salir', exact: true }).click();
    await page.getByRole('heading', { name: 'Entrar en la consola' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Entrar en la consola' }).waitFor();

    await page.getByLabel('Correo electrónico').fill('marta@nubefibra.example');
    await page.getByRole('button', { name: 'Enviarme un enlace de acceso' }).click();
    await page.getByText(/le llegará un enlace de acceso/).waitFor();
    await server.ayuda.mail.drainAll();
    const mail = await browser.newPage();
    await mail.goto(`${server.url}/dev/mailbox`);
    await mail.getByRole('link').filter({ hasText: /marta@nubefibra\.example|consola|console/i }).first().click();
    const link = (await mail.getByRole('link', { name: /\/console\/#\/link\// }).first().getAttribute('href'))!;
    await mail.close();
    // The mail links to the server's public URL; the test server listens on another port.
    await page.goto(`${server.url}/console/${new URL(link).hash}`);
    await page.getByText('Marta Gil (agente)').waitFor();
    await page.waitForURL(/#\/queue\/all$/);
    expect(await axe(page)).toEqual([]);
    // A link works once.
    await page.getByRole('button', { name: 'Salir', exact: true }).click();
    await page.getByRole('heading', { name: 'Entrar en la consola' }).waitFor();
    await page.goto(`${server.url}/console/${new URL(link).hash}`);
    await page.getByText('Este enlace de acceso ha caducado o ya se usó. Pide uno nuevo.').waitFor();
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });

  it('an admin sets an hourly cost, creates an account and reads the audit log and the opportunities, against the real server', async () => {
    await server.ayuda.staff.ensureAccount({ email: 'jefa@nubefibra.example', name: 'Ana Ruiz', role: 'admin', locale: 'en', password: 'otra clave bien larga' });
    await server.ayuda.staff.ensureAccount({ email: 'luis@nubefibra.example', name: 'Luis Mora', role: 'agent', locale: 'es', password: 'la clave de luis' });
    const page = await browser.newPage({ locale: 'en-GB' });
    const errors = watchErrors(page, { ignore: sessionCheck });
    await page.goto(`${server.url}/console/`);
    await page.getByLabel('Email').fill('jefa@nubefibra.example');
    await page.getByLabel('Password').fill('otra clave bien larga');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Admin' }).click();
    const luis = page.getByRole('form', { name: 'Luis Mora' });
    await luis.getByLabel('Hourly cost').fill('28.50');
    await luis.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    const users = (await (await fetch(`${server.url}/api/v1/staff/users`, { headers: { Authorization: `Bearer ${server.staffToken}` } })).json()) as { users: Array<{ email: string; hourlyCost: number | null }> };
    expect(users.users.find((u) => u.email === 'luis@nubefibra.example')?.hourlyCost).toBe(2850);
    expect(await axe(page)).toEqual([]);

    await page.getByLabel('Email').fill('eva@nubefibra.example');
    await page.getByLabel('Name', { exact: true }).fill('Eva Sanz');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText(/Account created for Eva Sanz/).waitFor();
    expect(await page.getByText(/\/console\/#\/set-password\//).textContent()).toMatch(/#\/set-password\/[\w-]{10,}/);

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('cell', { name: 'user.create' }).first().waitFor();
    expect(await page.getByRole('cell', { name: 'user.update' }).count()).toBeGreaterThan(0);
    expect(await axe(page)).toEqual([]);

    await page.getByRole('link', { name: 'Opportunities' }).click();
    await page.getByText('No opportunities in this period.').waitFor();
    const csv = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    const res = await page.request.get(csv!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toMatch(/^text\/csv/);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });

  for (const [name, viewport, colorScheme] of [
    ['a desktop (1280 px, light)', { width: 1280, height: 800 }, 'light'],
    ['a tablet (768 px, dark)', { width: 768, height: 1024 }, 'dark'],
  ] as const) {
    it(`works the queue by keyboard on ${name}: fast lane first, SLA in words, j and Enter open a case (its chunk under the CSP), Escape goes back`, async () => {
      const page = await browser.newPage({ locale: 'en-GB', viewport, colorScheme });
      const errors = watchErrors(page);
      await answerStaffApi(page);
      await page.goto(`${server.url}/console/`);
      const rows = page.getByRole('list', { name: 'Queue: All open' }).getByRole('listitem');
      await rows.first().waitFor();
      expect(await rows.first().textContent()).toContain('Priority');
      expect(await rows.first().textContent()).toContain('At risk: 14 min left');
      expect(await rows.nth(1).textContent()).toContain('Breached 20 min ago');
      // Nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      expect(await axe(page)).toEqual([]);
      await page.keyboard.press('j');
      await page.keyboard.press('Enter');
      await page.waitForURL(/#\/cases\/NF-000001$/);
      await page.getByRole('heading', { level: 1, name: /NF-000001/ }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      expect(await axe(page)).toEqual([]);
      await page.keyboard.press('r');
      await expect.poll(() => page.evaluate(() => {
        let a = document.activeElement;
        while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
        return a?.localName;
      })).toBe('textarea');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await page.waitForURL(/#\/queue\/all$/);
      await page.keyboard.press('?');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      expect(await axe(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
      expect(errors, errors.join('\n')).toEqual([]);
      await page.close();
    });
  }
});
