// Sales opportunities an agent notices in a case (an upsell: a product or plan, its estimated
// value, a note), recorded as the agent's, listed and exported as CSV for admins.
import { TIME_LIMITS, type Locale, type Opportunity, type OpportunityList } from '@ayuda/core';
import type { Database, Tx } from '../db/client.js';
import type { Clock } from '../clock.js';
import { notFound } from '../http/problem.js';
import { hashRequest, once } from '../http/idempotency.js';
import { actorKey, type StaffActor } from '../staff/actor.js';
import { staffUserOf } from '../staff/roles.js';
import { decimalAmount, toCsv } from './csv.js';
import * as store from './store.js';

export interface OpportunityDeps {
  db: Database;
  clock: Clock;
  /** The currency of an opportunity that names none (the fast lane's), lower case. */
  currency: string;
  /** The company's zone now (the business hours', which settings may change). */
  timeZone: () => string;
}

const CSV_HEADER: Record<Locale, string[]> = {
  es: ['id', 'fecha', 'consulta', 'cliente', 'email', 'agente', 'producto', 'valor', 'moneda', 'nota'],
  en: ['id', 'date', 'case', 'customer', 'email', 'agent', 'product', 'value', 'currency', 'note'],
};

const answer = (v: store.OpportunityView): Opportunity => ({
  id: v.opportunity.id,
  caseReference: v.reference,
  customer: { name: v.customerName, email: v.customerEmail },
  user: { id: v.opportunity.userId, name: v.userName },
  product: v.opportunity.product,
  value: v.opportunity.value,
  currency: v.opportunity.currency,
  note: v.opportunity.note,
  createdAt: v.opportunity.createdAt.toISOString(),
});

export class OpportunityService {
  constructor(private readonly deps: OpportunityDeps) {}

  /** Records an opportunity on the case, for the case's customer, as the caller's. With an idempotency key, a retry answers the first one. */
  async create(reference: string, actor: StaffActor, input: { product: string; value: number; currency?: string | undefined; note?: string | null | undefined }, idempotencyKey?: string): Promise<Opportunity> {
    const user = staffUserOf(actor);
    const c = await store.caseOfReference(this.deps.db.db, reference);
    if (!c) throw notFound(`No case ${reference}.`);
    const now = this.deps.clock.now();
    const create = async (tx: Tx) => {
      const row = await store.insert(tx, { caseId: c.id, customerId: c.customerId, userId: user.id, product: input.product, value: input.value, currency: input.currency ?? this.deps.currency, note: input.note ?? null, createdAt: now });
      return { status: 201, body: answer((await store.byId(tx, row.id))!) };
    };
    if (!idempotencyKey) return (await this.deps.db.db.transaction(create)).body;
    const hash = hashRequest(JSON.stringify([reference, input.product, input.value, input.currency ?? null, input.note ?? null]));
    return (await once(this.deps.db, `opportunities:create:${actorKey(user)}`, idempotencyKey, hash, now, create)).body;
  }

  /** Opportunities created in [from, to), newest first, up to the listing limit. */
  async list(from: Date, to: Date): Promise<OpportunityList> {
    const rows = await store.inPeriod(this.deps.db.db, from, to, TIME_LIMITS.opportunitiesMax + 1);
    return { from: from.toISOString(), to: to.toISOString(), timeZone: this.deps.timeZone(), opportunities: rows.slice(0, TIME_LIMITS.opportunitiesMax).map(answer), truncated: rows.length > TIME_LIMITS.opportunitiesMax };
  }

  /** The same list as CSV, the header in `locale`, values as decimals in their currency. */
  async csv(from: Date, to: Date, locale: Locale): Promise<string> {
    const { opportunities } = await this.list(from, to);
    return toCsv(
      CSV_HEADER[locale],
      opportunities.map((o) => [o.id, o.createdAt, o.caseReference, o.customer.name, o.customer.email, o.user.name, o.product, decimalAmount(o.value, o.currency), o.currency.toUpperCase(), o.note]),
    );
  }
}
