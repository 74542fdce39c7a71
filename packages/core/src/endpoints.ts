// The endpoint table: every HTTP endpoint with its schemas. The OpenAPI document is built
// from it, and a test checks the server answers each one.
import { z } from 'zod';
import {
  IdSchema,
  AcceptedSchema,
  AnalyticsBatchSchema,
  ArticleListQuerySchema,
  ArticleListSchema,
  ArticleParamsSchema,
  ArticleSchema,
  CategoryListSchema,
  LocaleQuerySchema,
  LocaleSchema,
  SearchAnalyticsQuerySchema,
  SearchAnalyticsSchema,
  SearchQuerySchema,
  SearchResponseSchema,
} from './api.js';
import { PeriodQuerySchema } from './fastlane.js';
import { INT4_MAX } from './input.js';
import { CaseCreateSchema, CaseCreatedSchema, CaseReplySchema, CaseViewSchema, ResendLinkSchema, StaffAssignSchema, StaffCaseSchema, StaffCaseSummarySchema, StaffQueueQuerySchema, StaffReplySchema, StaffStatusSchema } from './cases.js';

// ---- the endpoint table: the OpenAPI document and the client are derived from it ----

export interface Endpoint {
  method: 'get' | 'post';
  path: string;
  summary: string;
  staff?: boolean;
  /** Needs a fast-lane customer session (bearer token or cookie). */
  customer?: boolean;
  /** Requires an Idempotency-Key header. */
  idempotent?: boolean;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType;
  status?: number;
}

const Obj = z.record(z.string(), z.unknown());
const TrackingParams = z.object({ token: z.string() });
const RefParams = z.object({ reference: z.string() });
const IdParams = z.object({ id: IdSchema });
const Decision = z.object({ note: z.string().max(500).optional() });

export const ENDPOINTS = {
  listCategories: { method: 'get', path: '/kb/categories', summary: 'Categories of public articles, with counts', query: LocaleQuerySchema, response: CategoryListSchema },
  listArticles: { method: 'get', path: '/kb/articles', summary: 'Public articles of a locale, optionally of one category', query: ArticleListQuerySchema, response: ArticleListSchema },
  getArticle: { method: 'get', path: '/kb/articles/{locale}/{slug}', summary: 'One public article with its sanitised HTML', params: ArticleParamsSchema, response: ArticleSchema },
  search: { method: 'get', path: '/kb/search', summary: 'Searches public articles', query: SearchQuerySchema, response: SearchResponseSchema },
  getIndex: { method: 'get', path: '/kb/index/{locale}', summary: 'The prebuilt search index of a locale (versioned, ETag, compressed)', params: LocaleQuerySchema, response: z.object({ format: z.literal('ayuda-kb-index'), version: z.number().int(), locale: LocaleSchema, revision: z.string(), synonyms: z.array(z.array(z.string())), index: z.unknown() }) },
  trackEvents: { method: 'post', path: '/analytics/events', summary: 'Records anonymous analytics events', body: AnalyticsBatchSchema, response: AcceptedSchema, status: 202 },
  searchAnalytics: { method: 'get', path: '/analytics/search', summary: 'Top and zero-result queries for a period (staff)', staff: true, query: SearchAnalyticsQuerySchema, response: SearchAnalyticsSchema },
  settings: { method: 'get', path: '/settings', summary: 'Public settings: company, captcha, case limits, fast lane on or off', response: Obj },
  captchaChallenge: { method: 'get', path: '/captcha/challenge', summary: 'An ALTCHA proof-of-work challenge (purpose: cases or fastlane)', query: z.object({ purpose: z.enum(['cases', 'fastlane']).optional() }), response: Obj },
  submitCase: { method: 'post', path: '/cases', summary: 'Submits a case (JSON, or multipart with `attachments` files); requires Idempotency-Key', body: CaseCreateSchema, response: CaseCreatedSchema, status: 201, idempotent: true },
  resendCaseLinks: { method: 'post', path: '/cases/links', summary: 'Mails the links to an address’s cases', body: ResendLinkSchema, response: z.object({ sent: z.boolean() }), status: 202 },
  getCase: { method: 'get', path: '/cases/track/{token}', summary: 'A case through its private tracking token', params: TrackingParams, response: CaseViewSchema },
  replyToCase: { method: 'post', path: '/cases/track/{token}/messages', summary: 'The customer replies (JSON, or multipart with files)', params: TrackingParams, body: CaseReplySchema, response: CaseViewSchema, status: 201 },
  closeCase: { method: 'post', path: '/cases/track/{token}/close', summary: 'The customer closes the case', params: TrackingParams, response: CaseViewSchema },
  staffQueue: { method: 'get', path: '/staff/cases', summary: 'The queue: fast lane first, then by next due time (staff)', staff: true, query: StaffQueueQuerySchema, response: z.object({ total: z.number().int(), cases: z.array(StaffCaseSummarySchema) }) },
  staffCase: { method: 'get', path: '/staff/cases/{reference}', summary: 'A case with its thread, history and payments (staff)', staff: true, params: RefParams, response: StaffCaseSchema },
  staffReply: { method: 'post', path: '/staff/cases/{reference}/messages', summary: 'A reply to the customer, or an internal note (staff)', staff: true, params: RefParams, body: StaffReplySchema, response: StaffCaseSchema, status: 201 },
  staffStatus: { method: 'post', path: '/staff/cases/{reference}/status', summary: 'Changes the status (staff)', staff: true, params: RefParams, body: StaffStatusSchema, response: StaffCaseSchema },
  staffAssign: { method: 'post', path: '/staff/cases/{reference}/assignee', summary: 'Assigns the case (staff)', staff: true, params: RefParams, body: StaffAssignSchema, response: StaffCaseSchema },
  fastlaneLogin: { method: 'post', path: '/fastlane/login', summary: 'Mails a sign-in code after a solved captcha, to `email` or to the email of the request `trackingToken`', body: z.object({ email: z.email().optional(), trackingToken: z.string().optional(), locale: LocaleSchema, captcha: z.string() }), response: Obj, status: 202 },
  fastlaneVerify: { method: 'post', path: '/fastlane/verify', summary: 'Exchanges the mailed code for a session (cookie and bearer token); `email` or `trackingToken` as at login', body: z.object({ email: z.email().optional(), trackingToken: z.string().optional(), code: z.string(), locale: LocaleSchema }), response: Obj },
  fastlaneIdentity: { method: 'post', path: '/fastlane/identity', summary: 'Exchanges a site-signed identity token (JWT, HS256) for a session', body: z.object({ token: z.string(), locale: LocaleSchema }), response: Obj },
  fastlaneOffer: { method: 'get', path: '/fastlane/offer', summary: 'The offer: name, SLA, plans and prices, refund policy (signed-in customers only)', customer: true, query: z.object({ locale: LocaleSchema.optional() }), response: Obj },
  fastlaneStatus: { method: 'get', path: '/fastlane/me', summary: 'The customer’s payments, refunds and subscription', customer: true, response: Obj },
  fastlaneCheckout: { method: 'post', path: '/fastlane/checkout', summary: 'Starts Stripe Checkout for a plan; the server sets the amount; requires Idempotency-Key', customer: true, body: z.object({ plan: z.string(), locale: LocaleSchema, trackingToken: z.string().optional(), returnUrl: z.url().optional() }), response: Obj, status: 201, idempotent: true },
  fastlaneRefund: { method: 'post', path: '/fastlane/orders/{id}/refund', summary: 'Asks for a refund of one request (granted at once when the policy allows)', customer: true, params: IdParams, body: z.object({ reason: z.string() }), response: Obj, status: 201 },
  fastlaneCancel: { method: 'post', path: '/fastlane/subscription/cancel', summary: 'Cancels the subscription at period end or at once', customer: true, body: z.object({ atPeriodEnd: z.boolean() }), response: Obj },
  fastlaneCheckoutState: { method: 'get', path: '/fastlane/orders/{id}/checkout', summary: 'Whether a payment the customer started is pending confirmation, or nothing was charged', customer: true, params: IdParams, response: Obj },
  fastlaneUndoCancel: { method: 'post', path: '/fastlane/subscription/undo-cancel', summary: 'Takes back a cancellation at period end, until the period ends', customer: true, response: Obj },
  fastlaneBillingPortal: { method: 'post', path: '/fastlane/billing-portal', summary: 'Opens the Stripe billing portal', customer: true, body: z.object({ returnUrl: z.url().optional() }), response: Obj },
  stripeWebhook: { method: 'post', path: '/stripe/webhook', summary: 'Stripe’s webhook (signature verified on the raw body)', response: Obj },
  staffFastlaneSummary: { method: 'get', path: '/staff/fastlane/summary', summary: 'Fast-lane revenue, refunds and requests for a period (staff)', staff: true, query: PeriodQuerySchema, response: Obj },
  staffFastlaneRefunds: { method: 'get', path: '/staff/fastlane/refunds', summary: 'Refund requests waiting for approval (staff)', staff: true, response: Obj },
  staffFastlaneApprove: { method: 'post', path: '/staff/fastlane/refunds/{id}/approve', summary: 'Approves a refund request (staff)', staff: true, params: IdParams, body: Decision, response: Obj },
  staffFastlaneReject: { method: 'post', path: '/staff/fastlane/refunds/{id}/reject', summary: 'Rejects a refund request (staff)', staff: true, params: IdParams, body: Decision, response: Obj },
  staffFastlaneOrderRefund: { method: 'post', path: '/staff/fastlane/orders/{id}/refund', summary: 'A full or partial refund of a payment (staff)', staff: true, params: IdParams, body: z.object({ amount: z.number().int().min(1).max(INT4_MAX).optional(), reason: z.string() }), response: Obj, status: 201 },
} as const satisfies Record<string, Endpoint>;
