// A real server with a test database, the Stripe emulator and one fixed clock shared by both,
// for fast-lane tests; plus helpers to solve the captcha and sign in as a customer.
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { eq, desc } from 'drizzle-orm';
import { loadConfig } from '../config.js';
import { startServer, type RunningServer } from '../server.js';
import { fixedClock } from '../clock.js';

type FixedClock = ReturnType<typeof fixedClock>;
type DevStripe = Awaited<ReturnType<typeof startDevStripe>>;
import { createLogger } from '../http/logger.js';
import { startDevStripe } from '../billing/dev-stripe.js';
import { mailOutbox } from '../db/schema.js';
import { createTestDatabase, type DbKind } from './db.js';
import { FIXTURE_KB_DIR, DEMO_SITE_DIR } from './app.js';

/** `shared`: another test server's Stripe (two installations on one Stripe account). */
export async function startFastlaneServer(kind: DbKind, env: Record<string, string> = {}, shared?: { dev: DevStripe; clock: FixedClock }) {
  const clock = shared?.clock ?? fixedClock('2026-11-23T09:00:00Z'); // a Monday morning, Madrid business hours
  const database = await createTestDatabase(kind);
  const dev = shared?.dev ?? (await startDevStripe({ clock, retryDelayMs: 20, accountName: 'Nubefibra' }));
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    AYUDA_KB_DIR: FIXTURE_KB_DIR,
    AYUDA_SITE_DIR: DEMO_SITE_DIR,
    AYUDA_COMPANY_NAME: 'Nubefibra',
    AYUDA_CASE_PREFIX: 'NF',
    AYUDA_CAPTCHA_MAX_NUMBER: '500',
    AYUDA_RATE_LIMIT: '100000',
    AYUDA_CASE_RATE_LIMIT: '100000',
    AYUDA_CASE_EMAIL_LIMIT: '100000',
    ...env,
  });
  const server: RunningServer = await startServer(config, { database, clock, stripe: dev.gateway, logger: createLogger('silent') });
  await server.ayuda.mail.stop();
  dev.connect(server.url);
  const { token: staffToken } = await server.ayuda.staffTokens.create('Marta');

  const api = (path: string, init: RequestInit & { json?: unknown; bearer?: string } = {}) => {
    const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
    if (init.json !== undefined) headers['Content-Type'] = 'application/json';
    if (init.bearer) headers.Authorization = `Bearer ${init.bearer}`;
    return fetch(`${server.url}${path}`, { ...init, headers, ...(init.json !== undefined ? { body: JSON.stringify(init.json), method: init.method ?? 'POST' } : {}) });
  };

  /** A solved captcha payload, as the ALTCHA widget would send it. */
  async function solveCaptcha(purpose = 'fastlane'): Promise<string> {
    const challenge = (await (await api(`/api/v1/captcha/challenge?purpose=${purpose}`)).json()) as Challenge;
    const solution = await solveChallenge({ challenge, deriveKey });
    return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
  }

  async function lastMailTo(email: string) {
    const [m] = await database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, email)).orderBy(desc(mailOutbox.id)).limit(1);
    return m;
  }

  /** Captcha, code by mail, verify: a bearer token for `email`. */
  async function signIn(email: string, locale = 'es'): Promise<string> {
    const res = await api('/api/v1/fastlane/login', { json: { email, locale, captcha: await solveCaptcha() } });
    if (res.status !== 202) throw new Error(`login: ${res.status} ${await res.text()}`);
    const code = /\b(\d{6})\b/.exec((await lastMailTo(email))!.text)![1]!;
    const v = await api('/api/v1/fastlane/verify', { json: { email, code, locale } });
    return ((await v.json()) as { token: string }).token;
  }

  async function submitCase(email: string, subject = 'Sin conexión') {
    const res = await api('/api/v1/cases', { json: { name: 'Ana', email, subject, description: 'El router parpadea en rojo desde ayer.', locale: 'es' }, headers: { 'Idempotency-Key': `case-${Math.random().toString(36).slice(2)}` } });
    if (res.status !== 201) throw new Error(`submit: ${res.status} ${await res.text()}`);
    return (await res.json()) as { reference: string; trackingToken: string; trackingUrl: string; firstResponseDue: string };
  }

  const staff = (path: string, init: RequestInit & { json?: unknown } = {}) => api(`/api/v1/staff${path}`, { ...init, headers: { Authorization: `Bearer ${staffToken}`, ...(init.headers as Record<string, string>) } });

  return {
    server,
    clock,
    database,
    emulator: dev.emulator,
    dev,
    api,
    staff,
    solveCaptcha,
    signIn,
    submitCase,
    lastMailTo,
    async close() {
      await server.close();
      if (!shared) await dev.emulator.close();
      await database.close();
    },
  };
}
