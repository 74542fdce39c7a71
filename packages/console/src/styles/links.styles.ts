// A row of links to screens or tabs (`<nav><ul><li><a aria-current=page>`), the header's and
// each screen's: shared so that both behave alike on a phone.
import { css } from 'lit';

/**
 * The links in a row, the current one marked. On a phone (the header's breakpoint) they stay on
 * one line that scrolls sideways instead of wrapping into rows; `CurrentLinkInSight` brings the
 * current one into view. `--links-bleed` is the container's inline padding: the scrolling box
 * reaches into it so that a link's focus ring (3px and 2px apart) is not clipped.
 */
export const linksStyles = css`
  nav ul {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  nav a {
    display: inline-block;
    padding: 0.35rem 0.7rem;
    border-radius: var(--ayuda-radius);
    text-decoration: none;
    color: var(--ayuda-text);
  }
  nav a[aria-current='page'] {
    background: var(--ayuda-surface-2);
    font-weight: 600;
    box-shadow: inset 0 -3px 0 var(--ayuda-primary);
  }
  @media (max-width: 47.99rem) {
    nav {
      min-width: 0;
      overflow-x: auto;
      scrollbar-width: thin;
      margin-inline: calc(-1 * var(--links-bleed, 0px));
    }
    nav ul {
      flex-wrap: nowrap;
      padding: 0.35rem var(--links-bleed, 0px);
    }
    nav a {
      white-space: nowrap;
    }
  }
`;
