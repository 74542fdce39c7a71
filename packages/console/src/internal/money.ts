// Money typed by staff, in minor units as the server and Stripe keep it: the number of digits
// after the point is the currency's own (EUR 2, JPY 0, KWD 3), as Intl knows it, never "× 100".

import { minorDigits } from '@ayuda/core/format';

export { minorDigits };

/**
 * A typed amount ("19,90", "500", "1.250") in minor units: null when empty, NaN when it is no
 * amount or has more decimals than the currency. Read as text, so 4.35 is 435, not 434.
 */
export function toMinorUnits(text: string, currency: string): number | null {
  const t = text.trim();
  if (!t) return null;
  const m = /^(\d{1,12})(?:[.,](\d+))?$/.exec(t);
  const d = minorDigits(currency);
  if (!m || (m[2] ?? '').length > d) return NaN;
  return Number(m[1]) * 10 ** d + Number((m[2] ?? '').padEnd(d, '0') || '0');
}

/**
 * Minor units as an input's value, with the decimal mark of the console's language: "19.90",
 * "500", "1.250" in English; "19,90", "1,250" in Spanish, where "1.250" reads as a thousand and
 * more. No grouping (toMinorUnits reads either mark, and no thousands separator).
 */
export function fromMinorUnits(amount: number, currency: string, locale: 'es' | 'en' = 'en'): string {
  const d = minorDigits(currency);
  const text = (amount / 10 ** d).toFixed(d);
  return locale === 'es' ? text.replace('.', ',') : text;
}

/** An `<input pattern>` for amounts of the currency (at most its digits after the point). */
export function moneyPattern(currency: string): string {
  const d = minorDigits(currency);
  return d === 0 ? '[0-9]+' : `[0-9]+([.,][0-9]{1,${d}})?`;
}

/** For an input whose currency is only known on submit: up to three decimals, checked then. */
export const ANY_MONEY_PATTERN = '[0-9]+([.,][0-9]{1,3})?';

/**
 * The fast lane's currency until a component is told the installation's (the staff session's
 * `settings.currency`, which the console passes down): the server's own default.
 */
export const DEFAULT_CURRENCY = 'eur';
