// Component tests: @web/test-runner with Playwright driving Debian's Chromium. The console's
// elements talk to an in-page fake of the staff API (src/test-helpers.ts); the real server is
// exercised by the server's tests and by tests/e2e. Run through scripts/test-components.mjs.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { defaultReporter } from '@web/test-runner';
import { countReporter } from '../../scripts/wtr-count-reporter.mjs';
import { CHROMIUM_MISSING, findTestChromium } from '../../scripts/chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = findTestChromium();
if (!CHROMIUM) throw new Error(CHROMIUM_MISSING);
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export default {
  rootDir: join(here, '../..'),
  files: [join(here, 'src/**/*.test.ts')],
  hostname: '127.0.0.1',
  port: Number(process.env.AYUDA_WTR_PORT) || 8100,
  // The workspace packages from their TypeScript sources (see packages/server/bin/sources.mjs).
  nodeResolve: { exportConditions: ['ayuda-source', 'production'] },
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 180_000,
  browserStartTimeout: 60_000,
  testFramework: { config: { timeout: 15_000 } },
  // The appearance screen frames the server's /widget/preview (the real page, restyled as the
  // admin types, is tested in tests/e2e/widget-theme.test.ts): here the frame gets an empty page, not a 404.
  middleware: [
    (ctx, next) => {
      if (ctx.path !== '/widget/preview') return next();
      ctx.type = 'html';
      ctx.body = '<!doctype html><html lang="en"><title>Widget preview</title></html>';
    },
  ],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: join(here, 'tsconfig.json') })],
  browsers: [playwrightLauncher({ product: 'chromium', launchOptions: { executablePath: CHROMIUM, args: FLAGS, headless: true } })],
  testRunnerHtml: (framework) => `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><script src="/node_modules/axe-core/axe.min.js"></script>
  <link rel="stylesheet" href="/packages/console/src/page.css"></head>
  <body><script type="module" src="${framework}"></script></body>
</html>`,
  reporters: [defaultReporter({ reportTestResults: true, reportTestProgress: false }), countReporter(process.env.AYUDA_WTR_COUNTS)],
};
