// Which cases entered the fast lane in a period: the summary and the fast lane's account both
// charge the per-case overhead on them.
import { sql, type SQL } from 'drizzle-orm';
import { caseEvents } from '../db/schema.js';

/** Whether the case event aliased `e` put its case in the fast lane (the partial index `case_events_fast_entries`). */
export const fastEntry = (e: SQL): SQL =>
  sql`((${e}.type = 'created' and ${e}.data->>'lane' = 'fast') or (${e}.type = 'lane_changed' and ${e}.data->>'to' = 'fast'))`;

/**
 * The cases that entered the fast lane in [from, to), as a subquery of `(case_id, entered_at)`:
 * created in it or moved to it, each case once, at its first entry in the period. The per-case
 * overhead is charged once for each.
 */
export function fastlaneEntries(from: Date, to: Date): SQL {
  return sql`(
    select e.case_id, min(e.created_at) as entered_at
    from ${caseEvents} e
    where ${fastEntry(sql`e`)}
      and e.created_at >= ${from.toISOString()}::timestamptz and e.created_at < ${to.toISOString()}::timestamptz
    group by e.case_id
  )`;
}
