// End to end, in Chromium against the real server (PGlite, and PostgreSQL when DATABASE_URL is
// set; a fixed clock on Monday 23 November 2026, 09:00 in Madrid): a customer without JavaScript
// asks for a call on the portal (a wrong number is said beside its field, with what was typed
// kept), and an agent works the callback queue in the console: the fast lane first, the phone
// as a tel: link, an unanswered attempt and then the call that reaches the customer.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { AyudaClient } from '@ayuda/client';
import { axe, launchBrowser, watchErrors } from '../helpers/browser.js';
import { signInToConsole } from '../helpers/console.js';
import { loadConfig } from '../../packages/server/src/config.js';
import { startServer, type RunningServer } from '../../packages/server/src/server.js';
import { fixedClock } from '../../packages/server/src/clock.js';
import { createLogger } from '../../packages/server/src/http/logger.js';
import { createTestDatabase, browserTestDatabases } from '../../packages/server/src/testing/db.js';
import type { Database } from '../../packages/server/src/db/client.js';
import { callbacks, mailOutbox } from '../../packages/server/src/db/schema.js';
import { DEMO_KB_DIR, DEMO_SITE_DIR } from '../../packages/server/src/testing/app.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PASSWORD = 'una clave bien larga';

describe.each(browserTestDatabases())('callbacks from the portal to the console (%s)', (kind) => {
  let server: RunningServer;
  let database: Database;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(`${ROOT}packages/console/dist/app/index.html`)) {
      const r = spawnSync(process.execPath, [`${ROOT}packages/console/scripts/build.mjs`], { stdio: 'inherit' });
      if (r.status !== 0) throw new Error('the console build failed');
    }
    database = await createTestDatabase(kind);
    const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', AYUDA_KB_DIR: DEMO_KB_DIR, AYUDA_SITE_DIR: DEMO_SITE_DIR, AYUDA_COMPANY_NAME: 'Nubefibra', AYUDA_CASE_PREFIX: 'NF' });
    [server, browser] = await Promise.all([startServer(config, { database, clock: fixedClock('2026-11-23T08:00:00Z'), logger: createLogger('silent') }), launchBrowser()]);
    await server.ayuda.mail.stop();
    await server.ayuda.staff.ensureAccount({ email: 'ana@nubefibra.example', name: 'Ana Ruiz', role: 'agent', locale: 'en', password: PASSWORD });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it('a customer without JavaScript asks for a call; the agent sees it after a fast-lane one and reaches them on the second attempt', async () => {
    const context = await browser.newContext({ locale: 'es-ES', javaScriptEnabled: false });
    const page = await context.newPage();
    // The form refused is a 422 on purpose.
    const pageErrors = watchErrors(page, { ignore: (m) => /status of 422/.test(m.text()) });
    /** axe runs as a script: the page as served, checked in a page with JavaScript on at the same address. */
    const checked = await (await browser.newContext({ locale: 'es-ES' })).newPage();
    const axeOf = async () => {
      await checked.goto(`${server.url}/help/es/callback`);
      await checked.setContent(await page.content());
      return axe(checked);
    };
    await page.goto(`${server.url}/help/es/callback`);
    await page.getByLabel('Nombre').fill('Luis Gómez');
    await page.getByLabel('Correo electrónico').fill('luis@example.com');
    await page.getByLabel('Teléfono').fill('612 34');
    expect(await page.getByLabel('Día').inputValue()).toBe('2026-11-23');
    await page.getByLabel('Desde').fill('12:00');
    await page.getByLabel('Hasta').fill('14:00');
    await page.getByLabel('Sobre qué quieres hablar (opcional)').fill('La factura de noviembre');
    await page.getByRole('button', { name: 'Pedir la llamada' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.locator('#phone-error').textContent()).toBe('Este número no parece válido. Escríbelo completo; si no es de España, con su prefijo (+44…).');
    expect(await page.getByLabel('Nombre').inputValue()).toBe('Luis Gómez');
    expect(await page.getByLabel('Desde').inputValue()).toBe('12:00');
    expect(await axeOf()).toEqual([]);
    await page.getByLabel('Teléfono').fill('612 345 678');
    await page.getByRole('button', { name: 'Pedir la llamada' }).click();
    await page.getByRole('heading', { level: 1, name: 'Te llamaremos' }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain('Te llamaremos al +34 612 34 56 78 en este horario: lunes, 23 de noviembre de 2026, 12:00–14:00 CET.');
    expect(await axeOf()).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
    await checked.context().close();

    // Another customer's request, in the fast lane (their session proved an entitlement; set here directly).
    const fast = await new AyudaClient({ baseUrl: server.url, retryDelayMs: 1 }).requestCallback({ name: 'Eva Martín', email: 'eva@example.com', phone: '+44 20 7946 0958', windowStart: '2026-11-23T13:00:00Z', windowEnd: '2026-11-23T15:00:00Z', locale: 'en' });
    await database.db.update(callbacks).set({ lane: 'fast' }).where(eq(callbacks.id, fast.id));

    const { page: console_, errors } = await signInToConsole(browser, server.url, { email: 'ana@nubefibra.example', password: PASSWORD, locale: 'en' });
    await console_.getByRole('link', { name: 'Callbacks' }).click();
    await console_.getByRole('heading', { level: 1, name: 'Callbacks' }).waitFor();
    const items = console_.locator('ayuda-callbacks ol.list > li');
    await expect.poll(() => items.count()).toBe(2);
    expect(await items.nth(0).getByRole('heading', { level: 2 }).textContent()).toBe('Eva Martín');
    expect(await items.nth(0).textContent()).toContain('Priority');
    expect(await items.nth(1).getByRole('heading', { level: 2 }).textContent()).toBe('Luis Gómez');
    const luis = items.nth(1);
    expect(await luis.getByRole('link', { name: 'Call Luis Gómez: +34 612 34 56 78' }).getAttribute('href')).toBe('tel:+34612345678');
    expect(await luis.textContent()).toContain('Monday, 23 November 2026 at 12:00–14:00 CET');
    expect(await luis.textContent()).toContain('La factura de noviembre');
    expect(await axe(console_)).toEqual([]);

    await luis.getByLabel('No answer').check();
    await luis.getByLabel('Note (optional)').fill('Sonó seis veces');
    await luis.getByRole('button', { name: 'Record attempt' }).click();
    await console_.getByText('Attempt recorded for Luis Gómez: No answer.').waitFor();
    await luis.getByText('1 of 3 attempts unanswered').waitFor();
    await luis.getByLabel('Spoke to the customer').check();
    await luis.getByRole('button', { name: 'Record attempt' }).click();
    await console_.getByText('Callback to Luis Gómez done.').waitFor();
    await expect.poll(() => items.count()).toBe(1);
    await console_.getByRole('link', { name: 'Done', exact: true }).click();
    await expect.poll(async () => (await items.count()) === 1 && (await items.nth(0).getByRole('heading', { level: 2 }).textContent()) === 'Luis Gómez').toBe(true);
    expect(await items.nth(0).textContent()).toContain('Ana Ruiz: Spoke to the customer');
    expect(errors).toEqual([]);
    const [row] = await database.db.select().from(callbacks).where(eq(callbacks.email, 'luis@example.com'));
    expect(row).toMatchObject({ status: 'done', phone: '+34612345678' });
    expect((await database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, 'luis@example.com'))).map((m) => m.template)).toEqual(['callback_requested']);
  }, 120_000);
});
