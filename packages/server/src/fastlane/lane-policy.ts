// Which lane a case may have, apart from the checkout and refund mechanics: a refunded
// per-incident payment leaves the case in the fast lane while an active subscription covers the
// customer, and a case an agent has answered is no longer sold a faster first answer.
import { PROBLEM_TYPES } from '@ayuda/core';
import type { Tx } from '../db/client.js';
import { AppError } from '../http/problem.js';
import * as store from './store.js';

/** True while the customer holds an active subscription, which puts every open request in the fast lane. */
export const coveredBySubscription = (tx: Tx, customerId: number): Promise<boolean> => store.hasActiveEntitlement(tx, customerId);

/** Refuses to sell a faster first answer for a case that already has its first answer. */
export function assertFirstAnswerPending(kase: { firstRespondedAt: Date | null }): void {
  if (kase.firstRespondedAt) throw new AppError(409, PROBLEM_TYPES.conflict, 'Already answered', 'This request has had its first answer: a faster first answer is no longer on offer.');
}
