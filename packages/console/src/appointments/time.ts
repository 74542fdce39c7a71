// Wall-clock time in the company's zone for the appointments screens: the calendar draws and
// staff type times as the company's clock shows them, whatever the browser's own zone.
import { addDaysToDate } from '@ayuda/core/periods';

const INTL: Record<'es' | 'en', string> = { es: 'es-ES', en: 'en-GB' };
const readers = new Map<string, Intl.DateTimeFormat>();

function reader(timeZone: string): Intl.DateTimeFormat {
  let f = readers.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    readers.set(timeZone, f);
  }
  return f;
}

/** What the wall clock in `timeZone` shows at an instant: its date (`YYYY-MM-DD`) and minutes since midnight. */
export function wall(at: string | number, timeZone: string): { date: string; minutes: number } {
  const parts = Object.fromEntries(reader(timeZone).formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: (Number(parts.hour) % 24) * 60 + Number(parts.minute) };
}

/** The zone's offset (ms, east positive) at an instant. */
function offsetAt(ms: number, timeZone: string): number {
  const w = wall(ms, timeZone);
  return Date.parse(`${w.date}T00:00:00Z`) + w.minutes * 60_000 - Math.floor(ms / 60_000) * 60_000;
}

/**
 * The instant the wall clock in `timeZone` shows `date` at `time` (`HH:MM`), as ISO. A time
 * skipped when clocks go forward is read that long after the jump (02:30 → 03:30); a time that
 * happens twice when they go back is its first occurrence (Temporal's "compatible" reading).
 */
export function zonedInstant(date: string, time: string, timeZone: string): string {
  const local = Date.parse(`${date}T${time}:00Z`);
  // The offsets a day either side: at most one change lies between them.
  const before = offsetAt(local - 86_400_000, timeZone);
  const after = offsetAt(local + 86_400_000, timeZone);
  const readings = [local - before, local - after].filter((t) => offsetAt(t, timeZone) === local - t);
  return new Date(readings.length ? Math.min(...readings) : local - before).toISOString();
}

/** Today's date in `timeZone`. */
export function today(timeZone: string, now = Date.now()): string {
  return wall(now, timeZone).date;
}

/** The Monday of the week holding `date`. */
export function mondayOf(date: string): string {
  const dow = new Date(`${date}T12:00:00Z`).getUTCDay();
  return addDaysToDate(date, -((dow + 6) % 7));
}

export { addDaysToDate };

/** `HH:MM` of minutes since midnight. */
export function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A date (`YYYY-MM-DD`) as the screen says it: "Mon 23 Nov" / "lun 23 nov". */
export function dayLabel(locale: 'es' | 'en', date: string, long = false): string {
  return new Intl.DateTimeFormat(INTL[locale], { timeZone: 'UTC', weekday: long ? 'long' : 'short', day: 'numeric', month: long ? 'long' : 'short', ...(long ? { year: 'numeric' } : {}) }).format(new Date(`${date}T12:00:00Z`));
}

/** An instant as the company's clock shows it, with its date: "Mon 23 Nov, 10:30". */
export function whenLabel(locale: 'es' | 'en', at: string, timeZone: string): string {
  return new Intl.DateTimeFormat(INTL[locale], { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(at));
}

/** An instant's time on the company's clock: "10:30". */
export function timeLabel(at: string, timeZone: string): string {
  return hhmm(wall(at, timeZone).minutes);
}
