// Calendar periods in the company's time zone, for the analytics series and the console's date
// range: local days, ISO weeks (Monday first) and months as UTC instants, across daylight-saving
// changes. No zod and no I/O, so the console's analytics chunk can import it alone
// (`@ayuda/core/periods`).
import { DAY, localDayOf, localToUtc, wallClock } from './sla/zone.js';

export const SERIES_INTERVALS = ['day', 'week', 'month'] as const;
export type SeriesInterval = (typeof SERIES_INTERVALS)[number];

/** The longest period analytics cover, in days (three years and a leap day): ANALYTICS_LIMITS.maxDays. */
export const PERIOD_MAX_DAYS = 1096;

/**
 * The longest period between two instants: PERIOD_MAX_DAYS days, and an hour more. That many
 * local days chosen in the console (midnight to midnight in the company's zone) last an hour
 * longer when they start in summer time and end in winter time, and must still be accepted.
 */
export const PERIOD_MAX_MS = PERIOD_MAX_DAYS * DAY + 3_600_000;

/** Whether [from, to) (ISO instants) is no longer than PERIOD_MAX_MS; true when either is missing. */
export function withinMaxPeriod(from: string | undefined, to: string | undefined): boolean {
  return !from || !to || Date.parse(to) - Date.parse(from) <= PERIOD_MAX_MS;
}

export const SERIES_LIMITS = {
  /** The most buckets one series answers (per lane); more is refused with 422. */
  maxBuckets: 400,
  /** Without `interval`: days for a period up to this many days long… */
  dayUpToDays: 31,
  /** …weeks up to this many, months beyond. */
  weekUpToDays: 190,
} as const;

/** The interval a series uses when none is asked for: day up to 31 days, week up to 190, month beyond. */
export function defaultInterval(from: Date, to: Date): SeriesInterval {
  const days = (to.getTime() - from.getTime()) / DAY;
  return days <= SERIES_LIMITS.dayUpToDays ? 'day' : days <= SERIES_LIMITS.weekUpToDays ? 'week' : 'month';
}

/** `YYYY-MM-DD`: the date the wall clock in `timeZone` shows at `at`. */
export function localDate(at: Date, timeZone: string): string {
  return new Date(localDayOf(at.getTime(), timeZone) * DAY).toISOString().slice(0, 10);
}

/** The instant local day `date` (`YYYY-MM-DD`) begins in `timeZone` (its first instant if midnight is skipped); null for no real date. */
export function startOfLocalDate(date: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== date) return null;
  return new Date(localToUtc(ms, timeZone));
}

/** `YYYY-MM-DDTHH:MM`: the wall clock in `timeZone` at `at`, as a `datetime-local` field holds it. */
export function localDateTime(at: Date, timeZone: string): string {
  return new Date(wallClock(at.getTime(), timeZone)).toISOString().slice(0, 16);
}

/**
 * The instant a wall-clock reading `YYYY-MM-DDTHH:MM` (a `datetime-local` field's value) names in
 * `timeZone`; null for no real date and time. A reading in the hour skipped when clocks go forward
 * is the moment they jump; one in the hour repeated, its first occurrence.
 */
export function zonedLocalDateTime(value: string, timeZone: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/.test(value)) return null;
  const ms = Date.parse(`${value}:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 16) !== value) return null;
  return new Date(localToUtc(ms, timeZone));
}

/** `date` moved by `days` (calendar arithmetic on `YYYY-MM-DD`, no zone involved). */
export function addDaysToDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** The local day number (days since 1970-01-01) on which the bucket holding local day `day` starts. */
function bucketStartDay(day: number, interval: SeriesInterval): number {
  if (interval === 'day') return day;
  if (interval === 'week') return day - ((((day + 3) % 7) + 7) % 7); // day 0 was a Thursday: Monday is 3 days before it
  const d = new Date(day * DAY);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY;
}

function nextBucketDay(start: number, interval: SeriesInterval): number {
  if (interval === 'day') return start + 1;
  if (interval === 'week') return start + 7;
  const d = new Date(start * DAY);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY;
}

/**
 * The calendar buckets (local days, Monday-first weeks or months in `timeZone`) that cover
 * [from, to), each clipped to the period, so the first and last may be partial. Stops after
 * `limit` buckets (the caller refuses a series longer than its limit before computing it).
 */
export function seriesBuckets(from: Date, to: Date, interval: SeriesInterval, timeZone: string, limit: number = SERIES_LIMITS.maxBuckets + 1): Array<{ start: Date; end: Date }> {
  const out: Array<{ start: Date; end: Date }> = [];
  const end = to.getTime();
  // The wall-clock day `from` falls on (wallClock keeps the local reading; its day is the local date).
  let day = bucketStartDay(Math.floor(wallClock(from.getTime(), timeZone) / DAY), interval);
  let start = from.getTime();
  while (start < end && out.length < limit) {
    const next = nextBucketDay(day, interval);
    const stop = Math.min(end, localToUtc(next * DAY, timeZone));
    out.push({ start: new Date(start), end: new Date(stop) });
    start = stop;
    day = next;
  }
  return out;
}

/**
 * Whether the bucket [start, end) of a series is shorter than its calendar day, week or month in
 * `timeZone`: the first or last bucket of a period that starts or ends inside one (today, this
 * week, a 30-day view's months). Its figures cover part of its time and may still change.
 */
export function isPartialBucket(start: Date, end: Date, interval: SeriesInterval, timeZone: string): boolean {
  const day = bucketStartDay(Math.floor(wallClock(start.getTime(), timeZone) / DAY), interval);
  return start.getTime() > localToUtc(day * DAY, timeZone) || end.getTime() < localToUtc(nextBucketDay(day, interval) * DAY, timeZone);
}
