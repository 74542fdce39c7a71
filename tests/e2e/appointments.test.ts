// End to end, in Chromium against the real server (PGlite, and PostgreSQL when DATABASE_URL is
// set; the Stripe emulator; the server's clock and the pages' fixed on Monday 23 November 2026,
// 09:00 UTC, 10:00 in Madrid), issue 16's "done when": a standard customer and a fast-lane
// customer (an active subscription, paid through the emulator) each book from the widget's
// <ayuda-booking>; the standard one is never offered a time the staff view marks `reserved`, the
// fast-lane one books such a time; an admin proposes in the console to move the standard
// appointment and it keeps its time until its customer opens the mail's link and accepts, then
// the move is recorded; and the console's callback queue lists a fast-lane request before a
// standard one made earlier.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AyudaClient } from '@ayuda/client';
import { AyudaStaffClient } from '@ayuda/client/staff';
import { axe, watchErrors } from '../helpers/browser.js';
import { signInToConsole } from '../helpers/console.js';
import { startFastlaneBrowserTest, type FastlaneTestServer } from '../helpers/fastlane.js';
import { browserTestDatabases } from '../../packages/server/src/testing/db.js';

const NOW = '2026-11-23T09:00:00Z'; // the fast-lane server's fixed clock
const DAY = '2026-11-25'; // Wednesday: more than the 24 h release time away, so the reserve holds
const TYPE = 'phone-call';
const PASSWORD = 'una clave bien larga';
const weekdays = (from: string, to: string) => Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from, to }]]));
const iso = (s: string) => new Date(s).toISOString();

describe.each(browserTestDatabases())('appointments and callbacks with capacity held for the fast lane (%s)', (kind) => {
  let t: FastlaneTestServer;
  let browser: Browser;
  let staff: AyudaStaffClient;
  let staffToken: string;
  let fastSession: string;
  let standardId: string;
  const FAST = 'eva@example.com';
  const STANDARD = 'marta@example.com';

  beforeAll(async () => {
    [t, browser] = await startFastlaneBrowserTest(kind);
    await t.server.ayuda.staff.ensureAccount({ email: 'ana@nubefibra.example', name: 'Ana Ruiz', role: 'admin', locale: 'en', password: PASSWORD });
    staffToken = (await t.server.ayuda.staffTokens.create('e2e appointments')).token;
    staff = new AyudaStaffClient({ baseUrl: t.server.url, staffToken, retryDelayMs: 1 });
    const agentId = (await staff.staffUsers()).users.find((u) => u.email === 'ana@nubefibra.example')!.id;
    await staff.staffUpdateSettings('sla', {
      hours: { timeZone: 'Europe/Madrid', week: weekdays('09:00', '18:00'), holidays: [], specialDays: {} },
      policy: { standard: { firstResponse: 480, resolution: 2400, calendar: false }, fast: { firstResponse: 60, resolution: 480, calendar: false }, laneChange: 'fromChange' },
    });
    // One agent, weekdays 09:00–17:00 in Madrid: sixteen half hours a day, ceil(10 % × 16) = 2 held.
    await staff.staffSaveAvailability(agentId, { rules: [{ rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', start: '09:00', end: '17:00', validFrom: '2026-11-01' }] });
    await staff.staffSaveAppointmentType(TYPE, { key: TYPE, name: { es: 'Llamada', en: 'Phone call' }, mode: 'phone', durationMinutes: 30, bufferMinutes: 0, agentIds: [agentId], reserveShare: 0.1, releaseHours: 24 });

    // The fast-lane customer: signed in with the mailed code, subscribed through the emulator.
    fastSession = await t.signIn(FAST, 'en');
    const res = await t.api('/api/v1/fastlane/checkout', { json: { plan: 'monthly', locale: 'en' }, bearer: fastSession, headers: { 'Idempotency-Key': `sub-${FAST}` } });
    const { sessionId } = (await res.json()) as { sessionId: string };
    expect((await t.emulator.payCheckoutSession(sessionId, '4242424242424242')).ok).toBe(true);
    await t.emulator.webhooks.waitForIdle();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** The day's slots as staff see them (`reserved` on the held ones). */
  async function staffSlots(day: string): Promise<Array<{ start: string; reserved?: boolean }>> {
    const r = await t.api(`/api/v1/appointments/slots?type=${TYPE}&from=${day}&to=${day}`, { bearer: staffToken });
    expect(r.status).toBe(200);
    return ((await r.json()) as { slots: Array<{ start: string; reserved?: boolean }> }).slots;
  }

  /** The server's home page with the widget, on the server's clock, in Madrid, optionally signed in to the fast lane. */
  async function widgetPage(session?: { token: string; email: string }): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Madrid' });
    const page = await context.newPage();
    await page.clock.setFixedTime(new Date(NOW));
    const errors = watchErrors(page, { timeout: 15_000 });
    await page.goto(`${t.server.url}/`);
    await page.waitForFunction(() => 'Ayuda' in window);
    if (session) {
      await page.evaluate(
        ({ server, token, email }) => sessionStorage.setItem(`ayuda:fastlane:session:${server}`, JSON.stringify({ token, expiresAt: new Date(Date.parse('2026-11-23T09:00:00Z') + 3_600_000).toISOString(), email })),
        { server: t.server.url, ...session },
      );
    }
    await page.evaluate(() => (window as unknown as { Ayuda: { open(): Promise<void> } }).Ayuda.open());
    await page.getByRole('button', { name: 'Book a call' }).click();
    const booking = page.locator('ayuda-booking');
    await booking.getByRole('heading', { name: 'Book a call' }).waitFor();
    // One type: chosen from the list, or chosen already.
    const typeButton = booking.getByRole('button', { name: /Phone call/ });
    if (await typeButton.isVisible().catch(() => false)) await typeButton.click();
    await booking.locator(`button[data-day="${DAY}"]`).click();
    await booking.locator('input[name=time]').first().waitFor();
    return { page, errors };
  }

  const offered = async (page: Page) => (await page.locator('ayuda-booking input[name=time]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).map(iso);

  async function book(page: Page, start: string, who: { name: string; email: string; phone: string }) {
    const booking = page.locator('ayuda-booking');
    const values = await offered(page);
    expect(values).toContain(iso(start));
    await booking.locator('input[name=time]').nth(values.indexOf(iso(start))).check();
    await booking.getByLabel('Name', { exact: true }).fill(who.name);
    await booking.getByLabel('Email', { exact: true }).fill(who.email);
    await booking.getByLabel('Phone', { exact: true }).fill(who.phone);
    await booking.getByRole('button', { name: 'Confirm the appointment' }).click();
    await booking.getByRole('heading', { name: 'Appointment confirmed' }).waitFor();
  }

  async function appointmentOf(email: string) {
    const cal = await staff.staffCalendar({ from: DAY, to: '2026-11-27' });
    return cal.appointments.find((a) => a.email === email)!;
  }

  it('a standard customer books from the widget and is never offered a time held for the fast lane', { timeout: 90_000 }, async () => {
    const all = await staffSlots(DAY);
    const held = all.filter((s) => s.reserved).map((s) => iso(s.start));
    const open = all.filter((s) => !s.reserved).map((s) => iso(s.start));
    expect(held.length).toBe(2);
    expect(open.length).toBe(14);

    const { page, errors } = await widgetPage();
    const times = await offered(page);
    expect(times).toEqual(open);
    for (const h of held) expect(times).not.toContain(h);
    expect(await axe(page)).toEqual([]);

    await book(page, open[0]!, { name: 'Marta Gómez', email: STANDARD, phone: '+34 600 111 222' });
    expect(await axe(page)).toEqual([]);
    const a = await appointmentOf(STANDARD);
    expect(a).toMatchObject({ lane: 'standard', inReserve: false, status: 'booked' });
    expect(iso(a.start)).toBe(open[0]);
    standardId = a.id;
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a fast-lane customer sees the held times and books one of them from the widget', { timeout: 90_000 }, async () => {
    const held = (await staffSlots(DAY)).filter((s) => s.reserved).map((s) => iso(s.start));
    expect(held.length).toBe(2);

    const { page, errors } = await widgetPage({ token: fastSession, email: FAST });
    const times = await offered(page);
    for (const h of held) expect(times).toContain(h);
    await book(page, held[0]!, { name: 'Eva Martín', email: FAST, phone: '+34 611 222 333' });
    const a = await appointmentOf(FAST);
    expect(a).toMatchObject({ lane: 'fast', inReserve: true, status: 'booked' });
    expect(iso(a.start)).toBe(held[0]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a standard appointment moves only after its customer accepts the proposal from the mail', { timeout: 90_000 }, async () => {
    const before = await staff.staffAppointment(standardId);
    // An admin opens the appointment in the console's day view and proposes the first free time offered.
    const { page: console_, errors: consoleErrors } = await signInToConsole(browser, t.server.url, { email: 'ana@nubefibra.example', password: PASSWORD, locale: 'en' });
    await console_.clock.setFixedTime(new Date(NOW));
    await console_.goto(`${t.server.url}/console/#/appointments/calendar?date=${DAY}&view=day`);
    const grid = console_.getByRole('grid');
    await grid.waitFor();
    await grid.getByRole('button', { name: /Marta Gómez/ }).click();
    const dialog = console_.getByRole('dialog', { name: 'Marta Gómez' });
    const option = dialog.locator('input[type=radio]').first();
    await option.waitFor();
    const to = iso(await option.inputValue());
    await option.check();
    await dialog.getByLabel('Reason (the customer reads it)').fill('A priority-support customer needs this time');
    await dialog.getByRole('button', { name: 'Send the proposal to Marta Gómez' }).click();
    await dialog.getByText(/^Proposal sent to marta@example\.com\. Nothing changes until the customer accepts/).waitFor();
    expect(consoleErrors).toEqual([]);
    await console_.context().close();

    const waiting = await staff.staffAppointment(standardId);
    expect(waiting.start).toBe(before.start);
    expect(iso(waiting.pendingMove!.start)).toBe(to);
    expect(waiting.moves).toEqual([]);

    const mail = (await t.lastMailTo(STANDARD))!;
    expect(mail.template).toBe('appointment_move_proposed');
    const link = /https?:\/\/\S+\/portal\/appointments\/proposals\/[A-Za-z0-9_-]+/.exec(mail.text)![0];
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Madrid' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(link);
    await page.waitForURL(/\/help\/en\/appointments\/proposals\//);
    await page.getByRole('heading', { level: 1, name: 'We propose to move your appointment' }).waitFor();
    // Opening the link moves nothing.
    expect((await staff.staffAppointment(standardId)).start).toBe(before.start);
    expect(await axe(page)).toEqual([]);
    // The proposed time is chosen by default.
    expect(iso(await page.locator('input[type=radio]:checked').inputValue())).toBe(to);
    await page.getByRole('button', { name: 'Accept the change' }).click();
    await page.getByText('You accepted the change. We have mailed you the new time.').waitFor();

    const after = await staff.staffAppointment(standardId);
    expect(iso(after.start)).toBe(to);
    expect(after.status).toBe('booked');
    expect(after.pendingMove).toBeNull();
    expect(after.moves).toHaveLength(1);
    expect(after.moves[0]).toMatchObject({ reason: 'A priority-support customer needs this time' });
    expect(iso(after.moves[0]!.from)).toBe(iso(before.start));
    expect(iso(after.moves[0]!.to)).toBe(to);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('callbacks queue by lane: the fast-lane request, made later, comes first in the console', { timeout: 90_000 }, async () => {
    const client = new AyudaClient({ baseUrl: t.server.url, retryDelayMs: 1 });
    const window_ = { windowStart: '2026-11-23T10:00:00Z', windowEnd: '2026-11-23T12:00:00Z', locale: 'en' as const };
    const standard = await client.requestCallback({ name: 'Luis Gómez', email: 'luis@example.com', phone: '+34 612 345 678', ...window_ });
    const fast = await client.requestCallback({ name: 'Eva Martín', email: FAST, phone: '+34 611 222 333', ...window_ }, { session: fastSession });
    expect(standard.lane).toBe('standard');
    expect(fast.lane).toBe('fast');

    const { page, errors } = await signInToConsole(browser, t.server.url, { email: 'ana@nubefibra.example', password: PASSWORD, locale: 'en' });
    await page.getByRole('link', { name: 'Callbacks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Callbacks' }).waitFor();
    const items = page.locator('ayuda-callbacks ol.list > li');
    await expect.poll(() => items.count()).toBe(2);
    expect(await items.nth(0).getByRole('heading', { level: 2 }).textContent()).toBe('Eva Martín');
    expect(await items.nth(0).textContent()).toContain('Priority');
    expect(await items.nth(1).getByRole('heading', { level: 2 }).textContent()).toBe('Luis Gómez');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
