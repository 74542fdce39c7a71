// The fast lane's reserve, checked over random calendars: before release, every day holds at
// least its share of units for the fast lane, bookings never move the reserve, and no standard
// booking ever lands in it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocate, bookable, pickUnit, reserveCount, slotsOf, type AllocationAgent, type AllocationType, type Unit } from './appointments.js';
import { localDayOf, localDayOfCached } from './sla/zone.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const ZONE = 'Europe/Madrid';
/** Monday 2027-03-22, 00:00 in Madrid: the week holds the change to summer time. */
const WEEK = Date.UTC(2027, 2, 21, 23);

const calendarArb = fc.record({
  duration: fc.constantFrom(15, 30, 45, 60),
  buffer: fc.constantFrom(0, 5, 10, 15),
  share: fc.double({ min: 0, max: 0.5, noNaN: true }),
  releaseHours: fc.integer({ min: 0, max: 72 }),
  nowOffsetH: fc.integer({ min: -24, max: 96 }),
  agents: fc.array(
    fc.array(fc.record({ day: fc.integer({ min: 0, max: 6 }), fromH: fc.integer({ min: 6, max: 14 }), hours: fc.integer({ min: 1, max: 8 }) }), { minLength: 1, maxLength: 6 }),
    { minLength: 1, maxLength: 5 },
  ),
  attempts: fc.array(fc.nat(), { maxLength: 60 }),
});

function setup(c: { duration: number; buffer: number; share: number; releaseHours: number; nowOffsetH: number; agents: Array<Array<{ day: number; fromH: number; hours: number }>> }) {
  const type: AllocationType = { key: 't', durationMinutes: c.duration, bufferMinutes: c.buffer, minNoticeMinutes: 0, maxDaysAhead: 30, reserveShare: c.share, releaseHours: c.releaseHours };
  const agents: AllocationAgent[] = c.agents.map((spans, i) => {
    const open = spans
      .map(({ day, fromH, hours }): [number, number] => [WEEK + day * DAY + fromH * HOUR, WEEK + day * DAY + (fromH + hours) * HOUR])
      .sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number]> = [];
    for (const s of open) {
      const last = merged.at(-1);
      if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
      else merged.push([...s]);
    }
    return { id: i + 1, open: merged, busy: [] };
  });
  return { type, agents, now: WEEK + c.nowOffsetH * HOUR };
}

const designatedPerDay = (units: readonly Unit[]) => {
  const m = new Map<number, { capacity: number; designated: number }>();
  for (const u of units) {
    const d = m.get(u.day) ?? { capacity: 0, designated: 0 };
    d.capacity++;
    if (u.designated) d.designated++;
    m.set(u.day, d);
  }
  return m;
};

describe('the reserve over random calendars', () => {
  it('holds at least the share of each day, never moves with bookings, and is never booked by the standard lane before release', () => {
    fc.assert(
      fc.property(calendarArb, (c) => {
        const { type, agents, now } = setup(c);
        const before = allocate(type, agents, ZONE, now);
        for (const [, d] of designatedPerDay(before)) {
          expect(d.designated).toBe(reserveCount(d.capacity, type.reserveShare));
          expect(d.designated).toBeGreaterThanOrEqual(Math.min(d.capacity, type.reserveShare * d.capacity - 1e-9));
        }
        const designated = new Set(before.filter((u) => u.designated).map((u) => `${u.agentId}:${u.start}`));
        // Standard customers book whatever they are offered, one after another.
        const busy = new Map<number, Array<[number, number]>>(agents.map((a) => [a.id, []]));
        let units = before;
        for (const n of c.attempts) {
          const offered = slotsOf(units, type, 'standard', now, -Infinity, Infinity);
          if (offered.length === 0) break;
          const unit = pickUnit(units, type, 'standard', now, offered[n % offered.length]!.start);
          expect(unit).not.toBeNull();
          expect(unit!.reserved).toBe(false);
          busy.get(unit!.agentId)!.push([unit!.start, unit!.start + (type.durationMinutes + type.bufferMinutes) * MIN]);
          units = allocate(type, agents.map((a) => ({ ...a, busy: [...busy.get(a.id)!].sort((x, y) => x[0] - y[0]) })), ZONE, now);
          // Bookings never move the reserve.
          expect(new Set(units.filter((u) => u.designated).map((u) => `${u.agentId}:${u.start}`))).toEqual(designated);
        }
        // Every unit still held is free: no standard booking landed in it.
        for (const u of units) if (u.reserved) expect(u.free).toBe(true);
        for (const u of units) if (u.reserved) expect(bookable(u, type, 'standard', now)).toBe(false);
      }),
      { numRuns: 200, seed: 16 },
    );
  });

  it('finds each instant’s local day as the zone’s rules say, near daylight-saving changes too', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 0, 1) }), fc.constantFrom('Europe/Madrid', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC', 'Pacific/Apia'), (ms, zone) => {
        expect(localDayOfCached(ms, zone)).toBe(localDayOf(ms, zone));
      }),
      { numRuns: 2000, seed: 16 },
    );
    // Around Madrid's changes, minute by minute.
    for (const at of [Date.UTC(2027, 2, 28, 1), Date.UTC(2027, 9, 31, 1), Date.UTC(2027, 2, 27, 23), Date.UTC(2027, 9, 30, 22)]) {
      for (let ms = at - 3 * HOUR; ms <= at + 3 * HOUR; ms += MIN) expect(localDayOfCached(ms, ZONE)).toBe(localDayOf(ms, ZONE));
    }
  });
});
