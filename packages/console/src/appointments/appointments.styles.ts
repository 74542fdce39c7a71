// The appointments screens' styles: the calendar grid with its states (drawn with a pattern and
// words as well as colour, so they survive forced colours and print) and the editors' forms.
import { css } from 'lit';

export const calendarStyles = css`
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 0.75rem;
    align-items: flex-end;
    margin-bottom: 0.5rem;
  }
  .segmented {
    display: inline-flex;
  }
  .segmented button[aria-pressed='true'] {
    background: var(--ayuda-surface-2);
    font-weight: 600;
    box-shadow: inset 0 -3px 0 var(--ayuda-primary);
  }
  .zone {
    margin: 0.25rem 0;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    list-style: none;
    padding: 0;
    margin: 0.25rem 0 0.75rem;
    font-size: 0.875rem;
  }
  .legend li {
    display: inline-flex;
    align-items: center;
    gap: 0.35rem;
  }
  .swatch {
    display: inline-grid;
    place-items: center;
    width: 1.5rem;
    height: 1rem;
    font-size: 0.7rem;
    border-radius: 3px;
  }
  .scroll {
    overflow-x: auto;
  }
  table[role='grid'] {
    border-collapse: collapse;
    min-width: 100%;
    table-layout: fixed;
  }
  table[role='grid'] th,
  table[role='grid'] td {
    border: 1px solid var(--ayuda-surface-2);
    padding: 0.25rem;
    vertical-align: top;
    min-width: 8.5rem;
  }
  table[role='grid'] th.time {
    min-width: 3.5rem;
    width: 3.5rem;
    font-variant-numeric: tabular-nums;
  }
  /*
   * On a phone the fixed layout squeezed a week into the screen (a day's column 30 px wide, its
   * words over the next, its cells' min-width ignored): laid out by content, the columns keep
   * their min-width and the grid scrolls in its box, the hours staying in sight.
   */
  @media (max-width: 47.99rem) {
    table[role='grid'] {
      table-layout: auto;
    }
    table[role='grid'] th.time {
      position: sticky;
      inset-inline-start: 0;
      z-index: 1;
      background: var(--ayuda-surface);
    }
  }
  td:focus-visible,
  .appt:focus-visible {
    outline: 3px solid var(--ayuda-focus);
    outline-offset: -3px;
  }
  td p {
    margin: 0 0 0.2rem;
    font-size: 0.8125rem;
    border-radius: 3px;
    padding: 0.1rem 0.3rem;
  }
  .unit.free,
  .swatch.free {
    border: 1px solid var(--ayuda-ok);
    color: var(--ayuda-ok);
  }
  /* The reserve: diagonal stripes, a star and its name, never colour alone. */
  .unit.held,
  .swatch.held {
    border: 2px solid var(--ayuda-fast);
    color: var(--ayuda-fast);
    font-weight: 600;
    background: repeating-linear-gradient(135deg, var(--ayuda-fast-bg) 0 6px, transparent 6px 10px);
  }
  .unit.released,
  .swatch.released {
    border: 1px dashed var(--ayuda-fast);
    color: var(--ayuda-text);
  }
  .appt,
  .swatch.appt {
    background: var(--ayuda-surface-2);
    border: 1px solid var(--ayuda-border);
    border-left: 4px solid var(--ayuda-primary);
  }
  .appt {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 0.15rem;
    width: 100%;
    text-align: left;
    margin-bottom: 0.25rem;
    font-size: 0.8125rem;
  }
  .appt.fast {
    border-left-color: var(--ayuda-fast);
  }
  .appt .when {
    font-variant-numeric: tabular-nums;
  }
  .badge.reserve {
    color: var(--ayuda-fast);
  }
  .badge.pending {
    color: var(--ayuda-risk);
  }
  td.absent,
  .swatch.absent {
    background: repeating-linear-gradient(45deg, var(--ayuda-surface-2) 0 4px, transparent 4px 8px);
  }
  .absence {
    font-style: italic;
    color: var(--ayuda-muted);
  }
  @media (forced-colors: active) {
    .unit.held,
    .swatch.held,
    td.absent,
    .swatch.absent {
      background: none;
      border-style: double;
      border-width: 3px;
    }
  }
`;

export const formStyles = css`
  form .grid {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    margin-bottom: 0.75rem;
  }
  .field {
    min-width: 10rem;
  }
  .field.wide {
    display: flex;
    width: 100%;
    margin-bottom: 0.5rem;
  }
  .hint {
    font-size: 0.8125rem;
  }
  .check {
    flex-direction: row;
    align-items: center;
    gap: 0.35rem;
    color: var(--ayuda-text);
  }
  fieldset {
    border: 1px solid var(--ayuda-border);
    border-radius: var(--ayuda-radius);
    margin: 0 0 0.75rem;
  }
  fieldset .check {
    margin-right: 1rem;
  }
  .actions {
    display: flex;
    gap: 0.5rem;
    flex-wrap: wrap;
  }
  .data {
    font-family: var(--ayuda-mono);
    font-size: 0.8125rem;
  }
  h3 {
    font-size: 1rem;
    margin: 0.75rem 0 0.5rem;
  }
`;
