// <ayuda-appointment-calendar>: a day (agents side by side) or a week (days side by side) of
// appointments and capacity on the company's clock, for one agent or type or all. The grid is an
// ARIA grid: arrow keys move between cells and the appointments in them, Enter opens one.
import { css, html, LitElement, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import type { StaffUser } from '@ayuda/client/staff';
import { sharedStyles } from '../styles/shared.styles.js';
import { cardStyles } from '../styles/screen.styles.js';
import { api } from '../internal/api.js';
import { LocalizeController, type ConsoleLocale } from '../internal/localize.js';
import { refusalReason } from '../internal/optimistic.js';
import { navigate } from '../internal/router.js';
import { team } from '../internal/directory.js';
import { strings, type AppointmentsStrings } from './i18n.js';
import { buildGrid, viewDates, type CalendarAppointment, type CalendarView, type Cell, type Grid, type StaffCalendar } from './model.js';
import { addDaysToDate, dayLabel, hhmm, mondayOf, timeLabel, today, wall } from './time.js';
import { calendarStyles } from './appointments.styles.js';
import type { AyudaAppointmentDetail } from './detail.js';

interface ViewState {
  view: CalendarView;
  date: string;
  agent: number | null;
  type: string | null;
}

/** The calendar's state from the address's query (`date=2026-11-23&view=week&agent=7&type=call`). */
export function parseCalendarQuery(query: string): Partial<ViewState> {
  const q = new URLSearchParams(query);
  const out: Partial<ViewState> = {};
  const date = q.get('date');
  if (date && /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(date))) out.date = date;
  const view = q.get('view');
  if (view === 'day' || view === 'week') out.view = view;
  const agent = Number(q.get('agent'));
  if (Number.isInteger(agent) && agent > 0) out.agent = agent;
  const type = q.get('type');
  if (type && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(type)) out.type = type;
  return out;
}

/** Where the focus is in the grid: a row, a column, and the appointment in that cell (0 when none). */
type Pos = { r: number; c: number; i: number };

/**
 * @attr query - the address's query: the view, date, agent and type shown
 */
export class AyudaAppointmentCalendar extends LitElement {
  static override styles = [
    sharedStyles,
    cardStyles,
    calendarStyles,
    css`
      :host {
        display: block;
      }
    `,
  ];
  static override properties: PropertyDeclarations = {
    query: { type: String },
    user: { attribute: false },
    data: { state: true },
    error: { state: true },
    types: { state: true },
    people: { state: true },
    pos: { state: true },
  };

  declare query: string;
  declare user: StaffUser | undefined;
  declare data: StaffCalendar | null;
  declare error: string;
  /** Named in both languages: the selector shows the console's, whichever it is at the time. */
  declare types: Array<{ key: string; name: Record<ConsoleLocale, string> }>;
  declare people: StaffUser[];
  declare pos: Pos;

  readonly #l = new LocalizeController(this);
  #abort: AbortController | null = null;
  #grid: Grid | null = null;
  /** What the grid was drawn from, to know when it must be rebuilt. */
  #drawn: { data: StaffCalendar; key: string } | null = null;

  constructor() {
    super();
    this.query = '';
    this.user = undefined;
    this.data = null;
    this.error = '';
    this.types = [];
    this.people = [];
    this.pos = { r: 0, c: 0, i: 0 };
  }

  get #s(): AppointmentsStrings {
    return strings[this.#l.locale];
  }

  /** The view asked for, with defaults: this week in the company's zone (the browser's until the first answer), everyone, every type. */
  get state(): ViewState {
    const q = parseCalendarQuery(this.query);
    return { view: q.view ?? 'week', date: q.date ?? today(this.data?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone), agent: q.agent ?? null, type: q.type ?? null };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#loadChoices();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('query')) void this.load();
  }

  async #loadChoices(): Promise<void> {
    try {
      const [types, people] = await Promise.all([api().staffAppointmentTypes(), team()]);
      this.types = types.types.map((t) => ({ key: t.key, name: t.name }));
      this.people = people;
    } catch (err) {
      this.error = refusalReason(this.#l.cat, err);
    }
  }

  /** Loads the period shown (again, after a change made elsewhere). */
  async load(): Promise<void> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    const st = this.state;
    const dates = viewDates(st.view, st.date, mondayOf(st.date));
    // Dates are whole local days in the company's zone, `to` included.
    try {
      const data = await api().staffCalendar(
        { from: dates[0]!, to: dates[dates.length - 1]!, ...(st.agent ? { agent: st.agent } : {}), ...(st.type ? { type: st.type } : {}) },
        { signal: abort.signal },
      );
      if (abort.signal.aborted) return;
      this.error = '';
      this.data = data;
    } catch (err) {
      if (abort.signal.aborted) return;
      this.error = refusalReason(this.#l.cat, err);
    }
  }

  #go(patch: Partial<ViewState>): void {
    const st = { ...this.state, ...patch };
    const q = new URLSearchParams({ date: st.date, view: st.view });
    if (st.agent) q.set('agent', String(st.agent));
    if (st.type) q.set('type', st.type);
    this.pos = { r: 0, c: 0, i: 0 };
    navigate({ name: 'appointments', tab: 'calendar', query: q.toString() }, true);
  }

  #step(sign: 1 | -1): void {
    const st = this.state;
    this.#go({ date: addDaysToDate(st.date, sign * (st.view === 'week' ? 7 : 1)) });
  }

  #currentGrid(): Grid | null {
    const data = this.data;
    if (!data) return null;
    const st = this.state;
    const key = `${st.view}|${st.date}|${st.agent}`;
    if (this.#drawn?.data !== data || this.#drawn.key !== key) {
      this.#grid = buildGrid(data, st.view, viewDates(st.view, st.date, mondayOf(st.date)), st.agent);
      this.#drawn = { data, key };
    }
    return this.#grid;
  }

  // ---- keyboard ----

  #items(cell: Cell | undefined): number {
    return Math.max(1, cell?.appointments.length ?? 0);
  }

  /** The grid's one tab stop, kept inside the grid when it changed under it (a reload, another period). */
  #tabStop(g: Grid): Pos {
    let p = this.pos.r < g.rows.length && this.pos.c < g.columns.length ? this.pos : { r: 0, c: 0, i: 0 };
    if (p.i >= this.#items(g.cells[p.r]![p.c])) p = { ...p, i: 0 };
    return p;
  }

  #key(e: KeyboardEvent): void {
    const g = this.#grid;
    if (!g || !g.rows.length || !g.columns.length || e.altKey || e.ctrlKey || e.metaKey) return;
    let { r, c, i } = this.#tabStop(g);
    const here = () => this.#items(g.cells[r]?.[c]);
    switch (e.key) {
      case 'ArrowRight':
        if (c + 1 >= g.columns.length) return;
        c++, (i = 0);
        break;
      case 'ArrowLeft':
        if (c === 0) return;
        c--, (i = 0);
        break;
      case 'ArrowDown':
        if (i + 1 < here()) i++;
        else if (r + 1 < g.rows.length) r++, (i = 0);
        else return;
        break;
      case 'ArrowUp':
        if (i > 0) i--;
        else if (r > 0) r--, (i = here() - 1);
        else return;
        break;
      case 'Home':
        (c = 0), (i = 0);
        break;
      case 'End':
        (c = g.columns.length - 1), (i = 0);
        break;
      case 'PageDown':
        (r = g.rows.length - 1), (i = 0);
        break;
      case 'PageUp':
        (r = 0), (i = 0);
        break;
      default:
        return;
    }
    e.preventDefault();
    this.pos = { r, c, i };
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[tabindex="0"][data-pos]')?.focus());
  }

  /** Opens an appointment's detail (and keeps its place in the grid for the focus's return). */
  async open(a: CalendarAppointment): Promise<void> {
    const detail = this.renderRoot.querySelector<AyudaAppointmentDetail>('ayuda-appointment-detail');
    await detail?.show(a, this.data?.timeZone ?? 'UTC');
  }

  protected override render(): TemplateResult {
    const s = this.#s;
    const st = this.state;
    const data = this.data;
    const grid = this.#currentGrid();
    const dates = viewDates(st.view, st.date, mondayOf(st.date));
    const period = st.view === 'day' ? dayLabel(this.#l.locale, st.date, true) : s.weekOf(dayLabel(this.#l.locale, dates[0]!), dayLabel(this.#l.locale, dates[6]!));
    return html`<section aria-labelledby="cal-title">
      <h2 id="cal-title">${s.calendar}: ${period}</h2>
      <div class="toolbar" role="group" aria-label=${s.calendarControls}>
        <div class="segmented" role="group" aria-label=${s.view}>
          ${(['day', 'week'] as const).map((v) => html`<button type="button" aria-pressed=${st.view === v ? 'true' : 'false'} @click=${() => this.#go({ view: v })}>${s.views[v]}</button>`)}
        </div>
        <button type="button" @click=${() => this.#step(-1)}>${st.view === 'week' ? s.previousWeek : s.previousDay}</button>
        <button type="button" @click=${() => this.#go({ date: today(data?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone) })}>${s.today}</button>
        <button type="button" @click=${() => this.#step(1)}>${st.view === 'week' ? s.nextWeek : s.nextDay}</button>
        <label>${s.date}<input type="date" .value=${st.date} @change=${(e: Event) => (e.target as HTMLInputElement).value && this.#go({ date: (e.target as HTMLInputElement).value })} /></label>
        <label>${s.agent}
          <select @change=${(e: Event) => this.#go({ agent: Number((e.target as HTMLSelectElement).value) || null })}>
            <option value="" ?selected=${st.agent === null}>${s.everyone}</option>
            ${this.people.map((p) => html`<option value=${p.id} ?selected=${st.agent === p.id}>${p.name}</option>`)}
          </select>
        </label>
        <label>${s.type}
          <select @change=${(e: Event) => this.#go({ type: (e.target as HTMLSelectElement).value || null })}>
            <option value="" ?selected=${st.type === null}>${s.allTypes}</option>
            ${this.types.map((t) => html`<option value=${t.key} ?selected=${st.type === t.key}>${t.name[this.#l.locale]}</option>`)}
          </select>
        </label>
      </div>
      ${data ? html`<p class="muted zone">${s.timesIn(data.timeZone)}</p>` : nothing}
      ${this.#legend(s)}
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      ${!data ? html`<p class="muted" role="status">${this.#l.cat.loading}</p>` : grid && grid.columns.length && grid.rows.length ? this.#table(s, grid, data) : html`<p class="muted" role="status">${s.nothingInPeriod}</p>`}
      <ayuda-appointment-detail @ayuda-appointment-changed=${() => void this.load()}></ayuda-appointment-detail>
    </section>`;
  }

  #legend(s: AppointmentsStrings): TemplateResult {
    return html`<ul class="legend" aria-label=${s.legend}>
      <li><span class="swatch unit free" aria-hidden="true"></span>${s.legendFree}</li>
      <li><span class="swatch unit held" aria-hidden="true">★</span>${s.legendHeld}</li>
      <li><span class="swatch unit released" aria-hidden="true"></span>${s.legendReleased}</li>
      <li><span class="swatch appt" aria-hidden="true"></span>${s.legendBooked}</li>
      <li><span class="swatch absent" aria-hidden="true"></span>${s.legendAbsent}</li>
    </ul>`;
  }

  #table(s: AppointmentsStrings, g: Grid, data: StaffCalendar): TemplateResult {
    const name = (id: number) => data.agents.find((a) => a.id === id)?.name ?? `#${id}`;
    const p = this.#tabStop(g);
    return html`<div class="scroll">
      <table role="grid" aria-labelledby="cal-title" aria-describedby="cal-help" @keydown=${(e: KeyboardEvent) => this.#key(e)}>
        <thead>
          <tr>
            <th scope="col" class="time"><span class="visually-hidden">${s.time}</span></th>
            ${g.columns.map((col) => html`<th scope="col">${col.agentId === null ? dayLabel(this.#l.locale, col.date) : name(col.agentId)}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${g.rows.map(
            (m, r) => html`<tr>
              <th scope="row" class="time">${hhmm(m)}</th>
              ${g.columns.map((_, c) => this.#cell(s, g.cells[r]![c]!, r, c, p, data, name))}
            </tr>`,
          )}
        </tbody>
      </table>
      <p id="cal-help" class="muted">${s.gridHelp}</p>
    </div>`;
  }

  #cell(s: AppointmentsStrings, cell: Cell, r: number, c: number, p: Pos, data: StaffCalendar, name: (id: number) => string): TemplateResult {
    const focused = p.r === r && p.c === c;
    const tz = data.timeZone;
    const week = this.state.view === 'week';
    const units = (['free', 'held', 'released'] as const).filter((k) => cell.units[k] > 0);
    return html`<td class=${cell.absent ? 'absent' : ''} tabindex=${cell.appointments.length ? nothing : focused ? '0' : '-1'} data-pos=${cell.appointments.length ? nothing : `${r}:${c}:0`} @focus=${(e: FocusEvent) => e.target === e.currentTarget && (this.pos = { r, c, i: 0 })}>
      ${cell.appointments.map(
        (a, i) => html`<button
          type="button"
          class="appt ${a.lane}"
          data-pos="${r}:${c}:${i}"
          tabindex=${focused && p.i === i ? '0' : '-1'}
          @click=${() => void this.open(a)}
          @focus=${() => (this.pos = { r, c, i })}
        >
          <span class="when">${timeLabel(a.start, tz)}–${timeLabel(a.end, tz)}</span>
          <strong>${a.name}</strong>
          <span class="badge ${a.lane}">${this.#l.cat.lanes[a.lane]}</span>
          ${a.inReserve ? html`<span class="badge reserve">★ ${s.inReserve}</span>` : nothing}
          ${a.pendingMove ? html`<span class="badge pending">${s.movePending}</span>` : nothing}
          <span class="muted">${a.typeNames[this.#l.locale]}${week ? html` · ${name(a.agentId)}` : nothing}</span>
        </button>`,
      )}
      ${cell.absences.map((x) => html`<p class="absence">${week ? `${name(x.agentId)}: ` : ''}${s.absentUntil(this.#until(x.end, tz))}${x.reason ? ` (${x.reason})` : ''}</p>`)}
      ${units.map((k) => html`<p class="unit ${k}">${k === 'held' ? html`<span aria-hidden="true">★ </span>` : nothing}${s.units[k](cell.units[k])}</p>`)}
      ${cell.absent && !cell.absences.length ? html`<p class="absence">${s.absent}</p>` : nothing}
    </td>`;
  }

  #until(end: string, tz: string): string {
    const w = wall(end, tz);
    return `${dayLabel(this.#l.locale, w.date)} ${hhmm(w.minutes)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-appointment-calendar': AyudaAppointmentCalendar;
  }
}
