// Daylight-saving days: wall-clock intervals keep their wall-clock meaning, so their real
// length changes; skipped times open when the clocks jump, repeated ones count once.
import { describe, expect, it } from 'vitest';
import { SLA_DEFAULTS, addBusinessMinutes, businessMinutesBetween, isOpen, nextOpening, type BusinessHours, type OpenInterval } from './index.js';

const at = (iso: string) => new Date(iso);
const sundays = (zone: string, ...intervals: OpenInterval[]): BusinessHours => ({ timeZone: zone, week: { sun: intervals } });
/** Business minutes of the Sunday in the two UTC days around `date`. */
const sunday = (hours: BusinessHours, date: string) => {
  const d = Date.parse(`${date}T00:00:00Z`);
  return businessMinutesBetween(new Date(d - 86_400_000), new Date(d + 2 * 86_400_000), hours);
};

describe('Europe/Madrid (02:00→03:00 on 2026-03-29, 03:00→02:00 on 2026-10-25)', () => {
  const night = sundays('Europe/Madrid', { from: '01:00', to: '04:00' });

  it('gives 01:00–04:00 two real hours in spring, four in autumn, three otherwise', () => {
    expect(sunday(night, '2026-03-29')).toBe(120);
    expect(sunday(night, '2026-10-25')).toBe(240);
    expect(sunday(night, '2026-03-22')).toBe(180);
  });

  it('gives a whole day 23 hours in spring and 25 in autumn', () => {
    const allDay = sundays('Europe/Madrid', { from: '00:00', to: '24:00' });
    expect(sunday(allDay, '2026-03-29')).toBe(23 * 60);
    expect(sunday(allDay, '2026-10-25')).toBe(25 * 60);
  });

  it('adds across the skipped hour', () => {
    // 01:00 CET (00:00Z) + 90 min = 03:30 CEST (01:30Z).
    expect(addBusinessMinutes(at('2026-03-29T00:00:00Z'), 90, night).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('adds across the repeated hour', () => {
    // 01:00 CEST (23:00Z) + 200 min = 03:20 CET (02:20Z); the interval ends at 04:00 CET (03:00Z).
    expect(addBusinessMinutes(at('2026-10-24T23:00:00Z'), 200, night).toISOString()).toBe('2026-10-25T02:20:00.000Z');
    expect(addBusinessMinutes(at('2026-10-24T23:00:00Z'), 240, night).toISOString()).toBe('2026-10-25T03:00:00.000Z');
  });

  it('opens a time that does not exist when the clocks jump', () => {
    const gap = sundays('Europe/Madrid', { from: '02:30', to: '05:00' });
    expect(nextOpening(at('2026-03-28T12:00:00Z'), gap).toISOString()).toBe('2026-03-29T01:00:00.000Z'); // 03:00 CEST
    expect(isOpen(at('2026-03-29T00:59:59Z'), gap)).toBe(false); // 01:59:59 CET
    expect(sunday(gap, '2026-03-29')).toBe(120); // 03:00–05:00
    // An interval wholly inside the gap has no time at all.
    expect(sunday(sundays('Europe/Madrid', { from: '02:00', to: '03:00' }), '2026-03-29')).toBe(0);
  });

  it('takes the first occurrence of a repeated time', () => {
    // 02:30 first happens at 00:30Z (CEST); 03:00 happens once, at 02:00Z (CET).
    expect(sunday(sundays('Europe/Madrid', { from: '02:30', to: '03:00' }), '2026-10-25')).toBe(90);
    expect(sunday(sundays('Europe/Madrid', { from: '02:00', to: '02:30' }), '2026-10-25')).toBe(30);
    expect(nextOpening(at('2026-10-24T12:00:00Z'), sundays('Europe/Madrid', { from: '02:30', to: '03:00' })).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('moves office hours by the offset around the change', () => {
    // Fri 27 Mar 17:00 CET + 2 h: 1 h on Friday, then Monday 09:00 CEST (07:00Z) + 1 h.
    expect(addBusinessMinutes(at('2026-03-27T16:00:00Z'), 120, SLA_DEFAULTS.hours).toISOString()).toBe('2026-03-30T08:00:00.000Z');
    expect(addBusinessMinutes(at('2026-10-23T15:00:00Z'), 120, SLA_DEFAULTS.hours).toISOString()).toBe('2026-10-26T09:00:00.000Z');
  });
});

describe('America/New_York (02:00→03:00 on 2026-03-08, 02:00→01:00 on 2026-11-01)', () => {
  const night = sundays('America/New_York', { from: '01:00', to: '04:00' });

  it('gives 01:00–04:00 two real hours in spring and four in autumn', () => {
    expect(sunday(night, '2026-03-08')).toBe(120);
    expect(sunday(night, '2026-11-01')).toBe(240);
  });

  it('resolves the skipped hour forward and the repeated one to its first occurrence', () => {
    expect(sunday(sundays('America/New_York', { from: '02:00', to: '03:00' }), '2026-03-08')).toBe(0);
    expect(sunday(sundays('America/New_York', { from: '02:15', to: '04:00' }), '2026-03-08')).toBe(60); // from 03:00 EDT
    // 01:30 EDT (05:30Z) to 02:00 EST (07:00Z).
    const repeated = sundays('America/New_York', { from: '01:30', to: '02:00' });
    expect(sunday(repeated, '2026-11-01')).toBe(90);
    expect(nextOpening(at('2026-10-31T12:00:00Z'), repeated).toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('keeps office hours at 09:00 local on both sides of the change', () => {
    const ny: BusinessHours = { ...SLA_DEFAULTS.hours, timeZone: 'America/New_York' };
    // Fri 6 Mar 17:00 EST (22:00Z) + 2 h → Mon 9 Mar 10:00 EDT (14:00Z).
    expect(addBusinessMinutes(at('2026-03-06T22:00:00Z'), 120, ny).toISOString()).toBe('2026-03-09T14:00:00.000Z');
    // Fri 30 Oct 17:00 EDT (21:00Z) + 2 h → Mon 2 Nov 10:00 EST (15:00Z).
    expect(addBusinessMinutes(at('2026-10-30T21:00:00Z'), 120, ny).toISOString()).toBe('2026-11-02T15:00:00.000Z');
  });
});

describe('zones without daylight saving', () => {
  it('gives every Tokyo day 24 hours', () => {
    const allDay = sundays('Asia/Tokyo', { from: '00:00', to: '24:00' });
    for (const d of ['2026-03-08', '2026-03-29', '2026-10-25', '2026-11-01']) expect(sunday(allDay, d)).toBe(24 * 60);
  });

  it('handles half-hour offsets', () => {
    const kolkata: BusinessHours = { ...SLA_DEFAULTS.hours, timeZone: 'Asia/Kolkata' };
    expect(nextOpening(at('2026-03-21T00:00:00Z'), kolkata).toISOString()).toBe('2026-03-23T03:30:00.000Z'); // 09:00 IST
  });
});
