// My requests, the data export (GDPR art. 20) and the deletion (art. 17), through the HTTP API
// on a real database with the Stripe emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { unzipSync, strFromU8 } from 'fflate';
import { ACCOUNT_EXPORT_FORMAT, parseAccountExport } from '@ayuda/core';
import { startFastlaneServer } from '../testing/fastlane.js';
import { testDatabases } from '../testing/db.js';
import { auditLog, caseAttachments, caseMessages, cases, customerSessions, customers, dataRequests, fastlaneOrders, inboundMail, mailOutbox, surveyAnswers } from '../db/schema.js';
import { enqueueMail, purgeErasureMail } from '../mail/outbox.js';

type T = Awaited<ReturnType<typeof startFastlaneServer>>;

describe.each(testDatabases())('my requests on %s', (kind) => {
  let t: T;
  let n = 0;
  const email = () => `cuenta${++n}-${kind}@example.com`;
  beforeAll(async () => {
    t = await startFastlaneServer(kind);
  });
  afterAll(() => t?.close());

  const caseRow = async (reference: string) => (await t.database.db.select().from(cases).where(eq(cases.reference, reference)))[0]!;
  /** A case with a file, sent as the widget sends one (multipart). */
  const caseWithFile = async (e: string, subject: string) => {
    const form = new FormData();
    for (const [k, v] of Object.entries({ name: 'Ana Pérez', email: e, subject, description: 'Adjunto una foto del router.', locale: 'es' })) form.set(k, v);
    form.append('attachments', new Blob(['router lights: red'], { type: 'text/plain' }), 'router.txt');
    const res = await t.api('/api/v1/cases', { method: 'POST', body: form, headers: { 'Idempotency-Key': `file-${Math.random()}` } });
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as { reference: string; trackingToken: string };
  };
  const pay = async (token: string, body: Record<string, unknown>) => {
    const res = await t.api('/api/v1/fastlane/checkout', { json: { locale: 'es', ...body }, bearer: token, headers: { 'Idempotency-Key': `k-${Math.random()}` } });
    const { sessionId } = await res.json();
    t.emulator.payCheckoutSession(sessionId, '4242424242424242');
    await t.emulator.webhooks.waitForIdle();
  };

  it('answers 401 problem details without a session, on every endpoint', async () => {
    for (const [path, init] of [
      ['/api/v1/account', {}],
      ['/api/v1/account/export', {}],
      ['/api/v1/account/deletion', { json: { confirmEmail: 'x@example.com' } }],
    ] as const) {
      const res = await t.api(path, { ...init, bearer: 'ayuda_cs_not-a-session' });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('lists the customer’s cases open first then newest, with links, payments and receipts', async () => {
    const e = email();
    const token = await t.signIn(e);
    const older = await t.submitCase(e, 'Primera, ya resuelta');
    await t.staff(`/cases/${older.reference}/status`, { json: { status: 'solved' } });
    t.clock.advance(60_000);
    const open = await t.submitCase(e, 'Sigue abierta');
    t.clock.advance(60_000);
    const newest = await t.submitCase(e, 'La más nueva');
    await t.staff(`/cases/${newest.reference}/status`, { json: { status: 'solved' } });
    await t.submitCase(email(), 'De otra persona');
    await pay(token, { plan: 'incident', trackingToken: open.trackingToken });

    const res = await t.api('/api/v1/account', { bearer: token });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body.profile.email).toBe(e);
    expect(body.cases.map((c: { reference: string }) => c.reference)).toEqual([open.reference, newest.reference, older.reference]);
    expect(body.cases[0]).toMatchObject({ open: true, lane: 'fast', trackingToken: open.trackingToken });
    expect(body.cases[0].trackingUrl).toMatch(new RegExp(`/help/es/cases/${open.trackingToken}$`));
    expect(body.payments).toHaveLength(1);
    expect(body.payments[0]).toMatchObject({ plan: 'incident', status: 'paid', amount: 990, currency: 'eur', caseReference: open.reference });
    expect(body.payments[0].receiptUrl).toMatch(/\/help\/es\/account\/receipts\/\d+$/);
    expect(body.subscription).toBeNull();
    expect(body.canDelete).toBe(true);
  });

  it('exports a versioned JSON with every case, message and payment, plus the attachments, in a ZIP; recorded', async () => {
    const e = email();
    const token = await t.signIn(e);
    const c = await caseWithFile(e, 'Con adjunto');
    await t.staff(`/cases/${c.reference}/messages`, { json: { body: 'Nota interna', internal: true } });
    await t.staff(`/cases/${c.reference}/messages`, { json: { body: 'Ya lo vemos.' } });
    const res = await t.api('/api/v1/account/export', { bearer: token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="ayuda-export-\d{4}-\d{2}-\d{2}\.zip"$/);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const data = parseAccountExport(JSON.parse(strFromU8(files['ayuda-export.json']!)));
    expect(data).toMatchObject({ format: ACCOUNT_EXPORT_FORMAT, version: 1, company: 'Nubefibra', profile: { email: e } });
    expect(data.cases).toHaveLength(1);
    const exported = data.cases[0]!;
    expect(exported.reference).toBe(c.reference);
    expect(exported.messages.map((m: { body: string }) => m.body)).toEqual(['Adjunto una foto del router.', 'Ya lo vemos.']);
    expect(JSON.stringify(data)).not.toContain('Nota interna');
    expect(exported.events.map((ev: { type: string }) => ev.type)).toContain('created');
    const file = exported.messages[0]!.attachments[0]!;
    expect(file).toMatchObject({ filename: 'router.txt', contentType: 'text/plain' });
    expect(strFromU8(files[file.path]!)).toBe('router lights: red');
    const [customer] = await t.database.db.select().from(customers).where(eq(customers.email, e));
    const recorded = await t.database.db.select().from(dataRequests).where(eq(dataRequests.customerId, customer!.id));
    expect(recorded.map((r) => [r.kind, r.counts])).toEqual([['export', { cases: 1, messages: 2, attachments: 1, payments: 0 }]]);
  });

  it('exports the customer’s survey answers, and a deletion erases their comments and the records of their mail', async () => {
    const e = email();
    const token = await t.signIn(e);
    const c = await t.submitCase(e, 'Encuesta');
    await t.staff(`/cases/${c.reference}/status`, { json: { status: 'solved' } });
    const survey = await (await t.api(`/api/v1/cases/track/${c.trackingToken}/survey`)).json();
    const csat = survey.questions.find((q: { question: string }) => q.question === 'csat');
    expect((await t.api('/api/v1/surveys/answers', { json: { token: csat.token, score: 2, comment: 'Mi vecino Juan también' } })).status).toBe(200);
    const row = await caseRow(c.reference);
    await t.database.db.insert(inboundMail).values({ messageKey: `k-${row.id}`, caseId: row.id, sender: e, envelopeFrom: e, status: 'accepted', createdAt: new Date() });
    const zip = unzipSync(new Uint8Array(await (await t.api('/api/v1/account/export', { bearer: token })).arrayBuffer()));
    const data = parseAccountExport(JSON.parse(strFromU8(zip['ayuda-export.json']!)));
    expect(data.cases[0]!.surveyAnswers).toEqual([{ question: 'csat', score: 2, comment: 'Mi vecino Juan también', answeredAt: expect.any(String) }]);
    expect((await t.api('/api/v1/account/deletion', { json: { confirmEmail: e }, bearer: token })).status).toBe(200);
    const [kept] = await t.database.db.select().from(surveyAnswers).where(eq(surveyAnswers.caseId, row.id));
    expect(kept).toMatchObject({ question: 'csat', score: 2, comment: null });
    expect(await t.database.db.select().from(inboundMail).where(eq(inboundMail.caseId, row.id))).toEqual([]);
    // The survey's links in earlier mail stop working, as the tracking link does.
    expect((await t.api('/api/v1/surveys/answers', { json: { token: csat.token, comment: 'Otra cosa' } })).status).toBe(404);
  });

  it('erases the customer from the team’s messages and notes too, and mails no one after', async () => {
    const e = email();
    const token = await t.signIn(e);
    const c = await t.submitCase(e, 'Menciones');
    const customerId = (await caseRow(c.reference)).customerId;
    await t.database.db.update(customers).set({ name: 'Ana Pérez' }).where(eq(customers.id, customerId));
    await t.staff(`/cases/${c.reference}/messages`, { json: { body: `Hola Ana, te escribimos a ${e}. Analizamos tu caso.` } });
    await t.staff(`/cases/${c.reference}/messages`, { json: { body: `Nota: ANA PÉREZ (${e.toUpperCase()}) llamó.`, internal: true } });
    // Another customer's case, whose audit entry quotes nobody erased: it stays as it is.
    const other = await t.submitCase(email(), 'Otra persona');
    await t.staff(`/cases/${other.reference}/messages`, { json: { body: 'Revisamos tu línea hoy.' } });
    const audit = async (target: string) => (await t.database.db.select().from(auditLog).where(eq(auditLog.target, target))).map((r) => ({ action: r.action, data: r.data }));
    expect(JSON.stringify(await audit(`case:${c.reference}`))).toContain('Analizamos tu caso.');
    expect((await t.api('/api/v1/account/deletion', { json: { confirmEmail: e }, bearer: token })).status).toBe(200);
    // The audit log keeps who did what on the case, and when, but not what was written.
    expect(await audit(`case:${c.reference}`)).toEqual([
      { action: 'case.reply', data: { erased: true } },
      { action: 'case.reply', data: { erased: true } },
    ]);
    const all = JSON.stringify(await t.database.db.select().from(auditLog));
    expect(all.toLowerCase()).not.toContain(e);
    expect(all).not.toContain('ANA PÉREZ');
    expect(JSON.stringify(await audit(`case:${other.reference}`))).toContain('Revisamos tu línea hoy.');
    expect((await audit(`customer:${customerId}`)).map((r) => r.action)).toEqual(['customer.erase']);
    const bodies = (await t.database.db.select().from(caseMessages).where(eq(caseMessages.caseId, (await caseRow(c.reference)).id))).map((m) => m.body).join('\n');
    expect(bodies.toLowerCase()).not.toContain(e);
    expect(bodies).not.toMatch(/\bAna\b|Pérez|PÉREZ/);
    expect(bodies).toContain('Analizamos tu caso.');
    // The confirmation names nobody, and a later mail to the pseudonym is never queued.
    const confirmation = (await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, e)))[0]!;
    expect(confirmation.text).not.toContain('Ana');
    expect(confirmation.text).toMatch(/1 consulta anonimizada \(/);
    const pseudonym = `erased-${customerId}@erased.invalid`;
    expect((await t.database.db.select().from(customers).where(eq(customers.id, customerId)))[0]!.email).toBe(pseudonym);
    await t.database.db.transaction((tx) => enqueueMail(tx, new Date(), pseudonym, 'es', { template: 'login_code', vars: { company: 'X', code: '123456', minutes: 10 } }));
    expect(await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, pseudonym))).toEqual([]);
    // Once sent, the confirmation goes too: it was the last row naming the address.
    await t.database.db.update(mailOutbox).set({ status: 'sent' }).where(eq(mailOutbox.id, confirmation.id));
    await purgeErasureMail(t.database);
    expect(await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, e))).toEqual([]);
  });

  it('limits exports per customer per hour', async () => {
    const token = await t.signIn(email());
    for (let i = 0; i < 5; i++) expect((await t.api('/api/v1/account/export', { bearer: token })).status).toBe(200);
    const sixth = await t.api('/api/v1/account/export', { bearer: token });
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get('retry-after')).toBeTruthy();
  });

  it('refuses a deletion without the typed address (422), or with a bad body', async () => {
    const e = email();
    const token = await t.signIn(e);
    const wrong = await t.api('/api/v1/account/deletion', { json: { confirmEmail: 'otra@example.com' }, bearer: token });
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).errors).toEqual([{ field: 'body.confirmEmail', message: expect.any(String) }]);
    const missing = await t.api('/api/v1/account/deletion', { json: {}, bearer: token });
    expect(missing.status).toBe(422);
    expect((await missing.json()).errors[0].field).toBe('body.confirmEmail');
    const extra = await t.api('/api/v1/account/deletion', { json: { confirmEmail: e, everything: true }, bearer: token });
    expect(extra.status).toBe(422);
    const notJson = await t.api('/api/v1/account/deletion', { method: 'POST', body: `confirmEmail=${e}`, headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Bearer ${token}` } });
    expect(notJson.status).toBe(415);
    expect((await t.api('/api/v1/account', { bearer: token })).status).toBe(200);
  });

  it('refuses to delete while a subscription renews (409), and accepts once it is cancelled at period end', async () => {
    const e = email();
    const token = await t.signIn(e);
    await pay(token, { plan: 'monthly' });
    expect((await (await t.api('/api/v1/account', { bearer: token })).json()).canDelete).toBe(false);
    const refused = await t.api('/api/v1/account/deletion', { json: { confirmEmail: e }, bearer: token });
    expect(refused.status).toBe(409);
    expect((await refused.json()).title).toBe('Cancel your subscription first');
    expect((await t.api('/api/v1/fastlane/subscription/cancel', { json: { atPeriodEnd: true }, bearer: token })).status).toBe(200);
    const done = await t.api('/api/v1/account/deletion', { json: { confirmEmail: e.toUpperCase() }, bearer: token });
    expect(done.status, await done.clone().text()).toBe(200);
    expect(await done.json()).toEqual({ deleted: true, cases: 0, attachments: 0, paymentsKept: 1 });
  });

  it('deletes: cases anonymised and closed, files gone, sessions ended, payments kept without identity, mail queued, recorded', async () => {
    const e = email();
    const token = await t.signIn(e);
    const c = await caseWithFile(e, 'Ana Pérez, calle Mayor 1');
    await pay(token, { plan: 'incident', trackingToken: c.trackingToken });
    await t.staff(`/cases/${c.reference}/messages`, { json: { body: 'Hola, lo revisamos.' } });
    const [before] = await t.database.db.select().from(customers).where(eq(customers.email, e));

    const res = await t.api('/api/v1/account/deletion', { json: { confirmEmail: e, locale: 'en' }, bearer: token });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({ deleted: true, cases: 1, attachments: 1, paymentsKept: 1 });

    const row = await caseRow(c.reference);
    expect(row.status).toBe('closed');
    expect(row.subject).toBe('[Consulta anonimizada]');
    const messages = await t.database.db.select().from(caseMessages).where(eq(caseMessages.caseId, row.id));
    expect(messages.find((m) => m.author === 'customer')!.body).toBe('[Contenido borrado a petición del cliente]');
    expect(messages.find((m) => m.author === 'staff')!.body).toBe('Hola, lo revisamos.');
    expect(await t.database.db.select().from(caseAttachments).where(eq(caseAttachments.caseId, row.id))).toEqual([]);
    // The staff see the case anonymised: no name, no address.
    const staffView = await (await t.staff(`/cases/${c.reference}`)).text();
    expect(staffView).not.toContain(e);
    expect(staffView).not.toContain('Ana Pérez');
    // The old tracking link and the session are dead.
    expect((await t.api(`/api/v1/cases/track/${c.trackingToken}`)).status).toBe(404);
    expect((await t.api('/api/v1/account', { bearer: token })).status).toBe(401);
    expect(await t.database.db.select().from(customerSessions).where(eq(customerSessions.customerId, before!.id))).toEqual([]);
    // The payment stays, on the pseudonymous customer id, with its amounts.
    const [order] = await t.database.db.select().from(fastlaneOrders).where(eq(fastlaneOrders.customerId, before!.id));
    expect(order).toMatchObject({ amount: 990, status: 'paid' });
    const [after] = await t.database.db.select().from(customers).where(eq(customers.id, before!.id));
    expect(after!.email).toBe(`erased-${before!.id}@erased.invalid`);
    expect(after!.erasedAt).not.toBeNull();
    // One mail to the address: the confirmation (the earlier ones went with the data).
    const mail = await t.lastMailTo(e);
    expect(mail!.template).toBe('account_deleted');
    expect(mail!.subject).toBe('We have deleted your Nubefibra data');
    expect(mail!.text).toContain('Tax law requires us to keep 1 payment record (amount');
    const admin = await (await t.staff('/data-requests')).json();
    expect(admin.requests[0]).toMatchObject({ kind: 'deletion', customer: `customer:${before!.id}`, counts: { cases: 1, attachments: 1, paymentsKept: 1 } });
    expect(JSON.stringify(admin)).not.toContain(e);
    // Signing in again with the same address starts afresh: nothing of the old account comes back.
    const again = await t.signIn(e);
    const fresh = await (await t.api('/api/v1/account', { bearer: again })).json();
    expect(fresh.cases).toEqual([]);
    expect(fresh.payments).toEqual([]);
  });

  it('keeps the record of data requests for admins only', async () => {
    expect((await t.api('/api/v1/staff/data-requests')).status).toBe(401);
    const bad = await t.staff('/data-requests?limit=0');
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].field).toBe('query.limit');
  });
});
