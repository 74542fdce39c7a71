import { css } from 'lit';
import { componentBase } from '../styles/component.styles.js';

export const searchStyles = [
  ...componentBase,
  css`
    :host {
      --_results-max-height: var(--ayuda-search-results-max-height, none);
    }
    label {
      display: block;
      font-weight: 600;
      margin-block-end: 0.375rem;
    }
    .field {
      position: relative;
      display: flex;
      align-items: center;
    }
    .field svg {
      position: absolute;
      inset-inline-start: 0.75rem;
      width: 1.25rem;
      height: 1.25rem;
      color: var(--_muted);
      pointer-events: none;
    }
    input {
      width: 100%;
      min-height: 3rem;
      padding-block: 0.625rem;
      padding-inline: 2.5rem 0.75rem;
      border: 2px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_background);
      color: var(--_text);
      font-size: max(16px, 1em);
    }
    input::placeholder {
      color: var(--_muted);
      opacity: 1;
    }
    input:focus-visible {
      outline: 3px solid var(--_focus);
      outline-offset: 1px;
      border-color: var(--_primary);
    }
    .status {
      margin: 0.5rem 0 0;
      color: var(--_muted);
      font-size: 0.875em;
      min-height: 1.3em;
    }
    .status:empty {
      min-height: 0;
      margin: 0;
    }
    ul {
      list-style: none;
      margin: 0.5rem 0 0;
      padding: 0;
      max-height: var(--_results-max-height);
      overflow-y: auto;
    }
    li {
      display: block;
      padding: 0.625rem 0.75rem;
      border-radius: calc(var(--_radius) * 0.75);
      border: 2px solid transparent;
      cursor: pointer;
    }
    li + li {
      margin-block-start: 0.25rem;
    }
    li:hover {
      background: var(--_surface);
    }
    li[aria-selected='true'] {
      background: var(--_surface);
      border-color: var(--_primary);
    }
    .title {
      display: block;
      font-weight: 600;
      color: var(--_link);
    }
    .category {
      display: block;
      font-size: 0.8125em;
      color: var(--_muted);
    }
    .snippet {
      display: block;
      margin-block-start: 0.125rem;
      font-size: 0.875em;
    }
    mark {
      background: var(--_mark);
      color: var(--_mark-text);
      border-radius: 2px;
      padding-inline: 1px;
    }
    .message {
      margin: 0.75rem 0 0;
    }
    .more {
      margin: 0.25rem 0 0;
    }
    .more a {
      display: inline-block;
      padding: 0.375rem calc(0.75rem + 2px);
      color: var(--_link);
      font-weight: 600;
    }
    /* A long query without spaces, repeated in these, must not widen the panel. */
    .status,
    .suggestion {
      overflow-wrap: anywhere;
    }
    .suggestion {
      margin: 0.75rem 0 0;
    }
    .suggestion button {
      font: inherit;
      font-weight: 600;
      padding: 0.25rem 0.125rem;
      border: 0;
      background: none;
      color: var(--_link);
      text-decoration: underline;
      cursor: pointer;
    }
    .action {
      margin-block-start: 0.75rem;
      min-height: 2.75rem;
      padding: 0.5rem 1rem;
      border: 2px solid var(--_primary);
      border-radius: var(--_radius);
      background: var(--_primary);
      color: var(--_on-primary);
      font-weight: 600;
      cursor: pointer;
    }
    .action.secondary {
      background: transparent;
      color: var(--_link);
    }
    @media (forced-colors: active) {
      li[aria-selected='true'] {
        border-color: Highlight;
      }
    }
  `,
];
