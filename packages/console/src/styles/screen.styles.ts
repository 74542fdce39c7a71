// What the console's screens opened from the header share (admin, knowledge base, settings):
// the screen's frame and heading, its row of tabs, and the cards and tables inside.
import { css } from 'lit';

/** The screen's frame, its heading and its tabs (`<nav><ul><li><a aria-current=page>`). */
export const screenStyles = css`
  :host {
    display: block;
    overflow: auto;
    padding: 0.75rem 1rem 2rem;
  }
  h1 {
    font-size: 1.25rem;
    margin-bottom: 0.5rem;
  }
  nav ul {
    display: flex;
    gap: 0.25rem;
    list-style: none;
    padding: 0;
    margin: 0 0 1rem;
    flex-wrap: wrap;
  }
  nav a {
    display: inline-block;
    padding: 0.35rem 0.7rem;
    border-radius: var(--ayuda-radius);
    color: var(--ayuda-text);
    text-decoration: none;
  }
  nav a[aria-current='page'] {
    background: var(--ayuda-surface-2);
    font-weight: 600;
    box-shadow: inset 0 -3px 0 var(--ayuda-primary);
  }
`;

/** A card (`section`, scrolling sideways on a phone), its heading, and plain tables. */
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
`;
