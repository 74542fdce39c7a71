// The company's business hours as a table of UTC spans, so SQL can count business time: the
// business seconds up to an instant t are B(t) = before_s + (least(t, end_at) - start_at) of the
// last span starting at or before t (one index lookup), and between a and b they are B(b) - B(a).
// The table covers a window (three years back, one ahead, widened to what a report asks) and is
// rebuilt when the hours in effect differ from those it was built from (see docs/analytics.md).
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { openSpansBetween, type BusinessHours } from '@ayuda/core';
import type { Database, Tx } from '../db/client.js';
import type { Clock } from '../clock.js';
import { businessSpanSets, businessSpans } from '../db/schema.js';

const DAY = 86_400_000;

export const BUSINESS_SPANS_DEFAULTS = {
  /** Days before now the table covers at least. */
  backDays: 3 * 366,
  /** Days after now the table covers at least. */
  aheadDays: 366,
  /** Rows per insert statement. */
  batch: 1000,
} as const;

/** A stable key of an hours configuration (key order does not matter). */
export function hoursKey(hours: BusinessHours): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])])) : v;
  return createHash('sha256').update(JSON.stringify(canonical(hours))).digest('hex');
}

/**
 * SQL for B(t): the business seconds from the window's start to the instant `t` (a timestamptz
 * expression), as double precision. Instants before the first span count 0.
 */
export function businessSecondsAt(t: SQL): SQL {
  return sql`coalesce((select s.before_s + extract(epoch from (least(${t}, s.end_at) - s.start_at)) from ${businessSpans} s where s.start_at <= ${t} order by s.start_at desc limit 1), 0)::float8`;
}

export class BusinessSpans {
  constructor(private readonly deps: { db: Database; clock: Clock; hours: () => BusinessHours }) {}

  /**
   * Makes sure the table holds the hours in effect over [from, to] (and the default window),
   * rebuilding it in one transaction when not. Readers see the old table or the new, never half.
   */
  async ensure(from: Date, to: Date): Promise<void> {
    const hours = this.deps.hours();
    const key = hoursKey(hours);
    const [current] = await this.deps.db.db.select().from(businessSpanSets).limit(1);
    if (current && covers(current, key, from, to)) return;
    await this.deps.db.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('business_spans', 7261002))`);
      const [row] = await tx.select().from(businessSpanSets).limit(1);
      if (row && covers(row, key, from, to)) return; // another process built it meanwhile
      const now = this.deps.clock.now().getTime();
      let start = Math.min(from.getTime(), now - BUSINESS_SPANS_DEFAULTS.backDays * DAY);
      let end = Math.max(to.getTime(), now + BUSINESS_SPANS_DEFAULTS.aheadDays * DAY);
      // Keep what the table already covered for the same hours, so reports that asked for more keep working.
      if (row && row.hoursKey === key) {
        start = Math.min(start, row.windowFrom.getTime());
        end = Math.max(end, row.windowTo.getTime());
      }
      // Whole UTC days: spans then start and end on whole minutes and `before_s` stays an integer.
      start = Math.floor(start / DAY) * DAY;
      end = Math.ceil(end / DAY) * DAY;
      await this.#rebuild(tx, hours, key, new Date(start), new Date(end));
    });
  }

  async #rebuild(tx: Tx, hours: BusinessHours, key: string, from: Date, to: Date): Promise<void> {
    await tx.delete(businessSpans);
    let before = 0;
    const rows = openSpansBetween(hours, from.getTime(), to.getTime()).map(([s, e]) => {
      const row = { startAt: new Date(s), endAt: new Date(e), beforeS: before };
      before += (e - s) / 1000;
      return row;
    });
    for (let i = 0; i < rows.length; i += BUSINESS_SPANS_DEFAULTS.batch) await tx.insert(businessSpans).values(rows.slice(i, i + BUSINESS_SPANS_DEFAULTS.batch));
    const set = { hoursKey: key, windowFrom: from, windowTo: to, builtAt: this.deps.clock.now() };
    await tx.insert(businessSpanSets).values({ id: 1, ...set }).onConflictDoUpdate({ target: businessSpanSets.id, set });
  }
}

function covers(row: typeof businessSpanSets.$inferSelect, key: string, from: Date, to: Date): boolean {
  return row.hoursKey === key && row.windowFrom <= from && row.windowTo >= to;
}
