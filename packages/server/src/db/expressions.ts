// SQL expressions shared by queries and the indexes that serve them: PostgreSQL uses an
// expression index only for a query that repeats the expression exactly, so both build it here.
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

/**
 * `text` without diacritics (ñ → n, Á → A), as @ayuda/core's `fold` removes them: decomposed
 * (NFD), combining marks dropped. Immutable, so indexes can hold it; the database must be UTF-8.
 * (translate() with a table of accented letters is ten times slower on long text.)
 */
export const unaccented = (text: SQLWrapper): SQL => sql`regexp_replace(normalize(${text}, NFD), '[\\u0300-\\u036f]', '', 'g')`;

/**
 * The words of `text`, lower-cased and without diacritics, for full-text search: the `simple`
 * configuration (no stemming, no stop words), so a prefix query finds any word that starts so.
 */
export const searchVector = (text: SQLWrapper): SQL => sql`to_tsvector('simple'::regconfig, ${unaccented(text)})`;

/** The queue's first key: 0 for the fast lane, 1 for the standard one. */
export const queueLaneRank = (lane: SQLWrapper): SQL => sql`(case when ${lane} = 'fast' then 0 else 1 end)`;

/**
 * The queue's second key: the due time of the case's next SLA target (first response until
 * answered, then resolution); 'infinity' (last) when it has none: solved or closed, or waiting
 * for the customer with time left.
 */
export const queueDue = (c: { status: SQLWrapper; firstRespondedAt: SQLWrapper; firstResponseDue: SQLWrapper; resolutionDue: SQLWrapper }): SQL =>
  sql`coalesce(case when ${c.status} in ('solved', 'closed') then null when ${c.firstRespondedAt} is null then ${c.firstResponseDue} else ${c.resolutionDue} end, 'infinity'::timestamptz)`;

/**
 * The order of a list of finished cases alone (solved, closed): when the case was finished,
 * newest first. Solved time (kept once closed), else the closing time (closed without being
 * solved), else creation; none changes while the case stays finished, so paging is stable.
 */
export const queueFinished = (c: { solvedAt: SQLWrapper; closedAt: SQLWrapper; createdAt: SQLWrapper }): SQL => sql`coalesce(${c.solvedAt}, ${c.closedAt}, ${c.createdAt})`;

/**
 * A fast-lane case whose first response is late by its stored due time, or may be: not given
 * yet, or given after it. The index cases_fast_late holds these; a query that repeats this
 * expression reads them from it (the SLA guarantee's candidates). It has no outer parentheses
 * (the index's predicate was generated from it): join it to other conditions with `and` only.
 */
export const fastLate = (c: { lane: SQLWrapper; firstRespondedAt: SQLWrapper; firstResponseDue: SQLWrapper }): SQL =>
  sql`${c.lane} = 'fast' and (${c.firstRespondedAt} is null or ${c.firstRespondedAt} > ${c.firstResponseDue})`;

/**
 * The condition of an `update … from <cte> as v` whose rows `v` come from JSON
 * (`jsonb_to_recordset`) with their key in `id`: `key` (the table's primary key) equals `v.id`,
 * and is one of the CTE's ids. The second half says nothing new, but it makes PostgreSQL look
 * the few rows up by the key: a set-returning function counts as 100 rows to the planner, so
 * without it a table of a few thousand rows is read whole and hashed (0.3 ms a statement at
 * 2,200 cases, a tenth of a group of webhooks' time in PostgreSQL). A text, for the statements
 * written as text.
 */
export const byKeysOf = (key: string, cte: string): string => `${key} = v.id and ${key} = any(array(select id from ${cte}))`;
