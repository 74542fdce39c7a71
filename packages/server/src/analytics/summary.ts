// The analytics summary (issue 15, items 3 and 6): a period's support figures beside the
// previous period's, each computed by aggregates in SQL (percentile_cont over per-case business
// durations, counts and sums), never by loading rows into Node. Definitions: docs/analytics.md.
import { sql, type SQL } from 'drizzle-orm';
import { ANALYTICS_LIMITS, type AnalyticsFigures, type AnalyticsSummary, type Lane, type SlaConfig, type SlaPolicy } from '@ayuda/core';
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import { validationError } from '../http/problem.js';
import { analyticsEvents, caseEvents, caseMessages, cases, fastlaneOrders, fastlaneRefunds, staffUsers, surveyAnswers, timeEntries } from '../db/schema.js';
import { BusinessSpans, businessSecondsAt } from './business-spans.js';
import { fastlaneEntries } from './fastlane-entries.js';

const DAY = 86_400_000;

interface Filter {
  lane: Lane | null;
  category: string | null;
  agentId: number | null;
}

/** Event types that mean a case form was left because something answered (see the events table in docs/analytics.md). */
export const DEFLECTION_EVENTS = ['deflection', 'announcement_deflection'] as const;

type Row = Record<string, unknown>;
const rowsOf = (r: unknown): Row[] => (r as { rows?: Row[] }).rows ?? (r as Row[]);
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
/** Seconds to the millisecond: instants are kept to the millisecond, so finer digits are float noise. */
export const toMs = (v: number | null): number | null => (v === null ? null : Math.round(v * 1000) / 1000);
const int = (v: unknown): number => Number(v ?? 0);

/**
 * Seconds between two instants of the case aliased `c` (with its `lane`): business seconds, or
 * every second for a lane counted in calendar time (`calendar: true`).
 */
export function caseSecondsBetween(policy: SlaPolicy, a: SQL, b: SQL): SQL {
  const business = sql`(${businessSecondsAt(b)} - ${businessSecondsAt(a)})`;
  const calendarLanes = (['standard', 'fast'] as const).filter((l) => policy[l].calendar);
  if (calendarLanes.length === 0) return business;
  const calendar = sql`extract(epoch from (${b} - ${a}))::float8`;
  return sql`case when c.lane in (${sql.join(calendarLanes.map((l) => sql`${l}`), sql`, `)}) then ${calendar} else ${business} end`;
}

/** Whether a case's first-response target is decided at `now`: answered, or due and unanswered (over a case's columns, unqualified). */
export const slaMeasured = (now: Date): SQL =>
  sql`(first_response_due is not null and (first_responded_at is not null or first_response_due <= ${now.toISOString()}::timestamptz))`;

/** Whether a case attained its SLA: answered by its first-response due time and not late for resolution at `now`. */
export const slaMet = (now: Date): SQL =>
  sql`(first_responded_at is not null and first_responded_at <= first_response_due and (resolution_due is null or coalesce(solved_at, closed_at, ${now.toISOString()}::timestamptz) <= resolution_due))`;

/**
 * The period a query asks for: `to` (default now) and `from` (default 30 days before `to`). The
 * schema checks the two when both are given; with one defaulted, the same rules are checked here.
 */
export function resolvePeriod(q: { from?: string | undefined; to?: string | undefined }, now: Date): { from: Date; to: Date } {
  const to = q.to ? new Date(q.to) : now;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - ANALYTICS_LIMITS.defaultDays * DAY);
  if (from >= to) throw validationError([{ field: 'query.from', message: q.to ? 'from must be before to' : 'from must be before to, which is now when not given' }]);
  if (to.getTime() - from.getTime() > ANALYTICS_LIMITS.maxDays * DAY) throw validationError([{ field: 'query.from', message: `the period may be at most ${ANALYTICS_LIMITS.maxDays} days long` }]);
  return { from, to };
}

export class AnalyticsSummaryService {
  /** The business-hours table, shared with the lane-impact report. */
  readonly spans: BusinessSpans;

  constructor(private readonly deps: { db: Database; clock: Clock; sla: () => SlaConfig; currency: string; /** The fast lane's per-case overhead now, minor units (default 0). */ caseOverhead?: () => number }) {
    this.spans = new BusinessSpans({ db: deps.db, clock: deps.clock, hours: () => deps.sla().hours });
  }

  /** Rebuilds the business-hours table now if the hours changed (it is also checked before every summary). */
  refreshBusinessHours(): Promise<void> {
    const now = this.deps.clock.now();
    return this.spans.ensure(now, now);
  }

  async summary(q: { from?: string | undefined; to?: string | undefined; lane?: Lane | undefined; category?: string | undefined; agentId?: number | undefined }): Promise<AnalyticsSummary> {
    const now = this.deps.clock.now();
    const { from, to } = resolvePeriod(q, now);
    const prevFrom = new Date(from.getTime() - (to.getTime() - from.getTime()));
    // Durations run from a case's creation to now at the latest: the table must cover both ends.
    await this.spans.ensure(prevFrom, new Date(Math.max(now.getTime(), to.getTime())));
    const filter: Filter = { lane: q.lane ?? null, category: q.category ?? null, agentId: q.agentId ?? null };
    const [current, previous] = await Promise.all([this.#figures(from, to, filter, now), this.#figures(prevFrom, from, filter, now)]);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      ...filter,
      timeZone: this.deps.sla().hours.timeZone,
      ...current,
      previous: { from: prevFrom.toISOString(), to: from.toISOString(), ...previous },
    };
  }

  /** The figures of [from, to), in four statements that each aggregate in the database. */
  async #figures(from: Date, to: Date, filter: Filter, now: Date): Promise<AnalyticsFigures> {
    const db = this.deps.db.db;
    const f = from.toISOString();
    const t = to.toISOString();
    const policy = this.deps.sla().policy;
    // Cases by their lane, category and assignee now; survey answers by those of their case when answered.
    const { lane, category, agentId } = filter;
    const caseCond = sql`${lane ? sql`and c.lane = ${lane}` : sql``} ${category ? sql`and c.category = ${category}` : sql``} ${agentId ? sql`and c.assignee_id = ${agentId}` : sql``}`;
    const answerCond = sql`${lane ? sql`and a.lane = ${lane}` : sql``} ${category ? sql`and a.category = ${category}` : sql``} ${agentId ? sql`and a.agent_id = ${agentId}` : sql``}`;
    const between = (a: SQL, b: SQL) => caseSecondsBetween(policy, a, b);

    const caseStats = db.execute(sql`
      with c as (
        select id, lane, created_at, first_responded_at, solved_at, closed_at, first_response_due, resolution_due
        from ${cases} c
        where c.created_at >= ${f}::timestamptz and c.created_at < ${t}::timestamptz ${caseCond}
      ), ev as (
        select e.case_id,
          bool_or(e.data->>'to' = 'solved') as to_solved,
          bool_or(e.data->>'from' = 'solved' and e.data->>'to' not in ('solved', 'closed')) as reopened
        from ${caseEvents} e
        where e.type = 'status_changed' and e.case_id in (select id from c)
        group by e.case_id
      ), msg as (
        select m.case_id, count(*) as public_replies
        from ${caseMessages} m
        where m.author = 'staff' and not m.internal and m.case_id in (select id from c)
        group by m.case_id
      ), d as (
        select c.*,
          case when c.first_responded_at is not null then ${between(sql`c.created_at`, sql`c.first_responded_at`)} end as first_s,
          case when c.solved_at is not null then ${between(sql`c.created_at`, sql`c.solved_at`)} end as solve_s,
          c.solved_at is not null or coalesce(ev.to_solved, false) as ever_solved,
          coalesce(ev.reopened, false) as reopened,
          coalesce(msg.public_replies, 0) as public_replies
        from c
        left join ev on ev.case_id = c.id
        left join msg on msg.case_id = c.id
      ), s as (
        select d.*,
          ${slaMeasured(now)} as sla_measured,
          ${slaMet(now)} as sla_met
        from d
      )
      select
        count(*) as cases,
        count(first_s) as first_responses,
        percentile_cont(0.5) within group (order by first_s) as first_p50,
        percentile_cont(0.9) within group (order by first_s) as first_p90,
        count(solve_s) as solved,
        percentile_cont(0.5) within group (order by solve_s) as solve_p50,
        percentile_cont(0.9) within group (order by solve_s) as solve_p90,
        count(*) filter (where sla_measured) as sla_measured,
        count(*) filter (where sla_measured and sla_met) as sla_met,
        count(*) filter (where ever_solved) as ever_solved,
        count(*) filter (where ever_solved and reopened) as reopened,
        count(*) filter (where ever_solved and not reopened and solved_at is not null and public_replies = 1) as fcr
      from s`);

    const surveyStats = db.execute(sql`
      select
        count(*) filter (where question = 'csat') as csat_n,
        count(*) filter (where question = 'csat' and score >= 4) as csat_ok,
        avg(score) filter (where question = 'csat')::float8 as csat_mean,
        count(*) filter (where question = 'ces') as ces_n,
        avg(score) filter (where question = 'ces')::float8 as ces_mean,
        count(*) filter (where question = 'nps') as nps_n,
        count(*) filter (where question = 'nps' and score >= 9) as promoters,
        count(*) filter (where question = 'nps' and score <= 6) as detractors,
        count(*) filter (where question = 'fastlane_worth') as worth_n,
        count(*) filter (where question = 'fastlane_worth' and score = 1) as worth_yes
      from ${surveyAnswers} a
      where a.answered_at >= ${f}::timestamptz and a.answered_at < ${t}::timestamptz ${answerCond}`);

    const deflectionStats = db.execute(sql`
      select
        (select count(*) from ${analyticsEvents} e
          where e.type in (${sql.join(DEFLECTION_EVENTS.map((x) => sql`${x}`), sql`, `)}) and e.created_at >= ${f}::timestamptz and e.created_at < ${t}::timestamptz) as deflections,
        (select count(*) from ${cases} c
          where c.channel = 'widget' and c.created_at >= ${f}::timestamptz and c.created_at < ${t}::timestamptz) as widget_cases`);

    const cur = this.deps.currency;
    const moneyStats = db.execute(sql`
      select
        (select coalesce(sum(o.amount), 0) from ${fastlaneOrders} o
          where o.paid_at >= ${f}::timestamptz and o.paid_at < ${t}::timestamptz and o.currency = ${cur}) as revenue,
        (select coalesce(sum(r.amount), 0) from ${fastlaneRefunds} r join ${fastlaneOrders} o on o.id = r.order_id
          where r.status = 'succeeded' and r.decided_at >= ${f}::timestamptz and r.decided_at < ${t}::timestamptz and o.currency = ${cur}) as refunds,
        (select count(*) from ${fastlaneEntries(from, to)} fe) as fastlane_cases,
        x.cost, x.time_s, x.unpriced_s
      from (
        select
          coalesce(round(sum(extract(epoch from (te.ended_at - te.started_at)) * coalesce(u.hourly_cost, 0) / 3600)), 0) as cost,
          coalesce(round(sum(extract(epoch from (te.ended_at - te.started_at)))), 0) as time_s,
          coalesce(round(sum(extract(epoch from (te.ended_at - te.started_at))) filter (where u.hourly_cost is null)), 0) as unpriced_s
        from ${timeEntries} te
        join ${cases} c on c.id = te.case_id
        join ${staffUsers} u on u.id = te.user_id
        where c.lane = 'fast' and te.ended_at is not null and te.started_at >= ${f}::timestamptz and te.started_at < ${t}::timestamptz
      ) x`);

    const [[cs], [ss], [ds], [ms]] = (await Promise.all([caseStats, surveyStats, deflectionStats, moneyStats])).map(rowsOf) as [Row[], Row[], Row[], Row[]];
    const rate = (part: unknown, whole: unknown) => (int(whole) > 0 ? int(part) / int(whole) : null);
    const deflections = int(ds!.deflections);
    const revenue = int(ms!.revenue);
    const refunds = int(ms!.refunds);
    const overhead = int(ms!.fastlane_cases) * (this.deps.caseOverhead?.() ?? 0);
    const cost = int(ms!.cost) + overhead;
    const npsN = int(ss!.nps_n);
    return {
      cases: int(cs!.cases),
      first_responses: int(cs!.first_responses),
      first_response_p50_s: toMs(num(cs!.first_p50)),
      first_response_p90_s: toMs(num(cs!.first_p90)),
      solved: int(cs!.solved),
      resolution_p50_s: toMs(num(cs!.solve_p50)),
      resolution_p90_s: toMs(num(cs!.solve_p90)),
      sla_measured: int(cs!.sla_measured),
      sla_attainment: rate(cs!.sla_met, cs!.sla_measured),
      fcr_rate: rate(cs!.fcr, cs!.ever_solved),
      reopen_rate: rate(cs!.reopened, cs!.ever_solved),
      csat: rate(ss!.csat_ok, ss!.csat_n),
      csat_mean: num(ss!.csat_mean),
      csat_answers: int(ss!.csat_n),
      ces: num(ss!.ces_mean),
      ces_answers: int(ss!.ces_n),
      nps: npsN > 0 ? (100 * (int(ss!.promoters) - int(ss!.detractors))) / npsN : null,
      nps_answers: npsN,
      fastlane_worth: rate(ss!.worth_yes, ss!.worth_n),
      fastlane_worth_answers: int(ss!.worth_n),
      deflection_rate: rate(deflections, deflections + int(ds!.widget_cases)),
      deflections,
      fastlane_revenue_minor: revenue,
      fastlane_refunds_minor: refunds,
      fastlane_net_revenue_minor: revenue - refunds,
      fastlane_cost_minor: cost,
      fastlane_overhead_minor: overhead,
      fastlane_time_s: int(ms!.time_s),
      fastlane_unpriced_time_s: int(ms!.unpriced_s),
      fastlane_margin_minor: revenue - refunds - cost,
      currency: this.deps.currency,
    };
  }
}
