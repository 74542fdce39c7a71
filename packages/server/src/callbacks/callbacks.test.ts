// Callbacks through a real HTTP server: a customer asks to be called (phone read and stored in
// E.164, the window checked, the lane from their session only, once per Idempotency-Key, a
// confirmation mailed), staff see the queue fast lane first and record attempts (reached ends,
// a wrong number or the third unanswered attempt fails and mails the customer; two agents at
// once never both close one), and bad input is refused by field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startFastlaneServer } from '../testing/fastlane.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { expectProblem, problemFields } from '../testing/problems.js';
import { callbackAttempts, callbacks, cases, customers, entitlements, mailOutbox } from '../db/schema.js';

type T = Awaited<ReturnType<typeof startFastlaneServer>>;
type Cb = { id: string; status: string; lane: string; name: string; phone: string; windowStart: string; windowEnd: string; dueAt: string; createdAt: string };
type StaffCb = Cb & { email: string; locale: string; case: string | null; notes: string | null; phoneDisplay: string; overdue: boolean; attempts: Array<{ at: string; by: string; outcome: string; note: string | null }> };

// The server's clock: Monday 23 November 2026, 09:00 UTC (10:00 in Madrid, business hours 09:00–18:00).
const H = (hhmm: string, day = '2026-11-23') => new Date(`${day}T${hhmm}:00Z`).toISOString();

describe.each(testDatabases())('callbacks on %s', (kind) => {
  let t: T;
  let n = 0;
  const email = () => `llamada${++n}-${kind}@example.com`;
  const body = (over: Record<string, unknown> = {}) => ({ name: 'Ana Pérez', email: email(), phone: '612 345 678', windowStart: H('11:00'), windowEnd: H('13:00'), locale: 'es', ...over });
  const ask = (json: unknown, opts: { key?: string | null; bearer?: string } = {}) =>
    t.api('/api/v1/callbacks', { json, ...(opts.bearer ? { bearer: opts.bearer } : {}), headers: opts.key === null ? {} : { 'Idempotency-Key': opts.key ?? `cb-${Math.random().toString(36).slice(2)}` } });
  const created = async (json: unknown, opts: { key?: string; bearer?: string } = {}) => {
    const res = await ask(json, opts);
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as Cb;
  };
  const queue = async (q = '') => {
    const res = await t.staff(`/callbacks${q}`);
    expect(res.status, await res.clone().text()).toBe(200);
    const list = (await res.json()) as { timeZone: string; callbacks: StaffCb[] };
    expect(list.timeZone).toBe('Europe/Madrid');
    return list.callbacks;
  };
  const attempt = (id: string, json: unknown) => t.staff(`/callbacks/${id}/attempts`, { json });

  beforeAll(async () => {
    t = await startFastlaneServer(kind);
  });
  afterAll(() => t?.close());

  it('queues a request: the number in E.164, due by the standard target within the window, a confirmation mailed in the customer’s language', async () => {
    const b = body();
    const cb = await created(b);
    expect(cb).toMatchObject({ status: 'waiting', lane: 'standard', name: 'Ana Pérez', phone: '+34612345678', windowStart: H('11:00'), windowEnd: H('13:00'), createdAt: H('09:00') });
    // 480 business minutes from the window's start end after it: due at its end.
    expect(cb.dueAt).toBe(H('13:00'));
    const mail = await t.lastMailTo(b.email);
    expect(mail!.template).toBe('callback_requested');
    expect(mail!.subject).toBe('Te llamaremos: lunes, 23 de noviembre de 2026, 12:00–14:00 CET');
    expect(mail!.text).toContain('Te llamaremos al +34 612 34 56 78');
    expect(mail!.text).toContain('http://');
    const [row] = await t.database.db.select().from(callbacks).where(eq(callbacks.id, cb.id));
    expect(row).toMatchObject({ phone: '+34612345678', email: b.email, locale: 'es', caseId: null, customerId: null });
  });

  it('reads "00" and "+" prefixes, a country given for a national number, and asks English speakers for the country code', async () => {
    expect((await created(body({ phone: '0034 612-345-678' }))).phone).toBe('+34612345678');
    expect((await created(body({ phone: '020 7946 0958', country: 'GB', locale: 'en' }))).phone).toBe('+442079460958');
    expect((await created(body({ phone: '+44 20 7946 0958', locale: 'en' }))).phone).toBe('+442079460958');
    const p = await expectProblem(await ask(body({ phone: '612 345 678', locale: 'en' })), 422, 'validation-error');
    expect(p.errors).toEqual([{ field: 'body.phone', message: 'not a valid phone number; include the country code, e.g. +44 20 7946 0958' }]);
    const es = await expectProblem(await ask(body({ phone: '12345' })), 422, 'validation-error');
    expect(es.errors).toEqual([{ field: 'body.phone', message: 'not a valid phone number' }]);
    expect(problemFields(await expectProblem(await ask(body({ phone: 'llámame' })), 422, 'validation-error'))).toEqual(['body.phone']);
  });

  it('refuses a window in the past, reversed, shorter than 15 minutes from now, or more than 30 days ahead', async () => {
    const fields = async (over: Record<string, unknown>) => {
      const p = await expectProblem(await ask(body(over)), 422, 'validation-error');
      return p.errors!;
    };
    expect(await fields({ windowStart: H('08:00'), windowEnd: H('10:00') })).toEqual([{ field: 'body.windowStart', message: 'must not be in the past' }]);
    expect((await fields({ windowStart: H('13:00'), windowEnd: H('11:00') }))[0]!.field).toBe('body.windowEnd');
    expect(await fields({ windowStart: H('11:00'), windowEnd: H('11:10') })).toEqual([{ field: 'body.windowEnd', message: 'the window must be at least 15 minutes long, from now on' }]);
    // Started a moment ago (the form took a while) reads as from now: ten minutes left is too short.
    expect((await fields({ windowStart: H('08:58'), windowEnd: H('09:10') }))[0]!.field).toBe('body.windowEnd');
    expect(await fields({ windowStart: H('11:00', '2026-12-23'), windowEnd: H('13:00', '2026-12-23') })).toEqual([{ field: 'body.windowEnd', message: 'at most 30 days ahead' }]);
    // Just inside: the window may start a moment ago and run 15 minutes from now.
    expect((await created(body({ windowStart: H('08:58'), windowEnd: H('09:15') }))).dueAt).toBe(H('09:15'));
  });

  it('refuses bad input by field: missing key, wrong types, unknown case, the honeypot; a lane in the body is ignored', async () => {
    expect(problemFields(await expectProblem(await ask(body(), { key: null }), 400, 'validation-error'))).toEqual(['header.Idempotency-Key']);
    expect(problemFields(await expectProblem(await ask({ name: '', email: 'no', phone: 3, windowStart: 'mañana', locale: 'fr' }), 422, 'validation-error'))).toEqual(['body.email', 'body.locale', 'body.name', 'body.phone', 'body.windowEnd', 'body.windowStart']);
    expect(problemFields(await expectProblem(await ask(body({ case: 'NF-999999' })), 422, 'validation-error'))).toEqual(['body.case']);
    expect(problemFields(await expectProblem(await ask(body({ case: 'not a reference' })), 422, 'validation-error'))).toEqual(['body.case']);
    expect(problemFields(await expectProblem(await ask(body({ website: 'http://spam.example' })), 422, 'validation-error'))).toEqual(['body.website']);
    expect(problemFields(await expectProblem(await ask(body({ notes: 'a\u0007b' })), 422, 'validation-error'))).toEqual(['body.notes']);
    const res = await t.api('/api/v1/callbacks', { method: 'POST', body: '{"name":', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'broken-json' } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const forged = await created(body({ lane: 'fast', status: 'done', dueAt: H('09:00') }));
    expect(forged).toMatchObject({ lane: 'standard', status: 'waiting', dueAt: H('13:00') });
  });

  it('answers a retry with the first answer, and refuses the key reused for another request', async () => {
    const b = body();
    const first = await ask(b, { key: 'retry-callback-1' });
    expect(first.status).toBe(201);
    const again = await ask(b, { key: 'retry-callback-1' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as Cb).id).toBe(((await first.json()) as Cb).id);
    expect(await t.database.db.select().from(callbacks).where(eq(callbacks.email, b.email))).toHaveLength(1);
    expect(await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, b.email))).toHaveLength(1);
    await expectProblem(await ask({ ...b, phone: '622 000 111' }, { key: 'retry-callback-1' }), 422, 'idempotency-key-mismatch');
  });

  it('puts a signed-in customer with an active subscription, or naming a fast-lane case of theirs, in the fast lane; nobody else', async () => {
    const now = t.clock.now();
    // A subscriber.
    const sub = email();
    const subToken = await t.signIn(sub);
    const [subCustomer] = await t.database.db.select().from(customers).where(eq(customers.email, sub));
    await t.database.db.insert(entitlements).values({ customerId: subCustomer!.id, subscriptionId: `sub_cb_${kind}`, planKey: 'monthly', status: 'active', currentPeriodEnd: new Date(now.getTime() + 30 * 86_400_000), createdAt: now, updatedAt: now });
    const fast = await created(body({ email: sub }), { bearer: subToken });
    // 60 business minutes from the window's start (12:00 in Madrid).
    expect(fast).toMatchObject({ lane: 'fast', dueAt: H('12:00') });
    // The same person without their session: standard.
    expect((await created(body({ email: sub }))).lane).toBe('standard');

    // A customer with a fast-lane case (paid per incident), signed in, naming it.
    const payer = email();
    const payerToken = await t.signIn(payer);
    const c = await t.submitCase(payer);
    await t.database.db.update(cases).set({ lane: 'fast' }).where(eq(cases.reference, c.reference));
    const viaCase = await created(body({ email: payer, case: c.reference }), { bearer: payerToken });
    expect(viaCase.lane).toBe('fast');
    const staffView = (await queue()).find((x) => x.id === viaCase.id)!;
    expect(staffView.case).toBe(c.reference);
    // Naming the same case without the session links it (the address matches) but proves nothing: standard.
    const unsigned = await created(body({ email: payer, case: c.reference }));
    expect(unsigned.lane).toBe('standard');
    expect((await queue()).find((x) => x.id === unsigned.id)!.case).toBe(c.reference);
    // Once the case is closed, it no longer puts its customer in the fast lane.
    await t.database.db.update(cases).set({ status: 'closed' }).where(eq(cases.reference, c.reference));
    expect((await created(body({ email: payer, case: c.reference }), { bearer: payerToken })).lane).toBe('standard');
    // Another address naming it, or another signed-in customer: as unknown as a case that does not exist.
    expect(problemFields(await expectProblem(await ask(body({ case: c.reference })), 422, 'validation-error'))).toEqual(['body.case']);
    const other = email();
    const otherToken = await t.signIn(other);
    expect(problemFields(await expectProblem(await ask(body({ email: payer, case: c.reference }), { bearer: otherToken }), 422, 'validation-error'))).toEqual(['body.case']);
    // A signed-in customer with no entitlement and a standard case: standard.
    const plain = await t.submitCase(other);
    expect((await created(body({ email: other, case: plain.reference }), { bearer: otherToken })).lane).toBe('standard');
  });

  it('lists the queue fast lane first, then by due time, with overdue flagged at now; done and failed by filter', async () => {
    const list = await queue();
    expect(list.length).toBeGreaterThan(3);
    const lanes = list.map((x) => x.lane);
    expect(lanes.indexOf('standard')).toBeGreaterThan(lanes.lastIndexOf('fast'));
    for (let i = 1; i < list.length; i++) if (list[i]!.lane === list[i - 1]!.lane) expect(list[i]!.dueAt >= list[i - 1]!.dueAt).toBe(true);
    expect(list.every((x) => x.status === 'waiting' && !x.overdue)).toBe(true);
    expect(list[0]).toMatchObject({ phoneDisplay: expect.stringMatching(/^\+\d/), attempts: [] });
    t.clock.advance(3 * 3_600_000 + 60_000); // 12:01 UTC: past the fast lane's 12:00, before the standard 13:00
    try {
      const later = await queue();
      expect(later.filter((x) => x.overdue).every((x) => x.dueAt < H('12:01'))).toBe(true);
      expect(later.filter((x) => x.lane === 'fast').every((x) => x.overdue)).toBe(true);
      expect(later.some((x) => x.lane === 'standard' && !x.overdue)).toBe(true);
    } finally {
      t.clock.advance(-(3 * 3_600_000 + 60_000));
    }
    expect(await queue('?status=done')).toEqual([]);
    await expectProblem(await t.staff('/callbacks?status=lost'), 400, 'validation-error');
    // Staff only.
    expect((await t.api('/api/v1/staff/callbacks')).status).toBe(401);
    expect((await t.api(`/api/v1/staff/callbacks/${list[0]!.id}/attempts`, { json: { outcome: 'reached' } })).status).toBe(401);
  });

  it('records attempts: two unanswered keep it waiting, the third fails it and mails the customer in their language', async () => {
    const b = body({ locale: 'en', phone: '+44 20 7946 0958' });
    const cb = await created(b);
    let res = await attempt(cb.id, { outcome: 'no_answer', note: 'Sonó seis veces' });
    expect(res.status).toBe(201);
    let view = (await res.json()) as StaffCb;
    expect(view).toMatchObject({ status: 'waiting', attempts: [{ by: 'Marta', outcome: 'no_answer', note: 'Sonó seis veces', at: H('09:00') }] });
    expect(((await (await attempt(cb.id, { outcome: 'voicemail' })).json()) as StaffCb).status).toBe('waiting');
    res = await attempt(cb.id, { outcome: 'busy' });
    view = (await res.json()) as StaffCb;
    expect(view.status).toBe('failed');
    expect(view.attempts.map((a) => a.outcome)).toEqual(['no_answer', 'voicemail', 'busy']);
    const mail = await t.lastMailTo(b.email);
    expect(mail).toMatchObject({ template: 'callback_failed', locale: 'en', subject: 'We could not reach you by phone' });
    expect(mail!.text).toContain('We called +44 20 7946 0958 3 times without reaching you');
    expect(mail!.text).toContain('/help/en/callback');
    // Closed: 409, and nothing more is recorded.
    await expectProblem(await attempt(cb.id, { outcome: 'reached' }), 409, 'conflict');
    expect(await t.database.db.select().from(callbackAttempts).where(eq(callbackAttempts.callbackId, cb.id))).toHaveLength(3);
    expect((await queue('?status=failed')).map((x) => x.id)).toContain(cb.id);
    expect((await queue()).map((x) => x.id)).not.toContain(cb.id);
  });

  it('ends it when reached (no mail), fails it on a wrong number (mailed), and refuses bad attempts', async () => {
    const reached = await created(body());
    const mailsBefore = (await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.template, 'callback_failed'))).length;
    expect(((await (await attempt(reached.id, { outcome: 'reached' })).json()) as StaffCb).status).toBe('done');
    expect((await queue('?status=done')).map((x) => x.id)).toContain(reached.id);
    // Closed ones newest first.
    t.clock.advance(60_000);
    try {
      const later = await created(body());
      expect((await attempt(later.id, { outcome: 'reached' })).status).toBe(201);
      expect((await queue('?status=done')).slice(0, 2).map((x) => x.id)).toEqual([later.id, reached.id]);
    } finally {
      t.clock.advance(-60_000);
    }
    const wrongBody = body();
    const wrong = await created(wrongBody);
    expect(((await (await attempt(wrong.id, { outcome: 'wrong_number', note: 'Es una panadería' })).json()) as StaffCb).status).toBe('failed');
    const mail = await t.lastMailTo(wrongBody.email);
    expect(mail!.template).toBe('callback_failed');
    expect(mail!.text).toContain('el número no es el tuyo');
    expect((await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.template, 'callback_failed'))).length).toBe(mailsBefore + 1);

    const open = await created(body());
    expect(problemFields(await expectProblem(await attempt(open.id, { outcome: 'hung_up' }), 422, 'validation-error'))).toEqual(['body.outcome']);
    expect(problemFields(await expectProblem(await attempt(open.id, { outcome: 'reached', by: 'someone' }), 422, 'validation-error'))).toEqual(['body']);
    expect(problemFields(await expectProblem(await attempt(open.id, { outcome: 'busy', note: 'x'.repeat(1001) }), 422, 'validation-error'))).toEqual(['body.note']);
    expect(problemFields(await expectProblem(await attempt('not-a-uuid', { outcome: 'reached' }), 400, 'validation-error'))).toEqual(['params.id']);
    await expectProblem(await attempt('00000000-0000-4000-8000-000000000000', { outcome: 'reached' }), 404, 'not-found');
  });

  it('goes with its customer when they have their data deleted, attempts included', async () => {
    const e = email();
    const token = await t.signIn(e);
    const mine = await created(body({ email: e }), { bearer: token });
    const byAddress = await created(body({ email: e }));
    expect((await attempt(byAddress.id, { outcome: 'no_answer', note: 'Sin respuesta' })).status).toBe(201);
    const someoneElse = await created(body());
    const res = await t.api('/api/v1/account/deletion', { json: { confirmEmail: e }, bearer: token });
    expect(res.status, await res.clone().text()).toBe(200);
    const left = (await t.database.db.select().from(callbacks)).map((r) => r.id);
    expect(left).not.toContain(mine.id);
    expect(left).not.toContain(byAddress.id);
    expect(left).toContain(someoneElse.id);
    expect(await t.database.db.select().from(callbackAttempts).where(eq(callbackAttempts.callbackId, byAddress.id))).toEqual([]);
  });

  it('lets one of many agents recording at once close a callback; the others get 409', async () => {
    const cb = await created(body());
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => attempt(cb.id, { outcome: 'reached', note: `agente ${i}` })));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect(await t.database.db.select().from(callbackAttempts).where(eq(callbackAttempts.callbackId, cb.id))).toHaveLength(1);
    // Two unanswered, then two third attempts at once: one fails it (one mail), the other is refused.
    const b = body();
    const cb2 = await created(b);
    for (const outcome of ['no_answer', 'busy']) expect((await attempt(cb2.id, { outcome })).status).toBe(201);
    const last = await Promise.all([attempt(cb2.id, { outcome: 'voicemail' }), attempt(cb2.id, { outcome: 'no_answer' })]);
    expect(last.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await t.database.db.select().from(callbackAttempts).where(eq(callbackAttempts.callbackId, cb2.id))).toHaveLength(3);
    expect((await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, b.email))).map((m) => m.template).sort()).toEqual(['callback_failed', 'callback_requested']);
  });
});

describe.each(testDatabases())('callback limits on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { env: { AYUDA_CASE_EMAIL_LIMIT: '2', AYUDA_CASE_RATE_LIMIT: '4' }, kb: false });
    await t.mail.stop();
  });
  afterAll(() => t?.dispose());

  const ask = (emailAddress: string, ip: string) =>
    t.request('/api/v1/callbacks', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `lim-${Math.random()}`, 'X-Forwarded-For': ip },
      body: JSON.stringify({ name: 'Ana', email: emailAddress, phone: '+34 612 345 678', windowStart: '2026-11-20T12:00:00Z', windowEnd: '2026-11-20T14:00:00Z', locale: 'es' }),
    });

  it('limits requests per address and per IP an hour, as case submissions are', async () => {
    expect((await ask('limite@example.com', '203.0.113.1')).status).toBe(201);
    expect((await ask('limite@example.com', '203.0.113.1')).status).toBe(201);
    const p = await expectProblem(await ask('limite@example.com', '203.0.113.1'), 429, 'rate-limited');
    expect(p.detail).toContain('this email address');
    // The fourth from the IP still passes the IP's limit; the fifth does not.
    expect((await ask('otra@example.com', '203.0.113.1')).status).toBe(201);
    const res = await ask('tercera@example.com', '203.0.113.1');
    await expectProblem(res, 429, 'rate-limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
