// Component tests: @web/test-runner with Playwright driving Debian's Chromium, against the real
// Ayuda server (demo knowledge base, PGlite) started once for the run. Run through
// scripts/test-components.mjs, which loads TypeScript with tsx and writes the pass/fail counts.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { defaultReporter } from '@web/test-runner';
import { countReporter } from '../../scripts/wtr-count-reporter.mjs';
import { withLauncherLabels } from './scripts/launcher-labels.mjs';
import { CHROMIUM_MISSING, findTestChromium } from '../../scripts/chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = findTestChromium();
if (!CHROMIUM) throw new Error(CHROMIUM_MISSING);
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const port = Number(process.env.AYUDA_WTR_PORT);
const ayuda = JSON.parse(process.env.AYUDA_WTR_SERVER ?? '{}');

/** Vite's `import.meta.glob` for the dev server: the catalogue list, read from the folder. */
const globPlugin = {
  name: 'ayuda-import-meta-glob',
  transform(context) {
    if (!context.path.endsWith('.ts') || !context.body.includes('import.meta.glob')) return;
    const file = join(here, '../..', context.path);
    const body = context.body.replace(/import\.meta\.glob(?:<[^>]*>)?\(\s*'([^']+)'\s*\)/g, (_, pattern) => {
      const dir = pattern.slice(0, pattern.lastIndexOf('/') + 1);
      const ext = pattern.slice(pattern.lastIndexOf('.'));
      const files = readdirSync(join(dirname(file), dir)).filter((f) => f.endsWith(ext));
      return `{${files.map((f) => `${JSON.stringify(dir + f)}: () => import(${JSON.stringify(dir + f)})`).join(',')}}`;
    });
    return { body };
  },
};

/** The launcher's labels, written in as the build does. */
const labelsPlugin = {
  name: 'ayuda-launcher-labels',
  transform(context) {
    if (!context.path.endsWith('.ts')) return;
    const body = withLauncherLabels(context.body);
    if (body !== null) return { body };
  },
};

export default {
  rootDir: join(here, '../..'),
  files: [join(here, 'src/**/*.test.ts')],
  hostname: '127.0.0.1',
  port,
  // The workspace packages from their TypeScript sources (see packages/server/bin/sources.mjs).
  nodeResolve: { exportConditions: ['ayuda-source', 'production'] },
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 180_000,
  browserStartTimeout: 60_000,
  testFramework: { config: { timeout: 15_000 } },
  plugins: [globPlugin, labelsPlugin, esbuildPlugin({ ts: true, target: 'es2022', tsconfig: join(here, 'tsconfig.json') })],
  browsers: [playwrightLauncher({ product: 'chromium', launchOptions: { executablePath: CHROMIUM, args: FLAGS, headless: true } })],
  testRunnerHtml: (framework) => `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><script src="/node_modules/axe-core/axe.min.js"></script>
  <script>window.AYUDA_TEST = ${JSON.stringify(ayuda)};</script></head>
  <body><script type="module" src="${framework}"></script></body>
</html>`,
  reporters: [defaultReporter({ reportTestResults: true, reportTestProgress: false }), countReporter(process.env.AYUDA_WTR_COUNTS)],
};
