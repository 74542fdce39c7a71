// Callback queries. Only this file knows the tables' shape.
import { and, asc, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { callbackAttempts, callbacks, cases, customers } from '../db/schema.js';

type Q = Db | Tx;
export type CallbackRow = typeof callbacks.$inferSelect;
export type AttemptRow = typeof callbackAttempts.$inferSelect;

export async function insert(q: Q, values: typeof callbacks.$inferInsert): Promise<CallbackRow> {
  const [row] = await q.insert(callbacks).values(values).returning();
  return row!;
}

export async function byId(q: Q, id: string): Promise<CallbackRow | null> {
  const [row] = await q.select().from(callbacks).where(eq(callbacks.id, id));
  return row ?? null;
}

/**
 * The row, locked until the transaction ends: two attempts recorded at once on one callback
 * take turns, and the second sees what the first did.
 */
export async function lockById(tx: Tx, id: string): Promise<CallbackRow | null> {
  const [row] = await tx.select().from(callbacks).where(eq(callbacks.id, id)).for('update');
  return row ?? null;
}

/** When an address asked for callbacks since `since`, oldest first (the per-address limit). */
export async function timesByEmailSince(q: Q, email: string, since: Date): Promise<Date[]> {
  const rows = await q.select({ at: callbacks.createdAt }).from(callbacks).where(and(eq(callbacks.email, email), gte(callbacks.createdAt, since))).orderBy(asc(callbacks.createdAt));
  return rows.map((r) => r.at);
}

/**
 * Waiting ones in the queue's order: the fast lane first, then the first attempt's due time, then
 * the oldest request. Closed ones (done, failed, cancelled) newest first, the last 500.
 */
export function list(q: Q, status: string): Promise<CallbackRow[]> {
  const rows = q.select().from(callbacks).where(eq(callbacks.status, status));
  const ordered =
    status === 'waiting'
      ? rows.orderBy(sql`case when ${callbacks.lane} = 'fast' then 0 else 1 end`, asc(callbacks.dueAt), asc(callbacks.createdAt), asc(callbacks.id))
      : rows.orderBy(desc(callbacks.closedAt), desc(callbacks.createdAt), asc(callbacks.id));
  return ordered.limit(500);
}

/** The attempts of these callbacks, oldest first. */
export async function attemptsOf(q: Q, ids: string[]): Promise<AttemptRow[]> {
  if (!ids.length) return [];
  return q.select().from(callbackAttempts).where(inArray(callbackAttempts.callbackId, ids)).orderBy(asc(callbackAttempts.at), asc(callbackAttempts.id));
}

export async function insertAttempt(tx: Tx, values: typeof callbackAttempts.$inferInsert): Promise<void> {
  await tx.insert(callbackAttempts).values(values);
}

/** Closes a callback that is still waiting; false when it no longer was. */
export async function close(tx: Tx, id: string, status: 'done' | 'failed', at: Date): Promise<boolean> {
  const rows = await tx
    .update(callbacks)
    .set({ status, closedAt: at })
    .where(and(eq(callbacks.id, id), eq(callbacks.status, 'waiting')))
    .returning({ id: callbacks.id });
  return rows.length === 1;
}

/** A case by its reference, with its customer's address (to tell whether it is the caller's). */
export async function caseByReference(q: Q, reference: string): Promise<{ id: number; lane: string; status: string; customerId: number; email: string } | null> {
  const [row] = await q
    .select({ id: cases.id, lane: cases.lane, status: cases.status, customerId: cases.customerId, email: customers.email })
    .from(cases)
    .innerJoin(customers, eq(customers.id, cases.customerId))
    .where(eq(cases.reference, reference));
  return row ?? null;
}

/** The references of these cases, by id. */
export async function referencesOf(q: Q, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await q.select({ id: cases.id, reference: cases.reference }).from(cases).where(inArray(cases.id, ids));
  return new Map(rows.map((r) => [r.id, r.reference]));
}
