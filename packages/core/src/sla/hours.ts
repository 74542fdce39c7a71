// Business-hours arithmetic: open intervals of each local day as UTC instants, walked day by
// day (never minute by minute), with optional pauses cut out.
import { SLA_SEARCH_DAYS } from './defaults.js';
import type { BusinessHours, OpenInterval } from './types.js';
import { WEEKDAYS } from './types.js';
import { DAY, MINUTE, dayKey, dayOfKey, dayToUtc, isValidTimeZone, localDayOfCached } from './zone.js';

/** A half-open span of time [start, end) in epoch milliseconds; `end` may be `Infinity`. */
export type Span = readonly [start: number, end: number];

/** Minutes since midnight of `HH:MM` (00:00..24:00), or `NaN`. */
export function parseClock(value: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(value);
  if (!m) return Number.NaN;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return Number.NaN;
  return h * 60 + min;
}

/** A day's intervals as sorted, merged, non-empty [from, to] pairs of minutes since midnight. */
type DayMinutes = ReadonlyArray<readonly [number, number]>;

/** Business hours checked and prepared for the day walk. */
export interface CompiledHours {
  readonly timeZone: string;
  readonly week: readonly DayMinutes[];
  readonly special: ReadonlyMap<number, DayMinutes>;
  readonly holidays: ReadonlySet<number>;
  /** Whether any weekday has open time. */
  readonly weeklyOpen: boolean;
  /** Day number to that day's spans; bounded, cleared when full. */
  readonly spans: Map<number, Span[]>;
}

const SPANS_CACHE_MAX = 5_000;

function compileDay(intervals: readonly OpenInterval[] | undefined, where: string): DayMinutes {
  if (intervals === undefined) return [];
  if (!Array.isArray(intervals)) throw new TypeError(`Ayuda: business hours ${where} must be a list of { from: "HH:MM", to: "HH:MM" } intervals.`);
  const pairs: Array<[number, number]> = [];
  for (const i of intervals) {
    const from = parseClock(i?.from);
    const to = parseClock(i?.to);
    if (Number.isNaN(from) || Number.isNaN(to) || from === 24 * 60) {
      throw new RangeError(`Ayuda: business hours ${where} has an interval ${JSON.stringify(i)}; write times as "HH:MM" between 00:00 and 24:00.`);
    }
    if (from >= to) throw new RangeError(`Ayuda: business hours ${where} has an interval from ${i.from} to ${i.to}; "from" must be before "to" (an interval cannot cross midnight: split it over two days).`);
    pairs.push([from, to]);
  }
  pairs.sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const p of pairs) {
    const last = merged.at(-1);
    if (last && p[0] <= last[1]) last[1] = Math.max(last[1], p[1]);
    else merged.push([p[0], p[1]]);
  }
  return merged;
}

const compiled = new WeakMap<BusinessHours, CompiledHours>();

/**
 * Checks `hours` and prepares it. Throws an `Ayuda:` error naming what is wrong. The result is
 * cached per object: treat a configuration as immutable once used.
 */
export function compileHours(hours: BusinessHours): CompiledHours {
  const cached = compiled.get(hours);
  if (cached) return cached;
  if (!hours || typeof hours !== 'object') throw new TypeError('Ayuda: business hours must be an object with timeZone and week.');
  if (typeof hours.timeZone !== 'string' || !isValidTimeZone(hours.timeZone)) {
    throw new RangeError(`Ayuda: business hours timeZone ${JSON.stringify(hours.timeZone)} is not an IANA time zone this runtime knows (e.g. "Europe/Madrid").`);
  }
  const weekIn = hours.week ?? {};
  for (const k of Object.keys(weekIn)) {
    if (!(WEEKDAYS as readonly string[]).includes(k)) throw new RangeError(`Ayuda: business hours week has an unknown day "${k}"; use ${WEEKDAYS.join(', ')}.`);
  }
  const week = WEEKDAYS.map((d) => compileDay(weekIn[d], `week.${d}`));
  const holidays = new Set<number>();
  for (const h of hours.holidays ?? []) {
    const day = dayOfKey(h);
    if (Number.isNaN(day)) throw new RangeError(`Ayuda: business hours holiday ${JSON.stringify(h)} is not a date; write it as "YYYY-MM-DD".`);
    holidays.add(day);
  }
  const special = new Map<number, DayMinutes>();
  for (const [k, v] of Object.entries(hours.specialDays ?? {})) {
    const day = dayOfKey(k);
    if (Number.isNaN(day)) throw new RangeError(`Ayuda: business hours special day ${JSON.stringify(k)} is not a date; write it as "YYYY-MM-DD".`);
    special.set(day, compileDay(v, `specialDays.${k}`));
  }
  const result: CompiledHours = { timeZone: hours.timeZone, week, special, holidays, weeklyOpen: week.some((d) => d.length > 0), spans: new Map() };
  compiled.set(hours, result);
  return result;
}

/** Throws unless the week has some open time: a clock that can never run would never stop. */
export function assertOpenWeek(h: CompiledHours): void {
  if (!h.weeklyOpen) {
    throw new RangeError('Ayuda: business hours have no open time on any day of the week, so a business-hours SLA could never fall due; open at least one interval, or count the lane in calendar time ("calendar": true).');
  }
}

/** The local intervals of local day `day`: a special day, else closed on a holiday, else the weekday's. */
function localIntervals(h: CompiledHours, day: number): DayMinutes {
  const special = h.special.get(day);
  if (special) return special;
  if (h.holidays.has(day)) return [];
  return h.week[(((day + 4) % 7) + 7) % 7]!;
}

/** The open intervals of local day `day` as UTC spans, in order; empty ones (inside a DST gap) dropped. */
export function daySpans(h: CompiledHours, day: number): readonly Span[] {
  let spans = h.spans.get(day);
  if (spans) return spans;
  spans = [];
  const local = localIntervals(h, day);
  if (local.length > 0) {
    const utc = dayToUtc(day, local.flat(), h.timeZone);
    for (let i = 0; i < utc.length; i += 2) {
      const s = utc[i]!;
      const e = utc[i + 1]!;
      if (e > s) spans.push([s, e]);
    }
  }
  if (h.spans.size >= SPANS_CACHE_MAX) h.spans.clear();
  h.spans.set(day, spans);
  return spans;
}

/** Where time counts: business hours in a zone, or every instant (a 24/7 calendar lane). */
export type Axis = CompiledHours | 'calendar';

/**
 * The spans where time counts, from `from` on, in order, minus `pauses` (sorted, merged). Stops
 * at an open-ended pause, and after the local day following `until` if given. Without `until`,
 * throws when business hours yield nothing for `SLA_SEARCH_DAYS` days after `from` and after
 * the last pause.
 */
export function* countedSpans(axis: Axis, from: number, pauses: readonly Span[] = [], until = Infinity): Generator<Span, void, undefined> {
  let p = 0;
  // Cuts the pauses out of one open span.
  function* minusPauses(s: number, e: number): Generator<Span, boolean, undefined> {
    while (p < pauses.length && pauses[p]![1] <= s) p++;
    let cur = s;
    let q = p;
    while (cur < e) {
      const pause = pauses[q];
      if (!pause || pause[0] >= e) {
        yield [cur, e];
        return true;
      }
      if (pause[0] > cur) yield [cur, pause[0]];
      if (pause[1] === Infinity) return false;
      cur = Math.max(cur, pause[1]);
      q++;
    }
    return true;
  }

  if (axis === 'calendar') {
    yield* minusPauses(from, Infinity);
    return;
  }
  const last = pauses.at(-1);
  const stopAt = last && last[1] === Infinity ? last[0] : Infinity;
  const lastPauseEnd = pauses.reduce((m, x) => (x[1] === Infinity ? m : Math.max(m, x[1])), from);
  // Counting up to a known end needs no search limit; searching for a due time does. (The
  // cached local day: an Intl look-up per call was most of a due time's cost.)
  const limit = until === Infinity ? localDayOfCached(lastPauseEnd, axis.timeZone) + SLA_SEARCH_DAYS : localDayOfCached(until, axis.timeZone) + 1;
  // Start a day early: on a day whose clocks go back over midnight, an instant can belong to
  // the previous local date.
  for (let day = localDayOfCached(from, axis.timeZone) - 1; day <= limit; day++) {
    for (const [s, e] of daySpans(axis, day)) {
      if (e <= from) continue;
      if (s >= stopAt) return;
      const more = yield* minusPauses(Math.max(s, from), e);
      if (!more) return;
    }
  }
  if (until !== Infinity) return;
  throw new RangeError(`Ayuda: business hours have no open time within ${SLA_SEARCH_DAYS} days after ${new Date(lastPauseEnd).toISOString()} (too many holidays or special closed days?).`);
}

/**
 * The company's open spans (no pauses) that overlap [from, to), clipped to it, in order: what
 * the server stores in `business_spans` so SQL can count business time (docs/analytics.md).
 */
export function openSpansBetween(hours: BusinessHours, from: number, to: number): Span[] {
  const h = compileHours(hours);
  const out: Span[] = [];
  if (!(to > from)) return out;
  // A day early and a day late: on a day whose clocks change over midnight an instant can belong to the neighbouring local date.
  const last = localDayOfCached(to, h.timeZone) + 1;
  for (let day = localDayOfCached(from, h.timeZone) - 1; day <= last; day++) {
    for (const [s, e] of daySpans(h, day)) {
      const a = Math.max(s, from);
      const b = Math.min(e, to);
      if (b > a) out.push([a, b]);
    }
  }
  return out;
}

/** Sorts and merges pause spans; drops empty ones. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = spans.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [s, e] of sorted) {
    const last = out.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/**
 * The instant at which `ms` milliseconds have counted on `axis` from `from`, or `null` if an
 * open-ended pause stops the clock first. Zero gives the first counting instant.
 */
export function addCounted(axis: Axis, from: number, ms: number, pauses?: readonly Span[]): number | null {
  let left = ms;
  for (const [s, e] of countedSpans(axis, from, pauses)) {
    if (left <= e - s) return s + left;
    left -= e - s;
  }
  return null;
}

/** Milliseconds counted on `axis` in [a, b); negative when b < a. */
export function countedBetween(axis: Axis, a: number, b: number, pauses?: readonly Span[]): number {
  if (b < a) return 0 - countedBetween(axis, b, a, pauses) || 0; // never -0
  let total = 0;
  for (const [s, e] of countedSpans(axis, a, pauses, b)) {
    if (s >= b) break;
    total += Math.min(e, b) - s;
    if (e >= b) break;
  }
  return total;
}

function toMs(d: Date, name: string): number {
  const ms = d instanceof Date ? d.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new TypeError(`Ayuda: ${name} must be a valid Date.`);
  return ms;
}

function checkMinutes(minutes: number): number {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`Ayuda: minutes must be a finite number of zero or more, not ${minutes}.`);
  return Math.round(minutes * MINUTE);
}

/** Whether the company is open at instant `at` (intervals are open at their start, closed at their end). */
export function isOpen(at: Date, hours: BusinessHours): boolean {
  const h = compileHours(hours);
  const ms = toMs(at, 'at');
  const day = localDayOfCached(ms, h.timeZone);
  for (let d = day - 1; d <= day; d++) {
    for (const [s, e] of daySpans(h, d)) if (s <= ms && ms < e) return true;
  }
  return false;
}

/** `at` itself if open then, otherwise the next instant the company opens. */
export function nextOpening(at: Date, hours: BusinessHours): Date {
  const h = compileHours(hours);
  assertOpenWeek(h);
  return new Date(addCounted(h, toMs(at, 'at'), 0)!);
}

/**
 * The instant at which `minutes` of business time have elapsed from `start`. A start outside
 * business hours starts the clock at the next opening. A result that ends an interval exactly
 * is that interval's end, not the next opening. `minutes` may be fractional (millisecond precision).
 */
export function addBusinessMinutes(start: Date, minutes: number, hours: BusinessHours): Date {
  const h = compileHours(hours);
  assertOpenWeek(h);
  return new Date(addCounted(h, toMs(start, 'start'), checkMinutes(minutes))!);
}

/** Business minutes between `a` and `b` (negative if `b` is before `a`); may be fractional. */
export function businessMinutesBetween(a: Date, b: Date, hours: BusinessHours): number {
  const h = compileHours(hours);
  return countedBetween(h, toMs(a, 'a'), toMs(b, 'b')) / MINUTE;
}

export { DAY, MINUTE };
