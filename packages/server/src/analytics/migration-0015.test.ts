// Migration 0015 on a database that already holds a history (what an upgrade meets): its
// backfills give the new monthly sums of money and deflections the rows' own totals, the facts
// already computed their fast-lane entries (a case moved out and back counted from its events),
// open outcomes their `sla_decides_at`, and cases still queued get all of it when computed. The
// summary then gives the same money, deflections and entries from the sums as from the rows.
// PGlite only: the migration is plain SQL, the same on PostgreSQL, whose test databases are
// created migrated to the newest version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.js';
import { migrate, type Database } from '../db/client.js';
import { databaseBeforeMigration, type DatabaseBeforeMigration } from '../testing/migration.js';
import { AnalyticsSummaryService } from './summary.js';
import { loadSlaConfig } from '../cases/sla.js';

const MIGRATION = '0015_analytics_money_entries';

describe('migration 0015 on a database with a history', () => {
  let before: DatabaseBeforeMigration;
  let database: Database;
  const q = <T = Record<string, unknown>>(text: string): Promise<T[]> => before.q<T>(text);

  beforeAll(async () => {
    // The migrations before this one, as an installation of the previous version has them.
    before = await databaseBeforeMigration(MIGRATION);
    database = before.database;

    // 1: created in the fast lane in September. 2: moved to it in October. 3: moved in (September), out, and in again (November).
    // 4: standard, never moved, unanswered (its outcome decided by the clock). 5: created in the fast lane in October, still queued.
    const kase = (id: number, lane: 'fast' | 'standard', created: string) => ({ id, lane, status: 'new', created, firstResponseDue: new Date(Date.parse(created) + 2 * 3_600_000).toISOString() });
    await before.seed({
      cases: [kase(1, 'fast', '2026-09-10T10:00:00Z'), kase(2, 'fast', '2026-09-28T10:00:00Z'), kase(3, 'fast', '2026-09-15T10:00:00Z'), kase(4, 'standard', '2026-10-05T10:00:00Z'), kase(5, 'fast', '2026-10-20T10:00:00Z')],
    });
    const event = (caseId: number, type: string, data: string, at: string) =>
      q(`insert into case_events (case_id, type, actor, data, created_at) values (${caseId}, '${type}', 'customer', '${data}'::jsonb, '${at}')`);
    await event(1, 'created', '{"lane":"fast"}', '2026-09-10T10:00:00Z');
    await event(2, 'created', '{"lane":"standard"}', '2026-09-28T10:00:00Z');
    await event(2, 'lane_changed', '{"from":"standard","to":"fast"}', '2026-10-02T10:00:00Z');
    await event(3, 'created', '{"lane":"standard"}', '2026-09-15T10:00:00Z');
    await event(3, 'lane_changed', '{"from":"standard","to":"fast"}', '2026-09-16T10:00:00Z');
    await event(3, 'lane_changed', '{"from":"fast","to":"standard"}', '2026-09-17T10:00:00Z');
    await event(3, 'lane_changed', '{"from":"standard","to":"fast"}', '2026-11-03T10:00:00Z');
    await event(4, 'created', '{"lane":"standard"}', '2026-10-05T10:00:00Z');
    await event(5, 'created', '{"lane":"fast"}', '2026-10-20T10:00:00Z');
    // Facts the previous version computed for cases 1–4 (case 5 is still queued).
    for (const [id, lane, created] of [[1, 'fast', '2026-09-10T10:00:00Z'], [2, 'fast', '2026-09-28T10:00:00Z'], [3, 'fast', '2026-09-15T10:00:00Z'], [4, 'standard', '2026-10-05T10:00:00Z']] as const)
      await q(`insert into case_facts (case_id, lane, widget, created_at, ever_solved, reopened, fcr, sla_final, sla_met_final, first_response_due)
               values (${id}, '${lane}', false, '${created}', false, false, false, false, false, '${created}'::timestamptz + interval '2 hours')`);
    await q(`delete from case_facts_dirty where case_id <> 5`);
    // Payments in two currencies (one never paid), refunds decided and pending, deflections and another event.
    const order = (id: number, caseId: number, amount: number, currency: string, paid: string | null) =>
      q(`insert into fastlane_orders (id, customer_id, plan_key, kind, case_id, amount, currency, status, checkout_session_id, created_at, paid_at, updated_at)
         values (${id}, 1, 'incident', 'incident', ${caseId}, ${amount}, '${currency}', '${paid ? 'paid' : 'pending'}', 'cs_mg_${id}', '2026-09-01', ${paid ? `'${paid}'` : 'null'}, '2026-09-01')`);
    await order(1, 1, 1500, 'EUR', '2026-09-10T10:05:00Z');
    await order(2, 2, 1500, 'EUR', '2026-10-02T10:05:00Z');
    await order(3, 3, 2000, 'USD', '2026-09-16T10:05:00Z');
    await order(4, 5, 1500, 'EUR', null);
    const refund = (orderId: number, amount: number, status: string, decided: string | null) =>
      q(`insert into fastlane_refunds (order_id, amount, reason, reason_code, requested_by, status, created_at, decided_at)
         values (${orderId}, ${amount}, 'SLA', 'sla_guarantee', 'system', '${status}', '2026-10-01', ${decided ? `'${decided}'` : 'null'})`);
    await refund(1, 1500, 'succeeded', '2026-10-03T09:00:00Z');
    await refund(2, 700, 'pending', null);
    await refund(3, 2000, 'succeeded', '2026-11-02T09:00:00Z');
    for (const [type, at] of [['deflection', '2026-09-03'], ['deflection', '2026-09-20'], ['announcement_deflection', '2026-10-11'], ['search', '2026-10-12']])
      await q(`insert into analytics_events (type, locale, channel, created_at) values ('${type}', 'es', 'widget', '${at}')`);

    // The upgrade.
    await migrate(database);
  }, 60_000);

  afterAll(() => before?.dispose());

  it('sums money and events per month as the rows give them', async () => {
    const money = await q<{ month: Date; currency: string; revenue: number; refunds: number }>(
      `select month, currency, revenue::int as revenue, refunds::int as refunds from fastlane_money_months order by month, currency`,
    );
    expect(money.map((m) => [m.month.toISOString().slice(0, 7), m.currency, m.revenue, m.refunds])).toEqual([
      ['2026-09', 'EUR', 1500, 0],
      ['2026-09', 'USD', 2000, 0],
      ['2026-10', 'EUR', 1500, 1500],
      ['2026-11', 'USD', 0, 2000],
    ]);
    const events = await q<{ month: Date; type: string; n: number }>(`select month, type, n from analytics_event_months order by month, type`);
    expect(events.map((e) => [e.month.toISOString().slice(0, 7), e.type, e.n])).toEqual([
      ['2026-09', 'deflection', 2],
      ['2026-10', 'announcement_deflection', 1],
      ['2026-10', 'search', 1],
    ]);
  });

  it('gives the facts already computed their fast-lane entries and open outcomes their deciding instant', async () => {
    const facts = await q<{ case_id: number; fast_entered_at: Date | null; fast_reentered: boolean; sla_decides_at: Date | null }>(
      `select case_id, fast_entered_at, fast_reentered, sla_decides_at from case_facts order by case_id`,
    );
    expect(facts.map((f) => [f.case_id, f.fast_entered_at?.toISOString() ?? null, f.fast_reentered, f.sla_decides_at?.toISOString() ?? null])).toEqual([
      [1, '2026-09-10T10:00:00.000Z', false, '2026-09-10T12:00:00.000Z'],
      [2, '2026-10-02T10:00:00.000Z', false, '2026-09-28T12:00:00.000Z'],
      [3, '2026-09-16T10:00:00.000Z', true, '2026-09-15T12:00:00.000Z'],
      [4, null, false, '2026-10-05T12:00:00.000Z'],
    ]);
    const months = await q<{ month: Date; cases: number }>(`select month, cases from case_fact_entry_months order by month`);
    expect(months.map((m) => [m.month.toISOString().slice(0, 7), m.cases])).toEqual([
      ['2026-09', 1],
      ['2026-10', 1],
    ]);
  });

  it('then answers the same money, deflections and entries from the sums as from the rows', async () => {
    const deps = { db: database, clock: fixedClock('2026-12-01T12:00:00Z'), sla: () => loadSlaConfig(undefined), currency: 'EUR', caseOverhead: () => 100 };
    const rolled = new AnalyticsSummaryService(deps);
    const reference = new AnalyticsSummaryService({ ...deps, rollups: false });
    const pick = ({ fastlane_revenue_minor, fastlane_refunds_minor, deflections, fastlane_overhead_minor }: Awaited<ReturnType<AnalyticsSummaryService['summary']>>) => ({
      fastlane_revenue_minor,
      fastlane_refunds_minor,
      deflections,
      fastlane_overhead_minor,
    });
    // Whole months (September to November) with partial ones at both ends, then October alone.
    for (const period of [{ from: '2026-08-20T00:00:00Z', to: '2026-12-01T00:00:00Z' }, { from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:00Z' }]) {
      const a = await rolled.summary(period);
      expect(pick(a)).toEqual(pick(await reference.summary(period)));
    }
    // Cases 1, 2, 3 (once, though it entered twice) and 5 (computed by the refresh) entered; EUR only.
    expect(pick(await rolled.summary({ from: '2026-08-20T00:00:00Z', to: '2026-12-01T00:00:00Z' }))).toEqual({
      fastlane_revenue_minor: 3000,
      fastlane_refunds_minor: 1500,
      deflections: 3,
      fastlane_overhead_minor: 400,
    });
    expect((await q<{ n: number }>(`select count(*)::int as n from case_facts_dirty`))[0]!.n).toBe(0);
  });
});
