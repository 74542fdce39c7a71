// Staff accounts, their sessions and their mailed one-time links, in the database. Tokens
// (session cookies, links) are stored as SHA-256 hashes: a copy of the database signs nobody in.
import { and, asc, count, eq, gt, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { rateLimits, staffLinks, staffSessions, staffUsers } from '../db/schema.js';
import { lockSubject } from '../db/locks.js';

type Q = Db | Tx;
export type StaffUserRow = typeof staffUsers.$inferSelect;
export type StaffSessionRow = typeof staffSessions.$inferSelect;
export type LinkPurpose = 'sign-in' | 'set-password';
export type SessionMethod = 'password' | 'link';

// ---- accounts ----

/** The new account, or null when the address already has one. */
export async function insertUser(q: Q, values: { email: string; name: string; role: string; locale: string; passwordHash?: string | null }, now: Date): Promise<StaffUserRow | null> {
  const [row] = await q
    .insert(staffUsers)
    .values({ ...values, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: staffUsers.email })
    .returning();
  return row ?? null;
}

export async function userById(q: Q, id: number, forUpdate = false): Promise<StaffUserRow | null> {
  const base = q.select().from(staffUsers).where(eq(staffUsers.id, id));
  const [row] = await (forUpdate ? base.for('update') : base);
  return row ?? null;
}

export async function userByEmail(q: Q, email: string): Promise<StaffUserRow | null> {
  const [row] = await q.select().from(staffUsers).where(eq(staffUsers.email, email));
  return row ?? null;
}

export async function listUsers(q: Q): Promise<StaffUserRow[]> {
  return q.select().from(staffUsers).orderBy(asc(staffUsers.name), asc(staffUsers.id));
}

export async function updateUser(q: Q, id: number, set: Partial<Pick<StaffUserRow, 'name' | 'role' | 'hourlyCost' | 'disabledAt' | 'passwordHash' | 'failedSignIns' | 'lockedUntil'>>, now: Date): Promise<StaffUserRow | null> {
  const [row] = await q
    .update(staffUsers)
    .set({ ...set, updatedAt: now })
    .where(eq(staffUsers.id, id))
    .returning();
  return row ?? null;
}

/** Until the transaction ends, no other one changes who is an admin (see otherActiveAdmins). */
export const lockAdmins = (tx: Tx) => lockSubject(tx, 'staff:admins', 'all');

/** Active admins other than `exceptId`. */
export async function otherActiveAdmins(q: Q, exceptId: number): Promise<number> {
  const [row] = await q
    .select({ n: count() })
    .from(staffUsers)
    .where(and(eq(staffUsers.role, 'admin'), isNull(staffUsers.disabledAt), ne(staffUsers.id, exceptId)));
  return row?.n ?? 0;
}

/**
 * Counts a wrong password, in one statement so concurrent attempts each count: the
 * `lockAfter`-th in a row locks the account until `now + lockMs` and starts the count again.
 */
export async function recordFailedSignIn(q: Q, id: number, now: Date, lockAfter: number, lockMs: number): Promise<{ lockedUntil: Date | null }> {
  const until = new Date(now.getTime() + lockMs);
  const [row] = await q
    .update(staffUsers)
    .set({
      failedSignIns: sql`case when ${staffUsers.failedSignIns} + 1 >= ${lockAfter} then 0 else ${staffUsers.failedSignIns} + 1 end`,
      lockedUntil: sql`case when ${staffUsers.failedSignIns} + 1 >= ${lockAfter} then ${until.toISOString()}::timestamptz else ${staffUsers.lockedUntil} end`,
    })
    .where(eq(staffUsers.id, id))
    .returning({ lockedUntil: staffUsers.lockedUntil });
  return { lockedUntil: row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null };
}

/**
 * The lock-out of an address that has no account, kept as an account's is (so that a 423 after
 * ten wrong passwords does not tell which addresses have accounts): a row of the rate-limit
 * table whose count is the wrong passwords in a row and whose time is the last one, or the end
 * of the lock once the count reaches `lockAfter`. Rows idle for a day are purged with the
 * rate limits (an account's count is kept longer: see docs/security.md).
 */
const unknownKey = (email: string) => `staff-sign-in:unknown-lock:${email}`;

export async function unknownAddressLockedUntil(q: Q, email: string, now: Date, lockAfter: number): Promise<Date | null> {
  const [row] = await q.select().from(rateLimits).where(eq(rateLimits.key, unknownKey(email)));
  return row && row.count >= lockAfter && row.windowStart > now ? row.windowStart : null;
}

export async function recordUnknownAddressFailure(q: Q, email: string, now: Date, lockAfter: number, lockMs: number): Promise<{ lockedUntil: Date | null }> {
  const until = new Date(now.getTime() + lockMs).toISOString();
  const at = now.toISOString();
  const c = rateLimits.count;
  const w = rateLimits.windowStart;
  // A lock that is over starts the count again, as an account's does.
  const count = sql`case when ${c} >= ${lockAfter} then 1 else ${c} + 1 end`;
  const [row] = await q
    .insert(rateLimits)
    .values({ key: unknownKey(email), windowStart: lockAfter <= 1 ? new Date(until) : now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count,
        windowStart: sql`case when ${count} >= ${lockAfter} then ${until}::timestamptz else ${at}::timestamptz end`,
      },
    })
    .returning({ count: c, windowStart: w });
  return { lockedUntil: row && row.count >= lockAfter && row.windowStart > now ? row.windowStart : null };
}

// ---- sessions ----

export async function insertSession(q: Q, values: typeof staffSessions.$inferInsert): Promise<void> {
  await q.insert(staffSessions).values(values);
}

export async function sessionWithUser(q: Q, tokenHash: string): Promise<{ session: StaffSessionRow; user: StaffUserRow } | null> {
  const [row] = await q
    .select({ session: staffSessions, user: staffUsers })
    .from(staffSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.userId))
    .where(eq(staffSessions.tokenHash, tokenHash));
  return row ?? null;
}

export async function touchSession(q: Q, tokenHash: string, now: Date): Promise<void> {
  await q.update(staffSessions).set({ lastSeenAt: now }).where(eq(staffSessions.tokenHash, tokenHash));
}

export async function deleteSession(q: Q, tokenHash: string): Promise<boolean> {
  const gone = await q.delete(staffSessions).where(eq(staffSessions.tokenHash, tokenHash)).returning({ h: staffSessions.tokenHash });
  return gone.length > 0;
}

/** Ends every session of a user; returns how many there were. */
export async function deleteUserSessions(q: Q, userId: number): Promise<number> {
  const gone = await q.delete(staffSessions).where(eq(staffSessions.userId, userId)).returning({ h: staffSessions.tokenHash });
  return gone.length;
}

// ---- one-time links ----

export async function insertLink(q: Q, values: { tokenHash: string; userId: number; purpose: LinkPurpose; expiresAt: Date }, now: Date): Promise<void> {
  await q.insert(staffLinks).values({ ...values, createdAt: now });
}

/**
 * Uses a link: marks it used, in one statement so two requests with the same token cannot
 * both use it. Null when unknown, of another purpose, used or expired.
 */
export async function takeLink(q: Q, tokenHash: string, purpose: LinkPurpose, now: Date): Promise<{ userId: number } | null> {
  const [row] = await q
    .update(staffLinks)
    .set({ usedAt: now })
    .where(and(eq(staffLinks.tokenHash, tokenHash), eq(staffLinks.purpose, purpose), isNull(staffLinks.usedAt), gt(staffLinks.expiresAt, now)))
    .returning({ userId: staffLinks.userId });
  return row ?? null;
}

/** Forgets sessions past their limits and links that can no longer be used (housekeeping). */
export async function purgeStaffAuth(q: Q, now: Date, idleMs: number): Promise<{ sessions: number; links: number }> {
  const sessions = await q
    .delete(staffSessions)
    .where(or(lt(staffSessions.expiresAt, now), lt(staffSessions.lastSeenAt, new Date(now.getTime() - idleMs))))
    .returning({ h: staffSessions.tokenHash });
  const links = await q
    .delete(staffLinks)
    .where(lt(staffLinks.expiresAt, now))
    .returning({ h: staffLinks.tokenHash });
  return { sessions: sessions.length, links: links.length };
}
