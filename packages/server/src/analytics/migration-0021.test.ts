// Migration 0021 on a database that already holds staff time (what an upgrade meets): each entry
// takes its person's hourly cost now (what every figure used before), the monthly rollups the
// facts kept get the same cost without computing any case again, and the summary then gives the
// same cost from the rollups as from the entries. PGlite only: the migration is plain SQL, the
// same on PostgreSQL, whose test databases are created migrated to the newest version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.js';
import { migrate, type Database } from '../db/client.js';
import { databaseBeforeMigration, type DatabaseBeforeMigration } from '../testing/migration.js';
import { AnalyticsSummaryService } from './summary.js';
import { loadSlaConfig } from '../cases/sla.js';

const MIGRATION = '0021_time_entry_hourly_cost';

describe('migration 0021 on a database with staff time', () => {
  let before: DatabaseBeforeMigration;
  let database: Database;
  const q = <T = Record<string, unknown>>(text: string): Promise<T[]> => before.q<T>(text);

  beforeAll(async () => {
    // The migrations before this one, as an installation of the previous version has them.
    before = await databaseBeforeMigration(MIGRATION);
    database = before.database;

    await before.seed({
      cases: [{ id: 1, lane: 'fast', status: 'open', created: '2026-09-01T08:00:00Z', firstResponseDue: '2026-09-01T10:00:00Z' }],
      staff: [
        { id: 1, name: 'Ana', hourlyCost: 3000 },
        { id: 2, name: 'Carl', hourlyCost: null },
      ],
    });
    await q(`insert into case_events (case_id, type, actor, data, created_at) values (1, 'created', 'customer', '{"lane":"fast"}'::jsonb, '2026-09-01T08:00:00Z')`);
    await q(`insert into time_entries (case_id, user_id, started_at, ended_at, source, created_at, updated_at) values
             (1, 1, '2026-09-10T10:00:00Z', '2026-09-10T11:00:00Z', 'manual', '2026-09-10T10:00:00Z', '2026-09-10T10:00:00Z'),
             (1, 2, '2026-09-11T10:00:00Z', '2026-09-11T10:30:00Z', 'manual', '2026-09-11T10:00:00Z', '2026-09-11T10:00:00Z')`);
    // The facts the previous version computed for the case (seconds only), nothing left queued.
    await q(`insert into case_facts (case_id, lane, widget, created_at, ever_solved, reopened, fcr, sla_final, sla_met_final, first_response_due, fast_entered_at)
             values (1, 'fast', false, '2026-09-01T08:00:00Z', false, false, false, false, false, '2026-09-01T10:00:00Z', '2026-09-01T08:00:00Z')`);
    await q(`insert into case_fact_time (case_id, month, user_id, lane, seconds) values (1, '2026-09-01', 1, 'fast', 3600), (1, '2026-09-01', 2, 'fast', 1800)`);
    await q(`insert into case_fact_time_months (month, lane, user_id, seconds) values ('2026-09-01', 'fast', 1, 3600), ('2026-09-01', 'fast', 2, 1800)`);
    await q(`delete from case_facts_dirty`);

    // The upgrade.
    await migrate(database);
  }, 60_000);

  afterAll(() => before?.dispose());

  it('gives each entry its person’s hourly cost now, and the rollups the same cost, queuing no case', async () => {
    expect((await q<{ user_id: number; hourly_cost: number | null }>(`select user_id, hourly_cost from time_entries order by user_id`)).map((r) => [r.user_id, r.hourly_cost])).toEqual([
      [1, 3000],
      [2, null],
    ]);
    for (const table of ['case_fact_time', 'case_fact_time_months']) {
      const rows = await q<{ user_id: number; cost: number; unpriced_seconds: number }>(`select user_id, cost, unpriced_seconds from ${table} order by user_id`);
      expect(rows.map((r) => [r.user_id, r.cost, r.unpriced_seconds]), table).toEqual([
        [1, 3000, 0],
        [2, 0, 1800],
      ]);
    }
    expect(await q(`select case_id from case_facts_dirty`)).toEqual([]);
  });

  it('then answers the same staff cost from the rollups as from the entries, and a new entry takes its person’s cost', async () => {
    const deps = { db: database, clock: fixedClock('2026-12-01T12:00:00Z'), sla: () => loadSlaConfig(undefined), currency: 'EUR' };
    const rolled = new AnalyticsSummaryService(deps);
    const reference = new AnalyticsSummaryService({ ...deps, rollups: false });
    // The facts as built for these business hours, so the summary reads the backfilled rollups
    // rather than building every case again.
    await q(`insert into case_facts_state (id, key, built_at) values (1, '${rolled.facts.key()}', now())`);
    const period = { from: '2026-09-01T00:00:00Z', to: '2026-10-01T00:00:00Z', lane: 'fast' as const };
    for (const svc of [rolled, reference]) expect(await svc.summary(period)).toMatchObject({ fastlane_cost_minor: 3000, fastlane_time_s: 5400, fastlane_unpriced_time_s: 1800 });
    await q(`insert into time_entries (case_id, user_id, started_at, ended_at, source, created_at, updated_at) values (1, 1, '2026-09-20T10:00:00Z', '2026-09-20T10:30:00Z', 'manual', now(), now())`);
    expect((await q<{ hourly_cost: number }>(`select hourly_cost from time_entries where started_at = '2026-09-20T10:00:00Z'`))[0]!.hourly_cost).toBe(3000);
    for (const svc of [rolled, reference]) expect(await svc.summary(period)).toMatchObject({ fastlane_cost_minor: 4500, fastlane_time_s: 7200 });
  });
});
