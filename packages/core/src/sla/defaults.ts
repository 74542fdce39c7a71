// The SLA defaults, read by the code, the configuration schema and docs/sla.md (a test keeps
// the docs in sync).
import type { OpenInterval, SlaConfig } from './types.js';

const nineToSix: readonly OpenInterval[] = Object.freeze([Object.freeze({ from: '09:00', to: '18:00' })]);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Every SLA default: Madrid's time zone, Monday to Friday 09:00–18:00, no holidays;
 * standard lane 8 business hours to the first response and 40 to resolution; fast lane 1 and 8.
 * Frozen: copy it to change it.
 */
export const SLA_DEFAULTS = deepFreeze({
  hours: {
    timeZone: 'Europe/Madrid',
    week: { mon: nineToSix, tue: nineToSix, wed: nineToSix, thu: nineToSix, fri: nineToSix },
    holidays: [] as string[],
    specialDays: {} as Record<string, OpenInterval[]>,
  },
  policy: {
    standard: { firstResponse: 8 * 60, resolution: 40 * 60, calendar: false },
    fast: { firstResponse: 1 * 60, resolution: 8 * 60, calendar: false },
    laneChange: 'fromChange',
  },
} satisfies SlaConfig) as SlaConfig;

/**
 * How far ahead (in days past the start, and past the end of the last pause) the engine looks
 * for open time before giving up with an error: three years, enough for any realistic target
 * whatever the holidays, and a bound on the work a broken configuration can cause.
 */
export const SLA_SEARCH_DAYS = 3 * 366;
