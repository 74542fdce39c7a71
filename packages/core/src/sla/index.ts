// The SLA engine: business hours in the company's zone, per-lane targets, due times with pauses.
export * from './types.js';
export { SLA_DEFAULTS, SLA_SEARCH_DAYS } from './defaults.js';
export { isValidTimeZone, localToUtc, localDayOf, localDayOfCached, dayKey, dayOfKey, dayToUtc } from './zone.js';
export { addBusinessMinutes, businessMinutesBetween, isOpen, nextOpening, openSpansBetween, type Span } from './hours.js';
export { computeDueDates, computeDueTimes, type DueTimes, type DueTimesInput, type Pause } from './due.js';
export * from './schema.js';
