// <ayuda-analytics>: the admins' analytics screen (issue 15, item 5), Admin → Analytics. A period
// (dates in the company's time zone, presets of 30 and 90 days), a lane and an interval, all in
// the address (#/admin/analytics?from=…&to=…&lane=…&interval=…) so a view can be shared or
// reloaded; each lane's key figures beside the previous period's; charts over time from
// /staff/analytics/series; whether the standard lane got worse since the fast lane began; and the
// fast lane's account. Every chart has its table, every table its CSV. Its own chunk with uPlot,
// loaded only when an admin opens the screen.
import { css, html, LitElement, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { AyudaApiError, type AnalyticsFigures, type AnalyticsSeries, type AnalyticsSeriesPoint, type AnalyticsSummary, type LaneImpact, type LaneImpactFigure, type SeriesInterval } from '@ayuda/client/staff';
import { addDaysToDate, isPartialBucket, localDate, PERIOD_MAX_DAYS, startOfLocalDate, withinMaxPeriod } from '@ayuda/core/periods';
import { sharedStyles } from '../styles/shared.styles.js';
import { cardStyles } from '../styles/screen.styles.js';
import { api } from '../internal/api.js';
import { LocalizeController } from '../internal/localize.js';
import { refusalReason } from '../internal/optimistic.js';
import { money } from '../internal/format.js';
import { DEFAULT_CURRENCY, fromMinorUnits } from '../internal/money.js';
import { navigate } from '../internal/router.js';
import type { Catalogue } from '../i18n/types.js';
import { strings, type AnalyticsStrings, type MetricKey } from './i18n.js';
import { change, duration, localDay, localMonth, METRICS, metricValue, number, percent, type Fmt } from './format.js';
import { renderTable, tableStyles, type Period, type TableDef } from './table.js';
import type { ChartColour, ChartKind, ChartSeries } from './chart.js';
import { FastlaneAccountController, renderFastlaneAccount } from './fastlane-account.js';

type Lane = 'standard' | 'fast';
const LANES: readonly Lane[] = ['standard', 'fast'];
const INTERVALS: readonly SeriesInterval[] = ['day', 'week', 'month'];
const PRESETS = [30, 90] as const;
const DEFAULT_DAYS = 30;

/** What the address says: dates `YYYY-MM-DD` (inclusive, in the company's zone); null where it says nothing. */
export interface AnalyticsView {
  from: string | null;
  to: string | null;
  lane: Lane | null;
  interval: SeriesInterval | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A real day: `2026-13-45` matches DATE but is no date (and `toISOString` would throw on it). */
const isDate = (v: string | null): v is string => {
  if (!v || !DATE.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};

/** A date input's min or max: `days` from a date of the view, or no bound without one. */
function periodBound(date: string | null | undefined, days: number): string | typeof nothing {
  return date ? addDaysToDate(date, days) : nothing;
}

export function parseView(query: string): AnalyticsView {
  const p = new URLSearchParams(query);
  const lane = p.get('lane');
  const interval = p.get('interval');
  return {
    from: isDate(p.get('from')) ? p.get('from') : null,
    to: isDate(p.get('to')) ? p.get('to') : null,
    lane: lane === 'standard' || lane === 'fast' ? lane : null,
    interval: INTERVALS.includes(interval as SeriesInterval) ? (interval as SeriesInterval) : null,
  };
}

export function viewQuery(v: AnalyticsView): string {
  const p = new URLSearchParams();
  if (v.from) p.set('from', v.from);
  if (v.to) p.set('to', v.to);
  if (v.lane) p.set('lane', v.lane);
  if (v.interval) p.set('interval', v.interval);
  return p.toString();
}

interface Loaded {
  period: Period & { fromInstant: string; toInstant: string };
  timeZone: string;
  lanes: readonly Lane[];
  summaries: Partial<Record<Lane, AnalyticsSummary>>;
  series: AnalyticsSeries;
  /** null: no baseline (the fast lane never used). */
  impact: LaneImpact | null;
}

export class AyudaAnalytics extends LitElement {
  static override styles = [
    sharedStyles,
    cardStyles,
    tableStyles,
    css`
      :host {
        display: block;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 0.75rem;
        align-items: flex-end;
        margin-bottom: 0.5rem;
      }
      label {
        display: grid;
        gap: 0.2rem;
      }
      .presets {
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
      .charts {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 26rem), 1fr));
        gap: 1rem;
      }
      .impact p {
        margin: 0.35rem 0;
      }
      h2 {
        margin-top: 0;
      }
    `,
  ];
  static override properties: PropertyDeclarations = {
    query: { type: String },
    currency: { type: String },
    data: { state: true },
    error: { state: true },
    periodError: { state: true },
    loading: { state: true },
  };

  /** The address's text after `?` (see parseView). */
  declare query: string;
  /** The fast lane's currency (the session's), until a summary names it. */
  declare currency: string;
  declare data: Loaded | null;
  declare error: string;
  /** The period refused before asking (longer than the server allows), said at the From field. */
  declare periodError: string;
  declare loading: boolean;

  readonly #l = new LocalizeController(this);
  readonly #account = new FastlaneAccountController(this);
  #abort: AbortController | null = null;
  /** The company's zone (the SLA settings hold it), asked once each time the screen is opened: hours saved meanwhile count. */
  #companyZone: string | null = null;

  constructor() {
    super();
    this.query = '';
    this.currency = DEFAULT_CURRENCY;
    this.data = null;
    this.error = '';
    this.periodError = '';
    this.loading = false;
  }

  get #t(): AnalyticsStrings {
    return strings[this.#l.locale];
  }

  get #f(): Fmt {
    return { locale: this.#l.locale, t: this.#t };
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('query')) void this.#load();
    // The plans' names come in the console's language: asked again when it changes (a load of
    // the whole screen under way asks in the new language itself).
    else if (this.data && !this.loading && this.#abort && !this.#abort.signal.aborted && this.#account.locale && this.#account.locale !== this.#l.locale) {
      this.#account.load({ from: this.data.period.fromInstant, to: this.data.period.toInstant, locale: this.#l.locale }, this.#abort.signal);
    }
  }

  /** The company's zone; the browser's if the settings cannot be read. */
  async #zone(signal: AbortSignal): Promise<string> {
    if (this.#companyZone) return this.#companyZone;
    try {
      this.#companyZone = (await api().staffSettingsSection('sla', { signal })).value.hours.timeZone;
    } catch (err) {
      if (signal.aborted) throw err;
      return Intl.DateTimeFormat().resolvedOptions().timeZone;
    }
    return this.#companyZone;
  }

  async #load(): Promise<void> {
    this.#abort?.abort();
    const ac = new AbortController();
    this.#abort = ac;
    const { signal } = ac;
    this.error = '';
    this.periodError = '';
    this.loading = true;
    try {
      const tz = await this.#zone(signal);
      const v = parseView(this.query);
      const to = v.to ?? localDate(new Date(), tz);
      const from = v.from ?? addDaysToDate(to, -(DEFAULT_DAYS - 1));
      if (from > to) {
        this.error = this.#t.badRange;
        this.data = null;
        return;
      }
      const fromInstant = startOfLocalDate(from, tz)!.toISOString();
      const toInstant = startOfLocalDate(addDaysToDate(to, 1), tz)!.toISOString();
      // The server's own check (withinMaxPeriod between the instants: 1,096 local days pass even
      // across a change back to winter time), made here so a period too long, typed or in a
      // link, is said at the field rather than as a failed load.
      if (!withinMaxPeriod(fromInstant, toInstant)) {
        this.periodError = this.#t.tooLong;
        this.data = null;
        return;
      }
      const q = { from: fromInstant, to: toInstant };
      const lanes = v.lane ? [v.lane] : LANES;
      const [summaries, series, impact] = await Promise.all([
        Promise.all(lanes.map((lane) => api().staffAnalyticsSummary({ ...q, lane }, { signal }))),
        api().staffAnalyticsSeries({ ...q, ...(v.lane ? { lane: v.lane } : {}), ...(v.interval ? { interval: v.interval } : {}) }, { signal }),
        api()
          .staffAnalyticsLaneImpact(q, { signal })
          .catch((err: unknown) => {
            if (err instanceof AyudaApiError && err.status === 409) return null;
            throw err;
          }),
      ]);
      if (signal.aborted) return;
      this.data = { period: { from, to, fromInstant, toInstant }, timeZone: tz, lanes, summaries: Object.fromEntries(lanes.map((l, i) => [l, summaries[i]!])), series, impact };
      this.#account.load({ ...q, locale: this.#l.locale }, signal);
    } catch (err) {
      if (signal.aborted) return;
      // Too many requests: what is shown stays (its period is said under the form), with when to try again.
      if (err instanceof AyudaApiError && err.status === 429) return void (this.error = this.#t.rateLimited(err.retryAfterS));
      this.data = null;
      this.error = err instanceof AyudaApiError && err.status === 422 ? this.#t.tooManyBuckets : this.#t.loadFailed(refusalReason(this.#l.cat, err));
    } finally {
      if (this.#abort === ac) this.loading = false;
    }
  }

  /** Shows another view: in the address (to share or reload) and at once. */
  #apply(v: AnalyticsView): void {
    const query = viewQuery(v);
    if (query === this.query) return void this.#load();
    this.query = query;
    navigate({ name: 'admin', tab: 'analytics', query });
  }

  #submit(e: SubmitEvent): void {
    e.preventDefault();
    const d = new FormData(e.target as HTMLFormElement);
    const field = (k: string) => {
      const s = String(d.get(k) ?? '');
      return isDate(s) ? s : null;
    };
    const lane = d.get('lane');
    const interval = d.get('interval');
    this.#apply({
      from: field('from'),
      to: field('to'),
      lane: lane === 'standard' || lane === 'fast' ? lane : null,
      interval: INTERVALS.includes(interval as SeriesInterval) ? (interval as SeriesInterval) : null,
    });
  }

  #preset(days: number): void {
    const tz = this.data?.timeZone ?? this.#companyZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    const to = localDate(new Date(), tz);
    this.#apply({ ...parseView(this.query), from: addDaysToDate(to, -(days - 1)), to });
  }

  #change(e: Event): void {
    (e.target as HTMLSelectElement).form?.requestSubmit();
  }

  protected override render(): TemplateResult {
    const t = this.#t;
    const cat = this.#l.cat;
    const v = parseView(this.query);
    const d = this.data;
    return html`<h2>${t.heading}</h2>
      <p class="muted">${t.intro}</p>
      <form novalidate @submit=${(e: SubmitEvent) => this.#submit(e)} aria-label=${t.heading}>
        <label
          >${t.from}<input
            type="date"
            name="from"
            .value=${d?.period.from ?? v.from ?? ''}
            min=${periodBound(d?.period.to ?? v.to, -(PERIOD_MAX_DAYS - 1))}
            max=${d?.period.to ?? v.to ?? nothing}
            aria-invalid=${this.periodError ? 'true' : 'false'}
            aria-describedby=${this.periodError ? 'period-error' : nothing}
          /></label
        >${this.periodError ? html`<span class="error" id="period-error" role="alert">${this.periodError}</span>` : nothing}
        <label
          >${t.to}<input type="date" name="to" .value=${d?.period.to ?? v.to ?? ''} min=${d?.period.from ?? v.from ?? nothing} max=${periodBound(d?.period.from ?? v.from, PERIOD_MAX_DAYS - 1)} /></label
        >
        <label
          >${t.lane}
          <select name="lane" @change=${(e: Event) => this.#change(e)}>
            <option value="" ?selected=${!v.lane}>${t.allLanes}</option>
            ${LANES.map((l) => html`<option value=${l} ?selected=${v.lane === l}>${cat.lanes[l]}</option>`)}
          </select>
        </label>
        <label
          >${t.interval}
          <select name="interval" @change=${(e: Event) => this.#change(e)}>
            <option value="" ?selected=${!v.interval}>${t.intervals.auto}</option>
            ${INTERVALS.map((i) => html`<option value=${i} ?selected=${v.interval === i}>${t.intervals[i]}</option>`)}
          </select>
        </label>
        <button type="submit" class="primary">${t.show}</button>
        <span class="presets">${PRESETS.map((n) => html`<button type="button" @click=${() => this.#preset(n)}>${t.last(n)}</button>`)}</span>
      </form>
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      <p role="status" class="muted">${this.loading ? t.loading : d ? t.period(localDay(this.#f, d.period.from), localDay(this.#f, d.period.to), d.timeZone) : ''}</p>
      ${d ? this.#body(d, cat) : nothing}`;
  }

  #body(d: Loaded, cat: Catalogue): TemplateResult {
    const t = this.#t;
    const currency = d.series.currency || this.currency;
    return html`<section aria-labelledby="figures-h">
        <h2 id="figures-h">${t.figures}</h2>
        <p class="muted">${t.figuresIntro}</p>
        ${renderTable(this.#figuresTable(d, cat), t, d.period)}
      </section>
      ${d.lanes.includes('standard') ? this.#impact(d) : nothing}
      <section aria-labelledby="charts-h">
        <h2 id="charts-h">${t.chartsHeading}</h2>
        <div class="charts">${this.#charts(d, cat)}</div>
      </section>
      <section aria-labelledby="account-h">
        <h2 id="account-h">${t.account}</h2>
        <p class="muted">${t.accountIntro}</p>
        ${this.#moneyChart(d, cat, currency)} ${renderTable(this.#accountTable(d, cat, currency), t, d.period)}
        ${renderFastlaneAccount(this.#account, { t, cat, f: this.#f, period: d.period, timeZone: d.timeZone })}
      </section>`;
  }

  // ---- key figures ----

  #figuresTable(d: Loaded, cat: Catalogue): TableDef {
    const t = this.#t;
    const f = this.#f;
    const keys = Object.keys(METRICS) as MetricKey[];
    const cell = (key: MetricKey, fig: AnalyticsFigures) => {
      const value = metricValue(f, key, fig[key]);
      const answers = METRICS[key].answers;
      return answers && fig[key] !== null ? t.withAnswers(value, fig[answers]) : value;
    };
    return {
      name: 'key-figures',
      caption: t.figures,
      captionHidden: true,
      columns: [{ label: t.metric }, ...d.lanes.flatMap((l) => [`${cat.lanes[l]}: ${t.thisPeriod}`, `${cat.lanes[l]}: ${t.previous}`, `${cat.lanes[l]}: ${t.change}`].map((label) => ({ label, numeric: true })))],
      rows: keys.map((k) => [t.metrics[k], ...d.lanes.flatMap((l) => {
        const s = d.summaries[l]!;
        return [cell(k, s), cell(k, s.previous), change(f, k, s[k], s.previous[k])];
      })]),
      csvHeader: [t.metric, 'key', ...d.lanes.flatMap((l) => [`${cat.lanes[l]}: ${t.thisPeriod}`, `${cat.lanes[l]}: ${t.previous}`])],
      csvRows: keys.map((k) => [t.metrics[k], k, ...d.lanes.flatMap((l) => [d.summaries[l]![k], d.summaries[l]!.previous[k]])]),
    };
  }

  // ---- the standard lane's impact ----

  #impact(d: Loaded): TemplateResult {
    const t = this.#t;
    const f = this.#f;
    const i = d.impact;
    if (!i) return html`<section aria-labelledby="impact-h" class="impact"><h2 id="impact-h">${t.impact}</h2><p>${t.impactNoBaseline}</p></section>`;
    const dayOf = (iso: string) => localDay(f, localDate(new Date(iso), d.timeZone));
    // The baseline's last day is the day before its (exclusive) end.
    const lastDay = (iso: string) => localDay(f, localDate(new Date(Date.parse(iso) - 1), d.timeZone));
    const chance = (ci: [number, number]) => ci[0] < 0 && ci[1] > 0;
    const dir = (x: number) => (x > 0 ? 'up' : x < 0 ? 'down' : 'same') as 'up' | 'down' | 'same';

    const fr = i.first_response_p50_s;
    let frText = t.impactNone('first_response');
    if (fr.difference !== null) {
      const ci = fr.ci95;
      const interval = !ci ? '' : chance(ci) ? t.interval95(t.faster(duration(f, ci[0])), t.slower(duration(f, ci[1])), true) : t.interval95(duration(f, Math.min(Math.abs(ci[0]), Math.abs(ci[1]))), duration(f, Math.max(Math.abs(ci[0]), Math.abs(ci[1]))), false);
      frText = t.impactFirstResponse(duration(f, fr.difference), dir(Math.round(fr.difference)), interval);
    }
    const rate = (what: 'sla' | 'csat', x: LaneImpactFigure) => {
      if (x.difference === null) return t.impactNone(what);
      const pts = (n: number) => t.points(number(f, n * 100));
      const signed = (n: number) => t.points(new Intl.NumberFormat(f.locale === 'es' ? 'es-ES' : 'en-GB', { signDisplay: 'exceptZero', maximumFractionDigits: 1 }).format(n * 100));
      const interval = x.ci95 ? t.interval95(signed(x.ci95[0]), signed(x.ci95[1]), chance(x.ci95)) : '';
      return t.impactRate(what, pts(Math.abs(x.difference)), dir(x.difference), interval);
    };
    const rows: Array<[string, MetricKey, LaneImpactFigure, (n: number | null) => string]> = [
      [t.metrics.first_response_p50_s, 'first_response_p50_s', fr, (n) => duration(f, n)],
      [t.metrics.sla_attainment, 'sla_attainment', i.sla_attainment, (n) => percent(f, n)],
      [t.metrics.csat, 'csat', i.csat, (n) => percent(f, n)],
    ];
    // An end of the interval of a difference: a duration says faster or slower, a share its points with their sign.
    const ciEnd = (key: string, v: number) =>
      key === 'first_response_p50_s' ? (Math.round(v) === 0 ? duration(f, 0) : v < 0 ? t.faster(duration(f, v)) : t.slower(duration(f, v))) : t.points(new Intl.NumberFormat(f.locale === 'es' ? 'es-ES' : 'en-GB', { signDisplay: 'exceptZero', maximumFractionDigits: 1 }).format(v * 100));
    const diffText = (key: MetricKey, x: LaneImpactFigure) => (x.difference === null ? t.noData : change(f, key, x.period, x.baseline));
    const table: TableDef = {
      name: 'standard-lane-impact',
      caption: t.impact,
      captionHidden: true,
      columns: [{ label: t.metric }, { label: t.baseline, numeric: true }, { label: t.thisPeriod, numeric: true }, { label: t.difference, numeric: true }, { label: t.ci95, numeric: true }, { label: t.measuredOver, numeric: true }],
      rows: rows.map(([label, key, x, fmt]) => [label, fmt(x.baseline), fmt(x.period), diffText(key, x), x.ci95 ? `${ciEnd(key, x.ci95[0])} … ${ciEnd(key, x.ci95[1])}` : t.noData, `${x.baselineN} / ${x.periodN}`]),
      csvHeader: [t.metric, 'key', t.baseline, t.thisPeriod, t.difference, `${t.ci95} (low)`, `${t.ci95} (high)`, `${t.baseline} n`, `${t.thisPeriod} n`],
      csvRows: rows.map(([label, key, x]) => [label, key, x.baseline, x.period, x.difference, x.ci95?.[0] ?? null, x.ci95?.[1] ?? null, x.baselineN, x.periodN]),
    };
    return html`<section aria-labelledby="impact-h" class="impact">
      <h2 id="impact-h">${t.impact}</h2>
      <p class="muted">${t.impactSince(dayOf(i.baseline.from), lastDay(i.baseline.to), i.baseline.source === 'fastlane_start' && i.fastlaneStartedAt ? dayOf(i.fastlaneStartedAt) : null)}</p>
      <p data-figure="first_response">${frText}</p>
      <p data-figure="sla">${rate('sla', i.sla_attainment)}</p>
      <p data-figure="csat">${rate('csat', i.csat)}</p>
      ${renderTable(table, t, d.period)}
    </section>`;
  }

  // ---- charts over time ----

  #points(d: Loaded): Partial<Record<Lane, AnalyticsSeriesPoint[]>> {
    const s = d.series;
    return s.lane === null ? s.lanes : { [s.lane]: s.points };
  }

  /** A bucket's name: its first day, or its month; said to be incomplete when it is. */
  #bucket(d: Loaded, p: AnalyticsSeriesPoint): { shown: string; csv: string } {
    const day = localDate(new Date(p.start), d.timeZone);
    const [shown, csv] = d.series.interval === 'month' ? [localMonth(this.#f, day.slice(0, 7)), day.slice(0, 7)] : [localDay(this.#f, day), day];
    return { shown: this.#partial(d, p) ? this.#t.partialRow(shown) : shown, csv };
  }

  /**
   * A bucket shorter than its day, week or month (the period starts or ends inside it: today, a
   * 30-day view's months), or one not over yet: its figures cover part of its time.
   */
  #partial(d: Loaded, p: AnalyticsSeriesPoint): boolean {
    return isPartialBucket(new Date(p.start), new Date(p.end), d.series.interval, d.timeZone) || Date.parse(p.end) > Date.now();
  }

  #chart(d: Loaded, o: { name: string; heading: string; kind: ChartKind; /** The file's unit, in its header: `min`, `0-1`, `EUR`. */ csvUnit?: string; x: readonly number[]; partial: readonly boolean[]; labels: ReadonlyArray<{ shown: string; csv: string }>; series: ReadonlyArray<ChartSeries & { csv: ReadonlyArray<number | string | null> }>; format: (v: number) => string; formatCell: (v: number | null) => string }): TemplateResult {
    const t = this.#t;
    const table: TableDef = {
      name: o.name,
      caption: o.heading,
      columns: [{ label: t.date }, ...o.series.map((s) => ({ label: s.label, numeric: true }))],
      rows: o.labels.map((l, i) => [l.shown, ...o.series.map((s) => o.formatCell(s.values[i] ?? null))]),
      csvHeader: [t.date, ...o.series.map((s) => (o.csvUnit ? `${s.label} (${o.csvUnit})` : s.label))],
      csvRows: o.labels.map((l, i) => [l.csv, ...o.series.map((s) => s.csv[i] ?? null)]),
    };
    return html`<ayuda-chart data-name=${o.name} .heading=${o.heading} .x=${o.x} .series=${o.series} .format=${o.format} .kind=${o.kind} .timeZone=${d.timeZone} .monthly=${d.series.interval === 'month'} .partial=${o.partial} .table=${table} .period=${d.period}></ayuda-chart>`;
  }

  #charts(d: Loaded, cat: Catalogue): TemplateResult[] {
    const t = this.#t;
    const f = this.#f;
    const pts = this.#points(d);
    const ref = pts[d.lanes[0]!] ?? [];
    const x = ref.map((p) => Date.parse(p.start) / 1000);
    const partial = ref.map((p) => this.#partial(d, p));
    const labels = ref.map((p) => this.#bucket(d, p));
    const laneSeries = (value: (p: AnalyticsSeriesPoint) => number | null, csv: (v: number | null) => number | string | null = (v) => v) =>
      d.lanes.map((l) => {
        const values = (pts[l] ?? []).map(value);
        return { label: cat.lanes[l], values, csv: values.map(csv), colour: (l === 'fast' ? 'fast' : 'primary') as ChartColour, stroke: l === 'fast' ? ('dashed' as const) : ('solid' as const) };
      });
    const minutes = (v: number | null) => (v === null ? null : Math.round(v / 6) / 10);
    return [
      this.#chart(d, { name: 'cases', heading: t.volume, kind: 'count', x, partial, labels, series: laneSeries((p) => p.cases), format: (v) => number(f, v, 0), formatCell: (v) => number(f, v, 0) }),
      this.#chart(d, { name: 'first-response', heading: t.firstResponse, kind: 'duration', csvUnit: 'min', x, partial, labels, series: laneSeries((p) => p.first_response_p50_s, minutes), format: (v) => duration(f, v), formatCell: (v) => duration(f, v) }),
      this.#chart(d, { name: 'sla', heading: t.sla, kind: 'rate', csvUnit: '0-1', x, partial, labels, series: laneSeries((p) => p.sla_attainment), format: (v) => percent(f, v), formatCell: (v) => percent(f, v) }),
      this.#chart(d, { name: 'csat', heading: t.csat, kind: 'rate', csvUnit: '0-1', x, partial, labels, series: laneSeries((p) => p.csat), format: (v) => percent(f, v), formatCell: (v) => percent(f, v) }),
    ];
  }

  // ---- the fast lane's account ----

  #moneyChart(d: Loaded, cat: Catalogue, currency: string): TemplateResult {
    const t = this.#t;
    const pts = this.#points(d);
    // Money is the installation's whole, whatever lane is shown: any lane's points carry it.
    const ref = pts.fast ?? pts.standard ?? [];
    const line = (label: string, value: (p: AnalyticsSeriesPoint) => number, colour: ChartColour, stroke: ChartSeries['stroke']) => {
      const values = ref.map(value);
      return { label, values, csv: values.map((v) => fromMinorUnits(v, currency)), colour, stroke };
    };
    const fmt = (v: number | null) => (v === null ? t.noData : money(cat, v, currency));
    return this.#chart(d, {
      name: 'fastlane-money',
      heading: t.money,
      kind: 'money',
      csvUnit: currency.toUpperCase(),
      x: ref.map((p) => Date.parse(p.start) / 1000),
      partial: ref.map((p) => this.#partial(d, p)),
      labels: ref.map((p) => this.#bucket(d, p)),
      series: [line(t.netRevenue, (p) => p.fastlane_net_revenue_minor, 'ok', 'solid'), line(t.cost, (p) => p.fastlane_cost_minor, 'danger', 'dashed'), line(t.margin, (p) => p.fastlane_margin_minor, 'primary', 'dotted')],
      format: (v) => fmt(v),
      formatCell: fmt,
    });
  }

  #accountTable(d: Loaded, cat: Catalogue, currency: string): TableDef {
    const t = this.#t;
    const f = this.#f;
    // The money figures are the whole's in every lane's summary; the worth question is asked on fast-lane cases only.
    const s = d.summaries.fast ?? d.summaries.standard!;
    const m = (n: number) => money(cat, n, currency);
    const rows: Array<[string, string, (x: AnalyticsFigures) => string, (x: AnalyticsFigures) => number | string | null]> = [
      [t.revenue, 'fastlane_revenue_minor', (x) => m(x.fastlane_revenue_minor), (x) => fromMinorUnits(x.fastlane_revenue_minor, currency)],
      [t.refunds, 'fastlane_refunds_minor', (x) => m(x.fastlane_refunds_minor), (x) => fromMinorUnits(x.fastlane_refunds_minor, currency)],
      [t.netRevenue, 'fastlane_net_revenue_minor', (x) => m(x.fastlane_net_revenue_minor), (x) => fromMinorUnits(x.fastlane_net_revenue_minor, currency)],
      // Cost = the team's time at its hourly cost + the fixed cost per case (a fast-lane setting), each shown.
      [t.timeCost, 'fastlane_time_cost_minor', (x) => m(x.fastlane_cost_minor - x.fastlane_overhead_minor), (x) => fromMinorUnits(x.fastlane_cost_minor - x.fastlane_overhead_minor, currency)],
      [t.overhead, 'fastlane_overhead_minor', (x) => m(x.fastlane_overhead_minor), (x) => fromMinorUnits(x.fastlane_overhead_minor, currency)],
      [t.cost, 'fastlane_cost_minor', (x) => m(x.fastlane_cost_minor), (x) => fromMinorUnits(x.fastlane_cost_minor, currency)],
      [t.margin, 'fastlane_margin_minor', (x) => m(x.fastlane_margin_minor), (x) => fromMinorUnits(x.fastlane_margin_minor, currency)],
      [t.staffTime, 'fastlane_time_s', (x) => duration(f, x.fastlane_time_s), (x) => x.fastlane_time_s],
      [t.unpricedTime, 'fastlane_unpriced_time_s', (x) => duration(f, x.fastlane_unpriced_time_s), (x) => x.fastlane_unpriced_time_s],
      [t.worth, 'fastlane_worth', (x) => (x.fastlane_worth === null ? t.noData : t.withAnswers(percent(f, x.fastlane_worth), x.fastlane_worth_answers)), (x) => x.fastlane_worth],
    ];
    return {
      name: 'fastlane-account',
      caption: `${t.account} (${currency.toUpperCase()})`,
      columns: [{ label: t.metric }, { label: t.thisPeriod, numeric: true }, { label: t.previous, numeric: true }],
      rows: rows.map(([label, , shown]) => [label, shown(s), shown(s.previous)]),
      csvHeader: [t.metric, 'key', t.thisPeriod, t.previous],
      // Amounts are written in major units, so their key names the currency (`fastlane_revenue_eur`), not `_minor`.
      csvRows: rows.map(([label, key, , csv]) => [label, key.replace(/_minor$/, `_${currency.toLowerCase()}`), csv(s), csv(s.previous)]),
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-analytics': AyudaAnalytics;
  }
}
