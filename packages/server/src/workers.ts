// Several server processes on one port (`ayuda start --workers N`), through node:cluster: the
// primary forks the workers and supervises them; each worker serves the whole app. Everything
// they share lives in PostgreSQL (rate limits, jobs, the outbox, settings and live events
// through LISTEN/NOTIFY), so any worker may answer any request.
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from './http/logger.js';
import { relayMetrics } from './metrics/cluster.js';

/** More processes than this is a typo, not a machine. */
export const WORKERS_MAX = 64;

/** The first restart of a worker that died waits this long, doubling with each death in a row. */
const RESTART_MIN_MS = 500;
const RESTART_MAX_MS = 30_000;
/** A worker up this long has proved itself: the next death starts the delays over. */
const STABLE_MS = 60_000;

/** What a worker tells the primary once it serves. */
export interface ListeningMessage {
  ayuda: 'listening';
  url: string;
  port: number;
  inboundSmtpPort: number | null;
}

export class WorkersFailedToStart extends Error {
  override name = 'WorkersFailedToStart';
}

export interface Workers {
  /** The first worker's address (all share its port) and its inbound SMTP port. */
  listening: ListeningMessage;
  /**
   * Sends `signal` to every worker and resolves once all have exited, with whether every one
   * exited 0 (a worker past its shutdown deadline exits 1); no worker is restarted after.
   */
  stop(signal: NodeJS.Signals): Promise<boolean>;
}

/** The process running in a worker says it serves (the primary waits for every worker's). */
export function announceListening(m: Omit<ListeningMessage, 'ayuda'>): void {
  process.send?.({ ayuda: 'listening', ...m } satisfies ListeningMessage);
}

/**
 * Forks `count` workers with `env` added to this process's environment, and resolves once every
 * one serves. A worker that dies before then stops them all (WorkersFailedToStart: its own error
 * is on stderr already); one that dies later is replaced, sooner the first time, later if it keeps dying.
 */
export async function startWorkers(opts: { count: number; env: Record<string, string>; logger: Logger }): Promise<Workers> {
  const { logger } = opts;
  const live = new Set<Worker>();
  let stopping = false;
  let ready = false;
  let deathsInARow = 0;
  const restarts = new Set<NodeJS.Timeout>();
  // A scrape of /metrics reaches one worker, which asks the primary for all of theirs.
  const relay = relayMetrics();

  const fork = (onListening?: (m: ListeningMessage) => void) => {
    const worker = cluster.fork(opts.env);
    const started = Date.now();
    live.add(worker);
    logger.info('workers: started a worker', { worker: worker.id, pid: worker.process.pid });
    const onMessage = (m: unknown) => {
      if ((m as ListeningMessage | null)?.ayuda !== 'listening') return;
      worker.off('message', onMessage);
      logger.info('workers: a worker serves', { worker: worker.id, pid: worker.process.pid });
      onListening?.(m as ListeningMessage);
    };
    worker.on('message', onMessage);
    worker.on('message', (m: unknown) => relay(worker, m, live));
    worker.once('exit', (code, signal) => {
      live.delete(worker);
      if (stopping || !ready) return;
      deathsInARow = Date.now() - started >= STABLE_MS ? 1 : deathsInARow + 1;
      const delay = Math.min(RESTART_MAX_MS, RESTART_MIN_MS * 2 ** (deathsInARow - 1));
      logger.error('workers: a worker died; starting another', { worker: worker.id, pid: worker.process.pid, code, signal, restartInMs: delay });
      const timer = setTimeout(() => {
        restarts.delete(timer);
        if (!stopping) fork();
      }, delay);
      restarts.add(timer);
    });
    return worker;
  };

  const stop = async (signal: NodeJS.Signals) => {
    stopping = true;
    for (const t of restarts) clearTimeout(t);
    restarts.clear();
    const exits = [...live].map((w) => new Promise<boolean>((resolve) => (w.isDead() ? resolve(w.process.exitCode === 0) : w.once('exit', (code) => resolve(code === 0)))));
    for (const w of live) w.process.kill(signal);
    return (await Promise.all(exits)).every(Boolean);
  };

  const first = await new Promise<ListeningMessage>((resolve, reject) => {
    let waiting = opts.count;
    let firstMessage: ListeningMessage | null = null;
    for (let i = 0; i < opts.count; i++) {
      const worker = fork((m) => {
        firstMessage ??= m;
        if (--waiting === 0) resolve(firstMessage);
      });
      worker.once('exit', (code, signal) => {
        if (ready || stopping) return;
        void stop('SIGTERM').then(() => reject(new WorkersFailedToStart(`Ayuda: a server process exited while starting (${signal ?? `exit code ${code}`}); see its message above.`)));
      });
    }
  });
  ready = true;
  return { listening: first, stop };
}

/** Adds fields (the worker's id and pid) to every line of `logger`, so interleaved logs say which process wrote them. */
export function tagLogger(logger: Logger, fields: Record<string, unknown>): Logger {
  return {
    debug: (msg, f) => logger.debug(msg, { ...fields, ...f }),
    info: (msg, f) => logger.info(msg, { ...fields, ...f }),
    warn: (msg, f) => logger.warn(msg, { ...fields, ...f }),
    error: (msg, f) => logger.error(msg, { ...fields, ...f }),
  };
}
