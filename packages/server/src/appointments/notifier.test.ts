// The appointment mails: what each says in both languages, the links it carries, and the .ics
// attached to it, read back line by line (RFC 5545: CRLF lines, folded at 75 octets).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { insertAgent, insertAppointment, insertAppointmentType } from '../testing/appointment-rows.js';
import { mailOutbox } from '../db/schema.js';
import { renderMail, type AppointmentMailVars } from '../mail/templates.js';
import { AppointmentTokens } from './tokens.js';
import { appointmentsByIds } from './records.js';
import type { AppointmentRecord, MoveProposalRecord } from './ports.js';
import { icsLines, icsProp } from '../testing/ics.js';

const vars: AppointmentMailVars = {
  company: 'Nubefibra',
  name: '<b>Ana</b>',
  type: 'Revisión <script>',
  mode: 'phone',
  start: '2026-11-25T09:00:00Z',
  minutes: 30,
  timeZone: 'Europe/Madrid',
  agent: 'Marta',
  phone: '+34600111222',
  manageUrl: 'http://help.test/portal/appointments/manage/tok',
  icsUrl: 'http://help.test/api/v1/appointments/manage/tok/ics',
};

describe('appointment mail templates', () => {
  it('write the time in the company’s zone with the zone named, in both languages, with values escaped', () => {
    const es = renderMail('es', { template: 'appointment_booked', vars });
    expect(es.subject).toBe('Cita confirmada: Revisión <script>, miércoles, 25 de noviembre de 2026, 10:00 CET');
    expect(es.text).toContain('Cuándo: miércoles, 25 de noviembre de 2026, 10:00 CET (Europe/Madrid)');
    expect(es.text).toContain('Te llamaremos al +34600111222.');
    expect(es.text).toContain('Con: Marta');
    expect(es.text).toContain(vars.icsUrl);
    expect(es.text).toContain(`Ver, cambiar o cancelar mi cita: ${vars.manageUrl}`);
    expect(es.html).toContain('&lt;b&gt;Ana&lt;/b&gt;');
    expect(es.html).toContain('Revisión &lt;script&gt;');
    expect(es.html).not.toContain('<script>');
    expect(es.html).toContain(`<a href="${vars.manageUrl}"`);
    const en = renderMail('en', { template: 'appointment_booked', vars });
    expect(en.subject).toBe('Appointment confirmed: Revisión <script>, Wednesday, 25 November 2026 at 10:00 CET');
    expect(en.text).toContain('When: Wednesday, 25 November 2026 at 10:00 CET (Europe/Madrid)');
    expect(en.text).toContain('We will call you on +34600111222.');
  });

  it('say what changed, what was cancelled and why, and what a proposal asks, in both languages', () => {
    for (const locale of ['es', 'en'] as const) {
      const moved = renderMail(locale, { template: 'appointment_moved', vars: { ...vars, previousStart: '2026-11-24T15:00:00Z', accepted: true } });
      expect(moved.text).toContain(locale === 'es' ? 'Antes: martes, 24 de noviembre de 2026, 16:00 CET' : 'Before: Tuesday, 24 November 2026 at 16:00 CET');
      expect(moved.text).toMatch(locale === 'es' ? /Has aceptado/ : /You accepted/);
      const cancelled = renderMail(locale, { template: 'appointment_cancelled', vars: { ...vars, by: 'staff', reason: 'Avería <grave>' } });
      expect(cancelled.text).toContain(locale === 'es' ? 'Motivo: Avería <grave>' : 'Reason: Avería <grave>');
      expect(cancelled.html).toContain('Avería &lt;grave&gt;');
      expect(cancelled.text).not.toContain('/portal/appointments/manage/');
      // Nobody will call about a cancelled appointment.
      expect(cancelled.text).not.toContain('+34600111222');
      const byCustomer = renderMail(locale, { template: 'appointment_cancelled', vars: { ...vars, by: 'customer', reason: null } });
      expect(byCustomer.text).toMatch(locale === 'es' ? /como pediste/ : /as you asked/);
      const reminder = renderMail(locale, { template: 'appointment_reminder', vars });
      expect(reminder.subject).toMatch(locale === 'es' ? /^Recordatorio: / : /^Reminder: /);
      const proposal = renderMail(locale, {
        template: 'appointment_move_proposed',
        vars: { ...vars, proposedStart: '2026-11-26T09:00:00Z', others: ['2026-11-26T10:00:00Z', '2026-11-27T08:30:00Z'], reason: 'Una urgencia', proposedBy: 'Marta', expiresAt: '2026-11-23T10:00:00Z', proposalUrl: 'http://help.test/portal/appointments/proposals/ptok' },
      });
      expect(proposal.text).toContain(locale === 'es' ? 'Hora propuesta: jueves, 26 de noviembre de 2026, 10:00 CET (Europe/Madrid)' : 'Proposed time: Thursday, 26 November 2026 at 10:00 CET (Europe/Madrid)');
      expect(proposal.text).toContain(locale === 'es' ? '- jueves, 26 de noviembre de 2026, 11:00 CET' : '- Thursday, 26 November 2026 at 11:00 CET');
      expect(proposal.text).toContain(locale === 'es' ? '- viernes, 27 de noviembre de 2026, 09:30 CET' : '- Friday, 27 November 2026 at 09:30 CET');
      expect(proposal.text).toContain(locale === 'es' ? 'Hora actual: miércoles, 25 de noviembre de 2026, 10:00 CET (Europe/Madrid)' : 'Current time: Wednesday, 25 November 2026 at 10:00 CET (Europe/Madrid)');
      expect(proposal.text).toContain(locale === 'es' ? 'Nada cambia si no lo aceptas' : 'Nothing changes unless you accept');
      expect(proposal.text).toContain(locale === 'es' ? 'Motivo: Una urgencia' : 'Reason: Una urgencia');
      expect(proposal.text).toContain('http://help.test/portal/appointments/proposals/ptok');
      expect(proposal.text).toContain(vars.manageUrl);
    }
  });
});

describe.each(testDatabases())('appointment mails on %s', (kind) => {
  let t: TestApp;
  let tokens: AppointmentTokens;
  let type: string;

  beforeAll(async () => {
    t = await createTestApp(kind, { kb: false, env: { AYUDA_MAIL_FROM: 'Nubefibra <citas@nubefibra.es>', AYUDA_SECRET: 's'.repeat(40) } });
    await t.mail.stop();
    tokens = new AppointmentTokens(t.config.secret);
    type = await insertAppointmentType(t.database);
  });
  afterAll(() => t?.dispose());

  async function record(input: Partial<Parameters<typeof insertAppointment>[2]> = {}): Promise<AppointmentRecord> {
    // An agent of its own: one agent's appointments may not overlap.
    const staffUserId = await insertAgent(t.database, { name: 'Marta Ruiz' });
    const id = await insertAppointment(t.database, tokens, { type, staffUserId, start: '2026-11-25T09:00:00Z', ...input });
    return (await appointmentsByIds(t.database.db, [id]))[0]!;
  }
  const mailsTo = (email: string) => t.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, email)).orderBy(mailOutbox.id);
  const icsOf = (row: { attachments: Array<{ content: string }> | null }) => icsLines(Buffer.from(row.attachments![0]!.content, 'base64').toString('utf8'));

  it('confirms a booking with the manage and .ics links and the invitation attached (Spanish)', async () => {
    const a = await record({ email: 'ana.booked@example.com' });
    const token = tokens.manage(a.id);
    expect(token).toMatch(/^[0-9a-f]{32}[A-Za-z0-9_-]{22}$/);
    await t.database.db.transaction((tx) => t.appointmentMailer.booked(tx, a, token));
    const [m] = await mailsTo('ana.booked@example.com');
    expect(m).toMatchObject({ template: 'appointment_booked', locale: 'es', subject: 'Cita confirmada: Revisión de la instalación, miércoles, 25 de noviembre de 2026, 10:00 CET' });
    expect(m!.text).toContain(`http://help.test/portal/appointments/manage/${token}`);
    expect(m!.text).toContain(`http://help.test/api/v1/appointments/manage/${token}/ics`);
    expect(m!.text).toContain('Con: Marta Ruiz');
    expect(m!.attachments).toHaveLength(1);
    expect(m!.attachments![0]).toMatchObject({ filename: 'cita.ics', contentType: 'text/calendar; charset=utf-8; method=REQUEST' });
    const ics = icsOf(m!);
    expect(ics[0]).toBe('BEGIN:VCALENDAR');
    expect(icsProp(ics, 'METHOD', 'calendar')).toEqual(['REQUEST']);
    expect(icsProp(ics, 'UID')).toEqual([`${a.id}@help.test`]);
    expect(icsProp(ics, 'SEQUENCE')).toEqual(['0']);
    expect(icsProp(ics, 'DTSTART')).toEqual(['20261125T090000Z']);
    expect(icsProp(ics, 'DTEND')).toEqual(['20261125T093000Z']);
    expect(icsProp(ics, 'DTSTAMP')).toEqual(['20261120T100000Z']);
    expect(icsProp(ics, 'STATUS')).toEqual(['CONFIRMED']);
    expect(icsProp(ics, 'SUMMARY')).toEqual(['Revisión de la instalación · Nubefibra']);
    expect(icsProp(ics, 'LOCATION')).toEqual(['Llamada telefónica: +34600111222']);
    expect(icsProp(ics, 'ORGANIZER')).toEqual(['mailto:citas@nubefibra.es']);
    expect(ics.find((l) => l.startsWith('ORGANIZER'))).toContain('CN="Nubefibra"');
    // The URI scheme is case-insensitive (RFC 3986); ical-generator writes MAILTO for attendees.
    expect(icsProp(ics, 'ATTENDEE')).toEqual([expect.stringMatching(/^mailto:ana\.booked@example\.com$/i)]);
    expect(ics.find((l) => l.startsWith('ATTENDEE'))).toMatch(/PARTSTAT=ACCEPTED.*CN="Ana Pérez"/);
    expect(icsProp(ics, 'URL')).toEqual([`http://help.test/portal/appointments/manage/${token}`]);
    expect(icsProp(ics, 'DESCRIPTION')[0]).toContain('Cuándo: miércoles\\, 25 de noviembre de 2026\\, 10:00 CET (Europe/Madrid)');
  });

  it('writes in English for an English customer', async () => {
    const a = await record({ email: 'ann.booked@example.com', locale: 'en', phone: null });
    await t.database.db.transaction((tx) => t.appointmentMailer.booked(tx, a, tokens.manage(a.id)));
    const [m] = await mailsTo('ann.booked@example.com');
    expect(m).toMatchObject({ locale: 'en', subject: 'Appointment confirmed: Installation check, Wednesday, 25 November 2026 at 10:00 CET' });
    expect(m!.text).not.toContain('We will call you on');
    expect(m!.attachments![0]!.filename).toBe('appointment.ics');
    const ics = icsOf(m!);
    expect(icsProp(ics, 'SUMMARY')).toEqual(['Installation check · Nubefibra']);
    expect(icsProp(ics, 'LOCATION')).toEqual(['Phone call']);
    expect(icsProp(ics, 'DESCRIPTION')[0]).toContain('When: Wednesday\\, 25 November 2026 at 10:00 CET (Europe/Madrid)');
  });

  it('sends a change with the same UID and the higher SEQUENCE, and a cancellation as METHOD:CANCEL', async () => {
    const a = await record({ email: 'ana.moved@example.com', start: '2026-11-26T11:00:00Z', sequence: 1 });
    const proposal: MoveProposalRecord = { id: 1, appointment: a, status: 'accepted', proposedStart: a.startsAt, options: [a.startsAt], reason: 'Urgencia', proposedByName: 'Marta Ruiz', expiresAt: new Date('2026-11-23T10:00:00Z') };
    await t.database.db.transaction((tx) => t.appointmentMailer.moved(tx, a, { startsAt: new Date('2026-11-25T09:00:00Z'), endsAt: new Date('2026-11-25T09:30:00Z') }, tokens.manage(a.id), proposal));
    const cancelled = { ...a, status: 'cancelled' as const, sequence: 2 };
    await t.database.db.transaction((tx) => t.appointmentMailer.cancelled(tx, cancelled, 'staff', 'El técnico está de baja'));
    const [moved, gone] = await mailsTo('ana.moved@example.com');
    expect(moved).toMatchObject({ template: 'appointment_moved' });
    expect(moved!.text).toContain('Antes: miércoles, 25 de noviembre de 2026, 10:00 CET (Europe/Madrid)');
    expect(moved!.text).toContain('Cuándo: jueves, 26 de noviembre de 2026, 12:00 CET (Europe/Madrid)');
    expect(moved!.text).toContain('Has aceptado la nueva hora');
    const m = icsOf(moved!);
    expect(icsProp(m, 'METHOD', 'calendar')).toEqual(['REQUEST']);
    expect(icsProp(m, 'UID')).toEqual([`${a.id}@help.test`]);
    expect(icsProp(m, 'SEQUENCE')).toEqual(['1']);
    expect(icsProp(m, 'DTSTART')).toEqual(['20261126T110000Z']);
    expect(gone).toMatchObject({ template: 'appointment_cancelled' });
    expect(gone!.text).toContain('Motivo: El técnico está de baja');
    expect(gone!.attachments![0]!.contentType).toBe('text/calendar; charset=utf-8; method=CANCEL');
    const c = icsOf(gone!);
    expect(icsProp(c, 'METHOD', 'calendar')).toEqual(['CANCEL']);
    expect(icsProp(c, 'UID')).toEqual([`${a.id}@help.test`]);
    expect(icsProp(c, 'SEQUENCE')).toEqual(['2']);
    expect(icsProp(c, 'STATUS')).toEqual(['CANCELLED']);
    // A cancelled appointment has nothing left to manage.
    expect(icsProp(c, 'URL')).toEqual([]);
  });

  it('asks before moving: the proposed time, the others, the reason and the proposal link; no calendar file', async () => {
    const a = await record({ email: 'ana.asked@example.com', locale: 'en' });
    const options = [new Date('2026-11-26T09:00:00Z'), new Date('2026-11-26T10:00:00Z'), new Date('2026-11-27T08:30:00Z')];
    const p: MoveProposalRecord = { id: 7, appointment: a, status: 'pending', proposedStart: options[0]!, options, reason: 'A fast-lane customer needs this time', proposedByName: 'Marta Ruiz', expiresAt: new Date('2026-11-23T10:00:00Z') };
    await t.database.db.transaction((tx) => t.appointmentMailer.proposed(tx, p, 'P'.repeat(43)));
    const [m] = await mailsTo('ana.asked@example.com');
    expect(m).toMatchObject({ template: 'appointment_move_proposed', attachments: null });
    expect(m!.text).toContain('Proposed time: Thursday, 26 November 2026 at 10:00 CET (Europe/Madrid)');
    // The proposed time is not offered twice.
    expect(m!.text.match(/26 November 2026 at 10:00/g)).toHaveLength(1);
    expect(m!.text).toContain('- Thursday, 26 November 2026 at 11:00 CET (Europe/Madrid)');
    expect(m!.text).toContain('- Friday, 27 November 2026 at 09:30 CET (Europe/Madrid)');
    expect(m!.text).toContain('Reason: A fast-lane customer needs this time');
    expect(m!.text).toContain('Nothing changes unless you accept');
    expect(m!.text).toContain(`http://help.test/portal/appointments/proposals/${'P'.repeat(43)}`);
    expect(m!.text).toContain(`http://help.test/portal/appointments/manage/${tokens.manage(a.id)}`);
  });

  it('gives the manage page’s download as METHOD:PUBLISH, with no invitation in it, cancelled when the appointment is', async () => {
    const a = await record({ email: 'ana.download@example.com', sequence: 3 });
    const token = tokens.manage(a.id);
    const file = t.appointmentMailer.calendarFile(a, token);
    expect(file).toMatchObject({ filename: 'cita.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH' });
    const ics = icsLines(file.content.toString('utf8'));
    expect(icsProp(ics, 'METHOD', 'calendar')).toEqual(['PUBLISH']);
    expect(icsProp(ics, 'UID')).toEqual([`${a.id}@help.test`]);
    expect(icsProp(ics, 'SEQUENCE')).toEqual(['3']);
    expect(icsProp(ics, 'STATUS')).toEqual(['CONFIRMED']);
    expect(icsProp(ics, 'ATTENDEE')).toEqual([]);
    expect(icsProp(ics, 'URL')).toEqual([`http://help.test/portal/appointments/manage/${token}`]);
    const gone = icsLines(t.appointmentMailer.calendarFile({ ...a, status: 'cancelled' }, token).content.toString('utf8'));
    expect(icsProp(gone, 'STATUS')).toEqual(['CANCELLED']);
    expect(icsProp(gone, 'URL')).toEqual([]);
  });

  it('sends nothing when the change is rolled back', async () => {
    const a = await record({ email: 'ana.rollback@example.com' });
    await expect(
      t.database.db.transaction(async (tx) => {
        await t.appointmentMailer.booked(tx, a, tokens.manage(a.id));
        throw new Error('the booking failed after the mail was written');
      }),
    ).rejects.toThrow(/booking failed/);
    expect(await mailsTo('ana.rollback@example.com')).toEqual([]);
  });
});
