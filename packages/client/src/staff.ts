// @ayuda/client/staff: the staff half of the API client, for the console and for scripts with
// a staff API token: sign-in and accounts, the queue and cases, live updates, time,
// opportunities, refunds, analytics. `AyudaStaffClient` extends `AyudaClient` (so it also makes
// every public call) and shares its request machinery; it lives in its own entry point so the
// widget, which imports `@ayuda/client`, does not ship it.
import type {
  AuditList,
  AuditQuery,
  BodyOf,
  CaseEvent,
  KbArticlesQuery,
  KbDraftInput,
  KbHealthQuery,
  Locale,
  PresenceEvent,
  PresenceState,
  Problem,
  ResponseOf,
  SearchAnalytics,
  SearchAnalyticsQuery,
  StaffCase,
  StaffLinkRequest,
  StaffPasswordChange,
  StaffQueue,
  StaffQueueQuery,
  StaffRefund,
  StaffSession,
  StaffSignIn,
  StaffUser,
  StaffUserCreate,
  StaffUserPatch,
  StaffTokenCreate,
  StaffTokenCreated,
  SettingsRevision,
  SettingsSection,
  SettingsSectionName,
  SettingsValue,
  KbTaxonomyKind,
  PulseState,
  PulseSummary,
  CallbackAttemptInput,
  CallbackStatus,
  StaffCallback,
  StaffCallbackList,
} from '@ayuda/core';
import { AyudaClient } from './index.js';
import { AyudaApiError, newIdempotencyKey, type AyudaClientOptions, type HttpRequest, type Method, type Query, type RequestOptions } from './internal/http.js';

export interface BackgroundRequestOptions extends RequestOptions {
  /**
   * The page sends it by itself (a periodic refresh), not because the person did something:
   * it says `X-Ayuda-Background: 1` and does not keep the staff session from idling out.
   */
  background?: boolean;
}

// Everything of @ayuda/client, so a staff app imports from one place.
export * from './index.js';
// The knowledge-base editor's types.
export type { KbArticleRows, KbArticlesQuery, KbDraftInput, KbEditorArticle, KbHealth, KbHealthQuery, KbRevision, KbStaffCategoryList, KbSynonyms, KbTaxonomyKind, KbTaxonomyRevision } from '@ayuda/core';
export type { HolidayCountries, PublicHolidays, SettingsRevision, SettingsSection, SettingsSectionName, SettingsSource, SettingsValue } from '@ayuda/core';
export type { PulseState, PulseSummary, PulseWeek } from '@ayuda/core';
export type { Callback, CallbackOutcome, CallbackStatus, StaffCallback, StaffCallbackList } from '@ayuda/core';
export type { AnalyticsFigures, AnalyticsSeries, AnalyticsSeriesPoint, AnalyticsSummary, FastlaneAccount, LaneImpact, LaneImpactFigure, SeriesInterval } from '@ayuda/core';

export interface AyudaStaffClientOptions extends AyudaClientOptions {
  /**
   * A staff API token, for scripts. Without one, staff calls go with the browser's staff
   * session cookie (the console), and mutating ones carry `csrfToken`.
   */
  staffToken?: string;
  /** The staff session's CSRF token, when already known (see `AyudaStaffClient.csrfToken`). */
  csrfToken?: string;
}

/** A settings section's view, narrowed to its name. */
export type SettingsSectionOf<S extends SettingsSectionName> = Extract<SettingsSection, { section: S }>;

export interface SettingsChangeOptions extends RequestOptions {
  /** The section's `version` as loaded: the change is refused (412) if it is no longer the current one. */
  ifMatch?: number;
}

const ifMatchHeader = (version: number | undefined): { headers?: Record<string, string> } => (version === undefined ? {} : { headers: { 'If-Match': `"${version}"` } });

/** An event of the staff stream: `data` is the event's JSON, typed by its name. */
export type StaffStreamEvent = { event: 'case'; id: string; data: CaseEvent } | { event: 'presence'; id: string; data: PresenceEvent };

export class AyudaStaffClient extends AyudaClient {
  readonly #staffToken: string | undefined;
  /**
   * The staff session's CSRF token, sent as `X-CSRF-Token` on every mutating staff call made
   * with the session cookie. Every call that answers a StaffSession sets it, signing out
   * clears it; set it yourself if the session was opened elsewhere.
   */
  csrfToken: string | null;

  constructor(opts: AyudaStaffClientOptions) {
    super(opts);
    this.#staffToken = opts.staffToken;
    this.csrfToken = opts.csrfToken ?? null;
  }

  /** A request; a `staff` one carries the staff token, or else (on changes) the session's CSRF token. */
  #request<T>(method: Method, path: string, opts: HttpRequest & { staff?: boolean; background?: boolean } = {}): Promise<T> {
    const { staff, background, ...rest } = opts;
    if (!staff) return this.http.request<T>(method, path, rest);
    // A token for scripts; otherwise the session cookie, with its CSRF token on changes.
    const headers: Record<string, string> = {};
    if (this.#staffToken) headers.Authorization = `Bearer ${this.#staffToken}`;
    else if (method !== 'GET' && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
    // Sent by the page itself, not by the person: it does not keep the session from idling out.
    if (background) headers['X-Ayuda-Background'] = '1';
    return this.http.request<T>(method, path, { ...rest, headers: { ...rest.headers, ...headers } });
  }

  // ---- staff: time, opportunities, preview (a staff token, or the console's session) ----

  /** Starts the signed-in staff user's timer on a case (stopping any other of theirs). */
  startTimer(reference: string, o: RequestOptions = {}): Promise<ResponseOf<'staffTimerStart'>> {
    return this.#request('POST', `/staff/cases/${encodeURIComponent(reference)}/timer/start`, { staff: true, ...o });
  }

  /** Stops the caller's timer on a case; null when none ran there, or it ran too short to keep (`TIME_LIMITS.timerMinSeconds`). */
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
  /** Staff: published help articles of every visibility, internal ones included, for answering cases. */
  staffKbSearch(q: { q: string; locale: Locale; limit?: number }, o: RequestOptions = {}): Promise<ResponseOf<'staffKbSearch'>> {
    return this.#request('GET', '/staff/kb/search', { query: q as Query, staff: true, ...o });
  }

  // ---- staff: the knowledge-base editor (/staff/kb; reading for every staff member, changes for admins) ----

  /** Staff: every article with its state (published, draft, changed, unpublished), drafts and internal ones included; filtered by `locale`, `category`, `state` and text `q`. */
  staffKbArticles(q: KbArticlesQuery = {}, o: RequestOptions = {}): Promise<ResponseOf<'staffKbArticles'>> {
    return this.#request('GET', '/staff/kb/articles', { query: q as Query, staff: true, ...o });
  }

  /** Staff: one article as the editor sees it, its published version (with its sanitised HTML) and its draft. */
  staffKbArticle(locale: Locale, slug: string, o: RequestOptions = {}): Promise<ResponseOf<'staffKbArticle'>> {
    return this.#request('GET', this.#kbArticle(locale, slug), { staff: true, ...o });
  }

  #kbArticle(locale: Locale, slug: string): string {
    return `/staff/kb/articles/${encodeURIComponent(locale)}/${encodeURIComponent(slug)}`;
  }

  /**
   * Admins: saves the article's draft (a new article, or a change to a published one): its
   * front-matter fields and markdown `body`. Customers never see a draft. A 422 names the
   * fields refused (`body.title`, `body.category`, ...).
   */
  staffKbSaveDraft(locale: Locale, slug: string, input: KbDraftInput, o: RequestOptions & { /** A new article only: 412 if the address is taken. */ create?: boolean } = {}): Promise<ResponseOf<'staffKbSaveDraft'>> {
    const { create, ...rest } = o;
    return this.#request('PUT', this.#kbArticle(locale, slug), { body: input, staff: true, ...(create ? { headers: { 'If-None-Match': '*' } } : {}), ...rest });
  }

  /** Admins: discards the article's draft; the published version stays. */
  async staffKbDiscardDraft(locale: Locale, slug: string, o: RequestOptions = {}): Promise<void> {
    await this.#request('DELETE', `${this.#kbArticle(locale, slug)}/draft`, { staff: true, ...o });
  }

  /**
   * Admins: publishes the draft, live everywhere within a second. A 409 (problem `conflict`)
   * says the article changed since the draft was started: compare, then pass `force: true`.
   */
  staffKbPublish(locale: Locale, slug: string, opts: { force?: boolean } = {}, o: RequestOptions = {}): Promise<ResponseOf<'staffKbPublish'>> {
    return this.#request('POST', `${this.#kbArticle(locale, slug)}/publish`, { query: opts.force ? { force: 'true' } : {}, staff: true, ...o });
  }

  /** Admins: takes a published article down (recorded as a revision, so it can be restored). */
  staffKbUnpublish(locale: Locale, slug: string, o: RequestOptions = {}): Promise<ResponseOf<'staffKbUnpublish'>> {
    return this.#request('POST', `${this.#kbArticle(locale, slug)}/unpublish`, { staff: true, ...o });
  }

  /** Staff: the article's revisions, newest first. */
  staffKbRevisions(locale: Locale, slug: string, o: RequestOptions = {}): Promise<ResponseOf<'staffKbRevisions'>> {
    return this.#request('GET', `${this.#kbArticle(locale, slug)}/revisions`, { staff: true, ...o });
  }

  /** Staff: one revision with its fields and markdown. */
  staffKbRevision(locale: Locale, slug: string, id: number, o: RequestOptions = {}): Promise<ResponseOf<'staffKbRevision'>> {
    return this.#request('GET', `${this.#kbArticle(locale, slug)}/revisions/${encodeURIComponent(String(id))}`, { staff: true, ...o });
  }

  /** Admins: restores a revision as the article's draft (replacing any); publish it to make it live. */
  staffKbRestore(locale: Locale, slug: string, id: number, o: RequestOptions = {}): Promise<ResponseOf<'staffKbRestore'>> {
    return this.#request('POST', `${this.#kbArticle(locale, slug)}/revisions/${encodeURIComponent(String(id))}/restore`, { staff: true, ...o });
  }

  /** Staff: an article's markdown rendered and sanitised as the portal will show it (rate limited per person: 429 when too fast). */
  staffKbPreview(input: BodyOf<'staffKbPreview'>, o: RequestOptions = {}): Promise<ResponseOf<'staffKbPreview'>> {
    return this.#request('POST', '/staff/kb/preview', { body: input, staff: true, ...o });
  }

  /** Staff: every category in order, with both languages' labels and article counts. */
  staffKbCategories(o: RequestOptions = {}): Promise<ResponseOf<'staffKbCategories'>> {
    return this.#request('GET', '/staff/kb/categories', { staff: true, ...o });
  }

  /** Admins: a new category (at `position`, else last); 409 when the key exists. Answers the whole list. */
  staffKbCreateCategory(input: BodyOf<'staffKbCreateCategory'>, o: RequestOptions = {}): Promise<ResponseOf<'staffKbCreateCategory'>> {
    return this.#request('POST', '/staff/kb/categories', { body: input, staff: true, ...o });
  }

  /** Admins: renames a category in es, en or both. Answers the whole list. */
  staffKbUpdateCategory(key: string, input: BodyOf<'staffKbUpdateCategory'>, o: RequestOptions = {}): Promise<ResponseOf<'staffKbUpdateCategory'>> {
    return this.#request('PATCH', `/staff/kb/categories/${encodeURIComponent(key)}`, { body: input, staff: true, ...o });
  }

  /** Admins: puts the categories in a new order (every key, once). Answers the whole list. */
  staffKbOrderCategories(keys: string[], o: RequestOptions = {}): Promise<ResponseOf<'staffKbOrderCategories'>> {
    return this.#request('PUT', '/staff/kb/category-order', { body: { keys }, staff: true, ...o });
  }

  /** Staff: the search synonyms per language (groups of words search treats alike). */
  staffKbSynonyms(o: RequestOptions = {}): Promise<ResponseOf<'staffKbSynonyms'>> {
    return this.#request('GET', '/staff/kb/synonyms', { staff: true, ...o });
  }

  /** Admins: replaces the search synonyms of both languages. */
  staffKbReplaceSynonyms(input: BodyOf<'staffKbReplaceSynonyms'>, o: RequestOptions = {}): Promise<ResponseOf<'staffKbReplaceSynonyms'>> {
    return this.#request('PUT', '/staff/kb/synonyms', { body: input, staff: true, ...o });
  }

  /** Staff: the history of the categories (order and names) or of the synonyms, newest first. */
  staffKbTaxonomyRevisions(kind: KbTaxonomyKind, o: RequestOptions = {}): Promise<ResponseOf<'staffKbTaxonomyRevisions'>> {
    return this.#request('GET', `/staff/kb/history/${encodeURIComponent(kind)}`, { staff: true, ...o });
  }

  /** Admins: puts the categories or the synonyms back to a revision's value, as a new change. */
  staffKbRestoreTaxonomy(kind: KbTaxonomyKind, id: number, o: RequestOptions = {}): Promise<ResponseOf<'staffKbRestoreTaxonomy'>> {
    return this.#request('POST', `/staff/kb/history/${encodeURIComponent(kind)}/${encodeURIComponent(String(id))}/restore`, { staff: true, ...o });
  }

  /** Staff: content health: zero-result searches and most "no" votes of the last `days`, stale articles, articles missing a translation. */
  staffKbHealth(q: KbHealthQuery = {}, o: RequestOptions = {}): Promise<ResponseOf<'staffKbHealth'>> {
    return this.#request('GET', '/staff/kb/health', { query: q as Query, staff: true, ...o });
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

  // ---- admins: the record of customers' data exports and deletions (docs/api.md, "My requests") ----

  /** Admins: exports and deletions (GDPR articles 20 and 17), newest first, by pseudonymous customer id. */
  dataRequests(q: { limit?: number } = {}, o: RequestOptions = {}): Promise<ResponseOf<'staffDataRequests'>> {
    return this.#request('GET', '/staff/data-requests', { query: q, staff: true, ...o });
  }

  // ---- staff (agents and admins): announcements shown to customers (docs/api.md, "Announcements") ----

  /** Every announcement, newest first, ended and withdrawn ones too, with its state. */
  staffAnnouncements(o: RequestOptions = {}): Promise<ResponseOf<'staffAnnouncements'>> {
    return this.#request('GET', '/staff/announcements', { staff: true, ...o });
  }
  /** Publishes an announcement (`endsAt` in the future, at most 30 days ahead). */
  createAnnouncement(input: BodyOf<'staffCreateAnnouncement'>, o: RequestOptions = {}): Promise<ResponseOf<'staffCreateAnnouncement'>> {
    return this.#request('POST', '/staff/announcements', { body: input, staff: true, ...o });
  }
  /** Takes an announcement down before it ends. */
  withdrawAnnouncement(id: number, o: RequestOptions = {}): Promise<ResponseOf<'staffWithdrawAnnouncement'>> {
    return this.#request('POST', `/staff/announcements/${encodeURIComponent(String(id))}/withdraw`, { staff: true, ...o });
  }

  // ---- staff: survey answers (docs/analytics.md, "Surveys") ----

  /** Survey answers of a period, newest first, with their case's lane, category and agent when answered. */
  staffSurveyAnswers(query: { from?: string; to?: string; lane?: 'standard' | 'fast'; question?: 'csat' | 'ces' | 'fastlane_worth' | 'nps'; limit?: number } = {}, o: RequestOptions = {}): Promise<ResponseOf<'staffSurveyAnswers'>> {
    return this.#request('GET', '/staff/surveys/answers', { query, staff: true, ...o });
  }

  // ---- admins: support analytics (docs/analytics.md, "The summary") ----

  /** Admins: a period's support figures (default: the last 30 days), of one lane or both (and of one category or agent), beside the previous period's. */
  staffAnalyticsSummary(query: { from?: string; to?: string; lane?: 'standard' | 'fast'; category?: string; agentId?: number } = {}, o: RequestOptions = {}): Promise<ResponseOf<'staffAnalyticsSummary'>> {
    return this.#request('GET', '/staff/analytics/summary', { query, staff: true, ...o });
  }
  /**
   * Admins: the standard lane's first response, SLA attainment and CSAT in a period (default: the last 30 days)
   * against a baseline (default: before the fast lane's first use), with the differences and bootstrap 95% intervals.
   */
  staffAnalyticsLaneImpact(query: { from?: string; to?: string; baselineFrom?: string; baselineTo?: string } = {}, o: RequestOptions = {}): Promise<ResponseOf<'staffAnalyticsLaneImpact'>> {
    return this.#request('GET', '/staff/analytics/lane-impact', { query, staff: true, ...o });
  }
  /**
   * Admins: the summary's figures per calendar day, ISO week or month (in the company's time zone) of a period, for one
   * lane (`points`) or both side by side (`lanes`); the interval defaults from the period's length. 422 past 400 buckets.
   */
  staffAnalyticsSeries(query: { from?: string; to?: string; lane?: 'standard' | 'fast'; interval?: 'day' | 'week' | 'month' } = {}, o: RequestOptions = {}): Promise<ResponseOf<'staffAnalyticsSeries'>> {
    return this.#request('GET', '/staff/analytics/series', { query, staff: true, ...o });
  }

  /**
   * Admins: the fast lane's account for a period (default: the last 30 days): revenue and refunds by month, plan
   * and kind, cost (staff time and the per-case overhead) and margin by month and by person, refunds by reason.
   */
  staffAnalyticsFastlane(query: { from?: string; to?: string; locale?: Locale } = {}, o: RequestOptions = {}): Promise<ResponseOf<'staffAnalyticsFastlane'>> {
    return this.#request('GET', '/staff/analytics/fastlane', { query, staff: true, ...o });
  }

  // ---- the agent pulse: a weekly anonymous question to staff (docs/console.md, "The weekly pulse") ----

  /** This week's pulse for the signed-in person: the week and whether they answered. */
  staffPulse(o: RequestOptions = {}): Promise<PulseState> {
    return this.#request('GET', '/staff/pulse', { staff: true, ...o });
  }
  /** Answers this week's pulse (1-5, optional comment), anonymously; once a week. */
  answerPulse(input: BodyOf<'staffPulseAnswer'>, o: RequestOptions = {}): Promise<PulseState> {
    return this.#request('POST', '/staff/pulse', { body: input, staff: true, ...o });
  }
  /** Admins: the pulse per week (figures from five answers on) beside the week's workload. */
  staffPulseSummary(query: { from?: string; to?: string } = {}, o: RequestOptions = {}): Promise<PulseSummary> {
    return this.#request('GET', '/staff/pulse/summary', { query, staff: true, ...o });
  }

  // ---- admins: settings changed without a restart (docs/console.md, "Settings") ----

  /** Admins: every settings section: its value in effect, where each field comes from, its start value and version. */
  async staffSettings(o: RequestOptions = {}): Promise<SettingsSection[]> {
    return (await this.#request<{ sections: SettingsSection[] }>('GET', '/staff/settings', { staff: true, ...o })).sections;
  }

  /** Admins: one settings section. */
  staffSettingsSection<S extends SettingsSectionName>(section: S, o: RequestOptions = {}): Promise<SettingsSectionOf<S>> {
    return this.#request('GET', `/staff/settings/${encodeURIComponent(section)}`, { staff: true, ...o });
  }

  /**
   * Admins: saves a section's whole value. With `ifMatch` (the `version` the value was loaded
   * with) a change someone else made meanwhile is not overwritten: the call fails with an
   * `AyudaApiError` of status 412; load the section again. A bad value fails with 422 naming
   * each field (`body.origins.1`).
   */
  staffUpdateSettings<S extends SettingsSectionName>(section: S, value: SettingsValue<S>, o: SettingsChangeOptions = {}): Promise<SettingsSectionOf<S>> {
    const { ifMatch, ...rest } = o;
    return this.#request('PUT', `/staff/settings/${encodeURIComponent(section)}`, { body: value, staff: true, ...ifMatchHeader(ifMatch), ...rest });
  }

  /** Admins: takes a section back to its start value (file, environment or default), as a new revision. */
  staffResetSettings<S extends SettingsSectionName>(section: S, o: SettingsChangeOptions = {}): Promise<SettingsSectionOf<S>> {
    const { ifMatch, ...rest } = o;
    return this.#request('DELETE', `/staff/settings/${encodeURIComponent(section)}`, { staff: true, ...ifMatchHeader(ifMatch), ...rest });
  }

  /** Admins: a section's history, newest first (`value` null: back to the start value). */
  async staffSettingsRevisions(section: SettingsSectionName, o: RequestOptions = {}): Promise<SettingsRevision[]> {
    return (await this.#request<{ revisions: SettingsRevision[] }>('GET', `/staff/settings/${encodeURIComponent(section)}/revisions`, { staff: true, ...o })).revisions;
  }

  /** Admins: puts a section back to one of its revisions' values, as a new change (409 when that value breaks today's rules). */
  staffRestoreSettings<S extends SettingsSectionName>(section: S, revisionId: number, o: SettingsChangeOptions = {}): Promise<SettingsSectionOf<S>> {
    const { ifMatch, ...rest } = o;
    return this.#request('POST', `/staff/settings/${encodeURIComponent(section)}/revisions/${encodeURIComponent(String(revisionId))}/restore`, { staff: true, ...ifMatchHeader(ifMatch), ...rest });
  }

  /** Admins: the audit log, newest first; pass `next` back as `before` for the next page. */
  staffAudit(q: AuditQuery = {}, o: RequestOptions = {}): Promise<AuditList> {
    return this.#request('GET', '/staff/audit', { query: q as Query, staff: true, ...o });
  }

  /** Admins: the countries (and regions) whose public holidays can be imported, named in `locale`. */
  staffHolidayCountries(locale: Locale = 'es', o: RequestOptions = {}): Promise<ResponseOf<'staffHolidayCountries'>> {
    return this.#request('GET', '/staff/holidays/countries', { query: { locale }, staff: true, ...o });
  }

  /** Admins: a country's (and region's) public holidays in a year, to add to the business hours' holidays (nothing is saved). */
  staffPublicHolidays(q: { country: string; region?: string; year: number; locale?: Locale }, o: RequestOptions = {}): Promise<ResponseOf<'staffPublicHolidays'>> {
    return this.#request('GET', '/staff/holidays', { query: q as Query, staff: true, ...o });
  }

  // ---- staff: the queue, case changes, live updates ----

  /** Staff: one page of the queue (fast lane first, then by due time); pass the page's `next` as `cursor` for the following one. */
  staffQueue(q: StaffQueueQuery = {}, o: BackgroundRequestOptions = {}): Promise<StaffQueue> {
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
    return this.http.url('/staff/events');
  }

  /**
   * Staff: the live event stream read with fetch (with the staff token, where an EventSource
   * cannot send one): yields each `case` and `presence` event until `signal` aborts or the
   * server ends the stream. It does not reconnect: call it again (passing the last `id` as
   * `lastEventId`) and reload what you show.
   */
  async *staffEvents(o: RequestOptions & { lastEventId?: string } = {}): AsyncGenerator<StaffStreamEvent, void, undefined> {
    if (!this.#staffToken) throw new TypeError('Ayuda: staffEvents() needs a staff token; pass staffToken to the AyudaStaffClient (in a browser, use an EventSource on staffEventsUrl()).');
    const headers: Record<string, string> = { Accept: 'text/event-stream', Authorization: `Bearer ${this.#staffToken}` };
    if (o.lastEventId) headers['Last-Event-ID'] = o.lastEventId;
    let res: Response;
    try {
      res = await this.http.fetch(this.staffEventsUrl(), { headers, ...(o.signal ? { signal: o.signal } : {}) });
    } catch (err) {
      if (o.signal?.aborted) return;
      throw this.http.unreachable(err);
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

  /**
   * Changes the case's status. `ifLastPublicAuthor: 'staff'` changes it only while the latest
   * public message is still the staff's: 412 (an `AyudaApiError`) if the customer wrote meanwhile.
   */
  staffStatus(reference: string, status: BodyOf<'staffStatus'>['status'], o: RequestOptions & { ifLastPublicAuthor?: BodyOf<'staffStatus'>['ifLastPublicAuthor'] } = {}): Promise<StaffCase> {
    const { ifLastPublicAuthor, ...rest } = o;
    return this.#request('POST', `/staff/cases/${encodeURIComponent(reference)}/status`, { body: { status, ...(ifLastPublicAuthor ? { ifLastPublicAuthor } : {}) }, staff: true, ...rest });
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

  /**
   * A goodwill refund of a payment: all of it, or `amount` minor units. It carries an
   * Idempotency-Key (a new one per call unless given): to retry one refund after an error or a
   * timeout, pass the key of the first try, so the customer is refunded once.
   */
  staffFastlaneOrderRefund(orderId: number, input: { amount?: number; reason: string }, o: RequestOptions & { idempotencyKey?: string } = {}): Promise<StaffRefund> {
    return this.#request('POST', `/staff/fastlane/orders/${orderId}/refund`, { body: input, staff: true, idempotencyKey: o.idempotencyKey ?? newIdempotencyKey(), ...(o.signal ? { signal: o.signal } : {}) });
  }

  // ---- appointments (docs/appointments.md) ----

  staffAppointmentTypes(o: RequestOptions = {}): Promise<ResponseOf<'staffAppointmentTypes'>> {
    return this.#request('GET', '/staff/appointment-types', { staff: true, ...o });
  }
  /** Admins: creates or replaces a type. */
  staffSaveAppointmentType(key: string, input: BodyOf<'staffSaveAppointmentType'>, o: RequestOptions = {}): Promise<ResponseOf<'staffSaveAppointmentType'>> {
    return this.#request('PUT', `/staff/appointment-types/${encodeURIComponent(key)}`, { body: input, staff: true, ...o });
  }
  /** Appointments, capacity units (free, booked, held for the fast lane, released) and absences of a period. */
  staffCalendar(q: { from: string; to: string; agent?: number; type?: string }, o: RequestOptions = {}): Promise<ResponseOf<'staffCalendar'>> {
    return this.#request('GET', '/staff/appointments/calendar', { query: q as Query, staff: true, ...o });
  }
  staffAvailability(agentId: number, o: RequestOptions = {}): Promise<ResponseOf<'staffAvailability'>> {
    return this.#request('GET', `/staff/appointment-agents/${agentId}`, { staff: true, ...o });
  }
  staffSaveAvailability(agentId: number, input: BodyOf<'staffSaveAvailability'>, o: RequestOptions = {}): Promise<ResponseOf<'staffSaveAvailability'>> {
    return this.#request('PUT', `/staff/appointment-agents/${agentId}`, { body: input, staff: true, ...o });
  }
  staffAddAbsence(agentId: number, input: BodyOf<'staffAddAbsence'>, o: RequestOptions = {}): Promise<ResponseOf<'staffAddAbsence'>> {
    return this.#request('POST', `/staff/appointment-agents/${agentId}/absences`, { body: input, staff: true, ...o });
  }
  async staffDeleteAbsence(agentId: number, id: number, o: RequestOptions = {}): Promise<void> {
    await this.#request('DELETE', `/staff/appointment-agents/${agentId}/absences/${id}`, { staff: true, ...o });
  }
  staffAppointment(id: string, o: RequestOptions = {}): Promise<ResponseOf<'staffAppointment'>> {
    return this.#request('GET', `/staff/appointments/${encodeURIComponent(id)}`, { staff: true, ...o });
  }
  /** Proposes another time to an appointment's customer; nothing moves until they accept. */
  staffProposeMove(id: string, input: BodyOf<'staffProposeMove'>, o: RequestOptions = {}): Promise<ResponseOf<'staffProposeMove'>> {
    return this.#request('POST', `/staff/appointments/${encodeURIComponent(id)}/proposals`, { body: input, staff: true, ...o });
  }
  staffCancelAppointment(id: string, input: BodyOf<'staffCancelAppointment'>, o: RequestOptions = {}): Promise<ResponseOf<'staffCancelAppointment'>> {
    return this.#request('POST', `/staff/appointments/${encodeURIComponent(id)}/cancel`, { body: input, staff: true, ...o });
  }
  /** The signed-in person's private calendar feed (the URL only when just made). */
  staffCalendarFeed(o: RequestOptions = {}): Promise<ResponseOf<'staffCalendarFeed'>> {
    return this.#request('GET', '/staff/appointments/feed', { staff: true, ...o });
  }
  /** A new private calendar feed URL; the previous one stops working. */
  staffRenewCalendarFeed(o: RequestOptions = {}): Promise<ResponseOf<'staffRenewCalendarFeed'>> {
    return this.#request('POST', '/staff/appointments/feed', { staff: true, ...o });
  }
  async staffRevokeCalendarFeed(o: RequestOptions = {}): Promise<void> {
    await this.#request('DELETE', '/staff/appointments/feed', { staff: true, ...o });
  }

  /** Admins: the URL of the opportunities of a period as CSV, for a download link (the session cookie goes with it). */
  opportunitiesCsvUrl(q: { from?: string; to?: string; locale?: Locale } = {}): string {
    return this.http.url('/staff/opportunities.csv', q);
  }

  // ---- callbacks (issue 16: docs/appointments.md, "Callbacks") ----

  /** The callback queue in one status (waiting by default): the fast lane first, then by due time; `overdue` as of now. */
  staffCallbacks(query: { status?: CallbackStatus } = {}, o: BackgroundRequestOptions = {}): Promise<StaffCallbackList> {
    return this.#request('GET', '/staff/callbacks', { query, staff: true, ...o });
  }

  /** Records a call attempt: `reached` ends the callback, `wrong_number` or the third unanswered attempt fails it (the customer is mailed); 409 once it is no longer waiting. */
  staffCallbackAttempt(id: string, input: CallbackAttemptInput, o: RequestOptions = {}): Promise<StaffCallback> {
    return this.#request('POST', `/staff/callbacks/${encodeURIComponent(id)}/attempts`, { body: input, staff: true, ...o });
  }
}


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
