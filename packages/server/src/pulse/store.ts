// The agent pulse's rows (Drizzle): participation and answers, written apart, read in SQL.
import { randomUUID } from 'node:crypto';
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { caseMessages, cases, pulseAnswers, pulseParticipation } from '../db/schema.js';

type Q = Db | Tx;

export async function hasAnswered(db: Q, staffUserId: number, week: string): Promise<boolean> {
  const [row] = await db.select({ week: pulseParticipation.week }).from(pulseParticipation).where(and(eq(pulseParticipation.staffUserId, staffUserId), eq(pulseParticipation.week, week)));
  return !!row;
}

/** Records that the person answered this week; false when they had already. */
export async function participate(tx: Tx, staffUserId: number, week: string): Promise<boolean> {
  const rows = await tx.insert(pulseParticipation).values({ staffUserId, week }).onConflictDoNothing().returning({ week: pulseParticipation.week });
  return rows.length === 1;
}

/** Undoes a participation whose answer could not be stored, so the person can answer again. */
export async function forget(db: Q, staffUserId: number, week: string): Promise<void> {
  await db.delete(pulseParticipation).where(and(eq(pulseParticipation.staffUserId, staffUserId), eq(pulseParticipation.week, week)));
}

export async function insertAnswer(tx: Tx, week: string, score: number, comment: string | null): Promise<void> {
  await tx.insert(pulseAnswers).values({ id: randomUUID(), week, score, comment });
}

/** Per week in [from, to] (Mondays): the number of answers, the count per score, and the comments (random order: ids are random). */
export async function answersByWeek(db: Q, from: string, to: string) {
  return db
    .select({
      week: pulseAnswers.week,
      answers: sql<number>`count(*)::int`,
      sum: sql<number>`sum(${pulseAnswers.score})::int`,
      s1: sql<number>`count(*) filter (where ${pulseAnswers.score} = 1)::int`,
      s2: sql<number>`count(*) filter (where ${pulseAnswers.score} = 2)::int`,
      s3: sql<number>`count(*) filter (where ${pulseAnswers.score} = 3)::int`,
      s4: sql<number>`count(*) filter (where ${pulseAnswers.score} = 4)::int`,
      s5: sql<number>`count(*) filter (where ${pulseAnswers.score} = 5)::int`,
      comments: sql<string[] | null>`array_agg(${pulseAnswers.comment} order by ${pulseAnswers.id}) filter (where ${pulseAnswers.comment} is not null)`,
    })
    .from(pulseAnswers)
    .where(and(gte(pulseAnswers.week, from), lt(pulseAnswers.week, to)))
    .groupBy(pulseAnswers.week);
}

/** The queue per local week (Mondays in `timeZone`) between two instants: cases created, cases solved, staff replies. */
export async function workloadByWeek(db: Q, start: Date, end: Date, timeZone: string) {
  const week = (col: unknown) => sql<string>`to_char(date_trunc('week', ${col} at time zone ${timeZone}), 'YYYY-MM-DD')`;
  const [created, solved, replies] = await Promise.all([
    db.select({ week: week(cases.createdAt), n: sql<number>`count(*)::int` }).from(cases).where(and(gte(cases.createdAt, start), lt(cases.createdAt, end))).groupBy(sql`1`),
    db.select({ week: week(cases.solvedAt), n: sql<number>`count(*)::int` }).from(cases).where(and(gte(cases.solvedAt, start), lt(cases.solvedAt, end))).groupBy(sql`1`),
    db
      .select({ week: week(caseMessages.createdAt), n: sql<number>`count(*)::int` })
      .from(caseMessages)
      .where(and(eq(caseMessages.author, 'staff'), eq(caseMessages.internal, false), gte(caseMessages.createdAt, start), lt(caseMessages.createdAt, end)))
      .groupBy(sql`1`),
  ]);
  return { created, solved, replies };
}
