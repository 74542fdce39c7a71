// The fast lane's part of the API contract: the offer, as the API answers it to a signed-in
// customer, and the staff report's period.
import { z } from 'zod';
import { InstantSchema } from './api.js';

/** A report's period; by default the 30 days before `to`, and `to` is now. */
export const PeriodQuerySchema = z
  .object({ from: InstantSchema.optional(), to: InstantSchema.optional() })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['from'] });

export interface FastlaneOffer {
  /** The service's name in the customer's language (configurable). */
  name: string;
  /** The fast lane's targets in plain words, and the standard lane's first response for comparison. */
  sla: { firstResponse: string; resolution: string; standardFirstResponse: string };
  plans: Array<{ key: string; kind: 'incident' | 'subscription'; interval: 'month' | 'year' | null; name: string; amount: number; currency: string; price: string }>;
  refundPolicy: string[];
  /** `customers` articles about the service, readable with the session. */
  articles: Array<{ slug: string; title: string }>;
  checkout: { embedded: boolean; publishableKey: string | null };
  /** The company's IANA time zone, in which every date is shown (the route adds it). */
  timeZone?: string;
}

/** `GET /api/v1/fastlane/orders/:id/checkout`: what became of a payment the customer started. */
export interface CheckoutState {
  /** The order's status (`open` until Stripe's confirmation arrives). */
  order: string;
  /** The customer completed Stripe's checkout and its confirmation has not arrived yet. */
  pending: boolean;
  /** Money was (or is being) taken; false when the customer left unpaid or the session expired. */
  charged: boolean;
}
