import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { AyudaApiError, AyudaNetworkError, type Article, type CaseView, type FastlaneOffer, type Locale } from '@ayuda/client';
import { AyudaElement } from '../internal/base.js';
import type { Catalogue } from '../i18n/index.js';
import { format } from '../i18n/format.js';
import { loadFastlaneStrings, type FastlaneStrings } from './strings.js';
import { createAltcha, loadAltcha } from '../internal/altcha.js';
import { loadPending, loadSession, savePending, saveSession, type PendingCheckout, type StoredSession } from './session.js';
import { fastlaneStyles } from './fastlane.styles.js';

/** The steps of the fast lane, in order; `article` and `account` are side trips. */
export type FastlaneStep = 'start' | 'unavailable' | 'signin' | 'code' | 'identity' | 'offer' | 'article' | 'paying' | 'confirming' | 'done' | 'account';

/** The fast lane's DOM events (bubbling, composed). */
export interface FastlaneEventDetails {
  /** A new step is shown. */
  'ayuda-fastlane-step': { step: FastlaneStep };
  /** The customer signed in (code or identity token). */
  'ayuda-fastlane-signin': { email: string; method: 'code' | 'identity' };
  /** Checkout opened for a plan (the page is about to go to Stripe, or mounts embedded checkout). */
  'ayuda-fastlane-checkout': { plan: string; kind: 'incident' | 'subscription'; trackingToken: string | null };
  /** Stripe confirmed the payment: the request (or every request) is in the fast lane. */
  'ayuda-fastlane-done': { plan: string; kind: 'incident' | 'subscription'; trackingToken: string | null };
  /** A refund was asked for: `status` is `succeeded` (refunded at once) or `pending_approval`. */
  'ayuda-fastlane-refund': { orderId: number; status: string; amount: number };
  /** The subscription was cancelled. */
  'ayuda-fastlane-cancel': { atPeriodEnd: boolean; refunded: number };
}

declare global {
  interface HTMLElementEventMap {
    'ayuda-fastlane-step': CustomEvent<FastlaneEventDetails['ayuda-fastlane-step']>;
    'ayuda-fastlane-signin': CustomEvent<FastlaneEventDetails['ayuda-fastlane-signin']>;
    'ayuda-fastlane-checkout': CustomEvent<FastlaneEventDetails['ayuda-fastlane-checkout']>;
    'ayuda-fastlane-done': CustomEvent<FastlaneEventDetails['ayuda-fastlane-done']>;
    'ayuda-fastlane-refund': CustomEvent<FastlaneEventDetails['ayuda-fastlane-refund']>;
    'ayuda-fastlane-cancel': CustomEvent<FastlaneEventDetails['ayuda-fastlane-cancel']>;
  }
}

interface Status {
  customer: { email: string; name: string };
  subscription: { plan: string; status: string; currentPeriodEnd: string | null; cancelAtPeriodEnd: boolean } | null;
  orders: Array<{
    id: number;
    plan: string;
    kind: 'incident' | 'subscription';
    status: string;
    amount: number;
    currency: string;
    amountRefunded: number;
    createdAt: string;
    paidAt: string | null;
    refunds: Array<{ id: number; amount: number; status: string; reason: string; createdAt: string }>;
  }>;
}

/** How often the widget asks whether Stripe's confirmation has arrived, and when it says it is slow. */
export const FASTLANE_POLL = { intervalMs: 1000, slowAfterMs: 20_000, giveUpAfterMs: 10 * 60_000 } as const;

const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`);
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const ACTIVE = ['active', 'trialing', 'past_due'];

/**
 * Priority support, bought by the customer: a proof-of-work captcha (ALTCHA), sign-in with a
 * mailed code (or an identity token from the host page), the offer (what it gives, plans and
 * prices, refund policy, the customers' articles), payment through Stripe Checkout, and the
 * confirmation once Stripe's webhook has moved the request. "My payments" asks for refunds,
 * cancels the subscription and opens Stripe's billing portal. Nothing of the offer reaches the
 * page before the captcha and sign-in.
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
 * @attr view - `account` opens "My payments" instead of the offer.
 *
 * @event ayuda-fastlane-step - A new step is shown. `detail: { step }`.
 * @event ayuda-fastlane-signin - The customer signed in. `detail: { email, method }`.
 * @event ayuda-fastlane-checkout - Checkout opened. `detail: { plan, kind, trackingToken }`.
 * @event ayuda-fastlane-done - The payment is confirmed and the lane changed. `detail: { plan, kind, trackingToken }`.
 * @event ayuda-fastlane-refund - A refund was asked for. `detail: { orderId, status, amount }`.
 * @event ayuda-fastlane-cancel - The subscription was cancelled. `detail: { atPeriodEnd, refunded }`.
 *
 * @csspart base - The content root.
 * @csspart heading - The heading of each step.
 * @csspart captcha - The box holding the ALTCHA checkbox.
 * @csspart input - Email, code and reason fields.
 * @csspart button - Primary buttons.
 * @csspart plan - Each plan's choice.
 * @csspart message - Status and error messages.
 */
export class AyudaFastlane extends AyudaElement {
  static override styles = fastlaneStyles;
  static override properties = {
    trackingToken: { type: String, attribute: 'tracking-token' },
    identityToken: { type: String, attribute: 'identity-token' },
    returnUrl: { type: String, attribute: 'return-url' },
    view: { type: String },
    step: { state: true },
    s: { state: true },
    busy: { state: true },
    error: { state: true },
    notice: { state: true },
  };

  declare trackingToken: string | undefined;
  declare identityToken: string | undefined;
  declare returnUrl: string | undefined;
  declare view: string | undefined;
  declare step: FastlaneStep;
  declare protected s: FastlaneStrings | undefined;
  declare protected busy: boolean;
  declare protected error: string;
  declare protected notice: string;

  #session: StoredSession | null = null;
  #email = '';
  #emailError = '';
  #codeError = '';
  #captchaPayload = '';
  #altcha: HTMLElement | null = null;
  #altchaSheet: CSSStyleSheet | null = null;
  #offer: FastlaneOffer | null = null;
  #case: CaseView | null = null;
  #status: Status | null = null;
  #article: Article | null = null;
  #plan = '';
  #payKey: string | undefined;
  #pending: PendingCheckout | null = null;
  #slow = false;
  #refundFor: number | null = null;
  #focus: string | null = null;
  #abort = new AbortController();
  #started = false;
  #stringsFor = '';

  constructor() {
    super();
    this.step = 'start';
    this.busy = false;
    this.error = '';
    this.notice = '';
  }

  get #server(): string {
    return this.service.server;
  }

  get #client() {
    return this.service.client;
  }

  get #locale(): Locale {
    return (this.currentLocale === 'en' ? 'en' : 'es') as Locale;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#abort = new AbortController();
    if (this.#started) void this.#resume();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort.abort();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const loc = this.#locale;
    if (this.#stringsFor !== loc) {
      this.#stringsFor = loc;
      void loadFastlaneStrings(loc).then((s) => {
        if (this.#stringsFor === loc) this.s = s;
        // The offer is worded in the locale: ask again for the step on screen (not always the offer:
        // strings arriving late must not turn "My payments" into the offer).
        if (this.#offer && this.#session && this.step === 'offer') void this.#loadOffer();
        else if (this.#offer && this.#session && this.step === 'account') void this.#openAccount();
      });
    }
    if (!this.#started) {
      this.#started = true;
      void this.#resume();
    } else if (changed.has('view') && this.#session && !this.busy) {
      // Asked again with another view (Ayuda.fastlane({ view }) while the fast lane is open).
      if (this.view === 'account' && this.step !== 'account') void this.#openAccount();
      else if (this.view !== 'account' && this.step === 'account') void this.#loadOffer();
    }
  }

  /** Resolves once the strings of the current step have rendered. */
  override get ready(): Promise<void> {
    return super.ready.then(() => loadFastlaneStrings(this.#locale)).then(() => this.updateComplete).then(() => undefined);
  }

  /** Shows `step`; focus goes to its heading (or `focus`, a selector) once it renders. */
  #go(step: FastlaneStep, focus = 'h2'): void {
    this.step = step;
    this.#focus = focus;
    this.error = '';
    this.dispatchEvent(new CustomEvent('ayuda-fastlane-step', { detail: { step }, bubbles: true, composed: true }));
  }

  #emit<K extends keyof FastlaneEventDetails>(name: K, detail: FastlaneEventDetails[K]): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  /** Where to start: a checkout being confirmed, a stored session, an identity token, or the captcha. */
  async #resume(): Promise<void> {
    this.#session = loadSession(this.#server);
    this.#pending = loadPending(this.#server);
    if (this.#pending && (this.#session || this.#pending.kind === 'incident')) {
      this.#go('confirming');
      void this.#poll();
      return;
    }
    if (this.#session) {
      if (this.view === 'account') void this.#openAccount();
      else void this.#loadOffer();
      return;
    }
    if (this.identityToken) {
      this.#go('identity');
      try {
        const r = await this.#client.fastlaneIdentity({ token: this.identityToken, locale: this.#locale }, { signal: this.#abort.signal });
        this.#signedIn(r, 'identity');
        return;
      } catch (err) {
        if (this.#abort.signal.aborted) return;
        await this.#startSignin();
        this.error = err instanceof AyudaNetworkError ? (await this.#strings()).offline : (await this.#strings()).identityFailed;
        return;
      }
    }
    await this.#startSignin();
  }

  #strings(): Promise<FastlaneStrings> {
    return loadFastlaneStrings(this.#locale);
  }

  async #startSignin(focus = 'input[type=email]'): Promise<void> {
    this.#go('signin', focus);
    this.#captchaPayload = '';
    this.#altcha = null;
    this.busy = true;
    try {
      const settings = await this.#client.settings({ signal: this.#abort.signal });
      if (!settings.fastlane?.enabled) {
        this.busy = false;
        this.#go('unavailable');
        return;
      }
      const s = await this.#strings();
      const [sheet, challenge] = await Promise.all([loadAltcha(this.#locale, this.#altchaStrings(s)), this.#client.captchaChallenge('fastlane', { signal: this.#abort.signal })]);
      if (!this.#altchaSheet) {
        this.#altchaSheet = sheet;
        const root = this.renderRoot as ShadowRoot;
        root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      }
      const el = createAltcha(challenge, this.#locale);
      el.addEventListener('statechange', (e) => {
        const d = (e as CustomEvent<{ state: string; payload?: string | null }>).detail;
        this.#captchaPayload = d.state === 'verified' && d.payload ? d.payload : '';
        if (this.#captchaPayload && this.error) this.error = '';
        // A challenge lives ten minutes: a new one replaces it.
        if (d.state === 'expired' && this.step === 'signin') void this.#startSignin('.captcha input');
      });
      this.#altcha = el;
    } catch (err) {
      if (this.#abort.signal.aborted) return;
      this.error = await this.#errorText(err);
    } finally {
      this.busy = false;
      this.requestUpdate(); // private state (#offer, #status, …) changed too
    }
  }

  #altchaStrings(s: FastlaneStrings): Record<string, string> {
    return { label: s.captchaAltcha.label, verifying: s.captchaAltcha.verifying, verified: s.captchaAltcha.verified, error: s.captchaAltcha.error, expired: s.captchaAltcha.expired, waitAlert: s.captchaAltcha.verifying, verificationRequired: s.captchaNeeded };
  }

  async #errorText(err: unknown): Promise<string> {
    const s = await this.#strings();
    if (err instanceof AyudaNetworkError) return s.offline;
    return s.genericError;
  }

  #signedIn(r: { token: string; expiresAt: string; customer: { email: string } }, method: 'code' | 'identity'): void {
    this.#session = { token: r.token, expiresAt: r.expiresAt, email: r.customer.email };
    saveSession(this.#server, this.#session);
    this.#emit('ayuda-fastlane-signin', { email: r.customer.email, method });
    if (this.view === 'account') void this.#openAccount();
    else void this.#loadOffer();
  }

  /** A 401 on a signed-in call: the session expired; sign in again. */
  async #sessionLost(): Promise<void> {
    this.#session = null;
    saveSession(this.#server, null);
    await this.#startSignin();
  }

  // ---- sign-in ----

  async #sendCode(e: Event): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const s = this.s!;
    const input = this.renderRoot.querySelector<HTMLInputElement>('input[type=email]')!;
    this.#email = input.value.trim();
    this.#emailError = EMAIL.test(this.#email) ? '' : s.emailInvalid;
    this.error = '';
    if (this.#emailError) {
      this.requestUpdate();
      await this.updateComplete;
      input.focus();
      return;
    }
    if (!this.#captchaPayload) {
      this.error = s.captchaNeeded;
      (this.#altcha?.querySelector('input') as HTMLElement | null)?.focus();
      return;
    }
    this.busy = true;
    this.notice = s.sending;
    try {
      const r = await this.#client.fastlaneLogin({ email: this.#email, locale: this.#locale, captcha: this.#captchaPayload }, { signal: this.#abort.signal });
      this.#codeError = '';
      this.#go('code', 'input[name=code]');
      this.notice = format(s.codeSent, { email: this.#email, minutes: r.expiresInMinutes });
    } catch (err) {
      this.notice = '';
      if (err instanceof AyudaApiError && err.status === 403) {
        await this.#startSignin('.captcha input');
        this.error = s.captchaFailed;
      } else if (err instanceof AyudaApiError && err.status === 429) this.error = s.tooManyCodes;
      else if (err instanceof AyudaApiError && err.fieldErrors['body.email']) this.#emailError = s.emailInvalid;
      else this.error = await this.#errorText(err);
    } finally {
      this.busy = false;
      this.requestUpdate(); // private state (#offer, #status, …) changed too
    }
  }

  async #verify(e: Event): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const s = this.s!;
    const input = this.renderRoot.querySelector<HTMLInputElement>('input[name=code]')!;
    const code = input.value.replace(/\s+/g, '');
    this.#codeError = /^\d{6}$/.test(code) ? '' : s.codeInvalid;
    this.error = '';
    if (this.#codeError) {
      this.requestUpdate();
      await this.updateComplete;
      input.focus();
      return;
    }
    this.busy = true;
    try {
      const r = await this.#client.fastlaneVerify({ email: this.#email, code, locale: this.#locale }, { signal: this.#abort.signal });
      this.notice = '';
      this.#signedIn(r, 'code');
    } catch (err) {
      if (err instanceof AyudaApiError && err.status === 401) this.#codeError = s.codeWrong;
      else if (err instanceof AyudaApiError && err.status === 429) this.#codeError = s.codeLocked;
      else this.error = await this.#errorText(err);
      this.requestUpdate();
      await this.updateComplete;
      input.focus();
    } finally {
      this.busy = false;
      this.requestUpdate(); // private state (#offer, #status, …) changed too
    }
  }

  /**
   * Runs signed-in work with the busy flag on: a 401 sends the customer back to sign in, any
   * other failure is shown (a request cancelled because the element went away is not).
   */
  async #asCustomer(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    try {
      await work();
    } catch (err) {
      if (this.#abort.signal.aborted) return;
      if (err instanceof AyudaApiError && err.status === 401) return this.#sessionLost();
      this.error = await this.#errorText(err);
    } finally {
      this.busy = false;
      this.requestUpdate(); // private state (#offer, #status, …) changed too
    }
  }

  // ---- the offer ----

  async #loadOffer(): Promise<void> {
    if (this.step !== 'offer') this.#go('offer');
    await this.#asCustomer(async () => {
      const session = this.#session!.token;
      const [offer, status, kase] = await Promise.all([
        this.#client.fastlaneOffer(session, this.#locale, { signal: this.#abort.signal }),
        this.#client.fastlaneStatus(session, { signal: this.#abort.signal }) as Promise<Status>,
        this.trackingToken ? this.#client.getCase(this.trackingToken, { signal: this.#abort.signal }).catch(() => null) : Promise.resolve(null),
      ]);
      this.#offer = offer;
      this.#status = status;
      this.#case = kase;
      const choices = this.#choices();
      if (!choices.some((p) => p.key === this.#plan)) this.#plan = choices[0]?.key ?? '';
    });
  }

  get #subscribed(): boolean {
    return !!this.#status?.subscription && ACTIVE.includes(this.#status.subscription.status);
  }

  /** The plans this customer can buy now. */
  #choices(): FastlaneOffer['plans'] {
    const offer = this.#offer;
    if (!offer || this.#subscribed) return [];
    const caseOpen = !!this.#case && this.#case.lane !== 'fast' && !['solved', 'closed'].includes(this.#case.status);
    return offer.plans.filter((p) => (p.kind === 'incident' ? caseOpen : true));
  }

  async #openArticle(slug: string): Promise<void> {
    this.#go('article');
    this.#article = null;
    await this.#asCustomer(async () => {
      this.#article = await this.#client.getArticle(this.#locale, slug, { session: this.#session!.token, signal: this.#abort.signal });
      this.#focus = 'h2';
    });
  }

  // ---- payment ----

  async #pay(e: Event): Promise<void> {
    e.preventDefault();
    // One attempt at a time; the attempt keeps its Idempotency-Key through retries, so a double
    // click or a lost answer never opens a second Checkout Session.
    if (this.busy || !this.#plan) return;
    const plan = this.#offer!.plans.find((p) => p.key === this.#plan)!;
    const s = this.s!;
    this.busy = true;
    this.#payKey ??= newKey();
    this.notice = s.paying;
    this.error = '';
    try {
      const back = (this.returnUrl || location.href).replace(/#.*$/, '');
      const r = await this.#client.fastlaneCheckout(
        this.#session!.token,
        { plan: plan.key, locale: this.#locale, ...(plan.kind === 'incident' && this.trackingToken ? { trackingToken: this.trackingToken } : {}), returnUrl: back },
        { idempotencyKey: this.#payKey, signal: this.#abort.signal },
      );
      this.#pending = { server: this.#server, sessionId: r.sessionId, orderId: r.orderId, plan: plan.key, kind: plan.kind, trackingToken: plan.kind === 'incident' ? this.trackingToken : undefined, startedAt: Date.now() };
      savePending(this.#pending);
      this.#emit('ayuda-fastlane-checkout', { plan: plan.key, kind: plan.kind, trackingToken: plan.kind === 'incident' ? (this.trackingToken ?? null) : null });
      if (this.#offer!.checkout.embedded && this.#offer!.checkout.publishableKey && r.clientSecret) {
        await this.#embedded(this.#offer!.checkout.publishableKey, r.clientSecret);
      } else {
        location.assign(r.url);
      }
    } catch (err) {
      this.notice = '';
      this.busy = false;
      if (err instanceof AyudaApiError) {
        this.#payKey = undefined; // the server answered: the next click is a new attempt
        if (err.status === 401) return this.#sessionLost();
        if (err.status === 409) {
          this.error = this.#subscribed || plan.kind === 'subscription' ? s.alreadySubscribed : s.alreadyFast;
          void this.#loadOffer();
          return;
        }
      }
      this.error = err instanceof AyudaNetworkError ? s.offline : s.payError;
    }
  }

  /** Stripe's embedded checkout (when the server has a publishable key); Stripe.js loads only here. */
  async #embedded(publishableKey: string, clientSecret: string): Promise<void> {
    this.#go('paying');
    this.notice = this.s!.embeddedLoading;
    const { loadStripe } = await import('./stripe.js');
    const stripe = await loadStripe(publishableKey);
    if (!stripe) throw new AyudaNetworkError('Ayuda: Stripe.js did not load.');
    const checkout = await stripe.createEmbeddedCheckoutPage({ fetchClientSecret: () => Promise.resolve(clientSecret) });
    await this.updateComplete;
    // Stripe mounts an iframe; it lives in the light DOM next to us so Stripe's own CSP and
    // focus handling work as on any page.
    const host = document.createElement('div');
    host.slot = 'checkout';
    this.append(host);
    checkout.mount(host);
    this.notice = '';
    this.busy = false;
  }

  // ---- after paying ----

  async #poll(): Promise<void> {
    const s = await this.#strings();
    const p = this.#pending!;
    const started = Date.now();
    this.#slow = false;
    this.notice = s.confirming;
    const signal = this.#abort.signal;
    while (!signal.aborted) {
      try {
        if (p.kind === 'incident' && p.trackingToken) {
          const c = await this.#client.getCase(p.trackingToken, { signal });
          if (c.lane === 'fast') {
            this.#case = c;
            return this.#done(p);
          }
        }
        if (this.#session) {
          const st = (await this.#client.fastlaneStatus(this.#session.token, { signal })) as Status;
          this.#status = st;
          if (p.kind === 'subscription' && st.subscription && ACTIVE.includes(st.subscription.status)) return this.#done(p);
          const order = st.orders.find((o) => o.id === p.orderId);
          if (order && ['expired', 'failed'].includes(order.status)) {
            savePending(null);
            this.#pending = null;
            this.notice = '';
            await this.#loadOffer();
            this.error = s.payError;
            return;
          }
        }
      } catch (err) {
        if (signal.aborted) return;
        if (err instanceof AyudaApiError && err.status === 401) {
          this.#session = null;
          saveSession(this.#server, null);
          if (p.kind !== 'incident') return this.#sessionLost();
        }
      }
      const waited = Date.now() - started;
      if (waited > FASTLANE_POLL.slowAfterMs && !this.#slow) {
        this.#slow = true;
        this.notice = s.confirmingSlow;
      }
      if (waited > FASTLANE_POLL.giveUpAfterMs) return;
      await new Promise((r) => setTimeout(r, waited > FASTLANE_POLL.slowAfterMs ? FASTLANE_POLL.intervalMs * 5 : FASTLANE_POLL.intervalMs));
    }
  }

  #done(p: PendingCheckout): void {
    savePending(null);
    this.#pending = null;
    this.notice = '';
    this.#go('done');
    this.#emit('ayuda-fastlane-done', { plan: p.plan, kind: p.kind, trackingToken: p.trackingToken ?? null });
  }

  /** Back to the offer from a checkout the customer left unpaid (the same Checkout Session reopens). */
  #abandonPending(): void {
    savePending(null);
    this.#pending = null;
    this.notice = '';
    if (this.#session) void this.#loadOffer();
    else void this.#startSignin();
  }

  // ---- my payments ----

  async #openAccount(): Promise<void> {
    this.#go('account');
    this.#refundFor = null;
    await this.#asCustomer(async () => {
      const session = this.#session!.token;
      const [status, offer] = await Promise.all([
        this.#client.fastlaneStatus(session, { signal: this.#abort.signal }) as Promise<Status>,
        this.#offer ? Promise.resolve(this.#offer) : this.#client.fastlaneOffer(session, this.#locale, { signal: this.#abort.signal }),
      ]);
      this.#status = status;
      this.#offer = offer;
    });
  }

  async #refund(e: Event, orderId: number): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const s = this.s!;
    const reason = this.renderRoot.querySelector<HTMLTextAreaElement>('textarea[name=reason]')!;
    if (!reason.value.trim()) {
      reason.setAttribute('aria-invalid', 'true');
      reason.focus();
      return;
    }
    await this.#asCustomer(async () => {
      const r = await this.#client.fastlaneRefund(this.#session!.token, orderId, reason.value.trim());
      const order = this.#status!.orders.find((o) => o.id === orderId)!;
      this.#emit('ayuda-fastlane-refund', { orderId, status: r.status, amount: r.amount });
      await this.#openAccount();
      this.notice = r.status === 'succeeded' ? format(s.refundDone, { amount: this.#money(r.amount, order.currency) }) : s.refundPending;
    });
  }

  async #cancel(atPeriodEnd: boolean): Promise<void> {
    if (this.busy) return;
    const s = this.s!;
    await this.#asCustomer(async () => {
      const r = await this.#client.fastlaneCancel(this.#session!.token, atPeriodEnd);
      this.#emit('ayuda-fastlane-cancel', { atPeriodEnd, refunded: r.refunded });
      await this.#openAccount();
      this.notice = atPeriodEnd ? format(s.cancelledAtEnd, { date: this.#date(r.endsAt) }) : format(s.cancelledNow, { amount: this.#money(r.refunded, this.#offer?.plans[0]?.currency ?? 'eur') });
    });
  }

  async #billingPortal(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const r = await this.#client.fastlaneBillingPortal(this.#session!.token, (this.returnUrl || location.href).replace(/#.*$/, ''));
      location.assign(r.url);
    } catch (err) {
      this.busy = false;
      if (err instanceof AyudaApiError && err.status === 401) return this.#sessionLost();
      this.error = await this.#errorText(err);
    }
  }

  #signOut(): void {
    const token = this.#session?.token;
    this.#session = null;
    saveSession(this.#server, null);
    if (token) void fetch(`${this.#server}/api/v1/fastlane/logout`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } }).catch(() => undefined);
    void this.#startSignin();
  }

  // ---- formatting ----

  #money(amount: number, currency: string): string {
    return new Intl.NumberFormat(this.s!.locale === 'en' ? 'en-GB' : 'es-ES', { style: 'currency', currency: currency.toUpperCase() }).format(amount / 100);
  }

  #date(iso: string | null | undefined, time = false): string {
    if (!iso) return '';
    return new Intl.DateTimeFormat(this.s!.locale === 'en' ? 'en-GB' : 'es-ES', time ? { dateStyle: 'long', timeStyle: 'short' } : { dateStyle: 'long' }).format(new Date(iso));
  }

  // ---- rendering ----

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const box = this.renderRoot.querySelector('.captcha');
    if (box && this.#altcha && this.#altcha.parentNode !== box) box.replaceChildren(this.#altcha);
    if (this.#focus && !this.busy && this.s) {
      const target = this.renderRoot.querySelector<HTMLElement>(this.#focus) ?? this.renderRoot.querySelector<HTMLElement>('h2');
      if (target) {
        this.#focus = null;
        target.focus();
      }
    }
  }

  /** Focuses where the current step starts: its first field when it has one, else its heading. */
  override focus(options?: FocusOptions): void {
    const sel = this.#focus ?? (this.step === 'signin' ? 'input[type=email]' : this.step === 'code' ? 'input[name=code]' : 'h2');
    const target = this.s && !this.busy ? this.renderRoot.querySelector<HTMLElement>(sel) : null;
    if (target) {
      this.#focus = null;
      target.focus(options);
    } else this.#focus = sel;
  }

  protected renderContent(_cat: Catalogue): TemplateResult {
    const s = this.s;
    if (!s) return html``;
    return html`<div class="root" part="base" lang=${s.locale} aria-busy=${this.busy ? 'true' : 'false'}>
      ${this.#renderStep(s)}
      <p class="notice" part="message" role="status">${this.notice}</p>
      <div class="alert" part="message" role="alert">${this.error}</div>
      <slot name="checkout"></slot>
      ${this.#session && ['offer', 'account', 'done', 'article'].includes(this.step)
        ? html`<div class="account">
            <span class="muted">${format(s.signedInAs, { email: this.#session.email })}</span>
            <span class="actions">
              ${this.step !== 'account' ? html`<button type="button" class="link" @click=${() => this.#openAccount()}>${s.myPayments}</button>` : nothing}
              <button type="button" class="link" @click=${() => this.#signOut()}>${s.signOut}</button>
            </span>
          </div>`
        : nothing}
    </div>`;
  }

  #heading(text: string): TemplateResult {
    return html`<h2 part="heading" tabindex="-1">${text}</h2>`;
  }

  #renderStep(s: FastlaneStrings): TemplateResult {
    const name = this.#offer?.name ?? s.fallbackName;
    switch (this.step) {
      case 'start':
      case 'identity':
        return html`${this.#heading(s.heading)}<p>${this.step === 'identity' ? s.signingIn : s.loading}</p>`;
      case 'unavailable':
        return html`${this.#heading(s.heading)}<p>${s.unavailable}</p>`;
      case 'signin':
        return this.#renderSignin(s);
      case 'code':
        return this.#renderCode(s);
      case 'offer':
        return this.#renderOffer(s, name);
      case 'article':
        return this.#renderArticle(s);
      case 'paying':
        return html`${this.#heading(name)}`;
      case 'confirming':
        return html`${this.#heading(name)}
          ${this.#slow ? html`<div class="actions"><button type="button" class="secondary" @click=${() => this.#abandonPending()}>${s.back}</button></div>` : nothing}`;
      case 'done':
        return this.#renderDone(s, name);
      case 'account':
        return this.#renderAccount(s);
    }
  }

  #renderSignin(s: FastlaneStrings): TemplateResult {
    return html`${this.#heading(s.heading)}
      <p>${s.intro}</p>
      <form novalidate @submit=${this.#sendCode}>
        <div class="field">
          <label for="email">${s.emailLabel}</label>
          <input
            id="email"
            part="input"
            type="email"
            name="email"
            autocomplete="email"
            required
            maxlength="254"
            .value=${this.#email}
            aria-invalid=${this.#emailError ? 'true' : 'false'}
            aria-describedby=${this.#emailError ? 'email-hint email-error' : 'email-hint'}
          />
          <span class="hint" id="email-hint">${s.emailHint}</span>
          ${this.#emailError ? html`<p class="error" id="email-error">${this.#emailError}</p>` : nothing}
        </div>
        <div class="field" role="group" aria-label=${s.captchaLabel}>
          <div class="captcha" part="captcha">${this.#altcha ? nothing : html`<span class="muted">${s.captchaLoading}</span>`}</div>
        </div>
        <button type="submit" part="button" aria-disabled=${this.busy ? 'true' : 'false'}>${this.busy && this.#altcha ? s.sending : s.sendCode}</button>
      </form>`;
  }

  #renderCode(s: FastlaneStrings): TemplateResult {
    return html`${this.#heading(s.heading)}
      <form novalidate @submit=${this.#verify}>
        <div class="field">
          <label for="code">${s.codeLabel}</label>
          <input
            id="code"
            class="code"
            part="input"
            type="text"
            name="code"
            inputmode="numeric"
            autocomplete="one-time-code"
            pattern="[0-9]{6}"
            maxlength="6"
            required
            aria-invalid=${this.#codeError ? 'true' : 'false'}
            aria-describedby=${this.#codeError ? 'code-hint code-error' : 'code-hint'}
          />
          <span class="hint" id="code-hint">${s.codeHint}</span>
          ${this.#codeError ? html`<p class="error" id="code-error">${this.#codeError}</p>` : nothing}
        </div>
        <div class="actions">
          <button type="submit" part="button" aria-disabled=${this.busy ? 'true' : 'false'}>${s.verify}</button>
          <button type="button" class="secondary" @click=${() => this.#startSignin('.captcha input')}>${s.resend}</button>
          <button type="button" class="link" @click=${() => {
            this.#email = '';
            void this.#startSignin();
          }}>${s.otherEmail}</button>
        </div>
      </form>`;
  }

  #planLine(s: FastlaneStrings, p: FastlaneOffer['plans'][number]): string {
    if (p.kind === 'incident') return format(s.planIncident, { reference: this.#case?.reference ?? '' });
    return p.interval === 'year' ? s.planYear : s.planMonth;
  }

  #renderOffer(s: FastlaneStrings, name: string): TemplateResult {
    const offer = this.#offer;
    if (!offer) return html`${this.#heading(s.heading)}<p>${s.loading}</p>`;
    const choices = this.#choices();
    const chosen = choices.find((p) => p.key === this.#plan);
    return html`${this.#heading(name)}
      <h3>${s.whatYouGet}</h3>
      <ul>
        <li>${format(s.slaFirstResponse, { time: offer.sla.firstResponse })}</li>
        <li>${format(s.slaResolution, { time: offer.sla.resolution })}</li>
        <li>${format(s.slaStandard, { time: offer.sla.standardFirstResponse })}</li>
      </ul>
      ${this.#subscribed ? html`<p class="notice">${s.alreadySubscribed}</p>` : nothing}
      ${this.#case?.lane === 'fast' && !this.#subscribed ? html`<p class="notice">${s.alreadyFast}</p>` : nothing}
      ${choices.length
        ? html`<form @submit=${this.#pay}>
            <fieldset>
              <legend>${s.choosePlan}</legend>
              ${choices.map(
                (p) => html`<label class="plan" part="plan">
                  <input
                    type="radio"
                    name="plan"
                    .value=${p.key}
                    .checked=${p.key === this.#plan}
                    @change=${() => {
                      this.#plan = p.key;
                      this.#payKey = undefined;
                      this.requestUpdate();
                    }}
                  />
                  <span><span class="price">${p.price}</span> · ${p.name}<br /><span class="muted">${this.#planLine(s, p)}</span></span>
                </label>`,
              )}
            </fieldset>
            ${!this.trackingToken ? html`<p class="muted">${s.noCaseForIncident}</p>` : nothing}
            <button type="submit" part="button" aria-disabled=${this.busy ? 'true' : 'false'}>${format(s.pay, { price: chosen?.price ?? '' })}</button>
          </form>`
        : nothing}
      <h3>${s.refundPolicy}</h3>
      <ul>
        ${offer.refundPolicy.map((r) => html`<li>${r}</li>`)}
      </ul>
      ${offer.articles.length
        ? html`<h3>${s.moreInfo}</h3>
            <ul>
              ${offer.articles.map((a) => html`<li><button type="button" class="link" @click=${() => this.#openArticle(a.slug)}>${a.title}</button></li>`)}
            </ul>`
        : nothing}`;
  }

  #renderArticle(s: FastlaneStrings): TemplateResult {
    const a = this.#article;
    return html`<div class="actions"><button type="button" class="secondary" @click=${() => this.#loadOffer()}>${s.back}</button></div>
      ${a ? html`${this.#heading(a.title)}<div class="content">${unsafeHTML(a.html)}</div>` : html`<p>${s.loading}</p>`}`;
  }

  #renderDone(s: FastlaneStrings, name: string): TemplateResult {
    const c = this.#case;
    const incident = !!c && c.lane === 'fast';
    return html`${this.#heading(name)}
      <p class="notice" part="message">${incident ? format(s.doneIncident, { reference: c.reference }) : s.doneSubscription}</p>
      ${incident && c.firstResponseDue && !c.firstRespondedAt ? html`<p>${format(s.dueBy, { date: this.#date(c.firstResponseDue, true) })}</p>` : nothing}`;
  }

  #renderAccount(s: FastlaneStrings): TemplateResult {
    const st = this.#status;
    const planName = (key: string) => this.#offer?.plans.find((p) => p.key === key)?.name ?? key;
    const policy = this.#offer?.refundPolicy ?? [];
    return html`<div class="actions"><button type="button" class="secondary" @click=${() => this.#loadOffer()}>${s.back}</button></div>
      ${this.#heading(s.myPayments)}
      ${!st
        ? html`<p>${s.loading}</p>`
        : html`
            ${st.subscription
              ? html`<h3>${s.subscription}: ${planName(st.subscription.plan)}</h3>
                  <p>${s.subscriptionStatus[st.subscription.status] ?? st.subscription.status}.
                    ${ACTIVE.includes(st.subscription.status) && st.subscription.currentPeriodEnd
                      ? format(st.subscription.cancelAtPeriodEnd ? s.endsOn : s.renewsOn, { date: this.#date(st.subscription.currentPeriodEnd) })
                      : nothing}</p>
                  <div class="actions">
                    ${ACTIVE.includes(st.subscription.status) && !st.subscription.cancelAtPeriodEnd
                      ? html`<button type="button" class="secondary" @click=${() => this.#cancel(true)}>${s.cancelAtEnd}</button>
                          <button type="button" class="secondary" @click=${() => this.#cancel(false)}>${s.cancelNow}</button>`
                      : nothing}
                    <button type="button" class="link" @click=${() => this.#billingPortal()}>${s.billingPortal}</button>
                  </div>`
              : nothing}
            ${st.orders.filter((o) => o.status !== 'open').length === 0 ? html`<p>${s.noPayments}</p>` : nothing}
            <ul class="orders">
              ${st.orders
                .filter((o) => o.status !== 'open')
                .map(
                  (o) => html`<li>
                    <p><strong>${planName(o.plan)}</strong> · ${this.#money(o.amount, o.currency)} · ${s.orderStatus[o.status] ?? o.status}</p>
                    ${o.paidAt ? html`<p class="muted">${format(s.paidOn, { date: this.#date(o.paidAt) })}</p>` : nothing}
                    ${o.amountRefunded ? html`<p>${format(s.refunded, { amount: this.#money(o.amountRefunded, o.currency) })}</p>` : nothing}
                    ${o.refunds.some((r) => r.status === 'pending_approval') ? html`<p>${s.refundPending}</p>` : nothing}
                    ${o.refunds.some((r) => r.status === 'rejected') ? html`<p>${s.refundRejected}</p>` : nothing}
                    ${o.kind === 'incident' && o.status === 'paid' && !o.refunds.some((r) => r.status === 'pending_approval')
                      ? this.#refundFor === o.id
                        ? html`<form @submit=${(e: Event) => this.#refund(e, o.id)}>
                            <ul class="muted">
                              ${policy.map((r) => html`<li>${r}</li>`)}
                            </ul>
                            <div class="field">
                              <label for="reason-${o.id}">${s.refundReasonLabel}</label>
                              <textarea id="reason-${o.id}" name="reason" part="input" rows="3" maxlength="500" required></textarea>
                            </div>
                            <button type="submit" part="button" aria-disabled=${this.busy ? 'true' : 'false'}>${s.sendRefund}</button>
                          </form>`
                        : html`<button
                            type="button"
                            class="secondary"
                            @click=${() => {
                              this.#refundFor = o.id;
                              this.#focus = `#reason-${o.id}`;
                              this.requestUpdate();
                            }}
                          >
                            ${s.askRefund}
                          </button>`
                      : nothing}
                  </li>`,
                )}
            </ul>
          `}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-fastlane': AyudaFastlane;
  }
}
