import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocate, bookable, pickUnit, reserveCount, slotsOf, type AllocationAgent, type AllocationType, type TimeSpan, type Unit } from './appointments.js';
import { localToUtc } from './sla/zone.js';

const H = 3_600_000;
const M = 60_000;
const DAY = 86_400_000;
const TZ = 'Europe/Madrid';
const type = (over: Partial<AllocationType> = {}): AllocationType => ({ key: 't', durationMinutes: 30, bufferMinutes: 0, minNoticeMinutes: 0, maxDaysAhead: 60, reserveShare: 0.1, releaseHours: 24, ...over });
/** 09:00-17:00 local on `date` (YYYY-MM-DD) in Madrid. */
const workday = (date: string, from = 9, to = 17): TimeSpan => {
  const d = Date.parse(`${date}T00:00:00Z`);
  return [localToUtc(d + from * H, TZ), localToUtc(d + to * H, TZ)];
};
const iso = (ms: number) => new Date(ms).toISOString();

describe('reserveCount', () => {
  it('never holds less than the share, and holds nothing without capacity or share', () => {
    expect(reserveCount(30, 0.1)).toBe(3);
    expect(reserveCount(31, 0.1)).toBe(4);
    expect(reserveCount(5, 0.1)).toBe(1);
    expect(reserveCount(0, 0.1)).toBe(0);
    expect(reserveCount(16, 0)).toBe(0);
    expect(reserveCount(3, 0.5)).toBe(2);
  });
});

describe('allocate', () => {
  const now = Date.parse('2026-03-02T08:00:00Z');

  it('cuts an agent’s open time in steps of duration plus buffer and holds ceil(10 %) of a day, spread over it', () => {
    const agents: AllocationAgent[] = [{ id: 1, open: [workday('2026-03-10')], busy: [] }];
    const units = allocate(type({ bufferMinutes: 10 }), agents, TZ, now);
    // 8 h in steps of 40 min: 12 units of 30 min.
    expect(units).toHaveLength(12);
    expect(iso(units[0]!.start)).toBe('2026-03-10T08:00:00.000Z');
    expect(units[1]!.start - units[0]!.start).toBe(40 * M);
    expect(units.every((u) => u.end - u.start === 30 * M)).toBe(true);
    const held = units.filter((u) => u.designated);
    expect(held).toHaveLength(2);
    // Spread: one in each half of the day.
    expect(held[0]!.start).toBeLessThan(units[6]!.start);
    expect(held[1]!.start).toBeGreaterThanOrEqual(units[6]!.start);
    expect(held.every((u) => u.reserved)).toBe(true);
  });

  it('marks units taken by an appointment (with its buffer) as not free, and releases held units inside the release window', () => {
    const day = workday('2026-03-03');
    const busy: TimeSpan[] = [[day[0] + 30 * M, day[0] + 70 * M]];
    const units = allocate(type(), [{ id: 1, open: [day], busy }], TZ, day[0] - 2 * H);
    expect(units.filter((u) => !u.free).map((u) => iso(u.start))).toEqual([iso(day[0] + 30 * M), iso(day[0] + 60 * M)]);
    // Less than 24 h away: designated, not held.
    expect(units.some((u) => u.designated)).toBe(true);
    expect(units.some((u) => u.reserved)).toBe(false);
  });

  it('counts days in the company’s zone across a daylight-saving change (29 March 2026 in Madrid)', () => {
    // 00:00-04:00 local on the day the clocks jump from 02:00 to 03:00: three real hours.
    const d = Date.parse('2026-03-29T00:00:00Z');
    const open: TimeSpan = [localToUtc(d, TZ), localToUtc(d + 4 * H, TZ)];
    const units = allocate(type({ durationMinutes: 60 }), [{ id: 1, open: [open], busy: [] }], TZ, now);
    expect(units).toHaveLength(3);
    expect(new Set(units.map((u) => u.day)).size).toBe(1);
  });

  it('lets the standard lane see only unheld slots and gives the fast lane an unheld unit first', () => {
    const day = workday('2026-03-10', 9, 10);
    const agents: AllocationAgent[] = [
      { id: 1, open: [day], busy: [] },
      { id: 2, open: [day], busy: [] },
    ];
    // 4 units, share 0.5: 2 held (index 1 and 3 in time order: 09:00 agent 2, 09:30 agent 2).
    const t = type({ reserveShare: 0.5 });
    const units = allocate(t, agents, TZ, now);
    expect(units.filter((u) => u.reserved).map((u) => [iso(u.start), u.agentId])).toEqual([
      [iso(day[0]), 2],
      [iso(day[0] + 30 * M), 2],
    ]);
    expect(slotsOf(units, t, 'standard', now, 0, Infinity)).toHaveLength(2);
    expect(pickUnit(units, t, 'standard', now, day[0])!.agentId).toBe(1);
    expect(pickUnit(units, t, 'fast', now, day[0])!.agentId).toBe(1);
    // Agent 1 taken at 09:00: the standard lane no longer sees 09:00, the fast lane does (held unit), and staff see it as reserved.
    const after = allocate(t, [{ ...agents[0]!, busy: [[day[0], day[0] + 30 * M]] }, agents[1]!], TZ, now);
    expect(slotsOf(after, t, 'standard', now, 0, Infinity).map((s) => iso(s.start))).toEqual([iso(day[0] + 30 * M)]);
    expect(slotsOf(after, t, 'fast', now, 0, Infinity).map((s) => [iso(s.start), s.reserved])).toEqual([
      [iso(day[0]), true],
      [iso(day[0] + 30 * M), false],
    ]);
    expect(pickUnit(after, t, 'standard', now, day[0])).toBeNull();
  });

  it('keeps minimum notice and the horizon', () => {
    const day = workday('2026-03-02');
    const units = allocate(type(), [{ id: 1, open: [day], busy: [] }], TZ, day[0]);
    const t = type({ minNoticeMinutes: 120, maxDaysAhead: 1 });
    expect(units.filter((u) => bookable(u, t, 'fast', day[0]))[0]!.start).toBe(day[0] + 2 * H);
    const later = allocate(type(), [{ id: 1, open: [workday('2026-03-04')], busy: [] }], TZ, day[0]);
    expect(later.some((u) => bookable(u, t, 'fast', day[0]))).toBe(false);
  });
});

// The property: over random calendars and random bookings by both lanes, before release
// the reserve of any day never falls below the configured share and no standard booking ever
// lands in it. The calendar is fixed while bookings are made, as between two edits of hours.
describe('the reserve (property)', () => {
  const base = Date.parse('2026-03-23T00:00:00Z'); // a week that holds Madrid's change to summer time

  const calendar = fc.record({
    durationMinutes: fc.constantFrom(15, 20, 30, 45, 60),
    bufferMinutes: fc.constantFrom(0, 5, 10, 15),
    reserveShare: fc.constantFrom(0, 0.05, 0.1, 0.25, 0.33, 0.5),
    releaseHours: fc.integer({ min: 0, max: 72 }),
    agents: fc.array(
      fc.array(fc.record({ day: fc.integer({ min: 0, max: 9 }), from: fc.integer({ min: 0, max: 40 }), hours: fc.integer({ min: 1, max: 10 }) }), { minLength: 1, maxLength: 6 }),
      { minLength: 1, maxLength: 4 },
    ),
    bookings: fc.array(fc.record({ fast: fc.boolean(), pick: fc.nat(), advanceMinutes: fc.integer({ min: 0, max: 12 * 60 }) }), { maxLength: 60 }),
  });

  it('holds', () => {
    fc.assert(
      fc.property(calendar, (c) => {
        const t = type({ durationMinutes: c.durationMinutes, bufferMinutes: c.bufferMinutes, reserveShare: c.reserveShare, releaseHours: c.releaseHours });
        // Open spans: local half-hours from 00:00 + from × 30 min, for `hours` hours, merged per agent.
        const agents: Array<{ id: number; open: TimeSpan[]; busy: TimeSpan[] }> = c.agents.map((spans, i) => {
          const raw = spans
            .map(({ day, from, hours }) => {
              const local = base + day * DAY + from * 30 * M;
              return [localToUtc(local, TZ), localToUtc(local + hours * H, TZ)] as TimeSpan;
            })
            .sort((a, b) => a[0] - b[0]);
          const open: TimeSpan[] = [];
          for (const s of raw) {
            const last = open[open.length - 1];
            if (last && s[0] <= last[1]) open[open.length - 1] = [last[0], Math.max(last[1], s[1])];
            else open.push(s);
          }
          return { id: i + 1, open, busy: [] };
        });
        let now = base - 2 * DAY;
        const first = allocate(t, agents, TZ, now);
        const designated = new Set(first.filter((u) => u.designated).map((u) => `${u.agentId}@${u.start}`));
        // The share of every day, from the first allocation.
        const perDay = new Map<number, { capacity: number; held: number }>();
        for (const u of first) {
          const d = perDay.get(u.day) ?? { capacity: 0, held: 0 };
          d.capacity++;
          if (u.designated) d.held++;
          perDay.set(u.day, d);
        }
        for (const d of perDay.values()) expect(d.held).toBeGreaterThanOrEqual(c.reserveShare * d.capacity - 1e-9);

        const standardInReserve: string[] = [];
        const bookedBy = new Map<string, 'standard' | 'fast'>();
        for (const b of c.bookings) {
          now += b.advanceMinutes * M;
          const lane = b.fast ? 'fast' : 'standard';
          const units = allocate(t, agents, TZ, now);
          // The reserve does not move as bookings are made or time passes.
          expect(new Set(units.filter((u) => u.designated).map((u) => `${u.agentId}@${u.start}`))).toEqual(designated);
          const slots = slotsOf(units, t, lane, now, -Infinity, Infinity);
          if (!slots.length) continue;
          const slot = slots[b.pick % slots.length]!;
          const unit = pickUnit(units, t, lane, now, slot.start) as Unit;
          expect(unit).not.toBeNull();
          if (lane === 'standard' && unit.designated && unit.start - now > t.releaseHours * H) standardInReserve.push(`${unit.agentId}@${iso(unit.start)}`);
          bookedBy.set(`${unit.agentId}@${unit.start}`, lane);
          agents.find((a) => a.id === unit.agentId)!.busy.push([unit.start, unit.start + (t.durationMinutes + t.bufferMinutes) * M]);
          agents.forEach((a) => a.busy.sort((x, y) => x[0] - y[0]));
        }
        expect(standardInReserve).toEqual([]);
        // At the end, in every day, the units still held (not released) are each free or taken
        // by the fast lane, and with the released ones they are the whole share.
        const end = allocate(t, agents, TZ, now);
        const kept = new Map<number, number>();
        for (const u of end) {
          if (!u.designated) continue;
          const by = bookedBy.get(`${u.agentId}@${u.start}`);
          if (u.reserved) expect(by === undefined ? u.free : by).toBe(by === undefined ? true : 'fast');
          if (!u.reserved || by !== 'standard') kept.set(u.day, (kept.get(u.day) ?? 0) + 1);
        }
        for (const [day, d] of perDay) expect(kept.get(day) ?? 0).toBeGreaterThanOrEqual(c.reserveShare * d.capacity - 1e-9);
      }),
      { numRuns: 300 },
    );
  });
});
