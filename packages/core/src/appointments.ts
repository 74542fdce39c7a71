// Appointments and callbacks (issue 16): the API contract and the slot allocation with a share
// of every day's capacity held for the fast lane. Pure: the server expands each agent's
// availability (recurrence rules, business hours, holidays, absences) into open spans and passes
// them, with what is already booked, to `allocate`; the same function answers the slots shown,
// the slot a booking takes and the reserve the console draws.
import { z } from 'zod';
import { InstantSchema, LocaleSchema, SlugSchema } from './api.js';
import { LaneSchema } from './cases.js';
import { localDayOf, localDayOfCached, localToUtc, MINUTE } from './sla/zone.js';
import { addBusinessMinutes } from './sla/hours.js';
import type { BusinessHours, Lane } from './sla/types.js';

export const APPOINTMENT_LIMITS = {
  /** The longest period one slots query covers, in days. */
  maxQueryDays: 62,
  durationMin: 5,
  durationMax: 8 * 60,
  bufferMax: 240,
  maxDaysAheadMax: 365,
  /** The largest share of a day's capacity that can be held for the fast lane. */
  reserveShareMax: 0.5,
  releaseHoursMax: 24 * 14,
  nameMax: 200,
  emailMax: 254,
  notesMax: 2000,
  /** Other times offered to a customer asked to move (besides the proposed one). */
  proposalAlternatives: 3,
  /** Days a move proposal waits for its customer's answer before it lapses (the appointment stays). */
  proposalDays: 3,
} as const;

export const APPOINTMENT_DEFAULTS = { reserveShare: 0.1, releaseHours: 24, minNoticeMinutes: 120, maxDaysAhead: 30, bufferMinutes: 0 } as const;

export const AppointmentModeSchema = z.enum(['phone', 'video', 'in_person']);
export type AppointmentMode = z.infer<typeof AppointmentModeSchema>;
export const AppointmentStatusSchema = z.enum(['booked', 'cancelled']);
export type AppointmentStatus = z.infer<typeof AppointmentStatusSchema>;

const text = (min: number, max: number) => z.string().trim().min(min).max(max);
const plain = (max: number) =>
  text(1, max).refine((s) => !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(s.replace(/\r\n/g, '\n')), 'must be plain text (line breaks allowed, no other control characters)');
const Localized = (max: number) => z.strictObject({ es: text(1, max), en: text(1, max) });
/** A date in the company's zone (`YYYY-MM-DD`) or an instant with its offset. */
const DateOrInstant = z.union([z.iso.date(), InstantSchema]);
const CaseReference = z.string().regex(/^[A-Z]{1,10}-\d{6,}$/, 'a case reference such as NF-000123');
/** An opaque token from a mail's link. */
export const AppointmentTokenParamsSchema = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'a token from the mail’s link') });

// ---- appointment types ----

/** What an admin sets for a kind of appointment. */
export const AppointmentTypeInputSchema = z.strictObject({
  key: SlugSchema.max(64),
  name: Localized(120),
  description: Localized(1000).optional(),
  mode: AppointmentModeSchema,
  durationMinutes: z.number().int().min(APPOINTMENT_LIMITS.durationMin).max(APPOINTMENT_LIMITS.durationMax),
  /** Free time kept after each appointment before the agent's next one. */
  bufferMinutes: z.number().int().min(0).max(APPOINTMENT_LIMITS.bufferMax).default(APPOINTMENT_DEFAULTS.bufferMinutes),
  /** The staff users who serve it (at least one). */
  agentIds: z.array(z.number().int().min(1)).min(1).max(200),
  /** The shortest time between booking and start. */
  minNoticeMinutes: z.number().int().min(0).max(60 * 24 * 30).default(APPOINTMENT_DEFAULTS.minNoticeMinutes),
  /** How far ahead it can be booked, in days. */
  maxDaysAhead: z.number().int().min(1).max(APPOINTMENT_LIMITS.maxDaysAheadMax).default(APPOINTMENT_DEFAULTS.maxDaysAhead),
  /** The share of each day's capacity held for fast-lane customers (0 to 0.5). */
  reserveShare: z.number().min(0).max(APPOINTMENT_LIMITS.reserveShareMax).default(APPOINTMENT_DEFAULTS.reserveShare),
  /** Reserved slots still free this many hours before they start are offered to everyone. */
  releaseHours: z.number().int().min(0).max(APPOINTMENT_LIMITS.releaseHoursMax).default(APPOINTMENT_DEFAULTS.releaseHours),
  active: z.boolean().default(true),
});
export type AppointmentTypeInput = z.input<typeof AppointmentTypeInputSchema>;
export type AppointmentTypeSettings = z.output<typeof AppointmentTypeInputSchema>;
export const AppointmentTypeParamsSchema = z.object({ key: SlugSchema.max(64) });

/** A type as customers see it, in their language. */
export const AppointmentTypeSchema = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  mode: AppointmentModeSchema,
  durationMinutes: z.number().int(),
  minNoticeMinutes: z.number().int(),
  maxDaysAhead: z.number().int(),
});
export type AppointmentType = z.infer<typeof AppointmentTypeSchema>;
export const AppointmentTypeListSchema = z.object({ timeZone: z.string(), types: z.array(AppointmentTypeSchema) });
export const StaffAppointmentTypeSchema = AppointmentTypeInputSchema.extend({ description: Localized(1000).nullable() }).strip();
export type StaffAppointmentType = z.infer<typeof StaffAppointmentTypeSchema>;
export const StaffAppointmentTypeListSchema = z.object({ types: z.array(StaffAppointmentTypeSchema) });

// ---- availability ----

/**
 * One recurring stretch of an agent's working time: an RFC 5545 recurrence rule over days
 * (`FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR`, `FREQ=WEEKLY;INTERVAL=2;BYDAY=SA`), from `start` to `end`
 * wall-clock time in the company's zone, from the date `validFrom` (and until `validUntil`).
 * Working time is also inside the company's business hours and outside its holidays.
 */
export const AvailabilityRuleSchema = z
  .strictObject({
    rrule: z
      .string()
      .trim()
      .max(500)
      .regex(/^(?:RRULE:)?FREQ=(?:DAILY|WEEKLY|MONTHLY|YEARLY)(?:;[A-Z]+=[A-Z0-9,+-]+)*$/, 'an RFC 5545 RRULE such as FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'),
    start: z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'a time such as 09:00'),
    end: z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time such as 17:30'),
    validFrom: z.iso.date(),
    validUntil: z.iso.date().nullable().default(null),
  })
  .refine((r) => r.start < r.end, { message: 'end must be after start', path: ['end'] })
  .refine((r) => !r.validUntil || r.validFrom <= r.validUntil, { message: 'validUntil must not be before validFrom', path: ['validUntil'] });
export type AvailabilityRule = z.output<typeof AvailabilityRuleSchema>;

export const AbsenceInputSchema = z
  .strictObject({ start: InstantSchema, end: InstantSchema, reason: plain(200).optional() })
  .refine((a) => Date.parse(a.start) < Date.parse(a.end), { message: 'end must be after start', path: ['end'] });
export const AbsenceSchema = z.object({ id: z.number().int(), agentId: z.number().int(), start: z.string(), end: z.string(), reason: z.string().nullable() });
export const AgentParamsSchema = z.object({ agentId: z.coerce.number().int().min(1).max(2_147_483_647) });
export const AbsenceParamsSchema = AgentParamsSchema.extend({ id: z.coerce.number().int().min(1).max(2_147_483_647) });
export const AgentAvailabilityInputSchema = z.strictObject({ rules: z.array(AvailabilityRuleSchema).max(50) });
export const AgentAvailabilitySchema = z.object({
  agentId: z.number().int(),
  name: z.string(),
  timeZone: z.string(),
  rules: z.array(AvailabilityRuleSchema),
  /** Absences that have not ended, soonest first. */
  absences: z.array(AbsenceSchema),
});

// ---- slots ----

export const SlotsQuerySchema = z
  .object({
    type: SlugSchema.max(64),
    from: DateOrInstant.optional(),
    to: DateOrInstant.optional(),
    locale: LocaleSchema.optional(),
    /** A fast-lane case of the signed-in customer's: its slots are the fast lane's (ignored without the customer's session). */
    case: CaseReference.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to || Date.parse(q.from) <= Date.parse(q.to), { message: 'from must not be after to', path: ['from'] });

export const SlotSchema = z.object({
  start: z.string(),
  end: z.string(),
  /** Staff only: every agent free at this time is held for the fast lane. */
  reserved: z.boolean().optional(),
});
export type Slot = z.infer<typeof SlotSchema>;
export const SlotListSchema = z.object({
  type: z.string(),
  timeZone: z.string(),
  /** The lane the caller books in: `fast` with a fast-lane session (an active subscription, or a fast-lane case of theirs named in `case`). */
  lane: LaneSchema,
  from: z.string(),
  to: z.string(),
  slots: z.array(SlotSchema),
});
export type SlotList = z.infer<typeof SlotListSchema>;

// ---- appointments ----

export const AppointmentCreateSchema = z.object({
  type: SlugSchema.max(64),
  start: InstantSchema,
  name: plain(APPOINTMENT_LIMITS.nameMax),
  email: z.email().max(APPOINTMENT_LIMITS.emailMax).transform((e) => e.toLowerCase()),
  locale: LocaleSchema,
  /** A case of the customer's this appointment is about (a fast-lane case books in the fast lane, with the customer's session). */
  case: CaseReference.optional(),
  /** A phone number, for phone appointments (any common format; stored in E.164). */
  phone: z.string().trim().min(3).max(40).optional(),
  notes: plain(APPOINTMENT_LIMITS.notesMax).optional(),
  /** Honeypot. */
  website: z.string().max(500).optional(),
});
export type AppointmentCreate = z.input<typeof AppointmentCreateSchema>;

export const AppointmentSchema = z.object({
  id: z.string(),
  type: z.string(),
  typeName: z.string(),
  mode: AppointmentModeSchema,
  start: z.string(),
  end: z.string(),
  timeZone: z.string(),
  status: AppointmentStatusSchema,
  lane: LaneSchema,
  name: z.string(),
  locale: LocaleSchema,
  /** The staff member's display name. */
  with: z.string(),
  case: z.string().nullable(),
  /** The page to see, cancel or reschedule it (also in every mail). */
  manageUrl: z.string(),
  /** The appointment as an iCalendar file. */
  icsUrl: z.string(),
});
export type Appointment = z.infer<typeof AppointmentSchema>;
export const AppointmentRescheduleSchema = z.strictObject({ start: InstantSchema });

/** A proposal to move a standard appointment, as its customer sees it from the mail's link. */
export const MoveProposalSchema = z.object({
  status: z.enum(['pending', 'accepted', 'refused', 'lapsed', 'withdrawn']),
  appointment: AppointmentSchema,
  /** The time proposed, then other free times; the customer accepts one or refuses. */
  options: z.array(z.object({ start: z.string(), end: z.string() })),
  expiresAt: z.string(),
});
export const MoveAnswerSchema = z.discriminatedUnion('answer', [z.strictObject({ answer: z.literal('accept'), start: InstantSchema }), z.strictObject({ answer: z.literal('refuse') })]);

// ---- staff: calendar, moves ----

export const StaffCalendarQuerySchema = z
  .object({ from: DateOrInstant, to: DateOrInstant, agent: z.coerce.number().int().min(1).optional(), type: SlugSchema.max(64).optional() })
  .refine((q) => q.from <= q.to || Date.parse(q.from) <= Date.parse(q.to), { message: 'from must not be after to', path: ['from'] });

export const StaffAppointmentSchema = AppointmentSchema.omit({ manageUrl: true, icsUrl: true }).extend({
  /** The type's name in each language (`typeName` is the customer's): the console shows its own language's. */
  typeNames: z.object({ es: z.string(), en: z.string() }),
  agentId: z.number().int(),
  email: z.string(),
  phone: z.string().nullable(),
  notes: z.string().nullable(),
  /** Booked in a slot held for the fast lane. */
  inReserve: z.boolean(),
  createdAt: z.string(),
  /** A move proposed and not answered yet. */
  pendingMove: z.object({ id: z.number().int(), start: z.string(), expiresAt: z.string() }).nullable(),
  moves: z.array(z.object({ from: z.string(), to: z.string(), at: z.string(), by: z.string(), reason: z.string() })),
});
export type StaffAppointment = z.infer<typeof StaffAppointmentSchema>;

/** One agent's capacity unit for one type: free, booked or taken by something else. */
export const CalendarUnitSchema = z.object({
  type: z.string(),
  agentId: z.number().int(),
  start: z.string(),
  end: z.string(),
  /** Neither booked nor taken by something else, and not yet past the type's booking notice (a past time is never free). */
  free: z.boolean(),
  /** Held for the fast lane (until its release). */
  reserved: z.boolean(),
  /** Was held for the fast lane and is now offered to everyone (less than `releaseHours` away). */
  released: z.boolean(),
});
export const StaffCalendarSchema = z.object({
  timeZone: z.string(),
  from: z.string(),
  to: z.string(),
  agents: z.array(z.object({ id: z.number().int(), name: z.string() })),
  units: z.array(CalendarUnitSchema),
  appointments: z.array(StaffAppointmentSchema),
  absences: z.array(AbsenceSchema),
});
export const StaffAppointmentParamsSchema = z.object({ id: z.string().uuid() });
export const StaffMoveProposalSchema = z.strictObject({
  start: InstantSchema,
  /** Why, shown to the customer. */
  reason: plain(500),
});
export const StaffMoveProposalCreatedSchema = z.object({ id: z.number().int(), appointment: StaffAppointmentSchema, options: z.array(z.object({ start: z.string(), end: z.string() })), expiresAt: z.string() });
export const StaffCancelSchema = z.strictObject({ reason: plain(500) });
export const CalendarFeedSchema = z.object({ url: z.string().nullable(), createdAt: z.string().nullable() });

// ---- callbacks ----

export const CALLBACK_OUTCOMES = ['reached', 'no_answer', 'voicemail', 'busy', 'wrong_number'] as const;
export const CallbackOutcomeSchema = z.enum(CALLBACK_OUTCOMES);
export const CallbackStatusSchema = z.enum(['waiting', 'done', 'failed', 'cancelled']);

export const CallbackCreateSchema = z
  .object({
    name: plain(APPOINTMENT_LIMITS.nameMax),
    email: z.email().max(APPOINTMENT_LIMITS.emailMax).transform((e) => e.toLowerCase()),
    /** Any common format; national numbers read in `country`. Stored in E.164. */
    phone: z.string().trim().min(3).max(40),
    /** ISO 3166 country for a national number (default: ES for Spanish, GB for English... the company's country). */
    country: z.string().regex(/^[A-Z]{2}$/).optional(),
    /** The window in which the customer can take the call. */
    windowStart: InstantSchema,
    windowEnd: InstantSchema,
    locale: LocaleSchema,
    case: CaseReference.optional(),
    notes: plain(APPOINTMENT_LIMITS.notesMax).optional(),
    website: z.string().max(500).optional(),
  })
  .refine((c) => Date.parse(c.windowStart) < Date.parse(c.windowEnd), { message: 'windowEnd must be after windowStart', path: ['windowEnd'] });
export type CallbackCreate = z.input<typeof CallbackCreateSchema>;
export const CallbackSchema = z.object({
  id: z.string(),
  status: CallbackStatusSchema,
  lane: LaneSchema,
  name: z.string(),
  /** E.164. */
  phone: z.string(),
  windowStart: z.string(),
  windowEnd: z.string(),
  /** By when the first call attempt is due (the lane's callback target). */
  dueAt: z.string(),
  createdAt: z.string(),
});
export const CallbackAttemptSchema = z.object({ at: z.string(), by: z.string(), outcome: CallbackOutcomeSchema, note: z.string().nullable() });
export const StaffCallbackSchema = CallbackSchema.extend({
  email: z.string(),
  locale: LocaleSchema,
  case: z.string().nullable(),
  notes: z.string().nullable(),
  /** The phone in its international format, for reading out. */
  phoneDisplay: z.string(),
  overdue: z.boolean(),
  attempts: z.array(CallbackAttemptSchema),
});
export const StaffCallbackQuerySchema = z.object({ status: CallbackStatusSchema.optional() });
export const StaffCallbackListSchema = z.object({
  /** The company's IANA time zone, in which the console shows the windows. */
  timeZone: z.string(),
  callbacks: z.array(StaffCallbackSchema),
});
export type StaffCallbackList = z.infer<typeof StaffCallbackListSchema>;
export const CallbackParamsSchema = z.object({ id: z.string().uuid() });
export const CallbackAttemptInputSchema = z.strictObject({ outcome: CallbackOutcomeSchema, note: plain(1000).optional() });

/** What a callback request may ask, and when one gives up. */
export const CALLBACK_LIMITS = {
  /** The shortest window a customer may give, in minutes. */
  minWindowMinutes: 15,
  /** How far ahead a window may end, in days. */
  maxDaysAhead: 30,
  /** A window may start this many minutes ago (the time spent filling in the form); it reads as "from now". */
  pastToleranceMinutes: 5,
  /** Unanswered attempts (no answer, voicemail, busy) after which the callback fails and the customer is mailed. */
  maxUnanswered: 3,
} as const;

/**
 * The default callback target per lane: business minutes (the company's hours) from when the
 * customer can first be called (the later of the request and the window's start) to the first
 * attempt. Never later than the window's end.
 */
export const CALLBACK_TARGETS: Readonly<Record<Lane, number>> = { fast: 60, standard: 480 };

/** Outcomes that leave the callback waiting for another attempt (until `CALLBACK_LIMITS.maxUnanswered`). */
export const UNANSWERED_OUTCOMES: readonly CallbackOutcome[] = ['no_answer', 'voicemail', 'busy'];
export type CallbackOutcome = z.infer<typeof CallbackOutcomeSchema>;
export type Callback = z.infer<typeof CallbackSchema>;
export type StaffCallback = z.infer<typeof StaffCallbackSchema>;
export type CallbackAttemptInput = z.input<typeof CallbackAttemptInputSchema>;
export type CallbackStatus = z.infer<typeof CallbackStatusSchema>;

/**
 * By when the first attempt is due: the lane's target in business minutes from the later of
 * `createdAt` and the window's start, no later than the window's end. Hours with no open time
 * at all count calendar minutes.
 */
export function callbackDueAt(createdAt: Date, lane: Lane, window: { start: Date; end: Date }, hours: BusinessHours, targets: Readonly<Record<Lane, number>> = CALLBACK_TARGETS): Date {
  const from = new Date(Math.max(createdAt.getTime(), window.start.getTime()));
  let due: Date;
  try {
    due = addBusinessMinutes(from, targets[lane], hours);
  } catch {
    due = new Date(from.getTime() + targets[lane] * MINUTE);
  }
  return new Date(Math.min(due.getTime(), window.end.getTime()));
}

/**
 * The instant a wall-clock reading (`YYYY-MM-DD`, `HH:MM`) in `timeZone` names, for forms that
 * ask for a day and times in the company's zone; null for a reading that is no date or time.
 * An hour skipped by a daylight-saving change reads as the moment the clocks jump.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) return null;
  const local = Date.parse(`${date}T${time}:00Z`);
  if (Number.isNaN(local) || new Date(local).toISOString().slice(0, 10) !== date) return null;
  return new Date(localToUtc(local, timeZone));
}

/**
 * What an attempt does to a waiting callback: `reached` ends it, a wrong number fails it, and
 * the `maxUnanswered`-th unanswered attempt (counting this one) fails it.
 */
export function callbackAfterAttempt(outcome: CallbackOutcome, unansweredBefore: number): 'waiting' | 'done' | 'failed' {
  if (outcome === 'reached') return 'done';
  if (outcome === 'wrong_number') return 'failed';
  return unansweredBefore + 1 >= CALLBACK_LIMITS.maxUnanswered ? 'failed' : 'waiting';
}

// ---- the allocation ----

/** A half-open span of instants, milliseconds since the epoch. */
export type TimeSpan = readonly [start: number, end: number];

export interface AllocationType {
  key: string;
  durationMinutes: number;
  bufferMinutes: number;
  minNoticeMinutes: number;
  maxDaysAhead: number;
  reserveShare: number;
  releaseHours: number;
}

export interface AllocationAgent {
  id: number;
  /**
   * When the agent can serve this type: availability within business hours, without holidays
   * and absences; sorted, disjoint. Must cover whole local days for the reserve to be stable.
   */
  open: readonly TimeSpan[];
  /** When the agent is taken: appointments of any type, each with its buffer after it. */
  busy: readonly TimeSpan[];
}

export interface Unit {
  agentId: number;
  start: number;
  end: number;
  /** The local day (days since 1970-01-01 in the company's zone). */
  day: number;
  free: boolean;
  /** Designated for the fast lane by the day's capacity (independent of bookings and of now). */
  designated: boolean;
  /** Designated, and still held at `now` (more than `releaseHours` before its start). */
  reserved: boolean;
}

/**
 * Every capacity unit of a type between the local days that hold `from` and `to`: one per agent
 * per `duration + buffer` step of its open spans, so an agent's units never overlap. In each
 * local day, ceil(share × units) units are designated for the fast lane, spread evenly over the
 * day's units in time order; which ones depends only on the calendar, so bookings and the clock
 * never move the reserve. A designated unit is `reserved` until `releaseHours` before it starts.
 */
export function allocate(type: AllocationType, agents: readonly AllocationAgent[], timeZone: string, now: number): Unit[] {
  const step = (type.durationMinutes + type.bufferMinutes) * MINUTE;
  const length = type.durationMinutes * MINUTE;
  const units: Unit[] = [];
  // The local day of a start, looked up once per instant (agents share start times; Intl is the cost).
  const days = new Map<number, number>();
  const dayOf = (t: number) => {
    let d = days.get(t);
    if (d === undefined) days.set(t, (d = localDayOfCached(t, timeZone)));
    return d;
  };
  for (const agent of agents) {
    let b = 0;
    for (const [a, z] of agent.open) {
      for (let t = a; t + length <= z; t += step) {
        const block = t + step;
        while (b < agent.busy.length && agent.busy[b]![1] <= t) b++;
        let free = true;
        for (let i = b; i < agent.busy.length && agent.busy[i]![0] < block; i++) {
          if (agent.busy[i]![1] > t) {
            free = false;
            break;
          }
        }
        units.push({ agentId: agent.id, start: t, end: t + length, day: dayOf(t), free, designated: false, reserved: false });
      }
    }
  }
  units.sort((x, y) => x.day - y.day || x.start - y.start || x.agentId - y.agentId);
  const release = type.releaseHours * 3_600_000;
  for (let i = 0; i < units.length; ) {
    let j = i;
    while (j < units.length && units[j]!.day === units[i]!.day) j++;
    const capacity = j - i;
    const held = reserveCount(capacity, type.reserveShare);
    for (let k = 0; k < held; k++) {
      const u = units[i + Math.floor(((k + 0.5) * capacity) / held)]!;
      u.designated = true;
      u.reserved = u.start - now > release;
    }
    i = j;
  }
  return units;
}

/** The units held for the fast lane in a day of `capacity` units: never below the share. */
export function reserveCount(capacity: number, share: number): number {
  if (capacity <= 0 || share <= 0) return 0;
  // Rounded to 1e-9 first so 0.1 × 30 is 3, not 4.
  return Math.min(capacity, Math.ceil(Math.round(capacity * share * 1e9) / 1e9));
}

/** Whether a unit can be booked now in a lane: free, within notice and horizon, and for the standard lane not held for the fast lane. */
export function bookable(unit: Unit, type: AllocationType, lane: 'standard' | 'fast', now: number): boolean {
  if (!unit.free) return false;
  if (unit.start < now + type.minNoticeMinutes * MINUTE) return false;
  if (unit.start >= now + type.maxDaysAhead * 86_400_000) return false;
  return lane === 'fast' || !unit.reserved;
}

/**
 * The slots a lane sees between `from` and `to` (starts in [from, to)): one per start time with
 * at least one bookable unit. `reserved` tells staff that every bookable unit at that time is held.
 */
export function slotsOf(units: readonly Unit[], type: AllocationType, lane: 'standard' | 'fast', now: number, from: number, to: number): Array<{ start: number; end: number; reserved: boolean }> {
  const byStart = new Map<number, { start: number; end: number; reserved: boolean }>();
  for (const u of units) {
    if (u.start < from || u.start >= to || !bookable(u, type, lane, now)) continue;
    const s = byStart.get(u.start);
    if (!s) byStart.set(u.start, { start: u.start, end: u.end, reserved: u.reserved });
    else s.reserved &&= u.reserved;
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

/**
 * The unit a booking at `start` takes, or null when none is bookable in that lane. The fast lane
 * takes an unreserved unit when there is one, so the reserve stays for the next paying customer;
 * among equals, the agent with the fewest bookings that day, then the lowest id.
 */
export function pickUnit(units: readonly Unit[], type: AllocationType, lane: 'standard' | 'fast', now: number, start: number, load: ReadonlyMap<string, number> = new Map()): Unit | null {
  let best: Unit | null = null;
  const rank = (u: Unit) => [u.reserved ? 1 : 0, load.get(`${u.agentId}:${u.day}`) ?? 0, u.agentId] as const;
  for (const u of units) {
    if (u.start !== start || !bookable(u, type, lane, now)) continue;
    if (!best) {
      best = u;
      continue;
    }
    const a = rank(u);
    const b = rank(best);
    if (a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] < b[2])))) best = u;
  }
  return best;
}
