// The fast lane's account on a hand-computed fixture: orders (two plans, a renewal, a plan no
// longer offered, one in another currency), refunds (partial, the SLA guarantee, one of an
// earlier payment), cases entering the fast lane and staff time of people with different hourly
// costs, written straight into the database at known instants. Months are Madrid's: 30 Sep
// 22:30 UTC is already 1 October there (CEST, +2), and 31 Oct 22:59 UTC still October (CET, +1).
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { signInStaff, type SignedInStaff } from '../testing/staff.js';
import { insertStaffUser } from '../testing/staff-users.js';
import { expectProblem, problemFields } from '../testing/problems.js';
import { caseEvents, cases, customers, fastlaneOrders, fastlaneRefunds, timeEntries } from '../db/schema.js';

const API = '/api/v1/staff/analytics/fastlane';
const PERIOD = '?from=2026-09-01T00:00:00Z&to=2026-11-01T00:00:00Z';
const at = (iso: string) => new Date(iso);

describe.each(testDatabases())("the fast lane's account on %s", (kind) => {
  let t: TestApp;
  let admin: SignedInStaff;
  let agent: SignedInStaff;
  const ids: Record<string, number> = {};

  const get = (q = '', who: SignedInStaff = admin) => t.request(`${API}${q}`, { headers: who.headers(false) });

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ayuda-acct-'));
    const file = join(dir, 'fastlane.json');
    writeFileSync(file, JSON.stringify({ caseOverheadMinor: 500 }));
    t = await createTestApp(kind, { kb: false, env: { AYUDA_FASTLANE_FILE: file, AYUDA_DEFAULT_LOCALE: 'es' } });
    await t.mail.stop();
    admin = await signInStaff(t, { role: 'admin', name: 'Admin' });
    agent = await signInStaff(t, { name: 'Agente' });
    const db = t.database.db;
    const [cust] = await db.insert(customers).values({ email: 'marta@example.com', name: 'Marta', locale: 'es', createdAt: at('2026-08-01T00:00:00Z') }).returning();
    const customerId = cust!.id;
    const ana = await insertStaffUser(t, { name: 'Ana', hourlyCost: 3000 });
    const bea = await insertStaffUser(t, { name: 'Bea', hourlyCost: 4500 });
    const carl = await insertStaffUser(t, { name: 'Carl', hourlyCost: null });
    Object.assign(ids, { ana: ana.id, bea: bea.id, carl: carl.id });

    let n = 0;
    const kase = async (key: string, lane: 'standard' | 'fast', created: string) => {
      n += 1;
      const [row] = await db
        .insert(cases)
        .values({ reference: `FA-${String(n).padStart(6, '0')}`, trackingHash: `fa-hash-${n}`, trackingTokenEnc: 'x', customerId, subject: `Caso ${key}`, locale: 'es', status: 'open', lane, channel: 'widget', createdAt: at(created), updatedAt: at(created) })
        .returning();
      ids[key] = row!.id;
      await db.insert(caseEvents).values({ caseId: row!.id, type: 'created', actor: 'customer', data: { channel: 'widget', lane }, createdAt: at(created) });
      return row!.id;
    };
    const move = async (caseId: number, from: string, to: 'standard' | 'fast', when: string) => {
      await db.update(cases).set({ lane: to, laneChangedAt: at(when) }).where(eq(cases.id, caseId));
      await db.insert(caseEvents).values({ caseId, type: 'lane_changed', actor: 'system', data: { from, to, reason: 'test' }, createdAt: at(when) });
    };
    // Entering the fast lane in the period: X created there (September); Y moved there at 00:15 on 1 October in Madrid;
    // W created there in October, moved out and back in (one case, counted once). V entered before the period.
    const x = await kase('X', 'fast', '2026-09-10T09:55:00Z');
    const y = await kase('Y', 'standard', '2026-09-29T10:00:00Z');
    await move(y, 'standard', 'fast', '2026-09-30T22:15:00Z');
    const w = await kase('W', 'fast', '2026-10-05T09:00:00Z');
    await move(w, 'fast', 'standard', '2026-10-06T09:00:00Z');
    await move(w, 'standard', 'fast', '2026-10-20T08:00:00Z');
    const v = await kase('V', 'fast', '2026-08-25T09:00:00Z');
    const s = await kase('S', 'standard', '2026-09-15T09:00:00Z');

    const order = async (o: { plan: string; kind: string; amount: number; paid: string; currency?: string; invoiceId?: string }) => {
      const [row] = await db
        .insert(fastlaneOrders)
        .values({ customerId, planKey: o.plan, kind: o.kind, amount: o.amount, currency: o.currency ?? 'eur', status: 'paid', checkoutSessionId: o.invoiceId ? null : `cs_fa_${o.plan}_${o.paid}`, invoiceId: o.invoiceId ?? null, subscriptionId: o.plan === 'monthly' ? 'sub_fa' : null, createdAt: at(o.paid), paidAt: at(o.paid), updatedAt: at(o.paid) })
        .returning();
      return row!.id;
    };
    const refund = (orderId: number, amount: number, reasonCode: string, requestedBy: string, status: string, decided: string | null) =>
      db.insert(fastlaneRefunds).values({ orderId, amount, reason: 'texto', reasonCode, requestedBy, status, createdAt: at(decided ?? '2026-10-10T00:00:00Z'), decidedAt: decided ? at(decided) : null });
    // Paid before the period; its refund, made in September, counts in September.
    const p0 = await order({ plan: 'incident', kind: 'incident', amount: 1200, paid: '2026-08-20T10:00:00Z' });
    await refund(p0, 1200, 'customer_request', 'customer', 'succeeded', '2026-09-05T10:00:00Z');
    // September: two incidents. P1 partly refunded by staff in October; P2 refunded by the SLA guarantee at 00:30 on 1 October (Madrid).
    const p1 = await order({ plan: 'incident', kind: 'incident', amount: 990, paid: '2026-09-10T10:00:00Z' });
    await refund(p1, 400, 'goodwill', `staff:${ana.id}`, 'succeeded', '2026-10-02T08:00:00Z');
    const p2 = await order({ plan: 'incident', kind: 'incident', amount: 990, paid: '2026-09-30T21:30:00Z' });
    await refund(p2, 990, 'sla_guarantee', 'system', 'succeeded', '2026-09-30T22:30:00Z');
    // October in Madrid: the subscription (30 Sep 22:30 UTC), its renewal (31 Oct 23:59 CET), a plan no longer offered.
    await order({ plan: 'monthly', kind: 'subscription', amount: 499, paid: '2026-09-30T22:30:00Z' });
    const p4 = await order({ plan: 'monthly', kind: 'renewal', amount: 499, paid: '2026-10-31T22:59:00Z', invoiceId: 'in_fa_renewal' });
    await order({ plan: 'legacy', kind: 'incident', amount: 1500, paid: '2026-10-15T10:00:00Z' });
    // Counted nowhere: another currency, after the period, a pending and a rejected refund.
    await order({ plan: 'incident', kind: 'incident', amount: 3500, paid: '2026-10-03T10:00:00Z', currency: 'usd' });
    await order({ plan: 'incident', kind: 'incident', amount: 990, paid: '2026-11-01T00:00:00Z' });
    await refund(p4, 499, 'customer_request', 'customer', 'pending_approval', null);
    await refund(p1, 590, 'customer_request', 'customer', 'rejected', '2026-10-03T08:00:00Z');

    // Staff time on fast-lane cases: Ana (30.00/h) 90 min on X in September (4,500) and 30 min on W in October (1,500);
    // Bea (45.00/h) 40 min on Y from 00:20 on 1 October in Madrid (3,000); Carl (no cost) 20 min on V in September.
    // Not counted: Ana's hour on S (standard), Bea's running timer, time after the period.
    const time = (caseId: number, userId: number, from: string, to: string | null) =>
      db.insert(timeEntries).values({ caseId, userId, startedAt: at(from), endedAt: to ? at(to) : null, source: 'manual', createdAt: at(from), updatedAt: at(from) });
    await time(x, ana.id, '2026-09-10T10:00:00Z', '2026-09-10T11:30:00Z');
    await time(w, ana.id, '2026-10-20T09:00:00Z', '2026-10-20T09:30:00Z');
    await time(y, bea.id, '2026-09-30T22:20:00Z', '2026-09-30T23:00:00Z');
    await time(v, carl.id, '2026-09-15T10:00:00Z', '2026-09-15T10:20:00Z');
    await time(s, ana.id, '2026-09-15T10:00:00Z', '2026-09-15T11:00:00Z');
    await time(x, bea.id, '2026-10-30T10:00:00Z', null);
    await time(x, bea.id, '2026-11-02T10:00:00Z', '2026-11-02T11:00:00Z');
  });
  afterAll(() => t.dispose());

  it('answers revenue, refunds, cost and margin by month (Madrid), plan, reason and person', async () => {
    const res = await get(PERIOD);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({
      from: '2026-09-01T00:00:00.000Z',
      to: '2026-11-01T00:00:00.000Z',
      timeZone: 'Europe/Madrid',
      currency: 'eur',
      totals: {
        // 990 + 990 + 499 + 499 + 1,500
        revenue_minor: 4478,
        // 1,200 + 400 + 990
        refunds_minor: 2590,
        net_revenue_minor: 1888,
        time_cost_minor: 9000,
        // X, Y, W at 5.00
        overhead_minor: 1500,
        cost_minor: 10500,
        margin_minor: -8612,
        time_s: 10800,
        unpriced_time_s: 1200,
        fastlane_cases: 3,
        payments: 5,
      },
      months: [
        { month: '2026-09', plan: 'incident', plan_name: 'Esta consulta', kind: 'incident', payments: 2, revenue_minor: 1980, refunds_minor: 1200, net_revenue_minor: 780 },
        { month: '2026-10', plan: 'incident', plan_name: 'Esta consulta', kind: 'incident', payments: 0, revenue_minor: 0, refunds_minor: 1390, net_revenue_minor: -1390 },
        { month: '2026-10', plan: 'legacy', plan_name: 'legacy', kind: 'incident', payments: 1, revenue_minor: 1500, refunds_minor: 0, net_revenue_minor: 1500 },
        { month: '2026-10', plan: 'monthly', plan_name: 'Suscripción mensual', kind: 'renewal', payments: 1, revenue_minor: 499, refunds_minor: 0, net_revenue_minor: 499 },
        { month: '2026-10', plan: 'monthly', plan_name: 'Suscripción mensual', kind: 'subscription', payments: 1, revenue_minor: 499, refunds_minor: 0, net_revenue_minor: 499 },
      ],
      costByMonth: [
        { month: '2026-09', time_cost_minor: 4500, overhead_minor: 500, cost_minor: 5000, time_s: 6600, fastlane_cases: 1 },
        { month: '2026-10', time_cost_minor: 4500, overhead_minor: 1000, cost_minor: 5500, time_s: 4200, fastlane_cases: 2 },
      ],
      refundsByReason: [
        { reason_code: 'customer_request', automatic: false, count: 1, amount_minor: 1200 },
        { reason_code: 'sla_guarantee', automatic: true, count: 1, amount_minor: 990 },
        { reason_code: 'goodwill', automatic: false, count: 1, amount_minor: 400 },
      ],
      byAgent: [
        { agentId: ids.ana, name: 'Ana', time_s: 7200, cost_minor: 6000, hourly_cost_minor: 3000 },
        { agentId: ids.bea, name: 'Bea', time_s: 2400, cost_minor: 3000, hourly_cost_minor: 4500 },
        { agentId: ids.carl, name: 'Carl', time_s: 1200, cost_minor: 0, hourly_cost_minor: null },
      ],
    });
  });

  it("names the plans in the language asked for, the company's by default", async () => {
    const names = async (query: string) => ((await (await get(query)).json()) as { months: Array<{ plan: string; plan_name: string }> }).months.map((m) => `${m.plan}: ${m.plan_name}`);
    expect(new Set(await names(`${PERIOD}&locale=en`))).toEqual(new Set(['incident: This request', 'legacy: legacy', 'monthly: Monthly subscription']));
    expect(new Set(await names(`${PERIOD}&locale=es`))).toEqual(new Set(['incident: Esta consulta', 'legacy: legacy', 'monthly: Suscripción mensual']));
    expect(await names(PERIOD)).toEqual(await names(`${PERIOD}&locale=es`));
  });

  it('agrees with the summary, whose cost now includes the overhead', async () => {
    const res = await t.request(`/api/v1/staff/analytics/summary${PERIOD}`, { headers: admin.headers(false) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ fastlane_revenue_minor: 4478, fastlane_refunds_minor: 2590, fastlane_overhead_minor: 1500, fastlane_cost_minor: 10500, fastlane_margin_minor: -8612, fastlane_time_s: 10800 });
  });

  it('covers the last 30 days by default, and answers empty lists for a quiet period', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ from: '2026-10-21T10:00:00.000Z', to: '2026-11-20T10:00:00.000Z' });
    // The renewal (31 Oct) and the incident paid on 1 November are the payments of those 30 days.
    expect(body.totals).toMatchObject({ payments: 2, revenue_minor: 1489 });
    const quiet = await (await get('?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z')).json();
    expect(quiet).toMatchObject({ months: [], costByMonth: [], refundsByReason: [], byAgent: [] });
    expect(quiet.totals).toEqual({ revenue_minor: 0, refunds_minor: 0, net_revenue_minor: 0, time_cost_minor: 0, overhead_minor: 0, cost_minor: 0, margin_minor: 0, time_s: 0, unpriced_time_s: 0, fastlane_cases: 0, payments: 0 });
  });

  it('refuses bad input field by field, agents and strangers', async () => {
    expect(problemFields(await expectProblem(await get('?from=2026-11-01T00:00:00Z&to=2026-10-01T00:00:00Z'), 400, 'validation-error'))).toEqual(['query.from']);
    expect(problemFields(await expectProblem(await get('?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z'), 400, 'validation-error'))).toEqual(['query.to']);
    expect(problemFields(await expectProblem(await get('?from=yesterday&to=31-10-2026'), 400, 'validation-error'))).toEqual(['query.from', 'query.to']);
    expect(problemFields(await expectProblem(await get(`${PERIOD}&locale=fr`), 400, 'validation-error'))).toEqual(['query.locale']);
    // With `to` left as now: a `from` in the future, or one too far back.
    expect(problemFields(await expectProblem(await get('?from=2026-12-01T00:00:00Z'), 400, 'validation-error'))).toEqual(['query.from']);
    expect(problemFields(await expectProblem(await get('?from=2020-01-01T00:00:00Z'), 400, 'validation-error'))).toEqual(['query.from']);
    await expectProblem(await get(PERIOD, agent), 403, 'forbidden');
    await expectProblem(await t.request(`${API}${PERIOD}`), 401, 'unauthorized');
  });

  it("the migration's backfill tells Ayuda's own refunds apart by their text, in either language", async () => {
    const migration = readFileSync(fileURLToPath(new URL('../../drizzle/0012_analytics_rollups_fastlane_account.sql', import.meta.url)), 'utf8');
    const update = migration.split('--> statement-breakpoint').find((s) => s.includes('UPDATE "fastlane_refunds"'))!;
    const db = t.database.db;
    const [o] = await db.select().from(fastlaneOrders).limit(1);
    const rows = [
      ['garantía de tiempo de respuesta', 'system', 'sla_guarantee'],
      ['response-time guarantee', 'system', 'sla_guarantee'],
      ['pago duplicado', 'system', 'duplicate_payment'],
      ['duplicate payment', 'system', 'duplicate_payment'],
      ['algo más', 'system', 'other'],
      ['Ya no lo necesito', 'customer', 'customer_request'],
      ['Un detalle', `staff:${ids.ana}`, 'goodwill'],
    ] as const;
    const inserted = await db
      .insert(fastlaneRefunds)
      .values(rows.map(([reason, requestedBy]) => ({ orderId: o!.id, amount: 1, reason, reasonCode: 'unset', requestedBy, status: 'rejected', createdAt: at('2020-01-01T00:00:00Z') })))
      .returning();
    await db.execute(sql.raw(update.replace(/^--.*$/gm, '')));
    const after = await db.select().from(fastlaneRefunds).where(sql`${fastlaneRefunds.id} in (${sql.join(inserted.map((r) => sql`${r.id}`), sql`, `)})`).orderBy(fastlaneRefunds.id);
    expect(after.map((r) => r.reasonCode)).toEqual(rows.map((r) => r[2]));
  });
});
