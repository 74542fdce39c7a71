// GET /metrics: the Prometheus scrape endpoint, on only when AYUDA_METRICS_TOKEN is set and
// only for a scraper that sends it as a bearer token.
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
import { Exposition, type RequestMetrics } from './recorder.js';

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
    const out = new Exposition();
    out.family('ayuda_build_info', 'gauge', 'The running version of Ayuda (always 1).');
    out.sample('ayuda_build_info', { version: deps.version }, 1);
    deps.requests.write(out);
    out.gauge('ayuda_outbox_depth', 'Mails in the outbox waiting to be sent (all processes; retries and those being sent included).', outbox?.pending ?? 0);
    out.family('ayuda_jobs_depth', 'gauge', 'Pending jobs (all processes): queued = due and waiting for a worker; scheduled = waiting for their time (a later run, a retry, or a claim\'s lease).');
    out.sample('ayuda_jobs_depth', { state: 'queued' }, queue?.queued ?? 0);
    out.sample('ayuda_jobs_depth', { state: 'scheduled' }, queue?.scheduled ?? 0);
    out.gauge('ayuda_jobs_running', 'Jobs this process is running now.', deps.jobsRunning());
    out.gauge('ayuda_outbox_claimed', 'Mails this process holds a claim on now (being sent, or next in line).', deps.mailClaimed());
    if (pool) {
      out.gauge('ayuda_db_pool_total', 'Connections open in this process\'s PostgreSQL pool.', pool.totalCount);
      out.gauge('ayuda_db_pool_idle', 'Open connections not in use.', pool.idleCount);
      out.gauge('ayuda_db_pool_waiting', 'Queries waiting for a connection.', pool.waitingCount);
    } else {
      // The embedded database is one connection inside the process: there is no pool to wait on.
      out.gauge('ayuda_db_pool_total', 'Connections to the embedded database (always 1).', 1);
    }
    const cpu = process.cpuUsage();
    const memory = process.memoryUsage();
    out.gauge('process_resident_memory_bytes', 'Resident memory of this process.', memory.rss);
    out.gauge('nodejs_heap_used_bytes', 'V8 heap in use.', memory.heapUsed);
    out.family('process_cpu_seconds_total', 'counter', 'CPU time (user and system) this process has used.');
    out.sample('process_cpu_seconds_total', null, (cpu.user + cpu.system) / 1e6);
    out.gauge('process_start_time_seconds', 'When this process started, in seconds since the epoch.', Math.round(performance.timeOrigin) / 1000);
    // Measured since the previous scrape: a stall shows in the scrape after it, not forever.
    out.gauge('nodejs_eventloop_lag_mean_seconds', 'Mean event-loop delay since the previous scrape.', loop.count ? loop.mean / 1e9 : 0);
    out.gauge('nodejs_eventloop_lag_p99_seconds', '99th percentile of the event-loop delay since the previous scrape.', loop.percentile(99) / 1e9);
    out.gauge('nodejs_eventloop_lag_max_seconds', 'Longest event-loop delay since the previous scrape.', loop.max / 1e9);
    loop.reset();
    return c.body(out.text(), 200, { 'Content-Type': METRICS_CONTENT_TYPE, 'Cache-Control': 'no-store' });
  });
  return { routes, close: () => loop.disable() };
}
