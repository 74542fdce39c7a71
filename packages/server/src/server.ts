// Starts Ayuda: opens and migrates the database, imports the configured knowledge base,
// and serves HTTP until asked to stop.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { Config } from './config.js';
import { KbImportConflictError, type KbService } from './kb/service.js';
import { openDatabase, migrate, type Database } from './db/client.js';
import { lockDataDir } from './db/lock.js';
import { createApp, type AyudaApp } from './app.js';
import { createLogger, type Logger } from './http/logger.js';
import type { Clock } from './clock.js';
import type { TestHooks } from './testing/hooks.js';
import type { StripeGateway } from './billing/gateway.js';
import { startInboundSmtp, type InboundSmtpServer } from './mail/inbound-smtp.js';
import { systemClock } from './clock.js';
import { portalPageCache, type PortalPageCache } from './portal/page-cache.js';
import { isStripeWebhook } from './fastlane/webhook-http.js';

/**
 * The whole time a SIGTERM gives the process to stop (cli.ts): past it the process exits
 * non-zero and says what was still under way.
 */
export const SHUTDOWN_DEADLINE_MS = 10_000;
/**
 * How long requests in flight at shutdown may take: then the connections still open are cut,
 * leaving the rest of the deadline to close the database. Jobs still running are given back
 * only as the process exits at the deadline (RunningServer.abandonJobs), so that no other
 * process starts one while it still runs here.
 */
const DRAIN_MS = SHUTDOWN_DEADLINE_MS - 2_000;

export interface RunningServer {
  url: string;
  port: number;
  ayuda: AyudaApp;
  database: Database;
  /** The portal's pages held in memory (see portal/page-cache.ts). */
  pages: PortalPageCache;
  /** The port of the inbound SMTP server (replies by email), or null when it is off. */
  inboundSmtpPort: number | null;
  /**
   * Stops gracefully: stops accepting connections at once (and `/readyz` answers 503), lets
   * requests in flight finish, stops the job and mail workers from claiming more (what they
   * claimed and have not started is given back), waits for what is running, then closes.
   */
  close(): Promise<void>;
  /** What is still under way: for the log line of a shutdown that ran out of time. */
  pending(): Promise<{ connections: number; jobs: { id: number; kind: string }[]; mails: number[] }>;
  /** Gives the standalone jobs still running back to other processes: the last step before an exit at the deadline. */
  abandonJobs(): Promise<void>;
}

export async function openConfiguredDatabase(config: Config): Promise<Database> {
  if (config.databaseUrl) {
    const database = await openDatabase({ kind: 'postgres', url: config.databaseUrl });
    await migrate(database);
    return database;
  }
  // The embedded database is one process's alone (see db/lock.ts): a second `ayuda` process
  // is refused here, before it opens a file.
  const unlock = await lockDataDir(config.dataDir);
  let database: Database | undefined;
  try {
    database = await openDatabase({ kind: 'pglite', dataDir: config.dataDir });
    await migrate(database);
  } catch (err) {
    await database?.close();
    unlock();
    throw err;
  }
  const opened = database;
  return {
    ...opened,
    async close() {
      await opened.close();
      unlock();
    },
  };
}

/**
 * The start's import of AYUDA_KB_DIR. Articles edited in the console since the last import are
 * not overwritten: the server starts with the knowledge base as it is, and says why the folder was not read.
 */
export async function importKbAtStart(kb: KbService, dir: string, logger: Logger): Promise<void> {
  try {
    const r = await kb.importDirectory(dir);
    logger.info('knowledge base imported', { dir, ...r });
  } catch (err) {
    if (!(err instanceof KbImportConflictError)) throw err;
    logger.warn('knowledge base not imported: it would overwrite console edits (run `ayuda kb import --force` to overwrite them)', { dir, conflicts: err.conflicts.map((c) => `${c.locale}/${c.slug}`) });
  }
}

export async function startServer(config: Config, opts: { logger?: Logger; clock?: Clock; database?: Database; stripe?: StripeGateway | null; testHooks?: TestHooks | undefined } = {}): Promise<RunningServer> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const database = opts.database ?? (await openConfiguredDatabase(config));
  const ayuda = createApp({ db: database, config, logger, ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.stripe !== undefined ? { stripe: opts.stripe } : {}), ...(opts.testHooks ? { testHooks: opts.testHooks } : {}) });
  let server: Server;
  // The portal's shared pages are answered from memory in front of Hono (see portal/page-cache.ts).
  const pages = portalPageCache({ fetch: ayuda.app.fetch, kb: ayuda.kb, inputs: ayuda.portalPageInputs, analytics: ayuda.analytics, clock: opts.clock ?? systemClock, logger, metrics: ayuda.metrics });
  let smtp: InboundSmtpServer | null = null;
  try {
    // The settings saved in the console, in effect before the first request and the first job.
    await ayuda.settings.ready();
    if (config.kbDir) await importKbAtStart(ayuda.kb, config.kbDir, logger);
    server = await new Promise((resolve, reject) => {
      // Stripe's webhook is served before Hono too (fastlane/webhook-http.ts).
      const listener: RequestListener = (req, res) => (isStripeWebhook(req.method, req.url) ? ayuda.stripeWebhook(req, res) : pages.listener(req, res));
      const s = createServer(listener);
      // Live search's WebSockets; any other request asking for an upgrade is served as usual.
      s.on('upgrade', ayuda.liveSearch.upgrade(listener));
      s.once('error', reject);
      s.listen(config.port, config.host, () => resolve(s));
    });
    if (config.inboundSmtp) {
      try {
        smtp = await startInboundSmtp({ inbound: ayuda.inbound, db: database, clock: opts.clock ?? systemClock, logger, ...config.inboundSmtp });
        logger.info('mail: inbound SMTP listening', { host: config.inboundSmtp.host, port: smtp.port, tls: config.inboundSmtp.tls !== null });
      } catch (err) {
        // Development's default port taken (another Ayuda, say) costs only replies over SMTP;
        // a port set on purpose that cannot be had stops the start, like a busy PORT.
        const chosen = config.envVars.includes('AYUDA_INBOUND_SMTP_PORT');
        if (chosen || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
          server.close();
          throw err;
        }
        logger.warn(`mail: port ${config.inboundSmtp.port} is in use, so replies by email over SMTP are off; set AYUDA_INBOUND_SMTP_PORT to another port (the development mailbox can still answer mails)`, {});
      }
    }
  } catch (err) {
    // A bad knowledge base or a busy port: let go of what was opened here (the embedded
    // database's lock with it), so the process can exit; a database passed in is the caller's.
    await ayuda.close();
    if (!opts.database) await database.close();
    throw err;
  }
  ayuda.mail.start();
  ayuda.jobs.start();
  // Housekeeping every minute (see HOUSEKEEPING in app.ts): each process offers to queue the
  // minute's jobs, one queues them, and one runs each.
  const schedule = () => ayuda.scheduleHousekeeping().catch((err) => logger.error('housekeeping: scheduling failed', { error: String(err) }));
  void schedule();
  const housekeeping = setInterval(schedule, 60_000);
  housekeeping.unref();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    ayuda,
    database,
    pages,
    inboundSmtpPort: smtp?.port ?? null,
    close() {
      closing ??= (async () => {
        clearInterval(housekeeping);
        ayuda.drain();
        // Stop accepting at once: the listening socket closes now, so a new connection is
        // refused (a balancer tries another process) rather than left waiting.
        const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Connections stay open only while they carry a request: idle ones close now, one that
        // finishes answering closes right after (the keep-alive timeout becomes 1 ms), and a
        // request that still arrives on one gets `Connection: close` with its answer.
        server.keepAliveTimeout = 1;
        server.on('request', (_req, res) => {
          // A listener before this one may have answered already (a response from memory).
          if (!res.headersSent) res.setHeader('Connection', 'close');
        });
        server.closeIdleConnections();
        logger.info('shutdown: stopped accepting connections', {});
        const force = setTimeout(() => {
          server.closeAllConnections();
        }, DRAIN_MS);
        force.unref();
        // No new replies by email while the rest shuts down; a sender cut off retries later.
        await smtp?.close();
        // Live event streams never end by themselves: end them first, or the server would wait for them.
        ayuda.events.endStreams();
        // Meanwhile the workers claim nothing more and finish what they run (jobs/queue.ts, mail/outbox.ts).
        await Promise.all([httpClosed, ayuda.jobs.stop(), ayuda.mail.stop()]);
        clearTimeout(force);
        await ayuda.close();
        if (!opts.database) await database.close();
      })();
      return closing;
    },
    abandonJobs: () => ayuda.jobs.abandonRunning(),
    async pending() {
      const connections = await new Promise<number>((resolve) => server.getConnections((err, n) => resolve(err ? -1 : n)));
      return { connections, jobs: ayuda.jobs.running(), mails: ayuda.mail.claimed() };
    },
  };
}
