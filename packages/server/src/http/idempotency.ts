// Idempotency keys: the first answer to a create is stored with the key in the same
// transaction as the create; a retry with the same key and the same request gets that answer
// again, the same key with a different request gets 422. Requests racing with one key are
// serialised by an advisory lock on it (and the primary key): the later ones get the first answer.
import { createHash } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import { CASE_LIMITS, PROBLEM_TYPES } from '@ayuda/core';
import type { Database, Tx } from '../db/client.js';
import { idempotencyKeys } from '../db/schema.js';
import { lockSubjects } from '../db/locks.js';
import { AppError, validationError } from './problem.js';

/**
 * How long a stored answer is kept for retries. A retry is seconds to days after the first try
 * (a case-form draft keeps its key until it is sent); 30 days is far past any of them, and
 * Stripe keeps its own keys for 24 hours.
 */
export const IDEMPOTENCY_RETENTION_DAYS = 30;

/** Deletes stored answers older than the retention; returns how many. Safe to run from several processes. */
export async function purgeIdempotencyKeys(database: Database, now: Date): Promise<number> {
  const before = new Date(now.getTime() - IDEMPOTENCY_RETENTION_DAYS * 86_400_000);
  const gone = await database.db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, before)).returning({ key: idempotencyKeys.key });
  return gone.length;
}

export interface StoredAnswer<T> {
  status: number;
  body: T;
  replayed: boolean;
}

export function requireIdempotencyKey(header: string | undefined): string {
  const key = header?.trim();
  if (!key) throw validationError([{ field: 'header.Idempotency-Key', message: 'required: a unique value per create, reused only when retrying it (e.g. a UUID)' }]);
  if (key.length > CASE_LIMITS.idempotencyKeyMax || !/^[\x21-\x7e]+$/.test(key)) {
    throw validationError([{ field: 'header.Idempotency-Key', message: `printable ASCII, at most ${CASE_LIMITS.idempotencyKeyMax} characters` }]);
  }
  return key;
}

export const hashRequest = (...parts: Array<string | Uint8Array>) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\u0000');
  return h.digest('hex');
};

export const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
};

/**
 * The answer stored for (scope, key), or null; 422 when the key was used for another request.
 * For a create whose checks depend on the time or on state that may change between tries (a
 * slot's notice, a session's lane): look here first, so a retry of a create that succeeded gets
 * its answer instead of a refusal.
 */
export async function storedAnswer<T>(q: Database['db'] | Tx, scope: string, key: string, requestHash: string): Promise<StoredAnswer<T> | null> {
  const [row] = await q.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  return row ? replayOf<T>(row, requestHash) : null;
}

/** A stored answer replayed to the request with `requestHash`; 422 when the key was used for another request. */
export function replayOf<T>(row: { requestHash: string; status: number; body: unknown }, requestHash: string): StoredAnswer<T> {
  if (row.requestHash !== requestHash) {
    throw new AppError(422, PROBLEM_TYPES.idempotencyMismatch, 'Idempotency key reused', 'This Idempotency-Key was already used for a different request. Use a new key for a new request.');
  }
  return { status: row.status, body: row.body as T, replayed: true };
}

/**
 * Runs `create` once per (scope, key). `create` runs inside a transaction and returns the
 * answer to store; the row is written in that same transaction.
 */
export async function once<T>(
  database: Database,
  scope: string,
  key: string,
  requestHash: string,
  now: Date,
  create: (tx: Tx) => Promise<{ status: number; body: T }>,
  /**
   * Another lock `create` needs, taken with the key's in the same round trip (the key's first).
   * A retry whose answer is stored may then wait for it, which only a request racing with it
   * on the same subject makes it do.
   */
  alsoLock?: readonly [name: string, subject: string],
): Promise<StoredAnswer<T>> {
  const existing = (q: Database['db'] | Tx) => storedAnswer<T>(q, scope, key, requestHash);
  // Most retries come after the first answer was stored: answer them without a transaction.
  const first = await existing(database.db);
  if (first) return first;
  try {
    return await database.db.transaction(async (tx) => {
      // Requests racing with one key wait here for each other, and each looks again once it
      // holds the lock: a retry that arrived while the first try was still running gets the
      // first answer, before checks that a second run would fail (a captcha is accepted once).
      await lockSubjects(tx, [[`idempotency:${scope}`, key], ...(alsoLock ? [alsoLock] : [])]);
      const stored = await existing(tx);
      if (stored) return stored;
      const answer = await create(tx);
      await tx.insert(idempotencyKeys).values({ scope, key, requestHash, status: answer.status, body: answer.body as unknown, createdAt: now });
      return { ...answer, replayed: false };
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const winner = await existing(database.db);
    if (winner) return winner;
    throw err;
  }
}
