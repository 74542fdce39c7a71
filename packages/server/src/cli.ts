// The `ayuda` command: start the server, import a knowledge base, manage staff accounts and tokens.
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError, type Config } from './config.js';
import type { openConfiguredDatabase, RunningServer, startServer } from './server.js';
import { announceListening, startWorkers, tagLogger, WORKERS_MAX, WorkersFailedToStart, type Workers } from './workers.js';
import type { AyudaApp } from './app.js';
import type { Database } from './db/client.js';
import { KbImportError } from './kb/parse.js';
import { loadFastlaneConfig } from './fastlane/config.js';
import { DEMO_STAFF, DEMO_STAFF_PASSWORD, ensureDemoStaff } from './staff/demo.js';
import type { DemoSeedResult } from './demo/cases.js';
import { HISTORY_DEFAULTS } from './demo/history-defaults.js';
import { AppError, check } from './http/problem.js';
import { createLogger } from './http/logger.js';
import { StaffTokenCreateSchema, StaffUserCreateSchema } from '@ayuda/core';
import { systemClock } from './clock.js';
// Type only: the emulator is loaded in development alone.
import type { startDevStripe } from './billing/dev-stripe.js';

/**
 * The server, the database and the services a command runs (cli-runtime.ts), loaded once its
 * arguments are read and checked: `ayuda --help` or a mistyped option answers at once, without
 * loading them (about a second on a two-core machine, more when it is busy).
 */
let rt: typeof import('./cli-runtime.js');
async function loadRuntime(): Promise<typeof rt> {
  rt ??= await import('./cli-runtime.js');
  return rt;
}

const DEMO_DIR = fileURLToPath(new URL('../../../demo/', import.meta.url));

const HELP = `Usage: ayuda <command>

  start [--demo] [--no-history] [--workers N]
                                     start the server (--demo: the Nubefibra demo site and knowledge base;
                                     on an empty database also its demo cases and 90 days of generated
                                     history, unless --no-history; --workers: N processes sharing the port,
                                     1 to 64, on PostgreSQL only; by default one per core in production
                                     with DATABASE_URL, otherwise 1)
  kb import <dir> [--force]          import a knowledge-base folder (adds, updates, removes; all or nothing);
                                     stops if it would overwrite console edits made since the last import,
                                     unless --force
  kb export <dir> [--force]          write the published knowledge base as such a folder (--force: into a
                                     folder with files, removing article files no longer published)
  staff create --email <email> --name <name> --role admin|agent [--locale es|en]
                                     create a staff account and print its one-time set-password link
  staff token create --name <name> --role admin|agent
                                     create a staff API token with a role (shown once)
  staff token list                   list staff tokens with their roles
  staff token revoke <id>            revoke a staff token
  stripe sync                        create the fast lane's products and prices in Stripe (idempotent)
  db migrate                         apply database migrations
  demo history [--days 90] [--seed N] [--replace]
                                     add days of generated support history before today to the demo
                                     (cases, replies, time, surveys, payments, refunds, searches; 1 to 365
                                     days; a fixed seed by default); once per database, unless --replace,
                                     which removes the generated history first. Never in production

Configuration comes from environment variables; see docs/deployment.md.`;

function demoOverrides(): Record<string, string> {
  return { AYUDA_KB_DIR: `${DEMO_DIR}kb`, AYUDA_SITE_DIR: `${DEMO_DIR}site`, AYUDA_COMPANY_NAME: 'Nubefibra', AYUDA_CASE_PREFIX: 'NF' };
}

async function withDb<T>(config: Config, fn: (db: Awaited<ReturnType<typeof openConfiguredDatabase>>) => Promise<T>): Promise<T> {
  await loadRuntime();
  const db = await rt.openConfiguredDatabase(config);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, sub, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    console.log(HELP);
    return cmd ? 0 : 1;
  }
  try {
    if (cmd === 'start') {
      const { values } = parseArgs({ args: argv.slice(1), options: { demo: { type: 'boolean', default: false }, 'no-history': { type: 'boolean', default: false }, workers: { type: 'string' } } });
      const requested = workersOption(values.workers);
      // Development takes replies by email on port 2525 unless told otherwise; production only when told.
      const inbound = process.env.NODE_ENV === 'production' ? {} : { AYUDA_INBOUND_SMTP_PORT: '2525' };
      const config = loadConfig(process.env, { ...inbound, ...(values.demo ? demoOverrides() : {}) });
      // A worker of `--workers N` (this same command, forked): it serves, the primary did the rest.
      if (cluster.isWorker) {
        try {
          return await serveAsWorker(config);
        } catch (err) {
          // The channel to the primary would keep this process alive: it exits with the code main returns.
          process.channel?.unref();
          throw err;
        }
      }
      // A process per core in production, on PostgreSQL; the embedded database is one process's alone.
      const workers = requested ?? (config.production && config.databaseUrl ? availableParallelism() : 1);
      if (workers > 1 && !config.databaseUrl) throw new UsageError(`--workers ${workers} needs PostgreSQL: the embedded database (PGlite) is one process's alone. Set DATABASE_URL to run several processes, or start one (--workers 1).`);
      const demo = { demo: values.demo === true, history: !values['no-history'] };
      if (workers > 1) return await startWorkerProcesses(config, demo, workers);
      await loadRuntime();
      const testHooks = rt.loadTestHooks(config, process.env.AYUDA_TEST_HOOKS);
      // The database first: a second process on the same embedded database is refused here,
      // before it has started anything that would keep it running.
      const database = await rt.openConfiguredDatabase(config);
      let dev: Awaited<ReturnType<typeof startDevStripe>> | null = null;
      let server: Awaited<ReturnType<typeof startServer>>;
      try {
        // Without Stripe keys, development takes payments through the local emulator.
        dev = !config.stripe && !config.production ? await (await import('./billing/dev-stripe.js')).startDevStripe({ accountName: config.companyName }) : null;
        server = await rt.startServer(config, { database, testHooks, ...(dev ? { stripe: dev.gateway } : {}) });
      } catch (err) {
        await dev?.emulator.close();
        await database.close();
        throw err;
      }
      dev?.connect(`http://127.0.0.1:${server.port}`);
      console.log(await startBanner({ ayuda: server.ayuda, database, config, dev, url: server.url, inboundSmtpPort: server.inboundSmtpPort, processes: 1, ...demo }));
      stopOnSignals({
        server,
        logger: createLogger(config.logLevel),
        secondSignal: 'exit',
        after: async () => {
          await database.close();
          await dev?.emulator.close();
        },
      });
      return -1; // keep running
    }
    if (cmd === 'demo' && sub === 'history') return await demoHistoryCommand(rest);
    const config = loadConfig(process.env);
    if (cmd === 'kb' && (sub === 'import' || sub === 'export')) {
      let parsed: { values: { force?: boolean | undefined }; positionals: string[] };
      try {
        parsed = parseArgs({ args: rest, allowPositionals: true, options: { force: { type: 'boolean', default: false } } });
      } catch (err) {
        throw new UsageError(`kb ${sub}: ${(err as Error).message}`);
      }
      const dir = parsed.positionals[0];
      if (!dir || parsed.positionals.length > 1) throw new UsageError(`kb ${sub} needs one folder: ayuda kb ${sub} <dir> [--force]`);
      const force = parsed.values.force === true;
      if (sub === 'import') {
        const r = await withDb(config, (db) => new rt.KbService({ db, clock: systemClock }).importDirectory(dir, { force }));
        console.log(`Imported ${dir}: ${r.added} added, ${r.updated} updated, ${r.removed} removed, ${r.unchanged} unchanged (revision ${r.revision}).`);
      } else {
        const r = await withDb(config, (db) => new rt.KbService({ db, clock: systemClock }).exportDirectory(dir, { force }));
        console.log(`Exported ${r.articles} articles to ${dir}${r.removed ? ` (${r.removed} article files no longer published removed)` : ''}.`);
      }
      return 0;
    }
    if (cmd === 'staff' && sub === 'create') {
      let values: Record<string, string | boolean | undefined>;
      try {
        values = parseArgs({ args: rest, options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, locale: { type: 'string' } } }).values;
      } catch (err) {
        throw new UsageError(`staff create: ${(err as Error).message}`);
      }
      const parsed = check(StaffUserCreateSchema, values);
      if (!parsed.success) {
        const problems = parsed.issues.map((i) => `  --${i.path.join('.') || 'arguments'}: ${values[String(i.path[0])] === undefined ? 'missing' : i.message}`).join('\n');
        throw new UsageError(`staff create needs --email <email> --name <name> --role admin|agent [--locale es|en]; these are not right:\n${problems}`);
      }
      const input = parsed.data;
      try {
        const created = await withDb(config, (db) =>
          new rt.StaffAuth({ db, clock: systemClock, config, audit: new rt.AuditLog({ db, clock: systemClock }), settings: { currency: loadFastlaneConfig(config.fastlaneFile).currency } }).createUser(input, { key: 'system', name: 'command line' }, { ip: null, userAgent: null }, { mail: false }),
        );
        console.log(`Staff account ${created.user.id} created: ${created.user.name} <${created.user.email}> (${created.user.role}).\nSend this one-time link to that person to set a password (valid 7 days; it is not shown again):\n\n  ${created.setPasswordUrl}\n`);
        return 0;
      } catch (err) {
        if (err instanceof AppError && err.status === 409) {
          console.error(`ayuda: ${err.detail}`);
          return 1;
        }
        throw err;
      }
    }
    if (cmd === 'staff' && sub === 'token') {
      const [action, ...args] = rest;
      const tokens = (db: Awaited<ReturnType<typeof openConfiguredDatabase>>) => new rt.StaffTokens({ db, clock: systemClock, audit: new rt.AuditLog({ db, clock: systemClock }) });
      const byCommandLine = { actor: { key: 'system', name: 'command line' }, ip: null } as const;
      if (action === 'create') {
        let values: Record<string, string | boolean | undefined>;
        try {
          values = parseArgs({ args, options: { name: { type: 'string' }, role: { type: 'string' } } }).values;
        } catch (err) {
          throw new UsageError(`staff token create: ${(err as Error).message}`);
        }
        const parsed = check(StaffTokenCreateSchema, values);
        if (!parsed.success) {
          const problems = parsed.issues.map((i) => `  --${i.path.join('.') || 'arguments'}: ${values[String(i.path[0])] === undefined ? 'missing' : i.message}`).join('\n');
          throw new UsageError(`staff token create needs --name <name> --role admin|agent; these are not right:\n${problems}`);
        }
        const { name, role } = parsed.data;
        const { id, token } = await withDb(config, (db) => tokens(db).create(name, role, byCommandLine));
        console.log(`Staff token ${id} ("${name}", ${role}) created. Copy it now; it is not shown again:\n\n  ${token}\n`);
        return 0;
      }
      if (action === 'list') {
        const list = await withDb(config, (db) => tokens(db).list());
        if (!list.length) console.log('No staff tokens.');
        for (const t of list) console.log(`${t.id}\t${t.prefix}…\t${t.role}\t${t.name}\t${t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : 'active'}\tlast used ${t.lastUsedAt?.toISOString() ?? 'never'}`);
        return 0;
      }
      if (action === 'revoke') {
        const id = Number(args[0]);
        if (!Number.isInteger(id) || id <= 0) throw new UsageError('staff token revoke needs the token id (see `ayuda staff token list`)');
        const ok = await withDb(config, (db) => tokens(db).revoke(id, byCommandLine));
        console.log(ok ? `Staff token ${id} revoked.` : `No active staff token ${id}.`);
        return ok ? 0 : 1;
      }
    }
    if (cmd === 'stripe' && sub === 'sync') {
      if (!config.stripe) throw new UsageError('stripe sync needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (development uses the emulator, which syncs itself at start)');
      const { createStripeGateway } = await import('./billing/gateway.js');
      const result = await withDb(config, async (db) => {
        const app = rt.createApp({ db, config, stripe: createStripeGateway(config.stripe!) });
        // The plans in effect: the file's, or the console's `fastlane` settings over it.
        await app.settings.reloadAll();
        return app.fastlane.syncPlans({ archiveUnused: true });
      });
      for (const r of result) console.log(`${r.key}\t${r.priceId}\t${r.archived ? 'archived (no longer offered)' : r.created ? 'created' : 'already there'}`);
      return 0;
    }
    if (cmd === 'db' && sub === 'migrate') {
      await withDb(config, async () => {});
      console.log('Database migrated.');
      return 0;
    }
    throw new UsageError(`unknown command "${argv.join(' ')}"`);
  } catch (err) {
    // An option no command knows (a typo such as --no-histroy) is bad input like any other: say which, with the usage.
    const parseError = String((err as NodeJS.ErrnoException)?.code ?? '').startsWith('ERR_PARSE_ARGS_');
    if (err instanceof UsageError || parseError) {
      console.error(`ayuda: ${(err as Error).message}\n\n${HELP}`);
      return 2;
    }
    // The services' own errors can only come once they are loaded.
    if (err instanceof ConfigError || err instanceof KbImportError || (rt && (err instanceof rt.KbImportConflictError || err instanceof rt.KbExportError))) {
      console.error(err.message);
      return 1;
    }
    if ((err as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
      console.error(`Ayuda: port ${process.env.PORT ?? 8787} is already in use. Stop what uses it, or start with another port: PORT=8788 npm start`);
      return 1;
    }
    throw err;
  }
}

class UsageError extends Error {}

/** The value of `start --workers`, or undefined when not given (the default depends on the configuration). */
function workersOption(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > WORKERS_MAX) throw new UsageError(`start: --workers must be a whole number from 1 to ${WORKERS_MAX}, not "${v}"`);
  return n;
}

/**
 * `ayuda start --workers N` with N above 1: what must happen once happens here, before and
 * around the workers: migrations and the knowledge-base import before they start, the demo's
 * data once they serve (its paid case's webhook reaches one of them). The Stripe emulator of
 * development runs here too, one for all, so every worker sees the same payments.
 */
async function startWorkerProcesses(config: Config, demo: { demo: boolean; history: boolean }, count: number): Promise<number> {
  const logger = createLogger(config.logLevel);
  await loadRuntime();
  const database = await rt.openConfiguredDatabase(config);
  let dev: Awaited<ReturnType<typeof startDevStripe>> | null = null;
  let workers: Workers | null = null;
  let ayuda: AyudaApp | null = null;
  try {
    if (config.kbDir) await rt.importKbAtStart(new rt.KbService({ db: database, clock: systemClock }), config.kbDir, logger);
    const devStripe = !config.stripe && !config.production ? await import('./billing/dev-stripe.js') : null;
    dev = devStripe ? await devStripe.startDevStripe({ accountName: config.companyName }) : null;
    const stripeEnv: Record<string, string> = dev && devStripe ? { STRIPE_SECRET_KEY: dev.emulator.secretKey, STRIPE_WEBHOOK_SECRET: devStripe.DEV_WEBHOOK_SECRET, STRIPE_API_BASE: dev.emulator.url } : {};
    workers = await startWorkers({ count, env: stripeEnv, logger });
    dev?.connect(`http://127.0.0.1:${workers.listening.port}`);
    // An app of this process's own that serves nothing: the demo's data is written through it.
    ayuda = rt.createApp({ db: database, config, logger, ...(dev ? { stripe: dev.gateway } : {}) });
    await ayuda.settings.ready();
    console.log(await startBanner({ ayuda, database, config, dev, url: workers.listening.url, inboundSmtpPort: workers.listening.inboundSmtpPort, processes: count, ...demo }));
  } catch (err) {
    await workers?.stop('SIGTERM');
    await dev?.emulator.close();
    if (err instanceof WorkersFailedToStart) {
      console.error(err.message);
      return 1;
    }
    throw err;
  } finally {
    // The primary only supervises from now on: it holds no database connection.
    await ayuda?.close();
    await database.close();
  }
  const running = workers;
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    // A second signal (Ctrl-C pressed again) ends everything now.
    if (stopping) {
      void running.stop('SIGKILL');
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
    stopping = true;
    // Each worker drains within its own deadline; one that could not makes this exit 1 too,
    // so a supervisor sees the failed drain.
    const clean = await running.stop(signal);
    await dev?.emulator.close();
    process.exit(clean ? 0 : 1);
  };
  process.on('SIGINT', (signal) => void stop(signal));
  process.on('SIGTERM', (signal) => void stop(signal));
  return -1; // keep running
}

/** One worker of `--workers N`: serves until the primary stops it (or is gone), and nothing else. */
async function serveAsWorker(config: Config): Promise<number> {
  const logger = tagLogger(createLogger(config.logLevel), { worker: cluster.worker!.id, pid: process.pid });
  await loadRuntime();
  const database = await rt.openConfiguredDatabase(config);
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    // The primary imported the knowledge base, once for all.
    server = await rt.startServer({ ...config, kbDir: undefined }, { database, logger });
  } catch (err) {
    await database.close();
    throw err;
  }
  announceListening({ url: server.url, port: server.port, inboundSmtpPort: server.inboundSmtpPort });
  // A second signal is ignored here: a Ctrl-C reaches the whole process group and the primary
  // passes it on too, so every worker gets two; the deadline still holds.
  stopOnSignals({ server, logger, secondSignal: 'ignore', after: () => database.close() });
  return -1; // keep running
}

/**
 * Stops gracefully on SIGTERM or SIGINT (see RunningServer.close), then runs `after` and exits 0,
 * all within SHUTDOWN_DEADLINE_MS: past it the process exits 1 and logs what was still under way.
 * A second signal exits at once (130 or 143) when `secondSignal` is 'exit'.
 */
function stopOnSignals(o: { server: RunningServer; logger: ReturnType<typeof createLogger>; secondSignal: 'exit' | 'ignore'; after: () => Promise<void> }): void {
  const { server, logger } = o;
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      if (o.secondSignal === 'ignore') return;
      logger.warn('shutdown: second signal, exiting now', { signal });
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
    stopping = true;
    logger.info('shutdown: draining', { signal, deadlineMs: rt.SHUTDOWN_DEADLINE_MS });
    setTimeout(async () => {
      logger.error('shutdown: deadline reached; exiting with work still under way', await server.pending());
      // At most a second for it: a database that does not answer must not hold the exit.
      await Promise.race([server.abandonJobs(), new Promise((resolve) => setTimeout(resolve, 1_000))]);
      process.exit(1);
    }, rt.SHUTDOWN_DEADLINE_MS);
    try {
      await server.close();
      await o.after();
    } catch (err) {
      logger.error('shutdown: failed', { error: String(err) });
      process.exit(1);
    }
    logger.info('shutdown: done', {});
    process.exit(0);
  };
  // Kept, not once: a second signal must not be left to Node's default.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** The demo's one-time data when asked for (an empty database only), then the lines that say where everything is. */
async function startBanner(o: { ayuda: AyudaApp; database: Database; config: Config; dev: Awaited<ReturnType<typeof startDevStripe>> | null; url: string; inboundSmtpPort: number | null; processes: number; demo: boolean; history: boolean }): Promise<string> {
  const { ayuda, database, config, dev } = o;
  const logger = createLogger(config.logLevel);
  const demoStaff = o.demo && (await ensureDemoStaff(ayuda.staff, config, logger));
  // A fresh demo shows a day already under way in the console (an empty database only).
  const demoCases = demoStaff
    ? await rt.seedDemoCases({ ayuda, database, config, emulator: dev?.emulator ?? null, logger }).catch((err: unknown) => {
        // The demo still starts; the console's queue is empty then.
        logger.warn('demo: the demo cases could not be added', { error: String(err) });
        return null;
      })
    : null;
  // The demo's appointment type, working hours and two bookings (what exists is kept).
  const demoAppointments = demoStaff
    ? await rt.seedDemoAppointments({ ayuda, database, config, logger }).catch((err: unknown) => {
        logger.warn('demo: the demo appointments could not be added', { error: String(err) });
        return null;
      })
    : null;
  // A fresh demo also gets months of history before today, so the console's analytics show
  // something; --no-history leaves it out (the day's cases alone start in a second or two).
  const history = demoCases && !demoCases.skipped && o.history ? await demoHistory(ayuda, database, config, logger) : null;
  // The pages to open are on the public URL: mails' links, the payment's return and the portal's
  // language switch lead there, and a page opened on another origin (127.0.0.1 for localhost)
  // would not find its own storage after them (a customer back from paying would see
  // "confirming" for good). So the first line says what to open, and the listening address only
  // in brackets. PORT=0 names no port: the listening address then.
  const pages = new URL(config.publicUrl).port === '0' ? o.url : config.publicUrl;
  const staffLines = demoStaff
    ? `    console       ${pages}/console\n    demo staff    ${DEMO_STAFF.map((a) => `${a.email} (${a.role})`).join(', ')}; password ${DEMO_STAFF_PASSWORD}\n${demoCases ? `    demo cases    ${demoCasesLine(demoCases)}\n` : ''}${demoAppointments ? `    appointments  ${demoAppointments.freeSlots} free slots of "videollamada" in the next 14 days${demoAppointments.booked ? `, ${demoAppointments.booked} booked now` : ''}\n` : ''}${history ? `    demo history  ${history}\n` : ''}`
    : '';
  return `\n  Ayuda is running: open ${pages}/ (listening on ${o.url})\n    company site  ${pages}/\n    help portal   ${pages}/help\n    API           ${pages}/api/v1  (OpenAPI: /api/v1/openapi.json)\n    storage       ${database.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL'}\n    processes     ${o.processes}${o.processes > 1 ? ' (--workers; one port)' : ''}\n    inbound mail  ${o.inboundSmtpPort !== null ? `smtp://${config.inboundSmtp!.host}:${o.inboundSmtpPort} (replies to reply+…@${config.replyDomain})` : 'off (set AYUDA_INBOUND_SMTP_PORT)'}\n    payments      ${dev ? `Stripe emulator at ${dev.emulator.url} (test card 4242 4242 4242 4242)` : config.stripe ? 'Stripe' : 'off (set STRIPE_SECRET_KEY)'}\n${staffLines}`;
}

/** `ayuda demo history`: generated history for the demo's database (see docs/analytics.md#demo-history). */
async function demoHistoryCommand(args: string[]): Promise<number> {
  let values: { days?: string | undefined; seed?: string | undefined; replace?: boolean | undefined };
  try {
    values = parseArgs({ args, options: { days: { type: 'string' }, seed: { type: 'string' }, replace: { type: 'boolean', default: false } } }).values;
  } catch (err) {
    throw new UsageError(`demo history: ${(err as Error).message}`);
  }
  const whole = (v: string | undefined, name: string, min: number, max: number, fallback: number) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > max) throw new UsageError(`demo history: --${name} must be a whole number from ${min} to ${max}, not "${v}"`);
    return n;
  };
  const days = whole(values.days, 'days', 1, HISTORY_DEFAULTS.maxDays, HISTORY_DEFAULTS.days);
  const seed = whole(values.seed, 'seed', 0, 2 ** 32 - 1, HISTORY_DEFAULTS.seed);
  // Before the configuration: production's own checks (its secret) are not the point here.
  if (process.env.NODE_ENV === 'production') {
    console.error('Ayuda: no demo history in production: it would mix invented cases and payments with real ones.');
    return 1;
  }
  const config = loadConfig(process.env, demoOverrides());
  await loadRuntime();
  try {
    const line = await withDb(config, async (database) => {
      const ayuda = rt.createApp({ db: database, config, stripe: null, mailTransport: null, logger: createLogger('silent') });
      try {
        await ayuda.settings.ready();
        await ensureDemoStaff(ayuda.staff, config, createLogger('warn'));
        if (values.replace && (await rt.removeHistory(database))) console.log('Removed the generated history.');
        const r = await rt.generateHistory({ database, config, sla: ayuda.sla.config, fastlane: ayuda.fastlaneConfig }, { days, seed, now: systemClock.now() });
        return rt.historyLine(r);
      } finally {
        await ayuda.close();
      }
    });
    console.log(`Demo history added (seed ${seed}): ${line}.`);
    return 0;
  } catch (err) {
    if (err instanceof rt.HistoryRefused) {
      console.error(err.message);
      return 1;
    }
    if (err instanceof ConfigError) throw err;
    console.error(`Ayuda: the demo history could not be added (nothing was written): ${rt.shortError(err)}`);
    return 1;
  }
}

/** The first start's history: one banner line, or null (a warning says why) so the demo starts anyway. */
async function demoHistory(ayuda: AyudaApp, database: Database, config: Config, logger: ReturnType<typeof createLogger>): Promise<string | null> {
  const started = performance.now();
  try {
    const r = await rt.generateHistory({ database, config, sla: ayuda.sla.config, fastlane: ayuda.fastlaneConfig }, { now: systemClock.now() });
    // The usual reply time the widget shows now has months to go on.
    ayuda.responseTimes.invalidate();
    return `${rt.historyLine(r)} (${((performance.now() - started) / 1000).toFixed(1)} s)`;
  } catch (err) {
    logger.warn('demo: the demo history could not be added', { error: rt.shortError(err) });
    return null;
  }
}

function demoCasesLine(r: DemoSeedResult): string {
  if (r.skipped === 'not_empty') return 'none added: the database has cases already';
  return `${r.added} added, ${r.open} in the console queue${r.paid ? ' (1 paid fast lane)' : ''}`;
}
