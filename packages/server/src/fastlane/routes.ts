// The fast lane's HTTP API: quick login, the offer (never without captcha and sign-in), checkout,
// the customer's payments, refunds, cancellation and billing portal; and Stripe's webhook.
import { Hono, type Context } from 'hono';
import { setCookie, deleteCookie } from 'hono/cookie';
import {
  FastlaneCancelSchema,
  FastlaneCheckoutSchema,
  FastlaneIdentitySchema,
  FastlaneLoginSchema,
  FastlanePortalSchema,
  FastlaneRefundRequestSchema,
  FastlaneVerifySchema,
  LocaleSchema,
  OrderParamsSchema,
  PROBLEM_TYPES,
  PeriodQuerySchema,
  RefundDecisionSchema,
  StaffOrderRefundSchema,
  type Locale,
} from '@ayuda/core';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env.js';
import type { Logger } from '../http/logger.js';
import type { Config } from '../config.js';
import type { Clock } from '../clock.js';
import { AppError, notFound, parseOrThrow } from '../http/problem.js';
import { readJson } from '../http/body.js';
import { requireIdempotencyKey } from '../http/idempotency.js';
import { respond } from '../http/respond.js';
import { requireRole } from '../staff/roles.js';
import type { CaptchaService } from '../captcha/service.js';
import type { StripeGateway } from '../billing/gateway.js';
import { withPaymentProblems as paying } from '../billing/errors.js';
import { LOGIN_DEFAULTS, type LoginService } from './login.js';
import type { FastlaneService } from './service.js';
import { receiveStripeWebhook } from './webhook-http.js';

/** "ana@example.com" as "a•••@example.com": enough for the customer to recognise, little for anyone else. */
const masked = (email: string) => email.replace(/^(.)[^@]*/, '$1•••');

/** Offer answers must never be cached or indexed. */
function privateAnswer(c: Context) {
  c.header('Cache-Control', 'no-store');
  c.header('X-Robots-Tag', 'noindex, nofollow');
}

export function fastlaneRoutes(deps: { fastlane: FastlaneService; login: LoginService; captcha: CaptchaService; config: Config; rateLimited: MiddlewareHandler<AppEnv>; timeZone: string; caseEmail: (trackingToken: string) => Promise<string | null> }) {
  const { fastlane, login, captcha, config } = deps;
  const secureCookie = config.publicUrl.startsWith('https:');
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    privateAnswer(c);
    await next();
  });

  /** The address a code goes to: the one given, or the one the request was sent from. */
  const emailOf = async (i: { email?: string | undefined; trackingToken?: string | undefined }): Promise<string> => {
    const email = i.email ?? (await deps.caseEmail(i.trackingToken!));
    if (!email) throw notFound('No such request.');
    return email;
  };

  const session = (c: Context, token: string, expiresAt: Date) => {
    setCookie(c, LOGIN_DEFAULTS.cookie, token, { httpOnly: true, secure: secureCookie, sameSite: 'Lax', path: '/', expires: expiresAt });
  };

  return app
    .post('/login', deps.rateLimited, async (c) => {
      const input = parseOrThrow(FastlaneLoginSchema, await readJson(c), 'body');
      await captcha.verify(input.captcha, 'body.captcha', 'fastlane');
      const email = await emailOf(input);
      await login.requestCode(email, input.locale);
      return respond(c, 'fastlaneLogin', { sent: true, expiresInMinutes: LOGIN_DEFAULTS.codeTtlMs / 60_000, ...(input.trackingToken ? { email: masked(email) } : {}) }, 202);
    })
    .post('/verify', deps.rateLimited, async (c) => {
      const input = parseOrThrow(FastlaneVerifySchema, await readJson(c), 'body');
      const s = await login.verifyCode(await emailOf(input), input.code, input.locale);
      session(c, s.token, s.expiresAt);
      return c.json({ token: s.token, expiresAt: s.expiresAt.toISOString(), customer: { email: s.customer.email, name: s.customer.name } });
    })
    .post('/identity', deps.rateLimited, async (c) => {
      const input = parseOrThrow(FastlaneIdentitySchema, await readJson(c), 'body');
      const s = await login.signInWithIdentityToken(input.token, input.locale);
      session(c, s.token, s.expiresAt);
      return c.json({ token: s.token, expiresAt: s.expiresAt.toISOString(), customer: { email: s.customer.email, name: s.customer.name } });
    })
    .post('/logout', async (c) => {
      // The session ends on the server, whichever way the request carried it.
      const token = login.tokenOf(c);
      if (token) await login.signOut(token);
      deleteCookie(c, LOGIN_DEFAULTS.cookie, { path: '/' });
      return c.body(null, 204);
    })
    .get('/offer', async (c) => {
      const customer = await login.requireCustomer(c);
      const locale = (LocaleSchema.safeParse(c.req.query('locale')).data ?? customer.locale) as Locale;
      return respond(c, 'fastlaneOffer', { ...(await fastlane.offer(customer, locale)), timeZone: deps.timeZone });
    })
    .get('/me', async (c) => respond(c, 'fastlaneStatus', await fastlane.status(await login.requireCustomer(c))))
    .post('/checkout', deps.rateLimited, async (c) => {
      const customer = await login.requireCustomer(c);
      const key = requireIdempotencyKey(c.req.header('idempotency-key'));
      const input = parseOrThrow(FastlaneCheckoutSchema, await readJson(c), 'body');
      return respond(c, 'fastlaneCheckout', await paying(() => fastlane.checkout(customer, input, key)), 201);
    })
    .post('/orders/:id/refund', deps.rateLimited, async (c) => {
      const customer = await login.requireCustomer(c);
      const { id } = parseOrThrow(OrderParamsSchema, c.req.param(), 'params');
      const input = parseOrThrow(FastlaneRefundRequestSchema, await readJson(c), 'body');
      const r = await paying(() => fastlane.requestRefund(customer, id, input.reason));
      return respond(c, 'fastlaneRefund', { id: r.id, status: r.status, amount: r.amount }, r.status === 'succeeded' ? 201 : 202);
    })
    .post('/subscription/cancel', deps.rateLimited, async (c) => {
      const customer = await login.requireCustomer(c);
      const input = parseOrThrow(FastlaneCancelSchema, await readJson(c), 'body');
      return respond(c, 'fastlaneCancel', await paying(() => fastlane.cancelSubscription(customer, input.atPeriodEnd)));
    })
    .get('/orders/:id/checkout', async (c) => {
      const customer = await login.requireCustomer(c);
      const { id } = parseOrThrow(OrderParamsSchema, c.req.param(), 'params');
      return respond(c, 'fastlaneCheckoutState', await paying(() => fastlane.checkoutState(customer, id)));
    })
    .post('/subscription/undo-cancel', deps.rateLimited, async (c) => {
      const customer = await login.requireCustomer(c);
      return respond(c, 'fastlaneUndoCancel', await paying(() => fastlane.undoCancel(customer)));
    })
    .post('/billing-portal', deps.rateLimited, async (c) => {
      const customer = await login.requireCustomer(c);
      const input = parseOrThrow(FastlanePortalSchema, await readJson(c), 'body');
      return respond(c, 'fastlaneBillingPortal', await paying(() => fastlane.billingPortal(customer, input.returnUrl)));
    });
}

/** Stripe's webhook: verified on the raw body, applied once, answered 2xx. */
/**
 * The webhook as a Hono route: what an app served without server.ts answers (server.ts serves it
 * before Hono, with stripeWebhookListener). Both call receiveStripeWebhook.
 */
export function stripeWebhookRoute(deps: { fastlane: FastlaneService; gateway: StripeGateway | null; logger: Logger }) {
  const receiver = { applyEvent: (event: unknown) => deps.fastlane.applyEvent(event), gateway: deps.gateway, logger: deps.logger };
  return new Hono<AppEnv>().post('/webhook', async (c) => {
    // The signature is over the bytes as sent.
    const raw = Buffer.from(await c.req.arrayBuffer());
    return respond(c, 'stripeWebhook', await receiveStripeWebhook(receiver, raw, c.req.header('stripe-signature'), c.get('requestId')));
  });
}

export function staffFastlaneRoutes(deps: { fastlane: FastlaneService; clock: Clock; staffOnly: MiddlewareHandler<AppEnv> }) {
  const { fastlane } = deps;
  const app = new Hono<AppEnv>();
  app.use('*', deps.staffOnly);
  return app
    // What the fast lane earns and gives back is the business's figure: admins only, like the
    // time summary (agents see one customer's payments in a case, never the totals).
    .get('/summary', requireRole('admin'), async (c) => {
      const q = parseOrThrow(PeriodQuerySchema, c.req.query(), 'query');
      const to = q.to ? new Date(q.to) : deps.clock.now();
      const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * 86_400_000);
      return respond(c, 'staffFastlaneSummary', { from: from.toISOString(), to: to.toISOString(), ...(await fastlane.summary(from, to)) });
    })
    .get('/refunds', async (c) => respond(c, 'staffFastlaneRefunds', { refunds: await fastlane.pendingRefunds() }))
    .post('/refunds/:id/approve', async (c) => {
      const { id } = parseOrThrow(OrderParamsSchema, c.req.param(), 'params');
      const input = parseOrThrow(RefundDecisionSchema, await readJson(c), 'body');
      return respond(c, 'staffFastlaneApprove', await paying(() => fastlane.decideRefund(id, c.get('staff'), true, input.note)));
    })
    .post('/refunds/:id/reject', async (c) => {
      const { id } = parseOrThrow(OrderParamsSchema, c.req.param(), 'params');
      const input = parseOrThrow(RefundDecisionSchema, await readJson(c), 'body');
      return respond(c, 'staffFastlaneReject', await fastlane.decideRefund(id, c.get('staff'), false, input.note));
    })
    .post('/orders/:id/refund', async (c) => {
      const { id } = parseOrThrow(OrderParamsSchema, c.req.param(), 'params');
      const key = requireIdempotencyKey(c.req.header('idempotency-key'));
      const input = parseOrThrow(StaffOrderRefundSchema, await readJson(c), 'body');
      const answer = await paying(() => fastlane.staffRefund(id, c.get('staff'), input.amount ?? null, input.reason, key));
      if (answer.replayed) c.header('Idempotent-Replayed', 'true');
      return respond(c, 'staffFastlaneOrderRefund', answer.body, answer.status as 201);
    });
}
