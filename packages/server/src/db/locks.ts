// Transaction-scoped advisory locks: serialise work on one subject (an idempotency key, an
// email address) across every process sharing the database, released at commit or rollback.
import { sql } from 'drizzle-orm';
import type { Tx } from './client.js';

/** Waits until no other transaction holds the lock on (`name`, `subject`), then holds it until this one ends. */
export async function lockSubject(tx: Tx, name: string, subject: string): Promise<void> {
  await lockSubjects(tx, [[name, subject]]);
}

/**
 * Takes the locks on several (`name`, `subject`) pairs in one round trip, one after the other in
 * the order given (callers taking the same locks give the same order, so they cannot deadlock).
 */
export async function lockSubjects(tx: Tx, subjects: ReadonlyArray<readonly [name: string, subject: string]>): Promise<void> {
  // Text parameters cannot carry U+0000; a space cannot occur in a name and joins safely.
  const locks = subjects.map(([name, subject]) => sql`pg_advisory_xact_lock(hashtextextended(${`${name} ${subject.replaceAll('\u0000', '')}`}, 7261002))`);
  await tx.execute(sql`select ${sql.join(locks, sql`, `)}`);
}
