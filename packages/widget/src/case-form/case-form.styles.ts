import { css, unsafeCSS } from 'lit';
import { componentBase } from '../styles/component.styles.js';

/** The error colour: a red that keeps 4.5:1 on both backgrounds; a site may set `--ayuda-color-error`. */
export const errorColor =
  ':host{--_error:var(--ayuda-color-error,#b3261e)}:host([theme="dark"]){--_error:var(--ayuda-color-error,#ffb4ab)}@media (prefers-color-scheme:dark){:host(:not([theme="light"])){--_error:var(--ayuda-color-error,#ffb4ab)}}';

/** Form controls shared by the case form and the case page. */
export const formControls = css`
  .field {
    margin-block-end: 1rem;
  }
  label,
  .label {
    display: block;
    font-weight: 600;
    margin: 0 0 0.25rem;
  }
  .optional {
    font-weight: 400;
    color: var(--_muted);
  }
  .hint {
    margin: 0 0 0.375rem;
    color: var(--_muted);
    font-size: 0.875em;
  }
  input:not([type='file']),
  select,
  textarea {
    display: block;
    width: 100%;
    min-height: 2.75rem;
    padding: 0.5rem 0.625rem;
    border: 2px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_background);
    color: var(--_text);
    font: inherit;
    font-size: max(16px, 1em);
  }
  textarea {
    resize: vertical;
  }
  input[type='file'] {
    display: block;
    max-width: 100%;
    font: inherit;
  }
  [aria-invalid='true'] {
    border-color: var(--_error);
  }
  .error {
    margin: 0.375rem 0 0;
    color: var(--_error);
    font-weight: 600;
  }
  .alert:empty {
    display: none;
  }
  .alert p {
    margin: 0 0 1rem;
    padding: 0.75rem;
    border-inline-start: 4px solid var(--_error);
    background: var(--_surface);
  }
  button {
    min-height: 2.75rem;
    padding: 0.5rem 1rem;
    border: 2px solid var(--_primary);
    border-radius: var(--_radius);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  button.primary {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  button.secondary {
    background: transparent;
    color: var(--_link);
  }
  button.small {
    min-height: 2.25rem;
    padding: 0.25rem 0.625rem;
    font-size: 0.875em;
  }
  button[aria-disabled='true'] {
    opacity: 0.75;
    cursor: progress;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  a {
    color: var(--_link);
    text-underline-offset: 0.15em;
  }
  h2 {
    font-size: 1.25em;
    line-height: 1.25;
    margin: 0 0 0.5rem;
  }
  h2:focus {
    outline: none;
  }
  h2:focus-visible {
    outline: 3px solid var(--_focus);
  }
  h3 {
    font-size: 1em;
    margin: 0 0 0.5rem;
  }
  @media (forced-colors: active) {
    [aria-invalid='true'] {
      border-color: Mark;
    }
  }
`;

export const caseFormStyles = [
  ...componentBase,
  unsafeCSS(errorColor),
  formControls,
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
