// GET /support/response-times through the real HTTP app on a real database: fixture cases with
// known first-response times give the exact median per lane; a lane with too few answered cases,
// cases still waiting count their wait so far; cases outside the window and standard cases that
// once changed lane count for nothing; the figure is computed at most once per five minutes; bad input is refused.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { expectProblem, problemFields } from '../testing/problems.js';
import { cases } from '../db/schema.js';
import { addAnsweredCase, fixtureCustomer, type AnsweredCase } from '../testing/answered-cases.js';

const API = '/api/v1';
const NOW = Date.parse('2026-11-20T10:00:00.000Z');
const MIN = 60_000;
const DAY = 86_400_000;

describe.each(testDatabases())('response times API on %s', (kind) => {
  let t: TestApp;
  let customerId: number;

  beforeAll(async () => {
    t = await createTestApp(kind);
    await t.mail.stop();
    customerId = await fixtureCustomer(t.database, new Date(NOW));
  });
  afterAll(() => t.dispose());
  beforeEach(async () => {
    await t.database.db.delete(cases);
    t.clock.set(new Date(NOW).toISOString());
    t.responseTimes.invalidate();
  });

  const addCase = (o: AnsweredCase) => addAnsweredCase(t.database, customerId, new Date(NOW), o);
  const get = async (locale = 'es') => {
    const res = await t.request(`${API}/support/response-times?locale=${locale}`);
    expect(res.status).toBe(200);
    return { res, body: (await res.json()) as { locale: string; windowDays: number; minimumCases: number; computedAt: string; standard: { medianMinutes: number | null }; fast: { medianMinutes: number | null; offered: boolean; name: string } } };
  };

  it('answers the exact median per lane over the answered cases of the last 30 days, cacheable for 5 minutes', async () => {
    // Standard: 10, 30, 60, 180, 240, 300 minutes answered, and one waiting for 2 days (2880 min so far) -> median 180.
    for (const [i, w] of [10, 30, 60, 180, 240, 300].entries()) await addCase({ agoMs: (i + 1) * DAY, waitMin: w });
    // Fast: 5, 12, 20, 25, 90 -> 20; one upgraded 3 h after creation and answered 15 min after the upgrade counts as 15 -> 5, 12, 15, 20, 25, 90 -> 17.5 -> 18.
    for (const [i, w] of [5, 12, 20, 25, 90].entries()) await addCase({ agoMs: (i + 2) * DAY, waitMin: w, lane: 'fast' });
    await addCase({ agoMs: 3 * DAY, waitMin: 15, lane: 'fast', laneChangedAfterMin: 180 });
    await addCase({ agoMs: 2 * DAY, waitMin: null });
    // Not counted: older than 30 days, a standard case that once changed lane (an upgrade refunded).
    await addCase({ agoMs: 31 * DAY, waitMin: 5000 });
    await addCase({ agoMs: 2 * DAY, waitMin: 1, laneChangedAfterMin: 0 });

    const { res, body } = await get('es');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(body).toEqual({ locale: 'es', windowDays: 30, minimumCases: 5, computedAt: new Date(NOW).toISOString(), standard: { medianMinutes: 180 }, fast: { medianMinutes: 18, offered: expect.any(Boolean), name: 'Soporte prioritario' } });
    expect((await get('en')).body.fast.name).toBe('Priority support');
  });

  it('hides a lane with fewer than 5 answered cases rather than show a number from one case', async () => {
    for (const w of [10, 20, 30, 40]) await addCase({ agoMs: DAY, waitMin: w });
    await addCase({ agoMs: DAY, waitMin: 7, lane: 'fast' });
    const { body } = await get();
    expect(body.standard.medianMinutes).toBeNull();
    expect(body.fast.medianMinutes).toBeNull();
  });

  it('answers null for both lanes with no cases at all, and never less than a minute', async () => {
    expect((await get()).body).toMatchObject({ standard: { medianMinutes: null }, fast: { medianMinutes: null } });
    t.responseTimes.invalidate();
    for (const w of [0.1, 0.2, 0.2, 0.3, 0.4]) await addCase({ agoMs: DAY, waitMin: w });
    expect((await get()).body.standard.medianMinutes).toBe(1);
  });

  it('computes at most once per 5 minutes per process: new cases show after that, not per request', async () => {
    for (const w of [60, 60, 60, 60, 60]) await addCase({ agoMs: DAY, waitMin: w });
    expect((await get()).body.standard.medianMinutes).toBe(60);
    for (const w of [600, 600, 600, 600, 600, 600]) await addCase({ agoMs: DAY, waitMin: w });
    t.clock.advance(4 * MIN);
    expect((await get()).body).toMatchObject({ computedAt: new Date(NOW).toISOString(), standard: { medianMinutes: 60 } });
    t.clock.advance(MIN);
    expect((await get()).body).toMatchObject({ computedAt: new Date(NOW + 5 * MIN).toISOString(), standard: { medianMinutes: 600 } });
  });

  it('counts only the cases created in the window that ends now', async () => {
    for (const w of [30, 30, 30, 30, 30]) await addCase({ agoMs: 29 * DAY, waitMin: w });
    expect((await get()).body.standard.medianMinutes).toBe(30);
    t.clock.advance(2 * DAY);
    expect((await get()).body.standard.medianMinutes).toBeNull();
  });

  it('refuses bad input, naming the field', async () => {
    expect(problemFields(await expectProblem(await t.request(`${API}/support/response-times?locale=fr`), 400, 'validation-error'))).toEqual(['query.locale']);
    expect(problemFields(await expectProblem(await t.request(`${API}/support/response-times`), 400, 'validation-error'))).toEqual(['query.locale']);
    await expectProblem(await t.request(`${API}/support/response-times?locale=${'e'.repeat(5000)}`), 400, 'validation-error');
  });
});
