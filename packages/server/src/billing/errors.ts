// Stripe's errors as problems the widget can act on: a declined card, payments unavailable
// for now, or a refusal to try again. Never a bare 500 for a payment that did not go through.
import Stripe from 'stripe';
import { PROBLEM_TYPES } from '@ayuda/core';
import { AppError } from '../http/problem.js';

/** Seconds a client should wait before retrying when Stripe is unreachable or busy. */
export const PAYMENTS_RETRY_AFTER_S = 30;

/** The problem a Stripe SDK error becomes; any other error is returned unchanged. */
export function paymentProblem(err: unknown): unknown {
  if (!(err instanceof Stripe.errors.StripeError)) return err;
  const retry = { 'Retry-After': String(PAYMENTS_RETRY_AFTER_S) };
  if (err instanceof Stripe.errors.StripeCardError) {
    return new AppError(402, PROBLEM_TYPES.cardDeclined, 'Card declined', 'The card was declined; try another card or ask your bank.');
  }
  if (err instanceof Stripe.errors.StripeConnectionError || err instanceof Stripe.errors.StripeAPIError || err instanceof Stripe.errors.StripeRateLimitError) {
    return new AppError(503, PROBLEM_TYPES.paymentsUnavailable, 'Payments unavailable', 'Payments cannot be taken right now; nothing was charged. Try again in a moment.', undefined, retry);
  }
  if (err instanceof Stripe.errors.StripeIdempotencyError || (err.statusCode === 409 && err.type !== 'StripeCardError')) {
    return new AppError(409, PROBLEM_TYPES.conflict, 'Payment request in progress', 'The same payment request is still being handled; try again in a moment.', undefined, retry);
  }
  return new AppError(502, PROBLEM_TYPES.paymentsError, 'Payment not completed', 'The payment provider refused the request; nothing changed. Try again, and if it keeps happening, quote the requestId.');
}

/** Runs a payment use case, turning Stripe's errors into problems. */
export async function withPaymentProblems<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw paymentProblem(err);
  }
}
