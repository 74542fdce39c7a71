// What every console component shares: the reset, form controls, buttons, badges and the
// visible focus ring. Colours come from the page's tokens (src/page.css), light or dark.
import { css } from 'lit';

/** Hidden from sight, read by screen readers; at the top of its containing block (see `.visually-hidden`). */
export const visuallyHidden = css`
  position: absolute !important;
  top: 0;
  inset-inline-start: 0;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip-path: inset(50%);
  white-space: nowrap;
`;

export const sharedStyles = css`
  :host {
    font-family: var(--ayuda-font);
    color: var(--ayuda-text);
    box-sizing: border-box;
  }
  *, *::before, *::after {
    box-sizing: inherit;
  }
  [hidden] {
    display: none !important;
  }
  :focus-visible {
    outline: 3px solid var(--ayuda-focus);
    outline-offset: 2px;
  }
  a {
    color: var(--ayuda-primary);
  }
  h1, h2, h3 {
    line-height: 1.25;
    margin: 0;
  }
  button, input, select, textarea {
    font: inherit;
    color: inherit;
  }
  input, select, textarea {
    background: var(--ayuda-surface);
    border: 1px solid var(--ayuda-border);
    border-radius: var(--ayuda-radius);
    padding: 0.4rem 0.55rem;
    min-height: 2.25rem;
    max-width: 100%;
  }
  textarea {
    width: 100%;
    resize: vertical;
  }
  label {
    display: inline-flex;
    flex-direction: column;
    gap: 0.2rem;
    font-size: 0.875rem;
    color: var(--ayuda-muted);
  }
  label > input, label > select, label > textarea {
    color: var(--ayuda-text);
    font-size: 0.9375rem;
  }
  button {
    cursor: pointer;
    border: 1px solid var(--ayuda-border);
    background: var(--ayuda-surface);
    border-radius: var(--ayuda-radius);
    padding: 0.4rem 0.8rem;
    min-height: 2.25rem;
  }
  button:hover {
    background: var(--ayuda-surface-2);
  }
  button.primary {
    background: var(--ayuda-primary);
    border-color: var(--ayuda-primary);
    color: var(--ayuda-primary-text);
    font-weight: 600;
  }
  button.danger {
    color: var(--ayuda-danger);
    border-color: currentColor;
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  button.link {
    border: none;
    background: none;
    padding: 0;
    min-height: auto;
    color: var(--ayuda-primary);
    text-decoration: underline;
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    border-radius: 999px;
    padding: 0.05rem 0.5rem;
    font-size: 0.8125rem;
    font-weight: 600;
    border: 1px solid currentColor;
    white-space: nowrap;
  }
  .badge.fast {
    color: var(--ayuda-fast);
    background: var(--ayuda-fast-bg);
  }
  .badge.standard {
    color: var(--ayuda-muted);
  }
  .sla {
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }
  .sla.at_risk {
    color: var(--ayuda-risk);
    background: var(--ayuda-risk-bg);
    font-weight: 600;
    border-radius: 4px;
    padding: 0 0.3rem;
  }
  .sla.breached {
    color: var(--ayuda-danger);
    background: var(--ayuda-danger-bg);
    font-weight: 700;
    border-radius: 4px;
    padding: 0 0.3rem;
  }
  .muted {
    color: var(--ayuda-muted);
  }
  .error {
    color: var(--ayuda-danger);
  }
  /* At the top of its containing block, not where it would flow: deep in a long screen it made
     the page taller than the console, so the page scrolled the header away. */
  .visually-hidden {
    ${visuallyHidden}
  }
  kbd {
    font-family: var(--ayuda-mono);
    font-size: 0.8125rem;
    border: 1px solid var(--ayuda-border);
    border-bottom-width: 2px;
    border-radius: 4px;
    padding: 0 0.3rem;
    background: var(--ayuda-surface-2);
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
      animation: none !important;
    }
  }
  @media (forced-colors: active) {
    .badge, .sla.at_risk, .sla.breached {
      border: 1px solid CanvasText;
    }
  }
`;
