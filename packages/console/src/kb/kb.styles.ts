// The knowledge-base screens' shared look: sections, tables, forms and the diff.
import { css } from 'lit';
import { cardStyles } from '../styles/screen.styles.js';

export const kbStyles = [
  cardStyles,
  css`
  :host {
    display: block;
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
`,
];
