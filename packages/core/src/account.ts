// "My requests" (issue 14): what a signed-in customer sees of themselves (cases, payments,
// subscription, receipts), the data export (GDPR article 20) and the deletion (article 17).
import { z } from 'zod';
import { CaseStatusSchema, LaneSchema } from './cases.js';
import { LocaleSchema } from './api.js';

/** The export's format name and version: a reader refuses any other (see docs/cases.md, "Your data"). */
export const ACCOUNT_EXPORT_FORMAT = 'ayuda-account-export';
export const ACCOUNT_EXPORT_VERSION = 1;

export const ACCOUNT_LIMITS = {
  /** Exports per customer per hour: each reads every case and file of the customer. */
  exportsPerHour: 5,
  /** The account page lists at most this many cases (the export has them all). */
  casesMax: 200,
} as const;

export const AccountCaseSchema = z.object({
  reference: z.string(),
  subject: z.string(),
  status: CaseStatusSchema,
  lane: LaneSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Whether the case still waits for someone (new, open or pending the customer): these come first. */
  open: z.boolean(),
  /** The case's private page (the same link its mails carry). */
  trackingUrl: z.string(),
  /** The token of that link, for the widget's case view. */
  trackingToken: z.string(),
});
export type AccountCase = z.infer<typeof AccountCaseSchema>;

export const AccountPaymentSchema = z.object({
  id: z.number().int(),
  plan: z.string(),
  /** `incident` or `subscription`. */
  kind: z.string(),
  status: z.string(),
  amount: z.number().int().describe('minor units of `currency`'),
  currency: z.string(),
  amountRefunded: z.number().int(),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
  /** The reference of the case it paid for, if any. */
  caseReference: z.string().nullable(),
  refunds: z.array(z.object({ id: z.number().int(), amount: z.number().int(), status: z.string(), createdAt: z.string() })),
  /** The receipt Ayuda renders for a paid order (a page of the portal, for the signed-in customer); null while unpaid. */
  receiptUrl: z.string().nullable(),
});
export type AccountPayment = z.infer<typeof AccountPaymentSchema>;

/** `GET /api/v1/account`: the signed-in customer's requests and money. */
export const AccountSchema = z.object({
  profile: z.object({ email: z.string(), name: z.string(), locale: LocaleSchema, since: z.string() }),
  /** Open cases first, then the newest. */
  cases: z.array(AccountCaseSchema),
  payments: z.array(AccountPaymentSchema),
  subscription: z.object({ plan: z.string(), status: z.string(), currentPeriodEnd: z.string().nullable(), cancelAtPeriodEnd: z.boolean() }).nullable(),
  /** Whether `POST /account/deletion` would be accepted now (false while a subscription still renews). */
  canDelete: z.boolean(),
});
export type Account = z.infer<typeof AccountSchema>;

/**
 * `POST /api/v1/account/deletion`: the customer types their address again, so a deletion is
 * never one stray click (nor one forged request that knows nothing of the customer).
 */
export const AccountDeletionSchema = z.strictObject({
  confirmEmail: z.string().trim().max(254).transform((e) => e.toLowerCase()),
  locale: LocaleSchema.optional(),
});
export type AccountDeletionInput = z.input<typeof AccountDeletionSchema>;

export const AccountDeletedSchema = z.object({
  deleted: z.literal(true),
  /** What was erased or anonymised. */
  cases: z.number().int(),
  attachments: z.number().int(),
  /** Payment records kept, without identity, as tax law requires. */
  paymentsKept: z.number().int(),
});
export type AccountDeleted = z.infer<typeof AccountDeletedSchema>;

export const DataRequestKindSchema = z.enum(['export', 'deletion']);

/** `GET /api/v1/staff/data-requests`: the company's record of exports and deletions. */
export const DataRequestListSchema = z.object({
  requests: z.array(
    z.object({
      id: z.number().int(),
      kind: DataRequestKindSchema,
      /** `customer:<id>`: the pseudonymous id that payment records keep after a deletion. */
      customer: z.string(),
      at: z.string(),
      counts: z.record(z.string(), z.number().int()),
    }),
  ),
});
export type DataRequestList = z.infer<typeof DataRequestListSchema>;
const iso = z.string().nullable();

/**
 * `ayuda-export.json` in the data export, version 1 (docs/cases.md, "Your data"). A reader parses
 * it with `parseAccountExport`, which refuses another format or version by name.
 */
export const AccountExportV1Schema = z.object({
  format: z.literal(ACCOUNT_EXPORT_FORMAT),
  version: z.literal(1),
  exportedAt: z.string(),
  company: z.string(),
  profile: z.object({ email: z.string(), name: z.string(), locale: z.string(), createdAt: iso, stripeCustomerId: z.string().nullable() }),
  cases: z.array(
    z.object({
      reference: z.string(),
      subject: z.string(),
      category: z.string().nullable(),
      locale: z.string(),
      status: z.string(),
      lane: z.string(),
      channel: z.string(),
      createdAt: iso,
      updatedAt: iso,
      firstRespondedAt: iso,
      solvedAt: iso,
      closedAt: iso,
      messages: z.array(
        z.object({
          author: z.string(),
          authorName: z.string(),
          body: z.string(),
          createdAt: iso,
          attachments: z.array(z.object({ filename: z.string(), contentType: z.string(), size: z.number().int(), sha256: z.string(), path: z.string() })),
        }),
      ),
      events: z.array(z.object({ type: z.string(), createdAt: iso }).catchall(z.unknown())),
      /** The customer's answers to the case's survey (added within version 1: absent from earlier exports). */
      surveyAnswers: z.array(z.object({ question: z.string(), score: z.number().int(), comment: z.string().nullable(), answeredAt: iso })).optional(),
    }),
  ),
  payments: z.array(
    z.object({
      id: z.number().int(),
      plan: z.string(),
      kind: z.string(),
      status: z.string(),
      amount: z.number().int(),
      currency: z.string(),
      amountRefunded: z.number().int(),
      case: z.string().nullable(),
      createdAt: iso,
      paidAt: iso,
      stripe: z.object({ checkoutSessionId: z.string().nullable(), paymentIntentId: z.string().nullable(), subscriptionId: z.string().nullable() }),
      terms: z.unknown(),
      refunds: z.array(z.object({ amount: z.number().int(), reason: z.string(), status: z.string(), createdAt: iso, decidedAt: iso })),
    }),
  ),
  subscriptions: z.array(z.object({ plan: z.string(), status: z.string(), currentPeriodEnd: iso, cancelAtPeriodEnd: z.boolean(), createdAt: iso })),
  sessions: z.array(z.object({ method: z.string(), createdAt: iso, expiresAt: iso })),
  dataRequests: z.array(z.object({ kind: z.string(), createdAt: iso })),
});
export type AccountExportV1 = z.infer<typeof AccountExportV1Schema>;

/** Reads an export's JSON: version 1, or an error that names the format and version found. */
export function parseAccountExport(data: unknown): AccountExportV1 {
  const head = (typeof data === 'object' && data !== null ? data : {}) as { format?: unknown; version?: unknown };
  if (head.format !== ACCOUNT_EXPORT_FORMAT) throw new Error(`Ayuda: not an Ayuda account export (format ${JSON.stringify(head.format)}; expected "${ACCOUNT_EXPORT_FORMAT}").`);
  if (head.version !== ACCOUNT_EXPORT_VERSION) throw new Error(`Ayuda: account export version ${JSON.stringify(head.version)} is not known; this reader knows version ${ACCOUNT_EXPORT_VERSION}.`);
  return AccountExportV1Schema.parse(data);
}

export const DataRequestsQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });
