// The fast lane's flow as a reactive controller: which step is shown, the customer's session,
// the checkout waiting for Stripe's confirmation and the polling for it. Every request takes the
// signal of the step that made it, aborted when another step is shown or the element leaves the
// page; loads (the offer, "My payments", an article) are Tasks, so a newer load cancels an older
// one and a late answer never overwrites a newer one. The element renders this state through
// the views, whose buttons call the actions below.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Task, TaskStatus } from '@lit/task';
import { AyudaApiError, AyudaNetworkError, newIdempotencyKey, type Account, type AccountDeleted, type Article, type AyudaClient, type CaseView, type FastlaneOffer, type Locale, type ResponseTimes } from '@ayuda/client';
import { format } from '../i18n/format.js';
import { CaptchaController } from '../internal/captcha-controller.js';
import { longDate, money } from './format.js';
import { isSubscribed, plansOnOffer, type FastlaneEventDetails, type FastlaneStatus, type FastlaneStep } from './model.js';
import { loadPending, loadSession, savePending, saveSession, type PendingCheckout, type StoredSession } from './session.js';
import type { FastlaneStrings } from './strings.js';
import type { FastlaneViewActions, FastlaneViewState } from './views/types.js';

/** How often the widget asks whether Stripe's confirmation has arrived, and when it says it is slow. */
export const FASTLANE_POLL = { intervalMs: 1000, slowAfterMs: 20_000, giveUpAfterMs: 10 * 60_000 } as const;

/** Signing out tells the server, but waits for no answer and is not cancelled by the next step; it gives up after this. */
const LOGOUT_TIMEOUT_MS = 10_000;

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** A signal aborted as soon as either is. */
function either(a: AbortSignal, b: AbortSignal): AbortSignal {
  const c = new AbortController();
  for (const s of [a, b]) {
    if (s.aborted) c.abort(s.reason);
    else s.addEventListener('abort', () => c.abort(s.reason), { once: true });
  }
  return c.signal;
}

/** Waits `ms`, or less if `signal` aborts. */
const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/** The element's attributes the flow reads. */
export interface FastlaneHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly trackingToken: string | undefined;
  readonly identityToken: string | undefined;
  readonly returnUrl: string | undefined;
  readonly view: string | undefined;
}

/** What the flow takes from the element's context: its server, client, locale and strings. */
export interface FastlaneContext {
  server(): string;
  client(): AyudaClient;
  locale(): Locale;
  /** The strings of the current locale (loading them if needed). */
  strings(): Promise<FastlaneStrings>;
  /** The strings on screen (set whenever an action can be called). */
  shown(): FastlaneStrings;
}

export class FastlaneFlowController implements ReactiveController, FastlaneViewState, FastlaneViewActions {
  step: FastlaneStep = 'start';
  busy = false;
  /** The `role="alert"` text. */
  error = '';
  /** The `role="status"` text. */
  notice = '';
  session: StoredSession | null = null;
  /** A checkout opened and not yet confirmed (kept in sessionStorage across Stripe's page). */
  pending: PendingCheckout | null = null;
  email = '';
  emailError = '';
  codeError = '';
  offer: FastlaneOffer | null = null;
  times: ResponseTimes | null = null;
  kase: CaseView | null = null;
  status: FastlaneStatus | null = null;
  article: Article | null = null;
  plan = '';
  refundFor: number | null = null;
  refundReasonMissing = false;
  /** Confirmation is taking long: the step offers to go back. */
  slow = false;
  /** Why "Pay" failed, shown next to the button (and focused). */
  payError = '';
  /** Back from a checkout that charged nothing: the button offers to try again. */
  retrying = false;
  /** The cancellation waiting for the customer's "yes" (true: at period end), or null. */
  confirmCancel: boolean | null = null;
  /** "My requests": the customer's cases and payments, once loaded. */
  requests: Account | null = null;
  /** The deletion's confirmation step is shown. */
  confirmDelete = false;
  deleteError = '';
  /** What the deletion erased (the `deleted` step). */
  deleted: AccountDeleted | null = null;
  /** The customer chose to type an email rather than use the request's. */
  #ownEmail = false;
  /** Where focus goes once the step has rendered and is not busy (a selector), or null. */
  focusTarget: string | null = null;
  readonly captcha: CaptchaController;

  readonly #host: FastlaneHost;
  readonly #ctx: FastlaneContext;
  #stepAbort = new AbortController();
  #started = false;
  #payKey: string | undefined;

  readonly #offerTask: Task<[], { offer: FastlaneOffer; status: FastlaneStatus; kase: CaseView | null; times: ResponseTimes | null }>;
  readonly #accountTask: Task<[], { offer: FastlaneOffer; status: FastlaneStatus }>;
  readonly #articleTask: Task<[string], Article>;
  readonly #requestsTask: Task<[], { account: Account; offer: FastlaneOffer | null }>;

  constructor(host: FastlaneHost, ctx: FastlaneContext) {
    this.#host = host;
    this.#ctx = ctx;
    host.addController(this);
    this.captcha = new CaptchaController(host, {
      purpose: 'fastlane',
      client: () => ctx.client(),
      onSolved: () => {
        if (this.error) this.error = '';
      },
      // A challenge lives ten minutes: a new one replaces it.
      onExpired: () => void (this.step === 'signin' && this.#startSignin('.captcha input')),
    });
    this.#offerTask = new Task(host, {
      autoRun: false,
      task: async (_args: [], { signal }) => {
        const token = this.session!.token;
        const o = { signal: either(signal, this.#signal) };
        const [offer, status, kase, times] = await Promise.all([
          ctx.client().fastlaneOffer(token, ctx.locale(), o),
          ctx.client().fastlaneStatus(token, o),
          this.#host.trackingToken ? ctx.client().getCase(this.#host.trackingToken, o).catch(() => null) : Promise.resolve(null),
          // The usual times beside the promised ones; without them the offer is whole.
          ctx.client().responseTimes(ctx.locale(), o).catch(() => null),
        ]);
        return { offer, status, kase, times };
      },
      onComplete: ({ offer, status, kase, times }) => {
        this.offer = offer;
        this.times = times;
        this.status = status;
        this.kase = kase;
        const choices = plansOnOffer(offer, status, kase);
        if (!choices.some((p) => p.key === this.plan)) this.plan = choices[0]?.key ?? '';
      },
    });
    this.#accountTask = new Task(host, {
      autoRun: false,
      task: async (_args: [], { signal }) => {
        const token = this.session!.token;
        const o = { signal: either(signal, this.#signal) };
        const [status, offer] = await Promise.all([ctx.client().fastlaneStatus(token, o), this.offer ?? ctx.client().fastlaneOffer(token, ctx.locale(), o)]);
        return { status, offer };
      },
      onComplete: ({ status, offer }) => {
        this.status = status;
        this.offer = offer;
      },
    });
    this.#requestsTask = new Task(host, {
      autoRun: false,
      task: async (_args: [], { signal }) => {
        const token = this.session!.token;
        const o = { signal: either(signal, this.#signal) };
        // The offer only names the plans of the payments: "My requests" works with the fast lane off too.
        const [account, offer] = await Promise.all([ctx.client().account(token, o), this.offer ? Promise.resolve(this.offer) : ctx.client().fastlaneOffer(token, ctx.locale(), o).catch(() => null)]);
        return { account, offer };
      },
      onComplete: ({ account, offer }) => {
        this.requests = account;
        this.offer = offer;
      },
    });
    this.#articleTask = new Task(host, {
      autoRun: false,
      task: ([slug]: [string], { signal }) => ctx.client().getArticle(ctx.locale(), slug, { session: this.session!.token, signal: either(signal, this.#signal) }),
      onComplete: (article) => (this.article = article),
    });
  }

  get trackingToken(): string | undefined {
    return this.#host.trackingToken;
  }

  get server(): string {
    return this.#ctx.server();
  }

  /** Opened on "My requests" rather than the fast lane's offer. */
  get forRequests(): boolean {
    return this.#host.view === 'requests';
  }

  /** The signed-in step the element's `view` asks for. */
  #home(): void {
    if (this.#host.view === 'account') void this.openAccount();
    else if (this.#host.view === 'requests') void this.openRequests();
    else void this.loadOffer();
  }

  /** Opened from a request's tracking page: the code goes to the request's email, not asked again. */
  get byCase(): boolean {
    return !!this.#host.trackingToken && !this.#ownEmail;
  }

  /** Who the code is for: the email typed, or the request. */
  get #who(): { email: string } | { trackingToken: string } {
    return this.byCase ? { trackingToken: this.#host.trackingToken! } : { email: this.email };
  }

  /** The signal of the step on screen. */
  get #signal(): AbortSignal {
    return this.#stepAbort.signal;
  }

  hostConnected(): void {
    // Back in the page (moved, or the panel reopened it): pick up where the customer was.
    if (this.#started) {
      this.#stepAbort = new AbortController();
      void this.#resume();
    }
  }

  hostDisconnected(): void {
    this.#stepAbort.abort();
  }

  /** Starts the flow (once, on the element's first update, when its attributes are known). */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    void this.#resume();
  }

  /** The strings of a new locale have arrived: the offer is worded in it, so ask again for the step on screen. */
  stringsChanged(): void {
    // Not always the offer: strings arriving late must not turn "My payments" into the offer.
    if (this.offer && this.session && this.step === 'offer') void this.loadOffer();
    else if (this.offer && this.session && this.step === 'account') void this.openAccount();
    else if (this.session && this.step === 'requests') void this.openRequests();
  }

  /** `view` changed while the fast lane is open (`Ayuda.fastlane({ view })`). */
  viewChanged(): void {
    if (!this.session || this.busy) return;
    const wanted = this.#host.view === 'account' ? 'account' : this.#host.view === 'requests' ? 'requests' : 'offer';
    if (this.step !== wanted) this.#home();
  }

  /** Shows `step`, cancelling what the previous step had asked for; focus goes to its heading (or `focus`, a selector) once it renders. */
  #go(step: FastlaneStep, focus = 'h2'): void {
    this.#stepAbort.abort();
    this.#stepAbort = new AbortController();
    this.captcha.reset();
    this.step = step;
    this.focusTarget = focus;
    this.error = '';
    this.payError = '';
    this.retrying = false;
    this.confirmCancel = null;
    this.#changed();
    this.#emit('ayuda-fastlane-step', { step });
  }

  #emit<K extends keyof FastlaneEventDetails>(name: K, detail: FastlaneEventDetails[K]): void {
    this.#host.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  #changed(): void {
    this.#host.requestUpdate();
  }

  /** Where to start: a checkout being confirmed, a stored session, an identity token, or the captcha. */
  async #resume(): Promise<void> {
    const server = this.#ctx.server();
    this.session = loadSession(server);
    this.pending = loadPending(server);
    if (this.pending && (this.session || this.pending.kind === 'incident')) {
      this.#go('confirming');
      void this.#checkPending();
      return;
    }
    if (this.session) {
      this.#home();
      return;
    }
    const identityToken = this.#host.identityToken;
    if (identityToken) {
      this.#go('identity');
      const signal = this.#signal;
      try {
        const r = await this.#ctx.client().fastlaneIdentity({ token: identityToken, locale: this.#ctx.locale() }, { signal });
        this.#signedIn(r, 'identity');
      } catch (err) {
        if (signal.aborted) return;
        await this.#startSignin();
        const s = await this.#ctx.strings();
        this.error = err instanceof AyudaNetworkError ? s.offline : s.identityFailed;
        this.#changed();
      }
      return;
    }
    await this.#startSignin();
  }

  async #startSignin(focus = 'input[type=email]'): Promise<void> {
    this.#go('signin', focus);
    const signal = this.#signal;
    this.busy = true;
    try {
      const settings = await this.#ctx.client().settings({ signal });
      // "My requests" signs in the same way, with or without payments.
      if (!settings.fastlane?.enabled && !this.forRequests) {
        this.busy = false;
        this.#go('unavailable');
        return;
      }
      const s = await this.#ctx.strings();
      if (signal.aborted) return;
      const a = s.captchaAltcha;
      await this.captcha.load(this.#ctx.locale(), { label: a.label, verifying: a.verifying, verified: a.verified, error: a.error, expired: a.expired, waitAlert: a.verifying, verificationRequired: s.captchaNeeded });
    } catch (err) {
      if (signal.aborted) return;
      this.error = await this.#errorText(err);
    } finally {
      this.busy = false;
      this.#changed();
    }
  }

  async #errorText(err: unknown): Promise<string> {
    const s = await this.#ctx.strings();
    return err instanceof AyudaNetworkError ? s.offline : s.genericError;
  }

  #signedIn(r: { token: string; expiresAt: string; customer: { email: string } }, method: 'code' | 'identity'): void {
    this.session = { token: r.token, expiresAt: r.expiresAt, email: r.customer.email };
    saveSession(this.#ctx.server(), this.session);
    this.#emit('ayuda-fastlane-signin', { email: r.customer.email, method });
    this.#home();
  }

  /** A 401 on a signed-in call: the session expired; sign in again. */
  async #sessionLost(): Promise<void> {
    this.session = null;
    saveSession(this.#ctx.server(), null);
    await this.#startSignin();
  }

  /**
   * Runs signed-in work with the busy flag on: a 401 sends the customer back to sign in, any
   * other failure is shown (a request cancelled because its step or the element went away is not).
   */
  async #asCustomer(work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const signal = this.#signal;
    this.busy = true;
    this.#changed();
    try {
      await work(signal);
    } catch (err) {
      if (signal.aborted) return;
      if (err instanceof AyudaApiError && err.status === 401) return this.#sessionLost();
      this.error = await this.#errorText(err);
    } finally {
      this.busy = false;
      this.#changed();
    }
  }

  /** Runs a load; its failure (not a newer load replacing it) is thrown to #asCustomer. */
  async #load<A extends unknown[]>(task: Task<A, unknown>, args?: A): Promise<void> {
    await task.run(args);
    if (task.status === TaskStatus.ERROR) throw task.error;
  }

  // ---- sign-in ----

  async sendCode(e: Event): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const s = this.#ctx.shown();
    const input = (e.target as HTMLFormElement).elements.namedItem('email') as HTMLInputElement | null;
    if (input) this.email = input.value.trim();
    this.emailError = this.byCase || EMAIL.test(this.email) ? '' : s.emailInvalid;
    this.error = '';
    if (this.emailError) {
      this.focusTarget = 'input[type=email]';
      this.#changed();
      return;
    }
    if (!this.captcha.payload) {
      this.error = s.captchaNeeded;
      this.captcha.focus();
      this.#changed();
      return;
    }
    const signal = this.#signal;
    this.busy = true;
    this.notice = s.sending;
    this.#changed();
    try {
      const r = await this.#ctx.client().fastlaneLogin({ ...this.#who, locale: this.#ctx.locale(), captcha: this.captcha.payload }, { signal });
      if (this.byCase) this.email = r.email ?? '';
      this.codeError = '';
      this.#go('code', 'input[name=code]');
      this.notice = format(s.codeSent, { email: this.email, minutes: r.expiresInMinutes });
    } catch (err) {
      if (signal.aborted) return;
      this.notice = '';
      if (err instanceof AyudaApiError && err.status === 403) {
        await this.#startSignin('.captcha input');
        this.error = s.captchaFailed;
      } else if (err instanceof AyudaApiError && err.status === 429) this.error = s.tooManyCodes;
      else if (err instanceof AyudaApiError && err.fieldErrors['body.email']) this.emailError = s.emailInvalid;
      else this.error = await this.#errorText(err);
    } finally {
      this.busy = false;
      this.#changed();
    }
  }

  async verify(e: Event): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const s = this.#ctx.shown();
    const input = (e.target as HTMLFormElement).elements.namedItem('code') as HTMLInputElement;
    const code = input.value.replace(/\s+/g, '');
    this.codeError = /^\d{6}$/.test(code) ? '' : s.codeInvalid;
    this.error = '';
    if (this.codeError) {
      this.focusTarget = 'input[name=code]';
      this.#changed();
      return;
    }
    const signal = this.#signal;
    this.busy = true;
    this.#changed();
    let signedIn = false;
    try {
      const r = await this.#ctx.client().fastlaneVerify({ ...this.#who, code, locale: this.#ctx.locale() }, { signal });
      this.notice = '';
      this.#signedIn(r, 'code');
      signedIn = true;
    } catch (err) {
      if (signal.aborted) return;
      if (err instanceof AyudaApiError && err.status === 401) this.codeError = s.codeWrong;
      else if (err instanceof AyudaApiError && err.status === 429) this.codeError = s.codeLocked;
      else this.error = await this.#errorText(err);
      this.focusTarget = 'input[name=code]';
    } finally {
      // Signed in, the next step is loading (busy) and takes the focus once it has rendered:
      // not busy now, the focus went to the loading screen's heading, which the step then replaced.
      if (!signedIn) this.busy = false;
      this.#changed();
    }
  }

  /** "Send another code": back to the captcha, the email kept. */
  resend(): void {
    void this.#startSignin('.captcha input');
  }

  /** "Use another email". */
  otherEmail(): void {
    this.email = '';
    this.#ownEmail = true;
    void this.#startSignin();
  }

  // ---- the offer ----

  async loadOffer(): Promise<void> {
    if (this.step !== 'offer') this.#go('offer');
    await this.#asCustomer(() => this.#load(this.#offerTask));
  }

  /** The offer again (the Back button of an article and of "My payments"). */
  backToOffer(): void {
    void this.loadOffer();
  }

  choosePlan(key: string): void {
    this.plan = key;
    this.#payKey = undefined;
    this.#changed();
  }

  async openArticle(slug: string): Promise<void> {
    this.#go('article');
    this.article = null;
    await this.#asCustomer(async () => {
      await this.#load(this.#articleTask, [slug]);
      this.focusTarget = 'h2';
    });
  }

  // ---- payment ----

  async pay(e: Event): Promise<void> {
    e.preventDefault();
    // One attempt at a time; the attempt keeps its Idempotency-Key through retries, so a double
    // click or a lost answer never opens a second Checkout Session.
    if (this.busy || !this.plan) return;
    const offer = this.offer!;
    const plan = offer.plans.find((p) => p.key === this.plan)!;
    const s = this.#ctx.shown();
    const signal = this.#signal;
    const trackingToken = this.#host.trackingToken;
    this.busy = true;
    this.#payKey ??= newIdempotencyKey();
    this.notice = s.paying;
    this.error = '';
    this.payError = '';
    this.#changed();
    try {
      const back = (this.#host.returnUrl || location.href).replace(/#.*$/, '');
      const r = await this.#ctx.client().fastlaneCheckout(
        this.session!.token,
        { plan: plan.key, locale: this.#ctx.locale(), ...(plan.kind === 'incident' && trackingToken ? { trackingToken } : {}), returnUrl: back },
        { idempotencyKey: this.#payKey, signal },
      );
      this.pending = { server: this.#ctx.server(), sessionId: r.sessionId, orderId: r.orderId, plan: plan.key, kind: plan.kind, trackingToken: plan.kind === 'incident' ? trackingToken : undefined, startedAt: Date.now() };
      savePending(this.pending);
      this.#emit('ayuda-fastlane-checkout', { plan: plan.key, kind: plan.kind, trackingToken: plan.kind === 'incident' ? (trackingToken ?? null) : null });
      if (offer.checkout.embedded && offer.checkout.publishableKey && r.clientSecret) {
        await this.#embedded(offer.checkout.publishableKey, r.clientSecret);
      } else {
        location.assign(r.url);
      }
    } catch (err) {
      this.notice = '';
      this.busy = false;
      this.#changed();
      // Left for another step: the attempt keeps its key, so paying again reuses its Checkout Session.
      if (signal.aborted) return;
      if (err instanceof AyudaApiError) {
        this.#payKey = undefined; // the server answered: the next click is a new attempt
        if (err.status === 401) return this.#sessionLost();
        if (err.status === 409) {
          // The offer changed under the customer (paid elsewhere, answered meanwhile): show it as it is now, and say why.
          await this.loadOffer();
          this.#payFailed(isSubscribed(this.status) || plan.kind === 'subscription' ? s.alreadySubscribed : this.kase?.firstRespondedAt ? s.answered : s.alreadyFast);
          return;
        }
      }
      this.#payFailed(err instanceof AyudaNetworkError ? s.offline : s.payError);
    }
  }

  /** Says why "Pay" failed next to the button, and moves focus there. */
  #payFailed(text: string): void {
    this.payError = text;
    this.focusTarget = '#pay-error';
    this.#changed();
  }

  /** Stripe's embedded checkout (when the server has a publishable key); Stripe.js loads only here. */
  async #embedded(publishableKey: string, clientSecret: string): Promise<void> {
    this.#go('paying');
    this.notice = this.#ctx.shown().embeddedLoading;
    const { loadStripe } = await import('./stripe.js');
    const stripe = await loadStripe(publishableKey);
    if (!stripe) throw new AyudaNetworkError('Ayuda: Stripe.js did not load.');
    const checkout = await stripe.createEmbeddedCheckoutPage({ fetchClientSecret: () => Promise.resolve(clientSecret) });
    await this.#host.updateComplete;
    // Stripe mounts an iframe; it lives in the light DOM next to us so Stripe's own CSP and
    // focus handling work as on any page.
    const el = document.createElement('div');
    el.slot = 'checkout';
    this.#host.append(el);
    checkout.mount(el);
    this.notice = '';
    this.busy = false;
    this.#changed();
  }

  // ---- after paying ----

  /** Back from Stripe: "confirming" only if Stripe's checkout really completed; else nothing was charged. */
  async #checkPending(): Promise<void> {
    const p = this.pending!;
    const signal = this.#signal;
    if (this.session) {
      try {
        const st = await this.#ctx.client().fastlaneCheckoutState(this.session.token, p.orderId, { signal });
        if (!st.pending && !st.charged) return this.#notCharged(p);
      } catch {
        if (signal.aborted) return; // else #poll retries, and handles a lost session
      }
    }
    await this.#poll();
  }

  /** The customer left Stripe's page unpaid (cancel and return, a declined card) or the checkout expired. */
  async #notCharged(p: PendingCheckout): Promise<void> {
    const s = await this.#ctx.strings();
    savePending(null);
    this.pending = null;
    this.plan = p.plan;
    this.notice = '';
    await this.loadOffer();
    this.retrying = true;
    this.notice = s.notCharged;
    this.#changed();
  }

  async #poll(): Promise<void> {
    const signal = this.#signal;
    const s = await this.#ctx.strings();
    const p = this.pending!;
    const started = Date.now();
    this.slow = false;
    this.notice = s.confirming;
    this.#changed();
    const client = this.#ctx.client();
    while (!signal.aborted) {
      try {
        if (p.kind === 'incident' && p.trackingToken) {
          const c = await client.getCase(p.trackingToken, { signal });
          if (c.lane === 'fast') {
            this.kase = c;
            return this.#done(p);
          }
        }
        if (this.session) {
          const st = await client.fastlaneStatus(this.session.token, { signal });
          this.status = st;
          if (p.kind === 'subscription' && isSubscribed(st)) return this.#done(p);
          const order = st.orders.find((o) => o.id === p.orderId);
          if (order && ['expired', 'failed', 'abandoned'].includes(order.status)) return this.#notCharged(p);
        }
      } catch (err) {
        if (signal.aborted) return;
        if (err instanceof AyudaApiError && err.status === 401) {
          this.session = null;
          saveSession(this.#ctx.server(), null);
          if (p.kind !== 'incident') return this.#sessionLost();
        }
      }
      const waited = Date.now() - started;
      if (waited > FASTLANE_POLL.slowAfterMs && !this.slow) {
        this.slow = true;
        this.notice = s.confirmingSlow;
        this.#changed();
      }
      if (waited > FASTLANE_POLL.giveUpAfterMs) return;
      await pause(waited > FASTLANE_POLL.slowAfterMs ? FASTLANE_POLL.intervalMs * 5 : FASTLANE_POLL.intervalMs, signal);
    }
  }

  #done(p: PendingCheckout): void {
    savePending(null);
    this.pending = null;
    this.notice = '';
    this.#go('done');
    this.#emit('ayuda-fastlane-done', { plan: p.plan, kind: p.kind, trackingToken: p.trackingToken ?? null });
  }

  /** Back to the offer from a checkout the customer left unpaid (the same Checkout Session reopens). */
  abandonPending(): void {
    savePending(null);
    this.pending = null;
    this.notice = '';
    if (this.session) void this.loadOffer();
    else void this.#startSignin();
  }

  // ---- my payments ----

  async openAccount(): Promise<void> {
    this.#go('account');
    this.refundFor = null;
    await this.#asCustomer(() => this.#load(this.#accountTask));
  }

  /** Shows the refund form of one payment. */
  askRefund(orderId: number): void {
    this.refundFor = orderId;
    this.refundReasonMissing = false;
    this.focusTarget = `#reason-${orderId}`;
    this.#changed();
  }

  async refund(e: Event, orderId: number): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const s = this.#ctx.shown();
    const reason = ((e.target as HTMLFormElement).elements.namedItem('reason') as HTMLTextAreaElement).value.trim();
    if (!reason) {
      this.refundReasonMissing = true;
      this.focusTarget = `#reason-${orderId}`;
      this.#changed();
      return;
    }
    await this.#asCustomer(async (signal) => {
      const r = await this.#ctx.client().fastlaneRefund(this.session!.token, orderId, reason, { signal });
      const order = this.status!.orders.find((o) => o.id === orderId)!;
      this.#emit('ayuda-fastlane-refund', { orderId, status: r.status, amount: r.amount });
      await this.openAccount();
      this.notice = r.status === 'succeeded' ? format(s.refundDone, { amount: money(s, r.amount, order.currency) }) : s.refundPending;
    });
  }

  /** Asks for a "yes" before cancelling; `null` takes the question back. */
  askCancel(atPeriodEnd: boolean | null): void {
    const was = this.confirmCancel;
    this.confirmCancel = atPeriodEnd;
    this.focusTarget = atPeriodEnd === null ? (was ? '#cancel-end' : '#cancel-now') : '#cancel-yes';
    this.#changed();
  }

  async cancel(): Promise<void> {
    const atPeriodEnd = this.confirmCancel;
    if (this.busy || atPeriodEnd === null) return;
    const s = this.#ctx.shown();
    await this.#asCustomer(async (signal) => {
      const r = await this.#ctx.client().fastlaneCancel(this.session!.token, atPeriodEnd, { signal });
      this.#emit('ayuda-fastlane-cancel', { atPeriodEnd, refunded: r.refunded });
      await this.openAccount();
      this.notice = atPeriodEnd ? format(s.cancelledAtEnd, { date: longDate(s, this.offer?.timeZone, r.endsAt) }) : format(s.cancelledNow, { amount: money(s, r.refunded, this.offer?.plans[0]?.currency ?? 'eur') });
    });
  }

  /** Takes back a cancellation at period end (until the period ends). */
  async undoCancel(): Promise<void> {
    if (this.busy) return;
    const s = this.#ctx.shown();
    await this.#asCustomer(async (signal) => {
      const r = await this.#ctx.client().fastlaneUndoCancel(this.session!.token, { signal });
      await this.openAccount();
      this.notice = format(s.cancelUndone, { date: longDate(s, this.offer?.timeZone, r.renewsAt) });
    });
  }

  async billingPortal(): Promise<void> {
    if (this.busy) return;
    const signal = this.#signal;
    this.busy = true;
    this.#changed();
    try {
      const r = await this.#ctx.client().fastlaneBillingPortal(this.session!.token, (this.#host.returnUrl || location.href).replace(/#.*$/, ''), { signal });
      location.assign(r.url);
    } catch (err) {
      this.busy = false;
      this.#changed();
      if (signal.aborted) return;
      if (err instanceof AyudaApiError && err.status === 401) return this.#sessionLost();
      this.error = await this.#errorText(err);
      this.#changed();
    }
  }

  signOut(): void {
    const token = this.session?.token;
    this.session = null;
    this.requests = null;
    saveSession(this.#ctx.server(), null);
    if (token) {
      void this.#ctx.client().fastlaneSignOut(token, { signal: AbortSignal.timeout(LOGOUT_TIMEOUT_MS) }).catch(() => undefined);
    }
    void this.#startSignin();
  }

  // ---- my requests ----

  async openRequests(): Promise<void> {
    this.#go('requests');
    this.confirmDelete = false;
    this.deleteError = '';
    await this.#asCustomer(() => this.#load(this.#requestsTask));
  }

  /** Downloads the data export (a ZIP) through a link to its bytes, as any download. */
  async downloadData(): Promise<void> {
    if (this.busy) return;
    const s = this.#ctx.shown();
    this.notice = s.requests.downloading;
    await this.#asCustomer(async (signal) => {
      const blob = await this.#ctx.client().accountExport(this.session!.token, { signal });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `ayuda-export-${new Date().toISOString().slice(0, 10)}.zip`;
      a.hidden = true;
      this.#host.renderRoot.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      this.notice = s.requests.downloaded;
      this.#emit('ayuda-account-export', {});
    });
    if (this.notice === s.requests.downloading) this.notice = '';
  }

  /** Shows (or takes back) the deletion's confirmation step. */
  askDelete(open: boolean): void {
    this.confirmDelete = open;
    this.deleteError = '';
    this.focusTarget = open ? '#confirm-email' : '#delete-open';
    this.#changed();
  }

  /** Erases the customer's data once they typed their address again; the session ends with it. */
  async deleteData(e: Event): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const s = this.#ctx.shown();
    const typed = ((e.target as HTMLFormElement).elements.namedItem('confirmEmail') as HTMLInputElement).value.trim().toLowerCase();
    if (!typed || typed !== this.session?.email.toLowerCase()) {
      this.deleteError = s.requests.deleteWrong;
      this.focusTarget = '#confirm-email';
      this.#changed();
      return;
    }
    await this.#asCustomer(async (signal) => {
      try {
        const r = await this.#ctx.client().accountDeletion(this.session!.token, { confirmEmail: typed, locale: this.#ctx.locale() }, { signal });
        this.session = null;
        this.requests = null;
        saveSession(this.#ctx.server(), null);
        this.deleted = r;
        this.#go('deleted');
        this.#emit('ayuda-account-deleted', { cases: r.cases, attachments: r.attachments, paymentsKept: r.paymentsKept });
      } catch (err) {
        if (err instanceof AyudaApiError && err.status === 422) {
          this.deleteError = s.requests.deleteWrong;
          this.focusTarget = '#confirm-email';
        } else if (err instanceof AyudaApiError && err.status === 409) {
          await this.openRequests();
          this.error = s.requests.deleteSubFirst;
        } else throw err;
      }
    });
  }
}
