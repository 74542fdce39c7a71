// The emulator's state and business rules, with no HTTP: every API operation is a method
// that takes decoded params and returns a Stripe-shaped object or throws StripeApiError.
import { randomBytes } from 'node:crypto';
import { checkCard, isCardFailure, type CardInput, type TestCard } from './cards.js';
import { invalid, missingParam, notFound, StripeApiError, type StripeErrorBody } from './errors.js';
import type { ParamObject } from './form.js';
import {
  allow,
  applyMetadata,
  arr,
  bool,
  currency,
  expandList,
  int,
  obj,
  oneOf,
  rangeFilter,
  reqStr,
  str,
} from './params.js';
import type {
  BillingPortalSession,
  Charge,
  CheckoutSession,
  Customer,
  Dispute,
  Invoice,
  InvoiceLine,
  InvoicePayment,
  LineItem,
  Metadata,
  PaymentIntent,
  PaymentMethod,
  Price,
  Product,
  Recurring,
  Refund,
  StripeEvent,
  StripeList,
  StripeObject,
  Subscription,
  SubscriptionItem,
} from './types.js';

/** Who caused a change: an API request (its id and idempotency key) or the emulator itself. */
export interface RequestContext {
  id: string | null;
  idempotencyKey: string | null;
}

export const AUTOMATIC: RequestContext = { id: null, idempotencyKey: null };

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function randomId(length = 24): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

const DAY = 86_400;

/** Adds billing intervals the way Stripe does: month ends clamp to the anchor's day. */
export function addInterval(fromUnix: number, recurring: Pick<Recurring, 'interval' | 'interval_count'>, anchorUnix: number): number {
  const count = recurring.interval_count;
  if (recurring.interval === 'day') return fromUnix + count * DAY;
  if (recurring.interval === 'week') return fromUnix + count * 7 * DAY;
  const from = new Date(fromUnix * 1000);
  const anchorDay = new Date(anchorUnix * 1000).getUTCDate();
  const months = recurring.interval === 'month' ? count : count * 12;
  const y = from.getUTCFullYear();
  const m = from.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = Math.min(anchorDay, lastDay);
  return Math.floor(
    Date.UTC(y, m, d, from.getUTCHours(), from.getUTCMinutes(), from.getUTCSeconds()) / 1000,
  );
}

export interface EngineOptions {
  /** The base clock; emulated time is this plus what `advanceClock` added. */
  clock: { now(): Date };
  apiVersion: string;
  /** Public base URL, for checkout and portal page links. */
  baseUrl: () => string;
  accountName: string;
  /** Called for every event, after it is stored. */
  onEvent: (event: StripeEvent) => void;
}

/** All stored objects, by id. Read it in tests; change it only through the API. */
export interface EmulatorState {
  products: Map<string, Product>;
  prices: Map<string, Price>;
  customers: Map<string, Customer>;
  paymentMethods: Map<string, PaymentMethod>;
  checkoutSessions: Map<string, CheckoutSession>;
  paymentIntents: Map<string, PaymentIntent>;
  charges: Map<string, Charge>;
  refunds: Map<string, Refund>;
  subscriptions: Map<string, Subscription>;
  invoices: Map<string, Invoice>;
  invoicePayments: Map<string, InvoicePayment>;
  disputes: Map<string, Dispute>;
  billingPortalSessions: Map<string, BillingPortalSession>;
  events: Map<string, StripeEvent>;
}

interface SessionExtras {
  lineItems: LineItem[];
  paymentIntentData: { metadata: Metadata; description: string | null };
  subscriptionData: { metadata: Metadata; description: string | null };
}

/** The outcome of paying a checkout session with a card. */
export type PaymentResult =
  | { ok: true; session: CheckoutSession }
  | { ok: false; status: number; error: StripeErrorBody };

const PREFIXES: Array<[string, keyof EmulatorState]> = [
  ['prod_', 'products'],
  ['price_', 'prices'],
  ['cus_', 'customers'],
  ['pm_', 'paymentMethods'],
  ['cs_test_', 'checkoutSessions'],
  ['pi_', 'paymentIntents'],
  ['ch_', 'charges'],
  ['re_', 'refunds'],
  ['sub_', 'subscriptions'],
  ['inpay_', 'invoicePayments'],
  ['in_', 'invoices'],
  ['dp_', 'disputes'],
  ['bps_', 'billingPortalSessions'],
  ['evt_', 'events'],
];

const clone = <T>(x: T): T => structuredClone(x);

export class Engine {
  readonly state: EmulatorState = {
    products: new Map(),
    prices: new Map(),
    customers: new Map(),
    paymentMethods: new Map(),
    checkoutSessions: new Map(),
    paymentIntents: new Map(),
    charges: new Map(),
    refunds: new Map(),
    subscriptions: new Map(),
    invoices: new Map(),
    invoicePayments: new Map(),
    disputes: new Map(),
    billingPortalSessions: new Map(),
    events: new Map(),
  };
  private readonly opts: EngineOptions;
  private offsetSeconds = 0;
  /** While processing due work, "now" is the moment that work fell due. */
  private frozenAt: number | null = null;
  private seq = 0;
  private readonly order = new Map<string, number>();
  private readonly sessionExtras = new Map<string, SessionExtras>();
  private readonly cardOf = new Map<string, TestCard>();
  private invoiceCounter = 0;

  constructor(opts: EngineOptions) {
    this.opts = opts;
  }

  // ---- time ---------------------------------------------------------------------------

  /** Emulated time, in unix seconds. */
  now(): number {
    if (this.frozenAt !== null) return this.frozenAt;
    return Math.floor(this.opts.clock.now().getTime() / 1000) + this.offsetSeconds;
  }

  nowDate(): Date {
    return new Date(this.now() * 1000);
  }

  /** Moves emulated time forward and runs everything that fell due, in time order. */
  advance(seconds: number): StripeEvent[] {
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new Error('Ayuda: advanceClock(seconds) takes a number of seconds >= 0.');
    }
    const before = this.state.events.size;
    this.offsetSeconds += Math.floor(seconds);
    this.runDue();
    return [...this.state.events.values()].slice(before);
  }

  /** Renews or ends subscriptions past their period end and expires old checkout sessions. */
  runDue(): void {
    const target = this.now();
    for (let guard = 0; guard < 100_000; guard++) {
      const next = this.nextDue();
      if (!next || next.at > target) break;
      this.frozenAt = next.at;
      try {
        next.run();
      } finally {
        this.frozenAt = null;
      }
    }
  }

  private nextDue(): { at: number; run: () => void } | undefined {
    let best: { at: number; run: () => void } | undefined;
    for (const s of this.state.checkoutSessions.values()) {
      if (s.status === 'open' && (!best || s.expires_at < best.at)) {
        best = { at: s.expires_at, run: () => this.expireSession(s, AUTOMATIC) };
      }
    }
    for (const sub of this.state.subscriptions.values()) {
      if (sub.status === 'canceled') continue;
      const end = periodEnd(sub);
      const cancelAt = sub.cancel_at !== null && sub.cancel_at < end ? sub.cancel_at : null;
      const at = cancelAt ?? end;
      if (!best || at < best.at) best = { at, run: () => this.cycleSubscription(sub, cancelAt !== null) };
    }
    return best;
  }

  // ---- helpers ------------------------------------------------------------------------

  private newId(prefix: string): string {
    return prefix + randomId(prefix === 'cs_test_' ? 58 : 24);
  }

  private store<K extends keyof EmulatorState>(kind: K, o: EmulatorState[K] extends Map<string, infer V> ? V : never): void {
    const object = o as StripeObject;
    (this.state[kind] as Map<string, StripeObject>).set(object.id, object);
    this.order.set(object.id, ++this.seq);
  }

  /** Finds any stored object by id (used by `expand`). */
  lookup(id: string): StripeObject | undefined {
    for (const [prefix, kind] of PREFIXES) {
      if (id.startsWith(prefix)) return (this.state[kind] as Map<string, StripeObject>).get(id);
    }
    return undefined;
  }

  private get<K extends keyof EmulatorState>(kind: K, label: string, id: string, param = 'id') {
    const o = (this.state[kind] as Map<string, StripeObject>).get(id);
    if (!o) throw notFound(label, id, param);
    return o as EmulatorState[K] extends Map<string, infer V> ? V : never;
  }

  emit(type: string, object: StripeObject, ctx: RequestContext, previous?: Record<string, unknown>): StripeEvent {
    const event: StripeEvent = {
      id: this.newId('evt_'),
      object: 'event',
      api_version: this.opts.apiVersion,
      created: this.now(),
      data: previous ? { object: clone(object), previous_attributes: previous } : { object: clone(object) },
      livemode: false,
      pending_webhooks: 0,
      request: { id: ctx.id, idempotency_key: ctx.idempotencyKey },
      type,
    };
    this.store('events', event);
    this.opts.onEvent(event);
    return event;
  }

  /** A copy of `o` with `expand` paths replaced by the objects they name. */
  render<T extends object>(o: T, expand: string[] = []): T {
    const out = clone(o) as unknown as Record<string, unknown>;
    for (const path of expand) this.expandPath(out, path.split('.'), path);
    return out as unknown as T;
  }

  private includable(o: Record<string, unknown>, field: string): unknown {
    if (o.object === 'checkout.session' && field === 'line_items') return this.sessionLineItems(String(o.id));
    if (o.object === 'invoice' && field === 'payments') {
      const data = this.sorted([...this.state.invoicePayments.values()].filter((p) => p.invoice === o.id));
      return { object: 'list', data, has_more: false, url: `/v1/invoices/${String(o.id)}/payments` };
    }
    if (o.object === 'charge' && field === 'refunds') {
      const data = this.sorted([...this.state.refunds.values()].filter((r) => r.charge === o.id));
      return { object: 'list', data, has_more: false, url: `/v1/charges/${String(o.id)}/refunds` };
    }
    return undefined;
  }

  private expandPath(o: Record<string, unknown>, segments: string[], full: string): void {
    const [head, ...rest] = segments;
    if (head === undefined) return;
    if (o.object === 'list' && head === 'data' && Array.isArray(o.data)) {
      for (const item of o.data) this.expandPath(item as Record<string, unknown>, rest, full);
      return;
    }
    let v = o[head];
    if (v === undefined) v = this.includable(o, head);
    if (v === undefined) throw invalid(`This property cannot be expanded (${full}).`, 'expand');
    if (typeof v === 'string') {
      const found = this.lookup(v);
      if (!found) throw invalid(`This property cannot be expanded (${full}).`, 'expand');
      v = clone(found);
    }
    if (v !== null && typeof v === 'object' && rest.length) this.expandPath(v as Record<string, unknown>, rest, full);
    o[head] = v;
  }

  private sorted<T extends StripeObject>(items: T[]): T[] {
    return items.sort((a, b) => (this.order.get(b.id) ?? 0) - (this.order.get(a.id) ?? 0));
  }

  /** Stripe's cursor pagination over newest-first `items`. */
  list<T extends StripeObject>(items: T[], params: ParamObject, url: string, extraAllowed: readonly string[]): StripeList<T> {
    allow(params, ['limit', 'starting_after', 'ending_before', 'expand', ...extraAllowed]);
    const limit = int(params, 'limit') ?? 10;
    if (limit < 1 || limit > 100) throw invalid('Invalid integer: limit must be between 1 and 100', 'limit', 'parameter_invalid_integer');
    const all = this.sorted(items);
    const after = str(params, 'starting_after');
    const before = str(params, 'ending_before');
    let start = 0;
    let end = all.length;
    if (after) {
      const i = all.findIndex((x) => x.id === after);
      if (i === -1) throw notFound('object', after, 'starting_after');
      start = i + 1;
    }
    if (before) {
      const i = all.findIndex((x) => x.id === before);
      if (i === -1) throw notFound('object', before, 'ending_before');
      end = i;
      start = Math.max(0, end - limit);
    }
    const data = all.slice(start, Math.min(end, start + limit));
    const hasMore = before ? start > 0 : start + limit < end;
    return this.render({ object: 'list', data, has_more: hasMore, url }, expandList(params));
  }

  // ---- products -----------------------------------------------------------------------

  createProduct(p: ParamObject, ctx: RequestContext): Product {
    allow(p, ['name', 'description', 'active', 'metadata', 'id', 'expand', 'images', 'url', 'statement_descriptor', 'unit_label']);
    const id = str(p, 'id') || this.newId('prod_');
    if (this.state.products.has(id)) throw invalid(`Product already exists.`, 'id', 'resource_already_exists');
    const now = this.now();
    const product: Product = {
      id,
      object: 'product',
      active: bool(p, 'active') ?? true,
      created: now,
      default_price: null,
      description: str(p, 'description') || null,
      images: (arr(p, 'images') ?? []).map(String),
      livemode: false,
      marketing_features: [],
      metadata: applyMetadata({}, p),
      name: reqStr(p, 'name'),
      package_dimensions: null,
      shippable: null,
      statement_descriptor: str(p, 'statement_descriptor') || null,
      tax_code: null,
      tax_details: null,
      type: 'service',
      unit_label: str(p, 'unit_label') || null,
      updated: now,
      url: str(p, 'url') || null,
    };
    this.store('products', product);
    this.emit('product.created', product, ctx);
    return product;
  }

  updateProduct(id: string, p: ParamObject, ctx: RequestContext): Product {
    allow(p, ['name', 'description', 'active', 'metadata', 'expand', 'images', 'url', 'statement_descriptor', 'unit_label', 'default_price']);
    const product = this.get('products', 'product', id);
    const previous: Record<string, unknown> = {};
    const set = (field: keyof Product, value: unknown): void => {
      if (value === undefined || product[field] === value) return;
      previous[field as string] = product[field];
      (product as Record<string, unknown>)[field as string] = value;
    };
    set('name', str(p, 'name'));
    set('description', p.description === '' ? null : str(p, 'description'));
    set('active', bool(p, 'active'));
    if (p.default_price !== undefined) {
      const priceId = str(p, 'default_price') ?? '';
      if (priceId) this.get('prices', 'price', priceId, 'default_price');
      set('default_price', priceId || null);
    }
    if (p.metadata !== undefined) {
      previous.metadata = product.metadata;
      product.metadata = applyMetadata(product.metadata, p);
    }
    product.updated = this.now();
    this.emit('product.updated', product, ctx, previous);
    return product;
  }

  listProducts(p: ParamObject): StripeList<Product> {
    const active = bool(p, 'active');
    const ids = arr(p, 'ids')?.map(String);
    const created = rangeFilter(p, 'created');
    const items = [...this.state.products.values()].filter(
      (x) => (active === undefined || x.active === active) && (!ids || ids.includes(x.id)) && (!created || created(x.created)),
    );
    return this.list(items, p, '/v1/products', ['active', 'ids', 'created']);
  }

  // ---- prices -------------------------------------------------------------------------

  createPrice(p: ParamObject, ctx: RequestContext): Price {
    allow(p, ['currency', 'unit_amount', 'product', 'product_data', 'recurring', 'lookup_key', 'transfer_lookup_key', 'nickname', 'metadata', 'active', 'tax_behavior', 'expand']);
    const cur = currency(p);
    const amount = int(p, 'unit_amount');
    if (amount === undefined) throw missingParam('unit_amount');
    if (amount < 0) throw invalid('Invalid integer: unit_amount must be >= 0', 'unit_amount', 'parameter_invalid_integer');
    let productId = str(p, 'product');
    const productData = obj(p, 'product_data');
    if (productId && productData) throw invalid('You may only specify one of these parameters: product, product_data.', 'product');
    if (productData) {
      allow(productData, ['name', 'metadata', 'active', 'statement_descriptor', 'unit_label'], 'product_data');
      productId = this.createProduct(productData, ctx).id;
    }
    if (!productId) throw missingParam('product');
    this.get('products', 'product', productId, 'product');
    let recurring: Recurring | null = null;
    const r = obj(p, 'recurring');
    if (r) {
      allow(r, ['interval', 'interval_count', 'usage_type'], 'recurring');
      const interval = oneOf(r, 'interval', ['day', 'week', 'month', 'year'] as const, 'recurring');
      if (!interval) throw missingParam('recurring[interval]');
      const count = int(r, 'interval_count', 'recurring') ?? 1;
      const maxYears = interval === 'year' ? count : interval === 'month' ? count / 12 : interval === 'week' ? count / 52 : count / 365;
      if (count < 1 || maxYears > 3) throw invalid('Invalid recurring[interval_count]: the maximum is three years.', 'recurring[interval_count]');
      if (r.usage_type !== undefined && r.usage_type !== 'licensed') throw invalid('The emulator supports only licensed usage.', 'recurring[usage_type]');
      recurring = { interval, interval_count: count, meter: null, trial_period_days: null, usage_type: 'licensed' };
    }
    const lookupKey = str(p, 'lookup_key') || null;
    if (lookupKey) {
      const holder = [...this.state.prices.values()].find((x) => x.lookup_key === lookupKey);
      if (holder) {
        if (bool(p, 'transfer_lookup_key') !== true) {
          throw invalid(
            `A price (\`${holder.id}\`) already uses that lookup key. Set \`transfer_lookup_key\` to move it to this price.`,
            'lookup_key',
          );
        }
        holder.lookup_key = null;
      }
    }
    const price: Price = {
      id: this.newId('price_'),
      object: 'price',
      active: bool(p, 'active') ?? true,
      billing_scheme: 'per_unit',
      created: this.now(),
      currency: cur,
      custom_unit_amount: null,
      livemode: false,
      lookup_key: lookupKey,
      metadata: applyMetadata({}, p),
      nickname: str(p, 'nickname') || null,
      product: productId,
      recurring,
      tax_behavior: oneOf(p, 'tax_behavior', ['exclusive', 'inclusive', 'unspecified'] as const) ?? 'unspecified',
      tiers_mode: null,
      transform_quantity: null,
      type: recurring ? 'recurring' : 'one_time',
      unit_amount: amount,
      unit_amount_decimal: String(amount),
    };
    this.store('prices', price);
    this.emit('price.created', price, ctx);
    return price;
  }

  updatePrice(id: string, p: ParamObject, ctx: RequestContext): Price {
    allow(p, ['active', 'metadata', 'nickname', 'lookup_key', 'transfer_lookup_key', 'expand']);
    const price = this.get('prices', 'price', id);
    const previous: Record<string, unknown> = {};
    const active = bool(p, 'active');
    if (active !== undefined && active !== price.active) {
      previous.active = price.active;
      price.active = active;
    }
    if (p.nickname !== undefined) {
      previous.nickname = price.nickname;
      price.nickname = str(p, 'nickname') || null;
    }
    if (p.lookup_key !== undefined) {
      const key = str(p, 'lookup_key') || null;
      const holder = key ? [...this.state.prices.values()].find((x) => x.lookup_key === key && x.id !== id) : undefined;
      if (holder) {
        if (bool(p, 'transfer_lookup_key') !== true) {
          throw invalid(`A price (\`${holder.id}\`) already uses that lookup key.`, 'lookup_key');
        }
        holder.lookup_key = null;
      }
      previous.lookup_key = price.lookup_key;
      price.lookup_key = key;
    }
    if (p.metadata !== undefined) {
      previous.metadata = price.metadata;
      price.metadata = applyMetadata(price.metadata, p);
    }
    this.emit('price.updated', price, ctx, previous);
    return price;
  }

  listPrices(p: ParamObject): StripeList<Price> {
    const product = str(p, 'product');
    const active = bool(p, 'active');
    const type = oneOf(p, 'type', ['one_time', 'recurring'] as const);
    const cur = str(p, 'currency')?.toLowerCase();
    const lookupKeys = arr(p, 'lookup_keys')?.map(String);
    const rec = obj(p, 'recurring');
    if (rec) allow(rec, ['interval', 'usage_type'], 'recurring');
    const interval = rec ? str(rec, 'interval', 'recurring') : undefined;
    const created = rangeFilter(p, 'created');
    const items = [...this.state.prices.values()].filter(
      (x) =>
        (!product || x.product === product) &&
        (active === undefined || x.active === active) &&
        (!type || x.type === type) &&
        (!cur || x.currency === cur) &&
        (!lookupKeys || (x.lookup_key !== null && lookupKeys.includes(x.lookup_key))) &&
        (!interval || x.recurring?.interval === interval) &&
        (!created || created(x.created)),
    );
    return this.list(items, p, '/v1/prices', ['product', 'active', 'type', 'currency', 'lookup_keys', 'recurring', 'created']);
  }

  // ---- customers ----------------------------------------------------------------------

  createCustomer(p: ParamObject, ctx: RequestContext): Customer {
    allow(p, ['email', 'name', 'description', 'metadata', 'phone', 'preferred_locales', 'expand']);
    const customer: Customer = {
      id: this.newId('cus_'),
      object: 'customer',
      address: null,
      balance: 0,
      created: this.now(),
      currency: null,
      default_source: null,
      delinquent: false,
      description: str(p, 'description') || null,
      discount: null,
      email: str(p, 'email') || null,
      invoice_prefix: randomId(8).toUpperCase(),
      invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
      livemode: false,
      metadata: applyMetadata({}, p),
      name: str(p, 'name') || null,
      next_invoice_sequence: 1,
      phone: str(p, 'phone') || null,
      preferred_locales: (arr(p, 'preferred_locales') ?? []).map(String),
      shipping: null,
      tax_exempt: 'none',
      test_clock: null,
    };
    this.store('customers', customer);
    this.emit('customer.created', customer, ctx);
    return customer;
  }

  updateCustomer(id: string, p: ParamObject, ctx: RequestContext): Customer {
    allow(p, ['email', 'name', 'description', 'metadata', 'phone', 'preferred_locales', 'invoice_settings', 'expand']);
    const c = this.get('customers', 'customer', id);
    const previous: Record<string, unknown> = {};
    for (const field of ['email', 'name', 'description', 'phone'] as const) {
      if (p[field] === undefined) continue;
      previous[field] = c[field];
      (c as Record<string, unknown>)[field] = str(p, field) || null;
    }
    if (p.preferred_locales !== undefined) {
      previous.preferred_locales = c.preferred_locales;
      c.preferred_locales = (arr(p, 'preferred_locales') ?? []).map(String);
    }
    const settings = obj(p, 'invoice_settings');
    if (settings) {
      allow(settings, ['default_payment_method'], 'invoice_settings');
      const pm = str(settings, 'default_payment_method', 'invoice_settings');
      if (pm) {
        const method = this.get('paymentMethods', 'PaymentMethod', pm, 'invoice_settings[default_payment_method]');
        if (method.customer !== c.id) {
          throw invalid(`The customer does not have a payment method with the ID ${pm}.`, 'invoice_settings[default_payment_method]');
        }
      }
      previous.invoice_settings = clone(c.invoice_settings);
      c.invoice_settings.default_payment_method = pm || null;
    }
    if (p.metadata !== undefined) {
      previous.metadata = c.metadata;
      c.metadata = applyMetadata(c.metadata, p);
    }
    this.emit('customer.updated', c, ctx, previous);
    return c;
  }

  listCustomers(p: ParamObject): StripeList<Customer> {
    const email = str(p, 'email');
    const created = rangeFilter(p, 'created');
    // Stripe matches `email` exactly and case-sensitively.
    const items = [...this.state.customers.values()].filter((c) => (!email || c.email === email) && (!created || created(c.created)));
    return this.list(items, p, '/v1/customers', ['email', 'created']);
  }

  // ---- checkout sessions --------------------------------------------------------------

  createCheckoutSession(p: ParamObject, ctx: RequestContext): CheckoutSession {
    allow(p, [
      'mode', 'line_items', 'success_url', 'cancel_url', 'return_url', 'customer', 'customer_email', 'customer_creation',
      'client_reference_id', 'metadata', 'payment_intent_data', 'subscription_data', 'expires_at', 'ui_mode', 'locale',
      'redirect_on_completion', 'expand', 'submit_type', 'billing_address_collection', 'allow_promotion_codes',
    ]);
    if ('payment_method_types' in p) throw invalid('Received unknown parameter: payment_method_types', 'payment_method_types', 'parameter_unknown');
    const mode = str(p, 'mode');
    if (!mode) throw missingParam('mode');
    if (mode !== 'payment' && mode !== 'subscription') {
      throw invalid(`The emulator supports mode \`payment\` and \`subscription\`, not \`${mode}\`.`, 'mode');
    }
    const uiModeRaw = str(p, 'ui_mode') ?? 'hosted_page';
    if (uiModeRaw === 'hosted' || uiModeRaw === 'embedded') {
      throw invalid(
        `Invalid ui_mode: \`${uiModeRaw}\` was renamed \`${uiModeRaw}_page\` in API version ${this.opts.apiVersion}.`,
        'ui_mode',
      );
    }
    if (uiModeRaw !== 'hosted_page' && uiModeRaw !== 'embedded_page') {
      throw invalid(`Invalid ui_mode: the emulator supports \`hosted_page\` and \`embedded_page\`.`, 'ui_mode');
    }
    const uiMode = uiModeRaw;
    const successUrl = str(p, 'success_url') || null;
    const cancelUrl = str(p, 'cancel_url') || null;
    const returnUrl = str(p, 'return_url') || undefined;
    const redirect = oneOf(p, 'redirect_on_completion', ['always', 'if_required', 'never'] as const);
    if (uiMode === 'hosted_page') {
      if (returnUrl) throw invalid('`return_url` can only be used with `ui_mode: embedded_page`.', 'return_url');
      if (!successUrl) throw missingParam('success_url');
    } else {
      if (successUrl) throw invalid('`success_url` can only be used with `ui_mode: hosted_page`.', 'success_url');
      if (cancelUrl) throw invalid('`cancel_url` can only be used with `ui_mode: hosted_page`.', 'cancel_url');
      if (!returnUrl && redirect !== 'never') throw missingParam('return_url');
    }
    for (const [key, url] of [['success_url', successUrl], ['cancel_url', cancelUrl], ['return_url', returnUrl]] as const) {
      if (url && !/^https?:\/\//.test(url)) throw invalid(`Not a valid URL`, key, 'url_invalid');
    }
    const customerId = str(p, 'customer') || null;
    const customerEmail = str(p, 'customer_email') || null;
    if (customerId && customerEmail) throw invalid('You may only specify one of these parameters: customer, customer_email.', 'customer');
    if (customerId) this.get('customers', 'customer', customerId, 'customer');
    const creation = oneOf(p, 'customer_creation', ['always', 'if_required'] as const);
    if (creation && mode === 'subscription') throw invalid('`customer_creation` can only be used in `payment` mode.', 'customer_creation');

    const rawItems = arr(p, 'line_items');
    if (!rawItems || rawItems.length === 0) throw missingParam('line_items');
    const lineItems: LineItem[] = rawItems.map((raw, i) => {
      const prefix = `line_items[${i}]`;
      if (typeof raw !== 'object' || Array.isArray(raw)) throw invalid('Invalid object', prefix);
      allow(raw, ['price', 'quantity'], prefix);
      const priceId = reqStr(raw, 'price', prefix);
      const price = this.get('prices', 'price', priceId, `${prefix}[price]`);
      if (!price.active) throw invalid(`The price \`${priceId}\` is not active.`, `${prefix}[price]`);
      const quantity = int(raw, 'quantity', prefix);
      if (quantity === undefined) throw missingParam(`${prefix}[quantity]`);
      if (quantity < 1 || quantity > 999_999) throw invalid('Quantity must be between 1 and 999999.', `${prefix}[quantity]`);
      if (mode === 'payment' && price.type === 'recurring') {
        throw invalid('You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.', `${prefix}[price]`);
      }
      if (mode === 'subscription' && price.type !== 'recurring') {
        throw invalid('You must specify at least one recurring price in `subscription` mode; the emulator supports only recurring prices there.', `${prefix}[price]`);
      }
      const product = this.state.products.get(price.product);
      const amount = price.unit_amount * quantity;
      return {
        id: this.newId('li_'),
        object: 'item',
        adjustable_quantity: null,
        amount_discount: 0,
        amount_subtotal: amount,
        amount_tax: 0,
        amount_total: amount,
        currency: price.currency,
        description: product?.name ?? null,
        metadata: {},
        price: clone(price),
        quantity,
      };
    });
    const currencies = new Set(lineItems.map((l) => l.currency));
    if (currencies.size > 1) throw invalid('All line items must use the same currency.', 'line_items');
    if (mode === 'subscription') {
      const intervals = new Set(lineItems.map((l) => `${l.price.recurring?.interval}/${l.price.recurring?.interval_count}`));
      if (intervals.size > 1) throw invalid('All recurring prices must have the same billing interval.', 'line_items');
    }

    const now = this.now();
    const expiresAt = int(p, 'expires_at') ?? now + DAY;
    if (expiresAt < now + 30 * 60 || expiresAt > now + DAY) {
      throw invalid('The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.', 'expires_at');
    }
    const pid = obj(p, 'payment_intent_data');
    if (pid) {
      if (mode !== 'payment') throw invalid('`payment_intent_data` can only be used in `payment` mode.', 'payment_intent_data');
      allow(pid, ['metadata', 'description', 'receipt_email', 'statement_descriptor', 'statement_descriptor_suffix'], 'payment_intent_data');
    }
    const sd = obj(p, 'subscription_data');
    if (sd) {
      if (mode !== 'subscription') throw invalid('`subscription_data` can only be used in `subscription` mode.', 'subscription_data');
      allow(sd, ['metadata', 'description'], 'subscription_data');
    }
    const id = this.newId('cs_test_');
    const total = lineItems.reduce((s, l) => s + l.amount_total, 0);
    const session: CheckoutSession = {
      id,
      object: 'checkout.session',
      adaptive_pricing: { enabled: false },
      after_expiration: null,
      allow_promotion_codes: bool(p, 'allow_promotion_codes') ?? null,
      allowed_payment_method_types: null,
      amount_subtotal: total,
      amount_total: total,
      automatic_tax: { enabled: false, liability: null, provider: null, status: null },
      billing_address_collection: str(p, 'billing_address_collection') || null,
      cancel_url: cancelUrl,
      client_reference_id: str(p, 'client_reference_id') || null,
      client_secret: uiMode === 'embedded_page' ? `${id}_secret_${randomId(24)}` : null,
      collected_information: null,
      consent: null,
      consent_collection: null,
      created: now,
      currency: lineItems[0]?.currency ?? 'usd',
      currency_conversion: null,
      custom_fields: [],
      custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
      customer: customerId,
      customer_account: null,
      customer_creation: mode === 'payment' ? (creation ?? 'if_required') : null,
      customer_details: null,
      customer_email: customerEmail,
      discounts: [],
      expires_at: expiresAt,
      integration_identifier: null,
      invoice: null,
      invoice_creation: mode === 'payment' ? { enabled: false, invoice_data: null } : null,
      livemode: false,
      locale: str(p, 'locale') || null,
      managed_payments: null,
      metadata: applyMetadata({}, p),
      mode,
      origin_context: null,
      payment_intent: null,
      payment_link: null,
      payment_method_collection: 'always',
      payment_method_configuration_details: null,
      payment_method_options: {},
      payment_method_types: ['card'],
      payment_status: 'unpaid',
      permissions: null,
      phone_number_collection: { enabled: false },
      recovered_from: null,
      saved_payment_method_options: null,
      setup_intent: null,
      shipping_address_collection: null,
      shipping_cost: null,
      shipping_options: [],
      status: 'open',
      submit_type: str(p, 'submit_type') || null,
      subscription: null,
      success_url: successUrl,
      total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
      ui_mode: uiMode,
      url: uiMode === 'hosted_page' ? `${this.opts.baseUrl()}/checkout/${id}` : null,
      wallet_options: null,
    };
    if (uiMode === 'embedded_page') {
      session.redirect_on_completion = redirect ?? 'always';
      if (returnUrl) session.return_url = returnUrl;
    }
    this.store('checkoutSessions', session);
    this.sessionExtras.set(id, {
      lineItems,
      paymentIntentData: { metadata: pid ? applyMetadata({}, pid, 'metadata', 'payment_intent_data') : {}, description: pid ? str(pid, 'description') || null : null },
      subscriptionData: { metadata: sd ? applyMetadata({}, sd, 'metadata', 'subscription_data') : {}, description: sd ? str(sd, 'description') || null : null },
    });
    void ctx;
    return session;
  }

  getSession(id: string): CheckoutSession {
    return this.get('checkoutSessions', 'checkout.session', id);
  }

  sessionLineItems(id: string): StripeList<LineItem> {
    const extras = this.sessionExtras.get(id);
    if (!extras) throw notFound('checkout.session', id);
    return { object: 'list', data: extras.lineItems, has_more: false, url: `/v1/checkout/sessions/${id}/line_items` };
  }

  listSessionLineItems(id: string, p: ParamObject): StripeList<LineItem> {
    const items = this.sessionLineItems(id).data;
    // Line items keep the order they were given in, unlike newest-first resources.
    allow(p, ['limit', 'starting_after', 'ending_before', 'expand']);
    const limit = int(p, 'limit') ?? 10;
    const after = str(p, 'starting_after');
    const start = after ? items.findIndex((l) => l.id === after) + 1 : 0;
    const data = items.slice(start, start + limit);
    return this.render(
      { object: 'list', data, has_more: start + limit < items.length, url: `/v1/checkout/sessions/${id}/line_items` },
      expandList(p),
    );
  }

  listSessions(p: ParamObject): StripeList<CheckoutSession> {
    const status = oneOf(p, 'status', ['open', 'complete', 'expired'] as const);
    const customer = str(p, 'customer');
    const pi = str(p, 'payment_intent');
    const sub = str(p, 'subscription');
    const created = rangeFilter(p, 'created');
    const items = [...this.state.checkoutSessions.values()].filter(
      (s) =>
        (!status || s.status === status) &&
        (!customer || s.customer === customer) &&
        (!pi || s.payment_intent === pi) &&
        (!sub || s.subscription === sub) &&
        (!created || created(s.created)),
    );
    return this.list(items, p, '/v1/checkout/sessions', ['status', 'customer', 'payment_intent', 'subscription', 'created']);
  }

  expireSessionById(id: string, p: ParamObject, ctx: RequestContext): CheckoutSession {
    allow(p, ['expand']);
    const s = this.getSession(id);
    if (s.status !== 'open') {
      throw invalid(`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.status}".`);
    }
    this.expireSession(s, ctx);
    return s;
  }

  private expireSession(s: CheckoutSession, ctx: RequestContext): void {
    s.status = 'expired';
    s.url = null;
    if (s.payment_intent) {
      const pi = this.state.paymentIntents.get(s.payment_intent);
      if (pi && pi.status === 'requires_payment_method') {
        pi.status = 'canceled';
        pi.canceled_at = this.now();
        pi.cancellation_reason = 'abandoned';
        this.emit('payment_intent.canceled', pi, AUTOMATIC);
      }
    }
    this.emit('checkout.session.expired', s, ctx);
  }

  /**
   * Pays an open checkout session with a test card, as the hosted page does. On a decline the
   * session stays open and nothing is paid.
   */
  payCheckoutSession(id: string, card: CardInput, payer: { email?: string; name?: string } = {}): PaymentResult {
    this.runDue();
    const s = this.state.checkoutSessions.get(id);
    if (!s) return { ok: false, status: 404, error: notFound('checkout.session', id).body };
    if (s.status !== 'open') {
      return { ok: false, status: 400, error: invalid(`This Checkout Session is no longer active (status: ${s.status}).`).body };
    }
    const extras = this.sessionExtras.get(id);
    if (!extras) return { ok: false, status: 404, error: notFound('checkout.session', id).body };
    const checked = checkCard(card, this.nowDate());
    if (isCardFailure(checked) && checked.code !== 'card_declined') {
      return { ok: false, status: 402, error: { type: 'card_error', code: checked.code, message: checked.message, param: checked.param } };
    }
    const existing = s.customer ? this.state.customers.get(s.customer) : undefined;
    const email = existing?.email ?? s.customer_email ?? (payer.email?.trim() || null);
    if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
      return { ok: false, status: 400, error: invalid('Enter a valid email address.', 'email', 'email_invalid').body };
    }
    const name = payer.name?.trim() || card.name?.trim() || null;
    const testCard: TestCard = isCardFailure(checked)
      ? { number: card.number, brand: 'visa', behaviour: { kind: 'declines', code: checked.code, declineCode: checked.declineCode ?? 'generic_decline', message: checked.message }, description: '' }
      : checked;
    const ctx = AUTOMATIC;
    const customerDetails = {
      address: null, business_name: null, email, individual_name: null, name, phone: null, tax_exempt: 'none', tax_ids: [],
    };

    if (s.mode === 'payment') {
      const customer = existing ?? (s.customer_creation === 'always' ? this.createCustomer({ email, ...(name ? { name } : {}) }, ctx) : undefined);
      const pm = this.createPaymentMethod(testCard, card, email, name, null);
      const outcome = this.charge({
        amount: s.amount_total,
        currency: s.currency,
        customer: customer?.id ?? null,
        paymentMethod: pm,
        card: testCard,
        offSession: false,
        description: extras.paymentIntentData.description,
        metadata: extras.paymentIntentData.metadata,
        existingIntent: s.payment_intent ? this.state.paymentIntents.get(s.payment_intent) : undefined,
        receiptEmail: email,
      });
      s.payment_intent = outcome.intent.id;
      if (!outcome.ok) return { ok: false, status: 402, error: outcome.error };
      s.status = 'complete';
      s.payment_status = 'paid';
      s.customer = customer?.id ?? null;
      s.customer_details = customerDetails;
      s.url = null;
      this.emit('checkout.session.completed', s, ctx);
      return { ok: true, session: s };
    }

    // Subscription mode: the first invoice is paid on-session, so 0341 still succeeds here.
    if (testCard.behaviour.kind === 'declines') {
      const b = testCard.behaviour;
      return {
        ok: false,
        status: 402,
        error: { type: 'card_error', code: b.code, message: b.message, ...(b.declineCode ? { decline_code: b.declineCode } : {}) },
      };
    }
    const customer = existing ?? this.createCustomer({ email, ...(name ? { name } : {}) }, ctx);
    const pm = this.createPaymentMethod(testCard, card, email, name, customer.id);
    this.emit('payment_method.attached', pm, ctx);
    customer.invoice_settings.default_payment_method = pm.id;
    const sub = this.createSubscription(customer, extras, pm, s.currency);
    s.subscription = sub.id;
    s.invoice = sub.latest_invoice;
    s.status = 'complete';
    s.payment_status = 'paid';
    s.customer = customer.id;
    s.customer_details = customerDetails;
    s.url = null;
    this.emit('checkout.session.completed', s, ctx);
    return { ok: true, session: s };
  }

  private createPaymentMethod(card: TestCard, input: CardInput, email: string | null, name: string | null, customer: string | null): PaymentMethod {
    const number = card.number.replace(/\D/g, '');
    const pm: PaymentMethod = {
      id: this.newId('pm_'),
      object: 'payment_method',
      allow_redisplay: 'unspecified',
      billing_details: {
        address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
        email,
        name,
        phone: null,
        tax_id: null,
      },
      card: {
        brand: card.brand,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
        country: 'US',
        display_brand: card.brand,
        exp_month: input.expMonth ?? 12,
        exp_year: input.expYear ?? this.nowDate().getUTCFullYear() + 1,
        fingerprint: number.slice(-8).split('').reverse().join('') + 'emu',
        funding: 'credit',
        generated_from: null,
        last4: number.slice(-4),
        networks: { available: [card.brand], preferred: null },
        regulated_status: 'unregulated',
        three_d_secure_usage: { supported: true },
        wallet: null,
      },
      created: this.now(),
      customer,
      livemode: false,
      metadata: {},
      type: 'card',
    };
    this.store('paymentMethods', pm);
    this.cardOf.set(pm.id, card);
    return pm;
  }

  /** Charges a payment method, creating (or retrying) a PaymentIntent and a Charge. */
  private charge(args: {
    amount: number;
    currency: string;
    customer: string | null;
    paymentMethod: PaymentMethod;
    card: TestCard;
    offSession: boolean;
    description: string | null;
    metadata: Metadata;
    existingIntent?: PaymentIntent | undefined;
    receiptEmail: string | null;
  }): { ok: true; intent: PaymentIntent; charge: Charge } | { ok: false; intent: PaymentIntent; charge: Charge; error: StripeErrorBody } {
    const now = this.now();
    const b = args.card.behaviour;
    const failure =
      b.kind === 'declines'
        ? { code: b.code, declineCode: b.declineCode, message: b.message }
        : b.kind === 'fails_after_attach' && args.offSession
          ? { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' }
          : null;
    let intent = args.existingIntent;
    const isNew = !intent;
    if (!intent) {
      const id = this.newId('pi_');
      intent = {
        id,
        object: 'payment_intent',
        amount: args.amount,
        amount_capturable: 0,
        amount_details: { tip: {} },
        amount_received: 0,
        application: null,
        application_fee_amount: null,
        automatic_payment_methods: null,
        canceled_at: null,
        cancellation_reason: null,
        capture_method: 'automatic_async',
        client_secret: `${id}_secret_${randomId(24)}`,
        confirmation_method: 'automatic',
        created: now,
        currency: args.currency,
        customer: args.customer,
        customer_account: null,
        description: args.description,
        excluded_payment_method_types: null,
        last_payment_error: null,
        latest_charge: null,
        livemode: false,
        managed_payments: null,
        metadata: { ...args.metadata },
        next_action: null,
        on_behalf_of: null,
        payment_method: null,
        payment_method_configuration_details: null,
        payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
        payment_method_types: ['card'],
        payment_record: null,
        processing: null,
        receipt_email: args.receiptEmail,
        review: null,
        setup_future_usage: args.offSession || args.customer ? 'off_session' : null,
        shipping: null,
        source: null,
        statement_descriptor: null,
        statement_descriptor_suffix: null,
        status: 'requires_payment_method',
        transfer_data: null,
        transfer_group: null,
      };
      this.store('paymentIntents', intent);
    }
    const pm = args.paymentMethod;
    const charge: Charge = {
      id: this.newId('ch_'),
      object: 'charge',
      amount: args.amount,
      amount_captured: failure ? 0 : args.amount,
      amount_refunded: 0,
      application: null,
      application_fee: null,
      application_fee_amount: null,
      balance_transaction: failure ? null : this.newId('txn_'),
      billing_details: clone(pm.billing_details),
      calculated_statement_descriptor: this.opts.accountName.toUpperCase().slice(0, 22),
      captured: !failure,
      created: now,
      currency: args.currency,
      customer: args.customer,
      description: args.description,
      disputed: false,
      failure_balance_transaction: null,
      failure_code: failure?.code ?? null,
      failure_message: failure?.message ?? null,
      fraud_details: {},
      livemode: false,
      metadata: { ...args.metadata },
      on_behalf_of: null,
      outcome: failure
        ? { network_status: 'declined_by_network', reason: failure.declineCode ?? failure.code, risk_level: 'normal', risk_score: 20, seller_message: 'The bank did not return any further details with this decline.', type: 'issuer_declined' }
        : { network_status: 'approved_by_network', reason: null, risk_level: 'normal', risk_score: 20, seller_message: 'Payment complete.', type: 'authorized' },
      paid: !failure,
      payment_intent: intent.id,
      payment_method: pm.id,
      payment_method_details: {
        card: {
          brand: pm.card.brand,
          checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
          country: 'US',
          exp_month: pm.card.exp_month,
          exp_year: pm.card.exp_year,
          fingerprint: pm.card.fingerprint,
          funding: 'credit',
          last4: pm.card.last4,
          network: pm.card.brand,
          three_d_secure: null,
          wallet: null,
        },
        type: 'card',
      },
      receipt_email: args.receiptEmail,
      receipt_number: null,
      receipt_url: null,
      refunded: false,
      review: null,
      shipping: null,
      source: null,
      source_transfer: null,
      statement_descriptor: null,
      statement_descriptor_suffix: null,
      status: failure ? 'failed' : 'succeeded',
      transfer_data: null,
      transfer_group: null,
    };
    this.store('charges', charge);
    intent.latest_charge = charge.id;
    intent.payment_method = failure ? null : pm.id;
    if (isNew) this.emit('payment_intent.created', intent, AUTOMATIC);
    if (failure) {
      const error: StripeErrorBody = {
        type: 'card_error',
        code: failure.code,
        message: failure.message,
        charge: charge.id,
        ...(failure.declineCode ? { decline_code: failure.declineCode } : {}),
      };
      intent.status = 'requires_payment_method';
      intent.last_payment_error = { ...error, payment_method: clone(pm) };
      this.emit('charge.failed', charge, AUTOMATIC);
      this.emit('payment_intent.payment_failed', intent, AUTOMATIC);
      return { ok: false, intent, charge, error: { ...error, payment_intent: clone(intent) } };
    }
    intent.status = 'succeeded';
    intent.amount_received = args.amount;
    intent.last_payment_error = null;
    this.emit('charge.succeeded', charge, AUTOMATIC);
    this.emit('payment_intent.succeeded', intent, AUTOMATIC);
    return { ok: true, intent, charge };
  }

  // ---- subscriptions and invoices -----------------------------------------------------

  private createSubscription(customer: Customer, extras: SessionExtras, pm: PaymentMethod, cur: string): Subscription {
    const now = this.now();
    const subId = this.newId('sub_');
    const items: SubscriptionItem[] = extras.lineItems.map((li) => {
      const price = clone(this.state.prices.get(li.price.id) ?? li.price);
      const recurring = price.recurring as Recurring;
      return {
        id: this.newId('si_'),
        object: 'subscription_item',
        billing_thresholds: null,
        created: now,
        current_period_end: addInterval(now, recurring, now),
        current_period_start: now,
        discounts: [],
        metadata: {},
        plan: planOf(price),
        price,
        quantity: li.quantity,
        subscription: subId,
        tax_rates: [],
      };
    });
    const sub: Subscription = {
      id: subId,
      object: 'subscription',
      application: null,
      application_fee_percent: null,
      automatic_tax: { disabled_reason: null, enabled: false, liability: null },
      billing_cycle_anchor: now,
      billing_cycle_anchor_config: null,
      billing_mode: { flexible: { proration_discounts: 'included' }, type: 'flexible', updated_at: now },
      billing_schedules: [],
      billing_thresholds: null,
      cancel_at: null,
      cancel_at_period_end: false,
      canceled_at: null,
      cancellation_details: { comment: null, feedback: null, reason: null },
      collection_method: 'charge_automatically',
      created: now,
      currency: cur,
      customer: customer.id,
      customer_account: null,
      days_until_due: null,
      default_payment_method: pm.id,
      default_source: null,
      default_tax_rates: [],
      description: extras.subscriptionData.description,
      discounts: [],
      ended_at: null,
      invoice_settings: { account_tax_ids: null, issuer: { type: 'self' } },
      items: { object: 'list', data: items, has_more: false, url: `/v1/subscription_items?subscription=${subId}` },
      latest_invoice: null,
      livemode: false,
      managed_payments: null,
      metadata: { ...extras.subscriptionData.metadata },
      next_pending_invoice_item_invoice: null,
      on_behalf_of: null,
      pause_collection: null,
      payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
      pending_invoice_item_interval: null,
      pending_setup_intent: null,
      pending_update: null,
      schedule: null,
      start_date: now,
      status: 'active',
      test_clock: null,
      transfer_data: null,
      trial_end: null,
      trial_settings: { end_behavior: { missing_payment_method: 'create_invoice' } },
      trial_start: null,
    };
    this.store('subscriptions', sub);
    const invoice = this.createInvoice(sub, customer, 'subscription_create', { start: now, end: now });
    sub.latest_invoice = invoice.id;
    this.emit('customer.subscription.created', sub, AUTOMATIC);
    this.collectInvoice(invoice, sub, pm, false);
    return sub;
  }

  private createInvoice(sub: Subscription, customer: Customer, reason: string, period: { start: number; end: number }): Invoice {
    const now = this.now();
    const id = this.newId('in_');
    const lines: InvoiceLine[] = sub.items.data.map((item) => {
      const amount = item.price.unit_amount * item.quantity;
      const product = this.state.products.get(item.price.product);
      return {
        id: this.newId('il_'),
        object: 'line_item',
        amount,
        currency: sub.currency,
        description: `${item.quantity} × ${product?.name ?? item.price.product} (at ${formatMoney(item.price.unit_amount, sub.currency)} / ${item.price.recurring?.interval ?? 'month'})`,
        discount_amounts: [],
        discountable: true,
        discounts: [],
        invoice: id,
        livemode: false,
        metadata: {},
        parent: {
          invoice_item_details: null,
          subscription_item_details: { invoice_item: null, proration: false, proration_details: { credited_items: null }, subscription: sub.id, subscription_item: item.id },
          type: 'subscription_item_details',
        },
        period: { start: item.current_period_start, end: item.current_period_end },
        pretax_credit_amounts: [],
        pricing: { price_details: { price: item.price.id, product: item.price.product }, type: 'price_details', unit_amount_decimal: String(item.price.unit_amount) },
        quantity: item.quantity,
        quantity_decimal: String(item.quantity),
        subscription: sub.id,
        subtotal: amount,
        taxes: [],
      };
    });
    const total = lines.reduce((s, l) => s + l.amount, 0);
    const number = `${customer.invoice_prefix}-${String(customer.next_invoice_sequence++).padStart(4, '0')}`;
    this.invoiceCounter++;
    const invoice: Invoice = {
      id,
      object: 'invoice',
      account_country: 'ES',
      account_name: this.opts.accountName,
      account_tax_ids: null,
      amount_due: total,
      amount_overpaid: 0,
      amount_paid: 0,
      amount_remaining: total,
      amount_shipping: 0,
      application: null,
      attempt_count: 0,
      attempted: false,
      auto_advance: true,
      automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
      automatically_finalizes_at: null,
      billing_reason: reason,
      collection_method: 'charge_automatically',
      confirmation_secret: null,
      created: now,
      currency: sub.currency,
      custom_fields: null,
      customer: customer.id,
      customer_account: null,
      customer_address: null,
      customer_email: customer.email,
      customer_name: customer.name,
      customer_phone: null,
      customer_shipping: null,
      customer_tax_exempt: 'none',
      customer_tax_ids: [],
      default_payment_method: null,
      default_source: null,
      default_tax_rates: [],
      description: null,
      discounts: [],
      due_date: null,
      effective_at: now,
      ending_balance: 0,
      footer: null,
      from_invoice: null,
      hosted_invoice_url: `${this.opts.baseUrl()}/invoices/${id}`,
      invoice_pdf: null,
      issuer: { type: 'self' },
      last_finalization_error: null,
      latest_revision: null,
      lines: { object: 'list', data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
      livemode: false,
      metadata: {},
      next_payment_attempt: null,
      number,
      on_behalf_of: null,
      parent: { quote_details: null, subscription_details: { metadata: { ...sub.metadata }, subscription: sub.id }, type: 'subscription_details' },
      payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
      period_end: period.end,
      period_start: period.start,
      post_payment_credit_notes_amount: 0,
      pre_payment_credit_notes_amount: 0,
      receipt_number: null,
      rendering: null,
      shipping_cost: null,
      shipping_details: null,
      starting_balance: 0,
      statement_descriptor: null,
      status: 'open',
      status_transitions: { finalized_at: now, marked_uncollectible_at: null, paid_at: null, voided_at: null },
      subtotal: total,
      subtotal_excluding_tax: total,
      test_clock: null,
      total,
      total_discount_amounts: [],
      total_excluding_tax: total,
      total_pretax_credit_amounts: [],
      total_taxes: [],
      webhooks_delivered_at: now,
    };
    this.store('invoices', invoice);
    this.emit('invoice.created', invoice, AUTOMATIC);
    this.emit('invoice.finalized', invoice, AUTOMATIC);
    return invoice;
  }

  /** Tries to pay an open invoice with a payment method; returns whether it was paid. */
  private collectInvoice(invoice: Invoice, sub: Subscription, pm: PaymentMethod | undefined, offSession: boolean): boolean {
    invoice.attempt_count += 1;
    invoice.attempted = true;
    const card = pm ? this.cardOf.get(pm.id) : undefined;
    if (!pm || !card) {
      this.emit('invoice.payment_failed', invoice, AUTOMATIC);
      return false;
    }
    const existing = [...this.state.invoicePayments.values()].find((x) => x.invoice === invoice.id && x.status === 'open');
    const outcome = this.charge({
      amount: invoice.amount_due,
      currency: invoice.currency,
      customer: invoice.customer,
      paymentMethod: pm,
      card,
      offSession,
      description: invoice.billing_reason === 'subscription_create' ? 'Subscription creation' : 'Subscription update',
      metadata: {},
      existingIntent: existing ? this.state.paymentIntents.get(existing.payment.payment_intent) : undefined,
      receiptEmail: null,
    });
    const payment: InvoicePayment = existing ?? {
      id: this.newId('inpay_'),
      object: 'invoice_payment',
      amount_paid: null,
      amount_requested: invoice.amount_due,
      created: this.now(),
      currency: invoice.currency,
      invoice: invoice.id,
      is_default: true,
      livemode: false,
      payment: { type: 'payment_intent', payment_intent: outcome.intent.id },
      status: 'open',
      status_transitions: { canceled_at: null, paid_at: null },
    };
    if (!existing) this.store('invoicePayments', payment);
    if (!outcome.ok) {
      invoice.next_payment_attempt = null;
      this.emit('invoice.payment_failed', invoice, AUTOMATIC);
      return false;
    }
    const now = this.now();
    payment.status = 'paid';
    payment.amount_paid = invoice.amount_due;
    payment.status_transitions.paid_at = now;
    invoice.status = 'paid';
    invoice.amount_paid = invoice.amount_due;
    invoice.amount_remaining = 0;
    invoice.status_transitions.paid_at = now;
    invoice.default_payment_method = pm.id;
    this.emit('invoice_payment.paid', payment, AUTOMATIC);
    this.emit('invoice.paid', invoice, AUTOMATIC);
    this.emit('invoice.payment_succeeded', invoice, AUTOMATIC);
    void sub;
    return true;
  }

  /** Runs the period end of a subscription: end it, or renew and charge the saved card. */
  private cycleSubscription(sub: Subscription, cancelAtReached: boolean): void {
    const now = this.now();
    if (sub.cancel_at_period_end || cancelAtReached) {
      const previous = { status: sub.status };
      sub.status = 'canceled';
      sub.ended_at = now;
      sub.canceled_at = sub.canceled_at ?? now;
      sub.cancellation_details.reason = sub.cancellation_details.reason ?? 'cancellation_requested';
      this.emit('customer.subscription.deleted', sub, AUTOMATIC, previous);
      return;
    }
    const customer = this.state.customers.get(sub.customer);
    if (!customer) return;
    const previousItems = clone(sub.items);
    const oldStart = Math.min(...sub.items.data.map((i) => i.current_period_start));
    for (const item of sub.items.data) {
      const recurring = item.price.recurring as Recurring;
      item.current_period_start = item.current_period_end;
      item.current_period_end = addInterval(item.current_period_end, recurring, sub.billing_cycle_anchor);
    }
    const invoice = this.createInvoice(sub, customer, 'subscription_cycle', { start: oldStart, end: now });
    const previous: Record<string, unknown> = { items: previousItems, latest_invoice: sub.latest_invoice };
    sub.latest_invoice = invoice.id;
    const pmId = sub.default_payment_method ?? customer.invoice_settings.default_payment_method;
    const pm = pmId ? this.state.paymentMethods.get(pmId) : undefined;
    const paid = this.collectInvoice(invoice, sub, pm, true);
    const status = paid ? 'active' : 'past_due';
    if (status !== sub.status) {
      previous.status = sub.status;
      sub.status = status;
    }
    this.emit('customer.subscription.updated', sub, AUTOMATIC, previous);
  }

  retrieveSubscription(id: string): Subscription {
    return this.get('subscriptions', 'subscription', id);
  }

  listSubscriptions(p: ParamObject): StripeList<Subscription> {
    const customer = str(p, 'customer');
    const status = oneOf(p, 'status', ['active', 'all', 'canceled', 'ended', 'incomplete', 'incomplete_expired', 'past_due', 'paused', 'trialing', 'unpaid'] as const);
    const price = str(p, 'price');
    const created = rangeFilter(p, 'created');
    const items = [...this.state.subscriptions.values()].filter(
      (s) =>
        (!customer || s.customer === customer) &&
        (status === 'all' || (status === undefined ? s.status !== 'canceled' : status === 'ended' ? s.status === 'canceled' : s.status === status)) &&
        (!price || s.items.data.some((i) => i.price.id === price)) &&
        (!created || created(s.created)),
    );
    return this.list(items, p, '/v1/subscriptions', ['customer', 'status', 'price', 'created']);
  }

  updateSubscription(id: string, p: ParamObject, ctx: RequestContext): Subscription {
    allow(p, ['cancel_at_period_end', 'cancel_at', 'metadata', 'cancellation_details', 'description', 'default_payment_method', 'proration_behavior', 'expand']);
    const sub = this.retrieveSubscription(id);
    if (sub.status === 'canceled') {
      const onlyAllowed = Object.keys(p).every((k) => k === 'metadata' || k === 'cancellation_details' || k === 'expand');
      if (!onlyAllowed) throw invalid('A canceled subscription can only update its cancellation_details and metadata.');
    }
    const previous: Record<string, unknown> = {};
    const capAt = bool(p, 'cancel_at_period_end');
    if (capAt !== undefined && p.cancel_at !== undefined && p.cancel_at !== '') {
      throw invalid('You may only specify one of these parameters: cancel_at, cancel_at_period_end.', 'cancel_at');
    }
    if (capAt !== undefined && capAt !== sub.cancel_at_period_end) {
      previous.cancel_at_period_end = sub.cancel_at_period_end;
      previous.cancel_at = sub.cancel_at;
      previous.canceled_at = sub.canceled_at;
      sub.cancel_at_period_end = capAt;
      sub.cancel_at = capAt ? periodEnd(sub) : null;
      sub.canceled_at = capAt ? this.now() : null;
    }
    if (p.cancel_at !== undefined) {
      const at = int(p, 'cancel_at') ?? null;
      if (at !== null && at <= this.now()) throw invalid('`cancel_at` must be in the future.', 'cancel_at');
      previous.cancel_at = sub.cancel_at;
      sub.cancel_at = at;
      sub.cancel_at_period_end = false;
    }
    const details = obj(p, 'cancellation_details');
    if (details) {
      allow(details, ['comment', 'feedback'], 'cancellation_details');
      previous.cancellation_details = clone(sub.cancellation_details);
      if (details.comment !== undefined) sub.cancellation_details.comment = str(details, 'comment', 'cancellation_details') || null;
      if (details.feedback !== undefined) {
        sub.cancellation_details.feedback =
          oneOf(details, 'feedback', ['customer_service', 'low_quality', 'missing_features', 'other', 'switched_service', 'too_complex', 'too_expensive', 'unused'] as const, 'cancellation_details') ?? null;
      }
    }
    if (p.description !== undefined) {
      previous.description = sub.description;
      sub.description = str(p, 'description') || null;
    }
    if (p.default_payment_method !== undefined) {
      const pmId = str(p, 'default_payment_method') || null;
      if (pmId) {
        const pm = this.get('paymentMethods', 'payment_method', pmId, 'default_payment_method');
        if (pm.customer !== sub.customer) throw invalid(`The customer does not have a payment method with the ID ${pmId}.`, 'default_payment_method');
      }
      previous.default_payment_method = sub.default_payment_method;
      sub.default_payment_method = pmId;
    }
    oneOf(p, 'proration_behavior', ['always_invoice', 'create_prorations', 'none'] as const);
    if (p.metadata !== undefined) {
      previous.metadata = sub.metadata;
      sub.metadata = applyMetadata(sub.metadata, p);
    }
    this.emit('customer.subscription.updated', sub, ctx, previous);
    return sub;
  }

  /**
   * Cancels at once. `prorate` credits the unused time to the customer's balance, as Stripe
   * does (it is not a refund); with `invoice_now` that credit appears on a final invoice.
   */
  cancelSubscription(id: string, p: ParamObject, ctx: RequestContext): Subscription {
    allow(p, ['invoice_now', 'prorate', 'cancellation_details', 'expand']);
    const sub = this.retrieveSubscription(id);
    if (sub.status === 'canceled') throw invalid(`This subscription is already canceled (${id}).`, undefined, 'resource_missing');
    const prorate = bool(p, 'prorate') ?? false;
    const invoiceNow = bool(p, 'invoice_now') ?? false;
    const details = obj(p, 'cancellation_details');
    if (details) {
      allow(details, ['comment', 'feedback'], 'cancellation_details');
      sub.cancellation_details.comment = str(details, 'comment', 'cancellation_details') || null;
      sub.cancellation_details.feedback = str(details, 'feedback', 'cancellation_details') || null;
    }
    const now = this.now();
    const previous = { status: sub.status };
    if (prorate) {
      let credit = 0;
      for (const item of sub.items.data) {
        const length = item.current_period_end - item.current_period_start;
        const unused = Math.max(0, item.current_period_end - now);
        credit += Math.floor((item.price.unit_amount * item.quantity * unused) / Math.max(1, length));
      }
      const customer = this.state.customers.get(sub.customer);
      if (customer && credit > 0) {
        const before = customer.balance;
        customer.balance -= credit;
        if (invoiceNow) {
          const invoice = this.createInvoice(sub, customer, 'subscription_update', { start: now, end: now });
          const line = invoice.lines.data[0];
          if (line) {
            invoice.lines.data = [{ ...line, amount: -credit, subtotal: -credit, description: 'Unused time (credit)' } as InvoiceLine];
          }
          Object.assign(invoice, {
            total: -credit, subtotal: -credit, subtotal_excluding_tax: -credit, total_excluding_tax: -credit,
            amount_due: 0, amount_remaining: 0, starting_balance: before, ending_balance: customer.balance, status: 'paid',
          });
          invoice.status_transitions.paid_at = now;
          sub.latest_invoice = invoice.id;
          this.emit('invoice.paid', invoice, AUTOMATIC);
        }
        this.emit('customer.updated', customer, AUTOMATIC, { balance: before });
      }
    }
    sub.status = 'canceled';
    sub.canceled_at = now;
    sub.ended_at = now;
    sub.cancellation_details.reason = 'cancellation_requested';
    this.emit('customer.subscription.deleted', sub, ctx, previous);
    return sub;
  }

  listInvoices(p: ParamObject): StripeList<Invoice> {
    const customer = str(p, 'customer');
    const subscription = str(p, 'subscription');
    const status = oneOf(p, 'status', ['draft', 'open', 'paid', 'uncollectible', 'void'] as const);
    const created = rangeFilter(p, 'created');
    const items = [...this.state.invoices.values()].filter(
      (i) =>
        (!customer || i.customer === customer) &&
        (!subscription || i.parent?.subscription_details.subscription === subscription) &&
        (!status || i.status === status) &&
        (!created || created(i.created)),
    );
    return this.list(items, p, '/v1/invoices', ['customer', 'subscription', 'status', 'created', 'collection_method']);
  }

  listInvoicePayments(p: ParamObject): StripeList<InvoicePayment> {
    const invoice = str(p, 'invoice');
    const payment = obj(p, 'payment');
    if (payment) allow(payment, ['type', 'payment_intent'], 'payment');
    const pi = payment ? str(payment, 'payment_intent', 'payment') : undefined;
    const status = str(p, 'status');
    const items = [...this.state.invoicePayments.values()].filter(
      (x) => (!invoice || x.invoice === invoice) && (!pi || x.payment.payment_intent === pi) && (!status || x.status === status),
    );
    return this.list(items, p, '/v1/invoice_payments', ['invoice', 'payment', 'status', 'created']);
  }

  /** `POST /v1/invoices/:id/pay`: retries an open invoice with the saved card. */
  payInvoice(id: string, p: ParamObject, ctx: RequestContext): Invoice {
    allow(p, ['payment_method', 'off_session', 'expand']);
    const invoice = this.get('invoices', 'invoice', id);
    if (invoice.status !== 'open') throw invalid('Invoice is already paid', undefined, 'invoice_not_open');
    const subId = invoice.parent?.subscription_details.subscription;
    const sub = subId ? this.state.subscriptions.get(subId) : undefined;
    const customer = this.state.customers.get(invoice.customer);
    const pmId = str(p, 'payment_method') || sub?.default_payment_method || customer?.invoice_settings.default_payment_method;
    const pm = pmId ? this.get('paymentMethods', 'payment_method', pmId, 'payment_method') : undefined;
    if (!sub) throw invalid('The emulator pays only subscription invoices.');
    const paid = this.collectInvoice(invoice, sub, pm, bool(p, 'off_session') ?? true);
    if (!paid) {
      const intentId = [...this.state.invoicePayments.values()].find((x) => x.invoice === id)?.payment.payment_intent;
      const intent = intentId ? this.state.paymentIntents.get(intentId) : undefined;
      const err = (intent?.last_payment_error ?? { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' }) as Record<string, unknown>;
      const { payment_method: _pm, ...body } = err;
      void _pm;
      throw new StripeApiError(402, body as unknown as StripeErrorBody);
    }
    if (sub.status === 'past_due' && sub.latest_invoice === invoice.id) {
      sub.status = 'active';
      this.emit('customer.subscription.updated', sub, ctx, { status: 'past_due' });
    }
    return invoice;
  }

  /** Emulator-only: replaces a customer's saved card (and its subscriptions' default). */
  setCustomerCard(customerId: string, card: CardInput): PaymentMethod {
    const customer = this.get('customers', 'customer', customerId);
    const checked = checkCard(card, this.nowDate());
    if (isCardFailure(checked) && checked.code !== 'card_declined') throw new StripeApiError(402, { type: 'card_error', code: checked.code, message: checked.message, param: checked.param });
    const testCard: TestCard = isCardFailure(checked)
      ? { number: card.number, brand: 'visa', behaviour: { kind: 'declines', code: 'card_declined', declineCode: checked.declineCode ?? 'generic_decline', message: checked.message }, description: '' }
      : checked;
    const pm = this.createPaymentMethod(testCard, card, customer.email, card.name ?? customer.name, customer.id);
    this.emit('payment_method.attached', pm, AUTOMATIC);
    const before = clone(customer.invoice_settings);
    customer.invoice_settings.default_payment_method = pm.id;
    this.emit('customer.updated', customer, AUTOMATIC, { invoice_settings: before });
    for (const sub of this.state.subscriptions.values()) {
      if (sub.customer === customerId && sub.status !== 'canceled') {
        const prev = sub.default_payment_method;
        sub.default_payment_method = pm.id;
        this.emit('customer.subscription.updated', sub, AUTOMATIC, { default_payment_method: prev });
      }
    }
    return pm;
  }

  // ---- payment intents, charges, refunds, disputes ------------------------------------

  listPaymentIntents(p: ParamObject): StripeList<PaymentIntent> {
    const customer = str(p, 'customer');
    const created = rangeFilter(p, 'created');
    const items = [...this.state.paymentIntents.values()].filter((x) => (!customer || x.customer === customer) && (!created || created(x.created)));
    return this.list(items, p, '/v1/payment_intents', ['customer', 'created']);
  }

  listCharges(p: ParamObject): StripeList<Charge> {
    const customer = str(p, 'customer');
    const pi = str(p, 'payment_intent');
    const created = rangeFilter(p, 'created');
    const items = [...this.state.charges.values()].filter(
      (x) => (!customer || x.customer === customer) && (!pi || x.payment_intent === pi) && (!created || created(x.created)),
    );
    return this.list(items, p, '/v1/charges', ['customer', 'payment_intent', 'created']);
  }

  createRefund(p: ParamObject, ctx: RequestContext): Refund {
    allow(p, ['payment_intent', 'charge', 'amount', 'reason', 'metadata', 'expand', 'instructions_email']);
    // Parameters are validated before the charge's state, as Stripe does.
    const reason = oneOf(p, 'reason', ['duplicate', 'fraudulent', 'requested_by_customer'] as const) ?? null;
    const requested = int(p, 'amount');
    const metadata = applyMetadata({}, p);
    const piId = str(p, 'payment_intent');
    const chId = str(p, 'charge');
    if (!piId && !chId) throw invalid('One of the following params should be provided for this request: payment_intent or charge.', undefined, 'parameter_missing');
    let charge: Charge;
    if (chId) {
      charge = this.get('charges', 'charge', chId, 'charge');
      if (piId && charge.payment_intent !== piId) throw invalid(`Charge ${chId} does not belong to PaymentIntent ${piId}.`, 'charge');
    } else {
      const intent = this.get('paymentIntents', 'payment_intent', piId as string, 'payment_intent');
      const latest = intent.latest_charge ? this.state.charges.get(intent.latest_charge) : undefined;
      if (intent.status !== 'succeeded' || !latest || latest.status !== 'succeeded') {
        throw invalid(`This PaymentIntent (${intent.id}) does not have a successful charge to refund.`, 'payment_intent', 'charge_not_refundable');
      }
      charge = latest;
    }
    if (charge.status !== 'succeeded') throw invalid(`Charge ${charge.id} has not succeeded and cannot be refunded.`, 'charge', 'charge_not_refundable');
    if (charge.disputed) throw invalid(`Charge ${charge.id} has been charged back; refund the dispute instead.`, 'charge', 'charge_disputed');
    if (charge.refunded) throw invalid(`Charge ${charge.id} has already been refunded.`, 'charge', 'charge_already_refunded');
    const remaining = charge.amount - charge.amount_refunded;
    const amount = requested ?? remaining;
    if (amount < 1) throw invalid('Invalid positive integer', 'amount', 'parameter_invalid_integer');
    if (amount > remaining) {
      throw invalid(
        `Refund amount (${formatMoney(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatMoney(remaining, charge.currency)})`,
        'amount',
        'amount_too_large',
      );
    }
    const refund: Refund = {
      id: this.newId('re_'),
      object: 'refund',
      amount,
      balance_transaction: this.newId('txn_'),
      charge: charge.id,
      created: this.now(),
      currency: charge.currency,
      customer: charge.customer,
      customer_account: null,
      destination_details: { card: { reference: randomId(12), reference_status: 'available', reference_type: 'acquirer_reference_number', type: 'refund' }, type: 'card' },
      metadata,
      payment_intent: charge.payment_intent,
      payment_method: charge.payment_method,
      reason,
      receipt_number: null,
      source_transfer_reversal: null,
      status: 'succeeded',
      transfer_reversal: null,
    };
    this.store('refunds', refund);
    const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    this.emit('refund.created', refund, ctx);
    this.emit('charge.refunded', charge, ctx, previous);
    return refund;
  }

  listRefunds(p: ParamObject): StripeList<Refund> {
    const charge = str(p, 'charge');
    const pi = str(p, 'payment_intent');
    const created = rangeFilter(p, 'created');
    const items = [...this.state.refunds.values()].filter(
      (x) => (!charge || x.charge === charge) && (!pi || x.payment_intent === pi) && (!created || created(x.created)),
    );
    return this.list(items, p, '/v1/refunds', ['charge', 'payment_intent', 'created']);
  }

  /** Emulator-only: the cardholder disputes a charge. */
  openDispute(chargeId: string, opts: { reason?: string; amount?: number } = {}): Dispute {
    const charge = this.get('charges', 'charge', chargeId);
    if (charge.status !== 'succeeded') throw invalid(`Charge ${chargeId} did not succeed; it cannot be disputed.`);
    if (charge.disputed) throw invalid(`Charge ${chargeId} is already disputed.`);
    const now = this.now();
    const dispute: Dispute = {
      id: this.newId('dp_'),
      object: 'dispute',
      amount: opts.amount ?? charge.amount - charge.amount_refunded,
      balance_transactions: [],
      charge: charge.id,
      created: now,
      currency: charge.currency,
      enhanced_eligibility_types: [],
      evidence: {},
      evidence_details: { due_by: now + 7 * DAY, enhanced_eligibility: {}, has_evidence: false, past_due: false, submission_count: 0 },
      intended_submission_method: null,
      is_charge_refundable: false,
      livemode: false,
      metadata: {},
      payment_intent: charge.payment_intent,
      payment_method_details: { card: { brand: 'visa', case_type: 'chargeback', network_reason_code: '10.4' }, type: 'card' },
      reason: opts.reason ?? 'fraudulent',
      status: 'needs_response',
    };
    this.store('disputes', dispute);
    charge.disputed = true;
    this.emit('charge.dispute.created', dispute, AUTOMATIC);
    return dispute;
  }

  listDisputes(p: ParamObject): StripeList<Dispute> {
    const charge = str(p, 'charge');
    const pi = str(p, 'payment_intent');
    const items = [...this.state.disputes.values()].filter((x) => (!charge || x.charge === charge) && (!pi || x.payment_intent === pi));
    return this.list(items, p, '/v1/disputes', ['charge', 'payment_intent', 'created']);
  }

  // ---- billing portal, events ---------------------------------------------------------

  createPortalSession(p: ParamObject, ctx: RequestContext): BillingPortalSession {
    allow(p, ['customer', 'return_url', 'configuration', 'locale', 'expand']);
    const customer = reqStr(p, 'customer');
    this.get('customers', 'customer', customer, 'customer');
    const returnUrl = str(p, 'return_url') || null;
    if (returnUrl && !/^https?:\/\//.test(returnUrl)) throw invalid('Not a valid URL', 'return_url', 'url_invalid');
    const id = this.newId('bps_');
    const session: BillingPortalSession = {
      id,
      object: 'billing_portal.session',
      configuration: str(p, 'configuration') || 'bpc_emulator_default',
      created: this.now(),
      customer,
      customer_account: null,
      flow: null,
      livemode: false,
      locale: str(p, 'locale') || null,
      on_behalf_of: null,
      return_url: returnUrl,
      url: `${this.opts.baseUrl()}/billing_portal/${id}`,
    };
    this.store('billingPortalSessions', session);
    void ctx;
    return session;
  }

  listEvents(p: ParamObject, deliverySucceeded: (eventId: string) => boolean): StripeList<StripeEvent> {
    const type = str(p, 'type');
    const types = arr(p, 'types')?.map(String);
    if (type && types) throw invalid('You may only specify one of these parameters: type, types.', 'types');
    const created = rangeFilter(p, 'created');
    const delivery = bool(p, 'delivery_success');
    const matches = (t: string, pattern: string): boolean =>
      pattern.endsWith('*') ? t.startsWith(pattern.slice(0, -1)) : t === pattern;
    const items = [...this.state.events.values()].filter(
      (e) =>
        (!type || matches(e.type, type)) &&
        (!types || types.some((t) => matches(e.type, t))) &&
        (!created || created(e.created)) &&
        (delivery === undefined || deliverySucceeded(e.id) === delivery),
    );
    return this.list(items, p, '/v1/events', ['type', 'types', 'created', 'delivery_success']);
  }

  retrieve(kind: keyof EmulatorState, label: string, id: string, p: ParamObject): StripeObject {
    allow(p, ['expand']);
    return this.render(this.get(kind, label, id), expandList(p));
  }
}

function periodEnd(sub: Subscription): number {
  return Math.min(...sub.items.data.map((i) => i.current_period_end));
}

function planOf(price: Price): Record<string, unknown> {
  return {
    id: price.id,
    object: 'plan',
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: String(price.unit_amount),
    billing_scheme: 'per_unit',
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval ?? 'month',
    interval_count: price.recurring?.interval_count ?? 1,
    livemode: false,
    metadata: { ...price.metadata },
    meter: null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: 'licensed',
  };
}

const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);
/** Stripe's three-decimal currencies (amounts in thousandths). */
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/**
 * Formats minor units as money, e.g. 1500 eur -> "€15.00", 1250 kwd -> "KWD 1.250"; in English
 * unless the hosted pages ask for another language (1500 eur in `es` -> "15,00 €").
 */
export function formatMoney(minor: number, cur: string, locale = 'en'): string {
  const c = cur.toLowerCase();
  const digits = ZERO_DECIMAL.has(c) ? 0 : THREE_DECIMAL.has(c) ? 3 : 2;
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: cur.toUpperCase() }).format(minor / 10 ** digits);
  } catch {
    return `${(minor / 10 ** digits).toFixed(digits)} ${cur.toUpperCase()}`;
  }
}
