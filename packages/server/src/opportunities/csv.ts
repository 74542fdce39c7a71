// CSV for spreadsheets: RFC 4180 (comma, CRLF, quotes doubled), UTF-8 with a byte order mark
// so Excel reads the accents, and no cell a spreadsheet would run as a formula.

/** Characters that make a spreadsheet read a cell as a formula (OWASP's list, with their full-width forms). */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** One cell: a formula-looking value gets a leading apostrophe; quoted when it holds a comma, quote or line break. */
export function csvCell(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The document: the byte order mark, the header row, the rows, each line ended by CRLF. */
export function toCsv(header: string[], rows: Array<Array<string | number | null>>): string {
  return '\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(',') + '\r\n').join('');
}

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
