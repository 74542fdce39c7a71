import { css } from 'lit';

/** The side panels of a case (customer, time, opportunity). */
export const panelStyles = css`
  :host {
    display: block;
  }
  section {
    background: var(--ayuda-surface);
    border: 1px solid var(--ayuda-border);
    border-radius: var(--ayuda-radius);
    padding: 0.75rem 0.9rem;
    display: flex;
    flex-direction: column;
    gap: 0.6rem;
  }
  h2 {
    font-size: 1.0625rem;
  }
  h3 {
    font-size: 0.9375rem;
    margin-top: 0.25rem;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 0.4rem;
  }
  li {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.6rem;
    align-items: baseline;
    border-bottom: 1px solid var(--ayuda-surface-2);
    padding-bottom: 0.35rem;
  }
  li:last-child {
    border-bottom: none;
  }
  p {
    margin: 0;
  }
  form {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: flex-end;
  }
  form label {
    flex: 1 1 8rem;
    /* Not the width of its control's content: a payment list's long options made it, and the
       panel, wider than a 320 px phone. The control then keeps to the label (max-width: 100%). */
    min-width: 0;
  }
  /* A field's error under the form's row, on a line of its own. */
  form .field-error {
    flex-basis: 100%;
  }
  .actions {
    display: flex;
    gap: 0.4rem;
    flex-wrap: wrap;
  }
  .small {
    font-size: 0.875rem;
  }
`;

export const summaryHeading = css`
  summary h2.inline {
    display: inline;
  }
`;
