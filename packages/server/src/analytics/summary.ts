// The analytics summary (issue 15, items 3 and 6): a period's support figures beside the
// previous period's, each computed by aggregates in SQL (percentile_cont over per-case business
// durations, counts and sums), never by loading rows into Node. Definitions: docs/analytics.md.
import { sql, type SQL } from 'drizzle-orm';
import { ANALYTICS_LIMITS, type AnalyticsFigures, type AnalyticsSummary, type Lane, type SlaConfig, type SlaPolicy } from '@ayuda/core';
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import { validationError } from '../http/problem.js';
import { analyticsEventMonths, analyticsEvents, caseEvents, caseFactEntryMonths, caseFactMonths, caseFactHist, caseFacts, caseFactTimeMonths, fastlaneMoneyMonths, fastlaneOrders, fastlaneRefunds, surveyAnswers, surveyMonths, timeEntries } from '../db/schema.js';
import { BusinessSpans, businessSecondsAt } from './business-spans.js';
import { bucketValue, CaseFacts } from './facts.js';
import { fastEntry, fastlaneEntries } from './fastlane-entries.js';

const DAY = 86_400_000;

export const SUMMARY_DEFAULTS = {
  /**
   * Up to this many durations in a period (and always with a category or agent filter), the
   * percentiles are exact (percentile_cont over the facts); above, they are read from the monthly
   * histograms plus the period's partial months, within ±1 % (docs/analytics.md "Rollups").
   */
  exactLimit: 100_000,
} as const;

interface CaseCounts {
  cases: number;
  first_n: number;
  solved_n: number;
  ever_solved: number;
  reopened: number;
  fcr: number;
  sla_measured: number;
  sla_met: number;
  first_p50: number | null;
  first_p90: number | null;
  solve_p50: number | null;
  solve_p90: number | null;
}

/** The exact percentiles of the facts (aliased `f`) a statement reads. */
const EXACT_PERCENTILES = sql`percentile_cont(0.5) within group (order by f.first_s) as first_p50, percentile_cont(0.9) within group (order by f.first_s) as first_p90,
  percentile_cont(0.5) within group (order by f.solve_s) as solve_p50, percentile_cont(0.9) within group (order by f.solve_s) as solve_p90`;

/** Whole UTC months inside [from, to): [m1, m2), or null when there is none. */
function wholeMonths(from: Date, to: Date): { m1: Date; m2: Date } | null {
  const m1 = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + (from.getTime() === Date.UTC(from.getUTCFullYear(), from.getUTCMonth()) ? 0 : 1)));
  const m2 = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth()));
  return m1 < m2 ? { m1, m2 } : null;
}

/** A condition on the month column `col` of a monthly table: inside the whole months (false without them). */
function monthsCond(col: SQL, months: { m1: Date; m2: Date } | null): SQL {
  return months ? sql`${col} >= ${months.m1.toISOString()}::timestamptz and ${col} < ${months.m2.toISOString()}::timestamptz` : sql`false`;
}

/** A condition on `col` for the parts of [from, to) outside the whole months (all of it without them). */
function edgesCond(col: SQL, from: Date, to: Date, months: { m1: Date; m2: Date } | null): SQL {
  const range = (a: Date, b: Date) => sql`(${col} >= ${a.toISOString()}::timestamptz and ${col} < ${b.toISOString()}::timestamptz)`;
  if (!months) return range(from, to);
  const parts = [from < months.m1 ? range(from, months.m1) : null, months.m2 < to ? range(months.m2, to) : null].filter((p): p is SQL => p !== null);
  return parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
}

export interface Filter {
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

/** One survey question's answers in a period: how many, their scores' sum, and the counts the rates need. */
interface QuestionSums {
  n: number;
  score_sum: number;
  ok: number;
  promoters: number;
  detractors: number;
}
const mean = (q: QuestionSums): number | null => (q.n > 0 ? q.score_sum / q.n : null);

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

  /** The per-case facts and their monthly sums, which the case figures read. */
  readonly facts: CaseFacts;
  readonly #exactLimit: number;
  // `rollups: false` reads every figure from the facts and raw rows (the reference the rollups are tested against).

  constructor(private readonly deps: { db: Database; clock: Clock; sla: () => SlaConfig; currency: string; exactLimit?: number; rollups?: boolean; /** The fast lane's per-case overhead now, minor units (default 0). */ caseOverhead?: () => number }) {
    this.spans = new BusinessSpans({ db: deps.db, clock: deps.clock, hours: () => deps.sla().hours });
    this.facts = new CaseFacts({ db: deps.db, clock: deps.clock, sla: deps.sla, spans: this.spans });
    this.#exactLimit = deps.exactLimit ?? SUMMARY_DEFAULTS.exactLimit;
  }

  /**
   * Rebuilds the business-hours table now if the hours changed, then the facts (every case's, after
   * a change of hours); both are also checked before every summary, so this only saves it the wait.
   */
  async refreshBusinessHours(): Promise<void> {
    const now = this.deps.clock.now();
    await this.spans.ensure(now, now);
    await this.facts.refresh();
  }

  async summary(q: { from?: string | undefined; to?: string | undefined; lane?: Lane | undefined; category?: string | undefined; agentId?: number | undefined }): Promise<AnalyticsSummary> {
    const now = this.deps.clock.now();
    const { from, to } = resolvePeriod(q, now);
    const prevFrom = new Date(from.getTime() - (to.getTime() - from.getTime()));
    // Durations run from a case's creation to now at the latest: the table must cover both ends.
    await this.spans.ensure(prevFrom, new Date(Math.max(now.getTime(), to.getTime())));
    // Cases changed since the last summary get their facts first, so no figure is stale.
    await this.facts.refresh();
    // SLA outcomes still in play are judged now, after the refresh: the ones it found decided by
    // the clock were decided by then (a refresh another process commits meanwhile can be a few
    // milliseconds later: an outcome decided in between counts as decided).
    const at = this.deps.clock.now();
    const filter: Filter = { lane: q.lane ?? null, category: q.category ?? null, agentId: q.agentId ?? null };
    const [current, previous] = await Promise.all([this.#figures(from, to, filter, at), this.#figures(prevFrom, from, filter, at)]);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      ...filter,
      timeZone: this.deps.sla().hours.timeZone,
      ...current,
      previous: { from: prevFrom.toISOString(), to: from.toISOString(), ...previous },
    };
  }

  /**
   * The figures of [from, to) as the summary computes them, for the series (one call per bucket).
   * The caller makes the business-hours table cover the period and refreshes the facts first
   * (`spans.ensure`, `facts.refresh()`), once for all its buckets.
   */
  figures(from: Date, to: Date, filter: Filter, now: Date): Promise<AnalyticsFigures> {
    return this.#figures(from, to, filter, now);
  }

  /**
   * The figures of [from, to): every one from the rollups (whole UTC months) and the rows
   * themselves (the rest); every statement aggregates in the database, and they run side by side.
   */
  async #figures(from: Date, to: Date, filter: Filter, now: Date): Promise<AnalyticsFigures> {
    // Cases by their lane, category and assignee now; survey answers by those of their case when answered.
    const [cs, ss, ms, time] = await Promise.all([this.#caseStats(from, to, filter, now), this.#surveyStats(from, to, filter), this.#unfilteredStats(from, to), this.#fastTime(from, to)]);
    const rate = (part: unknown, whole: unknown) => (int(whole) > 0 ? int(part) / int(whole) : null);
    const { deflections, widget, revenue, refunds } = ms;
    const overhead = ms.fastlane_cases * (this.deps.caseOverhead?.() ?? 0);
    const cost = time.cost + overhead;
    return {
      cases: cs.cases,
      first_responses: cs.first_n,
      first_response_p50_s: toMs(cs.first_p50),
      first_response_p90_s: toMs(cs.first_p90),
      solved: cs.solved_n,
      resolution_p50_s: toMs(cs.solve_p50),
      resolution_p90_s: toMs(cs.solve_p90),
      sla_measured: cs.sla_measured,
      sla_attainment: rate(cs.sla_met, cs.sla_measured),
      fcr_rate: rate(cs.fcr, cs.ever_solved),
      reopen_rate: rate(cs.reopened, cs.ever_solved),
      csat: rate(ss.csat.ok, ss.csat.n),
      csat_mean: mean(ss.csat),
      csat_answers: ss.csat.n,
      ces: mean(ss.ces),
      ces_answers: ss.ces.n,
      nps: ss.nps.n > 0 ? (100 * (ss.nps.promoters - ss.nps.detractors)) / ss.nps.n : null,
      nps_answers: ss.nps.n,
      fastlane_worth: rate(ss.fastlane_worth.ok, ss.fastlane_worth.n),
      fastlane_worth_answers: ss.fastlane_worth.n,
      deflection_rate: rate(deflections, deflections + widget),
      deflections,
      fastlane_revenue_minor: revenue,
      fastlane_refunds_minor: refunds,
      fastlane_net_revenue_minor: revenue - refunds,
      fastlane_cost_minor: cost,
      fastlane_overhead_minor: overhead,
      fastlane_time_s: time.time_s,
      fastlane_unpriced_time_s: time.unpriced_s,
      fastlane_margin_minor: revenue - refunds - cost,
      currency: this.deps.currency,
    };
  }

  /**
   * The case figures of [from, to): whole UTC months from the monthly sums, the partial months at
   * either end from the facts, the SLA of cases whose outcome still depends on the clock from the
   * facts (a partial index holds just those), percentiles exact or from histograms.
   */
  async #caseStats(from: Date, to: Date, filter: Filter, now: Date): Promise<CaseCounts> {
    const db = this.deps.db.db;
    const { lane, category, agentId } = filter;
    const months = category || agentId || this.deps.rollups === false ? null : wholeMonths(from, to);
    const factCond = sql`${lane ? sql`and f.lane = ${lane}` : sql``} ${category ? sql`and f.category = ${category}` : sql``} ${agentId ? sql`and f.assignee_id = ${agentId}` : sql``}`;
    const inPeriod = sql`f.created_at >= ${from.toISOString()}::timestamptz and f.created_at < ${to.toISOString()}::timestamptz ${factCond}`;
    const monthCond = sql`${monthsCond(sql`m.month`, months)} ${lane ? sql`and m.lane = ${lane}` : sql``}`;

    // Without whole months the facts read for the counts are the period's: the exact percentiles come from the same scan.
    const inline = !months;
    // One statement, so the three parts read one snapshot: a case whose outcome becomes final
    // while they run is counted once, either open or in the sums.
    const [row] = rowsOf(
      await db.execute(sql`
        with e as (
          select ${inline ? sql`${EXACT_PERCENTILES},` : sql``} count(*) as cases, count(first_s) as first_n, count(solve_s) as solved_n,
            count(*) filter (where ever_solved) as ever_solved, count(*) filter (where ever_solved and reopened) as reopened,
            count(*) filter (where fcr) as fcr,
            count(*) filter (where sla_final and first_response_due is not null) as sla_measured,
            count(*) filter (where sla_met_final) as sla_met
          from ${caseFacts} f where ${edgesCond(sql`f.created_at`, from, to, months)} ${factCond}
        ), r as (
          select coalesce(sum(cases), 0) as cases, coalesce(sum(first_n), 0) as first_n, coalesce(sum(solved_n), 0) as solved_n,
            coalesce(sum(ever_solved), 0) as ever_solved, coalesce(sum(reopened), 0) as reopened, coalesce(sum(fcr), 0) as fcr,
            coalesce(sum(sla_measured_final), 0) as sla_measured, coalesce(sum(sla_met_final), 0) as sla_met
          from ${caseFactMonths} m where ${monthCond}
        ), o as (
          -- Cases whose SLA outcome the clock can still change: unanswered before their due time, or answered in time and open before their resolution due time.
          select count(*) filter (where ${slaMeasured(now)}) as sla_measured,
            count(*) filter (where ${slaMeasured(now)} and ${slaMet(now)}) as sla_met
          from ${caseFacts} f where not f.sla_final and ${inPeriod}
        )
        select e.cases + r.cases as cases, e.first_n + r.first_n as first_n, e.solved_n + r.solved_n as solved_n,
          e.ever_solved + r.ever_solved as ever_solved, e.reopened + r.reopened as reopened, e.fcr + r.fcr as fcr,
          e.sla_measured + r.sla_measured + o.sla_measured as sla_measured, e.sla_met + r.sla_met + o.sla_met as sla_met
          ${inline ? sql`, e.first_p50, e.first_p90, e.solve_p50, e.solve_p90` : sql``}
        from e, r, o`),
    );
    const counts = {
      cases: int(row!.cases),
      first_n: int(row!.first_n),
      solved_n: int(row!.solved_n),
      ever_solved: int(row!.ever_solved),
      reopened: int(row!.reopened),
      fcr: int(row!.fcr),
      sla_measured: int(row!.sla_measured),
      sla_met: int(row!.sla_met),
    };

    const exact = (p: Row): CaseCounts => ({ ...counts, first_p50: num(p.first_p50), first_p90: num(p.first_p90), solve_p50: num(p.solve_p50), solve_p90: num(p.solve_p90) });
    if (inline) return exact(row!);
    if (counts.first_n + counts.solved_n <= this.#exactLimit) {
      const [p] = rowsOf(await db.execute(sql`select ${EXACT_PERCENTILES} from ${caseFacts} f where ${inPeriod}`));
      return exact(p!);
    }
    // Percentile positions as percentile_cont places them (rank p·(n−1) from 0), read as the bucket that holds that rank.
    const rows = rowsOf(
      await db.execute(sql`
        with h as (
          select kind, bucket, sum(n) as n from (
            select m.kind, m.bucket, m.n from ${caseFactHist} m where ${monthCond}
            union all
            select 1, f.first_b, 1 from ${caseFacts} f where f.first_b is not null and ${edgesCond(sql`f.created_at`, from, to, months)} ${factCond}
            union all
            select 2, f.solve_b, 1 from ${caseFacts} f where f.solve_b is not null and ${edgesCond(sql`f.created_at`, from, to, months)} ${factCond}
          ) x group by kind, bucket having sum(n) > 0
        ), c as (
          select kind, bucket, sum(n) over (partition by kind order by bucket) as cum, sum(n) over (partition by kind) as total from h
        )
        select kind, min(bucket) filter (where cum > 0.5 * (total - 1)) as p50, min(bucket) filter (where cum > 0.9 * (total - 1)) as p90
        from c group by kind`),
    );
    const pick = (kind: number, k: 'p50' | 'p90') => {
      const b = rows.find((x) => int(x.kind) === kind)?.[k];
      return b === null || b === undefined ? null : bucketValue(int(b));
    };
    return { ...counts, first_p50: pick(1, 'p50'), first_p90: pick(1, 'p90'), solve_p50: pick(2, 'p50'), solve_p90: pick(2, 'p90') };
  }

  /**
   * The period's figures that no filter narrows, in one statement (whole UTC months from their
   * sums, the rest from the rows): fast-lane revenue and refunds in the company's currency,
   * deflections and cases created from the widget (the deflection rate's two halves), and the
   * cases that entered the fast lane (the per-case overhead).
   */
  async #unfilteredStats(from: Date, to: Date): Promise<{ revenue: number; refunds: number; deflections: number; widget: number; fastlane_cases: number }> {
    const months = this.deps.rollups === false ? null : wholeMonths(from, to);
    const inMonths = (col: SQL) => monthsCond(col, months);
    const edges = (col: SQL) => edgesCond(col, from, to, months);
    const cur = this.deps.currency;
    const deflectionTypes = sql.join(DEFLECTION_EVENTS.map((x) => sql`${x}`), sql`, `);
    const f = from.toISOString();
    const t = to.toISOString();
    // Cases that entered the fast lane: without the rollups, from the events (the reference);
    // with them, cases that entered once by their facts (whole months summed), and the few that
    // entered more than once from their events.
    const entries = months
      ? sql`(select coalesce(sum(em.cases), 0) from ${caseFactEntryMonths} em where ${inMonths(sql`em.month`)})
          + (select count(*) from ${caseFacts} f where f.fast_entered_at is not null and not f.fast_reentered and ${edges(sql`f.fast_entered_at`)})
          + (select count(*) from ${caseFacts} f where f.fast_reentered and f.fast_entered_at < ${t}::timestamptz and exists (
              select 1 from ${caseEvents} e where e.case_id = f.case_id and ${fastEntry(sql`e`)}
                and e.created_at >= ${f}::timestamptz and e.created_at < ${t}::timestamptz))`
      : sql`(select count(*) from ${fastlaneEntries(from, to)} fe)`;
    const [r] = rowsOf(
      await this.deps.db.db.execute(sql`
        select
          (select coalesce(sum(m.revenue), 0) from ${fastlaneMoneyMonths} m where ${inMonths(sql`m.month`)} and m.currency = ${cur})
            + (select coalesce(sum(o.amount), 0) from ${fastlaneOrders} o where ${edges(sql`o.paid_at`)} and o.currency = ${cur}) as revenue,
          (select coalesce(sum(m.refunds), 0) from ${fastlaneMoneyMonths} m where ${inMonths(sql`m.month`)} and m.currency = ${cur})
            + (select coalesce(sum(r.amount), 0) from ${fastlaneRefunds} r join ${fastlaneOrders} o on o.id = r.order_id
                where r.status = 'succeeded' and ${edges(sql`r.decided_at`)} and o.currency = ${cur}) as refunds,
          (select coalesce(sum(m.n), 0) from ${analyticsEventMonths} m where m.type in (${deflectionTypes}) and ${inMonths(sql`m.month`)})
            + (select count(*) from ${analyticsEvents} e where e.type in (${deflectionTypes}) and ${edges(sql`e.created_at`)}) as deflections,
          (select coalesce(sum(m.widget), 0) from ${caseFactMonths} m where ${inMonths(sql`m.month`)})
            + (select count(*) from ${caseFacts} f where f.widget and ${edges(sql`f.created_at`)}) as widget,
          ${entries} as fastlane_cases`),
    );
    return { revenue: int(r!.revenue), refunds: int(r!.refunds), deflections: int(r!.deflections), widget: int(r!.widget), fastlane_cases: int(r!.fastlane_cases) };
  }

  /** Finished staff time on fast-lane cases started in [from, to), and its cost at each entry's own hourly cost (its person's when it was logged). */
  async #fastTime(from: Date, to: Date): Promise<{ cost: number; time_s: number; unpriced_s: number }> {
    const months = this.deps.rollups === false ? null : wholeMonths(from, to);
    const [r] = rowsOf(
      await this.deps.db.db.execute(sql`
        with t as (
          select tm.seconds, tm.cost, tm.unpriced_seconds as unpriced from ${caseFactTimeMonths} tm
          where tm.lane = 'fast' and ${monthsCond(sql`tm.month`, months)}
          union all
          select e.s, e.s * coalesce(e.hourly_cost, 0) / 3600.0, case when e.hourly_cost is null then e.s else 0 end
          from (
            select extract(epoch from (te.ended_at - te.started_at))::float8 as s, te.hourly_cost from ${timeEntries} te
            join ${caseFacts} c on c.case_id = te.case_id
            where c.lane = 'fast' and te.ended_at is not null and ${edgesCond(sql`te.started_at`, from, to, months)}
          ) e
        )
        select
          coalesce(round(sum(t.cost)), 0) as cost,
          coalesce(round(sum(t.seconds)), 0) as time_s,
          coalesce(round(sum(t.unpriced)), 0) as unpriced_s
        from t`),
    );
    return { cost: int(r!.cost), time_s: int(r!.time_s), unpriced_s: int(r!.unpriced_s) };
  }

  /**
   * Survey answers given in [from, to): whole UTC months from `survey_months` (lane filter only),
   * the rest, and any category or agent filter, from the answers themselves.
   */
  async #surveyStats(from: Date, to: Date, filter: Filter): Promise<Record<'csat' | 'ces' | 'nps' | 'fastlane_worth', QuestionSums>> {
    const { lane, category, agentId } = filter;
    const months = category || agentId || this.deps.rollups === false ? null : wholeMonths(from, to);
    const answerCond = sql`${lane ? sql`and a.lane = ${lane}` : sql``} ${category ? sql`and a.category = ${category}` : sql``} ${agentId ? sql`and a.agent_id = ${agentId}` : sql``}`;
    const rows = rowsOf(
      await this.deps.db.db.execute(sql`
        select question, sum(n) as n, sum(score_sum) as score_sum, sum(ok) as ok, sum(promoters) as promoters, sum(detractors) as detractors from (
          select a.question, count(*) as n, sum(a.score) as score_sum,
            count(*) filter (where (a.question = 'csat' and a.score >= 4) or (a.question = 'fastlane_worth' and a.score = 1)) as ok,
            count(*) filter (where a.question = 'nps' and a.score >= 9) as promoters,
            count(*) filter (where a.question = 'nps' and a.score <= 6) as detractors
          from ${surveyAnswers} a where ${edgesCond(sql`a.answered_at`, from, to, months)} ${answerCond}
          group by a.question
          union all
          select m.question, m.n, m.score_sum, m.ok, m.promoters, m.detractors from ${surveyMonths} m
          where ${monthsCond(sql`m.month`, months)} ${lane ? sql`and m.lane = ${lane}` : sql``}
        ) x group by question`),
    );
    const of = (q: string): QuestionSums => {
      const r = rows.find((x) => x.question === q);
      return { n: int(r?.n), score_sum: int(r?.score_sum), ok: int(r?.ok), promoters: int(r?.promoters), detractors: int(r?.detractors) };
    };
    return { csat: of('csat'), ces: of('ces'), nps: of('nps'), fastlane_worth: of('fastlane_worth') };
  }
}
