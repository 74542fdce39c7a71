// End to end: a customer reaches the demo at an address other than the public URL. Once an
// admin allows that origin, the case's tracking links (the widget's confirmation and the mails)
// point there and work; the reply made with a staff token is signed with the company's name,
// not the token's; taken off the list, the origin is no longer used.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, watchErrors } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';

type AyudaWindow = Window & { Ayuda?: { contact(): Promise<void> } };

const TEXT = {
  es: { form: 'Contactar con soporte', name: 'Tu nombre', email: 'Correo electrónico', subject: 'Asunto', description: '¿Qué ha pasado?', send: 'Enviar', received: 'Hemos recibido tu consulta', track: 'Seguir tu consulta', lost: 'Enviarme los enlaces' },
  en: { form: 'Contact support', name: 'Your name', email: 'Email', subject: 'Subject', description: 'What happened?', send: 'Send', received: 'We have received your request', track: 'Follow your request', lost: 'Send me the links' },
} as const;

describe('links on the address the customer came from', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  const staff = () => ({ Authorization: `Bearer ${server.staffToken}`, 'Content-Type': 'application/json' });
  const setOrigins = async (origins: string[]) => {
    const res = await fetch(`${server.url}/api/v1/staff/settings/origins`, { method: 'PUT', headers: staff(), body: JSON.stringify({ origins }) });
    expect(res.status).toBe(200);
  };
  /** The links to tracking pages in the newest mail about `reference`, from the development mailbox. */
  const mailedLinks = async (page: Page, subject: RegExp) => {
    await server.ayuda.mail.drainAll();
    await page.goto(`${server.url}/dev/mailbox`);
    await page.getByRole('link', { name: subject }).first().click();
    return page.getByRole('link', { name: /\/help\/(es|en)\/cases\// }).evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  };

  beforeAll(async () => {
    // The public URL is one the browser cannot reach: only an allowed origin makes working links.
    [server, browser] = await Promise.all([startTestServer('pglite', { AYUDA_PUBLIC_URL: 'https://help.nubefibra.example' }), launchBrowser()]);
    await setOrigins([server.url]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const locale of ['es', 'en'] as const) {
    it(`${locale}: the widget's confirmation and the mails link to the allowed origin, and a token's reply is signed by the company`, async () => {
      const s = TEXT[locale];
      const page = await browser.newPage({ locale: locale === 'es' ? 'es-ES' : 'en-GB' });
      const errors = watchErrors(page);
      await page.goto(`${server.url}/${locale}/`);
      await page.evaluate(() => (window as AyudaWindow).Ayuda!.contact());
      const form = page.getByRole('dialog').getByRole('form', { name: s.form });
      await form.getByLabel(s.name).fill('Lucía Pérez');
      await form.getByLabel(s.email).fill(`links-${locale}@example.com`);
      await form.getByLabel(s.subject).fill(`Router ${locale} sin luz`);
      await form.getByLabel(s.description).fill('El router no enciende desde esta mañana.');
      await form.getByRole('button', { name: s.send }).click();
      await page.getByRole('dialog').getByRole('heading', { name: s.received }).waitFor();
      const track = await page.getByRole('dialog').getByRole('link', { name: s.track }).getAttribute('href');
      expect(track).toMatch(new RegExp(`^${server.url}/help/${locale}/cases/[\\w-]{20,}$`));
      const reference = (await page.getByRole('dialog').locator('strong.reference').textContent())!;

      const reply = await fetch(`${server.url}/api/v1/staff/cases/${reference}/messages`, { method: 'POST', headers: staff(), body: JSON.stringify({ body: 'Ya está arreglado.' }) });
      expect(reply.status).toBe(201);
      // Both mails (received, replied) carry the same working link.
      expect(await mailedLinks(page, new RegExp(reference))).toEqual([track]);
      await page.goto(track!);
      const message = page.getByRole('listitem').filter({ hasText: 'Ya está arreglado.' });
      await message.waitFor();
      expect(await message.getByRole('strong').textContent()).toBe('Nubefibra');
      expect(await page.content()).not.toContain('>e2e<');
      expect(errors, errors.join('\n')).toEqual([]);
      await page.close();
    });
  }

  it('uses the public URL once the origin is taken off the list', async () => {
    await setOrigins([]);
    try {
      const page = await browser.newPage({ locale: 'es-ES' });
      await page.goto(`${server.url}/help/es/cases`);
      await page.getByLabel(TEXT.es.email).fill('links-es@example.com');
      await page.getByRole('button', { name: TEXT.es.lost }).click();
      await page.waitForURL(/sent=1/);
      await server.ayuda.jobs.drainAll();
      const links = await mailedLinks(page, /Los enlaces de tus consultas/);
      expect(links.length).toBeGreaterThan(0);
      for (const href of links) expect(href).toMatch(/^https:\/\/help\.nubefibra\.example\/help\/es\/cases\//);
      await page.close();
    } finally {
      await setOrigins([server.url]);
    }
  });
});
