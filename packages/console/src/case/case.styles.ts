import { css } from 'lit';

export const caseStyles = css`
  :host {
    display: block;
    overflow: auto;
    padding: 0.75rem 1rem 2rem;
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 1fr) 22rem;
    gap: 1rem;
    align-items: start;
  }
  @media (max-width: 1000px) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .main,
  aside {
    display: flex;
    flex-direction: column;
    gap: 0.9rem;
    min-width: 0;
  }
  .title {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem 0.75rem;
    align-items: baseline;
  }
  h1 {
    font-size: 1.3rem;
  }
  h1:focus {
    outline: none;
  }
  h1:focus-visible {
    outline: 3px solid var(--ayuda-focus);
  }
  .ref {
    font-family: var(--ayuda-mono);
    color: var(--ayuda-muted);
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem 0.9rem;
    align-items: center;
    color: var(--ayuda-muted);
    font-size: 0.9rem;
  }
  /* The one line that says which zone the screen's times are in. */
  .zone {
    margin: 0;
    font-size: 0.85rem;
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: 0.6rem 0.9rem;
    align-items: flex-end;
    background: var(--ayuda-surface);
    border: 1px solid var(--ayuda-border);
    border-radius: var(--ayuda-radius);
    padding: 0.6rem 0.75rem;
  }
  .controls form {
    display: flex;
    gap: 0.4rem;
    align-items: flex-end;
    flex-wrap: wrap;
  }
  /* The lane reason's error, under the control row (inside it, it took a line of its own and moved the controls after it). */
  .lane-error {
    margin: 0.25rem 0 0;
    font-size: 0.875rem;
  }
  .collision {
    border: 2px solid var(--ayuda-risk);
    background: var(--ayuda-risk-bg);
    color: var(--ayuda-text);
    border-radius: var(--ayuda-radius);
    padding: 0.5rem 0.75rem;
    margin: 0;
  }
  .thread {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 0.6rem;
  }
  .msg article {
    background: var(--ayuda-surface);
    border: 1px solid var(--ayuda-border);
    border-radius: var(--ayuda-radius);
    padding: 0.6rem 0.8rem;
  }
  .msg.staff article {
    border-left: 4px solid var(--ayuda-primary);
  }
  .msg.internal article {
    background: var(--ayuda-note-bg);
    border: 2px dashed var(--ayuda-note-border);
  }
  .msg.pending article {
    opacity: 0.7;
  }
  .msg header {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3rem 0.6rem;
    align-items: baseline;
    font-size: 0.875rem;
    margin-bottom: 0.35rem;
  }
  .role,
  time {
    color: var(--ayuda-muted);
  }
  .badge.note {
    color: var(--ayuda-text);
    border-color: var(--ayuda-note-border);
  }
  .body {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .body.rendered {
    white-space: normal;
  }
  .body.rendered > :first-child {
    margin-top: 0;
  }
  .body.rendered > :last-child {
    margin-bottom: 0;
  }
  .files {
    margin: 0.4rem 0 0;
    padding-left: 1.1rem;
    font-size: 0.875rem;
  }
  .state {
    padding: 1.5rem;
    color: var(--ayuda-muted);
  }
`;
