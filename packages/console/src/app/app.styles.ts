import { css } from 'lit';

export const appStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    height: 100%;
    min-height: 100vh;
  }
  .skip {
    position: absolute;
    left: 0.5rem;
    top: -3rem;
    z-index: 10;
    background: var(--ayuda-surface);
    padding: 0.5rem 0.75rem;
    border-radius: var(--ayuda-radius);
  }
  .skip:focus {
    top: 0.5rem;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
    padding: 0.5rem 1rem;
    background: var(--ayuda-surface);
    border-bottom: 1px solid var(--ayuda-border);
  }
  .brand {
    font-weight: 700;
    font-size: 1rem;
    margin-right: 0.5rem;
  }
  .tools {
    margin-left: auto;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .tools label {
    flex-direction: row;
    align-items: center;
    gap: 0.4rem;
  }
  .user {
    color: var(--ayuda-muted);
    font-size: 0.875rem;
  }
  /* Shown only on a narrow screen (below): it opens the tools. */
  .menu-toggle {
    display: none;
    align-items: center;
    gap: 0.5rem;
  }
  /* Three bars drawn with borders, which forced colours keep (they drop backgrounds). */
  .menu-icon {
    position: relative;
    width: 1rem;
    height: 0.75rem;
    border-block: 2px solid currentColor;
  }
  .menu-icon::before {
    content: '';
    position: absolute;
    inset-inline: 0;
    top: calc(50% - 1px);
    border-top: 2px solid currentColor;
  }
  /*
   * A phone or a narrow window: one line for the name and the menu button, one for the links,
   * which scroll sideways instead of wrapping into rows (linksStyles; the page keeps its height
   * for the work); the tools open below them from the button. Wider screens keep the header above.
   */
  @media (max-width: 47.99rem) {
    header {
      flex-wrap: wrap;
      gap: 0.25rem 0.5rem;
      padding: 0.35rem 0.75rem 0;
    }
    .brand {
      flex: 1;
    }
    .menu-toggle {
      display: inline-flex;
    }
    /* The links' row (linksStyles) takes a line of its own, to the header's edges. */
    nav {
      flex: 1 0 100%;
      --links-bleed: 0.75rem;
    }
    .tools {
      display: none;
      flex: 1 0 100%;
      margin-left: 0;
      padding: 0.5rem 0 0.75rem;
      border-top: 1px solid var(--ayuda-border);
    }
    .tools[data-open] {
      display: flex;
    }
    .user {
      flex: 1 0 100%;
    }
  }
  main {
    flex: 1;
    min-height: 0;
    display: flex;
    flex-direction: column;
  }
  main > [hidden] {
    display: none;
  }
  main > * {
    flex: 1;
    min-height: 0;
  }
  /* The weekly pulse takes only the height of its card; the queue below it takes the rest. */
  main > ayuda-pulse-question {
    flex: none;
  }
  .live {
    padding: 0.25rem 1rem;
    background: var(--ayuda-risk-bg);
    color: var(--ayuda-risk);
    font-size: 0.875rem;
  }
  .notices {
    position: fixed;
    right: 1rem;
    bottom: 1rem;
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    max-width: min(28rem, calc(100vw - 2rem));
    z-index: 20;
  }
  .notice {
    display: flex;
    gap: 0.75rem;
    align-items: flex-start;
    background: var(--ayuda-surface);
    border: 1px solid var(--ayuda-border);
    border-left: 4px solid var(--ayuda-ok);
    border-radius: var(--ayuda-radius);
    padding: 0.6rem 0.75rem;
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.18);
  }
  .notice.error {
    border-left-color: var(--ayuda-danger);
  }
  .notice p {
    margin: 0;
    flex: 1;
  }
  .loading {
    padding: 2rem;
    text-align: center;
    color: var(--ayuda-muted);
  }
`;
