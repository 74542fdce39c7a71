// @ayuda/widget as an npm package, used the way a developer who bundles would: dist/lib holds
// ES modules whose only outside imports are the declared dependencies, the @ayuda ones among
// them resolve to built JavaScript, every `exports` entry has its module and its types, only
// `define/` entries register tags, and a Vite bundle of one `define/` entry (resolved without
// this repository's "ayuda-source" condition, as in an app) works in Chromium. `npm test` builds
// the package first; run alone, this builds what is missing or stale.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PKG = join(ROOT, 'packages/widget');
const LIB = join(PKG, 'dist/lib');
const pkg = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  exports: Record<string, string | { types: string; default: string }>;
  sideEffects: string[];
};

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
const specifiers = (code: string) => [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)].map((m) => m[1]!);
const WORKSPACE_DEPS = Object.keys(pkg.dependencies).filter((d) => d.startsWith('@ayuda/')).map((d) => d.slice('@ayuda/'.length));
const defineEntries = readdirSync(join(PKG, 'src/define')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));

describe('@ayuda/widget on npm', () => {
  beforeAll(() => {
    // Run alone (or after an edit), build what is missing or older than its sources; under
    // `npm test` both are fresh and nothing is rebuilt while other suites read dist/cdn.
    const newest = (dir: string) => Math.max(...files(dir).map((f) => statSync(f).mtimeMs));
    if (!existsSync(join(LIB, 'index.js')) || newest(join(PKG, 'src')) > statSync(join(LIB, 'index.js')).mtimeMs) {
      const r = spawnSync(process.execPath, [join(PKG, 'scripts/build.mjs')], { stdio: 'inherit' });
      if (r.status !== 0) throw new Error('the widget build failed');
    }
    // @ayuda/core and @ayuda/client as published: their JavaScript and types (tsc -b is incremental).
    const r = spawnSync('npx', ['tsc', '-b'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('tsc -b failed');
  }, 120_000);

  it('its own dependencies on @ayuda packages are built JavaScript with types, not TypeScript sources', () => {
    expect(WORKSPACE_DEPS.sort()).toEqual(['client', 'core']);
    for (const dep of WORKSPACE_DEPS) {
      const dir = join(ROOT, 'packages', dep);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { exports: Record<string, Record<string, string>>; files: string[] };
      expect(manifest.files).toContain('dist');
      for (const [entry, targets] of Object.entries(manifest.exports)) {
        // Only this repository asks for "ayuda-source"; everyone else gets `default` and `types`.
        expect(Object.keys(targets), `${dep} ${entry}`).toEqual(['ayuda-source', 'types', 'default']);
        expect(targets.default, `${dep} ${entry}`).toMatch(/^\.\/dist\/.*\.js$/);
        expect(targets.types, `${dep} ${entry}`).toMatch(/^\.\/dist\/.*\.d\.ts$/);
        expect(existsSync(join(dir, targets.default!)), `${dep} ${entry}`).toBe(true);
        expect(existsSync(join(dir, targets.types!)), `${dep} ${entry}`).toBe(true);
      }
    }
  });

  it('dist/lib imports only its own files and the declared dependencies (nothing bundled in)', () => {
    const js = files(LIB).filter((f) => f.endsWith('.js'));
    expect(js.length).toBeGreaterThan(20);
    expect(js.some((f) => f.includes('node_modules'))).toBe(false);
    const bare = new Set<string>();
    for (const f of js) {
      for (const s of specifiers(readFileSync(f, 'utf8'))) {
        if (s.startsWith('.')) expect(existsSync(resolve(dirname(f), s)), `${relative(LIB, f)} imports ${s}`).toBe(true);
        else bare.add(s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!);
      }
    }
    expect([...bare].filter((b) => !(b in pkg.dependencies))).toEqual([]);
    expect(bare.has('lit')).toBe(true);
  });

  it('every exports entry has its module and its types, one per define/ file', () => {
    const main = pkg.exports['.'] as { types: string; default: string };
    expect(existsSync(join(PKG, main.default))).toBe(true);
    expect(existsSync(join(PKG, main.types))).toBe(true);
    expect(defineEntries).toContain('ayuda-widget');
    for (const name of defineEntries) {
      expect(existsSync(join(LIB, `define/${name}.js`)), name).toBe(true);
      expect(existsSync(join(PKG, `dist/types/define/${name}.d.ts`)), name).toBe(true);
    }
    expect(pkg.sideEffects).toContain('./dist/lib/define/*.js');
    const manifest = JSON.parse(readFileSync(join(PKG, 'custom-elements.json'), 'utf8')) as { modules: Array<{ declarations?: Array<{ tagName?: string }> }> };
    const tags = manifest.modules.flatMap((m) => m.declarations ?? []).map((d) => d.tagName).filter(Boolean);
    for (const tag of ['ayuda-widget', 'ayuda-search', 'ayuda-article', 'ayuda-categories']) expect(tags).toContain(tag);
  });

  describe('bundled by a developer', () => {
    let dir: string;
    let browser: Browser;
    const bundled: string[] = [];
    beforeAll(async () => {
      // Inside the repository, so that `@ayuda/widget` resolves through node_modules as in an app.
      dir = mkdtempSync(join(ROOT, 'node_modules/.ayuda-npm-test-'));
      writeFileSync(
        join(dir, 'main.js'),
        `import '@ayuda/widget/define/ayuda-search.js';\nimport { AyudaWidget, SUPPORTED_LOCALES } from '@ayuda/widget';\nwindow.result = { widgetClass: typeof AyudaWidget, locales: SUPPORTED_LOCALES };\n`,
      );
      await build({
        root: dir,
        configFile: false,
        logLevel: 'silent',
        plugins: [{ name: 'record-modules', transform: (_code: string, id: string) => void bundled.push(id) }],
        build: { outDir: join(dir, 'out'), lib: { entry: join(dir, 'main.js'), formats: ['es'], fileName: () => 'app.js' }, rolldownOptions: { output: { codeSplitting: false } } },
      });
      browser = await launchBrowser();
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('takes @ayuda/core and the components from their built JavaScript', () => {
      expect(bundled.some((id) => id.includes('/packages/core/dist/'))).toBe(true);
      expect(bundled.some((id) => id.includes('/packages/widget/dist/lib/'))).toBe(true);
      expect(bundled.filter((id) => /\/packages\/[\w-]+\/src\//.test(id))).toEqual([]);
    });

    it('registers only the tag it asked for, and the component renders', async () => {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.setContent('<!doctype html><html lang="en"><body><ayuda-search server="http://127.0.0.1:9"></ayuda-search></body></html>');
      await page.addScriptTag({ type: 'module', content: readFileSync(join(dir, 'out/app.js'), 'utf8') });
      await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined);
      const r = await page.evaluate(async () => {
        const search = document.querySelector('ayuda-search')!;
        await customElements.whenDefined('ayuda-search');
        await (search as unknown as { updateComplete: Promise<unknown> }).updateComplete;
        return {
          ...(window as unknown as { result: { widgetClass: string; locales: string[] } }).result,
          search: customElements.get('ayuda-search') !== undefined,
          widget: customElements.get('ayuda-widget') !== undefined,
          input: search.shadowRoot?.querySelector('input') !== null && search.shadowRoot !== null,
        };
      });
      expect(errors).toEqual([]);
      expect(r).toEqual({ widgetClass: 'function', locales: ['en', 'es'], search: true, widget: false, input: true });
      await page.close();
    });
  });
});
