// The demo's two staff accounts (`npm start`), so the console can be tried at once. Never in
// production: their password is written here and in the docs.
import type { Config } from '../config.js';
import type { Logger } from '../http/logger.js';
import type { StaffAuth } from './service.js';

export const DEMO_STAFF_PASSWORD = 'ayuda-demo';

export const DEMO_STAFF = [
  { email: 'admin@nubefibra.example', name: 'Ana Ruiz', role: 'admin' },
  { email: 'agente@nubefibra.example', name: 'Marta Gil', role: 'agent' },
] as const;

/**
 * Creates the demo accounts that are missing (an existing one is left as it is, its password
 * too). In production it creates nothing, says so, and answers false.
 */
export async function ensureDemoStaff(staff: StaffAuth, config: Pick<Config, 'production'>, logger: Pick<Logger, 'warn'>): Promise<boolean> {
  if (config.production) {
    logger.warn('demo: no demo staff accounts in production (their password is public); create accounts with `npx ayuda staff create`');
    return false;
  }
  for (const a of DEMO_STAFF) await staff.ensureAccount({ ...a, locale: 'es', password: DEMO_STAFF_PASSWORD });
  return true;
}
