// The support-case part of the API contract: statuses, limits, request and response shapes.
import { z } from 'zod';
import { LocaleSchema } from './api.js';
import { INT4_MAX, searchText } from './input.js';

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

/** The statuses of a case still being worked on. */
export const OPEN_STATUSES = ['new', 'open', 'pending_customer'] as const satisfies readonly CaseStatus[];

/**
 * Where a case stands against its next SLA target: `first_response` until the first staff
 * reply, then `resolution`; none once solved or closed. Minutes are counted as the lane counts
 * them (business minutes, or calendar ones for a lane that says so).
 */
export const StaffSlaSchema = z.object({
  target: z.enum(['first_response', 'resolution']).nullable(),
  dueAt: z.string().nullable().describe('When the target is due (ISO); null while paused with time left, and with no target'),
  remainingMinutes: z.number().int().nullable().describe('Counted minutes left, rounded down; negative when breached'),
  totalMinutes: z.number().int().nullable().describe('The whole target, in counted minutes'),
  state: z.enum(['ok', 'at_risk', 'breached', 'paused', 'none']).describe('at_risk: under 25 % of the target left; paused: the case waits for the customer; none: no target'),
});
export type StaffSla = z.infer<typeof StaffSlaSchema>;

export const StaffCaseSummarySchema = z.object({
  reference: z.string(),
  subject: z.string(),
  status: CaseStatusSchema,
  lane: LaneSchema,
  locale: LocaleSchema,
  category: z.string().nullable(),
  customer: z.object({ name: z.string(), email: z.string() }),
  /** The assignee's name (a staff user's, or free text set by a script). */
  assignee: z.string().nullable(),
  /** The assigned staff user, when a person is assigned. */
  assigneeId: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  firstResponseDue: z.string().nullable(),
  resolutionDue: z.string().nullable(),
  firstResponseBreached: z.boolean(),
  resolutionBreached: z.boolean(),
  sla: StaffSlaSchema,
  lastPublicAuthor: z
    .enum(['customer', 'staff'])
    .nullable()
    .describe('Who wrote the latest public message (internal notes aside): `customer` while they wait for an answer, `staff` once answered; null with none'),
});
export type StaffCaseSummary = z.infer<typeof StaffCaseSummarySchema>;

/** The queue's views: which statuses (and whose cases) a view lists. */
export const QUEUE_VIEWS = ['mine', 'unassigned', 'all', 'pending', 'solved'] as const;
export const QueueViewSchema = z.enum(QUEUE_VIEWS);
export type QueueView = z.infer<typeof QueueViewSchema>;

/** Search text in the queue: at most this many characters and words. */
export const QUEUE_SEARCH_LIMITS = { chars: 200, words: 10 } as const;

export const StaffQueueQuerySchema = z
  .object({
    view: QueueViewSchema.default('all'),
    /** A comma list; replaces the view's statuses (the view's assignee rule still applies). */
    status: z
      .string()
      .optional()
      .transform((s) => (s === undefined ? undefined : s.split(',')))
      .pipe(z.array(CaseStatusSchema).min(1).max(CASE_STATUSES.length).optional()),
    lane: LaneSchema.optional(),
    category: z.string().regex(/^[a-z0-9-]{1,64}$/, 'a category key (lowercase letters, digits, hyphens)').optional(),
    /** The assignee's name, as set by `{ assignee }`. */
    assignee: z.string().max(100).optional(),
    assigneeId: z.coerce.number().int().min(1).max(INT4_MAX).optional(),
    q: z
      .string()
      .max(QUEUE_SEARCH_LIMITS.chars)
      .transform((s) => searchText(s))
      .refine((s) => s.split(/\s+/).length <= QUEUE_SEARCH_LIMITS.words, `at most ${QUEUE_SEARCH_LIMITS.words} words`)
      .optional()
      .describe('Words to find in the subject, the messages or the customer’s email (each word somewhere; case and accents ignored)'),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    /** From the previous page's `next`. */
    cursor: z.string().max(500).optional(),
    /** Rows to skip; kept for scripts written before `cursor`. Prefer `cursor`. */
    offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
  })
  .refine((q) => q.cursor === undefined || q.offset === undefined, { path: ['cursor'], message: 'give cursor or offset, not both' });
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

export const StaffQueueSchema = z.object({
  /** Cases matching the view and filters, on every page. */
  total: z.number().int(),
  /** The cursor of the next page; null on the last. */
  next: z.string().nullable(),
  cases: z.array(StaffCaseSummarySchema),
});
export type StaffQueue = z.infer<typeof StaffQueueSchema>;

export const LinksSentSchema = z.object({ sent: z.boolean() });

/** A fast-lane payment of the customer, on any of their cases or for a subscription. */
export const StaffCustomerOrderSchema = CasePaymentSchema.extend({
  kind: z.string().describe('incident, subscription (its first payment) or renewal (a later payment of the subscription)'),
  createdAt: z.string(),
  /** The case it paid for (per incident); null for a subscription. */
  caseReference: z.string().nullable(),
});

/** The customer beside a case: who they are, their other cases and their fast-lane money. */
export const StaffCustomerSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  email: z.string(),
  locale: LocaleSchema,
  /** Their other cases, newest first, up to 20. */
  cases: z.array(z.object({ reference: z.string(), subject: z.string(), status: CaseStatusSchema, lane: LaneSchema, createdAt: z.string() })),
  fastlane: z.object({
    orders: z.array(StaffCustomerOrderSchema),
    subscription: z
      .object({
        plan: z.string(),
        /** The plan's name in each language, as the fast lane's settings have it now; null for a plan they no longer list. */
        planName: z.object({ es: z.string(), en: z.string() }).nullable(),
        status: z.string(),
        currentPeriodEnd: z.string().nullable(),
        cancelAtPeriodEnd: z.boolean(),
      })
      .nullable(),
    /** Every refund of their payments, newest first (those waiting for approval among them). */
    refunds: z.array(StaffRefundSchema),
  }),
});
export type StaffCustomer = z.infer<typeof StaffCustomerSchema>;

export const StaffCaseSchema = StaffCaseSummarySchema.extend({
  channel: z.string(),
  firstRespondedAt: z.string().nullable(),
  solvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  messages: z.array(CaseMessageSchema.extend({ internal: z.boolean() })),
  events: z.array(z.object({ type: z.string(), actor: z.string(), data: z.record(z.string(), z.unknown()), createdAt: z.string() })),
  /** Fast-lane payments for this case, with their refunds. */
  payments: z.array(CasePaymentSchema),
  customer: StaffCustomerSchema,
  /** The company's IANA time zone, in which the due times are meant (the console shows the exact deadline in it). */
  timeZone: z.string(),
});
export type StaffCase = z.infer<typeof StaffCaseSchema>;

export const StaffReplySchema = z.object({ body: text(1, CASE_LIMITS.replyMax), internal: z.boolean().default(false) });
/** A staff reply may change the status in the same request. */
export const StaffReplyWithStatusSchema = StaffReplySchema.extend({ status: CaseStatusSchema.optional() });
export const StaffStatusSchema = z.object({
  status: CaseStatusSchema,
  /**
   * A precondition: change the status only if the case's latest public message (internal notes
   * aside) is still by this author; otherwise 412 `precondition-failed` and nothing changes. The
   * console sends `staff` when it solves without asking, believing the customer answered, so a
   * customer message that arrives meanwhile is not closed over with a "solved" email.
   */
  ifLastPublicAuthor: z.enum(['customer', 'staff']).optional(),
});
/** Assigns a staff user (`assigneeId`, the console) or a free-text name (`assignee`, scripts); null unassigns. */
export const StaffAssignSchema = z
  .object({
    assigneeId: z.number().int().min(1).max(INT4_MAX).nullable().optional(),
    assignee: z.string().trim().min(1).max(100).nullable().optional(),
  })
  .refine((b) => (b.assigneeId === undefined) !== (b.assignee === undefined), { path: ['assigneeId'], message: 'give assigneeId (a staff user, or null) or assignee (a name, or null), one of them' });
export const StaffLaneSchema = z.object({ lane: LaneSchema, reason: text(1, 500) });
export const StaffCategorySchema = z.object({ category: z.string().regex(/^[a-z0-9-]{1,64}$/, 'a category key (lowercase letters, digits, hyphens)').nullable() });
export const CaseRefParamsSchema = z.object({ reference: z.string().regex(/^[A-Z]{1,10}-\d{6,}$/, 'a case reference such as NF-000123') });
