// Transaction-scoped advisory locks: serialise work on one subject (an idempotency key, an
// email address) across every process sharing the database, released at commit or rollback.
import type { Tx } from './client.js';
import { run, statement, type Statement } from './statements.js';

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
  await run(tx, lockStatement(subjects.length), subjects.map(([name, subject]) => `${name} ${subject.replaceAll('\u0000', '')}`));
}

const lockStatements: Statement[] = [];
function lockStatement(n: number): Statement {
  return (lockStatements[n] ??= statement(`ayuda_lock_${n}`, `select ${Array.from({ length: n }, (_, i) => `pg_advisory_xact_lock(hashtextextended($${i + 1}, 7261002))`).join(', ')}`));
}
