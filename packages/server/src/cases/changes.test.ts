// Case changes made from the console: assignee by staff user, lane, category, replies to a
// closed case, and the staff view's customer beside the case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { StaffCase } from '@ayuda/core';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { auditLog, caseEvents, caseMessages, cases, entitlements, fastlaneOrders, fastlaneRefunds, mailOutbox, staffUsers } from '../db/schema.js';
import { signInStaff } from '../testing/staff.js';

const ENV = { AYUDA_CASE_PREFIX: 'NF', AYUDA_CASE_RATE_LIMIT: '100000', AYUDA_CASE_EMAIL_LIMIT: '100000', AYUDA_RATE_LIMIT: '100000' };

describe.each(testDatabases())('case changes for the console on %s', (kind) => {
  let t: TestApp;
  let token: string;
  let tokenId: number;
  let n = 0;
  let ana: { id: number; name: string };
  let gone: { id: number };

  beforeAll(async () => {
    t = await createTestApp(kind, { env: ENV });
    await t.mail.stop();
    ({ token, id: tokenId } = await t.staffTokens.create('Marta'));
    const now = t.clock.now();
    const [a] = await t.database.db.insert(staffUsers).values({ email: 'ana@nubefibra.example', name: 'Ana Agente', role: 'agent', createdAt: now, updatedAt: now }).returning();
    const [g] = await t.database.db.insert(staffUsers).values({ email: 'ex@nubefibra.example', name: 'Ex Empleado', role: 'agent', disabledAt: now, createdAt: now, updatedAt: now }).returning();
    ana = a!;
    gone = g!;
  });
  afterAll(() => t.dispose());

  const submit = async (body: Record<string, string> = {}) => {
    const res = await t.request('/api/v1/cases', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `c-${kind}-${++n}` },
      body: JSON.stringify({ name: 'Lucía Pérez', email: 'lucia@example.com', subject: `Sin conexión ${n}`, description: 'El router parpadea en rojo desde esta mañana.', locale: 'es', ...body }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { reference: string; trackingToken: string; firstResponseDue: string };
  };
  const post = (path: string, body: unknown, headers: Record<string, string> = { Authorization: `Bearer ${token}` }) =>
    t.request(`/api/v1/staff/cases${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const view = async (reference: string): Promise<StaffCase> => (await t.request(`/api/v1/staff/cases/${reference}`, { headers: { Authorization: `Bearer ${token}` } })).json();
  const fields = async (res: Response) => ((await res.json()).errors ?? []).map((e: { field: string }) => e.field);

  describe('assignee', () => {
    it('assigns a staff user by id, recording the name, and unassigns', async () => {
      const { reference } = await submit();
      const res = await post(`/${reference}/assignee`, { assigneeId: ana.id });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ assignee: 'Ana Agente', assigneeId: ana.id });
      const again = await (await post(`/${reference}/assignee`, { assigneeId: ana.id })).json();
      expect(again.events.filter((e: { type: string }) => e.type === 'assigned')).toHaveLength(1);
      const named = await (await post(`/${reference}/assignee`, { assignee: 'Turno de tarde' })).json();
      expect(named).toMatchObject({ assignee: 'Turno de tarde', assigneeId: null });
      const none = await (await post(`/${reference}/assignee`, { assigneeId: null })).json();
      expect(none).toMatchObject({ assignee: null, assigneeId: null });
      expect(none.events.filter((e: { type: string }) => e.type === 'assigned').map((e: { actor: string; data: unknown }) => [e.actor, e.data])).toEqual([
        [`staff:${tokenId}`, { from: null, to: 'Ana Agente', fromId: null, toId: ana.id }],
        [`staff:${tokenId}`, { from: 'Ana Agente', to: 'Turno de tarde', fromId: ana.id, toId: null }],
        [`staff:${tokenId}`, { from: 'Turno de tarde', to: null, fromId: null, toId: null }],
      ]);
    });

    it.each([
      [{ assigneeId: 999_999 }, 'body.assigneeId'],
      [{ assigneeId: 'ana' }, 'body.assigneeId'],
      [{ assigneeId: '1' }, 'body.assigneeId'],
      [{ assigneeId: 1.5 }, 'body.assigneeId'],
      [{ assigneeId: -1 }, 'body.assigneeId'],
      [{ assigneeId: 2 ** 31 }, 'body.assigneeId'],
      [{ assigneeId: 1, assignee: 'Ana' }, 'body.assigneeId'],
      [{}, 'body.assigneeId'],
      [{ assignee: '' }, 'body.assignee'],
      [{ assignee: 'x'.repeat(101) }, 'body.assignee'],
    ])('refuses %j with 422 naming %s', async (body, field) => {
      const { reference } = await submit();
      const res = await post(`/${reference}/assignee`, body);
      expect(res.status).toBe(422);
      expect(await fields(res)).toContain(field);
      expect((await view(reference)).assigneeId).toBeNull();
    });

    it('refuses a disabled staff user', async () => {
      const { reference } = await submit();
      const res = await post(`/${reference}/assignee`, { assigneeId: gone.id });
      expect(res.status).toBe(422);
      expect(await fields(res)).toEqual(['body.assigneeId']);
    });
  });

  describe('lane', () => {
    it('moves a case to the fast lane with a reason, counting its due times again, and back', async () => {
      const created = await submit();
      t.clock.advance(10 * 60_000);
      const res = await post(`/${created.reference}/lane`, { lane: 'fast', reason: 'Avería masiva: <b>prioridad</b>' });
      expect(res.status).toBe(200);
      const moved: StaffCase = await res.json();
      expect(moved.lane).toBe('fast');
      // The fast lane's first hour counts from the change.
      expect(moved.firstResponseDue).toBe(new Date(t.clock.now().getTime() + 3_600_000).toISOString());
      expect(moved.firstResponseDue! < created.firstResponseDue).toBe(true);
      expect(moved.events.at(-1)).toMatchObject({ type: 'lane_changed', actor: `staff:${tokenId}`, data: { from: 'standard', to: 'fast', reason: 'Avería masiva: <b>prioridad</b>' } });
      const same = await (await post(`/${created.reference}/lane`, { lane: 'fast', reason: 'Otra vez' })).json();
      expect(same.events.filter((e: { type: string }) => e.type === 'lane_changed')).toHaveLength(1);
      const back: StaffCase = await (await post(`/${created.reference}/lane`, { lane: 'standard', reason: 'Error' })).json();
      expect(back.lane).toBe('standard');
      expect(back.firstResponseDue).toBe(created.firstResponseDue);
      t.clock.advance(-10 * 60_000);
    });

    it.each([
      [{ lane: 'fast' }, 'body.reason'],
      [{ lane: 'fast', reason: '   ' }, 'body.reason'],
      [{ lane: 'fast', reason: 'x'.repeat(501) }, 'body.reason'],
      [{ lane: 'fast', reason: 'a\u0000b' }, 'body.reason'],
      [{ lane: 'slow', reason: 'x' }, 'body.lane'],
      [{ lane: null, reason: 'x' }, 'body.lane'],
      [{ reason: 'x' }, 'body.lane'],
    ])('refuses %j with 422 naming %s', async (body, field) => {
      const { reference } = await submit();
      const res = await post(`/${reference}/lane`, body);
      expect(res.status).toBe(422);
      expect(await fields(res)).toContain(field);
      expect((await view(reference)).lane).toBe('standard');
    });

    it('keeps a closed case in its lane (409)', async () => {
      const { reference, trackingToken } = await submit();
      await t.request(`/api/v1/cases/track/${trackingToken}/close`, { method: 'POST' });
      const res = await post(`/${reference}/lane`, { lane: 'fast', reason: 'Tarde' });
      expect(res.status).toBe(409);
      expect((await res.json()).type).toBe('https://ayuda.dev/problems/conflict');
    });
  });

  describe('category', () => {
    it('sets a knowledge-base category or none, recording the change', async () => {
      const { reference } = await submit({ category: 'billing' });
      const set = await post(`/${reference}/category`, { category: 'router' });
      expect(set.status).toBe(200);
      expect(await set.json()).toMatchObject({ category: 'router' });
      const cleared: StaffCase = await (await post(`/${reference}/category`, { category: null })).json();
      expect(cleared.category).toBeNull();
      expect(cleared.events.filter((e) => e.type === 'category_changed').map((e) => e.data)).toEqual([
        { from: 'billing', to: 'router' },
        { from: 'router', to: null },
      ]);
    });

    it.each([
      [{ category: 'no-such-category' }, 'body.category'],
      [{ category: 'Billing' }, 'body.category'],
      [{ category: '<script>' }, 'body.category'],
      [{ category: 'x'.repeat(65) }, 'body.category'],
      [{ category: 5 }, 'body.category'],
      [{}, 'body.category'],
    ])('refuses %j with 422 naming %s', async (body, field) => {
      const { reference } = await submit({ category: 'billing' });
      const res = await post(`/${reference}/category`, body);
      expect(res.status).toBe(422);
      expect(await fields(res)).toEqual([field]);
      expect((await view(reference)).category).toBe('billing');
    });
  });

  it('refuses a reply to a closed case (409) but takes an internal note', async () => {
    const { reference, trackingToken } = await submit();
    await t.request(`/api/v1/cases/track/${trackingToken}/close`, { method: 'POST' });
    const reply = await post(`/${reference}/messages`, { body: '¿Sigue fallando?' });
    expect(reply.status).toBe(409);
    expect((await reply.json()).type).toBe('https://ayuda.dev/problems/conflict');
    const note = await post(`/${reference}/messages`, { body: 'Cerrado por el cliente.', internal: true });
    expect(note.status).toBe(201);
    const after = await view(reference);
    expect(after.status).toBe('closed');
    expect(after.messages.map((m) => [m.author, m.internal])).toEqual([['customer', false], ['staff', true]]);
  });

  it('answers every change endpoint without a token with 401, an unknown case with 404, a bad reference with 400, non-JSON with 415', async () => {
    const { reference } = await submit();
    for (const [path, body] of [['assignee', { assigneeId: ana.id }], ['lane', { lane: 'fast', reason: 'x' }], ['category', { category: 'router' }]] as const) {
      expect((await post(`/${reference}/${path}`, body, {})).status, path).toBe(401);
      expect((await post(`/NF-999999/${path}`, body)).status, path).toBe(404);
      expect((await post(`/nf-1/${path}`, body)).status, path).toBe(400);
      expect((await t.request(`/api/v1/staff/cases/${reference}/${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/plain' }, body: 'x' })).status, path).toBe(415);
      expect((await post(`/${reference}/${path}`, '{"broken"')).status, path).toBe(400);
      expect((await post(`/${reference}/${path}`, { reason: 'x'.repeat(300_000) })).status, path).toBe(413);
    }
    const [row] = await t.database.db.select().from(cases).where(eq(cases.reference, reference));
    expect(row).toMatchObject({ lane: 'standard', category: null, assigneeId: null });
  });

  describe('the audit log', () => {
    const lastAudit = async () => (await t.database.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1))[0]!;

    it('records what each change set: status, lane, category, assignee, time', async () => {
      const { reference } = await submit();
      await post(`/${reference}/status`, { status: 'pending_customer' });
      expect(await lastAudit()).toMatchObject({ action: 'case.status', target: `case:${reference}`, data: { body: { status: 'pending_customer' } } });
      await post(`/${reference}/lane`, { lane: 'fast', reason: 'Avería masiva' });
      expect(await lastAudit()).toMatchObject({ action: 'case.lane', data: { body: { lane: 'fast', reason: 'Avería masiva' } } });
      await post(`/${reference}/category`, { category: null });
      expect(await lastAudit()).toMatchObject({ action: 'case.category', data: { body: { category: null } } });
      await post(`/${reference}/assignee`, { assigneeId: ana.id });
      expect(await lastAudit()).toMatchObject({ action: 'case.assign', data: { body: { assigneeId: ana.id } } });
      const agent = await signInStaff(t);
      const time = { startedAt: '2026-11-19T09:00:00.000Z', endedAt: '2026-11-19T09:30:00.000Z', note: 'Llamada' };
      const res = await t.request(`/api/v1/staff/cases/${reference}/time`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...agent.headers(true) }, body: JSON.stringify(time) });
      expect(res.status).toBe(201);
      expect(await lastAudit()).toMatchObject({ actorName: agent.user.name, data: { body: time } });
    });

    it('records an export of the opportunities, with its period', async () => {
      const res = await t.request('/api/v1/staff/opportunities.csv?from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z', { headers: { Authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      await res.text();
      expect(await lastAudit()).toMatchObject({ actor: `staff:${tokenId}`, action: 'opportunity.export', target: null, data: { from: '2026-10-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z' } });
      // Other reads are not recorded.
      const before = (await lastAudit()).id;
      await t.request('/api/v1/staff/opportunities?from=2026-10-01T00:00:00Z', { headers: { Authorization: `Bearer ${token}` } });
      expect((await lastAudit()).id).toBe(before);
    });
  });

  describe('two agents at once', () => {
    it('keeps both replies, in order, and mails each one', async () => {
      const email = `dos-agentes-${kind}@example.com`;
      const { reference } = await submit({ email });
      const [marta, pablo] = [await signInStaff(t, { name: 'Marta' }), await signInStaff(t, { name: 'Pablo' })];
      const reply = (who: typeof marta, body: string) =>
        t.request(`/api/v1/staff/cases/${reference}/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...who.headers(true) }, body: JSON.stringify({ body, internal: false }) });
      const answers = await Promise.all([reply(marta, 'Respuesta de Marta'), reply(pablo, 'Respuesta de Pablo')]);
      expect(answers.map((r) => r.status)).toEqual([201, 201]);
      const [row] = await t.database.db.select().from(cases).where(eq(cases.reference, reference));
      const stored = await t.database.db.select().from(caseMessages).where(and(eq(caseMessages.caseId, row!.id), eq(caseMessages.author, 'staff'))).orderBy(asc(caseMessages.id));
      expect(stored.map((m) => m.body).sort()).toEqual(['Respuesta de Marta', 'Respuesta de Pablo']);
      expect(new Set(stored.map((m) => m.staffUserId))).toEqual(new Set([marta.user.id, pablo.user.id]));
      // In order: ids and times agree, and the staff view shows them the same way.
      expect(stored[0]!.createdAt.getTime()).toBeLessThanOrEqual(stored[1]!.createdAt.getTime());
      const shown = (await view(reference)).messages.filter((m) => m.author === 'staff').map((m) => m.body);
      expect(shown).toEqual(stored.map((m) => m.body));
      const mails = await t.database.db.select().from(mailOutbox).where(and(eq(mailOutbox.toAddress, email), eq(mailOutbox.template, 'agent_replied')));
      expect(mails).toHaveLength(2);
      expect(mails.map((m) => m.text).join('\n')).toContain('Respuesta de Marta');
      expect(mails.map((m) => m.text).join('\n')).toContain('Respuesta de Pablo');
    });
  });

  describe('a closed case', () => {
    it('stays closed: staff cannot move it to another status, by itself or with a note or reply (409)', async () => {
      const { reference } = await submit();
      expect((await post(`/${reference}/status`, { status: 'closed' })).status).toBe(200);
      const before = await view(reference);
      for (const status of ['open', 'pending_customer', 'solved'] as const) {
        const res = await post(`/${reference}/status`, { status });
        expect(res.status).toBe(409);
        expect((await res.json()).type).toMatch(/conflict$/);
        const note = await post(`/${reference}/messages`, { body: 'Reabro por error', internal: true, status });
        expect(note.status).toBe(409);
        expect((await post(`/${reference}/messages`, { body: 'Hola de nuevo', internal: false, status })).status).toBe(409);
      }
      const after = await view(reference);
      expect(after.status).toBe('closed');
      expect(after.messages).toHaveLength(before.messages.length);
      // Closing again changes nothing; a plain note is still welcome.
      expect((await post(`/${reference}/status`, { status: 'closed' })).status).toBe(200);
      expect((await post(`/${reference}/messages`, { body: 'Nota interna', internal: true })).status).toBe(201);
      expect((await post(`/${reference}/messages`, { body: 'Nota interna', internal: true, status: 'closed' })).status).toBe(201);
      expect((await view(reference)).status).toBe('closed');
    });
  });

  describe('the customer beside the case', () => {
    it('shows who they are, their other cases newest first (20 at most) and their fast-lane money', async () => {
      const email = 'cliente.fiel@example.com';
      const refs: string[] = [];
      for (let i = 0; i < 22; i++) {
        t.clock.advance(60_000);
        refs.push((await submit({ email, name: 'Cliente Fiel', subject: `Consulta ${i}`, locale: 'en' })).reference);
      }
      const [paidCase] = await t.database.db.select().from(cases).where(eq(cases.reference, refs[3]!));
      const now = t.clock.now();
      const [incident] = await t.database.db
        .insert(fastlaneOrders)
        .values({ customerId: paidCase!.customerId, planKey: 'incident', kind: 'incident', caseId: paidCase!.id, amount: 1500, currency: 'eur', status: 'partially_refunded', checkoutSessionId: 'cs_test_changes_1', amountRefunded: 500, createdAt: now, paidAt: now, updatedAt: now })
        .returning();
      const [monthly] = await t.database.db
        .insert(fastlaneOrders)
        .values({ customerId: paidCase!.customerId, planKey: 'monthly', kind: 'subscription', amount: 2900, currency: 'eur', status: 'paid', checkoutSessionId: 'cs_test_changes_2', subscriptionId: 'sub_changes', createdAt: now, paidAt: now, updatedAt: now })
        .returning();
      await t.database.db.insert(entitlements).values({ customerId: paidCase!.customerId, subscriptionId: 'sub_changes', planKey: 'monthly', status: 'active', currentPeriodEnd: new Date(now.getTime() + 30 * 86_400_000), createdAt: now, updatedAt: now });
      const [done] = await t.database.db.insert(fastlaneRefunds).values({ orderId: incident!.id, amount: 500, reason: 'Goodwill', reasonCode: 'goodwill', requestedBy: `staff:${tokenId}`, status: 'succeeded', stripeRefundId: 're_changes_1', createdAt: now, decidedAt: now }).returning();
      const [waiting] = await t.database.db.insert(fastlaneRefunds).values({ orderId: incident!.id, amount: 1000, reason: 'Ya no lo necesito', reasonCode: 'customer_request', requestedBy: 'customer', status: 'pending_approval', createdAt: new Date(now.getTime() + 1000) }).returning();

      const v = await view(refs[21]!);
      expect(v.customer).toMatchObject({ name: 'Cliente Fiel', email, locale: 'en' });
      expect(v.customer.cases.map((c) => c.reference)).toEqual(refs.slice(1, 21).reverse());
      expect(v.customer.cases[0]).toEqual({ reference: refs[20], subject: 'Consulta 20', status: 'new', lane: 'standard', createdAt: expect.any(String) });
      // The plan by its key and by its name in each language, as the fast lane's settings have it.
      expect(v.customer.fastlane.subscription).toMatchObject({ plan: 'monthly', planName: { es: 'Suscripción mensual', en: 'Monthly subscription' }, status: 'active', cancelAtPeriodEnd: false });
      expect(v.customer.fastlane.orders.map((o) => [o.id, o.kind, o.caseReference, o.refunds.length])).toEqual([
        [monthly!.id, 'subscription', null, 0],
        [incident!.id, 'incident', refs[3], 2],
      ]);
      expect(v.customer.fastlane.orders[1]).toMatchObject({ plan: 'incident', status: 'partially_refunded', amount: 1500, currency: 'eur', amountRefunded: 500 });
      expect(v.customer.fastlane.refunds.map((r) => [r.id, r.status, r.orderId])).toEqual([
        [waiting!.id, 'pending_approval', incident!.id],
        [done!.id, 'succeeded', incident!.id],
      ]);
      // The case a payment is for shows it too, as before.
      expect((await view(refs[3]!)).payments.map((p) => p.id)).toEqual([incident!.id]);
      // A plan the settings no longer list has no name, only its key.
      await t.database.db.update(entitlements).set({ planKey: 'retired-plan' }).where(eq(entitlements.subscriptionId, 'sub_changes'));
      expect((await view(refs[21]!)).customer.fastlane.subscription).toMatchObject({ plan: 'retired-plan', planName: null });
      const first = await view(refs[0]!);
      expect(first.customer.cases).toHaveLength(20);
      expect(first.customer.cases.map((c) => c.reference)).not.toContain(refs[0]);
    });

    it('shows a customer with nothing else empty-handed', async () => {
      const { reference } = await submit({ email: 'nueva@example.com' });
      const v = await view(reference);
      expect(v.customer).toMatchObject({ email: 'nueva@example.com', locale: 'es', cases: [], fastlane: { orders: [], subscription: null, refunds: [] } });
      expect(v.assigneeId).toBeNull();
      const events = await t.database.db.select().from(caseEvents);
      expect(events.length).toBeGreaterThan(0);
    });
  });
});
