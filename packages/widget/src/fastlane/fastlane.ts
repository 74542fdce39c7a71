import { html, type PropertyValues, type TemplateResult } from 'lit';
import { Task } from '@lit/task';
import type { Locale } from '@ayuda/client';
import { AyudaElement } from '../internal/base.js';
import { apiLocale } from '../data/service.js';
import { loadFastlaneStrings, type FastlaneStrings } from './strings.js';
import { FastlaneFlowController } from './flow-controller.js';
import type { FastlaneStep } from './model.js';
import { accountBar, stepView } from './views/steps.js';
import { fastlaneStyles } from './fastlane.styles.js';

export { FASTLANE_POLL } from './flow-controller.js';
export type { FastlaneEventDetails, FastlaneStep } from './model.js';

/**
 * Priority support, bought by the customer: a proof-of-work captcha (ALTCHA), sign-in with a
 * mailed code (or an identity token from the host page), the offer (what it gives, plans and
 * prices, refund policy, the customers' articles), payment through Stripe Checkout, and the
 * confirmation once Stripe's webhook has moved the request. "My payments" asks for refunds,
 * cancels the subscription and opens Stripe's billing portal. Nothing of the offer reaches the
 * page before the captcha and sign-in.
 *
 * The flow lives in `FastlaneFlowController`; this element resolves its attributes, loads its
 * strings, renders the views and moves focus.
 *
 * @summary The paid fast lane: captcha, sign-in, offer, checkout, confirmation, my payments.
 *
 * @customElement ayuda-fastlane
 *
 * @attr server - The Ayuda server's URL. Default: the embed's server, else this page's origin.
 * @attr locale - `es` or `en`. Default: the nearest `lang` attribute, then `<html lang>`.
 * @attr theme - `light` or `dark`; unset follows `prefers-color-scheme`.
 * @attr tracking-token - The request to move to the fast lane (offers the per-request plan).
 * @attr identity-token - A JWT your backend signed with `AYUDA_IDENTITY_SECRET`: signs the customer in without a mailed code.
 * @attr return-url - Where Stripe's confirmation page links back to (default: this page; it must be one of the server's origins).
 * @attr view - `account` opens "My payments" instead of the offer; `requests` opens "My requests" (the customer's cases, payments and receipts, the data download and the deletion), which signs in the same way and works with payments off.
 *
 * @event ayuda-fastlane-step - A new step is shown. `detail: { step }`.
 * @event ayuda-fastlane-signin - The customer signed in. `detail: { email, method }`.
 * @event ayuda-fastlane-checkout - Checkout opened. `detail: { plan, kind, trackingToken }`.
 * @event ayuda-fastlane-done - The payment is confirmed and the lane changed. `detail: { plan, kind, trackingToken }`.
 * @event ayuda-fastlane-refund - A refund was asked for. `detail: { orderId, status, amount }`.
 * @event ayuda-fastlane-cancel - The subscription was cancelled. `detail: { atPeriodEnd, refunded }`.
 * @event ayuda-account-export - "My requests": the customer downloaded their data (GDPR art. 20). `detail: {}`.
 * @event ayuda-account-deleted - "My requests": the customer's data was erased (GDPR art. 17); the session has ended. `detail: { cases, attachments, paymentsKept }`.
 *
 * @slot checkout - Where Stripe's embedded checkout is mounted (the element adds it there itself; leave it empty).
 *
 * @csspart base - The content root.
 * @csspart heading - The heading of each step.
 * @csspart captcha - The box holding the ALTCHA checkbox.
 * @csspart input - Email, code and reason fields.
 * @csspart button - Primary buttons.
 * @csspart plan - Each plan's choice.
 * @csspart usual-reply - In the offer, what the first answer usually took in the last 30 days with the fast lane (and without it), beside the promised times; absent while the server has too few cases.
 * @csspart message - Status and error messages.
 */
export class AyudaFastlane extends AyudaElement {
  static override styles = fastlaneStyles;
  static override properties = {
    trackingToken: { type: String, attribute: 'tracking-token' },
    identityToken: { type: String, attribute: 'identity-token' },
    returnUrl: { type: String, attribute: 'return-url' },
    view: { type: String },
  };

  declare trackingToken: string | undefined;
  declare identityToken: string | undefined;
  declare returnUrl: string | undefined;
  declare view: string | undefined;

  readonly #flow: FastlaneFlowController = new FastlaneFlowController(this, {
    server: () => this.service.server,
    client: () => this.service.client,
    locale: () => this.#locale,
    strings: () => loadFastlaneStrings(this.#locale),
    shown: (): FastlaneStrings => this.#strings.value!,
  });

  readonly #strings: Task<[Locale], FastlaneStrings> = new Task(this, {
    task: ([locale]: [Locale]) => loadFastlaneStrings(locale),
    args: (): [Locale] => [this.#locale],
    onComplete: (): void => this.#flow.stringsChanged(),
  });

  /** The step on screen. */
  get step(): FastlaneStep {
    return this.#flow.step;
  }

  get #locale(): Locale {
    return apiLocale(this.currentLocale);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // Asked again with another view (Ayuda.fastlane({ view }) while the fast lane is open).
    if (changed.has('view') && this.hasUpdated) this.#flow.viewChanged();
    this.#flow.start();
  }

  /** Resolves once the strings of the current step have rendered. */
  override get ready(): Promise<void> {
    return super.ready.then(() => loadFastlaneStrings(this.#locale)).then(() => this.updateComplete).then(() => undefined);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const flow = this.#flow;
    if (flow.focusTarget && !flow.busy && this.#strings.value) {
      const target = this.renderRoot.querySelector<HTMLElement>(flow.focusTarget) ?? this.renderRoot.querySelector<HTMLElement>('h2');
      if (target) {
        flow.focusTarget = null;
        target.focus();
      }
    }
  }

  /** Focuses where the current step starts: its first field when it has one, else its heading. */
  override focus(options?: FocusOptions): void {
    const flow = this.#flow;
    const sel = flow.focusTarget ?? (flow.step === 'signin' ? 'input[type=email]' : flow.step === 'code' ? 'input[name=code]' : 'h2');
    const target = this.#strings.value && !flow.busy ? this.renderRoot.querySelector<HTMLElement>(sel) : null;
    if (target) {
      flow.focusTarget = null;
      target.focus(options);
    } else flow.focusTarget = sel;
  }

  // What the flow says (its status and its errors) comes before the step: a step such as the
  // offer is taller than the panel, and a message under it ("nothing was charged" after leaving
  // Stripe's page) went unseen.
  protected renderContent(): TemplateResult {
    const s: FastlaneStrings | undefined = this.#strings.value;
    if (!s) return html``;
    const flow = this.#flow;
    return html`<div class="root" part="base" lang=${s.locale} aria-busy=${flow.busy ? 'true' : 'false'}>
      <p class="notice" part="message" role="status">${flow.notice}</p>
      <div class="alert" part="message" role="alert">${flow.error}</div>
      ${stepView(s, flow, flow)}
      <slot name="checkout"></slot>
      ${accountBar(s, flow, flow)}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-fastlane': AyudaFastlane;
  }
}
