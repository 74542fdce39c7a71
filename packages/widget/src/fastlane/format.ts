// Money and dates in the fast lane's texts, in the language of its strings.
import { minorDigits } from '@ayuda/core/format';
import { dateText } from '../i18n/dates.js';
import type { FastlaneStrings } from './strings.js';

const intlLocale = (s: FastlaneStrings) => (s.locale === 'en' ? 'en-GB' : 'es-ES');

/** `amount` in minor units of `currency`, with the currency's own digits: "9,90 €", "500 JPY". */
export function money(s: FastlaneStrings, amount: number, currency: string): string {
  const code = currency.toUpperCase();
  return new Intl.NumberFormat(intlLocale(s), { style: 'currency', currency: code }).format(amount / 10 ** minorDigits(code));
}

/** A date in the company's time zone `tz` (with the time and the zone named when `time`), or '' for none. */
export const longDate = (s: FastlaneStrings, tz: string | null | undefined, iso: string | null | undefined, time = false): string => dateText(s.locale, tz, iso, time);
