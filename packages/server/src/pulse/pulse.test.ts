// The agent pulse through the real HTTP app as people signed in to the console: once a week per
// person, anonymous (nothing links an answer to who gave it), figures only from five answers,
// weeks in the company's time zone, the workload beside, bad input refused by field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTableColumns } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { signInStaff, type SignedInStaff } from '../testing/staff.js';
import { submitTestCase } from '../testing/staff-users.js';
import { expectProblem, problemFields } from '../testing/problems.js';
import { pulseAnswers } from '../db/schema.js';

const API = '/api/v1/staff';
type Week = { week: string; open: boolean; answers: number; mean: number | null; distribution: number[] | null; comments: string[] | null; workload: { casesCreated: number; casesSolved: number; staffReplies: number } };

describe.each(testDatabases())('agent pulse on %s', (kind) => {
  let t: TestApp;
  let people: SignedInStaff[];
  let admin: SignedInStaff;

  beforeAll(async () => {
    t = await createTestApp(kind, { env: { AYUDA_CASE_RATE_LIMIT: '1000', AYUDA_CASE_EMAIL_LIMIT: '1000' } });
    await t.mail.stop();
    admin = await signInStaff(t, { role: 'admin', name: 'Admin' });
    people = [];
    for (let i = 0; i < 6; i++) people.push(await signInStaff(t, { name: `Agente ${i}` }));
  });
  afterAll(() => t.dispose());

  const call = (who: SignedInStaff, method: string, path: string, body?: unknown) =>
    t.request(`${API}${path}`, {
      method,
      headers: { ...who.headers(method !== 'GET'), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  const summary = async (q = '') => {
    const res = await call(admin, 'GET', `/pulse/summary${q}`);
    expect(res.status).toBe(200);
    return (await res.json()) as { floor: number; timeZone: string; weeks: Week[] };
  };

  it('asks each person once a week (Monday to Sunday in the company’s zone)', async () => {
    // The test clock: Friday 20 November 2026, 10:00 UTC; Madrid's week began Monday 16th at 00:00 (23:00 UTC on the 15th).
    const before = (await (await call(people[0]!, 'GET', '/pulse')).json()) as { week: string; weekStart: string; weekEnd: string; answered: boolean };
    expect(before).toEqual({ week: '2026-11-16', weekStart: '2026-11-15T23:00:00.000Z', weekEnd: '2026-11-22T23:00:00.000Z', answered: false });
    const res = await call(people[0]!, 'POST', '/pulse', { score: 4, comment: 'Mucho trabajo, buen equipo.' });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { answered: boolean }).answered).toBe(true);
    expect(((await (await call(people[0]!, 'GET', '/pulse')).json()) as { answered: boolean }).answered).toBe(true);
    await expectProblem(await call(people[0]!, 'POST', '/pulse', { score: 2 }), 409, 'conflict');
    // Another person this week is asked still.
    expect(((await (await call(people[1]!, 'GET', '/pulse')).json()) as { answered: boolean }).answered).toBe(false);
  });

  it('keeps nothing that ties an answer to a person: not its row, not the audit log', async () => {
    expect(Object.keys(getTableColumns(pulseAnswers)).sort()).toEqual(['comment', 'id', 'score', 'week']);
    const audit = JSON.stringify(await (await call(admin, 'GET', '/audit?limit=200')).json());
    expect(audit).toContain('"entries"');
    expect(audit).not.toContain('pulse');
    expect(audit).not.toContain('Mucho trabajo');
  });

  it('shows a week’s figures only once it has ended and only from five answers, beside its workload', async () => {
    const c = await submitTestCase(t);
    const staffToken = (await t.staffTokens.create('Script')).token;
    await t.request(`/api/v1/staff/cases/${c.reference}/messages`, { method: 'POST', headers: { Authorization: `Bearer ${staffToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ body: 'Hola', status: 'solved' }) });
    for (const [i, score] of [[1, 2], [2, 3], [3, 5]] as const) expect((await call(people[i]!, 'POST', '/pulse', { score })).status).toBe(201);
    let week = (await summary()).weeks[0]!;
    expect(week).toMatchObject({ week: '2026-11-16', open: true, answers: 4, mean: null, distribution: null, comments: null, workload: { casesCreated: 1, casesSolved: 1, staffReplies: 1 } });
    expect((await call(people[4]!, 'POST', '/pulse', { score: 4, comment: 'Bien' })).status).toBe(201);
    // Five answers, but the week is under way: only its count.
    week = (await summary()).weeks[0]!;
    expect(week).toMatchObject({ open: true, answers: 5, mean: null, distribution: null, comments: null });
    const s = await summary();
    expect(s.floor).toBe(5);
    expect(s.timeZone).toBe('Europe/Madrid');
    expect(s.weeks).toHaveLength(12);
    expect(s.weeks[1]).toMatchObject({ week: '2026-11-09', open: false, answers: 0, mean: null });
  });

  it('opens a new week on Monday in the company’s zone, and shows the ended week’s figures', async () => {
    // Sunday 22nd 23:30 UTC is Monday 00:30 in Madrid.
    t.clock.set('2026-11-22T23:30:00Z');
    // Sessions idle that long have ended: sign in again.
    admin = await signInStaff(t, { role: 'admin', name: 'Admin' });
    people[0] = await signInStaff(t, { name: 'Agente 0' });
    people[5] = await signInStaff(t, { name: 'Agente 5' });
    const state = (await (await call(people[0]!, 'GET', '/pulse')).json()) as { week: string; answered: boolean };
    expect(state).toMatchObject({ week: '2026-11-23', answered: false });
    expect((await call(people[0]!, 'POST', '/pulse', { score: 5 })).status).toBe(201);
    const weeks = (await summary('?from=2026-11-16&to=2026-11-25')).weeks;
    expect(weeks.map((w) => [w.week, w.answers])).toEqual([['2026-11-23', 1], ['2026-11-16', 5]]);
    expect(weeks[1]).toMatchObject({ open: false, mean: 3.6, distribution: [0, 1, 1, 2, 1] });
    expect(weeks[1]!.comments!.sort()).toEqual(['Bien', 'Mucho trabajo, buen equipo.']);
  });

  it('refuses tokens, agents reading the summary and bad input', async () => {
    const agentToken = (await t.staffTokens.create('Bot', 'agent')).token;
    const asToken = (method: string, path: string, body?: unknown) => t.request(`${API}${path}`, { method, headers: { Authorization: `Bearer ${agentToken}`, 'Content-Type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    await expectProblem(await asToken('GET', '/pulse'), 403, 'forbidden');
    await expectProblem(await asToken('POST', '/pulse', { score: 3 }), 403, 'forbidden');
    await expectProblem(await asToken('GET', '/pulse/summary'), 403, 'forbidden');
    await expectProblem(await call(people[5]!, 'GET', '/pulse/summary'), 403, 'forbidden');
    expect((await t.request(`${API}/pulse`)).status).toBe(401);
    const bad: Array<[unknown, string[]]> = [
      [{}, ['body.score']],
      [{ score: 0 }, ['body.score']],
      [{ score: 6 }, ['body.score']],
      [{ score: 2.5 }, ['body.score']],
      [{ score: '3' }, ['body.score']],
      [{ score: 3, comment: 'x'.repeat(1001) }, ['body.comment']],
      [{ score: 3, comment: 'a\u0000b' }, ['body.comment']],
      [{ score: 3, who: 'me' }, ['body']],
    ];
    for (const [body, fields] of bad) expect(problemFields(await expectProblem(await call(people[5]!, 'POST', '/pulse', body), 422, 'validation-error')), JSON.stringify(body).slice(0, 50)).toEqual(fields);
    await expectProblem(await call(people[5]!, 'POST', '/pulse', '{"score"'), 400, 'validation-error');
    expect(problemFields(await expectProblem(await call(admin, 'GET', '/pulse/summary?from=ayer&to=2026-13-01'), 400, 'validation-error')).sort()).toEqual(['query.from', 'query.to']);
    expect(problemFields(await expectProblem(await call(admin, 'GET', '/pulse/summary?from=2026-11-20&to=2026-11-01'), 400, 'validation-error'))).toEqual(['query.from']);
    expect(problemFields(await expectProblem(await call(admin, 'GET', '/pulse/summary?from=2020-01-01&to=2026-11-01'), 422, 'validation-error'))).toEqual(['query.from']);
    // Nothing was recorded by the refusals.
    expect(((await (await call(people[5]!, 'GET', '/pulse')).json()) as { answered: boolean }).answered).toBe(false);
  });
});
