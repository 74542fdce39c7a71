// The fast lane's account on the analytics screen, from GET /staff/analytics/fastlane: revenue
// per month and plan, revenue against cost per month, refunds by reason, and cost by person.
// Each chart has its table and each table its CSV, as everywhere on the screen.
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { AyudaApiError, type FastlaneAccount, type Locale } from '@ayuda/client/staff';
import { addDaysToDate, startOfLocalDate } from '@ayuda/core/periods';
import { api } from '../internal/api.js';
import { money } from '../internal/format.js';
import { fromMinorUnits } from '../internal/money.js';
import type { Catalogue } from '../i18n/types.js';
import type { AnalyticsStrings } from './i18n.js';
import { duration, localMonth, type Fmt } from './format.js';
import { renderTable, type Period, type TableDef } from './table.js';
import type { ChartColour, ChartSeries } from './chart.js';

/** Loads the account for the screen's period; `unavailable` on a server from before the endpoint (404). */
export class FastlaneAccountController implements ReactiveController {
  account: FastlaneAccount | null = null;
  state: 'idle' | 'loading' | 'ready' | 'unavailable' | 'failed' = 'idle';
  /** The last load was refused with 429 (Retry-After's seconds, null if none). */
  rateLimited: { seconds: number | null } | null = null;
  /** The language the plans' names were last asked in. */
  locale: Locale | null = null;
  /** The newest load: an older answer arriving after it is dropped. */
  #seq = 0;
  readonly #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {}

  load(q: { from: string; to: string; locale: Locale }, signal: AbortSignal): void {
    this.locale = q.locale;
    const seq = ++this.#seq;
    this.state = 'loading';
    this.rateLimited = null;
    this.#host.requestUpdate();
    api()
      .staffAnalyticsFastlane(q, { signal })
      .then(
        (a) => {
          if (signal.aborted || seq !== this.#seq) return;
          this.account = a;
          this.state = 'ready';
          this.#host.requestUpdate();
        },
        (err: unknown) => {
          if (signal.aborted || seq !== this.#seq) return;
          // Too many requests: the account shown stays, with when to try again.
          if (err instanceof AyudaApiError && err.status === 429) {
            this.rateLimited = { seconds: err.retryAfterS };
            this.state = this.account ? 'ready' : 'failed';
            return void this.#host.requestUpdate();
          }
          this.account = null;
          this.state = err instanceof AyudaApiError && err.status === 404 ? 'unavailable' : 'failed';
          this.#host.requestUpdate();
        },
      );
  }
}

interface Ctx {
  t: AnalyticsStrings;
  cat: Catalogue;
  f: Fmt;
  period: Period;
  timeZone: string;
}

const COLOURS: ReadonlyArray<[ChartColour, ChartSeries['stroke']]> = [
  ['primary', 'solid'],
  ['fast', 'dashed'],
  ['ok', 'dotted'],
  ['danger', 'solid'],
  ['primary', 'dashed'],
  ['fast', 'dotted'],
];

export function renderFastlaneAccount(c: FastlaneAccountController, ctx: Ctx): TemplateResult | typeof nothing {
  const { t } = ctx;
  if (c.state === 'unavailable') return html`<p class="muted" data-account="unavailable">${t.accountPending}</p>`;
  const limited = c.rateLimited ? html`<p class="error" role="alert" data-account="rate-limited">${t.rateLimited(c.rateLimited.seconds)}</p>` : nothing;
  if (c.state === 'failed') return c.rateLimited ? limited : html`<p class="error" data-account="failed">${t.loadFailed(ctx.cat.refusals.unavailable)}</p>`;
  if (c.state !== 'ready' || !c.account) return c.state === 'loading' ? html`<p class="muted">${t.loading}</p>` : nothing;
  const a = c.account;
  return html`${limited} ${byPlanChart(a, ctx)} ${revenueVsCostChart(a, ctx)} ${renderTable(byPlanTable(a, ctx), t, ctx.period)} ${renderTable(refundsTable(a, ctx), t, ctx.period)} ${renderTable(agentsTable(a, ctx), t, ctx.period)}`;
}

/** `YYYY-MM`'s first day of the next month, `YYYY-MM-DD`. */
function nextMonthDay(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

/**
 * A month the period covers only in part (it starts or ends inside it: a 30-day view's months),
 * or one not over yet: its figures cover part of it.
 */
function partialMonth(ctx: Ctx, month: string): boolean {
  const next = nextMonthDay(month);
  const end = startOfLocalDate(next, ctx.timeZone)?.getTime() ?? Date.parse(`${next}T00:00:00Z`);
  return ctx.period.from > `${month}-01` || ctx.period.to < addDaysToDate(next, -1) || end > Date.now();
}

/** A month's name in a table, said to be incomplete when it is. */
function monthLabel(ctx: Ctx, month: string): string {
  const shown = localMonth(ctx.f, month);
  return partialMonth(ctx, month) ? ctx.t.partialRow(shown) : shown;
}

function monthsOf(a: FastlaneAccount): string[] {
  return [...new Set([...a.months.map((m) => m.month), ...a.costByMonth.map((m) => m.month)])].sort();
}

/** A series with `chart: false` is a column of the table (and its CSV) only. */
type AccountSeries = ChartSeries & { csv: Array<string | null>; chart?: false };

function chart(ctx: Ctx, o: { name: string; heading: string; months: string[]; series: AccountSeries[]; currency: string }): TemplateResult {
  const { t, cat, f } = ctx;
  const fmt = (v: number | null) => (v === null ? t.noData : money(cat, v, o.currency));
  const table: TableDef = {
    name: o.name,
    caption: o.heading,
    columns: [{ label: t.month }, ...o.series.map((s) => ({ label: s.label, numeric: true }))],
    rows: o.months.map((m, i) => [monthLabel(ctx, m), ...o.series.map((s) => fmt(s.values[i] ?? null))]),
    csvHeader: [t.month, ...o.series.map((s) => `${s.label} (${o.currency.toUpperCase()})`)],
    csvRows: o.months.map((m, i) => [m, ...o.series.map((s) => s.csv[i] ?? null)]),
  };
  const x = o.months.map((m) => (startOfLocalDate(`${m}-01`, ctx.timeZone)?.getTime() ?? Date.parse(`${m}-01T00:00:00Z`)) / 1000);
  return html`<ayuda-chart data-name=${o.name} .heading=${o.heading} .x=${x} .series=${o.series.filter((s) => s.chart !== false)} .format=${(v: number) => fmt(v)} .kind=${'money'} .timeZone=${ctx.timeZone} .monthly=${true} .partial=${o.months.map((m) => partialMonth(ctx, m))} .table=${table} .period=${ctx.period}></ayuda-chart>`;
}

function byPlanChart(a: FastlaneAccount, ctx: Ctx): TemplateResult {
  const months = monthsOf(a);
  const plans = [...new Map(a.months.map((m) => [m.plan, m.plan_name])).entries()];
  const series = plans.map(([plan, name], i) => {
    const values = months.map((month) => a.months.filter((m) => m.month === month && m.plan === plan).reduce((n, m) => n + m.revenue_minor, 0));
    const [colour, stroke] = COLOURS[i % COLOURS.length]!;
    // A plan's name is the customer's ("This request" for one case): the legend says its kind too.
    const kind = a.months.find((m) => m.plan === plan)?.kind === 'incident' ? ctx.t.kinds.incident : ctx.t.kinds.subscription;
    return { label: ctx.t.planLegend(name, kind), values, csv: values.map((v) => fromMinorUnits(v, a.currency)), colour, stroke };
  });
  return chart(ctx, { name: 'fastlane-revenue-by-plan', heading: ctx.t.revenueByPlan, months, series, currency: a.currency });
}

function revenueVsCostChart(a: FastlaneAccount, ctx: Ctx): TemplateResult {
  const { t } = ctx;
  const months = monthsOf(a);
  const net = months.map((month) => a.months.filter((m) => m.month === month).reduce((n, m) => n + m.net_revenue_minor, 0));
  const costOf = (month: string) => a.costByMonth.find((m) => m.month === month);
  const timeCost = months.map((month) => costOf(month)?.time_cost_minor ?? 0);
  const overhead = months.map((month) => costOf(month)?.overhead_minor ?? 0);
  const cost = months.map((month) => costOf(month)?.cost_minor ?? 0);
  const margin = net.map((n, i) => n - cost[i]!);
  const line = (label: string, values: number[], colour: ChartColour, stroke: ChartSeries['stroke'], chart?: false): AccountSeries => ({ label, values, csv: values.map((v) => fromMinorUnits(v, a.currency)), colour, stroke, ...(chart === false ? { chart } : {}) });
  // The table breaks cost down (time + fixed cost per case = cost); the chart draws the total.
  return chart(ctx, {
    name: 'fastlane-revenue-vs-cost',
    heading: t.costVsRevenue,
    months,
    series: [line(t.netRevenue, net, 'ok', 'solid'), line(t.timeCost, timeCost, 'danger', 'dotted', false), line(t.overhead, overhead, 'danger', 'dotted', false), line(t.cost, cost, 'danger', 'dashed'), line(t.margin, margin, 'primary', 'dotted')],
    currency: a.currency,
  });
}

function byPlanTable(a: FastlaneAccount, ctx: Ctx): TableDef {
  const { t, cat, f } = ctx;
  const m = (n: number) => money(cat, n, a.currency);
  const d = (n: number) => fromMinorUnits(n, a.currency);
  return {
    name: 'fastlane-months',
    caption: `${t.revenueByPlan} (${a.currency.toUpperCase()})`,
    columns: [{ label: t.month }, { label: t.plan }, { label: t.kind }, { label: t.payments, numeric: true }, { label: t.revenue, numeric: true }, { label: t.refunds, numeric: true }, { label: t.netRevenue, numeric: true }],
    rows: a.months.map((r) => [monthLabel(ctx, r.month), r.plan_name, t.kinds[r.kind] ?? r.kind, String(r.payments), m(r.revenue_minor), m(r.refunds_minor), m(r.net_revenue_minor)]),
    csvHeader: [t.month, t.plan, 'plan', t.kind, t.payments, ...[t.revenue, t.refunds, t.netRevenue].map((h) => `${h} (${a.currency.toUpperCase()})`)],
    csvRows: a.months.map((r) => [r.month, r.plan_name, r.plan, r.kind, r.payments, d(r.revenue_minor), d(r.refunds_minor), d(r.net_revenue_minor)]),
  };
}

function refundsTable(a: FastlaneAccount, ctx: Ctx): TableDef {
  const { t, cat } = ctx;
  return {
    name: 'fastlane-refunds-by-reason',
    caption: t.refundsByReason,
    columns: [{ label: t.reason }, { label: t.automatic }, { label: t.count, numeric: true }, { label: t.amount, numeric: true }],
    rows: a.refundsByReason.map((r) => [t.reasons[r.reason_code] ?? r.reason_code, r.automatic ? t.yes : t.no, String(r.count), money(cat, r.amount_minor, a.currency)]),
    csvHeader: [t.reason, 'reason_code', t.automatic, t.count, `${t.amount} (${a.currency.toUpperCase()})`],
    csvRows: a.refundsByReason.map((r) => [t.reasons[r.reason_code] ?? r.reason_code, r.reason_code, r.automatic ? t.yes : t.no, r.count, fromMinorUnits(r.amount_minor, a.currency)]),
  };
}

function agentsTable(a: FastlaneAccount, ctx: Ctx): TableDef {
  const { t, cat, f } = ctx;
  return {
    name: 'fastlane-cost-by-person',
    caption: t.costByAgent,
    columns: [{ label: t.agent }, { label: t.staffTime, numeric: true }, { label: t.hourlyCost, numeric: true }, { label: t.cost, numeric: true }],
    rows: a.byAgent.map((r) => [r.name, duration(f, r.time_s), r.hourly_cost_minor === null ? t.notSet : money(cat, r.hourly_cost_minor, a.currency), money(cat, r.cost_minor, a.currency)]),
    csvHeader: [t.agent, `${t.staffTime} (s)`, `${t.hourlyCost} (${a.currency.toUpperCase()})`, `${t.cost} (${a.currency.toUpperCase()})`],
    csvRows: a.byAgent.map((r) => [r.name, r.time_s, r.hourly_cost_minor === null ? null : fromMinorUnits(r.hourly_cost_minor, a.currency), fromMinorUnits(r.cost_minor, a.currency)]),
  };
}
