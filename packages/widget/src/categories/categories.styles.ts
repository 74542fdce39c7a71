import { css } from 'lit';
import { componentBase } from '../styles/component.styles.js';

export const categoriesStyles = [
  ...componentBase,
  css`
    :host {
      --_columns: var(--ayuda-categories-columns, 1);
    }
    h2 {
      font-size: 1.125em;
      line-height: 1.25;
      margin: 0 0 0.5rem;
    }
    h2:focus {
      outline: none;
    }
    .description {
      margin: 0 0 0.75rem;
      color: var(--_muted);
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      grid-template-columns: repeat(var(--_columns), minmax(0, 1fr));
      gap: 0.5rem;
    }
    a {
      display: block;
      padding: 0.625rem 0.75rem;
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) * 0.75);
      background: var(--_background);
      color: var(--_link);
      font-weight: 600;
      text-decoration: none;
    }
    a:hover {
      background: var(--_surface);
      text-decoration: underline;
    }
    .count,
    .excerpt {
      display: block;
      font-weight: 400;
      font-size: 0.8125em;
      color: var(--_muted);
    }
    .message {
      margin: 0;
      color: var(--_muted);
    }
    button {
      margin-block-start: 0.5rem;
      min-height: 2.75rem;
      padding: 0.5rem 1rem;
      border: 2px solid var(--_primary);
      border-radius: var(--_radius);
      background: transparent;
      color: var(--_link);
      font-weight: 600;
      cursor: pointer;
    }
  `,
];
