// The fast lane's account (issue 15): revenue (payments, renewals included, minus refunds) by
// month in the company's zone, plan and kind; cost (staff time × the hourly cost each entry was logged at, plus
// the per-case overhead) and margin; refunds by reason; staff time by person. Every figure is an
// aggregate computed in SQL; Node only names the plans. Definitions: docs/analytics.md.
import { sql, type SQL } from 'drizzle-orm';
import type { FastlaneAccount, Locale, RefundReasonCode, SlaConfig } from '@ayuda/core';
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import { cases, fastlaneOrders, fastlaneRefunds, staffUsers, timeEntries } from '../db/schema.js';
import type { FastlaneConfig } from '../fastlane/config.js';
import { resolvePeriod } from './summary.js';
import { fastlaneEntries } from './fastlane-entries.js';

type Row = Record<string, unknown>;
const rowsOf = (r: unknown): Row[] => (r as { rows?: Row[] }).rows ?? (r as Row[]);
const int = (v: unknown): number => Number(v ?? 0);

/** Seconds of a finished time entry `te`. */
const entrySeconds = sql`extract(epoch from (te.ended_at - te.started_at))`;

export class FastlaneAccountService {
  constructor(private readonly deps: { db: Database; clock: Clock; sla: () => SlaConfig; fastlane: FastlaneConfig; defaultLocale: Locale }) {}

  async account(q: { from?: string | undefined; to?: string | undefined; locale?: Locale | undefined }): Promise<FastlaneAccount> {
    const { from, to } = resolvePeriod(q, this.deps.clock.now());
    const db = this.deps.db.db;
    const f = from.toISOString();
    const t = to.toISOString();
    const cur = this.deps.fastlane.currency;
    const tz = this.deps.sla().hours.timeZone;
    const overheadPerCase = this.deps.fastlane.caseOverheadMinor ?? 0;
    const month = (col: SQL) => sql`to_char(${col} at time zone ${tz}, 'YYYY-MM')`;
    const paidIn = sql`o.paid_at >= ${f}::timestamptz and o.paid_at < ${t}::timestamptz and o.currency = ${cur}`;
    const refundedIn = sql`r.status = 'succeeded' and r.decided_at >= ${f}::timestamptz and r.decided_at < ${t}::timestamptz and o.currency = ${cur}`;
    // The staff time the summary counts: finished entries started in the period on cases in the fast lane.
    const fastTime = sql`
      from ${timeEntries} te
      join ${cases} c on c.id = te.case_id
      join ${staffUsers} u on u.id = te.user_id
      where c.lane = 'fast' and te.ended_at is not null and te.started_at >= ${f}::timestamptz and te.started_at < ${t}::timestamptz`;
    // Each entry at its own hourly cost: its person's when it was logged (time_entries.hourly_cost).
    const timeCost = sql`coalesce(round(sum(${entrySeconds} * coalesce(te.hourly_cost, 0) / 3600)), 0)`;
    const timeS = sql`coalesce(round(sum(${entrySeconds})), 0)`;

    const totals = db.execute(sql`
      select
        (select count(*) from ${fastlaneOrders} o where ${paidIn}) as payments,
        (select coalesce(sum(o.amount), 0) from ${fastlaneOrders} o where ${paidIn}) as revenue,
        (select coalesce(sum(r.amount), 0) from ${fastlaneRefunds} r join ${fastlaneOrders} o on o.id = r.order_id where ${refundedIn}) as refunds,
        (select count(*) from ${fastlaneEntries(from, to)} fe) as fastlane_cases,
        x.time_cost, x.time_s, x.unpriced_s
      from (
        select ${timeCost} as time_cost, ${timeS} as time_s,
          coalesce(round(sum(${entrySeconds}) filter (where te.hourly_cost is null)), 0) as unpriced_s
        ${fastTime}
      ) x`);

    const months = db.execute(sql`
      with pay as (
        select ${month(sql`o.paid_at`)} as month, o.plan_key as plan, o.kind, count(*) as payments, sum(o.amount) as revenue
        from ${fastlaneOrders} o where ${paidIn}
        group by 1, 2, 3
      ), ref as (
        select ${month(sql`r.decided_at`)} as month, o.plan_key as plan, o.kind, sum(r.amount) as refunds
        from ${fastlaneRefunds} r join ${fastlaneOrders} o on o.id = r.order_id where ${refundedIn}
        group by 1, 2, 3
      )
      select coalesce(p.month, r.month) as month, coalesce(p.plan, r.plan) as plan, coalesce(p.kind, r.kind) as kind,
        coalesce(p.payments, 0) as payments, coalesce(p.revenue, 0) as revenue, coalesce(r.refunds, 0) as refunds
      from pay p full join ref r on r.month = p.month and r.plan = p.plan and r.kind = p.kind
      order by 1, 2, 3`);

    const costs = db.execute(sql`
      with tm as (
        select ${month(sql`te.started_at`)} as month, ${timeCost} as time_cost, ${timeS} as time_s
        ${fastTime}
        group by 1
      ), cs as (
        select ${month(sql`fe.entered_at`)} as month, count(*) as fastlane_cases
        from ${fastlaneEntries(from, to)} fe
        group by 1
      )
      select coalesce(tm.month, cs.month) as month, coalesce(tm.time_cost, 0) as time_cost, coalesce(tm.time_s, 0) as time_s, coalesce(cs.fastlane_cases, 0) as fastlane_cases
      from tm full join cs on cs.month = tm.month
      order by 1`);

    const reasons = db.execute(sql`
      select r.reason_code, r.requested_by = 'system' as automatic, count(*) as n, sum(r.amount) as amount
      from ${fastlaneRefunds} r join ${fastlaneOrders} o on o.id = r.order_id
      where ${refundedIn}
      group by 1, 2
      order by 4 desc, 1, 2`);

    const agents = db.execute(sql`
      select u.id, u.name, u.hourly_cost, ${timeS} as time_s, ${timeCost} as time_cost
      ${fastTime}
      group by u.id, u.name, u.hourly_cost
      order by 4 desc, u.id`);

    const [[tot], monthRows, costRows, reasonRows, agentRows] = (await Promise.all([totals, months, costs, reasons, agents])).map(rowsOf) as [Row[], Row[], Row[], Row[], Row[]];
    const revenue = int(tot!.revenue);
    const refunds = int(tot!.refunds);
    const timeCostTotal = int(tot!.time_cost);
    const fastlaneCases = int(tot!.fastlane_cases);
    const overhead = fastlaneCases * overheadPerCase;
    const planName = (key: string) => this.deps.fastlane.plans.find((p) => p.key === key)?.name[q.locale ?? this.deps.defaultLocale] ?? key;
    return {
      from: f,
      to: t,
      timeZone: tz,
      currency: cur,
      totals: {
        revenue_minor: revenue,
        refunds_minor: refunds,
        net_revenue_minor: revenue - refunds,
        time_cost_minor: timeCostTotal,
        overhead_minor: overhead,
        cost_minor: timeCostTotal + overhead,
        margin_minor: revenue - refunds - timeCostTotal - overhead,
        time_s: int(tot!.time_s),
        unpriced_time_s: int(tot!.unpriced_s),
        fastlane_cases: fastlaneCases,
        payments: int(tot!.payments),
      },
      months: monthRows.map((r) => ({
        month: String(r.month),
        plan: String(r.plan),
        plan_name: planName(String(r.plan)),
        kind: r.kind as 'incident' | 'subscription' | 'renewal',
        payments: int(r.payments),
        revenue_minor: int(r.revenue),
        refunds_minor: int(r.refunds),
        net_revenue_minor: int(r.revenue) - int(r.refunds),
      })),
      costByMonth: costRows.map((r) => {
        const o = int(r.fastlane_cases) * overheadPerCase;
        return { month: String(r.month), time_cost_minor: int(r.time_cost), overhead_minor: o, cost_minor: int(r.time_cost) + o, time_s: int(r.time_s), fastlane_cases: int(r.fastlane_cases) };
      }),
      refundsByReason: reasonRows.map((r) => ({ reason_code: r.reason_code as RefundReasonCode, automatic: r.automatic === true || r.automatic === 't', count: int(r.n), amount_minor: int(r.amount) })),
      byAgent: agentRows.map((r) => ({ agentId: int(r.id), name: String(r.name), time_s: int(r.time_s), cost_minor: int(r.time_cost), hourly_cost_minor: r.hourly_cost === null || r.hourly_cost === undefined ? null : int(r.hourly_cost) })),
    };
  }
}
