import { css } from 'lit';
import { componentBase } from '../styles/component.styles.js';

export const fastlaneStyles = [
  ...componentBase,
  css`
    h2 {
      font-size: 1.375em;
      line-height: 1.25;
      margin: 0 0 0.5rem;
    }
    h3 {
      font-size: 1.0625em;
      margin: 1.25rem 0 0.5rem;
    }
    h2:focus,
    h3:focus {
      outline: none;
    }
    h2:focus-visible,
    h3:focus-visible {
      outline: 3px solid var(--_focus);
    }
    p {
      margin: 0 0 0.75rem;
    }
    a {
      color: var(--_link);
      text-underline-offset: 0.15em;
    }
    .muted,
    .hint {
      color: var(--_muted);
      font-size: 0.875em;
    }
    form,
    .field {
      display: grid;
      gap: 0.375rem;
      margin: 0 0 1rem;
    }
    label,
    legend {
      font-weight: 600;
    }
    input[type='email'],
    input[type='text'],
    textarea {
      width: 100%;
      padding: 0.625rem 0.75rem;
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) / 2);
      background: var(--_background);
    }
    input[aria-invalid='true'],
    textarea[aria-invalid='true'] {
      border-color: var(--_error, #b3261e);
    }
    .code {
      font-variant-numeric: tabular-nums;
      letter-spacing: 0.25em;
      font-size: 1.25em;
      max-width: 10rem;
    }
    button {
      cursor: pointer;
      border-radius: calc(var(--_radius) / 2);
      padding: 0.625rem 1rem;
      border: 1px solid var(--_primary);
      background: var(--_primary);
      color: var(--_on-primary);
      font-weight: 600;
      justify-self: start;
    }
    button.secondary {
      background: transparent;
      color: var(--_link);
      border-color: var(--_border);
    }
    button.link {
      background: none;
      border: 0;
      padding: 0;
      color: var(--_link);
      text-decoration: underline;
      font-weight: 400;
    }
    button[disabled],
    button[aria-disabled='true'] {
      opacity: 0.6;
      cursor: not-allowed;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: center;
      margin: 0 0 1rem;
    }
    /* The error colour of the case form's field errors (errorColor in styles/form.styles.ts), light
       and dark: importing that module would cost this chunk a shared one (some 800 bytes). */
    :host {
      --_error: var(--ayuda-color-error, #b3261e);
    }
    :host([theme='dark']) {
      --_error: var(--ayuda-color-error, #ffb4ab);
    }
    @media (prefers-color-scheme: dark) {
      :host(:not([theme='light'])) {
        --_error: var(--ayuda-color-error, #ffb4ab);
      }
    }
    .error {
      color: var(--_error);
      font-weight: 600;
      margin: 0;
    }
    .alert {
      border-inline-start: 4px solid var(--_error, #b3261e);
      padding: 0.5rem 0.75rem;
      background: var(--_surface);
      margin: 0 0 1rem;
    }
    .notice {
      border-inline-start: 4px solid var(--_primary);
      padding: 0.5rem 0.75rem;
      background: var(--_surface);
      margin: 0 0 1rem;
    }
    .alert:empty,
    .notice:empty {
      display: none;
    }
    fieldset {
      border: 0;
      padding: 0;
      margin: 0 0 1rem;
      display: grid;
      gap: 0.5rem;
    }
    .plan {
      display: grid;
      grid-template-columns: auto 1fr;
      gap: 0.25rem 0.625rem;
      align-items: start;
      padding: 0.75rem;
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) / 2);
      font-weight: 400;
      cursor: pointer;
    }
    .plan:has(input:checked) {
      border-color: var(--_primary);
      box-shadow: inset 0 0 0 1px var(--_primary);
    }
    .plan input {
      margin-top: 0.3rem;
    }
    .plan .price {
      font-weight: 700;
    }
    ul {
      margin: 0 0 0.75rem;
      padding-inline-start: 1.25rem;
    }
    li {
      margin: 0 0 0.25rem;
    }
    .orders {
      list-style: none;
      padding: 0;
    }
    .orders > li {
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) / 2);
      padding: 0.75rem;
      margin: 0 0 0.75rem;
    }
    .captcha {
      min-height: 3.5rem;
    }
    .account {
      display: flex;
      justify-content: space-between;
      gap: 0.5rem;
      flex-wrap: wrap;
      border-top: 1px solid var(--_border);
      padding-top: 0.75rem;
      margin-top: 1rem;
    }
    .content {
      overflow-wrap: anywhere;
    }
    .content img {
      max-width: 100%;
      height: auto;
    }
    @media (forced-colors: active) {
      button {
        border: 1px solid ButtonText;
      }
      .plan:has(input:checked) {
        outline: 2px solid Highlight;
      }
    }
  `,
];
