// Migration 0022 on a database that already holds timer entries (what an upgrade meets): they stay
// as they were, with no `ended_by` or `edited_at`, so a timer stopped just before the upgrade is
// not continued (nothing says how it ended) and is never deleted as too short; a timer still
// running then stops, and is continued, by the new rules. PGlite only: the migration is plain SQL,
// the same on PostgreSQL, whose test databases are created migrated to the newest version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.js';
import { migrate, type Database } from '../db/client.js';
import { databaseBeforeMigration, type DatabaseBeforeMigration } from '../testing/migration.js';
import { TimeService } from './service.js';

const MIGRATION = '0022_time_entry_end';

describe('migration 0022 on a database with timer entries', () => {
  let before: DatabaseBeforeMigration;
  let database: Database;
  const q = <T = Record<string, unknown>>(text: string): Promise<T[]> => before.q<T>(text);

  beforeAll(async () => {
    before = await databaseBeforeMigration(MIGRATION);
    database = before.database;
    await before.seed({
      cases: [1, 2].map((id) => ({ id, lane: 'standard' as const, status: 'open', created: '2026-11-01T08:00:00Z' })),
      staff: [
        { id: 1, name: 'Ana', hourlyCost: 3000 },
        { id: 2, name: 'Luis', hourlyCost: null },
      ],
    });
    // Ana stopped a 3-second timer on MG-1 at 09:59:30; Luis's timer on MG-2 still runs.
    await q(`insert into time_entries (id, case_id, user_id, started_at, ended_at, source, created_at, updated_at) values
             (1, 1, 1, '2026-11-20T09:59:27Z', '2026-11-20T09:59:30Z', 'timer', '2026-11-20T09:59:27Z', '2026-11-20T09:59:30Z'),
             (2, 2, 2, '2026-11-20T09:58:00Z', null, 'timer', '2026-11-20T09:58:00Z', '2026-11-20T09:59:00Z')`);
    await q(`select setval('time_entries_id_seq', 2)`);
    await migrate(database);
  }, 60_000);

  afterAll(() => before?.dispose());

  it('keeps the entries as they were, says nothing of how they ended, and applies the new rules from then on', async () => {
    expect(await q(`select id, ended_by, edited_at from time_entries order by id`)).toEqual([
      { id: 1, ended_by: null, edited_at: null },
      { id: 2, ended_by: null, edited_at: null },
    ]);
    const clock = fixedClock('2026-11-20T10:00:00Z');
    const time = new TimeService({ db: database, clock, currency: 'eur' });
    const ana = { kind: 'user' as const, id: 1, name: 'Ana', role: 'agent' as const };
    const luis = { kind: 'user' as const, id: 2, name: 'Luis', role: 'agent' as const };
    // Ana back on MG-1 30 seconds after her stop: nothing says it was a stop, so a new entry.
    expect((await time.startTimer('MG-1', ana)).created).toBe(true);
    // Luis's running timer stops by the new rules, and comes back when he does.
    expect(await time.stopTimer('MG-2', luis)).toMatchObject({ id: 2, seconds: 120 });
    expect(await q(`select ended_by from time_entries where id = 2`)).toEqual([{ ended_by: 'stop' }]);
    clock.advance(20_000);
    expect(await time.startTimer('MG-2', luis)).toMatchObject({ created: false, entry: { id: 2, endedAt: null } });
    expect((await q(`select id from time_entries order by id`)).map((r) => r.id)).toEqual([1, 2, 3]);
  });
});
