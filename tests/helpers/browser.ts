// Launches Chromium (Debian's, or see scripts/chromium.mjs) through playwright-core, and runs axe-core in a page.
import { createRequire } from 'node:module';
import { readFileSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { CHROMIUM_MISSING, findChromium, findTestChromium } from '../../scripts/chromium.mjs';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Per vitest worker, by binary: the tests' browser (the headless shell where installed). */
const shared = new Map<string, Promise<Browser>>();

/**
 * Chromium for a test file or a bench. Vitest runs a worker's files one after another in one
 * process (`isolate: false`), so there the files share one browser per worker, launched on first
 * use: a launch costs 1.4 s of CPU and some 3 s here, and the suite has about thirty. What a file
 * gets is that browser with `close()` closing the contexts (and so the pages) opened since, not
 * the browser; each page of `newPage()` is in a context of its own, as with a browser of its own.
 * A browser that crashed or was disconnected is launched again. Vitest ends the worker, and
 * Playwright the browser with it. Anywhere else (the benches, a script) a call launches a browser
 * of its own that `close()` closes: a browser left open would keep the process from exiting.
 *
 * Under vitest the browser is Chromium's headless shell where it is installed
 * (scripts/chromium.mjs `findTestChromium`): the same engine at about half the CPU. The benches
 * always get the whole browser (`findChromium`), so their figures keep measuring what a
 * visitor's Chromium does.
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.VITEST ? findTestChromium() : findChromium();
  if (!executablePath) throw new Error(CHROMIUM_MISSING);
  const launch = () => chromium.launch({ executablePath, args: FLAGS, headless: true });
  if (!process.env.VITEST) return launch();
  const current = await shared.get(executablePath)?.catch(() => null);
  if (!current?.isConnected()) shared.set(executablePath, launch());
  const browser = await shared.get(executablePath)!;
  const before = new Set(browser.contexts());
  return new Proxy(browser, {
    get(target, prop) {
      if (prop === 'close') return async () => void (await Promise.all(target.contexts().filter((c) => !before.has(c)).map((c) => c.close())));
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The browser's own process (Linux): its id and its binary's name (Debian's /usr/bin wrappers start one under /usr/lib/chromium). */
export async function browserProcess(browser: Browser): Promise<{ id: number; binary: string }> {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ type: string; id: number }> };
  await cdp.detach();
  const id = processInfo.find((p) => p.type === 'browser')!.id;
  return { id, binary: basename(readlinkSync(`/proc/${id}/exe`)) };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/** Runs axe-core (WCAG 2.x A and AA rules) and returns its violations. */
export async function axe(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (which forbids inline script) stays on.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } };
    const r = await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
}

/**
 * Collects a page's uncaught errors and console errors (returned array, filled as they come) and
 * sets its default timeout. A missing favicon is never the product's fault; `ignore` names other
 * console errors a test causes on purpose.
 */
export function watchErrors(page: Page, opts: { timeout?: number; ignore?: (m: ConsoleMessage) => boolean } = {}): string[] {
  const errors: string[] = [];
  page.setDefaultTimeout(opts.timeout ?? 10_000);
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico') && !opts.ignore?.(m)) errors.push(m.text());
  });
  return errors;
}
