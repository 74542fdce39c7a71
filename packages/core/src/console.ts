// The queue's and the case view's shapes as the console reads them (issue 12's contract): the
// queue's pages with their SLA block, a case with its customer panel, live events and
// presence. Stand-ins until the queue's own schemas land in cases.ts and live.ts, which then
// replace this file.
import { z } from 'zod';
import { LocaleSchema } from './api.js';
import { CaseStatusSchema, LaneSchema, StaffCaseSchema, StaffCaseSummarySchema } from './cases.js';
import { INT4_MAX } from './input.js';

// ---- the queue ----

export const STAFF_QUEUE_VIEWS = ['mine', 'unassigned', 'all', 'pending', 'solved'] as const;
export const StaffQueueViewSchema = z.enum(STAFF_QUEUE_VIEWS);
export type StaffQueueView = z.infer<typeof StaffQueueViewSchema>;

/** The query of the console's queue (`GET /staff/cases`). */
export interface StaffQueuePageQuery {
  view?: StaffQueueView;
  category?: string;
  lane?: z.infer<typeof LaneSchema>;
  /** A comma list of statuses; overrides the view's. */
  status?: string;
  assigneeId?: number;
  q?: string;
  limit?: number;
  cursor?: string;
}

/** The next SLA target of a case, in business minutes. */
export const CaseSlaSchema = z.object({
  target: z.enum(['first_response', 'resolution']).nullable(),
  dueAt: z.string().nullable(),
  /** Business minutes left; negative when breached. */
  remainingMinutes: z.number().int().nullable(),
  totalMinutes: z.number().int().nullable(),
  /** `at_risk`: under 25 % of the target's business time left. */
  state: z.enum(['ok', 'at_risk', 'breached', 'paused', 'none']),
});
export type CaseSla = z.infer<typeof CaseSlaSchema>;

const QueueFields = { category: z.string().nullable(), assigneeId: z.number().int().nullable(), sla: CaseSlaSchema };
export const StaffQueueCaseSchema = StaffCaseSummarySchema.extend(QueueFields);
export type StaffQueueCase = z.infer<typeof StaffQueueCaseSchema>;
export const StaffQueuePageSchema = z.object({ total: z.number().int(), next: z.string().nullable(), cases: z.array(StaffQueueCaseSchema) });
export type StaffQueuePage = z.infer<typeof StaffQueuePageSchema>;

export const StaffAssignToSchema = z.union([z.object({ assigneeId: z.number().int().min(1).max(INT4_MAX).nullable() }), z.object({ assignee: z.string().trim().min(1).max(100).nullable() })]);
export const StaffLaneSchema = z.object({ lane: LaneSchema, reason: z.string().trim().min(1).max(500) });
export const StaffCategorySchema = z.object({ category: z.string().regex(/^[a-z0-9-]{1,64}$/).nullable() });

/** The customer beside a case: their other cases and their fast-lane account. */
export const CaseCustomerSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  email: z.string(),
  locale: LocaleSchema,
  cases: z.array(z.object({ reference: z.string(), subject: z.string(), status: CaseStatusSchema, lane: LaneSchema, createdAt: z.string() })),
  fastlane: z.object({
    orders: z.array(
      z.object({
        id: z.number().int(),
        plan: z.string(),
        kind: z.string(),
        status: z.string(),
        amount: z.number().int(),
        currency: z.string(),
        amountRefunded: z.number().int(),
        createdAt: z.string(),
        paidAt: z.string().nullable(),
        caseReference: z.string().nullable().optional(),
      }),
    ),
    subscription: z.object({ plan: z.string(), status: z.string(), currentPeriodEnd: z.string().nullable(), cancelAtPeriodEnd: z.boolean() }).nullable(),
    refunds: z.array(
      z.object({
        id: z.number().int(),
        orderId: z.number().int(),
        amount: z.number().int(),
        reason: z.string(),
        requestedBy: z.string(),
        status: z.string().describe('pending_approval, succeeded, rejected or failed'),
        createdAt: z.string(),
        decidedAt: z.string().nullable(),
      }),
    ),
  }),
});
export type CaseCustomer = z.infer<typeof CaseCustomerSchema>;
export const StaffCaseDetailSchema = StaffCaseSchema.extend({ ...QueueFields, customer: CaseCustomerSchema });
export type StaffCaseDetail = z.infer<typeof StaffCaseDetailSchema>;

// ---- live updates and presence ----

export const CASE_CHANGES = ['created', 'customer_replied', 'staff_replied', 'note_added', 'status', 'lane', 'assignee', 'category'] as const;
export const CaseChangeEventSchema = z.object({ reference: z.string(), change: z.enum(CASE_CHANGES), by: z.string(), at: z.string() });
/** `event: case` on `GET /staff/events`. */
export type CaseChangeEvent = z.infer<typeof CaseChangeEventSchema>;
export const PresenceStateSchema = z.enum(['viewing', 'typing', 'left']);
export type PresenceState = z.infer<typeof PresenceStateSchema>;
export const PresenceSchema = z.object({ state: PresenceStateSchema });
export const PresenceEventSchema = z.object({ reference: z.string(), user: z.object({ id: z.number().int(), name: z.string() }), state: PresenceStateSchema, at: z.string() });
/** `event: presence` on `GET /staff/events`. */
export type PresenceEvent = z.infer<typeof PresenceEventSchema>;
