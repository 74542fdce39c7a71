// Takes back a cancellation at period end, from the widget, until the period ends: Stripe's
// `subscriptions.update(cancel_at_period_end: false)`, keyed per installation and attempt like
// the cancellation it undoes (cancel, undo, cancel again are each their own request).
import { PROBLEM_TYPES } from '@ayuda/core';
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import type { Stripe } from '../billing/gateway.js';
import type { Customer } from '../customers/service.js';
import { AppError } from '../http/problem.js';
import { LIVE_ENTITLEMENT_STATUSES } from '../db/schema.js';
import * as store from './store.js';

const ACTIVE: readonly string[] = LIVE_ENTITLEMENT_STATUSES;

export async function undoCancel(
  deps: { db: Database; clock: Clock; stripe: Stripe; key: (action: string, id: string, attempt: number) => string },
  customer: Customer,
): Promise<{ status: string; renewsAt: string | null }> {
  const now = deps.clock.now();
  const found = (await store.entitlementsOfCustomer(deps.db.db, customer.id)).find((e) => ACTIVE.includes(e.status) && e.cancelAtPeriodEnd);
  if (!found || (found.currentPeriodEnd && found.currentPeriodEnd <= now)) {
    throw new AppError(409, PROBLEM_TYPES.conflict, 'Nothing to undo', 'No subscription is set to end at the end of its period.');
  }
  const attempt = await deps.db.db.transaction(async (tx) => {
    const e = (await store.entitlementBySubscription(tx, found.subscriptionId, true))!;
    await store.upsertEntitlement(tx, { ...e, cancelRequests: e.cancelRequests + 1 });
    return e.cancelRequests + 1;
  });
  const sub = await deps.stripe.subscriptions.update(found.subscriptionId, { cancel_at_period_end: false }, { idempotencyKey: deps.key('undo-cancel', found.subscriptionId, attempt) });
  const end = sub.items.data[0]?.current_period_end ? new Date(sub.items.data[0].current_period_end * 1000) : found.currentPeriodEnd;
  await deps.db.db.transaction(async (tx) => {
    const e = (await store.entitlementBySubscription(tx, found.subscriptionId, true))!;
    await store.upsertEntitlement(tx, { ...e, cancelAtPeriodEnd: false, currentPeriodEnd: end, updatedAt: deps.clock.now() });
  });
  return { status: sub.status, renewsAt: end?.toISOString() ?? null };
}
