// Cases with known first-response times, written straight into the database, for the tests of
// the usual reply time (GET /support/response-times and the portal's contact links).
import { cases, customers } from '../db/schema.js';
import type { Database } from '../db/client.js';

const MIN = 60_000;
let n = 0;

export interface AnsweredCase {
  /** How long before `now` it was created (ms). */
  agoMs: number;
  /** Minutes from its start (creation, or its move to the fast lane) to the first staff reply; null: not answered yet. */
  waitMin: number | null;
  lane?: 'standard' | 'fast';
  /** It changed lane this many minutes after creation. */
  laneChangedAfterMin?: number;
}

/** A customer the fixture cases belong to. */
export async function fixtureCustomer(database: Database, now: Date): Promise<number> {
  n += 1;
  const [c] = await database.db.insert(customers).values({ email: `rt-${n}-${now.getTime()}@example.com`, name: 'Ana', locale: 'es', createdAt: now }).returning();
  return c!.id;
}

export async function addAnsweredCase(database: Database, customerId: number, now: Date, o: AnsweredCase): Promise<void> {
  const createdAt = new Date(now.getTime() - o.agoMs);
  const start = o.laneChangedAfterMin !== undefined ? createdAt.getTime() + o.laneChangedAfterMin * MIN : createdAt.getTime();
  n += 1;
  await database.db.insert(cases).values({
    reference: `RT-${String(n).padStart(6, '0')}`,
    trackingHash: `rt-hash-${n}-${now.getTime()}`,
    trackingTokenEnc: 'x',
    customerId,
    subject: 'Sin conexión',
    locale: 'es',
    status: o.waitMin === null ? 'new' : 'pending_customer',
    lane: o.lane ?? 'standard',
    channel: 'widget',
    createdAt,
    updatedAt: createdAt,
    laneChangedAt: o.laneChangedAfterMin !== undefined ? new Date(start) : null,
    firstRespondedAt: o.waitMin === null ? null : new Date(start + o.waitMin * MIN),
  });
}
