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
