// A case is queued for its analytics facts once per change: a new case (its row and its
// `created` event, written together) once, a later lane change once more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { createTestDatabase, testDatabases } from '../testing/db.js';

describe.each(testDatabases())('the facts queue on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.close());

  const queued = async (tx: Parameters<Parameters<Database['db']['transaction']>[0]>[0], caseId: number) =>
    Number(((await tx.execute(sql`select count(*)::int as n from case_facts_dirty where case_id = ${caseId}`)) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n);

  it('queues a new case once, and again for a lane change', async () => {
    // Counted inside the transaction, which is then rolled back: no worker can take the rows first.
    const counts = { afterCreate: -1, afterLane: -1 };
    const rolledBack = await database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into customers (email, name, locale, created_at) values ('queue@example.com', 'Q', 'es', now()) on conflict (email) do nothing`);
      const inserted = (await tx.execute(sql`
        insert into cases (reference, tracking_hash, tracking_token_enc, customer_id, subject, locale, status, lane, channel, created_at, updated_at, first_response_due)
        select 'FQ-1', 'fq-1', 'x', id, 'Caso', 'es', 'new', 'standard', 'api', now(), now(), now() + interval '2 hours' from customers where email = 'queue@example.com'
        returning id`)) as unknown as { rows: Array<{ id: number }> };
      const caseId = inserted.rows[0]!.id;
      await tx.execute(sql`insert into case_events (case_id, type, actor, data, created_at) values (${caseId}, 'created', 'customer', '{"lane":"standard"}'::jsonb, now())`);
      counts.afterCreate = await queued(tx, caseId);
      await tx.execute(sql`insert into case_events (case_id, type, actor, data, created_at) values (${caseId}, 'lane_changed', 'system', '{"from":"standard","to":"fast"}'::jsonb, now())`);
      counts.afterLane = await queued(tx, caseId);
      tx.rollback();
    }).then(() => false, () => true);
    expect(rolledBack).toBe(true);
    expect(counts).toEqual({ afterCreate: 1, afterLane: 2 });
  });
});
