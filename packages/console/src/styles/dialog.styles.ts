// The console's modal dialogs (confirmation, shortcuts): one frame, backdrop and heading.
// A dialog sets its width with `--ayuda-dialog-width` on its host.
import { css } from 'lit';

export const dialogStyles = css`
  dialog {
    border: 1px solid var(--ayuda-border);
    border-radius: calc(var(--ayuda-radius) * 2);
    background: var(--ayuda-surface);
    color: var(--ayuda-text);
    padding: 1.25rem 1.5rem;
    width: min(var(--ayuda-dialog-width, 30rem), calc(100vw - 2rem));
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  h2 {
    font-size: 1.25rem;
    margin-bottom: 0.5rem;
  }
`;
