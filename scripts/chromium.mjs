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
 * Chromium's headless shell (Debian's `chromium-headless-shell`, the same engine and version as
 * `chromium`, without the desktop browser around it), looked for when CHROMIUM_PATH is unset.
 */
export const HEADLESS_SHELL_CANDIDATES = ['/usr/bin/chromium-headless-shell'];

/**
 * The Chromium (or Chrome) binary to run, or null when there is none. A CHROMIUM_PATH that
 * names no file is none: it says which browser is wanted, so another is not picked instead.
 */
export function findChromium(env = process.env, candidates = CHROMIUM_CANDIDATES) {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
  return candidates.find((path) => existsSync(path)) ?? null;
}

/**
 * The binary the browser tests run in: the headless shell when it is installed (and
 * CHROMIUM_PATH does not name a browser), else `findChromium`'s. Both render with the same
 * Blink; the shell has no desktop browser around the pages and used about half the CPU for
 * the end-to-end suite (docs/performance.md, "Test suite time", sixteenth session). Every
 * bench keeps `findChromium`'s, so its figures measure what a visitor's browser does.
 */
export function findTestChromium(env = process.env, shells = HEADLESS_SHELL_CANDIDATES, candidates = CHROMIUM_CANDIDATES) {
  if (env.CHROMIUM_PATH) return findChromium(env, candidates);
  return shells.find((path) => existsSync(path)) ?? findChromium(env, candidates);
}

/** What to do about it, in one line. */
export const CHROMIUM_MISSING =
  'npm test needs Chromium for the browser tests: run "apt-get install -y chromium chromium-headless-shell" (Debian/Ubuntu; the shell is optional and halves the browser tests\' CPU) or set CHROMIUM_PATH to a Chromium or Chrome binary.';
