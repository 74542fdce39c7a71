import { expect } from 'chai';
import { mondayOf, wall, zonedInstant } from './time.js';
import { buildGrid, freeTimes, type StaffCalendar } from './model.js';

describe('appointments: the company’s clock', () => {
  it('turns wall-clock times into instants across daylight-saving changes, whatever the browser’s zone', () => {
    expect(zonedInstant('2026-11-23', '09:00', 'Europe/Madrid')).to.equal('2026-11-23T08:00:00.000Z');
    expect(zonedInstant('2026-07-01', '09:00', 'Europe/Madrid')).to.equal('2026-07-01T07:00:00.000Z');
    // 29 March 2026: 02:00 jumps to 03:00; 02:30 does not happen and is read as 03:30, as
    // Temporal's "compatible" reading (and most calendars) do.
    expect(zonedInstant('2026-03-29', '01:30', 'Europe/Madrid')).to.equal('2026-03-29T00:30:00.000Z');
    expect(zonedInstant('2026-03-29', '02:30', 'Europe/Madrid')).to.equal('2026-03-29T01:30:00.000Z');
    expect(zonedInstant('2026-03-29', '03:30', 'Europe/Madrid')).to.equal('2026-03-29T01:30:00.000Z');
    // 25 October 2026: 03:00 goes back to 02:00; 02:30 happens twice, the first is taken.
    expect(zonedInstant('2026-10-25', '02:30', 'Europe/Madrid')).to.equal('2026-10-25T00:30:00.000Z');
    expect(zonedInstant('2026-11-23', '09:00', 'America/New_York')).to.equal('2026-11-23T14:00:00.000Z');
    expect(wall('2026-03-29T01:30:00Z', 'Europe/Madrid')).to.deep.equal({ date: '2026-03-29', minutes: 3 * 60 + 30 });
    expect(wall('2026-11-22T23:30:00Z', 'Europe/Madrid')).to.deep.equal({ date: '2026-11-23', minutes: 30 });
    expect(mondayOf('2026-11-29')).to.equal('2026-11-23');
    expect(mondayOf('2026-11-23')).to.equal('2026-11-23');
  });

  it('puts what starts at one wall-clock time in one row on a daylight-saving day, and proposes only what the lane may book', () => {
    const tz = 'Europe/Madrid';
    const u = (date: string, time: string, o: Partial<StaffCalendar['units'][number]> = {}) => {
      const start = zonedInstant(date, time, tz);
      return { type: 'call', agentId: 1, start, end: new Date(Date.parse(start) + 1_800_000).toISOString(), free: true, reserved: false, released: false, ...o };
    };
    const cal: StaffCalendar = {
      timeZone: tz,
      from: '',
      to: '',
      agents: [{ id: 1, name: 'Ana' }],
      // Saturday 28 (UTC+1) and Sunday 29 March (UTC+2 from 03:00): 09:00 is one row on both days.
      units: [u('2026-03-28', '09:00'), u('2026-03-29', '09:00', { reserved: true }), u('2026-03-29', '09:30', { released: true })],
      appointments: [],
      absences: [],
    };
    const g = buildGrid(cal, 'week', ['2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29'], null);
    expect(g.rows).to.deep.equal([9 * 60, 9 * 60 + 30]);
    expect(g.cells[0]![5]!.units).to.deep.equal({ free: 1, held: 0, released: 0 });
    expect(g.cells[0]![6]!.units).to.deep.equal({ free: 0, held: 1, released: 0 });
    const now = Date.parse('2026-03-27T12:00:00Z');
    const rules = { minNoticeMinutes: 120, maxDaysAhead: 30 };
    const standard = freeTimes(cal, { type: 'call', start: '2026-04-01T08:00:00Z', lane: 'standard' }, rules, now, 10);
    expect(standard.map((t) => t.state)).to.deep.equal(['free', 'released']);
    const fast = freeTimes(cal, { type: 'call', start: '2026-04-01T08:00:00Z', lane: 'fast' }, rules, now, 10);
    expect(fast.map((t) => t.state)).to.deep.equal(['free', 'held', 'released']);
    // Within the notice or past the horizon: not offered.
    expect(freeTimes(cal, { type: 'call', start: '', lane: 'fast' }, { minNoticeMinutes: 60 * 24 * 2, maxDaysAhead: 30 }, now, 10)).to.have.length(0);
  });
});
