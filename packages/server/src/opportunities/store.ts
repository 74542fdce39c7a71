// Opportunity queries. Only this file knows the tables' shape.
import { and, desc, eq, gte, lt } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { cases, customers, opportunities, staffUsers } from '../db/schema.js';

type Q = Db | Tx;
export type OpportunityRow = typeof opportunities.$inferSelect;
export interface OpportunityView {
  opportunity: OpportunityRow;
  reference: string;
  customerName: string;
  customerEmail: string;
  userName: string;
}

export async function caseOfReference(q: Q, reference: string): Promise<{ id: number; customerId: number } | null> {
  const [row] = await q.select({ id: cases.id, customerId: cases.customerId }).from(cases).where(eq(cases.reference, reference));
  return row ?? null;
}

export async function insert(tx: Tx, values: typeof opportunities.$inferInsert): Promise<OpportunityRow> {
  const [row] = await tx.insert(opportunities).values(values).returning();
  return row!;
}

const view = (q: Q) =>
  q
    .select({ opportunity: opportunities, reference: cases.reference, customerName: customers.name, customerEmail: customers.email, userName: staffUsers.name })
    .from(opportunities)
    .innerJoin(cases, eq(cases.id, opportunities.caseId))
    .innerJoin(customers, eq(customers.id, opportunities.customerId))
    .innerJoin(staffUsers, eq(staffUsers.id, opportunities.userId));

export async function byId(q: Q, id: number): Promise<OpportunityView | null> {
  const [row] = await view(q).where(eq(opportunities.id, id));
  return row ?? null;
}

/** Opportunities created in [from, to), newest first, at most `limit`. */
export function inPeriod(q: Q, from: Date, to: Date, limit: number): Promise<OpportunityView[]> {
  return view(q)
    .where(and(gte(opportunities.createdAt, from), lt(opportunities.createdAt, to)))
    .orderBy(desc(opportunities.createdAt), desc(opportunities.id))
    .limit(limit);
}
