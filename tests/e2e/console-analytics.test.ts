// End to end, in Chromium against the real server on the demo's history (PGlite, and PostgreSQL
// when DATABASE_URL is set; the demo's clock, Monday 23 November 2026, 16:00 in Madrid): the
// demo admin opens Admin → Analytics and reads, per lane, the first response, satisfaction and
// the fast lane's account, each chart drawn (under the console's strict CSP) with its table,
// and whether the standard lane got worse; the lane filter is in the address.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axe, launchBrowser } from '../helpers/browser.js';
import { signInToConsole } from '../helpers/console.js';
import { loadConfig } from '../../packages/server/src/config.js';
import { startServer, type RunningServer } from '../../packages/server/src/server.js';
import { fixedClock } from '../../packages/server/src/clock.js';
import { createLogger } from '../../packages/server/src/http/logger.js';
import { createTestDatabase, browserTestDatabases } from '../../packages/server/src/testing/db.js';
import type { Database } from '../../packages/server/src/db/client.js';
import { DEMO_KB_DIR, DEMO_SITE_DIR } from '../../packages/server/src/testing/app.js';
import { DEMO_STAFF, DEMO_STAFF_PASSWORD, ensureDemoStaff } from '../../packages/server/src/staff/demo.js';
import { seedDemoCases } from '../../packages/server/src/demo/cases.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe.each(browserTestDatabases())('an admin reads the analytics of the demo’s history (%s)', (kind) => {
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
    const clock = fixedClock('2026-11-23T15:00:00Z');
    const silent = createLogger('silent');
    [server, browser] = await Promise.all([startServer(config, { database, clock, logger: silent }), launchBrowser()]);
    await ensureDemoStaff(server.ayuda.staff, config, silent);
    await seedDemoCases({ ayuda: server.ayuda, database, config, clock, logger: silent });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it('shows each lane’s figures, the charts with their tables, and follows the lane filter (in the admin’s Spanish)', async () => {
    const { page, errors } = await signInToConsole(browser, server.url, { email: DEMO_STAFF[0].email, password: DEMO_STAFF_PASSWORD, locale: 'es' });
    await page.goto(`${server.url}/console/#/admin/analytics?from=2026-10-25&to=2026-11-23`);
    const figures = page.locator('ayuda-analytics table[data-name=key-figures]');
    await figures.waitFor();
    const cells = async (name: string) => figures.locator('tbody tr').filter({ has: page.locator('th', { hasText: new RegExp(`^${name}$`) }) }).locator('td').allTextContents();
    // Both lanes, each beside its previous period: the history's cases are counted in each.
    const cases = await cells('Casos');
    expect(cases).toHaveLength(6);
    expect(Number(cases[0])).toBeGreaterThan(0);
    expect(Number(cases[3])).toBeGreaterThan(0);
    for (const name of ['Primera respuesta \\(mediana\\)', 'Objetivos cumplidos \\(SLA\\)', 'Clientes satisfechos \\(CSAT\\)']) expect(await cells(name)).toHaveLength(6);
    expect((await cells('Primera respuesta \\(mediana\\)'))[3]).toMatch(/^\d+ (s|min)$|^\d+ h/);
    await expect(page.getByRole('heading', { name: '¿Empeoró el carril estándar?' }).isVisible()).resolves.toBe(true);
    await expect(page.locator('ayuda-analytics table[data-name=fastlane-account]').isVisible()).resolves.toBe(true);
    await page.locator('ayuda-analytics table[data-name=fastlane-cost-by-person]').waitFor();
    await expect(page.locator('ayuda-analytics table[data-name=fastlane-refunds-by-reason]').count()).resolves.toBe(1);
    // Every chart is drawn (uPlot, under the console's CSP) as an image with a label, with its table.
    const charts = page.locator('ayuda-analytics ayuda-chart');
    // Four over time, the account's over time, and the fast-lane account API's two by month.
    await expect(charts.count()).resolves.toBe(7);
    await charts.first().locator('canvas[role=img]').waitFor();
    for (let i = 0; i < 7; i++) {
      const c = charts.nth(i);
      // A chart with data is drawn; one without (the history has no survey answers) says so.
      await c.locator('canvas[role=img], p.muted').first().waitFor();
      if (await c.locator('canvas').count()) expect(await c.locator('canvas').getAttribute('aria-label')).toMatch(/^Gráfico: /);
      else await expect(c.locator('p.muted').textContent()).resolves.toBe('Sin datos en este periodo.');
      await expect(c.locator('details table').count()).resolves.toBe(1);
    }
    expect(await page.locator('ayuda-analytics ayuda-chart canvas[role=img]').count()).toBeGreaterThanOrEqual(3);
    expect(await axe(page)).toEqual([]);
    await page.locator('ayuda-analytics select[name=lane]').selectOption('fast');
    await page.waitForURL(/lane=fast/);
    await expect
      .poll(() => page.locator('ayuda-analytics table[data-name=key-figures] thead th').allTextContents())
      .toEqual(['Cifra', 'Prioritario: Este periodo', 'Prioritario: Periodo anterior', 'Prioritario: Cambio']);
    expect(page.url()).toContain('#/admin/analytics?from=2026-10-25&to=2026-11-23&lane=fast');
    // A reload shows the same view.
    await page.reload();
    await expect
      .poll(() => page.locator('ayuda-analytics table[data-name=key-figures] thead th').allTextContents())
      .toEqual(['Cifra', 'Prioritario: Este periodo', 'Prioritario: Periodo anterior', 'Prioritario: Cambio']);
    await expect(page.locator('ayuda-analytics input[name=from]').inputValue()).resolves.toBe('2026-10-25');
    expect(errors).toEqual([]);
  }, 120_000);
});
