#!/usr/bin/env node
// Runs the console's component tests: @web/test-runner in Chromium on a free port.
// `--counts <file>` writes the pass/fail counts as JSON. Extra arguments go to the test runner
// (e.g. `--files src/queue/*.test.ts`).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { componentTestArgs, freePort, runTestRunner } from '../../../scripts/wtr-run.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { args, counts } = componentTestArgs();
process.exit(await runTestRunner({ config: join(here, '../web-test-runner.config.mjs'), args, port: await freePort(), counts }));
