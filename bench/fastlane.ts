// The fast lane's figures: how long verifying a solved captcha takes, how fast checkouts are
// created through the real server and the Stripe emulator, and how many Stripe webhook events
// the server applies per second (PostgreSQL when one answers, PGlite otherwise).
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { and, count, desc, eq, inArray } from 'drizzle-orm';
import { signPayload, type StripeEmulator } from '@ayuda/stripe-emulator';
import { loadConfig } from '../packages/server/src/config.js';
import { openConfiguredDatabase, startServer, type RunningServer } from '../packages/server/src/server.js';
import { createLogger } from '../packages/server/src/http/logger.js';
import { DEV_WEBHOOK_SECRET, startDevStripe } from '../packages/server/src/billing/dev-stripe.js';
import { cases, fastlaneOrders, mailOutbox } from '../packages/server/src/db/schema.js';
import { findPostgres, redact, withFreshDatabase } from './portal.js';
import { log, percentile, round } from './stats.js';

/** Every count the fast-lane bench uses; all bounded, so the run stays near a minute. */
export const FASTLANE_BENCH_DEFAULTS = {
  /** Captcha solutions verified and timed, after `captchaWarmup` untimed ones. */
  captchaVerifies: 200,
  captchaWarmup: 20,
  /** Captcha difficulty for the bench: the solver tries at most this many numbers. */
  captchaMaxNumber: 50,
  /** Signed-in customers taking out subscriptions, and others paying per incident. */
  subscribers: 4,
  incidentCustomers: 4,
  /** Checkouts per incident (each for its own case) timed, after `checkoutWarmup` untimed ones. */
  checkouts: 200,
  checkoutWarmup: 20,
  checkoutConcurrency: 6,
  /**
   * Webhook events applied and timed: `checkout.session.completed` of this many paid orders,
   * after `webhookWarmup` untimed ones: one monthly subscription per subscriber, the rest per
   * incident (the checkouts above, and more if needed), spread evenly. The server that applies
   * them starts fresh in its own process, so the warm-up is long enough to compile its hot path.
   * 2,000 timed events take about two seconds: 500 (half a second) read ±6 % from one run to
   * the next.
   */
  webhookEvents: 2000,
  webhookWarmup: 200,
  webhookConcurrency: 8,
  /**
   * Loops submitting the cases and creating the checkouts beyond those timed above, one of each
   * per webhook event: more than the timed loops, since these are not measured and their
   * number grows with `webhookEvents`.
   */
  setupConcurrency: 16,
  /** Any one request giving up after this long fails the run rather than hanging it. */
  requestTimeoutMs: 20_000,
} as const;

export type FastlaneBenchOptions = typeof FASTLANE_BENCH_DEFAULTS;

type DbKind = 'pglite' | 'postgres';

interface Order {
  orderId: number;
  sessionId: string;
}

const HIGH_LIMIT = '1000000';

/** Runs `n` tasks from `concurrency` loops, each taking the next index. */
async function loops(n: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const loop = async () => {
    for (let i = next++; i < n; i = next++) await task(i);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, loop));
}

/**
 * The server's environment: development mode with the Stripe emulator as its Stripe
 * (STRIPE_API_BASE), so that the same settings start the server in this process (captcha,
 * checkouts, preparing the orders) and in its own process (the webhooks).
 */
function fastlaneEnv(o: FastlaneBenchOptions, dataDir: string, databaseUrl: string | undefined, emulator: StripeEmulator): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    AYUDA_DATA_DIR: dataDir,
    // One secret for both servers: the tracking links sealed by one open in the other.
    AYUDA_SECRET: randomBytes(32).toString('base64'),
    AYUDA_CASE_PREFIX: 'NF',
    AYUDA_CAPTCHA_MAX_NUMBER: String(o.captchaMaxNumber),
    // Every request comes from one IP and a handful of addresses.
    AYUDA_RATE_LIMIT: HIGH_LIMIT,
    AYUDA_CASE_RATE_LIMIT: HIGH_LIMIT,
    AYUDA_CASE_EMAIL_LIMIT: HIGH_LIMIT,
    STRIPE_SECRET_KEY: emulator.secretKey,
    STRIPE_WEBHOOK_SECRET: DEV_WEBHOOK_SECRET,
    STRIPE_API_BASE: emulator.url,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
}

/** The server (in this process), the emulator and small helpers around them for one database. */
async function startFastlane(o: FastlaneBenchOptions, databaseUrl: string | undefined) {
  const dataDir = await mkdtemp(join(tmpdir(), 'ayuda-bench-fastlane-'));
  const cleanups: Array<() => Promise<unknown>> = [() => rm(dataDir, { recursive: true, force: true })];
  const close = async () => {
    for (const c of cleanups.reverse()) await c().catch((e) => log(`fastlane: clean-up failed: ${(e as Error).message}`));
  };
  try {
    // Development mode: the Stripe emulator never stands in for Stripe in production.
    const dev = await startDevStripe();
    cleanups.push(() => dev.emulator.close());
    const env = fastlaneEnv(o, dataDir, databaseUrl, dev.emulator);
    const server: RunningServer = await startServer(loadConfig(env, {}), { logger: createLogger('silent') });
    let serverOpen = true;
    /** Stops the server in this process (idempotent), so that another may open its database. */
    const stopServer = async () => {
      if (!serverOpen) return;
      serverOpen = false;
      await server.close();
    };
    cleanups.push(stopServer);
    // Mail stays in the outbox: the login codes are read from there, and sending is not measured.
    await server.ayuda.mail.stop();
    // Events are collected and posted by the bench, not delivered by the emulator.
    dev.emulator.webhooks.pause();
    const post = (path: string, body: string, headers: Record<string, string>) =>
      fetch(`${server.url}${path}`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers }, signal: AbortSignal.timeout(o.requestTimeoutMs) });

    const solve = async (challenge: Challenge): Promise<string> => {
      const solution = await solveChallenge({ challenge, deriveKey });
      if (!solution) throw new Error('bench: a captcha challenge could not be solved');
      return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
    };

    /** Captcha, the code from the outbox, verify: a bearer token. */
    const signIn = async (email: string): Promise<string> => {
      const challenge = (await (await fetch(`${server.url}/api/v1/captcha/challenge?purpose=fastlane`, { signal: AbortSignal.timeout(o.requestTimeoutMs) })).json()) as Challenge;
      const login = await post('/api/v1/fastlane/login', JSON.stringify({ email, locale: 'es', captcha: await solve(challenge) }), {});
      if (login.status !== 202) throw new Error(`bench: fast-lane login answered ${login.status}: ${(await login.text()).slice(0, 300)}`);
      const [mail] = await server.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, email)).orderBy(desc(mailOutbox.id)).limit(1);
      const code = mail ? /\b(\d{6})\b/.exec(mail.text)?.[1] : undefined;
      if (!code) throw new Error(`bench: no login code was queued for ${email}`);
      const verify = await post('/api/v1/fastlane/verify', JSON.stringify({ email, code, locale: 'es' }), {});
      if (verify.status !== 200) throw new Error(`bench: fast-lane verify answered ${verify.status}: ${(await verify.text()).slice(0, 300)}`);
      return ((await verify.json()) as { token: string }).token;
    };

    return { server, env, emulator: dev.emulator as StripeEmulator, stopServer, post, solve, signIn, close };
  } catch (e) {
    await close();
    throw e;
  }
}

type Fastlane = Awaited<ReturnType<typeof startFastlane>>;

/**
 * `CaptchaService.verify()` of freshly solved fast-lane challenges, one after another, each
 * solution used once: the signature checks and the insert that makes a replay fail.
 */
async function benchCaptcha(t: Fastlane, o: FastlaneBenchOptions) {
  const { captcha } = t.server.ayuda;
  const payloads: string[] = [];
  for (let i = 0; i < o.captchaWarmup + o.captchaVerifies; i++) payloads.push(await t.solve(await captcha.challenge('fastlane')));
  const us: number[] = [];
  for (const [i, payload] of payloads.entries()) {
    const start = performance.now();
    await captcha.verify(payload, 'body.captcha', 'fastlane');
    if (i >= o.captchaWarmup) us.push((performance.now() - start) * 1000);
  }
  return { verifies: us.length, p50Us: percentile(us, 0.5), p99Us: percentile(us, 0.99) };
}

/** POSTs `n` checkouts of `body(i)` as customer `token(i)`, each with its own Idempotency-Key. */
async function checkouts(t: Fastlane, n: number, concurrency: number, token: (i: number) => string, body: (i: number) => { plan: string; trackingToken?: string }) {
  const run = randomBytes(4).toString('hex');
  const orders: Order[] = [];
  const ms: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  await loops(n, concurrency, async (i) => {
    const start = performance.now();
    try {
      const res = await t.post('/api/v1/fastlane/checkout', JSON.stringify({ locale: 'es', ...body(i) }), { Authorization: `Bearer ${token(i)}`, 'Idempotency-Key': `bench-${run}-${i}` });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
      ms.push(performance.now() - start);
      const r = JSON.parse(text) as { orderId: number; sessionId: string };
      orders.push({ orderId: r.orderId, sessionId: r.sessionId });
    } catch (e) {
      errors++;
      firstError ??= (e as Error).message;
    }
  });
  if (firstError) log(`fastlane: checkout errors (${errors}); first: ${firstError}`);
  return { orders, ms, errors };
}

/** Cases to upgrade per incident, one per order, sent from `concurrency` loops. */
async function submitCases(t: Fastlane, emails: readonly string[], n: number, concurrency: number): Promise<string[]> {
  const run = randomBytes(4).toString('hex');
  const tokens: string[] = new Array(n);
  await loops(n, concurrency, async (i) => {
    const res = await t.post(
      '/api/v1/cases',
      JSON.stringify({ name: `Cliente ${i}`, email: emails[i % emails.length], subject: `Sin conexión ${i}`, description: 'El router parpadea en rojo desde ayer y no tengo conexión en ningún dispositivo.', locale: 'es' }),
      { 'Idempotency-Key': `bench-case-${run}-${i}` },
    );
    const text = await res.text();
    if (res.status !== 201) throw new Error(`bench: case submission answered ${res.status}: ${text.slice(0, 300)}`);
    tokens[i] = (JSON.parse(text) as { trackingToken: string }).trackingToken;
  });
  return tokens;
}

/**
 * Pays every order with 4242 while the emulator holds its webhooks, and returns each order's
 * `checkout.session.completed` event as the raw body Stripe would send.
 */
function payAndCollect(emulator: StripeEmulator, orders: readonly Order[]): string[] {
  for (const o of orders) {
    const r = emulator.payCheckoutSession(o.sessionId, '4242424242424242');
    if (!r.ok) throw new Error(`bench: paying ${o.sessionId} failed: ${JSON.stringify(r.error)}`);
  }
  const bySession = new Map(emulator.events('checkout.session.completed').map((ev) => [(ev.data.object as { id: string }).id, ev]));
  return orders.map((o) => {
    const ev = bySession.get(o.sessionId);
    if (!ev) throw new Error(`bench: no checkout.session.completed event for ${o.sessionId}`);
    return JSON.stringify(ev, null, 2);
  });
}

function withoutDatabaseUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, ...rest } = env;
  return rest;
}

/** The webhook bench's server in its own process: its URL, and the CPU time it has used so far. */
interface ServerProcess {
  url: string;
  /** User and system CPU time of the server's process, and the system (kernel) part alone, in microseconds. */
  cpuUs(): Promise<{ cpuUs: number; sysUs: number }>;
}

/**
 * Runs `fn` with the webhook bench's server (bench/fastlane-server.ts) started in a child
 * process with `env`, stopped afterwards. `AYUDA_BENCH_SERVER_ARGS` adds node flags to it,
 * e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
 */
async function withServerProcess<T>(env: Record<string, string>, fn: (server: ServerProcess) => Promise<T>): Promise<T> {
  const extra = (process.env.AYUDA_BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', '--conditions=ayuda-source', fileURLToPath(new URL('./fastlane-server.ts', import.meta.url))], {
    // Only `env` chooses the database: a DATABASE_URL of the bench's own (one that did not
    // answer, so the bench measures PGlite) must not reach the server.
    env: { ...withoutDatabaseUrl(process.env), ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // The child answers on its standard output, one JSON object a line, in the order asked.
  const waiting: Array<(line: Record<string, unknown>) => void> = [];
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    let nl: number;
    while ((nl = out.indexOf('\n')) >= 0) {
      const line = out.slice(0, nl).trim();
      out = out.slice(nl + 1);
      if (line.startsWith('{')) waiting.shift()?.(JSON.parse(line) as Record<string, unknown>);
    }
  });
  const next = () => new Promise<Record<string, unknown>>((resolve) => waiting.push(resolve));
  try {
    const url = await Promise.race([
      next().then((l) => l.url as string),
      exited.then((code) => {
        throw new Error(`bench: the fast-lane server exited with code ${code} before listening`);
      }),
    ]);
    const cpuUs = async () => {
      const answer = next();
      child.stdin!.write('cpu\n');
      const a = await answer;
      return { cpuUs: a.cpuUs as number, sysUs: a.sysUs as number };
    };
    return await fn({ url, cpuUs });
  } finally {
    child.stdin!.end();
    await exited;
  }
}

/**
 * POSTs each signed event once to the webhook of the server at `url` with autocannon from
 * `concurrency` keep-alive connections; every answer must be a 200 that paid an order. The
 * signatures are made before the run, so the load generator only sends.
 */
async function postEvents(url: string, bodies: readonly string[], concurrency: number) {
  const signed = bodies.map((body) => ({ body, signature: signPayload(body, DEV_WEBHOOK_SECRET, Math.floor(Date.now() / 1000)) }));
  let next = 0;
  let wrong = 0;
  let firstError: string | null = null;
  const t0 = performance.now();
  // The time of the last answer: autocannon itself only returns on its next one-second sampling
  // tick, which made a run of 500 events last 1, 2 or 3 whole seconds whatever its speed.
  let last = t0;
  const r = await autocannon({
    url,
    connections: Math.min(concurrency, signed.length),
    amount: signed.length,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/stripe/webhook',
        setupRequest: (req) => {
          const e = signed[next++ % signed.length]!;
          return { ...req, headers: { 'content-type': 'application/json', 'stripe-signature': e.signature }, body: e.body };
        },
        onResponse: (status, body) => {
          last = performance.now();
          let result: string | undefined;
          try {
            result = status === 200 ? (JSON.parse(body) as { result?: string }).result : undefined;
          } catch {
            result = undefined;
          }
          if (!result || !/^order \d+ paid$/.test(result)) {
            wrong++;
            firstError ??= `HTTP ${status}: ${body.slice(0, 300)}`;
          }
        },
      },
    ],
  });
  const tickSeconds = (performance.now() - t0) / 1000;
  const seconds = (last - t0) / 1000;
  // A non-2xx answer is also `wrong`; errors and timeouts never reached onResponse.
  const errors = wrong + r.errors + r.timeouts;
  if (errors) log(`fastlane: webhook errors (${errors}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts); first: ${firstError ?? 'no answer'}`);
  if (next !== signed.length) log(`fastlane: autocannon sent ${next} of ${signed.length} events`);
  return { seconds, tickSeconds, answered: r['2xx'] + r.non2xx, ok: r['2xx'] + r.non2xx - wrong, errors: errors + Math.max(0, signed.length - next), p50Ms: r.latency.p50, p99Ms: r.latency.p99 };
}

/** Merges two lists evenly (1 of `a` to 2 of `b` when `b` is twice as long), each in its order. */
function spread<T>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && (i + 0.5) / a.length <= (j + 0.5) / b.length)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

/** Measures on one database, adding figures to `results` as they are taken; true when something failed. */
async function measure(kind: DbKind, databaseUrl: string | undefined, o: FastlaneBenchOptions, results: Record<string, number>): Promise<boolean> {
  let failed = false;
  const t = await startFastlane(o, databaseUrl);
  try {
    // Captcha.
    const c = await benchCaptcha(t, o);
    Object.assign(results, { captcha_verify_us: round(c.p50Us, 1), captcha_verify_p99_us: round(c.p99Us, 1) });
    log(`  captcha: ${c.verifies} verifies, median ${c.p50Us.toFixed(0)} µs, p99 ${c.p99Us.toFixed(0)} µs`);

    // Sign in a handful of customers once.
    const run = randomBytes(3).toString('hex');
    const subEmails = Array.from({ length: o.subscribers }, (_, i) => `bench-sub${i}-${run}@example.com`);
    const incEmails = Array.from({ length: o.incidentCustomers }, (_, i) => `bench-inc${i}-${run}@example.com`);
    const subTokens: string[] = [];
    for (const e of subEmails) subTokens.push(await t.signIn(e));
    const incTokens: string[] = [];
    for (const e of incEmails) incTokens.push(await t.signIn(e));

    // Checkouts per incident, each for its own case (a second checkout for the same case or plan
    // reopens the first session instead of creating one): one alone first (it syncs the plans'
    // prices with Stripe once), then warm-up, then timed. Case i belongs to incEmails[i % n], so
    // its checkout comes from that customer.
    const checkoutCases = await submitCases(t, incEmails, 1 + o.checkoutWarmup + o.checkouts, o.setupConcurrency);
    const incToken = (offset: number) => (i: number) => incTokens[(offset + i) % incTokens.length]!;
    const incBody = (offset: number) => (i: number) => ({ plan: 'incident', trackingToken: checkoutCases[offset + i]! });
    const first = await checkouts(t, 1, 1, incToken(0), incBody(0));
    const warm = await checkouts(t, o.checkoutWarmup, o.checkoutConcurrency, incToken(1), incBody(1));
    const t0 = performance.now();
    const timed = await checkouts(t, o.checkouts, o.checkoutConcurrency, incToken(1 + o.checkoutWarmup), incBody(1 + o.checkoutWarmup));
    const checkoutSeconds = (performance.now() - t0) / 1000;
    const checkoutErrors = first.errors + warm.errors + timed.errors;
    Object.assign(results, {
      checkout_create_p50_ms: round(percentile(timed.ms, 0.5), 2),
      checkout_create_p99_ms: round(percentile(timed.ms, 0.99), 2),
      checkout_create_requests: timed.ms.length,
      checkout_create_errors: checkoutErrors,
    });
    log(
      `  checkout: ${timed.ms.length} incident checkouts from ${o.checkoutConcurrency} loops in ${checkoutSeconds.toFixed(1)} s ` +
        `(${(timed.ms.length / checkoutSeconds).toFixed(0)}/s), p50 ${percentile(timed.ms, 0.5).toFixed(1)} ms, p99 ${percentile(timed.ms, 0.99).toFixed(1)} ms, errors ${checkoutErrors}`,
    );
    if (checkoutErrors > 0) failed = true;

    // Webhooks: one monthly subscription per subscriber and open incident orders (one case
    // each), paid with the emulator's webhooks held, their events posted signed.
    const setupStart = performance.now();
    const subs = (await checkouts(t, subTokens.length, 1, (i) => subTokens[i]!, () => ({ plan: 'monthly' }))).orders;
    const total = o.webhookEvents + o.webhookWarmup;
    const opened = [...first.orders, ...warm.orders, ...timed.orders];
    const more = Math.max(0, total - subs.length - opened.length);
    const moreCases = await submitCases(t, incEmails, more, o.setupConcurrency);
    const extra = await checkouts(t, more, o.setupConcurrency, (i) => incTokens[i % incTokens.length]!, (i) => ({ plan: 'incident', trackingToken: moreCases[i]! }));
    if (extra.errors > 0) throw new Error(`bench: ${extra.errors} incident checkouts failed`);
    const inc = { orders: [...opened, ...extra.orders].slice(0, total - subs.length) };
    const incidents = inc.orders.length;
    const orders = spread(inc.orders, subs);
    if (orders.length !== o.webhookEvents + o.webhookWarmup) throw new Error(`bench: ${orders.length} orders to pay, expected ${o.webhookEvents + o.webhookWarmup}`);
    const bodies = payAndCollect(t.emulator, orders);
    log(`  webhooks: ${orders.length} orders (${more} more cases and checkouts) prepared and paid in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`);
    // The events go to a server in its own process on the same database (this one stops first:
    // PGlite is one process's), from autocannon in this process; the emulator stays here, so a
    // monthly subscription's fetch from Stripe is a round trip to this process.
    await t.stopServer();
    const { warmup, w, cpuMs, sysMs } = await withServerProcess(t.env, async (server) => {
      const warmup = await postEvents(server.url, bodies.slice(0, o.webhookWarmup), o.webhookConcurrency);
      const before = await server.cpuUs();
      const w = await postEvents(server.url, bodies.slice(o.webhookWarmup), o.webhookConcurrency);
      // The server's CPU per event: what bounds the rate once the machine is not shared.
      const after = await server.cpuUs();
      return { warmup, w, cpuMs: (after.cpuUs - before.cpuUs) / 1000, sysMs: (after.sysUs - before.sysUs) / 1000 };
    });
    const perS = w.ok / w.seconds;
    const errors = w.errors + warmup.errors;
    const incidentSessions = new Set(inc.orders.map((x) => x.sessionId));
    const timedIncidents = orders.slice(o.webhookWarmup).filter((x) => incidentSessions.has(x.sessionId)).length;
    const suffix = kind === 'postgres' ? '' : '_pglite';
    Object.assign(results, {
      [`webhook_apply_per_s${suffix}`]: round(perS, 1),
      // The same answers over the time until autocannon returned (its next whole sampling
      // second after the last answer): what this key measured before, kept to compare runs.
      [`webhook_apply_per_s_tick${suffix}`]: round(w.ok / w.tickSeconds, 1),
      [`webhook_apply_p99_ms${suffix}`]: round(w.p99Ms, 2),
      [`webhook_apply_events${suffix}`]: w.ok,
      [`webhook_apply_errors${suffix}`]: errors,
      [`webhook_apply_server_cpu_ms${suffix}`]: round(cpuMs / Math.max(1, w.ok), 3),
      // Of which in the kernel (socket reads and writes to the database and the clients).
      [`webhook_apply_server_sys_ms${suffix}`]: round(sysMs / Math.max(1, w.ok), 3),
    });

    // Every order ends paid, once (one receipt each), and every incident's case is in the fast lane.
    const database = await openConfiguredDatabase(loadConfig(t.env, {}));
    let paid: number, fast: number, receipts: number;
    try {
      const { db } = database;
      const rows = await db.select({ status: fastlaneOrders.status, caseId: fastlaneOrders.caseId }).from(fastlaneOrders).where(inArray(fastlaneOrders.checkoutSessionId, orders.map((x) => x.sessionId)));
      paid = rows.filter((r) => r.status === 'paid').length;
      const caseIds = rows.flatMap((r) => (r.caseId === null ? [] : [r.caseId]));
      fast = caseIds.length ? (await db.select({ id: cases.id }).from(cases).where(and(inArray(cases.id, caseIds), eq(cases.lane, 'fast')))).length : 0;
      receipts = Number((await db.select({ n: count() }).from(mailOutbox).where(eq(mailOutbox.template, 'fastlane_receipt')))[0]?.n ?? 0);
    } finally {
      await database.close();
    }
    log(
      `  webhooks (${kind}): ${w.ok} checkout.session.completed (${timedIncidents} incidents, the rest monthly) with autocannon on ${o.webhookConcurrency} connections to a server in its own process, in ${w.seconds.toFixed(2)} s, ` +
        `${perS.toFixed(0)} events/s, p50 ${w.p50Ms.toFixed(1)} ms, p99 ${w.p99Ms.toFixed(1)} ms, errors ${errors}, server CPU ${(cpuMs / Math.max(1, w.ok)).toFixed(2)} ms an event (${(sysMs / Math.max(1, w.ok)).toFixed(2)} in the kernel); ` +
        `${paid} of ${orders.length} orders paid, ${receipts} receipts queued, ${fast} of ${incidents} incident cases in the fast lane`,
    );
    const endStateOk = paid === orders.length && receipts === orders.length && fast === incidents;
    if (errors > 0 || !endStateOk) {
      failed = true;
      if (!endStateOk) log(`  webhooks: FAILED: ${paid} of ${orders.length} orders paid, ${receipts} receipts for ${orders.length} orders, ${fast} of ${incidents} incident cases in the fast lane`);
    }
    return failed;
  } finally {
    await t.close();
  }
}

/**
 * The fast-lane figures for `npm run bench`, all from one server: on PostgreSQL when one
 * answers (a fresh database `ayuda_bench_<random>`, dropped at the end), else on PGlite in a
 * temporary folder, in which case the webhook keys end in `_pglite`. `failed` is true when a
 * measurement failed or any answer was not the one expected.
 */
export async function benchFastlane(opts: Partial<FastlaneBenchOptions> = {}): Promise<{ results: Record<string, number>; failed: boolean }> {
  const o: FastlaneBenchOptions = { ...FASTLANE_BENCH_DEFAULTS, ...opts };
  log(
    `fastlane: ${o.captchaVerifies} captcha verifies; ${o.checkouts} incident checkouts from ${o.checkoutConcurrency} loops; ` +
      `${o.webhookEvents} checkout.session.completed webhooks from ${o.webhookConcurrency} loops`,
  );
  const results: Record<string, number> = {};
  const pgServer = await findPostgres();
  try {
    if (pgServer.url === null) {
      log(`  fastlane on PGlite: no PostgreSQL answers (${pgServer.reason}), so the webhook figure is webhook_apply_per_s_pglite; set DATABASE_URL to measure webhook_apply_per_s`);
      return { results, failed: await measure('pglite', undefined, o, results) };
    }
    log(`  fastlane on PostgreSQL (${redact(pgServer.url)})`);
    const url = pgServer.url;
    return { results, failed: await withFreshDatabase(url, (dbUrl) => measure('postgres', dbUrl, o, results)) };
  } catch (e) {
    log(`  fastlane: FAILED: ${(e as Error).stack ?? String(e)}`);
    return { results, failed: true };
  }
}
