// End to end, in Chromium against the real server (PGlite, and PostgreSQL when DATABASE_URL is
// set; the server's clock and the page's fixed on Monday 23 November 2026, 09:00 in Madrid): an
// admin makes an appointment type in the console (the server's refusals shown at their fields),
// a working-time rule the recurrence library cannot read is refused at its field, the week's
// calendar draws the fast lane's reserve, and, with the keyboard only, the admin opens a
// standard appointment and proposes another time: nothing moves until its customer accepts;
// the admin's private calendar feed is made, replaced (the old address stops working) and revoked.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AyudaClient } from '@ayuda/client';
import { AyudaStaffClient } from '@ayuda/client/staff';
import { axe, launchBrowser } from '../helpers/browser.js';
import { signInToConsole } from '../helpers/console.js';
import { loadConfig } from '../../packages/server/src/config.js';
import { startServer, type RunningServer } from '../../packages/server/src/server.js';
import { fixedClock } from '../../packages/server/src/clock.js';
import { createLogger } from '../../packages/server/src/http/logger.js';
import { createTestDatabase, browserTestDatabases } from '../../packages/server/src/testing/db.js';
import type { Database } from '../../packages/server/src/db/client.js';
import { DEMO_KB_DIR, DEMO_SITE_DIR } from '../../packages/server/src/testing/app.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PASSWORD = 'una clave bien larga';
const NOW = '2026-11-23T08:00:00Z';
const weekdays = (from: string, to: string) => Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from, to }]]));
/** The console's shadow roots, pierced by Playwright's CSS locators. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let a: Element | null = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return { tag: a?.localName ?? '', type: (a as HTMLInputElement | null)?.type ?? '', text: a?.textContent?.replace(/\s+/g, ' ').trim() ?? '', value: (a as HTMLInputElement | null)?.value ?? '', checked: (a as HTMLInputElement | null)?.checked ?? false };
  });

describe.each(browserTestDatabases())('staff work the appointments in the console (%s)', (kind) => {
  let server: RunningServer;
  let database: Database;
  let browser: Browser;
  let staff: AyudaStaffClient;
  let adminId: number;
  let agentId: number;

  beforeAll(async () => {
    if (!existsSync(`${ROOT}packages/console/dist/app/index.html`)) {
      const r = spawnSync(process.execPath, [`${ROOT}packages/console/scripts/build.mjs`], { stdio: 'inherit' });
      if (r.status !== 0) throw new Error('the console build failed');
    }
    database = await createTestDatabase(kind);
    const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', AYUDA_KB_DIR: DEMO_KB_DIR, AYUDA_SITE_DIR: DEMO_SITE_DIR, AYUDA_COMPANY_NAME: 'Nubefibra', AYUDA_CASE_PREFIX: 'NF' });
    [server, browser] = await Promise.all([startServer(config, { database, clock: fixedClock(NOW), logger: createLogger('silent') }), launchBrowser()]);
    await server.ayuda.staff.ensureAccount({ email: 'ana@nubefibra.example', name: 'Ana Ruiz', role: 'admin', locale: 'en', password: PASSWORD });
    await server.ayuda.staff.ensureAccount({ email: 'luis@nubefibra.example', name: 'Luis Gil', role: 'agent', locale: 'es', password: PASSWORD });
    staff = new AyudaStaffClient({ baseUrl: server.url, staffToken: (await server.ayuda.staffTokens.create('e2e appointments')).token, retryDelayMs: 1 });
    const users = (await staff.staffUsers()).users;
    adminId = users.find((u) => u.email === 'ana@nubefibra.example')!.id;
    agentId = users.find((u) => u.email === 'luis@nubefibra.example')!.id;
    await staff.staffUpdateSettings('sla', {
      hours: { timeZone: 'Europe/Madrid', week: weekdays('09:00', '18:00'), holidays: [], specialDays: {} },
      policy: { standard: { firstResponse: 480, resolution: 2400, calendar: false }, fast: { firstResponse: 60, resolution: 480, calendar: false }, laneChange: 'fromChange' },
    });
    // Both work weekdays 09:00–17:00 (the admin's own rule is made in the console below).
    await staff.staffSaveAvailability(agentId, { rules: [{ rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', start: '09:00', end: '17:00', validFrom: '2026-11-01' }] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  async function signIn(): Promise<{ page: Page; errors: string[] }> {
    const s = await signInToConsole(browser, server.url, { email: 'ana@nubefibra.example', password: PASSWORD, locale: 'en' });
    // The page's clock is the server's: "still to come" means the same on both sides.
    await s.page.clock.setFixedTime(new Date(NOW));
    return s;
  }

  it('makes an appointment type: the server’s refusals are shown at their fields, then it is saved', async () => {
    const { page, errors } = await signIn();
    await page.getByRole('link', { name: 'Appointments' }).click();
    await page.getByRole('link', { name: 'Appointment types' }).click();
    await page.getByText('No appointment types yet.').waitFor();
    await page.getByRole('button', { name: 'New appointment type' }).click();
    const editor = page.locator('#type-editor');
    await editor.getByLabel('Key').fill('phone-call');
    await editor.getByLabel('Name in Spanish').fill('Llamada');
    await editor.getByLabel('Duration').fill('4');
    await editor.getByLabel('Held for priority').fill('60');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.locator('#f-reserveShare-error').waitFor();
    expect(await editor.locator('#f-name-en-error').textContent()).toBe('Write the name in English (up to 120 characters).');
    expect(await editor.locator('#f-durationMinutes-error').textContent()).toBe('A whole number from 5 to 480 minutes.');
    expect(await editor.locator('#f-reserveShare-error').textContent()).toBe('A percentage from 0 to 50.');
    expect(await editor.locator('#f-agentIds-error').textContent()).toBe('Choose at least one agent.');
    expect(await editor.getByLabel('Duration').getAttribute('aria-invalid')).toBe('true');
    expect(await axe(page)).toEqual([]);
    expect((await staff.staffAppointmentTypes()).types).toEqual([]);

    await editor.getByLabel('Name in English').fill('Phone call');
    await editor.getByLabel('Duration').fill('30');
    await editor.getByLabel('Held for priority').fill('10');
    await editor.getByLabel('Ana Ruiz').check();
    await editor.getByLabel('Luis Gil').check();
    await editor.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Edit Phone call' }).waitFor();
    const saved = (await staff.staffAppointmentTypes()).types[0]!;
    expect(saved).toMatchObject({ key: 'phone-call', name: { es: 'Llamada', en: 'Phone call' }, durationMinutes: 30, reserveShare: 0.1, releaseHours: 24, agentIds: [adminId, agentId].sort((a, b) => a - b), active: true });
    // The browser logs the refusal it was shown; nothing else.
    expect(errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
    await page.context().close();
  });

  it('refuses a working-time rule the recurrence library cannot read at its field, and saves the weekly one', async () => {
    const { page, errors } = await signIn();
    await page.goto(`${server.url}/console/#/appointments/availability`);
    await page.getByText('No working time: this agent has no slots.').waitFor();
    await page.getByRole('button', { name: 'Add working time' }).click();
    // A weekly rule made as text, with a day the library does not know.
    await page.getByRole('button', { name: 'Edit as a rule' }).click();
    await page.getByLabel('Recurrence rule (RRULE)').fill('FREQ=WEEKLY;BYDAY=MO,XX');
    await page.getByRole('button', { name: 'Save working time' }).click();
    const error = page.locator('#f-rules-0-rrule-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('Write an RFC 5545 rule, e.g. FREQ=WEEKLY;BYDAY=MO,TU.');
    expect(await page.getByLabel('Recurrence rule (RRULE)').getAttribute('aria-invalid')).toBe('true');
    expect(await axe(page)).toEqual([]);
    await page.getByLabel('Recurrence rule (RRULE)').fill('FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR');
    await page.getByLabel('Valid from').fill('2026-11-01');
    await page.getByRole('button', { name: 'Save working time' }).click();
    await page.getByText('Ana Ruiz’s working time saved.').waitFor();
    // Saved as a plain weekly rule, it comes back as weekday boxes.
    expect(await page.getByRole('checkbox', { name: 'Friday' }).isChecked()).toBe(true);
    expect((await staff.staffAvailability(adminId)).rules).toEqual([{ rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', start: '09:00', end: '17:00', validFrom: '2026-11-01', validUntil: null }]);
    expect(errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
    await page.context().close();
  });

  it('draws the reserve in the week, and with the keyboard only proposes another time for a standard appointment; it stays until the customer accepts', async () => {
    // A standard customer books Wednesday's first unheld slot through the public API.
    const customer = new AyudaClient({ baseUrl: server.url, retryDelayMs: 1 });
    const slots = await customer.appointmentSlots({ type: 'phone-call', from: '2026-11-25', to: '2026-11-25' });
    expect(slots.lane).toBe('standard');
    const booked = await customer.bookAppointment({ type: 'phone-call', start: slots.slots[0]!.start, name: 'Marta Gómez', email: 'marta@example.com', phone: '+34 600 111 222', locale: 'en' });

    const { page, errors } = await signIn();
    await page.goto(`${server.url}/console/#/appointments/calendar?date=2026-11-25&view=day`);
    const grid = page.getByRole('grid');
    await grid.waitFor();
    expect(await page.getByText('Times in the company’s time zone (Europe/Madrid).').isVisible()).toBe(true);
    // Two agents × sixteen half hours: ceil(10 % × 32) = 4 held, drawn with words.
    const held = await grid.locator('.unit.held').allTextContents();
    expect(held.length).toBe(4);
    for (const h of held) expect(h).toMatch(/★ 1 slot held for priority/);
    expect(await grid.getByRole('button', { name: /Marta Gómez/ }).textContent()).toContain('Standard');
    expect(await axe(page)).toEqual([]);

    // Keyboard only: into the grid, arrows to the appointment, Enter.
    await grid.locator('[tabindex="0"]').focus();
    for (let i = 0; i < 40 && !(await focused(page)).text.includes('Marta Gómez'); i++) {
      await page.keyboard.press(i % 20 === 19 ? 'ArrowRight' : 'ArrowDown');
    }
    expect((await focused(page)).text).toContain('Marta Gómez');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Marta Gómez' });
    await dialog.waitFor();
    await dialog.locator('input[type=radio]').first().waitFor();
    expect(await axe(page)).toEqual([]);
    for (let i = 0; i < 30 && (await focused(page)).type !== 'radio'; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    const chosen = await focused(page);
    expect(chosen.checked).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.type('A priority-support customer needs this time');
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('Send the proposal to Marta Gómez');
    await page.keyboard.press('Enter');
    await dialog.getByText('Proposal sent to marta@example.com. Nothing changes until the customer accepts').waitFor();
    expect(await dialog.getByText(/^Move proposed: /).isVisible()).toBe(true);

    // The appointment has not moved; the proposal waits with the time chosen.
    const now = await staff.staffAppointment(booked.id);
    expect(now.start).toBe(booked.start);
    expect(now.status).toBe('booked');
    expect(now.pendingMove?.start).toBe(new Date(chosen.value).toISOString());
    expect(now.moves).toEqual([]);

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await focused(page)).text).toContain('Marta Gómez');
    // The calendar says a move is proposed, once it has reloaded (the dialog's change event starts that).
    await grid.getByRole('button', { name: /Marta Gómez/ }).getByText('move proposed').waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('makes the private calendar feed, shows its address once, replaces it (the old one stops working) and revokes it', async () => {
    const { page, errors } = await signIn();
    await page.getByRole('link', { name: 'Appointments' }).click();
    await page.getByRole('link', { name: 'My calendar feed' }).click();
    await page.getByText('You have no calendar address yet.').waitFor();
    expect(await axe(page)).toEqual([]);
    // The address's path, on this server (its public URL is configured apart).
    const shown = async () => new URL((await page.locator('.secret code').textContent())!).pathname;
    const fetchFeed = (path: string) => fetch(`${server.url}${path}`);
    await page.getByRole('button', { name: 'Create the address' }).click();
    await page.getByText('Copy it now: it will not be shown again.').waitFor();
    const first = await shown();
    const ics = await fetchFeed(first);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(await ics.text()).toContain('BEGIN:VCALENDAR');
    expect(await axe(page)).toEqual([]);

    await page.getByRole('button', { name: 'Replace the address' }).click();
    await page.getByRole('alertdialog', { name: 'Replace the calendar address?' }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(shown).not.toBe(first);
    const second = await shown();
    expect((await fetchFeed(first)).status).toBe(404);
    expect((await fetchFeed(second)).status).toBe(200);

    await page.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('alertdialog', { name: 'Revoke the calendar address?' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByText('You have no calendar address yet.').waitFor();
    expect((await fetchFeed(second)).status).toBe(404);
    expect(await page.locator('.secret').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
