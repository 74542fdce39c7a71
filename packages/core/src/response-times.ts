// The team's usual first-response time per lane (issue 14): the median wait between a case's
// creation (or its move to the fast lane) and the first staff reply, over the cases created in
// the last 30 days, shown beside every "contact" entry point ("Normalmente respondemos en 3 h").
// Computed by the server from its cases, never typed in by hand.
import { z } from 'zod';
import { LocaleSchema } from './api.js';

export const RESPONSE_TIME_DEFAULTS = {
  /** The cases counted: those created in the last this many days. */
  windowDays: 30,
  /** Fewer answered cases than this in a lane and the lane's figure is hidden (null): one case is not "usually". */
  minimumCases: 5,
  /** How long the figure may be cached, by the server (computed at most once in this time per process) and by browsers (seconds). */
  maxAgeS: 300,
} as const;

export const ResponseTimesQuerySchema = z.object({ locale: LocaleSchema });

const Median = z
  .number()
  .int()
  .min(1)
  .nullable()
  .describe('The median first-response time in whole minutes (wall-clock, at least 1); null when the lane had fewer than `minimumCases` answered cases');

export const ResponseTimesSchema = z.object({
  locale: LocaleSchema,
  windowDays: z.number().int(),
  minimumCases: z.number().int(),
  /** When the figures were computed (they are kept up to `maxAgeS`). */
  computedAt: z.string(),
  standard: z.object({ medianMinutes: Median }),
  fast: z.object({
    medianMinutes: Median,
    /** Whether the fast lane is offered (on) at all: when not, show no fast-lane figure. */
    offered: z.boolean(),
    /** The fast lane's name in `locale` ("Soporte prioritario"). */
    name: z.string(),
  }),
});
export type ResponseTimes = z.infer<typeof ResponseTimesSchema>;
