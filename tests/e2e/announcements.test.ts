// End to end (issue 14.3): an agent publishes an outage notice through the staff API; a customer
// of the demo site sees it at the top of the widget when opening it, on every portal page, and
// again in the case form after picking its topic; in Spanish and in English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { AyudaStaffClient } from '@ayuda/client/staff';
import { launchBrowser, axe, watchErrors } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';

const LANGS = {
  es: { page: 'es-ES', launcher: 'Ayuda', region: 'Avisos', severity: 'Importante:', contact: 'Contactar con soporte', topic: /^Tema/, billing: 'Facturación y pagos', again: 'Incidencia conocida en este tema', title: 'Avería en Valencia', body: 'Trabajamos en ello, hora estimada 18:00.' },
  en: { page: 'en-GB', launcher: 'Help', region: 'Announcements', severity: 'Critical:', contact: 'Contact support', topic: /^Topic/, billing: 'Billing and payments', again: 'Known issue on this topic', title: 'Outage in Valencia', body: 'We are on it, expected fixed by 18:00.' },
} as const;

describe('announcements on the demo site', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let agent: AyudaStaffClient;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    const { token } = await server.ayuda.staffTokens.create('Guardia', 'agent');
    agent = new AyudaStaffClient({ baseUrl: server.url, staffToken: token });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const locale of ['es', 'en'] as const) {
    it(`shows an agent's notice in the widget, the portal and the case form (${locale})`, async () => {
      const s = LANGS[locale];
      const published = await agent.createAnnouncement({ locale, severity: 'critical', title: s.title, body: s.body, endsAt: new Date(Date.now() + 3_600_000).toISOString(), category: 'billing' });
      const page = await browser.newPage({ locale: s.page });
      const errors = watchErrors(page);

      // The widget: at the top of home when opened, in a polite status region.
      await page.goto(`${server.url}/${locale}/`);
      await page.getByRole('button', { name: s.launcher, exact: true }).click();
      const dialog = page.getByRole('dialog', { name: s.launcher });
      const region = dialog.getByRole('status', { name: s.region });
      await expect.poll(() => region.textContent()).toContain(s.title);
      expect(await region.textContent()).toContain(s.severity);
      expect(await region.evaluate((el) => el.parentElement!.getAttribute('aria-live'))).toBe('polite');
      expect(await axe(page)).toEqual([]);

      // The case form: picking the notice's topic shows it again beside the field.
      await dialog.getByRole('button', { name: s.contact }).click();
      const topic = dialog.getByRole('combobox', { name: s.topic });
      await expect.poll(() => topic.locator('option').count()).toBeGreaterThan(1);
      const form = dialog.locator('ayuda-case-form');
      expect(await form.getByText(s.title).count()).toBe(0);
      await topic.selectOption({ label: s.billing });
      await form.getByText(s.again).waitFor();
      expect(await form.locator(`[data-announcement="${published.id}"]`).textContent()).toContain(s.body);
      expect(await axe(page)).toEqual([]);

      // The portal: at the top of its pages, without JavaScript's help.
      for (const path of [`/help/${locale}/`, `/help/${locale}/contact`]) {
        await page.goto(`${server.url}${path}`);
        const status = page.getByRole('status', { name: s.region });
        expect(await status.textContent()).toContain(s.title);
        expect(await status.textContent()).toContain(s.severity);
      }
      expect(await axe(page)).toEqual([]);
      expect(errors, errors.join('\n')).toEqual([]);
      await page.close();
      await agent.withdrawAnnouncement(published.id);
    });
  }
});
