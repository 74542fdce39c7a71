// Customer records: one per lower-cased email address.
import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { customers } from '../db/schema.js';

type Q = Db | Tx;
export type CustomerRow = typeof customers.$inferSelect;

export async function byEmail(db: Q, email: string): Promise<CustomerRow | undefined> {
  const [row] = await db.select().from(customers).where(eq(customers.email, email));
  return row;
}

export async function byId(db: Q, id: number, lock = false): Promise<CustomerRow | undefined> {
  const q = db.select().from(customers).where(eq(customers.id, id));
  const [row] = await (lock ? q.for('update') : q);
  return row;
}

/** Inserts unless the address exists; either way returns the record. */
export async function findOrCreate(db: Q, values: { email: string; name: string; locale: string; createdAt: Date }): Promise<CustomerRow> {
  const existing = await byEmail(db, values.email);
  if (existing) return existing;
  const [row] = await db.insert(customers).values(values).onConflictDoNothing().returning();
  return row ?? (await byEmail(db, values.email))!;
}

/** Creates the record or brings its name and language up to date (a case submission states both). */
export async function upsert(tx: Tx, c: { email: string; name: string; locale: string }, now: Date): Promise<CustomerRow> {
  const [row] = await tx
    .insert(customers)
    .values({ ...c, createdAt: now })
    .onConflictDoUpdate({ target: customers.email, set: { name: c.name, locale: c.locale } })
    .returning();
  return row!;
}

export async function setStripeCustomerId(db: Q, id: number, stripeCustomerId: string): Promise<void> {
  await db.update(customers).set({ stripeCustomerId }).where(eq(customers.id, id));
}
