// The fast lane's data as the widget sees it, and what follows from it (which plans can be
// bought now), shared by the flow controller and the views.
import type { CaseView, FastlaneOffer, FastlaneStatus } from '@ayuda/client';

export type { FastlaneStatus };

/** The steps of the fast lane, in order; `article` and `account` are side trips; `requests` ("My requests") and `deleted` (after erasing the customer's data) are the account's. */
export type FastlaneStep = 'start' | 'unavailable' | 'signin' | 'code' | 'identity' | 'offer' | 'article' | 'paying' | 'confirming' | 'done' | 'account' | 'requests' | 'deleted';

/** The fast lane's DOM events (bubbling, composed). */
export interface FastlaneEventDetails {
  /** A new step is shown. */
  'ayuda-fastlane-step': { step: FastlaneStep };
  /** The customer signed in (code or identity token). */
  'ayuda-fastlane-signin': { email: string; method: 'code' | 'identity' };
  /** Checkout opened for a plan (the page is about to go to Stripe, or mounts embedded checkout). */
  'ayuda-fastlane-checkout': { plan: string; kind: 'incident' | 'subscription'; trackingToken: string | null };
  /** Stripe confirmed the payment: the request (or every request) is in the fast lane. */
  'ayuda-fastlane-done': { plan: string; kind: 'incident' | 'subscription'; trackingToken: string | null };
  /** A refund was asked for: `status` is `succeeded` (refunded at once) or `pending_approval`. */
  'ayuda-fastlane-refund': { orderId: number; status: string; amount: number };
  /** The subscription was cancelled. */
  'ayuda-fastlane-cancel': { atPeriodEnd: boolean; refunded: number };
  /** "My requests": the customer downloaded their data export. */
  'ayuda-account-export': Record<string, never>;
  /** "My requests": the customer's data was erased (what was anonymised or deleted, and the payment records kept). */
  'ayuda-account-deleted': { cases: number; attachments: number; paymentsKept: number };
}

declare global {
  interface HTMLElementEventMap {
    'ayuda-fastlane-step': CustomEvent<FastlaneEventDetails['ayuda-fastlane-step']>;
    'ayuda-fastlane-signin': CustomEvent<FastlaneEventDetails['ayuda-fastlane-signin']>;
    'ayuda-fastlane-checkout': CustomEvent<FastlaneEventDetails['ayuda-fastlane-checkout']>;
    'ayuda-fastlane-done': CustomEvent<FastlaneEventDetails['ayuda-fastlane-done']>;
    'ayuda-fastlane-refund': CustomEvent<FastlaneEventDetails['ayuda-fastlane-refund']>;
    'ayuda-fastlane-cancel': CustomEvent<FastlaneEventDetails['ayuda-fastlane-cancel']>;
    'ayuda-account-export': CustomEvent<FastlaneEventDetails['ayuda-account-export']>;
    'ayuda-account-deleted': CustomEvent<FastlaneEventDetails['ayuda-account-deleted']>;
  }
}

/** Subscription statuses in which the customer has the fast lane. */
export const ACTIVE = ['active', 'trialing', 'past_due'];

export function isSubscribed(status: FastlaneStatus | null): boolean {
  return !!status?.subscription && ACTIVE.includes(status.subscription.status);
}

/** The plans this customer can buy now: none while subscribed; per request only for an open, not yet answered request in the standard lane. */
export function plansOnOffer(offer: FastlaneOffer | null, status: FastlaneStatus | null, kase: CaseView | null): FastlaneOffer['plans'] {
  if (!offer || isSubscribed(status)) return [];
  const caseOpen = !!kase && kase.lane !== 'fast' && !kase.firstRespondedAt && !['solved', 'closed'].includes(kase.status);
  return offer.plans.filter((p) => (p.kind === 'incident' ? caseOpen : true));
}
