// The booking's day grid: calendar days as `YYYY-MM-DD` keys in the customer's time zone, the
// grid's weeks, and where each key of the WAI-ARIA date-picker pattern moves the focus.
import { html } from 'lit';
import type { BookingStrings } from './strings.js';

const DAY = 86_400_000;

/** The calendar day of instant `t` in `zone`, as `YYYY-MM-DD`. */
export function dayKey(t: number | string, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(t));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const toMs = (key: string) => Date.parse(`${key}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const addDays = (key: string, n: number): string => fromMs(toMs(key) + n * DAY);
/** Monday 0 … Sunday 6. */
const weekday = (key: string) => (new Date(toMs(key)).getUTCDay() + 6) % 7;

/** Whole weeks (Monday first) from the week of `first` to the week of `last`. */
export function gridWeeks(first: string, last: string): string[][] {
  const weeks: string[][] = [];
  for (let start = addDays(first, -weekday(first)); start <= last; start = addDays(start, 7)) weeks.push(Array.from({ length: 7 }, (_, i) => addDays(start, i)));
  return weeks;
}

/** Where a key moves the focus from `key` (null: a key the grid does not handle); kept between `first` and `last`. */
export function moveFocus(key: string, e: KeyboardEvent, first: string, last: string, rtl: boolean): string | null {
  const step: Record<string, number> = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1, ArrowDown: 7, ArrowUp: -7, PageDown: 7, PageUp: -7 };
  let to: string;
  if (e.key in step) to = addDays(key, step[e.key]! * (e.shiftKey && e.key.startsWith('Page') ? 4 : 1));
  else if (e.key === 'Home') to = e.ctrlKey ? first : addDays(key, -weekday(key));
  else if (e.key === 'End') to = e.ctrlKey ? last : addDays(key, 6 - weekday(key));
  else return null;
  return to < first ? first : to > last ? last : to;
}

/** The day's full date in the customer's language ("lunes, 7 de diciembre"). */
export const longDay = (locale: string, key: string): string => new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(toMs(key));

/** "diciembre de 2026 – enero de 2027": the months the grid shows. */
export function monthsOf(locale: string, weeks: string[][], from: string, to: string): string {
  const f = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const a = f.format(toMs(from < weeks[0]![0]! ? weeks[0]![0]! : from));
  const b = f.format(toMs(to));
  return a === b ? a : `${a} – ${b}`;
}

export interface GridState {
  locale: string;
  weeks: string[][];
  /** Days with free times, and how many. */
  free: ReadonlyMap<string, number>;
  /** First and last day that can hold a slot. */
  from: string;
  to: string;
  selected: string | null;
  focused: string;
  rtl: boolean;
}

/** The grid of days: one roving tab stop; days without free times are focusable but disabled. */
export function dayGrid(s: BookingStrings, g: GridState, on: { choose(key: string): void; focus(key: string): void }) {
  const head = new Intl.DateTimeFormat(g.locale, { weekday: 'short', timeZone: 'UTC' });
  const full = new Intl.DateTimeFormat(g.locale, { weekday: 'long', timeZone: 'UTC' });
  const keydown = (e: KeyboardEvent, key: string) => {
    const to = moveFocus(key, e, g.from, g.to, g.rtl);
    if (to === null) return;
    e.preventDefault();
    on.focus(to);
  };
  return html`<div class="calendar" part="calendar">
    <p class="months" id="bk-months" part="months">${monthsOf(g.locale, g.weeks, g.from, g.to)}</p>
    <p class="visually-hidden" id="bk-grid-hint">${s.gridHint}</p>
    <table role="grid" aria-labelledby="bk-date-legend bk-months" aria-describedby="bk-grid-hint" part="grid">
      <thead>
        <tr>
          ${g.weeks[0]!.map((k) => html`<th scope="col" abbr=${full.format(toMs(k))}>${head.format(toMs(k))}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${g.weeks.map(
          (week) =>
            html`<tr>
              ${week.map((k) => {
                // Days before today or past the horizon are empty cells: nothing to reach there.
                if (k < g.from || k > g.to) return html`<td></td>`;
                const free = g.free.get(k) ?? 0;
                const selected = k === g.selected;
                const label = `${longDay(g.locale, k)}${free ? '' : `, ${s.dayFull}`}`;
                return html`<td aria-selected=${selected ? 'true' : 'false'}>
                  <button
                    type="button"
                    part=${selected ? 'day day-selected' : 'day'}
                    data-day=${k}
                    tabindex=${k === g.focused ? 0 : -1}
                    aria-disabled=${free ? 'false' : 'true'}
                    aria-label=${label}
                    @click=${() => (free ? on.choose(k) : on.focus(k))}
                    @keydown=${(e: KeyboardEvent) => keydown(e, k)}
                  >
                    ${Number(k.slice(8))}
                  </button>
                </td>`;
              })}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
