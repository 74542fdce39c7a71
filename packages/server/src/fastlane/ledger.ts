// The fast lane's money, read-only: whether a customer holds an active subscription, what a
// case paid and had refunded, a customer's payments, and staff figures. Built before the
// services that use it, so cases reach it through their constructor (as their CaseFinance)
// and never import the fast lane's store.
import type { CasePayment, FastlanePlanConfig } from '@ayuda/core';
import type { Database, Tx } from '../db/client.js';
import type { Customer } from '../customers/service.js';
import type { CustomerFinance } from '../cases/service.js';
import * as store from './store.js';

export class FastlaneLedger {
  /** `plans`: the fast lane's plans as configured now (the settings change them in place), for their names. */
  constructor(private readonly deps: { db: Database; plans?: () => readonly FastlanePlanConfig[] }) {}

  /** A plan's name in each language, as configured now; null for a plan no longer listed. */
  #planName(key: string): { es: string; en: string } | null {
    const plan = this.deps.plans?.().find((p) => p.key === key);
    return plan ? { es: plan.name.es, en: plan.name.en } : null;
  }

  hasActiveEntitlement(tx: Tx, customerId: number): Promise<boolean> {
    return store.hasActiveEntitlement(tx, customerId);
  }

  async ofCase(caseId: number): Promise<CasePayment[]> {
    const db = this.deps.db.db;
    const orders = await store.ordersOfCase(db, caseId);
    return Promise.all(
      orders.map(async (o) => ({ id: o.id, plan: o.planKey, status: o.status, amount: o.amount, currency: o.currency, amountRefunded: o.amountRefunded, paidAt: o.paidAt?.toISOString() ?? null, refunds: (await store.refundsOfOrder(db, o.id)).map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), decidedAt: r.decidedAt?.toISOString() ?? null })) })),
    );
  }

  /** A customer's payments (with the case each paid for), subscription and refunds, as staff see them beside a case. */
  async ofCustomer(customerId: number): Promise<CustomerFinance> {
    const db = this.deps.db.db;
    const [orders, ents] = await Promise.all([store.ordersOfCustomer(db, customerId), store.entitlementsOfCustomer(db, customerId)]);
    const refunds = await Promise.all(orders.map((o) => store.refundsOfOrder(db, o.id)));
    const staffRefund = (r: (typeof refunds)[number][number]) => ({ ...r, createdAt: r.createdAt.toISOString(), decidedAt: r.decidedAt?.toISOString() ?? null });
    return {
      orders: orders.map((o, i) => ({
        id: o.id,
        plan: o.planKey,
        kind: o.kind,
        status: o.status,
        amount: o.amount,
        currency: o.currency,
        amountRefunded: o.amountRefunded,
        createdAt: o.createdAt.toISOString(),
        paidAt: o.paidAt?.toISOString() ?? null,
        caseId: o.caseId,
        refunds: refunds[i]!.map(staffRefund),
      })),
      subscription: ents[0] ? { plan: ents[0].planKey, planName: this.#planName(ents[0].planKey), status: ents[0].status, currentPeriodEnd: ents[0].currentPeriodEnd?.toISOString() ?? null, cancelAtPeriodEnd: ents[0].cancelAtPeriodEnd } : null,
      refunds: refunds
        .flat()
        .sort((a, b) => b.id - a.id)
        .map(staffRefund),
    };
  }

  /** A customer's subscription and payments, with their refunds. */
  async status(customer: Customer) {
    const db = this.deps.db.db;
    const [orders, ents] = await Promise.all([store.ordersOfCustomer(db, customer.id), store.entitlementsOfCustomer(db, customer.id)]);
    const refunds = await Promise.all(orders.map((o) => store.refundsOfOrder(db, o.id)));
    return {
      customer: { email: customer.email, name: customer.name },
      subscription: ents[0] ? { plan: ents[0].planKey, status: ents[0].status, currentPeriodEnd: ents[0].currentPeriodEnd?.toISOString() ?? null, cancelAtPeriodEnd: ents[0].cancelAtPeriodEnd } : null,
      orders: orders.map((o, i) => ({
        id: o.id,
        plan: o.planKey,
        kind: o.kind,
        status: o.status,
        amount: o.amount,
        currency: o.currency,
        amountRefunded: o.amountRefunded,
        createdAt: o.createdAt.toISOString(),
        paidAt: o.paidAt?.toISOString() ?? null,
        refunds: refunds[i]!.map((r) => ({ id: r.id, amount: r.amount, status: r.status, reason: r.reason, createdAt: r.createdAt.toISOString() })),
      })),
    };
  }

  /** Staff figures: revenue, refunds and fast-lane cases in a period. */
  summary(from: Date, to: Date, currency: string) {
    return store.summary(this.deps.db.db, from, to, currency);
  }
}
