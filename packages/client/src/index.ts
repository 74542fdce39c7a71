// @ayuda/client: a typed fetch client for the Ayuda HTTP API. Errors come back as
// `AyudaApiError` carrying the server's problem details; network failures as
// `AyudaNetworkError`. Only idempotent requests (GET) are retried.
//
// Every type here is inferred from the zod schemas of @ayuda/core's endpoint table (`import type`
// only: zod never reaches the browser bundle).
import type {
  CheckoutState,
  AnalyticsEvent,
  Article,
  ArticleList,
  ArticleListQuery,
  BodyOf,
  CaptchaChallenge,
  CaptchaPurpose,
  CaseCreate,
  CaseCreated,
  CaseView,
  CategoryList,
  FastlaneCancelled,
  FastlaneCheckout,
  FastlaneCheckoutSession,
  FastlaneOffer,
  FastlaneRefund,
  FastlaneSession,
  FastlaneStatus,
  Locale,
  Problem,
  PublicSettings,
  ResponseOf,
  SearchAnalytics,
  SearchAnalyticsQuery,
  SearchResponse,
  SerializedIndex,
  AuditList,
  AuditQuery,
  StaffLinkRequest,
  StaffPasswordChange,
  StaffSession,
  StaffSignIn,
  StaffUser,
  StaffUserCreate,
  StaffUserPatch,
  StaffToken,
  StaffTokenCreate,
  StaffTokenCreated,
  CaseEvent,
  PresenceEvent,
  PresenceState,
  StaffCase,
  StaffQueue,
  StaffQueueQuery,
} from '@ayuda/core';
import type {
  StaffRefund,
  TimeEntry,
  CaseTime,
  Opportunity,
  OpportunityList,
  StaffSla,
  StaffCaseSummary,
  StaffCustomer,
  QueueView,
  AuditEntry,
  StaffRole,
} from '@ayuda/core';

export type {
  CaseEvent,
  PresenceEvent,
  PresenceState,
  StaffCase,
  StaffQueue,
  StaffQueueQuery,
  AnalyticsEvent,
  Article,
  ArticleList,
  BodyOf,
  CaptchaChallenge,
  CaptchaPurpose,
  CaseCreate,
  CaseCreated,
  CaseView,
  CategoryList,
  CheckoutState,
  FastlaneCancelled,
  FastlaneCheckout,
  FastlaneCheckoutSession,
  FastlaneOffer,
  FastlaneRefund,
  FastlaneSession,
  FastlaneStatus,
  Locale,
  Problem,
  PublicSettings,
  ResponseOf,
  SearchAnalytics,
  SearchResponse,
  SerializedIndex,
  AuditList,
  AuditQuery,
  StaffLinkRequest,
  StaffPasswordChange,
  StaffSession,
  StaffSignIn,
  StaffUser,
  StaffUserCreate,
  StaffUserPatch,
  StaffToken,
  StaffTokenCreate,
  StaffTokenCreated,
};

export type {
  StaffRefund,
  TimeEntry,
  CaseTime,
  Opportunity,
  OpportunityList,
  StaffSla,
  StaffCaseSummary,
  StaffCustomer,
  QueueView,
  AuditEntry,
  StaffRole,
};

export interface AyudaClientOptions {
  /** The server's base URL, e.g. `https://help.example.com`. */
  baseUrl: string;
  /**
   * A staff API token, for staff endpoints (scripts). Without one, staff calls go with the
   * browser's staff session cookie (the console), and mutating ones carry `csrfToken`.
   */
  staffToken?: string;
  /** The staff session's CSRF token, when already known (see `AyudaClient.csrfToken`). */
  csrfToken?: string;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
  /** Attempts for GET requests that fail on the network or with 502/503/504. Default 3. */
  retries?: number;
  /** Milliseconds before the first retry; doubled each time. Default 200. */
  retryDelayMs?: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /**
   * Let the request outlive the page (`fetch`'s `keepalive`): for what a page sends as it is
   * left, such as its last analytics. Browsers cap such bodies at 64 KB in all.
   */
  keepalive?: boolean;
}

/** The server answered with an error; `problem` holds its details. */
export class AyudaApiError extends Error {
  override name = 'AyudaApiError';
  readonly status: number;
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.status = problem.status;
    this.problem = problem;
  }
  /** The problem type's last segment, e.g. `validation-error`, `not-found`, `rate-limited`. */
  get type(): string {
    return this.problem.type.split('/').pop() ?? this.problem.type;
  }
  /** Per-field messages, keyed by field path (`query.locale`). */
  get fieldErrors(): Record<string, string> {
    return Object.fromEntries((this.problem.errors ?? []).map((e) => [e.field, e.message]));
  }
}

/** The request did not reach the server or no answer came back. */
export class AyudaNetworkError extends Error {
  override name = 'AyudaNetworkError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

type Query = Record<string, string | number | undefined>;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    }, { once: true });
  });

/**
 * A fresh Idempotency-Key for a create: keep it until the server answers, and send the same
 * key with every retry of that request (a new request gets a new key).
 */
export const newIdempotencyKey = (): string =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

export class AyudaClient {
  readonly baseUrl: string;
  readonly #opts: AyudaClientOptions;
  readonly #fetch: typeof fetch;
  readonly #etags = new Map<string, { etag: string; body: unknown }>();
  /**
   * The staff session's CSRF token, sent as `X-CSRF-Token` on every mutating staff call made
   * with the session cookie. Every call that answers a StaffSession sets it, signing out
   * clears it; set it yourself if the session was opened elsewhere.
   */
  csrfToken: string | null;

  constructor(opts: AyudaClientOptions) {
    if (!opts?.baseUrl) throw new TypeError('Ayuda: AyudaClient needs a baseUrl, e.g. new AyudaClient({ baseUrl: "https://help.example.com" }).');
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.#opts = opts;
    this.csrfToken = opts.csrfToken ?? null;
    this.#fetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  }

  #url(path: string, query?: Query): string {
    const url = new URL(`${this.baseUrl}/api/v1${path}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    return url.toString();
  }

  async #request<T>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    opts: { query?: Query; body?: unknown; staff?: boolean; signal?: AbortSignal; keepalive?: boolean; cache?: boolean; idempotencyKey?: string; bearer?: string; channel?: string; text?: boolean } = {},
  ): Promise<T> {
    const url = this.#url(path, opts.query);
    const headers: Record<string, string> = { Accept: 'application/json' };
    const form = typeof FormData !== 'undefined' && opts.body instanceof FormData;
    if (opts.body !== undefined && !form) headers['Content-Type'] = 'application/json';
    if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
    if (opts.bearer) headers.Authorization = `Bearer ${opts.bearer}`;
    if (opts.channel) headers['X-Ayuda-Channel'] = opts.channel;
    if (opts.staff) {
      // A token for scripts; otherwise the session cookie, with its CSRF token on changes.
      if (this.#opts.staffToken) headers.Authorization = `Bearer ${this.#opts.staffToken}`;
      else if (method !== 'GET' && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
    }
    const cached = opts.cache ? this.#etags.get(url) : undefined;
    if (cached) headers['If-None-Match'] = cached.etag;
    // GETs, and creates that carry an Idempotency-Key, are safe to send again.
    const attempts = method === 'GET' || opts.idempotencyKey ? Math.max(1, this.#opts.retries ?? 3) : 1;
    let delay = this.#opts.retryDelayMs ?? 200;
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await this.#fetch(url, {
          method,
          headers,
          // The staff session cookie goes to the console's own server (same origin) only.
          credentials: 'same-origin',
          body: opts.body === undefined ? null : form ? (opts.body as FormData) : JSON.stringify(opts.body),
          ...(opts.signal ? { signal: opts.signal } : {}),
          ...(opts.keepalive ? { keepalive: true } : {}),
        });
      } catch (err) {
        if (opts.signal?.aborted) throw err;
        if (attempt < attempts) {
          await sleep(delay, opts.signal);
          delay *= 2;
          continue;
        }
        throw new AyudaNetworkError(`Ayuda: could not reach ${this.baseUrl} (${String((err as Error)?.message ?? err)}).`, { cause: err });
      }
      if (attempt < attempts && [502, 503, 504].includes(res.status)) {
        await sleep(delay, opts.signal);
        delay *= 2;
        continue;
      }
      if (res.status === 304 && cached) return cached.body as T;
      const text = await res.text();
      if (opts.text && res.ok) return text as T;
      let body: unknown = undefined;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON: handled below */
      }
      if (!res.ok) {
        const p = body as Partial<Problem> | undefined;
        throw new AyudaApiError({
          type: p?.type ?? 'about:blank',
          title: p?.title ?? (res.statusText || `HTTP ${res.status}`),
          status: res.status,
          ...(p?.detail ? { detail: p.detail } : {}),
          ...(p?.errors ? { errors: p.errors } : {}),
          ...(p?.requestId ? { requestId: p.requestId } : {}),
        });
      }
      const etag = res.headers.get('etag');
      if (opts.cache && etag) this.#etags.set(url, { etag, body });
      return body as T;
    }
  }

  listCategories(locale: Locale, o: RequestOptions = {}): Promise<CategoryList> {
    return this.#request('GET', '/kb/categories', { query: { locale }, ...o });
  }

  listArticles(q: ArticleListQuery, o: RequestOptions = {}): Promise<ArticleList> {
    return this.#request('GET', '/kb/articles', { query: q as Query, ...o });
  }

  /** One article; with a fast-lane `session`, `customers` articles too. */
  getArticle(locale: Locale, slug: string, o: RequestOptions & { session?: string } = {}): Promise<Article> {
    const { session, ...rest } = o;
    return this.#request('GET', `/kb/articles/${encodeURIComponent(locale)}/${encodeURIComponent(slug)}`, { ...rest, ...(session ? { bearer: session } : {}) });
  }

  search(q: { q: string; locale: Locale; limit?: number }, o: RequestOptions = {}): Promise<SearchResponse> {
    return this.#request('GET', '/kb/search', { query: q, ...o });
  }

  /** The prebuilt search index; revalidated with its ETag, so a repeat call costs a 304. */
  getIndex(locale: Locale, o: RequestOptions = {}): Promise<SerializedIndex> {
    return this.#request('GET', `/kb/index/${encodeURIComponent(locale)}`, { cache: true, ...o });
  }

  trackEvents(events: AnalyticsEvent[], o: RequestOptions = {}): Promise<ResponseOf<'trackEvents'>> {
    return this.#request('POST', '/analytics/events', { body: { events }, ...o });
  }

  /** Public settings: company name, whether the captcha is on, case limits, whether the fast lane is on. */
  settings(o: RequestOptions = {}): Promise<PublicSettings> {
    return this.#request('GET', '/settings', o);
  }

  /** A proof-of-work challenge for the ALTCHA widget. */
  captchaChallenge(purpose: CaptchaPurpose, o: RequestOptions = {}): Promise<CaptchaChallenge> {
    return this.#request('GET', '/captcha/challenge', { query: { purpose }, ...o });
  }

  /**
   * Submits a case, with files when given. The Idempotency-Key (generated unless given) makes
   * retries safe: keep the same key until the server answers, and a retry never makes a second case.
   */
  submitCase(input: CaseCreate, o: RequestOptions & { files?: Blob[]; idempotencyKey?: string; channel?: 'widget' | 'portal' } = {}): Promise<CaseCreated> {
    const idempotencyKey = o.idempotencyKey ?? newIdempotencyKey();
    let body: unknown = input;
    if (o.files?.length) {
      const f = new FormData();
      for (const [k, v] of Object.entries(input)) if (v !== undefined) f.append(k, String(v));
      for (const file of o.files) f.append('attachments', file, (file as File).name ?? 'file');
      body = f;
    }
    return this.#request('POST', '/cases', { body, idempotencyKey, ...(o.channel ? { channel: o.channel } : {}), ...(o.signal ? { signal: o.signal } : {}) });
  }

  /** A case, through its private tracking token. */
  getCase(token: string, o: RequestOptions = {}): Promise<CaseView> {
    return this.#request('GET', `/cases/track/${encodeURIComponent(token)}`, o);
  }

  replyToCase(token: string, body: string, o: RequestOptions & { files?: Blob[] } = {}): Promise<CaseView> {
    let payload: unknown = { body };
    if (o.files?.length) {
      const f = new FormData();
      f.append('body', body);
      for (const file of o.files) f.append('attachments', file, (file as File).name ?? 'file');
      payload = f;
    }
    return this.#request('POST', `/cases/track/${encodeURIComponent(token)}/messages`, { body: payload, ...(o.signal ? { signal: o.signal } : {}) });
  }

  closeCase(token: string, o: RequestOptions = {}): Promise<CaseView> {
    return this.#request('POST', `/cases/track/${encodeURIComponent(token)}/close`, { body: {}, ...o });
  }

  /** Mails the customer the links to their cases (answers the same whether or not there are any). */
  resendCaseLinks(email: string, locale: Locale, o: RequestOptions = {}): Promise<ResponseOf<'resendCaseLinks'>> {
    return this.#request('POST', '/cases/links', { body: { email, locale }, ...o });
  }

  // ---- fast lane (a customer session token from verify/identity goes in `session`) ----

  /** Mails a sign-in code to `email`, or to the email of the request `trackingToken` (then answered, masked, as `email`). */
  fastlaneLogin(input: BodyOf<'fastlaneLogin'>, o: RequestOptions = {}): Promise<ResponseOf<'fastlaneLogin'>> {
    return this.#request('POST', '/fastlane/login', { body: input, ...o });
  }

  /** `email` or `trackingToken`, as at login. */
  fastlaneVerify(input: BodyOf<'fastlaneVerify'>, o: RequestOptions = {}): Promise<FastlaneSession> {
    return this.#request('POST', '/fastlane/verify', { body: input, ...o });
  }

  fastlaneIdentity(input: BodyOf<'fastlaneIdentity'>, o: RequestOptions = {}): Promise<FastlaneSession> {
    return this.#request('POST', '/fastlane/identity', { body: input, ...o });
  }

  fastlaneOffer(session: string, locale: Locale, o: RequestOptions = {}): Promise<FastlaneOffer> {
    return this.#request('GET', '/fastlane/offer', { query: { locale }, bearer: session, ...o });
  }

  /** The customer's subscription, payments and refunds. */
  fastlaneStatus(session: string, o: RequestOptions = {}): Promise<FastlaneStatus> {
    return this.#request('GET', '/fastlane/me', { bearer: session, ...o });
  }

  /** Ends the session on the server (and clears its cookie); the token stops working at once. */
  async fastlaneSignOut(session: string, o: RequestOptions = {}): Promise<void> {
    await this.#request('POST', '/fastlane/logout', { bearer: session, ...o });
  }

  /** Starts Stripe Checkout for a plan; the server sets the amount. */
  fastlaneCheckout(
    session: string,
    input: FastlaneCheckout,
    o: RequestOptions & { idempotencyKey?: string } = {},
  ): Promise<FastlaneCheckoutSession> {
    return this.#request('POST', '/fastlane/checkout', { body: input, bearer: session, idempotencyKey: o.idempotencyKey ?? newIdempotencyKey(), ...(o.signal ? { signal: o.signal } : {}) });
  }

  fastlaneRefund(session: string, orderId: number, reason: string, o: RequestOptions = {}): Promise<FastlaneRefund> {
    return this.#request('POST', `/fastlane/orders/${orderId}/refund`, { body: { reason }, bearer: session, ...o });
  }

  fastlaneCancel(session: string, atPeriodEnd: boolean, o: RequestOptions = {}): Promise<FastlaneCancelled> {
    return this.#request('POST', '/fastlane/subscription/cancel', { body: { atPeriodEnd }, bearer: session, ...o });
  }

  /** Whether a payment started with `fastlaneCheckout` is pending Stripe's confirmation, or nothing was charged. */
  fastlaneCheckoutState(session: string, orderId: number, o: RequestOptions = {}): Promise<ResponseOf<'fastlaneCheckoutState'>> {
    return this.#request('GET', `/fastlane/orders/${orderId}/checkout`, { bearer: session, ...o });
  }

  /** Takes back a cancellation at period end, until the period ends. */
  fastlaneUndoCancel(session: string, o: RequestOptions = {}): Promise<ResponseOf<'fastlaneUndoCancel'>> {
    return this.#request('POST', '/fastlane/subscription/undo-cancel', { bearer: session, ...o });
  }

  fastlaneBillingPortal(session: string, returnUrl?: string, o: RequestOptions = {}): Promise<ResponseOf<'fastlaneBillingPortal'>> {
    return this.#request('POST', '/fastlane/billing-portal', { body: returnUrl ? { returnUrl } : {}, bearer: session, ...o });
  }

  // ---- staff: time, opportunities, preview (a staff token, or the console's session) ----

  /** Starts the signed-in staff user's timer on a case (stopping any other of theirs). */
  startTimer(reference: string, o: RequestOptions = {}): Promise<ResponseOf<'staffTimerStart'>> {
    return this.#request('POST', `/staff/cases/${encodeURIComponent(reference)}/timer/start`, { staff: true, ...o });
  }

  /** Stops the caller's timer on a case; null when none ran there. */
  async stopTimer(reference: string, o: RequestOptions = {}): Promise<ResponseOf<'staffTimerStop'> | null> {
    return (await this.#request<ResponseOf<'staffTimerStop'> | undefined>('POST', `/staff/cases/${encodeURIComponent(reference)}/timer/stop`, { staff: true, ...o })) ?? null;
  }

  /**
   * Keeps the caller's timer on a case running: send it every `TIME_LIMITS.heartbeatSeconds`
   * while the case is open. An `AyudaApiError` of type `conflict` means it no longer runs (start it again).
   */
  async timerHeartbeat(reference: string, o: RequestOptions = {}): Promise<void> {
    await this.#request('POST', `/staff/cases/${encodeURIComponent(reference)}/timer/heartbeat`, { staff: true, ...o });
  }

  /** A case's time entries, newest first, with their total. */
  caseTime(reference: string, o: RequestOptions = {}): Promise<ResponseOf<'staffCaseTime'>> {
    return this.#request('GET', `/staff/cases/${encodeURIComponent(reference)}/time`, { staff: true, ...o });
  }

  /** Records time on a case by hand; the Idempotency-Key (generated unless given) makes a retry safe. */
  addTime(reference: string, input: BodyOf<'staffTimeCreate'>, o: RequestOptions & { idempotencyKey?: string } = {}): Promise<ResponseOf<'staffTimeCreate'>> {
    return this.#request('POST', `/staff/cases/${encodeURIComponent(reference)}/time`, { body: input, staff: true, idempotencyKey: o.idempotencyKey ?? newIdempotencyKey(), ...(o.signal ? { signal: o.signal } : {}) });
  }

  updateTime(id: number, input: BodyOf<'staffTimeUpdate'>, o: RequestOptions = {}): Promise<ResponseOf<'staffTimeUpdate'>> {
    return this.#request('PATCH', `/staff/time/${id}`, { body: input, staff: true, ...o });
  }

  async deleteTime(id: number, o: RequestOptions = {}): Promise<void> {
    await this.#request('DELETE', `/staff/time/${id}`, { staff: true, ...o });
  }

  /** Admins: time and its cost per person and per lane (default: the last 30 days). */
  timeSummary(q: { from?: string; to?: string } = {}, o: RequestOptions = {}): Promise<ResponseOf<'staffTimeSummary'>> {
    return this.#request('GET', '/staff/time/summary', { query: q, staff: true, ...o });
  }

  /** Records a sales opportunity seen in a case; the Idempotency-Key (generated unless given) makes a retry safe. */
  createOpportunity(reference: string, input: BodyOf<'staffOpportunityCreate'>, o: RequestOptions & { idempotencyKey?: string } = {}): Promise<ResponseOf<'staffOpportunityCreate'>> {
    return this.#request('POST', `/staff/cases/${encodeURIComponent(reference)}/opportunities`, { body: input, staff: true, idempotencyKey: o.idempotencyKey ?? newIdempotencyKey(), ...(o.signal ? { signal: o.signal } : {}) });
  }

  /** Admins: opportunities recorded in a period (default: the last 30 days). */
  opportunities(q: { from?: string; to?: string } = {}, o: RequestOptions = {}): Promise<ResponseOf<'staffOpportunities'>> {
    return this.#request('GET', '/staff/opportunities', { query: q, staff: true, ...o });
  }

  /** Admins: the same as CSV text, header row in `locale` (the byte order mark the server adds for spreadsheet apps is dropped by `fetch`'s decoding). */
  opportunitiesCsv(q: { from?: string; to?: string; locale?: Locale } = {}, o: RequestOptions = {}): Promise<string> {
    return this.#request('GET', '/staff/opportunities.csv', { query: q, staff: true, text: true, ...o });
  }

  /** A reply's markdown as the customer will see it: sanitised HTML, safe to insert. */
  preview(markdown: string, locale?: Locale, o: RequestOptions = {}): Promise<ResponseOf<'staffPreview'>> {
    return this.#request('POST', '/staff/preview', { body: { markdown, ...(locale ? { locale } : {}) }, staff: true, ...o });
  }

  /** Staff: top and zero-result queries for a period. */
  searchAnalytics(q: SearchAnalyticsQuery = {}, o: RequestOptions = {}): Promise<SearchAnalytics> {
    return this.#request('GET', '/analytics/search', { query: q as Query, staff: true, ...o });
  }

  // ---- staff sign-in and accounts (a session cookie with its CSRF token, or a staff token) ----

  #session(p: Promise<StaffSession>): Promise<StaffSession> {
    return p.then((s) => {
      this.csrfToken = s.csrfToken;
      return s;
    });
  }

  /** Signs in with email and password: sets the session cookie, and `csrfToken`. */
  staffSignIn(input: StaffSignIn, o: RequestOptions = {}): Promise<StaffSession> {
    return this.#session(this.#request('POST', '/staff/session', { body: input, ...o }));
  }

  /** The session of the cookie (how a reloaded page learns its `csrfToken`); 401 when signed out. */
  staffSession(o: RequestOptions = {}): Promise<StaffSession> {
    return this.#session(this.#request('GET', '/staff/session', { ...o }));
  }

  /** Ends this session on the server and clears its cookie. */
  async staffSignOut(o: RequestOptions = {}): Promise<void> {
    await this.#request('DELETE', '/staff/session', { staff: true, ...o });
    this.csrfToken = null;
  }

  /** Ends every session of the signed-in person, on every device. */
  async staffSignOutEverywhere(o: RequestOptions = {}): Promise<void> {
    await this.#request('POST', '/staff/session/revoke-all', { staff: true, ...o });
    this.csrfToken = null;
  }

  /** Mails a one-time sign-in link (answers alike whether or not the address has an account). */
  staffRequestLink(input: StaffLinkRequest, o: RequestOptions = {}): Promise<ResponseOf<'staffRequestLink'>> {
    return this.#request('POST', '/staff/session/link', { body: input, ...o });
  }

  /** Signs in with a mailed link's token (the `<token>` of `/console/#/link/<token>`). */
  staffVerifyLink(token: string, o: RequestOptions = {}): Promise<StaffSession> {
    return this.#session(this.#request('POST', '/staff/session/link/verify', { body: { token }, ...o }));
  }

  /**
   * Sets a password with a set-password link's `token`, or changes it when signed in (with
   * `currentPassword`); answers a new session, every other one of the account having ended.
   */
  staffSetPassword(input: StaffPasswordChange, o: RequestOptions = {}): Promise<StaffSession> {
    return this.#session(this.#request('POST', '/staff/password', { body: input, ...(input.token === undefined ? { staff: true } : {}), ...o }));
  }

  /** Every staff account (hourly costs for admins only). */
  staffUsers(o: RequestOptions = {}): Promise<ResponseOf<'staffUsers'>> {
    return this.#request('GET', '/staff/users', { staff: true, ...o });
  }

  /** Admins: a new account; its set-password link is mailed to the person and answered. */
  staffCreateUser(input: StaffUserCreate, o: RequestOptions = {}): Promise<ResponseOf<'staffCreateUser'>> {
    return this.#request('POST', '/staff/users', { body: input, staff: true, ...o });
  }

  /** Admins: name, role, hourly cost (minor units, null to clear) or disabled. */
  staffUpdateUser(id: number, input: StaffUserPatch, o: RequestOptions = {}): Promise<StaffUser> {
    return this.#request('PATCH', `/staff/users/${encodeURIComponent(String(id))}`, { body: input, staff: true, ...o });
  }

  /** Admins: mails the person a one-time link to set a new password (the link is not answered). */
  async staffSendPasswordLink(id: number, o: RequestOptions = {}): Promise<void> {
    await this.#request('POST', `/staff/users/${encodeURIComponent(String(id))}/password-link`, { staff: true, ...o });
  }

  /** Admins: every staff API token, newest first, revoked ones too (never the tokens themselves). */
  staffTokens(o: RequestOptions = {}): Promise<ResponseOf<'staffTokens'>> {
    return this.#request('GET', '/staff/tokens', { staff: true, ...o });
  }

  /** Admins: a new staff API token with a role; the answer's `token` is the only time it is shown. */
  staffCreateToken(input: StaffTokenCreate, o: RequestOptions = {}): Promise<StaffTokenCreated> {
    return this.#request('POST', '/staff/tokens', { body: input, staff: true, ...o });
  }

  /** Admins: revokes a staff API token at once. */
  async staffRevokeToken(id: number, o: RequestOptions = {}): Promise<void> {
    await this.#request('DELETE', `/staff/tokens/${encodeURIComponent(String(id))}`, { staff: true, ...o });
  }

  /** Admins: the audit log, newest first; pass `next` back as `before` for the next page. */
  staffAudit(q: AuditQuery = {}, o: RequestOptions = {}): Promise<AuditList> {
    return this.#request('GET', '/staff/audit', { query: q as Query, staff: true, ...o });
  }

  // ---- staff: the queue, case changes, live updates ----

  /** Staff: one page of the queue (fast lane first, then by due time); pass the page's `next` as `cursor` for the following one. */
  staffQueue(q: StaffQueueQuery = {}, o: RequestOptions = {}): Promise<StaffQueue> {
    return this.#request('GET', '/staff/cases', { query: q as Query, staff: true, ...o });
  }

  /** Staff: a case with its thread, history, payments and customer. */
  staffCase(reference: string, o: RequestOptions = {}): Promise<StaffCase> {
    return this.#request('GET', `/staff/cases/${encodeURIComponent(reference)}`, { staff: true, ...o });
  }

  /** Staff: assigns a staff user (`{ assigneeId }`) or a name (`{ assignee }`); null unassigns. */
  staffAssign(reference: string, to: BodyOf<'staffAssign'>, o: RequestOptions = {}): Promise<StaffCase> {
    return this.#request('POST', `/staff/cases/${encodeURIComponent(reference)}/assignee`, { body: to, staff: true, ...o });
  }

  /** Staff: moves the case to another lane, saying why; its due times count again. */
  staffSetLane(reference: string, lane: BodyOf<'staffLane'>['lane'], reason: string, o: RequestOptions = {}): Promise<StaffCase> {
    return this.#request('POST', `/staff/cases/${encodeURIComponent(reference)}/lane`, { body: { lane, reason }, staff: true, ...o });
  }

  /** Staff: sets the case's category (a knowledge-base category key), or none. */
  staffSetCategory(reference: string, category: string | null, o: RequestOptions = {}): Promise<StaffCase> {
    return this.#request('POST', `/staff/cases/${encodeURIComponent(reference)}/category`, { body: { category }, staff: true, ...o });
  }

  /** Staff: tells the other staff you are viewing, typing in or have left a case. Repeat `viewing` within every 60 s, or you count as gone. */
  async staffPresence(reference: string, state: PresenceState, o: RequestOptions = {}): Promise<void> {
    await this.#request('POST', `/staff/cases/${encodeURIComponent(reference)}/presence`, { body: { state }, staff: true, ...o });
  }

  /** The URL of the staff event stream, for an `EventSource` (which sends the session cookie, not a token). */
  staffEventsUrl(): string {
    return this.#url('/staff/events');
  }

  /**
   * Staff: the live event stream read with fetch (with the staff token, where an EventSource
   * cannot send one): yields each `case` and `presence` event until `signal` aborts or the
   * server ends the stream. It does not reconnect: call it again (passing the last `id` as
   * `lastEventId`) and reload what you show.
   */
  async *staffEvents(o: RequestOptions & { lastEventId?: string } = {}): AsyncGenerator<StaffStreamEvent, void, undefined> {
    if (!this.#opts.staffToken) throw new TypeError('Ayuda: this call is for staff; pass staffToken to the AyudaClient.');
    const headers: Record<string, string> = { Accept: 'text/event-stream', Authorization: `Bearer ${this.#opts.staffToken}` };
    if (o.lastEventId) headers['Last-Event-ID'] = o.lastEventId;
    let res: Response;
    try {
      res = await this.#fetch(this.staffEventsUrl(), { headers, ...(o.signal ? { signal: o.signal } : {}) });
    } catch (err) {
      if (o.signal?.aborted) return;
      throw new AyudaNetworkError(`Ayuda: could not reach ${this.baseUrl} (${String((err as Error)?.message ?? err)}).`, { cause: err });
    }
    if (!res.ok || !res.body) {
      const p = (await res.json().catch(() => undefined)) as Partial<Problem> | undefined;
      throw new AyudaApiError({ type: p?.type ?? 'about:blank', title: p?.title ?? `HTTP ${res.status}`, status: res.status, ...(p?.detail ? { detail: p.detail } : {}) });
    }
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    try {
      for (;;) {
        let chunk: ReadableStreamReadResult<string>;
        try {
          chunk = await reader.read();
        } catch (err) {
          if (o.signal?.aborted) return;
          throw err;
        }
        if (chunk.done) return;
        // Line ends may be CR LF or CR too; a CR at the end of a chunk waits for what follows it.
        buf += chunk.value;
        const cr = buf.endsWith('\r') ? '\r' : '';
        buf = buf.slice(0, buf.length - cr.length).replace(/\r\n?/g, '\n') + cr;
        for (let at = buf.indexOf('\n\n'); at !== -1; at = buf.indexOf('\n\n')) {
          const e = parseSse(buf.slice(0, at));
          buf = buf.slice(at + 2);
          if (e) yield e;
        }
      }
    } finally {
      await reader.cancel().catch(() => {});
    }
  }

  // ---- staff console (issue 12): replies and status, refunds, the opportunities download ----

  /** A reply to the customer, or an internal note (`internal: true`), optionally changing the status. */
  staffReply(reference: string, input: BodyOf<'staffReply'>, o: RequestOptions = {}): Promise<StaffCase> {
    return this.#request('POST', `/staff/cases/${encodeURIComponent(reference)}/messages`, { body: input, staff: true, ...o });
  }

  staffStatus(reference: string, status: BodyOf<'staffStatus'>['status'], o: RequestOptions = {}): Promise<StaffCase> {
    return this.#request('POST', `/staff/cases/${encodeURIComponent(reference)}/status`, { body: { status }, staff: true, ...o });
  }

  /** Refund requests waiting for staff. */
  staffFastlaneRefunds(o: RequestOptions = {}): Promise<{ refunds: StaffRefund[] }> {
    return this.#request('GET', '/staff/fastlane/refunds', { staff: true, ...o });
  }

  staffFastlaneApprove(id: number, note?: string, o: RequestOptions = {}): Promise<StaffRefund> {
    return this.#request('POST', `/staff/fastlane/refunds/${id}/approve`, { body: note ? { note } : {}, staff: true, ...o });
  }

  staffFastlaneReject(id: number, note?: string, o: RequestOptions = {}): Promise<StaffRefund> {
    return this.#request('POST', `/staff/fastlane/refunds/${id}/reject`, { body: note ? { note } : {}, staff: true, ...o });
  }

  /** A goodwill refund of a payment: all of it, or `amount` minor units. */
  staffFastlaneOrderRefund(orderId: number, input: { amount?: number; reason: string }, o: RequestOptions = {}): Promise<StaffRefund> {
    return this.#request('POST', `/staff/fastlane/orders/${orderId}/refund`, { body: input, staff: true, ...o });
  }

  /** Admins: the URL of the opportunities of a period as CSV, for a download link (the session cookie goes with it). */
  opportunitiesCsvUrl(q: { from?: string; to?: string; locale?: Locale } = {}): string {
    return this.#url('/staff/opportunities.csv', q);
  }
}

/** An event of the staff stream: `data` is the event's JSON, typed by its name. */
export type StaffStreamEvent = { event: 'case'; id: string; data: CaseEvent } | { event: 'presence'; id: string; data: PresenceEvent };

/** One block of a server-sent event stream, or null for comments (heartbeats) and events of other names. */
function parseSse(block: string): StaffStreamEvent | null {
  let event = 'message';
  let id = '';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    if (colon === 0) continue;
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  if ((event !== 'case' && event !== 'presence') || !data.length) return null;
  return { event, id, data: JSON.parse(data.join('\n')) } as StaffStreamEvent;
}
