// The calendar's reads in one statement each (`typeWithAgents`, `calendarInputsOf`) against the
// plain reads they replaced on the slots' path, on each database: the same agents, rules,
// absences and bookings, whatever order the rows were written in.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { agentAbsences, agentAvailability, appointments, staffUsers } from '../db/schema.js';
import { testDatabases } from '../testing/db.js';
import * as store from './store.js';
import { calendar, type Calendar } from './testing.js';

vi.setConfig({ testTimeout: 120_000 });

const at = (iso: string) => new Date(iso);
let serial = 0;
const booked = (agent: number, start: string, end: string, blockedUntil: string, status = 'booked') => {
  const id = `appt-${++serial}`;
  return {
    id, typeKey: 'video', staffUserId: agent, startsAt: at(start), endsAt: at(end), blockedUntil: at(blockedUntil),
    status, lane: 'standard', inReserve: false, name: 'Cliente', email: 'c@example.com', locale: 'es', manageTokenHash: `hash-${id}`,
    createdAt: at('2026-11-20T10:00:00Z'), updatedAt: at('2026-11-20T10:00:00Z'),
  };
};

describe.each(testDatabases())('calendar reads in one statement (%s)', (kind) => {
  let cal: Calendar;
  afterEach(async () => cal?.t.dispose());

  it('reads the same agents, rules, absences and bookings as the reads one by one', async () => {
    cal = await calendar(kind, { agents: 3 });
    const db = cal.t.database.db;
    const [a, b, c] = cal.agents.map((x) => x.user.id) as [number, number, number];

    // Agent a: a second rule written before the first in the table (positions decide the order).
    await db.delete(agentAvailability).where(eq(agentAvailability.staffUserId, a));
    await db.insert(agentAvailability).values([
      { staffUserId: a, rrule: 'FREQ=WEEKLY;BYDAY=SA', startTime: '10:00', endTime: '12:00', validFrom: '2026-11-01', validUntil: '2026-12-31', position: 1 },
      { staffUserId: a, rrule: 'FREQ=WEEKLY;BYDAY=MO', startTime: '09:00', endTime: '11:30', validFrom: '2026-01-01', validUntil: null, position: 0 },
    ]);
    // Absences: one inside the period, one overlapping its start, one after it, one of another agent; written out of order.
    await db.insert(agentAbsences).values([
      { staffUserId: a, startsAt: at('2026-11-30T09:00:00.250Z'), endsAt: at('2026-11-30T10:00:00Z'), createdAt: at('2026-11-20T10:00:00Z') },
      { staffUserId: a, startsAt: at('2026-11-22T00:00:00Z'), endsAt: at('2026-11-23T09:30:00Z'), createdAt: at('2026-11-20T10:00:00Z') },
      { staffUserId: a, startsAt: at('2026-12-20T09:00:00Z'), endsAt: at('2026-12-21T09:00:00Z'), createdAt: at('2026-11-20T10:00:00Z') },
      { staffUserId: b, startsAt: at('2026-11-24T11:00:00Z'), endsAt: at('2026-11-24T12:00:00Z'), createdAt: at('2026-11-20T10:00:00Z') },
    ]);
    // Bookings, written latest first: cancelled ones, one ending (with its buffer) as the period
    // starts, one whose buffer reaches into it, one after it, and milliseconds kept.
    const rows = [
      booked(a, '2026-11-27T09:00:00Z', '2026-11-27T09:30:00Z', '2026-11-27T09:40:00Z'),
      booked(a, '2026-11-25T08:00:00.125Z', '2026-11-25T08:30:00.125Z', '2026-11-25T08:40:00.125Z'),
      booked(a, '2026-11-24T08:00:00Z', '2026-11-24T08:30:00Z', '2026-11-24T08:40:00Z', 'cancelled'),
      booked(b, '2026-11-24T08:00:00Z', '2026-11-24T08:30:00Z', '2026-11-24T08:40:00Z'),
      booked(b, '2026-11-22T22:50:00Z', '2026-11-22T23:20:00Z', '2026-11-23T00:10:00Z'),
      booked(c, '2026-11-22T23:00:00Z', '2026-11-22T23:30:00Z', '2026-11-23T00:00:00Z'),
      booked(c, '2026-12-15T08:00:00Z', '2026-12-15T08:30:00Z', '2026-12-15T08:40:00Z'),
    ];
    await db.insert(appointments).values(rows);
    const from = at('2026-11-23T00:00:00Z');
    const to = at('2026-12-01T00:00:00Z');
    const ids = [a, b, c];

    const one = await store.calendarInputsOf(db, ids, from, to);

    const rules = await store.rulesOf(db, ids);
    const rulesByAgent = new Map<number, store.RuleInput[]>();
    for (const r of rules) rulesByAgent.set(r.staffUserId, [...(rulesByAgent.get(r.staffUserId) ?? []), { rrule: r.rrule, startTime: r.startTime, endTime: r.endTime, validFrom: r.validFrom, validUntil: r.validUntil }]);
    expect(one.rules).toEqual(rulesByAgent);
    expect(one.rules.get(a)!.map((r) => r.rrule)).toEqual(['FREQ=WEEKLY;BYDAY=MO', 'FREQ=WEEKLY;BYDAY=SA']);

    const absences = new Map<number, Array<[number, number]>>();
    for (const r of await store.absencesOf(db, ids, from, to)) absences.set(r.staffUserId, [...(absences.get(r.staffUserId) ?? []), [r.startsAt.getTime(), r.endsAt.getTime()]]);
    for (const list of absences.values()) list.sort((x, y) => x[0] - y[0]);
    expect(one.absences).toEqual(absences);
    expect(one.absences.get(a)).toHaveLength(2);

    const busyOf = (except?: string) => {
      const out = new Map<number, Array<[number, number]>>();
      const mine = rows.filter((r) => r.status === 'booked' && r.id !== except && r.blockedUntil > from && r.startsAt < to).sort((x, y) => x.startsAt.getTime() - y.startsAt.getTime());
      for (const r of mine) out.set(r.staffUserId, [...(out.get(r.staffUserId) ?? []), [r.startsAt.getTime(), r.blockedUntil.getTime()]]);
      return out;
    };
    expect(one.busy).toEqual(busyOf());
    expect(one.busy.get(a)).toEqual([
      [Date.parse('2026-11-25T08:00:00.125Z'), Date.parse('2026-11-25T08:40:00.125Z')],
      [Date.parse('2026-11-27T09:00:00Z'), Date.parse('2026-11-27T09:40:00Z')],
    ]);
    expect(one.busy.has(c)).toBe(false);

    // The appointment being moved is left out of what is booked.
    const moving = rows[0]!.id;
    expect((await store.calendarInputsOf(db, ids, from, to, moving)).busy).toEqual(busyOf(moving));
    // Agents not asked for are not read; no agents, nothing read.
    expect([...(await store.calendarInputsOf(db, [b], from, to)).busy.keys()]).toEqual([b]);
    expect(await store.calendarInputsOf(db, [], from, to)).toEqual({ rules: new Map(), absences: new Map(), busy: new Map() });
  });

  it('reads a type with its enabled agents in order, or null', async () => {
    cal = await calendar(kind, { agents: 3 });
    const db = cal.t.database.db;
    const ids = cal.agents.map((x) => x.user.id).sort((x, y) => x - y);
    const found = await store.typeWithAgents(db, 'video');
    expect(found?.type).toEqual(await store.typeByKey(db, 'video'));
    expect(found?.agentIds).toEqual(ids);
    expect(found?.agentIds).toEqual((await store.agentsOfTypes(db, ['video'])).get('video'));

    await db.update(staffUsers).set({ disabledAt: at('2026-11-20T10:00:00Z') }).where(eq(staffUsers.id, ids[1]!));
    expect((await store.typeWithAgents(db, 'video'))?.agentIds).toEqual([ids[0], ids[2]]);
    expect((await store.typeWithAgents(db, 'video'))?.agentIds).toEqual((await store.agentsOfTypes(db, ['video'])).get('video'));

    expect(await store.typeWithAgents(db, 'nope')).toBeNull();
    await db.update(staffUsers).set({ disabledAt: at('2026-11-20T10:00:00Z') });
    expect((await store.typeWithAgents(db, 'video'))?.agentIds).toEqual([]);
  });
});
