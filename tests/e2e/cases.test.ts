// End to end: a customer on the demo company's site opens the widget, starts a support case,
// sees an article suggested while typing and ignores it, sends the case while the network fails
// (the draft survives a reload), sends it again (same Idempotency-Key, one case), gets the
// reference, opens the tracking link from the development mailbox, sees the agent's reply sent
// through the staff API, and answers from the tracking page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, axe } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';

type AyudaWindow = Window & { Ayuda?: { open(): Promise<void>; contact(): Promise<void> } };

describe('support cases from the widget, end to end', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('submits a case through a network failure without a duplicate, and follows it to a reply', async () => {
    const page = await browser.newPage({ locale: 'es-ES' });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));

    // The first POST /api/v1/cases fails on the network; every attempt's Idempotency-Key is noted.
    const keys: string[] = [];
    await page.route('**/api/v1/cases', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      keys.push((await route.request().headerValue('idempotency-key')) ?? '');
      return keys.length === 1 ? route.abort('internetdisconnected') : route.continue();
    });

    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'Ayuda', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Ayuda' });
    // A search with no result offers to contact support, which opens the case form in the panel.
    await dialog.getByRole('combobox', { name: 'Buscar en la ayuda' }).pressSequentially('qwertyuiop');
    await dialog.getByRole('button', { name: 'Contactar con soporte' }).first().click();
    const form = dialog.getByRole('form', { name: 'Contactar con soporte' });
    await form.waitFor();

    await form.getByLabel('Tu nombre').fill('Lucía Pérez');
    await form.getByLabel('Correo electrónico').fill('lucia@example.com');
    await form.getByLabel('Asunto').fill('No puedo cambiar la contraseña del wifi');
    // A suggestion appears while typing; the customer reads its title and goes on.
    const suggestions = form.getByRole('region', { name: 'Estos artículos pueden resolver tu duda' });
    await suggestions.getByRole('link').first().waitFor();
    expect(await suggestions.getByRole('link').first().textContent()).toMatch(/Wi-Fi/);
    expect(await axe(page)).toEqual([]);
    await form.getByLabel('¿Qué ha pasado?').fill('He seguido el artículo pero el router no guarda la nueva contraseña.');

    await form.getByRole('button', { name: 'Enviar' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('No hemos podido enviar tu consulta');
    expect(await axe(page)).toEqual([]);

    // The draft survives a reload.
    await page.reload();
    await page.evaluate(() => (window as AyudaWindow).Ayuda!.contact());
    await form.waitFor();
    expect(await form.getByLabel('Asunto').inputValue()).toBe('No puedo cambiar la contraseña del wifi');
    expect(await form.getByLabel('¿Qué ha pasado?').inputValue()).toBe('He seguido el artículo pero el router no guarda la nueva contraseña.');

    await form.getByRole('button', { name: 'Enviar' }).click();
    const confirmation = dialog.getByRole('heading', { name: 'Hemos recibido tu consulta' });
    await confirmation.waitFor();
    const reference = (await dialog.locator('ayuda-case-form strong.reference').textContent())!;
    expect(reference).toMatch(/^[A-Z]+-\d{6}$/);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(await axe(page)).toEqual([]);
    const staff = { Authorization: `Bearer ${server.staffToken}` };
    const queue = (await (await fetch(`${server.url}/api/v1/staff/cases?status=new`, { headers: staff })).json()) as { cases: Array<{ reference: string; subject: string }> };
    expect(queue.cases.filter((c) => c.subject === 'No puedo cambiar la contraseña del wifi')).toHaveLength(1);

    // The agent answers through the staff API.
    const reply = await fetch(`${server.url}/api/v1/staff/cases/${reference}/messages`, {
      method: 'POST',
      headers: { ...staff, 'Content-Type': 'application/json' },
      body: JSON.stringify({ body: 'Hola Lucía, prueba a reiniciar el router.' }),
    });
    expect(reply.status).toBe(201);

    // The tracking link, from the mail in the development mailbox.
    await server.ayuda.mail.drainAll();
    await page.goto(`${server.url}/dev/mailbox`);
    await page.getByRole('link', { name: new RegExp(reference) }).first().click();
    const href = (await page.getByRole('link', { name: /\/help\/es\/cases\// }).first().getAttribute('href'))!;
    expect(href).toMatch(/\/help\/es\/cases\/[\w-]{20,}$/);
    // The mail links to the server's public URL; the test server listens on another port.
    await page.goto(server.url + new URL(href).pathname);
    await page.getByText('Hola Lucía, prueba a reiniciar el router.').waitFor();

    // The customer answers from the tracking page (it works without JavaScript).
    await page.getByLabel('Tu respuesta').fill('Ya funciona, gracias.');
    await page.getByRole('button', { name: 'Enviar respuesta' }).click();
    await page.getByText('Ya funciona, gracias.').last().waitFor();
    const full = (await (await fetch(`${server.url}/api/v1/staff/cases/${reference}`, { headers: staff })).json()) as { channel: string; messages: Array<{ author: string; body: string }> };
    expect(full.channel).toBe('widget');
    expect(full.messages.map((m) => [m.author, m.body])).toEqual([
      ['customer', 'He seguido el artículo pero el router no guarda la nueva contraseña.'],
      ['staff', 'Hola Lucía, prueba a reiniciar el router.'],
      ['customer', 'Ya funciona, gracias.'],
    ]);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });
});
