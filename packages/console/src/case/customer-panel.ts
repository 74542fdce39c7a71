// <ayuda-customer-panel>: the customer beside a case: their earlier cases, fast-lane payments,
// subscription and refunds, with approve/reject for refunds that wait for staff and a goodwill
// refund of a payment. Every action is optimistic.
import { html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { AyudaApiError, newIdempotencyKey, type StaffCustomer } from '@ayuda/client/staff';
import { sharedStyles } from '../styles/shared.styles.js';
import { panelStyles } from './panel.styles.js';
import { api } from '../internal/api.js';
import { minorDigits, toMinorUnits } from '../internal/money.js';
import { LocalizeController } from '../internal/localize.js';
import { OptimisticController, refusalReason } from '../internal/optimistic.js';
import { date, dateTime, money } from '../internal/format.js';
import { confirmAction } from '../dialogs/confirm-dialog.js';
import '../define/ayuda-confirm-dialog.js';
import type { Catalogue } from '../i18n/types.js';

type Refund = StaffCustomer['fastlane']['refunds'][number];
type Order = StaffCustomer['fastlane']['orders'][number];
type Subscription = NonNullable<StaffCustomer['fastlane']['subscription']>;
/** What the refund form says is wrong, at the field. */
type RefundErrors = Partial<Record<'amount' | 'reason', string>>;

/** An amount in minor units as staff would type it in the console's language ("4,99", "4.99"): a valid example for the amount field. */
function typedAmount(cat: Catalogue, amount: number, currency: string): string {
  const d = minorDigits(currency.toUpperCase());
  return new Intl.NumberFormat(cat.locale === 'es' ? 'es-ES' : 'en-GB', { minimumFractionDigits: d, maximumFractionDigits: d, useGrouping: false }).format(amount / 10 ** d);
}

/**
 * @event ayuda-changed - a refund was made or decided (the case view reloads)
 */
export class AyudaCustomerPanel extends LitElement {
  static override styles = [sharedStyles, panelStyles];
  static override properties: PropertyDeclarations = {
    customer: { attribute: false },
    reference: { type: String },
    timeZone: { type: String },
    refunds: { state: true },
    refundErrors: { state: true },
  };

  declare customer: StaffCustomer | undefined;
  /** The case on screen (left out of "earlier cases"). */
  declare reference: string;
  /** The zone its dates are shown in: the company's, as the rest of the case screen ('' : the browser's). */
  declare timeZone: string;
  /** Local copy of the refunds, changed optimistically. */
  declare refunds: Refund[] | null;
  /** The goodwill refund form's field errors (checked before sending, or refused by the server). */
  declare refundErrors: RefundErrors;

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
    this.timeZone = '';
    this.refunds = null;
    this.refundErrors = {};
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('customer')) this.refunds = this.customer?.fastlane.refunds ?? null;
    // Another case's panel: the last case's refund errors are not this one's.
    if (changed.has('reference')) this.refundErrors = {};
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

  /**
   * The refund form's checks, as the server makes them (fastlane/refunds.ts): an amount, when
   * given, is a number in the payment's currency from its smallest unit up to what is left to
   * refund; a reason is required. Said at the field, in the console's language.
   */
  #checkRefund(cat: Catalogue, order: Order, typed: string, reason: string): { amount: number | undefined; errors: RefundErrors } {
    const errors: RefundErrors = {};
    const left = order.amount - order.amountRefunded;
    const amount = toMinorUnits(typed, order.currency) ?? undefined;
    if (amount !== undefined && !Number.isFinite(amount)) errors.amount = cat.refundAmountFormat(typedAmount(cat, left, order.currency));
    else if (amount !== undefined && amount < 1) errors.amount = cat.refundAmountMin(money(cat, 1, order.currency));
    else if (amount !== undefined && amount > left) errors.amount = cat.refundAmountMax(money(cat, left, order.currency));
    if (!reason) errors.reason = cat.refundReasonMissing;
    return { amount, errors };
  }

  /** Shows the form's errors and puts the focus on the first field in error. */
  async #showRefundErrors(form: HTMLFormElement, errors: RefundErrors): Promise<void> {
    this.refundErrors = errors;
    await this.updateComplete;
    const first = (['amount', 'reason'] as const).find((k) => errors[k]);
    if (first) form.querySelector<HTMLInputElement>(`[name=${first}]`)?.focus();
  }

  async #refund(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const cat = this.#l.cat;
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const orderId = Number(data.get('order'));
    const order = this.customer?.fastlane.orders.find((o) => o.id === orderId);
    const reason = String(data.get('reason') ?? '').trim();
    if (!order) return;
    const { amount, errors } = this.#checkRefund(cat, order, String(data.get('amount') ?? ''), reason);
    if (errors.amount || errors.reason) return this.#showRefundErrors(form, errors);
    this.refundErrors = {};
    // Money leaves the company and cannot be taken back: the amount and who gets it are said, and asked, first.
    const customer = this.customer;
    const reference = this.reference;
    const refunded = money(cat, amount ?? order.amount - order.amountRefunded, order.currency);
    if (!customer || !(await confirmAction({ title: cat.confirmRefundTitle, message: cat.confirmRefund(refunded, customer.email), confirm: cat.confirmRefundButton(refunded) }))) return;
    // Another case may be on screen by now: its customer is not the one asked about.
    if (this.customer?.email !== customer.email || this.reference !== reference) return;
    const intent = JSON.stringify([orderId, amount ?? null, reason]);
    if (this.#refundKey?.intent !== intent) this.#refundKey = { intent, key: newIdempotencyKey() };
    const idempotencyKey = this.#refundKey.key;
    const before = this.refunds ?? [];
    const pendingRow: Refund = { id: -Date.now(), orderId, amount: amount ?? order.amount - order.amountRefunded, reason, requestedBy: 'staff', status: 'pending', stripeRefundId: null, note: null, createdAt: new Date().toISOString(), decidedAt: null };
    const fields = { 'body.amount': cat.refundAmount, 'body.reason': cat.refundReason };
    const done = await this.#optimistic.run({
      label: cat.goodwillRefund,
      apply: () => (this.refunds = [pendingRow, ...before]),
      revert: () => (this.refunds = before),
      request: () => api().staffFastlaneOrderRefund(orderId, { reason, ...(amount ? { amount } : {}) }, { idempotencyKey }),
      confirm: (r) => (this.refunds = [{ ...pendingRow, id: r.id, amount: r.amount, status: r.status }, ...before]),
      success: cat.refundDone,
      fields,
      // A field the server refused is marked at the field too, as the toast says it.
      refused: (err) => {
        const at: RefundErrors = {};
        if (err instanceof AyudaApiError) {
          const refused = err.fieldErrors;
          if (refused['body.amount'] !== undefined) at.amount = refusalReason(cat, err, { 'body.amount': cat.refundAmount });
          if (refused['body.reason'] !== undefined) at.reason = refusalReason(cat, err, { 'body.reason': cat.refundReason });
        }
        if (at.amount || at.reason) void this.#showRefundErrors(form, at);
        // Refused by the server, perhaps for a refund made meanwhile (another agent, the customer
        // through the widget): the case view reloads, so the payment shows what is left now.
        if (err instanceof AyudaApiError) this.#changed();
      },
    });
    if (done) {
      // Made: the next refund, even of the same amount for the same reason, is another one.
      if (this.#refundKey?.key === idempotencyKey) this.#refundKey = null;
      form.reset();
      this.#changed();
    }
  }

  /** The subscription's plan by its name in the console's language (the fast lane's settings name each plan in each language). */
  #planName(cat: Catalogue, sub: Subscription): string {
    return sub.planName?.[cat.locale] || cat.retiredPlan(sub.plan);
  }

  /** Typing in a field in error takes its message away. */
  #edited(field: keyof RefundErrors): void {
    if (this.refundErrors[field]) this.refundErrors = { ...this.refundErrors, [field]: undefined };
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
        ? html`<ul>${others.map((x) => html`<li><a href="#/cases/${encodeURIComponent(x.reference)}">${x.reference}</a> <span>${x.subject}</span> <span class="small muted">${cat.statuses[x.status]} · ${cat.lanes[x.lane]} · ${date(cat, x.createdAt, this.timeZone || undefined)}</span></li>`)}</ul>`
        : html`<p class="muted small">${cat.noEarlierCases}</p>`}
      <h3>${cat.subscription}</h3>
      ${fl.subscription
        ? html`<p>${this.#planName(cat, fl.subscription)} · ${cat.subscriptionStatus[fl.subscription.status] ?? fl.subscription.status}${fl.subscription.currentPeriodEnd ? html` · ${fl.subscription.cancelAtPeriodEnd ? cat.endsOn(date(cat, fl.subscription.currentPeriodEnd, this.timeZone || undefined)) : cat.renewsOn(date(cat, fl.subscription.currentPeriodEnd, this.timeZone || undefined))}` : nothing}</p>`
        : html`<p class="muted small">${cat.noSubscription}</p>`}
      <h3>${cat.payments}</h3>
      ${fl.orders.length
        ? html`<ul>${fl.orders.map((o) => html`<li><span>${cat.orderKind[o.kind] ?? o.kind}</span> <strong>${money(cat, o.amount, o.currency)}</strong> <span class="small muted">${cat.orderStatus[o.status] ?? o.status} · ${dateTime(cat, o.paidAt ?? o.createdAt, this.timeZone || undefined)}</span>${o.amountRefunded ? html` <span class="small">${cat.refunded(money(cat, o.amountRefunded, o.currency))}</span>` : nothing}</li>`)}</ul>`
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
    const err = this.refundErrors;
    // Checked here before sending (novalidate: no browser bubble in the browser's language), said at the field.
    return html`<details>
      <summary>${cat.goodwillRefund}</summary>
      <form novalidate @submit=${(e: SubmitEvent) => void this.#refund(e)}>
        <label>${cat.payments}
          <select name="order" @change=${() => this.#edited('amount')}>
            ${orders.map((o) => html`<option value=${String(o.id)}>${cat.orderKind[o.kind] ?? o.kind} · ${dateTime(cat, o.paidAt ?? o.createdAt, this.timeZone || undefined)} · ${money(cat, o.amount - o.amountRefunded, o.currency)}</option>`)}
          </select>
        </label>
        <label
          >${cat.refundAmount}<input
            name="amount"
            inputmode="decimal"
            autocomplete="off"
            aria-invalid=${err.amount ? 'true' : 'false'}
            aria-describedby=${err.amount ? 'amount-error amount-hint' : 'amount-hint'}
            @input=${() => this.#edited('amount')}
        /></label>
        <span id="amount-hint" class="small muted">${cat.refundAmountHint}</span>
        ${err.amount ? html`<span id="amount-error" class="error small field-error" role="alert">${err.amount}</span>` : nothing}
        <label
          >${cat.refundReason}<input
            name="reason"
            required
            maxlength="500"
            aria-invalid=${err.reason ? 'true' : 'false'}
            aria-describedby=${err.reason ? 'reason-error' : nothing}
            @input=${() => this.#edited('reason')}
        /></label>
        ${err.reason ? html`<span id="reason-error" class="error small field-error" role="alert">${err.reason}</span>` : nothing}
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
