#!/usr/bin/env node
// Builds @ayuda/widget with Vite:
//   dist/cdn/  embed.js (stable name, tiny) + chunks/*-[hash].js, self-contained, minified: what
//              the Ayuda server serves to sites that paste the one script tag;
//   dist/lib/  ES modules for npm (one file per source module; lit and @ayuda/* external);
//   custom-elements.json from the components' JSDoc.
// `--cdn` builds only dist/cdn (what `npm start` needs). Output is deterministic.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { build, defaultClientConditions } from 'vite';
import { LABELS_MARKER, withLauncherLabels } from './launcher-labels.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// Always the production build: Vite takes `process.env.NODE_ENV` from the environment when it is
// set, and a build spawned from a test runner (NODE_ENV=test) shipped Lit's development mode,
// some 1.9 KB gzip over the widget's budget.
process.env.NODE_ENV = 'production';
const only = process.argv.includes('--cdn') ? 'cdn' : 'all';
const started = performance.now();

/** Collapses the whitespace of CSS text. */
const collapseCss = (css) =>
  css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .trim();

/** Collapses the whitespace of the CSS in the styles' template literals (Lit's `css` and plain strings). */
const minifyCss = {
  name: 'ayuda-minify-css',
  transform(code, id) {
    if (!/[\\/]src[\\/](styles[\\/]tokens|.*\.styles)\.ts$/.test(id)) return null;
    return { code: code.replace(/`([^`]*)`/g, (_, css) => '`' + collapseCss(css) + '`'), map: null };
  },
};

/**
 * The launcher's CSS, computed at build time: embed.js gets the finished text, and the palette
 * and the functions that write the themes from it (which the panel's tokens use) stay out of
 * the embed, which must stay under 4 KB.
 */
const staticLauncherCss = {
  name: 'ayuda-static-launcher-css',
  enforce: 'pre',
  async transform(_code, id) {
    if (!/[\\/]src[\\/]widget[\\/]widget\.styles\.ts$/.test(id)) return null;
    const { widgetCss } = await tsImport(id, import.meta.url);
    if (typeof widgetCss !== 'string' || !widgetCss.includes('button')) throw new Error('@ayuda/widget build: widget.styles.ts did not give the launcher CSS');
    return { code: `export const widgetCss = ${JSON.stringify(collapseCss(widgetCss))};\n`, map: null };
  },
};

/** The launcher's labels, from the catalogues (see launcher-labels.mjs). */
const launcherLabels = {
  name: 'ayuda-launcher-labels',
  transform(code) {
    const out = withLauncherLabels(code);
    return out === null ? null : { code: out, map: null };
  },
};

const common = {
  root,
  configFile: false,
  logLevel: 'warn',
  clearScreen: false,
  publicDir: false,
  plugins: [staticLauncherCss, minifyCss, launcherLabels],
  // The workspace packages from their TypeScript sources (see packages/server/bin/sources.mjs).
  resolve: { conditions: ['ayuda-source', ...defaultClientConditions] },
};

await build({
  ...common,
  build: {
    outDir: 'dist/cdn',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    lib: { entry: { embed: 'src/embed.ts' }, formats: ['es'], fileName: (_format, name) => `${name}.js` },
    rolldownOptions: {
      // Code the panel shares with the embed stays in embed.js (already loaded) instead of a
      // third file that every page would fetch before showing the launcher.
      preserveEntrySignatures: 'allow-extension',
      output: {
        minify: true,
        // Licences stay; `/* @__PURE__ */` marks, useless once minified, cost the embed bytes it does not have.
        comments: { legal: true, annotation: false, jsdoc: false },
        // The chunk of Lit and the components' base, shared by the panel and the lazy components,
        // is named for what it holds (not for its first module), which also keeps the embed's list of chunks short.
        chunkFileNames: (chunk) => `widget/${chunk.name === 'component.styles' ? 'lit' : '[name]'}-[hash:6].js`,
      },
    },
  },
});

// Tell the embed which chunks to download at idle: every chunk but the catalogues (the embed
// loads the page's own through its loader, which knows their file names) and what loads only
// when asked for (the case form, the fast lane, the booking, the captcha, Stripe.js). Chunk names do not depend on embed.js, so this edit after the build
// changes no hash.
// `form.styles` and `session` are shared by the lazy chunks only (the case form, the fast
// lane and the booking), so they are lazy too.
// `search` (the engine) loads only for a knowledge base searched in the browser: over a large one
// the widget searches through the server and never downloads it (docs/widget.md, "Search").
const LAZY_CHUNK = /^(ayuda-case-form|ayuda-fastlane|ayuda-booking|ayuda-survey|form\.styles|session|open|captcha|altcha|stripe|search)-[\w-]{6,}\.js$/;
{
  const embedFile = `${root}dist/cdn/embed.js`;
  const chunks = readdirSync(`${root}dist/cdn/widget`).filter((f) => !/^[a-z]{2}(-[A-Za-z]{2,4})?-[\w-]{6,}\.js$/.test(f) && !LAZY_CHUNK.test(f));
  const code = readFileSync(embedFile, 'utf8');
  const placeholder = /(["'`])__AYUDA_PANEL_CHUNKS__\1/;
  if (!placeholder.test(code)) throw new Error('@ayuda/widget build: the chunk list placeholder is missing from embed.js');
  // The server writes the site's theme in place of this string (packages/server/src/widget/routes.ts).
  if (!/([`'"])__AYUDA_THEME__\1/.test(code)) throw new Error('@ayuda/widget build: the theme placeholder is missing from embed.js');
  writeFileSync(embedFile, code.replace(placeholder, JSON.stringify(chunks.map((f) => `./widget/${f}`).join(','))));
}

if (only === 'all') {
  const defines = Object.fromEntries(
    readdirSync(`${root}src/define`)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => [`define/${f.slice(0, -3)}`, `src/define/${f}`]),
  );
  await build({
    ...common,
    build: {
      outDir: 'dist/lib',
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: true,
      reportCompressedSize: false,
      lib: { entry: { index: 'src/index.ts', embed: 'src/embed.ts', ...defines }, formats: ['es'] },
      rolldownOptions: {
        // Every dependency stays a dependency: the developer's bundler resolves it once.
        external: [/^lit(\/|$)/, /^@lit\//, /^@ayuda\//, /^altcha(\/|$)/, /^@stripe\//],
        output: { preserveModules: true, preserveModulesRoot: `${root}src`, entryFileNames: '[name].js' },
      },
    },
  });
  const cem = spawnSync(process.execPath, [join(dirname(createRequire(import.meta.url).resolve('@custom-elements-manifest/analyzer/package.json')), 'cem.js'), 'analyze', '--config', 'custom-elements-manifest.config.mjs'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (cem.status !== 0) process.exit(cem.status ?? 1);
}
// Every build must have written the launcher's labels in (a leftover marker would be a
// ReferenceError at run time, and no launcher).
for (const file of [`${root}dist/cdn/embed.js`, ...(only === 'all' ? [`${root}dist/lib/widget/widget.js`] : [])]) {
  if (readFileSync(file, 'utf8').includes(LABELS_MARKER)) throw new Error(`@ayuda/widget build: ${file} still has ${LABELS_MARKER}`);
}
console.log(`@ayuda/widget: built ${only === 'cdn' ? 'dist/cdn' : 'dist/cdn, dist/lib and custom-elements.json'} in ${Math.round(performance.now() - started)} ms`);
