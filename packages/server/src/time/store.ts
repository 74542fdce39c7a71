// Time-entry queries. Only this file knows the tables' shape.
import { and, asc, desc, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { caseEvents, cases, staffUsers, timeEntries } from '../db/schema.js';

type Q = Db | Tx;
export type TimeRow = typeof timeEntries.$inferSelect;
/** An entry with what its answer names: the case's reference and the person's name. */
export interface EntryView {
  entry: TimeRow;
  reference: string;
  userName: string;
}

export async function caseOfReference(q: Q, reference: string): Promise<{ id: number; reference: string } | null> {
  const [row] = await q.select({ id: cases.id, reference: cases.reference }).from(cases).where(eq(cases.reference, reference));
  return row ?? null;
}

const view = (q: Q) =>
  q
    .select({ entry: timeEntries, reference: cases.reference, userName: staffUsers.name })
    .from(timeEntries)
    .innerJoin(cases, eq(cases.id, timeEntries.caseId))
    .innerJoin(staffUsers, eq(staffUsers.id, timeEntries.userId));

export async function entryById(q: Q, id: number): Promise<EntryView | null> {
  const [row] = await view(q).where(eq(timeEntries.id, id));
  return row ?? null;
}

export function entriesOfCase(q: Q, caseId: number): Promise<EntryView[]> {
  return view(q).where(eq(timeEntries.caseId, caseId)).orderBy(desc(timeEntries.startedAt), desc(timeEntries.id));
}

/** The person's running timers (one, unless something went wrong). */
export function runningOf(tx: Tx, userId: number): Promise<TimeRow[]> {
  return tx.select().from(timeEntries).where(and(eq(timeEntries.userId, userId), isNull(timeEntries.endedAt)));
}

export async function insertEntry(tx: Tx, values: typeof timeEntries.$inferInsert): Promise<TimeRow> {
  const [row] = await tx.insert(timeEntries).values(values).returning();
  return row!;
}

export async function updateEntry(tx: Tx, id: number, set: Partial<typeof timeEntries.$inferInsert>): Promise<TimeRow> {
  const [row] = await tx.update(timeEntries).set(set).where(eq(timeEntries.id, id)).returning();
  return row!;
}

export async function deleteEntry(tx: Tx, id: number): Promise<void> {
  await tx.delete(timeEntries).where(eq(timeEntries.id, id));
}

/** Locks the entry's row until the transaction ends; null when it is gone. */
export async function lockEntry(tx: Tx, id: number): Promise<TimeRow | null> {
  const [row] = await tx.select().from(timeEntries).where(eq(timeEntries.id, id)).for('update');
  return row ?? null;
}

/** The person's latest timer entry (running or not), or null. */
export async function latestTimerOf(tx: Tx, userId: number): Promise<TimeRow | null> {
  const [row] = await tx
    .select()
    .from(timeEntries)
    .where(and(eq(timeEntries.userId, userId), eq(timeEntries.source, 'timer')))
    .orderBy(desc(timeEntries.startedAt), desc(timeEntries.id))
    .limit(1);
  return row ?? null;
}

/** The person's hourly cost now (minor units), null when none is set. */
export async function hourlyCostOf(tx: Tx, userId: number): Promise<number | null> {
  const [row] = await tx.select({ hourlyCost: staffUsers.hourlyCost }).from(staffUsers).where(eq(staffUsers.id, userId));
  return row?.hourlyCost ?? null;
}

/**
 * Ends running timers whose last heartbeat (`updated_at`) is before `before`, at that
 * heartbeat, and deletes those of them that lasted less than `minSeconds` (no note, never
 * edited): a tab closed right after opening a case. Returns how many ended.
 */
export async function closeIdle(tx: Tx, before: Date, now: Date, minSeconds: number): Promise<number> {
  const rows = await tx
    .update(timeEntries)
    .set({ endedAt: sql`greatest(${timeEntries.updatedAt}, ${timeEntries.startedAt})`, endedBy: 'idle', updatedAt: now })
    .where(and(isNull(timeEntries.endedAt), lt(timeEntries.updatedAt, before)))
    .returning({ id: timeEntries.id });
  // The ones just ended that were too short to keep.
  if (rows.length) {
    await tx
      .delete(timeEntries)
      .where(
        and(
          inArray(
            timeEntries.id,
            rows.map((r) => r.id),
          ),
          eq(timeEntries.source, 'timer'),
          isNull(timeEntries.note),
          isNull(timeEntries.editedAt),
          sql`extract(epoch from ${timeEntries.endedAt} - ${timeEntries.startedAt}) < ${minSeconds}`,
        ),
      );
  }
  return rows.length;
}

export interface SpanRow {
  caseId: number;
  lane: string;
  userId: number;
  userName: string;
  /** The person's hourly cost now. */
  hourlyCost: number | null;
  /** The entry's own: its person's when it was logged. */
  entryHourlyCost: number | null;
  startedAt: Date;
  endedAt: Date | null;
  updatedAt: Date;
}

/** Entries that overlap [from, to): finished ones ending after `from`, and running ones. */
export function overlapping(q: Q, from: Date, to: Date): Promise<SpanRow[]> {
  return q
    .select({
      caseId: timeEntries.caseId,
      lane: cases.lane,
      userId: timeEntries.userId,
      userName: staffUsers.name,
      hourlyCost: staffUsers.hourlyCost,
      entryHourlyCost: timeEntries.hourlyCost,
      startedAt: timeEntries.startedAt,
      endedAt: timeEntries.endedAt,
      updatedAt: timeEntries.updatedAt,
    })
    .from(timeEntries)
    .innerJoin(cases, eq(cases.id, timeEntries.caseId))
    .innerJoin(staffUsers, eq(staffUsers.id, timeEntries.userId))
    .where(and(lt(timeEntries.startedAt, to), or(isNull(timeEntries.endedAt), gt(timeEntries.endedAt, from))));
}

/** The lane changes of these cases, oldest first: `data` holds `{ from, to }`. */
export async function laneChanges(q: Q, caseIds: number[]): Promise<Array<{ caseId: number; data: Record<string, unknown>; createdAt: Date }>> {
  const out = [];
  // In slices: a statement takes at most 65,535 parameters.
  for (let i = 0; i < caseIds.length; i += 10_000) {
    out.push(
      ...(await q
        .select({ caseId: caseEvents.caseId, data: caseEvents.data, createdAt: caseEvents.createdAt })
        .from(caseEvents)
        .where(and(eq(caseEvents.type, 'lane_changed'), inArray(caseEvents.caseId, caseIds.slice(i, i + 10_000))))
        .orderBy(asc(caseEvents.caseId), asc(caseEvents.id))),
    );
  }
  return out;
}
