// The fast lane's part of the API contract: quick login, the offer, checkout, the customer's
// payments, refunds and cancellation, Stripe's webhook and the staff report.
import { z } from 'zod';
import { IdSchema, InstantSchema, LocaleSchema } from './api.js';
import { StaffRefundSchema } from './cases.js';
import { INT4_MAX } from './input.js';

/** A report's period; by default the 30 days before `to`, and `to` is now. */
export const PeriodQuerySchema = z
  .object({ from: InstantSchema.optional(), to: InstantSchema.optional() })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['from'] });

// ---- requests ----

const Email = z.email().max(254).transform((e) => e.toLowerCase());
// From a request's tracking page the widget names the request instead of asking for its email again.
const TrackingToken = z.string().regex(/^[\w-]{20,100}$/);
const emailOrToken = { message: 'email or trackingToken, one of them', path: ['email'] };
export const FastlaneLoginSchema = z
  .object({ email: Email.optional(), trackingToken: TrackingToken.optional(), locale: LocaleSchema, captcha: z.string().min(1).max(10_000) })
  .refine((i) => !!i.email !== !!i.trackingToken, emailOrToken);
export type FastlaneLogin = z.input<typeof FastlaneLoginSchema>;
export const FastlaneVerifySchema = z
  .object({ email: Email.optional(), trackingToken: TrackingToken.optional(), code: z.string().regex(/^\d{6}$/, 'six digits'), locale: LocaleSchema })
  .refine((i) => !!i.email !== !!i.trackingToken, emailOrToken);
export type FastlaneVerify = z.input<typeof FastlaneVerifySchema>;
export const FastlaneIdentitySchema = z.object({ token: z.string().min(10).max(4000), locale: LocaleSchema });
export type FastlaneIdentity = z.input<typeof FastlaneIdentitySchema>;
export const FastlaneOfferQuerySchema = z.object({ locale: LocaleSchema.optional() });
export const FastlaneCheckoutSchema = z.object({
  plan: z.string().max(40),
  trackingToken: z.string().regex(/^[\w-]{20,100}$/).optional(),
  locale: LocaleSchema,
  returnUrl: z.url().max(2000).optional(),
});
export type FastlaneCheckout = z.input<typeof FastlaneCheckoutSchema>;
export const FastlaneRefundRequestSchema = z.object({ reason: z.string().trim().min(1).max(500) });
export const FastlaneCancelSchema = z.object({ atPeriodEnd: z.boolean() });
export const FastlanePortalSchema = z.object({ returnUrl: z.url().max(2000).optional() });
export const OrderParamsSchema = z.object({ id: IdSchema });
export const RefundDecisionSchema = z.object({ note: z.string().trim().max(500).optional() });
export const StaffOrderRefundSchema = z.object({ amount: z.number().int().min(1).max(INT4_MAX).optional(), reason: z.string().trim().min(1).max(500) });

// ---- responses ----

export const FastlaneCodeSentSchema = z.object({
  sent: z.boolean(),
  expiresInMinutes: z.number(),
  /** With a trackingToken: the request's address, masked (`a•••@example.com`). */
  email: z.string().optional(),
});
export const FastlaneSessionSchema = z.object({
  /** The session token (`ayuda_cs_…`), sent as `Authorization: Bearer`; the same session is also set as an HttpOnly cookie. */
  token: z.string(),
  expiresAt: z.string(),
  customer: z.object({ email: z.string(), name: z.string() }),
});
export type FastlaneSession = z.infer<typeof FastlaneSessionSchema>;

export const FastlanePlanSchema = z.object({
  key: z.string(),
  kind: z.enum(['incident', 'subscription']),
  interval: z.enum(['month', 'year']).nullable(),
  name: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  /** The amount formatted in the customer's language. */
  price: z.string(),
});

export const FastlaneOfferSchema = z.object({
  /** The service's name in the customer's language (configurable). */
  name: z.string(),
  /** The fast lane's targets in plain words, and the standard lane's first response for comparison. */
  sla: z.object({ firstResponse: z.string(), resolution: z.string(), standardFirstResponse: z.string() }),
  plans: z.array(FastlanePlanSchema),
  refundPolicy: z.array(z.string()),
  /** `customers` articles about the service, readable with the session. */
  articles: z.array(z.object({ slug: z.string(), title: z.string() })),
  checkout: z.object({ embedded: z.boolean(), publishableKey: z.string().nullable() }),
  /** The company's IANA time zone, in which every date is shown (the route adds it). */
  timeZone: z.string().optional(),
});
export type FastlaneOffer = z.infer<typeof FastlaneOfferSchema>;

/** `GET /api/v1/fastlane/orders/:id/checkout`: what became of a payment the customer started. */
export const CheckoutStateSchema = z.object({
  /** The order's status (`open` until Stripe's confirmation arrives). */
  order: z.string(),
  /** The customer completed Stripe's checkout and its confirmation has not arrived yet. */
  pending: z.boolean(),
  /** Money was (or is being) taken; false when the customer left unpaid or the session expired. */
  charged: z.boolean(),
});
export type CheckoutState = z.infer<typeof CheckoutStateSchema>;

/** `POST /api/v1/fastlane/subscription/undo-cancel`: the subscription renews again. */
export const UndoCancelSchema = z.object({ status: z.string(), renewsAt: z.string().nullable() });

export const FastlaneStatusSchema = z.object({
  customer: z.object({ email: z.string(), name: z.string() }),
  subscription: z.object({ plan: z.string(), status: z.string(), currentPeriodEnd: z.string().nullable(), cancelAtPeriodEnd: z.boolean() }).nullable(),
  orders: z.array(
    z.object({
      id: z.number().int(),
      plan: z.string(),
      kind: z.string().describe('incident, subscription (its first payment) or renewal (a later payment of the subscription)'),
      status: z.string(),
      amount: z.number().int(),
      currency: z.string(),
      amountRefunded: z.number().int(),
      createdAt: z.string(),
      paidAt: z.string().nullable(),
      refunds: z.array(z.object({ id: z.number().int(), amount: z.number().int(), status: z.string(), reason: z.string(), createdAt: z.string() })),
    }),
  ),
});
/** `GET /fastlane/me`: the customer's subscription and payments. */
export type FastlaneStatus = z.infer<typeof FastlaneStatusSchema>;

export const FastlaneCheckoutSessionSchema = z.object({
  /** Stripe Checkout's hosted page (empty for embedded checkout). */
  url: z.string(),
  sessionId: z.string(),
  /** For embedded checkout with Stripe.js; null for the hosted page. */
  clientSecret: z.string().nullable(),
  orderId: z.number().int(),
});
export type FastlaneCheckoutSession = z.infer<typeof FastlaneCheckoutSessionSchema>;

export const FastlaneRefundSchema = z.object({ id: z.number().int(), status: z.string(), amount: z.number().int() });
export type FastlaneRefund = z.infer<typeof FastlaneRefundSchema>;
export const FastlaneCancelledSchema = z.object({ status: z.string(), endsAt: z.string().nullable(), refunded: z.number().int() });
export type FastlaneCancelled = z.infer<typeof FastlaneCancelledSchema>;
export const UrlSchema = z.object({ url: z.string() });

export const WebhookReceivedSchema = z.object({ received: z.literal(true), result: z.string() });

export const FastlaneSummarySchema = z.object({
  from: z.string(),
  to: z.string(),
  /** The fast lane's currency (lower case): every amount below is in its minor units. */
  currency: z.string(),
  /** Paid in the period, minor units. */
  revenue: z.number().int(),
  orders: z.number().int(),
  byKind: z.array(z.object({ kind: z.string(), revenue: z.number().int(), orders: z.number().int() })),
  refunds: z.object({ amount: z.number().int(), count: z.number().int() }),
  fastLaneCases: z.number().int(),
});
export type FastlaneSummary = z.infer<typeof FastlaneSummarySchema>;
export const StaffRefundListSchema = z.object({ refunds: z.array(StaffRefundSchema) });
