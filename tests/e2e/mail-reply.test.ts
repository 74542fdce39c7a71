// End to end, in Spanish and English: a customer sends a case from the help portal, an agent
// answers and solves it through the staff API, the development mailbox shows the mail with the
// case's Reply-To, the customer answers it by email from the mailbox's Reply form (the inbound
// path the SMTP server uses) with a screenshot, and the tracking page shows the reply and the
// case reopened. A reply sent over SMTP to the server's inbound port lands the same way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import type { Browser } from 'playwright-core';
import { launchBrowser, axe, watchErrors } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d5d0a40000000049454e44ae426082', 'hex');

const L = {
  es: {
    name: 'Nombre', email: 'Correo electrónico', subject: 'Asunto', description: 'Describe el problema', send: 'Enviar consulta',
    solvedSubject: 'Tu consulta está resuelta', replyHint: 'También puedes responder a este correo.', inProgress: 'En curso',
    reply: 'Sigue sin funcionar: adjunto una captura.',
  },
  en: {
    name: 'Name', email: 'Email', subject: 'Subject', description: 'Describe the problem', send: 'Send request',
    solvedSubject: 'Your request is solved', replyHint: 'You can also reply to this email.', inProgress: 'In progress',
    reply: 'Still broken: a screenshot is attached.',
  },
} as const;

describe('replies by email, end to end', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer('pglite', { AYUDA_INBOUND_SMTP_PORT: '0' }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  type Listed = { id: number; to: string; subject: string; replyTo: string | null; text: string };
  const mailbox = async (to: string) => ((await (await fetch(`${server.url}/dev/mailbox.json?to=${encodeURIComponent(to)}`)).json()) as { messages: Listed[] }).messages;

  for (const locale of ['es', 'en'] as const) {
    it(`answers a solved case from the mailbox and reopens it (${locale})`, async () => {
      const s = L[locale];
      const email = `mail-reply-${locale}@example.com`;
      const page = await browser.newPage({ locale: locale === 'es' ? 'es-ES' : 'en-GB' });
      const errors = watchErrors(page);

      await page.goto(`${server.url}/help/${locale}/contact`);
      await page.getByLabel(s.name).fill('Lucía Pérez');
      await page.getByLabel(s.email).fill(email);
      await page.getByLabel(s.subject).fill('El router no enciende');
      await page.getByLabel(s.description).fill('Desde esta mañana el router no enciende ninguna luz.');
      await page.getByRole('button', { name: s.send }).click();
      await page.waitForURL(/\/cases\/[\w-]+\?received=1$/);
      const trackingUrl = page.url().replace(/\?received=1$/, '');

      // The case's first mail already carries its reply address.
      const [received] = await mailbox(email);
      expect(received!.replyTo).toMatch(/^reply\+\d+-[0-9a-f]{20}@localhost$/);
      const reference = /\[([A-Z]+-\d+)\]/.exec(received!.subject)![1]!;

      const res = await fetch(`${server.url}/api/v1/staff/cases/${reference}/messages`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${server.staffToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ body: 'Hemos reiniciado tu línea.', status: 'solved' }),
      });
      expect(res.status).toBe(201);

      await page.goto(`${server.url}/dev/mailbox`);
      await page.getByRole('link', { name: `[${reference}] ${s.solvedSubject}` }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`[${reference}] ${s.solvedSubject}`);
      expect(await page.getByText(`Reply-To: ${received!.replyTo}`).count()).toBe(1);
      expect(await page.locator('pre').textContent()).toContain(s.replyHint);
      expect(await axe(page)).toEqual([]);

      await page.getByLabel('Reply', { exact: true }).fill(s.reply);
      await page.getByLabel('Attachments').setInputFiles({ name: 'captura.png', mimeType: 'image/png', buffer: PNG });
      await page.getByRole('button', { name: 'Send reply' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toContain('it was added to the case');

      await page.goto(trackingUrl);
      await page.getByText(s.reply).waitFor();
      expect(await page.getByRole('link', { name: /captura\.png/ }).count()).toBe(1);
      expect(await page.getByText(s.inProgress, { exact: true }).count()).toBeGreaterThan(0);
      expect(await axe(page)).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('takes the same reply over SMTP on the inbound port', async () => {
    expect(server.inboundSmtpPort).toEqual(expect.any(Number));
    const email = 'mail-reply-smtp@example.com';
    const created = await fetch(`${server.url}/api/v1/cases`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'mail-reply-smtp-1' },
      body: JSON.stringify({ name: 'Ana', email, subject: 'Sin conexión', description: 'No tengo conexión desde ayer por la tarde.', locale: 'en' }),
    });
    const c = (await created.json()) as { reference: string; trackingToken: string };
    const [received] = await mailbox(email);
    const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: server.inboundSmtpPort!, secure: false, ignoreTLS: true });
    const info = await smtp.sendMail({ from: email, to: received!.replyTo!, subject: `Re: ${received!.subject}`, text: 'Back online, thanks.\n\nOn Fri, Ayuda <support@localhost> wrote:\n> We have received your request' });
    expect(info.response).toMatch(/accepted/);
    const page = await browser.newPage({ locale: 'en-GB' });
    await page.goto(`${server.url}/help/en/cases/${c.trackingToken}`);
    await page.getByText('Back online, thanks.', { exact: true }).waitFor();
    expect(await page.getByText('We have received your request').count()).toBe(0);
    await page.close();
  });
});
