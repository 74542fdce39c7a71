// The staff part of the API contract (issue 12): staff accounts, sign-in and sessions, and
// the audit log. Sessions are HttpOnly cookies; the CSRF token they carry is answered here and
// sent back as `X-CSRF-Token` on every mutating request.
import { z } from 'zod';
import { IdSchema, LocaleSchema } from './api.js';
import { STAFF_EMAIL_PATTERN, STAFF_HOURLY_COST_MAX } from './limits.js';

// ---- accounts and sessions ----

export const StaffRoleSchema = z.enum(['agent', 'admin']);
export type StaffRole = z.infer<typeof StaffRoleSchema>;

/** Every limit on staff accounts and sign-in input. Docs and code read this one object. */
export const STAFF_LIMITS = {
  emailMax: 254,
  nameMax: 100,
  /** A new password: 10 to 200 characters. */
  passwordMin: 10,
  passwordMax: 200,
  /** Mailed and set-password tokens as they travel in links. */
  tokenMax: 200,
  /** The highest hourly cost, in minor units (10,000.00 in EUR): see STAFF_HOURLY_COST_MAX. */
  hourlyCostMax: STAFF_HOURLY_COST_MAX,
} as const;

export const StaffUserSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: StaffRoleSchema,
  locale: LocaleSchema,
  /** What an hour of this person costs, in minor units; shown to admins and to the person, null otherwise. */
  hourlyCost: z.number().int().nullable(),
  /** A disabled account cannot sign in, and its sessions ended when it was disabled. */
  disabled: z.boolean(),
});
export type StaffUser = z.infer<typeof StaffUserSchema>;

export const StaffSessionSchema = z.object({
  user: StaffUserSchema,
  /** Sent back as `X-CSRF-Token` on every mutating request authenticated by the session cookie. */
  csrfToken: z.string(),
  /** When the session ends unless used before: the idle limit or the absolute one, whichever comes first. */
  expiresAt: z.string(),
  /** What the console needs to know of this installation. */
  settings: z.object({
    /** The fast lane's currency (ISO 4217, lower case): hourly costs are in it, and an opportunity that names none. */
    currency: z.string(),
  }),
});
export type StaffSession = z.infer<typeof StaffSessionSchema>;

const StaffEmail = z
  .email({ pattern: STAFF_EMAIL_PATTERN })
  .max(STAFF_LIMITS.emailMax)
  .transform((e) => e.toLowerCase());
/** A person's name on one line: no control characters. */
const StaffName = z
  .string()
  .trim()
  .min(1)
  .max(STAFF_LIMITS.nameMax)
  .refine((s) => !/\p{Cc}/u.test(s), 'must not contain control characters');
const NewPassword = z.string().min(STAFF_LIMITS.passwordMin).max(STAFF_LIMITS.passwordMax);
const MailedToken = z.string().min(10).max(STAFF_LIMITS.tokenMax);

export const StaffSignInSchema = z.object({ email: StaffEmail, password: z.string().min(1).max(STAFF_LIMITS.passwordMax) });
export type StaffSignIn = z.input<typeof StaffSignInSchema>;

export const StaffLinkRequestSchema = z.object({ email: StaffEmail, locale: LocaleSchema.optional() });
export type StaffLinkRequest = z.input<typeof StaffLinkRequestSchema>;
export const StaffLinkSentSchema = z.object({ sent: z.literal(true) });
export const StaffLinkVerifySchema = z.object({ token: MailedToken });

/**
 * A new password with one of: the `token` of a set-password link; the `currentPassword` of the
 * signed-in person; or nothing more, when the session was opened by a mailed sign-in link in
 * the last 15 minutes or the account has no password yet (the "forgot my password" path).
 */
export const StaffPasswordSchema = z
  .object({
    token: MailedToken.optional(),
    currentPassword: z.string().min(1).max(STAFF_LIMITS.passwordMax).optional(),
    password: NewPassword,
  })
  .refine((b) => !(b.token !== undefined && b.currentPassword !== undefined), { message: 'send either token or currentPassword, not both', path: ['currentPassword'] });
export type StaffPasswordChange = z.input<typeof StaffPasswordSchema>;

export const StaffUserListSchema = z.object({ users: z.array(StaffUserSchema) });
export const StaffUserCreateSchema = z.object({ email: StaffEmail, name: StaffName, role: StaffRoleSchema, locale: LocaleSchema.optional() });
export type StaffUserCreate = z.input<typeof StaffUserCreateSchema>;
export const StaffUserCreatedSchema = z.object({
  user: StaffUserSchema,
  /** A one-time link (7 days) at which the person sets a password; also mailed to them. */
  setPasswordUrl: z.string(),
});
export const StaffUserPatchSchema = z
  .object({
    name: StaffName.optional(),
    role: StaffRoleSchema.optional(),
    /** Minor units of the fast lane's currency per hour; null clears it. */
    hourlyCost: z.number().int().min(0).max(STAFF_LIMITS.hourlyCostMax).nullable().optional(),
    disabled: z.boolean().optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'change at least one of name, role, hourlyCost, disabled', path: ['name'] });
export type StaffUserPatch = z.input<typeof StaffUserPatchSchema>;
export const StaffUserParamsSchema = z.object({ id: IdSchema });
/** What `POST /staff/users/{id}/password-link` answers: the set-password link went to the person's mailbox (never to the admin). */
export const StaffPasswordLinkSentSchema = z.object({ sent: z.literal(true) });

// ---- staff API tokens ----

/** A staff API token as listings show it; the token itself is shown once, when created. */
export const StaffTokenSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  /** The token's first characters (`ayuda_st_xxxxxx`), to tell tokens apart. */
  prefix: z.string(),
  /** What a script holding it may do: an `admin` token reaches admins' endpoints, an `agent` token does not. */
  role: StaffRoleSchema,
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type StaffToken = z.infer<typeof StaffTokenSchema>;
export const StaffTokenListSchema = z.object({ tokens: z.array(StaffTokenSchema) });
export type StaffTokenList = z.infer<typeof StaffTokenListSchema>;
export const StaffTokenCreateSchema = z.object({ name: StaffName, role: StaffRoleSchema });
export type StaffTokenCreate = z.input<typeof StaffTokenCreateSchema>;
/** The token as listings show it, and the token itself. */
export const StaffTokenCreatedSchema = StaffTokenSchema.extend({
  /** The token (`ayuda_st_…`), for `Authorization: Bearer`: this answer is the only time it is shown. */
  token: z.string(),
});
export type StaffTokenCreated = z.infer<typeof StaffTokenCreatedSchema>;
export const StaffTokenParamsSchema = z.object({ id: IdSchema });

// ---- audit log ----

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  /** `user:<id>` (a staff user), `staff:<id>` (an API token), `anonymous` (a failed sign-in) or `system`. */
  actor: z.string(),
  actorName: z.string(),
  /** A dotted verb: `staff.sign-in`, `case.reply`, `refund.approve`, `user.update`, ... */
  action: z.string(),
  /** What it acted on: `case:NF-000123`, `refund:4`, `user:2`, ... */
  target: z.string().nullable(),
  /**
   * Details: for a change through the staff API, `body` (what the request asked for, secrets
   * left out) and what its route adds; a draft's save (`kb.draft.save`) keeps no body but
   * `{ title, created, changed, before, after }` (which fields changed, their values but the
   * text's); entries written before that keep the body.
   */
  data: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  createdAt: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

const AuditFilter = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((s) => !/\p{Cc}/u.test(s), 'must not contain control characters');
export const AuditQuerySchema = z.object({
  /** An actor key, e.g. `user:2`. */
  actor: AuditFilter.optional(),
  /** An action, or a prefix of whole segments: `case` matches `case.reply` and `case.status`. */
  action: AuditFilter.optional(),
  /** A target, e.g. `case:NF-000123`. */
  target: AuditFilter.optional(),
  /** The `next` of the previous page. */
  before: z
    .string()
    .regex(/^[1-9]\d{0,14}$/, 'the `next` of a previous page')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.input<typeof AuditQuerySchema>;
export const AuditListSchema = z.object({
  /** Newest first. */
  entries: z.array(AuditEntrySchema),
  /** Pass as `before` for the next (older) page; null on the last page. */
  next: z.string().nullable(),
});
export type AuditList = z.infer<typeof AuditListSchema>;
