// One row of the queue: reference, subject, customer, lane, status, assignee and the countdown
// to the next SLA target, said in words (at risk, breached) and not by colour alone.
import { html, nothing, type TemplateResult } from 'lit';
import type { StaffCaseSummary } from '@ayuda/client/staff';
import type { Catalogue } from '../i18n/types.js';
import { dateTime, slaMark, slaText } from '../internal/format.js';

export function laneBadge(cat: Catalogue, lane: 'fast' | 'standard'): TemplateResult {
  return html`<span class="badge ${lane}">${lane === 'fast' ? html`<span aria-hidden="true">⚡</span>` : nothing}${cat.lanes[lane]}</span>`;
}

/**
 * The countdown to the next target, in words; with `timeZone` (the company's, where a case
 * knows it) the exact deadline too, in that zone: in the tooltip and for screen readers.
 */
export function slaBadge(cat: Catalogue, c: Pick<StaffCaseSummary, 'sla'>, timeZone?: string): TemplateResult {
  const mark = slaMark(c.sla);
  const deadline = timeZone && c.sla.dueAt ? cat.slaDeadline(dateTime(cat, c.sla.dueAt, timeZone), timeZone) : '';
  const about = [c.sla.target ? cat.slaTargets[c.sla.target] : '', deadline].filter(Boolean).join(' · ');
  const target = about ? html`<span class="visually-hidden"> (${about})</span>` : nothing;
  return html`<span class="sla ${c.sla.state}" title=${about}>${mark ? html`<span aria-hidden="true">${mark} </span>` : nothing}${slaText(cat, c.sla)}${target}</span>`;
}

export interface RowOptions {
  index: number;
  total: number;
  current: boolean;
  onFocus(index: number): void;
}

export function queueRow(cat: Catalogue, c: StaffCaseSummary, o: RowOptions): TemplateResult {
  return html`<div role="listitem" class="row ${c.lane} ${o.current ? 'current' : ''}" aria-setsize=${o.total} aria-posinset=${o.index + 1}>
    <a href="#/cases/${encodeURIComponent(c.reference)}" data-index=${o.index} data-reference=${c.reference} tabindex=${o.current ? '0' : '-1'} @focus=${() => o.onFocus(o.index)}>
      <span class="ref">${c.reference}</span>
      <span class="subject">${c.subject}</span>
      <span class="customer">${c.customer.name} · ${c.customer.email}</span>
      <span class="lane">${laneBadge(cat, c.lane)}</span>
      <span class="status">${cat.statuses[c.status]}</span>
      <span class="assignee">${c.assignee ?? html`<span class="muted">${cat.unassigned}</span>`}</span>
      <span class="sla-cell">${slaBadge(cat, c)}</span>
    </a>
  </div>`;
}
