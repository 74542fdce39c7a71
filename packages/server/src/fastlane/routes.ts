// The fast lane's HTTP API: quick login, the offer (never without captcha and sign-in), checkout,
// the customer's payments, refunds, cancellation and billing portal; and Stripe's webhook.
import { Hono, type Context } from 'hono';
import { setCookie, deleteCookie } from 'hono/cookie';
import { z } from 'zod';
import { INT4_MAX, IdSchema, LocaleSchema, PeriodQuerySchema, type Locale } from '@ayuda/core';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env.js';
import type { Logger } from '../http/logger.js';
import type { Config } from '../config.js';
import { notFound, parseOrThrow } from '../http/problem.js';
import { readJson } from '../http/body.js';
import { requireIdempotencyKey } from '../http/idempotency.js';
import type { CaptchaService } from '../captcha/service.js';
import type { StripeGateway } from '../billing/gateway.js';
import { withPaymentProblems as paying } from '../billing/errors.js';
import { LOGIN_DEFAULTS, type LoginService } from './login.js';
import { describeResult, type FastlaneService } from './service.js';

const Email = z.email().max(254).transform((e) => e.toLowerCase());
// From a request's tracking page the widget names the request instead of asking for its email again.
const Token = z.string().regex(/^[\w-]{20,100}$/);
const oneOf = { message: 'email or trackingToken, one of them', path: ['email'] };
const LoginSchema = z.object({ email: Email.optional(), trackingToken: Token.optional(), locale: LocaleSchema, captcha: z.string().min(1).max(10_000) }).refine((i) => !!i.email !== !!i.trackingToken, oneOf);
const VerifySchema = z.object({ email: Email.optional(), trackingToken: Token.optional(), code: z.string().regex(/^\d{6}$/, 'six digits'), locale: LocaleSchema }).refine((i) => !!i.email !== !!i.trackingToken, oneOf);

/** "ana@example.com" as "a•••@example.com": enough for the customer to recognise, little for anyone else. */
const masked = (email: string) => email.replace(/^(.)[^@]*/, '$1•••');
const IdentitySchema = z.object({ token: z.string().min(10).max(4000), locale: LocaleSchema });
const CheckoutSchema = z.object({ plan: z.string().max(40), trackingToken: z.string().regex(/^[\w-]{20,100}$/).optional(), locale: LocaleSchema, returnUrl: z.url().max(2000).optional() });
const RefundSchema = z.object({ reason: z.string().trim().min(1).max(500) });
const CancelSchema = z.object({ atPeriodEnd: z.boolean() });
const PortalSchema = z.object({ returnUrl: z.url().max(2000).optional() });
const OrderParams = z.object({ id: IdSchema });

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
      const input = parseOrThrow(LoginSchema, await readJson(c), 'body');
      await captcha.verify(input.captcha, 'body.captcha', 'fastlane');
      const email = await emailOf(input);
      await login.requestCode(email, input.locale);
      return c.json({ sent: true, expiresInMinutes: LOGIN_DEFAULTS.codeTtlMs / 60_000, ...(input.trackingToken ? { email: masked(email) } : {}) }, 202);
    })
    .post('/verify', deps.rateLimited, async (c) => {
      const input = parseOrThrow(VerifySchema, await readJson(c), 'body');
      const s = await login.verifyCode(await emailOf(input), input.code, input.locale);
      session(c, s.token, s.expiresAt);
      return c.json({ token: s.token, expiresAt: s.expiresAt.toISOString(), customer: { email: s.customer.email, name: s.customer.name } });
    })
    .post('/identity', deps.rateLimited, async (c) => {
      const input = parseOrThrow(IdentitySchema, await readJson(c), 'body');
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
      return c.json({ ...(await fastlane.offer(customer, locale)), timeZone: deps.timeZone });
    })
    .get('/me', async (c) => c.json(await fastlane.status(await login.requireCustomer(c))))
    .post('/checkout', deps.rateLimited, async (c) => {
      const customer = await login.requireCustomer(c);
      const key = requireIdempotencyKey(c.req.header('idempotency-key'));
      const input = parseOrThrow(CheckoutSchema, await readJson(c), 'body');
      return c.json(await paying(() => fastlane.checkout(customer, input, key)), 201);
    })
    .post('/orders/:id/refund', deps.rateLimited, async (c) => {
      const customer = await login.requireCustomer(c);
      const { id } = parseOrThrow(OrderParams, c.req.param(), 'params');
      const input = parseOrThrow(RefundSchema, await readJson(c), 'body');
      const r = await paying(() => fastlane.requestRefund(customer, id, input.reason));
      return c.json({ id: r.id, status: r.status, amount: r.amount }, r.status === 'succeeded' ? 201 : 202);
    })
    .post('/subscription/cancel', deps.rateLimited, async (c) => {
      const customer = await login.requireCustomer(c);
      const input = parseOrThrow(CancelSchema, await readJson(c), 'body');
      return c.json(await paying(() => fastlane.cancelSubscription(customer, input.atPeriodEnd)));
    })
    .get('/orders/:id/checkout', async (c) => {
      const customer = await login.requireCustomer(c);
      const { id } = parseOrThrow(OrderParams, c.req.param(), 'params');
      return c.json(await paying(() => fastlane.checkoutState(customer, id)));
    })
    .post('/subscription/undo-cancel', deps.rateLimited, async (c) => {
      const customer = await login.requireCustomer(c);
      return c.json(await paying(() => fastlane.undoCancel(customer)));
    })
    .post('/billing-portal', deps.rateLimited, async (c) => {
      const customer = await login.requireCustomer(c);
      const input = parseOrThrow(PortalSchema, await readJson(c), 'body');
      return c.json(await paying(() => fastlane.billingPortal(customer, input.returnUrl)));
    });
}

/** Stripe's webhook: verified on the raw body, applied once, answered 2xx. */
export function stripeWebhookRoute(deps: { fastlane: FastlaneService; gateway: StripeGateway | null; logger: Logger }) {
  return new Hono<AppEnv>().post('/webhook', async (c) => {
    if (!deps.gateway) return c.json({ error: 'payments are not configured' }, 404);
    const raw = await c.req.text();
    let event;
    try {
      event = await deps.gateway.verifyEvent(raw, c.req.header('stripe-signature'));
    } catch (err) {
      deps.logger.warn('stripe webhook: signature refused', { requestId: c.get('requestId'), error: String((err as Error).message) });
      return c.json({ error: 'invalid signature' }, 400);
    }
    const result = describeResult(await deps.fastlane.applyEvent(event));
    deps.logger.info('stripe webhook', { requestId: c.get('requestId'), event: event.id, type: event.type, result });
    return c.json({ received: true, result });
  });
}

export function staffFastlaneRoutes(deps: { fastlane: FastlaneService; staffOnly: MiddlewareHandler<AppEnv> }) {
  const { fastlane } = deps;
  const Decide = z.object({ note: z.string().trim().max(500).optional() });
  const StaffRefund = z.object({ amount: z.number().int().min(1).max(INT4_MAX).optional(), reason: z.string().trim().min(1).max(500) });
  const app = new Hono<AppEnv>();
  app.use('*', deps.staffOnly);
  return app
    .get('/summary', async (c) => {
      const q = parseOrThrow(PeriodQuerySchema, c.req.query(), 'query');
      const to = q.to ? new Date(q.to) : new Date();
      const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * 86_400_000);
      return c.json({ from: from.toISOString(), to: to.toISOString(), ...(await fastlane.summary(from, to)) });
    })
    .get('/refunds', async (c) => c.json({ refunds: await fastlane.pendingRefunds() }))
    .post('/refunds/:id/approve', async (c) => {
      const { id } = parseOrThrow(OrderParams, c.req.param(), 'params');
      const input = parseOrThrow(Decide, await readJson(c), 'body');
      return c.json(await paying(() => fastlane.decideRefund(id, c.get('staff'), true, input.note)));
    })
    .post('/refunds/:id/reject', async (c) => {
      const { id } = parseOrThrow(OrderParams, c.req.param(), 'params');
      const input = parseOrThrow(Decide, await readJson(c), 'body');
      return c.json(await fastlane.decideRefund(id, c.get('staff'), false, input.note));
    })
    .post('/orders/:id/refund', async (c) => {
      const { id } = parseOrThrow(OrderParams, c.req.param(), 'params');
      const input = parseOrThrow(StaffRefund, await readJson(c), 'body');
      return c.json(await paying(() => fastlane.staffRefund(id, c.get('staff'), input.amount ?? null, input.reason)), 201);
    });
}
