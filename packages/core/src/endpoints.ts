// The endpoint table: every HTTP endpoint of /api/v1 with the schemas of its request and of
// each answer. The routes parse and answer with these schemas, the OpenAPI document is built
// from the table, @ayuda/client's types are inferred from it, and a test checks the server
// answers each one.
import { z } from 'zod';
import {
  AcceptedSchema,
  AnalyticsBatchSchema,
  ArticleListQuerySchema,
  ArticleListSchema,
  ArticleParamsSchema,
  ArticleSchema,
  CaptchaChallengeSchema,
  CaptchaQuerySchema,
  CategoryListSchema,
  LocaleQuerySchema,
  PublicSettingsSchema,
  SearchAnalyticsQuerySchema,
  SearchAnalyticsSchema,
  SearchIndexSchema,
  SearchIndexMetaSchema,
  SearchQuerySchema,
  SearchResponseSchema,
  PopularArticlesSchema,
  PopularQuerySchema,
} from './api.js';
import {
  CheckoutStateSchema,
  UndoCancelSchema,
  FastlaneCancelledSchema,
  FastlaneCancelSchema,
  FastlaneCheckoutSchema,
  FastlaneCheckoutSessionSchema,
  FastlaneCodeSentSchema,
  FastlaneIdentitySchema,
  FastlaneLoginSchema,
  FastlaneOfferQuerySchema,
  FastlaneOfferSchema,
  FastlanePortalSchema,
  FastlaneRefundRequestSchema,
  FastlaneRefundSchema,
  FastlaneSessionSchema,
  FastlaneStatusSchema,
  FastlaneSummarySchema,
  FastlaneVerifySchema,
  OrderParamsSchema,
  PeriodQuerySchema,
  RefundDecisionSchema,
  StaffOrderRefundSchema,
  StaffRefundListSchema,
  UrlSchema,
  WebhookReceivedSchema,
} from './fastlane.js';
import {
  CaseCreateSchema,
  CaseCreatedSchema,
  CaseRefParamsSchema,
  CaseReplySchema,
  CaseViewSchema,
  LinksSentSchema,
  ResendLinkSchema,
  StaffAssignSchema,
  StaffCaseSchema,
  StaffCategorySchema,
  StaffLaneSchema,
  StaffQueueQuerySchema,
  StaffQueueSchema,
  StaffRefundSchema,
  StaffReplyWithStatusSchema,
  StaffStatusSchema,
  TrackingParamsSchema,
} from './cases.js';
import {
  CaseTimeSchema,
  OpportunityCreateSchema,
  OpportunityCsvQuerySchema,
  OpportunityListSchema,
  OpportunityQuerySchema,
  OpportunitySchema,
  PreviewHtmlSchema,
  PreviewSchema,
  TimeCreateSchema,
  TimeEntrySchema,
  TimeParamsSchema,
  TimeSummaryQuerySchema,
  TimeSummarySchema,
  TimeUpdateSchema,
  TIME_LIMITS,
} from './time.js';
import {
  AuditListSchema,
  AuditQuerySchema,
  StaffLinkRequestSchema,
  StaffLinkSentSchema,
  StaffLinkVerifySchema,
  StaffPasswordSchema,
  StaffSessionSchema,
  StaffSignInSchema,
  StaffUserCreateSchema,
  StaffUserCreatedSchema,
  StaffUserListSchema,
  StaffUserParamsSchema,
  StaffUserPatchSchema,
  StaffUserSchema,
  StaffPasswordLinkSentSchema,
  StaffTokenCreateSchema,
  StaffTokenCreatedSchema,
  StaffTokenListSchema,
  StaffTokenParamsSchema,
} from './staff.js';
import { PresenceSchema, STAFF_EVENTS } from './live.js';
import { PulseAnswerSchema, PulseStateSchema, PulseSummaryQuerySchema, PulseSummarySchema } from './pulse.js';
import { CaseSurveySchema, StaffSurveyAnswerListSchema, StaffSurveyQuerySchema, SurveyAnswerSchema } from './surveys.js';
import { AnalyticsSummaryQuerySchema, AnalyticsSummarySchema, FastlaneAccountQuerySchema, FastlaneAccountSchema, LaneImpactQuerySchema, LaneImpactSchema } from './analytics.js';
import { AnalyticsSeriesQuerySchema, AnalyticsSeriesSchema } from './analytics-series.js';
import { ResponseTimesQuerySchema, ResponseTimesSchema } from './response-times.js';
import { AccountDeletedSchema, AccountDeletionSchema, AccountSchema, DataRequestListSchema, DataRequestsQuerySchema } from './account.js';
import { AnnouncementCreateSchema, AnnouncementListSchema, AnnouncementParamsSchema, AnnouncementsQuerySchema, StaffAnnouncementListSchema, StaffAnnouncementSchema } from './announcements.js';
import {
  KbArticleParamsSchema,
  KbArticlePreviewHtmlSchema,
  KbArticlePreviewSchema,
  KbArticleRowsSchema,
  KbArticlesQuerySchema,
  KbCategoryCreateSchema,
  KbCategoryOrderSchema,
  KbCategoryParamsSchema,
  KbCategoryPatchSchema,
  KbDraftInputSchema,
  KbEditorArticleSchema,
  KbHealthQuerySchema,
  KbHealthSchema,
  KbPublishQuerySchema,
  KbRevisionListSchema,
  KbRevisionParamsSchema,
  KbRevisionSchema,
  KbStaffCategoryListSchema,
  KbStaffSearchQuerySchema,
  KbStaffSearchSchema,
  KbSynonymsAnswerSchema,
  KbSynonymsSchema,
  KbTaxonomyParamsSchema,
  KbTaxonomyRevisionListSchema,
  KbTaxonomyRevisionParamsSchema,
  KbTaxonomyRevisionSchema,
} from './kb.js';
import {
  AbsenceInputSchema,
  AbsenceParamsSchema,
  AbsenceSchema,
  AgentAvailabilityInputSchema,
  AgentAvailabilitySchema,
  AgentParamsSchema,
  AppointmentCreateSchema,
  AppointmentRescheduleSchema,
  AppointmentSchema,
  AppointmentTokenParamsSchema,
  AppointmentTypeInputSchema,
  AppointmentTypeListSchema,
  AppointmentTypeParamsSchema,
  CalendarFeedSchema,
  CallbackAttemptInputSchema,
  CallbackCreateSchema,
  CallbackParamsSchema,
  CallbackSchema,
  MoveAnswerSchema,
  MoveProposalSchema,
  SlotListSchema,
  SlotsQuerySchema,
  StaffAppointmentParamsSchema,
  StaffAppointmentSchema,
  StaffAppointmentTypeListSchema,
  StaffAppointmentTypeSchema,
  StaffCalendarQuerySchema,
  StaffCalendarSchema,
  StaffCallbackListSchema,
  StaffCallbackQuerySchema,
  StaffCallbackSchema,
  StaffCancelSchema,
  StaffMoveProposalCreatedSchema,
  StaffMoveProposalSchema,
} from './appointments.js';
import { HolidayCountriesQuerySchema, HolidayCountriesSchema, PublicHolidaysQuerySchema, PublicHolidaysSchema, SettingsListSchema, SettingsRevisionListSchema, SettingsRevisionParamsSchema, SettingsSectionParamsSchema, SettingsSectionSchema, SettingsValueInputSchema } from './settings.js';

/**
 * Who may call an endpoint: `public` (anyone), `staff` (a staff user's session cookie or a
 * staff API token), `admin` (the same, with the admin role: an admin's session or an admin token),
 * `staff-session` (the session cookie alone: it is about that session), `optional-staff-session`
 * (anyone; the session cookie changes what it does), `customer` (a fast-lane customer session,
 * bearer token or cookie), `optional-customer` (anyone; a customer session shows more),
 * `stripe` (anyone, but only a body signed by Stripe is applied). Requests authenticated by the
 * staff session cookie that change something also carry its `X-CSRF-Token`.
 */
export type EndpointAuth = 'public' | 'staff' | 'admin' | 'staff-session' | 'optional-staff-session' | 'customer' | 'optional-customer' | 'stripe';

/**
 * What an endpoint answers with a given status: a JSON body of a schema, a file (of `type`,
 * by default `application/octet-stream`), a stream of server-sent events (`text/event-stream`;
 * each event's data is JSON of the schema named by its event name), or nothing.
 */
export type EndpointResponse = z.ZodType | { file: true; description: string; type?: string } | { eventStream: Record<string, z.ZodType>; description: string } | null;

export interface Endpoint {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  auth: EndpointAuth;
  /** Takes an optional `If-Match` header with the version the change was made from (412 when it is no longer current). */
  ifMatch?: boolean;
  /** Requires an Idempotency-Key header (`optional`: takes one, and a create without it is not protected against retries). */
  idempotent?: boolean | 'optional';
  /** Also accepts `multipart/form-data` with `attachments` files. */
  multipart?: boolean;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Every successful answer by status. */
  responses: Partial<Record<200 | 201 | 202 | 204 | 304, EndpointResponse>>;
  /** Problems particular to this endpoint, by status, besides those every endpoint of its kind may answer. */
  problems?: Partial<Record<401 | 403 | 409 | 412 | 422 | 423, string>>;
}

const AttachmentParams = (p: z.ZodObject) => p.extend({ id: z.string().max(100) });
const FILE = { file: true, description: 'The file, as uploaded (Content-Disposition: attachment)' } as const;
const ZIP = { file: true, type: 'application/zip', description: 'A ZIP: `ayuda-export.json` (format `ayuda-account-export`, version 1) and `attachments/<reference>/<file>` (Content-Disposition: attachment)' } as const;
const CSV = { file: true, type: 'text/csv', description: 'CSV (RFC 4180, UTF-8 with a byte order mark, header row; cells that a spreadsheet would read as a formula start with an apostrophe)' } as const;
const ICS = { file: true, type: 'text/calendar', description: 'iCalendar (RFC 5545), UTF-8' } as const;
const STAFF_EVENT_STREAM = {
  eventStream: STAFF_EVENTS,
  description:
    'Server-sent events, one JSON object per event: `event: case` ({ reference, change, by, at }) when a case changes, `event: presence` ({ reference, user, by, state, at }) when a staff member views, types in or leaves a case. A comment line every 20 s keeps the connection open; `Last-Event-ID` replays what this server still holds (best effort).',
} as const;

export const ENDPOINTS = {
  listCategories: { method: 'get', path: '/kb/categories', summary: 'Categories of public articles, with counts', auth: 'public', query: LocaleQuerySchema, responses: { 200: CategoryListSchema } },
  listArticles: { method: 'get', path: '/kb/articles', summary: 'Public articles of a locale, optionally of one category', auth: 'public', query: ArticleListQuerySchema, responses: { 200: ArticleListSchema } },
  getArticle: { method: 'get', path: '/kb/articles/{locale}/{slug}', summary: 'One article with its sanitised HTML (`customers` articles too, with a customer session)', auth: 'optional-customer', params: ArticleParamsSchema, responses: { 200: ArticleSchema } },
  search: { method: 'get', path: '/kb/search', summary: 'Searches public articles', auth: 'public', query: SearchQuerySchema, responses: { 200: SearchResponseSchema } },
  popularArticles: { method: 'get', path: '/kb/popular', summary: 'The most-read public articles of a language in the last 30 days (views by the hour), of one topic (a category key) when given, topped up with the most recently updated; revalidated at every use (ETag, 304)', auth: 'public', query: PopularQuerySchema, responses: { 200: PopularArticlesSchema, 304: null } },
  getIndex: { method: 'get', path: '/kb/index/{locale}', summary: 'The prebuilt search index of a locale (versioned, ETag, compressed)', auth: 'public', params: LocaleQuerySchema, responses: { 200: SearchIndexSchema, 304: null } },
  getIndexMeta: { method: 'get', path: '/kb/index/{locale}/meta', summary: 'Where to search a locale: the index’s size and article count, and whether a widget should download it (`local`) or ask `GET /kb/search` as the customer types (`server`, an index over the server’s size threshold); revalidated at every use (ETag, 304)', auth: 'public', params: LocaleQuerySchema, responses: { 200: SearchIndexMetaSchema, 304: null } },
  trackEvents: { method: 'post', path: '/analytics/events', summary: 'Records anonymous analytics events', auth: 'public', body: AnalyticsBatchSchema, responses: { 202: AcceptedSchema } },
  searchAnalytics: { method: 'get', path: '/analytics/search', summary: 'Top and zero-result queries for a period (staff)', auth: 'staff', query: SearchAnalyticsQuerySchema, responses: { 200: SearchAnalyticsSchema } },
  announcements: { method: 'get', path: '/announcements', summary: 'The active announcements of a locale (started, not ended, not withdrawn), most severe first, then newest; revalidated at every use (ETag, 304)', auth: 'public', query: AnnouncementsQuerySchema, responses: { 200: AnnouncementListSchema, 304: null } },
  responseTimes: { method: 'get', path: '/support/response-times', summary: 'The team’s usual first-response time per lane: the median wall-clock wait from a case’s creation (the fast lane: from its move there) to the first staff reply, over the answered cases created in the last 30 days; null for a lane with fewer than 5 such cases. Computed at most every 5 minutes, cacheable 300 s', auth: 'public', query: ResponseTimesQuerySchema, responses: { 200: ResponseTimesSchema } },
  settings: { method: 'get', path: '/settings', summary: 'Public settings: company, captcha, case limits, fast lane on or off', auth: 'public', responses: { 200: PublicSettingsSchema } },
  captchaChallenge: { method: 'get', path: '/captcha/challenge', summary: 'An ALTCHA proof-of-work challenge (purpose: cases or fastlane)', auth: 'public', query: CaptchaQuerySchema, responses: { 200: CaptchaChallengeSchema } },
  submitCase: { method: 'post', path: '/cases', summary: 'Submits a case (JSON, or multipart with `attachments` files); requires Idempotency-Key', auth: 'public', multipart: true, body: CaseCreateSchema, responses: { 201: CaseCreatedSchema }, idempotent: true },
  resendCaseLinks: { method: 'post', path: '/cases/links', summary: 'Mails the links to an address’s cases', auth: 'public', body: ResendLinkSchema, responses: { 202: LinksSentSchema } },
  getCase: { method: 'get', path: '/cases/track/{token}', summary: 'A case through its private tracking token', auth: 'public', params: TrackingParamsSchema, responses: { 200: CaseViewSchema } },
  replyToCase: { method: 'post', path: '/cases/track/{token}/messages', summary: 'The customer replies (JSON, or multipart with files)', auth: 'public', multipart: true, params: TrackingParamsSchema, body: CaseReplySchema, responses: { 201: CaseViewSchema } },
  closeCase: { method: 'post', path: '/cases/track/{token}/close', summary: 'The customer closes the case', auth: 'public', params: TrackingParamsSchema, responses: { 200: CaseViewSchema } },
  getCaseAttachment: { method: 'get', path: '/cases/track/{token}/attachments/{id}', summary: 'A file attached to the case, through its tracking token', auth: 'public', params: AttachmentParams(TrackingParamsSchema), responses: { 200: FILE } },
  getCaseSurvey: { method: 'get', path: '/cases/track/{token}/survey', summary: 'The survey of a solved case through its tracking token: each question with its signed answer token and the answer given (empty until the case is solved)', auth: 'public', params: TrackingParamsSchema, responses: { 200: CaseSurveySchema } },
  answerSurvey: { method: 'post', path: '/surveys/answers', summary: 'Answers one survey question (the token names the case and the question), adds a comment to an answer, or both; a question takes one answer and one comment (409 after), and its token expires (410)', auth: 'public', body: SurveyAnswerSchema, responses: { 200: CaseSurveySchema } },
  staffQueue: { method: 'get', path: '/staff/cases', summary: 'The queue: fast lane first, then by next due time; solved or closed cases alone newest first (staff)', auth: 'staff', query: StaffQueueQuerySchema, responses: { 200: StaffQueueSchema } },
  staffCase: { method: 'get', path: '/staff/cases/{reference}', summary: 'A case with its thread, history and payments (staff)', auth: 'staff', params: CaseRefParamsSchema, responses: { 200: StaffCaseSchema } },
  staffCaseAttachment: { method: 'get', path: '/staff/cases/{reference}/attachments/{id}', summary: 'A file attached to the case (staff)', auth: 'staff', params: AttachmentParams(CaseRefParamsSchema), responses: { 200: FILE } },
  staffReply: { method: 'post', path: '/staff/cases/{reference}/messages', summary: 'A reply to the customer (a case nobody has is assigned to the staff user who replies), or an internal note, optionally changing the status (staff)', auth: 'staff', params: CaseRefParamsSchema, body: StaffReplyWithStatusSchema, responses: { 201: StaffCaseSchema } },
  staffStatus: { method: 'post', path: '/staff/cases/{reference}/status', summary: 'Changes the status; with `ifLastPublicAuthor`, only while the latest public message is still that author’s (staff)', auth: 'staff', params: CaseRefParamsSchema, body: StaffStatusSchema, responses: { 200: StaffCaseSchema }, problems: { 412: 'Sent with `ifLastPublicAuthor` and the latest public message is no longer that author’s (the customer wrote meanwhile): nothing changed; ask before solving' } },
  staffAssign: { method: 'post', path: '/staff/cases/{reference}/assignee', summary: 'Assigns the case to a staff user (`assigneeId`) or a name (`assignee`); null unassigns (staff)', auth: 'staff', params: CaseRefParamsSchema, body: StaffAssignSchema, responses: { 200: StaffCaseSchema } },
  staffLane: { method: 'post', path: '/staff/cases/{reference}/lane', summary: 'Moves the case to another lane, with the reason; due times are counted again (staff)', auth: 'staff', params: CaseRefParamsSchema, body: StaffLaneSchema, responses: { 200: StaffCaseSchema } },
  staffCategory: { method: 'post', path: '/staff/cases/{reference}/category', summary: 'Sets the case’s category (a knowledge-base category key, or null) (staff)', auth: 'staff', params: CaseRefParamsSchema, body: StaffCategorySchema, responses: { 200: StaffCaseSchema } },
  staffPresence: { method: 'post', path: '/staff/cases/{reference}/presence', summary: 'Tells the other staff that the caller is viewing, typing in or has left the case; not stored (staff)', auth: 'staff', params: CaseRefParamsSchema, body: PresenceSchema, responses: { 204: null } },
  staffEvents: { method: 'get', path: '/staff/events', summary: 'Live updates: case changes and presence, as server-sent events (staff)', auth: 'staff', responses: { 200: STAFF_EVENT_STREAM } },
  fastlaneLogin: { method: 'post', path: '/fastlane/login', summary: 'Mails a sign-in code after a solved captcha, to `email` or to the email of the request `trackingToken`', auth: 'public', body: FastlaneLoginSchema, responses: { 202: FastlaneCodeSentSchema } },
  fastlaneVerify: { method: 'post', path: '/fastlane/verify', summary: 'Exchanges the mailed code for a session (cookie and bearer token); `email` or `trackingToken` as at login', auth: 'public', body: FastlaneVerifySchema, responses: { 200: FastlaneSessionSchema } },
  fastlaneIdentity: { method: 'post', path: '/fastlane/identity', summary: 'Exchanges a site-signed identity token (JWT, HS256) for a session', auth: 'public', body: FastlaneIdentitySchema, responses: { 200: FastlaneSessionSchema } },
  fastlaneSignOut: { method: 'post', path: '/fastlane/logout', summary: 'Ends the customer session on the server and clears its cookie (no session: nothing to end)', auth: 'optional-customer', responses: { 204: null } },
  fastlaneOffer: { method: 'get', path: '/fastlane/offer', summary: 'The offer: name, SLA, plans and prices, refund policy (signed-in customers only)', auth: 'customer', query: FastlaneOfferQuerySchema, responses: { 200: FastlaneOfferSchema } },
  fastlaneStatus: { method: 'get', path: '/fastlane/me', summary: 'The customer’s payments, refunds and subscription', auth: 'customer', responses: { 200: FastlaneStatusSchema } },
  fastlaneCheckout: { method: 'post', path: '/fastlane/checkout', summary: 'Starts Stripe Checkout for a plan; the server sets the amount; requires Idempotency-Key', auth: 'customer', body: FastlaneCheckoutSchema, responses: { 201: FastlaneCheckoutSessionSchema }, idempotent: true },
  fastlaneRefund: { method: 'post', path: '/fastlane/orders/{id}/refund', summary: 'Asks for a refund of one request: 201 when granted at once (the policy allows it), 202 when it waits for approval', auth: 'customer', params: OrderParamsSchema, body: FastlaneRefundRequestSchema, responses: { 201: FastlaneRefundSchema, 202: FastlaneRefundSchema } },
  fastlaneCancel: { method: 'post', path: '/fastlane/subscription/cancel', summary: 'Cancels the subscription at period end or at once', auth: 'customer', body: FastlaneCancelSchema, responses: { 200: FastlaneCancelledSchema } },
  fastlaneCheckoutState: { method: 'get', path: '/fastlane/orders/{id}/checkout', summary: 'Whether a payment the customer started is pending confirmation, or nothing was charged', auth: 'customer', params: OrderParamsSchema, responses: { 200: CheckoutStateSchema } },
  fastlaneUndoCancel: { method: 'post', path: '/fastlane/subscription/undo-cancel', summary: 'Takes back a cancellation at period end, until the period ends', auth: 'customer', responses: { 200: UndoCancelSchema } },
  fastlaneBillingPortal: { method: 'post', path: '/fastlane/billing-portal', summary: 'Opens the Stripe billing portal', auth: 'customer', body: FastlanePortalSchema, responses: { 200: UrlSchema } },
  account: { method: 'get', path: '/account', summary: 'My requests: the signed-in customer’s cases (open first, then newest, each with its tracking link), payments with refunds and receipt links, and subscription', auth: 'customer', responses: { 200: AccountSchema } },
  accountExport: { method: 'get', path: '/account/export', summary: 'Everything Ayuda holds about the signed-in customer (GDPR article 20): a ZIP of versioned JSON plus the attachments; recorded for the company; at most 5 an hour', auth: 'customer', responses: { 200: ZIP } },
  accountDeletion: { method: 'post', path: '/account/deletion', summary: 'Erases the signed-in customer (GDPR article 17) in one transaction: cases anonymised and open ones closed, attachments, sessions and codes deleted, payment records kept without identity; a confirmation mail is queued and the company keeps a record. `confirmEmail` must be the customer’s address', auth: 'customer', body: AccountDeletionSchema, responses: { 200: AccountDeletedSchema }, problems: { 409: 'A subscription still renews: cancel it first (POST /fastlane/subscription/cancel)' } },
  stripeWebhook: { method: 'post', path: '/stripe/webhook', summary: 'Stripe’s webhook (signature verified on the raw body)', auth: 'stripe', body: z.record(z.string(), z.unknown()).describe('A Stripe event'), responses: { 200: WebhookReceivedSchema } },
  staffFastlaneSummary: { method: 'get', path: '/staff/fastlane/summary', summary: 'Fast-lane revenue, refunds and requests for a period (admins)', auth: 'admin', query: PeriodQuerySchema, responses: { 200: FastlaneSummarySchema } },
  staffFastlaneRefunds: { method: 'get', path: '/staff/fastlane/refunds', summary: 'Refund requests waiting for approval (staff)', auth: 'staff', responses: { 200: StaffRefundListSchema } },
  staffFastlaneApprove: { method: 'post', path: '/staff/fastlane/refunds/{id}/approve', summary: 'Approves a refund request (staff)', auth: 'staff', params: OrderParamsSchema, body: RefundDecisionSchema, responses: { 200: StaffRefundSchema } },
  staffFastlaneReject: { method: 'post', path: '/staff/fastlane/refunds/{id}/reject', summary: 'Rejects a refund request (staff)', auth: 'staff', params: OrderParamsSchema, body: RefundDecisionSchema, responses: { 200: StaffRefundSchema } },
  staffFastlaneOrderRefund: { method: 'post', path: '/staff/fastlane/orders/{id}/refund', summary: 'A full or partial refund of a payment (staff); requires Idempotency-Key: a retry with it answers the first refund instead of refunding twice', auth: 'staff', idempotent: true, params: OrderParamsSchema, body: StaffOrderRefundSchema, responses: { 201: StaffRefundSchema } },
  staffTimerStart: { method: 'post', path: '/staff/cases/{reference}/timer/start', summary: `Starts the caller’s timer on a case, stopping any other running timer of theirs: 201, or 200 when it already runs here or continues the entry they stopped here less than ${TIME_LIMITS.timerResumeSeconds} seconds ago (signed-in staff user)`, auth: 'staff', params: CaseRefParamsSchema, responses: { 200: TimeEntrySchema, 201: TimeEntrySchema } },
  staffTimerStop: { method: 'post', path: '/staff/cases/{reference}/timer/stop', summary: `Stops the caller’s timer on a case: 200 with the entry, 204 when none runs here or it ran less than ${TIME_LIMITS.timerMinSeconds} seconds and left no entry (signed-in staff user)`, auth: 'staff', params: CaseRefParamsSchema, responses: { 200: TimeEntrySchema, 204: null } },
  staffTimerHeartbeat: { method: 'post', path: '/staff/cases/{reference}/timer/heartbeat', summary: 'Keeps the caller’s timer on a case running; 409 when none runs here any more (signed-in staff user)', auth: 'staff', params: CaseRefParamsSchema, responses: { 204: null }, problems: { 409: 'No timer of the caller runs on this case any more: start it again' } },
  staffCaseTime: { method: 'get', path: '/staff/cases/{reference}/time', summary: 'Time entries of a case, newest first, with their total (staff)', auth: 'staff', params: CaseRefParamsSchema, responses: { 200: CaseTimeSchema } },
  staffTimeCreate: { method: 'post', path: '/staff/cases/{reference}/time', summary: 'Records time spent on a case by hand (signed-in staff user); takes an Idempotency-Key', auth: 'staff', idempotent: 'optional', params: CaseRefParamsSchema, body: TimeCreateSchema, responses: { 201: TimeEntrySchema } },
  staffTimeUpdate: { method: 'patch', path: '/staff/time/{id}', summary: 'Changes a time entry: one’s own, or anyone’s for admins (staff)', auth: 'staff', params: TimeParamsSchema, body: TimeUpdateSchema, responses: { 200: TimeEntrySchema } },
  staffTimeDelete: { method: 'delete', path: '/staff/time/{id}', summary: 'Deletes a time entry: one’s own, or anyone’s for admins (staff)', auth: 'staff', params: TimeParamsSchema, responses: { 204: null } },
  staffTimeSummary: { method: 'get', path: '/staff/time/summary', summary: 'Time and its cost per person and per lane for a period (admins)', auth: 'admin', query: TimeSummaryQuerySchema, responses: { 200: TimeSummarySchema } },
  staffOpportunityCreate: { method: 'post', path: '/staff/cases/{reference}/opportunities', summary: 'Records a sales opportunity seen in a case (signed-in staff user); takes an Idempotency-Key', auth: 'staff', idempotent: 'optional', params: CaseRefParamsSchema, body: OpportunityCreateSchema, responses: { 201: OpportunitySchema } },
  staffOpportunities: { method: 'get', path: '/staff/opportunities', summary: 'Opportunities recorded in a period, newest first (admins)', auth: 'admin', query: OpportunityQuerySchema, responses: { 200: OpportunityListSchema } },
  staffOpportunitiesCsv: { method: 'get', path: '/staff/opportunities.csv', summary: 'Opportunities recorded in a period as CSV, for a spreadsheet (admins)', auth: 'admin', query: OpportunityCsvQuerySchema, responses: { 200: CSV } },
  staffPreview: { method: 'post', path: '/staff/preview', summary: 'Renders a reply’s markdown as the customer will see it, through the portal’s sanitiser (staff)', auth: 'staff', body: PreviewSchema, responses: { 200: PreviewHtmlSchema } },
  staffSignIn: { method: 'post', path: '/staff/session', summary: 'Signs a staff user in with email and password: the session (its CSRF token) and an HttpOnly session cookie', auth: 'public', body: StaffSignInSchema, responses: { 200: StaffSessionSchema }, problems: { 401: 'Wrong email or password (the same answer for both)', 403: 'The account is disabled', 423: 'Too many wrong passwords in a row: password sign-in waits `Retry-After` seconds (problem `account-locked`)' } },
  staffSession: { method: 'get', path: '/staff/session', summary: 'The session of the cookie, with its CSRF token (how the console learns it after a reload)', auth: 'staff-session', responses: { 200: StaffSessionSchema } },
  staffSignOut: { method: 'delete', path: '/staff/session', summary: 'Ends this session and clears its cookie (no session: nothing to end)', auth: 'staff-session', responses: { 204: null } },
  staffSignOutEverywhere: { method: 'post', path: '/staff/session/revoke-all', summary: 'Ends every session of the signed-in staff user, on every device', auth: 'staff-session', responses: { 204: null } },
  staffRequestLink: { method: 'post', path: '/staff/session/link', summary: 'Mails a one-time sign-in link (15 minutes) to a staff account; answers alike whether or not the address has one', auth: 'public', body: StaffLinkRequestSchema, responses: { 202: StaffLinkSentSchema } },
  staffVerifyLink: { method: 'post', path: '/staff/session/link/verify', summary: 'Exchanges a mailed sign-in link’s token for a session and its cookie', auth: 'public', body: StaffLinkVerifySchema, responses: { 200: StaffSessionSchema }, problems: { 401: 'The link is unknown, used or expired', 403: 'The account is disabled' } },
  staffSetPassword: { method: 'post', path: '/staff/password', summary: 'Sets a password with a set-password link’s token, or changes it when signed in; answers a new session and ends every other', auth: 'optional-staff-session', body: StaffPasswordSchema, responses: { 200: StaffSessionSchema }, problems: { 401: 'The link is unknown, used or expired; no session; or the current password is wrong', 403: 'The account is disabled, or the session needs the current password' } },
  staffUsers: { method: 'get', path: '/staff/users', summary: 'Every staff account (hourly costs only for admins)', auth: 'staff', responses: { 200: StaffUserListSchema } },
  staffCreateUser: { method: 'post', path: '/staff/users', summary: 'Creates a staff account and mails its one-time set-password link (admins)', auth: 'admin', body: StaffUserCreateSchema, responses: { 201: StaffUserCreatedSchema }, problems: { 409: 'An account with this email exists' } },
  staffUpdateUser: { method: 'patch', path: '/staff/users/{id}', summary: 'Changes a staff account’s name, role, hourly cost, or disables it (admins); disabling ends its sessions', auth: 'admin', params: StaffUserParamsSchema, body: StaffUserPatchSchema, responses: { 200: StaffUserSchema }, problems: { 409: 'It would leave no active admin' } },
  staffUserPasswordLink: { method: 'post', path: '/staff/users/{id}/password-link', summary: 'Mails the person a one-time link to set a new password (7 days); the link is not answered (admins)', auth: 'admin', params: StaffUserParamsSchema, responses: { 202: StaffPasswordLinkSentSchema }, problems: { 409: 'The account is disabled: enable it first' } },
  staffTokens: { method: 'get', path: '/staff/tokens', summary: 'Every staff API token, newest first, revoked ones too; never the tokens themselves (admins)', auth: 'admin', responses: { 200: StaffTokenListSchema } },
  staffCreateToken: { method: 'post', path: '/staff/tokens', summary: 'Creates a staff API token with a role; the answer is the only time the token is shown (admins)', auth: 'admin', body: StaffTokenCreateSchema, responses: { 201: StaffTokenCreatedSchema } },
  staffRevokeToken: { method: 'delete', path: '/staff/tokens/{id}', summary: 'Revokes a staff API token at once (admins); 404 when there is no such token or it is revoked already', auth: 'admin', params: StaffTokenParamsSchema, responses: { 204: null } },
  staffAudit: { method: 'get', path: '/staff/audit', summary: 'The audit log, newest first: who did what, when, from which IP (admins)', auth: 'admin', query: AuditQuerySchema, responses: { 200: AuditListSchema } },
  staffKbArticles: { method: 'get', path: '/staff/kb/articles', summary: 'Every article of the knowledge base with its state (published, draft, changed, unpublished), drafts and internal ones included (staff)', auth: 'staff', query: KbArticlesQuerySchema, responses: { 200: KbArticleRowsSchema } },
  staffKbArticle: { method: 'get', path: '/staff/kb/articles/{locale}/{slug}', summary: 'One article as the editor sees it: its published version and its draft (staff)', auth: 'staff', params: KbArticleParamsSchema, responses: { 200: KbEditorArticleSchema } },
  staffKbSaveDraft: { method: 'put', path: '/staff/kb/articles/{locale}/{slug}', summary: 'Saves the article’s draft (a new article, or a change to a published one): its front-matter fields and markdown `body`; customers never see it. With `If-None-Match: *` only a new article is saved (admins)', auth: 'admin', params: KbArticleParamsSchema, body: KbDraftInputSchema, responses: { 200: KbEditorArticleSchema }, problems: { 412: 'Sent with `If-None-Match: *` and an article has (or had) that address, or with an `expectedDraftAt` that is no longer the draft (someone else changed, published or discarded it): reload' } },
  staffKbDiscardDraft: { method: 'delete', path: '/staff/kb/articles/{locale}/{slug}/draft', summary: 'Discards the article’s draft; the published version stays (admins)', auth: 'admin', params: KbArticleParamsSchema, responses: { 204: null } },
  staffKbPublish: { method: 'post', path: '/staff/kb/articles/{locale}/{slug}/publish', summary: 'Publishes the draft: rendered and sanitised as an import would, recorded as a revision, live on every server process within a second (admins)', auth: 'admin', params: KbArticleParamsSchema, query: KbPublishQuerySchema, responses: { 200: KbEditorArticleSchema }, problems: { 409: 'The article changed since the draft was started (problem `conflict`): look at the revisions, then publish with `force=true`' } },
  staffKbUnpublish: { method: 'post', path: '/staff/kb/articles/{locale}/{slug}/unpublish', summary: 'Takes a published article down; recorded as a revision, so it can be restored (admins)', auth: 'admin', params: KbArticleParamsSchema, responses: { 200: KbEditorArticleSchema } },
  staffKbRevisions: { method: 'get', path: '/staff/kb/articles/{locale}/{slug}/revisions', summary: 'The article’s revisions, newest first (staff)', auth: 'staff', params: KbArticleParamsSchema, responses: { 200: KbRevisionListSchema } },
  staffKbRevision: { method: 'get', path: '/staff/kb/articles/{locale}/{slug}/revisions/{id}', summary: 'One revision with its fields and markdown, to compare (staff)', auth: 'staff', params: KbRevisionParamsSchema, responses: { 200: KbRevisionSchema } },
  staffKbRestore: { method: 'post', path: '/staff/kb/articles/{locale}/{slug}/revisions/{id}/restore', summary: 'Restores a revision as a new draft (replacing any draft); publish it to make it live (admins)', auth: 'admin', params: KbRevisionParamsSchema, responses: { 200: KbEditorArticleSchema } },
  staffKbPreview: { method: 'post', path: '/staff/kb/preview', summary: 'Renders an article’s markdown as the portal will show it, through the import’s renderer and sanitiser (staff)', auth: 'staff', body: KbArticlePreviewSchema, responses: { 200: KbArticlePreviewHtmlSchema } },
  staffKbSearch: { method: 'get', path: '/staff/kb/search', summary: 'Searches published articles of every visibility, internal ones included, for answering cases (staff)', auth: 'staff', query: KbStaffSearchQuerySchema, responses: { 200: KbStaffSearchSchema } },
  staffKbCategories: { method: 'get', path: '/staff/kb/categories', summary: 'Every category in order, with both languages’ labels and article counts (staff)', auth: 'staff', responses: { 200: KbStaffCategoryListSchema } },
  staffKbCreateCategory: { method: 'post', path: '/staff/kb/categories', summary: 'Creates a category (admins)', auth: 'admin', body: KbCategoryCreateSchema, responses: { 201: KbStaffCategoryListSchema }, problems: { 409: 'A category with this key exists' } },
  staffKbUpdateCategory: { method: 'patch', path: '/staff/kb/categories/{key}', summary: 'Renames a category: its labels in es, en or both (admins)', auth: 'admin', params: KbCategoryParamsSchema, body: KbCategoryPatchSchema, responses: { 200: KbStaffCategoryListSchema } },
  staffKbOrderCategories: { method: 'put', path: '/staff/kb/category-order', summary: 'Puts the categories in a new order: every key, once (admins)', auth: 'admin', body: KbCategoryOrderSchema, responses: { 200: KbStaffCategoryListSchema } },
  staffKbSynonyms: { method: 'get', path: '/staff/kb/synonyms', summary: 'The search synonyms, per language, as in the folder’s synonyms.yaml (staff)', auth: 'staff', responses: { 200: KbSynonymsAnswerSchema } },
  staffKbTaxonomyRevisions: { method: 'get', path: '/staff/kb/history/{kind}', summary: 'The history of the categories (their order and names) or of the synonyms, newest first: every value an import or the console gave them (staff)', auth: 'staff', params: KbTaxonomyParamsSchema, responses: { 200: KbTaxonomyRevisionListSchema } },
  staffKbRestoreTaxonomy: { method: 'post', path: '/staff/kb/history/{kind}/{id}/restore', summary: 'Puts the categories or the synonyms back to an earlier value, as a new change; a category made since stays, after the restored ones (admins)', auth: 'admin', params: KbTaxonomyRevisionParamsSchema, responses: { 200: KbTaxonomyRevisionSchema } },
  staffKbReplaceSynonyms: { method: 'put', path: '/staff/kb/synonyms', summary: 'Replaces the search synonyms (admins)', auth: 'admin', body: KbSynonymsSchema, responses: { 200: KbSynonymsAnswerSchema } },
  staffKbHealth: { method: 'get', path: '/staff/kb/health', summary: 'Content health: searches that found nothing and articles with most “no” votes (in the last `days`), articles not updated for a year, articles missing a translation; each list at most `limit` long (staff)', auth: 'staff', query: KbHealthQuerySchema, responses: { 200: KbHealthSchema } },
  staffSettings: { method: 'get', path: '/staff/settings', summary: 'Every settings section: the value in effect, where it comes from, the start value and the version (admins)', auth: 'admin', responses: { 200: SettingsListSchema } },
  staffSettingsSection: { method: 'get', path: '/staff/settings/{section}', summary: 'One settings section: the value in effect, where it comes from, the start value and the version (admins)', auth: 'admin', params: SettingsSectionParamsSchema, responses: { 200: SettingsSectionSchema } },
  staffSettingsUpdate: { method: 'put', path: '/staff/settings/{section}', summary: 'Saves a section’s whole value, checked with the schema of its file; every server process applies it within a second (admins)', auth: 'admin', ifMatch: true, params: SettingsSectionParamsSchema, body: SettingsValueInputSchema, responses: { 200: SettingsSectionSchema }, problems: { 412: 'The `If-Match` version is no longer the current one: someone else changed the section; reload it' } },
  staffSettingsReset: { method: 'delete', path: '/staff/settings/{section}', summary: 'Takes a section back to its start value (file, environment or default), recorded in its history (admins)', auth: 'admin', ifMatch: true, params: SettingsSectionParamsSchema, responses: { 200: SettingsSectionSchema }, problems: { 412: 'The `If-Match` version is no longer the current one: someone else changed the section; reload it' } },
  staffSettingsRevisions: { method: 'get', path: '/staff/settings/{section}/revisions', summary: 'A section’s history, newest first: every value saved (null: back to the start value), who and when (admins)', auth: 'admin', params: SettingsSectionParamsSchema, responses: { 200: SettingsRevisionListSchema } },
  staffSettingsRestore: { method: 'post', path: '/staff/settings/{section}/revisions/{id}/restore', summary: 'Puts a section back to the value of one of its revisions, as a new change (admins)', auth: 'admin', ifMatch: true, params: SettingsRevisionParamsSchema, responses: { 200: SettingsSectionSchema }, problems: { 409: 'The revision’s value is not valid under the current rules', 412: 'The `If-Match` version is no longer the current one: someone else changed the section; reload it' } },
  staffSurveyAnswers: { method: 'get', path: '/staff/surveys/answers', summary: 'Survey answers of a period, newest first, with the lane, category and agent of their case when answered (staff)', auth: 'staff', query: StaffSurveyQuerySchema, responses: { 200: StaffSurveyAnswerListSchema } },
  staffAnalyticsSummary: { method: 'get', path: '/staff/analytics/summary', summary: 'Support figures for a period (default: the last 30 days), of one lane or both, optionally of one category or agent, beside the period of equal length before it: volume, first response and resolution (median, p90, business seconds), SLA attainment, first-contact resolution, reopens, CSAT, CES, NPS with answer counts, deflection, and the fast lane’s revenue, refunds, cost and margin; computed in SQL, null where there is no data (admins)', auth: 'admin', query: AnalyticsSummaryQuerySchema, responses: { 200: AnalyticsSummarySchema } },
  staffAnalyticsLaneImpact: { method: 'get', path: '/staff/analytics/lane-impact', summary: 'The standard lane’s first response (median, business seconds), SLA attainment and CSAT in a period (default: the last 30 days) against a baseline (default: the period of equal length before the fast lane’s first use; or baselineFrom/baselineTo), with each difference and its bootstrap 95% interval; 409 when there is no baseline (the fast lane never used and none chosen) (admins)', auth: 'admin', query: LaneImpactQuerySchema, responses: { 200: LaneImpactSchema }, problems: { 409: 'The fast lane has not been used yet: choose a baseline with baselineFrom and baselineTo' } },
  staffAnalyticsFastlane: { method: 'get', path: '/staff/analytics/fastlane', summary: 'The fast lane’s account for a period (default: the last 30 days): revenue (payments, renewals included) and refunds by month in the company’s zone, plan and kind; cost (staff time × each person’s hourly cost, plus the per-case overhead) and margin, by month and by person; succeeded refunds by reason code, automatic ones apart; computed in SQL, in the fast lane’s currency only (admins)', auth: 'admin', query: FastlaneAccountQuerySchema, responses: { 200: FastlaneAccountSchema } },
  staffAnalyticsSeries: { method: 'get', path: '/staff/analytics/series', summary: 'The summary’s figures over time, per calendar day, ISO week (from Monday) or month in the company’s time zone (default from the period’s length: day up to 31 days, week up to 190, month beyond), for one lane (`points`) or both side by side (`lanes`); the first and last bucket clipped to the period; 422 past 400 buckets (admins)', auth: 'admin', query: AnalyticsSeriesQuerySchema, responses: { 200: AnalyticsSeriesSchema }, problems: { 422: 'The period holds more than 400 buckets of the interval asked for: choose a longer interval or a shorter period' } },
  staffPulse: { method: 'get', path: '/staff/pulse', summary: 'This week’s agent pulse for the signed-in staff member: the week (Monday to Sunday in the company’s zone) and whether they answered (signed-in staff user)', auth: 'staff', responses: { 200: PulseStateSchema } },
  staffPulseAnswer: { method: 'post', path: '/staff/pulse', summary: 'Answers this week’s agent pulse, "how was your week with the queue?" (1-5, optional comment), anonymously: the answer is stored apart from who answered; once a week (409 after) (signed-in staff user)', auth: 'staff', body: PulseAnswerSchema, responses: { 201: PulseStateSchema } },
  staffPulseSummary: { method: 'get', path: '/staff/pulse/summary', summary: 'The agent pulse per week, newest first: answers, and from five answers on their mean, spread and comments, beside the week’s workload (admins)', auth: 'admin', query: PulseSummaryQuerySchema, responses: { 200: PulseSummarySchema } },
  staffAnnouncements: { method: 'get', path: '/staff/announcements', summary: 'Every announcement, newest first, ended and withdrawn ones too, with its state (staff)', auth: 'staff', responses: { 200: StaffAnnouncementListSchema } },
  staffCreateAnnouncement: { method: 'post', path: '/staff/announcements', summary: 'Publishes an announcement: shown at the top of the widget and the portal in its locale from `startsAt` (default now) until `endsAt` (at most 30 days ahead), and in the case form for its `category` (staff: agents and admins)', auth: 'staff', body: AnnouncementCreateSchema, responses: { 201: StaffAnnouncementSchema } },
  staffWithdrawAnnouncement: { method: 'post', path: '/staff/announcements/{id}/withdraw', summary: 'Takes an announcement down before it ends; withdrawing one already withdrawn answers it unchanged (staff)', auth: 'staff', params: AnnouncementParamsSchema, responses: { 200: StaffAnnouncementSchema } },
  staffDataRequests: { method: 'get', path: '/staff/data-requests', summary: 'The record of customers’ data exports and deletions (GDPR articles 20 and 17), newest first, by pseudonymous customer id (admin)', auth: 'admin', query: DataRequestsQuerySchema, responses: { 200: DataRequestListSchema } },
  staffHolidayCountries: { method: 'get', path: '/staff/holidays/countries', summary: 'The countries (and their regions) whose public holidays can be imported into the business hours (admins)', auth: 'admin', query: HolidayCountriesQuerySchema, responses: { 200: HolidayCountriesSchema } },
  staffPublicHolidays: { method: 'get', path: '/staff/holidays', summary: 'A country’s (and region’s) public holidays in a year, to import into the business hours’ holidays; nothing is saved. 404: no calendar for that country or region (admins)', auth: 'admin', query: PublicHolidaysQuerySchema, responses: { 200: PublicHolidaysSchema } },
  appointmentTypes: { method: 'get', path: '/appointments/types', summary: 'The appointment types customers can book, in their language, with the company’s time zone', auth: 'public', query: LocaleQuerySchema, responses: { 200: AppointmentTypeListSchema } },
  appointmentSlots: { method: 'get', path: '/appointments/slots', summary: 'Free slots of a type from `from` to `to` (dates in the company’s zone or instants; default the next 14 days; at most 62 days). Fast-lane customers (session with an active subscription or a fast-lane case) see every free slot; others do not see the ones held for the fast lane; staff see all, with `reserved`', auth: 'optional-customer', query: SlotsQuerySchema, responses: { 200: SlotListSchema } },
  bookAppointment: { method: 'post', path: '/appointments', summary: 'Books a slot; the lane comes from the customer’s session, never from the request. 409 with fresh `slots` when the slot was just taken or is not open to the caller; requires Idempotency-Key', auth: 'optional-customer', body: AppointmentCreateSchema, responses: { 201: AppointmentSchema }, idempotent: true, problems: { 409: 'The slot is no longer free (or not open to this lane): the answer’s `slots` are the free ones of that day' } },
  manageAppointment: { method: 'get', path: '/appointments/manage/{token}', summary: 'An appointment through the private link of its mails', auth: 'public', params: AppointmentTokenParamsSchema, responses: { 200: AppointmentSchema } },
  appointmentIcs: { method: 'get', path: '/appointments/manage/{token}/ics', summary: 'An appointment as an iCalendar file', auth: 'public', params: AppointmentTokenParamsSchema, responses: { 200: ICS } },
  cancelAppointment: { method: 'post', path: '/appointments/manage/{token}/cancel', summary: 'The customer cancels; cancelling a cancelled appointment answers it unchanged', auth: 'public', params: AppointmentTokenParamsSchema, responses: { 200: AppointmentSchema } },
  rescheduleAppointment: { method: 'post', path: '/appointments/manage/{token}/reschedule', summary: 'The customer moves the appointment to another free slot of its type in their lane (409 with fresh `slots` when taken)', auth: 'public', params: AppointmentTokenParamsSchema, body: AppointmentRescheduleSchema, responses: { 200: AppointmentSchema }, problems: { 409: 'The slot is no longer free' } },
  moveProposal: { method: 'get', path: '/appointments/proposals/{token}', summary: 'A proposal to move a standard appointment, through the link mailed to its customer: the proposed time and others', auth: 'public', params: AppointmentTokenParamsSchema, responses: { 200: MoveProposalSchema } },
  answerMoveProposal: { method: 'post', path: '/appointments/proposals/{token}', summary: 'The customer accepts one of the offered times (the appointment moves) or refuses (it stays); a proposal takes one answer (409 after, 410 when lapsed)', auth: 'public', params: AppointmentTokenParamsSchema, body: MoveAnswerSchema, responses: { 200: MoveProposalSchema } },
  requestCallback: { method: 'post', path: '/callbacks', summary: 'Asks to be called in a window (phone validated and stored in E.164); queued with the fast lane first for fast-lane customers; requires Idempotency-Key', auth: 'optional-customer', body: CallbackCreateSchema, responses: { 201: CallbackSchema }, idempotent: true },
  staffAppointmentTypes: { method: 'get', path: '/staff/appointment-types', summary: 'Every appointment type with its settings (staff)', auth: 'staff', responses: { 200: StaffAppointmentTypeListSchema } },
  staffSaveAppointmentType: { method: 'put', path: '/staff/appointment-types/{key}', summary: 'Creates or replaces an appointment type (admins)', auth: 'admin', params: AppointmentTypeParamsSchema, body: AppointmentTypeInputSchema, responses: { 200: StaffAppointmentTypeSchema } },
  staffCalendar: { method: 'get', path: '/staff/appointments/calendar', summary: 'Appointments, capacity units (free, booked, held for the fast lane, released) and absences from `from` to `to` (at most 62 days), of one agent or type when given (staff)', auth: 'staff', query: StaffCalendarQuerySchema, responses: { 200: StaffCalendarSchema } },
  staffAvailability: { method: 'get', path: '/staff/appointment-agents/{agentId}', summary: 'An agent’s recurring working time and coming absences (staff)', auth: 'staff', params: AgentParamsSchema, responses: { 200: AgentAvailabilitySchema } },
  staffSaveAvailability: { method: 'put', path: '/staff/appointment-agents/{agentId}', summary: 'Replaces an agent’s recurring working time (the agent themself, or an admin)', auth: 'staff', params: AgentParamsSchema, body: AgentAvailabilityInputSchema, responses: { 200: AgentAvailabilitySchema } },
  staffAddAbsence: { method: 'post', path: '/staff/appointment-agents/{agentId}/absences', summary: 'Records an absence (the agent themself, or an admin); appointments it overlaps are listed, not moved', auth: 'staff', params: AgentParamsSchema, body: AbsenceInputSchema, responses: { 201: AbsenceSchema } },
  staffDeleteAbsence: { method: 'delete', path: '/staff/appointment-agents/{agentId}/absences/{id}', summary: 'Removes an absence (the agent themself, or an admin)', auth: 'staff', params: AbsenceParamsSchema, responses: { 204: null } },
  staffAppointment: { method: 'get', path: '/staff/appointments/{id}', summary: 'One appointment with its moves and any pending proposal (staff)', auth: 'staff', params: StaffAppointmentParamsSchema, responses: { 200: StaffAppointmentSchema } },
  staffProposeMove: { method: 'post', path: '/staff/appointments/{id}/proposals', summary: 'Proposes to move an appointment to another free time (for a fast-lane customer who needs its slot, or any reason): its customer is mailed the time and others; nothing moves until they accept (staff)', auth: 'staff', params: StaffAppointmentParamsSchema, body: StaffMoveProposalSchema, responses: { 201: StaffMoveProposalCreatedSchema }, problems: { 409: 'A proposal is pending, the appointment is cancelled or past, or the time is not free' } },
  staffCancelAppointment: { method: 'post', path: '/staff/appointments/{id}/cancel', summary: 'Cancels an appointment with a reason mailed to its customer (staff)', auth: 'staff', params: StaffAppointmentParamsSchema, body: StaffCancelSchema, responses: { 200: StaffAppointmentSchema } },
  staffCalendarFeed: { method: 'get', path: '/staff/appointments/feed', summary: 'Whether the signed-in staff member has a private calendar feed (its URL is shown only when made)', auth: 'staff-session', responses: { 200: CalendarFeedSchema } },
  staffRenewCalendarFeed: { method: 'post', path: '/staff/appointments/feed', summary: 'Makes a new private calendar feed URL for the signed-in staff member; the previous one stops working (staff)', auth: 'staff-session', responses: { 201: CalendarFeedSchema } },
  staffRevokeCalendarFeed: { method: 'delete', path: '/staff/appointments/feed', summary: 'Revokes the signed-in staff member’s calendar feed (staff)', auth: 'staff-session', responses: { 204: null } },
  calendarFeed: { method: 'get', path: '/appointments/feed/{token}', summary: 'A staff member’s appointments (the last 30 days and all to come) as an iCalendar feed, through the private token of its URL', auth: 'public', params: AppointmentTokenParamsSchema, responses: { 200: ICS } },
  staffCallbacks: { method: 'get', path: '/staff/callbacks', summary: 'The callback queue: the fast lane first, then by due time; waiting ones by default (staff)', auth: 'staff', query: StaffCallbackQuerySchema, responses: { 200: StaffCallbackListSchema } },
  staffCallbackAttempt: { method: 'post', path: '/staff/callbacks/{id}/attempts', summary: 'Records a call attempt and its outcome: `reached` ends it, a wrong number fails it, three unanswered attempts fail it (the customer is mailed) (staff)', auth: 'staff', params: CallbackParamsSchema, body: CallbackAttemptInputSchema, responses: { 201: StaffCallbackSchema }, problems: { 409: 'The callback is no longer waiting' } },
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof ENDPOINTS;
type JsonOf<R> = R extends z.ZodType ? z.output<R> : R extends null ? undefined : R extends { file: true } ? Blob : R extends { eventStream: infer E extends Record<string, z.ZodType> } ? { [K in keyof E]: { event: K; data: z.output<E[K]> } }[keyof E] : never;
/** The body of an endpoint's successful answer, e.g. `ResponseOf<'getCase'>`. */
export type ResponseOf<N extends EndpointName> = { [S in keyof (typeof ENDPOINTS)[N]['responses']]: JsonOf<(typeof ENDPOINTS)[N]['responses'][S]> }[keyof (typeof ENDPOINTS)[N]['responses']];
/** What an endpoint's body takes (before defaults and transforms), e.g. `BodyOf<'submitCase'>`. */
export type BodyOf<N extends EndpointName> = (typeof ENDPOINTS)[N] extends { body: infer B extends z.ZodType } ? z.input<B> : never;
