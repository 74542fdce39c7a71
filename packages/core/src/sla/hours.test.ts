import { describe, expect, it } from 'vitest';
import { SLA_DEFAULTS, addBusinessMinutes, businessMinutesBetween, isOpen, nextOpening, openSpansBetween, type BusinessHours } from './index.js';

const at = (iso: string) => new Date(iso);
const add = (start: string, minutes: number, hours: BusinessHours) => addBusinessMinutes(at(start), minutes, hours).toISOString();

// Madrid is UTC+1 until 2026-03-29 and from 2026-10-25, UTC+2 between.
const officeHours = SLA_DEFAULTS.hours; // Mon–Fri 09:00–18:00 Europe/Madrid
const split: BusinessHours = {
  timeZone: 'Europe/Madrid',
  week: {
    mon: [{ from: '09:00', to: '14:00' }, { from: '15:00', to: '18:00' }],
    tue: [{ from: '09:00', to: '14:00' }, { from: '15:00', to: '18:00' }],
    wed: [{ from: '09:00', to: '14:00' }, { from: '15:00', to: '18:00' }],
    thu: [{ from: '15:00', to: '18:00' }, { from: '09:00', to: '14:00' }], // order does not matter
    fri: [{ from: '09:00', to: '14:00' }, { from: '15:00', to: '18:00' }],
    sat: [{ from: '10:00', to: '14:00' }],
  },
  holidays: ['2026-01-06', '2026-12-25'],
};

describe('addBusinessMinutes', () => {
  it('counts within one interval', () => {
    expect(add('2026-03-23T09:00:00Z', 60, officeHours)).toBe('2026-03-23T10:00:00.000Z'); // Mon 10:00 → 11:00
  });

  it('skips the weekend', () => {
    // Fri 17:30 + 1 h: 30 min on Friday, 30 on Monday.
    expect(add('2026-03-20T16:30:00Z', 60, officeHours)).toBe('2026-03-23T08:30:00.000Z');
  });

  it('opens on Saturday when Saturday has hours', () => {
    expect(add('2026-03-20T16:30:00Z', 60, split)).toBe('2026-03-21T09:30:00.000Z'); // Sat 10:30
  });

  it('skips the lunch break between two intervals of a day', () => {
    expect(add('2026-03-23T12:30:00Z', 60, split)).toBe('2026-03-23T14:30:00.000Z'); // Mon 13:30 + 1 h = 15:30
  });

  it('starts the clock at the next opening when the start is closed', () => {
    expect(add('2026-03-23T13:20:00Z', 10, split)).toBe('2026-03-23T14:10:00.000Z'); // 14:20 (lunch) → 15:10
    expect(add('2026-03-22T10:00:00Z', 30, officeHours)).toBe('2026-03-23T08:30:00.000Z'); // Sunday → Mon 09:30
    expect(add('2026-03-23T05:00:00Z', 30, officeHours)).toBe('2026-03-23T08:30:00.000Z'); // Mon 06:00 → 09:30
  });

  it('ends at the end of an interval rather than at the next opening', () => {
    expect(add('2026-03-23T12:00:00Z', 60, split)).toBe('2026-03-23T13:00:00.000Z'); // 13:00 + 1 h = 14:00
    expect(add('2026-03-20T08:00:00Z', 9 * 60, officeHours)).toBe('2026-03-20T17:00:00.000Z'); // Fri 18:00
  });

  it('gives the start itself for zero minutes when open, the next opening when closed', () => {
    expect(add('2026-03-23T10:00:00Z', 0, officeHours)).toBe('2026-03-23T10:00:00.000Z');
    expect(add('2026-03-23T17:00:00Z', 0, officeHours)).toBe('2026-03-24T08:00:00.000Z'); // Mon 18:00 is closed
  });

  it('skips holidays', () => {
    // Thu 24 Dec 17:00 + 2 h: 1 h on Thursday, Friday 25 closed, 1 h on Saturday.
    expect(add('2026-12-24T16:00:00Z', 120, split)).toBe('2026-12-26T10:00:00.000Z');
    expect(add('2026-12-24T16:00:00Z', 120, { ...officeHours, holidays: ['2026-12-25'] })).toBe('2026-12-28T09:00:00.000Z'); // Monday 10:00
    expect(add('2026-12-24T16:00:00Z', 120, officeHours)).toBe('2026-12-25T09:00:00.000Z'); // not a holiday there
  });

  it('uses the hours of a special day, which override the weekday and a holiday', () => {
    const christmas: BusinessHours = {
      ...split,
      specialDays: { '2026-12-24': [{ from: '09:00', to: '14:00' }], '2026-12-25': [{ from: '10:00', to: '12:00' }] },
    };
    // Thu 24 13:00 + 3 h: 1 h until 14:00 on the short day, 2 h on the 25th from 10:00.
    expect(add('2026-12-24T12:00:00Z', 180, christmas)).toBe('2026-12-25T11:00:00.000Z');
    const closed: BusinessHours = { ...officeHours, specialDays: { '2026-03-23': [] } };
    expect(add('2026-03-23T09:00:00Z', 60, closed)).toBe('2026-03-24T09:00:00.000Z');
  });

  it('joins an interval ending at 24:00 to one starting at 00:00 the next day', () => {
    const night: BusinessHours = { timeZone: 'Europe/Madrid', week: { sat: [{ from: '20:00', to: '24:00' }], sun: [{ from: '00:00', to: '02:00' }] } };
    expect(add('2026-03-21T22:00:00Z', 120, night)).toBe('2026-03-22T00:00:00.000Z'); // Sat 23:00 + 2 h = Sun 01:00
    expect(businessMinutesBetween(at('2026-03-21T00:00:00Z'), at('2026-03-23T00:00:00Z'), night)).toBe(360);
  });

  it('takes fractional minutes to the millisecond', () => {
    expect(add('2026-03-23T10:00:00Z', 0.5, officeHours)).toBe('2026-03-23T10:00:30.000Z');
  });

  it('adds 40 business hours across a week', () => {
    // Mon 11:00 + 40 h with 9 h days: 7 + 9 + 9 + 9 + 6 → Friday 15:00.
    expect(add('2026-03-23T10:00:00Z', 40 * 60, officeHours)).toBe('2026-03-27T14:00:00.000Z');
  });
});

describe('businessMinutesBetween', () => {
  it('counts only open time, over weekends and lunch breaks', () => {
    expect(businessMinutesBetween(at('2026-03-20T16:00:00Z'), at('2026-03-23T09:00:00Z'), officeHours)).toBe(120);
    expect(businessMinutesBetween(at('2026-03-23T12:00:00Z'), at('2026-03-23T15:00:00Z'), split)).toBe(120);
    expect(businessMinutesBetween(at('2026-12-24T00:00:00Z'), at('2026-12-27T00:00:00Z'), split)).toBe(8 * 60 + 4 * 60);
  });

  it('is zero for an empty or closed span and negative when reversed', () => {
    expect(businessMinutesBetween(at('2026-03-23T10:00:00Z'), at('2026-03-23T10:00:00Z'), officeHours)).toBe(0);
    expect(businessMinutesBetween(at('2026-03-21T10:00:00Z'), at('2026-03-22T10:00:00Z'), officeHours)).toBe(0);
    expect(businessMinutesBetween(at('2026-03-23T09:00:00Z'), at('2026-03-20T16:00:00Z'), officeHours)).toBe(-120);
  });

  it('counts spans of several years', () => {
    let weekdays = 0;
    for (let d = Date.UTC(2026, 0, 1); d < Date.UTC(2030, 0, 1); d += 86_400_000) if (new Date(d).getUTCDay() % 6 !== 0) weekdays++;
    expect(businessMinutesBetween(at('2025-12-31T23:00:00Z'), at('2029-12-31T23:00:00Z'), officeHours)).toBe(weekdays * 9 * 60);
  });

  it('is zero rather than an error with no open time at all', () => {
    expect(businessMinutesBetween(at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'), { timeZone: 'UTC', week: {} })).toBe(0);
  });
});

describe('isOpen and nextOpening', () => {
  it('treats an interval as open at its start and closed at its end', () => {
    expect(isOpen(at('2026-03-23T08:00:00Z'), officeHours)).toBe(true); // Mon 09:00
    expect(isOpen(at('2026-03-23T16:59:59.999Z'), officeHours)).toBe(true);
    expect(isOpen(at('2026-03-23T17:00:00Z'), officeHours)).toBe(false); // 18:00
    expect(isOpen(at('2026-03-23T07:59:59.999Z'), officeHours)).toBe(false);
    expect(isOpen(at('2026-03-21T10:00:00Z'), officeHours)).toBe(false); // Saturday
    expect(isOpen(at('2026-12-25T10:00:00Z'), split)).toBe(false); // holiday
  });

  it('finds the next opening, or the instant itself when open', () => {
    expect(nextOpening(at('2026-03-21T10:00:00Z'), officeHours).toISOString()).toBe('2026-03-23T08:00:00.000Z');
    expect(nextOpening(at('2026-03-23T10:17:00Z'), officeHours).toISOString()).toBe('2026-03-23T10:17:00.000Z');
    expect(nextOpening(at('2026-03-23T13:00:00Z'), split).toISOString()).toBe('2026-03-23T14:00:00.000Z');
  });
});

describe('guard rails', () => {
  it('refuses hours with no open time in the week instead of looping', () => {
    const never: BusinessHours = { timeZone: 'Europe/Madrid', week: { mon: [] } };
    expect(() => addBusinessMinutes(at('2026-03-23T10:00:00Z'), 60, never)).toThrow(/^Ayuda: business hours have no open time on any day of the week/);
    expect(() => nextOpening(at('2026-03-23T10:00:00Z'), never)).toThrow(/^Ayuda:/);
  });

  it('gives up after three years of holidays', () => {
    const mondays: string[] = [];
    for (let d = Date.UTC(2026, 2, 23); d < Date.UTC(2031, 0, 1); d += 7 * 86_400_000) mondays.push(new Date(d).toISOString().slice(0, 10));
    const hours: BusinessHours = { timeZone: 'Europe/Madrid', week: { mon: [{ from: '09:00', to: '18:00' }] }, holidays: mondays };
    expect(() => addBusinessMinutes(at('2026-03-23T10:00:00Z'), 60, hours)).toThrow(/^Ayuda: business hours have no open time within 1098 days/);
  });

  it('names what is wrong in a configuration', () => {
    const base = { timeZone: 'Europe/Madrid', week: {} };
    const start = at('2026-03-23T10:00:00Z');
    expect(() => isOpen(start, { ...base, timeZone: 'Europe/Madird' })).toThrow(/^Ayuda: business hours timeZone "Europe\/Madird"/);
    expect(() => isOpen(start, { ...base, week: { mon: [{ from: '18:00', to: '09:00' }] } })).toThrow(/^Ayuda: .*"from" must be before "to"/);
    expect(() => isOpen(start, { ...base, week: { mon: [{ from: '9:00', to: '18:00' }] } })).toThrow(/^Ayuda: .*"HH:MM"/);
    expect(() => isOpen(start, { ...base, week: { monday: [] } as BusinessHours['week'] })).toThrow(/^Ayuda: business hours week has an unknown day "monday"/);
    expect(() => isOpen(start, { ...base, holidays: ['2026-02-30'] })).toThrow(/^Ayuda: business hours holiday "2026-02-30"/);
    expect(() => addBusinessMinutes(start, -1, officeHours)).toThrow(/^Ayuda: minutes/);
    expect(() => addBusinessMinutes(new Date(Number.NaN), 1, officeHours)).toThrow(/^Ayuda: start must be a valid Date/);
  });
});

describe('openSpansBetween', () => {
  const iso = (spans: ReadonlyArray<readonly [number, number]>) => spans.map(([s, e]) => [new Date(s).toISOString(), new Date(e).toISOString()]);

  it('lists the open spans over a weekend and the change to winter time, clipped to the range', () => {
    // Friday 23 October 2026 12:00 UTC to Tuesday 27 October 09:00 UTC; clocks go back on Sunday 25th.
    expect(iso(openSpansBetween(officeHours, Date.parse('2026-10-23T12:00:00Z'), Date.parse('2026-10-27T09:00:00Z')))).toEqual([
      ['2026-10-23T12:00:00.000Z', '2026-10-23T16:00:00.000Z'], // Friday 14:00-18:00 CEST
      ['2026-10-26T08:00:00.000Z', '2026-10-26T17:00:00.000Z'], // Monday 09:00-18:00 CET
      ['2026-10-27T08:00:00.000Z', '2026-10-27T09:00:00.000Z'],
    ]);
  });

  it('agrees with businessMinutesBetween and answers nothing for an empty range', () => {
    const from = Date.parse('2026-03-20T10:00:00Z');
    const to = Date.parse('2026-04-10T10:00:00Z');
    const ms = openSpansBetween(split, from, to).reduce((sum, [s, e]) => sum + (e - s), 0);
    expect(ms / 60_000).toBe(businessMinutesBetween(new Date(from), new Date(to), split));
    expect(openSpansBetween(officeHours, to, from)).toEqual([]);
  });
});
