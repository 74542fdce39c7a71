// The analytics summary over one million cases, on PostgreSQL (a fresh database, dropped
// afterwards): `analytics_summary_ms_1m` is the p99 of the summary behind
// `GET /api/v1/staff/analytics/summary` (the service call, without HTTP, whose per-admin rate
// limit a benchmark would hit) over the longest period (1,096 days, which holds every generated
// case), one at a time.
// The history is generated in SQL (generate_series, fixed seed): three years of cases in both
// lanes with their creation events, staff replies, status events (reopenings, and closings past
// the reopen window, among them), time entries, survey answers, fast-lane payments and refunds,
// and widget deflections. Inserting it fires the
// triggers that mark every case for the rollups; `analytics_facts_refresh_s_1m` is the time a
// refresh takes to compute a million cases' facts from nothing (as after a change of business
// hours; otherwise a refresh does only what changed). Also reported: the default 30-day period and a category filter
// (exact percentiles from the facts).
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../packages/server/src/config.js';
import { startServer, type RunningServer } from '../packages/server/src/server.js';
import { createLogger } from '../packages/server/src/http/logger.js';
import type { Db } from '../packages/server/src/db/client.js';
import { findPostgres, redact, withFreshDatabase } from './portal.js';
import { log, percentile, round } from './stats.js';

export const ANALYTICS_BENCH_DEFAULTS = {
  cases: 1_000_000,
  /** Days of history the cases are spread over (the summary's longest period holds them all). */
  days: 1_095,
  agents: 20,
  customers: 50_000,
  /** Timed summaries per variant, after `warmup` untimed ones. */
  requests: 30,
  warmup: 3,
} as const;

/** The server's default AYUDA_REOPEN_DAYS: solved cases older than this are closed by its housekeeping. */
const REOPEN_DAYS = 7;

export type AnalyticsBenchOptions = { [K in keyof typeof ANALYTICS_BENCH_DEFAULTS]: number };

/**
 * Writes the history with a handful of INSERT … SELECT statements. `setseed` fixes `random()`,
 * so every run writes the same history relative to `now`.
 */
export async function seedHistory(db: Db, now: Date, o: Pick<AnalyticsBenchOptions, 'cases' | 'days' | 'agents' | 'customers'>): Promise<void> {
  const nowIso = now.toISOString();
  const reopenFrom = new Date(now.getTime() - REOPEN_DAYS * 86_400_000).toISOString();
  const run = (q: ReturnType<typeof sql>) => db.execute(q);
  await run(sql`select setseed(0.15)`);
  await run(sql`insert into staff_users (email, name, role, hourly_cost, created_at, updated_at)
    select 'agent' || g || '@bench.example', 'Agente ' || g, 'agent', case when g % 5 = 0 then null else 2000 + 100 * g end, ${nowIso}::timestamptz, ${nowIso}::timestamptz
    from generate_series(1, ${o.agents}) g`);
  await run(sql`insert into customers (email, name, locale, created_at)
    select 'cliente' || g || '@bench.example', 'Cliente ' || g, case when g % 3 = 0 then 'en' else 'es' end, ${nowIso}::timestamptz - interval '4 years'
    from generate_series(1, ${o.customers}) g`);
  // The cases, numbered in the order they came (as a help desk's are: a random order would scatter
  // each period over every page of every table): a fifth in the fast lane, most answered and
  // solved, a few still open.
  await run(sql`create temporary table bench_cases on commit preserve rows as
    select g, ${nowIso}::timestamptz - ((${o.cases} - g + random()) / ${o.cases}::float8 * ${o.days}) * interval '1 day' as created_at,
      case when random() < 0.2 then 'fast' else 'standard' end as lane, random() as r1, random() as r2, random() as r3, random() as r4
    from generate_series(1, ${o.cases}) g`);
  await run(sql`insert into cases (reference, tracking_hash, tracking_token_enc, customer_id, subject, category, locale, status, lane, channel,
      created_at, updated_at, first_response_due, resolution_due, first_responded_at, solved_at, closed_at, assignee_id)
    select 'BN-' || lpad(g::text, 7, '0'), md5('bench' || g), 'seeded', 1 + (g % ${o.customers}), 'Caso ' || g,
      (array['billing', 'outages', 'router-wifi', 'mobile', 'tv', 'moving', 'contract', 'other'])[1 + (g % 8)],
      case when g % 3 = 0 then 'en' else 'es' end,
      -- Solved cases past the reopen window are closed, as the server's housekeeping closes them
      -- (a generated history full of old solved cases would be closed, and recomputed, while measured).
      case when fr is null then 'new' when sv is null then 'open' when r4 < 0.5 and sv >= ${reopenFrom}::timestamptz then 'solved' else 'closed' end,
      lane, case when r3 < 0.5 then 'widget' when r3 < 0.8 then 'portal' else 'email' end,
      created_at, coalesce(sv, fr, created_at),
      created_at + case when lane = 'fast' then interval '2 hours' else interval '1 day' end,
      created_at + case when lane = 'fast' then interval '2 days' else interval '5 days' end,
      fr, sv, case when r4 >= 0.5 then sv when sv < ${reopenFrom}::timestamptz then sv + ${`${REOPEN_DAYS} days`}::interval end,
      (select id from staff_users order by id limit 1) + (g % ${o.agents})
    from (
      select g, created_at, lane, r3, r4,
        case when r1 < 0.97 and created_at + interval '3 days' < ${nowIso}::timestamptz then created_at + (r1 * (case when lane = 'fast' then 4 else 40 end)) * interval '1 hour' end as fr,
        case when r1 < 0.97 and r2 < 0.9 and created_at + interval '10 days' < ${nowIso}::timestamptz then created_at + (1 + r2 * 150) * interval '1 hour' end as sv
      from bench_cases
    ) x`);
  await run(sql`select setval('case_reference_seq', ${o.cases})`);
  // One staff reply for every answered case, a second for a third of them; a customer message each.
  await run(sql`insert into case_messages (case_id, author, author_name, internal, body, created_at)
    select id, 'staff', 'Agente', false, 'Hemos revisado tu caso.', first_responded_at from cases where first_responded_at is not null
    union all
    select id, 'staff', 'Agente', false, 'Ya está resuelto.', first_responded_at + interval '1 hour' from cases where first_responded_at is not null and id % 3 = 0
    union all
    select id, 'customer', 'Cliente', false, 'Mi router no funciona.', created_at from cases`);
  // Every case's creation event (with its lane, which the fast lane's per-case overhead counts);
  // solved cases: the status event, and the housekeeping's closing once the reopen window passed;
  // one in twenty reopened and solved again.
  await run(sql`insert into case_events (case_id, type, actor, data, created_at)
    select id, 'created', 'customer', jsonb_build_object('channel', channel, 'lane', lane, 'attachments', 0), created_at from cases
    union all
    select id, 'status_changed', 'staff:1', '{"from":"open","to":"solved"}'::jsonb, solved_at from cases where solved_at is not null
    union all
    select id, 'status_changed', 'system', '{"from":"solved","to":"closed","reason":"reopen_window_passed"}'::jsonb, closed_at from cases
    where solved_at is not null and closed_at > solved_at
    union all
    select id, 'status_changed', 'customer', '{"from":"solved","to":"open"}'::jsonb, solved_at + interval '1 hour' from cases where solved_at is not null and id % 20 = 0`);
  // Staff time on half the cases.
  await run(sql`insert into time_entries (case_id, user_id, started_at, ended_at, source, created_at, updated_at)
    select id, assignee_id, first_responded_at, first_responded_at + (5 + id % 40) * interval '1 minute', 'timer', first_responded_at, first_responded_at
    from cases where first_responded_at is not null and id % 2 = 0`);
  // Surveys: CSAT and CES on a quarter of solved cases, the fast lane's worth on its solved cases' quarter.
  await run(sql`insert into survey_answers (case_id, question, score, lane, category, agent_id, customer_id, locale, answered_at)
    select id, q.question, case q.question when 'csat' then 1 + (id * 7) % 5 when 'ces' then 1 + (id * 5) % 7 else (id % 4 > 0)::int end,
      lane, category, assignee_id, customer_id, locale, solved_at + interval '2 hours'
    from cases cross join (values ('csat'), ('ces'), ('fastlane_worth')) q(question)
    where solved_at is not null and id % 4 = 0 and (q.question <> 'fastlane_worth' or lane = 'fast')`);
  // Fast-lane payments (one per fast case) and a few refunds.
  await run(sql`insert into fastlane_orders (customer_id, plan_key, kind, case_id, amount, currency, status, checkout_session_id, created_at, paid_at, updated_at)
    select customer_id, 'incident', 'incident', id, 1500, 'eur', 'paid', 'cs_bench_' || id, created_at, created_at, created_at from cases where lane = 'fast'`);
  await run(sql`insert into fastlane_refunds (order_id, amount, reason, reason_code, requested_by, status, created_at, decided_at)
    select id, amount, 'SLA', 'sla_guarantee', 'system', 'succeeded', paid_at + interval '1 day', paid_at + interval '1 day' from fastlane_orders where id % 50 = 0`);
  // Widget deflections, as many as a tenth of the cases.
  await run(sql`insert into analytics_events (type, locale, channel, slug, created_at)
    select 'deflection', 'es', 'widget', 'router', ${nowIso}::timestamptz - (random() * ${o.days}) * interval '1 day' from generate_series(1, ${Math.round(o.cases / 10)})`);
  await run(sql`analyze`);
}

async function timed(n: number, warmup: number, fn: () => Promise<void>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < warmup; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return { p50: percentile(ms, 0.5), p99: percentile(ms, 0.99) };
}

async function measure(databaseUrl: string, o: AnalyticsBenchOptions, results: Record<string, number>): Promise<void> {
  const env = {
    NODE_ENV: 'production',
    AYUDA_SECRET: randomBytes(32).toString('base64'),
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    AYUDA_RATE_LIMIT: '1000000',
    // The fast-lane currency the generated payments are in.
    AYUDA_FASTLANE_CURRENCY: 'eur',
  };
  const server: RunningServer = await startServer(loadConfig({ ...env, PORT: '0' }, {}), { logger: createLogger('silent') });
  try {
    const now = new Date();
    const t0 = performance.now();
    await seedHistory(server.database.db, now, o);
    log(`  generated ${o.cases} cases over ${o.days} days with replies, events, time, surveys, payments and refunds in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    // The housekeeping job may have taken part of the queue while the history was written: let
    // it all be computed, then time a computation of every case from nothing (what a change of
    // business hours does), which no job can have started on.
    await server.ayuda.analyticsSummary.facts.refresh();
    await server.database.db.execute(sql`delete from case_facts_state`);
    const t1 = performance.now();
    const refreshed = await server.ayuda.analyticsSummary.facts.refresh();
    const refreshS = (performance.now() - t1) / 1000;
    if (refreshed !== o.cases) throw new Error(`the timed refresh computed ${refreshed} cases, not ${o.cases}`);
    log(`  facts of ${refreshed} cases computed from nothing in ${refreshS.toFixed(1)} s (a change of business hours; otherwise a refresh does what changed)`);
    await server.database.db.execute(sql`analyze`);
    // The service the endpoint calls, timed without HTTP: the endpoint limits how often one admin asks.
    const summary = server.ayuda.analyticsSummary;
    const get = (q: { from?: string; to?: string; category?: string }) => async () => {
      await summary.summary(q);
    };
    const to = new Date(now.getTime() + 60_000);
    const from = new Date(to.getTime() - 1_096 * 86_400_000);
    const all = { from: from.toISOString(), to: to.toISOString() };
    const first = await summary.summary(all);
    if (first.cases !== o.cases) throw new Error(`the summary counted ${String(first.cases)} cases, not ${o.cases}`);
    const whole = await timed(o.requests, o.warmup, get(all));
    const month = await timed(o.requests, o.warmup, get({}));
    const category = await timed(o.requests, o.warmup, get({ ...all, category: 'billing' }));
    Object.assign(results, {
      analytics_summary_ms_1m: round(whole.p99, 1),
      analytics_summary_p50_ms_1m: round(whole.p50, 1),
      analytics_summary_30d_ms_1m: round(month.p99, 1),
      analytics_summary_category_ms_1m: round(category.p99, 1),
      analytics_facts_refresh_s_1m: round(refreshS, 1),
    });
    log(`  summary over all ${o.cases} cases (${o.requests} requests): p50 ${whole.p50.toFixed(1)} ms, p99 ${whole.p99.toFixed(1)} ms; ` + `first response p50 ${String(first.first_response_p50_s)} s, SLA ${String(first.sla_attainment)}, CSAT ${String(first.csat)}`);
    log(`  the last 30 days: p99 ${month.p99.toFixed(1)} ms; all, one category (exact percentiles): p99 ${category.p99.toFixed(1)} ms`);
  } finally {
    await server.close();
  }
}

/** The analytics figures for `npm run bench`, on PostgreSQL; failed when no PostgreSQL answers. */
export async function benchAnalytics(opts: Partial<AnalyticsBenchOptions> = {}): Promise<{ results: Record<string, number>; failed: boolean }> {
  const o: AnalyticsBenchOptions = { ...ANALYTICS_BENCH_DEFAULTS, ...opts };
  const results: Record<string, number> = {};
  const pgServer = await findPostgres();
  if (pgServer.url === null) {
    log(`analytics: FAILED, no PostgreSQL answers (${pgServer.reason}); set DATABASE_URL to measure analytics_summary_ms_1m`);
    return { results, failed: true };
  }
  log(`analytics: the summary over ${o.cases} generated cases on PostgreSQL (${redact(pgServer.url)})`);
  try {
    await withFreshDatabase(pgServer.url, (url) => measure(url, o, results));
    return { results, failed: false };
  } catch (e) {
    log(`  analytics: FAILED: ${(e as Error).stack ?? String(e)}`);
    return { results, failed: true };
  }
}
