// "My payments": the subscription (cancel, billing portal) and each payment with its refunds.
import { html, nothing, type TemplateResult } from 'lit';
import { format } from '../../i18n/format.js';
import { longDate, money } from '../format.js';
import { ACTIVE, type FastlaneStatus } from '../model.js';
import type { FastlaneStrings } from '../strings.js';
import type { FastlaneViewActions, FastlaneViewState } from './types.js';
import { heading } from './heading.js';

type Order = FastlaneStatus['orders'][number];

function orderView(s: FastlaneStrings, st: FastlaneViewState, on: FastlaneViewActions, o: Order, planName: (key: string) => string): TemplateResult {
  const pendingRefund = o.refunds.some((r) => r.status === 'pending_approval');
  const refundable = o.kind === 'incident' && o.status === 'paid' && !pendingRefund;
  return html`<li>
    <p><strong>${planName(o.plan)}</strong> · ${money(s, o.amount, o.currency)} · ${s.orderStatus[o.status] ?? o.status}</p>
    ${o.paidAt ? html`<p class="muted">${format(s.paidOn, { date: longDate(s, st.offer?.timeZone, o.paidAt) })}</p>` : nothing}
    ${o.amountRefunded ? html`<p>${format(s.refunded, { amount: money(s, o.amountRefunded, o.currency) })}</p>` : nothing}
    ${pendingRefund ? html`<p>${s.refundPending}</p>` : nothing}
    ${o.refunds.some((r) => r.status === 'rejected') ? html`<p>${s.refundRejected}</p>` : nothing}
    ${refundable
      ? st.refundFor === o.id
        ? html`<form @submit=${(e: Event) => on.refund(e, o.id)}>
            <ul class="muted">
              ${(st.offer?.refundPolicy ?? []).map((r) => html`<li>${r}</li>`)}
            </ul>
            <div class="field">
              <label for="reason-${o.id}">${s.refundReasonLabel}</label>
              <textarea id="reason-${o.id}" name="reason" part="input" rows="3" maxlength="500" required aria-invalid=${st.refundReasonMissing ? 'true' : nothing}></textarea>
            </div>
            <button type="submit" part="button" aria-disabled=${st.busy ? 'true' : 'false'}>${s.sendRefund}</button>
          </form>`
        : html`<button type="button" class="secondary" @click=${() => on.askRefund(o.id)}>${s.askRefund}</button>`
      : nothing}
  </li>`;
}

export function accountView(s: FastlaneStrings, st: FastlaneViewState, on: FastlaneViewActions): TemplateResult {
  const status = st.status;
  const planName = (key: string) => st.offer?.plans.find((p) => p.key === key)?.name ?? key;
  const back = html`<div class="actions"><button type="button" class="secondary" @click=${() => on.backToOffer()}>${s.back}</button></div>`;
  if (!status) return html`${back}${heading(s.myPayments)}<p>${s.loading}</p>`;
  const sub = status.subscription;
  const orders = status.orders.filter((o) => o.status !== 'open');
  return html`${back}${heading(s.myPayments)}
    ${sub
      ? html`<h3>${s.subscription}: ${planName(sub.plan)}</h3>
          <p>${s.subscriptionStatus[sub.status] ?? sub.status}.
            ${ACTIVE.includes(sub.status) && sub.currentPeriodEnd ? format(sub.cancelAtPeriodEnd ? s.endsOn : s.renewsOn, { date: longDate(s, st.offer?.timeZone, sub.currentPeriodEnd) }) : nothing}</p>
          <div class="actions">
            ${ACTIVE.includes(sub.status) && !sub.cancelAtPeriodEnd && st.confirmCancel === null
              ? html`<button type="button" class="secondary" id="cancel-end" @click=${() => on.askCancel(true)}>${s.cancelAtEnd}</button>
                  <button type="button" class="secondary" id="cancel-now" @click=${() => on.askCancel(false)}>${s.cancelNow}</button>`
              : nothing}
            ${ACTIVE.includes(sub.status) && sub.cancelAtPeriodEnd ? html`<button type="button" class="secondary" @click=${() => on.undoCancel()}>${s.undoCancel}</button>` : nothing}
            <button type="button" class="link" @click=${() => on.billingPortal()}>${s.billingPortal}</button>
          </div>
          ${st.confirmCancel !== null
            ? html`<div role="group" aria-labelledby="cancel-q">
                <p id="cancel-q">${st.confirmCancel ? format(s.cancelEndConfirm, { date: longDate(s, st.offer?.timeZone, sub.currentPeriodEnd) }) : s.cancelNowConfirm}</p>
                <div class="actions">
                  <button type="button" part="button" id="cancel-yes" aria-disabled=${st.busy ? 'true' : 'false'} @click=${() => on.cancel()}>${s.cancelYes}</button>
                  <button type="button" class="secondary" @click=${() => on.askCancel(null)}>${s.cancelKeep}</button>
                </div>
              </div>`
            : nothing}`
      : nothing}
    ${orders.length === 0 ? html`<p>${s.noPayments}</p>` : nothing}
    <ul class="orders">
      ${orders.map((o) => orderView(s, st, on, o, planName))}
    </ul>`;
}
