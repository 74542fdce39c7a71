// Case queries. Only this file knows the tables' shape.
import { and, asc, count, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { caseAttachments, caseEvents, caseMessages, caseReferenceSeq, cases, customers } from '../db/schema.js';
import type { CheckedFile } from './attachments.js';

type Q = Db | Tx;
export type CaseRow = typeof cases.$inferSelect;
export type MessageRow = typeof caseMessages.$inferSelect;
export type AttachmentInfo = Omit<typeof caseAttachments.$inferSelect, 'data'>;

export async function nextReferenceNumber(tx: Tx): Promise<number> {
  const r = await tx.execute<{ n: string | number }>(sql`select nextval(${caseReferenceSeq.seqName}) as n`);
  const rows = (r as unknown as { rows?: Array<{ n: string | number }> }).rows ?? (r as unknown as Array<{ n: string | number }>);
  return Number(rows[0]!.n);
}

export async function insertCase(tx: Tx, values: typeof cases.$inferInsert): Promise<CaseRow> {
  const [row] = await tx.insert(cases).values(values).returning();
  return row!;
}

export async function updateCase(tx: Tx, id: number, set: Partial<typeof cases.$inferInsert>): Promise<CaseRow> {
  const [row] = await tx.update(cases).set(set).where(eq(cases.id, id)).returning();
  return row!;
}

export async function insertMessage(tx: Tx, values: typeof caseMessages.$inferInsert): Promise<MessageRow> {
  const [row] = await tx.insert(caseMessages).values(values).returning();
  return row!;
}

export async function insertAttachments(tx: Tx, caseId: number, messageId: number, files: CheckedFile[], now: Date) {
  if (!files.length) return;
  await tx.insert(caseAttachments).values(
    files.map((f) => ({ caseId, messageId, publicId: f.publicId, filename: f.filename, contentType: f.contentType, size: f.size, sha256: f.sha256, data: f.data, createdAt: now })),
  );
}

export async function insertEvent(tx: Tx, caseId: number, type: string, actor: string, data: Record<string, unknown>, now: Date) {
  await tx.insert(caseEvents).values({ caseId, type, actor, data, createdAt: now });
}

export async function caseByTrackingHash(db: Q, hash: string) {
  const [row] = await db.select().from(cases).where(eq(cases.trackingHash, hash));
  return row;
}

export async function caseByReference(db: Q, reference: string) {
  const [row] = await db.select().from(cases).where(eq(cases.reference, reference));
  return row;
}

/** Locks the case row for the rest of the transaction, so concurrent changes apply one after the other. */
export async function lockCase(tx: Tx, id: number): Promise<CaseRow> {
  const [row] = await tx.select().from(cases).where(eq(cases.id, id)).for('update');
  return row!;
}

export async function messagesOf(db: Q, caseId: number, includeInternal: boolean) {
  return db
    .select()
    .from(caseMessages)
    .where(and(eq(caseMessages.caseId, caseId), includeInternal ? undefined : eq(caseMessages.internal, false)))
    .orderBy(asc(caseMessages.id));
}

export async function attachmentsOf(db: Q, caseId: number): Promise<AttachmentInfo[]> {
  return db
    .select({
      id: caseAttachments.id,
      caseId: caseAttachments.caseId,
      messageId: caseAttachments.messageId,
      publicId: caseAttachments.publicId,
      filename: caseAttachments.filename,
      contentType: caseAttachments.contentType,
      size: caseAttachments.size,
      sha256: caseAttachments.sha256,
      createdAt: caseAttachments.createdAt,
    })
    .from(caseAttachments)
    .where(eq(caseAttachments.caseId, caseId))
    .orderBy(asc(caseAttachments.id));
}

export async function attachmentData(db: Q, caseId: number, publicId: string) {
  const [row] = await db
    .select()
    .from(caseAttachments)
    .where(and(eq(caseAttachments.caseId, caseId), eq(caseAttachments.publicId, publicId)));
  return row;
}

export async function eventsOf(db: Q, caseId: number) {
  return db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.id));
}

/** Creation times of the address's cases since `since`, oldest first. */
export async function recentCaseTimesByEmail(db: Q, email: string, since: Date): Promise<Date[]> {
  const rows = await db
    .select({ at: cases.createdAt })
    .from(cases)
    .innerJoin(customers, eq(customers.id, cases.customerId))
    .where(and(eq(customers.email, email), gte(cases.createdAt, since)))
    .orderBy(asc(cases.createdAt));
  return rows.map((r) => r.at);
}

export async function casesOfEmail(db: Q, email: string, since: Date) {
  return db
    .select({ case: cases, customer: customers })
    .from(cases)
    .innerJoin(customers, eq(customers.id, cases.customerId))
    .where(and(eq(customers.email, email), gte(cases.updatedAt, since)))
    .orderBy(desc(cases.id))
    .limit(20);
}

export async function queue(db: Q, q: { statuses: string[]; lane?: string; assignee?: string; limit: number; offset: number }) {
  const where = and(inArray(cases.status, q.statuses), q.lane ? eq(cases.lane, q.lane) : undefined, q.assignee ? eq(cases.assignee, q.assignee) : undefined);
  const rows = await db
    .select({ case: cases, customer: customers })
    .from(cases)
    .innerJoin(customers, eq(customers.id, cases.customerId))
    .where(where)
    // Fast lane first, then whatever is due soonest (what waits for the customer last).
    .orderBy(
      sql`case when ${cases.lane} = 'fast' then 0 else 1 end`,
      sql`case when ${cases.status} = 'pending_customer' then 1 else 0 end`,
      sql`coalesce(case when ${cases.firstRespondedAt} is null then ${cases.firstResponseDue} else ${cases.resolutionDue} end, ${cases.createdAt})`,
      asc(cases.id),
    )
    .limit(q.limit)
    .offset(q.offset);
  const [total] = await db.select({ n: count() }).from(cases).where(where);
  return { rows, total: Number(total?.n ?? 0) };
}

/** Closes solved cases whose reopen window has passed; returns their ids. */
export async function closeSolvedBefore(tx: Tx, before: Date, now: Date): Promise<number[]> {
  const rows = await tx
    .update(cases)
    .set({ status: 'closed', closedAt: now, updatedAt: now })
    .where(and(eq(cases.status, 'solved'), lt(cases.solvedAt, before)))
    .returning({ id: cases.id });
  return rows.map((r) => r.id);
}

/** A customer's cases still being worked on, optionally in one lane. */
export async function openCasesOf(db: Q, customerId: number, lane?: string): Promise<CaseRow[]> {
  return db
    .select()
    .from(cases)
    .where(and(eq(cases.customerId, customerId), inArray(cases.status, ['new', 'open', 'pending_customer']), lane ? eq(cases.lane, lane) : undefined));
}

/** A case by id, without a lock (reads outside a transaction). */
export async function caseById(db: Q, id: number): Promise<CaseRow | null> {
  const [row] = await db.select().from(cases).where(eq(cases.id, id));
  return row ?? null;
}
