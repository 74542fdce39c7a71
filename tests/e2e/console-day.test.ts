// End to end, issue 12's day in the console, in Chromium against the real server (PGlite, and
// PostgreSQL when DATABASE_URL is set; the Stripe emulator; a fixed clock on a Monday morning):
// an agent signs in, sees a paid fast-lane
// case above an older standard one, opens it with the keyboard, replies with a help article
// link, the customer reads the reply on the tracking page and gets the mail, the agent solves
// it and the timer's entry is there; a second agent's screen shows a new case without a
// reload; an admin approves a refund that waits for staff.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axe, watchErrors } from '../helpers/browser.js';
import { startFastlaneBrowserTest, type FastlaneTestServer } from '../helpers/fastlane.js';
import { browserTestDatabases } from '../../packages/server/src/testing/db.js';

const PASSWORD = 'una clave bien larga';

/** The focused element's tag and text, through shadow roots. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return { tag: a?.localName ?? '', text: a?.textContent ?? '', reference: (a as HTMLElement | null)?.dataset?.reference ?? '' };
  });

describe.each(browserTestDatabases())('a day in the staff console (%s)', (kind) => {
  let t: FastlaneTestServer;
  let browser: Browser;
  let paid: { reference: string; trackingToken: string; orderId: number; customerToken: string; email: string };
  let older: { reference: string };

  beforeAll(async () => {
    [t, browser] = await startFastlaneBrowserTest(kind);
    await t.server.ayuda.staff.ensureAccount({ email: 'marta@nubefibra.example', name: 'Marta Gil', role: 'agent', locale: 'es', password: PASSWORD });
    await t.server.ayuda.staff.ensureAccount({ email: 'luis@nubefibra.example', name: 'Luis Mora', role: 'agent', locale: 'es', password: PASSWORD });
    await t.server.ayuda.staff.ensureAccount({ email: 'ana@nubefibra.example', name: 'Ana Ruiz', role: 'admin', locale: 'es', password: PASSWORD });
    // An older standard case, then a newer one whose customer pays for the fast lane.
    older = await t.submitCase('pedro@example.com', 'La factura llega duplicada');
    const email = 'lucia@example.com';
    const fresh = await t.submitCase(email, 'Sin conexión desde esta mañana');
    const customerToken = await t.signIn(email);
    const checkout = await t.api('/api/v1/fastlane/checkout', { json: { plan: 'incident', trackingToken: fresh.trackingToken, locale: 'es' }, bearer: customerToken, headers: { 'Idempotency-Key': 'day-checkout' } });
    const { sessionId, orderId } = (await checkout.json()) as { sessionId: string; orderId: number };
    t.emulator.payCheckoutSession(sessionId, '4242424242424242');
    await t.emulator.webhooks.waitForIdle();
    paid = { ...fresh, orderId, customerToken, email };
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(email: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ locale: 'es-ES', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page, { ignore: (m) => /status of 401/.test(m.text()) && /\/api\/v1\/staff\/session$/.test(m.location().url) });
    await page.goto(`${t.server.url}/console/`);
    await page.getByLabel('Correo electrónico').fill(email);
    await page.getByLabel('Contraseña').fill(PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('navigation', { name: 'Colas' }).waitFor();
    return { page, errors };
  }

  it('works a paid case from the queue to solved by keyboard, and the customer gets the reply', async () => {
    const { page, errors } = await signIn('marta@nubefibra.example');
    const rows = page.getByRole('list', { name: 'Cola: Todos abiertos' }).getByRole('listitem');
    await expect.poll(() => rows.count()).toBe(2);
    // The fast lane first, though its case is newer.
    expect(await rows.nth(0).textContent()).toContain(paid.reference);
    expect(await rows.nth(0).textContent()).toContain('Prioritario');
    expect(await rows.nth(1).textContent()).toContain(older.reference);
    expect(await rows.nth(0).textContent()).toMatch(/quedan \d+ (h \d+ )?min|En riesgo/);
    expect(await axe(page)).toEqual([]);

    // j moves to the second row, k back to the first; Enter opens it.
    await page.keyboard.press('j');
    await expect.poll(async () => (await focused(page)).reference).toBe(older.reference);
    await page.keyboard.press('k');
    await expect.poll(async () => (await focused(page)).reference).toBe(paid.reference);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: new RegExp(paid.reference) }).waitFor();
    expect(await page.getByText('Sin conexión desde esta mañana').count()).toBeGreaterThan(0);

    // The timer started on opening.
    await expect
      .poll(async () => ((await (await t.staff(`/cases/${paid.reference}/time`)).json()) as { entries: Array<{ endedAt: string | null; user: { name: string } }> }).entries.filter((e) => e.user.name === 'Marta Gil').length)
      .toBe(1);

    // r: a reply, with a help article's link found from the composer.
    await page.keyboard.press('r');
    await expect.poll(async () => (await focused(page)).tag).toBe('textarea');
    await page.keyboard.type('Hola Lucía, mientras lo revisamos: ');
    await page.getByText('Insertar un enlace a un artículo de ayuda').click();
    await page.getByLabel('Buscar artículos de ayuda').fill('pagar factura');
    await page.getByRole('button', { name: /^Insertar\W+Cómo pagar tu factura$/ }).click();
    await page.keyboard.press('Control+Enter');
    await page.getByText('Respuesta enviada.').waitFor();

    // The customer reads it on the tracking page (the link as a link), and got the mail.
    const tracking = await browser.newPage();
    await tracking.goto(`${t.server.url}/help/es/cases/${paid.trackingToken}`);
    await tracking.getByText('Hola Lucía, mientras lo revisamos:').waitFor();
    expect(await tracking.getByRole('link', { name: 'Cómo pagar tu factura' }).getAttribute('href')).toMatch(/\/help\/es\/articles\/pagar-factura$/);
    await tracking.close();
    await expect.poll(async () => (await t.lastMailTo(paid.email))?.text ?? '').toContain('Hola Lucía, mientras lo revisamos');

    // Escape leaves the text box (an s typed there is text), s solves; leaving the case stops the timer.
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await focused(page)).tag).toBe('h1');
    await page.keyboard.press('s');
    await page.getByText(`${paid.reference} resuelto.`).waitFor();
    const view = (await (await t.staff(`/cases/${paid.reference}`)).json()) as { status: string; messages: Array<{ author: string; body: string }> };
    expect(view.status).toBe('solved');
    expect(view.messages.at(-1)!.body).toContain('[Cómo pagar tu factura](');
    await page.keyboard.press('Escape');
    await page.waitForURL(/#\/queue\/all$/);
    await expect
      .poll(async () => ((await (await t.staff(`/cases/${paid.reference}/time`)).json()) as { entries: Array<{ endedAt: string | null }> }).entries.every((e) => e.endedAt !== null))
      .toBe(true);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.context().close();
  });

  it('shows a second agent a new case without reloading', async () => {
    const { page, errors } = await signIn('luis@nubefibra.example');
    const rows = page.getByRole('list', { name: 'Cola: Todos abiertos' }).getByRole('listitem');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    const fresh = await t.submitCase('nuevo@example.com', 'Caso recién llegado');
    await page.getByRole('listitem').filter({ hasText: fresh.reference }).waitFor({ timeout: 10_000 });
    expect(await page.getByText(`Nuevo caso ${fresh.reference}.`).count()).toBe(1);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.context().close();
  });

  it('asks before s solves a case whose customer wrote after the last answer: no "solved" mail until the agent confirms', async () => {
    const email = 'espera@example.com';
    const waiting = await t.submitCase(email, 'Sigo sin línea tras reiniciar');
    expect((await t.staff(`/cases/${waiting.reference}/messages`, { json: { body: '¿Has reiniciado el router?' } })).status).toBe(201);
    expect((await t.api(`/api/v1/cases/track/${waiting.trackingToken}/messages`, { json: { body: 'Sí, y sigue igual.' } })).status).toBe(201);
    const solvedMails = async () => ((await t.lastMailTo(email))?.template === 'case_solved' ? 1 : 0);
    const status = async () => ((await (await t.staff(`/cases/${waiting.reference}`)).json()) as { status: string }).status;
    const { page, errors } = await signIn('luis@nubefibra.example');
    const row = page.getByRole('listitem').filter({ hasText: waiting.reference });
    await row.getByRole('link').focus();
    await page.keyboard.press('s');
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText('El último mensaje es del cliente y aún no tiene respuesta').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await status()).not.toBe('solved');
    expect(await solvedMails()).toBe(0);
    await row.getByRole('link').focus();
    await page.keyboard.press('s');
    await dialog.waitFor();
    await page.keyboard.press('y');
    await page.getByText(`${waiting.reference} resuelto.`).waitFor();
    expect(await status()).toBe('solved');
    await expect.poll(solvedMails).toBe(1);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.context().close();
  });

  it('warns two agents in the same case of each other: viewing, then typing', async () => {
    const marta = await signIn('marta@nubefibra.example');
    const luis = await signIn('luis@nubefibra.example');
    await marta.page.goto(`${t.server.url}/console/#/cases/${older.reference}`);
    await marta.page.getByRole('heading', { level: 1, name: new RegExp(older.reference) }).waitFor();
    await luis.page.goto(`${t.server.url}/console/#/cases/${older.reference}`);
    await luis.page.getByRole('heading', { level: 1, name: new RegExp(older.reference) }).waitFor();
    await marta.page.getByText('Luis Mora también está viendo este caso.').waitFor();
    await luis.page.keyboard.press('r');
    await luis.page.keyboard.type('Estoy en ello');
    await marta.page.getByText('Luis Mora está escribiendo en este caso.').waitFor();
    expect(await axe(marta.page)).toEqual([]);
    // Luis closes his tab: the notice goes. (The tab, not his whole browser: its "left" is a
    // keepalive request sent on pagehide, which the browser finishes after the tab is gone;
    // closing the browser context at once could cut it off on a loaded machine.)
    await luis.page.close({ runBeforeUnload: true });
    await expect.poll(() => marta.page.getByText(/Luis Mora (también está viendo|está escribiendo)/).count(), { timeout: 10_000 }).toBe(0);
    expect([...marta.errors, ...luis.errors]).toEqual([]);
    await luis.page.context().close();
    await marta.page.context().close();
  });

  it('keeps working in a tab after another tab of the same browser signed in again (a new session and CSRF token)', async () => {
    const { page, errors } = await signIn('luis@nubefibra.example');
    await page.goto(`${t.server.url}/console/#/cases/${older.reference}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(older.reference) }).waitFor();
    const other = await page.context().newPage();
    await other.goto(`${t.server.url}/console/`);
    await other.getByRole('button', { name: 'Salir', exact: true }).click();
    await other.getByLabel('Correo electrónico').fill('luis@nubefibra.example');
    await other.getByLabel('Contraseña').fill(PASSWORD);
    await other.getByRole('button', { name: 'Entrar' }).click();
    await other.getByRole('navigation', { name: 'Colas' }).waitFor();
    // The first tab's CSRF token is stale: its change is sent again with the new one.
    await page.bringToFront();
    await page.getByRole('heading', { level: 1 }).focus();
    await page.keyboard.press('a');
    await page.getByText(`${older.reference} asignado a ti.`).waitFor();
    const c = (await (await t.staff(`/cases/${older.reference}`)).json()) as { assignee: string | null };
    expect(c.assignee).toBe('Luis Mora');
    // The refused first attempt shows in the tab's log as a 403; nothing else does.
    expect(errors.filter((e) => !/status of 403/.test(e))).toEqual([]);
    await page.context().close();
  });

  it('lets an admin approve a refund that waits for staff, from the customer beside the case', async () => {
    const asked = await t.api(`/api/v1/fastlane/orders/${paid.orderId}/refund`, { json: { reason: 'Ya no lo necesito' }, bearer: paid.customerToken });
    expect(asked.status).toBe(202);
    const { id } = (await asked.json()) as { id: number };
    const { page, errors } = await signIn('ana@nubefibra.example');
    await page.goto(`${t.server.url}/console/#/cases/${paid.reference}`);
    const customer = page.getByRole('complementary', { name: 'Cliente' });
    await customer.getByText('Esperando al equipo').waitFor();
    expect(await axe(page)).toEqual([]);
    await customer.getByRole('button', { name: /^Aprobar/ }).click();
    await page.getByText('Reembolso aprobado.').waitFor();
    const refunds = (await (await t.staff(`/cases/${paid.reference}`)).json()) as { customer: { fastlane: { refunds: Array<{ id: number; status: string }> } } };
    expect(refunds.customer.fastlane.refunds.find((r) => r.id === id)?.status).toBe('succeeded');
    expect(errors, errors.join('\n')).toEqual([]);
    await page.context().close();
  });
});
