// What the console's screens opened from the header share (admin, knowledge base, settings):
// the screen's frame and heading, its row of tabs, and the cards and tables inside.
import { css } from 'lit';
import { linksStyles } from './links.styles.js';

/**
 * The screen's frame, its heading and its tabs (`<nav><ul><li><a aria-current=page>`), which are
 * the header's links (linksStyles): on a phone one line scrolling sideways. A screen with tabs
 * keeps the current one in sight with `CurrentLinkInSight`.
 */
export const screenStyles = [
  linksStyles,
  css`
  :host {
    display: block;
    overflow: auto;
    /* The containing block of what is positioned inside (a caption for screen readers only, a
       chart's layers): without it they stretch the page below the screen, which then scrolls. */
    position: relative;
    padding: 0.75rem 1rem 2rem;
  }
  h1 {
    font-size: 1.25rem;
    margin-bottom: 0.5rem;
  }
  nav {
    margin-bottom: 1rem;
    /* The screen's inline padding: on a phone the tabs' row scrolls to its edges (linksStyles). */
    --links-bleed: 1rem;
  }
`,
];

/**
 * A table of figures to compare (a row per week, a column per period) scrolls sideways in its
 * own box, never the page: `<div class="table-scroll" role="group" tabindex="0" aria-label=…>`,
 * focusable so a keyboard scrolls it too. On a phone the rows' names stay in sight.
 */
export const tableScrollStyles = css`
  .table-scroll {
    overflow-x: auto;
    position: relative;
  }
  @media (max-width: 47.99rem) {
    .table-scroll tbody th,
    .table-scroll thead th:first-child {
      position: sticky;
      inset-inline-start: 0;
      z-index: 1;
      background: var(--ayuda-surface);
    }
    .table-scroll tbody th {
      min-width: 7.5rem;
    }
    .table-scroll caption {
      text-align: start;
    }
    /* A figure on one line ("10 min slower (worse)"): rows stay short, the box scrolls further. */
    .table-scroll td {
      white-space: nowrap;
    }
  }
`;

/** A card (`section`, scrolling sideways on a phone), its heading, plain tables and tables of records. */
export const cardStyles = css`
  section {
    background: var(--ayuda-surface);
    border: 1px solid var(--ayuda-border);
    border-radius: var(--ayuda-radius);
    padding: 0.75rem 0.9rem;
    margin-bottom: 1rem;
    overflow-x: auto;
  }
  h2 {
    font-size: 1.0625rem;
    margin-bottom: 0.5rem;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: left;
    padding: 0.4rem 0.5rem;
    border-bottom: 1px solid var(--ayuda-surface-2);
    vertical-align: top;
  }
  th {
    font-size: 0.875rem;
    color: var(--ayuda-muted);
  }
  /*
   * On a phone (the header's breakpoint, app.styles.ts) a table of records (\`<table class="stack">\`:
   * a person, an article, a token) reads as one small card per row: each cell on its own line
   * after its column's name (\`data-label\`, in a hanging column), the row's header as the card's
   * title, and the header row kept for screen readers only. A cell without a label (a row's
   * form) takes the whole width. Tables of figures to compare scroll instead (tableScrollStyles).
   */
  @media (max-width: 47.99rem) {
    table.stack,
    table.stack tbody,
    table.stack tr,
    table.stack th,
    table.stack td {
      display: block;
    }
    table.stack thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
    table.stack tr {
      padding: 0.5rem 0;
      border-bottom: 1px solid var(--ayuda-border);
    }
    table.stack th,
    table.stack td {
      border: none;
      padding: 0.15rem 0;
      text-align: start;
    }
    table.stack tbody th {
      font-size: 1rem;
      color: var(--ayuda-text);
    }
    /* The name floats in the cell's own margin: the value's lines all start after it, however many. */
    table.stack [data-label] {
      display: flow-root;
      padding-inline-start: 7rem;
    }
    table.stack [data-label]::before {
      content: attr(data-label);
      float: inline-start;
      width: 6.5rem;
      margin-inline-start: -7rem;
      font-size: 0.875rem;
      font-weight: 600;
      color: var(--ayuda-muted);
      overflow-wrap: anywhere;
    }
  }
`;
