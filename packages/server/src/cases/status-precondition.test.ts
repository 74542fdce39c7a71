// Solving mails the customer, and the console solves at once a case it believes answered (the
// latest public message the staff's). A customer message arriving between the console's read
// and the solve must not be closed over: the status change carries `ifLastPublicAuthor`, checked
// under the case's lock, and is refused with 412 (nothing changed, no mail) when it no longer holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { signInStaff, type SignedInStaff } from '../testing/staff.js';
import { submitTestCase } from '../testing/staff-users.js';

const rowsOf = (r: unknown) => (r as { rows: Array<Record<string, unknown>> }).rows;

describe.each(testDatabases())('a status change with ifLastPublicAuthor, on %s', (kind) => {
  let t: TestApp;
  let marta: SignedInStaff;

  beforeAll(async () => {
    t = await createTestApp(kind, { env: { AYUDA_CASE_RATE_LIMIT: '1000', AYUDA_CASE_EMAIL_LIMIT: '1000' }, kb: false });
    await t.mail.stop();
    marta = await signInStaff(t, { name: 'Marta Gil' });
  });
  afterAll(() => t.dispose());

  const post = (path: string, body: unknown) =>
    t.request(`/api/v1/staff/cases/${path}`, { method: 'POST', headers: { ...marta.headers(true), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const customerWrites = (token: string, body: string) =>
    t.request(`/api/v1/cases/track/${token}/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body }) });
  const solvedMails = async (reference: string) => Number(rowsOf(await t.database.db.execute(sql`select count(*) as n from mail_outbox where template = 'case_solved' and position(${reference} in subject) > 0`))[0]!.n);
  const status = async (reference: string) => ((await (await t.request(`/api/v1/staff/cases/${reference}`, { headers: marta.headers() })).json()) as { status: string }).status;

  it('solves while the staff wrote last, and refuses with 412 once the customer wrote again: status unchanged, no "solved" mail', async () => {
    const c = await submitTestCase(t);
    expect((await post(`${c.reference}/messages`, { body: 'Reinicia el router, por favor.' })).status).toBe(201);
    // The staff wrote last: solved.
    const ok = await post(`${c.reference}/status`, { status: 'solved', ifLastPublicAuthor: 'staff' });
    expect(ok.status).toBe(200);
    expect(await solvedMails(c.reference)).toBe(1);

    // Another case: the customer writes after the staff's answer, before the console's solve arrives.
    const d = await submitTestCase(t);
    expect((await post(`${d.reference}/messages`, { body: 'Reinicia el router, por favor.' })).status).toBe(201);
    expect((await customerWrites(d.trackingToken, 'Lo he reiniciado y sigue igual.')).status).toBe(201);
    const refused = await post(`${d.reference}/status`, { status: 'solved', ifLastPublicAuthor: 'staff' });
    expect(refused.status).toBe(412);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await refused.json()) as { type: string; detail: string };
    expect(problem.type).toBe('https://ayuda.dev/problems/precondition-failed');
    expect(problem.detail).toContain('customer wrote');
    expect(await status(d.reference)).toBe('open');
    expect(await solvedMails(d.reference)).toBe(0);
    // An internal note is not an answer: still refused.
    expect((await post(`${d.reference}/messages`, { body: 'Revisar la línea.', internal: true })).status).toBe(201);
    expect((await post(`${d.reference}/status`, { status: 'solved', ifLastPublicAuthor: 'staff' })).status).toBe(412);
    // Without the precondition (the agent confirmed), it is solved.
    expect((await post(`${d.reference}/status`, { status: 'solved' })).status).toBe(200);
    expect(await solvedMails(d.reference)).toBe(1);
  });

  it('refuses a case nobody has answered, and names a bad precondition as a field', async () => {
    const c = await submitTestCase(t);
    expect((await post(`${c.reference}/status`, { status: 'solved', ifLastPublicAuthor: 'staff' })).status).toBe(412);
    expect((await post(`${c.reference}/status`, { status: 'pending_customer', ifLastPublicAuthor: 'customer' })).status).toBe(200);
    const bad = await post(`${c.reference}/status`, { status: 'solved', ifLastPublicAuthor: 'agent' });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toContain('body.ifLastPublicAuthor');
    expect(await status(c.reference)).toBe('pending_customer');
  });
});
