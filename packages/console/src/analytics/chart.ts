// <ayuda-chart>: one time chart of the analytics screen, drawn by uPlot (small, fast, canvas; see
// the commit that added it), with the same figures as a table for screen readers and keyboards
// ("Show as table") and the table's CSV. Lines differ by dash as well as colour; the canvas is an
// image whose label says what the chart shows and where it starts, ends, peaks and dips.
import { css, html, LitElement, nothing, unsafeCSS, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import uPlot from 'uplot';
import { sharedStyles } from '../styles/shared.styles.js';
import { LocalizeController } from '../internal/localize.js';
import { strings, type AnalyticsStrings } from './i18n.js';
import { renderTable, tableStyles, type Period, type TableDef } from './table.js';

/** A line's colour (a console token) and stroke; two lines of one chart never share both. */
export type ChartColour = 'primary' | 'fast' | 'ok' | 'danger';
const TOKENS: Record<ChartColour, [token: string, fallback: string]> = {
  primary: ['--ayuda-primary', '#1f5fbf'],
  fast: ['--ayuda-fast', '#7a3e00'],
  ok: ['--ayuda-ok', '#1d6b35'],
  danger: ['--ayuda-danger', '#a4161a'],
};
const DASHES = { solid: [] as number[], dashed: [8, 5], dotted: [2, 4] };

/** What the values are, for the steps of the value axis: whole cases, round durations, shares, money. */
export type ChartKind = 'count' | 'duration' | 'rate' | 'money';
const MIN = 60;
const STEPS: Partial<Record<ChartKind, number[]>> = {
  count: [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000, 20_000, 50_000, 100_000],
  duration: [1, 5, 15, 30, MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN, 60 * MIN, 2 * 60 * MIN, 3 * 60 * MIN, 6 * 60 * MIN, 12 * 60 * MIN, 24 * 60 * MIN, 48 * 60 * MIN, 7 * 24 * 60 * MIN, 14 * 24 * 60 * MIN, 30 * 24 * 60 * MIN],
  rate: [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5],
};

export interface ChartSeries {
  label: string;
  values: ReadonlyArray<number | null>;
  colour: ChartColour;
  stroke: keyof typeof DASHES;
}

// uPlot's own stylesheet (uPlot.min.css, MIT), the rules this chart uses: the shadow root does
// not see the page's styles, and the console's CSP allows no <style> element to be injected.
const UPLOT_CSS = unsafeCSS(`.uplot,.uplot *,.uplot *::before,.uplot *::after{box-sizing:border-box}.uplot{line-height:1.5;width:min-content}.u-wrap{position:relative;user-select:none}.u-over,.u-under{position:absolute}.u-under{overflow:hidden}.uplot canvas{display:block;position:relative;width:100%;height:100%}.u-axis{position:absolute}.u-select{background:rgba(0,0,0,.07);position:absolute;pointer-events:none}.u-cursor-x,.u-cursor-y{position:absolute;left:0;top:0;pointer-events:none;will-change:transform}.u-hz .u-cursor-x,.u-vt .u-cursor-y{height:100%;border-right:1px dashed #607D8B}.u-hz .u-cursor-y,.u-vt .u-cursor-x{width:100%;border-bottom:1px dashed #607D8B}.u-cursor-pt{position:absolute;top:0;left:0;border-radius:50%;border:0 solid;pointer-events:none;will-change:transform;background-clip:padding-box!important}.u-axis.u-off,.u-select.u-off,.u-cursor-x.u-off,.u-cursor-y.u-off,.u-cursor-pt.u-off{display:none}`);

export class AyudaChart extends LitElement {
  static override styles = [
    sharedStyles,
    tableStyles,
    UPLOT_CSS,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      figure {
        margin: 0;
      }
      h3 {
        font-size: 1rem;
        margin: 0 0 0.35rem;
      }
      .plot {
        min-height: 12rem;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
        list-style: none;
        padding: 0;
        margin: 0.25rem 0;
        font-size: 0.875rem;
      }
      .swatch {
        display: inline-block;
        width: 1.6rem;
        vertical-align: middle;
        margin-right: 0.35rem;
        border-top: 3px solid var(--ayuda-primary);
      }
      .fast {
        border-top-color: var(--ayuda-fast);
      }
      .ok {
        border-top-color: var(--ayuda-ok);
      }
      .danger {
        border-top-color: var(--ayuda-danger);
      }
      .dashed {
        border-top-style: dashed;
      }
      .dotted {
        border-top-style: dotted;
      }
      details {
        margin-top: 0.35rem;
      }
      .partial {
        font-size: 0.875rem;
        margin: 0.25rem 0 0;
      }
      summary {
        cursor: pointer;
      }
      @media (forced-colors: active) {
        .swatch {
          border-top-color: CanvasText;
        }
      }
    `,
  ];
  static override properties: PropertyDeclarations = {
    heading: { type: String },
    x: { attribute: false },
    series: { attribute: false },
    format: { attribute: false },
    kind: { type: String },
    timeZone: { type: String },
    monthly: { type: Boolean },
    table: { attribute: false },
    period: { attribute: false },
    partial: { attribute: false },
  };

  declare heading: string;
  /** Each point's instant, Unix seconds (a bucket's start). */
  declare x: readonly number[];
  declare series: readonly ChartSeries[];
  /** Writes a value for the axis and the chart's label (a duration, a share, money). */
  declare format: (v: number) => string;
  declare kind: ChartKind;
  /** The zone the time axis reads in (the company's). */
  declare timeZone: string;
  /** One point a month (the fast lane's account): the axis names each month at its point, half a month of room either side. */
  declare monthly: boolean;
  declare table: TableDef | null;
  declare period: Period;
  /** Per point: its bucket is shorter than its day, week or month (the period starts or ends inside it, or it is not over). Drawn hollow. */
  declare partial: readonly boolean[];

  readonly #l = new LocalizeController(this);
  #plot: uPlot | null = null;
  #resize: ResizeObserver | null = null;
  /** Redraws in the other theme's colours (the canvas does not follow CSS by itself). */
  readonly #theme = new MutationObserver(() => this.#draw());

  constructor() {
    super();
    this.heading = '';
    this.x = [];
    this.series = [];
    this.format = (v) => String(v);
    this.kind = 'count';
    this.timeZone = 'UTC';
    this.monthly = false;
    this.table = null;
    this.period = { from: '', to: '' };
    this.partial = [];
  }

  get #t(): AnalyticsStrings {
    return strings[this.#l.locale];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#theme.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#theme.disconnect();
    this.#resize?.disconnect();
    this.#resize = null;
    this.#plot?.destroy();
    this.#plot = null;
  }

  /** The points whose bucket is incomplete. */
  get #partialIndexes(): number[] {
    return this.x.flatMap((_, i) => (this.partial[i] ? [i] : []));
  }

  get #empty(): boolean {
    return this.x.length === 0 || this.series.every((s) => s.values.every((v) => v === null));
  }

  /** What the chart shows, in words: each line's first and last value, its lowest and highest. */
  #summary(): string {
    const t = this.#t;
    if (this.#empty) return t.chartEmpty;
    return this.series
      .map((s) => {
        const vals = s.values.filter((v): v is number => v !== null);
        if (!vals.length) return `${s.label}: ${t.noData}`;
        const f = this.format;
        return t.chartSummary(s.label, f(vals[0]!), f(vals[vals.length - 1]!), f(Math.min(...vals)), f(Math.max(...vals)));
      })
      .join(' ');
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('x') || changed.has('series') || changed.has('timeZone') || changed.has('format') || changed.has('kind') || changed.has('monthly') || changed.has('partial')) this.#draw();
  }

  #draw(): void {
    this.#plot?.destroy();
    this.#plot = null;
    const target = this.renderRoot.querySelector<HTMLElement>('.plot');
    if (!target || this.#empty) return;
    const style = getComputedStyle(this);
    const colour = (c: ChartColour) => style.getPropertyValue(TOKENS[c][0]).trim() || TOKENS[c][1];
    const text = style.getPropertyValue('--ayuda-muted').trim() || '#545d68';
    const grid = style.getPropertyValue('--ayuda-surface-2').trim() || '#eef0f4';
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const tz = this.timeZone;
    const fmt = this.format;
    // Dates on the time axis in the console's language and the company's zone: "2 nov", or "nov 26" over long spans.
    const span = this.x.length ? this.x[this.x.length - 1]! - this.x[0]! : 0;
    const dates = new Intl.DateTimeFormat(this.#l.locale === 'es' ? 'es-ES' : 'en-GB', this.monthly || span > 200 * 86_400 ? { month: 'short', year: '2-digit', timeZone: tz } : { day: 'numeric', month: 'short', timeZone: tz });
    // Monthly points: a tick (and its month) at each point only, and room either side, so one or two months
    // (a partial one) read as points of their months rather than a line across a daily axis.
    const HALF_MONTH = 15 * 86_400;
    const monthly = this.monthly
      ? { scale: { range: (_u: uPlot, min: number, max: number): uPlot.Range.MinMax => [min - HALF_MONTH, max + HALF_MONTH] }, axis: { splits: () => this.x.slice() } }
      : null;
    const opts: uPlot.Options = {
      width: Math.max(280, Math.floor(target.clientWidth || this.clientWidth || 600)),
      height: 220,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      // Shares run 0 to 100 %; the other kinds fit their values.
      scales: { x: { time: true, ...monthly?.scale }, ...(this.kind === 'rate' ? { y: { range: [0, 1] as [number, number] } } : {}) },
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), tz),
      axes: [{ ...axis, ...monthly?.axis, values: (_u, splits) => splits.map((v) => dates.format(new Date(v * 1000))) }, { ...axis, size: 90, ...(STEPS[this.kind] ? { incrs: STEPS[this.kind] } : {}), values: (_u, splits) => splits.map((v) => fmt(v)) }],
      series: [{}, ...this.series.map((s) => ({ label: s.label, stroke: colour(s.colour), width: 2, dash: DASHES[s.stroke], points: { show: true, size: this.monthly ? 8 : 5, fill: colour(s.colour) }, spanGaps: false }))],
    };
    // A point is filled with its line's colour; an incomplete bucket's is drawn hollow and larger: ringed in
    // that colour, filled with the background.
    const partial = this.#partialIndexes;
    if (partial.length) {
      const background = style.getPropertyValue('--ayuda-surface').trim() || '#ffffff';
      const radius = (this.monthly ? 5 : 4) * uPlot.pxRatio;
      opts.hooks = {
        draw: [
          (u: uPlot) => {
            const ctx = u.ctx;
            ctx.save();
            ctx.lineWidth = 2 * uPlot.pxRatio;
            this.series.forEach((s, si) => {
              for (const i of partial) {
                const v = s.values[i];
                if (v === null || v === undefined) continue;
                ctx.beginPath();
                ctx.arc(u.valToPos(this.x[i]!, 'x', true), u.valToPos(v, 'y', true), radius, 0, 2 * Math.PI);
                ctx.fillStyle = background;
                ctx.fill();
                ctx.strokeStyle = colour(this.series[si]!.colour);
                ctx.stroke();
              }
            });
            ctx.restore();
          },
        ],
      };
    }
    const data = [this.x.slice(), ...this.series.map((s) => s.values.slice())] as uPlot.AlignedData;
    this.#plot = new uPlot(opts, data, target);
    const canvas = this.#plot.root.querySelector('canvas');
    canvas?.setAttribute('role', 'img');
    const incomplete = partial.map((i) => dates.format(new Date(this.x[i]! * 1000))).join(', ');
    canvas?.setAttribute('aria-label', this.#t.chartLabel(this.heading, this.#summary()) + (incomplete ? this.#t.chartPartial(incomplete) : ''));
    if (!this.#resize && 'ResizeObserver' in window) {
      this.#resize = new ResizeObserver(() => {
        const w = Math.max(280, Math.floor(target.clientWidth));
        if (this.#plot && w && Math.abs(w - this.#plot.width) > 4) this.#plot.setSize({ width: w, height: 220 });
      });
      this.#resize.observe(target);
    }
  }

  protected override render(): TemplateResult {
    const t = this.#t;
    return html`<figure>
      <h3>${this.heading}</h3>
      ${this.#empty
        ? html`<p class="muted">${t.chartEmpty}</p>`
        : html`<ul class="legend" aria-hidden="true">
              ${this.series.map((s) => html`<li><span class="swatch ${s.colour} ${s.stroke}"></span>${s.label}</li>`)}
            </ul>
            <div class="plot"></div>
            ${this.#partialIndexes.length ? html`<p class="partial muted">${t.partialNote}</p>` : nothing}`}
      ${this.table ? html`<details><summary>${t.showTable}</summary>${renderTable({ ...this.table, captionHidden: true }, t, this.period)}</details>` : nothing}
    </figure>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-chart': AyudaChart;
  }
}
