// The fast lane's end-to-end set-up: the real server with the Stripe emulator on a free port
// known in advance (Stripe returns the customer to AYUDA_PUBLIC_URL, so the server needs its
// real address), and Chromium.
import { createServer } from 'node:net';
import type { Browser } from 'playwright-core';
import { startFastlaneServer } from '../../packages/server/src/testing/fastlane.js';
import { launchBrowser } from './browser.js';

export type FastlaneTestServer = Awaited<ReturnType<typeof startFastlaneServer>>;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** A fast-lane server on PGlite at its public address, and a browser. */
export async function startFastlaneBrowserTest(): Promise<[FastlaneTestServer, Browser]> {
  const port = await freePort();
  return Promise.all([startFastlaneServer('pglite', { PORT: String(port), AYUDA_PUBLIC_URL: `http://127.0.0.1:${port}` }), launchBrowser()]);
}
