// CSV for spreadsheets, shared by the server's exports and the console's "Download CSV": RFC 4180
// (comma, CRLF, quotes doubled), UTF-8 with a byte order mark so Excel reads the accents, and no
// cell a spreadsheet would run as a formula. No zod and no I/O (`@ayuda/core/csv`).

/** Characters that make a spreadsheet read a cell as a formula (OWASP's list, with their full-width forms). */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export type CsvValue = string | number | null | undefined;

/** Text that is a plain decimal number (`-15.95`, an amount in major units): a spreadsheet reads it as a number, never a formula. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * One cell: text that looks like a formula gets a leading apostrophe; quoted when it holds a
 * comma, quote or line break. Numbers are written as they are (a negative number is a number,
 * not a formula), and so is text that is a plain number (`-15.95`: an apostrophe would make the
 * spreadsheet read it as text); null and undefined are empty.
 */
export function csvCell(value: CsvValue): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (typeof value === 'string' && FORMULA_START.test(s) && !PLAIN_NUMBER.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The document: the byte order mark, the header row, the rows, each line ended by CRLF. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvValue[]>): string {
  return '\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(',') + '\r\n').join('');
}
