// The analytics over time (issue 15, item 5): the summary's figures for each calendar day, ISO
// week or month of a period in the company's time zone, per lane, for the console's charts. Each
// bucket is the summary's own computation over [start, end), so a chart and the summary of the
// same span never disagree; the buckets are run one after another (the database does the work,
// and one request must not take every connection).
import { defaultInterval, SERIES_LIMITS, seriesBuckets, type AnalyticsSeries, type AnalyticsSeriesPoint, type Lane, type SeriesInterval, type SlaConfig } from '@ayuda/core';
import type { Clock } from '../clock.js';
import { validationError } from '../http/problem.js';
import { resolvePeriod, type AnalyticsSummaryService } from './summary.js';

export class AnalyticsSeriesService {
  constructor(private readonly deps: { summary: AnalyticsSummaryService; clock: Clock; sla: () => SlaConfig; currency: string }) {}

  async series(q: { from?: string | undefined; to?: string | undefined; lane?: Lane | undefined; interval?: SeriesInterval | undefined }): Promise<AnalyticsSeries> {
    const now = this.deps.clock.now();
    const { from, to } = resolvePeriod(q, now);
    const timeZone = this.deps.sla().hours.timeZone;
    const interval = q.interval ?? defaultInterval(from, to);
    const buckets = seriesBuckets(from, to, interval, timeZone, SERIES_LIMITS.maxBuckets + 1);
    if (buckets.length > SERIES_LIMITS.maxBuckets)
      throw validationError([{ field: 'query.interval', message: `the period holds more than ${SERIES_LIMITS.maxBuckets} ${interval}s: choose a longer interval or a shorter period` }], 422);
    // Durations run from a case's creation to now at the latest: the table must cover both ends.
    await this.deps.summary.spans.ensure(from, new Date(Math.max(now.getTime(), to.getTime())));
    // Cases changed since the last look get their facts first, as for the summary.
    await this.deps.summary.facts.refresh();
    // As in the summary: open SLA outcomes judged after the refresh.
    const at = this.deps.clock.now();
    const pointsOf = async (lane: Lane): Promise<AnalyticsSeriesPoint[]> => {
      const points: AnalyticsSeriesPoint[] = [];
      for (const b of buckets) {
        const figures = await this.deps.summary.figures(b.start, b.end, { lane, category: null, agentId: null }, at);
        points.push({ start: b.start.toISOString(), end: b.end.toISOString(), ...figures });
      }
      return points;
    };
    const base = { from: from.toISOString(), to: to.toISOString(), interval, timeZone, currency: this.deps.currency };
    if (q.lane) return { ...base, lane: q.lane, points: await pointsOf(q.lane) };
    return { ...base, lane: null, lanes: { standard: await pointsOf('standard'), fast: await pointsOf('fast') } };
  }
}
