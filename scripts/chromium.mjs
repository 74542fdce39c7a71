// Where the browser tests find Chromium: one answer for `npm test`'s check before it runs
// anything, the end-to-end tests, the component tests and the emulator's checkout test.
import { existsSync } from 'node:fs';

/** Looked for, in this order, when CHROMIUM_PATH is unset. */
export const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium', // Debian, and what .ci/run installs
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/**
 * The Chromium (or Chrome) binary to run, or null when there is none. A CHROMIUM_PATH that
 * names no file is none: it says which browser is wanted, so another is not picked instead.
 */
export function findChromium(env = process.env, candidates = CHROMIUM_CANDIDATES) {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
  return candidates.find((path) => existsSync(path)) ?? null;
}

/** What to do about it, in one line. */
export const CHROMIUM_MISSING = 'npm test needs Chromium for the browser tests: run "apt-get install -y chromium" (Debian/Ubuntu) or set CHROMIUM_PATH to a Chromium or Chrome binary.';
