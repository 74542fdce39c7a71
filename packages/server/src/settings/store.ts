// Drizzle queries of the settings tables: the saved value of each section and its history.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { settings, settingsRevisions } from '../db/schema.js';
import { lockSubject } from '../db/locks.js';

export type SettingsRow = typeof settings.$inferSelect;
export type RevisionRow = typeof settingsRevisions.$inferSelect;

/** Serialises changes of one section across processes until the transaction ends. */
export const lockSection = (tx: Tx, section: string) => lockSubject(tx, 'settings', section);

export async function savedRow(q: Db | Tx, section: string): Promise<SettingsRow | null> {
  const [row] = await q.select().from(settings).where(eq(settings.section, section));
  return row ?? null;
}

export async function lastRevision(q: Db | Tx, section: string): Promise<RevisionRow | null> {
  const [row] = await q.select().from(settingsRevisions).where(eq(settingsRevisions.section, section)).orderBy(desc(settingsRevisions.id)).limit(1);
  return row ?? null;
}

export async function revisionById(q: Db | Tx, section: string, id: number): Promise<RevisionRow | null> {
  const [row] = await q
    .select()
    .from(settingsRevisions)
    .where(and(eq(settingsRevisions.section, section), eq(settingsRevisions.id, id)));
  return row ?? null;
}

export async function revisions(q: Db | Tx, section: string, limit: number): Promise<RevisionRow[]> {
  return q.select().from(settingsRevisions).where(eq(settingsRevisions.section, section)).orderBy(desc(settingsRevisions.id)).limit(limit);
}

export async function upsert(tx: Tx, row: SettingsRow): Promise<void> {
  await tx
    .insert(settings)
    .values(row)
    .onConflictDoUpdate({ target: settings.section, set: { value: sql`excluded.value`, version: sql`excluded.version`, updatedBy: sql`excluded.updated_by`, updatedByName: sql`excluded.updated_by_name`, updatedAt: sql`excluded.updated_at` } });
}

export async function remove(tx: Tx, section: string): Promise<void> {
  await tx.delete(settings).where(eq(settings.section, section));
}

export async function insertRevision(tx: Tx, row: Omit<RevisionRow, 'id'>): Promise<RevisionRow> {
  const [saved] = await tx.insert(settingsRevisions).values(row).returning();
  return saved!;
}
