import { css } from 'lit';

export const signinStyles = css`
  :host {
    display: grid;
    place-items: center;
    padding: 2rem 1rem;
  }
  .card {
    width: min(26rem, 100%);
    background: var(--ayuda-surface);
    border: 1px solid var(--ayuda-border);
    border-radius: calc(var(--ayuda-radius) * 2);
    padding: 1.5rem;
    display: flex;
    flex-direction: column;
    gap: 1rem;
  }
  h1 {
    font-size: 1.375rem;
  }
  form {
    display: flex;
    flex-direction: column;
    gap: 0.85rem;
  }
  label {
    display: flex;
  }
  .row {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: 0.5rem;
    flex-wrap: wrap;
  }
  .message {
    margin: 0;
  }
  .or {
    margin: 0;
    color: var(--ayuda-muted);
    font-size: 0.875rem;
  }
  .lang {
    flex-direction: row;
    align-items: center;
    gap: 0.4rem;
    align-self: flex-end;
  }
`;
