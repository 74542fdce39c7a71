// Staff API tokens: created from the command line, shown once, stored as a SHA-256 hash,
// revocable. Requests present them as `Authorization: Bearer <token>` (see staff/middleware.ts).
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import { staffTokens } from '../db/schema.js';

const TOKEN_PREFIX = 'ayuda_st_';
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface StaffTokenInfo {
  id: number;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export class StaffTokens {
  constructor(private readonly deps: { db: Database; clock: Clock }) {}

  /** Creates a token; the returned `token` is the only time it exists in clear. */
  async create(name: string): Promise<{ id: number; token: string }> {
    const clean = name.trim();
    if (!clean || clean.length > 100) throw new Error('Ayuda: a staff token needs a --name of 1 to 100 characters.');
    const token = TOKEN_PREFIX + randomBytes(24).toString('base64url');
    const [row] = await this.deps.db.db
      .insert(staffTokens)
      .values({ name: clean, tokenHash: hash(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6), createdAt: this.deps.clock.now() })
      .returning({ id: staffTokens.id });
    return { id: row!.id, token };
  }

  async list(): Promise<StaffTokenInfo[]> {
    return this.deps.db.db
      .select({ id: staffTokens.id, name: staffTokens.name, prefix: staffTokens.prefix, createdAt: staffTokens.createdAt, lastUsedAt: staffTokens.lastUsedAt, revokedAt: staffTokens.revokedAt })
      .from(staffTokens)
      .orderBy(desc(staffTokens.id));
  }

  async revoke(id: number): Promise<boolean> {
    const rows = await this.deps.db.db
      .update(staffTokens)
      .set({ revokedAt: this.deps.clock.now() })
      .where(and(eq(staffTokens.id, id), isNull(staffTokens.revokedAt)))
      .returning({ id: staffTokens.id });
    return rows.length > 0;
  }

  async verify(token: string): Promise<{ id: number; name: string } | null> {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
    const [row] = await this.deps.db.db
      .select({ id: staffTokens.id, name: staffTokens.name })
      .from(staffTokens)
      .where(and(eq(staffTokens.tokenHash, hash(token)), isNull(staffTokens.revokedAt)));
    if (!row) return null;
    await this.deps.db.db.update(staffTokens).set({ lastUsedAt: this.deps.clock.now() }).where(eq(staffTokens.id, row.id));
    return row;
  }
}
