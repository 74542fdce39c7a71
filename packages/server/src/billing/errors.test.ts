import { describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { AppError } from '../http/problem.js';
import { paymentProblem } from './errors.js';

const err = (Cls: new (raw: Record<string, unknown>) => Error, raw: Record<string, unknown> = {}) => new Cls({ message: 'x', ...raw });

describe('paymentProblem', () => {
  it.each([
    [Stripe.errors.StripeCardError, {}, 402, 'card-declined'],
    [Stripe.errors.StripeConnectionError, {}, 503, 'payments-unavailable'],
    [Stripe.errors.StripeAPIError, {}, 503, 'payments-unavailable'],
    [Stripe.errors.StripeRateLimitError, {}, 503, 'payments-unavailable'],
    [Stripe.errors.StripeIdempotencyError, {}, 409, 'conflict'],
    [Stripe.errors.StripeInvalidRequestError, { statusCode: 409 }, 409, 'conflict'],
    [Stripe.errors.StripeInvalidRequestError, { statusCode: 400 }, 502, 'payments-error'],
    [Stripe.errors.StripeAuthenticationError, {}, 502, 'payments-error'],
  ] as const)('turns %o into a problem with a stable type', (Cls, raw, status, type) => {
    const p = paymentProblem(err(Cls as never, raw));
    expect(p).toBeInstanceOf(AppError);
    expect((p as AppError).status).toBe(status);
    expect((p as AppError).toProblem().type).toBe(`https://ayuda.dev/problems/${type}`);
    if (status === 503) expect((p as AppError).headers?.['Retry-After']).toBeDefined();
  });

  it('leaves other errors alone', () => {
    const e = new Error('bug');
    expect(paymentProblem(e)).toBe(e);
  });
});
