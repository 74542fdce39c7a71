// Dates, money and durations as the console shows them: Intl in the console's language, in the
// browser's time zone (staff work in the company's), or in the zone given: a case's screen shows
// every time in the company's zone (the case's `timeZone`), where its deadlines are meant.
import { minorDigits } from '@ayuda/core/format';
import { localDateTime, zonedLocalDateTime } from '@ayuda/core/periods';
import type { StaffSla } from '@ayuda/client/staff';
import type { Catalogue } from '../i18n/types.js';

const INTL: Record<'es' | 'en', string> = { es: 'es-ES', en: 'en-GB' };

/** Intl's format in `timeZone`; a zone Intl does not know is UTC, said by the caller's label. */
function format(cat: Catalogue, o: Intl.DateTimeFormatOptions, iso: string, timeZone?: string): string {
  try {
    return new Intl.DateTimeFormat(INTL[cat.locale], { ...o, ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(INTL[cat.locale], { ...o, timeZone: 'UTC' }).format(new Date(iso));
  }
}

/** The time of day with seconds (`14:05:09`), for a log whose entries may be seconds apart. */
export function timeOfDay(cat: Catalogue, iso: string | null | undefined): string {
  return iso ? format(cat, { timeStyle: 'medium' }, iso) : '';
}

/** A date and time; in `timeZone` when given, else the browser's. */
export function dateTime(cat: Catalogue, iso: string | null | undefined, timeZone?: string): string {
  return iso ? format(cat, { dateStyle: 'medium', timeStyle: 'short' }, iso, timeZone) : '';
}

/** A day; in `timeZone` when given, else the browser's. */
export function date(cat: Catalogue, iso: string | null | undefined, timeZone?: string): string {
  return iso ? format(cat, { dateStyle: 'medium' }, iso, timeZone) : '';
}

/** The browser's IANA time zone ('' if it does not say). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? '';
}

/** "Times in <the company's zone>", naming the browser's too when it differs: above a screen whose times are the company's. */
export function zoneNote(cat: Catalogue, timeZone: string): string {
  const yours = browserTimeZone();
  return cat.timesInZone(timeZone, yours && yours !== timeZone ? yours : null);
}

/** An amount in minor units of `currency` (its own digits: EUR 2, JPY 0, KWD 3). */
export function money(cat: Catalogue, amount: number, currency: string): string {
  const code = currency.toUpperCase();
  try {
    return new Intl.NumberFormat(INTL[cat.locale], { style: 'currency', currency: code }).format(amount / 10 ** minorDigits(code));
  } catch {
    const d = minorDigits(code);
    return `${(amount / 10 ** d).toFixed(d)} ${code}`;
  }
}

/** `3725` seconds → `1:02:05`. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** The SLA countdown as words (the state is said, never shown by colour alone). */
export function slaText(cat: Catalogue, sla: StaffSla): string {
  const left = sla.remainingMinutes;
  switch (sla.state) {
    case 'breached':
      return cat.slaBreached(cat.duration(left ?? 0));
    case 'at_risk':
      return cat.slaAtRisk(cat.duration(left ?? 0));
    case 'ok':
      return left === null ? cat.slaNone : cat.slaLeft(cat.duration(left));
    case 'paused':
      return cat.slaPaused;
    default:
      return cat.slaNone;
  }
}

/** The mark beside the SLA text: ✕ breached, ⚠ at risk, ‖ paused (U+2016: U+23F8 ⏸ is missing from common fonts such as DejaVu and showed as a box). */
export function slaMark(sla: StaffSla): string {
  return sla.state === 'breached' ? '✕' : sla.state === 'at_risk' ? '⚠' : sla.state === 'paused' ? '‖' : '';
}

/** `<input type=datetime-local>`'s value for an instant: in `timeZone` when given, else the browser's. */
export function toLocalInput(iso: string, timeZone?: string): string {
  if (timeZone) {
    try {
      return localDateTime(new Date(iso), timeZone);
    } catch {
      /* a zone Intl does not know: the browser's */
    }
  }
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The instant of a `datetime-local` value (in `timeZone` when given, else the browser's), as ISO; null when empty or invalid. */
export function fromLocalInput(value: string, timeZone?: string): string | null {
  if (!value) return null;
  if (timeZone) {
    try {
      return zonedLocalDateTime(value, timeZone)?.toISOString() ?? null;
    } catch {
      /* a zone Intl does not know: the browser's */
    }
  }
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
