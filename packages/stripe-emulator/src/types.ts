// The shapes the emulator stores and returns. Fields follow the pinned API version's objects;
// the index signature carries the many fields that are always null or constant here.

/** Any Stripe API object: `id`, `object` and the resource's own fields. */
export interface StripeObject {
  id: string;
  object: string;
  [field: string]: unknown;
}

export type Metadata = Record<string, string>;

/** A Stripe list object, as returned by every `GET /v1/<resource>` endpoint. */
export interface StripeList<T = StripeObject> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

export interface StripeEvent extends StripeObject {
  object: 'event';
  api_version: string;
  created: number;
  data: { object: StripeObject; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface Product extends StripeObject {
  object: 'product';
  active: boolean;
  created: number;
  updated: number;
  name: string;
  description: string | null;
  metadata: Metadata;
}

export interface Recurring {
  interval: 'day' | 'week' | 'month' | 'year';
  interval_count: number;
  meter: null;
  trial_period_days: null;
  usage_type: 'licensed';
}

export interface Price extends StripeObject {
  object: 'price';
  active: boolean;
  created: number;
  currency: string;
  lookup_key: string | null;
  metadata: Metadata;
  nickname: string | null;
  product: string;
  recurring: Recurring | null;
  type: 'one_time' | 'recurring';
  unit_amount: number;
}

export interface Customer extends StripeObject {
  object: 'customer';
  balance: number;
  created: number;
  email: string | null;
  name: string | null;
  metadata: Metadata;
  invoice_prefix: string;
  next_invoice_sequence: number;
  invoice_settings: { custom_fields: null; default_payment_method: string | null; footer: null; rendering_options: null };
  /** The customer's languages, most preferred first; the billing portal and invoice pages use them. */
  preferred_locales: string[];
}

export interface PaymentMethod extends StripeObject {
  object: 'payment_method';
  created: number;
  customer: string | null;
  card: { brand: string; last4: string; exp_month: number; exp_year: number; [k: string]: unknown };
  billing_details: { email: string | null; name: string | null; [k: string]: unknown };
}

export interface LineItem extends StripeObject {
  object: 'item';
  amount_subtotal: number;
  amount_total: number;
  currency: string;
  description: string | null;
  price: Price;
  quantity: number;
}

export interface CheckoutSession extends StripeObject {
  object: 'checkout.session';
  amount_subtotal: number;
  amount_total: number;
  cancel_url: string | null;
  client_reference_id: string | null;
  client_secret: string | null;
  created: number;
  currency: string;
  customer: string | null;
  customer_creation: 'always' | 'if_required' | null;
  customer_details: Record<string, unknown> | null;
  customer_email: string | null;
  expires_at: number;
  invoice: string | null;
  /** The language of the hosted page (`es`, `en-GB`...); `auto` or null: the browser's. */
  locale: string | null;
  metadata: Metadata;
  mode: 'payment' | 'subscription';
  payment_intent: string | null;
  payment_status: 'paid' | 'unpaid' | 'no_payment_required';
  return_url?: string;
  status: 'open' | 'complete' | 'expired';
  subscription: string | null;
  success_url: string | null;
  ui_mode: 'hosted_page' | 'embedded_page';
  url: string | null;
}

export interface PaymentIntent extends StripeObject {
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  created: number;
  currency: string;
  customer: string | null;
  description: string | null;
  last_payment_error: Record<string, unknown> | null;
  latest_charge: string | null;
  metadata: Metadata;
  payment_method: string | null;
  status: 'requires_payment_method' | 'succeeded' | 'canceled';
}

export interface Charge extends StripeObject {
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  created: number;
  currency: string;
  customer: string | null;
  disputed: boolean;
  failure_code: string | null;
  failure_message: string | null;
  metadata: Metadata;
  paid: boolean;
  payment_intent: string;
  payment_method: string;
  refunded: boolean;
  status: 'succeeded' | 'failed';
}

export interface Refund extends StripeObject {
  object: 'refund';
  amount: number;
  charge: string;
  created: number;
  currency: string;
  metadata: Metadata;
  payment_intent: string;
  reason: string | null;
  status: 'succeeded';
}

export interface SubscriptionItem extends StripeObject {
  object: 'subscription_item';
  created: number;
  current_period_start: number;
  current_period_end: number;
  price: Price;
  quantity: number;
  subscription: string;
}

export interface Subscription extends StripeObject {
  object: 'subscription';
  billing_cycle_anchor: number;
  cancel_at: number | null;
  cancel_at_period_end: boolean;
  canceled_at: number | null;
  cancellation_details: { comment: string | null; feedback: string | null; reason: string | null };
  created: number;
  currency: string;
  customer: string;
  default_payment_method: string | null;
  ended_at: number | null;
  items: StripeList<SubscriptionItem>;
  latest_invoice: string | null;
  metadata: Metadata;
  start_date: number;
  status: 'active' | 'past_due' | 'canceled';
}

export interface InvoiceLine extends StripeObject {
  object: 'line_item';
  amount: number;
  currency: string;
  description: string | null;
  invoice: string;
  period: { start: number; end: number };
  quantity: number | null;
  subscription: string | null;
}

export interface Invoice extends StripeObject {
  object: 'invoice';
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  attempt_count: number;
  attempted: boolean;
  billing_reason: string;
  created: number;
  currency: string;
  customer: string;
  lines: StripeList<InvoiceLine>;
  metadata: Metadata;
  number: string;
  parent: { type: 'subscription_details'; quote_details: null; subscription_details: { metadata: Metadata; subscription: string } } | null;
  period_start: number;
  period_end: number;
  status: 'draft' | 'open' | 'paid' | 'void' | 'uncollectible';
  status_transitions: { finalized_at: number | null; marked_uncollectible_at: null; paid_at: number | null; voided_at: null };
  total: number;
}

export interface InvoicePayment extends StripeObject {
  object: 'invoice_payment';
  amount_paid: number | null;
  amount_requested: number;
  created: number;
  currency: string;
  invoice: string;
  payment: { type: 'payment_intent'; payment_intent: string };
  status: 'open' | 'paid' | 'canceled';
  status_transitions: { canceled_at: null; paid_at: number | null };
}

export interface Dispute extends StripeObject {
  object: 'dispute';
  amount: number;
  charge: string;
  created: number;
  currency: string;
  payment_intent: string;
  reason: string;
  status: string;
}

export interface BillingPortalSession extends StripeObject {
  object: 'billing_portal.session';
  created: number;
  customer: string;
  /** The language of the portal page; `auto` or null: the customer's `preferred_locales`, then the browser's. */
  locale: string | null;
  return_url: string | null;
  url: string;
}
