import { css, unsafeCSS } from 'lit';
import { componentBase } from '../styles/component.styles.js';
import { errorColor, formControls } from '../styles/form.styles.js';

export const bookingStyles = [
  ...componentBase,
  unsafeCSS(errorColor),
  unsafeCSS(formControls),
  css`
    :host {
      --_day: var(--ayuda-booking-day-size, 2.5rem);
    }
    .types {
      list-style: none;
      margin: 0 0 1rem;
      padding: 0;
      display: grid;
      gap: 0.5rem;
    }
    button.type {
      display: grid;
      width: 100%;
      text-align: start;
      gap: 0.125rem;
      background: var(--_surface);
      color: var(--_text);
      border-color: var(--_border);
      font-weight: 400;
    }
    .type-name {
      font-weight: 600;
      color: var(--_link);
    }
    .type-meta,
    .type-desc {
      font-size: 0.875em;
      color: var(--_muted);
    }
    .chosen {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem;
    }
    .chosen p {
      margin: 0;
    }
    .months {
      margin: 0 0 0.25rem;
      font-weight: 600;
    }
    /* "Diciembre de 2026 – enero de 2027": the first letter only (capitalize made "De"). */
    .months::first-letter {
      text-transform: uppercase;
    }
    .grid-wrap {
      overflow-x: auto;
      margin: 0 0 1rem;
    }
    table {
      border-collapse: separate;
      border-spacing: 0.125rem;
    }
    th {
      font-size: 0.8125em;
      font-weight: 600;
      color: var(--_muted);
      text-align: center;
    }
    td {
      padding: 0;
      text-align: center;
    }
    td button {
      width: var(--_day);
      height: var(--_day);
      min-height: 0;
      padding: 0;
      border-radius: 50%;
      border: 2px solid var(--_primary);
      background: transparent;
      color: var(--_link);
    }
    td button[aria-disabled='true'] {
      border-color: transparent;
      color: var(--_muted);
      font-weight: 400;
      text-decoration: line-through;
      cursor: default;
      opacity: 1;
    }
    td[aria-selected='true'] button {
      background: var(--_primary);
      color: var(--_on-primary);
    }
    fieldset {
      border: 0;
      margin: 0 0 1rem;
      padding: 0;
    }
    legend {
      font-weight: 600;
      padding: 0;
      margin-block-end: 0.375rem;
    }
    .time-list {
      display: flex;
      flex-wrap: wrap;
      gap: 0.375rem;
    }
    .time {
      display: inline-flex;
      align-items: center;
      gap: 0.375rem;
      min-height: 2.75rem;
      padding: 0.25rem 0.75rem;
      border: 2px solid var(--_border);
      border-radius: var(--_radius);
      font-weight: 400;
      margin: 0;
      cursor: pointer;
    }
    .time:has(input:checked) {
      border-color: var(--_primary);
      font-weight: 600;
    }
    .confirmation h3 {
      font-size: 1.125em;
    }
    .confirmation h3:focus {
      outline: none;
    }
    .confirmation h3:focus-visible {
      outline: 3px solid var(--_focus);
    }
    .confirmation .actions {
      flex-direction: column;
    }
    @media (forced-colors: active) {
      td[aria-selected='true'] button {
        forced-color-adjust: none;
        background: Highlight;
        color: HighlightText;
      }
      .time:has(input:checked) {
        border-color: Highlight;
      }
    }
  `,
];
