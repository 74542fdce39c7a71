// Zod schemas of an SLA configuration file, so the server can validate AYUDA_SLA_FILE. The
// arithmetic does not need them: it checks plain objects itself.
import { z } from 'zod';
import { SLA_DEFAULTS } from './defaults.js';
import { parseClock } from './hours.js';
import type { OpenInterval, SlaConfig } from './types.js';
import { dayOfKey, isValidTimeZone } from './zone.js';

const ClockSchema = z.string().refine((v) => !Number.isNaN(parseClock(v)), { message: 'Write a time as "HH:MM", from 00:00 to 24:00.' });

export const OpenIntervalSchema = z
  .strictObject({ from: ClockSchema, to: ClockSchema })
  // Only two valid times are compared: an empty or malformed one is marked at its own field alone.
  .refine((i) => Number.isNaN(parseClock(i.from)) || Number.isNaN(parseClock(i.to)) || parseClock(i.from) < parseClock(i.to), { message: '"from" must be before "to"; an interval cannot cross midnight (end it at "24:00" and start the next day at "00:00").', path: ['to'] });

const DayHoursSchema = z.array(OpenIntervalSchema).superRefine((list, ctx) => {
  const sorted = list.map((i, n) => ({ from: parseClock(i.from), to: parseClock(i.to), n })).sort((a, b) => a.from - b.from);
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k]!.from < sorted[k - 1]!.to) ctx.addIssue({ code: 'custom', message: 'Intervals of one day must not overlap.', path: [sorted[k]!.n] });
  }
});

export const LocalDateSchema = z.string().refine((v) => !Number.isNaN(dayOfKey(v)), { message: 'Write a date as "YYYY-MM-DD".' });

export const TimeZoneSchema = z.string().refine(isValidTimeZone, { message: 'Not an IANA time zone, e.g. "Europe/Madrid".' });

function copyDays<K extends string>(days: Readonly<Partial<Record<K, readonly OpenInterval[]>>>): Partial<Record<K, OpenInterval[]>> {
  return Object.fromEntries(Object.entries<readonly OpenInterval[] | undefined>(days).map(([k, v]) => [k, v?.map((i) => ({ ...i }))])) as Partial<Record<K, OpenInterval[]>>;
}

export const BusinessHoursSchema = z.strictObject({
  timeZone: TimeZoneSchema.default(SLA_DEFAULTS.hours.timeZone),
  week: z
    .strictObject({
      mon: DayHoursSchema.optional(),
      tue: DayHoursSchema.optional(),
      wed: DayHoursSchema.optional(),
      thu: DayHoursSchema.optional(),
      fri: DayHoursSchema.optional(),
      sat: DayHoursSchema.optional(),
      sun: DayHoursSchema.optional(),
    })
    .default(() => copyDays(SLA_DEFAULTS.hours.week)),
  holidays: z.array(LocalDateSchema).default(() => []),
  specialDays: z.record(LocalDateSchema, DayHoursSchema).default(() => ({})),
});

// More than a year of minutes is a typo, not a service level.
const minutes = z.number().int().min(0).max(366 * 24 * 60);

export const LaneTargetsSchema = z.strictObject({
  firstResponse: minutes,
  resolution: minutes,
  calendar: z.boolean().default(false),
});

export const SlaPolicySchema = z.strictObject({
  standard: LaneTargetsSchema.default(() => ({ ...SLA_DEFAULTS.policy.standard, calendar: SLA_DEFAULTS.policy.standard.calendar ?? false })),
  fast: LaneTargetsSchema.default(() => ({ ...SLA_DEFAULTS.policy.fast, calendar: SLA_DEFAULTS.policy.fast.calendar ?? false })),
  laneChange: z.enum(['fromChange', 'fromCreation']).default(SLA_DEFAULTS.policy.laneChange ?? 'fromChange'),
});

/**
 * An SLA configuration file. Everything left out takes its value from `SLA_DEFAULTS`
 * (a lane given at all must give both of its targets). Rejects business hours with no open
 * time in the week when a lane counts business hours.
 */
export const SlaConfigSchema = z
  .strictObject({
    hours: BusinessHoursSchema.default(() => BusinessHoursSchema.parse({})),
    policy: SlaPolicySchema.default(() => SlaPolicySchema.parse({})),
  })
  .superRefine((c, ctx) => {
    const needsHours = !c.policy.standard.calendar || !c.policy.fast.calendar;
    const open = Object.values(c.hours.week).some((d) => d !== undefined && d.length > 0);
    if (needsHours && !open) {
      ctx.addIssue({ code: 'custom', path: ['hours', 'week'], message: 'No open time on any day of the week, so a business-hours SLA could never fall due: open at least one interval, or set "calendar": true on every lane.' });
    }
  });

/** What a configuration file may hold (everything optional). */
export type SlaConfigInput = z.input<typeof SlaConfigSchema>;

// A parsed file is a complete SlaConfig: this alias fails to compile if they drift apart.
type IsSlaConfig<T extends SlaConfig> = T;
export type ParsedSlaConfig = IsSlaConfig<z.output<typeof SlaConfigSchema>>;
