// CSV for spreadsheets: RFC 4180 (comma, CRLF, quotes doubled), UTF-8 with a byte order mark
// so Excel reads the accents, and no cell a spreadsheet would run as a formula.

// The cells and the document are @ayuda/core's (the console's downloads write the same CSV).
export { csvCell, toCsv } from '@ayuda/core/csv';

/** Digits after the decimal point of a currency (2 for EUR, 0 for JPY, 3 for KWD). */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Minor units as a plain decimal in the currency, without float rounding: 1999 EUR → "19.99", 500 JPY → "500". */
export function decimalAmount(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const s = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, '0');
  return digits ? `${sign}${s.slice(0, -digits)}.${s.slice(-digits)}` : sign + s;
}
