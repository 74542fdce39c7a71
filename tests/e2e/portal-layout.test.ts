// End to end, in Chromium against the real server: the help portal's header is tidy on a desktop
// (brand left with room above it, the links on one line to the right: contact with the usual
// reply time, My requests, the language) and on a phone (nothing runs off the page or over
// another link); a critical announcement shows its severity icon as an SVG, apart from the
// heading below it. Screenshots with AYUDA_SHOTS=/some/dir.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AyudaStaffClient } from '@ayuda/client/staff';
import { axe, launchBrowser, watchErrors } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';
import { addAnsweredCase, fixtureCustomer } from '../../packages/server/src/testing/answered-cases.js';

const DAY = 86_400_000;

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** The header's parts, as boxes. */
const header = (page: Page) =>
  page.evaluate(() => {
    const box = (el: Element | null) => {
      const r = el!.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    };
    const h = document.querySelector('header.site')!;
    return {
      header: box(h),
      brand: box(h.querySelector('.brand')),
      links: [...h.querySelectorAll('.site-links > *')].map(box),
      items: [h.querySelector('.contact-nav a'), h.querySelector('.usual-reply'), h.querySelector('.account-link'), h.querySelector('nav.lang a')].map(box),
      overflow: document.scrollingElement!.scrollWidth - innerWidth,
    };
  });

const overlaps = (a: Box, b: Box) => a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5 && a.left < b.right - 0.5 && b.left < a.right - 0.5;

describe('the help portal’s header and announcements', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer('pglite'), launchBrowser()]);
    // Enough answered cases for the header's "We usually reply within …".
    const now = new Date();
    const customer = await fixtureCustomer(server.database, now);
    for (const [i, w] of [120, 180, 180, 240, 300].entries()) await addAnsweredCase(server.database, customer, now, { agoMs: (i + 2) * DAY, waitMin: w });
    server.ayuda.responseTimes.invalidate();
    const { token } = await server.ayuda.staffTokens.create('Guardia', 'agent');
    const agent = new AyudaStaffClient({ baseUrl: server.url, staffToken: token });
    for (const locale of ['es', 'en'] as const) await agent.createAnnouncement({ locale, severity: 'critical', title: locale === 'es' ? 'Avería en Valencia' : 'Outage in Valencia', body: '18:00', endsAt: new Date(Date.now() + 3_600_000).toISOString() });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const locale of ['es', 'en'] as const) {
    for (const width of [1280, 390]) {
      it(`at ${width} px the header is tidy, and the announcement has an SVG icon and room below it (${locale})`, async () => {
        const page = await browser.newPage({ locale: locale === 'es' ? 'es-ES' : 'en-GB', viewport: { width, height: 900 } });
        const errors = watchErrors(page);
        await page.goto(`${server.url}/help/${locale}/`);
        const h = await header(page);
        expect(h.overflow, 'the page scrolls sideways').toBeLessThanOrEqual(0);
        // Room around the brand, not touching the header's edge.
        expect(h.brand.top - h.header.top).toBeGreaterThanOrEqual(8);
        expect(h.items.slice(1).every((b) => b.bottom <= h.header.bottom - 8)).toBe(true);
        // No link runs over another or over the brand.
        const all = [h.brand, ...h.items];
        for (const [i, a] of all.entries()) for (const b of all.slice(i + 1)) expect(overlaps(a, b), JSON.stringify([a, b])).toBe(false);
        if (width >= 1024) {
          // Brand left, the links on the same line to its right, on one line.
          const tops = h.links.map((b) => Math.round(b.top + (b.bottom - b.top) / 2));
          expect(Math.max(...tops) - Math.min(...tops)).toBeLessThanOrEqual(4);
          expect(Math.min(...h.links.map((b) => b.left))).toBeGreaterThan(h.brand.right);
          expect(h.links.every((b) => b.top < h.brand.bottom && b.bottom > h.brand.top)).toBe(true);
        }
        // The critical announcement: an SVG icon (no emoji), and a gap before the heading.
        const ann = page.locator('.announcements .ann-critical');
        expect(await ann.locator('.ann-icon svg').count()).toBe(1);
        expect((await ann.locator('.ann-icon').textContent())?.trim()).toBe('');
        const gap = await page.evaluate(() => document.querySelector('h1')!.getBoundingClientRect().top - document.querySelector('.announcements')!.getBoundingClientRect().bottom);
        expect(gap).toBeGreaterThanOrEqual(12);
        if (process.env.AYUDA_SHOTS) await page.screenshot({ path: `${process.env.AYUDA_SHOTS}/portal-${locale}-${width}.png` });
        expect(await axe(page)).toEqual([]);
        expect(errors).toEqual([]);
        await page.close();
      }, 60_000);
    }
  }
});
