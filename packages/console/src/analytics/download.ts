// "Download CSV" for the analytics tables: the CSV every Ayuda export writes (@ayuda/core/csv:
// formulas neutralised, quotes doubled, CRLF, a byte order mark for Excel), saved under a name
// that says what and which period: ayuda-analytics-<name>-<from>-<to>.csv.
import { toCsv, type CsvValue } from '@ayuda/core/csv';

/** `ayuda-analytics-first-response-2026-10-01-2026-10-31.csv`; the name is kept to letters, digits and hyphens. */
export function csvFileName(name: string, from: string, to: string): string {
  const safe = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'table';
  return `ayuda-analytics-${safe}-${from}-${to}.csv`;
}

/** Saves `rows` under `header` as a CSV file the browser downloads. */
export function downloadCsv(fileName: string, header: readonly string[], rows: ReadonlyArray<readonly CsvValue[]>): void {
  const blob = new Blob([toCsv(header, rows)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The click has handed the file to the browser; the address is not needed after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
