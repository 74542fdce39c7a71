// GET /metrics: the Prometheus scrape endpoint, on only when AYUDA_METRICS_TOKEN is set and
// only for a scraper that sends it as a bearer token.
import cluster from 'node:cluster';
import { createHash, timingSafeEqual } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Hono } from 'hono';
import { eq, sql } from 'drizzle-orm';
import type pg from 'pg';
import { PROBLEM_TYPES } from '@ayuda/core';
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import type { AppEnv } from '../http/env.js';
import { AppError } from '../http/problem.js';
import { jobs, mailOutbox } from '../db/schema.js';
import { Exposition, RequestMetrics, type RequestSnapshot } from './recorder.js';
import { workerPeers, type MetricsPeers } from './cluster.js';

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface MetricsDeps {
  /** AYUDA_METRICS_TOKEN. */
  token: string;
  requests: RequestMetrics;
  db: Database;
  clock: Clock;
  version: string;
  /** Jobs this process is running now. */
  jobsRunning: () => number;
  /** Mails this process holds a claim on now. */
  mailClaimed: () => number;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest();

export function metricsRoutes(deps: MetricsDeps): { routes: Hono<AppEnv>; close(): void } {
  // Digests of equal length, so the comparison takes as long whatever was sent.
  const expected = sha256(deps.token);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const pool = deps.db.kind === 'postgres' ? (deps.db.db as unknown as { $client: pg.Pool }).$client : null;
  /**
   * This process's own figures, as plain data. Under `--workers N` (a cluster worker) each scrape
   * gathers every worker's through the primary and sums them; otherwise just these.
   */
  const localFigures = (): ProcessFigures => {
    const cpu = process.cpuUsage();
    const memory = process.memoryUsage();
    // Measured since the previous scrape: a stall shows in the scrape after it, not forever.
    const lag = { mean: loop.count ? loop.mean / 1e9 : 0, p99: loop.percentile(99) / 1e9, max: loop.max / 1e9 };
    loop.reset();
    return {
      requests: deps.requests.snapshot(),
      jobsRunning: deps.jobsRunning(),
      mailClaimed: deps.mailClaimed(),
      pool: pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : null,
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      startTime: Math.round(performance.timeOrigin) / 1000,
      lag,
    };
  };
  const peers: MetricsPeers | null = cluster.isWorker ? workerPeers(localFigures) : null;

  const routes = new Hono<AppEnv>().get('/metrics', async (c) => {
    const sent = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!sent || !timingSafeEqual(expected, sha256(sent))) {
      throw new AppError(401, PROBLEM_TYPES.unauthorized, 'Unauthorized', 'GET /metrics needs the header `Authorization: Bearer <AYUDA_METRICS_TOKEN>`.', undefined, { 'WWW-Authenticate': 'Bearer realm="metrics"' });
    }
    const now = deps.clock.now().toISOString();
    const [[outbox], [queue]] = await Promise.all([
      deps.db.db.select({ pending: sql<number>`count(*)::int` }).from(mailOutbox).where(eq(mailOutbox.status, 'pending')),
      deps.db.db
        .select({
          queued: sql<number>`(count(*) filter (where ${jobs.runAt} <= ${now}::timestamptz))::int`,
          scheduled: sql<number>`(count(*) filter (where ${jobs.runAt} > ${now}::timestamptz))::int`,
        })
        .from(jobs)
        .where(eq(jobs.status, 'pending')),
    ]);
    const figures = peers ? ((await peers.gather()) as ProcessFigures[]) : [localFigures()];
    const out = new Exposition();
    out.family('ayuda_build_info', 'gauge', 'The running version of Ayuda (always 1).');
    out.sample('ayuda_build_info', { version: deps.version }, 1);
    const requests = new RequestMetrics();
    for (const f of figures) requests.add(f.requests);
    requests.write(out);
    out.gauge('ayuda_outbox_depth', 'Mails in the outbox waiting to be sent (all processes; retries and those being sent included).', outbox?.pending ?? 0);
    out.family('ayuda_jobs_depth', 'gauge', 'Pending jobs (all processes): queued = due and waiting for a worker; scheduled = waiting for their time (a later run, a retry, or a claim\'s lease).');
    out.sample('ayuda_jobs_depth', { state: 'queued' }, queue?.queued ?? 0);
    out.sample('ayuda_jobs_depth', { state: 'scheduled' }, queue?.scheduled ?? 0);
    writeProcesses(out, figures);
    return c.body(out.text(), 200, { 'Content-Type': METRICS_CONTENT_TYPE, 'Cache-Control': 'no-store' });
  });
  return {
    routes,
    close: () => {
      peers?.close();
      loop.disable();
    },
  };
}

/** What one process reports for a scrape. */
interface ProcessFigures {
  requests: RequestSnapshot;
  jobsRunning: number;
  mailClaimed: number;
  /** PostgreSQL's pool; null on the embedded database (one connection inside the process). */
  pool: { total: number; idle: number; waiting: number } | null;
  rss: number;
  heapUsed: number;
  cpuSeconds: number;
  startTime: number;
  lag: { mean: number; p99: number; max: number };
}

/** The per-process families: summed over the processes, the event loop's worst, the newest start. */
function writeProcesses(out: Exposition, figures: ProcessFigures[]): void {
  const sum = (f: (p: ProcessFigures) => number) => figures.reduce((n, p) => n + f(p), 0);
  const max = (f: (p: ProcessFigures) => number) => Math.max(0, ...figures.map(f));
  out.gauge('ayuda_server_processes', 'Server processes whose figures this scrape sums (--workers N; a worker that did not answer in time is left out).', figures.length);
  out.gauge('ayuda_jobs_running', 'Jobs the server\'s processes are running now.', sum((p) => p.jobsRunning));
  out.gauge('ayuda_outbox_claimed', 'Mails the server\'s processes hold a claim on now (being sent, or next in line).', sum((p) => p.mailClaimed));
  if (figures.some((p) => p.pool)) {
    out.gauge('ayuda_db_pool_total', 'Connections open in the server processes\' PostgreSQL pools.', sum((p) => p.pool?.total ?? 0));
    out.gauge('ayuda_db_pool_idle', 'Open connections not in use.', sum((p) => p.pool?.idle ?? 0));
    out.gauge('ayuda_db_pool_waiting', 'Queries waiting for a connection.', sum((p) => p.pool?.waiting ?? 0));
  } else {
    // The embedded database is one connection inside the process: there is no pool to wait on.
    out.gauge('ayuda_db_pool_total', 'Connections to the embedded database (always 1).', 1);
  }
  out.gauge('process_resident_memory_bytes', 'Resident memory of the server\'s processes.', sum((p) => p.rss));
  out.gauge('nodejs_heap_used_bytes', 'V8 heap in use.', sum((p) => p.heapUsed));
  out.family('process_cpu_seconds_total', 'counter', 'CPU time (user and system) the server\'s processes have used.');
  out.sample('process_cpu_seconds_total', null, sum((p) => p.cpuSeconds));
  // A replaced worker starts its counters over: the newest start says since when the sums run.
  out.gauge('process_start_time_seconds', 'When the newest of the server\'s processes started, in seconds since the epoch.', max((p) => p.startTime));
  out.gauge('nodejs_eventloop_lag_mean_seconds', 'Mean event-loop delay since the previous scrape (the slowest process).', max((p) => p.lag.mean));
  out.gauge('nodejs_eventloop_lag_p99_seconds', '99th percentile of the event-loop delay since the previous scrape (the slowest process).', max((p) => p.lag.p99));
  out.gauge('nodejs_eventloop_lag_max_seconds', 'Longest event-loop delay since the previous scrape (any process).', max((p) => p.lag.max));
}
