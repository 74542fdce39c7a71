import { describe, expect, it } from 'vitest';
import { addDaysToDate, defaultInterval, isPartialBucket, localDate, localDateTime, PERIOD_MAX_DAYS, seriesBuckets, startOfLocalDate, withinMaxPeriod, zonedLocalDateTime } from './periods.js';
import { AnalyticsSummaryQuerySchema, FastlaneAccountQuerySchema, LaneImpactQuerySchema } from './analytics.js';
import { AnalyticsSeriesQuerySchema } from './analytics-series.js';

const iso = (b: Array<{ start: Date; end: Date }>) => b.map((x) => [x.start.toISOString(), x.end.toISOString()]);

describe('calendar periods in a time zone', () => {
  it('reads and starts local dates across daylight-saving changes', () => {
    expect(localDate(new Date('2026-11-01T23:30:00Z'), 'Europe/Madrid')).toBe('2026-11-02');
    expect(localDate(new Date('2026-11-01T23:30:00Z'), 'UTC')).toBe('2026-11-01');
    expect(startOfLocalDate('2026-10-25', 'Europe/Madrid')!.toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(startOfLocalDate('2026-10-26', 'Europe/Madrid')!.toISOString()).toBe('2026-10-25T23:00:00.000Z');
    // Santiago skips midnight when its clocks go forward (6 September 2026): the day starts at 01:00.
    expect(startOfLocalDate('2026-09-06', 'America/Santiago')!.toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(startOfLocalDate('2026-02-30', 'UTC')).toBeNull();
    expect(startOfLocalDate('30/01/2026', 'UTC')).toBeNull();
    expect(addDaysToDate('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDaysToDate('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('cuts a period into days, Monday weeks and months, the ends clipped', () => {
    const tz = 'Europe/Madrid';
    expect(iso(seriesBuckets(new Date('2026-10-24T22:00:00Z'), new Date('2026-10-26T23:00:00Z'), 'day', tz))).toEqual([
      ['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z'], // Sunday 25 October has 25 hours
      ['2026-10-25T23:00:00.000Z', '2026-10-26T23:00:00.000Z'],
    ]);
    // From Sunday 1 November 12:00 UTC: that week began on Monday 26 October; the next on Monday 2 November.
    expect(iso(seriesBuckets(new Date('2026-11-01T12:00:00Z'), new Date('2026-11-10T00:00:00Z'), 'week', tz))).toEqual([
      ['2026-11-01T12:00:00.000Z', '2026-11-01T23:00:00.000Z'],
      ['2026-11-01T23:00:00.000Z', '2026-11-08T23:00:00.000Z'],
      ['2026-11-08T23:00:00.000Z', '2026-11-10T00:00:00.000Z'],
    ]);
    expect(iso(seriesBuckets(new Date('2026-12-15T00:00:00Z'), new Date('2027-02-01T00:00:00Z'), 'month', 'UTC'))).toEqual([
      ['2026-12-15T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
      ['2027-01-01T00:00:00.000Z', '2027-02-01T00:00:00.000Z'],
    ]);
    expect(seriesBuckets(new Date('2020-01-01T00:00:00Z'), new Date('2023-01-01T00:00:00Z'), 'day', 'UTC', 5)).toHaveLength(5);
    expect(seriesBuckets(new Date('2020-01-01T00:00:00Z'), new Date('2020-01-01T00:00:00Z'), 'day', 'UTC')).toEqual([]);
  });

  it('tells a bucket shorter than its day, week or month (a period starting or ending inside it) from a whole one, across clock changes', () => {
    const tz = 'Europe/Madrid';
    const partial = (from: string, to: string, interval: 'day' | 'week' | 'month', zone = tz) =>
      seriesBuckets(new Date(from), new Date(to), interval, zone).map((b) => isPartialBucket(b.start, b.end, interval, zone));
    // Whole local days, the 25-hour Sunday of 25 October included; then a period ending at 15:00 on the 27th.
    expect(partial('2026-10-24T22:00:00Z', '2026-10-26T23:00:00Z', 'day')).toEqual([false, false]);
    expect(partial('2026-10-24T22:00:00Z', '2026-10-27T14:00:00Z', 'day')).toEqual([false, false, true]);
    // From a Sunday noon to a Tuesday: the first and last weeks are partial, the whole week between is not.
    expect(partial('2026-11-01T12:00:00Z', '2026-11-10T00:00:00Z', 'week')).toEqual([true, false, true]);
    // 15 December to 1 February: half a December, a whole January; in Madrid, UTC midnights are not the months'.
    expect(partial('2026-12-15T00:00:00Z', '2027-02-01T00:00:00Z', 'month', 'UTC')).toEqual([true, false]);
    expect(partial('2026-11-30T23:00:00Z', '2027-01-31T23:00:00Z', 'month')).toEqual([false, false]);
    expect(partial('2026-12-01T00:00:00Z', '2027-02-01T00:00:00Z', 'month')).toEqual([true, false, true]);
    // Santiago skips midnight on 6 September 2026: that day starts at 01:00 and is whole from there.
    expect(partial('2026-09-06T04:00:00Z', '2026-09-07T03:00:00Z', 'day', 'America/Santiago')).toEqual([false]);
  });

  it('chooses days up to 31 days, weeks up to 190, months beyond', () => {
    const d = (days: number) => defaultInterval(new Date(0), new Date(days * 86_400_000));
    expect([d(1), d(31), d(31.01), d(190), d(191), d(1096)]).toEqual(['day', 'day', 'week', 'week', 'month', 'month']);
  });

  it('takes the longest period of local days even when it ends in winter time and starts in summer time (an hour longer), and nothing longer', () => {
    // 1,096 local days in Madrid from 28 October 2023 (CEST) to 28 October 2026 (CET).
    const from = startOfLocalDate('2023-10-28', 'Europe/Madrid')!.toISOString();
    const to = startOfLocalDate(addDaysToDate('2023-10-28', PERIOD_MAX_DAYS), 'Europe/Madrid')!.toISOString();
    expect([from, to]).toEqual(['2023-10-27T22:00:00.000Z', '2026-10-27T23:00:00.000Z']);
    expect(Date.parse(to) - Date.parse(from)).toBe(PERIOD_MAX_DAYS * 86_400_000 + 3_600_000);
    const longer = new Date(Date.parse(to) + 1).toISOString();
    expect([withinMaxPeriod(from, to), withinMaxPeriod(from, longer), withinMaxPeriod(undefined, to)]).toEqual([true, false, true]);
    for (const schema of [AnalyticsSummaryQuerySchema, AnalyticsSeriesQuerySchema, FastlaneAccountQuerySchema, LaneImpactQuerySchema]) {
      expect(schema.safeParse({ from, to }).success).toBe(true);
      expect(schema.safeParse({ from, to: longer }).success).toBe(false);
    }
    expect(LaneImpactQuerySchema.safeParse({ baselineFrom: from, baselineTo: longer }).success).toBe(false);
    expect(LaneImpactQuerySchema.safeParse({ baselineFrom: from, baselineTo: to }).success).toBe(true);
  });

  it('reads and writes a datetime-local field in a time zone, across daylight-saving changes', () => {
    const madrid = (v: string) => zonedLocalDateTime(v, 'Europe/Madrid')?.toISOString() ?? null;
    expect(localDateTime(new Date('2026-11-20T09:05:00Z'), 'Europe/Madrid')).toBe('2026-11-20T10:05');
    expect(localDateTime(new Date('2026-07-20T09:05:59Z'), 'Europe/Madrid')).toBe('2026-07-20T11:05');
    expect(localDateTime(new Date('2026-11-20T09:05:00Z'), 'America/New_York')).toBe('2026-11-20T04:05');
    expect(madrid('2026-11-20T10:05')).toBe('2026-11-20T09:05:00.000Z');
    expect(madrid('2026-07-20T11:05')).toBe('2026-07-20T09:05:00.000Z');
    // The hour skipped on 29 March 2026 is the moment the clocks jump; the one repeated on 25 October, its first time.
    expect(madrid('2026-03-29T02:30')).toBe('2026-03-29T01:00:00.000Z');
    expect(madrid('2026-10-25T02:30')).toBe('2026-10-25T00:30:00.000Z');
    expect([madrid(''), madrid('2026-02-30T10:00'), madrid('2026-11-20T24:00'), madrid('2026-11-20 10:00')]).toEqual([null, null, null, null]);
  });
});
