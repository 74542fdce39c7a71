// The customer record (email, name, locale, Stripe Customer id), owned here; other capabilities
// reach it through the small interfaces below, passed to their constructors.
import type { Database, Tx } from '../db/client.js';
import * as store from './store.js';

export interface Customer {
  id: number;
  email: string;
  name: string;
  locale: string;
}

/** What sign-in needs: the record of an address, created at first sign-in. */
export interface CustomerDirectory {
  findOrCreate(tx: Tx, input: { email: string; name: string; locale: string }, now: Date): Promise<Customer>;
}

/** What cases need: the submitter's record, kept up to date by each submission, and a case's customer. */
export interface CaseCustomers {
  /** Creates the record or updates its name and language to the ones just given. */
  upsert(tx: Tx, input: { email: string; name: string; locale: string }, now: Date): Promise<Customer>;
  byId(tx: Tx | null, id: number): Promise<Customer | undefined>;
}

/** What payments need: the record and its one Stripe Customer. */
export interface BillingCustomers {
  byId(tx: Tx | null, id: number): Promise<(Customer & { stripeCustomerId: string | null }) | undefined>;
  /** Locks the record until the transaction ends, so one Stripe Customer is created per customer. */
  lockForBilling(tx: Tx, id: number): Promise<(Customer & { stripeCustomerId: string | null }) | undefined>;
  setStripeCustomerId(tx: Tx, id: number, stripeCustomerId: string): Promise<void>;
}

export class CustomerService implements CustomerDirectory, CaseCustomers, BillingCustomers {
  constructor(private readonly deps: { db: Database }) {}

  findOrCreate(tx: Tx, input: { email: string; name: string; locale: string }, now: Date): Promise<Customer> {
    return store.findOrCreate(tx, { ...input, createdAt: now });
  }

  upsert(tx: Tx, input: { email: string; name: string; locale: string }, now: Date): Promise<Customer> {
    return store.upsert(tx, input, now);
  }

  byId(tx: Tx | null, id: number) {
    return store.byId(tx ?? this.deps.db.db, id);
  }

  lockForBilling(tx: Tx, id: number) {
    return store.byId(tx, id, true);
  }

  setStripeCustomerId(tx: Tx, id: number, stripeCustomerId: string) {
    return store.setStripeCustomerId(tx, id, stripeCustomerId);
  }
}
