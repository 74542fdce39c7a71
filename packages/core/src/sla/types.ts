// The shapes of an SLA configuration: business hours in the company's zone and per-lane targets.

/** A support lane. Every case has one from the start; the fast lane is the paid one. */
export type Lane = 'standard' | 'fast';

/** Days of the week as written in a configuration file. */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** Weekdays in `Date#getUTCDay()` order (0 = Sunday). */
export const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * One open interval in local wall-clock time, `HH:MM` to `HH:MM` (`to` may be `24:00`,
 * the end of the day). Half-open: open at `from`, closed again at `to`.
 */
export interface OpenInterval {
  readonly from: string;
  readonly to: string;
}

/** When the company answers, in its own time zone. */
export interface BusinessHours {
  /** IANA time zone, e.g. `Europe/Madrid`. All wall-clock times below are in this zone. */
  readonly timeZone: string;
  /** Open intervals per weekday; a missing or empty day is closed. Several intervals a day are fine. */
  readonly week: Readonly<Partial<Record<Weekday, readonly OpenInterval[]>>>;
  /** Local dates (`YYYY-MM-DD`) closed all day. */
  readonly holidays?: readonly string[];
  /**
   * Local dates with their own hours, overriding the weekday and any holiday on that date
   * (an empty list closes the day).
   */
  readonly specialDays?: Readonly<Record<string, readonly OpenInterval[]>>;
}

/** The targets of one lane, in minutes. */
export interface LaneTargets {
  /** Minutes from the case's creation to the first staff reply. */
  readonly firstResponse: number;
  /** Minutes from the case's creation to its resolution, not counting time waiting for the customer. */
  readonly resolution: number;
  /** Count calendar time (24/7) instead of business hours. Default `false`. */
  readonly calendar?: boolean;
}

/**
 * How a lane change (an upgrade to the fast lane, or back after a refund) is counted:
 * - `fromChange`: the new lane's targets count from the change (`laneChangedAt`);
 * - `fromCreation`: the new lane's targets count from the case's creation, as if it had
 *   always been in that lane (an upgrade may then be overdue at once).
 * Either way a due time is never later than the standard lane's from creation.
 */
export type LaneChangeRule = 'fromChange' | 'fromCreation';

export interface SlaPolicy {
  readonly standard: LaneTargets;
  readonly fast: LaneTargets;
  /** Default `fromChange`. */
  readonly laneChange?: LaneChangeRule;
}

/** A whole SLA configuration, as read from `AYUDA_SLA_FILE` (see docs/sla.md). */
export interface SlaConfig {
  readonly hours: BusinessHours;
  readonly policy: SlaPolicy;
}
