// End to end, in Chromium against the real server: the weekly pulse's card above the queue
// takes only its own height (it once took half of <main> even when empty), and on a desktop
// and a phone nothing of the queue (its heading, filters, list) overlaps the card.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axe, launchBrowser } from '../helpers/browser.js';
import { signInToConsole } from '../helpers/console.js';
import { startTestServer } from '../helpers/server.js';

const PASSWORD = 'una clave bien larga';

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
  height: number;
}

/** The bounding boxes of the pulse card, its section, the queue and the queue's parts. */
const boxes = (page: Page) =>
  page.evaluate(() => {
    const box = (el: Element | null | undefined) => {
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height };
    };
    const app = document.querySelector('ayuda-console')!.shadowRoot!;
    const pulse = app.querySelector('ayuda-pulse-question')!;
    const queue = app.querySelector('ayuda-queue')!;
    const q = queue.shadowRoot!;
    return {
      main: box(app.querySelector('main')),
      pulse: box(pulse),
      pulseContent: box(pulse.shadowRoot!.querySelector('section, p')),
      queue: box(queue),
      parts: [box(q.querySelector('h1')), box(q.querySelector('form')), box(q.querySelector('lit-virtualizer'))].filter((b) => b !== null),
    };
  });

const overlaps = (a: Box, b: Box) => a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5 && a.left < b.right - 0.5 && b.left < a.right - 0.5;

describe('the console queue under the weekly pulse', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer('pglite'), launchBrowser()]);
    await server.ayuda.staff.ensureAccount({ email: 'ana@nubefibra.example', name: 'Ana Ruiz', role: 'admin', locale: 'es', password: PASSWORD });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const viewport of [
    { width: 1280, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`at ${viewport.width}x${viewport.height} the pulse card takes its content's height and the queue the rest, without overlap`, async () => {
      const { page, errors } = await signInToConsole(browser, server.url, { email: 'ana@nubefibra.example', password: PASSWORD, locale: 'es', viewport });
      await page.getByRole('heading', { name: 'Pulso semanal (anónimo)' }).waitFor();
      const b = await boxes(page);
      // The card: its content plus its top padding (12 px), not half of <main>.
      expect(b.pulse!.height).toBeLessThanOrEqual(b.pulseContent!.height + 14);
      expect(b.queue!.top).toBeGreaterThanOrEqual(b.pulse!.bottom - 0.5);
      for (const part of b.parts) expect(overlaps(part, b.pulse!), JSON.stringify({ part, pulse: b.pulse })).toBe(false);
      // The queue fills the rest of <main> on a desktop.
      if (viewport.width >= 1024) expect(Math.abs(b.queue!.bottom - b.main!.bottom)).toBeLessThanOrEqual(1);
      if (process.env.AYUDA_SHOTS) await page.screenshot({ path: `${process.env.AYUDA_SHOTS}/console-pulse-${viewport.width}.png`, fullPage: true });

      // "Ahora no": the card goes, and what is left of it takes no room.
      await page.getByRole('button', { name: 'Ahora no' }).click();
      await expect.poll(async () => (await boxes(page)).pulse!.height).toBeLessThanOrEqual(1);
      const after = await boxes(page);
      expect(after.queue!.top - after.main!.top).toBeLessThanOrEqual(1);
      expect(await axe(page)).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    }, 60_000);
  }
});
