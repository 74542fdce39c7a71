// The reminder 24 hours before an appointment: sent once (two processes running the job at the
// same moment included), never for a cancelled appointment, one already started, or one booked or
// moved within the 24 hours before it starts (its own mail has just said the same).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { insertAgent, insertAppointment, insertAppointmentType, type AppointmentRowInput } from '../testing/appointment-rows.js';
import { appointmentMoves, appointments, jobs, mailOutbox } from '../db/schema.js';
import { HOUSEKEEPING } from '../app.js';
import { AppointmentTokens } from './tokens.js';
import { AppointmentReminders } from './reminders.js';

describe.each(testDatabases())('appointment reminders on %s', (kind) => {
  let t: TestApp;
  let tokens: AppointmentTokens;
  let type: string;

  beforeAll(async () => {
    t = await createTestApp(kind, { kb: false });
    await t.mail.stop();
    tokens = new AppointmentTokens(t.config.secret);
    type = await insertAppointmentType(t.database);
  });
  afterAll(() => t?.dispose());

  /** An appointment with an agent of its own (one agent's may not overlap). */
  const book = async (a: Omit<AppointmentRowInput, 'type' | 'staffUserId'>) => insertAppointment(t.database, tokens, { type, staffUserId: await insertAgent(t.database), ...a });
  const reminders = (ids: string[]) =>
    ids.length
      ? t.database.db
          .select({ id: mailOutbox.id, to: mailOutbox.toAddress, text: mailOutbox.text, attachments: mailOutbox.attachments })
          .from(mailOutbox)
          .where(and(eq(mailOutbox.template, 'appointment_reminder'), inArray(mailOutbox.toAddress, ids)))
      : Promise.resolve([]);

  it('reminds 24 hours ahead, once, with the manage link and the .ics; not the cancelled, the started, or the ones booked or moved late', async () => {
    t.clock.set('2026-11-20T10:00:00Z');
    const due = await book({ start: '2026-11-21T09:00:00Z', email: 'due@example.com' });
    const later = await book({ start: '2026-11-21T11:00:00Z', email: 'later@example.com' });
    await book({ start: '2026-11-20T15:00:00Z', status: 'cancelled', email: 'cancelled@example.com' });
    await book({ start: '2026-11-20T20:00:00Z', createdAt: '2026-11-20T08:00:00Z', email: 'booked-late@example.com' });
    const movedLate = await book({ start: '2026-11-21T08:00:00Z', email: 'moved-late@example.com' });
    await t.database.db.insert(appointmentMoves).values({ appointmentId: movedLate, fromStart: new Date('2026-11-23T08:00:00Z'), toStart: new Date('2026-11-21T08:00:00Z'), fromStaffUserId: 1, toStaffUserId: 1, by: 'customer', reason: 'customer', at: new Date('2026-11-20T09:00:00Z') });
    await book({ start: '2026-11-20T09:45:00Z', email: 'started@example.com' });
    await book({ start: '2026-11-20T18:00:00Z', reminderSentAt: '2026-11-19T18:00:00Z', email: 'reminded@example.com' });
    const everyone = ['due', 'later', 'cancelled', 'booked-late', 'moved-late', 'started', 'reminded'].map((n) => `${n}@example.com`);

    expect(await t.appointmentReminders.run()).toBe(1);
    const sent = await reminders(everyone);
    expect(sent.map((m) => m.to)).toEqual(['due@example.com']);
    const token = tokens.manage(due);
    expect(sent[0]!.text).toContain(`http://help.test/portal/appointments/manage/${token}`);
    // The link's token is the one the booking stored the hash of: the manage page finds it.
    const [row] = await t.database.db.select().from(appointments).where(eq(appointments.id, due));
    expect(createHash('sha256').update(token).digest('hex')).toBe(row!.manageTokenHash);
    expect(row!.reminderSentAt).toEqual(t.clock.now());
    expect(sent[0]!.attachments?.[0]?.contentType).toBe('text/calendar; charset=utf-8; method=REQUEST');

    // Again: nothing more.
    expect(await t.appointmentReminders.run()).toBe(0);
    // Two hours on, the next one enters its 24 hours.
    t.clock.advance(2 * 3_600_000);
    expect(await t.appointmentReminders.run()).toBe(1);
    expect((await reminders(everyone)).map((m) => m.to).sort()).toEqual(['due@example.com', 'later@example.com']);
    expect((await t.database.db.select().from(appointments).where(eq(appointments.id, later)))[0]!.reminderSentAt).toEqual(t.clock.now());
  });

  it('sends each reminder once when two processes run the job at the same moment', async () => {
    t.clock.set('2026-12-01T10:00:00Z');
    const second = await createTestApp(kind, { kb: false, database: t.database });
    await second.mail.stop();
    try {
      second.clock.set('2026-12-01T10:00:00Z');
      const emails = Array.from({ length: 30 }, (_, i) => `many-${i}-${randomUUID().slice(0, 8)}@example.com`);
      for (const [i, email] of emails.entries()) await book({ start: new Date(Date.parse('2026-12-01T12:00:00Z') + i * 20 * 60_000).toISOString(), email });
      // Small batches, so the two runs take turns claiming.
      const run = (app: TestApp) => new AppointmentReminders({ db: app.database, clock: app.clock, mailer: app.appointmentMailer, tokens, batch: 4 }).run();
      const counts = await Promise.all([run(t), run(second), run(t), run(second)]);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(30);
      const sent = await reminders(emails);
      expect(sent).toHaveLength(30);
      expect(new Set(sent.map((m) => m.to)).size).toBe(30);
    } finally {
      await second.dispose();
    }
  });

  it('runs as a housekeeping job', async () => {
    t.clock.set('2026-12-10T10:00:00Z');
    await book({ start: '2026-12-11T09:00:00Z', email: 'housekeeping@example.com' });
    await t.scheduleHousekeeping();
    await t.jobs.idle();
    await t.jobs.drainAll();
    const [job] = await t.database.db.select().from(jobs).where(and(eq(jobs.kind, 'appointments.reminders'), eq(jobs.status, 'done')));
    expect(job).toBeDefined();
    expect((await reminders(['housekeeping@example.com'])).length).toBe(1);
    expect(HOUSEKEEPING.appointmentReminders).toBe('appointments.reminders');
  });
});
