// The analytics series (issue 15, item 5) on hand-made fixtures: buckets are calendar days, ISO
// weeks and months in the company's zone (Europe/Madrid: CEST +2 until Sunday 25 October 2026,
// CET +1 after), each bucket's figures are the summary's over the same span, both lanes side by
// side or one, and bad input is refused field by field. The test clock is Friday 20 November
// 2026, 10:00 UTC.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { signInStaff, type SignedInStaff } from '../testing/staff.js';
import { expectProblem, problemFields } from '../testing/problems.js';
import { caseMessages, cases, customers, surveyAnswers } from '../db/schema.js';

const API = '/api/v1/staff/analytics/series';
const at = (iso: string) => new Date(iso);
type Point = Record<string, unknown> & { start: string; end: string; cases: number };
type Series = { from: string; to: string; interval: string; timeZone: string; lane: string | null; currency: string; points?: Point[]; lanes?: { standard: Point[]; fast: Point[] } };

describe.each(testDatabases())('analytics series on %s', (kind) => {
  let t: TestApp;
  let admin: SignedInStaff;
  let agent: SignedInStaff;

  const get = (q: string, who: SignedInStaff = admin) => t.request(`${API}${q}`, { headers: who.headers(false) });
  const series = async (q: string) => {
    const res = await get(q);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Series;
  };

  beforeAll(async () => {
    t = await createTestApp(kind, { kb: false });
    await t.mail.stop();
    admin = await signInStaff(t, { role: 'admin', name: 'Admin' });
    agent = await signInStaff(t, { name: 'Agente' });
    const db = t.database.db;
    const [cust] = await db.insert(customers).values({ email: 'serie@example.com', name: 'Serie', locale: 'es', createdAt: at('2026-08-01T00:00:00Z') }).returning();
    let n = 0;
    const kase = async (lane: 'standard' | 'fast', created: string, first?: string) => {
      n += 1;
      const [row] = await db
        .insert(cases)
        .values({ reference: `SE-${String(n).padStart(6, '0')}`, trackingHash: `se-hash-${n}`, trackingTokenEnc: 'x', customerId: cust!.id, subject: `Caso ${n}`, locale: 'es', status: first ? 'pending_customer' : 'new', lane, channel: 'widget', createdAt: at(created), updatedAt: at(created), firstRespondedAt: first ? at(first) : null, firstResponseDue: at('2026-11-30T17:00:00Z'), resolutionDue: at('2026-12-07T17:00:00Z') })
        .returning();
      if (first) await db.insert(caseMessages).values({ caseId: row!.id, author: 'staff', authorName: 'Ana', internal: false, body: 'Hola', createdAt: at(first) });
      return row!.id;
    };
    // Monday 2 November 2026 (CET): 00:30 local is Sunday 1 November 23:30 UTC, yet it is Monday's case.
    const a = await kase('standard', '2026-11-01T23:30:00Z');
    // Monday 2 November 10:00 CET, answered at 11:00: one business hour.
    await kase('standard', '2026-11-02T09:00:00Z', '2026-11-02T10:00:00Z');
    // Tuesday 3 November: one standard case; Wednesday 4 November: one fast-lane case answered in 30 min.
    await kase('standard', '2026-11-03T09:00:00Z');
    const c = await kase('fast', '2026-11-04T09:00:00Z', '2026-11-04T09:30:00Z');
    // Friday 23 October (CEST) and Monday 26 October (CET), either side of the clocks going back.
    await kase('standard', '2026-10-23T08:00:00Z');
    await kase('standard', '2026-10-26T08:00:00Z');
    const answer = (caseId: number, score: number, lane: 'standard' | 'fast', when: string) => db.insert(surveyAnswers).values({ caseId, question: 'csat', score, lane, customerId: cust!.id, locale: 'es', answeredAt: at(when) });
    await answer(a, 2, 'standard', '2026-11-03T10:00:00Z');
    await answer(c, 5, 'fast', '2026-11-04T12:00:00Z');
  });
  afterAll(() => t.dispose());

  it('answers both lanes day by day in the company’s zone, each day the summary’s figures for it', async () => {
    // Monday 2 to Sunday 8 November, local midnights (CET, +1).
    const s = await series('?from=2026-11-01T23:00:00Z&to=2026-11-08T23:00:00Z');
    expect(s).toMatchObject({ interval: 'day', timeZone: 'Europe/Madrid', lane: null, currency: 'eur' });
    expect(s.points).toBeUndefined();
    const { standard, fast } = s.lanes!;
    expect(standard.map((p) => p.start)).toEqual(['01', '02', '03', '04', '05', '06', '07'].map((d) => `2026-11-${d}T23:00:00.000Z`));
    expect(standard.map((p) => p.end)).toEqual(['02', '03', '04', '05', '06', '07', '08'].map((d) => `2026-11-${d}T23:00:00.000Z`));
    expect(fast.map((p) => p.start)).toEqual(standard.map((p) => p.start));
    expect(standard.map((p) => p.cases)).toEqual([2, 1, 0, 0, 0, 0, 0]);
    expect(fast.map((p) => p.cases)).toEqual([0, 0, 1, 0, 0, 0, 0]);
    expect(standard[0]).toMatchObject({ first_responses: 1, first_response_p50_s: 3600, csat: null });
    expect(standard[1]).toMatchObject({ csat: 0, csat_answers: 1 });
    expect(fast[2]).toMatchObject({ first_response_p50_s: 1800, csat: 1, csat_answers: 1 });
    expect(standard[3]).toMatchObject({ cases: 0, first_response_p50_s: null, sla_attainment: null });
    // A bucket is the summary of its span, figure by figure (the summary adds its filters and the previous period).
    const summary = await (await t.request(`/api/v1/staff/analytics/summary?from=${standard[0]!.start}&to=${standard[0]!.end}&lane=standard`, { headers: admin.headers(false) })).json();
    for (const [k, v] of Object.entries(standard[0]!)) if (k !== 'start' && k !== 'end') expect(summary[k], k).toEqual(v);
  });

  it('answers one lane’s points when asked for', async () => {
    const s = await series('?from=2026-11-01T23:00:00Z&to=2026-11-04T23:00:00Z&lane=fast');
    expect(s).toMatchObject({ lane: 'fast', interval: 'day' });
    expect(s.lanes).toBeUndefined();
    expect(s.points!.map((p) => p.cases)).toEqual([0, 0, 1]);
  });

  it('starts weeks on Monday and months on the 1st at local midnight, across the clocks going back, clipping the ends to the period', async () => {
    // Monday 19 October 00:00 CEST to Monday 2 November 00:00 CET: two weeks, the second starts at 00:00 CET on Monday 26.
    const w = await series('?from=2026-10-18T22:00:00Z&to=2026-11-01T23:00:00Z&interval=week&lane=standard');
    expect(w.points!.map((p) => [p.start, p.end, p.cases])).toEqual([
      ['2026-10-18T22:00:00.000Z', '2026-10-25T23:00:00.000Z', 1],
      ['2026-10-25T23:00:00.000Z', '2026-11-01T23:00:00.000Z', 1],
    ]);
    // From the middle of a Wednesday: the first week is clipped to start there.
    const clipped = await series('?from=2026-10-21T12:00:00Z&to=2026-11-01T23:00:00Z&interval=week&lane=standard');
    expect(clipped.points!.map((p) => p.start)).toEqual(['2026-10-21T12:00:00.000Z', '2026-10-25T23:00:00.000Z']);
    const m = await series('?from=2026-09-15T00:00:00Z&to=2026-11-20T00:00:00Z&interval=month&lane=standard');
    expect(m.points!.map((p) => [p.start, p.end])).toEqual([
      ['2026-09-15T00:00:00.000Z', '2026-09-30T22:00:00.000Z'],
      ['2026-09-30T22:00:00.000Z', '2026-10-31T23:00:00.000Z'],
      ['2026-10-31T23:00:00.000Z', '2026-11-20T00:00:00.000Z'],
    ]);
    expect(m.points!.map((p) => p.cases)).toEqual([0, 2, 3]);
  });

  it('chooses the interval from the period’s length: days up to 31, weeks up to 190, months beyond; default the last 30 days', async () => {
    expect((await series('?lane=fast')).interval).toBe('day');
    expect((await series('?lane=fast')).points).toHaveLength(31); // 30 days from a 10:00 UTC "now": 31 calendar days, the ends clipped
    expect((await series('?from=2026-06-01T00:00:00Z&to=2026-07-02T00:00:00Z&lane=fast')).interval).toBe('day');
    expect((await series('?from=2026-06-01T00:00:00Z&to=2026-07-03T00:00:00Z&lane=fast')).interval).toBe('week');
    expect((await series('?from=2026-01-01T00:00:00Z&to=2026-07-10T00:00:00Z&lane=fast')).interval).toBe('week');
    expect((await series('?from=2026-01-01T00:00:00Z&to=2026-07-11T00:00:00Z&lane=fast')).interval).toBe('month');
  });

  it('refuses bad input field by field, more than 400 buckets with 422, agents and strangers', async () => {
    expect(problemFields(await expectProblem(await get('?interval=hour'), 400, 'validation-error'))).toEqual(['query.interval']);
    expect(problemFields(await expectProblem(await get('?from=2026-11-01T00:00:00Z&to=2026-10-01T00:00:00Z'), 400, 'validation-error'))).toEqual(['query.from']);
    expect(problemFields(await expectProblem(await get('?from=ayer&lane=slow'), 400, 'validation-error'))).toEqual(['query.from', 'query.lane']);
    expect(problemFields(await expectProblem(await get('?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&interval=month'), 400, 'validation-error'))).toEqual(['query.to']);
    // 401 days, day by day: one more than the limit (400 days are accepted).
    expect(problemFields(await expectProblem(await get('?from=2025-01-01T00:00:00Z&to=2026-02-05T00:00:00Z&interval=day&lane=fast'), 422, 'validation-error'))).toEqual(['query.interval']);
    await expectProblem(await get('?lane=fast', agent), 403, 'forbidden');
    await expectProblem(await t.request(`${API}?lane=fast`), 401, 'unauthorized');
  });
});
