// <ayuda-customer-panel>: the customer beside a case: their earlier cases, fast-lane payments,
// subscription and refunds, with approve/reject for refunds that wait for staff and a goodwill
// refund of a payment. Every action is optimistic.
import { html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { newIdempotencyKey, type StaffCustomer } from '@ayuda/client/staff';
import { sharedStyles } from '../styles/shared.styles.js';
import { panelStyles } from './panel.styles.js';
import { api } from '../internal/api.js';
import { ANY_MONEY_PATTERN, toMinorUnits } from '../internal/money.js';
import { LocalizeController } from '../internal/localize.js';
import { OptimisticController } from '../internal/optimistic.js';
import { date, dateTime, money } from '../internal/format.js';
import type { Catalogue } from '../i18n/types.js';

type Refund = StaffCustomer['fastlane']['refunds'][number];

/**
 * @event ayuda-changed - a refund was made or decided (the case view reloads)
 */
export class AyudaCustomerPanel extends LitElement {
  static override styles = [sharedStyles, panelStyles];
  static override properties: PropertyDeclarations = {
    customer: { attribute: false },
    reference: { type: String },
    refunds: { state: true },
  };

  declare customer: StaffCustomer | undefined;
  /** The case on screen (left out of "earlier cases"). */
  declare reference: string;
  /** Local copy of the refunds, changed optimistically. */
  declare refunds: Refund[] | null;

  readonly #l = new LocalizeController(this);
  readonly #optimistic = new OptimisticController(this);
  /**
   * The Idempotency-Key of the goodwill refund being made, with what it is for (payment, amount,
   * reason): sending the same refund again (after a network error or a timeout) reuses it, so
   * the server makes it once; another payment, amount or reason, or a refund done, gets a new one.
   */
  #refundKey: { intent: string; key: string } | null = null;

  constructor() {
    super();
    this.customer = undefined;
    this.reference = '';
    this.refunds = null;
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('customer')) this.refunds = this.customer?.fastlane.refunds ?? null;
  }

  #changed(): void {
    this.dispatchEvent(new Event('ayuda-changed', { bubbles: true, composed: true }));
  }

  async #decide(r: Refund, approve: boolean): Promise<void> {
    const cat = this.#l.cat;
    const before = this.refunds ?? [];
    const ok = await this.#optimistic.run({
      label: `${approve ? cat.approve : cat.reject} (${r.id})`,
      apply: () => (this.refunds = before.map((x) => (x.id === r.id ? { ...x, status: approve ? 'succeeded' : 'rejected' } : x))),
      revert: () => (this.refunds = before),
      request: () => (approve ? api().staffFastlaneApprove(r.id) : api().staffFastlaneReject(r.id)),
      success: approve ? cat.refundApproved : cat.refundRejected,
    });
    if (ok) this.#changed();
  }

  async #refund(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const cat = this.#l.cat;
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const orderId = Number(data.get('order'));
    const order = this.customer?.fastlane.orders.find((o) => o.id === orderId);
    const reason = String(data.get('reason') ?? '').trim();
    if (!order || !reason) return;
    const amount = toMinorUnits(String(data.get('amount') ?? ''), order.currency) ?? undefined;
    if (amount !== undefined && (!Number.isFinite(amount) || amount < 1)) {
      form.querySelector<HTMLInputElement>('[name=amount]')?.focus();
      return;
    }
    const intent = JSON.stringify([orderId, amount ?? null, reason]);
    if (this.#refundKey?.intent !== intent) this.#refundKey = { intent, key: newIdempotencyKey() };
    const idempotencyKey = this.#refundKey.key;
    const before = this.refunds ?? [];
    const pendingRow: Refund = { id: -Date.now(), orderId, amount: amount ?? order.amount - order.amountRefunded, reason, requestedBy: 'staff', status: 'pending', stripeRefundId: null, note: null, createdAt: new Date().toISOString(), decidedAt: null };
    const done = await this.#optimistic.run({
      label: cat.goodwillRefund,
      apply: () => (this.refunds = [pendingRow, ...before]),
      revert: () => (this.refunds = before),
      request: () => api().staffFastlaneOrderRefund(orderId, { reason, ...(amount ? { amount } : {}) }, { idempotencyKey }),
      confirm: (r) => (this.refunds = [{ ...pendingRow, id: r.id, amount: r.amount, status: r.status }, ...before]),
      success: cat.refundDone,
    });
    if (done) {
      // Made: the next refund, even of the same amount for the same reason, is another one.
      if (this.#refundKey?.key === idempotencyKey) this.#refundKey = null;
      form.reset();
      this.#changed();
    }
  }

  protected override render(): TemplateResult | typeof nothing {
    const c = this.customer;
    if (!c) return nothing;
    const cat = this.#l.cat;
    const others = c.cases.filter((x) => x.reference !== this.reference);
    const fl = c.fastlane;
    // What the server refunds (fastlane/refunds.ts): paid orders, whole or in part, with money left.
    const refundable = fl.orders.filter((o) => (o.status === 'paid' || o.status === 'partially_refunded') && o.amount > o.amountRefunded);
    return html`<section aria-labelledby="customer">
      <h2 id="customer">${cat.customer}</h2>
      <p><strong>${c.name}</strong><br /><span class="small">${c.email}</span> · <span class="small">${cat.languages[c.locale]}</span></p>
      <h3>${cat.earlierCases}</h3>
      ${others.length
        ? html`<ul>${others.map((x) => html`<li><a href="#/cases/${encodeURIComponent(x.reference)}">${x.reference}</a> <span>${x.subject}</span> <span class="small muted">${cat.statuses[x.status]} · ${cat.lanes[x.lane]} · ${date(cat, x.createdAt)}</span></li>`)}</ul>`
        : html`<p class="muted small">${cat.noEarlierCases}</p>`}
      <h3>${cat.subscription}</h3>
      ${fl.subscription
        ? html`<p>${fl.subscription.plan} · ${cat.subscriptionStatus[fl.subscription.status] ?? fl.subscription.status}${fl.subscription.currentPeriodEnd ? html` · ${fl.subscription.cancelAtPeriodEnd ? cat.endsOn(date(cat, fl.subscription.currentPeriodEnd)) : cat.renewsOn(date(cat, fl.subscription.currentPeriodEnd))}` : nothing}</p>`
        : html`<p class="muted small">${cat.noSubscription}</p>`}
      <h3>${cat.payments}</h3>
      ${fl.orders.length
        ? html`<ul>${fl.orders.map((o) => html`<li><span>${cat.orderKind[o.kind] ?? o.kind}</span> <strong>${money(cat, o.amount, o.currency)}</strong> <span class="small muted">${cat.orderStatus[o.status] ?? o.status} · ${dateTime(cat, o.paidAt ?? o.createdAt)}</span>${o.amountRefunded ? html` <span class="small">${cat.refunded(money(cat, o.amountRefunded, o.currency))}</span>` : nothing}</li>`)}</ul>`
        : html`<p class="muted small">${cat.noPayments}</p>`}
      <h3>${cat.refunds}</h3>
      ${this.#refundList(cat)}
      ${refundable.length ? this.#refundForm(cat, refundable) : nothing}
    </section>`;
  }

  #refundList(cat: Catalogue): TemplateResult {
    const refunds = this.refunds ?? [];
    if (!refunds.length) return html`<p class="muted small">${cat.noRefunds}</p>`;
    const currencyOf = (orderId: number) => this.customer?.fastlane.orders.find((o) => o.id === orderId)?.currency ?? 'eur';
    return html`<ul>
      ${refunds.map(
        (r) => html`<li>
          <strong>${money(cat, r.amount, currencyOf(r.orderId))}</strong>
          <span>${cat.refundStatus[r.status] ?? r.status}</span>
          <span class="small muted">${r.reason}</span>
          ${r.status === 'pending_approval'
            ? html`<span class="actions">
                <button type="button" class="primary" @click=${() => void this.#decide(r, true)}>${cat.approve}<span class="visually-hidden"> ${money(cat, r.amount, currencyOf(r.orderId))}</span></button>
                <button type="button" class="danger" @click=${() => void this.#decide(r, false)}>${cat.reject}<span class="visually-hidden"> ${money(cat, r.amount, currencyOf(r.orderId))}</span></button>
              </span>`
            : nothing}
        </li>`,
      )}
    </ul>`;
  }

  #refundForm(cat: Catalogue, orders: StaffCustomer['fastlane']['orders']): TemplateResult {
    return html`<details>
      <summary>${cat.goodwillRefund}</summary>
      <form @submit=${(e: SubmitEvent) => void this.#refund(e)}>
        <label>${cat.payments}
          <select name="order" required>
            ${orders.map((o) => html`<option value=${String(o.id)}>${cat.orderKind[o.kind] ?? o.kind} · ${dateTime(cat, o.paidAt ?? o.createdAt)} · ${money(cat, o.amount - o.amountRefunded, o.currency)}</option>`)}
          </select>
        </label>
        <label>${cat.refundAmount}<input name="amount" inputmode="decimal" pattern=${ANY_MONEY_PATTERN} aria-describedby="amount-hint" /></label>
        <span id="amount-hint" class="small muted">${cat.refundAmountHint}</span>
        <label>${cat.refundReason}<input name="reason" required maxlength="500" /></label>
        <button type="submit">${cat.refund}</button>
      </form>
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-customer-panel': AyudaCustomerPanel;
  }
}
