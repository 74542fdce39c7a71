// Starts Ayuda: opens and migrates the database, imports the configured knowledge base,
// and serves HTTP until asked to stop.
import { serve, type ServerType } from '@hono/node-server';
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type Config } from './config.js';
import { openDatabase, migrate, type Database } from './db/client.js';
import { createApp, type AyudaApp } from './app.js';
import { createLogger, type Logger } from './http/logger.js';
import { KbImportError } from './kb/parse.js';
import type { Clock } from './clock.js';
import type { StripeGateway } from './billing/gateway.js';

export interface RunningServer {
  url: string;
  port: number;
  ayuda: AyudaApp;
  database: Database;
  close(): Promise<void>;
}

/**
 * The embedded database is one process's alone: a second process (a CLI command while the
 * server runs) would corrupt it. A pid file in the data folder says who holds it.
 */
function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'ayuda.pid');
  try {
    const pid = Number(readFileSync(file, 'utf8'));
    if (pid && pid !== process.pid) {
      let alive = true;
      try {
        process.kill(pid, 0);
      } catch {
        alive = false;
      }
      if (alive) {
        throw new ConfigError(`Ayuda: the embedded database in ${dir} is in use by another Ayuda process (pid ${pid}). Stop that process first, or use PostgreSQL (DATABASE_URL) to run several processes.`);
      }
    }
  } catch (err) {
    if (err instanceof ConfigError) throw err;
  }
  writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (Number(readFileSync(file, 'utf8')) === process.pid) unlinkSync(file);
    } catch {
      /* already gone */
    }
  };
}

export async function openConfiguredDatabase(config: Config): Promise<Database> {
  if (config.databaseUrl) {
    const database = await openDatabase({ kind: 'postgres', url: config.databaseUrl });
    await migrate(database);
    return database;
  }
  const unlock = lockDataDir(config.dataDir);
  const database = await openDatabase({ kind: 'pglite', dataDir: config.dataDir });
  await migrate(database);
  return {
    ...database,
    async close() {
      await database.close();
      unlock();
    },
  };
}

export async function startServer(config: Config, opts: { logger?: Logger; clock?: Clock; database?: Database; stripe?: StripeGateway | null } = {}): Promise<RunningServer> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const database = opts.database ?? (await openConfiguredDatabase(config));
  const ayuda = createApp({ db: database, config, logger, ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.stripe !== undefined ? { stripe: opts.stripe } : {}) });
  if (config.kbDir) {
    try {
      const r = await ayuda.kb.importDirectory(config.kbDir);
      logger.info('knowledge base imported', { dir: config.kbDir, ...r });
    } catch (err) {
      await database.close();
      if (err instanceof KbImportError) throw err;
      throw err;
    }
  }
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: ayuda.app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once('error', reject);
  });
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
  let closed = false;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    ayuda,
    database,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(housekeeping);
      // Stop accepting, let requests under way finish, drop idle keep-alive connections, and
      // give up on stragglers after a few seconds.
      const http = server as unknown as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => http.closeAllConnections?.(), 5000);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        http.closeIdleConnections?.();
      });
      await ayuda.close();
      if (!opts.database) await database.close();
    },
  };
}
