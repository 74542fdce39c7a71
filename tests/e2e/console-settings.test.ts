// End to end, in Chromium against the real server (PGlite, and PostgreSQL when DATABASE_URL is
// set; a fixed clock on Monday 23 November 2026, 09:00 in Madrid): an admin changes the business
// hours in the console's settings screen and an open case's due times move as docs/console.md
// says ("What a change of hours does to open cases"): at once in the case's API view and the
// queue's, and in the stored due time the queue is ordered by once the recompute job ran.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
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
import { cases } from '../../packages/server/src/db/schema.js';
import { DEMO_KB_DIR, DEMO_SITE_DIR } from '../../packages/server/src/testing/app.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PASSWORD = 'una clave bien larga';
const weekdays = (from: string, to: string) => Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from, to }]]));

describe.each(browserTestDatabases())('an admin changes the business hours in the console (%s)', (kind) => {
  let server: RunningServer;
  let database: Database;
  let browser: Browser;
  let staff: AyudaStaffClient;
  let reference: string;

  beforeAll(async () => {
    if (!existsSync(`${ROOT}packages/console/dist/app/index.html`)) {
      const r = spawnSync(process.execPath, [`${ROOT}packages/console/scripts/build.mjs`], { stdio: 'inherit' });
      if (r.status !== 0) throw new Error('the console build failed');
    }
    database = await createTestDatabase(kind);
    const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', AYUDA_KB_DIR: DEMO_KB_DIR, AYUDA_SITE_DIR: DEMO_SITE_DIR, AYUDA_COMPANY_NAME: 'Nubefibra', AYUDA_CASE_PREFIX: 'NF' });
    // Monday 23 November 2026, 09:00 in Madrid (UTC+1).
    [server, browser] = await Promise.all([startServer(config, { database, clock: fixedClock('2026-11-23T08:00:00Z'), logger: createLogger('silent') }), launchBrowser()]);
    await server.ayuda.staff.ensureAccount({ email: 'ana@nubefibra.example', name: 'Ana Ruiz', role: 'admin', locale: 'en', password: PASSWORD });
    staff = new AyudaStaffClient({ baseUrl: server.url, staffToken: (await server.ayuda.staffTokens.create('e2e settings')).token, retryDelayMs: 1 });
    // Weekdays 09:00–17:00; a standard case's first response is due within 8 business hours.
    await staff.staffUpdateSettings('sla', {
      hours: { timeZone: 'Europe/Madrid', week: weekdays('09:00', '17:00'), holidays: [], specialDays: {} },
      policy: { standard: { firstResponse: 480, resolution: 2400, calendar: false }, fast: { firstResponse: 60, resolution: 480, calendar: false }, laneChange: 'fromChange' },
    });
    const created = await new AyudaClient({ baseUrl: server.url, retryDelayMs: 1 }).submitCase({ name: 'Lucía', email: 'lucia@example.com', subject: 'Router sin luz', description: 'El router no enciende desde esta mañana.', locale: 'es' });
    reference = created.reference;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it('closes at 13:00 instead of 17:00: the open case is due on Tuesday at 13:00 instead of Monday at 17:00', async () => {
    // Eight business hours from Monday 09:00 under 09–17: Monday 17:00.
    expect((await staff.staffCase(reference)).firstResponseDue).toBe('2026-11-23T16:00:00.000Z');

    const { page, errors } = await signInToConsole(browser, server.url, { email: 'ana@nubefibra.example', password: PASSWORD, locale: 'en' });
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { level: 2, name: 'Hours and SLA' }).waitFor();
    expect(page.url()).toMatch(/#\/settings\/$/);
    // Saved through the API with the token above: the badge names it.
    expect(await page.locator('.badge.source').first().textContent()).toMatch(/changed in the console by e2e settings on/);
    expect(await page.getByText('due times of every open case are computed again').isVisible()).toBe(true);

    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']) {
      await page.getByRole('group', { name: day, exact: true }).getByLabel('Closes').fill('13:00');
    }
    expect(await axe(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Hours and SLA: saved.').waitFor();
    expect(await page.getByText('being recomputed in the background').count()).toBeGreaterThan(0);
    // The history shows the change, by the admin, as the version in effect.
    const latest = page.locator('.history tbody tr').first();
    await expect.poll(() => latest.textContent()).toContain('Ana Ruiz');
    expect(await latest.textContent()).toContain('in effect');

    const saved = await staff.staffSettingsSection('sla');
    expect(saved.value.hours.week.mon).toEqual([{ from: '09:00', to: '13:00' }]);
    expect(saved.updatedBy?.name).toBe('Ana Ruiz');
    // Under 09–13: four hours on Monday, four on Tuesday: Tuesday 13:00. The API says so at once.
    expect((await staff.staffCase(reference)).firstResponseDue).toBe('2026-11-24T12:00:00.000Z');
    expect((await staff.staffQueue({ view: 'all' })).cases.find((c) => c.reference === reference)?.firstResponseDue).toBe('2026-11-24T12:00:00.000Z');
    // The stored due time (the queue's order) follows through the background job, within seconds
    // (no test hook kicks it: the server's own worker runs it).
    const stored = async () => (await database.db.select({ due: cases.firstResponseDue }).from(cases).where(eq(cases.reference, reference)))[0]?.due?.toISOString();
    const deadline = Date.now() + 15_000;
    let due = await stored();
    while (due !== '2026-11-24T12:00:00.000Z' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      due = await stored();
    }
    expect(due, 'the stored due time moved within 15 s').toBe('2026-11-24T12:00:00.000Z');
    // At a phone's width (390 px) the form fits without scrolling sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('group', { name: 'Monday', exact: true }).scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => {
      const el = document.querySelector('ayuda-console')!.shadowRoot!.querySelector('ayuda-settings')!;
      return el.scrollWidth - el.clientWidth;
    })).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
