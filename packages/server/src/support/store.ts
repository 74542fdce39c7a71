// The first-response query behind the contact entry points' "we usually reply within…". Only
// this file knows how it reads the cases table.
import { and, eq, gte, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { cases } from '../db/schema.js';

export interface LaneMedian {
  lane: string;
  /** Cases counted: answered, and still waiting for a first reply. */
  cases: number;
  /** The median wait in seconds (wall-clock). */
  medianSeconds: number;
}

/**
 * Per lane, the median wall-clock time from a case's start to its first staff reply, over the
 * cases created in [since, until]: an answered case counts its wait until the reply, one still
 * waiting (not solved or closed) its wait so far, so a backlog raises the figure at once rather
 * than only once its cases are answered. A case's start is its creation, or for the
 * fast lane the moment it moved there (an upgrade: the customer waits from then on the fast
 * lane's promise). A standard case that has ever changed lane (an upgrade later refunded) is left
 * out: its first answer may have come on the fast lane.
 */
export async function firstResponseMedians(db: Db, since: Date, until: Date): Promise<LaneMedian[]> {
  const start = sql`(case when ${cases.lane} = 'fast' then greatest(${cases.createdAt}, coalesce(${cases.laneChangedAt}, ${cases.createdAt})) else ${cases.createdAt} end)`;
  return db
    .select({
      lane: cases.lane,
      cases: sql<number>`count(*)::int`.mapWith(Number),
      medianSeconds: sql<number>`percentile_cont(0.5) within group (order by extract(epoch from (coalesce(${cases.firstRespondedAt}, ${until}) - ${start})))`.mapWith(Number),
    })
    .from(cases)
    .where(
      and(
        gte(cases.createdAt, since),
        lte(cases.createdAt, until),
        or(isNotNull(cases.firstRespondedAt), inArray(cases.status, ['new', 'open', 'pending_customer'])),
        or(eq(cases.lane, 'fast'), isNull(cases.laneChangedAt)),
        sql`coalesce(${cases.firstRespondedAt}, ${until}) >= ${start}`,
      ),
    )
    .groupBy(cases.lane);
}
