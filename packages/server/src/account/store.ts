// The customer's own data, read and erased. A data-protection request is about everything held
// on one person, so this store reads and writes across the capabilities' tables (cases,
// fast-lane payments, sessions, outbox) by customer; only this file knows their shape.
import { and, asc, desc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { appointments, auditLog, callbacks, caseAttachments, caseEvents, caseMessages, cases, customerSessions, customers, dataRequests, entitlements, fastlaneOrders, fastlaneRefunds, inboundMail, jobs, loginCodes, mailOutbox, opportunities, surveyAnswers, surveyInvitations } from '../db/schema.js';

type Q = Db | Tx;
export type CaseRow = typeof cases.$inferSelect;

export async function customerRow(db: Q, id: number) {
  const [row] = await db.select().from(customers).where(eq(customers.id, id));
  return row ?? null;
}

export async function casesOf(db: Q, customerId: number) {
  return db.select().from(cases).where(eq(cases.customerId, customerId)).orderBy(desc(cases.updatedAt), desc(cases.id));
}

/** Messages the customer can see (no internal notes), oldest first, for some cases. */
export async function visibleMessagesOf(db: Q, caseIds: number[]) {
  if (!caseIds.length) return [];
  return db
    .select({ id: caseMessages.id, caseId: caseMessages.caseId, author: caseMessages.author, authorName: caseMessages.authorName, body: caseMessages.body, createdAt: caseMessages.createdAt })
    .from(caseMessages)
    .where(and(inArray(caseMessages.caseId, caseIds), eq(caseMessages.internal, false)))
    .orderBy(asc(caseMessages.id));
}

export async function eventsOf(db: Q, caseIds: number[]) {
  if (!caseIds.length) return [];
  return db.select().from(caseEvents).where(inArray(caseEvents.caseId, caseIds)).orderBy(asc(caseEvents.id));
}

/** Files attached to messages the customer can see, with their bytes. */
export async function attachmentsOf(db: Q, caseIds: number[]) {
  if (!caseIds.length) return [];
  return db
    .select({ id: caseAttachments.id, caseId: caseAttachments.caseId, messageId: caseAttachments.messageId, filename: caseAttachments.filename, contentType: caseAttachments.contentType, size: caseAttachments.size, sha256: caseAttachments.sha256, data: caseAttachments.data, createdAt: caseAttachments.createdAt })
    .from(caseAttachments)
    .innerJoin(caseMessages, eq(caseMessages.id, caseAttachments.messageId))
    .where(and(inArray(caseAttachments.caseId, caseIds), eq(caseMessages.internal, false)))
    .orderBy(asc(caseAttachments.id));
}

export async function ordersOf(db: Q, customerId: number) {
  return db.select().from(fastlaneOrders).where(eq(fastlaneOrders.customerId, customerId)).orderBy(desc(fastlaneOrders.id));
}

export async function orderOf(db: Q, customerId: number, orderId: number) {
  const [row] = await db.select().from(fastlaneOrders).where(and(eq(fastlaneOrders.customerId, customerId), eq(fastlaneOrders.id, orderId)));
  return row ?? null;
}

export async function refundsOf(db: Q, orderIds: number[]) {
  if (!orderIds.length) return [];
  return db.select().from(fastlaneRefunds).where(inArray(fastlaneRefunds.orderId, orderIds)).orderBy(asc(fastlaneRefunds.id));
}

export async function entitlementsOf(db: Q, customerId: number) {
  return db.select().from(entitlements).where(eq(entitlements.customerId, customerId)).orderBy(desc(entitlements.id));
}

export async function sessionsOf(db: Q, customerId: number) {
  return db.select({ method: customerSessions.method, createdAt: customerSessions.createdAt, expiresAt: customerSessions.expiresAt }).from(customerSessions).where(eq(customerSessions.customerId, customerId)).orderBy(asc(customerSessions.createdAt));
}

export async function dataRequestsOf(db: Q, customerId: number) {
  return db.select().from(dataRequests).where(eq(dataRequests.customerId, customerId)).orderBy(asc(dataRequests.id));
}

export async function recordDataRequest(q: Q, kind: 'export' | 'deletion', customerId: number, counts: Record<string, number>, now: Date) {
  await q.insert(dataRequests).values({ kind, customerId, counts, createdAt: now });
}

export async function listDataRequests(db: Q, limit: number) {
  return db.select().from(dataRequests).orderBy(desc(dataRequests.id)).limit(limit);
}

/** Locks the customer's row: one deletion at a time, and no new session while it runs. */
export async function lockCustomer(tx: Tx, id: number) {
  const [row] = await tx.select().from(customers).where(eq(customers.id, id)).for('update');
  return row ?? null;
}

// ---- erasure (one transaction, see AccountService.delete) ----

export async function deleteAttachmentsOf(tx: Tx, caseIds: number[]): Promise<number> {
  if (!caseIds.length) return 0;
  return (await tx.delete(caseAttachments).where(inArray(caseAttachments.caseId, caseIds)).returning({ id: caseAttachments.id })).length;
}

/** What the customer wrote is replaced; staff messages stay (they are the company's record of its answers). */
export async function eraseCustomerMessages(tx: Tx, caseIds: number[], placeholder: string, name: string): Promise<number> {
  if (!caseIds.length) return 0;
  return (
    await tx
      .update(caseMessages)
      .set({ body: placeholder, authorName: name })
      .where(and(inArray(caseMessages.caseId, caseIds), eq(caseMessages.author, 'customer')))
      .returning({ id: caseMessages.id })
  ).length;
}

export async function updateCase(tx: Tx, id: number, set: Partial<typeof cases.$inferInsert>) {
  await tx.update(cases).set(set).where(eq(cases.id, id));
}

export async function insertEvent(tx: Tx, caseId: number, type: string, data: Record<string, unknown>, now: Date) {
  await tx.insert(caseEvents).values({ caseId, type, actor: 'customer', data, createdAt: now });
}

/** Case events may carry what the customer typed (an origin, an old subject): kept as types and times only. */
export async function clearEventData(tx: Tx, caseIds: number[]) {
  if (!caseIds.length) return;
  await tx.update(caseEvents).set({ data: {} }).where(and(inArray(caseEvents.caseId, caseIds), ne(caseEvents.type, 'lane_changed')));
}

export async function deleteSessionsAndCodes(tx: Tx, customerId: number, email: string) {
  await tx.delete(customerSessions).where(eq(customerSessions.customerId, customerId));
  await tx.delete(loginCodes).where(eq(loginCodes.email, email));
}

/** Earlier mail to the address (copies of what was sent, or not yet sent) goes with it, and any job still to mail it. */
export async function deleteMailTo(tx: Tx, email: string) {
  await tx.delete(mailOutbox).where(eq(mailOutbox.toAddress, email));
  await tx.delete(jobs).where(and(eq(jobs.status, 'pending'), sql`${jobs.payload}->>'email' = ${email}`));
}

/** The customer's survey answers (scores and comments), for the export. */
export async function surveyAnswersOf(db: Q, customerId: number) {
  return db.select().from(surveyAnswers).where(eq(surveyAnswers.customerId, customerId)).orderBy(asc(surveyAnswers.answeredAt));
}

/** Survey comments are what the customer wrote: erased; the scores stay, as the pseudonym's, for the figures. */
export async function eraseSurveyComments(tx: Tx, customerId: number) {
  await tx.update(surveyAnswers).set({ comment: null }).where(eq(surveyAnswers.customerId, customerId));
}

/** Records of mail received from the address (replies by email), by case or by sender. */
export async function deleteInboundMailOf(tx: Tx, caseIds: number[], email: string) {
  await tx.delete(inboundMail).where(caseIds.length ? sql`${inArray(inboundMail.caseId, caseIds)} or ${inboundMail.sender} = ${email} or ${inboundMail.envelopeFrom} = ${email}` : sql`${inboundMail.sender} = ${email} or ${inboundMail.envelopeFrom} = ${email}`);
}

/** The customer's cases, locked for the rest of the transaction. */
export async function lockCasesOf(tx: Tx, customerId: number) {
  return tx.select().from(cases).where(eq(cases.customerId, customerId)).orderBy(desc(cases.updatedAt), desc(cases.id)).for('update');
}

/**
 * Every mention of the customer's address, name or a word of their name (three letters or more,
 * whole words, any case) in the team's messages of these cases, replies and internal notes,
 * becomes `replacement`.
 */
export async function eraseMentions(tx: Tx, caseIds: number[], email: string, name: string, replacement: string) {
  const words = [email, name, ...name.split(/[\s,.]+/)].map((w) => w.trim()).filter((w) => w.length >= 3);
  const needles = [...new Set(words)].sort((a, b) => b.length - a.length);
  if (!caseIds.length || !needles.length) return;
  const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${needles.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  const rows = await tx.select({ id: caseMessages.id, body: caseMessages.body }).from(caseMessages).where(and(inArray(caseMessages.caseId, caseIds), ne(caseMessages.author, 'customer')));
  for (const r of rows) {
    const body = r.body.replace(pattern, replacement);
    if (body !== r.body) await tx.update(caseMessages).set({ body }).where(eq(caseMessages.id, r.id));
  }
}

export async function deleteSurveyInvitations(tx: Tx, caseIds: number[]) {
  if (caseIds.length) await tx.delete(surveyInvitations).where(inArray(surveyInvitations.caseId, caseIds));
}

/** Sales notes staff wrote about the customer. */
export async function eraseOpportunityNotes(tx: Tx, customerId: number) {
  await tx.update(opportunities).set({ note: null }).where(eq(opportunities.customerId, customerId));
}

/** Callback requests tied to the customer or asked for with their address, and (cascading) their attempts: a phone number and notes, kept for nothing. */
export async function deleteCallbacksOf(tx: Tx, customerId: number, email: string): Promise<string[]> {
  return (await tx.delete(callbacks).where(or(eq(callbacks.customerId, customerId), eq(callbacks.email, email))).returning({ id: callbacks.id })).map((r) => r.id);
}

/**
 * Appointments booked by the customer or with their address, and (cascading) their moves and
 * proposals: a name, an address, a phone and notes. A future one goes too: the person asked to
 * be forgotten, so no reminder is mailed and nobody waits for them under their name.
 */
export async function deleteAppointmentsOf(tx: Tx, customerId: number, email: string): Promise<string[]> {
  return (await tx.delete(appointments).where(or(eq(appointments.customerId, customerId), eq(appointments.email, email))).returning({ id: appointments.id })).map((r) => r.id);
}

/**
 * The audit log keeps who did what, on what and when, but not what the staff's requests said
 * about the customer: the data of the entries on `targets` (their cases, themselves, their
 * callbacks and appointments), and of any entry that quotes their address (a callback or
 * appointment created for them, a search), becomes `{ "erased": true }`. Reads the whole log's
 * data for the address: erasures are rare.
 */
export async function eraseAuditData(tx: Tx, targets: string[], email: string) {
  const quotes = sql`position(${email.toLowerCase()} in lower(${auditLog.data}::text)) > 0`;
  await tx
    .update(auditLog)
    .set({ data: { erased: true } })
    .where(targets.length ? or(inArray(auditLog.target, targets), quotes) : quotes);
}

export async function pseudonymise(tx: Tx, customerId: number, email: string, name: string, now: Date) {
  await tx.update(customers).set({ email, name, erasedAt: now }).where(eq(customers.id, customerId));
}
