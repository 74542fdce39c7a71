// Staff users as other capabilities need them: an active person's name, for assignment.
import { and, eq, isNull } from 'drizzle-orm';
import type { Database, Tx } from '../db/client.js';
import { staffUsers } from '../db/schema.js';

export class StaffDirectory {
  constructor(private readonly deps: { db: Database }) {}

  /** The staff user with this id, unless there is none or their account is disabled. */
  async activeUser(tx: Tx | null, id: number): Promise<{ id: number; name: string } | null> {
    const [row] = await (tx ?? this.deps.db.db)
      .select({ id: staffUsers.id, name: staffUsers.name })
      .from(staffUsers)
      .where(and(eq(staffUsers.id, id), isNull(staffUsers.disabledAt)));
    return row ?? null;
  }
}
