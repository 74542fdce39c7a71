// Working time from recurrence rules: span arithmetic, rules read with `rrule` (intervals,
// validity dates), wall-clock hours across Madrid's clock changes, and rules refused with a reason.
import { describe, expect, it } from 'vitest';
import { SLA_DEFAULTS } from '@ayuda/core';
import { businessSpans, intersect, merge, openSpans, ruleProblem, subtract, workingSpans } from './availability.js';

const DAY = 86_400_000;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;
const iso = (spans: ReadonlyArray<readonly [number, number]>) => spans.map(([a, b]) => [new Date(a).toISOString(), new Date(b).toISOString()]);

describe('span arithmetic', () => {
  it('merges, intersects and subtracts sorted spans', () => {
    expect(merge([[5, 8], [1, 3], [2, 4], [8, 9], [10, 10]])).toEqual([[1, 4], [5, 9]]);
    expect(intersect([[0, 10], [20, 30]], [[5, 25]])).toEqual([[5, 10], [20, 25]]);
    expect(subtract([[0, 10], [20, 30]], [[2, 3], [8, 22], [29, 40]])).toEqual([[0, 2], [3, 8], [22, 29]]);
    expect(subtract([[0, 10]], [])).toEqual([[0, 10]]);
  });
});

describe('working time from rules', () => {
  const rule = { rrule: 'FREQ=WEEKLY;BYDAY=MO,WE', startTime: '09:00', endTime: '11:00', validFrom: '2026-11-01', validUntil: null };

  it('expands a weekly rule in the company’s zone, within its validity', () => {
    expect(iso(workingSpans([rule], day('2026-11-23'), day('2026-11-29'), 'Europe/Madrid'))).toEqual([
      ['2026-11-23T08:00:00.000Z', '2026-11-23T10:00:00.000Z'],
      ['2026-11-25T08:00:00.000Z', '2026-11-25T10:00:00.000Z'],
    ]);
    expect(workingSpans([{ ...rule, validUntil: '2026-11-24' }], day('2026-11-23'), day('2026-11-29'), 'Europe/Madrid')).toHaveLength(1);
    expect(workingSpans([{ ...rule, validFrom: '2026-12-01' }], day('2026-11-23'), day('2026-11-29'), 'Europe/Madrid')).toHaveLength(0);
  });

  it('counts INTERVAL from validFrom: every other Saturday', () => {
    const r = { rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SA', startTime: '10:00', endTime: '12:00', validFrom: '2026-11-07', validUntil: null };
    expect(workingSpans([r], day('2026-11-01'), day('2026-11-30'), 'UTC').map(([a]) => new Date(a).toISOString().slice(0, 10))).toEqual(['2026-11-07', '2026-11-21']);
  });

  it('works the hours the clock shows on the days it changes', () => {
    const night = { rrule: 'FREQ=DAILY', startTime: '01:00', endTime: '04:00', validFrom: '2027-01-01', validUntil: null };
    const [spring] = workingSpans([night], day('2027-03-28'), day('2027-03-28'), 'Europe/Madrid');
    expect(spring![1] - spring![0]).toBe(2 * 3_600_000);
    const [autumn] = workingSpans([night], day('2027-10-31'), day('2027-10-31'), 'Europe/Madrid');
    expect(autumn![1] - autumn![0]).toBe(4 * 3_600_000);
  });

  it('keeps to business hours, skips holidays and leaves out absences', () => {
    const hours = { ...SLA_DEFAULTS.hours, holidays: ['2026-11-25'] };
    const long = { ...rule, startTime: '07:00', endTime: '20:00' };
    const first = day('2026-11-23');
    const last = day('2026-11-29');
    const open = openSpans([long], businessSpans(hours, first, last), [[Date.parse('2026-11-23T10:00:00Z'), Date.parse('2026-11-23T11:00:00Z')]], first, last, 'Europe/Madrid');
    expect(iso(open)).toEqual([
      ['2026-11-23T08:00:00.000Z', '2026-11-23T10:00:00.000Z'],
      ['2026-11-23T11:00:00.000Z', '2026-11-23T17:00:00.000Z'],
    ]);
  });

  it('names what is wrong with a rule it cannot read', () => {
    expect(ruleProblem(rule)).toBeNull();
    expect(ruleProblem({ ...rule, rrule: 'FREQ=WEEKLY;BYDAY=XX' })).toMatch(/BYDAY/);
    expect(ruleProblem({ ...rule, rrule: 'FREQ=WEEKLY;FOO=1' })).toMatch(/FOO/);
  });
});
