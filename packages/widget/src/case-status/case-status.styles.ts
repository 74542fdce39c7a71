import { css, unsafeCSS } from 'lit';
import { componentBase } from '../styles/component.styles.js';
import { errorColor, formControls } from '../styles/form.styles.js';

export const caseStatusStyles = [
  ...componentBase,
  unsafeCSS(errorColor),
  unsafeCSS(formControls),
  css`
    .subject {
      margin: 0 0 1rem;
      font-size: 1.0625em;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.25rem 1rem;
      margin: 0 0 0.5rem;
    }
    dt {
      font-weight: 600;
    }
    dd {
      margin: 0;
    }
    .note {
      color: var(--_muted);
      font-size: 0.875em;
      margin: 0 0 1rem;
    }
    ol {
      list-style: none;
      margin: 0 0 1.5rem;
      padding: 0;
    }
    ol > li {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: 0.75rem;
      margin-block-end: 0.75rem;
    }
    li.customer {
      background: var(--_surface);
    }
    .who {
      font-weight: 600;
      margin: 0;
    }
    time {
      color: var(--_muted);
      font-size: 0.875em;
    }
    .body {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      margin: 0.5rem 0 0;
    }
    .body.md {
      white-space: normal;
    }
    .md > :first-child {
      margin-block-start: 0;
    }
    .md > :last-child {
      margin-block-end: 0;
    }
    .md :is(p, ul, ol, pre, blockquote, table) {
      margin-block: 0.5rem;
    }
    /* Lists in a reply are lists, not the thread's boxes. */
    .md :is(ul, ol) {
      list-style: revert;
      padding-inline-start: 1.5rem;
    }
    .md li {
      border: 0;
      border-radius: 0;
      padding: 0;
      margin: 0;
      background: none;
    }
    .md a {
      color: var(--_link);
    }
    .md img {
      max-width: 100%;
      height: auto;
    }
    .md pre {
      overflow-x: auto;
    }
    .md blockquote {
      margin-inline: 0;
      padding-inline-start: 0.75rem;
      border-inline-start: 3px solid var(--_border);
    }
    .attachments {
      margin: 0.5rem 0 0;
      padding-inline-start: 1.25rem;
    }
    .confirm {
      margin-block-start: 1rem;
    }
    .notice {
      margin: 0 0 1rem;
    }
  `,
];
