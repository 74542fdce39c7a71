// The staff console's part of the API contract (issue 12): staff accounts and sessions, the
// queue's pages with their SLA block, a case's customer panel, live events and presence. Shapes
// as in the shared contract (time, opportunities and the preview are in time.ts).
import { z } from 'zod';
import { LocaleSchema } from './api.js';
import { CaseStatusSchema, LaneSchema, StaffCaseSchema, StaffCaseSummarySchema } from './cases.js';
import { INT4_MAX } from './input.js';

// ---- accounts and sessions ----

export const StaffRoleSchema = z.enum(['agent', 'admin']);
export type StaffRole = z.infer<typeof StaffRoleSchema>;

export const StaffUserSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: StaffRoleSchema,
  locale: LocaleSchema,
  /** Minor units per hour; only shown to admins (null otherwise). */
  hourlyCost: z.number().int().nullable(),
});
export type StaffUser = z.infer<typeof StaffUserSchema>;

export const StaffSessionSchema = z.object({
  user: StaffUserSchema,
  /** Sent back as `X-CSRF-Token` on every mutating request authenticated by the cookie. */
  csrfToken: z.string(),
  expiresAt: z.string(),
});
export type StaffSession = z.infer<typeof StaffSessionSchema>;

const StaffEmail = z.email().max(254).transform((e) => e.toLowerCase());
/** Password rules: 10 to 200 characters. */
export const STAFF_PASSWORD = { min: 10, max: 200 } as const;
const Password = z.string().min(STAFF_PASSWORD.min).max(STAFF_PASSWORD.max);

export const StaffSignInSchema = z.object({ email: StaffEmail, password: z.string().min(1).max(STAFF_PASSWORD.max) });
export type StaffSignIn = z.input<typeof StaffSignInSchema>;
export const StaffLinkRequestSchema = z.object({ email: StaffEmail, locale: LocaleSchema.optional() });
export type StaffLinkRequest = z.input<typeof StaffLinkRequestSchema>;
export const StaffLinkSentSchema = z.object({ sent: z.literal(true) });
export const StaffLinkVerifySchema = z.object({ token: z.string().min(10).max(200) });
/** A set-password link's token, or the current password when signed in. */
export const StaffPasswordSchema = z.union([
  z.object({ token: z.string().min(10).max(200), password: Password }),
  z.object({ currentPassword: z.string().min(1).max(STAFF_PASSWORD.max), password: Password }),
]);
export type StaffPasswordChange = z.input<typeof StaffPasswordSchema>;

export const StaffUserListSchema = z.object({ users: z.array(StaffUserSchema) });
export const StaffUserCreateSchema = z.object({ email: StaffEmail, name: z.string().trim().min(1).max(100), role: StaffRoleSchema, locale: LocaleSchema.optional() });
export const StaffUserCreatedSchema = z.object({ user: StaffUserSchema, setPasswordUrl: z.string() });
export const StaffUserPatchSchema = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  role: StaffRoleSchema.optional(),
  hourlyCost: z.number().int().min(0).max(INT4_MAX).nullable().optional(),
  disabled: z.boolean().optional(),
});

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  actor: z.string(),
  actorName: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  createdAt: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export const AuditListSchema = z.object({ entries: z.array(AuditEntrySchema), next: z.string().nullable() });

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
