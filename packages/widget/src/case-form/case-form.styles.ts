import { css, unsafeCSS } from 'lit';
import { componentBase } from '../styles/component.styles.js';
import { errorColor, formControls } from '../styles/form.styles.js';

export { errorColor, formControls } from '../styles/form.styles.js';

export const caseFormStyles = [
  ...componentBase,
  unsafeCSS(errorColor),
  unsafeCSS(formControls),
  css`
    .ann {
      border: 2px solid var(--_border);
      border-inline-start-width: 0.35rem;
      border-radius: var(--_radius);
      background: var(--_surface);
      padding: 0.5rem 0.75rem;
      margin: 0 0 0.5rem;
    }
    .ann p {
      margin: 0;
    }
    .ann-body {
      white-space: pre-line;
    }
    .ann-info {
      border-color: var(--_primary);
    }
    .ann-warning {
      border-color: light-dark(#b26a00, #ffb74d);
    }
    .ann-critical {
      border-color: light-dark(#b3261e, #ffb4ab);
    }
    .sev-icon {
      width: 1em;
      height: 1em;
      vertical-align: -0.15em;
    }
    .ann-warning .sev-icon {
      color: light-dark(#8a5300, #ffb74d);
    }
    .ann-critical .sev-icon {
      color: light-dark(#b3261e, #ffb4ab);
    }
    .ann-for {
      margin: 0 0 0.25rem;
      font-weight: 600;
    }
    .root {
      max-width: var(--ayuda-case-form-max-width, none);
    }
    .intro {
      margin: 0 0 1rem;
    }
    .suggestions {
      margin: 0 0 1rem;
      padding: 0.75rem;
      border: 2px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    .suggestions ul,
    .files {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .suggestions li + li {
      margin-block-start: 0.75rem;
    }
    .suggestions a {
      font-weight: 600;
    }
    .snippet {
      display: block;
      font-size: 0.875em;
      margin: 0.125rem 0 0.375rem;
    }
    mark {
      background: var(--_mark);
      color: var(--_mark-text);
    }
    .files li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem;
      margin-block-start: 0.5rem;
    }
    .hp {
      position: absolute;
      inset-inline-start: -10000px;
      width: 1px;
      height: 1px;
      overflow: hidden;
    }
    .reference {
      font-size: 1.125em;
      letter-spacing: 0.02em;
    }
  `,
];
