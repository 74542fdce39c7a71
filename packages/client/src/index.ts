// @ayuda/client: a typed fetch client for the Ayuda HTTP API, for the public and customer
// endpoints (the widget, the help portal, sites). Errors come back as `AyudaApiError` carrying
// the server's problem details; network failures as `AyudaNetworkError`. Only idempotent
// requests (GET, and creates with an Idempotency-Key) are retried. The staff endpoints are in
// `@ayuda/client/staff` (`AyudaStaffClient`), so a customer-facing bundle does not carry them.
//
// Every type here is inferred from the zod schemas of @ayuda/core's endpoint table (`import type`
// only: zod never reaches the browser bundle).
import type {
  Account,
  AccountDeleted,
  AccountDeletionInput,
  DataRequestList,
  CheckoutState,
  AnalyticsEvent,
  Article,
  ArticleList,
  Announcement,
  AnnouncementList,
  ResponseTimes,
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
  SearchResponse,
  SearchIndexMeta,
  PopularArticles,
  PopularQuery,
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
  CaseSurvey,
  SurveyQuestion,
  Callback,
  CallbackCreate,
} from '@ayuda/core';
import { Http, newIdempotencyKey, type AyudaClientOptions, type Query, type RequestOptions } from './internal/http.js';
import { LiveSearch } from './internal/live.js';

// The staff types are exported here too (types cost a bundle nothing); the staff calls that
// use them are in @ayuda/client/staff.
export type {
  Account,
  AccountDeleted,
  AccountDeletionInput,
  DataRequestList,
  CaseEvent,
  PresenceEvent,
  PresenceState,
  StaffCase,
  StaffQueue,
  StaffQueueQuery,
  AnalyticsEvent,
  Article,
  ArticleList,
  Announcement,
  AnnouncementList,
  ResponseTimes,
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
  SearchIndexMeta,
  PopularArticles,
  PopularQuery,
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
  CaseSurvey,
  SurveyQuestion,
};

export { AyudaApiError, AyudaNetworkError, newIdempotencyKey } from './internal/http.js';
export { LiveSearch, type LiveSearchQuery } from './internal/live.js';
export type { AyudaClientOptions, RequestOptions } from './internal/http.js';

export class AyudaClient {
  readonly baseUrl: string;
  /** @internal The request machinery, shared with `AyudaStaffClient`. */
  protected readonly http: Http;

  constructor(opts: AyudaClientOptions) {
    if (!opts?.baseUrl) throw new TypeError('Ayuda: AyudaClient needs a baseUrl, e.g. new AyudaClient({ baseUrl: "https://help.example.com" }).');
    this.http = new Http(opts);
    this.baseUrl = this.http.baseUrl;
  }

  listCategories(locale: Locale, o: RequestOptions = {}): Promise<CategoryList> {
    return this.http.request('GET', '/kb/categories', { query: { locale }, ...o });
  }

  listArticles(q: ArticleListQuery, o: RequestOptions = {}): Promise<ArticleList> {
    return this.http.request('GET', '/kb/articles', { query: q as Query, ...o });
  }

  /** One article; with a fast-lane `session`, `customers` articles too. */
  getArticle(locale: Locale, slug: string, o: RequestOptions & { session?: string } = {}): Promise<Article> {
    const { session, ...rest } = o;
    return this.http.request('GET', `/kb/articles/${encodeURIComponent(locale)}/${encodeURIComponent(slug)}`, { ...rest, ...(session ? { bearer: session } : {}) });
  }

  /** `analytics: 'off'` when the caller records the query itself once it settles (searching as the customer types). */
  search(q: { q: string; locale: Locale; limit?: number; analytics?: 'on' | 'off' }, o: RequestOptions = {}): Promise<SearchResponse> {
    return this.http.request('GET', '/kb/search', { query: q, ...o });
  }

  /**
   * The most-read public articles of a language in the last 30 days, of one `topic` (a category
   * key) when given, topped up with the most recently updated; revalidated with its ETag.
   */
  popularArticles(q: PopularQuery, o: RequestOptions = {}): Promise<PopularArticles> {
    return this.http.request('GET', '/kb/popular', { query: q as Query, cache: true, ...o });
  }

  /**
   * Live search: `search()` over one WebSocket, for searching as the customer types (in a
   * browser, a fraction of a fetch's cost per keystroke). Its `search()` answers null when the
   * socket cannot be used (ask `search()` then). See docs/api.md, "Live search".
   */
  liveSearch(): LiveSearch {
    return new LiveSearch(this.http.url('/kb/search/live').replace(/^http/, 'ws'));
  }

  /** Where to search `locale`: download the index (`mode: 'local'`) or ask `search()` (`'server'`); revalidated with its ETag. */
  getIndexMeta(locale: Locale, o: RequestOptions = {}): Promise<SearchIndexMeta> {
    return this.http.request('GET', `/kb/index/${encodeURIComponent(locale)}/meta`, { cache: true, ...o });
  }

  /** The prebuilt search index; revalidated with its ETag, so a repeat call costs a 304. */
  getIndex(locale: Locale, o: RequestOptions = {}): Promise<SerializedIndex> {
    return this.http.request('GET', `/kb/index/${encodeURIComponent(locale)}`, { cache: true, ...o });
  }

  trackEvents(events: AnalyticsEvent[], o: RequestOptions = {}): Promise<ResponseOf<'trackEvents'>> {
    return this.http.request('POST', '/analytics/events', { body: { events }, ...o });
  }

  /** The active announcements of a language (an outage, a known problem), most severe first (revalidated by ETag). */
  announcements(locale: Locale, o: RequestOptions = {}): Promise<AnnouncementList> {
    return this.http.request('GET', '/announcements', { query: { locale }, ...o });
  }

  /**
   * The team's usual first-response time per lane (median minutes over the last 30 days' answered
   * cases; null when too few), with the fast lane's name in `locale` and whether it is offered.
   * Cacheable for 5 minutes.
   */
  responseTimes(locale: Locale, o: RequestOptions = {}): Promise<ResponseTimes> {
    return this.http.request('GET', '/support/response-times', { query: { locale }, ...o });
  }

  /** Public settings: company name, whether the captcha is on, case limits, whether the fast lane is on. */
  settings(o: RequestOptions = {}): Promise<PublicSettings> {
    return this.http.request('GET', '/settings', o);
  }

  /** A proof-of-work challenge for the ALTCHA widget. */
  captchaChallenge(purpose: CaptchaPurpose, o: RequestOptions = {}): Promise<CaptchaChallenge> {
    return this.http.request('GET', '/captcha/challenge', { query: { purpose }, ...o });
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
    return this.http.request('POST', '/cases', { body, idempotencyKey, ...(o.channel ? { channel: o.channel } : {}), ...(o.signal ? { signal: o.signal } : {}) });
  }

  /** A case, through its private tracking token. */
  getCase(token: string, o: RequestOptions = {}): Promise<CaseView> {
    return this.http.request('GET', `/cases/track/${encodeURIComponent(token)}`, o);
  }

  replyToCase(token: string, body: string, o: RequestOptions & { files?: Blob[] } = {}): Promise<CaseView> {
    let payload: unknown = { body };
    if (o.files?.length) {
      const f = new FormData();
      f.append('body', body);
      for (const file of o.files) f.append('attachments', file, (file as File).name ?? 'file');
      payload = f;
    }
    return this.http.request('POST', `/cases/track/${encodeURIComponent(token)}/messages`, { body: payload, ...(o.signal ? { signal: o.signal } : {}) });
  }

  closeCase(token: string, o: RequestOptions = {}): Promise<CaseView> {
    return this.http.request('POST', `/cases/track/${encodeURIComponent(token)}/close`, { body: {}, ...o });
  }

  /** The survey of a solved case (CSAT, CES, the fast lane's worth, NPS): each question with the token that answers it; empty before the case is solved. */
  caseSurvey(token: string, o: RequestOptions = {}): Promise<CaseSurvey> {
    return this.http.request('GET', `/cases/track/${encodeURIComponent(token)}/survey`, o);
  }

  /** Answers a survey question (`score` on its scale), comments on the answer, or both; a question takes one answer and one comment. */
  answerSurvey(input: BodyOf<'answerSurvey'>, o: RequestOptions = {}): Promise<CaseSurvey> {
    return this.http.request('POST', '/surveys/answers', { body: input, ...o });
  }

  /** Mails the customer the links to their cases (answers the same whether or not there are any). */
  resendCaseLinks(email: string, locale: Locale, o: RequestOptions = {}): Promise<ResponseOf<'resendCaseLinks'>> {
    return this.http.request('POST', '/cases/links', { body: { email, locale }, ...o });
  }

  // ---- fast lane (a customer session token from verify/identity goes in `session`) ----

  /** Mails a sign-in code to `email`, or to the email of the request `trackingToken` (then answered, masked, as `email`). */
  fastlaneLogin(input: BodyOf<'fastlaneLogin'>, o: RequestOptions = {}): Promise<ResponseOf<'fastlaneLogin'>> {
    return this.http.request('POST', '/fastlane/login', { body: input, ...o });
  }

  /** `email` or `trackingToken`, as at login. */
  fastlaneVerify(input: BodyOf<'fastlaneVerify'>, o: RequestOptions = {}): Promise<FastlaneSession> {
    return this.http.request('POST', '/fastlane/verify', { body: input, ...o });
  }

  fastlaneIdentity(input: BodyOf<'fastlaneIdentity'>, o: RequestOptions = {}): Promise<FastlaneSession> {
    return this.http.request('POST', '/fastlane/identity', { body: input, ...o });
  }

  fastlaneOffer(session: string, locale: Locale, o: RequestOptions = {}): Promise<FastlaneOffer> {
    return this.http.request('GET', '/fastlane/offer', { query: { locale }, bearer: session, ...o });
  }

  /** The customer's subscription, payments and refunds. */
  fastlaneStatus(session: string, o: RequestOptions = {}): Promise<FastlaneStatus> {
    return this.http.request('GET', '/fastlane/me', { bearer: session, ...o });
  }

  /** Ends the session on the server (and clears its cookie); the token stops working at once. */
  async fastlaneSignOut(session: string, o: RequestOptions = {}): Promise<void> {
    await this.http.request('POST', '/fastlane/logout', { bearer: session, ...o });
  }

  /** Starts Stripe Checkout for a plan; the server sets the amount. */
  fastlaneCheckout(
    session: string,
    input: FastlaneCheckout,
    o: RequestOptions & { idempotencyKey?: string } = {},
  ): Promise<FastlaneCheckoutSession> {
    return this.http.request('POST', '/fastlane/checkout', { body: input, bearer: session, idempotencyKey: o.idempotencyKey ?? newIdempotencyKey(), ...(o.signal ? { signal: o.signal } : {}) });
  }

  fastlaneRefund(session: string, orderId: number, reason: string, o: RequestOptions = {}): Promise<FastlaneRefund> {
    return this.http.request('POST', `/fastlane/orders/${orderId}/refund`, { body: { reason }, bearer: session, ...o });
  }

  fastlaneCancel(session: string, atPeriodEnd: boolean, o: RequestOptions = {}): Promise<FastlaneCancelled> {
    return this.http.request('POST', '/fastlane/subscription/cancel', { body: { atPeriodEnd }, bearer: session, ...o });
  }

  /** Whether a payment started with `fastlaneCheckout` is pending Stripe's confirmation, or nothing was charged. */
  fastlaneCheckoutState(session: string, orderId: number, o: RequestOptions = {}): Promise<ResponseOf<'fastlaneCheckoutState'>> {
    return this.http.request('GET', `/fastlane/orders/${orderId}/checkout`, { bearer: session, ...o });
  }

  /** Takes back a cancellation at period end, until the period ends. */
  fastlaneUndoCancel(session: string, o: RequestOptions = {}): Promise<ResponseOf<'fastlaneUndoCancel'>> {
    return this.http.request('POST', '/fastlane/subscription/undo-cancel', { bearer: session, ...o });
  }

  fastlaneBillingPortal(session: string, returnUrl?: string, o: RequestOptions = {}): Promise<ResponseOf<'fastlaneBillingPortal'>> {
    return this.http.request('POST', '/fastlane/billing-portal', { body: returnUrl ? { returnUrl } : {}, bearer: session, ...o });
  }

  // ---- My requests (a fast-lane session: see docs/api.md, "My requests") ----

  // ---- appointments (docs/appointments.md): the lane comes from the customer's session ----

  /** The appointment types customers can book, in `locale`, with the company's time zone. */
  appointmentTypes(locale: Locale, o: RequestOptions = {}): Promise<ResponseOf<'appointmentTypes'>> {
    return this.http.request('GET', '/appointments/types', { query: { locale }, ...o });
  }

  /**
   * Free slots of a type (default: the next 14 days). With a fast-lane `session`, the slots held
   * for the fast lane too.
   */
  appointmentSlots(q: { type: string; from?: string; to?: string; locale?: Locale }, o: RequestOptions & { session?: string } = {}): Promise<ResponseOf<'appointmentSlots'>> {
    const { session, ...rest } = o;
    return this.http.request('GET', '/appointments/slots', { query: q as Query, ...rest, ...(session ? { bearer: session } : {}) });
  }

  /**
   * Books a slot. Keep the Idempotency-Key (generated unless given) until the server answers: a
   * retry never books twice. A 409 problem carries the day's fresh `slots`.
   */
  bookAppointment(input: BodyOf<'bookAppointment'>, o: RequestOptions & { session?: string; idempotencyKey?: string } = {}): Promise<ResponseOf<'bookAppointment'>> {
    const { session, idempotencyKey, ...rest } = o;
    return this.http.request('POST', '/appointments', { body: input, idempotencyKey: idempotencyKey ?? newIdempotencyKey(), ...rest, ...(session ? { bearer: session } : {}) });
  }

  /** An appointment through the private token of its mails' links. */
  manageAppointment(token: string, o: RequestOptions = {}): Promise<ResponseOf<'manageAppointment'>> {
    return this.http.request('GET', `/appointments/manage/${encodeURIComponent(token)}`, o);
  }

  cancelAppointment(token: string, o: RequestOptions = {}): Promise<ResponseOf<'cancelAppointment'>> {
    return this.http.request('POST', `/appointments/manage/${encodeURIComponent(token)}/cancel`, o);
  }

  rescheduleAppointment(token: string, start: string, o: RequestOptions = {}): Promise<ResponseOf<'rescheduleAppointment'>> {
    return this.http.request('POST', `/appointments/manage/${encodeURIComponent(token)}/reschedule`, { body: { start }, ...o });
  }

  /** A proposal to move an appointment, through the link mailed to its customer. */
  moveProposal(token: string, o: RequestOptions = {}): Promise<ResponseOf<'moveProposal'>> {
    return this.http.request('GET', `/appointments/proposals/${encodeURIComponent(token)}`, o);
  }

  answerMoveProposal(token: string, answer: BodyOf<'answerMoveProposal'>, o: RequestOptions = {}): Promise<ResponseOf<'answerMoveProposal'>> {
    return this.http.request('POST', `/appointments/proposals/${encodeURIComponent(token)}`, { body: answer, ...o });
  }

  /** The signed-in customer's cases (open first, then newest), payments with receipt links, and subscription. */
  account(session: string, o: RequestOptions = {}): Promise<Account> {
    return this.http.request('GET', '/account', { bearer: session, ...o });
  }

  /** Everything held about the customer (GDPR art. 20): a ZIP of `ayuda-export.json` (format `ayuda-account-export`, version 1) and the attachments. */
  accountExport(session: string, o: RequestOptions = {}): Promise<Blob> {
    return this.http.request('GET', '/account/export', { bearer: session, blob: true, ...o });
  }

  /** Erases the customer (GDPR art. 17); `confirmEmail` is their address typed again. 409 while a subscription renews. The session ends. */
  accountDeletion(session: string, input: AccountDeletionInput, o: RequestOptions = {}): Promise<AccountDeleted> {
    return this.http.request('POST', '/account/deletion', { body: input, bearer: session, ...o });
  }

  // ---- callbacks (issue 16: docs/appointments.md, "Callbacks") ----

  /**
   * Asks to be called in a window (`windowStart` to `windowEnd`, at least 15 minutes, at most 30
   * days ahead). The phone may be in any common format: national numbers are read in `country`
   * (Spain by default for Spanish); the answer has it in E.164. With a fast-lane `session` whose
   * customer holds an entitlement (or names a fast-lane case of theirs in `case`), the request
   * joins the fast lane. The Idempotency-Key (generated unless given) makes retries safe.
   */
  requestCallback(input: CallbackCreate, o: RequestOptions & { session?: string; idempotencyKey?: string } = {}): Promise<Callback> {
    const { session, idempotencyKey, ...rest } = o;
    return this.http.request('POST', '/callbacks', { body: input, idempotencyKey: idempotencyKey ?? newIdempotencyKey(), ...rest, ...(session ? { bearer: session } : {}) });
  }
}
