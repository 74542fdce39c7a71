// How times and money read to a customer, one style per language, shared by the widget, the
// help portal and mail so that a due time reads the same everywhere: in the company's time
// zone, with the zone named, since the customer may be elsewhere.
import type { Locale } from './api.js';

const INTL_LOCALE: Record<Locale, string> = { es: 'es-ES', en: 'en-GB' };

/** "lunes, 23 de noviembre de 2026, 10:00 CET" / "Monday 23 November 2026, 10:00 CET". */
export const DATE_TIME_STYLE: Intl.DateTimeFormatOptions = {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
};

/**
 * Formatters by language and zone, made once: building an Intl.DateTimeFormat costs far more
 * than formatting with one, and a server formats a due time or an amount for every mail it writes. The
 * pairs in use are few (two languages, the company's zone); the cap keeps a caller that passes
 * many zones from growing it without end.
 */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const FORMATS_MAX = 64;
const moneyFormats = new Map<string, Intl.NumberFormat>();

function dateTimeFormat(locale: Locale, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale} ${timeZone}`;
  let f = dateTimeFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(INTL_LOCALE[locale] ?? locale, { ...DATE_TIME_STYLE, timeZone });
    if (dateTimeFormats.size >= FORMATS_MAX) dateTimeFormats.clear();
    dateTimeFormats.set(key, f);
  }
  return f;
}

/** An instant in the company's time zone, with the zone named; '' for none. */
export function formatDateTime(locale: Locale, timeZone: string, at: Date | string | null | undefined): string {
  if (!at) return '';
  return dateTimeFormat(locale, timeZone).format(typeof at === 'string' ? new Date(at) : at);
}

/**
 * A span of time in the company's time zone, the zone named once: "lunes, 23 de noviembre de
 * 2026, 10:00–12:00 CET" on one day, both ends in full across days.
 */
export function formatWindow(locale: Locale, timeZone: string, start: Date | string, end: Date | string): string {
  const a = typeof start === 'string' ? new Date(start) : start;
  const b = typeof end === 'string' ? new Date(end) : end;
  const tag = INTL_LOCALE[locale] ?? locale;
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(d);
  if (day(a) !== day(b)) return `${formatDateTime(locale, timeZone, a)} – ${formatDateTime(locale, timeZone, b)}`;
  const { timeZoneName: _zone, ...noZone } = DATE_TIME_STYLE;
  const first = new Intl.DateTimeFormat(tag, { ...noZone, timeZone }).format(a);
  const last = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', timeZoneName: 'short', timeZone }).format(b);
  return `${first}–${last}`;
}

/** A day (no time) in the company's time zone: "23 de noviembre de 2026" / "23 November 2026". */
export function formatDate(locale: Locale, timeZone: string, at: Date | string | null | undefined): string {
  if (!at) return '';
  return new Intl.DateTimeFormat(INTL_LOCALE[locale] ?? locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(typeof at === 'string' ? new Date(at) : at);
}

const digits = new Map<string, number>();

/**
 * How many digits an ISO 4217 currency has after the point, as Intl knows it: the power of ten
 * between its minor units (what Stripe and the database keep) and the amount a person reads.
 * EUR 2, JPY 0, KWD and BHD 3; 2 for a code Intl does not know. Money is never "/ 100".
 */
export function minorDigits(currency: string): number {
  const code = currency.trim().toUpperCase();
  let d = digits.get(code);
  if (d === undefined) {
    try {
      d = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      d = 2;
    }
    digits.set(code, d);
  }
  return d;
}

/**
 * Amounts already formatted: a server writes the same few (each plan's price and its tax) into
 * every receipt, and Intl's formatting showed in the webhook server's profile (about 1 % of its
 * CPU). Capped like the formatters.
 */
const formattedMoney = new Map<string, string>();
const FORMATTED_MONEY_MAX = 1_000;

/** An amount in minor units of an ISO currency, with the currency's own digits: "9,90 €" / "€9.90", "¥500", "KWD 1.250". */
export function formatMoney(locale: Locale, amount: number, currency: string): string {
  const code = currency.trim().toUpperCase();
  const key = `${locale}\u0000${code}`;
  // -0 and 0 share a key but not a text ("-0,00 €"): -0 is formatted each time.
  const done = Object.is(amount, -0) ? '' : `${key}\u0000${amount}`;
  const known = formattedMoney.get(done);
  if (known !== undefined) return known;
  let f = moneyFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(INTL_LOCALE[locale] ?? locale, { style: 'currency', currency: code });
    if (moneyFormats.size >= FORMATS_MAX) moneyFormats.clear();
    moneyFormats.set(key, f);
  }
  const text = f.format(amount / 10 ** minorDigits(code));
  if (formattedMoney.size >= FORMATTED_MONEY_MAX) formattedMoney.clear();
  if (done) formattedMoney.set(done, text);
  return text;
}

/**
 * A wait in minutes as a person reads it, rounded by `humaneDuration` and written by Intl:
 * "20 min", "3 h", "2 días" / "20 mins", "3 hrs", "2 days".
 */
export function formatWait(locale: string, minutes: number): string {
  const { value, unit } = humaneDuration(minutes);
  const tag = INTL_LOCALE[locale as Locale] ?? locale;
  return new Intl.NumberFormat(tag, { style: 'unit', unit, unitDisplay: unit === 'day' ? 'long' : 'short' }).format(value);
}

export type HumaneUnit = 'minute' | 'hour' | 'day';

/**
 * A wait rounded as a person says it: minutes under an hour, whole hours under two days, then
 * whole days (each rounded to the nearest, at least 1). 59.6 min reads "1 h", 47 h 40 min "2 days".
 */
export function humaneDuration(minutes: number): { value: number; unit: HumaneUnit } {
  const m = Math.max(1, Math.round(minutes));
  if (m < 60) return { value: m, unit: 'minute' };
  const h = Math.round(m / 60);
  if (h < 48) return { value: h, unit: 'hour' };
  return { value: Math.max(2, Math.round(m / 1440)), unit: 'day' };
}
