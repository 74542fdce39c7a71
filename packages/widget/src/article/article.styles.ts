import { css } from 'lit';
import { componentBase } from '../styles/component.styles.js';

export const articleStyles = [
  ...componentBase,
  css`
    :host {
      --_max-width: var(--ayuda-article-max-width, none);
    }
    .root {
      max-width: var(--_max-width);
    }
    h2 {
      font-size: 1.375em;
      line-height: 1.25;
      margin: 0 0 0.25rem;
    }
    h2:focus {
      outline: none;
    }
    h2:focus-visible {
      outline: 3px solid var(--_focus);
    }
    .meta {
      margin: 0 0 1rem;
      color: var(--_muted);
      font-size: 0.875em;
    }
    a {
      color: var(--_link);
      text-underline-offset: 0.15em;
    }
    /* break-word, not anywhere: a word too long for the line still breaks, but words do not
       count as breakable when a table sizes its columns, so a wide table scrolls in its box
       instead of being squeezed into words cut in two. */
    .content {
      overflow-wrap: break-word;
    }
    .content :is(h2, h3, h4) {
      font-size: 1.0625em;
      margin: 1.25rem 0 0.5rem;
    }
    .content :is(p, ul, ol, .table-scroll, blockquote, pre) {
      margin: 0 0 0.75rem;
    }
    .content :is(ul, ol) {
      padding-inline-start: 1.5rem;
    }
    .content img {
      max-width: 100%;
      height: auto;
    }
    /* Each table sits in its own focusable box (added by the server) that scrolls sideways. */
    .content .table-scroll {
      max-width: 100%;
      overflow-x: auto;
    }
    .content table {
      border-collapse: collapse;
    }
    .content :is(th, td) {
      border: 1px solid var(--_border);
      padding: 0.25rem 0.5rem;
      text-align: start;
      vertical-align: top;
    }
    .content th {
      white-space: nowrap;
    }
    .content code {
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      font-size: 0.9em;
      background: var(--_surface);
      padding: 0.1em 0.3em;
      border-radius: 4px;
    }
    .content pre {
      overflow-x: auto;
      background: var(--_surface);
      padding: 0.75rem;
      border-radius: 8px;
    }
    .content blockquote {
      border-inline-start: 4px solid var(--_border);
      padding-inline-start: 0.75rem;
      color: var(--_muted);
    }
    section,
    nav {
      border-block-start: 1px solid var(--_border);
      margin-block-start: 1.25rem;
      padding-block-start: 1rem;
    }
    h3 {
      font-size: 1em;
      margin: 0 0 0.5rem;
    }
    nav ul {
      margin: 0;
      padding-inline-start: 1.25rem;
    }
    nav li + li {
      margin-block-start: 0.25rem;
    }
    .translation {
      margin: 1rem 0 0;
    }
    .translated {
      display: block;
      font-size: 0.875em;
    }
    .votes {
      display: flex;
      gap: 0.5rem;
      flex-wrap: wrap;
    }
    button {
      min-height: 2.75rem;
      min-width: 4.5rem;
      padding: 0.5rem 1rem;
      border: 2px solid var(--_primary);
      border-radius: var(--_radius);
      background: transparent;
      color: var(--_link);
      font-weight: 600;
      cursor: pointer;
    }
    button[aria-pressed='true'],
    button.primary {
      background: var(--_primary);
      color: var(--_on-primary);
    }
    label {
      display: block;
      margin: 1rem 0 0.375rem;
    }
    textarea {
      display: block;
      width: 100%;
      min-height: 5rem;
      padding: 0.5rem 0.625rem;
      border: 2px solid var(--_border);
      border-radius: calc(var(--_radius) * 0.75);
      background: var(--_background);
      color: var(--_text);
      resize: vertical;
    }
    form button {
      margin-block-start: 0.5rem;
    }
    .thanks {
      margin: 0.75rem 0 0;
      font-weight: 600;
    }
    .thanks:empty {
      margin: 0;
    }
    .thanks:focus {
      outline: none;
    }
    .contact {
      display: inline-block;
      margin-block-start: 0.75rem;
      padding: 0.5rem 1rem;
      border-radius: var(--_radius);
      background: var(--_primary);
      color: var(--_on-primary);
      font-weight: 600;
      text-decoration: none;
    }
    .contact:focus-visible {
      outline: 3px solid var(--_focus);
      outline-offset: 2px;
    }
    .usual-reply {
      margin: 0.375rem 0 0;
      font-size: 0.875em;
      color: var(--_muted);
    }
  `,
];
