// Survey invitations and answers (Drizzle).
import { and, desc, eq, gte, isNull, lt, max } from 'drizzle-orm';
import type { SurveyQuestion } from '@ayuda/core';
import type { Db, Tx } from '../db/client.js';
import { cases, surveyAnswers, surveyInvitations } from '../db/schema.js';

type Q = Db | Tx;
export type AnswerRow = typeof surveyAnswers.$inferSelect;

export async function invitationsOf(db: Q, caseId: number): Promise<Array<{ question: SurveyQuestion; sentAt: Date }>> {
  const rows = await db.select({ question: surveyInvitations.question, sentAt: surveyInvitations.sentAt }).from(surveyInvitations).where(eq(surveyInvitations.caseId, caseId));
  return rows as Array<{ question: SurveyQuestion; sentAt: Date }>;
}

/** When the customer was last asked the NPS question, on any case. */
export async function lastNpsInvitation(db: Q, customerId: number): Promise<Date | null> {
  const [row] = await db
    .select({ at: max(surveyInvitations.sentAt) })
    .from(surveyInvitations)
    .where(and(eq(surveyInvitations.customerId, customerId), eq(surveyInvitations.question, 'nps')));
  return row?.at ?? null;
}

/** Records the questions asked now; a question asked before is asked again from now (its links live again). */
export async function invite(tx: Tx, caseId: number, customerId: number, questions: readonly SurveyQuestion[], now: Date): Promise<void> {
  if (!questions.length) return;
  await tx
    .insert(surveyInvitations)
    .values(questions.map((question) => ({ caseId, question, customerId, sentAt: now })))
    .onConflictDoUpdate({ target: [surveyInvitations.caseId, surveyInvitations.question], set: { sentAt: now } });
}

export async function answersOf(db: Q, caseId: number): Promise<AnswerRow[]> {
  return db.select().from(surveyAnswers).where(eq(surveyAnswers.caseId, caseId));
}

/** The first answer to a question of a case; null when it had one already. */
export async function insertAnswer(tx: Tx, values: typeof surveyAnswers.$inferInsert): Promise<AnswerRow | null> {
  const [row] = await tx.insert(surveyAnswers).values(values).onConflictDoNothing({ target: [surveyAnswers.caseId, surveyAnswers.question] }).returning();
  return row ?? null;
}

/** Adds the comment to an answer that has none; null when there is no answer or it has one. */
export async function addComment(tx: Tx, caseId: number, question: SurveyQuestion, comment: string, now: Date): Promise<AnswerRow | null> {
  const [row] = await tx
    .update(surveyAnswers)
    .set({ comment, commentedAt: now })
    .where(and(eq(surveyAnswers.caseId, caseId), eq(surveyAnswers.question, question), isNull(surveyAnswers.comment)))
    .returning();
  return row ?? null;
}

export async function answersIn(db: Q, f: { from?: Date | undefined; to?: Date | undefined; lane?: string | undefined; question?: string | undefined; limit: number }) {
  return db
    .select({
      reference: cases.reference,
      question: surveyAnswers.question,
      score: surveyAnswers.score,
      comment: surveyAnswers.comment,
      lane: surveyAnswers.lane,
      category: surveyAnswers.category,
      agentId: surveyAnswers.agentId,
      agent: surveyAnswers.agent,
      locale: surveyAnswers.locale,
      answeredAt: surveyAnswers.answeredAt,
    })
    .from(surveyAnswers)
    .innerJoin(cases, eq(cases.id, surveyAnswers.caseId))
    .where(
      and(
        f.from ? gte(surveyAnswers.answeredAt, f.from) : undefined,
        f.to ? lt(surveyAnswers.answeredAt, f.to) : undefined,
        f.lane ? eq(surveyAnswers.lane, f.lane) : undefined,
        f.question ? eq(surveyAnswers.question, f.question) : undefined,
      ),
    )
    .orderBy(desc(surveyAnswers.answeredAt), desc(surveyAnswers.id))
    .limit(f.limit);
}
