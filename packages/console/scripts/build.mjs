#!/usr/bin/env node
// Builds @ayuda/console with Vite into dist/app/: index.html (no inline script or style, so the
// server's strict CSP holds) and assets/<name>-<hash>.js|css, minified, deterministic, with no
// network. The Ayuda server serves them at /console (packages/server/src/console/routes.ts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, defaultClientConditions } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
// Always the production build: Vite takes `process.env.NODE_ENV` from the environment when it is
// set, and a build spawned from a test runner (NODE_ENV=test) ships Lit's development mode (the
// widget's, so built, was 1.9 KB gzip over its budget).
process.env.NODE_ENV = 'production';
const started = performance.now();

/** Collapses the whitespace of the CSS in Lit's `css` literals (*.styles.ts). */
const minifyCss = {
  name: 'ayuda-minify-css',
  transform(code, id) {
    if (!/[\\/]src[\\/].*\.styles\.ts$/.test(id)) return null;
    const collapse = (css) =>
      css
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\s+/g, ' ')
        .replace(/\s*([{};,>])\s*/g, '$1')
        .replace(/:\s+/g, ':')
        .replace(/;}/g, '}')
        .trim();
    return { code: code.replace(/css`([^`]*)`/g, (_, css) => 'css`' + collapse(css) + '`'), map: null };
  },
};

await build({
  root,
  base: '/console/',
  configFile: false,
  logLevel: 'warn',
  clearScreen: false,
  publicDir: false,
  plugins: [minifyCss],
  // The workspace packages from their TypeScript sources (see packages/server/bin/sources.mjs).
  resolve: { conditions: ['ayuda-source', ...defaultClientConditions] },
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    // Every browser the console supports knows modulepreload; the polyfill would be dead code.
    modulePreload: { polyfill: false },
    cssCodeSplit: true,
    assetsInlineLimit: 0,
    rolldownOptions: {
      output: {
        minify: true,
        comments: { legal: true, annotation: false, jsdoc: false },
        entryFileNames: 'assets/[name]-[hash].js',
        // A shared chunk is named after one of its modules (`dialog.styles.ts` → `dialog.styles`);
        // the server serves asset names of letters, digits, `-` and `_` only, so dots become `-`.
        chunkFileNames: (chunk) => `assets/${chunk.name.replace(/[^A-Za-z0-9_-]/g, '-')}-[hash].js`,
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
});

// The CSP forbids inline script and style: the page must have none.
const page = readFileSync(`${root}dist/app/index.html`, 'utf8');
if (/<script(?![^>]*\bsrc=)[^>]*>|<style[\s>]|\sstyle=|\son[a-z]+=/i.test(page)) throw new Error('@ayuda/console build: dist/app/index.html has inline script or style, which the console\'s CSP forbids');
console.log(`@ayuda/console: built dist/app in ${Math.round(performance.now() - started)} ms`);
