// The audit log's table, for the admin screen: when (date, then time, each on one line), who,
// the action in words with a short summary of its details (the whole entry folded beneath, as
// JSON), what it acted on (a link where the console shows it) and from which IP. Its styles are
// its own (`.audit-…`), so that a long value never widens a row, whatever the screen's tables do.
import { css, html, nothing, type TemplateResult } from 'lit';
import type { AuditEntry } from '@ayuda/client/staff';
import type { Catalogue } from '../i18n/types.js';
import { date, timeOfDay } from '../internal/format.js';
import type { HistoryField } from '../settings/history-diff.js';
import { summariseAudit, targetHref } from './audit-summary.js';
import type { AuditStrings } from './i18n.js';

export const auditStyles = css`
  table.audit-log {
    table-layout: auto;
  }
  .audit-log .audit-when {
    white-space: nowrap;
  }
  .audit-log .audit-when time {
    display: flex;
    flex-direction: column;
  }
  .audit-log .audit-action {
    /* The column that takes the room left; its text wraps, never the others'. */
    width: 100%;
    min-width: 14rem;
  }
  @media (max-width: 47.99rem) {
    .audit-log .audit-action {
      min-width: 0;
      width: auto;
    }
  }
  .audit-log .audit-lines {
    margin: 0.15rem 0 0;
    padding: 0;
    list-style: none;
    overflow-wrap: anywhere;
  }
  .audit-log .audit-code,
  .audit-log .audit-target,
  .audit-log pre {
    font-family: var(--ayuda-mono);
    font-size: 0.8125rem;
  }
  .audit-log .audit-target {
    overflow-wrap: anywhere;
    min-width: 8rem;
  }
  .audit-log td.audit-ip {
    white-space: nowrap;
  }
  .audit-log details {
    margin-top: 0.2rem;
  }
  .audit-log summary {
    cursor: pointer;
    color: var(--ayuda-muted);
    font-size: 0.875rem;
  }
  .audit-log pre {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    max-height: 16rem;
    overflow: auto;
    margin: 0.25rem 0 0;
    padding: 0.4rem 0.5rem;
    background: var(--ayuda-surface-2);
    border-radius: var(--ayuda-radius);
  }
`;

/** A key's values as the console names them elsewhere: a status, a lane, a role. */
function formats(cat: Catalogue): (key: string) => HistoryField['format'] {
  const named = (names: Record<string, string>) => (v: unknown) => (typeof v === 'string' && Object.hasOwn(names, v) ? names[v] : undefined);
  const by: Record<string, HistoryField['format']> = { status: named(cat.statuses), lane: named(cat.lanes), role: named(cat.roles), locale: named(cat.languages) };
  return (key) => by[key];
}

function row(x: AuditEntry, cat: Catalogue, s: AuditStrings, format: (key: string) => HistoryField['format']): TemplateResult {
  const sum = summariseAudit(x, s, { format });
  const href = targetHref(x.target);
  const hasData = Object.keys(x.data).length > 0;
  return html`<tr>
    <td class="audit-when" data-label=${s.when}><time datetime=${x.createdAt}><span>${date(cat, x.createdAt)}</span><span class="muted">${timeOfDay(cat, x.createdAt)}</span></time></td>
    <td data-label=${s.who}>${x.actorName}<br /><span class="muted audit-code">${x.actor}</span></td>
    <td class="audit-action">
      <strong>${sum.action}</strong> <span class="muted audit-code">${x.action}</span>
      ${sum.lines.length
        ? html`<ul class="audit-lines">
            ${sum.lines.map((line) => html`<li>${line}</li>`)}
            ${sum.more ? html`<li class="muted">${s.moreLines(sum.more)}</li>` : nothing}
          </ul>`
        : nothing}
      <!-- The JSON scrolls inside its box (focusable, so the keyboard scrolls it too). -->
      ${hasData ? html`<details><summary>${s.allDetails}</summary><pre tabindex="0">${JSON.stringify(x.data, null, 2)}</pre></details>` : nothing}
    </td>
    <td class="audit-target" data-label=${s.target}>${href ? html`<a href=${href}>${x.target}</a>` : (x.target ?? '')}</td>
    <td class="audit-code audit-ip" data-label=${s.ip}>${x.ip ?? ''}</td>
  </tr>`;
}

/** The entries, newest first as the server lists them. */
export function auditTable(entries: readonly AuditEntry[], cat: Catalogue, s: AuditStrings): TemplateResult {
  const format = formats(cat);
  // On a phone, one card per entry (screen.styles.ts's `stack`): each value after its column's name, the action the whole width.
  return html`<table class="audit-log stack">
    <thead>
      <tr><th scope="col">${s.when}</th><th scope="col">${s.who}</th><th scope="col">${s.action}</th><th scope="col">${s.target}</th><th scope="col">${s.ip}</th></tr>
    </thead>
    <tbody>
      ${entries.map((x) => row(x, cat, s, format))}
    </tbody>
  </table>`;
}
