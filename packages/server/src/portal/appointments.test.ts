import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { mailOutbox } from '../db/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';

describe.each(testDatabases())('portal appointment pages on %s', (kind) => {
  let t: TestApp;
  let staffToken: string;
  beforeAll(async () => {
    t = await createTestApp(kind, { env: { AYUDA_CASE_PREFIX: 'NF' } });
    staffToken = (await t.staffTokens.create('portal-appointments')).token;
    const staff = (path: string, method: string, body: unknown) =>
      t.request(`/api/v1/staff${path}`, { method, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${staffToken}` }, body: JSON.stringify(body) });
    const created = await staff('/users', 'POST', { email: 'agenda@nubefibra.test', name: 'Lucía Agenda', role: 'agent' });
    expect(created.status).toBe(201);
    const agentId = ((await created.json()) as { user: { id: number } }).user.id;
    expect((await staff(`/appointment-agents/${agentId}`, 'PUT', { rules: [{ rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', start: '09:00', end: '17:00', validFrom: '2026-01-01' }] })).status).toBe(200);
    const type = { key: 'llamada', name: { es: 'Llamada de soporte', en: 'Support call' }, mode: 'phone', durationMinutes: 30, agentIds: [agentId], minNoticeMinutes: 120, maxDaysAhead: 14, reserveShare: 0 };
    expect((await staff('/appointment-types/llamada', 'PUT', type)).status).toBe(200);
  });
  afterAll(() => t.dispose());

  /** Books `start` through the portal's form; the appointment's token and id. */
  async function book(start: string, email: string): Promise<{ token: string; id: string }> {
    const page = await (await t.request('/help/en/appointments/book/llamada?week=2026-11-30')).text();
    const res = await post('/help/en/appointments/book/llamada?week=2026-11-30', { idempotencyKey: keyOf(page), start, name: 'Pat Lee', email, phone: '+44 20 7946 0958' });
    expect(res.status).toBe(303);
    const token = res.headers.get('location')!.split('/').pop()!.split('?')[0]!;
    const view = (await (await t.request(`/api/v1/appointments/manage/${token}`)).json()) as { id: string };
    return { token, id: view.id };
  }
  /** Staff propose another time; the proposal's token from the mail its customer is sent. */
  async function propose(id: string, start: string, email: string): Promise<string> {
    const res = await t.request(`/api/v1/staff/appointments/${id}/proposals`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${staffToken}` }, body: JSON.stringify({ start, reason: 'A customer with an urgent fault needs this time' }) });
    expect(res.status).toBe(201);
    const mails = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, email));
    const link = mails.map((m) => /\/appointments\/proposals\/([\w-]+)/.exec(m.text ?? '')?.[1]).find(Boolean);
    expect(link, 'the proposal mail').toBeTruthy();
    return link!;
  }

  const post = (path: string, fields: Record<string, string>) => t.request(path, { method: 'POST', body: new URLSearchParams(fields), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  /** The radio inputs' values (instants) of a page. */
  const starts = (html: string) => [...html.matchAll(/<input type="radio" name="start" value="([^"]+)"/g)].map((m) => m[1]!);
  const keyOf = (html: string) => /name="idempotencyKey" value="([\w-]+)"/.exec(html)![1]!;

  it('lists the types, with links to their booking pages', async () => {
    const res = await t.request('/help/es/appointments');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Pedir cita</h1>');
    expect(html).toContain('<a href="/help/es/appointments/book/llamada">Llamada de soporte</a>');
    expect(html).toContain('Por teléfono · 30 min');
    expect(res.headers.get('x-robots-tag')).toBe('noindex');
    expect(await (await t.request('/help/en/appointments')).text()).toContain('>Support call</a>');
  });

  it('shows a week of free times as radio inputs grouped by day, with the next week and a hidden key', async () => {
    // The clock: Friday 2026-11-20 10:00 UTC. This week has the rest of Friday; the next one five days.
    const res = await t.request('/help/es/appointments/book/llamada');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<input type="hidden" name="idempotencyKey" value="[0-9a-f-]{36}">/);
    expect(html).toContain('<legend>Elige una hora</legend>');
    expect(html).toContain('<legend>viernes, 20 de noviembre</legend>');
    const times = starts(html);
    expect(times.length).toBeGreaterThan(0);
    expect(times.every((s) => Date.parse(s) >= Date.parse('2026-11-20T12:00:00Z'))).toBe(true);
    expect(html).toContain('href="/help/es/appointments/book/llamada?week=2026-11-23" rel="next"');
    expect(html).not.toContain('rel="prev"');
    expect(html).toContain('<label for="phone">Teléfono</label>');
    expect(html).toContain('class="hp" aria-hidden="true"');
    const next = await (await t.request('/help/en/appointments/book/llamada?week=2026-11-25')).text();
    expect(next).toContain('<legend>Monday 23 November</legend>');
    expect(next).toContain('rel="prev"');
    expect(starts(next).length).toBe(5 * 16);
    // A week that is no date, or in the past, is this week.
    for (const week of ['2026-02-31', 'tomorrow', '2020-01-06']) expect(starts(await (await t.request(`/help/es/appointments/book/llamada?week=${week}`)).text())).toEqual(times);
  });

  it('answers a type that does not exist, and a forged or malformed link, with a 404 page', async () => {
    const type = await t.request('/help/es/appointments/book/no-existe');
    expect(type.status).toBe(404);
    expect(await type.text()).toContain('Ese tipo de cita no existe');
    for (const path of ['/help/en/appointments/manage/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '/help/en/appointments/manage/bad!token', '/help/en/appointments/proposals/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
      const res = await t.request(path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).toContain('We could not find that appointment');
    }
  });

  it('leads the language-less links of the mails, and the short manage link, to the pages', async () => {
    const token = 'A'.repeat(32);
    const cases: Array<[string, string, string]> = [
      ['/portal/appointments', 'en-GB,en;q=0.8', '/help/en/appointments'],
      ['/portal/appointments/book/llamada?week=2026-11-23', 'es', '/help/es/appointments/book/llamada?week=2026-11-23'],
      [`/portal/appointments/manage/${token}`, 'en', `/help/en/appointments/manage/${token}`],
      [`/portal/appointments/proposals/${token}`, 'fr', `/help/es/appointments/proposals/${token}`],
      [`/help/en/appointments/${token}`, 'es', `/help/en/appointments/manage/${token}`],
    ];
    for (const [path, lang, to] of cases) {
      const res = await t.request(path, { headers: { 'Accept-Language': lang } });
      expect([301, 302], path).toContain(res.status);
      expect(res.headers.get('location'), path).toBe(to);
    }
  });

  it('refuses bad input with errors beside each field, in the page’s language, keeping what was typed', async () => {
    const page = await (await t.request('/help/es/appointments/book/llamada')).text();
    const res = await post('/help/es/appointments/book/llamada', { idempotencyKey: keyOf(page), name: '', email: 'no-es-correo', phone: 'abc', notes: 'Mi router' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('role="alert">Revisa los campos marcados.');
    expect(html).toContain('<p class="error" id="start-error">Elige una hora.</p>');
    expect(html).toContain('<p class="error" id="name-error">Escribe tu nombre (hasta 200 caracteres).</p>');
    expect(html).toContain('<p class="error" id="email-error">Escribe un correo válido, como nombre@ejemplo.com.</p>');
    expect(html).toContain('aria-describedby="email-hint email-error"');
    expect(html).toContain('value="no-es-correo"');
    expect(html).toContain('Mi router</textarea>');
    expect(keyOf(html)).toBe(keyOf(page));
    // A start that is no instant, and a phone the service cannot read, are refused too.
    const start = starts(page)[0]!;
    const bad = await post('/help/en/appointments/book/llamada', { idempotencyKey: keyOf(page), start: 'tomorrow', name: 'Ana', email: 'ana@example.com' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('<p class="error" id="start-error">Choose a time.</p>');
    const phone = await post('/help/en/appointments/book/llamada', { idempotencyKey: keyOf(page), start, name: 'Ana', email: 'ana@example.com', phone: '12' });
    expect(phone.status).toBe(422);
    expect(await phone.text()).toContain('<p class="error" id="phone-error">');
  });

  it('books once for a double submit, answers a taken time with the fresh week, then manages, moves and cancels it', async () => {
    const page = await (await t.request('/help/es/appointments/book/llamada')).text();
    const [first, second, third] = starts(page);
    const fields = { idempotencyKey: keyOf(page), start: first!, name: 'Ana Pérez', email: 'ana.cita@example.com', phone: '+34 612 34 56 78', notes: 'Configurar el router' };
    const res = await post('/help/es/appointments/book/llamada', fields);
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/help\/es\/appointments\/manage\/[\w-]{20,100}\?booked=1$/);
    const again = await post('/help/es/appointments/book/llamada', fields);
    expect(again.headers.get('location')).toBe(location);

    // Another customer, another form, the same time: taken, with the week's free times and what they typed.
    const other = await (await t.request('/help/en/appointments/book/llamada')).text();
    const taken = await post('/help/en/appointments/book/llamada', { idempotencyKey: keyOf(other), start: first!, name: 'Sam', email: 'sam.cita@example.com', phone: '+44 20 7946 0958' });
    expect(taken.status).toBe(409);
    const takenHtml = await taken.text();
    expect(takenHtml).toContain('role="alert">Someone has just booked that time. Choose another; what you typed is still here.');
    expect(starts(takenHtml)).not.toContain(first);
    expect(starts(takenHtml)).toContain(second);
    expect(takenHtml).toContain('value="Sam"');
    // A new key for the next attempt: the first one booked nothing.
    expect(keyOf(takenHtml)).not.toBe(keyOf(other));

    const manage = await t.request(location);
    expect(manage.status).toBe(200);
    expect(manage.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await manage.text();
    expect(html).toContain('role="status">Cita confirmada.');
    expect(html).toContain('<dd data-status="booked">Confirmada</dd>');
    expect(html).toContain('Lucía Agenda');
    expect(html).toMatch(/<a href="[^"]+\/ics" download>Añadir al calendario \(\.ics\)<\/a>/);
    const token = location.split('/').pop()!.split('?')[0]!;
    expect(html).toContain(`href="/help/es/appointments/manage/${token}/cancel"`);
    expect(starts(html)).not.toContain(first);

    // Move: a bad start is refused; a free one moves it.
    const badMove = await post(`/help/es/appointments/manage/${token}/reschedule`, { start: 'luego' });
    expect(badMove.status).toBe(422);
    expect(await badMove.text()).toContain('<p class="error" id="start-error">Elige una hora.</p>');
    const moved = await post(`/help/es/appointments/manage/${token}/reschedule`, { start: third! });
    expect(moved.status).toBe(303);
    expect(moved.headers.get('location')).toBe(`/help/es/appointments/manage/${token}?moved=1`);
    const movedHtml = await (await t.request(moved.headers.get('location')!)).text();
    expect(movedHtml).toContain('Hemos cambiado la cita a la nueva hora.');
    expect(movedHtml).toContain(`<time datetime="${third}">`);

    // Cancel: a page asks first; a post without the confirmation leads there.
    const ask = await t.request(`/help/es/appointments/manage/${token}/cancel`);
    const askHtml = await ask.text();
    expect(askHtml).toContain('¿Seguro que quieres anular la cita?');
    expect(askHtml).toContain('<input type="hidden" name="confirm" value="yes">');
    const unconfirmed = await post(`/help/es/appointments/manage/${token}/cancel`, {});
    expect(unconfirmed.status).toBe(303);
    expect(unconfirmed.headers.get('location')).toBe(`/help/es/appointments/manage/${token}/cancel`);
    const cancelled = await post(`/help/es/appointments/manage/${token}/cancel`, { confirm: 'yes' });
    expect(cancelled.headers.get('location')).toBe(`/help/es/appointments/manage/${token}?cancelled=1`);
    const done = await (await t.request(cancelled.headers.get('location')!)).text();
    expect(done).toContain('<dd data-status="cancelled">Anulada</dd>');
    expect(done).not.toContain('name="start"');
    // The time is free again.
    expect(starts(await (await t.request('/help/es/appointments/book/llamada')).text())).toContain(third);
  });

  it('shows a proposal to move with its times as radio inputs; accepting moves the appointment, a second answer is refused', async () => {
    const times = starts(await (await t.request('/help/en/appointments/book/llamada?week=2026-11-30')).text());
    const { token, id } = await book(times[0]!, 'prop.accept@example.com');
    const ptoken = await propose(id, times[6]!, 'prop.accept@example.com');
    // The mail's language-less link leads here.
    expect((await t.request(`/portal/appointments/proposals/${ptoken}`, { headers: { 'Accept-Language': 'en' } })).headers.get('location')).toBe(`/help/en/appointments/proposals/${ptoken}`);
    const page = await t.request(`/help/en/appointments/proposals/${ptoken}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>We propose to move your appointment</h1>');
    expect(html).toContain('<legend>Choose the new time</legend>');
    expect(html).toMatch(new RegExp(`<input type="radio" name="start" value="${times[6]}" checked>`));
    expect(html).toContain('(the one we propose)');
    expect(html).toContain('<button type="submit" class="secondary">Keep my appointment</button>');
    // An answer that is neither is refused on the page.
    const bad = await post(`/help/en/appointments/proposals/${ptoken}`, { answer: 'maybe' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('role="alert">Choose a time.');
    const accepted = await post(`/help/en/appointments/proposals/${ptoken}`, { answer: 'accept', start: times[6]! });
    expect(accepted.status).toBe(303);
    expect(await (await t.request(accepted.headers.get('location')!)).text()).toContain('You accepted the change.');
    expect(await (await t.request(`/help/en/appointments/manage/${token}`)).text()).toContain(`<time datetime="${times[6]}">`);
    const again = await post(`/help/en/appointments/proposals/${ptoken}`, { answer: 'refuse' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('role="alert">This proposal was already answered.');
  });

  it('says a proposed time taken meanwhile is taken, and keeps the proposal open', async () => {
    const times = starts(await (await t.request('/help/en/appointments/book/llamada?week=2026-11-30')).text());
    const { token, id } = await book(times[2]!, 'prop.taken@example.com');
    const ptoken = await propose(id, times[8]!, 'prop.taken@example.com');
    await book(times[8]!, 'someone.else@example.com');
    const taken = await post(`/help/en/appointments/proposals/${ptoken}`, { answer: 'accept', start: times[8]! });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain('role="alert">That time was taken meanwhile.');
    expect(await (await t.request(`/help/en/appointments/manage/${token}`)).text()).toContain(`<time datetime="${times[2]}">`);
    expect((await post(`/help/en/appointments/proposals/${ptoken}`, { answer: 'refuse' })).status).toBe(303);
  });

  it('keeps the appointment when its customer refuses the move (Spanish)', async () => {
    const times = starts(await (await t.request('/help/en/appointments/book/llamada?week=2026-11-30')).text());
    const { token, id } = await book(times[1]!, 'prop.refuse@example.com');
    const ptoken = await propose(id, times[7]!, 'prop.refuse@example.com');
    const refused = await post(`/help/es/appointments/proposals/${ptoken}`, { answer: 'refuse' });
    expect(refused.status).toBe(303);
    expect(await (await t.request(`/help/es/appointments/proposals/${ptoken}`)).text()).toContain('Has mantenido tu cita; no cambia nada.');
    expect(await (await t.request(`/help/es/appointments/manage/${token}`)).text()).toContain(`<time datetime="${times[1]}">`);
  });
});
