// "My requests": the customer's cases (open first, each linking to its private page), payments with
// receipts, the data download and the deletion with its confirmation step.
import { html, nothing, type TemplateResult } from 'lit';
import { format } from '../../i18n/format.js';
import { longDate, money } from '../format.js';
import type { FastlaneStrings } from '../strings.js';
import type { FastlaneViewActions, FastlaneViewState } from './types.js';
import { heading } from './heading.js';

export function requestsView(s: FastlaneStrings, st: FastlaneViewState, on: FastlaneViewActions): TemplateResult {
  const r = s.requests;
  const view = st.requests;
  if (!view) return html`${heading(r.heading)}<p>${s.loading}</p>`;
  const tz = st.offer?.timeZone;
  return html`${heading(r.heading)}
    <h3>${r.cases}</h3>
    ${view.cases.length === 0 ? html`<p>${r.noCases}</p>` : nothing}
    <ul class="orders requests">
      ${view.cases.map(
        (c) => html`<li data-case=${c.reference} data-open=${c.open ? 'true' : 'false'}>
          <p><strong>${c.reference}</strong> · ${c.subject}</p>
          <p class="muted">${r.status[c.status] ?? c.status} · ${r.lanes[c.lane] ?? c.lane} · ${format(r.updated, { date: longDate(s, tz, c.updatedAt) })}</p>
          <a href=${c.trackingUrl} target="_blank" rel="noopener">${format(r.follow, { reference: c.reference })}<span class="visually-hidden"> ${r.newTab}</span></a>
        </li>`,
      )}
    </ul>
    ${view.payments.length
      ? html`<h3>${r.payments}</h3>
          <ul class="orders">
            ${view.payments.map(
              (p) => html`<li>
                <p>${p.caseReference ? `${p.caseReference} · ` : ''}${money(s, p.amount, p.currency)} · ${s.orderStatus[p.status] ?? p.status}</p>
                ${p.paidAt ? html`<p class="muted">${format(s.paidOn, { date: longDate(s, tz, p.paidAt) })}</p>` : nothing}
                ${p.amountRefunded ? html`<p>${format(s.refunded, { amount: money(s, p.amountRefunded, p.currency) })}</p>` : nothing}
                ${p.receiptUrl ? html`<a href=${p.receiptUrl} target="_blank" rel="noopener">${format(r.receipt, { plan: st.offer?.plans.find((x) => x.key === p.plan)?.name ?? p.plan })}</a>` : nothing}
              </li>`,
            )}
          </ul>`
      : nothing}
    <h3>${r.data}</h3>
    <p>${r.downloadHelp}</p>
    <div class="actions"><button type="button" part="button" id="download" aria-disabled=${st.busy ? 'true' : 'false'} @click=${() => on.downloadData()}>${r.download}</button></div>
    <h3>${r.deleteHeading}</h3>
    <p>${r.deleteExplain}</p>
    <p>${r.deleteKept}</p>
    ${!view.canDelete
      ? html`<p>${r.deleteSubFirst}</p>`
      : st.confirmDelete
        ? html`<form novalidate @submit=${(e: Event) => on.deleteData(e)}>
            <div class="field">
              <label for="confirm-email">${r.confirmLabel}</label>
              <input id="confirm-email" part="input" type="email" name="confirmEmail" autocomplete="off" maxlength="254" required aria-invalid=${st.deleteError ? 'true' : 'false'} aria-describedby=${st.deleteError ? 'confirm-error' : nothing} />
              ${st.deleteError ? html`<p class="error" id="confirm-error">${st.deleteError}</p>` : nothing}
            </div>
            <div class="actions">
              <button type="submit" part="button" id="delete-yes" aria-disabled=${st.busy ? 'true' : 'false'}>${r.deleteYes}</button>
              <button type="button" class="secondary" @click=${() => on.askDelete(false)}>${r.deleteKeep}</button>
            </div>
          </form>`
        : html`<div class="actions"><button type="button" class="secondary" id="delete-open" @click=${() => on.askDelete(true)}>${r.askDelete}</button></div>`}`;
}

export function deletedView(s: FastlaneStrings, st: FastlaneViewState): TemplateResult {
  const d = st.deleted;
  return html`${heading(s.requests.deletedHeading)}
    ${d ? html`<p class="notice" part="message">${format(s.requests.deleted, { cases: d.cases, files: d.attachments })}</p>` : nothing}
    ${d?.paymentsKept ? html`<p>${s.requests.deleteKept}</p>` : nothing}`;
}
