// End to end: articles with a wide table (the demo's plan comparison) on phones and a tablet,
// in the help portal and in the widget, in both languages. The page never scrolls sideways,
// the table scrolls in its own named, focusable box, and no word is cut in two to make it fit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { axe, launchBrowser, watchErrors } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';

type AyudaWindow = Window & { Ayuda?: { show(slug: string): Promise<void> } };

const WIDTHS = [320, 390, 768] as const;
const ARTICLES = [
  { locale: 'es', slug: 'comparar-tarifas', site: '/', region: /^Tabla: Fibra y móvil$/ },
  { locale: 'en', slug: 'compare-plans', site: '/en/', region: /^Table: Fibre and mobile$/ },
] as const;

interface Layout {
  pageOverflow: number;
  boxes: Array<{ overflowX: string; right: number; scrolls: boolean; scrolledBy: number }>;
  brokenWords: string[];
  innerWidth: number;
}

/** Measures, in the page, the article body `root`: its table boxes and every word of its text. */
function measure(root: Element): Layout {
  const boxes = [...root.querySelectorAll<HTMLElement>('.table-scroll')].map((box) => {
    const scrolls = box.scrollWidth > box.clientWidth;
    box.scrollLeft = 40;
    const scrolledBy = box.scrollLeft;
    box.scrollLeft = 0;
    return { overflowX: getComputedStyle(box).overflowX, right: box.getBoundingClientRect().right, scrolls, scrolledBy };
  });
  // A word (letters and digits; a hyphen or a slash may end a line) must sit on one line: a
  // range over it has boxes on one line only.
  const brokenWords: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of (node.textContent ?? '').matchAll(/[\p{L}\p{N}]{2,}/gu)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (tops.size > 1) brokenWords.push(m[0]);
    }
  }
  const scroller = document.scrollingElement!;
  return { pageOverflow: scroller.scrollWidth - innerWidth, boxes, brokenWords, innerWidth };
}

function expectFits(layout: Layout, width: number, where: string) {
  expect(layout.innerWidth, where).toBe(width);
  expect(layout.pageOverflow, `${where}: the page scrolls sideways`).toBeLessThanOrEqual(0);
  expect(layout.brokenWords, `${where}: words cut in two`).toEqual([]);
  expect(layout.boxes.length, where).toBeGreaterThanOrEqual(2);
  for (const box of layout.boxes) {
    expect(box.overflowX, where).toBe('auto');
    expect(box.right, where).toBeLessThanOrEqual(width);
    // A box wider than its table has nothing to scroll; one narrower scrolls.
    expect(box.scrolledBy > 0, where).toBe(box.scrolls);
  }
  // On a phone the plan comparison is wider than the screen: it has to scroll in its box.
  if (width < 400) expect(layout.boxes[0]!.scrolls, `${where}: the first table fits a phone?`).toBe(true);
}

describe('wide tables on any screen', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const newPage = (width: number, locale: string): Promise<Page> =>
    browser.newPage({ viewport: { width, height: 740 }, deviceScaleFactor: 1, isMobile: width < 768, hasTouch: width < 768, locale });

  for (const a of ARTICLES) {
    it(`portal, ${a.locale}: the page fits at ${WIDTHS.join(', ')} px and the tables scroll in named boxes`, async () => {
      for (const width of WIDTHS) {
        const page = await newPage(width, a.locale);
        const errors = watchErrors(page);
        await page.goto(`${server.url}/help/${a.locale}/articles/${a.slug}`);
        const region = page.getByRole('region', { name: a.region });
        await region.waitFor();
        expectFits(await page.locator('article .body').evaluate(measure), width, `portal ${a.locale} ${width}px`);
        if (width === 320) {
          // The keyboard scrolls the box too: it takes focus with Tab order and arrow keys move it.
          await region.focus();
          await page.keyboard.press('ArrowRight');
          await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
          expect(await axe(page)).toEqual([]);
        }
        expect(errors, errors.join('\n')).toEqual([]);
        await page.close();
      }
    });

    it(`widget, ${a.locale}: the page fits at ${WIDTHS.join(', ')} px and the tables scroll in named boxes`, async () => {
      for (const width of WIDTHS) {
        const page = await newPage(width, a.locale);
        const errors = watchErrors(page);
        await page.goto(server.url + a.site);
        await page.locator('ayuda-widget').getByRole('button').waitFor();
        await page.evaluate((slug) => (window as AyudaWindow).Ayuda!.show(slug), a.slug);
        const dialog = page.getByRole('dialog');
        const region: Locator = dialog.getByRole('region', { name: a.region });
        await region.waitFor();
        expectFits(await dialog.locator('[part=content]').evaluate(measure), width, `widget ${a.locale} ${width}px`);
        if (width === 320) expect(await axe(page)).toEqual([]);
        expect(errors, errors.join('\n')).toEqual([]);
        await page.close();
      }
    });
  }
});
