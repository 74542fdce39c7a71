// When agents can serve appointments: their recurring working time (RFC 5545 rules read with
// the `rrule` package, wall-clock hours in the company's zone) inside the company's business
// hours (holidays and special days included) and outside their absences, as UTC spans over
// whole local days, so the reserve of a day never depends on the period asked for.
import * as rrulePkg from 'rrule';
import { dayToUtc, localToUtc, openSpansBetween, type BusinessHours, type TimeSpan } from '@ayuda/core';

// rrule ships CommonJS to Node (its ES build is for bundlers): there its classes are on the default export.
const { RRule } = (rrulePkg as unknown as { default?: typeof rrulePkg }).default ?? rrulePkg;
type RRuleT = InstanceType<typeof RRule>;

const DAY = 86_400_000;

/** One stored rule: the recurrence over days, wall-clock `HH:MM` hours, and the dates it holds between. */
export interface WorkingRule {
  rrule: string;
  startTime: string;
  endTime: string;
  validFrom: string;
  validUntil: string | null;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;

const parsed = new Map<string, RRuleT>();
const PARSED_MAX = 2_000;

/**
 * The rule's recurrence over local days, read "floating": every occurrence's UTC date is a
 * local date of the company's zone. Starts at `validFrom` (so `INTERVAL=2` counts from there).
 * Throws a RangeError naming what is wrong when the rule cannot be read.
 */
function recurrence(rule: Pick<WorkingRule, 'rrule' | 'validFrom' | 'validUntil'>): RRuleT {
  const key = `${rule.rrule}|${rule.validFrom}|${rule.validUntil ?? ''}`;
  let r = parsed.get(key);
  if (r) return r;
  let options: ReturnType<typeof RRule.parseString>;
  try {
    options = RRule.parseString(rule.rrule.replace(/^RRULE:/, ''));
  } catch (err) {
    throw new RangeError(`not a recurrence rule this server can read (${(err as Error).message})`);
  }
  const weekdays = options.byweekday;
  if (Array.isArray(weekdays) && weekdays.some((d) => d === undefined || d === null)) throw new RangeError('BYDAY must list days as MO, TU, WE, TH, FR, SA or SU');
  if ('dtstart' in options && options.dtstart) throw new RangeError('DTSTART is not taken: the rule starts at validFrom');
  const until = rule.validUntil ? new Date((dayNumber(rule.validUntil) + 1) * DAY - 1) : null;
  const ruleUntil = options.until ?? null;
  r = new RRule({ ...options, dtstart: new Date(dayNumber(rule.validFrom) * DAY), until: until && ruleUntil ? (until < ruleUntil ? until : ruleUntil) : (until ?? ruleUntil) });
  if (parsed.size >= PARSED_MAX) parsed.clear();
  parsed.set(key, r);
  return r;
}

/** Null when the rule can be expanded, or what is wrong with it (for a per-field error). */
export function ruleProblem(rule: WorkingRule): string | null {
  try {
    recurrence(rule).between(new Date(dayNumber(rule.validFrom) * DAY), new Date((dayNumber(rule.validFrom) + 400) * DAY), true);
    return null;
  } catch (err) {
    return err instanceof RangeError ? err.message : `not a recurrence rule this server can read (${String(err)})`;
  }
}

/** Sorts and merges spans; drops empty ones. */
export function merge(spans: TimeSpan[]): TimeSpan[] {
  const sorted = spans.filter(([a, z]) => z > a).sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [a, z] of sorted) {
    const last = out.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], z);
    else out.push([a, z]);
  }
  return out;
}

/** The parts of sorted, disjoint `a` that are also in sorted, disjoint `b`. */
export function intersect(a: readonly TimeSpan[], b: readonly TimeSpan[]): TimeSpan[] {
  const out: TimeSpan[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const s = Math.max(a[i]![0], b[j]![0]);
    const e = Math.min(a[i]![1], b[j]![1]);
    if (e > s) out.push([s, e]);
    if (a[i]![1] < b[j]![1]) i++;
    else j++;
  }
  return out;
}

/** Sorted, disjoint `a` without the (merged) `cut`. */
export function subtract(a: readonly TimeSpan[], cut: readonly TimeSpan[]): TimeSpan[] {
  if (cut.length === 0) return [...a];
  const out: TimeSpan[] = [];
  let j = 0;
  for (const [s0, e] of a) {
    let s = s0;
    while (j < cut.length && cut[j]![1] <= s) j++;
    let k = j;
    while (k < cut.length && cut[k]![0] < e) {
      if (cut[k]![0] > s) out.push([s, cut[k]![0]]);
      s = Math.max(s, cut[k]![1]);
      k++;
    }
    if (s < e) out.push([s, e]);
  }
  return out;
}

/** The instants that begin local day `first` and end local day `last` (both included). */
export function localDaysRange(first: number, last: number, timeZone: string): TimeSpan {
  return [localToUtc(first * DAY, timeZone), localToUtc((last + 1) * DAY, timeZone)];
}

/**
 * An agent's working time from local day `first` to `last`: each rule's occurrences with its
 * wall-clock hours turned into instants by the zone's rules (an hour skipped when the clocks go
 * forward is not worked; one repeated when they go back is worked once, as the clock shows it).
 */
export function workingSpans(rules: readonly WorkingRule[], first: number, last: number, timeZone: string): TimeSpan[] {
  const spans: TimeSpan[] = [];
  for (const rule of rules) {
    const from = Math.max(first, dayNumber(rule.validFrom));
    const to = rule.validUntil ? Math.min(last, dayNumber(rule.validUntil)) : last;
    if (from > to) continue;
    const startMin = minutesOf(rule.startTime);
    const endMin = minutesOf(rule.endTime);
    const days = new Set<number>();
    for (const d of recurrence(rule).between(new Date(from * DAY), new Date(to * DAY + DAY - 1), true)) days.add(Math.floor(d.getTime() / DAY));
    for (const day of days) {
      const [s, e] = dayToUtc(day, [startMin, endMin], timeZone);
      if (e! > s!) spans.push([s!, e!]);
    }
  }
  return merge(spans);
}

/**
 * When an agent can take appointments over local days `first`..`last`: working time inside the
 * company's business hours, without absences. Sorted and disjoint, as `allocate` wants.
 */
export function openSpans(rules: readonly WorkingRule[], business: readonly TimeSpan[], absences: readonly TimeSpan[], first: number, last: number, timeZone: string): TimeSpan[] {
  return subtract(intersect(workingSpans(rules, first, last, timeZone), business), merge([...absences]));
}

/** The company's open spans over local days `first`..`last` (holidays and special days applied). */
export function businessSpans(hours: BusinessHours, first: number, last: number): TimeSpan[] {
  const [from, to] = localDaysRange(first, last, hours.timeZone);
  return merge(openSpansBetween(hours, from, to));
}
