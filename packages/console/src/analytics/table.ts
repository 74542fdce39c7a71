// A table of the analytics screen, with its "Download CSV": what the screen shows (formatted for
// people) and what the file holds (plain values a spreadsheet can compute with) side by side.
import { css, html, type TemplateResult } from 'lit';
import type { CsvValue } from '@ayuda/core/csv';
import { csvFileName, downloadCsv } from './download.js';
import type { AnalyticsStrings } from './i18n.js';
import { tableScrollStyles } from '../styles/screen.styles.js';

export interface TableDef {
  /** The file name's part: `first-response` → ayuda-analytics-first-response-<from>-<to>.csv. */
  name: string;
  caption: string;
  /** The caption is for screen readers only: a heading right above already says it. */
  captionHidden?: boolean;
  /** The header row; `numeric` columns align right. */
  columns: ReadonlyArray<{ label: string; numeric?: boolean }>;
  /** The rows as shown; each row's first cell is its header. */
  rows: ReadonlyArray<readonly string[]>;
  /** The file's header and rows. */
  csvHeader: readonly string[];
  csvRows: ReadonlyArray<readonly CsvValue[]>;
}

/** The period the screen shows, as local dates (`YYYY-MM-DD`), for file names. */
export interface Period {
  from: string;
  to: string;
}

export const tableStyles = css`
  ${tableScrollStyles}
  table {
    border-collapse: collapse;
    width: 100%;
    font-variant-numeric: tabular-nums;
  }
  caption {
    text-align: left;
    font-weight: 600;
    padding-bottom: 0.35rem;
  }
  th,
  td {
    text-align: left;
    padding: 0.35rem 0.5rem;
    border-bottom: 1px solid var(--ayuda-surface-2);
    vertical-align: top;
  }
  thead th {
    font-size: 0.875rem;
    color: var(--ayuda-muted);
  }
  .num {
    text-align: right;
  }
  .table-actions {
    margin: 0.4rem 0 0;
  }
`;

export function renderTable(def: TableDef, t: AnalyticsStrings, period: Period): TemplateResult {
  const save = () => downloadCsv(csvFileName(def.name, period.from, period.to), def.csvHeader, def.csvRows);
  // A phone scrolls the figures sideways in their own box (cardStyles' .table-scroll), not the page.
  return html`<div class="table-scroll" role="group" tabindex="0" aria-label=${def.caption}><table data-name=${def.name}>
      <caption class=${def.captionHidden ? 'visually-hidden' : ''}>${def.caption}</caption>
      <thead>
        <tr>
          ${def.columns.map((c) => html`<th scope="col" class=${c.numeric ? 'num' : ''}>${c.label}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${def.rows.map(
          (r) => html`<tr>
            <th scope="row">${r[0]}</th>
            ${r.slice(1).map((cell, i) => html`<td class=${def.columns[i + 1]?.numeric ? 'num' : ''}>${cell}</td>`)}
          </tr>`,
        )}
      </tbody>
    </table></div>
    <p class="table-actions"><button type="button" class="csv" aria-label=${t.csvFor(def.caption)} @click=${save}>${t.downloadCsv}</button></p>`;
}
