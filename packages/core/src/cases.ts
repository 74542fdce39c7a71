// The support-case part of the API contract: statuses, limits, request and response shapes.
import { z } from 'zod';
import { LocaleSchema } from './api.js';

export const CASE_STATUSES = ['new', 'open', 'pending_customer', 'solved', 'closed'] as const;
export const CaseStatusSchema = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatusSchema>;

export const LaneSchema = z.enum(['standard', 'fast']);
export type CaseLane = z.infer<typeof LaneSchema>;

export { CASE_LIMITS } from './limits.js';
import { CASE_LIMITS } from './limits.js';

const text = (min: number, max: number) => z.string().trim().min(min).max(max);

export const CaseCreateSchema = z.object({
  name: text(1, CASE_LIMITS.nameMax),
  email: z.email().max(CASE_LIMITS.emailMax).transform((e) => e.toLowerCase()),
  subject: text(CASE_LIMITS.subjectMin, CASE_LIMITS.subjectMax),
  description: text(CASE_LIMITS.descriptionMin, CASE_LIMITS.descriptionMax),
  category: z.string().regex(/^[a-z0-9-]{1,64}$/).optional(),
  locale: LocaleSchema,
  /** Honeypot: a field people never see. Anything in it marks a bot. */
  website: z.string().max(500).optional(),
  /** ALTCHA solution (base64 payload), when the captcha is switched on. */
  captcha: z.string().max(10_000).optional(),
});
export type CaseCreate = z.input<typeof CaseCreateSchema>;

export const AttachmentSchema = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  url: z.string(),
});

export const CaseMessageSchema = z.object({
  id: z.number().int(),
  author: z.enum(['customer', 'staff', 'system']),
  authorName: z.string(),
  /** As written: plain text for customers and the system, markdown for staff. */
  body: z.string(),
  /**
   * Staff messages: the markdown rendered and sanitised on the server (safe to insert as HTML;
   * links to portal articles are absolute). Null for customer and system messages: show `body` as text.
   */
  html: z.string().nullable(),
  createdAt: z.string(),
  attachments: z.array(AttachmentSchema),
});
export type CaseMessage = z.infer<typeof CaseMessageSchema>;

export const CaseCreatedSchema = z.object({
  reference: z.string(),
  status: CaseStatusSchema,
  lane: LaneSchema,
  trackingToken: z.string(),
  trackingUrl: z.string(),
  createdAt: z.string(),
  firstResponseDue: z.string().nullable(),
  resolutionDue: z.string().nullable(),
});
export type CaseCreated = z.infer<typeof CaseCreatedSchema>;

export const CaseViewSchema = z.object({
  reference: z.string(),
  subject: z.string(),
  status: CaseStatusSchema,
  lane: LaneSchema,
  locale: LocaleSchema,
  category: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  firstResponseDue: z.string().nullable(),
  resolutionDue: z.string().nullable(),
  firstRespondedAt: z.string().nullable(),
  solvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** Until when a reply reopens a solved case; null when it cannot be reopened. */
  reopenableUntil: z.string().nullable(),
  canReply: z.boolean(),
  messages: z.array(CaseMessageSchema),
  /** The company's IANA time zone, in which the due times are meant and shown. */
  timeZone: z.string(),
});
export type CaseView = z.infer<typeof CaseViewSchema>;

export const CaseReplySchema = z.object({ body: text(1, CASE_LIMITS.replyMax) });
export const TrackingParamsSchema = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'a tracking token') });
export const ResendLinkSchema = z.object({ email: z.email().max(CASE_LIMITS.emailMax).transform((e) => e.toLowerCase()), locale: LocaleSchema });

export const DeflectionSchema = z.object({
  locale: LocaleSchema,
  slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(120),
  query: z.string().trim().max(200).optional(),
});

// ---- staff ----

export const StaffCaseSummarySchema = z.object({
  reference: z.string(),
  subject: z.string(),
  status: CaseStatusSchema,
  lane: LaneSchema,
  locale: LocaleSchema,
  customer: z.object({ name: z.string(), email: z.string() }),
  assignee: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  firstResponseDue: z.string().nullable(),
  resolutionDue: z.string().nullable(),
  firstResponseBreached: z.boolean(),
  resolutionBreached: z.boolean(),
});
export type StaffCaseSummary = z.infer<typeof StaffCaseSummarySchema>;

export const StaffQueueQuerySchema = z.object({
  status: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',') : ['new', 'open', 'pending_customer']))
    .pipe(z.array(CaseStatusSchema).min(1)),
  lane: LaneSchema.optional(),
  assignee: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type StaffQueueQuery = z.input<typeof StaffQueueQuerySchema>;

export const StaffRefundSchema = z.object({
  id: z.number().int(),
  orderId: z.number().int(),
  amount: z.number().int(),
  reason: z.string(),
  /** `customer`, `staff:<id>` or `system` (the SLA guarantee). */
  requestedBy: z.string(),
  status: z.string().describe('pending_approval, succeeded, rejected or failed'),
  stripeRefundId: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type StaffRefund = z.infer<typeof StaffRefundSchema>;

/** A fast-lane payment as staff see it on a case. */
export const CasePaymentSchema = z.object({
  id: z.number().int(),
  plan: z.string(),
  status: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  amountRefunded: z.number().int(),
  paidAt: z.string().nullable(),
  refunds: z.array(StaffRefundSchema),
});
export type CasePayment = z.infer<typeof CasePaymentSchema>;

export const StaffQueueSchema = z.object({ total: z.number().int(), cases: z.array(StaffCaseSummarySchema) });
export type StaffQueue = z.infer<typeof StaffQueueSchema>;

export const LinksSentSchema = z.object({ sent: z.boolean() });

export const StaffCaseSchema = StaffCaseSummarySchema.extend({
  category: z.string().nullable(),
  channel: z.string(),
  firstRespondedAt: z.string().nullable(),
  solvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  messages: z.array(CaseMessageSchema.extend({ internal: z.boolean() })),
  events: z.array(z.object({ type: z.string(), actor: z.string(), data: z.record(z.string(), z.unknown()), createdAt: z.string() })),
  /** Fast-lane payments for this case, with their refunds. */
  payments: z.array(CasePaymentSchema),
});
export type StaffCase = z.infer<typeof StaffCaseSchema>;

export const StaffReplySchema = z.object({ body: text(1, CASE_LIMITS.replyMax), internal: z.boolean().default(false) });
/** A staff reply may change the status in the same request. */
export const StaffReplyWithStatusSchema = StaffReplySchema.extend({ status: CaseStatusSchema.optional() });
export const StaffStatusSchema = z.object({ status: CaseStatusSchema });
export const StaffAssignSchema = z.object({ assignee: z.string().trim().min(1).max(100).nullable() });
export const CaseRefParamsSchema = z.object({ reference: z.string().regex(/^[A-Z]{1,10}-\d{6,}$/, 'a case reference such as NF-000123') });
