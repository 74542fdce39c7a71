// Surveys after a case through the real HTTP app: the solved mail carries one-click CSAT links;
// each question is answered once, takes one comment, expires, cannot be forged or used for
// another case; NPS is asked at most once per customer in AYUDA_NPS_INTERVAL_DAYS; the
// fast-lane question only on fast-lane cases; answers keep lane, category and agent; the
// tracking page and the survey page work without JavaScript; bad input is refused by field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { submitTestCase } from '../testing/staff-users.js';
import { expectProblem, problemFields } from '../testing/problems.js';
import { mailOutbox, surveyAnswers } from '../db/schema.js';
import { SurveyTokens } from './tokens.js';

const API = '/api/v1';
type Survey = { reference: string; lane: string; open: boolean; expiresAt: string | null; questions: Array<{ question: string; token: string; min: number; max: number; answer: { score: number; comment: string | null } | null; canComment: boolean }> };

describe.each(testDatabases())('surveys on %s', (kind) => {
  let t: TestApp;
  let staff: string;

  beforeAll(async () => {
    t = await createTestApp(kind, { env: { AYUDA_CASE_PREFIX: 'NF', AYUDA_CASE_RATE_LIMIT: '1000', AYUDA_CASE_EMAIL_LIMIT: '1000', AYUDA_NPS_INTERVAL_DAYS: '90' } });
    await t.mail.stop();
    staff = (await t.staffTokens.create('Marta')).token;
  });
  afterAll(() => t.dispose());

  const staffCall = (method: string, path: string, body?: unknown) =>
    t.request(`${API}${path}`, { method, headers: { Authorization: `Bearer ${staff}`, 'Content-Type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const solve = async (reference: string) => expect((await staffCall('POST', `/staff/cases/${reference}/status`, { status: 'solved' })).status).toBe(200);
  const survey = async (trackingToken: string): Promise<Survey> => {
    const res = await t.request(`${API}/cases/track/${trackingToken}/survey`);
    expect(res.status).toBe(200);
    return (await res.json()) as Survey;
  };
  const answer = (body: unknown) => t.request(`${API}/surveys/answers`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const lastMail = async (to: string) => (await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, to)).orderBy(desc(mailOutbox.id)).limit(1))[0]!;
  const tokenOf = (s: Survey, q: string) => s.questions.find((x) => x.question === q)!.token;

  it('asks nothing before the case is solved, then CSAT, CES and NPS with one-click links in the solved mail', async () => {
    const email = 'encuesta@example.com';
    const c = await submitTestCase(t, { email });
    expect((await survey(c.trackingToken)).questions).toEqual([]);
    await solve(c.reference);
    const s = await survey(c.trackingToken);
    expect(s.questions.map((q) => q.question)).toEqual(['csat', 'ces', 'nps']);
    expect(s.questions.map((q) => [q.min, q.max])).toEqual([[1, 5], [1, 7], [0, 10]]);
    expect(s.open).toBe(true);
    expect(s.expiresAt).toBe('2026-12-20T10:00:00.000Z');
    const mail = await lastMail(email);
    expect(mail.subject).toContain('resuelta');
    const csat = tokenOf(s, 'csat');
    for (let n = 1; n <= 5; n++) expect(mail.text).toContain(`/help/es/survey/${csat}?score=${n}`);
    expect(mail.html).toContain(`/help/es/survey/${csat}?score=5`);
    expect(mail.text).toContain('¿Cómo valorarías la atención que has recibido?');
  });

  it('records the first answer only, then one comment, with the case’s lane, category and agent', async () => {
    const c = await submitTestCase(t);
    await staffCall('POST', `/staff/cases/${c.reference}/assignee`, { assignee: 'Marta' });
    await solve(c.reference);
    const token = tokenOf(await survey(c.trackingToken), 'csat');
    const res = await answer({ token, score: 4 });
    expect(res.status).toBe(200);
    const after = (await res.json()) as Survey;
    expect(after.questions[0]).toMatchObject({ question: 'csat', answer: { score: 4, comment: null }, canComment: true });
    await expectProblem(await answer({ token, score: 5 }), 409, 'conflict');
    expect((await answer({ token, comment: 'Muy amable, gracias.' })).status).toBe(200);
    await expectProblem(await answer({ token, comment: 'Otra vez' }), 409, 'conflict');
    const [row] = await t.database.db.select().from(surveyAnswers).where(eq(surveyAnswers.question, 'csat')).orderBy(desc(surveyAnswers.id)).limit(1);
    expect(row).toMatchObject({ score: 4, comment: 'Muy amable, gracias.', lane: 'standard', agent: 'Marta', locale: 'es' });
    const list = (await (await staffCall('GET', '/staff/surveys/answers?question=csat')).json()) as { answers: Array<{ reference: string; score: number; comment: string | null; agent: string | null }> };
    expect(list.answers.find((a) => a.reference === c.reference)).toMatchObject({ score: 4, comment: 'Muy amable, gracias.', agent: 'Marta' });
  });

  it('asks NPS at most once per customer in the interval, and again after it', async () => {
    const email = 'nps@example.com';
    const first = await submitTestCase(t, { email });
    await solve(first.reference);
    expect((await survey(first.trackingToken)).questions.map((q) => q.question)).toContain('nps');
    t.clock.advance(30 * 86_400_000);
    const second = await submitTestCase(t, { email });
    await solve(second.reference);
    expect((await survey(second.trackingToken)).questions.map((q) => q.question)).toEqual(['csat', 'ces']);
    expect((await lastMail(email)).text).not.toContain('recomiendes');
    t.clock.advance(61 * 86_400_000);
    const third = await submitTestCase(t, { email });
    await solve(third.reference);
    expect((await survey(third.trackingToken)).questions.map((q) => q.question)).toEqual(['csat', 'ces', 'nps']);
  });

  it('asks fast-lane cases whether the fast lane was worth its price (yes or no)', async () => {
    const c = await submitTestCase(t);
    expect((await staffCall('POST', `/staff/cases/${c.reference}/lane`, { lane: 'fast', reason: 'Goodwill' })).status).toBe(200);
    await solve(c.reference);
    const s = await survey(c.trackingToken);
    expect(s.lane).toBe('fast');
    const worth = s.questions.find((q) => q.question === 'fastlane_worth')!;
    expect([worth.min, worth.max]).toEqual([0, 1]);
    expect(problemFields(await expectProblem(await answer({ token: worth.token, score: 2 }), 422, 'validation-error'))).toEqual(['body.score']);
    expect((await answer({ token: worth.token, score: 0, comment: 'Tardasteis igual.' })).status).toBe(200);
    const [row] = await t.database.db.select().from(surveyAnswers).where(eq(surveyAnswers.question, 'fastlane_worth'));
    expect(row).toMatchObject({ score: 0, comment: 'Tardasteis igual.', lane: 'fast' });
  });

  it('asks again, when a case is solved again, only what is still open, naming the fast lane', async () => {
    const email = 'otra-vez@example.com';
    const c = await submitTestCase(t, { email });
    expect((await staffCall('POST', `/staff/cases/${c.reference}/lane`, { lane: 'fast', reason: 'Goodwill' })).status).toBe(200);
    await solve(c.reference);
    const s = await survey(c.trackingToken);
    for (const q of ['csat', 'ces', 'nps']) expect((await answer({ token: tokenOf(s, q), score: 1 })).status).toBe(200);
    // The customer answers, the case reopens, and is solved again.
    expect((await t.request(`${API}/cases/track/${c.trackingToken}/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body: 'Sigue sin ir.' }) })).status).toBe(201);
    await solve(c.reference);
    const mail = await lastMail(email);
    expect(mail.text).toContain('¿Ha merecido la pena lo que pagaste por Soporte prioritario?');
    expect(mail.text).toContain(`/help/es/survey/${tokenOf(await survey(c.trackingToken), 'fastlane_worth')}?score=1`);
  });

  it('refuses forged tokens, another case’s token, tokens for questions not asked, and expired ones', async () => {
    const a = await submitTestCase(t);
    const b = await submitTestCase(t);
    await solve(a.reference);
    await solve(b.reference);
    const ta = tokenOf(await survey(a.trackingToken), 'csat');
    const parts = ta.split('.');
    // Another case's id with this token's signature, another question, another expiry, a flipped bit:
    const idB = parseInt(tokenOf(await survey(b.trackingToken), 'csat').split('.')[0]!, 36);
    const forged = [
      [idB.toString(36), ...parts.slice(1)].join('.'),
      [parts[0], 'e', ...parts.slice(2)].join('.'),
      [parts[0], parts[1], (parseInt(parts[2]!, 36) + 86_400).toString(36), parts[3]].join('.'),
      [...parts.slice(0, 3), (parts[3]![0] === 'A' ? 'B' : 'A') + parts[3]!.slice(1)].join('.'),
    ];
    for (const token of forged) await expectProblem(await answer({ token, score: 3 }), 404, 'not-found');
    // A correctly signed token for a question this case was not asked (standard lane: no fast-lane question).
    const tokens = new SurveyTokens(t.config.secret);
    const idA = parseInt(parts[0]!, 36);
    await expectProblem(await answer({ token: tokens.make({ caseId: idA, question: 'fastlane_worth', expS: parseInt(parts[2]!, 36) }), score: 1 }), 404, 'not-found');
    // Thirty days after the mail the survey closes: answers and comments are refused, the answers stay readable.
    expect((await answer({ token: ta, score: 5 })).status).toBe(200);
    t.clock.advance(30 * 86_400_000 + 1000);
    const tb = tokenOf(await survey(b.trackingToken), 'csat');
    await expectProblem(await answer({ token: tb, score: 5 }), 410, 'expired');
    await expectProblem(await answer({ token: ta, comment: 'tarde' }), 410, 'expired');
    const closed = await survey(a.trackingToken);
    expect(closed.open).toBe(false);
    expect(closed.questions[0]).toMatchObject({ answer: { score: 5 }, canComment: false });
  });

  it('refuses bad input naming the field', async () => {
    const bad: Array<[unknown, string[]]> = [
      [{}, ['body.token']],
      [{ token: 'nope', score: 3 }, ['body.token']],
      [{ token: 'a.c.b.AAAAAAAAAAAAAAAAAAAAAA' }, ['body.score']],
      [{ token: 'a.c.b.AAAAAAAAAAAAAAAAAAAAAA', score: 3.5 }, ['body.score']],
      [{ token: 'a.c.b.AAAAAAAAAAAAAAAAAAAAAA', score: -1 }, ['body.score']],
      [{ token: 'a.c.b.AAAAAAAAAAAAAAAAAAAAAA', score: '3' }, ['body.score']],
      [{ token: 'a.c.b.AAAAAAAAAAAAAAAAAAAAAA', comment: 'x'.repeat(2001) }, ['body.comment']],
      [{ token: 'a.c.b.AAAAAAAAAAAAAAAAAAAAAA', comment: 'a\u0000b' }, ['body.comment']],
      [{ token: 'a.c.b.AAAAAAAAAAAAAAAAAAAAAA', score: 3, extra: 1 }, ['body']],
    ];
    for (const [body, fields] of bad) expect(problemFields(await expectProblem(await answer(body), 422, 'validation-error')), JSON.stringify(body).slice(0, 60)).toEqual(fields);
    await expectProblem(await t.request(`${API}/surveys/answers`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"token"' }), 400, 'validation-error');
    await expectProblem(await t.request(`${API}/cases/track/short/survey`), 400, 'validation-error');
    await expectProblem(await t.request(`${API}/cases/track/${'x'.repeat(40)}/survey`), 404, 'not-found');
    expect((await t.request(`${API}/staff/surveys/answers`)).status).toBe(401);
    expect(problemFields(await expectProblem(await staffCall('GET', '/staff/surveys/answers?lane=vip&question=x&limit=0&from=ayer'), 400, 'validation-error')).sort()).toEqual(['query.from', 'query.lane', 'query.limit', 'query.question']);
  });

  it('answers from the mail’s link and the page without JavaScript, in the case’s language', async () => {
    const c = await submitTestCase(t, { locale: 'en' });
    await solve(c.reference);
    const s = await survey(c.trackingToken);
    const csat = tokenOf(s, 'csat');
    // The mail's link never records on GET or HEAD (scanners fetch every link): it shows the
    // choice with a Send button that the page's script presses in a browser.
    for (const method of ['HEAD', 'GET']) expect((await t.request(`/help/en/survey/${csat}?score=5`, { method })).status).toBe(200);
    const preview = await (await t.request(`/help/en/survey/${csat}?score=5`)).text();
    expect(preview).toContain('You chose: 5');
    expect(preview).toMatch(new RegExp(`<form method="post" action="/help/en/survey/${csat}" class="survey-confirm" data-ayuda-autosubmit>\\s*<input type="hidden" name="score" value="5">`));
    expect(preview).toContain('<script type="module" src="/help/assets/survey.js"></script>');
    expect((await survey(c.trackingToken)).questions[0]!.answer).toBeNull();
    const script = await t.request('/help/assets/survey.js');
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(await script.text()).toContain('requestSubmit');
    // Pressing Send records it and comes back to the page, which offers a comment and the other questions.
    const click = await t.request(`/help/en/survey/${csat}`, { method: 'POST', body: new URLSearchParams({ score: '5' }) });
    expect(click.status).toBe(303);
    const page = await t.request(click.headers.get('location')!);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toContain('Thank you! Your answer is saved.');
    expect(html).toContain('Your answer: 5');
    expect(html).toContain('Anything else you want to tell us?');
    expect(html).toContain(`action="/help/en/survey/${tokenOf(s, 'ces')}"`);
    // A second answer changes nothing and says so; a later link shows no Send button for it.
    const again = await t.request(`/help/en/survey/${csat}`, { method: 'POST', body: new URLSearchParams({ score: '1' }) });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('answered already');
    expect(await (await t.request(`/help/en/survey/${csat}?score=1`)).text()).not.toContain('data-ayuda-autosubmit');
    // The page's forms: a comment, a score off the scale, an empty comment.
    const form = (token: string, fields: Record<string, string>) => t.request(`/help/en/survey/${token}`, { method: 'POST', body: new URLSearchParams(fields) });
    expect((await form(csat, { comment: 'Fast and kind.' })).status).toBe(303);
    expect((await form(tokenOf(s, 'ces'), { score: '9' })).status).toBe(422);
    expect((await form(tokenOf(s, 'ces'), {})).status).toBe(422);
    expect((await form(tokenOf(s, 'ces'), { score: '6' })).status).toBe(303);
    // The tracking page shows the same survey, with the answers given.
    const tracking = await (await t.request(`/help/en/cases/${c.trackingToken}`)).text();
    expect(tracking).toContain('Your feedback');
    expect(tracking).toContain('Your answer: 6');
    expect(tracking).toContain('Fast and kind.');
    // A forged link is a 404 page, not an error.
    const forged = await t.request(`/help/en/survey/${csat.slice(0, -2)}AA`);
    expect(forged.status).toBe(404);
    expect(await forged.text()).toContain('This survey link is not valid');
  });
});
