// Time tracking as the console's people use it (staff users, inserted directly until sign-in
// exists): one running timer per person, heartbeats, timers left open, manual entries, edits
// by whom, and the summary per person and lane with costs.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, isNull } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { insertStaffUser, submitTestCase } from '../testing/staff-users.js';
import { jobs, staffUsers, timeEntries } from '../db/schema.js';
import type { StaffActor } from '../staff/actor.js';

const NOW = '2026-11-20T10:00:00.000Z';
const at = (hhmm: string, day = '2026-11-20') => `${day}T${hhmm}:00.000Z`;
const MIN = 60_000;

describe.each(testDatabases())('time tracking on %s', (kind) => {
  let t: TestApp;
  let ana: StaffActor & { kind: 'user' };
  let luis: StaffActor & { kind: 'user' };
  let boss: StaffActor & { kind: 'user' };
  const token: StaffActor = { kind: 'token', id: 1, name: 'Script', role: 'admin' };
  let a: string;
  let b: string;

  beforeAll(async () => {
    t = await createTestApp(kind, { env: { AYUDA_CASE_PREFIX: 'NF', AYUDA_CASE_RATE_LIMIT: '1000', AYUDA_CASE_EMAIL_LIMIT: '1000' } });
    await t.mail.stop();
    ana = await insertStaffUser(t, { name: 'Ana', hourlyCost: 3000 });
    luis = await insertStaffUser(t, { name: 'Luis' });
    boss = await insertStaffUser(t, { name: 'Marta', role: 'admin', hourlyCost: 4500 });
    a = (await submitTestCase(t)).reference;
    b = (await submitTestCase(t)).reference;
  });
  afterAll(() => t.dispose());
  beforeEach(async () => {
    t.clock.set(NOW);
    await t.database.db.delete(timeEntries);
  });

  const running = (userId: number) => t.database.db.select().from(timeEntries).where(and(eq(timeEntries.userId, userId), isNull(timeEntries.endedAt)));

  it('runs one timer per person: starting on another case stops the first; starting again on the same case goes on', async () => {
    const first = await t.time.startTimer(a, ana);
    expect(first.created).toBe(true);
    expect(first.entry).toMatchObject({ caseReference: a, user: { id: ana.id, name: 'Ana' }, startedAt: NOW, endedAt: null, seconds: 0, source: 'timer', note: null });
    t.clock.advance(3 * MIN);
    const again = await t.time.startTimer(a, ana);
    expect(again).toMatchObject({ created: false, entry: { id: first.entry.id, seconds: 180, endedAt: null } });
    t.clock.advance(2 * MIN);
    const other = await t.time.startTimer(b, ana);
    expect(other.created).toBe(true);
    const list = await t.time.listForCase(a);
    expect(list.entries).toHaveLength(1);
    expect(list.entries[0]).toMatchObject({ id: first.entry.id, endedAt: at('10:05'), seconds: 300 });
    expect(list.totalSeconds).toBe(300);
    expect((await running(ana.id)).map((r) => r.id)).toEqual([other.entry.id]);
    // Another person's timer is theirs alone.
    await t.time.startTimer(a, luis);
    expect(await running(ana.id)).toHaveLength(1);
    expect(await running(luis.id)).toHaveLength(1);
  });

  it('keeps one running timer per person when starts race', async () => {
    await Promise.all(Array.from({ length: 8 }, (_, i) => t.time.startTimer(i % 2 ? a : b, ana)));
    expect(await running(ana.id)).toHaveLength(1);
  });

  it('stops the timer of the case named, and only that one', async () => {
    expect(await t.time.stopTimer(a, ana)).toBeNull();
    await t.time.startTimer(b, ana);
    // Leaving case A late (the agent already moved on to B) stops nothing.
    expect(await t.time.stopTimer(a, ana)).toBeNull();
    t.clock.advance(90_000);
    const stopped = await t.time.stopTimer(b, ana);
    expect(stopped).toMatchObject({ caseReference: b, endedAt: '2026-11-20T10:01:30.000Z', seconds: 90 });
    expect(await running(ana.id)).toHaveLength(0);
  });

  it('keeps a timer alive with heartbeats; one without them ends at its last heartbeat', async () => {
    const { entry } = await t.time.startTimer(a, ana);
    for (let i = 0; i < 5; i++) {
      t.clock.advance(MIN);
      await t.time.heartbeat(a, ana);
    }
    // No timer of Ana's runs on B.
    await expect(t.time.heartbeat(b, ana)).rejects.toMatchObject({ status: 409, typeKey: 'conflict' });
    // The tab is closed at 10:05; 10 minutes later the timer reads as ended then.
    t.clock.advance(11 * MIN);
    const seen = (await t.time.listForCase(a)).entries[0]!;
    expect(seen).toMatchObject({ id: entry.id, endedAt: at('10:05'), seconds: 300 });
    // Housekeeping (a job queued once for the minute) writes it down.
    await t.scheduleHousekeeping();
    await t.jobs.idle();
    await t.jobs.drainAll();
    const [job] = await t.database.db.select().from(jobs).where(eq(jobs.kind, 'time.close_idle'));
    expect(job!.status).toBe('done');
    const [row] = await t.database.db.select().from(timeEntries).where(eq(timeEntries.id, entry.id));
    expect(row!.endedAt!.toISOString()).toBe(at('10:05'));
    // A heartbeat now says so, and a new start makes a new entry.
    await expect(t.time.heartbeat(a, ana)).rejects.toMatchObject({ status: 409 });
    expect((await t.time.startTimer(a, ana)).created).toBe(true);
  });

  it('closes a timer whose heartbeat stopped when the person calls again, without waiting for housekeeping', async () => {
    const { entry } = await t.time.startTimer(a, ana);
    t.clock.advance(2 * MIN);
    await t.time.heartbeat(a, ana);
    t.clock.advance(30 * MIN);
    await expect(t.time.heartbeat(a, ana)).rejects.toMatchObject({ status: 409 });
    const [row] = await t.database.db.select().from(timeEntries).where(eq(timeEntries.id, entry.id));
    expect(row!.endedAt!.toISOString()).toBe(at('10:02'));
    // Starting afresh on the same case does not revive it either.
    const next = await t.time.startTimer(a, ana);
    expect(next.created).toBe(true);
    expect(next.entry.startedAt).toBe(at('10:32'));
  });

  const SEC = 1000;
  const rows = async (reference: string) => (await t.time.listForCase(reference)).entries;

  it('keeps no entry for a visit shorter than timerMinSeconds: stopped, left for another case, or ended unattended', async () => {
    // Stopped after 9 seconds: nothing is kept, and the stop says there is no entry.
    await t.time.startTimer(a, ana);
    t.clock.advance(9 * SEC);
    expect(await t.time.stopTimer(a, ana)).toBeNull();
    expect(await rows(a)).toEqual([]);
    // Left for another case after 2 seconds: that start ends and deletes it.
    t.clock.advance(5 * MIN);
    await t.time.startTimer(a, ana);
    t.clock.advance(2 * SEC);
    await t.time.startTimer(b, ana);
    expect(await rows(a)).toEqual([]);
    // The tab closed 3 seconds after opening the case, with no heartbeat since: housekeeping ends it and keeps nothing.
    t.clock.advance(3 * SEC);
    await t.time.stopTimer(b, ana);
    t.clock.advance(5 * MIN);
    await t.time.startTimer(a, ana);
    t.clock.advance(11 * MIN);
    const ended = await t.database.db.transaction((tx) => t.time.closeIdle(tx));
    expect(ended).toBe(1);
    expect(await rows(a)).toEqual([]);
    // Ten seconds is kept.
    await t.time.startTimer(a, ana);
    t.clock.advance(10 * SEC);
    expect(await t.time.stopTimer(a, ana)).toMatchObject({ seconds: 10 });
    expect((await rows(a)).map((e) => e.seconds)).toEqual([10]);
  });

  it('keeps a short timer that has a note or was edited by hand, and a short manual entry', async () => {
    const noted = await t.time.startTimer(a, ana);
    await t.time.update(noted.entry.id, ana, { note: 'Llamó mientras lo abría' });
    t.clock.advance(3 * SEC);
    expect(await t.time.stopTimer(a, ana)).toMatchObject({ id: noted.entry.id, seconds: 3, note: 'Llamó mientras lo abría' });
    t.clock.advance(5 * MIN);
    const moved = await t.time.startTimer(b, ana);
    await t.time.update(moved.entry.id, ana, { startedAt: at('10:05') });
    t.clock.advance(2 * SEC);
    expect(await t.time.stopTimer(b, ana)).toMatchObject({ id: moved.entry.id, seconds: 5 });
    expect((await t.time.addManual(a, ana, { startedAt: at('09:00'), endedAt: '2026-11-20T09:00:05.000Z' })).seconds).toBe(5);
    expect(await rows(a)).toHaveLength(2);
  });

  it('continues the entry when the person comes back to the case within timerResumeSeconds of stopping it', async () => {
    const first = await t.time.startTimer(a, ana);
    t.clock.advance(5 * MIN);
    await t.time.stopTimer(a, ana);
    // Back 40 seconds later: the same entry runs again, from its start; the 40 seconds count.
    t.clock.advance(40 * SEC);
    const back = await t.time.startTimer(a, ana);
    expect(back).toMatchObject({ created: false, entry: { id: first.entry.id, startedAt: NOW, endedAt: null, seconds: 340 } });
    t.clock.advance(MIN);
    expect(await t.time.stopTimer(a, ana)).toMatchObject({ id: first.entry.id, endedAt: '2026-11-20T10:06:40.000Z', seconds: 400 });
    // A glance at another case on the way (too short to keep) does not stop it from continuing.
    t.clock.advance(5 * SEC);
    await t.time.startTimer(b, ana);
    t.clock.advance(5 * SEC);
    expect(await t.time.startTimer(a, ana)).toMatchObject({ created: false, entry: { id: first.entry.id, endedAt: null } });
    t.clock.advance(MIN);
    await t.time.stopTimer(a, ana);
    expect(await rows(a)).toHaveLength(1);
    expect(await rows(b)).toEqual([]);
    // After more than the window: a new entry.
    t.clock.advance(61 * SEC);
    expect((await t.time.startTimer(a, ana)).created).toBe(true);
    expect(await rows(a)).toHaveLength(2);
  });

  it('does not continue an entry that ended unattended, was edited, has a note, is not the latest, or was costed otherwise', async () => {
    const fresh = async () => (await t.time.startTimer(a, ana)).created;
    // Ended for want of a heartbeat (closed as the next start comes in): not continued.
    await t.time.startTimer(a, ana);
    t.clock.advance(5 * MIN);
    await t.time.heartbeat(a, ana);
    t.clock.advance(20 * MIN);
    expect(await fresh()).toBe(true);
    // Edited by hand after it stopped.
    t.clock.advance(2 * MIN);
    const edited = (await t.time.stopTimer(a, ana))!;
    await t.time.update(edited.id, ana, { startedAt: at('10:26') });
    t.clock.advance(10 * SEC);
    expect(await fresh()).toBe(true);
    // With a note.
    t.clock.advance(2 * MIN);
    const noted = (await t.time.stopTimer(a, ana))!;
    await t.time.update(noted.id, ana, { note: 'Revisado' });
    expect(await fresh()).toBe(true);
    // Another case's timer ran (and was kept) in between: the person's time would overlap.
    t.clock.advance(2 * MIN);
    await t.time.startTimer(b, ana);
    t.clock.advance(20 * SEC);
    expect(await fresh()).toBe(true);
    // The person's hourly cost changed since: the entry keeps the one it was logged at, the new time another.
    t.clock.advance(2 * MIN);
    await t.time.stopTimer(a, ana);
    await t.database.db.update(staffUsers).set({ hourlyCost: 3500 }).where(eq(staffUsers.id, ana.id));
    try {
      expect(await fresh()).toBe(true);
    } finally {
      await t.database.db.update(staffUsers).set({ hourlyCost: 3000 }).where(eq(staffUsers.id, ana.id));
    }
    // Another person's stopped entry is theirs: Luis starts his own.
    t.clock.advance(2 * MIN);
    await t.time.stopTimer(a, ana);
    expect((await t.time.startTimer(a, luis)).created).toBe(true);
  });

  it('refuses the timer, manual entries and their edits by ownership to a token, and unknown cases', async () => {
    await expect(t.time.startTimer(a, token)).rejects.toMatchObject({ status: 403, typeKey: 'forbidden', detail: expect.stringContaining('signed-in staff user') });
    await expect(t.time.stopTimer(a, token)).rejects.toMatchObject({ status: 403 });
    await expect(t.time.heartbeat(a, token)).rejects.toMatchObject({ status: 403 });
    await expect(t.time.addManual(a, token, { startedAt: at('09:00'), endedAt: at('09:30') })).rejects.toMatchObject({ status: 403 });
    await expect(t.time.startTimer('NF-999999', ana)).rejects.toMatchObject({ status: 404 });
    await expect(t.time.listForCase('NF-999999')).rejects.toMatchObject({ status: 404 });
    await expect(t.time.addManual('NF-999999', ana, { startedAt: at('09:00'), endedAt: at('09:30') })).rejects.toMatchObject({ status: 404 });
  });

  it('records manual entries that ended, within 24 hours, not in the future', async () => {
    const e = await t.time.addManual(a, ana, { startedAt: at('08:00'), endedAt: at('09:15'), note: 'Llamada' });
    expect(e).toMatchObject({ caseReference: a, source: 'manual', seconds: 4500, note: 'Llamada', endedAt: at('09:15') });
    const bad = async (startedAt: string, endedAt: string) => {
      const err = await t.time.addManual(a, ana, { startedAt, endedAt }).catch((x: unknown) => x);
      expect(err).toMatchObject({ status: 422, typeKey: 'validation-error' });
      return (err as { errors: Array<{ field: string; message: string }> }).errors;
    };
    expect(await bad(at('09:00'), at('08:59'))).toEqual([{ field: 'body.endedAt', message: 'must be after startedAt' }]);
    expect(await bad(at('09:00'), at('09:00'))).toEqual([{ field: 'body.endedAt', message: 'must be after startedAt' }]);
    expect(await bad('2026-11-19T09:00:00Z', '2026-11-20T09:00:01Z')).toEqual([{ field: 'body.endedAt', message: 'must be at most 24 hours after startedAt' }]);
    expect(await bad(at('09:50'), at('10:05'))).toEqual([{ field: 'body.endedAt', message: 'must not be in the future' }]);
    expect(await bad(at('10:02'), at('10:05'))).toEqual([
      { field: 'body.startedAt', message: 'must not be in the future' },
      { field: 'body.endedAt', message: 'must not be in the future' },
      { field: 'body.endedAt', message: 'must be after startedAt' },
    ]);
    // Exactly 24 hours is fine; a client clock up to a minute fast ends "now".
    expect((await t.time.addManual(a, ana, { startedAt: '2026-11-19T09:00:00Z', endedAt: at('09:00') })).seconds).toBe(86_400);
    expect((await t.time.addManual(a, ana, { startedAt: at('09:30'), endedAt: '2026-11-20T10:00:40Z' })).endedAt).toBe(NOW);
  });

  it('answers a retried manual entry with the first one when it carries the same Idempotency-Key', async () => {
    const input = { startedAt: at('08:00'), endedAt: at('08:30') };
    const first = await t.time.addManual(a, ana, input, 'manual-key-1');
    expect(await t.time.addManual(a, ana, input, 'manual-key-1')).toEqual(first);
    await expect(t.time.addManual(a, ana, { ...input, note: 'otra' }, 'manual-key-1')).rejects.toMatchObject({ status: 422, typeKey: 'idempotency-key-mismatch' });
    // The key is the person's: another person's same key is another entry.
    expect((await t.time.addManual(a, luis, input, 'manual-key-1')).id).not.toBe(first.id);
    expect((await t.time.listForCase(a)).entries).toHaveLength(2);
  });

  it('lets people change and delete their own entries, admins anyone’s, and nobody else', async () => {
    const e = await t.time.addManual(a, ana, { startedAt: at('08:00'), endedAt: at('09:00') });
    expect(await t.time.update(e.id, ana, { note: 'Revisión' })).toMatchObject({ note: 'Revisión', seconds: 3600 });
    expect(await t.time.update(e.id, ana, { note: null })).toMatchObject({ note: null });
    expect(await t.time.update(e.id, ana, { startedAt: at('08:30') })).toMatchObject({ startedAt: at('08:30'), seconds: 1800 });
    await expect(t.time.update(e.id, luis, { note: 'mía' })).rejects.toMatchObject({ status: 403, typeKey: 'forbidden' });
    await expect(t.time.remove(e.id, luis)).rejects.toMatchObject({ status: 403 });
    expect(await t.time.update(e.id, boss, { endedAt: at('09:30') })).toMatchObject({ seconds: 3600 });
    expect(await t.time.update(e.id, token, { note: 'Por script' })).toMatchObject({ note: 'Por script' });
    // The same rules as a new entry, naming the field that was changed.
    await expect(t.time.update(e.id, ana, { startedAt: at('09:45') })).rejects.toMatchObject({ status: 422, errors: [{ field: 'body.startedAt', message: 'must be after startedAt' }] });
    await expect(t.time.update(e.id, ana, { endedAt: at('10:30') })).rejects.toMatchObject({ status: 422, errors: [{ field: 'body.endedAt', message: 'must not be in the future' }] });
    await expect(t.time.update(e.id, ana, { startedAt: '2026-11-19T08:00:00Z' })).rejects.toMatchObject({ status: 422, errors: [{ field: 'body.startedAt', message: 'must be at most 24 hours after startedAt' }] });
    await expect(t.time.update(999_999, ana, { note: 'x' })).rejects.toMatchObject({ status: 404 });
    await t.time.remove(e.id, ana);
    await expect(t.time.remove(e.id, ana)).rejects.toMatchObject({ status: 404 });
    const other = await t.time.addManual(a, luis, { startedAt: at('08:00'), endedAt: at('09:00') });
    await t.time.remove(other.id, boss);
    expect((await t.time.listForCase(a)).entries).toEqual([]);
  });

  it('ends a running timer by setting its end, and moves its start without ending it', async () => {
    const { entry } = await t.time.startTimer(a, ana);
    for (let i = 0; i < 4; i++) {
      t.clock.advance(5 * MIN);
      await t.time.heartbeat(a, ana);
    }
    const moved = await t.time.update(entry.id, ana, { startedAt: at('09:40') });
    expect(moved).toMatchObject({ startedAt: at('09:40'), endedAt: null, seconds: 40 * 60 });
    await expect(t.time.update(entry.id, ana, { startedAt: at('10:30') })).rejects.toMatchObject({ status: 422 });
    const ended = await t.time.update(entry.id, ana, { endedAt: at('10:15') });
    expect(ended).toMatchObject({ endedAt: at('10:15'), seconds: 35 * 60 });
    expect(await running(ana.id)).toHaveLength(0);
  });

  it('sums time and cost per person and per lane, each part in the lane its case was in then', async () => {
    t.clock.set(at('06:00'));
    const caseB = await t.cases.caseOfToken((await submitTestCase(t)).trackingToken);
    const refB = caseB!.reference;
    // Case B moved to the fast lane at 09:00 (paid).
    t.clock.set(at('09:00'));
    await t.database.db.transaction((tx) => t.cases.moveToLane(tx, caseB!.id, 'fast', 'system', 'paid'));
    t.clock.set(NOW);
    await t.time.addManual(a, ana, { startedAt: at('07:00'), endedAt: at('08:00') });
    await t.time.addManual(refB, ana, { startedAt: at('08:30'), endedAt: at('09:30') });
    await t.time.addManual(refB, luis, { startedAt: at('09:30'), endedAt: at('10:00') });
    await t.time.startTimer(a, ana);
    t.clock.advance(5 * MIN);

    const day = await t.time.summary(new Date(at('00:00')), new Date(at('00:00', '2026-11-21')));
    expect(day).toMatchObject({ currency: 'eur', totalSeconds: 7500 + 1800, totalCost: 6250 });
    expect(day.users).toEqual([
      { user: { id: ana.id, name: 'Ana' }, seconds: 7500, hourlyCost: 3000, cost: 6250 },
      { user: { id: luis.id, name: 'Luis' }, seconds: 1800, hourlyCost: null, cost: null },
    ]);
    expect(day.lanes).toEqual([
      { lane: 'fast', seconds: 3600, cost: 1500, uncostedSeconds: 1800 },
      { lane: 'standard', seconds: 5700, cost: 4750, uncostedSeconds: 0 },
    ]);
    // Only the part inside the period counts.
    const slice = await t.time.summary(new Date(at('08:45')), new Date(at('09:15')));
    expect(slice.users).toEqual([{ user: { id: ana.id, name: 'Ana' }, seconds: 1800, hourlyCost: 3000, cost: 1500 }]);
    expect(slice.lanes).toEqual([
      { lane: 'fast', seconds: 900, cost: 750, uncostedSeconds: 0 },
      { lane: 'standard', seconds: 900, cost: 750, uncostedSeconds: 0 },
    ]);
    const empty = await t.time.summary(new Date('2026-10-01T00:00:00Z'), new Date('2026-10-02T00:00:00Z'));
    expect(empty).toMatchObject({ totalSeconds: 0, totalCost: 0, users: [], lanes: [{ lane: 'fast', seconds: 0 }, { lane: 'standard', seconds: 0 }] });
  });
});
