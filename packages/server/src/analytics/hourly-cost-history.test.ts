// Staff time is costed at the hourly cost its person had when it was logged: an admin's change
// of someone's cost applies from then on and leaves past periods as they were, in the summary
// (from the monthly rollups and from the entries alone), the fast lane's account and the time
// report. Time logged while a person had no cost takes the first one set for them after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { signInStaff, type SignedInStaff } from '../testing/staff.js';
import { insertStaffUser } from '../testing/staff-users.js';
import { caseEvents, cases, customers, timeEntries } from '../db/schema.js';
import { AnalyticsSummaryService } from './summary.js';

const at = (iso: string) => new Date(iso);
// September and October, UTC: whole months, so the summary reads them from the rollups.
const FROM = '2026-09-01T00:00:00.000Z';
const TO = '2026-11-01T00:00:00.000Z';
const PERIOD = `?from=${FROM}&to=${TO}`;

describe.each(testDatabases())('time costed at the hourly cost it was logged at, on %s', (kind) => {
  let t: TestApp;
  let admin: SignedInStaff;
  let ana: number;
  let carl: number;
  let caseId: number;

  const setCost = async (id: number, hourlyCost: number | null) => {
    const res = await t.request(`/api/v1/staff/users/${id}`, { method: 'PATCH', headers: { ...admin.headers(true), 'Content-Type': 'application/json' }, body: JSON.stringify({ hourlyCost }) });
    expect(res.status, await res.clone().text()).toBe(200);
  };
  const log = (userId: number, from: string, to: string) =>
    t.database.db.insert(timeEntries).values({ caseId, userId, startedAt: at(from), endedAt: at(to), source: 'manual', createdAt: at(from), updatedAt: at(from) });
  const get = async (path: string) => {
    const res = await t.request(path, { headers: admin.headers(false) });
    expect(res.status, path).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    t = await createTestApp(kind, { kb: false });
    await t.mail.stop();
    admin = await signInStaff(t, { role: 'admin', name: 'Admin' });
    const db = t.database.db;
    const [cust] = await db.insert(customers).values({ email: 'coste@example.com', name: 'Coste', locale: 'es', createdAt: at('2026-08-01T00:00:00Z') }).returning();
    const [row] = await db
      .insert(cases)
      .values({ reference: 'HC-000001', trackingHash: 'hc-hash-1', trackingTokenEnc: 'x', customerId: cust!.id, subject: 'Caso', locale: 'es', status: 'open', lane: 'fast', channel: 'widget', createdAt: at('2026-09-01T08:00:00Z'), updatedAt: at('2026-09-01T08:00:00Z') })
      .returning();
    caseId = row!.id;
    await db.insert(caseEvents).values({ caseId, type: 'created', actor: 'customer', data: { channel: 'widget', lane: 'fast' }, createdAt: at('2026-09-01T08:00:00Z') });
    ana = (await insertStaffUser(t, { name: 'Ana', hourlyCost: 3000 })).id;
    carl = (await insertStaffUser(t, { name: 'Carl', hourlyCost: null })).id;

    // September: an hour each, Ana at 30.00, Carl with no cost yet.
    await log(ana, '2026-09-10T10:00:00Z', '2026-09-10T11:00:00Z');
    await log(carl, '2026-09-11T10:00:00Z', '2026-09-11T11:00:00Z');
    // Ana's cost doubles; Carl gets his first (which prices his September hour), then a raise.
    await setCost(ana, 6000);
    await setCost(carl, 2000);
    await setCost(carl, 4000);
    // October: an hour each at the new costs.
    await log(ana, '2026-10-10T10:00:00Z', '2026-10-10T11:00:00Z');
    await log(carl, '2026-10-11T10:00:00Z', '2026-10-11T11:00:00Z');
  });
  afterAll(() => t?.dispose());

  it('keeps each entry’s own hourly cost: a raise applies from then on, a first cost also to the time before it', async () => {
    const entries = await t.database.db.select({ userId: timeEntries.userId, startedAt: timeEntries.startedAt, hourlyCost: timeEntries.hourlyCost }).from(timeEntries).where(eq(timeEntries.caseId, caseId)).orderBy(timeEntries.startedAt);
    expect(entries.map((e) => [e.userId, e.hourlyCost])).toEqual([
      [ana, 3000],
      [carl, 2000],
      [ana, 6000],
      [carl, 4000],
    ]);
  });

  it('costs the fast lane’s account by month at those costs, with each person’s cost now beside them', async () => {
    const body = await get(`/api/v1/staff/analytics/fastlane${PERIOD}`);
    expect(body.costByMonth.map((m: { month: string; time_cost_minor: number }) => [m.month, m.time_cost_minor])).toEqual([
      ['2026-09', 3000 + 2000],
      ['2026-10', 6000 + 4000],
    ]);
    expect(body.totals).toMatchObject({ time_cost_minor: 15000, time_s: 4 * 3600, unpriced_time_s: 0 });
    expect(body.byAgent).toEqual([
      { agentId: ana, name: 'Ana', time_s: 7200, cost_minor: 9000, hourly_cost_minor: 6000 },
      { agentId: carl, name: 'Carl', time_s: 7200, cost_minor: 6000, hourly_cost_minor: 4000 },
    ]);
  });

  it('gives the summary the same cost from the monthly rollups as from the entries alone, per month', async () => {
    const deps = { db: t.database, clock: t.clock, sla: () => t.sla.config, currency: 'EUR' };
    const rolled = new AnalyticsSummaryService(deps);
    const exact = new AnalyticsSummaryService({ ...deps, rollups: false });
    for (const [from, to, cost] of [
      [FROM, TO, 15000],
      [FROM, '2026-10-01T00:00:00.000Z', 5000],
      ['2026-10-01T00:00:00.000Z', TO, 10000],
      // Part of a month: from the entries themselves.
      ['2026-09-10T00:00:00.000Z', '2026-10-11T00:00:00.000Z', 3000 + 2000 + 6000],
    ] as const) {
      for (const svc of [rolled, exact]) expect(await svc.summary({ from, to, lane: 'fast' }), `${from} ${to}`).toMatchObject({ fastlane_cost_minor: cost, fastlane_unpriced_time_s: 0 });
    }
    expect(await get(`/api/v1/staff/analytics/summary${PERIOD}`)).toMatchObject({ fastlane_cost_minor: 15000, fastlane_time_s: 4 * 3600 });
  });

  it('costs the time report the same way, the person’s hourly cost now beside it', async () => {
    const body = await get(`/api/v1/staff/time/summary${PERIOD}`);
    expect(body.users).toEqual([
      { user: { id: ana, name: 'Ana' }, seconds: 7200, hourlyCost: 6000, cost: 9000 },
      { user: { id: carl, name: 'Carl' }, seconds: 7200, hourlyCost: 4000, cost: 6000 },
    ]);
    expect(body).toMatchObject({ totalSeconds: 4 * 3600, totalCost: 15000 });
    expect(body.lanes.find((l: { lane: string }) => l.lane === 'fast')).toEqual({ lane: 'fast', seconds: 4 * 3600, cost: 15000, uncostedSeconds: 0 });
  });

  it('leaves time logged with no cost unpriced until one is set, and clearing a cost keeps what was logged at it', async () => {
    const dora = (await insertStaffUser(t, { name: 'Dora', hourlyCost: null })).id;
    await log(dora, '2026-10-20T10:00:00Z', '2026-10-20T10:30:00Z');
    const before = await get(`/api/v1/staff/time/summary?from=2026-10-20T00:00:00.000Z&to=2026-10-21T00:00:00.000Z`);
    expect(before.users).toEqual([{ user: { id: dora, name: 'Dora' }, seconds: 1800, hourlyCost: null, cost: null }]);
    expect(before.lanes.find((l: { lane: string }) => l.lane === 'fast')).toEqual({ lane: 'fast', seconds: 1800, cost: 0, uncostedSeconds: 1800 });
    await setCost(dora, 3600);
    await setCost(dora, null);
    await log(dora, '2026-10-20T11:00:00Z', '2026-10-20T11:30:00Z');
    const after = await get(`/api/v1/staff/time/summary?from=2026-10-20T00:00:00.000Z&to=2026-10-21T00:00:00.000Z`);
    // The first half hour at 36.00 (1,800); the second, logged after the cost was cleared, unpriced.
    expect(after.users).toEqual([{ user: { id: dora, name: 'Dora' }, seconds: 3600, hourlyCost: null, cost: 1800 }]);
    expect(after.lanes.find((l: { lane: string }) => l.lane === 'fast')).toEqual({ lane: 'fast', seconds: 3600, cost: 1800, uncostedSeconds: 1800 });
    const account = await get(`/api/v1/staff/analytics/fastlane?from=2026-10-20T00:00:00.000Z&to=2026-10-21T00:00:00.000Z`);
    expect(account.totals).toMatchObject({ time_cost_minor: 1800, time_s: 3600, unpriced_time_s: 1800 });
  });
});
