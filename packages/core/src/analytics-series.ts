// The analytics over time (issue 15, item 5): the summary's figures per calendar day, ISO week or
// month in the company's time zone, per lane, for the console's charts. Same definitions as the
// summary's (docs/analytics.md); the bucket math is in periods.ts.
import { z } from 'zod';
import { InstantSchema } from './api.js';
import { LaneSchema } from './cases.js';
import { ANALYTICS_LIMITS, AnalyticsFiguresSchema } from './analytics.js';
import { SERIES_INTERVALS, withinMaxPeriod } from './periods.js';


export const AnalyticsSeriesQuerySchema = z
  .object({
    from: InstantSchema.optional(),
    to: InstantSchema.optional(),
    /** One lane's points; without it, both lanes' side by side (`lanes`). */
    lane: LaneSchema.optional(),
    /** Calendar days, ISO weeks (from Monday) or months; default from the period's length (day up to 31 days, week up to 190, month beyond). */
    interval: z.enum(SERIES_INTERVALS).optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['from'] })
  .refine((q) => withinMaxPeriod(q.from, q.to), {
    message: `the period may be at most ${ANALYTICS_LIMITS.maxDays} days long`,
    path: ['to'],
  });
export type AnalyticsSeriesQuery = z.input<typeof AnalyticsSeriesQuerySchema>;

/** One bucket: its instants (the first and last clipped to the period) and the summary's figures over it. */
export const AnalyticsSeriesPointSchema = AnalyticsFiguresSchema.extend({ start: InstantSchema, end: InstantSchema });
export type AnalyticsSeriesPoint = z.infer<typeof AnalyticsSeriesPointSchema>;

const SeriesBase = z.object({
  from: InstantSchema,
  to: InstantSchema,
  interval: z.enum(SERIES_INTERVALS),
  /** The company's zone, in which the buckets are calendar days, weeks and months. */
  timeZone: z.string(),
  currency: z.string(),
});

export const AnalyticsSeriesSchema = z.union([
  /** `lane` asked for: its points. */
  SeriesBase.extend({ lane: LaneSchema, points: z.array(AnalyticsSeriesPointSchema) }),
  /** No `lane`: each lane's points, bucket by bucket the same instants. */
  SeriesBase.extend({ lane: z.null(), lanes: z.object({ standard: z.array(AnalyticsSeriesPointSchema), fast: z.array(AnalyticsSeriesPointSchema) }) }),
]);
export type AnalyticsSeries = z.infer<typeof AnalyticsSeriesSchema>;
