// Property-based tests: random zones (with and without daylight saving, southern hemisphere,
// transitions at midnight, half-hour offsets), random weekly hours, holidays and special days.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SLA_DEFAULTS, addBusinessMinutes, businessMinutesBetween, computeDueDates, computeDueTimes, isOpen, nextOpening, type BusinessHours, type OpenInterval, type Weekday } from './index.js';

const RUNS = { seed: 20260329, numRuns: 150 };
const ZONES = ['Europe/Madrid', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'America/Santiago', 'Asia/Kolkata', 'UTC'];
const DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DAY = 86_400_000;
const FROM = Date.UTC(2026, 0, 1);
const TO = Date.UTC(2027, 11, 31);
// Transitions of the zones above in 2026 and 2027 (UTC), to aim starts at the hard days.
const TRANSITIONS = [
  '2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2027-03-28T01:00:00Z', '2027-10-31T01:00:00Z', // Madrid
  '2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z', '2027-03-14T07:00:00Z', '2027-11-07T06:00:00Z', // New York
  '2026-04-04T16:00:00Z', '2026-10-03T16:00:00Z', // Sydney
  '2026-04-05T03:00:00Z', '2026-09-06T04:00:00Z', // Santiago (at local midnight)
].map(Date.parse);

const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const dateKey = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

/** A day's intervals from an even number of distinct minute marks in 0..1440. */
const dayHours = fc.uniqueArray(fc.oneof(fc.integer({ min: 0, max: 96 }).map((q) => q * 15), fc.integer({ min: 0, max: 1440 })), { maxLength: 6 }).map((marks) => {
  const sorted = [...marks].sort((a, b) => a - b);
  const out: OpenInterval[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) out.push({ from: clock(sorted[i]!), to: clock(sorted[i + 1]!) });
  return out;
});
const openMinutes = (list: readonly OpenInterval[] = []) => list.reduce((n, i) => n + minutesOf(i.to) - minutesOf(i.from), 0);
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

const hoursArb: fc.Arbitrary<BusinessHours> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    week: fc.tuple(...DAYS.map(() => dayHours)).map((days) => Object.fromEntries(DAYS.map((d, i) => [d, days[i]!]))),
    holidays: fc.uniqueArray(fc.integer({ min: FROM / DAY - 10, max: TO / DAY }), { maxLength: 30 }).map((ds) => ds.map(dateKey)),
    specialDays: fc.dictionary(fc.integer({ min: FROM / DAY, max: TO / DAY }).map(dateKey), dayHours, { maxKeys: 4 }),
  })
  // At least an hour a week, so that the largest targets below fit in the three-year search.
  .filter((h) => Object.values(h.week).reduce((n, d) => n + openMinutes(d), 0) >= 60);

const instant = fc.oneof(
  fc.integer({ min: FROM, max: TO }),
  fc.tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -2 * DAY, max: 2 * DAY })).map(([t, d]) => t + d),
);
const minutes = fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 120 }));

/** The wall clock in a zone, read with a separate formatter (the oracle does not share the engine's code). */
function wall(ms: number, timeZone: string) {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
  const local = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute), Number(p.second));
  return { date: `${p.year}-${p.month}-${p.day}`, weekday: new Date(local).getUTCDay(), minute: Number(p.hour) * 60 + Number(p.minute), offset: local - Math.floor(ms / 1000) * 1000 };
}
/** Open at `ms` by reading the configuration against the wall clock directly. */
function naiveOpen(ms: number, h: BusinessHours): boolean {
  const w = wall(ms, h.timeZone);
  const special = h.specialDays?.[w.date];
  const list = special ?? (h.holidays?.includes(w.date) ? [] : (h.week[(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const)[w.weekday]!] ?? []));
  return list.some((i) => minutesOf(i.from) <= w.minute && w.minute < minutesOf(i.to));
}
/** Within a day of a transition, where a wall-clock reading may be skipped or repeated. */
const nearTransition = (ms: number, timeZone: string) => wall(ms - 26 * 3_600_000, timeZone).offset !== wall(ms + 26 * 3_600_000, timeZone).offset;

const add = (s: number, m: number, h: BusinessHours) => addBusinessMinutes(new Date(s), m, h).getTime();
const between = (a: number, b: number, h: BusinessHours) => businessMinutesBetween(new Date(a), new Date(b), h);
const openAt = (ms: number, h: BusinessHours) => isOpen(new Date(ms), h);

describe('business-hours properties', () => {
  it('counts back exactly the minutes added from an open start', () => {
    fc.assert(
      fc.property(hoursArb, instant, minutes, (h, s, m) => {
        const open = nextOpening(new Date(s), h).getTime();
        expect(between(open, add(open, m, h), h)).toBe(m);
      }),
      RUNS,
    );
  });

  it('never gives an earlier due time for more minutes', () => {
    fc.assert(
      fc.property(hoursArb, instant, minutes, minutes, (h, s, a, b) => {
        const [m1, m2] = a <= b ? [a, b] : [b, a];
        expect(add(s, m1, h)).toBeLessThanOrEqual(add(s, m2, h));
      }),
      RUNS,
    );
  });

  it('lands on an open instant or the end of an interval, never inside a holiday or closed time', () => {
    fc.assert(
      fc.property(hoursArb, instant, minutes, (h, s, m) => {
        const r = add(s, m, h);
        expect(r).toBeGreaterThanOrEqual(s);
        if (m === 0) expect(openAt(r, h)).toBe(true);
        else expect(openAt(r, h) || openAt(r - 1, h)).toBe(true);
        // Against the configuration read directly (away from transitions, where wall-clock
        // readings are skipped or repeated).
        if (!nearTransition(r, h.timeZone)) {
          expect(naiveOpen(r, h) || naiveOpen(r - 1, h)).toBe(true);
          const w = wall(openAt(r, h) ? r : r - 1, h.timeZone);
          if (h.holidays?.includes(w.date)) expect(h.specialDays?.[w.date]).toBeDefined();
        }
      }),
      RUNS,
    );
  });

  it('adds in two steps as in one from an open start', () => {
    fc.assert(
      fc.property(hoursArb, instant, minutes, minutes.map((m) => m + 1), (h, s, m1, m2) => {
        const open = nextOpening(new Date(s), h).getTime();
        expect(add(add(open, m1, h), m2, h)).toBe(add(open, m1 + m2, h));
      }),
      RUNS,
    );
  });

  it('agrees with the configuration read against the wall clock', () => {
    fc.assert(
      fc.property(hoursArb, instant, (h, x) => {
        fc.pre(!nearTransition(x, h.timeZone));
        expect(openAt(x, h)).toBe(naiveOpen(x, h));
      }),
      RUNS,
    );
  });

  it('adds business minutes over consecutive spans, never more than calendar minutes', () => {
    fc.assert(
      fc.property(hoursArb, instant, fc.integer({ min: 0, max: 5 * DAY }), fc.integer({ min: 0, max: 5 * DAY }), (h, a, d1, d2) => {
        const b = a + d1;
        const c = b + d2;
        const ab = between(a, b, h);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(d1 / 60_000);
        expect(ab + between(b, c, h)).toBeCloseTo(between(a, c, h), 9);
        expect(between(c, a, h) + between(a, c, h)).toBe(0);
      }),
      RUNS,
    );
  });

  it('finds the next opening with no open time before it', () => {
    fc.assert(
      fc.property(hoursArb, instant, (h, x) => {
        const n = nextOpening(new Date(x), h).getTime();
        expect(n).toBeGreaterThanOrEqual(x);
        expect(openAt(n, h)).toBe(true);
        expect(between(x, n, h)).toBe(0);
      }),
      RUNS,
    );
  });
});

describe('due-time properties', () => {
  const pausesArb = (created: number) =>
    fc.array(
      fc.record({ start: fc.integer({ min: -3 * DAY, max: 30 * DAY }), length: fc.option(fc.integer({ min: 0, max: 20 * DAY }), { nil: undefined, freq: 6 }) }).map(({ start, length }) => ({
        from: new Date(created + start),
        ...(length === undefined ? {} : { to: new Date(created + start + length) }),
      })),
      { maxLength: 4 },
    );
  const caseArb = fc.tuple(hoursArb, instant, fc.constantFrom('standard' as const, 'fast' as const), fc.boolean()).chain(([hours, created, lane, calendarFast]) =>
    fc.record({
      hours: fc.constant(hours),
      created: fc.constant(created),
      lane: fc.constant(lane),
      calendarFast: fc.constant(calendarFast),
      pauses: pausesArb(created),
      changedAfter: fc.option(fc.integer({ min: 0, max: 10 * DAY }), { nil: undefined }),
    }),
  );

  it('never makes a due time earlier because of pauses, and never pauses the first response', () => {
    fc.assert(
      fc.property(caseArb, ({ hours, created, lane, calendarFast, pauses, changedAfter }) => {
        const policy = { ...SLA_DEFAULTS.policy, fast: { ...SLA_DEFAULTS.policy.fast, calendar: calendarFast } };
        const base = { createdAt: new Date(created), lane, policy, hours, now: new Date(created + 40 * DAY), laneChangedAt: changedAfter === undefined ? undefined : new Date(created + changedAfter) };
        const without = computeDueTimes(base);
        const withPauses = computeDueTimes({ ...base, pauses });
        expect(withPauses.firstResponseDue.getTime()).toBe(without.firstResponseDue.getTime());
        if (withPauses.resolutionDue) expect(withPauses.resolutionDue.getTime()).toBeGreaterThanOrEqual(without.resolutionDue!.getTime());
        else expect(pauses.some((p) => !p.to)).toBe(true);
      }),
      { ...RUNS, numRuns: 100 },
    );
  });

  it('gives the same due times alone (computeDueDates) as with the rest (computeDueTimes)', () => {
    fc.assert(
      fc.property(caseArb, minutes, ({ hours, created, lane, pauses, changedAfter }, later) => {
        const input = { createdAt: new Date(created), policy: SLA_DEFAULTS.policy, hours, pauses, lane, laneChangedAt: changedAfter === undefined ? undefined : new Date(created + changedAfter), now: new Date(created + later * 60_000) };
        const all = computeDueTimes(input);
        expect(computeDueDates(input)).toEqual({ firstResponseDue: all.firstResponseDue, resolutionDue: all.resolutionDue });
      }),
      { ...RUNS, numRuns: 100 },
    );
  });

  it('never gives a case a later due time than the standard lane from creation', () => {
    fc.assert(
      fc.property(caseArb, ({ hours, created, lane, pauses, changedAfter }) => {
        const base = { createdAt: new Date(created), policy: SLA_DEFAULTS.policy, hours, pauses, now: new Date(created) };
        const standard = computeDueTimes({ ...base, lane: 'standard' });
        const changed = computeDueTimes({ ...base, lane, laneChangedAt: changedAfter === undefined ? undefined : new Date(created + changedAfter) });
        expect(changed.firstResponseDue.getTime()).toBeLessThanOrEqual(standard.firstResponseDue.getTime());
        if (standard.resolutionDue) expect(changed.resolutionDue?.getTime()).toBeLessThanOrEqual(standard.resolutionDue.getTime());
      }),
      { ...RUNS, numRuns: 100 },
    );
  });
});
