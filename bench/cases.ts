// Case submission throughput against the database's own limit, and the mail-outbox drain
// rate: the real server runs in its own process (PGlite or PostgreSQL) and autocannon drives
// `POST /api/v1/cases` from this one; every answer must be a 201 and every answered case stored
// once. On PostgreSQL the statements of one submission are captured and run by pgbench at the
// same concurrency (bench/case-pgbench.ts), beside a pgbench of one 1 KB insert. Then the mail
// worker is timed sending the queued mail through a transport that accepts at once.
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { count, eq } from 'drizzle-orm';
import { ConfigError, loadConfig, type Config } from '../packages/server/src/config.js';
import { startServer, type RunningServer } from '../packages/server/src/server.js';
import { systemClock } from '../packages/server/src/clock.js';
import { createLogger } from '../packages/server/src/http/logger.js';
import { cases, mailOutbox } from '../packages/server/src/db/schema.js';
import { MailWorker, enqueueMail, type MailTransport } from '../packages/server/src/mail/outbox.js';
import { onBothDatabases, type LoadOptions, type LoadResult } from './portal.js';
import { captureSubmission, createInsertTable, INSERT_SCRIPT, pgbench, pgbenchScript, spreadSequences, type PgbenchResult } from './case-pgbench.js';
import { log, round } from './stats.js';

export const CASE_LOAD_DEFAULTS: LoadOptions = { concurrency: 16, warmupMs: 1_000, durationMs: 6_000, maxRequests: 20_000 };

/** Mail the drain measurement sends at least: the submissions' own, topped up to this. */
export const OUTBOX_DRAIN_MAILS = 2_000;

export interface SubmitResult extends LoadResult {
  /** 201 answers, warm-up included. */
  created: number;
  /** Case rows in the database afterwards: `created` plus at most the requests in flight when each run stopped. */
  stored: number;
  /** The server process's CPU time over the timed run (ms), when it runs in a process the bench can ask. */
  serverCpuMs: number | null;
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
export function caseBenchConfig(env: Record<string, string>): Config {
  try {
    return loadConfig({ ...env, NODE_ENV: 'production', AYUDA_SECRET: randomBytes(32).toString('base64') }, {});
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`bench: cases run in development mode; production settings were refused: ${e.message.replace(/\s+/g, ' ')}\n`);
    return loadConfig(env, {});
  }
}

/**
 * POSTs new cases with autocannon (from this process; the server runs in its own) on
 * `concurrency` keep-alive connections, each request with its own Idempotency-Key: an untimed
 * warm-up, then the measured run. Anything but a 201 is an error.
 */
export async function driveWithAutocannon(baseUrl: string, opts: LoadOptions, serverCpuMs: () => number | null = () => null): Promise<LoadResult & { created: number; serverCpuMs: number | null }> {
  const run = randomBytes(4).toString('hex');
  let next = 0;
  const request = {
    method: 'POST' as const,
    path: '/api/v1/cases',
    setupRequest: (req: Record<string, unknown>) => {
      const i = next++;
      return {
        ...req,
        headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${run}-${i}` },
        body: JSON.stringify({ name: `Cliente ${i}`, email: `bench${i % EMAILS}@example.com`, subject: `Consulta de prueba ${i}`, description: DESCRIPTIONS[i % DESCRIPTIONS.length], locale: i % 2 === 0 ? 'es' : 'en' }),
      };
    },
  };
  const fire = (durationMs: number) => autocannon({ url: baseUrl, connections: opts.concurrency, duration: durationMs / 1000, requests: [request] });
  const warm = await fire(opts.warmupMs);
  const cpuBefore = serverCpuMs();
  const r = await fire(opts.durationMs);
  const cpuAfter = serverCpuMs();
  const errors = r.non2xx + r.errors + r.timeouts;
  const created = warm['2xx'] + r['2xx'];
  if (errors || warm.non2xx + warm.errors + warm.timeouts) process.stderr.write(`bench: case submission errors: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts (warm-up ${warm.non2xx + warm.errors + warm.timeouts})\n`);
  const seconds = r.duration;
  return {
    requests: r['2xx'],
    errors: errors + warm.non2xx + warm.errors + warm.timeouts,
    created,
    seconds,
    rps: r['2xx'] / seconds,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    serverCpuMs: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null,
  };
}

/**
 * The CPU time (user and system) process `pid` has used, in ms, from Linux's /proc; null
 * elsewhere. The server's CPU per submission is what bounds its rate once the machine is not
 * shared with other work, so it moves far less with the machine's load than submissions/s.
 */
function processCpuMs(pid: number | undefined): number | null {
  try {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
/** Linux's USER_HZ, the unit of /proc's CPU times (100 on every mainstream architecture). */
const CLOCK_TICKS = 100;

/** Runs `fn` with the URL of a server started in a child process with `env` (and a reader of its CPU time), stopped afterwards. */
export async function withServerProcess<T>(env: Record<string, string>, fn: (url: string, cpuMs: () => number | null) => Promise<T>): Promise<T> {
  const extra = (process.env.AYUDA_BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
  // The database is `env`'s alone: a DATABASE_URL of the bench's own environment would put the
  // PGlite run's server on PostgreSQL (and its cases where the count after it does not look).
  const { DATABASE_URL: _inherited, ...inherited } = process.env;
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', '--conditions=ayuda-source', fileURLToPath(new URL('./case-server.ts', import.meta.url))], {
    env: { ...inherited, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve((JSON.parse(line) as { url: string }).url);
      });
      void exited.then((code) => reject(new Error(`bench: the case server exited with code ${code} before listening`)));
    });
    return await fn(url, () => processCpuMs(child.pid));
  } finally {
    child.stdin!.end();
    await exited;
  }
}

export interface DatabaseLimit {
  /** The captured submission's script, and the 1 KB insert's, in temporary files. */
  scriptFile: string;
  insertFile: string;
  statements: number;
  /** Cases the capture submitted (before the load). */
  capturedCases: number;
  pgbench?: PgbenchResult;
  insert?: PgbenchResult;
}

/** Captures one submission's statements on `server` and writes the two pgbench scripts. */
async function databaseLimit(server: RunningServer, databaseUrl: string): Promise<DatabaseLimit> {
  await spreadSequences(databaseUrl);
  // One submission first, so nothing done once (a first query, a cache) is in the capture.
  const body = { name: 'Cliente', subject: 'Consulta de prueba', description: DESCRIPTIONS[0], locale: 'es' };
  // A background job of the server (business-hour spans, analytics facts, the jobs and
  // appointment reminders it runs once started) may run during a capture and add its
  // statements: a capture counts only once two in a row send the same ones. On a loaded machine
  // the jobs after start-up outlast a few captures, so a mismatch waits a little before the next.
  let previous = await captureSubmission(server, body);
  let captured = await captureSubmission(server, body);
  let capturedCases = 2;
  const texts = (c: typeof captured) => c.statements.map((st) => st.text).join('\n;\n');
  while (texts(captured) !== texts(previous)) {
    if (capturedCases >= 20) throw new Error('bench: no two captured submissions in a row sent the same statements (a background job kept running beside them)');
    await new Promise((resolve) => setTimeout(resolve, 250));
    previous = captured;
    captured = await captureSubmission(server, body);
    capturedCases++;
  }
  const { statements, marks } = captured;
  await createInsertTable(databaseUrl);
  const dir = await mkdtemp(join(tmpdir(), 'ayuda-bench-pgbench-'));
  const scriptFile = join(dir, 'case-submit.pgbench.sql');
  const insertFile = join(dir, 'insert-1k.pgbench.sql');
  await writeFile(scriptFile, pgbenchScript(statements, marks, EMAILS));
  await writeFile(insertFile, INSERT_SCRIPT);
  log(`  postgres: one submission executes ${statements.length} statements; pgbench script in ${scriptFile}`);
  return { scriptFile, insertFile, statements: statements.length, capturedCases };
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
export async function benchCaseDatabase(args: { databaseUrl?: string; load?: Partial<LoadOptions>; drainMails?: number } = {}): Promise<{ submit: SubmitResult; drain: DrainResult; limit?: DatabaseLimit }> {
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
    let limit: Awaited<ReturnType<typeof databaseLimit>> | undefined;
    if (args.databaseUrl) {
      // Captured on a server in this process (with its own database connections), before the load.
      const server = await startServer(caseBenchConfig(env));
      try {
        limit = await databaseLimit(server, args.databaseUrl);
      } finally {
        await server.close();
      }
    }
    const load = await withServerProcess(env, (url, cpuMs) => driveWithAutocannon(url, { ...CASE_LOAD_DEFAULTS, ...args.load }, cpuMs));
    // The outbox is drained by a server in this process once the measured one has stopped.
    const server = await startServer(caseBenchConfig(env));
    try {
      const [row] = await server.database.db.select({ n: count() }).from(cases);
      const submit: SubmitResult = { ...load, stored: Number(row?.n ?? 0) - (limit?.capturedCases ?? 0) };
      const drain = await benchOutboxDrain(server, args.drainMails);
      if (limit) {
        limit.pgbench = await pgbench(args.databaseUrl!, limit.scriptFile, { ...CASE_LOAD_DEFAULTS, ...args.load }.concurrency, CASE_LOAD_DEFAULTS.durationMs / 1000);
        limit.insert = await pgbench(args.databaseUrl!, limit.insertFile, { ...CASE_LOAD_DEFAULTS, ...args.load }.concurrency, CASE_LOAD_DEFAULTS.durationMs / 1000);
      }
      return { submit, drain, ...(limit ? { limit } : {}) };
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
export async function benchCases(opts: { pglite?: boolean } = {}): Promise<{ results: Record<string, number>; failed: boolean }> {
  const results: Record<string, number> = {};
  let failed = false;
  const o = CASE_LOAD_DEFAULTS;
  log(`cases: POST /api/v1/cases with autocannon on ${o.concurrency} connections to a server in its own process, ${o.warmupMs / 1000} s warm-up + ${o.durationMs / 1000} s; then the outbox drained (at least ${OUTBOX_DRAIN_MAILS} mails)`);
  const measure = async (db: 'pglite' | 'postgres', databaseUrl?: string) => {
    const { submit: s, drain: d, limit } = await benchCaseDatabase(databaseUrl ? { databaseUrl } : {});
    if (limit?.pgbench && limit.insert) {
      Object.assign(results, {
        case_submit_pgbench_tps: round(limit.pgbench.tps, 1),
        case_submit_pgbench_insert_tps: round(limit.insert.tps, 1),
        case_submit_ratio_pgbench: round(s.rps / limit.pgbench.tps, 3),
        case_submit_ratio_pgbench_insert: round(s.rps / limit.insert.tps, 4),
        case_submit_statements: limit.statements,
      });
      log(
        `  ${db}: pgbench, the ${limit.statements} statements of one submission from ${o.concurrency} clients: ${limit.pgbench.tps.toFixed(0)} tps (${limit.pgbench.failed} failed); ` +
          `one 1 KB insert: ${limit.insert.tps.toFixed(0)} tps; submissions / pgbench ${(s.rps / limit.pgbench.tps).toFixed(3)}, / insert ${(s.rps / limit.insert.tps).toFixed(4)}`,
      );
      if (limit.pgbench.failed || limit.insert.failed) failed = true;
    }
    Object.assign(results, {
      [`case_submit_rps_${db}`]: round(s.rps, 1),
      [`case_submit_p50_ms_${db}`]: round(s.p50Ms, 2),
      [`case_submit_p99_ms_${db}`]: round(s.p99Ms, 2),
      [`case_submit_requests_${db}`]: s.requests,
      [`case_submit_errors_${db}`]: s.errors,
      ...(s.serverCpuMs !== null ? { [`case_submit_server_cpu_ms_${db}`]: round(s.serverCpuMs / Math.max(1, s.requests), 3) } : {}),
      // The issue names the PostgreSQL figure `outbox_drain_per_s`: production runs PostgreSQL.
      [db === 'postgres' ? 'outbox_drain_per_s' : 'outbox_drain_per_s_pglite']: round(d.perS, 1),
      [`outbox_drain_mails_${db}`]: d.mails,
    });
    log(
      `  ${db}: ${s.requests} cases in ${s.seconds.toFixed(1)} s, ${s.rps.toFixed(0)} cases/s, p50 ${s.p50Ms.toFixed(1)} ms, p99 ${s.p99Ms.toFixed(1)} ms, errors ${s.errors}` +
        `${s.serverCpuMs !== null ? `, server CPU ${(s.serverCpuMs / Math.max(1, s.requests)).toFixed(2)} ms a case` : ''}; ` +
        `${s.created} answered 201, ${s.stored} stored; outbox: ${d.mails} mails in ${d.seconds.toFixed(2)} s, ${d.perS.toFixed(0)}/s`,
    );
    if (s.errors > 0) failed = true;
    // autocannon stops each run with a request in flight on every connection: those cases are
    // stored but their answers not counted.
    if (s.stored < s.created || s.stored > s.created + 2 * o.concurrency) {
      failed = true;
      log(`  ${db}: FAILED: ${s.created} cases answered 201 but ${s.stored} stored`);
    }
  };
  if (await onBothDatabases(measure, { pglite: opts.pglite ?? true })) failed = true;
  return { results, failed };
}
