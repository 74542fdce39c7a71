// Staff API tokens: created from the command line or by an admin through the API, shown once,
// stored as a SHA-256 hash, revocable. Each carries a role (`admin` or `agent`) that bounds what
// a script holding it may do. Requests present them as `Authorization: Bearer <token>` (see
// staff/middleware.ts).
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { StaffRole } from '@ayuda/core';
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import { staffTokens } from '../db/schema.js';
import type { AuditActor, AuditLog } from './audit.js';

const TOKEN_PREFIX = 'ayuda_st_';
const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const ROLES: readonly StaffRole[] = ['agent', 'admin'];

export interface StaffTokenInfo {
  id: number;
  name: string;
  prefix: string;
  role: StaffRole;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Who made a change, for the audit log (the command line is `system`). */
export interface TokenChangeBy {
  actor: AuditActor;
  ip: string | null;
}

const COLUMNS = { id: staffTokens.id, name: staffTokens.name, prefix: staffTokens.prefix, role: staffTokens.role, createdAt: staffTokens.createdAt, lastUsedAt: staffTokens.lastUsedAt, revokedAt: staffTokens.revokedAt };

/** A role the database holds; anything else (a hand-edited row) is the lesser one. */
const roleOf = (role: string): StaffRole => (role === 'admin' ? 'admin' : 'agent');

export class StaffTokens {
  constructor(private readonly deps: { db: Database; clock: Clock; audit?: AuditLog }) {}

  /**
   * Creates a token with `role` (an admin's by default, as tokens were before roles); the
   * returned `token` is the only time it exists in clear. Recorded in the audit log when `by` is given.
   */
  async create(name: string, role: StaffRole = 'admin', by?: TokenChangeBy): Promise<StaffTokenInfo & { token: string }> {
    const clean = name.trim();
    if (!clean || clean.length > 100) throw new Error('Ayuda: a staff token needs a --name of 1 to 100 characters.');
    if (!ROLES.includes(role)) throw new Error(`Ayuda: a staff token's --role is admin or agent, not "${String(role)}".`);
    const token = TOKEN_PREFIX + randomBytes(24).toString('base64url');
    const row = await this.deps.db.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(staffTokens)
        .values({ name: clean, tokenHash: hash(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6), role, createdAt: this.deps.clock.now() })
        .returning(COLUMNS);
      if (by && this.deps.audit) await this.deps.audit.record({ actor: by.actor, action: 'token.create', target: `token:${row!.id}`, data: { name: clean, role }, ip: by.ip }, tx);
      return row!;
    });
    return { ...row, role: roleOf(row.role), token };
  }

  async list(): Promise<StaffTokenInfo[]> {
    const rows = await this.deps.db.db.select(COLUMNS).from(staffTokens).orderBy(desc(staffTokens.id));
    return rows.map((r) => ({ ...r, role: roleOf(r.role) }));
  }

  /** Revokes an active token at once; false when there is none of that id (or it was revoked). */
  async revoke(id: number, by?: TokenChangeBy): Promise<boolean> {
    return this.deps.db.db.transaction(async (tx) => {
      const rows = await tx
        .update(staffTokens)
        .set({ revokedAt: this.deps.clock.now() })
        .where(and(eq(staffTokens.id, id), isNull(staffTokens.revokedAt)))
        .returning({ id: staffTokens.id, name: staffTokens.name });
      if (rows.length && by && this.deps.audit) await this.deps.audit.record({ actor: by.actor, action: 'token.revoke', target: `token:${id}`, data: { name: rows[0]!.name }, ip: by.ip }, tx);
      return rows.length > 0;
    });
  }

  /** The active token a request presents, with its role; null when unknown or revoked. */
  async verify(token: string): Promise<{ id: number; name: string; role: StaffRole } | null> {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
    const [row] = await this.deps.db.db
      .select({ id: staffTokens.id, name: staffTokens.name, role: staffTokens.role })
      .from(staffTokens)
      .where(and(eq(staffTokens.tokenHash, hash(token)), isNull(staffTokens.revokedAt)));
    if (!row) return null;
    await this.deps.db.db.update(staffTokens).set({ lastUsedAt: this.deps.clock.now() }).where(eq(staffTokens.id, row.id));
    return { ...row, role: roleOf(row.role) };
  }
}
