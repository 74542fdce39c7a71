// Console budget: all JS and CSS fetched before the queue shows, gzip-sized (level 9) from the
// built files, as bench/widget.ts sizes the widget's search view. Two figures, the larger
// counts: the static graph from index.html (its script and stylesheet, their static imports,
// the virtualizer's layout and one catalogue, the larger), and what Chromium actually fetched
// from /console/assets/ until the first queue row showed. The staff API of a signed-in agent is
// answered by Playwright (tests/helpers/console.ts): the bytes do not depend on the data.
// `npm run bench` calls benchConsoleSize(); bench/console-size-main.ts runs it alone. The console's server-side figures (queue, live events) are measured apart.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../tests/helpers/browser.js';
import { startTestServer } from '../tests/helpers/server.js';
import { answerStaffApi } from '../tests/helpers/console.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CONSOLE_DIST_DIR = join(ROOT, 'packages/console/dist/app');

/** Builds dist/app (fast, deterministic, no network). */
export function buildConsole(): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'packages/console/scripts/build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('bench: the console build failed');
}

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
const LOCALE_CHUNK = /^(es|en)-[\w-]{6,}\.js$/;
/**
 * Loaded only after the queue shows, when someone opens them: a case, the shortcuts dialog, the
 * admin screen, the analytics (with the chart library), the knowledge base, the settings, the widget's appearance, and the weekly pulse
 * (when the browser is idle after sign-in). Chromium's own
 * figure (what it fetched before the first row) checks that none of them is needed earlier.
 */
const LATER_CHUNK = /^ayuda-(case-view|shortcuts-dialog|admin|analytics|kb|settings|appearance|pulse|appointments|callbacks)-[\w-]{6,}\.js$/;

/** The static graph from index.html, with the dynamic imports the queue needs (a catalogue, the virtualizer's layout). */
export function consoleStaticSize(dir = CONSOLE_DIST_DIR): { total: number; files: Record<string, number> } {
  const page = readFileSync(join(dir, 'index.html'), 'utf8');
  const entries = [...page.matchAll(/(?:src|href)="\/console\/(assets\/[\w-]+\.(?:js|css))"/g)].map((m) => m[1]!);
  if (!entries.some((e) => e.endsWith('.js'))) throw new Error('bench: dist/app/index.html names no script');
  const seen = new Set<string>();
  const visit = (rel: string) => {
    if (seen.has(rel)) return;
    seen.add(rel);
    if (!rel.endsWith('.js')) return;
    for (const m of readFileSync(join(dir, rel), 'utf8').matchAll(/(from\s*|import\s*\(\s*|import\s*)["'`](\.{1,2}\/[^"'`]+\.(?:js|css))["'`]/g)) {
      const target = posix.normalize(posix.join(posix.dirname(rel), m[2]!));
      if (!LATER_CHUNK.test(posix.basename(target))) visit(target);
    }
  };
  entries.forEach(visit);
  const files = Object.fromEntries([...seen].map((f) => [f, gz(join(dir, f))]));
  const locales = Object.entries(files).filter(([f]) => LOCALE_CHUNK.test(posix.basename(f)));
  const others = Object.entries(files).filter(([f]) => !LOCALE_CHUNK.test(posix.basename(f)));
  return { total: others.reduce((a, [, n]) => a + n, 0) + Math.max(0, ...locales.map(([, n]) => n)), files };
}

/**
 * What opening Analytics downloads beyond what is already loaded: its chunk (the screen, its
 * texts, uPlot) and whatever it imports that neither the queue's graph nor the admin screen's
 * chunk brings (the admin screen is open when Analytics is chosen).
 */
export function consoleAnalyticsSize(dir = CONSOLE_DIST_DIR): { total: number; files: Record<string, number> } {
  const assets = readdirSync(join(dir, 'assets'));
  const chunk = assets.find((f) => /^ayuda-analytics-[\w-]{6,}\.js$/.test(f));
  const admin = assets.find((f) => /^ayuda-admin-[\w-]{6,}\.js$/.test(f));
  if (!chunk || !admin) throw new Error('bench: the console build has no analytics or admin chunk');
  const loaded = new Set(Object.keys(consoleStaticSize(dir).files));
  const graph = (root: string, stop: (rel: string) => boolean) => {
    const seen = new Set<string>();
    const visit = (rel: string) => {
      if (seen.has(rel) || stop(rel)) return;
      seen.add(rel);
      for (const m of readFileSync(join(dir, rel), 'utf8').matchAll(/(from\s*|import\s*)["'`](\.{1,2}\/[^"'`]+\.(?:js|css))["'`]/g)) visit(posix.normalize(posix.join(posix.dirname(rel), m[2]!)));
    };
    visit(root);
    return seen;
  };
  // Static imports only: a dynamic import of the analytics chunk is not yet a download.
  const adminGraph = graph(`assets/${admin}`, (rel) => loaded.has(rel) || rel === `assets/${chunk}`);
  const own = graph(`assets/${chunk}`, (rel) => loaded.has(rel) || adminGraph.has(rel));
  const files = Object.fromEntries([...own].map((f) => [f, gz(join(dir, f))]));
  return { total: Object.values(files).reduce((a, n) => a + n, 0), files };
}

/** JS and CSS Chromium fetched from /console/assets/ until the first queue row showed, gzip-sized from the built files. */
export async function measuredQueueView(page: Page, serverUrl: string, dir = CONSOLE_DIST_DIR): Promise<{ total: number; files: string[] }> {
  const fetched: string[] = [];
  page.on('response', (r) => {
    const type = r.request().resourceType();
    const path = new URL(r.url()).pathname;
    if ((type === 'script' || type === 'stylesheet') && path.startsWith('/console/assets/')) fetched.push(path.slice('/console/'.length));
  });
  await answerStaffApi(page);
  await page.goto(`${serverUrl}/console/`);
  await page.locator('ayuda-queue [role=listitem]').first().waitFor();
  const files = [...new Set(fetched)];
  return { total: files.reduce((sum, f) => sum + gz(join(dir, f)), 0), files };
}

export async function benchConsoleSize(): Promise<Record<string, number>> {
  buildConsole();
  const fromGraph = consoleStaticSize();
  const [server, browser] = await Promise.all([startTestServer('pglite', { AYUDA_RATE_LIMIT: '1000000' }), launchBrowser()]);
  try {
    const page = await browser.newPage({ locale: 'es-ES' });
    const measured = await measuredQueueView(page, server.url);
    await page.close();
    return {
      // The larger of the static graph and what Chromium actually fetched.
      console_js_gzip_bytes: Math.max(fromGraph.total, measured.total),
      console_static_gzip_bytes: fromGraph.total,
      console_fetched_gzip_bytes: measured.total,
      console_analytics_gzip_bytes: consoleAnalyticsSize().total,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
