// The fast lane's end-to-end set-up: the real server with the Stripe emulator on a free port
// known in advance (Stripe returns the customer to AYUDA_PUBLIC_URL, so the server needs its
// real address), and Chromium.
import { createServer } from 'node:net';
import type { Browser } from 'playwright-core';
import { startFastlaneServer } from '../../packages/server/src/testing/fastlane.js';
import type { DbKind } from '../../packages/server/src/testing/db.js';
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

/** A fast-lane server (PGlite unless told) at its public address, and a browser. */
export async function startFastlaneBrowserTest(kind: DbKind = 'pglite'): Promise<[FastlaneTestServer, Browser]> {
  const port = await freePort();
  return Promise.all([startFastlaneServer(kind, { PORT: String(port), AYUDA_PUBLIC_URL: `http://127.0.0.1:${port}` }), launchBrowser()]);
}
