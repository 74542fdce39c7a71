// The staff queue: views, filters, search, order, cursor paging, the SLA block, bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { StaffCase, StaffCaseSummary, StaffQueue } from '@ayuda/core';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases, type DbKind } from '../testing/db.js';
import { cases, staffUsers } from '../db/schema.js';
import { prefixQuery } from './store.js';
import type { StaffActor } from '../staff/actor.js';

const ENV = { AYUDA_CASE_PREFIX: 'NF', AYUDA_CASE_RATE_LIMIT: '100000', AYUDA_CASE_EMAIL_LIMIT: '100000', AYUDA_RATE_LIMIT: '100000' };

interface Queue {
  t: TestApp;
  token: string;
  submit(body: Partial<{ name: string; email: string; subject: string; description: string; category: string; locale: string }>): Promise<{ reference: string; trackingToken: string }>;
  get(query?: string): Promise<Response>;
  list(query?: string): Promise<StaffQueue>;
  staff(path: string, body: unknown): Promise<Response>;
  dispose(): Promise<void>;
}

let keys = 0;
async function queueApp(kind: DbKind): Promise<Queue> {
  const t = await createTestApp(kind, { env: ENV });
  await t.mail.stop();
  const { token } = await t.staffTokens.create('Marta');
  const auth = { Authorization: `Bearer ${token}` };
  const get = (query = '') => t.request(`/api/v1/staff/cases${query}`, { headers: auth });
  return {
    t,
    token,
    async submit(body) {
      const res = await t.request('/api/v1/cases', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `q-${++keys}` },
        body: JSON.stringify({ name: 'Lucía Pérez', email: 'lucia@example.com', subject: 'Sin conexión', description: 'El router parpadea en rojo desde esta mañana.', locale: 'es', ...body }),
      });
      expect(res.status).toBe(201);
      return res.json();
    },
    get,
    async list(query = '') {
      const res = await get(query);
      expect(res.status, await res.clone().text()).toBe(200);
      return res.json();
    },
    staff: (path, body) => t.request(`/api/v1/staff/cases${path}`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    dispose: () => t.dispose(),
  };
}

const refs = (q: StaffQueue) => q.cases.map((c) => c.reference);

/** Every page of `query` from `limit`-sized pages, following `next`; `between` runs before each later page. */
async function allPages(q: Queue, query: string, limit: number, between?: (page: number) => Promise<void>) {
  const seen: string[] = [];
  let next: string | null = null;
  for (let page = 0; page < 100; page++) {
    if (page > 0) await between?.(page);
    const sep = query ? '&' : '?';
    const body: StaffQueue = await q.list(`${query}${sep}limit=${limit}${next ? `&cursor=${encodeURIComponent(next)}` : ''}`);
    seen.push(...refs(body));
    next = body.next;
    if (!next) return seen;
  }
  throw new Error('more than 100 pages');
}

describe('the search words’ prefixes', () => {
  it.each([
    ['facturas', "'factur':*"],
    ['invoices', "'invoic':*"],
    // A stem under four letters is not asked for ("pag" would find "página"); the English one is.
    ['pagos', "'pago':*"],
    ['voy', "'voy':*"],
    ['wifi', "'wifi':*"],
    ['2024', "'2024':*"],
  ])('asks for %j as %s', (lexeme, query) => {
    expect(prefixQuery(lexeme)).toBe(query);
  });
});

describe.each(testDatabases())('staff queue on %s', (kind) => {
  describe('views, filters and search', () => {
    let q: Queue;
    const made: Record<string, string> = {};
    const user: StaffActor = { kind: 'user', id: 0, name: 'Ana Agente', role: 'agent' };

    beforeAll(async () => {
      q = await queueApp(kind);
      const now = q.t.clock.now();
      const [ana] = await q.t.database.db.insert(staffUsers).values({ email: 'ana@nubefibra.example', name: 'Ana Agente', role: 'agent', createdAt: now, updatedAt: now }).returning();
      user.id = ana!.id;
      made.invoice = (await q.submit({ subject: 'Facturación duplicada', description: 'Me habéis cobrado dos veces la cuota de noviembre.', category: 'billing', email: 'jose.garcia@correo.es' })).reference;
      made.wifi = (await q.submit({ subject: 'Wi-Fi lento por la noche', description: 'La velocidad cae después de las ocho.', category: 'router' })).reference;
      made.pending = (await q.submit({ subject: 'Cambio de titular', description: 'Quiero poner el contrato a nombre de mi pareja.' })).reference;
      made.solved = (await q.submit({ subject: 'Portabilidad terminada', description: 'Ya tengo el número en vuestra compañía.' })).reference;
      made.mine = (await q.submit({ subject: 'Router nuevo sin luz', description: 'El router que me enviasteis no enciende.', category: 'router' })).reference;
      made.named = (await q.submit({ subject: 'Llamada pendiente', description: 'Esperaba una llamada ayer.' })).reference;
      expect((await q.staff(`/${made.pending}/messages`, { body: '¿Nos envías el DNI de tu pareja? Lo revisamos al recibirlo.' })).status).toBe(201);
      expect((await q.staff(`/${made.solved}/status`, { status: 'solved' })).status).toBe(200);
      expect((await q.staff(`/${made.wifi}/messages`, { body: 'Posible interferencia del microondas en la cocina.', internal: true })).status).toBe(201);
      await q.t.database.db.update(cases).set({ assigneeId: user.id, assignee: 'Ana Agente' }).where(eq(cases.reference, made.mine));
      expect((await q.staff(`/${made.named}/assignee`, { assignee: 'Turno de tarde' })).status).toBe(200);
    });
    afterAll(() => q.dispose());

    it('lists the open statuses by default (view all) with the new fields', async () => {
      const all = await q.list();
      expect(refs(all).sort()).toEqual([made.invoice, made.wifi, made.pending, made.mine, made.named].sort());
      expect(all.total).toBe(5);
      expect(all.next).toBeNull();
      const invoice = all.cases.find((c) => c.reference === made.invoice)!;
      expect(invoice).toMatchObject({ category: 'billing', assigneeId: null, customer: { email: 'jose.garcia@correo.es' }, sla: { target: 'first_response', state: 'ok' } });
      const mine = all.cases.find((c) => c.reference === made.mine)!;
      expect(mine).toMatchObject({ assignee: 'Ana Agente', assigneeId: user.id });
      expect((await q.list('?view=all')).total).toBe(5);
    });

    it.each([
      ['?view=pending', ['pending']],
      ['?view=solved', ['solved']],
      ['?view=unassigned', ['invoice', 'wifi', 'pending']],
      ['?status=solved,pending_customer', ['pending', 'solved']],
      ['?view=unassigned&status=pending_customer', ['pending']],
      ['?category=router', ['wifi', 'mine']],
      ['?category=router&view=unassigned', ['wifi']],
      ['?category=nothing-here', []],
      ['?lane=fast', []],
      ['?lane=standard&category=billing', ['invoice']],
      ['?assignee=Turno%20de%20tarde', ['named']],
      ['?assigneeId=999', []],
    ])('%s', async (query, expected) => {
      const body = await q.list(query);
      expect(refs(body).sort()).toEqual(expected.map((k) => made[k]).sort());
      expect(body.total).toBe(expected.length);
    });

    it('lists a staff user’s own cases in view mine, and by assigneeId', async () => {
      const mine = await q.t.cases.queue({ view: 'mine', limit: 50 }, user);
      expect(refs(mine)).toEqual([made.mine]);
      expect((await q.t.cases.queue({ view: 'mine', limit: 50, status: ['solved'] }, user)).cases).toEqual([]);
      expect((await q.t.cases.queue({ view: 'mine', limit: 50, assigneeId: user.id + 1 }, user)).total).toBe(0);
      expect(refs(await q.list(`?assigneeId=${user.id}`))).toEqual([made.mine]);
    });

    it('answers view mine for an API token with 400 naming query.view', async () => {
      const res = await q.get('?view=mine');
      expect(res.status).toBe(400);
      const problem = await res.json();
      expect(problem.errors).toEqual([{ field: 'query.view', message: expect.stringContaining('signed-in staff user') }]);
    });

    it.each([
      ['facturacion', ['invoice']],
      ['FACTURACIÓN', ['invoice']],
      ['factur', ['invoice']],
      // Other forms of the word: its Spanish or English stem is looked for too.
      ['facturas', ['invoice']],
      ['cobros noviembre', ['invoice']],
      ['routers', ['mine']],
      ['titulares', ['pending']],
      ['cobrado noviembre', ['invoice']],
      ['jose.garcia', ['invoice']],
      ['JOSÉ.GARCIA@CORREO', ['invoice']],
      ['correo.es', ['invoice']],
      ['microondas', ['wifi']],
      ['dni pareja', ['pending']],
      ['router', ['mine']],
      ['ROUTER   nuevo', ['mine']],
      ['wi-fi', ['wifi']],
      ['router enciende', ['mine']],
      ['titular noviembre', []],
      ['zzqx', []],
    ])('finds %j in subjects, messages (notes too) and emails, without case or accents', async (text, expected) => {
      const body = await q.list(`?q=${encodeURIComponent(text)}`);
      expect(refs(body).sort(), text).toEqual(expected.map((k) => made[k]).sort());
      expect(body.total).toBe(expected.length);
    });

    it('finds a case by its reference, and searches within a view', async () => {
      expect(refs(await q.list(`?q=${made.wifi!.toLowerCase()}`))).toEqual([made.wifi]);
      expect(refs(await q.list(`?view=solved&q=portabilidad`))).toEqual([made.solved]);
      expect(refs(await q.list(`?q=portabilidad`))).toEqual([]);
    });

    it.each(['%', '_', '\\', "'", '"', ':*', '&|!()', "o'brien", 'a & b', '!router', '<->', '%00', '😀', 'مرحبا', '\u202E', 'a:*|b'])('answers hostile search text %j without error', async (text) => {
      const res = await q.get(`?q=${encodeURIComponent(text)}`);
      expect(res.status, await res.clone().text()).toBe(200);
      const body: StaffQueue = await res.json();
      // Wildcards are plain characters: `%` or `_` alone matches no email.
      if (text === '%' || text === '_') expect(body.total).toBe(0);
    });

    it.each([
      ['?view=everything', 'query.view'],
      ['?status=lost', 'query.status.0'],
      ['?status=', 'query.status.0'],
      ['?lane=slow', 'query.lane'],
      ['?category=%3Cscript%3E', 'query.category'],
      ['?assigneeId=abc', 'query.assigneeId'],
      ['?assigneeId=0', 'query.assigneeId'],
      ['?assigneeId=2147483648', 'query.assigneeId'],
      ['?limit=0', 'query.limit'],
      ['?limit=501', 'query.limit'],
      ['?limit=ten', 'query.limit'],
      ['?offset=-1', 'query.offset'],
      [`?q=${'a'.repeat(201)}`, 'query.q'],
      [`?q=${encodeURIComponent('uno dos tres cuatro cinco seis siete ocho nueve diez once')}`, 'query.q'],
      ['?cursor=not-a-cursor', 'query.cursor'],
      [`?cursor=${Buffer.from(JSON.stringify({ v: 2, l: 0, d: null, r: 'NF-000001' })).toString('base64url')}`, 'query.cursor'],
      [`?cursor=${Buffer.from(JSON.stringify({ v: 1, l: 0, d: 'yesterday', r: 'NF-000001' })).toString('base64url')}`, 'query.cursor'],
      [`?cursor=${'x'.repeat(501)}`, 'query.cursor'],
      ['?cursor=abc&offset=10', 'query.cursor'],
      ['?assignee=Marta%00', 'query.assignee'],
    ])('refuses %s with 400 naming %s', async (query, field) => {
      const res = await q.get(query);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect((await res.json()).errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('refuses a huge search with 400 and answers 500 cases at most', async () => {
      const huge = await q.get(`?q=${'ñ'.repeat(20_000)}`);
      expect(huge.status).toBe(400);
      expect((await huge.json()).errors[0].field).toBe('query.q');
      expect((await q.list('?limit=500')).cases.length).toBe(5);
    });

    it('pages a search by cursor, and counts it past its last page', async () => {
      const one = await q.list('?q=e');
      expect(one.total).toBeGreaterThan(2);
      expect(await allPages(q, '?q=e', 1)).toEqual(refs(one));
      const past = await q.list('?q=e&offset=100');
      expect(past).toEqual({ total: one.total, next: null, cases: [] });
    });

    it('keeps the offset of scripts written before the cursor', async () => {
      const all = refs(await q.list());
      expect(refs(await q.list('?offset=2&limit=2'))).toEqual(all.slice(2, 4));
    });

    it('requires a staff token (401)', async () => {
      expect((await q.t.request('/api/v1/staff/cases')).status).toBe(401);
      expect((await q.t.request('/api/v1/staff/cases', { headers: { Authorization: 'Bearer ayuda_st_nope' } })).status).toBe(401);
    });
  });

  describe('order and paging', () => {
    let q: Queue;
    beforeAll(async () => {
      q = await queueApp(kind);
    });
    afterAll(() => q.dispose());

    it('puts the fast lane first, then the next due time, waiting-for-customer and ties by reference last', async () => {
      const { clock } = q.t;
      const start = clock.now().getTime();
      const at = async (minutes: number, subject: string) => {
        clock.set(new Date(start + minutes * 60_000).toISOString());
        return (await q.submit({ subject })).reference;
      };
      const s1 = await at(0, 'Standard created first');
      const s2 = await at(10, 'Standard created later');
      const f1 = await at(20, 'Fast created later');
      const f2 = await at(5, 'Fast created first');
      const s0 = await at(0, 'Standard same time as the first');
      const waiting = await at(1, 'Standard waiting for the customer');
      const solved = await at(2, 'Standard solved');
      clock.set(new Date(start + 30 * 60_000).toISOString());
      // Lane changes count the fast lane's targets from the change, so both fast cases fall due
      // an hour after it; the earlier change is due first.
      for (const [ref, offset] of [[f2, 30], [f1, 31]] as const) {
        clock.set(new Date(start + offset * 60_000).toISOString());
        const [row] = await q.t.database.db.select({ id: cases.id }).from(cases).where(eq(cases.reference, ref));
        await q.t.database.db.transaction((tx) => q.t.cases.moveToLane(tx, row!.id, 'fast', 'system', 'paid'));
      }
      expect((await q.staff(`/${waiting}/messages`, { body: '¿Puedes reiniciar el router y decirnos qué luces ves?' })).status).toBe(201);
      expect((await q.staff(`/${solved}/status`, { status: 'solved' })).status).toBe(200);
      clock.set(new Date(start + 40 * 60_000).toISOString());

      const open = await q.list();
      expect(refs(open)).toEqual([f2, f1, s1, s0, s2, waiting]);
      const lanes = open.cases.map((c) => c.lane);
      expect(lanes).toEqual(['fast', 'fast', 'standard', 'standard', 'standard', 'standard']);
      // Due times ascend within each lane; the case waiting for the customer has none.
      const due = (c: StaffCaseSummary) => c.sla.dueAt;
      expect(due(open.cases[0]!)! < due(open.cases[1]!)!).toBe(true);
      expect(due(open.cases[2]!)).toBe(due(open.cases[3]!));
      expect(open.cases.at(-1)!.sla).toMatchObject({ target: 'resolution', dueAt: null, state: 'paused' });
      expect(refs(await q.list('?status=new,open,pending_customer,solved')).at(-1)).toBe(solved);
    });

    it('lists finished cases alone newest first (by when each was finished), across lanes, and pages them by cursor', async () => {
      const { clock } = q.t;
      const start = clock.now().getTime() + 3_600_000;
      const made: string[] = [];
      for (let i = 0; i < 5; i++) made.push((await q.submit({ subject: `Finished ${i}`, category: 'outages' })).reference);
      const [fastRow] = await q.t.database.db.select({ id: cases.id }).from(cases).where(eq(cases.reference, made[3]!));
      await q.t.database.db.transaction((tx) => q.t.cases.moveToLane(tx, fastRow!.id, 'fast', 'system', 'paid'));
      // Finished in another order than created: 2, 0, 4 (fast lane: 3), 1; 4 closed without being solved.
      const finish = async (i: number, minutes: number, status: 'solved' | 'closed' = 'solved') => {
        clock.set(new Date(start + minutes * 60_000).toISOString());
        expect((await q.staff(`/${made[i]}/status`, { status })).status).toBe(200);
      };
      await finish(2, 0);
      await finish(0, 10);
      await finish(4, 20, 'closed');
      await finish(3, 30);
      await finish(1, 40);
      // Closing a solved case later keeps its place (the day it was solved).
      await finish(0, 50, 'closed');
      const newest = [made[1], made[3], made[4], made[0], made[2]];
      expect(refs(await q.list('?category=outages&status=solved,closed'))).toEqual(newest);
      expect(refs(await q.list('?category=outages&view=solved'))).toEqual([made[1], made[3], made[2]]);
      expect(refs(await q.list('?category=outages&status=closed'))).toEqual([made[4], made[0]]);
      expect(await allPages(q, '?category=outages&status=solved,closed', 2)).toEqual(newest);
      // A list with open cases in it keeps the SLA order: fast lane first, then due times, finished cases last in their lane.
      const open = (await q.submit({ subject: 'Still open', category: 'outages' })).reference;
      expect(refs(await q.list('?category=outages&status=new,solved'))).toEqual([made[3], open, made[1], made[2]]);
      // A cursor is for the order it came from.
      const sla = (await q.list('?category=outages&status=new,solved&limit=1')).next!;
      const done = (await q.list('?category=outages&view=solved&limit=1')).next!;
      for (const [query, cursor] of [['?view=solved', sla], ['?status=new,solved', done]] as const) {
        const res = await q.get(`${query}&category=outages&cursor=${encodeURIComponent(cursor)}`);
        expect(res.status, query).toBe(400);
        expect((await res.json()).errors[0].field).toBe('query.cursor');
      }
    });

    it('says who wrote the latest public message: the customer while they wait, staff once answered; notes do not count', async () => {
      const a = await q.submit({ subject: 'Who wrote last', category: 'who' });
      const author = async () => (await q.list('?category=who')).cases[0]!.lastPublicAuthor;
      const view = async () => (await (await q.t.request(`/api/v1/staff/cases/${a.reference}`, { headers: { Authorization: `Bearer ${q.token}` } })).json()) as StaffCase;
      const detail = async () => (await view()).lastPublicAuthor;
      expect([await author(), await detail()]).toEqual(['customer', 'customer']);
      // The case also says the company's time zone, in which its due times are meant.
      expect((await view()).timeZone).toBe('Europe/Madrid');
      expect((await q.staff(`/${a.reference}/messages`, { body: '¿Qué luces ves en el router?' })).status).toBe(201);
      expect([await author(), await detail()]).toEqual(['staff', 'staff']);
      // The customer answers: answered once, but waiting again (the first-response target is met).
      const reply = await q.t.request(`/api/v1/cases/track/${a.trackingToken}/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body: 'Una luz roja fija.' }) });
      expect(reply.status, await reply.clone().text()).toBe(201);
      const listed = (await q.list('?category=who')).cases[0]!;
      expect(listed.sla.target).toBe('resolution');
      expect([listed.lastPublicAuthor, await detail()]).toEqual(['customer', 'customer']);
      // An internal note is no answer.
      expect((await q.staff(`/${a.reference}/messages`, { body: 'Mirar la línea.', internal: true })).status).toBe(201);
      expect([await author(), await detail()]).toEqual(['customer', 'customer']);
      expect(refs(await q.list('?category=who&q=roja'))).toEqual([a.reference]);
      expect((await q.list('?category=who&q=roja')).cases[0]!.lastPublicAuthor).toBe('customer');
    });

    it('pages by cursor without duplicates or gaps while cases come, go and change', async () => {
      for (let i = 0; i < 23; i++) {
        q.t.clock.advance(60_000);
        await q.submit({ subject: `Paging ${i}`, category: 'billing' });
      }
      const before = await allPages(q, '?category=billing', 50);
      expect(before).toHaveLength(23);
      expect((await q.list('?category=billing&limit=5')).total).toBe(23);
      // Page by 4 while, between pages, a new case arrives (due last: it was created last), a
      // case already seen is solved, and a case not yet seen is solved.
      const solvedSeen: string[] = [];
      const solvedAhead: string[] = [];
      const added: string[] = [];
      const seen = await allPages(q, '?category=billing', 4, async (page) => {
        q.t.clock.advance(60_000);
        added.push((await q.submit({ subject: `Paging new ${page}`, category: 'billing' })).reference);
        const seenSoFar = before.slice(0, page * 4);
        const notSeen = before.filter((r) => !seenSoFar.includes(r) && !solvedAhead.includes(r));
        const a = seenSoFar.find((r) => !solvedSeen.includes(r));
        const b = notSeen.at(-1);
        for (const [ref, into] of [[a, solvedSeen], [b, solvedAhead]] as const) {
          if (!ref) continue;
          expect((await q.staff(`/${ref}/status`, { status: 'solved' })).status).toBe(200);
          into.push(ref);
        }
      });
      expect(new Set(seen).size).toBe(seen.length);
      // Every case that stayed open was listed once; cases solved before their page never were.
      for (const ref of before) {
        if (solvedAhead.includes(ref)) expect(seen, ref).not.toContain(ref);
        else expect(seen, ref).toContain(ref);
      }
      // New cases fall due after every older one, so each shows on a later page.
      for (const ref of added) expect(seen).toContain(ref);
      expect(seen.indexOf(before[0]!)).toBe(0);
    });

    it('pages 500 at a time and agrees with a single page', async () => {
      const one = refs(await q.list('?limit=500&status=new,open,pending_customer,solved'));
      const paged = await allPages(q, '?status=new,open,pending_customer,solved', 3);
      expect(paged).toEqual(one);
    });
  });

  describe('SLA block', () => {
    let q: Queue;
    beforeAll(async () => {
      q = await queueApp(kind);
    });
    afterAll(() => q.dispose());

    const slaOf = async (ref: string) => (await q.list(`?q=${ref.toLowerCase()}&status=new,open,pending_customer,solved`)).cases[0]!.sla;

    it('counts business minutes: ok, at risk under 25 % left, breached, paused, none', async () => {
      const { clock } = q.t;
      clock.set('2026-11-20T10:00:00Z'); // Friday 11:00 in Madrid; open 09:00–18:00 on weekdays
      const standard = (await q.submit({ subject: 'SLA standard' })).reference;
      const fast = (await q.submit({ subject: 'SLA fast' })).reference;
      const [row] = await q.t.database.db.select({ id: cases.id }).from(cases).where(eq(cases.reference, fast));
      await q.t.database.db.transaction((tx) => q.t.cases.moveToLane(tx, row!.id, 'fast', 'system', 'paid'));

      // Standard: 8 business hours to the first response: 7 today and 1 on Monday.
      expect(await slaOf(standard)).toEqual({ target: 'first_response', dueAt: '2026-11-23T09:00:00.000Z', remainingMinutes: 480, totalMinutes: 480, state: 'ok' });
      expect(await slaOf(fast)).toEqual({ target: 'first_response', dueAt: '2026-11-20T11:00:00.000Z', remainingMinutes: 60, totalMinutes: 60, state: 'ok' });

      clock.set('2026-11-20T10:45:00Z');
      expect(await slaOf(fast)).toMatchObject({ remainingMinutes: 15, state: 'ok' });
      clock.set('2026-11-20T10:46:00Z');
      expect(await slaOf(fast)).toMatchObject({ remainingMinutes: 14, state: 'at_risk' });
      clock.set('2026-11-20T11:01:00Z');
      expect(await slaOf(fast)).toMatchObject({ remainingMinutes: -1, state: 'breached' });

      // Over the weekend the business clock stands still.
      clock.set('2026-11-21T12:00:00Z');
      expect(await slaOf(standard)).toMatchObject({ remainingMinutes: 60, state: 'at_risk' });
      clock.set('2026-11-23T09:30:00Z');
      expect(await slaOf(standard)).toMatchObject({ remainingMinutes: -30, state: 'breached' });

      // Answered: the next target is resolution (40 business hours from creation, 8 for the fast lane).
      expect((await q.staff(`/${standard}/messages`, { body: 'Lo revisamos.', status: 'open' })).status).toBe(201);
      expect(await slaOf(standard)).toMatchObject({ target: 'resolution', totalMinutes: 2400, remainingMinutes: 2400 - 510, state: 'ok' });
      // Waiting for the customer: the resolution clock stops, the due time is unknown.
      expect((await q.staff(`/${standard}/status`, { status: 'pending_customer' })).status).toBe(200);
      clock.set('2026-11-23T15:30:00Z');
      expect(await slaOf(standard)).toEqual({ target: 'resolution', dueAt: null, remainingMinutes: 1890, totalMinutes: 2400, state: 'paused' });
      // Solved: no target.
      expect((await q.staff(`/${standard}/status`, { status: 'solved' })).status).toBe(200);
      expect(await slaOf(standard)).toEqual({ target: null, dueAt: null, remainingMinutes: null, totalMinutes: null, state: 'none' });
      clock.set('2026-11-20T10:00:00Z');
    });
  });
});
