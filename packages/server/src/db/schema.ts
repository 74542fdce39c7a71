// The database schema. Later capabilities (cases, fast lane, ...) add tables here; the
// migration files in ../../drizzle are generated from this file with `npm run db:generate`.
import { sql } from 'drizzle-orm';
import { fastLate, queueDue, queueFinished, queueLaneRank, searchVector } from './expressions.js';
import { bigint, bigserial, boolean, type AnyPgColumn, customType, date, doublePrecision, index, integer, jsonb, pgSequence, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const categories = pgTable('kb_categories', {
  key: text('key').primaryKey(),
  position: integer('position').notNull(),
  /** `{ es: { name, description }, en: { ... } }` */
  labels: jsonb('labels').$type<Record<string, { name: string; description: string }>>().notNull(),
});

export const articles = pgTable(
  'kb_articles',
  {
    id: serial('id').primaryKey(),
    locale: text('locale').notNull(),
    slug: text('slug').notNull(),
    translationKey: text('translation_key'),
    title: text('title').notNull(),
    category: text('category').notNull(),
    tags: jsonb('tags').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    visibility: text('visibility').notNull(),
    type: text('type').notNull().default('article'),
    updated: date('updated', { mode: 'string' }).notNull(),
    bodyMarkdown: text('body_markdown').notNull(),
    bodyHtml: text('body_html').notNull(),
    bodyText: text('body_text').notNull(),
    /** FAQ articles: their questions and answers, for FAQPage structured data. */
    faq: jsonb('faq').$type<Array<{ question: string; answerHtml: string }>>(),
    /** Where the article came from: `file:<relative path>` for imported ones. */
    source: text('source').notNull(),
    contentHash: text('content_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('kb_articles_locale_slug').on(t.locale, t.slug),
    index('kb_articles_translation').on(t.translationKey),
    index('kb_articles_locale_visibility').on(t.locale, t.visibility, t.category),
  ],
);

/** One row: the knowledge base's revision, bumped by every change, for caches and ETags. */
export const kbMeta = pgTable('kb_meta', {
  id: integer('id').primaryKey(),
  revision: integer('revision').notNull(),
  synonyms: jsonb('synonyms').$type<Record<string, string[][]>>().notNull().default(sql`'{}'::jsonb`),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** Anonymous analytics: no IP, no user agent, no customer identity. */
export const analyticsEvents = pgTable(
  'analytics_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    locale: text('locale').notNull(),
    query: text('query'),
    /** The query folded (lower case, no accents, single spaces), to group variants. */
    queryKey: text('query_key'),
    resultCount: integer('result_count'),
    slug: text('slug'),
    position: integer('position'),
    helpful: boolean('helpful'),
    comment: text('comment'),
    /** Where it came from: `portal`, `widget`, `api`. */
    channel: text('channel').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('analytics_events_type_time').on(t.type, t.createdAt)],
);

export const staffTokens = pgTable('staff_tokens', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  /** SHA-256 of the token, hex. The token itself is shown once and never stored. */
  tokenHash: text('token_hash').notNull().unique(),
  /** The first characters of the token, to tell tokens apart in listings. */
  prefix: text('prefix').notNull(),
  /** `admin` or `agent`: what a script holding the token may do (tokens made before roles act as admins). */
  role: text('role').notNull().default('admin'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });
const ts = (name: string) => timestamp(name, { withTimezone: true });

/** People who wrote to support, known by their email. Entitlements (fast lane) hang off them. */
export const customers = pgTable('customers', {
  id: serial('id').primaryKey(),
  /** Lower-cased. */
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  locale: text('locale').notNull(),
  /** The one Stripe Customer of this customer, created at their first checkout and reused by every later one. */
  stripeCustomerId: text('stripe_customer_id').unique(),
  createdAt: ts('created_at').notNull(),
  /** When the customer had their data erased (GDPR art. 17): the row stays as the pseudonym payment records keep. */
  erasedAt: ts('erased_at'),
});

export const caseReferenceSeq = pgSequence('case_reference_seq', { startWith: 1 });

export const cases = pgTable(
  'cases',
  {
    id: serial('id').primaryKey(),
    /** Human reference, e.g. NF-000123. */
    reference: text('reference').notNull().unique(),
    /** SHA-256 of the private tracking token. */
    trackingHash: text('tracking_hash').notNull().unique(),
    /** The token encrypted with AYUDA_SECRET (AES-256-GCM), so later mails can carry the same link. */
    trackingTokenEnc: text('tracking_token_enc').notNull(),
    customerId: integer('customer_id').notNull().references(() => customers.id),
    subject: text('subject').notNull(),
    category: text('category'),
    locale: text('locale').notNull(),
    status: text('status').notNull(),
    lane: text('lane').notNull().default('standard'),
    channel: text('channel').notNull(),
    /** The assignee's display name (a staff user's name, or a token's for scripts). */
    assignee: text('assignee'),
    /** The assigned staff user, when a person (not a script token) is assigned. */
    assigneeId: integer('assignee_id').references((): AnyPgColumn => staffUsers.id),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    laneChangedAt: ts('lane_changed_at'),
    firstResponseDue: ts('first_response_due'),
    resolutionDue: ts('resolution_due'),
    firstRespondedAt: ts('first_responded_at'),
    solvedAt: ts('solved_at'),
    closedAt: ts('closed_at'),
    /** Periods spent waiting for the customer: `[{ from, to? }]` as ISO strings. */
    pauses: jsonb('pauses').$type<Array<{ from: string; to?: string }>>().notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [
    index('cases_queue').on(t.status, t.lane, t.resolutionDue),
    index('cases_customer').on(t.customerId),
    index('cases_assignee').on(t.assigneeId, t.status),
    // The queue's order (fast lane, next due time, reference) and its search over subjects:
    // the same expressions as the queries (expressions.ts), or the planner cannot use them.
    index('cases_queue_order').on(queueLaneRank(t.lane), queueDue(t), t.reference),
    // The same order for the views of open cases alone: closed cases, most of the
    // table in time, sort last in their lane, so a page of the standard lane's open cases read
    // every closed fast-lane case from cases_queue_order first (14–198 ms at 200,000 cases).
    index('cases_queue_open_order').on(queueLaneRank(t.lane), queueDue(t), t.reference).where(sql`${t.status} in ('new', 'open', 'pending_customer')`),
    // A list of finished cases alone (the Solved view, a status filter of solved or closed) is
    // newest first: read backwards from here, the closed cases of every lane among them.
    index('cases_queue_finished_order').on(queueFinished(t), t.reference).where(sql`${t.status} in ('solved', 'closed')`),
    // The fast lane's late first responses (the SLA guarantee's candidates, every minute) and
    // the cases entering the fast lane by time (the fast-lane summary): few of all cases.
    index('cases_fast_late').on(t.id).where(fastLate(t)),
    index('cases_fast_entered').on(sql`(coalesce(${t.laneChangedAt}, ${t.createdAt}))`).where(sql`${t.lane} = 'fast'`),
    index('cases_subject_search').using('gin', searchVector(t.subject)),
    // The analytics summary picks a period's cases by creation (analytics/summary.ts).
    index('cases_created').on(t.createdAt),
  ],
);

export const caseMessages = pgTable(
  'case_messages',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id').notNull().references(() => cases.id),
    /** `customer`, `staff` or `system`. */
    author: text('author').notNull(),
    authorName: text('author_name').notNull(),
    staffTokenId: integer('staff_token_id'),
    /** The staff user who wrote it (null for customers, the system and script tokens). */
    staffUserId: integer('staff_user_id').references((): AnyPgColumn => staffUsers.id),
    /** Internal notes are for staff only. */
    internal: boolean('internal').notNull().default(false),
    /** Plain text as written; rendered escaped. */
    body: text('body').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('case_messages_case').on(t.caseId, t.id), index('case_messages_search').using('gin', searchVector(t.body))],
);

export const caseAttachments = pgTable(
  'case_attachments',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id').notNull().references(() => cases.id),
    messageId: integer('message_id').notNull().references(() => caseMessages.id),
    /** Random public id used in download links. */
    publicId: text('public_id').notNull().unique(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    data: bytea('data').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('case_attachments_case').on(t.caseId)],
);

/** Every change to a case, in order: its history. */
export const caseEvents = pgTable(
  'case_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: integer('case_id').notNull().references(() => cases.id),
    type: text('type').notNull(),
    /** `customer`, `staff:<token id>`, `system`. */
    actor: text('actor').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('case_events_case').on(t.caseId, t.id),
    // Cases entering the fast lane by time: the analytics' per-case overhead (analytics/fastlane-entries.ts).
    index('case_events_fast_entries')
      .on(t.createdAt)
      .where(sql`(${t.type} = 'created' and ${t.data}->>'lane' = 'fast') or (${t.type} = 'lane_changed' and ${t.data}->>'to' = 'fast')`),
  ],
);

/** First answers to requests made with an Idempotency-Key, replayed to retries. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    body: jsonb('body').$type<unknown>().notNull(),
    createdAt: ts('created_at').notNull(),
  },
  // created_at: housekeeping deletes answers past their retention (see http/idempotency.ts).
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('idempotency_keys_created').on(t.createdAt)],
);

/** A file of an outbox row: small generated files (an .ics), so kept in the row. */
export interface MailAttachmentRow {
  filename: string;
  contentType: string;
  /** base64 */
  content: string;
}

/** Mail waiting to be sent: written in the same transaction as what caused it, so none is lost. */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    toAddress: text('to_address').notNull(),
    locale: text('locale').notNull(),
    template: text('template').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    /** `pending`, `sent` or `failed` (gave up after the last attempt). */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    lastError: text('last_error'),
    /** `smtp` or `dev-mailbox`. */
    transport: text('transport'),
    createdAt: ts('created_at').notNull(),
    sentAt: ts('sent_at'),
    /** The case the mail is about, if any (replies by email find it through `replyTo`). */
    caseId: integer('case_id').references(() => cases.id, { onDelete: 'set null' }),
    /** The case's reply address (mail/reply-address.ts), written once so every attempt sends the same `Reply-To`. */
    replyTo: text('reply_to'),
    /** Files sent with the mail (an appointment's .ics), content in base64; null for none. */
    attachments: jsonb('attachments').$type<MailAttachmentRow[]>(),
  },
  (t) => [
    index('mail_outbox_due').on(t.status, t.nextAttemptAt),
    // The one kind of mail purged (purgeErasureMail, every minute): a handful among all mail ever sent.
    index('mail_outbox_account_deleted').on(t.id).where(sql`${t.template} = 'account_deleted'`),
  ],
);

/**
 * Every message the inbound SMTP server took for a case (mail/inbound.ts), whatever became of
 * it: `messageKey` (the Message-ID, or a hash of the message without one) is unique, so a
 * delivery retried by the sender's server is recorded, and added to the thread, once.
 */
export const inboundMail = pgTable(
  'inbound_mail',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    messageKey: text('message_key').notNull().unique(),
    caseId: integer('case_id').references(() => cases.id, { onDelete: 'set null' }),
    /** The From address, lower-cased ('' for none). */
    sender: text('sender').notNull(),
    /** The envelope sender (MAIL FROM), lower-cased; '' for the null sender of bounces. */
    envelopeFrom: text('envelope_from').notNull(),
    /** `accepted` (added to the thread), `refused` (the sender was told why) or `ignored` (nobody was told). */
    status: text('status').notNull(),
    /** Why it was refused or ignored, e.g. `not_customer`, `auto_reply`, `empty`. */
    reason: text('reason'),
    /** The message it added to the thread, when accepted. */
    messageId: integer('message_id'),
    createdAt: ts('created_at').notNull(),
  },
  // created_at: housekeeping deletes records past INBOUND_DEFAULTS.retentionDays.
  (t) => [
    index('inbound_mail_case').on(t.caseId),
    index('inbound_mail_created').on(t.createdAt),
    // An erased customer's mail is found by its addresses.
    index('inbound_mail_sender').on(t.sender),
    index('inbound_mail_envelope_from').on(t.envelopeFrom),
  ],
);

/**
 * Counters of rate limits, shared by every process: one row per limit and subject (an IP, an
 * address) holding the current fixed window's count, incremented in one atomic upsert.
 * Rows whose window has long passed are deleted by housekeeping.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    windowStart: ts('window_start').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [index('rate_limits_window').on(t.windowStart)],
);

/**
 * Work done after the request that asked for it, by whichever process claims it first
 * (FOR UPDATE SKIP LOCKED with a short lease renewed while it runs), retried with backoff.
 * `dedupeKey` makes a job unique (a periodic job's run), so two processes never queue it twice.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<unknown>().notNull(),
    dedupeKey: text('dedupe_key').unique(),
    /** `pending`, `done` or `failed` (gave up after the last attempt). */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** When it may run next; while claimed, the end of the claimer's lease. */
    runAt: ts('run_at').notNull(),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull(),
    doneAt: ts('done_at'),
  },
  (t) => [index('jobs_due').on(t.status, t.runAt), index('jobs_kind_created').on(t.kind, t.createdAt)],
);

/** Captcha solutions already used, so each is accepted once. Rows past expiry are deleted. */
export const captchaSolutions = pgTable('captcha_solutions', {
  signature: text('signature').primaryKey(),
  expiresAt: ts('expires_at').notNull(),
});

// ---- fast lane ----

/** One-time codes that prove an email address (quick login). Stored hashed. */
export const loginCodes = pgTable('login_codes', {
  id: serial('id').primaryKey(),
  email: text('email').notNull(),
  codeHash: text('code_hash').notNull(),
  attempts: integer('attempts').notNull().default(0),
  expiresAt: ts('expires_at').notNull(),
  consumedAt: ts('consumed_at'),
  createdAt: ts('created_at').notNull(),
}, (t) => [index('login_codes_email').on(t.email, t.createdAt)]);

/** Signed-in customers: the session token is stored hashed. */
export const customerSessions = pgTable('customer_sessions', {
  tokenHash: text('token_hash').primaryKey(),
  customerId: integer('customer_id').notNull().references(() => customers.id),
  /** `code` or `identity-token`. */
  method: text('method').notNull(),
  expiresAt: ts('expires_at').notNull(),
  createdAt: ts('created_at').notNull(),
}, (t) => [index('customer_sessions_customer').on(t.customerId)]);

/** Fast-lane plans as synced to Stripe. The amounts come from the company's configuration. */
export const fastlanePlans = pgTable('fastlane_plans', {
  key: text('key').primaryKey(),
  stripeProductId: text('stripe_product_id').notNull(),
  stripePriceId: text('stripe_price_id').notNull(),
  amount: integer('amount').notNull(),
  currency: text('currency').notNull(),
  syncedAt: ts('synced_at').notNull(),
});

/** What a fast-lane order keeps of the settings at checkout (see `fastlaneOrders.terms`). */
export interface OrderTerms {
  refunds: { beforeFirstReply: boolean; slaGuarantee: boolean; proratedCancellation: boolean };
  tax: { rate: number; label: { es: string; en: string } } | null;
  planName: { es: string; en: string };
}

/** A payment: one Checkout Session (per incident or a subscription's first payment), or a subscription's renewal invoice. */
export const fastlaneOrders = pgTable('fastlane_orders', {
  id: serial('id').primaryKey(),
  customerId: integer('customer_id').notNull().references(() => customers.id),
  planKey: text('plan_key').notNull(),
  /** `incident`, `subscription` (its first payment, at checkout) or `renewal` (a later invoice of the subscription). */
  kind: text('kind').notNull(),
  caseId: integer('case_id').references(() => cases.id),
  amount: integer('amount').notNull(),
  currency: text('currency').notNull(),
  /** `open`, `paid`, `expired`, `refunded`, `partially_refunded`, `disputed`. */
  status: text('status').notNull(),
  /** Null only inside the transaction that creates the order and then its Checkout Session. */
  checkoutSessionId: text('checkout_session_id').unique(),
  paymentIntentId: text('payment_intent_id'),
  chargeId: text('charge_id'),
  subscriptionId: text('subscription_id'),
  /** The Stripe invoice a renewal paid: one order per invoice, however often its event comes. */
  invoiceId: text('invoice_id').unique(),
  stripeCustomerId: text('stripe_customer_id'),
  amountRefunded: integer('amount_refunded').notNull().default(0),
  /**
   * The terms the customer bought under (refund rules, tax, the plan's name), as the fast-lane
   * settings were at checkout: a later change of the settings does not take a right away from a
   * payment made before it. Null for orders made before terms were kept (current rules apply).
   */
  terms: jsonb('terms').$type<OrderTerms>(),
  createdAt: ts('created_at').notNull(),
  paidAt: ts('paid_at'),
  updatedAt: ts('updated_at').notNull(),
}, (t) => [
  index('fastlane_orders_customer').on(t.customerId),
  index('fastlane_orders_status').on(t.status, t.createdAt),
  index('fastlane_orders_paid').on(t.paidAt),
  // A webhook finds its order by these: the other orders of a paid incident's case, the order a
  // refund or a dispute names by its payment, a subscription's first order. Without them each
  // such event read every order ever made (116 ms a group of eight at 200,000 orders).
  index('fastlane_orders_case').on(t.caseId),
  index('fastlane_orders_payment_intent').on(t.paymentIntentId),
  index('fastlane_orders_subscription').on(t.subscriptionId),
]);

/**
 * The states of a subscription that give its customer the fast lane (or soon may again: a
 * past-due one is being retried by Stripe). Every check of "covered by a subscription" uses these.
 */
export const LIVE_ENTITLEMENT_STATUSES = ['active', 'trialing', 'past_due'] as const;

/** A customer's subscription: every case of theirs goes in the fast lane while it is active. */
export const entitlements = pgTable('entitlements', {
  id: serial('id').primaryKey(),
  customerId: integer('customer_id').notNull().references(() => customers.id),
  subscriptionId: text('subscription_id').notNull().unique(),
  planKey: text('plan_key').notNull(),
  /** Stripe's subscription status: `active`, `past_due`, `canceled`, ... */
  status: text('status').notNull(),
  currentPeriodEnd: ts('current_period_end'),
  cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull().default(false),
  /** `created` of the newest Stripe event applied, so an older one arriving late changes nothing. */
  lastEventAt: integer('last_event_at').notNull().default(0),
  /** How many times the customer asked to cancel: each request is its own Stripe idempotency key. */
  cancelRequests: integer('cancel_requests').notNull().default(0),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
}, (t) => [index('entitlements_customer').on(t.customerId)]);

/** Refunds asked for or made, with who and why. */
export const fastlaneRefunds = pgTable('fastlane_refunds', {
  id: serial('id').primaryKey(),
  orderId: integer('order_id').notNull().references(() => fastlaneOrders.id),
  amount: integer('amount').notNull(),
  /** The reason as the customer reads it (free text, in their language). */
  reason: text('reason').notNull(),
  /** Why, as a code for the figures: `sla_guarantee`, `duplicate_payment`, `customer_request`, `goodwill` (staff's own), `other`. */
  reasonCode: text('reason_code').notNull(),
  /** `customer`, `staff:<id>` or `system` (the SLA guarantee, a duplicate payment). */
  requestedBy: text('requested_by').notNull(),
  /** `pending_approval`, `succeeded`, `rejected`, `failed`. */
  status: text('status').notNull(),
  stripeRefundId: text('stripe_refund_id').unique(),
  note: text('note'),
  createdAt: ts('created_at').notNull(),
  decidedAt: ts('decided_at'),
}, (t) => [index('fastlane_refunds_order').on(t.orderId)]);

/** Stripe events already applied, by id: a duplicate delivery changes nothing. */
export const stripeEvents = pgTable('stripe_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  receivedAt: ts('received_at').notNull(),
  /** What was done, or why nothing was (e.g. an object of an unexpected shape). */
  note: text('note'),
});

/**
 * This installation's random id, one row created by the migration. It scopes Stripe
 * idempotency keys and metadata, so two databases on one Stripe account never collide.
 */
export const installation = pgTable('installation', {
  id: text('id').primaryKey(),
  createdAt: ts('created_at').notNull(),
});

// ---- staff (the console) ----

/** People who work in the console: agents and admins. */
export const staffUsers = pgTable('staff_users', {
  id: serial('id').primaryKey(),
  /** Lower-cased. */
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  /** `agent` or `admin`. */
  role: text('role').notNull(),
  /** argon2id PHC string; null until the person sets a password (they can still sign in by mailed link). */
  passwordHash: text('password_hash'),
  locale: text('locale').notNull().default('es'),
  /** What an hour of this person's time costs the company, in minor units of the fast lane's currency; set by an admin. */
  hourlyCost: integer('hourly_cost'),
  /** Consecutive failed password sign-ins; reset on success. */
  failedSignIns: integer('failed_sign_ins').notNull().default(0),
  lockedUntil: ts('locked_until'),
  disabledAt: ts('disabled_at'),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** Signed-in staff: the session token (cookie) is stored hashed, with its CSRF token. */
export const staffSessions = pgTable(
  'staff_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id').notNull().references(() => staffUsers.id),
    /** Sent with every mutating request in the X-CSRF-Token header. */
    csrfToken: text('csrf_token').notNull(),
    /** `password`, `link` or `passkey`. */
    method: text('method').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    expiresAt: ts('expires_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('staff_sessions_user').on(t.userId)],
);

/** One-time links mailed to staff: sign in, or set a password. Stored hashed. */
export const staffLinks = pgTable(
  'staff_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id').notNull().references(() => staffUsers.id),
    /** `sign-in` or `set-password`. */
    purpose: text('purpose').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('staff_links_user').on(t.userId, t.createdAt)],
);

/** Every staff action: who, what, when, from which IP. Read by admins; never updated. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** `user:<id>` (a staff user), `staff:<id>` (an API token), `system` or `anonymous` (a failed sign-in). */
    actor: text('actor').notNull(),
    actorName: text('actor_name').notNull(),
    /** Dotted verb, e.g. `case.reply`, `refund.approve`, `staff.sign-in`. */
    action: text('action').notNull(),
    /** What it acted on, e.g. `case:NF-000123`, `refund:4`, `staff:2`. */
    target: text('target'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    ip: text('ip'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('audit_log_created').on(t.createdAt),
    index('audit_log_actor').on(t.actor, t.createdAt),
    // The log filtered by what was acted on, newest first.
    index('audit_log_target').on(t.target, t.id),
  ],
);

/** Time spent on a case by a staff user: a running timer (no end yet) or a finished or manual entry. */
export const timeEntries = pgTable(
  'time_entries',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id').notNull().references(() => cases.id),
    userId: integer('user_id').notNull().references(() => staffUsers.id),
    startedAt: ts('started_at').notNull(),
    /** Null while the timer runs. */
    endedAt: ts('ended_at'),
    /** `timer` or `manual`. */
    source: text('source').notNull(),
    note: text('note'),
    /**
     * What an hour of this person cost when the entry was logged (minor units; null: no cost
     * set then), so a later change of their hourly cost does not rewrite past periods. Set by
     * a trigger from `staff_users.hourly_cost` on insert; a person's entries without one take
     * the cost set for them next (migration 0021).
     */
    hourlyCost: integer('hourly_cost'),
    /**
     * How a timer ended: `stop` (its person stopped it, or started one on another case), `idle`
     * (at its last heartbeat, for want of one since) or `edit` (an end typed by hand). Null while
     * it runs and for manual entries. Only one ended by `stop` may be continued (time/service.ts).
     */
    endedBy: text('ended_by'),
    /** When someone last changed the entry by hand (start, end or note); null: never. */
    editedAt: ts('edited_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('time_entries_case').on(t.caseId), index('time_entries_user').on(t.userId, t.startedAt), index('time_entries_started').on(t.startedAt),
    // Running timers: the housekeeping stops forgotten ones every minute (time/service.ts), a seq scan without it.
    index('time_entries_running').on(t.updatedAt).where(sql`${t.endedAt} is null`),
  ],
);

/** Sales opportunities an agent noticed in a case (upsell). */
export const opportunities = pgTable(
  'opportunities',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id').notNull().references(() => cases.id),
    customerId: integer('customer_id').notNull().references(() => customers.id),
    userId: integer('user_id').notNull().references(() => staffUsers.id),
    /** The product or plan the customer might buy. */
    product: text('product').notNull(),
    /** Estimated value in minor units of `currency`. */
    value: integer('value').notNull(),
    currency: text('currency').notNull(),
    note: text('note'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('opportunities_created').on(t.createdAt), index('opportunities_customer').on(t.customerId)],
);

/** What a draft and a revision keep of an article: its front matter and markdown (new builders per table). */
const articleVersionColumns = () => ({
  id: serial('id').primaryKey(),
  locale: text('locale').notNull(),
  slug: text('slug').notNull(),
  translationKey: text('translation_key'),
  title: text('title').notNull(),
  category: text('category').notNull(),
  tags: jsonb('tags').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  visibility: text('visibility').notNull(),
  type: text('type').notNull().default('article'),
  bodyMarkdown: text('body_markdown').notNull(),
});

/**
 * Unpublished edits of knowledge-base articles, one per article (locale and slug): a new
 * article or a change to a published one. Customers never see them; publishing renders the
 * draft into `kb_articles`, writes a revision and deletes the draft.
 */
export const kbDrafts = pgTable(
  'kb_drafts',
  {
    ...articleVersionColumns(),
    /** The published revision this draft was started from (null for a new article): a publish over a newer one is a conflict. */
    baseRevisionId: integer('base_revision_id'),
    /** The staff actor key (`user:<id>`, `staff:<id>`) and name of the last edit. */
    updatedBy: text('updated_by').notNull(),
    updatedByName: text('updated_by_name').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('kb_drafts_locale_slug').on(t.locale, t.slug)],
);

/** Every published version of every article (console publishes, imports, restores), for history, diff and restore. */
export const kbRevisions = pgTable(
  'kb_revisions',
  {
    ...articleVersionColumns(),
    contentHash: text('content_hash').notNull(),
    /** `console`, `import` or `restore`; `unpublish` for a revision that took the article down. */
    source: text('source').notNull(),
    publishedBy: text('published_by').notNull(),
    publishedByName: text('published_by_name').notNull(),
    publishedAt: ts('published_at').notNull(),
  },
  (t) => [index('kb_revisions_article').on(t.locale, t.slug, t.id)],
);

/**
 * Every value the knowledge base's categories (their order and names) or its synonyms took, by
 * an import or in the console, for their history and restore. `value`: the categories as
 * `[{ key, labels }]` in order, or the synonyms as `{ es, en }`.
 */
export const kbTaxonomyRevisions = pgTable(
  'kb_taxonomy_revisions',
  {
    id: serial('id').primaryKey(),
    /** `categories` or `synonyms`. */
    kind: text('kind').notNull(),
    value: jsonb('value').notNull(),
    /** `import`, `console` or `restore`. */
    source: text('source').notNull(),
    changedBy: text('changed_by').notNull(),
    changedByName: text('changed_by_name').notNull(),
    changedAt: ts('changed_at').notNull(),
  },
  (t) => [index('kb_taxonomy_revisions_kind').on(t.kind, t.id)],
);

/**
 * A notice staff publish for customers (an outage, a planned change), shown at the top of the
 * widget and the portal in its language while it is active, and again in the case form when
 * the customer picks its category.
 */
export const announcements = pgTable(
  'announcements',
  {
    id: serial('id').primaryKey(),
    locale: text('locale').notNull(),
    /** `info`, `warning` or `critical`. */
    severity: text('severity').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** A knowledge-base category key: the case form shows it again for that category. */
    category: text('category'),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    /** Set when staff take it down before it ends. */
    withdrawnAt: ts('withdrawn_at'),
    createdBy: text('created_by').notNull(),
    createdByName: text('created_by_name').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('announcements_active').on(t.locale, t.endsAt)],
);

/**
 * Settings changed from the console, one row per section (`hours`, `sla`, `fastlane`, ...),
 * over the files read at start; `version` guards concurrent edits (If-Match).
 */
export const settings = pgTable('settings', {
  section: text('section').primaryKey(),
  value: jsonb('value').notNull(),
  version: integer('version').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedByName: text('updated_by_name').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** Every saved version of every settings section, for history and undo. */
export const settingsRevisions = pgTable(
  'settings_revisions',
  {
    id: serial('id').primaryKey(),
    section: text('section').notNull(),
    /** Null when the section went back to its file's values. */
    value: jsonb('value'),
    version: integer('version').notNull(),
    changedBy: text('changed_by').notNull(),
    changedByName: text('changed_by_name').notNull(),
    changedAt: ts('changed_at').notNull(),
  },
  (t) => [index('settings_revisions_section').on(t.section, t.id)],
);

/**
 * The survey questions a case's customer was asked when it was solved (one row per question):
 * what its links may answer, and when a customer was last asked for NPS.
 */
export const surveyInvitations = pgTable(
  'survey_invitations',
  {
    caseId: integer('case_id').notNull().references(() => cases.id),
    /** `csat`, `ces`, `fastlane_worth` or `nps`. */
    question: text('question').notNull(),
    customerId: integer('customer_id').notNull().references(() => customers.id),
    sentAt: ts('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.question] }), index('survey_invitations_customer').on(t.customerId, t.question, t.sentAt)],
);

/**
 * One answer per case and question, with the case's lane, category and assignee when it was
 * given, so the figures per lane, category and agent never move when the case does later.
 */
export const surveyAnswers = pgTable(
  'survey_answers',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id').notNull().references(() => cases.id),
    question: text('question').notNull(),
    score: integer('score').notNull(),
    comment: text('comment'),
    lane: text('lane').notNull(),
    category: text('category'),
    agentId: integer('agent_id').references(() => staffUsers.id),
    /** The assignee's name when answered (a script's assignee has no id). */
    agent: text('agent'),
    customerId: integer('customer_id').notNull().references(() => customers.id),
    locale: text('locale').notNull(),
    answeredAt: ts('answered_at').notNull(),
    commentedAt: ts('commented_at'),
  },
  (t) => [uniqueIndex('survey_answers_case_question').on(t.caseId, t.question), index('survey_answers_period').on(t.answeredAt, t.question), index('survey_answers_customer').on(t.customerId)],
);

/**
 * Who answered the agent pulse, per week: kept apart from the answers (no id, time or order
 * links the two), so a staff member is asked once a week and their answer stays anonymous.
 */
export const pulseParticipation = pgTable(
  'pulse_participation',
  {
    staffUserId: integer('staff_user_id').notNull().references(() => staffUsers.id),
    /** The week's Monday in the company's time zone. */
    week: date('week', { mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.staffUserId, t.week] })],
);

/** The agent pulse's answers: a random id, the week, the score and the comment; nothing about who. */
export const pulseAnswers = pgTable(
  'pulse_answers',
  {
    id: text('id').primaryKey(),
    week: date('week', { mode: 'string' }).notNull(),
    score: integer('score').notNull(),
    comment: text('comment'),
  },
  (t) => [index('pulse_answers_week').on(t.week)],
);

/**
 * The company's record of customers' data requests (GDPR articles 20 and 17): an export or a
 * deletion, by pseudonymous customer id (the customer row outlives a deletion without identity).
 */
export const dataRequests = pgTable(
  'data_requests',
  {
    id: serial('id').primaryKey(),
    /** `export` or `deletion`. */
    kind: text('kind').notNull(),
    customerId: integer('customer_id').notNull().references(() => customers.id),
    /** What was exported or erased: `{ cases, messages, attachments, payments, ... }`. */
    counts: jsonb('counts').$type<Record<string, number>>().notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('data_requests_created').on(t.createdAt), index('data_requests_customer').on(t.customerId, t.createdAt)],
);

/**
 * The company's business hours as UTC spans over a window of years, so SQL can count business
 * time (analytics/business-spans.ts, docs/analytics.md): the business seconds up to an instant
 * are the `before_s` of the last span starting at or before it plus the part of that span
 * already elapsed. Rebuilt whenever the hours differ from `business_span_sets.hours_key` or a
 * report needs instants outside the window.
 */
export const businessSpans = pgTable('business_spans', {
  startAt: ts('start_at').primaryKey(),
  endAt: ts('end_at').notNull(),
  /** Business seconds from the window's start to `start_at`. */
  beforeS: bigint('before_s', { mode: 'number' }).notNull(),
});

/** One row: what `business_spans` was built from (the hours, as a key) and the window it covers. */
export const businessSpanSets = pgTable('business_span_sets', {
  id: integer('id').primaryKey(),
  hoursKey: text('hours_key').notNull(),
  windowFrom: ts('window_from').notNull(),
  windowTo: ts('window_to').notNull(),
  builtAt: ts('built_at').notNull(),
});

/**
 * One row per case with what the analytics summary reads of it (analytics/facts.ts,
 * docs/analytics.md "Rollups"): its durations in business time, outcome flags and the SLA
 * instants. Kept up to date from `case_facts_dirty`, which triggers on cases, status events,
 * staff replies and time entries fill as events arrive; recomputed whole when the business
 * hours or a lane's calendar setting change.
 */
export const caseFacts = pgTable(
  'case_facts',
  {
    caseId: integer('case_id').primaryKey(),
    lane: text('lane').notNull(),
    category: text('category'),
    assigneeId: integer('assignee_id'),
    widget: boolean('widget').notNull(),
    createdAt: ts('created_at').notNull(),
    firstS: doublePrecision('first_s'),
    solveS: doublePrecision('solve_s'),
    /** Histogram buckets of `first_s` and `solve_s` (analytics/facts.ts `bucketOf`). */
    firstB: integer('first_b'),
    solveB: integer('solve_b'),
    everSolved: boolean('ever_solved').notNull(),
    reopened: boolean('reopened').notNull(),
    fcr: boolean('fcr').notNull(),
    /**
     * The SLA outcome no longer depends on the clock (as of the refresh that computed the facts):
     * answered, and solved or closed (or no resolution target); or decided by a target that passed
     * (unanswered past its first-response due time, answered late, open past its resolution due
     * time); or never measured (no first-response target).
     */
    slaFinal: boolean('sla_final').notNull(),
    slaMetFinal: boolean('sla_met_final').notNull(),
    firstResponseDue: ts('first_response_due'),
    firstRespondedAt: ts('first_responded_at'),
    resolutionDue: ts('resolution_due'),
    solvedAt: ts('solved_at'),
    closedAt: ts('closed_at'),
    /** When an outcome not final yet is decided by the clock (its next target), if nothing changes first: the refresh then recomputes it. */
    slaDecidesAt: ts('sla_decides_at'),
    /** When the case first entered the fast lane (a `created` event in it or a `lane_changed` to it), or null. */
    fastEnteredAt: ts('fast_entered_at'),
    /** It entered the fast lane more than once (moved out and back): its entries are counted from its events. */
    fastReentered: boolean('fast_reentered').notNull().default(false),
  },
  (t) => [
    index('case_facts_created').on(t.createdAt),
    index('case_facts_category').on(t.category, t.createdAt),
    index('case_facts_assignee').on(t.assigneeId, t.createdAt),
    index('case_facts_open_sla').on(t.createdAt).where(sql`not ${t.slaFinal}`),
    // Which cases are in a lane, read by index alone: staff time at a period's ends looks up each entry's case.
    index('case_facts_case_lane').on(t.caseId, t.lane),
    index('case_facts_sla_decides').on(t.slaDecidesAt).where(sql`${t.slaDecidesAt} is not null`),
    index('case_facts_fast_entered').on(t.fastEnteredAt).where(sql`${t.fastEnteredAt} is not null and not ${t.fastReentered}`),
    index('case_facts_fast_reentered').on(t.caseId).where(sql`${t.fastReentered}`),
  ],
);

/**
 * Cases that entered the fast lane once, counted per UTC month of that entry (kept with the facts);
 * cases that entered more than once are counted from their events (few: moved out and back).
 */
export const caseFactEntryMonths = pgTable(
  'case_fact_entry_months',
  {
    month: ts('month').primaryKey(),
    cases: integer('cases').notNull(),
  },
);

/**
 * Fast-lane money per UTC month and currency, kept by triggers on `fastlane_orders` (revenue by
 * `paid_at`) and `fastlane_refunds` (succeeded refunds by `decided_at`, in their order's currency)
 * in the writer's transaction; the summary reads whole months here (docs/analytics.md "Rollups").
 */
export const fastlaneMoneyMonths = pgTable(
  'fastlane_money_months',
  {
    month: ts('month').notNull(),
    currency: text('currency').notNull(),
    revenue: bigint('revenue', { mode: 'number' }).notNull(),
    refunds: bigint('refunds', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.currency] })],
);

/** Analytics events counted per UTC month and type, kept by a trigger on `analytics_events` (the summary's deflections). */
export const analyticsEventMonths = pgTable(
  'analytics_event_months',
  {
    month: ts('month').notNull(),
    type: text('type').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.type] })],
);

/**
 * Cases whose facts must be recomputed: a queue, appended to by triggers in the writer's
 * transaction (never a conflict, so a writer never waits for the refresher and no change is
 * lost to a mark the refresher is taking), emptied by analytics/facts.ts by id.
 */
export const caseFactsDirty = pgTable(
  'case_facts_dirty',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: integer('case_id').notNull(),
  },
  // A batch takes every row of its cases: without it, each batch of a large backlog scanned the whole queue.
  (t) => [index('case_facts_dirty_case').on(t.caseId)],
);

/** One row: the key (business hours and lanes counted in calendar time) the facts were computed under. */
export const caseFactsState = pgTable('case_facts_state', {
  id: integer('id').primaryKey(),
  key: text('key').notNull(),
  builtAt: ts('built_at').notNull(),
});

/** The facts summed per UTC month of creation and lane (counts whose value no longer changes with the clock). */
export const caseFactMonths = pgTable(
  'case_fact_months',
  {
    month: ts('month').notNull(),
    lane: text('lane').notNull(),
    cases: integer('cases').notNull(),
    firstN: integer('first_n').notNull(),
    solvedN: integer('solved_n').notNull(),
    everSolved: integer('ever_solved').notNull(),
    reopened: integer('reopened').notNull(),
    fcr: integer('fcr').notNull(),
    widget: integer('widget').notNull(),
    slaMeasuredFinal: integer('sla_measured_final').notNull(),
    slaMetFinal: integer('sla_met_final').notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.lane] })],
);

/** Histograms of first-response (`kind` 1) and resolution (`kind` 2) times per UTC month of creation and lane. */
export const caseFactHist = pgTable(
  'case_fact_hist',
  {
    month: ts('month').notNull(),
    lane: text('lane').notNull(),
    kind: integer('kind').notNull(),
    bucket: integer('bucket').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.lane, t.kind, t.bucket] })],
);

/** Each case's finished staff time per UTC month it started in and agent, with the case's lane. */
export const caseFactTime = pgTable(
  'case_fact_time',
  {
    caseId: integer('case_id').notNull(),
    month: ts('month').notNull(),
    userId: integer('user_id').notNull(),
    lane: text('lane').notNull(),
    seconds: doublePrecision('seconds').notNull(),
    /** The seconds at each entry's own hourly cost (minor units, unrounded), and those with none. */
    cost: doublePrecision('cost').notNull().default(0),
    unpricedSeconds: doublePrecision('unpriced_seconds').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.month, t.userId] })],
);

/** `case_fact_time` summed per month, lane and agent. */
export const caseFactTimeMonths = pgTable(
  'case_fact_time_months',
  {
    month: ts('month').notNull(),
    lane: text('lane').notNull(),
    userId: integer('user_id').notNull(),
    seconds: doublePrecision('seconds').notNull(),
    cost: doublePrecision('cost').notNull().default(0),
    unpricedSeconds: doublePrecision('unpriced_seconds').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.month, t.lane, t.userId] })],
);

/**
 * Survey answers summed per UTC month of answering, lane and question, kept by a trigger on
 * `survey_answers` as answers arrive (the summary reads whole months here, docs/analytics.md "Rollups").
 */
export const surveyMonths = pgTable(
  'survey_months',
  {
    month: ts('month').notNull(),
    lane: text('lane').notNull(),
    question: text('question').notNull(),
    n: integer('n').notNull(),
    scoreSum: bigint('score_sum', { mode: 'number' }).notNull(),
    /** CSAT 4–5, or the fast lane worth its price (1). */
    ok: integer('ok').notNull(),
    promoters: integer('promoters').notNull(),
    detractors: integer('detractors').notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.lane, t.question] })],
);

/**
 * The demo's generated history (`ayuda demo history`, demo/history.ts), one row at most: what
 * was generated and the id ranges it took, so `--replace` removes exactly those rows (a row in
 * a range created at or after `to_at` is not the generator's).
 */
export const demoHistory = pgTable('demo_history', {
  id: integer('id').primaryKey(),
  seed: integer('seed').notNull(),
  days: integer('days').notNull(),
  fromAt: ts('from_at').notNull(),
  toAt: ts('to_at').notNull(),
  /** `{ customers: [min, max], analytics_events: [min, max] }`: every other generated row hangs off those customers. */
  idRanges: jsonb('id_ranges').$type<Record<string, [number, number]>>().notNull(),
  /** What was added, per kind (cases, messages, orders, ...). */
  counts: jsonb('counts').$type<Record<string, number>>().notNull(),
  createdAt: ts('created_at').notNull(),
});

// ---- appointments and callbacks (issue 16) ----

/** A kind of appointment an admin offers: duration, buffer, notice, horizon and the fast lane's reserve. */
export const appointmentTypes = pgTable('appointment_types', {
  key: text('key').primaryKey(),
  /** `{ es, en }` */
  name: jsonb('name').$type<{ es: string; en: string }>().notNull(),
  description: jsonb('description').$type<{ es: string; en: string }>(),
  mode: text('mode').notNull(),
  durationMinutes: integer('duration_minutes').notNull(),
  bufferMinutes: integer('buffer_minutes').notNull(),
  minNoticeMinutes: integer('min_notice_minutes').notNull(),
  maxDaysAhead: integer('max_days_ahead').notNull(),
  reserveShare: doublePrecision('reserve_share').notNull(),
  releaseHours: integer('release_hours').notNull(),
  active: boolean('active').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** Who serves a type. */
export const appointmentTypeAgents = pgTable(
  'appointment_type_agents',
  {
    typeKey: text('type_key')
      .notNull()
      .references(() => appointmentTypes.key, { onDelete: 'cascade' }),
    staffUserId: integer('staff_user_id')
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.typeKey, t.staffUserId] }), index('appointment_type_agents_staff').on(t.staffUserId)],
);

/** An agent's recurring working time: an RFC 5545 RRULE over days, with wall-clock hours in the company's zone. */
export const agentAvailability = pgTable(
  'agent_availability',
  {
    id: serial('id').primaryKey(),
    staffUserId: integer('staff_user_id')
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    rrule: text('rrule').notNull(),
    /** `HH:MM` */
    startTime: text('start_time').notNull(),
    endTime: text('end_time').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validUntil: date('valid_until', { mode: 'string' }),
    position: integer('position').notNull(),
  },
  (t) => [index('agent_availability_staff').on(t.staffUserId)],
);

export const agentAbsences = pgTable(
  'agent_absences',
  {
    id: serial('id').primaryKey(),
    staffUserId: integer('staff_user_id')
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    reason: text('reason'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('agent_absences_staff_end').on(t.staffUserId, t.endsAt)],
);

/**
 * A booked (or cancelled) appointment. `blocked_until` is its end plus its type's buffer: the
 * exclusion constraint `appointments_no_overlap` (migration 0016) refuses two booked
 * appointments of one agent whose [starts_at, blocked_until) overlap, in every process.
 */
export const appointments = pgTable(
  'appointments',
  {
    id: text('id').primaryKey(),
    typeKey: text('type_key')
      .notNull()
      .references(() => appointmentTypes.key),
    staffUserId: integer('staff_user_id')
      .notNull()
      .references(() => staffUsers.id),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    blockedUntil: ts('blocked_until').notNull(),
    /** booked | cancelled */
    status: text('status').notNull(),
    lane: text('lane').notNull(),
    /** Booked in a unit held for the fast lane. */
    inReserve: boolean('in_reserve').notNull(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    locale: text('locale').notNull(),
    phone: text('phone'),
    notes: text('notes'),
    customerId: integer('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    caseId: integer('case_id').references(() => cases.id, { onDelete: 'set null' }),
    /** SHA-256 of the private token of the customer's links (cancel, reschedule, .ics). */
    manageTokenHash: text('manage_token_hash').notNull().unique(),
    /** Raised at each change: iCalendar SEQUENCE. */
    sequence: integer('sequence').notNull().default(0),
    reminderSentAt: ts('reminder_sent_at'),
    cancelledAt: ts('cancelled_at'),
    cancelledBy: text('cancelled_by'),
    cancelReason: text('cancel_reason'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('appointments_staff_start').on(t.staffUserId, t.startsAt),
    index('appointments_booked_start').on(t.startsAt).where(sql`${t.status} = 'booked'`),
    index('appointments_email').on(t.email),
    // An agent's bookings still blocking time after a moment (free slots): without it, every
    // booking the agent ever had that started before the period's end was read.
    index('appointments_booked_staff_blocked').on(t.staffUserId, t.blockedUntil).where(sql`${t.status} = 'booked'`),
    // The calendar of all agents over a period, and a customer's appointments (erasure).
    index('appointments_ends').on(t.endsAt),
    index('appointments_customer').on(t.customerId),
  ],
);

/** Every move of an appointment: by its customer, or after they accepted a proposal. */
export const appointmentMoves = pgTable(
  'appointment_moves',
  {
    id: serial('id').primaryKey(),
    appointmentId: text('appointment_id')
      .notNull()
      .references(() => appointments.id, { onDelete: 'cascade' }),
    fromStart: ts('from_start').notNull(),
    toStart: ts('to_start').notNull(),
    fromStaffUserId: integer('from_staff_user_id').notNull(),
    toStaffUserId: integer('to_staff_user_id').notNull(),
    /** `customer`, or the staff member's name whose proposal the customer accepted. */
    by: text('by').notNull(),
    reason: text('reason').notNull(),
    proposalId: integer('proposal_id'),
    at: ts('at').notNull(),
  },
  (t) => [index('appointment_moves_appointment').on(t.appointmentId)],
);

/** A proposal to move a standard appointment, waiting for its customer's consent. */
export const appointmentProposals = pgTable(
  'appointment_proposals',
  {
    id: serial('id').primaryKey(),
    appointmentId: text('appointment_id')
      .notNull()
      .references(() => appointments.id, { onDelete: 'cascade' }),
    /** pending | accepted | refused | lapsed | withdrawn */
    status: text('status').notNull(),
    proposedStart: ts('proposed_start').notNull(),
    /** Every start offered, the proposed one first (ISO instants). */
    options: jsonb('options').$type<string[]>().notNull(),
    reason: text('reason').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    proposedBy: integer('proposed_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    proposedByName: text('proposed_by_name').notNull(),
    expiresAt: ts('expires_at').notNull(),
    answeredAt: ts('answered_at'),
    acceptedStart: ts('accepted_start'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('appointment_proposals_one_pending').on(t.appointmentId).where(sql`${t.status} = 'pending'`)],
);

/** A staff member's private calendar feed: the SHA-256 of its URL's token (one per person; renewing replaces it). */
export const calendarFeeds = pgTable('calendar_feeds', {
  staffUserId: integer('staff_user_id')
    .primaryKey()
    .references(() => staffUsers.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: ts('created_at').notNull(),
});

/** A customer's request to be called back in a window. */
export const callbacks = pgTable(
  'callbacks',
  {
    id: text('id').primaryKey(),
    /** waiting | done | failed | cancelled */
    status: text('status').notNull(),
    lane: text('lane').notNull(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    /** E.164 */
    phone: text('phone').notNull(),
    locale: text('locale').notNull(),
    windowStart: ts('window_start').notNull(),
    windowEnd: ts('window_end').notNull(),
    dueAt: ts('due_at').notNull(),
    notes: text('notes'),
    customerId: integer('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    caseId: integer('case_id').references(() => cases.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull(),
    closedAt: ts('closed_at'),
  },
  (t) => [
    index('callbacks_waiting').on(t.lane, t.dueAt).where(sql`${t.status} = 'waiting'`),
    // The per-address limit of every public request, the closed lists, a customer's (erasure).
    index('callbacks_email').on(t.email, t.createdAt),
    // Read backwards for the closed lists' order (closed_at desc, created_at desc, id).
    index('callbacks_closed').on(t.status, t.closedAt, t.createdAt, t.id.desc().nullsFirst()),
    index('callbacks_customer').on(t.customerId),
  ],
);

export const callbackAttempts = pgTable(
  'callback_attempts',
  {
    id: serial('id').primaryKey(),
    callbackId: text('callback_id')
      .notNull()
      .references(() => callbacks.id, { onDelete: 'cascade' }),
    staffUserId: integer('staff_user_id').references(() => staffUsers.id, { onDelete: 'set null' }),
    byName: text('by_name').notNull(),
    outcome: text('outcome').notNull(),
    note: text('note'),
    at: ts('at').notNull(),
  },
  (t) => [index('callback_attempts_callback').on(t.callbackId)],
);
