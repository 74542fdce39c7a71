// The knowledge-base screens' shared look: sections, tables, forms and the diff.
import { css } from 'lit';

export const kbStyles = css`
  :host {
    display: block;
  }
  section {
    background: var(--ayuda-surface);
    border: 1px solid var(--ayuda-border);
    border-radius: var(--ayuda-radius);
    padding: 0.75rem 0.9rem;
    margin-bottom: 1rem;
    overflow-x: auto;
  }
  h2 {
    font-size: 1.0625rem;
    margin-bottom: 0.5rem;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: left;
    padding: 0.4rem 0.5rem;
    border-bottom: 1px solid var(--ayuda-surface-2);
    vertical-align: top;
  }
  th {
    font-size: 0.875rem;
    color: var(--ayuda-muted);
  }
  tbody th {
    color: var(--ayuda-text);
    font-size: inherit;
  }
  form.row,
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 0.75rem;
    align-items: flex-end;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.2rem;
    flex: 1 1 14rem;
    min-width: 0;
    margin-bottom: 0.5rem;
  }
  .field > label {
    display: flex;
  }
  .field input,
  .field select,
  .field textarea {
    width: 100%;
  }
  /* The editor and its preview side by side where there is room. */
  .columns {
    display: grid;
    gap: 0 1rem;
  }
  @media (min-width: 1100px) {
    .columns {
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
      align-items: start;
    }
  }
  .field-error {
    color: var(--ayuda-danger);
    font-size: 0.8125rem;
    margin: 0;
  }
  [aria-invalid='true'] {
    border-color: var(--ayuda-danger);
  }
  .hint {
    font-size: 0.8125rem;
    color: var(--ayuda-muted);
    margin: 0;
  }
  .state {
    white-space: nowrap;
  }
  .num {
    width: 6rem;
  }
  .notice {
    border: 1px solid var(--ayuda-risk);
    background: var(--ayuda-risk-bg);
    border-radius: var(--ayuda-radius);
    padding: 0.5rem 0.75rem;
    margin: 0 0 1rem;
  }
  .diff {
    font-family: var(--ayuda-mono);
    font-size: 0.8125rem;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .diff li {
    padding: 0 0.35rem;
  }
  .diff del,
  .diff ins {
    display: block;
    text-decoration: none;
  }
  .diff del {
    background: var(--ayuda-danger-bg);
  }
  .diff ins {
    background: var(--ayuda-fast-bg);
  }
  @media (max-width: 600px) {
    th,
    td {
      padding: 0.35rem 0.3rem;
    }
  }
`;
