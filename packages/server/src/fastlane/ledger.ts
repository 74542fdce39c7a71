// What other capabilities may know of the fast lane's money, read-only: whether a customer holds
// an active subscription, and what a case paid and had refunded. Built before the services that
// use it, so cases reach it through their constructor and never import the fast lane's store.
import type { CasePayment } from '@ayuda/core';
import type { Database, Tx } from '../db/client.js';
import * as store from './store.js';

/** For cases: a subscriber's new cases start in the fast lane; staff see what a case paid. */
export interface CaseFinance {
  hasActiveEntitlement(tx: Tx, customerId: number): Promise<boolean>;
  ofCase(caseId: number): Promise<CasePayment[]>;
}

export class FastlaneLedger implements CaseFinance {
  constructor(private readonly deps: { db: Database }) {}

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
}
