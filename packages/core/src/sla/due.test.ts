import { describe, expect, it } from 'vitest';
import { SLA_DEFAULTS, computeDueTimes, type DueTimesInput, type Pause, type SlaPolicy } from './index.js';

const at = (iso: string) => new Date(iso);
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const { hours, policy } = SLA_DEFAULTS; // Madrid, Mon–Fri 09:00–18:00; standard 8 h / 40 h, fast 1 h / 8 h

// Monday 23 March 2026, 11:00 in Madrid (UTC+1).
const createdAt = at('2026-03-23T10:00:00Z');
const due = (over: Partial<DueTimesInput> = {}) => computeDueTimes({ createdAt, lane: 'standard', policy, hours, now: createdAt, ...over });

describe('computeDueTimes: one lane', () => {
  it('gives a new standard case its due times in business hours', () => {
    const r = due();
    expect(iso(r.firstResponseDue)).toBe('2026-03-24T09:00:00.000Z'); // Mon 11–18 (7 h) + Tue 09–10
    expect(iso(r.resolutionDue)).toBe('2026-03-27T14:00:00.000Z'); // Friday 15:00
    expect(r).toMatchObject({ lane: 'standard', firstResponseBreached: false, resolutionBreached: false, paused: false, firstResponseRemainingMinutes: 480, resolutionRemainingMinutes: 2400 });
  });

  it('counts down in business minutes and breaches once the due time passes', () => {
    const evening = due({ now: at('2026-03-23T20:00:00Z') }); // Monday 21:00: 7 business hours gone
    expect(evening.firstResponseRemainingMinutes).toBe(60);
    expect(evening.firstResponseBreached).toBe(false);
    const late = due({ now: at('2026-03-24T09:30:00Z') });
    expect(late.firstResponseBreached).toBe(true);
    expect(late.firstResponseRemainingMinutes).toBe(-30);
    expect(due({ now: at('2026-03-24T09:00:00Z') }).firstResponseBreached).toBe(false); // due exactly now: not yet late
  });

  it('stops the first-response clock at the first reply', () => {
    const r = due({ firstRespondedAt: at('2026-03-23T12:00:00Z'), now: at('2026-03-30T12:00:00Z') });
    expect(r.firstResponseBreached).toBe(false);
    expect(r.firstResponseRemainingMinutes).toBe(360);
    const late = due({ firstRespondedAt: at('2026-03-24T11:00:00Z'), now: at('2026-03-30T12:00:00Z') });
    expect(late.firstResponseBreached).toBe(true);
    expect(late.firstResponseRemainingMinutes).toBe(-120);
  });

  it('stops the resolution clock at resolution', () => {
    const r = due({ resolvedAt: at('2026-03-26T10:00:00Z'), now: at('2026-04-30T10:00:00Z') });
    expect(r.resolutionBreached).toBe(false);
    expect(r.resolutionRemainingMinutes).toBe(2400 - (7 + 9 + 9 + 2) * 60);
    expect(due({ resolvedAt: at('2026-03-27T15:00:00Z'), now: at('2026-04-30T10:00:00Z') }).resolutionBreached).toBe(true);
  });

  it('counts a 24/7 lane in calendar time', () => {
    const allHours: SlaPolicy = { ...policy, fast: { firstResponse: 60, resolution: 480, calendar: true } };
    const friday = at('2026-03-20T16:30:00Z'); // Friday 17:30
    const r = computeDueTimes({ createdAt: friday, lane: 'fast', policy: allHours, hours, now: at('2026-03-21T00:00:00Z') });
    expect(iso(r.firstResponseDue)).toBe('2026-03-20T17:30:00.000Z');
    expect(iso(r.resolutionDue)).toBe('2026-03-21T00:30:00.000Z'); // Saturday 01:30
    expect(r.resolutionRemainingMinutes).toBe(30);
  });

  it('needs no business hours when every lane counts calendar time', () => {
    const calendar: SlaPolicy = { standard: { firstResponse: 60, resolution: 600, calendar: true }, fast: { firstResponse: 30, resolution: 300, calendar: true } };
    const r = computeDueTimes({ createdAt, lane: 'standard', policy: calendar, hours: { timeZone: 'UTC', week: {} }, now: createdAt });
    expect(iso(r.resolutionDue)).toBe('2026-03-23T20:00:00.000Z');
    expect(() => computeDueTimes({ createdAt, lane: 'standard', policy, hours: { timeZone: 'UTC', week: {} }, now: createdAt })).toThrow(/^Ayuda: business hours have no open time/);
  });
});

describe('computeDueTimes: waiting for the customer', () => {
  // Pending from Tuesday 10:00 (8 business hours used) to the next Monday 10:00, across the
  // weekend and the change to summer time.
  const longPause: Pause = { from: at('2026-03-24T09:00:00Z'), to: at('2026-03-30T08:00:00Z') };

  it('pauses resolution, not the first response, across a week', () => {
    const r = due({ pauses: [longPause], now: at('2026-03-30T08:00:00Z') });
    expect(iso(r.firstResponseDue)).toBe('2026-03-24T09:00:00.000Z');
    // 32 h left from Mon 10:00: 8 + 9 + 9 + 6 → Thursday 2 April 15:00 CEST.
    expect(iso(r.resolutionDue)).toBe('2026-04-02T13:00:00.000Z');
    expect(r.resolutionRemainingMinutes).toBe(32 * 60);
    expect(r.paused).toBe(false);
  });

  it('has no resolution due time while still pending, and a frozen remainder', () => {
    const open: Pause = { from: longPause.from };
    for (const now of ['2026-03-25T10:00:00Z', '2026-06-01T10:00:00Z']) {
      const r = due({ pauses: [open], now: at(now) });
      expect(r.resolutionDue).toBeNull();
      expect(r.paused).toBe(true);
      expect(r.resolutionBreached).toBe(false);
      expect(r.resolutionRemainingMinutes).toBe(32 * 60);
    }
  });

  it('keeps a due time already passed before the wait began', () => {
    const r = due({ pauses: [{ from: at('2026-03-30T08:00:00Z') }], now: at('2026-04-01T08:00:00Z') });
    expect(iso(r.resolutionDue)).toBe('2026-03-27T14:00:00.000Z');
    expect(r.resolutionBreached).toBe(true);
    expect(r.paused).toBe(true);
  });

  it('adds up several pauses, and ignores the part of a pause outside business hours', () => {
    const pauses: Pause[] = [
      { from: at('2026-03-23T11:00:00Z'), to: at('2026-03-23T12:00:00Z') }, // Mon 12–13: 1 h
      { from: at('2026-03-25T09:00:00Z'), to: at('2026-03-25T10:00:00Z') }, // Wed 10–11: 1 h
      { from: at('2026-03-20T10:00:00Z'), to: at('2026-03-23T08:00:00Z') }, // before creation
      { from: at('2026-03-25T17:00:00Z'), to: at('2026-03-26T08:00:00Z') }, // Wed 18:00 to Thu 09:00: closed anyway
    ];
    expect(iso(due({ pauses }).resolutionDue)).toBe('2026-03-27T16:00:00.000Z'); // Friday 17:00, 2 h later
  });

  it('ends a pause still open at resolution', () => {
    const r = due({ pauses: [{ from: at('2026-03-24T09:00:00Z') }], resolvedAt: at('2026-03-31T09:00:00Z'), now: at('2026-04-30T09:00:00Z') });
    expect(iso(r.resolutionDue)).not.toBeNull();
    expect(r.paused).toBe(false);
    expect(r.resolutionBreached).toBe(false);
    expect(r.resolutionRemainingMinutes).toBe(32 * 60);
  });

  it('refuses a pause that ends before it starts', () => {
    expect(() => due({ pauses: [{ from: at('2026-03-24T09:00:00Z'), to: at('2026-03-24T08:00:00Z') }] })).toThrow(/^Ayuda: pauses\[0\] ends/);
  });
});

describe('computeDueTimes: lane changes', () => {
  const upgradedAt = at('2026-03-24T10:00:00Z'); // Tuesday 11:00, 9 business hours after creation

  it('starts a case created in the fast lane on fast-lane targets', () => {
    const r = due({ lane: 'fast' });
    expect(iso(r.firstResponseDue)).toBe('2026-03-23T11:00:00.000Z');
    expect(iso(r.resolutionDue)).toBe('2026-03-24T09:00:00.000Z'); // Mon 11–18 + Tue 09–10
  });

  it('counts an upgrade from the moment of the upgrade, never later than the standard due time', () => {
    const r = due({ lane: 'fast', laneChangedAt: upgradedAt, now: upgradedAt });
    // Fast first response would be Tue 12:00, but the standard one (Tue 10:00) is earlier.
    expect(iso(r.firstResponseDue)).toBe('2026-03-24T09:00:00.000Z');
    // Fast resolution: Tue 11–18 + Wed 09–10.
    expect(iso(r.resolutionDue)).toBe('2026-03-25T09:00:00.000Z');
    expect(r.resolutionBreached).toBe(false);
    expect(r.resolutionRemainingMinutes).toBe(480);
  });

  it('can count an upgrade from creation instead, which may be overdue at once', () => {
    const r = due({ lane: 'fast', laneChangedAt: upgradedAt, now: upgradedAt, policy: { ...policy, laneChange: 'fromCreation' } });
    expect(iso(r.firstResponseDue)).toBe('2026-03-23T11:00:00.000Z');
    expect(iso(r.resolutionDue)).toBe('2026-03-24T09:00:00.000Z');
    expect(r.resolutionBreached).toBe(true);
  });

  it('returns a downgraded case to its standard due times from creation', () => {
    const r = due({ lane: 'standard', laneChangedAt: upgradedAt, now: upgradedAt });
    expect(iso(r.firstResponseDue)).toBe('2026-03-24T09:00:00.000Z');
    expect(iso(r.resolutionDue)).toBe('2026-03-27T14:00:00.000Z');
  });

  it('counts pauses after an upgrade', () => {
    const r = due({ lane: 'fast', laneChangedAt: upgradedAt, pauses: [{ from: at('2026-03-24T12:00:00Z'), to: at('2026-03-24T14:00:00Z') }] });
    expect(iso(r.resolutionDue)).toBe('2026-03-25T11:00:00.000Z'); // two hours later
  });
});
