// Announcement queries. Only this file knows the table's shape.
import { and, desc, eq, gt, isNull, lte } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { announcements } from '../db/schema.js';

type Q = Db | Tx;
export type AnnouncementRow = typeof announcements.$inferSelect;

export async function insert(q: Q, values: typeof announcements.$inferInsert): Promise<AnnouncementRow> {
  const [row] = await q.insert(announcements).values(values).returning();
  return row!;
}

export async function byId(q: Q, id: number): Promise<AnnouncementRow | null> {
  const [row] = await q.select().from(announcements).where(eq(announcements.id, id));
  return row ?? null;
}

/** Sets `withdrawnAt` unless it is set already; answers the row as it is after. */
export async function withdraw(q: Q, id: number, at: Date): Promise<AnnouncementRow | null> {
  await q.update(announcements).set({ withdrawnAt: at, updatedAt: at }).where(and(eq(announcements.id, id), isNull(announcements.withdrawnAt)));
  return byId(q, id);
}

/** Every announcement, newest first, at most `limit`. */
export function newest(q: Q, limit: number): Promise<AnnouncementRow[]> {
  return q.select().from(announcements).orderBy(desc(announcements.createdAt), desc(announcements.id)).limit(limit);
}

/** Those of `locale` active at `now`: started, not ended, not withdrawn (in no particular order). */
export function activeAt(q: Q, locale: string, now: Date): Promise<AnnouncementRow[]> {
  return q
    .select()
    .from(announcements)
    .where(and(eq(announcements.locale, locale), gt(announcements.endsAt, now), lte(announcements.startsAt, now), isNull(announcements.withdrawnAt)));
}
