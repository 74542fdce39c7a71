import { css, unsafeCSS } from 'lit';
import { componentBase } from '../styles/component.styles.js';
import { formControls } from '../styles/form.styles.js';

export const surveyStyles = [
  ...componentBase,
  unsafeCSS(formControls),
  css`
    h3 {
      margin: 1.25rem 0 0.5rem;
    }
    fieldset {
      border: 0;
      padding: 0;
      margin: 0 0 1rem;
    }
    legend {
      font-weight: 600;
      padding: 0;
      margin-block-end: 0.35rem;
    }
    .scores {
      display: flex;
      flex-wrap: wrap;
      gap: 0.375rem;
    }
    .scores button {
      min-width: 2.75rem;
      padding-inline: 0.5rem;
    }
    .answer {
      margin: 0 0 1rem;
    }
    .answer p {
      margin: 0 0 0.5rem;
    }
    blockquote {
      margin: 0 0 0.5rem;
      padding-inline-start: 0.75rem;
      border-inline-start: 3px solid var(--_border);
      white-space: pre-line;
    }
    .status:empty {
      display: none;
    }
  `,
];
