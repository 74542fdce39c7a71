// Builds an app for tests: a test database, a fixed clock, silent logs, the demo knowledge base.
import type { PasswordWorkLimits } from '../staff/passwords.js';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../config.js';
import { createApp, type AyudaApp } from '../app.js';
import { createLogger } from '../http/logger.js';
import { fixedClock } from '../clock.js';
import { createTestDatabase, type DbKind } from './db.js';
import type { Database } from '../db/client.js';
import type { StripeGateway } from '../billing/gateway.js';
import type { AppointmentNotifier } from '../appointments/ports.js';

export const DEMO_KB_DIR = fileURLToPath(new URL('../../../../demo/kb', import.meta.url));
export const FIXTURE_KB_DIR = fileURLToPath(new URL('./fixtures/kb', import.meta.url));
export const DEMO_SITE_DIR = fileURLToPath(new URL('../../../../demo/site', import.meta.url));

export interface TestApp extends AyudaApp {
  database: Database;
  config: Config;
  clock: ReturnType<typeof fixedClock>;
  request(path: string, init?: RequestInit): Promise<Response>;
  dispose(): Promise<void>;
}

/**
 * An app on a fresh test database, or, given `database`, a second app over another app's
 * database: what a second server process sees (its own caches and limits, the same data).
 */
export async function createTestApp(kind: DbKind, opts: { env?: Record<string, string>; kb?: string | false; database?: Database; stripe?: StripeGateway | null; liveHeartbeatMs?: number; passwordWork?: PasswordWorkLimits; appointmentNotifier?: AppointmentNotifier } = {}): Promise<TestApp> {
  const database = opts.database ?? (await createTestDatabase(kind));
  const config = loadConfig({ AYUDA_PUBLIC_URL: 'http://help.test', AYUDA_SITE_DIR: DEMO_SITE_DIR, AYUDA_COMPANY_NAME: 'Nubefibra', LOG_LEVEL: 'silent', ...opts.env }, {});
  const clock = fixedClock('2026-11-20T10:00:00Z');
  const ayuda = createApp({ db: database, config, clock, logger: createLogger('silent'), ...(opts.stripe !== undefined ? { stripe: opts.stripe } : {}), ...(opts.liveHeartbeatMs ? { liveHeartbeatMs: opts.liveHeartbeatMs } : {}), ...(opts.passwordWork ? { passwordWork: opts.passwordWork } : {}), ...(opts.appointmentNotifier ? { appointmentNotifier: opts.appointmentNotifier } : {}) });
  await ayuda.settings.ready();
  if (opts.kb !== false) await ayuda.kb.importDirectory(opts.kb ?? FIXTURE_KB_DIR);
  return {
    ...ayuda,
    database,
    config,
    clock,
    request: (path, init) => Promise.resolve(ayuda.app.request(path, init)),
    async dispose() {
      await ayuda.close();
      if (!opts.database) await database.close();
    },
  };
}
