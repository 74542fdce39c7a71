// Whether a payment the customer started is really pending: the widget shows "confirming the
// payment" only then, and says that nothing was charged when the customer left Stripe's page
// unpaid (cancel and return, a declined card), the session expired, or Stripe no longer knows
// it (abandoned).
import type { CheckoutState } from '@ayuda/core';
import type { Database } from '../db/client.js';
import type { Stripe } from '../billing/gateway.js';
import type { Customer } from '../customers/service.js';
import { notFound } from '../http/problem.js';
import * as store from './store.js';

/** Whether an order no longer open was charged: not when it expired, failed or was abandoned. */
export function wasCharged(status: string): boolean {
  return !['expired', 'failed', 'abandoned'].includes(status);
}

export async function checkoutState(deps: { db: Database; stripe: Stripe }, customer: Customer, orderId: number): Promise<CheckoutState> {
  const order = await store.orderById(deps.db.db, orderId);
  if (!order || order.customerId !== customer.id) throw notFound('No such payment.');
  if (order.status !== 'open') return { order: order.status, pending: false, charged: wasCharged(order.status) };
  // Open here: Stripe knows whether the customer paid and its webhook is on its way.
  const s = order.checkoutSessionId ? await deps.stripe.checkout.sessions.retrieve(order.checkoutSessionId) : null;
  const pending = s?.status === 'complete';
  return { order: order.status, pending, charged: pending && s?.payment_status === 'paid' };
}

/** The status of the order paid through Checkout Session `sessionId` (the payment return page), or null. */
export async function orderStatusOfSession(db: Database, sessionId: string): Promise<string | null> {
  return (await store.orderBySession(db.db, sessionId))?.status ?? null;
}
