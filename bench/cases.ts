// Case submission throughput and mail-outbox drain rate: starts the real server in this
// process (PGlite or PostgreSQL), drives `POST /api/v1/cases` from concurrent keep-alive
// loops, checks that every answer is a 201 and that every answered case is stored once, then
// times the mail worker sending the queued mail through a transport that accepts at once.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { ConfigError, loadConfig, type Config } from '../packages/server/src/config.js';
import { startServer, type RunningServer } from '../packages/server/src/server.js';
import { systemClock } from '../packages/server/src/clock.js';
import { createLogger } from '../packages/server/src/http/logger.js';
import { cases, mailOutbox } from '../packages/server/src/db/schema.js';
import { MailWorker, enqueueMail, type MailTransport } from '../packages/server/src/mail/outbox.js';
import { onBothDatabases, type LoadOptions, type LoadResult } from './portal.js';
import { log, percentile, round } from './stats.js';

export const CASE_LOAD_DEFAULTS: LoadOptions = { concurrency: 16, warmupMs: 1_000, durationMs: 6_000, maxRequests: 20_000 };

/** Mail the drain measurement sends at least: the submissions' own, topped up to this. */
export const OUTBOX_DRAIN_MAILS = 2_000;

export interface SubmitResult extends LoadResult {
  /** 201 answers, warm-up included. */
  created: number;
  /** Case rows in the database afterwards; equals `created` when nothing is lost or doubled. */
  stored: number;
}

export interface DrainResult {
  mails: number;
  seconds: number;
  perS: number;
}

// The server's limits are per IP and per email per hour; the bench sends from one IP.
const HIGH_LIMIT = '1000000';
const EMAILS = 500;

const DESCRIPTIONS = [
  'Desde esta mañana el router parpadea en rojo y no tengo conexión a Internet en ningún dispositivo. Ya lo he reiniciado dos veces y he comprobado los cables.',
  'My last invoice shows the same monthly charge twice. I pay by direct debit and the bank took both amounts; please refund the duplicate.',
  'Quiero cambiar la titularidad del contrato a nombre de mi pareja porque me mudo al extranjero el mes que viene. ¿Qué documentos necesitáis?',
  'The Wi-Fi drops every evening between 20:00 and 23:00, while speed tests during the day are fine. The router is the one you installed in March.',
];

/**
 * Production settings when they can be met here (a throwaway secret), as customers get them.
 * In production with no SMTP_URL the server's mail worker has no transport and leaves the
 * outbox alone, so submissions are measured without mail being sent beside them.
 */
function benchConfig(env: Record<string, string>): Config {
  try {
    return loadConfig({ ...env, NODE_ENV: 'production', AYUDA_SECRET: randomBytes(32).toString('base64') }, {});
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`bench: cases run in development mode; production settings were refused: ${e.message.replace(/\s+/g, ' ')}\n`);
    return loadConfig(env, {});
  }
}

/**
 * POSTs new cases from `concurrency` loops, each with its own Idempotency-Key; only requests
 * started after the warm-up count. Anything but a 201 is an error.
 */
export async function driveSubmissions(baseUrl: string, opts: LoadOptions): Promise<LoadResult & { created: number }> {
  const run = randomBytes(4).toString('hex');
  let next = 0;
  let errors = 0;
  let created = 0;
  const latencies: number[] = [];
  const t0 = performance.now();
  const measureFrom = t0 + opts.warmupMs;
  const end = measureFrom + opts.durationMs;
  let firstError: string | null = null;
  const url = `${baseUrl}/api/v1/cases`;
  const loop = async () => {
    for (;;) {
      const start = performance.now();
      if (start >= end || latencies.length >= opts.maxRequests) return;
      const i = next++;
      const locale = i % 2 === 0 ? 'es' : 'en';
      const body = JSON.stringify({
        name: `Cliente ${i}`,
        email: `bench${i % EMAILS}@example.com`,
        subject: `Consulta de prueba ${i}`,
        description: DESCRIPTIONS[i % DESCRIPTIONS.length],
        locale,
      });
      let ok = false;
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `bench-${run}-${i}` }, body });
        const text = await res.text();
        ok = res.status === 201;
        if (ok) created++;
        else firstError ??= `HTTP ${res.status}: ${text.slice(0, 300)}`;
      } catch (e) {
        firstError ??= (e as Error).message;
      }
      if (start < measureFrom) continue;
      if (ok) latencies.push(performance.now() - start);
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, loop));
  const seconds = (Math.min(performance.now(), end) - measureFrom) / 1000;
  if (firstError) process.stderr.write(`bench: case submission errors (${errors} measured); first: ${firstError}\n`);
  return {
    requests: latencies.length,
    errors,
    created,
    seconds,
    rps: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

/**
 * Stops the server's own mail worker, tops the outbox up to `atLeast` pending mails, and times
 * a fresh worker draining all of them through a transport that accepts every mail at once: the
 * cost of the outbox itself (claiming with FOR UPDATE SKIP LOCKED, marking each row sent).
 */
export async function benchOutboxDrain(server: RunningServer, atLeast = OUTBOX_DRAIN_MAILS): Promise<DrainResult> {
  await server.ayuda.mail.stop();
  const { db } = server.database;
  const pending = async () => Number((await db.select({ n: count() }).from(mailOutbox).where(eq(mailOutbox.status, 'pending')))[0]?.n ?? 0);
  const queued = await pending();
  if (queued < atLeast) {
    const now = systemClock.now();
    await db.transaction(async (tx) => {
      for (let i = queued; i < atLeast; i++) {
        await enqueueMail(tx, now, `drain${i}@example.com`, i % 2 === 0 ? 'es' : 'en', {
          template: 'case_received',
          vars: { company: 'Nubefibra', name: `Cliente ${i}`, reference: `NF-${String(900_000 + i).padStart(6, '0')}`, subject: 'Sin conexión', trackingUrl: `https://help.example.com/help/es/cases/${randomBytes(24).toString('base64url')}`, firstResponseDue: now.toISOString() },
        });
      }
    });
  }
  const mails = await pending();
  let accepted = 0;
  const transport: MailTransport = { name: 'bench', send: async () => void accepted++ };
  const worker = new MailWorker({ db: server.database, clock: systemClock, transport, logger: createLogger('silent'), messageIdDomain: 'example.com' });
  const t0 = performance.now();
  const sent = await worker.drainAll(mails + 1_000);
  const seconds = (performance.now() - t0) / 1000;
  const left = await pending();
  if (sent !== mails || accepted !== mails || left !== 0) {
    throw new Error(`bench: outbox drain sent ${sent} of ${mails} mails (transport saw ${accepted}, ${left} still pending)`);
  }
  return { mails, seconds, perS: mails / seconds };
}

/** Starts a server on an ephemeral port, measures submissions then the outbox, and stops it. */
export async function benchCaseDatabase(args: { databaseUrl?: string; load?: Partial<LoadOptions>; drainMails?: number } = {}): Promise<{ submit: SubmitResult; drain: DrainResult }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ayuda-bench-cases-'));
  try {
    const env: Record<string, string> = {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      AYUDA_DATA_DIR: dataDir,
      AYUDA_CASE_PREFIX: 'NF',
      AYUDA_CASE_RATE_LIMIT: HIGH_LIMIT,
      AYUDA_CASE_EMAIL_LIMIT: HIGH_LIMIT,
    };
    if (args.databaseUrl) env.DATABASE_URL = args.databaseUrl;
    const server = await startServer(benchConfig(env));
    try {
      const load = await driveSubmissions(server.url, { ...CASE_LOAD_DEFAULTS, ...args.load });
      const [row] = await server.database.db.select({ n: count() }).from(cases);
      const submit: SubmitResult = { ...load, stored: Number(row?.n ?? 0) };
      const drain = await benchOutboxDrain(server, args.drainMails);
      return { submit, drain };
    } finally {
      await server.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * The cases figures for `npm run bench`: submissions and outbox drain on PGlite, and on
 * PostgreSQL when one answers. `failed` is true when a measurement failed, a submission did not
 * answer 201, or the cases stored differ from the cases answered.
 */
export async function benchCases(): Promise<{ results: Record<string, number>; failed: boolean }> {
  const results: Record<string, number> = {};
  let failed = false;
  const o = CASE_LOAD_DEFAULTS;
  log(`cases: POST /api/v1/cases from ${o.concurrency} concurrent loops, ${o.warmupMs / 1000} s warm-up + ${o.durationMs / 1000} s; then the outbox drained (at least ${OUTBOX_DRAIN_MAILS} mails)`);
  const measure = async (db: 'pglite' | 'postgres', databaseUrl?: string) => {
    const { submit: s, drain: d } = await benchCaseDatabase(databaseUrl ? { databaseUrl } : {});
    Object.assign(results, {
      [`case_submit_rps_${db}`]: round(s.rps, 1),
      [`case_submit_p50_ms_${db}`]: round(s.p50Ms, 2),
      [`case_submit_p99_ms_${db}`]: round(s.p99Ms, 2),
      [`case_submit_requests_${db}`]: s.requests,
      [`case_submit_errors_${db}`]: s.errors,
      // The issue names the PostgreSQL figure `outbox_drain_per_s`: production runs PostgreSQL.
      [db === 'postgres' ? 'outbox_drain_per_s' : 'outbox_drain_per_s_pglite']: round(d.perS, 1),
      [`outbox_drain_mails_${db}`]: d.mails,
    });
    log(
      `  ${db}: ${s.requests} cases in ${s.seconds.toFixed(1)} s, ${s.rps.toFixed(0)} cases/s, p50 ${s.p50Ms.toFixed(1)} ms, p99 ${s.p99Ms.toFixed(1)} ms, errors ${s.errors}; ` +
        `${s.created} answered 201, ${s.stored} stored; outbox: ${d.mails} mails in ${d.seconds.toFixed(2)} s, ${d.perS.toFixed(0)}/s`,
    );
    if (s.errors > 0) failed = true;
    if (s.stored !== s.created) {
      failed = true;
      log(`  ${db}: FAILED: ${s.created} cases answered 201 but ${s.stored} stored`);
    }
  };
  if (await onBothDatabases(measure)) failed = true;
  return { results, failed };
}
