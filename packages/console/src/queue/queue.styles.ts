import { css } from 'lit';

export const queueStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
    padding: 0.75rem 1rem 0;
    gap: 0.6rem;
  }
  .top {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.5rem 1rem;
  }
  h1 {
    font-size: 1.25rem;
  }
  .count {
    color: var(--ayuda-muted);
  }
  form {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 0.5rem 0.75rem;
  }
  .search input {
    width: 18rem;
  }
  .head,
  .row a {
    display: grid;
    grid-template-columns: 7.5rem minmax(10rem, 2fr) minmax(8rem, 1.3fr) 6.5rem 8.5rem 8rem minmax(11rem, 1.2fr);
    gap: 0.75rem;
    align-items: center;
    padding: 0.5rem 0.75rem;
  }
  .head {
    font-size: 0.8125rem;
    color: var(--ayuda-muted);
    font-weight: 600;
    border-bottom: 1px solid var(--ayuda-border);
  }
  lit-virtualizer {
    flex: 1;
    min-height: 12rem;
    background: var(--ayuda-surface);
    border: 1px solid var(--ayuda-border);
    border-radius: var(--ayuda-radius);
  }
  .row {
    width: 100%;
    border-bottom: 1px solid var(--ayuda-surface-2);
  }
  .row a {
    color: var(--ayuda-text);
    text-decoration: none;
    outline-offset: -3px;
  }
  .row a:hover {
    background: var(--ayuda-surface-2);
  }
  .row.current a {
    background: var(--ayuda-surface-2);
    box-shadow: inset 4px 0 0 var(--ayuda-primary);
  }
  .row.fast .ref::before {
    content: '';
  }
  .ref {
    font-family: var(--ayuda-mono);
    font-size: 0.875rem;
  }
  .subject {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .customer,
  .assignee {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    color: var(--ayuda-muted);
  }
  .status {
    font-size: 0.875rem;
  }
  /* A long countdown ("Breached 26 h ago" in bold) wraps in its cell rather than running out of the row. */
  .sla-cell .sla {
    white-space: normal;
  }
  .empty,
  .state {
    padding: 1.5rem;
    color: var(--ayuda-muted);
  }
  .more {
    font-size: 0.875rem;
    color: var(--ayuda-muted);
    margin: 0.25rem 0 0.5rem;
    min-height: 1.25rem;
  }
  @media (max-width: 1100px) {
    .head {
      display: none;
    }
    .row a {
      grid-template-columns: 7rem 1fr auto;
      grid-template-areas:
        'ref subject lane'
        'customer customer status'
        'assignee assignee sla';
      row-gap: 0.2rem;
    }
    .ref { grid-area: ref; }
    .subject { grid-area: subject; }
    .lane { grid-area: lane; justify-self: end; }
    .customer { grid-area: customer; }
    .status { grid-area: status; justify-self: end; }
    .assignee { grid-area: assignee; }
    .sla-cell { grid-area: sla; justify-self: end; }
    .search input {
      width: 14rem;
    }
  }
  /*
   * A phone: one case is a small card of stacked lines, so the subject gets the whole width
   * (and two lines) instead of the few letters a column left it: reference and countdown, the
   * subject, the customer, then lane, status and assignee.
   */
  @media (max-width: 47.99rem) {
    :host {
      padding-inline: 0.75rem;
    }
    .row a {
      grid-template-columns: auto auto minmax(0, 1fr);
      grid-template-areas:
        'ref sla sla'
        'subject subject subject'
        'customer customer customer'
        'lane status assignee';
      gap: 0.25rem 0.6rem;
    }
    .sla-cell { justify-self: end; text-align: end; }
    .lane { justify-self: start; }
    .status { justify-self: start; }
    .assignee { justify-self: end; max-width: 100%; }
    .subject {
      white-space: normal;
      overflow-wrap: anywhere;
      display: -webkit-box;
      -webkit-box-orient: vertical;
      -webkit-line-clamp: 2;
    }
    /* The search on its own line, the four filters two by two in even columns. */
    form {
      display: grid;
      grid-template-columns: repeat(2, minmax(0, 1fr));
    }
    .search {
      grid-column: 1 / -1;
    }
    .search input,
    form select {
      width: 100%;
    }
  }
`;
