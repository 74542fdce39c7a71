// The analytics summary on hand-computed fixtures (issue 15, item 8): cases, messages, events,
// survey answers, analytics events, orders, refunds and time entries written straight into the
// database at known instants, and every figure asserted. Business hours are the defaults:
// Europe/Madrid, Monday to Friday 09:00-18:00; Madrid's clocks went back on Sunday 25 October
// 2026 (CEST +2 before, CET +1 after). The test clock is Friday 20 November 2026, 10:00 UTC.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLA_DEFAULTS, type SlaConfig } from '@ayuda/core';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { signInStaff, type SignedInStaff } from '../testing/staff.js';
import { insertStaffUser } from '../testing/staff-users.js';
import { expectProblem, problemFields } from '../testing/problems.js';
import { analyticsEvents, businessSpanSets, caseEvents, caseMessages, cases, customers, fastlaneOrders, fastlaneRefunds, surveyAnswers, timeEntries } from '../db/schema.js';
import type { LiveSlaEngine } from '../cases/sla.js';
import { STAFF_RATE_LIMITS } from '../staff/http.js';

const API = '/api/v1/staff/analytics/summary';
const at = (iso: string) => new Date(iso);
type Summary = Record<string, unknown> & { previous: Record<string, unknown> };

describe.each(testDatabases())('analytics summary on %s', (kind) => {
  let t: TestApp;
  let admin: SignedInStaff;
  let agent: SignedInStaff;
  const ids: Record<string, number> = {};

  const get = async (q = '', who: SignedInStaff = admin) => t.request(`${API}${q}`, { headers: who.headers(false) });
  const summary = async (q = '') => {
    const res = await get(q);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Summary;
  };

  beforeAll(async () => {
    t = await createTestApp(kind, { kb: false });
    await t.mail.stop();
    admin = await signInStaff(t, { role: 'admin', name: 'Admin' });
    agent = await signInStaff(t, { name: 'Agente' });
    const db = t.database.db;
    const [cust] = await db.insert(customers).values({ email: 'lucia@example.com', name: 'Lucía', locale: 'es', createdAt: at('2026-08-01T00:00:00Z') }).returning();
    const customerId = cust!.id;
    const ana = await insertStaffUser(t, { name: 'Ana', hourlyCost: 3000 });
    const luis = await insertStaffUser(t, { name: 'Luis', hourlyCost: null });
    ids.anaId = ana.id;

    let n = 0;
    const kase = async (key: string, o: { lane: 'standard' | 'fast'; channel: string; created: string; first?: string; solved?: string; status: string; frDue: string; resDue: string; category?: string; assigneeId?: number }) => {
      n += 1;
      const [row] = await db
        .insert(cases)
        .values({
          reference: `AN-${String(n).padStart(6, '0')}`,
          trackingHash: `an-hash-${n}`,
          trackingTokenEnc: 'x',
          customerId,
          subject: `Caso ${key}`,
          locale: 'es',
          status: o.status,
          lane: o.lane,
          channel: o.channel,
          createdAt: at(o.created),
          updatedAt: at(o.created),
          firstRespondedAt: o.first ? at(o.first) : null,
          solvedAt: o.solved ? at(o.solved) : null,
          firstResponseDue: at(o.frDue),
          resolutionDue: at(o.resDue),
          category: o.category ?? null,
          assigneeId: o.assigneeId ?? null,
        })
        .returning();
      ids[key] = row!.id;
      await db.insert(caseEvents).values({ caseId: row!.id, type: 'created', actor: 'customer', data: { channel: o.channel, lane: o.lane }, createdAt: at(o.created) });
      return row!.id;
    };
    const reply = (caseId: number, when: string, internal = false) =>
      db.insert(caseMessages).values({ caseId, author: 'staff', authorName: 'Ana', staffUserId: ana.id, internal, body: 'Hola', createdAt: at(when) });
    const customerMessage = (caseId: number, when: string) => db.insert(caseMessages).values({ caseId, author: 'customer', authorName: 'Lucía', body: 'Gracias', createdAt: at(when) });
    const status = (caseId: number, from: string, to: string, when: string) => db.insert(caseEvents).values({ caseId, type: 'status_changed', actor: 'staff:1', data: { from, to }, createdAt: at(when) });

    // A: standard, widget. Friday 23 Oct 17:00 CEST -> Monday 26 Oct 10:00 CET across the weekend and the DST change:
    // first response 1 h (Fri 17-18) + 1 h (Mon 9-10) = 7,200 s (66 h on the wall clock); solved Mon 12:00 CET: 4 h = 14,400 s.
    const a = await kase('A', { lane: 'standard', channel: 'widget', created: '2026-10-23T15:00:00Z', first: '2026-10-26T09:00:00Z', solved: '2026-10-26T11:00:00Z', status: 'solved', frDue: '2026-10-26T15:00:00Z', resDue: '2026-11-02T15:00:00Z', category: 'internet', assigneeId: ana.id });
    await reply(a, '2026-10-26T09:00:00Z');
    await reply(a, '2026-10-26T10:00:00Z', true); // an internal note is no reply
    await status(a, 'new', 'pending_customer', '2026-10-26T09:00:00Z');
    await status(a, 'pending_customer', 'solved', '2026-10-26T11:00:00Z');

    // B: standard, portal. Friday 13 Nov 16:00 CET -> Monday 16 Nov 11:00 CET across a weekend: 2 h + 2 h = 14,400 s.
    // Solved Mon 13:00 CET, reopened by the customer Tue 10:00, solved again Tue 11:00 CET: 2 + 9 + 2 = 13 h = 46,800 s.
    const b = await kase('B', { lane: 'standard', channel: 'portal', created: '2026-11-13T15:00:00Z', first: '2026-11-16T10:00:00Z', solved: '2026-11-17T10:00:00Z', status: 'solved', frDue: '2026-11-16T14:00:00Z', resDue: '2026-11-20T10:00:00Z', category: 'billing', assigneeId: ana.id });
    await reply(b, '2026-11-16T10:00:00Z');
    await reply(b, '2026-11-16T12:00:00Z');
    await status(b, 'new', 'solved', '2026-11-16T12:00:00Z');
    await customerMessage(b, '2026-11-17T09:00:00Z');
    await status(b, 'solved', 'open', '2026-11-17T09:00:00Z');
    await status(b, 'open', 'solved', '2026-11-17T10:00:00Z');

    // C: fast, widget. Wednesday 4 Nov 09:00 CET, answered 11:30 (9,000 s, after its 1 h target: a miss), solved 12:00 (10,800 s).
    const c = await kase('C', { lane: 'fast', channel: 'widget', created: '2026-11-04T08:00:00Z', first: '2026-11-04T10:30:00Z', solved: '2026-11-04T11:00:00Z', status: 'closed', frDue: '2026-11-04T09:00:00Z', resDue: '2026-11-04T16:00:00Z', category: 'internet', assigneeId: luis.id });
    await reply(c, '2026-11-04T10:30:00Z');
    await status(c, 'new', 'solved', '2026-11-04T11:00:00Z');
    await db.insert(caseEvents).values({ caseId: c, type: 'status_changed', actor: 'system', data: { from: 'solved', to: 'closed', reason: 'reopen_window_passed' }, createdAt: at('2026-11-18T11:00:00Z') });

    // D: standard, API. Unanswered, its first-response due time (Thu 12 Nov 18:00 CET) passed: a miss.
    await kase('D', { lane: 'standard', channel: 'api', created: '2026-11-12T08:00:00Z', status: 'new', frDue: '2026-11-12T17:00:00Z', resDue: '2026-11-19T17:00:00Z', category: 'internet' });
    // E: fast, widget, created this morning, due 10:30 UTC, after now: not measured yet.
    await kase('E', { lane: 'fast', channel: 'widget', created: '2026-11-20T09:30:00Z', status: 'new', frDue: '2026-11-20T10:30:00Z', resDue: '2026-11-23T09:30:00Z' });
    // G: standard, API, created exactly at the period's start (included; the previous period excludes it). Answered in 1 h,
    // in time, but unsolved past its resolution due time (Tue 27 Oct): not attained.
    const g = await kase('G', { lane: 'standard', channel: 'api', created: '2026-10-21T10:00:00Z', first: '2026-10-21T11:00:00Z', status: 'pending_customer', frDue: '2026-10-22T09:00:00Z', resDue: '2026-10-27T15:00:00Z' });
    await reply(g, '2026-10-21T11:00:00Z');
    // Created exactly at the period's end (now): in no period.
    await kase('Z', { lane: 'standard', channel: 'widget', created: '2026-11-20T10:00:00Z', status: 'new', frDue: '2026-11-20T17:00:00Z', resDue: '2026-11-27T17:00:00Z' });

    // The previous period [21 Sep 10:00, 21 Oct 10:00): F, answered in 1 h, solved in 2 h, one reply.
    const f = await kase('F', { lane: 'standard', channel: 'widget', created: '2026-10-05T08:00:00Z', first: '2026-10-05T09:00:00Z', solved: '2026-10-05T10:00:00Z', status: 'solved', frDue: '2026-10-05T16:00:00Z', resDue: '2026-10-12T08:00:00Z' });
    await reply(f, '2026-10-05T09:00:00Z');
    await status(f, 'new', 'solved', '2026-10-05T10:00:00Z');
    // Before both periods.
    await kase('H', { lane: 'standard', channel: 'widget', created: '2026-09-01T08:00:00Z', first: '2026-09-01T08:30:00Z', status: 'pending_customer', frDue: '2026-09-01T16:00:00Z', resDue: '2026-09-08T16:00:00Z' });

    // Survey answers, in the period unless said.
    // Each answer keeps its case's lane, category and agent when given.
    const of: Record<number, { category: string | null; agentId: number | null }> = { [a]: { category: 'internet', agentId: ana.id }, [b]: { category: 'billing', agentId: ana.id }, [c]: { category: 'internet', agentId: luis.id } };
    const answer = (caseId: number, question: string, score: number, lane: 'standard' | 'fast', when: string) =>
      db.insert(surveyAnswers).values({ caseId, question, score, lane, customerId, locale: 'es', answeredAt: at(when), category: of[caseId]?.category ?? null, agentId: of[caseId]?.agentId ?? null });
    await answer(a, 'csat', 5, 'standard', '2026-10-27T10:00:00Z');
    await answer(b, 'csat', 3, 'standard', '2026-11-17T12:00:00Z');
    await answer(c, 'csat', 4, 'fast', '2026-11-05T10:00:00Z');
    await answer(a, 'ces', 6, 'standard', '2026-10-27T10:01:00Z');
    await answer(c, 'ces', 7, 'fast', '2026-11-05T10:01:00Z');
    await answer(a, 'nps', 10, 'standard', '2026-10-27T10:02:00Z');
    await answer(b, 'nps', 6, 'standard', '2026-11-17T12:01:00Z');
    await answer(c, 'nps', 9, 'fast', '2026-11-05T10:02:00Z');
    await answer(g, 'nps', 8, 'standard', '2026-11-02T10:00:00Z');
    await answer(c, 'fastlane_worth', 1, 'fast', '2026-11-05T10:03:00Z');
    await answer(f, 'csat', 2, 'standard', '2026-10-06T10:00:00Z');

    // Deflections: three in the period (one an announcement's), two in the previous one; a search is not one.
    const event = (type: string, when: string) => db.insert(analyticsEvents).values({ type, locale: 'es', channel: 'widget', slug: 'router', createdAt: at(when) });
    await event('deflection', '2026-10-25T10:00:00Z');
    await event('deflection', '2026-11-10T10:00:00Z');
    await event('announcement_deflection', '2026-11-11T10:00:00Z');
    await event('search', '2026-11-11T10:00:00Z');
    await event('deflection', '2026-10-01T10:00:00Z');
    await event('deflection', '2026-10-02T10:00:00Z');

    // Money in eur: 2,900 (C's incident, 1,000 refunded) and 4,900 (a subscription) paid in the period; an unpaid order, one in
    // usd, a pending and a rejected refund count for nothing; 2,900 paid in the previous period.
    const order = async (o: { amount: number; currency?: string; status: string; paid?: string; caseId?: number; kind?: string }) => {
      const [row] = await db
        .insert(fastlaneOrders)
        .values({ customerId, planKey: 'incident', kind: o.kind ?? 'incident', caseId: o.caseId ?? null, amount: o.amount, currency: o.currency ?? 'eur', status: o.status, checkoutSessionId: `cs_an_${o.amount}_${o.paid ?? 'open'}_${o.currency ?? 'eur'}`, createdAt: at(o.paid ?? '2026-11-01T00:00:00Z'), paidAt: o.paid ? at(o.paid) : null, updatedAt: at('2026-11-01T00:00:00Z') })
        .returning();
      return row!.id;
    };
    const o1 = await order({ amount: 2900, status: 'partially_refunded', paid: '2026-11-04T07:55:00Z', caseId: c });
    const o2 = await order({ amount: 4900, status: 'paid', paid: '2026-10-30T12:00:00Z', kind: 'subscription' });
    await order({ amount: 2900, status: 'open' });
    await order({ amount: 3500, currency: 'usd', status: 'paid', paid: '2026-11-02T12:00:00Z' });
    const o5 = await order({ amount: 2900, status: 'paid', paid: '2026-10-01T12:00:00Z' });
    const refund = (orderId: number, amount: number, status: string, decided: string | null) =>
      db.insert(fastlaneRefunds).values({ orderId, amount, reason: 'sla_guarantee', reasonCode: 'sla_guarantee', requestedBy: 'system', status, createdAt: at('2026-11-05T00:00:00Z'), decidedAt: decided ? at(decided) : null });
    await refund(o1, 1000, 'succeeded', '2026-11-05T09:00:00Z');
    await refund(o2, 4900, 'pending_approval', null);
    await refund(o5, 2900, 'rejected', '2026-11-05T09:00:00Z');

    // Time on fast-lane cases: Ana (30.00 an hour) 90 min on C and 15 min on E = 5,250; Luis (no cost set) 20 min on C = 0;
    // Ana's hour on A (standard) and her running timer are not fast-lane cost.
    const time = (caseId: number, userId: number, from: string, to: string | null) =>
      db.insert(timeEntries).values({ caseId, userId, startedAt: at(from), endedAt: to ? at(to) : null, source: 'manual', createdAt: at(from), updatedAt: at(from) });
    await time(c, ana.id, '2026-11-04T09:00:00Z', '2026-11-04T10:30:00Z');
    await time(c, luis.id, '2026-11-04T10:30:00Z', '2026-11-04T10:50:00Z');
    await time(ids.E!, ana.id, '2026-11-20T09:35:00Z', '2026-11-20T09:50:00Z');
    await time(ids.E!, ana.id, '2026-11-20T09:55:00Z', null);
    await time(a, ana.id, '2026-10-26T09:00:00Z', '2026-10-26T10:00:00Z');
  });
  afterAll(() => t.dispose());

  it('answers every figure of the last 30 days and of the 30 before, by default', async () => {
    const s = await summary();
    const { previous, ...rest } = s;
    expect(rest).toEqual({
      from: '2026-10-21T10:00:00.000Z',
      to: '2026-11-20T10:00:00.000Z',
      lane: null,
      category: null,
      agentId: null,
      timeZone: 'Europe/Madrid',
      cases: 6,
      first_responses: 4,
      // 3,600 (G), 7,200 (A), 9,000 (C), 14,400 (B)
      first_response_p50_s: 8100,
      // Interpolated: 9,000 + 0.7 x 5,400.
      first_response_p90_s: 12780,
      solved: 3,
      // 10,800 (C), 14,400 (A), 46,800 (B)
      resolution_p50_s: 14400,
      // 14,400 + 0.8 x 32,400.
      resolution_p90_s: 40320,
      // A and B attained; C answered late, D unanswered past due, G late for resolution; E not due yet.
      sla_measured: 5,
      sla_attainment: 0.4,
      // Ever solved: A, B, C. B was reopened and had two replies.
      fcr_rate: 2 / 3,
      reopen_rate: 1 / 3,
      csat: 2 / 3,
      csat_mean: 4,
      csat_answers: 3,
      ces: 6.5,
      ces_answers: 2,
      // Promoters 10, 9; detractor 6; passive 8: (2 - 1) / 4.
      nps: 25,
      nps_answers: 4,
      fastlane_worth: 1,
      fastlane_worth_answers: 1,
      // 3 deflections, 3 cases from the widget (A, C, E).
      deflection_rate: 0.5,
      deflections: 3,
      fastlane_revenue_minor: 7800,
      fastlane_refunds_minor: 1000,
      fastlane_net_revenue_minor: 6800,
      fastlane_cost_minor: 5250,
      fastlane_overhead_minor: 0,
      fastlane_time_s: 7500,
      fastlane_unpriced_time_s: 1200,
      fastlane_margin_minor: 1550,
      currency: 'eur',
    });
    expect(previous).toEqual({
      from: '2026-09-21T10:00:00.000Z',
      to: '2026-10-21T10:00:00.000Z',
      cases: 1,
      first_responses: 1,
      first_response_p50_s: 3600,
      first_response_p90_s: 3600,
      solved: 1,
      resolution_p50_s: 7200,
      resolution_p90_s: 7200,
      sla_measured: 1,
      sla_attainment: 1,
      fcr_rate: 1,
      reopen_rate: 0,
      csat: 0,
      csat_mean: 2,
      csat_answers: 1,
      ces: null,
      ces_answers: 0,
      nps: null,
      nps_answers: 0,
      fastlane_worth: null,
      fastlane_worth_answers: 0,
      deflection_rate: 2 / 3,
      deflections: 2,
      fastlane_revenue_minor: 2900,
      fastlane_refunds_minor: 0,
      fastlane_net_revenue_minor: 2900,
      fastlane_cost_minor: 0,
      fastlane_overhead_minor: 0,
      fastlane_time_s: 0,
      fastlane_unpriced_time_s: 0,
      fastlane_margin_minor: 2900,
      currency: 'eur',
    });
  });

  it('filters the case and survey figures by lane (deflection and the fast lane’s account are the whole’s)', async () => {
    const std = await summary('?lane=standard');
    expect(std).toMatchObject({
      lane: 'standard',
      cases: 4,
      first_responses: 3,
      first_response_p50_s: 7200,
      solved: 2,
      resolution_p50_s: 30600,
      sla_measured: 4,
      sla_attainment: 0.5,
      fcr_rate: 0.5,
      reopen_rate: 0.5,
      csat: 0.5,
      csat_answers: 2,
      ces: 6,
      nps: 0,
      nps_answers: 3,
      fastlane_worth: null,
      deflection_rate: 0.5,
      fastlane_margin_minor: 1550,
    });
    const fast = await summary('?lane=fast');
    expect(fast).toMatchObject({ lane: 'fast', cases: 2, first_responses: 1, first_response_p50_s: 9000, resolution_p50_s: 10800, sla_measured: 1, sla_attainment: 0, fcr_rate: 1, reopen_rate: 0, csat: 1, nps: 100, fastlane_worth: 1 });
    expect(fast.previous).toMatchObject({ cases: 0, first_response_p50_s: null, resolution_p50_s: null, sla_attainment: null, fcr_rate: null, reopen_rate: null, csat: null, csat_mean: null, nps: null });
  });

  it('filters by category and by agent: cases by theirs now, answers by their case’s when given', async () => {
    expect(await summary('?category=internet')).toMatchObject({ category: 'internet', agentId: null, cases: 3, first_responses: 2, first_response_p50_s: 8100, sla_measured: 3, sla_attainment: 1 / 3, csat: 1, csat_answers: 2, nps_answers: 2, deflection_rate: 0.5 });
    const anaId = ids.anaId!;
    expect(await summary(`?agentId=${anaId}`)).toMatchObject({ agentId: anaId, cases: 2, first_response_p50_s: 10800, reopen_rate: 0.5, fcr_rate: 0.5, csat: 0.5, csat_mean: 4, csat_answers: 2 });
    expect(await summary(`?agentId=${anaId}&category=billing&lane=fast`)).toMatchObject({ cases: 0, first_response_p50_s: null, csat: null });
  });

  it('takes any period, half-open, and answers nulls (never NaN) where nothing happened', async () => {
    // Only A (the DST and weekend case) and its day.
    const s = await summary('?from=2026-10-23T00:00:00Z&to=2026-10-24T00:00:00Z');
    expect(s).toMatchObject({ cases: 1, first_response_p50_s: 7200, first_response_p90_s: 7200, resolution_p50_s: 14400, sla_attainment: 1, fcr_rate: 1, reopen_rate: 0 });
    expect(s.previous).toMatchObject({ from: '2026-10-22T00:00:00.000Z', to: '2026-10-23T00:00:00.000Z', cases: 0 });
    const empty = await summary('?from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z');
    for (const [k, v] of Object.entries(empty)) if (typeof v === 'number') expect(Number.isNaN(v), k).toBe(false);
    expect(empty).toMatchObject({ cases: 0, first_response_p50_s: null, sla_attainment: null, csat: null, ces: null, nps: null, deflection_rate: null, fastlane_revenue_minor: 0, fastlane_margin_minor: 0 });
  });

  it('counts business time by the hours in effect, rebuilding its table when they change', async () => {
    const engine = t.sla as LiveSlaEngine;
    const before = engine.config;
    try {
      // Open from 08:00: A's first response is Fri 17-18 + Mon 08-10 = 3 h.
      const eight = [{ from: '08:00', to: '18:00' }];
      engine.set({ ...before, hours: { ...before.hours, week: { mon: eight, tue: eight, wed: eight, thu: eight, fri: eight } } } as SlaConfig);
      const s = await summary('?from=2026-10-23T00:00:00Z&to=2026-10-24T00:00:00Z');
      expect(s.first_response_p50_s).toBe(10800);
      // A lane counted in calendar time counts the wall clock: 66 h.
      engine.set({ ...before, policy: { ...before.policy, standard: { ...before.policy.standard, calendar: true } } } as SlaConfig);
      expect((await summary('?from=2026-10-23T00:00:00Z&to=2026-10-24T00:00:00Z')).first_response_p50_s).toBe(66 * 3600);
    } finally {
      engine.set(before);
    }
    expect((await summary('?from=2026-10-23T00:00:00Z&to=2026-10-24T00:00:00Z')).first_response_p50_s).toBe(7200);
    const [set] = await t.database.db.select().from(businessSpanSets);
    expect(set!.windowFrom.getTime()).toBeLessThanOrEqual(Date.parse('2023-11-21T00:00:00Z'));
    expect(set!.windowTo.getTime()).toBeGreaterThanOrEqual(Date.parse('2027-11-20T00:00:00Z'));
    expect(SLA_DEFAULTS.hours.timeZone).toBe('Europe/Madrid');
  });

  it('follows the business hours saved in the console', async () => {
    const settings = (method: string, body?: unknown) =>
      t.request('/api/v1/staff/settings/sla', { method, headers: { ...admin.headers(true), ...(body ? { 'Content-Type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const day = '?from=2026-10-23T00:00:00Z&to=2026-10-24T00:00:00Z';
    const eight = [{ from: '08:00', to: '18:00' }];
    const keyOf = async () => (await t.database.db.select().from(businessSpanSets))[0]!.hoursKey;
    await summary(day);
    const original = await keyOf();
    const saved = await settings('PUT', { hours: { timeZone: 'Europe/Madrid', week: { mon: eight, tue: eight, wed: eight, thu: eight, fri: eight } }, policy: { standard: { firstResponse: 480, resolution: 2400 }, fast: { firstResponse: 60, resolution: 480 } } });
    expect(saved.status, await saved.clone().text()).toBe(200);
    expect((await summary(day)).first_response_p50_s).toBe(10800);
    expect(await keyOf()).not.toBe(original);
    expect((await settings('DELETE')).status).toBe(200);
    expect((await summary(day)).first_response_p50_s).toBe(7200);
    expect(await keyOf()).toBe(original);
  });

  it('widens the table for a period far in the past', async () => {
    // Monday 5 January 2015, 10:00-12:00 CET: 2 business hours, long before the table's default window.
    const db = t.database.db;
    const [cust] = await db.select().from(customers).limit(1);
    await db.insert(cases).values({ reference: 'AN-OLD001', trackingHash: 'an-hash-old', trackingTokenEnc: 'x', customerId: cust!.id, subject: 'Antiguo', locale: 'es', status: 'pending_customer', lane: 'standard', channel: 'api', createdAt: at('2015-01-05T09:00:00Z'), updatedAt: at('2015-01-05T09:00:00Z'), firstRespondedAt: at('2015-01-05T11:00:00Z') });
    expect((await summary('?from=2015-01-01T00:00:00Z&to=2015-02-01T00:00:00Z')).first_response_p50_s).toBe(7200);
  });

  it('refuses bad input field by field, agents and strangers', async () => {
    expect(problemFields(await expectProblem(await get('?from=2026-11-01T00:00:00Z&to=2026-10-01T00:00:00Z'), 400, 'validation-error'))).toEqual(['query.from']);
    expect(problemFields(await expectProblem(await get('?from=yesterday&lane=slow'), 400, 'validation-error'))).toEqual(['query.from', 'query.lane']);
    expect(problemFields(await expectProblem(await get('?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z'), 400, 'validation-error'))).toEqual(['query.to']);
    expect(problemFields(await expectProblem(await get('?category=Internet%20y%20m%C3%A1s&agentId=0'), 400, 'validation-error'))).toEqual(['query.agentId', 'query.category']);
    // With `to` left as now: a `from` in the future, or one too far back.
    expect(problemFields(await expectProblem(await get('?from=2026-12-01T00:00:00Z'), 400, 'validation-error'))).toEqual(['query.from']);
    expect(problemFields(await expectProblem(await get('?from=2020-01-01T00:00:00Z'), 400, 'validation-error'))).toEqual(['query.from']);
    expect(problemFields(await expectProblem(await get('?to=2026-01-01T00:00:00Z&from=2026-01-01T00:00:00Z'), 400, 'validation-error'))).toEqual(['query.from']);
    await expectProblem(await get('', agent), 403, 'forbidden');
    await expectProblem(await t.request(API), 401, 'unauthorized');
  });

  it('limits how often one admin asks', async () => {
    const other = await signInStaff(t, { role: 'admin', name: 'Otra admin' });
    let last = 0;
    for (let i = 0; i <= STAFF_RATE_LIMITS.analyticsPerMinute; i++) last = (await get('?from=2026-10-23T00:00:00Z&to=2026-10-24T00:00:00Z', other)).status;
    expect(last).toBe(429);
  });
});
