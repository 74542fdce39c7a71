// The standard lane's impact on hand-computed fixtures: before the fast lane's first use its
// cases were answered in one business hour and all in time, with every customer satisfied;
// since, in two hours, three in four in time, half satisfied. Test clock: Friday 20 November
// 2026, 10:00 UTC; business hours Monday to Friday 09:00-18:00 Europe/Madrid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { signInStaff, type SignedInStaff } from '../testing/staff.js';
import { expectProblem, problemFields } from '../testing/problems.js';
import { cases, customers, fastlaneOrders, surveyAnswers } from '../db/schema.js';

const API = '/api/v1/staff/analytics/lane-impact';
const at = (iso: string) => new Date(iso);
type Figure = { baseline: number | null; period: number | null; difference: number | null; ci95: [number, number] | null; baselineN: number; periodN: number };
type Impact = { lane: string; fastlaneStartedAt: string | null; baseline: { from: string; to: string; source: string }; period: { from: string; to: string }; first_response_p50_s: Figure; sla_attainment: Figure; csat: Figure; bootstrap: Record<string, number> };

describe.each(testDatabases())('standard-lane impact on %s', (kind) => {
  let t: TestApp;
  let admin: SignedInStaff;
  let agent: SignedInStaff;
  let customerId: number;
  let n = 0;

  const get = (q = '', who: SignedInStaff = admin) => t.request(`${API}${q}`, { headers: who.headers(false) });
  const impact = async (q = '') => {
    const res = await get(q);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Impact;
  };
  const kase = async (o: { lane?: 'standard' | 'fast'; created: string; first?: string; frDue: string; resDue: string }) => {
    n += 1;
    const [row] = await t.database.db
      .insert(cases)
      .values({ reference: `LI-${String(n).padStart(6, '0')}`, trackingHash: `li-hash-${n}`, trackingTokenEnc: 'x', customerId, subject: 'Caso', locale: 'es', status: o.first ? 'pending_customer' : 'new', lane: o.lane ?? 'standard', channel: 'widget', createdAt: at(o.created), updatedAt: at(o.created), firstRespondedAt: o.first ? at(o.first) : null, firstResponseDue: at(o.frDue), resolutionDue: at(o.resDue) })
      .returning();
    return row!.id;
  };
  const csat = async (caseId: number, score: number, when: string) =>
    t.database.db.insert(surveyAnswers).values({ caseId, question: 'csat', score, lane: 'standard', customerId, locale: 'es', answeredAt: at(when) });

  beforeAll(async () => {
    t = await createTestApp(kind, { kb: false });
    await t.mail.stop();
    admin = await signInStaff(t, { role: 'admin', name: 'Admin' });
    agent = await signInStaff(t, { name: 'Agente' });
    const [c] = await t.database.db.insert(customers).values({ email: 'li@example.com', name: 'Lucía', locale: 'es', createdAt: at('2026-08-01T00:00:00Z') }).returning();
    customerId = c!.id;
  });
  afterAll(() => t.dispose());

  it('asks for a baseline while the fast lane has not been used', async () => {
    await expectProblem(await get(), 409, 'conflict');
    const chosen = await impact('?baselineFrom=2026-09-01T00:00:00Z&baselineTo=2026-10-01T00:00:00Z');
    expect(chosen).toMatchObject({ fastlaneStartedAt: null, baseline: { source: 'chosen' }, first_response_p50_s: { baseline: null, period: null, difference: null, ci95: null, baselineN: 0, periodN: 0 } });
  });

  it('compares the period with the same length before the fast lane’s first use', async () => {
    // Before: Monday to Wednesday 7-9 September, 09:00 CEST, each answered at 10:00 (3,600 business seconds), in time.
    for (const d of ['07', '08', '09']) {
      const id = await kase({ created: `2026-09-${d}T07:00:00Z`, first: `2026-09-${d}T08:00:00Z`, frDue: `2026-09-${d}T15:00:00Z`, resDue: '2026-12-31T15:00:00Z' });
      await csat(id, 5, `2026-09-${d}T12:00:00Z`);
    }
    // The fast lane's first use: a case in it on Thursday 1 October (a later payment does not move it).
    await kase({ lane: 'fast', created: '2026-10-01T08:00:00Z', frDue: '2026-10-01T09:00:00Z', resDue: '2026-10-01T16:00:00Z' });
    await t.database.db.insert(fastlaneOrders).values({ customerId, planKey: 'incident', kind: 'incident', amount: 2900, currency: 'eur', status: 'paid', checkoutSessionId: 'cs_li_1', createdAt: at('2026-10-05T00:00:00Z'), paidAt: at('2026-10-05T00:00:00Z'), updatedAt: at('2026-10-05T00:00:00Z') });
    // Since: Monday to Wednesday 2-4 November, 09:00 CET, answered at 11:00 (7,200 s), in time; Thursday 5th unanswered past due.
    const since: number[] = [];
    for (const d of ['02', '03', '04']) since.push(await kase({ created: `2026-11-${d}T08:00:00Z`, first: `2026-11-${d}T10:00:00Z`, frDue: `2026-11-${d}T16:00:00Z`, resDue: '2026-11-30T16:00:00Z' }));
    since.push(await kase({ created: '2026-11-05T08:00:00Z', frDue: '2026-11-05T16:00:00Z', resDue: '2026-11-30T16:00:00Z' }));
    for (const [i, score] of [5, 4, 2, 1].entries()) await csat(since[i]!, score, `2026-11-1${i}T12:00:00Z`);

    const r = await impact();
    expect(r).toMatchObject({
      lane: 'standard',
      fastlaneStartedAt: '2026-10-01T08:00:00.000Z',
      baseline: { from: '2026-09-01T08:00:00.000Z', to: '2026-10-01T08:00:00.000Z', source: 'fastlane_start' },
      period: { from: '2026-10-21T10:00:00.000Z', to: '2026-11-20T10:00:00.000Z' },
      timeZone: 'Europe/Madrid',
      first_response_p50_s: { baseline: 3600, period: 7200, difference: 3600, ci95: [3600, 3600], baselineN: 3, periodN: 3 },
      sla_attainment: { baseline: 1, period: 0.75, difference: -0.25, baselineN: 3, periodN: 4 },
      csat: { baseline: 1, period: 0.5, difference: -0.5, baselineN: 3, periodN: 4 },
      bootstrap: { resamples: 1000, seed: 15, maxValues: 4000 },
    });
    for (const f of [r.sla_attainment, r.csat]) {
      const [lo, hi] = f.ci95!;
      expect(lo).toBeGreaterThanOrEqual(-1);
      expect(lo).toBeLessThan(f.difference!);
      expect(hi).toBeLessThanOrEqual(0);
    }
    // Seeded: these data always give these intervals.
    expect([r.sla_attainment.ci95, r.csat.ci95]).toEqual([[-0.75, 0], [-1, 0]]);
    // And asked again, the same answer.
    expect(await impact()).toEqual(r);
  });

  it('takes a chosen baseline', async () => {
    const same = await impact('?from=2026-11-01T00:00:00Z&to=2026-11-08T00:00:00Z&baselineFrom=2026-11-01T00:00:00Z&baselineTo=2026-11-08T00:00:00Z');
    expect(same).toMatchObject({ baseline: { source: 'chosen' }, first_response_p50_s: { baseline: 7200, period: 7200, difference: 0, ci95: [0, 0] }, sla_attainment: { difference: 0 } });
  });

  it('refuses bad input field by field, and agents', async () => {
    expect(problemFields(await expectProblem(await get('?baselineFrom=2026-09-01T00:00:00Z'), 400, 'validation-error'))).toEqual(['query.baselineFrom']);
    expect(problemFields(await expectProblem(await get('?baselineFrom=2026-10-01T00:00:00Z&baselineTo=2026-09-01T00:00:00Z&to=mañana'), 400, 'validation-error'))).toEqual(['query.baselineFrom', 'query.to']);
    await expectProblem(await get('', agent), 403, 'forbidden');
  });
});
