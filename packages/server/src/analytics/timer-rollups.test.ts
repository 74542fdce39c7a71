// The console's timer deletes entries and lengthens them as people come and go (a visit shorter
// than `timerMinSeconds` leaves no entry; coming back within `timerResumeSeconds` continues the
// last one): the time rollups (`case_fact_time`, `case_fact_time_months`) follow each such
// delete and extension, at the hourly cost each entry was logged at, and read the same as the
// entries summed afresh.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { insertStaffUser } from '../testing/staff-users.js';
import { caseEvents, caseFactTime, cases, customers, staffUsers, timeEntries } from '../db/schema.js';
import type { StaffActor } from '../staff/actor.js';
import { AnalyticsSummaryService } from './summary.js';

const at = (iso: string) => new Date(iso);
const SEC = 1000;
const MIN = 60 * SEC;
// October, a whole UTC month: the summary reads it from the monthly rollups.
const PERIOD = { from: '2026-10-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z', lane: 'fast' } as const;

describe.each(testDatabases())('time rollups as the timer deletes and continues entries, on %s', (kind) => {
  let t: TestApp;
  let ana: StaffActor & { kind: 'user' };
  let rolled: AnalyticsSummaryService;
  let exact: AnalyticsSummaryService;
  let caseId: number;
  const REF = 'TR-000001';

  /** The fast lane's time and cost for October, from the rollups and from the entries alone (which must agree), read in November. */
  const october = async () => {
    const now = t.clock.now().toISOString();
    t.clock.set('2026-11-20T10:00:00.000Z');
    try {
      const [r, x] = [await rolled.summary(PERIOD), await exact.summary(PERIOD)];
      const pick = (s: typeof r) => ({ time: s.fastlane_time_s, cost: s.fastlane_cost_minor });
      expect(pick(r), 'rollups against the entries').toEqual(pick(x));
      const facts = await t.database.db.select().from(caseFactTime).where(eq(caseFactTime.caseId, caseId));
      return { ...pick(r), factSeconds: facts.reduce((s, f) => s + f.seconds, 0) };
    } finally {
      t.clock.set(now);
    }
  };

  /** Minutes on the case, the console's heartbeat once a minute. */
  const work = async (minutes: number) => {
    for (let i = 0; i < minutes; i++) {
      t.clock.advance(MIN);
      await t.time.heartbeat(REF, ana);
    }
  };

  beforeAll(async () => {
    t = await createTestApp(kind, { kb: false });
    await t.mail.stop();
    const deps = { db: t.database, clock: t.clock, sla: () => t.sla.config, currency: 'EUR' };
    rolled = new AnalyticsSummaryService(deps);
    exact = new AnalyticsSummaryService({ ...deps, rollups: false });
    const db = t.database.db;
    const [cust] = await db.insert(customers).values({ email: 'timer@example.com', name: 'Timer', locale: 'es', createdAt: at('2026-09-01T00:00:00Z') }).returning();
    const [row] = await db
      .insert(cases)
      .values({ reference: REF, trackingHash: 'tr-hash-1', trackingTokenEnc: 'x', customerId: cust!.id, subject: 'Caso', locale: 'es', status: 'open', lane: 'fast', channel: 'widget', createdAt: at('2026-09-01T08:00:00Z'), updatedAt: at('2026-09-01T08:00:00Z') })
      .returning();
    caseId = row!.id;
    await db.insert(caseEvents).values({ caseId, type: 'created', actor: 'customer', data: { channel: 'widget', lane: 'fast' }, createdAt: at('2026-09-01T08:00:00Z') });
    ana = await insertStaffUser(t, { name: 'Ana', hourlyCost: 3600 });
  });
  afterAll(() => t?.dispose());

  it('follows a timer stopped, continued, lengthened, a short visit deleted, and an entry removed', async () => {
    t.clock.set('2026-10-10T10:00:00.000Z');
    // Half an hour on the case at 36.00 an hour: 1,800 s, 18.00.
    const first = await t.time.startTimer(REF, ana);
    await work(30);
    await t.time.stopTimer(REF, ana);
    expect(await october()).toEqual({ time: 1800, cost: 1800, factSeconds: 1800 });

    // Back 30 seconds later: the same entry runs again (the rollups count it once it stops).
    t.clock.advance(30 * SEC);
    expect((await t.time.startTimer(REF, ana)).entry.id).toBe(first.entry.id);
    await october();
    await work(30);
    await t.time.stopTimer(REF, ana);
    expect(await october()).toEqual({ time: 3630, cost: 3630, factSeconds: 3630 });

    // Ana's cost goes up, and she is back 20 seconds later: a new entry at the new cost, not the old one lengthened.
    t.clock.advance(20 * SEC);
    await t.database.db.update(staffUsers).set({ hourlyCost: 7200 }).where(eq(staffUsers.id, ana.id));
    const second = await t.time.startTimer(REF, ana);
    expect(second.created).toBe(true);
    await work(60);
    await t.time.stopTimer(REF, ana);
    expect(await october()).toEqual({ time: 3630 + 3600, cost: 3630 + 7200, factSeconds: 7230 });

    // A glance of 4 seconds, its entry seen by a refresh while it ran, then deleted at the stop.
    t.clock.advance(10 * MIN);
    await t.time.startTimer(REF, ana);
    t.clock.advance(4 * SEC);
    await october();
    await t.time.stopTimer(REF, ana);
    expect(await t.database.db.select().from(timeEntries).where(eq(timeEntries.caseId, caseId))).toHaveLength(2);
    expect(await october()).toEqual({ time: 7230, cost: 10830, factSeconds: 7230 });

    // The first entry removed by hand: only the second is left.
    await t.time.remove(first.entry.id, ana);
    expect(await october()).toEqual({ time: 3600, cost: 7200, factSeconds: 3600 });
  });
});
