// Money and dates in the fast lane's texts, in the language of its strings.
import { formatWait, minorDigits } from '@ayuda/core/format';
import { dateText } from '../i18n/dates.js';
import type { FastlaneStrings } from './strings.js';

const intlLocale = (s: FastlaneStrings) => (s.locale === 'en' ? 'en-GB' : 'es-ES');

/** `amount` in minor units of `currency`, with the currency's own digits: "9,90 €", "500 JPY". */
export function money(s: FastlaneStrings, amount: number, currency: string): string {
  const code = currency.toUpperCase();
  return new Intl.NumberFormat(intlLocale(s), { style: 'currency', currency: code }).format(amount / 10 ** minorDigits(code));
}

/** A wait in minutes as a person reads it: "20 min", "3 h" / "20 mins", "3 hrs". */
export const wait = (s: FastlaneStrings, minutes: number): string => formatWait(s.locale, minutes);

/** A date in the company's time zone `tz` (with the time and the zone named when `time`), or '' for none. */
export const longDate = (s: FastlaneStrings, tz: string | null | undefined, iso: string | null | undefined, time = false): string => dateText(s.locale, tz, iso, time);
