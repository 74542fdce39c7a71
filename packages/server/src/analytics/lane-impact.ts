// The standard lane's impact (issue 15, item 4): its first response (median, business time), SLA
// attainment and CSAT in a period against a baseline (before the fast lane's first use, or one
// chosen), with the differences and their bootstrap intervals. The figures are SQL's; only the
// bootstrap runs in Node, over the per-case first-response seconds fetched as one compact array
// and the counts behind the shares.
import { sql } from 'drizzle-orm';
import { PROBLEM_TYPES, type LaneImpact, type LaneImpactFigure, type SlaConfig } from '@ayuda/core';
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import { AppError } from '../http/problem.js';
import { cases, fastlaneOrders, surveyAnswers } from '../db/schema.js';
import type { BusinessSpans } from './business-spans.js';
import { caseSecondsBetween, resolvePeriod, slaMeasured, slaMet, toMs } from './summary.js';
import { bootstrapDifference, type Sample } from './bootstrap.js';

export const LANE_IMPACT_DEFAULTS = {
  /** Resamples per interval. */
  resamples: 1000,
  /** The generator's seed: the same data always gives the same interval. */
  seed: 15,
  /** Values (or draws) resampled per side at most. */
  maxValues: 4000,
} as const;

type Row = Record<string, unknown>;
const rowsOf = (r: unknown): Row[] => (r as { rows?: Row[] }).rows ?? (r as Row[]);

interface Side {
  p50: number | null;
  firstValues: number[];
  measured: number;
  met: number;
  csatN: number;
  csatOk: number;
}

export class LaneImpactService {
  constructor(private readonly deps: { db: Database; clock: Clock; sla: () => SlaConfig; spans: BusinessSpans }) {}

  async impact(q: { from?: string | undefined; to?: string | undefined; baselineFrom?: string | undefined; baselineTo?: string | undefined }): Promise<LaneImpact> {
    const now = this.deps.clock.now();
    const { from, to } = resolvePeriod(q, now);
    const started = await this.#fastlaneStartedAt();
    let baseFrom: Date;
    let baseTo: Date;
    if (q.baselineFrom && q.baselineTo) {
      baseFrom = new Date(q.baselineFrom);
      baseTo = new Date(q.baselineTo);
    } else {
      if (!started) throw new AppError(409, PROBLEM_TYPES.conflict, 'No baseline', 'The fast lane has not been used yet, so there is no "before": choose a baseline period with baselineFrom and baselineTo.');
      baseTo = started;
      baseFrom = new Date(started.getTime() - (to.getTime() - from.getTime()));
    }
    await this.deps.spans.ensure(new Date(Math.min(from.getTime(), baseFrom.getTime())), new Date(Math.max(now.getTime(), to.getTime(), baseTo.getTime())));
    const [base, period] = await Promise.all([this.#side(baseFrom, baseTo, now), this.#side(from, to, now)]);
    const opts = { resamples: LANE_IMPACT_DEFAULTS.resamples, seed: LANE_IMPACT_DEFAULTS.seed, maxDraws: LANE_IMPACT_DEFAULTS.maxValues };
    // Seconds are rounded to the millisecond, shares left as they are.
    const figure = (b: number | null, p: number | null, sb: Sample, sp: Sample, bn: number, pn: number, round = (v: number) => v): LaneImpactFigure => {
      const ci = bootstrapDifference(sb, sp, opts);
      return { baseline: b, period: p, difference: b === null || p === null ? null : round(p - b), ci95: ci && [round(ci[0]), round(ci[1])], baselineN: bn, periodN: pn };
    };
    const share = (k: number, n: number) => (n > 0 ? k / n : null);
    return {
      lane: 'standard',
      fastlaneStartedAt: started?.toISOString() ?? null,
      baseline: { from: baseFrom.toISOString(), to: baseTo.toISOString(), source: q.baselineFrom ? 'chosen' : 'fastlane_start' },
      period: { from: from.toISOString(), to: to.toISOString() },
      timeZone: this.deps.sla().hours.timeZone,
      first_response_p50_s: figure(base.p50, period.p50, { kind: 'values', values: base.firstValues }, { kind: 'values', values: period.firstValues }, base.firstValues.length, period.firstValues.length, (v) => toMs(v)!),
      sla_attainment: figure(share(base.met, base.measured), share(period.met, period.measured), { kind: 'share', n: base.measured, k: base.met }, { kind: 'share', n: period.measured, k: period.met }, base.measured, period.measured),
      csat: figure(share(base.csatOk, base.csatN), share(period.csatOk, period.csatN), { kind: 'share', n: base.csatN, k: base.csatOk }, { kind: 'share', n: period.csatN, k: period.csatOk }, base.csatN, period.csatN),
      bootstrap: { resamples: LANE_IMPACT_DEFAULTS.resamples, seed: LANE_IMPACT_DEFAULTS.seed, maxValues: LANE_IMPACT_DEFAULTS.maxValues },
    };
  }

  /** The fast lane's first use: the first case in it (created there or moved) or the first payment, whichever came first. */
  async #fastlaneStartedAt(): Promise<Date | null> {
    const [row] = rowsOf(
      await this.deps.db.db.execute(sql`select least(
        (select min(coalesce(c.lane_changed_at, c.created_at)) from ${cases} c where c.lane = 'fast'),
        (select min(o.paid_at) from ${fastlaneOrders} o)
      ) as started`),
    );
    return row?.started ? new Date(row.started as string | Date) : null;
  }

  async #side(from: Date, to: Date, now: Date): Promise<Side> {
    const db = this.deps.db.db;
    const f = from.toISOString();
    const t = to.toISOString();
    const policy = this.deps.sla().policy;
    const [cs] = rowsOf(
      await db.execute(sql`
        with c as (
          select id, lane, created_at, first_responded_at, solved_at, closed_at, first_response_due, resolution_due
          from ${cases} c
          where c.lane = 'standard' and c.created_at >= ${f}::timestamptz and c.created_at < ${t}::timestamptz
        ), d as (
          select c.*, case when c.first_responded_at is not null then ${caseSecondsBetween(policy, sql`c.created_at`, sql`c.first_responded_at`)} end as first_s from c
        )
        select
          percentile_cont(0.5) within group (order by first_s) as p50,
          coalesce(array_agg(first_s order by id) filter (where first_s is not null), '{}') as first_values,
          count(*) filter (where ${slaMeasured(now)}) as measured,
          count(*) filter (where ${slaMeasured(now)} and ${slaMet(now)}) as met
        from d`),
    );
    const [ss] = rowsOf(
      await db.execute(sql`
        select count(*) as n, count(*) filter (where score >= 4) as ok from ${surveyAnswers} a
        where a.question = 'csat' and a.lane = 'standard' and a.answered_at >= ${f}::timestamptz and a.answered_at < ${t}::timestamptz`),
    );
    return {
      p50: cs!.p50 === null || cs!.p50 === undefined ? null : toMs(Number(cs!.p50)),
      firstValues: parseFloatArray(cs!.first_values),
      measured: Number(cs!.measured ?? 0),
      met: Number(cs!.met ?? 0),
      csatN: Number(ss!.n ?? 0),
      csatOk: Number(ss!.ok ?? 0),
    };
  }
}

/** A float8[] as the driver gives it: an array already, or PostgreSQL's text form `{1,2.5}`. */
function parseFloatArray(v: unknown): number[] {
  if (Array.isArray(v)) return v.map(Number);
  if (typeof v === 'string') {
    const inner = v.replace(/^\{|\}$/g, '');
    return inner ? inner.split(',').map(Number) : [];
  }
  return [];
}
