// The demo's generated history: the same seed and clock give the same figures; over its 90 days
// every figure of the analytics summary has something to measure in each lane; the standard
// lane's impact has a "before" and an "after"; it is refused in production and a second time;
// `--replace` removes only what it generated. Test clock: Friday 20 November 2026, 10:00 UTC.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq, getTableColumns, sql } from 'drizzle-orm';
import { createTestApp, DEMO_KB_DIR, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { submitTestCase } from '../testing/staff-users.js';
import { AnalyticsSummaryService } from '../analytics/summary.js';
import { LaneImpactService } from '../analytics/lane-impact.js';
import { FastlaneAccountService } from '../analytics/fastlane-account.js';
import { analyticsEvents, cases, customers, demoHistory, fastlaneOrders, fastlaneRefunds, mailOutbox, staffUsers, surveyAnswers } from '../db/schema.js';
import { DEMO_STAFF } from '../staff/demo.js';
import { guaranteeCandidates } from '../fastlane/store.js';
import { generateHistory, historyOf, HistoryRefused, removeHistory, type HistoryResult } from './history.js';

const NOW = new Date('2026-11-20T10:00:00Z');
const rowsOf = (r: unknown) => ((r as { rows?: Array<Record<string, unknown>> }).rows ?? (r as Array<Record<string, unknown>>));
const SEED = 7;

async function demoApp(kind: Parameters<typeof createTestApp>[0]): Promise<TestApp> {
  const t = await createTestApp(kind, { kb: DEMO_KB_DIR });
  await t.mail.stop();
  for (const s of DEMO_STAFF) await t.database.db.insert(staffUsers).values({ email: s.email, name: s.name, role: s.role, createdAt: NOW, updatedAt: NOW });
  return t;
}

const generate = (t: TestApp, o: { seed?: number; days?: number; production?: boolean } = {}) =>
  generateHistory({ database: t.database, config: { ...t.config, production: o.production ?? false }, sla: t.sla.config, fastlane: t.fastlaneConfig }, { seed: o.seed ?? SEED, days: o.days ?? 90, now: NOW });

function reports(t: TestApp) {
  const deps = { db: t.database, clock: t.clock, sla: () => t.sla.config };
  const summary = new AnalyticsSummaryService({ ...deps, currency: t.fastlaneConfig.currency });
  const impact = new LaneImpactService({ ...deps, spans: summary.spans });
  const from = new Date(NOW.getTime() - 90 * 86_400_000).toISOString();
  const to = NOW.toISOString();
  return {
    lane: (lane: 'standard' | 'fast') => summary.summary({ from, to, lane }),
    impact: () => impact.impact({ from: new Date(NOW.getTime() - 30 * 86_400_000).toISOString(), to }),
  };
}

describe.each(testDatabases())('demo history on %s', (kind) => {
  let a: TestApp;
  let b: TestApp;
  let result: HistoryResult;

  beforeAll(async () => {
    [a, b] = await Promise.all([demoApp(kind), demoApp(kind)]);
    result = await generate(a);
  }, 120_000);
  afterAll(async () => {
    await a?.dispose();
    await b?.dispose();
  });

  it('gives the same figures for the same seed and clock, and other figures for another seed', async () => {
    const again = await generate(b);
    expect(again.counts).toEqual(result.counts);
    const [ra, rb] = [reports(a), reports(b)];
    for (const lane of ['standard', 'fast'] as const) expect(await rb.lane(lane)).toEqual(await ra.lane(lane));
    expect(await rb.impact()).toEqual(await ra.impact());
    expect(await removeHistory(b.database)).toBe(true);
    const other = await generate(b, { seed: SEED + 1 });
    expect(other.counts).not.toEqual(result.counts);
    expect(await reports(b).lane('standard')).not.toEqual(await ra.lane('standard'));
  }, 120_000);

  it('fills every summary figure of each lane over the 90 days', async () => {
    for (const lane of ['standard', 'fast'] as const) {
      const s = (await reports(a).lane(lane)) as unknown as Record<string, unknown>;
      const { previous: _p, lane: _l, category: _c, agentId: _a, ...figures } = s;
      // "Was it worth its price?" is asked of fast-lane cases only.
      const expectNull = lane === 'standard' ? ['fastlane_worth'] : [];
      for (const [k, v] of Object.entries(figures)) {
        if (expectNull.includes(k)) expect(v, k).toBeNull();
        else expect(v, `${lane} ${k}`).not.toBeNull();
      }
      for (const k of ['cases', 'first_responses', 'solved', 'sla_measured', 'csat_answers', 'ces_answers', 'nps_answers', 'deflections', 'fastlane_revenue_minor', 'fastlane_refunds_minor', 'fastlane_cost_minor']) expect(s[k], `${lane} ${k}`).toBeGreaterThan(0);
      expect(s.sla_attainment as number).toBeGreaterThan(0.5);
      expect(s.sla_attainment as number).toBeLessThan(1);
      expect(s.reopen_rate as number).toBeGreaterThan(0);
      expect(s.fcr_rate as number).toBeGreaterThan(0.2);
      expect(s.fastlane_unpriced_time_s).toBe(0);
      if (lane === 'fast') expect(s.fastlane_worth_answers as number).toBeGreaterThan(0);
    }
    const [std, fast] = [await reports(a).lane('standard'), await reports(a).lane('fast')];
    // The fast lane answers sooner; a share of the cases are in it.
    expect(fast.first_response_p50_s!).toBeLessThan(std.first_response_p50_s! / 3);
    expect(fast.cases / (fast.cases + std.cases)).toBeGreaterThan(0.05);
    expect(fast.fastlane_margin_minor).toBeGreaterThan(0);
  });

  it('gives the fast lane’s account revenue of every kind, refunds, cost and a margin, month by month', async () => {
    const account = await new FastlaneAccountService({ db: a.database, clock: a.clock, sla: () => a.sla.config, fastlane: a.fastlaneConfig, defaultLocale: 'es' }).account({ from: new Date(NOW.getTime() - 60 * 86_400_000).toISOString(), to: NOW.toISOString() });
    expect(account.totals.revenue_minor).toBeGreaterThan(0);
    expect(account.totals.refunds_minor).toBeGreaterThan(0);
    expect(account.totals.time_cost_minor).toBeGreaterThan(0);
    expect(account.totals.margin_minor).toBeGreaterThan(0);
    expect(account.totals.unpriced_time_s).toBe(0);
    expect(new Set(account.months.map((m) => m.kind))).toEqual(new Set(['incident', 'subscription', 'renewal']));
    expect(new Set(account.months.map((m) => m.month)).size).toBeGreaterThanOrEqual(2);
  });

  it('gives the standard lane’s impact a baseline before the fast lane and a period after it', async () => {
    const r = await reports(a).impact();
    const started = new Date(r.fastlaneStartedAt!).getTime();
    expect((NOW.getTime() - started) / 86_400_000).toBeGreaterThan(40);
    expect((NOW.getTime() - started) / 86_400_000).toBeLessThan(46);
    for (const f of [r.first_response_p50_s, r.sla_attainment, r.csat]) {
      expect(f.baselineN).toBeGreaterThan(20);
      expect(f.periodN).toBeGreaterThan(20);
      expect(f.difference).not.toBeNull();
      expect(f.ci95).not.toBeNull();
    }
  });

  it('writes settled history only: solved or closed cases from before today, no mail, payments with SLA-guarantee refunds', async () => {
    const db = a.database.db;
    const rows = await db.select({ status: cases.status, createdAt: cases.createdAt, solvedAt: cases.solvedAt }).from(cases);
    expect(rows.length).toBe(result.counts.cases);
    expect(rows.every((c) => c.status === 'solved' || c.status === 'closed')).toBe(true);
    expect(rows.every((c) => c.createdAt.getTime() < result.to.getTime() && c.solvedAt!.getTime() <= NOW.getTime())).toBe(true);
    expect(result.to.toISOString()).toBe('2026-11-19T23:00:00.000Z'); // midnight in Madrid
    expect((await db.select({ n: count() }).from(mailOutbox))[0]!.n).toBe(0);
    // The SLA guarantee has nothing left to refund: the running server never calls Stripe about these payments.
    expect(await guaranteeCandidates(db, NOW)).toEqual([]);
    const system = await db.select({ n: count() }).from(fastlaneRefunds).where(eq(fastlaneRefunds.requestedBy, 'system'));
    expect(system[0]!.n).toBeGreaterThan(0);
    // Renewals and refund reason codes once the fast lane's ledger stores them.
    const ledger = { renewals: 'invoiceId' in getTableColumns(fastlaneOrders), reasonCodes: 'reasonCode' in getTableColumns(fastlaneRefunds) };
    const kinds = await db.select({ kind: fastlaneOrders.kind, n: count() }).from(fastlaneOrders).groupBy(fastlaneOrders.kind);
    expect(kinds.map((k) => k.kind).sort()).toEqual(ledger.renewals ? ['incident', 'renewal', 'subscription'] : ['incident', 'subscription']);
    if (ledger.reasonCodes) {
      const [codes] = rowsOf(await db.execute(sql`select count(*) filter (where reason_code = 'sla_guarantee' and requested_by = 'system') as sla, count(*) filter (where reason_code is null) as missing from fastlane_refunds`));
      expect(Number(codes!.sla)).toBeGreaterThan(0);
      expect(Number(codes!.missing)).toBe(0);
    }
    const zero = await db.select({ n: count() }).from(analyticsEvents).where(sql`${analyticsEvents.type} = 'search' and ${analyticsEvents.resultCount} = 0`);
    expect(zero[0]!.n).toBeGreaterThan(0);
    const staff = await db.select({ cost: staffUsers.hourlyCost }).from(staffUsers);
    expect(staff.every((s) => s.cost !== null)).toBe(true);
  });

  it('is refused in production and a second time; --replace removes only what it generated', async () => {
    const t = await demoApp(kind);
    try {
      await expect(generate(t, { production: true })).rejects.toMatchObject({ reason: 'production' });
      expect(await historyOf(t.database)).toBeNull();
      const before = await submitTestCase(t, { email: 'real.customer@example.com' });
      const first = await generate(t, { days: 20 });
      await expect(generate(t, { days: 20 })).rejects.toBeInstanceOf(HistoryRefused);
      await expect(generate(t, { days: 20 })).rejects.toMatchObject({ reason: 'exists' });
      t.analytics.record([{ type: 'search', locale: 'es', query: 'router', resultCount: 3 }], 'portal');
      await t.analytics.flush();
      expect((await historyOf(t.database))!.counts).toEqual(first.counts);

      expect(await removeHistory(t.database)).toBe(true);
      const db = t.database.db;
      const left = await db.select({ reference: cases.reference }).from(cases);
      expect(left.map((c) => c.reference)).toEqual([before.reference]);
      expect((await db.select({ n: count() }).from(customers))[0]!.n).toBe(1);
      expect((await db.select({ n: count() }).from(analyticsEvents))[0]!.n).toBe(1);
      for (const table of [fastlaneOrders, fastlaneRefunds, surveyAnswers, demoHistory]) expect((await db.select({ n: count() }).from(table))[0]!.n).toBe(0);
      expect(await removeHistory(t.database)).toBe(false);
      await expect(generate(t, { days: 0 })).rejects.toMatchObject({ reason: 'bad_days' });
      expect((await generate(t, { days: 20 })).counts).toEqual(first.counts);
    } finally {
      await t.dispose();
    }
  }, 120_000);
});
