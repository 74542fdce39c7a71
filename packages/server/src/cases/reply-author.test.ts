// Who customers are told answered them: the staff member by their own name, or the company for
// a reply made with an API token (whose name is a label for staff, never a person's).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { signInStaff, type SignedInStaff } from '../testing/staff.js';
import { submitTestCase } from '../testing/staff-users.js';
import { mailOutbox } from '../db/schema.js';

const TOKEN_NAME = 'crm-sync-bot';

describe.each(testDatabases())('the replying agent as customers see it, on %s', (kind) => {
  let t: TestApp;
  let token: string;
  let marta: SignedInStaff;

  beforeAll(async () => {
    t = await createTestApp(kind, { env: { AYUDA_CASE_RATE_LIMIT: '1000', AYUDA_CASE_EMAIL_LIMIT: '1000' }, kb: false });
    await t.mail.stop();
    token = (await t.staffTokens.create(TOKEN_NAME)).token;
    marta = await signInStaff(t, { name: 'Marta Gil' });
  });
  afterAll(() => t.dispose());

  const reply = (reference: string, headers: Record<string, string>, body: string) =>
    t.request(`/api/v1/staff/cases/${reference}/messages`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ body }) });
  const mailsTo = async (email: string) =>
    (await t.database.db.select().from(mailOutbox).where(and(eq(mailOutbox.toAddress, email), eq(mailOutbox.template, 'agent_replied')))).map((m) => `${m.subject}\n${m.text}\n${m.html}`);

  it('never shows a token’s name to the customer: the widget’s view, the tracking page and the mail name the company', async () => {
    const c = await submitTestCase(t, { email: 'token-reply@example.com' });
    expect((await reply(c.reference, { Authorization: `Bearer ${token}` }, 'Ya está resuelto.')).status).toBe(201);

    const view = await (await t.request(`/api/v1/cases/track/${c.trackingToken}`)).json();
    expect(view.messages.at(-1)).toMatchObject({ author: 'staff', authorName: 'Nubefibra', body: 'Ya está resuelto.' });
    const page = await (await t.request(`/help/es/cases/${c.trackingToken}`)).text();
    expect(page).toContain('<strong>Nubefibra</strong>');
    expect(page).not.toContain(TOKEN_NAME);
    const [mail] = await mailsTo('token-reply@example.com');
    expect(mail).toContain('Nubefibra ha respondido a tu consulta');
    expect(mail).not.toContain(TOKEN_NAME);
    // Staff still see which token wrote it.
    const staffView = await (await t.request(`/api/v1/staff/cases/${c.reference}`, { headers: { Authorization: `Bearer ${token}` } })).json();
    expect(staffView.messages.at(-1).authorName).toBe(TOKEN_NAME);
  });

  it('shows a signed-in staff member’s own name everywhere', async () => {
    const c = await submitTestCase(t, { email: 'person-reply@example.com' });
    expect((await reply(c.reference, marta.headers(true), 'Te llamo mañana.')).status).toBe(201);
    const view = await (await t.request(`/api/v1/cases/track/${c.trackingToken}`)).json();
    expect(view.messages.at(-1)).toMatchObject({ author: 'staff', authorName: 'Marta Gil' });
    expect(await (await t.request(`/help/es/cases/${c.trackingToken}`)).text()).toContain('<strong>Marta Gil</strong>');
    expect((await mailsTo('person-reply@example.com'))[0]).toContain('Marta Gil ha respondido a tu consulta');
  });

  it('follows the company name as the settings change it', async () => {
    const c = await submitTestCase(t, { email: 'renamed@example.com' });
    expect((await reply(c.reference, { Authorization: `Bearer ${token}` }, 'Hecho.')).status).toBe(201);
    const before = t.config.companyName;
    t.config.companyName = 'Nubefibra Empresas';
    try {
      const view = await (await t.request(`/api/v1/cases/track/${c.trackingToken}`)).json();
      expect(view.messages.at(-1).authorName).toBe('Nubefibra Empresas');
    } finally {
      t.config.companyName = before;
    }
  });
});
