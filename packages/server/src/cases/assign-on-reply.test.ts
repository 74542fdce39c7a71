// A signed-in staff member's public reply to a case nobody has takes the case: it leaves the
// Unassigned view, so a colleague does not answer it a second time. Notes, replies made with an
// API token, and cases someone (or some name) already has keep their assignee.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { signInStaff, type SignedInStaff } from '../testing/staff.js';
import { submitTestCase } from '../testing/staff-users.js';

describe.each(testDatabases())('a reply to an unassigned case assigns it to the replier, on %s', (kind) => {
  let t: TestApp;
  let token: string;
  let marta: SignedInStaff;
  let luis: SignedInStaff;

  beforeAll(async () => {
    t = await createTestApp(kind, { env: { AYUDA_CASE_RATE_LIMIT: '1000', AYUDA_CASE_EMAIL_LIMIT: '1000' }, kb: false });
    await t.mail.stop();
    token = (await t.staffTokens.create('crm-sync')).token;
    marta = await signInStaff(t, { name: 'Marta Gil' });
    luis = await signInStaff(t, { name: 'Luis Ortega' });
  });
  afterAll(() => t.dispose());

  const post = (path: string, headers: Record<string, string>, body: unknown) =>
    t.request(`/api/v1/staff/cases/${path}`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const view = async (reference: string) => (await t.request(`/api/v1/staff/cases/${reference}`, { headers: marta.headers() })).json();
  const unassigned = async () => ((await (await t.request('/api/v1/staff/cases?view=unassigned', { headers: marta.headers() })).json()) as { cases: Array<{ reference: string }> }).cases.map((c) => c.reference);

  it('assigns the case to the staff member who replied, with an `assigned` event by them, in the reply’s answer', async () => {
    const c = await submitTestCase(t);
    expect(await unassigned()).toContain(c.reference);
    const res = await post(`${c.reference}/messages`, marta.headers(true), { body: 'Te llamo mañana.' });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ assignee: 'Marta Gil', assigneeId: marta.user.id, status: 'pending_customer' });
    const after = await view(c.reference);
    expect(after.events.filter((e: { type: string }) => e.type === 'assigned')).toEqual([
      expect.objectContaining({ actor: `user:${marta.user.id}`, data: { from: null, to: 'Marta Gil', fromId: null, toId: marta.user.id } }),
    ]);
    expect(await unassigned()).not.toContain(c.reference);
    // A second reply, by someone else, leaves it with Marta.
    expect((await post(`${c.reference}/messages`, luis.headers(true), { body: 'Añado un detalle.' })).status).toBe(201);
    expect(await view(c.reference)).toMatchObject({ assignee: 'Marta Gil', assigneeId: marta.user.id });
  });

  it('leaves the case unassigned after an internal note, and after a reply made with an API token', async () => {
    const c = await submitTestCase(t);
    expect((await post(`${c.reference}/messages`, marta.headers(true), { body: 'Revisar la línea.', internal: true })).status).toBe(201);
    expect((await post(`${c.reference}/messages`, { Authorization: `Bearer ${token}` }, { body: 'Recibido, lo revisamos.' })).status).toBe(201);
    expect(await view(c.reference)).toMatchObject({ assignee: null, assigneeId: null });
    expect((await view(c.reference)).events.some((e: { type: string }) => e.type === 'assigned')).toBe(false);
    expect(await unassigned()).toContain(c.reference);
  });

  it('keeps an assignee the case already has: a colleague, or a name set by a script', async () => {
    const a = await submitTestCase(t);
    expect((await post(`${a.reference}/assignee`, luis.headers(true), { assigneeId: luis.user.id })).status).toBe(200);
    expect((await post(`${a.reference}/messages`, marta.headers(true), { body: 'Te ayudo yo.' })).status).toBe(201);
    expect(await view(a.reference)).toMatchObject({ assignee: 'Luis Ortega', assigneeId: luis.user.id });

    const b = await submitTestCase(t);
    expect((await post(`${b.reference}/assignee`, { Authorization: `Bearer ${token}` }, { assignee: 'Equipo de red' })).status).toBe(200);
    expect((await post(`${b.reference}/messages`, marta.headers(true), { body: 'Lo miro.' })).status).toBe(201);
    expect(await view(b.reference)).toMatchObject({ assignee: 'Equipo de red', assigneeId: null });
  });

  it('assigns nothing when the reply is refused (a closed case takes notes only)', async () => {
    const c = await submitTestCase(t);
    expect((await post(`${c.reference}/status`, marta.headers(true), { status: 'closed' })).status).toBe(200);
    const res = await post(`${c.reference}/messages`, marta.headers(true), { body: '¿Sigue pasando?' });
    expect(res.status).toBe(409);
    expect(await view(c.reference)).toMatchObject({ assignee: null, assigneeId: null, status: 'closed' });
  });
});
