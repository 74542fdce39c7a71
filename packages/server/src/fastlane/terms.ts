// The terms a fast-lane payment was made under. The refund rules, the tax and the plan's name are
// settings an admin may change at any time (the `fastlane` settings); an order keeps them as they
// were at checkout, so a change never takes a right away from a customer who already paid: the
// rules that apply to an order are those it was bought under, or today's where they are more
// generous. Receipts show the tax and name of the purchase.
import type { OrderTerms } from '../db/schema.js';
import type { FastlaneConfig, Plan } from './config.js';

type Refunds = FastlaneConfig['refunds'];

/** What an order made now keeps. */
export function termsAt(f: FastlaneConfig, plan: Plan): OrderTerms {
  return {
    refunds: { ...f.refunds },
    tax: f.tax ? { rate: f.tax.rate, label: { ...f.tax.label } } : null,
    planName: { ...plan.name },
  };
}

/** The refund rules of an order: those it was bought under, or today's where more generous. */
export function refundRules(order: { terms: OrderTerms | null }, today: Refunds): Refunds {
  const then = order.terms?.refunds;
  if (!then) return today;
  return {
    beforeFirstReply: then.beforeFirstReply || today.beforeFirstReply,
    slaGuarantee: then.slaGuarantee || today.slaGuarantee,
    proratedCancellation: then.proratedCancellation || today.proratedCancellation,
  };
}
