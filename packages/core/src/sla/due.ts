// Due times of a case: first response and resolution per lane, with pauses while the case
// waits for the customer, and lane changes.
import { SLA_DEFAULTS } from './defaults.js';
import { type Axis, type CompiledHours, type Span, addCounted, assertOpenWeek, compileHours, countedBetween, mergeSpans } from './hours.js';
import type { BusinessHours, Lane, LaneTargets, SlaPolicy } from './types.js';
import { MINUTE } from './zone.js';

/** A span during which the case waited for the customer; `to` is absent while it still waits. */
export interface Pause {
  readonly from: Date;
  readonly to?: Date | null;
}

export interface DueTimesInput {
  readonly createdAt: Date;
  /** The lane the case is in now. */
  readonly lane: Lane;
  readonly policy: SlaPolicy;
  readonly hours: BusinessHours;
  /** Spans waiting for the customer ("pending customer"); they stop the resolution clock only. */
  readonly pauses?: readonly Pause[];
  readonly firstRespondedAt?: Date | null;
  readonly resolvedAt?: Date | null;
  /**
   * When the case moved into its current lane, if it did not start there. With the policy's
   * `laneChange: 'fromChange'` (the default) the lane's targets count from here.
   */
  readonly laneChangedAt?: Date | null;
  /** The current instant (the caller's clock). */
  readonly now: Date;
}

export interface DueTimes {
  readonly lane: Lane;
  /** When the first staff reply is due. Never paused. */
  readonly firstResponseDue: Date;
  /**
   * When resolution is due; `null` while the case waits for the customer with time still left
   * (the due time is unknown until the wait ends).
   */
  readonly resolutionDue: Date | null;
  /** The first reply came (or, without one, `now` is) after its due time. */
  readonly firstResponseBreached: boolean;
  /** The resolution came (or, without one, `now` is) after its due time. */
  readonly resolutionBreached: boolean;
  /**
   * Counted minutes (business or calendar, as the lane counts) left until the first-response
   * due time, frozen when the first reply came; negative when late. May be fractional.
   */
  readonly firstResponseRemainingMinutes: number;
  /** As above for resolution, frozen while paused and once resolved. */
  readonly resolutionRemainingMinutes: number;
  /** The whole first-response target the due time counts (the lane's, or the standard lane's when that is sooner), in counted minutes. */
  readonly firstResponseTargetMinutes: number;
  /** As above for resolution. */
  readonly resolutionTargetMinutes: number;
  /** The case waits for the customer at `now` (and is not resolved). */
  readonly paused: boolean;
}

type Target = 'firstResponse' | 'resolution';

interface Candidate {
  readonly axis: Axis;
  readonly start: number;
  readonly target: number;
  readonly due: number | null;
}

/** Epoch milliseconds of an optional date; throws on anything but a valid Date. */
function optionalMs(d: Date | null | undefined, name: string): number | undefined {
  return d === undefined || d === null ? undefined : ms(d, name);
}

function ms(d: Date, name: string): number {
  const t = d instanceof Date ? d.getTime() : Number.NaN;
  if (Number.isNaN(t)) throw new TypeError(`Ayuda: ${name} must be a valid Date.`);
  return t;
}

function targetsOf(policy: SlaPolicy, lane: Lane): LaneTargets {
  const t = policy?.[lane];
  if (lane !== 'standard' && lane !== 'fast') throw new RangeError(`Ayuda: lane must be "standard" or "fast", not ${JSON.stringify(lane)}.`);
  if (!t) throw new RangeError(`Ayuda: the SLA policy has no targets for the ${lane} lane.`);
  for (const k of ['firstResponse', 'resolution'] as const) {
    if (!Number.isFinite(t[k]) || t[k] < 0) throw new RangeError(`Ayuda: policy.${lane}.${k} must be a number of minutes, zero or more, not ${t[k]}.`);
  }
  return t;
}

/**
 * Due times of a case at `now`.
 *
 * - Time counts in business hours, or around the clock for a lane with `calendar: true`.
 * - The first-response clock runs from creation and is never paused.
 * - The resolution clock stops during `pauses`; an open pause (no `to`) ends at `resolvedAt`.
 * - After a lane change, the lane's targets count from `laneChangedAt` (policy `laneChange:
 *   'fromChange'`, the default) or from creation (`'fromCreation'`); in every case a due time
 *   is never later than the standard lane's counted from creation, so an upgrade never makes
 *   a case wait longer and a downgrade returns it to its original standard due time.
 */
export function computeDueTimes(input: DueTimesInput): DueTimes {
  const { lane, now, respondedAt, resolvedAt, pauses, fr, res } = dueCandidates(input);
  const remaining = (c: Candidate, stop: number, spans: readonly Span[]) =>
    (c.target - Math.max(0, countedBetween(c.axis, c.start, stop, spans))) / MINUTE;
  const frStop = respondedAt ?? now;
  const resStop = resolvedAt ?? now;
  return {
    lane,
    firstResponseDue: new Date(fr.due!),
    resolutionDue: res.due === null ? null : new Date(res.due),
    firstResponseBreached: frStop > fr.due!,
    resolutionBreached: res.due !== null && resStop > res.due,
    firstResponseRemainingMinutes: remaining(fr, frStop, []),
    resolutionRemainingMinutes: remaining(res, resStop, pauses),
    firstResponseTargetMinutes: fr.target / MINUTE,
    resolutionTargetMinutes: res.target / MINUTE,
    paused: resolvedAt === undefined && pauses.some(([s, e]) => s <= now && now < e),
  };
}

/**
 * computeDueTimes' two due times alone, without the minutes left and the breaches, which count
 * the business time up to `now` again: what a change that stores a case's due times (a lane
 * move) needs, for less work.
 */
export function computeDueDates(input: DueTimesInput): Pick<DueTimes, 'firstResponseDue' | 'resolutionDue'> {
  const { fr, res } = dueCandidates(input);
  return { firstResponseDue: new Date(fr.due!), resolutionDue: res.due === null ? null : new Date(res.due) };
}

/** The input checked, and the candidate that sets each due time. */
function dueCandidates(input: DueTimesInput) {
  const createdAt = ms(input.createdAt, 'createdAt');
  const now = ms(input.now, 'now');
  const respondedAt = optionalMs(input.firstRespondedAt, 'firstRespondedAt');
  const resolvedAt = optionalMs(input.resolvedAt, 'resolvedAt');
  const changedAt = optionalMs(input.laneChangedAt, 'laneChangedAt');
  const { lane, policy } = input;
  const rule = policy.laneChange ?? SLA_DEFAULTS.policy.laneChange;

  // The candidates: the current lane from its start, and the standard lane from creation.
  const laneStart = changedAt !== undefined && rule === 'fromChange' ? Math.max(changedAt, createdAt) : createdAt;
  const lanes: Array<{ lane: Lane; start: number }> = [{ lane, start: laneStart }];
  if (lane !== 'standard' || laneStart !== createdAt) lanes.push({ lane: 'standard', start: createdAt });

  let compiled: CompiledHours | undefined;
  const axisOf = (l: Lane): Axis => {
    if (targetsOf(policy, l).calendar) return 'calendar';
    compiled ??= compileHours(input.hours);
    assertOpenWeek(compiled);
    return compiled;
  };

  const pauses: Span[] = mergeSpans(
    (input.pauses ?? []).map((p, i) => {
      const from = ms(p.from, `pauses[${i}].from`);
      const to = optionalMs(p.to, `pauses[${i}].to`);
      if (to !== undefined && to < from) throw new RangeError(`Ayuda: pauses[${i}] ends (${new Date(to).toISOString()}) before it starts (${new Date(from).toISOString()}).`);
      // A pause still open when the case was resolved ends there (an empty span if earlier).
      return [from, to ?? resolvedAt ?? Infinity] as const;
    }),
  );

  const pick = (kind: Target, spans: readonly Span[]): Candidate => {
    let best: Candidate | undefined;
    for (const c of lanes) {
      const axis = axisOf(c.lane);
      const target = Math.round(targetsOf(policy, c.lane)[kind] * MINUTE);
      const due = addCounted(axis, c.start, target, spans);
      const cand = { axis, start: c.start, target, due };
      if (!best || (due !== null && (best.due === null || due < best.due))) best = cand;
    }
    return best!;
  };
  return { lane, now, respondedAt, resolvedAt, pauses, fr: pick('firstResponse', []), res: pick('resolution', pauses) };
}
