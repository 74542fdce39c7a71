// Size budget of the built console (gzip sizes are deterministic, so it is a test; the bench
// also checks it against what Chromium fetched). `npm test` builds the console first; run
// alone, this builds it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildConsole, consoleAnalyticsSize, consoleStaticSize, CONSOLE_DIST_DIR } from '../../bench/console-size.js';
import { BUDGETS } from '../../bench/budgets.js';

describe('console size budget', () => {
  beforeAll(() => {
    if (!existsSync(join(CONSOLE_DIST_DIR, 'index.html'))) buildConsole();
  });

  it('everything loaded before the queue shows is within console_js_gzip_bytes; the case view, dialogs and the screens opened later are not in it', () => {
    const s = consoleStaticSize();
    const names = Object.keys(s.files);
    expect(names.some((f) => f.endsWith('.css'))).toBe(true);
    expect(names.some((f) => /\/flow-/.test(f)), 'the virtualizer layout is counted').toBe(true);
    expect(names.some((f) => /\/(es|en)-/.test(f)), 'a catalogue is counted').toBe(true);
    expect(names.some((f) => /ayuda-(case-view|shortcuts-dialog|admin|analytics|kb|settings|appearance|pulse|appointments|callbacks)-/.test(f))).toBe(false);
    // The chart library comes only with the analytics screen.
    for (const f of names) expect(readFileSync(join(CONSOLE_DIST_DIR, f), 'utf8'), f).not.toMatch(/uplot|u-cursor-pt/);
    // Nor what only those screens use (zod and the schemas come with the settings and appearance screens).
    const entry = readFileSync(join(CONSOLE_DIST_DIR, names.find((f) => /\/index-[\w-]+\.js$/.test(f))!), 'utf8');
    expect(entry).not.toMatch(/\bfrom\s*["']\.\/(i18n|leave-guard)-/);
    expect(s.total).toBeLessThanOrEqual(BUDGETS.find((b) => b.key === 'console_js_gzip_bytes')!.limit);
  });

  it('opening Analytics downloads its chunk with the chart library, within console_analytics_gzip_bytes', () => {
    const s = consoleAnalyticsSize();
    const names = Object.keys(s.files);
    expect(names.some((f) => /\/ayuda-analytics-/.test(f))).toBe(true);
    const chunk = readFileSync(join(CONSOLE_DIST_DIR, names.find((f) => /\/ayuda-analytics-/.test(f))!), 'utf8');
    expect(chunk, 'uPlot is in the analytics chunk').toMatch(/u-cursor-pt/);
    // Neither the admin screen nor anything before the queue imports it statically.
    const admin = readdirSync(join(CONSOLE_DIST_DIR, 'assets')).find((f) => /^ayuda-admin-/.test(f))!;
    expect(readFileSync(join(CONSOLE_DIST_DIR, 'assets', admin), 'utf8')).toMatch(/import\(["'`]\.\/ayuda-analytics-/);
    expect(s.total).toBeLessThanOrEqual(BUDGETS.find((b) => b.key === 'console_analytics_gzip_bytes')!.limit);
  });

  it('the page has no inline script or style, and names its assets by their content', () => {
    const page = readFileSync(join(CONSOLE_DIST_DIR, 'index.html'), 'utf8');
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style[\s>]|\sstyle=/i);
    const assets = [...page.matchAll(/\/console\/assets\/([\w-]+)\.(js|css)/g)].map((m) => `${m[1]}.${m[2]}`);
    expect(assets.filter((a) => /^index-[\w-]{8}\.(js|css)$/.test(a))).toHaveLength(2);
    for (const a of assets) expect(a).toMatch(/^[a-z-]+-[\w-]{8}\.(js|css)$/);
  });
});
