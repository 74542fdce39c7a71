// Money and dates in the fast lane's texts, in the language of its strings.
import type { FastlaneStrings } from './strings.js';

const intlLocale = (s: FastlaneStrings) => (s.locale === 'en' ? 'en-GB' : 'es-ES');

/** `amount` in minor units of `currency`, e.g. "9,90 €". */
export function money(s: FastlaneStrings, amount: number, currency: string): string {
  return new Intl.NumberFormat(intlLocale(s), { style: 'currency', currency: currency.toUpperCase() }).format(amount / 100);
}

/** A long date (with the time when `time`), or '' for none. */
export function longDate(s: FastlaneStrings, iso: string | null | undefined, time = false): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(intlLocale(s), time ? { dateStyle: 'long', timeStyle: 'short' } : { dateStyle: 'long' }).format(new Date(iso));
}
