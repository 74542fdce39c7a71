// Money typed by staff, in minor units as the server and Stripe keep it: the number of digits
// after the point is the currency's own (EUR 2, JPY 0, KWD 3), as Intl knows it, never "× 100".

const digits = new Map<string, number>();

/** The currency's minor-unit digits (2 for a code Intl does not know). */
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

/** Minor units as an input's value ("19.90", "500", "1.250"). */
export function fromMinorUnits(amount: number, currency: string): string {
  const d = minorDigits(currency);
  return (amount / 10 ** d).toFixed(d);
}

/** An `<input pattern>` for amounts of the currency (at most its digits after the point). */
export function moneyPattern(currency: string): string {
  const d = minorDigits(currency);
  return d === 0 ? '[0-9]+' : `[0-9]+([.,][0-9]{1,${d}})?`;
}

/** For an input whose currency is only known on submit: up to three decimals, checked then. */
export const ANY_MONEY_PATTERN = '[0-9]+([.,][0-9]{1,3})?';

/**
 * The fast lane's default currency: hourly costs are in the fast lane's currency and an
 * opportunity without one gets it, but the console is not told which it is (see docs/console.md).
 */
export const DEFAULT_CURRENCY = 'eur';
