// Wall-clock time in an IANA zone, with Intl only: offsets, local dates, and local times to
// instants across daylight-saving changes.

export const MINUTE = 60_000;
export const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A cached formatter for `timeZone`; throws an `Ayuda:` error for an unknown zone. */
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        era: 'short',
      });
    } catch {
      throw new RangeError(`Ayuda: "${timeZone}" is not a time zone this runtime knows; use an IANA name such as "Europe/Madrid".`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` is an IANA zone that this runtime's Intl knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The wall-clock reading at instant `ms`, expressed as milliseconds since the epoch as if the
 * wall clock were UTC (so `localMs - ms` is the zone's offset). Whole seconds only: the
 * sub-second part of `ms` is carried over unchanged.
 */
export function wallClock(ms: number, timeZone: string): number {
  const sub = ((ms % 1000) + 1000) % 1000;
  const parts = formatter(timeZone).formatToParts(ms - sub);
  let year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  let bc = false;
  for (const p of parts) {
    switch (p.type) {
      case 'year': year = Number(p.value); break;
      case 'month': month = Number(p.value); break;
      case 'day': day = Number(p.value); break;
      case 'hour': hour = Number(p.value) % 24; break;
      case 'minute': minute = Number(p.value); break;
      case 'second': second = Number(p.value); break;
      case 'era': bc = p.value === 'BC' || p.value === 'B'; break;
    }
  }
  if (bc) year = 1 - year;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, sub);
  return d.getTime();
}

/** The zone's offset from UTC at instant `ms`, in milliseconds (east positive). */
export function offsetAt(ms: number, timeZone: string): number {
  return wallClock(ms, timeZone) - ms;
}

/** The local calendar day (days since 1970-01-01) that the wall clock shows at instant `ms`. */
export function localDayOf(ms: number, timeZone: string): number {
  return Math.floor(wallClock(ms, timeZone) / DAY);
}

/**
 * The instant at which the wall clock in `timeZone` shows `localMs` (a local reading written
 * as if it were UTC). A reading that happens twice (the hour repeated when clocks go back)
 * gives its first occurrence; a reading that never happens (the hour skipped when clocks go
 * forward) gives the first instant after the gap, the moment the clocks jump.
 */
export function localToUtc(localMs: number, timeZone: string): number {
  // At most one transition is assumed within a day either side, which holds for every zone in
  // the tz database since standard time began.
  const before = offsetAt(localMs - DAY, timeZone);
  const after = offsetAt(localMs + DAY, timeZone);
  const a = localMs - before;
  const validA = offsetAt(a, timeZone) === before;
  if (before === after) {
    if (validA) return a;
  } else {
    const b = localMs - after;
    const validB = offsetAt(b, timeZone) === after;
    if (validA && validB) return Math.min(a, b);
    if (validA) return a;
    if (validB) return b;
  }
  return transitionBetween(Math.min(localMs - before, localMs - after), Math.max(localMs - before, localMs - after), timeZone);
}

/**
 * The first instant in (lo, hi] whose offset differs from the offset at `lo`: the moment the
 * clocks jump over a gap. Transitions fall on whole seconds.
 */
function transitionBetween(lo: number, hi: number, timeZone: string): number {
  const o = offsetAt(lo, timeZone);
  let l = Math.floor(lo / 1000);
  let h = Math.ceil(hi / 1000);
  while (h - l > 1) {
    const m = Math.floor((l + h) / 2);
    if (offsetAt(m * 1000, timeZone) === o) l = m;
    else h = m;
  }
  return h * 1000;
}

const dayOffsets = new Map<string, Map<number, number>>();
const DAY_OFFSETS_MAX = 20_000;

/**
 * The zone's offset throughout local day `day`, or `NaN` if the day is near a transition.
 * Cached per zone (bounded), since the Intl look-ups are the engine's only real cost.
 */
function steadyOffset(day: number, timeZone: string): number {
  let cache = dayOffsets.get(timeZone);
  if (!cache) dayOffsets.set(timeZone, (cache = new Map()));
  let o = cache.get(day);
  if (o === undefined) {
    const start = day * DAY;
    const before = offsetAt(start - DAY, timeZone);
    const after = offsetAt(start + 2 * DAY, timeZone);
    o = before === after && offsetAt(start + DAY / 2 - before, timeZone) === before ? before : Number.NaN;
    if (cache.size >= DAY_OFFSETS_MAX) cache.clear();
    cache.set(day, o);
  }
  return o;
}

/**
 * `localDayOf`, faster on days far from a transition: the day's steady offset (cached) instead of
 * an Intl look-up per instant. The same answer (near a transition it asks `localDayOf`).
 */
export function localDayOfCached(ms: number, timeZone: string): number {
  const utcDay = Math.floor(ms / DAY);
  for (let d = utcDay - 1; d <= utcDay + 1; d++) {
    const o = steadyOffset(d, timeZone);
    if (!Number.isNaN(o) && Math.floor((ms + o) / DAY) === d) return d;
  }
  return localDayOf(ms, timeZone);
}

/**
 * Local wall-clock times to instants for one local day, fast when the day has no transition.
 * `minutes` are minutes since local midnight (0..1440).
 */
export function dayToUtc(day: number, minutes: readonly number[], timeZone: string): number[] {
  const start = day * DAY;
  const o = steadyOffset(day, timeZone);
  if (!Number.isNaN(o)) return minutes.map((m) => start + m * MINUTE - o);
  return minutes.map((m) => localToUtc(start + m * MINUTE, timeZone));
}

/** `YYYY-MM-DD` of a day number. */
export function dayKey(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** The day number of a `YYYY-MM-DD` date, or `NaN` if it is not a real date. */
export function dayOfKey(key: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!m) return Number.NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return Number.NaN;
  return ms / DAY;
}
