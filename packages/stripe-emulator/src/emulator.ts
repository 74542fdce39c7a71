// startStripeEmulator: the HTTP server in front of the engine (Stripe API, pages, emulator-only endpoints).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CardInput } from './cards.js';
import { AUTOMATIC, Engine, randomId, type EmulatorState, type PaymentResult, type RequestContext } from './engine.js';
import { invalid, StripeApiError, unauthorized, type StripeErrorBody } from './errors.js';
import { canonicalParams, decodeForm, type ParamObject } from './form.js';
import { assertNotProduction } from './guard.js';
import { PAGE_STRINGS, pageLocale, paymentErrorMessage, type Message, type PageStrings } from './page-strings.js';
import { checkoutPage, invoicePage, messagePage, portalPage, type PortalNotice } from './pages.js';
import { expandList } from './params.js';
import type { Dispute, PaymentMethod, StripeEvent } from './types.js';
import {
  DEFAULT_WEBHOOK_RETRY,
  WebhookDispatcher,
  type DropFilter,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEndpointConfig,
  type WebhookRetryOptions,
} from './webhooks.js';

/**
 * The Stripe API version the emulator speaks: the one `stripe@23.1.0` pins. Objects are
 * shaped as this version returns them, and requests asking for another version are refused.
 */
export const STRIPE_API_VERSION = '2026-10-28.endive';

/** Every option's default, read by the code and by docs/stripe-emulator.md. */
export const EMULATOR_DEFAULTS = {
  host: '127.0.0.1',
  port: 0,
  secretKey: 'sk_test_ayuda_emulator',
  publishableKey: 'pk_test_ayuda_emulator',
  accountName: 'Ayuda demo',
  webhookRetry: DEFAULT_WEBHOOK_RETRY,
  /** Idempotency keys are forgotten after this long (emulated time), as Stripe does after 24 h. */
  idempotencyKeyTtlSeconds: 86_400,
  /** Largest request body accepted. */
  maxBodyBytes: 1_000_000,
} as const;

export interface StripeEmulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Base URL written into checkout and portal links, when it differs from `http://host:port`. */
  publicUrl?: string;
  /** The only secret key accepted. Default `sk_test_ayuda_emulator`. Must start with `sk_test_`. */
  secretKey?: string;
  /** Returned for embedded checkout set-ups. Default `pk_test_ayuda_emulator`. */
  publishableKey?: string;
  /** Endpoints that receive signed events from the start. More with `addWebhookEndpoint`. */
  webhooks?: WebhookEndpointConfig[];
  /** Base clock; emulated time = this + `advanceClock`. Default: the system clock. */
  clock?: { now(): Date };
  /** Clock for webhook signature timestamps. Default: the system clock, so receivers' tolerance checks pass after `advanceClock`. */
  signatureClock?: { now(): Date };
  /** Retry schedule for failed webhook deliveries. */
  webhookRetry?: Partial<WebhookRetryOptions>;
  /** Business name shown on the checkout and portal pages. Default `Ayuda demo`. */
  accountName?: string;
}

/** Controls over webhook delivery, for tests. */
export interface WebhookControls {
  readonly endpoints: readonly WebhookEndpoint[];
  /** Holds new and retried deliveries until `resume()`. */
  pause(): void;
  resume(): void;
  isPaused(): boolean;
  /** Drops (never sends) deliveries the filter returns true for; `null` removes the filter. Simulates a lost webhook. */
  drop(filter: DropFilter | null): void;
  /** Every delivery so far, with its attempts. */
  deliveries(): WebhookDelivery[];
  /** Resolves when no delivery is in flight or waiting for a retry. Rejects after `timeoutMs` (default 10000). */
  waitForIdle(timeoutMs?: number): Promise<void>;
}

/** A running emulator. */
export interface StripeEmulator {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly secretKey: string;
  readonly publishableKey: string;
  /** The first webhook endpoint's signing secret, if any endpoint was configured. */
  readonly webhookSecret: string | undefined;
  readonly apiVersion: string;
  /** Pass to the SDK: `new Stripe(emulator.secretKey, emulator.stripeOptions)`. */
  readonly stripeOptions: { host: string; port: number; protocol: 'http' };
  /** Everything stored, by resource and id. Read-only by convention. */
  readonly state: EmulatorState;
  readonly webhooks: WebhookControls;
  /** Emulated time. */
  now(): Date;
  /** Moves emulated time forward; renews, fails or ends subscriptions and expires checkout sessions that fell due. Returns the events it caused. */
  advanceClock(seconds: number): StripeEvent[];
  addWebhookEndpoint(url: string, secret?: string, options?: { enabledEvents?: string[] }): WebhookEndpoint;
  /** Pays an open checkout session as the hosted page would. `card` is a test card number or details. */
  payCheckoutSession(id: string, card: string | CardInput, payer?: { email?: string; name?: string }): PaymentResult;
  /** Opens a dispute on a succeeded charge (`charge.dispute.created`). */
  openDispute(chargeId: string, options?: { reason?: string; amount?: number }): Dispute;
  /** Replaces a customer's saved card and its subscriptions' default, e.g. with a failing one before a renewal. */
  setCustomerCard(customerId: string, card: string | CardInput): PaymentMethod;
  /** Events so far, oldest first, optionally of one type. */
  events(type?: string): StripeEvent[];
  close(): Promise<void>;
}

type Handler = (params: ParamObject, m: string[], ctx: RequestContext) => unknown;
interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
  /** Apply `expand[]` to the handler's result (creates and updates). */
  render?: boolean;
}

function route(method: string, path: string, handler: Handler, render = false): Route {
  const pattern = new RegExp(`^${path.replace(/:[a-z_]+/g, '([^/]+)')}$`);
  return { method, pattern, handler, render };
}

interface StoredResponse {
  method: string;
  path: string;
  params: string;
  status: number;
  body: string;
  requestId: string;
  createdAt: number;
}

class HttpResponse {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

const json = (status: number, value: unknown, headers: Record<string, string> = {}): HttpResponse =>
  new HttpResponse(status, JSON.stringify(value, null, 2) + '\n', { 'content-type': 'application/json', ...headers });
const html = (status: number, body: string): HttpResponse =>
  new HttpResponse(status, body, { 'content-type': 'text/html; charset=utf-8', 'x-robots-tag': 'noindex' });
const redirect = (location: string): HttpResponse => new HttpResponse(303, '', { location });
const errorResponse = (err: StripeApiError): HttpResponse => json(err.status, { error: err.body });

function toCard(card: string | CardInput): CardInput {
  return typeof card === 'string' ? { number: card } : card;
}

/** Reads `MM / YY`, `MM/YYYY` or `MMYY`. */
function parseExpiry(raw: string): { month: number; year: number } | null {
  const m = /^\s*(\d{1,2})\s*\/?\s*(\d{2}|\d{4})\s*$/.exec(raw);
  if (!m) return null;
  const month = Number(m[1]);
  const y = Number(m[2]);
  return { month, year: y < 100 ? 2000 + y : y };
}

/**
 * Starts the emulator. Refuses to run when NODE_ENV=production.
 *
 * ```ts
 * const emulator = await startStripeEmulator({ webhooks: [{ url: 'http://127.0.0.1:3000/api/v1/stripe/webhook' }] });
 * const stripe = new Stripe(emulator.secretKey, emulator.stripeOptions);
 * ```
 */
export async function startStripeEmulator(options: StripeEmulatorOptions = {}): Promise<StripeEmulator> {
  assertNotProduction();
  const host = options.host ?? EMULATOR_DEFAULTS.host;
  const secretKey = options.secretKey ?? EMULATOR_DEFAULTS.secretKey;
  const publishableKey = options.publishableKey ?? EMULATOR_DEFAULTS.publishableKey;
  const accountName = options.accountName ?? EMULATOR_DEFAULTS.accountName;
  if (!secretKey.startsWith('sk_test_')) throw new Error('Ayuda: the Stripe emulator takes only a test secret key (sk_test_...).');
  const clock = options.clock ?? { now: () => new Date() };
  const signatureClock = options.signatureClock ?? { now: () => new Date() };
  let baseUrl = options.publicUrl?.replace(/\/$/, '') ?? '';

  const engine: Engine = new Engine({
    clock,
    apiVersion: STRIPE_API_VERSION,
    baseUrl: () => baseUrl,
    accountName,
    onEvent: (event) => dispatcher.enqueue(event),
  });
  const dispatcher: WebhookDispatcher = new WebhookDispatcher({
    retry: { ...EMULATOR_DEFAULTS.webhookRetry, ...options.webhookRetry },
    signatureTime: () => signatureClock.now(),
    onSettled: (eventId) => {
      const event = engine.state.events.get(eventId);
      if (event) event.pending_webhooks = dispatcher.pendingFor(eventId);
    },
  });
  for (const config of options.webhooks ?? []) dispatcher.addEndpoint(config);

  const idempotency = new Map<string, StoredResponse>();
  const r = (kind: keyof EmulatorState, label: string): Handler => (p, m) => engine.retrieve(kind, label, m[0] as string, p);
  const routes: Route[] = [
    route('POST', '/v1/products', (p, _m, c) => engine.createProduct(p, c), true),
    route('GET', '/v1/products', (p) => engine.listProducts(p)),
    route('GET', '/v1/products/:id', r('products', 'product')),
    route('POST', '/v1/products/:id', (p, m, c) => engine.updateProduct(m[0] as string, p, c), true),
    route('POST', '/v1/prices', (p, _m, c) => engine.createPrice(p, c), true),
    route('GET', '/v1/prices', (p) => engine.listPrices(p)),
    route('GET', '/v1/prices/:id', r('prices', 'price')),
    route('POST', '/v1/prices/:id', (p, m, c) => engine.updatePrice(m[0] as string, p, c), true),
    route('POST', '/v1/customers', (p, _m, c) => engine.createCustomer(p, c), true),
    route('GET', '/v1/customers', (p) => engine.listCustomers(p)),
    route('GET', '/v1/customers/:id', r('customers', 'customer')),
    route('POST', '/v1/customers/:id', (p, m, c) => engine.updateCustomer(m[0] as string, p, c), true),
    route('GET', '/v1/payment_methods/:id', r('paymentMethods', 'payment_method')),
    route('POST', '/v1/checkout/sessions', (p, _m, c) => engine.createCheckoutSession(p, c), true),
    route('GET', '/v1/checkout/sessions', (p) => engine.listSessions(p)),
    route('GET', '/v1/checkout/sessions/:id', r('checkoutSessions', 'checkout.session')),
    route('GET', '/v1/checkout/sessions/:id/line_items', (p, m) => engine.listSessionLineItems(m[0] as string, p)),
    route('POST', '/v1/checkout/sessions/:id/expire', (p, m, c) => engine.expireSessionById(m[0] as string, p, c), true),
    route('GET', '/v1/payment_intents', (p) => engine.listPaymentIntents(p)),
    route('GET', '/v1/payment_intents/:id', r('paymentIntents', 'payment_intent')),
    route('GET', '/v1/charges', (p) => engine.listCharges(p)),
    route('GET', '/v1/charges/:id', r('charges', 'charge')),
    route('POST', '/v1/refunds', (p, _m, c) => engine.createRefund(p, c), true),
    route('GET', '/v1/refunds', (p) => engine.listRefunds(p)),
    route('GET', '/v1/refunds/:id', r('refunds', 'refund')),
    route('GET', '/v1/subscriptions', (p) => engine.listSubscriptions(p)),
    route('GET', '/v1/subscriptions/:id', r('subscriptions', 'subscription')),
    route('POST', '/v1/subscriptions/:id', (p, m, c) => engine.updateSubscription(m[0] as string, p, c), true),
    route('DELETE', '/v1/subscriptions/:id', (p, m, c) => engine.cancelSubscription(m[0] as string, p, c), true),
    route('GET', '/v1/invoices', (p) => engine.listInvoices(p)),
    route('GET', '/v1/invoices/:id', r('invoices', 'invoice')),
    route('POST', '/v1/invoices/:id/pay', (p, m, c) => engine.payInvoice(m[0] as string, p, c), true),
    route('GET', '/v1/invoice_payments', (p) => engine.listInvoicePayments(p)),
    route('GET', '/v1/invoice_payments/:id', r('invoicePayments', 'invoice_payment')),
    route('GET', '/v1/disputes', (p) => engine.listDisputes(p)),
    route('GET', '/v1/disputes/:id', r('disputes', 'dispute')),
    route('POST', '/v1/billing_portal/sessions', (p, _m, c) => engine.createPortalSession(p, c), true),
    route('GET', '/v1/events', (p) => engine.listEvents(p, (id) => dispatcher.succeededFor(id))),
    route('GET', '/v1/events/:id', r('events', 'event')),
  ];

  function authenticate(req: IncomingMessage): void {
    const header = req.headers.authorization;
    if (!header) {
      throw unauthorized(
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      );
    }
    let key = '';
    if (header.startsWith('Bearer ')) key = header.slice(7).trim();
    else if (header.startsWith('Basic ')) key = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')[0] ?? '';
    if (key === secretKey) return;
    if (key.startsWith('pk_')) throw unauthorized('This API call cannot be made with a publishable API key. Please use a secret API key.');
    if (key.startsWith('sk_live_') || key.startsWith('rk_live_')) {
      throw unauthorized('Ayuda: the Stripe emulator accepts only its own test key; never send a live key to it.');
    }
    throw unauthorized(`Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`);
  }

  function api(req: IncomingMessage, method: string, path: string, query: string, body: string): HttpResponse {
    const requestId = `req_${randomId(14)}`;
    const base = { 'request-id': requestId, 'stripe-version': STRIPE_API_VERSION };
    const withBase = (res: HttpResponse): HttpResponse => new HttpResponse(res.status, res.body, { ...base, ...res.headers });
    try {
      authenticate(req);
      const version = req.headers['stripe-version'];
      if (typeof version === 'string' && version !== STRIPE_API_VERSION) {
        throw invalid(
          `Ayuda: the Stripe emulator speaks API version ${STRIPE_API_VERSION} only (the one stripe@23.1 pins); this request asked for ${version}.`,
          undefined,
          'api_version_invalid',
        );
      }
      engine.runDue();
      const candidates = routes.filter((x) => x.pattern.test(path));
      const found = candidates.find((x) => x.method === method);
      if (!found) {
        if (candidates.length) throw invalid(`Unrecognized request URL (${method}: ${path}). The emulator does not support this method here.`);
        return withBase(
          json(404, {
            error: {
              type: 'invalid_request_error',
              message: `Unrecognized request URL (${method}: ${path}). The Stripe emulator supports only what Ayuda uses; see docs/stripe-emulator.md.`,
            },
          }),
        );
      }
      const params = decodeForm(method === 'POST' ? body : query);
      const key = method === 'POST' ? req.headers['idempotency-key'] : undefined;
      const idemKey = typeof key === 'string' && key !== '' ? key : null;
      if (idemKey && idemKey.length > 255) throw invalid('Idempotency-Key must be at most 255 characters long.');
      const canonical = canonicalParams(params);
      if (idemKey) {
        const stored = idempotency.get(idemKey);
        if (stored && stored.createdAt + EMULATOR_DEFAULTS.idempotencyKeyTtlSeconds <= engine.now()) idempotency.delete(idemKey);
        else if (stored) {
          if (stored.method !== method || stored.path !== path || stored.params !== canonical) {
            const err: StripeErrorBody = {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idemKey}' if you meant to execute a different request.`,
            };
            return withBase(json(400, { error: err }, { 'idempotency-key': idemKey }));
          }
          return withBase(
            new HttpResponse(stored.status, stored.body, {
              'content-type': 'application/json',
              'idempotency-key': idemKey,
              'idempotent-replayed': 'true',
              'original-request': stored.requestId,
            }),
          );
        }
      }
      const ctx: RequestContext = { id: requestId, idempotencyKey: idemKey };
      let res: HttpResponse;
      try {
        const m = found.pattern.exec(path)?.slice(1).map(decodeURIComponent) ?? [];
        const result = found.handler(params, m, ctx);
        res = json(200, found.render ? engine.render(result as object, expandList(params)) : result);
      } catch (err) {
        if (!(err instanceof StripeApiError)) throw err;
        res = errorResponse(err);
      }
      // Stripe saves a key's result once the endpoint ran: successes and card errors, not validation errors.
      if (idemKey && (res.status === 200 || res.status === 402)) {
        idempotency.set(idemKey, { method, path, params: canonical, status: res.status, body: res.body, requestId, createdAt: engine.now() });
      }
      return withBase(idemKey ? new HttpResponse(res.status, res.body, { ...res.headers, 'idempotency-key': idemKey }) : res);
    } catch (err) {
      if (err instanceof StripeApiError) return withBase(errorResponse(err));
      throw err;
    }
  }

  function card(p: ParamObject): CardInput {
    const str = (k: string): string | undefined => (typeof p[k] === 'string' ? (p[k] as string) : undefined);
    const number = str('card') ?? str('number');
    if (!number) throw invalid('Missing required param: card (a test card number such as 4242424242424242).', 'card', 'parameter_missing');
    const expMonth = str('exp_month');
    const expYear = str('exp_year');
    return {
      number,
      ...(expMonth ? { expMonth: Number(expMonth) } : {}),
      ...(expYear ? { expYear: Number(expYear) } : {}),
      ...(str('cvc') ? { cvc: str('cvc') as string } : {}),
      ...(str('name') ? { name: str('name') as string } : {}),
    };
  }

  function parseBody(req: IncomingMessage, body: string): ParamObject {
    if ((req.headers['content-type'] ?? '').includes('application/json')) {
      if (!body.trim()) return {};
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid('Expected a JSON object.');
      return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'object' && v !== null ? (v as ParamObject) : String(v)]));
    }
    return decodeForm(body);
  }

  function emulatorApi(req: IncomingMessage, method: string, path: string, body: string): HttpResponse {
    try {
      authenticate(req);
      engine.runDue();
      const p = method === 'POST' ? parseBody(req, body) : {};
      let m: RegExpExecArray | null;
      if (method === 'POST' && (m = /^\/_emulator\/checkout\/([^/]+)\/pay$/.exec(path))) {
        const email = typeof p.email === 'string' ? p.email : undefined;
        const name = typeof p.name === 'string' ? p.name : undefined;
        const result = engine.payCheckoutSession(decodeURIComponent(m[1] as string), card(p), { ...(email ? { email } : {}), ...(name ? { name } : {}) });
        return result.ok ? json(200, result.session) : json(result.status, { error: result.error });
      }
      if (method === 'POST' && path === '/_emulator/clock/advance') {
        const seconds = Number(p.seconds);
        if (!Number.isFinite(seconds) || seconds < 0) throw invalid('Missing or invalid param: seconds (a number >= 0).', 'seconds');
        const events = engine.advance(seconds);
        return json(200, { now: engine.now(), events: events.map((e) => ({ id: e.id, type: e.type })) });
      }
      if (method === 'GET' && path === '/_emulator/clock') return json(200, { now: engine.now(), iso: engine.nowDate().toISOString() });
      if (method === 'POST' && (m = /^\/_emulator\/charges\/([^/]+)\/dispute$/.exec(path))) {
        const amount = p.amount === undefined ? undefined : Number(p.amount);
        const reason = typeof p.reason === 'string' ? p.reason : undefined;
        return json(200, engine.openDispute(decodeURIComponent(m[1] as string), { ...(amount !== undefined ? { amount } : {}), ...(reason ? { reason } : {}) }));
      }
      if (method === 'POST' && (m = /^\/_emulator\/customers\/([^/]+)\/payment_method$/.exec(path))) {
        return json(200, engine.setCustomerCard(decodeURIComponent(m[1] as string), card(p)));
      }
      if (method === 'POST' && path === '/_emulator/webhooks/pause') {
        dispatcher.pause();
        return json(200, { paused: true });
      }
      if (method === 'POST' && path === '/_emulator/webhooks/resume') {
        dispatcher.resume();
        return json(200, { paused: false });
      }
      if (method === 'GET' && path === '/_emulator/webhooks/deliveries') return json(200, { data: dispatcher.deliveries() });
      if (method === 'POST' && path === '/_emulator/webhook_endpoints') {
        if (typeof p.url !== 'string') throw invalid('Missing required param: url.', 'url', 'parameter_missing');
        try {
          const endpoint = dispatcher.addEndpoint({ url: p.url, ...(typeof p.secret === 'string' ? { secret: p.secret } : {}) });
          return json(200, endpoint);
        } catch (err) {
          throw invalid(err instanceof Error ? err.message : String(err), 'url');
        }
      }
      return json(404, { error: { type: 'invalid_request_error', message: `Unrecognized emulator URL (${method}: ${path}).` } });
    } catch (err) {
      if (err instanceof StripeApiError) return errorResponse(err);
      if (err instanceof SyntaxError) return errorResponse(invalid(`Invalid JSON body: ${err.message}`));
      throw err;
    }
  }

  /**
   * The hosted pages, each in one language (page-strings.ts): a checkout in its session's
   * `locale`, the portal in its session's `locale` or the customer's `preferred_locales`, an
   * invoice in the customer's; otherwise, and for a link that leads nowhere, the browser's.
   */
  function pages(method: string, url: URL, body: string, acceptLanguage: string | undefined): HttpResponse {
    engine.runDue();
    const path = url.pathname;
    // A link that leads nowhere has no session to take a language from: the browser's.
    const nowhere = (pick: (m: PageStrings['messages']) => Message): HttpResponse => {
      const locale = pageLocale([], acceptLanguage);
      return html(404, messagePage(locale, pick(PAGE_STRINGS[locale].messages)));
    };
    let m: RegExpExecArray | null;
    if ((m = /^\/checkout\/([^/]+)$/.exec(path))) {
      const id = decodeURIComponent(m[1] as string);
      const session = engine.state.checkoutSessions.get(id);
      if (!session) return nowhere((m) => m.checkoutNotFound);
      const locale = pageLocale([session.locale], acceptLanguage);
      const t = PAGE_STRINGS[locale];
      // An expired or paid session says so, on a GET and on a POST that arrives too late.
      const closed = (): HttpResponse | null => {
        if (session.status === 'expired') {
          const expired = t.messages.checkoutExpired;
          return html(410, messagePage(locale, expired, session.cancel_url ? { href: session.cancel_url, text: expired.back } : undefined));
        }
        if (session.status === 'complete') {
          const done = session.success_url ?? session.return_url;
          const paid = t.messages.alreadyPaid;
          return html(200, messagePage(locale, paid, done ? { href: done.replace('{CHECKOUT_SESSION_ID}', session.id), text: paid.continue } : undefined));
        }
        return null;
      };
      const gone = closed();
      if (gone) return gone;
      const needsEmail = !session.customer && !session.customer_email;
      const lineItems = engine.sessionLineItems(id).data;
      const render = (status: number, error?: { message: string; field?: string }, values?: { email?: string; name?: string }): HttpResponse =>
        html(status, checkoutPage({ locale, session, lineItems, products: engine.state.products, accountName, needsEmail, ...(error ? { error } : {}), ...(values ? { values } : {}) }));
      if (method === 'GET') return render(200);
      if (method !== 'POST') return html(405, messagePage(locale, t.messages.checkoutMethodNotAllowed));
      const form = new URLSearchParams(body);
      const values = { email: form.get('email') ?? '', name: form.get('card_name') ?? '' };
      const expiry = parseExpiry(form.get('card_expiry') ?? '');
      if (!expiry) return render(400, { message: t.errors.incomplete_expiry, field: 'exp_year' }, values);
      const cvc = form.get('card_cvc') ?? '';
      const result = engine.payCheckoutSession(
        id,
        { number: form.get('card_number') ?? '', expMonth: expiry.month, expYear: expiry.year, cvc, name: values.name },
        { email: values.email, name: values.name },
      );
      if (!result.ok) {
        const late = closed();
        if (late) return late;
        // The API's error gives the codes; the words are the page's, in its language.
        const field = result.error.param ?? (result.error.type === 'card_error' ? 'number' : undefined);
        return render(result.status, { message: paymentErrorMessage(result.error, locale, values), ...(field ? { field } : {}) }, values);
      }
      const target = result.session.success_url ?? result.session.return_url;
      if (!target) return html(200, messagePage(locale, t.messages.paymentComplete));
      return redirect(target.replace('{CHECKOUT_SESSION_ID}', result.session.id));
    }
    if ((m = /^\/billing_portal\/([^/]+)(?:\/subscriptions\/([^/]+)\/(cancel|renew))?$/.exec(path))) {
      const portal = engine.state.billingPortalSessions.get(decodeURIComponent(m[1] as string));
      const customer = portal ? engine.state.customers.get(portal.customer) : undefined;
      if (!portal || !customer) return nowhere((m) => m.portalNotFound);
      const locale = pageLocale([portal.locale, ...customer.preferred_locales], acceptLanguage);
      const t = PAGE_STRINGS[locale];
      if (m[2]) {
        if (method !== 'POST') return html(405, messagePage(locale, t.messages.portalMethodNotAllowed));
        const sub = engine.state.subscriptions.get(decodeURIComponent(m[2]));
        if (!sub || sub.customer !== customer.id) return html(404, messagePage(locale, t.messages.subscriptionNotFound));
        const cancel = m[3] === 'cancel';
        engine.updateSubscription(sub.id, { cancel_at_period_end: cancel ? 'true' : 'false' }, AUTOMATIC);
        return redirect(`/billing_portal/${portal.id}?done=${cancel ? 'canceled' : 'renewed'}`);
      }
      if (method !== 'GET') return html(405, messagePage(locale, t.messages.portalMethodNotAllowed));
      const done = url.searchParams.get('done');
      const notice: PortalNotice | undefined = done === 'canceled' || done === 'renewed' ? done : undefined;
      const subscriptions = [...engine.state.subscriptions.values()].filter((s) => s.customer === customer.id).reverse();
      const invoices = [...engine.state.invoices.values()].filter((i) => i.customer === customer.id).reverse();
      return html(200, portalPage({ locale, portalId: portal.id, customer, subscriptions, invoices, products: engine.state.products, returnUrl: portal.return_url, accountName, ...(notice ? { notice } : {}) }));
    }
    if (method === 'GET' && (m = /^\/invoices\/([^/]+)$/.exec(path))) {
      const invoice = engine.state.invoices.get(decodeURIComponent(m[1] as string));
      if (!invoice) return nowhere((m) => m.invoiceNotFound);
      const customer = engine.state.customers.get(invoice.customer);
      return html(200, invoicePage(pageLocale(customer?.preferred_locales ?? [], acceptLanguage), invoice, accountName));
    }
    if (method === 'GET' && path === '/') {
      return json(200, { object: 'stripe_emulator', api_version: STRIPE_API_VERSION, docs: 'docs/stripe-emulator.md', livemode: false });
    }
    return nowhere((m) => m.pageNotFound(path));
  }

  async function readBody(req: IncomingMessage): Promise<string | null> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > EMULATOR_DEFAULTS.maxBodyBytes) return null;
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req);
    let out: HttpResponse;
    if (body === null) out = json(413, { error: { type: 'invalid_request_error', message: 'Request body too large.' } });
    else if (url.pathname.startsWith('/v1/')) out = api(req, method, url.pathname, url.search.slice(1), body);
    else if (url.pathname.startsWith('/_emulator/')) out = emulatorApi(req, method, url.pathname, body);
    else out = pages(method, url, body, req.headers['accept-language']);
    res.writeHead(out.status, { 'cache-control': 'no-store', ...out.headers });
    res.end(out.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json', 'stripe-should-retry': 'false' });
      res.end(JSON.stringify({ error: { type: 'api_error', message: `Ayuda: Stripe emulator internal error: ${message}` } }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? EMULATOR_DEFAULTS.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const linkHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${linkHost}:${port}`;
  if (!baseUrl) baseUrl = url;

  const controls: WebhookControls = {
    get endpoints() {
      return dispatcher.endpoints;
    },
    pause: () => dispatcher.pause(),
    resume: () => dispatcher.resume(),
    isPaused: () => dispatcher.isPaused(),
    drop: (filter) => dispatcher.setDropFilter(filter),
    deliveries: () => dispatcher.deliveries(),
    waitForIdle: (timeoutMs) => dispatcher.waitForIdle(timeoutMs),
  };

  return {
    url,
    host,
    port,
    secretKey,
    publishableKey,
    get webhookSecret() {
      return dispatcher.endpoints[0]?.secret;
    },
    apiVersion: STRIPE_API_VERSION,
    stripeOptions: { host: linkHost.replace(/^\[|\]$/g, ''), port, protocol: 'http' },
    state: engine.state,
    webhooks: controls,
    now: () => engine.nowDate(),
    advanceClock: (seconds) => engine.advance(seconds),
    addWebhookEndpoint: (endpointUrl, secret, opts) =>
      dispatcher.addEndpoint({ url: endpointUrl, ...(secret ? { secret } : {}), ...(opts?.enabledEvents ? { enabledEvents: opts.enabledEvents } : {}) }),
    payCheckoutSession: (id, c, payer) => engine.payCheckoutSession(id, toCard(c), payer),
    openDispute: (chargeId, opts) => {
      engine.runDue();
      return engine.openDispute(chargeId, opts);
    },
    setCustomerCard: (customerId, c) => engine.setCustomerCard(customerId, toCard(c)),
    events: (type) => [...engine.state.events.values()].filter((e) => !type || e.type === type),
    close: async () => {
      dispatcher.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

