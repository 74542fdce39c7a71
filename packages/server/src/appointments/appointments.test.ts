// Appointments through the HTTP API on a real database: types and slots per lane (the reserve
// held for the fast lane and released before it starts), bookings and their bad input, the
// customer's private links, move proposals with consent, and the staff endpoints.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { API_PREFIX, SLA_DEFAULTS, type SlotList } from '@ayuda/core';
import { appointmentMoves, appointments } from '../db/schema.js';
import type { LiveSlaEngine } from '../cases/sla.js';
import { testDatabases } from '../testing/db.js';
import { expectProblem, problemFields } from '../testing/problems.js';
import { booking, calendar, customerSession, json, type Calendar } from './testing.js';

// Each test signs staff in (argon2id) on a fresh database: slower than the default on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

const A = API_PREFIX;
const MONDAY = '2026-11-23';
/** Monday 11:00 in Madrid: with 8 units that day (09:00–13:00, 30 min) and 10 %, the one held for the fast lane. */
const HELD = '2026-11-23T10:00:00.000Z';
const FREE = '2026-11-23T08:00:00.000Z';

describe.each(testDatabases())('appointments (%s)', (kind) => {
  let cal: Calendar;
  afterEach(async () => {
    await cal?.t.dispose();
  });

  const slots = async (query: string, headers: Record<string, string> = {}) => {
    const res = await cal.t.request(`${A}/appointments/slots?${query}`, { headers });
    expect(res.status).toBe(200);
    return (await res.json()) as SlotList;
  };
  const book = (body: unknown, key: string = crypto.randomUUID(), headers: Record<string, string> = {}) => cal.t.request(`${A}/appointments`, json('POST', body, { 'Idempotency-Key': key, ...headers }));

  it('lists the active types in the customer’s language with the calendar’s zone', async () => {
    cal = await calendar(kind);
    const res = await cal.t.request(`${A}/appointments/types?locale=en`);
    expect(await res.json()).toEqual({ timeZone: 'Europe/Madrid', types: [{ key: 'video', name: 'Video call', description: null, mode: 'video', durationMinutes: 30, minNoticeMinutes: 120, maxDaysAhead: 30 }] });
    expect(problemFields(await expectProblem(await cal.t.request(`${A}/appointments/types?locale=fr`), 400, 'validation-error'))).toEqual(['query.locale']);
  });

  it('holds a share of each day for the fast lane: standard customers never see it, fast-lane customers and staff do', async () => {
    cal = await calendar(kind);
    const standard = await slots(`type=video&from=${MONDAY}&to=${MONDAY}`);
    expect(standard.lane).toBe('standard');
    expect(standard.slots).toHaveLength(7);
    expect(standard.slots.map((s) => s.start)).not.toContain(HELD);
    expect(standard.slots[0]).toEqual({ start: FREE, end: '2026-11-23T08:30:00.000Z' });

    const fast = await customerSession(cal.t, { fast: true });
    const mine = await slots(`type=video&from=${MONDAY}&to=${MONDAY}`, { Authorization: `Bearer ${fast.token}` });
    expect(mine.lane).toBe('fast');
    expect(mine.slots.map((s) => s.start)).toContain(HELD);
    expect(mine.slots).toHaveLength(8);

    // Signed in without a subscription: the standard lane still.
    const plain = await customerSession(cal.t);
    expect((await slots(`type=video&from=${MONDAY}&to=${MONDAY}`, { Authorization: `Bearer ${plain.token}` })).lane).toBe('standard');

    const staff = await slots(`type=video&from=${MONDAY}&to=${MONDAY}`, cal.agents[0]!.headers());
    expect(staff.slots.filter((s) => s.reserved).map((s) => s.start)).toEqual([HELD]);
    expect(staff.slots.every((s) => typeof s.reserved === 'boolean')).toBe(true);

    // Less than 24 h before it starts, the held slot is offered to everyone.
    cal.t.clock.set('2026-11-22T10:30:00Z');
    expect((await slots(`type=video&from=${MONDAY}&to=${MONDAY}`)).slots.map((s) => s.start)).toContain(HELD);
  });

  it('answers the next 14 days by default and refuses a period longer than 62 days or a bad query', async () => {
    cal = await calendar(kind);
    const list = await slots('type=video');
    expect(list.from).toBe('2026-11-20T10:00:00.000Z');
    expect(list.to).toBe('2026-12-04T10:00:00.000Z');
    // Friday's remaining hours are inside the notice; then two weeks of weekdays (the last Friday partly).
    expect(new Set(list.slots.map((s) => s.start.slice(0, 10))).size).toBe(10);
    expect(problemFields(await expectProblem(await cal.t.request(`${A}/appointments/slots?type=video&from=2026-11-21&to=2027-01-30`), 422, 'validation-error'))).toEqual(['query.to']);
    expect(problemFields(await expectProblem(await cal.t.request(`${A}/appointments/slots?type=video&from=2026-12-01&to=2026-11-21`), 400, 'validation-error'))).toEqual(['query.from']);
    expect(problemFields(await expectProblem(await cal.t.request(`${A}/appointments/slots?type=video&from=tomorrow`), 400, 'validation-error'))).toEqual(['query.from']);
    expect(problemFields(await expectProblem(await cal.t.request(`${A}/appointments/slots`), 400, 'validation-error'))).toEqual(['query.type']);
    await expectProblem(await cal.t.request(`${A}/appointments/slots?type=nope`), 404, 'not-found');
  });

  it('books a free slot once per Idempotency-Key, and the slot is gone for everyone after', async () => {
    cal = await calendar(kind);
    const res = await book(booking(FREE, { notes: 'La cámara no va' }), 'key-1');
    expect(res.status).toBe(201);
    const a = await res.json();
    expect(a).toMatchObject({ type: 'video', typeName: 'Videollamada', start: FREE, end: '2026-11-23T08:30:00.000Z', status: 'booked', lane: 'standard', with: 'Agente 1', case: null, timeZone: 'Europe/Madrid' });
    expect(a.manageUrl).toMatch(/^http:\/\/help\.test\/portal\/appointments\/manage\/[0-9a-f]{32}[\w-]{22}$/);
    expect(a.icsUrl).toBe(`http://help.test/api/v1/appointments/manage/${a.manageUrl.split('/').pop()}/ics`);
    expect(cal.mailed.map((m) => m.kind)).toEqual(['booked']);

    const again = await book(booking(FREE, { notes: 'La cámara no va' }), 'key-1');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(a);
    expect(cal.mailed).toHaveLength(1);
    await expectProblem(await book(booking(FREE, { notes: 'otra cosa' }), 'key-1'), 422, 'idempotency-key-mismatch');
    expect((await slots(`type=video&from=${MONDAY}&to=${MONDAY}`)).slots.map((s) => s.start)).not.toContain(FREE);
    expect(await cal.t.database.db.select().from(appointments)).toHaveLength(1);
  });

  it('refuses a standard customer the held slot with the same 409 as a taken one, naming no one', async () => {
    cal = await calendar(kind);
    const held = await expectProblem(await book(booking(HELD)), 409, 'conflict');
    expect((held as { slots?: Array<{ start: string }> }).slots?.map((s) => s.start)).toHaveLength(7);
    expect(JSON.stringify(held)).not.toMatch(/reserv|fast|priorit|Agente/i);

    expect((await book(booking(FREE))).status).toBe(201);
    const taken = await expectProblem(await book(booking(FREE, { email: 'otra@example.com' })), 409, 'conflict');
    expect({ title: (taken as { title?: string }).title, detail: taken.detail }).toEqual({ title: (held as { title?: string }).title, detail: held.detail });
    expect((taken as { slots?: Array<{ start: string }> }).slots?.map((s) => s.start)).not.toContain(FREE);

    // The fast lane gets it, and the booking says it took the reserve.
    const fast = await customerSession(cal.t, { fast: true });
    const res = await book(booking(HELD, { email: fast.email }), undefined, { Authorization: `Bearer ${fast.token}` });
    expect(res.status).toBe(201);
    expect((await res.json()).lane).toBe('fast');
    const [row] = await cal.t.database.db.select().from(appointments).where(eq(appointments.startsAt, new Date(HELD)));
    expect(row).toMatchObject({ lane: 'fast', inReserve: true, customerId: fast.id });
  });

  it('goes with its customer when they have their data deleted (their bookings and those with their address); others stay', async () => {
    cal = await calendar(kind);
    const me = await customerSession(cal.t);
    const mine = await (await book(booking(FREE, { email: me.email }), undefined, { Authorization: `Bearer ${me.token}` })).json();
    const byAddress = await (await book(booking('2026-11-23T08:30:00.000Z', { email: me.email }))).json();
    const other = await (await book(booking('2026-11-23T09:00:00.000Z'))).json();
    const res = await cal.t.request(`${A}/account/deletion`, json('POST', { confirmEmail: me.email }, { Authorization: `Bearer ${me.token}` }));
    expect(res.status, await res.clone().text()).toBe(200);
    const left = (await cal.t.database.db.select().from(appointments)).map((r) => r.id);
    expect(left).not.toContain(mine.id);
    expect(left).not.toContain(byAddress.id);
    expect(left).toContain(other.id);
  });

  it('takes the lane from the session, never from the request: a fast-lane case named without a session books standard', async () => {
    cal = await calendar(kind);
    // A fast-lane customer's open case.
    const fast = await customerSession(cal.t);
    const sub = await cal.t.request(`${A}/cases`, json('POST', { name: 'Cliente', email: fast.email, subject: 'Sin conexión', description: 'Sin conexión desde ayer.', locale: 'es' }, { 'Idempotency-Key': crypto.randomUUID() }));
    const { reference } = await sub.json();
    await cal.t.database.db.execute(`update cases set lane = 'fast' where reference = '${reference}'` as never);
    await expectProblem(await book(booking(HELD, { email: fast.email, case: reference, lane: 'fast' })), 409, 'conflict');
    expect((await slots(`type=video&from=${MONDAY}&to=${MONDAY}&case=${reference}`)).lane).toBe('standard');
    // With the session, the case puts the customer in the fast lane.
    expect((await slots(`type=video&from=${MONDAY}&to=${MONDAY}&case=${reference}`, { Authorization: `Bearer ${fast.token}` })).lane).toBe('fast');
    const res = await book(booking(HELD, { email: fast.email, case: reference }), undefined, { Authorization: `Bearer ${fast.token}` });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ lane: 'fast', case: reference });
    // Someone else's case is refused.
    expect(problemFields(await expectProblem(await book(booking(FREE, { email: 'otra@example.com', case: reference })), 422, 'validation-error'))).toEqual(['body.case']);
  });

  it('refuses bad bookings naming the field: past, too soon, too far, off the grid, outside hours, unknown type, honeypot', async () => {
    cal = await calendar(kind);
    const field = async (body: unknown, status = 422) => problemFields(await expectProblem(await book(body), status, 'validation-error'));
    expect(await field({})).toEqual(['body.email', 'body.locale', 'body.name', 'body.start', 'body.type']);
    expect(await field(booking('2026-11-19T09:00:00Z'))).toEqual(['body.start']);
    expect(await field(booking('2026-11-20T11:00:00Z'))).toEqual(['body.start']); // inside the 2 h notice
    expect(await field(booking('2026-12-28T09:00:00Z'))).toEqual(['body.start']); // 30 days ahead and more
    expect(await field(booking('2026-11-23T08:15:00Z'))).toEqual(['body.start']); // between two slots
    expect(await field(booking('2026-11-23T15:00:00Z'))).toEqual(['body.start']); // the agent does not work then
    expect(await field(booking('2026-11-21T09:00:00Z'))).toEqual(['body.start']); // Saturday: closed
    expect(await field(booking(FREE, { type: 'nope' }))).toEqual(['body.type']);
    expect(await field(booking(FREE, { website: 'http://spam' }))).toEqual(['body.website']);
    expect(await field(booking(FREE, { email: 'not-an-email', start: 'mañana' }))).toEqual(['body.email', 'body.start']);
    expect(problemFields(await expectProblem(await cal.t.request(`${A}/appointments`, json('POST', booking(FREE))), 400, 'validation-error'))).toEqual(['header.Idempotency-Key']);
    expect(await cal.t.database.db.select().from(appointments)).toHaveLength(0);
  });

  it('validates and normalises the phone of a phone appointment (E.164)', async () => {
    cal = await calendar(kind, { type: { mode: 'phone' } });
    expect(problemFields(await expectProblem(await book(booking(FREE)), 422, 'validation-error'))).toEqual(['body.phone']);
    expect(problemFields(await expectProblem(await book(booking(FREE, { phone: '12345' })), 422, 'validation-error'))).toEqual(['body.phone']);
    const res = await book(booking(FREE, { phone: '600 12 34 56' }));
    expect(res.status).toBe(201);
    const staff = await cal.t.request(`${A}/staff/appointments/${(await res.json()).id}`, { headers: cal.admin.headers() });
    expect((await staff.json()).phone).toBe('+34600123456');
  });

  it('leaves out absences: their slots are gone and a booking into one is refused', async () => {
    cal = await calendar(kind);
    const agent = cal.agents[0]!;
    const res = await cal.t.request(`${A}/staff/appointment-agents/${agent.user.id}/absences`, json('POST', { start: '2026-11-23T09:30:00Z', end: '2026-11-23T11:00:00Z', reason: 'Médico' }, agent.headers(true)));
    expect(res.status).toBe(201);
    const absence = await res.json();
    const starts = (await slots(`type=video&from=${MONDAY}&to=${MONDAY}`, agent.headers())).slots.map((s) => s.start);
    expect(starts).toEqual(['2026-11-23T08:00:00.000Z', '2026-11-23T08:30:00.000Z', '2026-11-23T09:00:00.000Z', '2026-11-23T11:00:00.000Z', '2026-11-23T11:30:00.000Z']);
    expect(problemFields(await expectProblem(await book(booking('2026-11-23T10:30:00Z')), 422, 'validation-error'))).toEqual(['body.start']);
    expect((await cal.t.request(`${A}/staff/appointment-agents/${agent.user.id}/absences/${absence.id}`, { method: 'DELETE', headers: agent.headers(true) })).status).toBe(204);
    expect((await slots(`type=video&from=${MONDAY}&to=${MONDAY}`, agent.headers())).slots).toHaveLength(8);
    await expectProblem(await cal.t.request(`${A}/staff/appointment-agents/${agent.user.id}/absences/${absence.id}`, { method: 'DELETE', headers: agent.headers(true) }), 404, 'not-found');
    const bad = await cal.t.request(`${A}/staff/appointment-agents/${agent.user.id}/absences`, json('POST', { start: '2026-11-23T11:00:00Z', end: '2026-11-23T09:00:00Z' }, agent.headers(true)));
    expect(problemFields(await expectProblem(bad, 422, 'validation-error'))).toEqual(['body.end']);
  });

  it('turns wall-clock hours into instants across daylight-saving changes (Madrid: a skipped and a repeated hour)', async () => {
    cal = await calendar(kind, { rules: [{ rrule: 'FREQ=WEEKLY;BYDAY=SU', start: '01:00', end: '04:00', validFrom: '2027-01-01' }] });
    (cal.t.sla as LiveSlaEngine).set({ ...SLA_DEFAULTS, hours: { timeZone: 'Europe/Madrid', week: { sun: [{ from: '00:00', to: '24:00' }] } } });
    // 28 March 2027: 02:00 does not happen (the clocks jump to 03:00): three hours on the wall, two worked.
    cal.t.clock.set('2027-03-20T12:00:00Z');
    // Seen in the fast lane, so the day's held slot shows too (a staff session would have ended by these dates).
    const staff = { Authorization: `Bearer ${(await customerSession(cal.t, { fast: true })).token}` };
    const spring = (await slots('type=video&from=2027-03-28&to=2027-03-28', staff)).slots.map((s) => s.start);
    expect(spring).toEqual(['2027-03-28T00:00:00.000Z', '2027-03-28T00:30:00.000Z', '2027-03-28T01:00:00.000Z', '2027-03-28T01:30:00.000Z']);
    expect(problemFields(await expectProblem(await book(booking('2027-03-28T00:45:00Z')), 422, 'validation-error'))).toEqual(['body.start']);
    expect((await book(booking('2027-03-28T03:30:00+02:00'))).status).toBe(201);

    // 31 October 2027: 02:00 to 03:00 happens twice: four hours worked, each half hour its own slot.
    cal.t.clock.set('2027-10-25T12:00:00Z');
    staff.Authorization = `Bearer ${(await customerSession(cal.t, { fast: true })).token}`;
    const autumn = (await slots('type=video&from=2027-10-31&to=2027-10-31', staff)).slots.map((s) => s.start);
    expect(autumn).toHaveLength(8);
    expect(autumn[0]).toBe('2027-10-30T23:00:00.000Z');
    expect((await book(booking('2027-10-31T02:30:00+02:00'))).status).toBe(201);
    expect((await book(booking('2027-10-31T02:30:00+01:00'))).status).toBe(201);
  });

  it('lets the customer see, reschedule and cancel through the private link; forged and malformed links get 404', async () => {
    cal = await calendar(kind);
    const a = await (await book(booking(FREE))).json();
    const token = a.manageUrl.split('/').pop() as string;
    const base = `${A}/appointments/manage/${token}`;
    expect(await (await cal.t.request(base)).json()).toEqual(a);
    const ics = await cal.t.request(`${base}/ics`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(ics.headers.get('cache-control')).toBe('private, no-store');
    const file = await ics.text();
    expect(file).toContain(`UID:${a.id}@`);
    expect(file).toContain(`DTSTART:${a.start.replace(/[-:]/g, '').replace(/\.\d{3}/, '')}`);
    const forged = token.slice(0, 40) + (token[40] === 'A' ? 'B' : 'A') + token.slice(41);
    await expectProblem(await cal.t.request(`${A}/appointments/manage/${forged}/ics`), 404, 'not-found');
    await expectProblem(await cal.t.request(`${A}/appointments/manage/${forged}`), 404, 'not-found');
    await expectProblem(await cal.t.request(`${A}/appointments/manage/${'0'.repeat(32)}${token.slice(32)}`), 404, 'not-found');
    await expectProblem(await cal.t.request(`${A}/appointments/manage/nope`), 404, 'not-found');
    await expectProblem(await cal.t.request(`${A}/appointments/manage/${forged}/cancel`, { method: 'POST' }), 404, 'not-found');

    // Another customer holds 09:00; moving there is refused with the free slots.
    expect((await book(booking('2026-11-23T09:00:00Z', { email: 'otro@example.com' }))).status).toBe(201);
    const taken = await expectProblem(await cal.t.request(`${base}/reschedule`, json('POST', { start: '2026-11-23T09:00:00Z' })), 409, 'conflict');
    expect((taken as { slots?: unknown[] }).slots?.length).toBeGreaterThan(0);
    expect(problemFields(await expectProblem(await cal.t.request(`${base}/reschedule`, json('POST', { start: 'luego' })), 422, 'validation-error'))).toEqual(['body.start']);
    expect(problemFields(await expectProblem(await cal.t.request(`${base}/reschedule`, json('POST', { start: '2026-11-19T09:00:00Z' })), 422, 'validation-error'))).toEqual(['body.start']);
    // A standard appointment cannot move into the reserve.
    await expectProblem(await cal.t.request(`${base}/reschedule`, json('POST', { start: HELD })), 409, 'conflict');

    const moved = await cal.t.request(`${base}/reschedule`, json('POST', { start: '2026-11-24T08:30:00Z' }));
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({ start: '2026-11-24T08:30:00.000Z', status: 'booked' });
    const [row] = await cal.t.database.db.select().from(appointments).where(eq(appointments.id, a.id));
    expect(row!.sequence).toBe(1);
    expect(await cal.t.database.db.select({ by: appointmentMoves.by, from: appointmentMoves.fromStart }).from(appointmentMoves)).toEqual([{ by: 'customer', from: new Date(FREE) }]);
    // The old time is free again.
    expect((await slots(`type=video&from=${MONDAY}&to=${MONDAY}`)).slots.map((s) => s.start)).toContain(FREE);

    // A move staff proposed is withdrawn when the customer picks another time themself.
    expect((await cal.t.request(`${A}/staff/appointments/${a.id}/proposals`, json('POST', { start: '2026-11-25T09:00:00Z', reason: 'Reorganizamos la agenda' }, cal.agents[0]!.headers(true)))).status).toBe(201);
    const proposal = cal.mailed.find((m) => m.kind === 'proposed') as { token: string };
    expect((await cal.t.request(`${base}/reschedule`, json('POST', { start: '2026-11-24T09:30:00Z' }))).status).toBe(200);
    expect((await (await cal.t.request(`${A}/appointments/proposals/${proposal.token}`)).json()).status).toBe('withdrawn');
    await expectProblem(await cal.t.request(`${A}/appointments/proposals/${proposal.token}`, json('POST', { answer: 'accept', start: '2026-11-25T09:00:00Z' })), 409, 'conflict');

    const cancelled = await (await cal.t.request(`${base}/cancel`, { method: 'POST' })).json();
    expect(cancelled.status).toBe('cancelled');
    const twice = await cal.t.request(`${base}/cancel`, { method: 'POST' });
    expect(twice.status).toBe(200);
    expect(await twice.json()).toEqual(cancelled);
    expect(cal.mailed.filter((m) => m.kind === 'cancelled')).toHaveLength(1);
    await expectProblem(await cal.t.request(`${base}/reschedule`, json('POST', { start: '2026-11-24T09:00:00Z' })), 409, 'conflict');

    // Once it has started, an appointment can no longer be moved or cancelled from the link.
    const later = await (await book(booking('2026-11-24T10:30:00Z', { email: 'tarde@example.com' }))).json();
    const laterBase = `${A}/appointments/manage/${later.manageUrl.split('/').pop()}`;
    cal.t.clock.set('2026-11-24T10:31:00Z');
    await expectProblem(await cal.t.request(`${laterBase}/reschedule`, json('POST', { start: '2026-11-25T10:30:00Z' })), 409, 'conflict');
    await expectProblem(await cal.t.request(`${laterBase}/cancel`, { method: 'POST' }), 409, 'conflict');
  });

  it('moves a standard appointment only when its customer accepts a proposal; refusals, second answers, lapses and forged links change nothing', async () => {
    cal = await calendar(kind);
    const a = await (await book(booking(FREE))).json();
    const staff = cal.agents[0]!;
    const propose = (id: string, body: unknown) => cal.t.request(`${A}/staff/appointments/${id}/proposals`, json('POST', body, staff.headers(true)));

    await expectProblem(await propose(a.id, { start: '2026-11-23T09:00:00Z', reason: '' }), 422, 'validation-error');
    await expectProblem(await propose(a.id, { start: HELD, reason: 'Un cliente prioritario necesita esta hora' }), 409, 'conflict');
    await expectProblem(await propose(crypto.randomUUID(), { start: '2026-11-23T09:00:00Z', reason: 'x' }), 404, 'not-found');
    const res = await propose(a.id, { start: '2026-11-24T09:00:00Z', reason: 'Necesitamos esa hora para una urgencia' });
    expect(res.status).toBe(201);
    const created = await res.json();
    // Three days from 20 November 10:00 would pass the appointment's own start: the proposal lapses at it.
    expect(created.expiresAt).toBe(FREE);
    expect(created.options[0]).toEqual({ start: '2026-11-24T09:00:00.000Z', end: '2026-11-24T09:30:00.000Z' });
    expect(created.options).toHaveLength(4);
    expect(created.appointment.pendingMove).toMatchObject({ id: created.id, start: '2026-11-24T09:00:00.000Z' });
    await expectProblem(await propose(a.id, { start: '2026-11-24T09:30:00Z', reason: 'otra' }), 409, 'conflict');
    const mail = cal.mailed.find((m) => m.kind === 'proposed');
    if (mail?.kind !== 'proposed') throw new Error('no proposal mailed');
    const link = `${A}/appointments/proposals/${mail.token}`;

    const shown = await (await cal.t.request(link)).json();
    expect(shown).toMatchObject({ status: 'pending', appointment: { id: a.id, start: FREE } });
    await expectProblem(await cal.t.request(`${A}/appointments/proposals/${mail.token.slice(0, -2)}xx`), 404, 'not-found');
    expect(problemFields(await expectProblem(await cal.t.request(link, json('POST', { answer: 'accept', start: '2026-11-25T09:00:00Z' })), 422, 'validation-error'))).toEqual(['body.start']);
    expect(problemFields(await expectProblem(await cal.t.request(link, json('POST', { answer: 'maybe' })), 422, 'validation-error'))).toEqual(['body.answer']);

    // The proposed time is taken meanwhile: the customer is offered the others still free.
    expect((await book(booking('2026-11-24T09:00:00Z', { email: 'otro@example.com' }))).status).toBe(201);
    const lost = await expectProblem(await cal.t.request(link, json('POST', { answer: 'accept', start: '2026-11-24T09:00:00Z' })), 409, 'conflict');
    expect((lost as { slots?: Array<{ start: string }> }).slots?.map((s) => s.start)).toEqual(created.options.slice(1).map((o: { start: string }) => o.start));

    const other = created.options[1].start as string;
    const accepted = await cal.t.request(link, json('POST', { answer: 'accept', start: other }));
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ status: 'accepted', appointment: { start: other } });
    await expectProblem(await cal.t.request(link, json('POST', { answer: 'refuse' })), 409, 'conflict');
    const after = await (await cal.t.request(`${A}/staff/appointments/${a.id}`, { headers: staff.headers() })).json();
    expect(after).toMatchObject({ start: other, pendingMove: null, moves: [{ from: FREE, to: other, by: staff.user.name, reason: 'Necesitamos esa hora para una urgencia' }] });
    expect(cal.mailed.filter((m) => m.kind === 'moved')).toHaveLength(1);

    // A refusal keeps the appointment; a proposal left unanswered lapses after 3 days.
    await propose(a.id, { start: '2026-11-25T09:00:00Z', reason: 'Reorganizamos la agenda' });
    const second = cal.mailed.filter((m) => m.kind === 'proposed').at(-1) as { token: string };
    expect(await (await cal.t.request(`${A}/appointments/proposals/${second.token}`, json('POST', { answer: 'refuse' }))).json()).toMatchObject({ status: 'refused', appointment: { start: other } });
    await propose(a.id, { start: '2026-11-25T09:30:00Z', reason: 'Reorganizamos la agenda' });
    const third = cal.mailed.filter((m) => m.kind === 'proposed').at(-1) as { token: string };
    cal.t.clock.advance(3 * 86_400_000 + 1000);
    expect((await (await cal.t.request(`${A}/appointments/proposals/${third.token}`)).json()).status).toBe('lapsed');
    await expectProblem(await cal.t.request(`${A}/appointments/proposals/${third.token}`, json('POST', { answer: 'accept', start: '2026-11-25T09:30:00Z' })), 410, 'expired');
    // (Read from the table: three days on, the staff session has ended.)
    const [row] = await cal.t.database.db.select().from(appointments).where(eq(appointments.id, a.id));
    expect(row!.startsAt.toISOString()).toBe(other);
  });

  it('lets admins set types and agents their own working time; refuses others and bad input', async () => {
    cal = await calendar(kind, { agents: 2 });
    const [one, two] = cal.agents as [typeof cal.agents[0], typeof cal.agents[0]];
    const types = await (await cal.t.request(`${A}/staff/appointment-types`, { headers: one.headers() })).json();
    expect(types.types[0]).toMatchObject({ key: 'video', agentIds: [one.user.id, two.user.id], reserveShare: 0.1, releaseHours: 24, active: true });
    const type = { key: 'visita', name: { es: 'Visita técnica', en: 'Technician visit' }, mode: 'in_person', durationMinutes: 60, bufferMinutes: 30, agentIds: [one.user.id] };
    await expectProblem(await cal.t.request(`${A}/staff/appointment-types/visita`, json('PUT', type, one.headers(true))), 403, 'forbidden');
    expect(problemFields(await expectProblem(await cal.t.request(`${A}/staff/appointment-types/visita`, json('PUT', { ...type, agentIds: [999_999] }, cal.admin.headers(true))), 422, 'validation-error'))).toEqual(['body.agentIds.0']);
    expect(problemFields(await expectProblem(await cal.t.request(`${A}/staff/appointment-types/otra`, json('PUT', type, cal.admin.headers(true))), 422, 'validation-error'))).toEqual(['body.key']);
    expect(problemFields(await expectProblem(await cal.t.request(`${A}/staff/appointment-types/visita`, json('PUT', { ...type, durationMinutes: 1, reserveShare: 0.9 }, cal.admin.headers(true))), 422, 'validation-error'))).toEqual(['body.durationMinutes', 'body.reserveShare']);
    const saved = await cal.t.request(`${A}/staff/appointment-types/visita`, json('PUT', type, cal.admin.headers(true)));
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ key: 'visita', bufferMinutes: 30, reserveShare: 0.1, minNoticeMinutes: 120, description: null });

    const rules = { rules: [{ rrule: 'FREQ=WEEKLY;BYDAY=MO', start: '10:00', end: '12:00', validFrom: '2026-11-01' }] };
    await expectProblem(await cal.t.request(`${A}/staff/appointment-agents/${two.user.id}`, json('PUT', rules, one.headers(true))), 403, 'forbidden');
    expect((await cal.t.request(`${A}/staff/appointment-agents/${two.user.id}`, json('PUT', rules, cal.admin.headers(true)))).status).toBe(200);
    const bad = { rules: [{ rrule: 'FREQ=WEEKLY;BYDAY=XX', start: '10:00', end: '12:00', validFrom: '2026-11-01' }, { rrule: 'every monday', start: '12:00', end: '10:00', validFrom: '2026-11-01' }] };
    expect(problemFields(await expectProblem(await cal.t.request(`${A}/staff/appointment-agents/${one.user.id}`, json('PUT', bad, one.headers(true))), 422, 'validation-error'))).toEqual(['body.rules.1.end', 'body.rules.1.rrule']);
    expect(problemFields(await expectProblem(await cal.t.request(`${A}/staff/appointment-agents/${one.user.id}`, json('PUT', { rules: [bad.rules[0]] }, one.headers(true))), 422, 'validation-error'))).toEqual(['body.rules.0.rrule']);
    const shown = await (await cal.t.request(`${A}/staff/appointment-agents/${two.user.id}`, { headers: one.headers() })).json();
    expect(shown).toMatchObject({ agentId: two.user.id, timeZone: 'Europe/Madrid', rules: [{ rrule: 'FREQ=WEEKLY;BYDAY=MO', start: '10:00', end: '12:00', validFrom: '2026-11-01', validUntil: null }], absences: [] });
    await expectProblem(await cal.t.request(`${A}/staff/appointment-agents/999999`, { headers: one.headers() }), 404, 'not-found');
    await expectProblem(await cal.t.request(`${A}/staff/appointment-agents/x`, { headers: one.headers() }), 400, 'validation-error');
    await expectProblem(await cal.t.request(`${A}/staff/appointment-types`), 401, 'unauthorized');
  });

  it('draws one agent’s view with the same held units as the whole team’s (the reserve is chosen among all agents of the type)', async () => {
    cal = await calendar(kind, { agents: 2 });
    const staff = cal.agents[0]!;
    const get = async (q: string) => (await (await cal.t.request(`${A}/staff/appointments/calendar?from=${MONDAY}&to=${MONDAY}${q}`, { headers: staff.headers() })).json()) as { units: Array<{ agentId: number; start: string; reserved: boolean }> };
    const team = await get('');
    for (const agent of cal.agents) {
      const own = await get(`&agent=${agent.user.id}`);
      expect(own.units.length).toBeGreaterThan(0);
      expect(own.units).toEqual(team.units.filter((u) => u.agentId === agent.user.id));
    }
    // 16 units, 10 %: two held, one per half of the day; staff of either view see both.
    expect(team.units.filter((u) => u.reserved)).toHaveLength(2);
  });

  it('shows no time as free in the staff calendar that has passed or is inside the type’s notice, as the slots staff see', async () => {
    cal = await calendar(kind, { type: { minNoticeMinutes: 30 } });
    const staff = cal.agents[0]!;
    const FRIDAY = '2026-11-20';
    // Friday 11:10 in Madrid, 30 min notice: 09:00–11:00 have passed, 11:30 is too soon, 12:00 and 12:30 are still bookable.
    cal.t.clock.set('2026-11-20T10:10:00Z');
    const res = await cal.t.request(`${A}/staff/appointments/calendar?from=${FRIDAY}&to=${FRIDAY}`, { headers: staff.headers() });
    expect(res.status).toBe(200);
    const day = (await res.json()) as { units: Array<{ start: string; free: boolean }> };
    expect(day.units).toHaveLength(8);
    const bookable = ['2026-11-20T11:00:00.000Z', '2026-11-20T11:30:00.000Z'];
    expect(day.units.filter((u) => u.free).map((u) => u.start)).toEqual(bookable);
    expect((await slots(`type=video&from=${FRIDAY}&to=${FRIDAY}`, staff.headers())).slots.map((s) => s.start)).toEqual(bookable);
  });

  it('draws the staff calendar: units free, booked, held and released, appointments and absences; cancels with a reason', async () => {
    cal = await calendar(kind);
    const staff = cal.agents[0]!;
    const a = await (await book(booking(FREE))).json();
    const res = await cal.t.request(`${A}/staff/appointments/calendar?from=${MONDAY}&to=${MONDAY}`, { headers: staff.headers() });
    expect(res.status).toBe(200);
    const day = await res.json();
    expect(day.agents).toEqual([{ id: staff.user.id, name: 'Agente 1' }]);
    expect(day.units).toHaveLength(8);
    expect(day.units.find((u: { start: string }) => u.start === FREE)).toMatchObject({ free: false, reserved: false });
    expect(day.units.find((u: { start: string }) => u.start === HELD)).toMatchObject({ free: true, reserved: true, released: false });
    expect(day.appointments).toHaveLength(1);
    // Booked in Spanish: `typeName` is the customer's, `typeNames` lets the console show its own language's.
    expect(day.appointments[0]).toMatchObject({ id: a.id, email: 'lucia@example.com', inReserve: false, moves: [], typeName: 'Videollamada', typeNames: { es: 'Videollamada', en: 'Video call' } });
    expect(problemFields(await expectProblem(await cal.t.request(`${A}/staff/appointments/calendar?from=${MONDAY}`, { headers: staff.headers() }), 400, 'validation-error'))).toEqual(['query.to']);
    expect(problemFields(await expectProblem(await cal.t.request(`${A}/staff/appointments/calendar?from=2026-11-01&to=2027-02-01`, { headers: staff.headers() }), 422, 'validation-error'))).toEqual(['query.to']);
    expect(problemFields(await expectProblem(await cal.t.request(`${A}/staff/appointments/calendar?from=${MONDAY}&to=${MONDAY}&type=nope`, { headers: staff.headers() }), 422, 'validation-error'))).toEqual(['query.type']);

    await expectProblem(await cal.t.request(`${A}/staff/appointments/${a.id}/cancel`, json('POST', {}, staff.headers(true))), 422, 'validation-error');
    const cancelled = await cal.t.request(`${A}/staff/appointments/${a.id}/cancel`, json('POST', { reason: 'El técnico está de baja' }, staff.headers(true)));
    expect(await cancelled.json()).toMatchObject({ status: 'cancelled' });
    expect(cal.mailed.at(-1)).toMatchObject({ kind: 'cancelled', by: 'staff', reason: 'El técnico está de baja' });
    await expectProblem(await cal.t.request(`${A}/staff/appointments/${crypto.randomUUID()}`, { headers: staff.headers() }), 404, 'not-found');
    expect(problemFields(await expectProblem(await cal.t.request(`${A}/staff/appointments/1`, { headers: staff.headers() }), 400, 'validation-error'))).toEqual(['params.id']);
    expect(problemFields(await expectProblem(await cal.t.request(`${A}/staff/appointments/1/cancel`, json('POST', { reason: 'x' }, staff.headers(true))), 400, 'validation-error'))).toEqual(['params.id']);
    await expectProblem(await cal.t.request(`${A}/staff/appointments/${a.id}/proposals`, json('POST', { start: '2026-11-24T09:00:00Z', reason: 'x' }, staff.headers(true))), 409, 'conflict');
  });
});
