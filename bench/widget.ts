// Widget budgets: the embed's size, everything loaded before the first search result shows,
// keystroke-to-results time over 10,000 articles, and the main-thread time the widget adds to
// a page load. Sizes are gzip (level 9) of the built files and are deterministic; timings are
// measured in Chromium against the real server. `npm run bench` calls benchWidget().
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchBrowser } from '../tests/helpers/browser.js';
import { startTestServer } from '../tests/helpers/server.js';
import { serveSite } from '../tests/helpers/site.js';
import { generateArticles, generateQueries, vocabulary } from './corpus.js';
import { startKbServer } from './search-scale.js';
import { percentile } from './stats.js';

/** What the embed puts on `window` (typed here without importing the browser package). */
type AyudaWindow = Window & { Ayuda?: { open(): Promise<void>; search(query: string): Promise<void> } };

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const WIDGET_CDN_DIR = join(ROOT, 'packages/widget/dist/cdn');
const DEMO_PAGE = join(ROOT, 'demo/site/es/index.html');

export const WIDGET_BENCH_DEFAULTS = {
  articles: 10_000,
  corpusSeed: 42,
  querySeed: 11,
  /** Queries typed one key at a time; the first `warmupQueries` are not measured. */
  queries: 160,
  warmupQueries: 20,
  /** Pairs of page loads with and without the widget, back to back; the medians are compared. */
  loads: 20,
  /** How long after `load` main-thread time keeps being counted (the idle preload happens in it). */
  settleMs: 2500,
};

/** Builds dist/cdn (fast and deterministic). */
export function buildWidget(): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'packages/widget/scripts/build.mjs'), '--cdn'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('bench: the widget build failed');
}

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
const LOCALE_CHUNK = /^[a-z]{2}(-[A-Za-z]{2,4})?-[\w-]{6,}\.js$/;
const ENGINE_CHUNK = /^search-[\w-]{6,}\.js$/;

/**
 * Gzip sizes of the embed and of the search view: embed.js plus every chunk reachable from it
 * through static imports, and through dynamic imports to the chunks the panel needs (the list
 * the build writes into embed.js for the idle preload) and to the search engine's chunk (loaded
 * on first search over a small knowledge base), counting one language's catalogue (the
 * largest), not all. Chunks loaded only on request (the case form, the fast lane, the captcha,
 * Stripe.js) are not part of the search view.
 */
export function bundleSizes(dir = WIDGET_CDN_DIR): { embed: number; searchView: number; files: Record<string, number> } {
  const seen = new Set<string>();
  const embedCode = readFileSync(join(dir, 'embed.js'), 'utf8');
  const list = /(?<!import\s*\(\s*)["'`]((?:\.\/widget\/[\w.-]+\.js,?)+)["'`]/.exec(embedCode)?.[1];
  if (!list) throw new Error('bench: embed.js has no list of the panel chunks (see packages/widget/scripts/build.mjs)');
  const panelChunks = new Set(list.split(',').map((f) => posix.normalize(f)));
  const visit = (rel: string) => {
    if (seen.has(rel)) return;
    seen.add(rel);
    const code = readFileSync(join(dir, rel), 'utf8');
    for (const m of code.matchAll(/(from\s*|import\s*\(\s*|import\s*)["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g)) {
      const target = posix.normalize(posix.join(posix.dirname(rel), m[2]!));
      const dynamic = m[1]!.includes('(');
      // The engine's chunk is not preloaded (a large knowledge base is searched through the server)
      // but a small one's first result needs it: counted, as the larger case.
      if (!dynamic || panelChunks.has(target) || LOCALE_CHUNK.test(posix.basename(target)) || ENGINE_CHUNK.test(posix.basename(target))) visit(target);
    }
  };
  visit('embed.js');
  const files = Object.fromEntries([...seen].map((f) => [f, gz(join(dir, f))]));
  const locales = Object.entries(files).filter(([f]) => LOCALE_CHUNK.test(posix.basename(f)));
  const others = Object.entries(files).filter(([f]) => !LOCALE_CHUNK.test(posix.basename(f)));
  const searchView = others.reduce((a, [, n]) => a + n, 0) + Math.max(0, ...locales.map(([, n]) => n));
  return { embed: files['embed.js']!, searchView, files };
}

/**
 * Gzip size of what opening the fast lane downloads on top of the search view: the
 * `ayuda-fastlane` chunk and everything it imports (its catalogue, the largest of es/en; the
 * captcha and ALTCHA with its CSS), not Stripe.js (embedded checkout only).
 */
export function fastlaneSize(dir = WIDGET_CDN_DIR): { total: number; files: Record<string, number> } {
  return lazySize('ayuda-fastlane', dir);
}

/** Gzip size of what opening "Book a call" (`<ayuda-booking>`) downloads on top of the search view: its chunk and what it imports. */
export function bookingSize(dir = WIDGET_CDN_DIR): { total: number; files: Record<string, number> } {
  return lazySize('ayuda-booking', dir);
}

/** A lazy chunk and everything it imports that the search view did not load (one catalogue, the largest; never Stripe.js). */
function lazySize(name: string, dir: string): { total: number; files: Record<string, number> } {
  const searchView = new Set(Object.keys(bundleSizes(dir).files));
  const entry = readdirSync(join(dir, 'widget')).find((f) => f.startsWith(`${name}-`) && /^[\w.-]+\.js$/.test(f));
  if (!entry) throw new Error(`bench: no ${name} chunk in the build`);
  const seen = new Set<string>();
  const visit = (rel: string) => {
    if (seen.has(rel) || searchView.has(rel) || /^stripe-/.test(posix.basename(rel))) return;
    seen.add(rel);
    for (const m of readFileSync(join(dir, rel), 'utf8').matchAll(/(?:from\s*|import\s*\(\s*|import\s*)["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g)) visit(posix.normalize(posix.join(posix.dirname(rel), m[1]!)));
  };
  visit(`widget/${entry}`);
  const files = Object.fromEntries([...seen].map((f) => [f, gz(join(dir, f))]));
  const locales = Object.entries(files).filter(([f]) => LOCALE_CHUNK.test(posix.basename(f)));
  const others = Object.entries(files).filter(([f]) => !LOCALE_CHUNK.test(posix.basename(f)));
  return { total: others.reduce((a, [, n]) => a + n, 0) + Math.max(0, ...locales.map(([, n]) => n)), files };
}

/** JS and CSS the browser fetched from the server before the first search result showed, gzip-sized from the built files. */
async function measuredSearchView(page: Page, serverUrl: string): Promise<number> {
  const fetched: string[] = [];
  page.on('response', (r) => {
    const type = r.request().resourceType();
    if ((type === 'script' || type === 'stylesheet') && r.url().startsWith(serverUrl)) fetched.push(new URL(r.url()).pathname);
  });
  await page.goto(`${serverUrl}/en/`);
  await page.evaluate(() => (window as AyudaWindow).Ayuda!.open());
  await page.getByRole('combobox').pressSequentially('bill');
  await page.getByRole('option').first().waitFor();
  return fetched
    .filter((p) => p === '/embed.js' || p.startsWith('/widget/'))
    .reduce((sum, p) => sum + gz(join(WIDGET_CDN_DIR, p.slice(1))), 0);
}

/**
 * Keystroke to results rendered (DOM committed and laid out), typing generated queries over a
 * 10,000-article knowledge base held by a real server: its index is over the server's size
 * threshold, so the widget searches through the server and each keystroke includes the request.
 */
export async function searchLatency(browser: Browser, o: typeof WIDGET_BENCH_DEFAULTS): Promise<{ p50: number; p99: number; keystrokes: number; mode: string }> {
  const vocab = vocabulary();
  const docs = generateArticles(o.articles, o.corpusSeed, vocab);
  const queries = generateQueries(o.queries, docs, o.querySeed, vocab).map((q) => q.q);
  const server = await startKbServer(o.articles);
  const serverUrl = server.url;
  const { mode } = (await (await fetch(`${serverUrl}/api/v1/kb/index/es/meta`)).json()) as { mode: string };
  const page = await browser.newPage();
  // The Spanish page: the generated knowledge base is Spanish (`/` picks the browser's language).
  await page.goto(`${serverUrl}/es/`);
  await page.evaluate(() => (window as AyudaWindow).Ayuda!.open());
  const box = page.getByRole('combobox');
  await box.pressSequentially('factura');
  await page.getByRole('option').first().waitFor({ timeout: 60_000 });
  const times = await page.evaluate(
    async ({ queries, warmup }) => {
      const search = document.querySelector('ayuda-widget')!.shadowRoot!.querySelector('ayuda-panel')!.shadowRoot!.querySelector('ayuda-search') as HTMLElement & { updateComplete: Promise<boolean> };
      const input = search.shadowRoot!.querySelector('input')!;
      const out: number[] = [];
      for (let qi = 0; qi < queries.length; qi++) {
        const q = queries[qi]!;
        for (let i = 1; i <= q.length; i++) {
          input.value = q.slice(0, i);
          const expected = input.value.trim();
          // Results for this text shown: at once over a local index, when the answer arrived from the server.
          // (No named functions in here: tsx would wrap them in a helper the page does not have.)
          const done = new AbortController();
          const shown = new Promise<void>((resolve) =>
            search.addEventListener(
              'ayuda-results',
              (e) => {
                if ((e as CustomEvent<{ query: string }>).detail.query !== expected) return;
                done.abort();
                resolve();
              },
              { signal: done.signal },
            ),
          );
          const t0 = performance.now();
          input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: q[i - 1] }));
          if (expected) await shown;
          await search.updateComplete;
          void search.shadowRoot!.querySelector('ul')!.offsetHeight; // style and layout of the new results
          if (qi >= warmup) out.push(performance.now() - t0);
        }
        // Let analytics timers and GC run between queries, as between a person's queries.
        await new Promise((r) => setTimeout(r, 0));
      }
      return out;
    },
    { queries, warmup: o.warmupQueries },
  );
  await page.close();
  await server.close();
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), keystrokes: times.length, mode };
}

/** Main-thread figures of a page so far, in ms: time in tasks (wall clock) and CPU time of the thread. */
async function mainThread(cdp: CDPSession): Promise<{ wall: number; cpu: number }> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  const ms = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { wall: ms('TaskDuration'), cpu: ms('ThreadTime') };
}

interface LoadCost {
  /** Medians of each, over the pairs; `added` is the median of the pairs' differences. */
  wall: { withWidget: number; without: number; added: number };
  cpu: { withWidget: number; without: number; added: number };
}

/**
 * Main-thread time of a first visit to the demo page (a fresh browser context: empty HTTP cache,
 * no compiled-code cache), from navigation until `settleMs` after `load`, with and without the
 * script tag. Two figures from the same loads: the main thread's CPU time (the work itself) and
 * the time it spent in tasks by the wall clock, which on a 2-core machine shared with the
 * server, the browser's other processes and this one also counts the waits for a free core
 * (the same build gives 10–30 ms added by that measure, 6–9 ms by CPU time).
 */
export async function pageLoadCost(browser: Browser, serverUrl: string, o: typeof WIDGET_BENCH_DEFAULTS): Promise<LoadCost> {
  const html = readFileSync(DEMO_PAGE, 'utf8');
  const withoutTag = html.replace(/<script type="module" src="\/embed\.js"[^>]*><\/script>/, '');
  if (withoutTag === html) throw new Error('bench: the demo page has no embed script tag');
  // The company's site on its own origin, its assets and the embed from the Ayuda server, as on
  // a customer's site. Served by a plain HTTP server rather than intercepted by Playwright, whose
  // routing would send every request of the page through this process while it is measured.
  const base = (page: string) => page.replace('<head>', `<head><base href="${serverUrl}/">`);
  const site = await serveSite((path) => (path === '/with' ? { body: base(html) } : path === '/without' ? { body: base(withoutTag) } : null));
  const siteUrl = site.url;
  const one = async (withWidget: boolean) => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${siteUrl}/${withWidget ? 'with' : 'without'}`, { waitUntil: 'load' });
    // No polling in the page while measuring (it would count): wait, read the figures, then
    // check that the idle download of the panel's code happened within the time counted.
    await page.waitForTimeout(o.settleMs);
    const m = await mainThread(cdp);
    const preloaded = await page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/widget/ayuda-panel-')));
    if (withWidget && !preloaded) throw new Error('bench: the widget did not preload its panel within settleMs');
    await ctx.close();
    return m;
  };
  try {
    // Warm the server (its file cache and compressed copies) and the browser's own start-up paths.
    await one(true);
    await one(false);
    // Back-to-back pairs, in alternating order, and the median of their differences: a slow
    // spell on a shared machine raises both halves of a pair and cancels out.
    const pairs: Array<{ w: { wall: number; cpu: number }; wo: { wall: number; cpu: number } }> = [];
    for (let i = 0; i < o.loads; i++) {
      if (i % 2) {
        const wo = await one(false);
        pairs.push({ wo, w: await one(true) });
      } else {
        const w = await one(true);
        pairs.push({ w, wo: await one(false) });
      }
    }
    const summary = (k: 'wall' | 'cpu') => ({
      withWidget: percentile(pairs.map((p) => p.w[k]), 0.5),
      without: percentile(pairs.map((p) => p.wo[k]), 0.5),
      added: percentile(pairs.map((p) => p.w[k] - p.wo[k]), 0.5),
    });
    return { wall: summary('wall'), cpu: summary('cpu') };
  } finally {
    await site.close();
  }
}

export async function benchWidget(opts: Partial<typeof WIDGET_BENCH_DEFAULTS> = {}): Promise<Record<string, number>> {
  const o = { ...WIDGET_BENCH_DEFAULTS, ...opts };
  buildWidget();
  const sizes = bundleSizes();
  const [server, browser] = await Promise.all([startTestServer('pglite', { AYUDA_RATE_LIMIT: '1000000' }), launchBrowser()]);
  try {
    // Page loads first, on a quiet machine: after the 10,000-article search test this process
    // and the browser hold (and collect) hundreds of megabytes, which would be counted as
    // page-load time on a 2-core machine without having anything to do with the widget.
    const load = await pageLoadCost(browser, server.url, o);
    const viewPage = await browser.newPage();
    const searchViewMeasured = await measuredSearchView(viewPage, server.url);
    await viewPage.close();
    const latency = await searchLatency(browser, o);
    const r = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
    return {
      embed_gzip_bytes: sizes.embed,
      // The larger of the static import graph and what Chromium actually fetched.
      search_view_gzip_bytes: Math.max(sizes.searchView, searchViewMeasured),
      // What opening the fast lane adds (its chunks, catalogue, captcha and ALTCHA); none of it is in the search view.
      fastlane_chunk_gzip_bytes: fastlaneSize().total,
      // What opening "Book a call" adds (the booking's chunk, its strings and the form styles it shares).
      booking_chunk_gzip_bytes: bookingSize().total,
      widget_search_p50_ms_10k: r(latency.p50),
      widget_search_p99_ms_10k: r(latency.p99),
      widget_search_keystrokes_10k: latency.keystrokes,
      // 1: the widget searched through the server (the index is over the size threshold); 0: in the browser.
      widget_search_server_mode_10k: latency.mode === 'server' ? 1 : 0,
      // The work the widget adds to the page's main thread (its CPU time), and the same loads'
      // time in tasks by the wall clock, which on a shared machine also counts waiting for a core.
      widget_main_thread_ms: r(Math.max(0, load.cpu.added), 1),
      page_main_thread_ms_with_widget: r(load.cpu.withWidget, 1),
      page_main_thread_ms_without_widget: r(load.cpu.without, 1),
      widget_main_thread_wall_ms: r(Math.max(0, load.wall.added), 1),
      page_main_thread_wall_ms_with_widget: r(load.wall.withWidget, 1),
      page_main_thread_wall_ms_without_widget: r(load.wall.without, 1),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
