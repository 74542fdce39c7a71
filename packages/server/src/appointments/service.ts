// Appointments: types, slots with a share of each day held for the fast lane, bookings that the
// database keeps from overlapping (in every process), the customer's own changes through the
// mail's private link, and moves proposed by staff that happen only with the customer's consent.
// Instants are UTC; the calendar's rules apply in the company's zone (the business hours').
import { randomUUID } from 'node:crypto';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import {
  API_PREFIX,
  APPOINTMENT_LIMITS,
  PROBLEM_TYPES,
  allocate,
  dayOfKey,
  localDayOf,
  localDayOfCached,
  pickUnit,
  slotsOf,
  type AgentAvailabilityInputSchema,
  type AllocationAgent,
  type AllocationType,
  type Appointment,
  type AppointmentCreateSchema,
  type AppointmentTypeInputSchema,
  type AbsenceInputSchema,
  type BusinessHours,
  type Lane,
  type Locale,
  type MoveAnswerSchema,
  type MoveProposalSchema,
  type SlotList,
  type StaffAppointment,
  type StaffAppointmentType,
  type StaffCalendarSchema,
  type StaffMoveProposalCreatedSchema,
  type TimeSpan,
  type Unit,
} from '@ayuda/core';
import type { z } from 'zod';
import type { Database, Tx } from '../db/client.js';
import type { Clock } from '../clock.js';
import { AppError, notFound, validationError } from '../http/problem.js';
import { hashRequest, once, storedAnswer } from '../http/idempotency.js';
import { forbidden } from '../staff/roles.js';
import type { StaffActor } from '../staff/actor.js';
import { businessSpans, localDaysRange, merge, openSpans, ruleProblem, subtract } from './availability.js';
import { appointmentIdOf, manageToken, proposalToken, tokenHash } from './tokens.js';
import type { AppointmentNotifier, AppointmentRecord, MoveProposalRecord } from './ports.js';
import * as store from './store.js';

const DAY = 86_400_000;
const MINUTE = 60_000;

export interface AppointmentDeps {
  db: Database;
  clock: Clock;
  /** The company's business hours (the SLA's), read at each use: their zone is the calendar's, their holidays close it. */
  hours: () => BusinessHours;
  /** AYUDA_SECRET: signs the manage links. */
  secret: string;
  /** The server's public URL, for the links in answers. */
  publicUrl: string;
  /** Mail to customers, written in the transaction of each change. */
  notifier: AppointmentNotifier;
  /** Whether a customer holds an active fast-lane subscription (the fast lane's store). */
  subscribed: (customerId: number) => Promise<boolean>;
  /** Called after a change whose transaction queued mail. */
  onMailQueued?: () => void;
}

/** The signed-in customer of a request, when there is one. */
export interface SessionCustomer {
  id: number;
  email: string;
}

export type BookInput = z.output<typeof AppointmentCreateSchema>;
type MoveProposal = z.output<typeof MoveProposalSchema>;
type StaffCalendar = z.output<typeof StaffCalendarSchema>;
type ProposalCreated = z.output<typeof StaffMoveProposalCreatedSchema>;
type AgentAvailability = { agentId: number; name: string; timeZone: string; rules: Array<{ rrule: string; start: string; end: string; validFrom: string; validUntil: string | null }>; absences: Array<{ id: number; agentId: number; start: string; end: string; reason: string | null }> };

/** A booking that lost its unit to another request between reading and writing (the constraint said so). */
class SlotTaken extends Error {}

const allocation = (t: store.TypeRow): AllocationType => ({
  key: t.key,
  durationMinutes: t.durationMinutes,
  bufferMinutes: t.bufferMinutes,
  minNoticeMinutes: t.minNoticeMinutes,
  maxDaysAhead: t.maxDaysAhead,
  reserveShare: t.reserveShare,
  releaseHours: t.releaseHours,
});

/** The country a national phone number is read in, by the customer's language (the company is Spanish by default). */
const PHONE_COUNTRY: Record<Locale, CountryCode> = { es: 'ES', en: 'GB' };

const slotTaken = (slots: Array<{ start: string; end: string }>, detail = 'That time is no longer free. Choose one of the free times in `slots`.') =>
  new AppError(409, PROBLEM_TYPES.conflict, 'Slot not available', detail, undefined, undefined, { slots });

const pastAppointment = () => new AppError(409, PROBLEM_TYPES.conflict, 'Appointment past', 'This appointment has already started; it can no longer be changed.');

const typeUnknown = () => validationError([{ field: 'body.type', message: 'no appointment type has this key' }], 422);

interface Computed {
  units: Unit[];
  /** Booked appointments per `agentId:localDay`, for spreading bookings over agents. */
  load: Map<string, number>;
}

export class AppointmentService {
  constructor(private readonly deps: AppointmentDeps) {}

  get timeZone(): string {
    return this.deps.hours().timeZone;
  }

  // ---- the calendar's arithmetic ----

  /**
   * Every unit of `type` over local days `first`..`last` (whole days, so the reserve is that of
   * the day), from the agents' rules, the business hours, absences and what is booked; the
   * appointment `except` is left out of what is booked (the one being moved).
   */
  async #compute(q: Database['db'] | Tx, type: store.TypeRow, agentIds: readonly number[], first: number, last: number, now: number, except?: string): Promise<Computed> {
    const hours = this.deps.hours();
    const tz = hours.timeZone;
    if (agentIds.length === 0 || first > last) return { units: [], load: new Map() };
    const [from, to] = localDaysRange(first, last, tz);
    const { rules, absences, busy } = await store.calendarInputsOf(q, agentIds, new Date(from), new Date(to), except);
    const business = businessSpans(hours, first, last);
    const load = new Map<string, number>();
    const dayOf = new Map<number, number>();
    // Agents often share their rules (a team's hours): each set of rules is expanded once.
    const working = new Map<string, TimeSpan[]>();
    const workingOf = (mine: readonly store.RuleInput[]) => {
      const key = JSON.stringify(mine.map((r) => [r.rrule, r.startTime, r.endTime, r.validFrom, r.validUntil]));
      let spans = working.get(key);
      if (!spans) working.set(key, (spans = openSpans(mine, business, [], first, last, tz)));
      return spans;
    };
    const agents: AllocationAgent[] = agentIds.map((id) => {
      const mine = busy.get(id) ?? [];
      for (const [t] of mine) {
        let day = dayOf.get(t);
        if (day === undefined) dayOf.set(t, (day = localDayOfCached(t, tz)));
        const k = `${id}:${day}`;
        load.set(k, (load.get(k) ?? 0) + 1);
      }
      const away = absences.get(id);
      const open = workingOf(rules.get(id) ?? []);
      return { id, open: away ? subtract(open, merge(away)) : open, busy: mine };
    });
    return { units: allocate(allocation(type), agents, tz, now), load };
  }

  /** The local days a query covers: from `from` to `to` (dates in the company's zone, or instants), at most 62 days. */
  #period(fromIn: string | undefined, toIn: string | undefined, now: number, where: 'query'): { from: number; to: number } {
    const tz = this.timeZone;
    const at = (v: string, end: boolean) => {
      if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
        const day = dayOfKey(v) + (end ? 1 : 0);
        return localDaysRange(day, day, tz)[0];
      }
      return Date.parse(v);
    };
    const from = fromIn ? at(fromIn, false) : now;
    const to = toIn ? at(toIn, true) : (fromIn ? from : now) + 14 * DAY;
    if (to - from > APPOINTMENT_LIMITS.maxQueryDays * DAY) throw validationError([{ field: `${where}.to`, message: `at most ${APPOINTMENT_LIMITS.maxQueryDays} days after from` }], 422);
    if (to < from) throw validationError([{ field: `${where}.from`, message: 'from must not be after to' }], 422);
    return { from, to };
  }

  /** An active type and its agents, or null. */
  async #activeTypeWithAgents(key: string): Promise<{ type: store.TypeRow; agentIds: number[] } | null> {
    const found = await store.typeWithAgents(this.deps.db.db, key);
    return found && found.type.active ? found : null;
  }

  async #activeType(key: string): Promise<store.TypeRow | null> {
    const t = await store.typeByKey(this.deps.db.db, key);
    return t && t.active ? t : null;
  }

  async #agentsOf(key: string): Promise<number[]> {
    return (await store.agentsOfTypes(this.deps.db.db, [key])).get(key) ?? [];
  }

  /** The free slots of local day `day` of a type for a lane (what a 409 offers instead). */
  async #freeSlotsOfDay(type: store.TypeRow, lane: Lane, day: number, except?: string): Promise<Array<{ start: string; end: string }>> {
    const now = this.deps.clock.now().getTime();
    const agentIds = await this.#agentsOf(type.key);
    const { units } = await this.#compute(this.deps.db.db, type, agentIds, day, day, now, except);
    return slotsOf(units, allocation(type), lane, now, -Infinity, Infinity).map((s) => ({ start: new Date(s.start).toISOString(), end: new Date(s.end).toISOString() }));
  }

  // ---- customers ----

  /**
   * The lane a customer books in: `fast` with an active subscription, or when `caseRef` names an
   * open fast-lane case of theirs; `standard` otherwise and always without a session.
   */
  async laneOf(customer: SessionCustomer | null, caseRef?: string): Promise<Lane> {
    if (!customer) return 'standard';
    if (await this.deps.subscribed(customer.id)) return 'fast';
    if (caseRef) {
      const kase = await store.caseByReference(this.deps.db.db, caseRef);
      if (kase && kase.customerId === customer.id && kase.lane === 'fast' && kase.status !== 'closed') return 'fast';
    }
    return 'standard';
  }

  /** The active types, in the customer's language, with the calendar's zone. */
  async types(locale: Locale): Promise<{ timeZone: string; types: Array<{ key: string; name: string; description: string | null; mode: 'phone' | 'video' | 'in_person'; durationMinutes: number; minNoticeMinutes: number; maxDaysAhead: number }> }> {
    const rows = (await store.allTypes(this.deps.db.db)).filter((t) => t.active);
    return {
      timeZone: this.timeZone,
      types: rows.map((t) => ({ key: t.key, name: t.name[locale], description: t.description?.[locale] ?? null, mode: t.mode as 'phone', durationMinutes: t.durationMinutes, minNoticeMinutes: t.minNoticeMinutes, maxDaysAhead: t.maxDaysAhead })),
    };
  }

  /**
   * The free slots of a type from `from` to `to` (default the next 14 days; at most 62) for a
   * lane; `staff` sees every free slot, each with `reserved`. 404 for an unknown or inactive type.
   */
  async slots(q: { type: string; from?: string | undefined; to?: string | undefined }, who: { lane: Lane } | { staff: true }): Promise<SlotList> {
    const found = await this.#activeTypeWithAgents(q.type);
    if (!found) throw notFound('No appointment type has this key; see /api/v1/appointments/types.');
    const { type, agentIds } = found;
    const nowMs = this.deps.clock.now().getTime();
    const { from, to } = this.#period(q.from, q.to, nowMs, 'query');
    const tz = this.timeZone;
    // Days before today or past the horizon have nothing to book; the days computed stay whole.
    const first = localDayOf(Math.max(from, nowMs), tz);
    const last = localDayOf(Math.min(to - 1, nowMs + type.maxDaysAhead * DAY), tz);
    const { units } = await this.#compute(this.deps.db.db, type, agentIds, first, last, nowMs);
    const staff = 'staff' in who;
    const lane: Lane = staff ? 'fast' : who.lane;
    const slots = slotsOf(units, allocation(type), lane, nowMs, from, to).map((s) => ({ start: new Date(s.start).toISOString(), end: new Date(s.end).toISOString(), ...(staff ? { reserved: s.reserved } : {}) }));
    return { type: type.key, timeZone: tz, lane, from: new Date(from).toISOString(), to: new Date(to).toISOString(), slots };
  }

  /** 422 naming the field when `start` cannot be booked in a type whatever is free: past, too soon, too far. */
  #checkStart(type: store.TypeRow, start: number, now: number, field: string): void {
    let message: string | null = null;
    if (start <= now) message = 'must be in the future';
    else if (start < now + type.minNoticeMinutes * MINUTE) message = `must be at least ${type.minNoticeMinutes} minutes from now`;
    else if (start >= now + type.maxDaysAhead * DAY) message = `must be less than ${type.maxDaysAhead} days ahead`;
    if (message) throw validationError([{ field, message }], 422);
  }

  /**
   * Books a slot in the lane of the customer's session (never the request's), once per
   * Idempotency-Key: a retry answers the first booking. The agent's unit is chosen with
   * `pickUnit`; the database's exclusion constraint decides between requests racing for it,
   * and the losers get 409 with the day's free `slots`. 422 for a start in the past, too soon,
   * too far ahead or not on the type's grid, an unknown type, a bad phone or a case not theirs.
   */
  book(input: BookInput, opts: { idempotencyKey: string; customer: SessionCustomer | null }): Promise<{ status: number; body: Appointment; replayed: boolean }> {
    return this.#book(input, opts, null);
  }

  async #book(input: BookInput, opts: { idempotencyKey: string; customer: SessionCustomer | null }, givenLane: Lane | null): Promise<{ status: number; body: Appointment; replayed: boolean }> {
    // The request as sent (not the lane or anything else that may change between tries): a retry
    // of a booking that succeeded gets its answer first, before checks that time has made fail
    // (the notice, a subscription that lapsed since).
    const requestHash = hashRequest(JSON.stringify([input.type, Date.parse(input.start), input.name, input.email, input.locale, input.case ?? null, input.phone ?? null, input.notes ?? null, givenLane, opts.customer?.id ?? null]));
    const stored = await storedAnswer<Appointment>(this.deps.db.db, 'appointments:create', opts.idempotencyKey, requestHash);
    if (stored) return stored;
    const type = await this.#activeType(input.type);
    if (!type) throw typeUnknown();
    const now = this.deps.clock.now();
    const nowMs = now.getTime();
    const errors: Array<{ field: string; message: string }> = [];
    let phone: string | null = null;
    if (input.phone !== undefined) {
      const p = parsePhoneNumberFromString(input.phone, PHONE_COUNTRY[input.locale]);
      if (!p || !p.isValid()) errors.push({ field: 'body.phone', message: 'not a valid phone number; write it with its country code, e.g. +34 600 123 456' });
      else phone = p.number;
    } else if (type.mode === 'phone') errors.push({ field: 'body.phone', message: 'required for a phone appointment' });
    let caseId: number | null = null;
    if (input.case) {
      const kase = await store.caseByReference(this.deps.db.db, input.case);
      const owner = kase ? await store.customerEmail(this.deps.db.db, kase.customerId) : null;
      const theirs = kase && (opts.customer ? kase.customerId === opts.customer.id : owner === input.email);
      if (!theirs) errors.push({ field: 'body.case', message: 'no request of yours has this reference' });
      else caseId = kase!.id;
    }
    if (errors.length) throw validationError(errors, 422);
    const start = Date.parse(input.start);
    this.#checkStart(type, start, nowMs, 'body.start');
    const lane = givenLane ?? (await this.laneOf(opts.customer, input.case));
    const day = localDayOf(start, this.timeZone);
    try {
      const answer = await once<Appointment>(this.deps.db, 'appointments:create', opts.idempotencyKey, requestHash, now, async (tx) => {
        const agentIds = (await store.agentsOfTypes(tx, [type.key])).get(type.key) ?? [];
        const { units, load } = await this.#compute(tx, type, agentIds, day, day, nowMs);
        if (!units.some((u) => u.start === start)) throw validationError([{ field: 'body.start', message: 'is not a start time of this appointment type (outside its hours, or between its slots); choose one of /appointments/slots' }], 422);
        const unit = pickUnit(units, allocation(type), lane, nowMs, start, load);
        // Taken, or held for the fast lane: the same answer either way, so it tells nothing of who holds it.
        if (!unit) throw new SlotTaken();
        const id = randomUUID();
        const token = manageToken(this.deps.secret, id);
        let row: store.AppointmentRow;
        try {
          row = await store.insertAppointment(tx, {
            id,
            typeKey: type.key,
            staffUserId: unit.agentId,
            startsAt: new Date(unit.start),
            endsAt: new Date(unit.end),
            blockedUntil: new Date(unit.end + type.bufferMinutes * MINUTE),
            status: 'booked',
            lane,
            inReserve: unit.reserved,
            name: input.name,
            email: input.email,
            locale: input.locale,
            phone,
            notes: input.notes ?? null,
            customerId: opts.customer?.id ?? null,
            caseId,
            manageTokenHash: tokenHash(token),
            sequence: 0,
            createdAt: now,
            updatedAt: now,
          });
        } catch (err) {
          if (store.isOverlap(err)) throw new SlotTaken();
          throw err;
        }
        const record = await this.#record(tx, row, type);
        await this.deps.notifier.booked(tx, record, token);
        return { status: 201, body: this.#view(record, token) };
      });
      if (!answer.replayed) this.deps.onMailQueued?.();
      return answer;
    } catch (err) {
      if (err instanceof SlotTaken || store.isOverlap(err)) throw slotTaken(await this.#freeSlotsOfDay(type, lane, day));
      throw err;
    }
  }

  async #record(q: Database['db'] | Tx, row: store.AppointmentRow, typeRow?: store.TypeRow): Promise<AppointmentRecord> {
    const type = typeRow ?? (await store.typeByKey(q, row.typeKey))!;
    const staff = await store.staffByIds(q, [row.staffUserId]);
    const refs = row.caseId ? await store.caseReferences(q, [row.caseId]) : new Map<number, string>();
    return {
      id: row.id,
      typeKey: type.key,
      typeName: type.name,
      mode: type.mode as AppointmentRecord['mode'],
      staffUserId: row.staffUserId,
      staffName: staff.get(row.staffUserId)?.name ?? '',
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      status: row.status as AppointmentRecord['status'],
      lane: row.lane as Lane,
      inReserve: row.inReserve,
      name: row.name,
      email: row.email,
      locale: row.locale as Locale,
      phone: row.phone,
      notes: row.notes,
      caseReference: row.caseId ? (refs.get(row.caseId) ?? null) : null,
      sequence: row.sequence,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  /** The private links of an appointment, from its manage token: the portal's page and the .ics file. */
  links(token: string): { manageUrl: string; icsUrl: string } {
    return { manageUrl: `${this.deps.publicUrl}/portal/appointments/manage/${token}`, icsUrl: `${this.deps.publicUrl}${API_PREFIX}/appointments/manage/${token}/ics` };
  }

  #view(r: AppointmentRecord, token: string): Appointment {
    return {
      id: r.id,
      type: r.typeKey,
      typeName: r.typeName[r.locale],
      mode: r.mode,
      start: r.startsAt.toISOString(),
      end: r.endsAt.toISOString(),
      timeZone: this.timeZone,
      status: r.status,
      lane: r.lane,
      name: r.name,
      locale: r.locale,
      with: r.staffName,
      case: r.caseReference,
      ...this.links(token),
    };
  }

  /** The appointment of a manage token; 404 for a malformed or forged one. */
  async #byToken(q: Database['db'] | Tx, token: string, lock = false): Promise<store.AppointmentRow> {
    const id = appointmentIdOf(this.deps.secret, token);
    const row = id ? await store.appointmentById(q, id, lock) : null;
    if (!row || row.manageTokenHash !== tokenHash(token)) throw notFound('This appointment link is not valid. Use the link of your latest mail about it.');
    return row;
  }

  /** An appointment as its mails' private link shows it (404 for a forged link). */
  async manage(token: string): Promise<Appointment> {
    const row = await this.#byToken(this.deps.db.db, token);
    return this.#view(await this.#record(this.deps.db.db, row), token);
  }

  /** The appointment of a private link as mail, pages and the .ics file need it (404 for a forged link). */
  async recordOfToken(token: string): Promise<AppointmentRecord> {
    return this.#record(this.deps.db.db, await this.#byToken(this.deps.db.db, token));
  }

  /** The customer cancels; a cancelled appointment is answered unchanged. */
  async cancel(token: string): Promise<Appointment> {
    let mailed = false;
    const view = await this.deps.db.db.transaction(async (tx) => {
      const row = await this.#byToken(tx, token, true);
      if (row.status === 'cancelled') return this.#view(await this.#record(tx, row), token);
      const now = this.deps.clock.now();
      if (row.startsAt <= now) throw pastAppointment();
      const next = await store.updateAppointment(tx, row.id, { status: 'cancelled', cancelledAt: now, cancelledBy: 'customer', cancelReason: null, sequence: row.sequence + 1, updatedAt: now });
      await store.withdrawProposals(tx, row.id, now);
      const record = await this.#record(tx, next);
      await this.deps.notifier.cancelled(tx, record, 'customer', null);
      mailed = true;
      return this.#view(record, token);
    });
    if (mailed) this.deps.onMailQueued?.();
    return view;
  }

  /**
   * Moves an appointment to `start` for its agent or another of its type, in the lane it was
   * booked in: 409 with the day's free `slots` when taken; 409 for a cancelled one.
   */
  async #move(tx: Tx, row: store.AppointmentRow, start: number, by: { by: string; reason: string; proposalId: number | null }): Promise<{ before: store.AppointmentRow; after: store.AppointmentRow } | 'taken'> {
    const type = (await store.typeByKey(tx, row.typeKey))!;
    const nowMs = this.deps.clock.now().getTime();
    const day = localDayOf(start, this.timeZone);
    const agentIds = (await store.agentsOfTypes(tx, [type.key])).get(type.key) ?? [];
    const { units, load } = await this.#compute(tx, type, agentIds, day, day, nowMs, row.id);
    if (!units.some((u) => u.start === start)) throw validationError([{ field: 'body.start', message: 'is not a start time of this appointment type (outside its hours, or between its slots)' }], 422);
    // Its own agent first when free: a move keeps the person the customer was to see.
    const unit = pickUnit(units.filter((u) => u.agentId === row.staffUserId), allocation(type), row.lane as Lane, nowMs, start, load) ?? pickUnit(units, allocation(type), row.lane as Lane, nowMs, start, load);
    if (!unit) return 'taken';
    const now = this.deps.clock.now();
    let after: store.AppointmentRow;
    try {
      after = await store.updateAppointment(tx, row.id, {
        staffUserId: unit.agentId,
        startsAt: new Date(unit.start),
        endsAt: new Date(unit.end),
        blockedUntil: new Date(unit.end + type.bufferMinutes * MINUTE),
        inReserve: unit.reserved,
        sequence: row.sequence + 1,
        reminderSentAt: null,
        updatedAt: now,
      });
    } catch (err) {
      if (store.isOverlap(err)) throw new SlotTaken();
      throw err;
    }
    await store.insertMove(tx, { appointmentId: row.id, fromStart: row.startsAt, toStart: after.startsAt, fromStaffUserId: row.staffUserId, toStaffUserId: after.staffUserId, by: by.by, reason: by.reason, proposalId: by.proposalId, at: now });
    return { before: row, after };
  }

  /** The customer moves their appointment to another free slot of its type in its lane (409 with fresh `slots` when taken). */
  async reschedule(token: string, startIn: string): Promise<Appointment> {
    const start = Date.parse(startIn);
    const probe = await this.#byToken(this.deps.db.db, token);
    const type = (await store.typeByKey(this.deps.db.db, probe.typeKey))!;
    try {
      const view = await this.deps.db.db.transaction(async (tx) => {
        const row = await this.#byToken(tx, token, true);
        if (row.status === 'cancelled') throw new AppError(409, PROBLEM_TYPES.conflict, 'Appointment cancelled', 'This appointment is cancelled; book a new one.');
        if (row.startsAt.getTime() <= this.deps.clock.now().getTime()) throw pastAppointment();
        if (row.startsAt.getTime() === start) return this.#view(await this.#record(tx, row, type), token);
        this.#checkStart(type, start, this.deps.clock.now().getTime(), 'body.start');
        const moved = await this.#move(tx, row, start, { by: 'customer', reason: '', proposalId: null });
        if (moved === 'taken') throw new SlotTaken();
        // A move staff proposed no longer applies to a time the customer chose themself.
        await store.withdrawProposals(tx, row.id, this.deps.clock.now());
        const record = await this.#record(tx, moved.after, type);
        await this.deps.notifier.moved(tx, record, { startsAt: moved.before.startsAt, endsAt: moved.before.endsAt }, token);
        return this.#view(record, token);
      });
      this.deps.onMailQueued?.();
      return view;
    } catch (err) {
      if (err instanceof SlotTaken || store.isOverlap(err)) throw slotTaken(await this.#freeSlotsOfDay(type, probe.lane as Lane, localDayOf(start, this.timeZone), probe.id));
      throw err;
    }
  }

  // ---- move proposals ----

  async #proposalRecord(q: Database['db'] | Tx, p: store.ProposalRow, appointment?: AppointmentRecord): Promise<MoveProposalRecord> {
    const a = appointment ?? (await this.#record(q, (await store.appointmentById(q, p.appointmentId))!));
    return {
      id: p.id,
      appointment: a,
      status: p.status as MoveProposalRecord['status'],
      proposedStart: p.proposedStart,
      options: p.options.map((o) => new Date(o)),
      reason: p.reason,
      proposedByName: p.proposedByName,
      expiresAt: p.expiresAt,
    };
  }

  #proposalView(p: MoveProposalRecord, durationMs: number): MoveProposal {
    return {
      status: p.status,
      appointment: this.#view(p.appointment, manageToken(this.deps.secret, p.appointment.id)),
      options: p.options.map((o) => ({ start: o.toISOString(), end: new Date(o.getTime() + durationMs).toISOString() })),
      expiresAt: p.expiresAt.toISOString(),
    };
  }

  /**
   * Staff propose to move a booked appointment to `start` (a free unit of its type, in its
   * lane): its customer is mailed that time and up to `proposalAlternatives` other free times
   * nearby; nothing moves until they accept. 409 when one is pending, the appointment is
   * cancelled or past, or the time is not free.
   */
  async propose(actor: StaffActor, id: string, input: { start: string; reason: string }): Promise<ProposalCreated> {
    const start = Date.parse(input.start);
    const now = this.deps.clock.now();
    const nowMs = now.getTime();
    const tz = this.timeZone;
    let created: { p: store.ProposalRow; record: AppointmentRecord; token: string } | null = null;
    try {
      created = await this.deps.db.db.transaction(async (tx) => {
        const row = await store.appointmentById(tx, id, true);
        if (!row) throw notFound(`No appointment ${id}.`);
        if (row.status !== 'booked') throw new AppError(409, PROBLEM_TYPES.conflict, 'Appointment cancelled', 'A cancelled appointment cannot be moved.');
        if (row.startsAt.getTime() <= nowMs) throw pastAppointment();
        if ((await store.pendingProposals(tx, [id])).length) throw new AppError(409, PROBLEM_TYPES.conflict, 'Proposal pending', 'A move of this appointment is waiting for its customer’s answer.');
        const type = (await store.typeByKey(tx, row.typeKey))!;
        this.#checkStart(type, start, nowMs, 'body.start');
        if (start === row.startsAt.getTime()) throw validationError([{ field: 'body.start', message: 'is the appointment’s current time' }], 422);
        const day = localDayOf(start, tz);
        const agentIds = (await store.agentsOfTypes(tx, [type.key])).get(type.key) ?? [];
        const { units } = await this.#compute(tx, type, agentIds, day - 3, day + 3, nowMs, row.id);
        if (!units.some((u) => u.start === start)) throw validationError([{ field: 'body.start', message: 'is not a start time of this appointment type (outside its hours, or between its slots)' }], 422);
        const free = slotsOf(units, allocation(type), row.lane as Lane, nowMs, -Infinity, Infinity).map((s) => s.start);
        if (!free.includes(start)) throw new AppError(409, PROBLEM_TYPES.conflict, 'Time not free', 'That time is not free for this appointment; choose another.');
        const others = free
          .filter((s) => s !== start && s !== row.startsAt.getTime())
          .sort((a, b) => Math.abs(a - start) - Math.abs(b - start) || a - b)
          .slice(0, APPOINTMENT_LIMITS.proposalAlternatives)
          .sort((a, b) => a - b);
        const token = proposalToken();
        const p = await store.insertProposal(tx, {
          appointmentId: id,
          status: 'pending',
          proposedStart: new Date(start),
          options: [start, ...others].map((s) => new Date(s).toISOString()),
          reason: input.reason,
          tokenHash: tokenHash(token),
          proposedBy: actor.kind === 'user' ? actor.id : null,
          proposedByName: actor.name,
          // Never past the appointment's own start: a proposal cannot move what has happened.
          expiresAt: new Date(Math.min(nowMs + APPOINTMENT_LIMITS.proposalDays * DAY, row.startsAt.getTime())),
          createdAt: now,
        });
        const record = await this.#record(tx, row, type);
        await this.deps.notifier.proposed(tx, await this.#proposalRecord(tx, p, record), token);
        return { p, record, token };
      });
    } catch (err) {
      // Two proposals racing for one appointment: the unique index lets one through.
      if ((err as { code?: string; cause?: { code?: string } })?.code === '23505' || (err as { cause?: { code?: string } })?.cause?.code === '23505') {
        throw new AppError(409, PROBLEM_TYPES.conflict, 'Proposal pending', 'A move of this appointment is waiting for its customer’s answer.');
      }
      throw err;
    }
    this.deps.onMailQueued?.();
    const duration = created.record.endsAt.getTime() - created.record.startsAt.getTime();
    return {
      id: created.p.id,
      appointment: await this.staffAppointment(id),
      options: created.p.options.map((o) => ({ start: o, end: new Date(Date.parse(o) + duration).toISOString() })),
      expiresAt: created.p.expiresAt.toISOString(),
    };
  }

  /** Marks a pending proposal past its time as lapsed; answers whether it is lapsed now. */
  async #lapse(p: store.ProposalRow): Promise<boolean> {
    if (p.status !== 'pending' || p.expiresAt.getTime() > this.deps.clock.now().getTime()) return p.status === 'lapsed';
    await this.deps.db.db.transaction((tx) => store.closeProposal(tx, p.id, 'lapsed', this.deps.clock.now()));
    return true;
  }

  async #proposalOfToken(token: string): Promise<store.ProposalRow> {
    const p = await store.proposalByTokenHash(this.deps.db.db, tokenHash(token));
    if (!p) throw notFound('This link is not valid. Use the link of your latest mail about it.');
    return p;
  }

  /** A move proposal through its mail's link (404 for a forged one); one past its time shows as lapsed. */
  async proposal(token: string): Promise<MoveProposal> {
    let p = await this.#proposalOfToken(token);
    if (await this.#lapse(p)) p = (await store.proposalByTokenHash(this.deps.db.db, p.tokenHash))!;
    const rec = await this.#proposalRecord(this.deps.db.db, p);
    return this.#proposalView(rec, rec.appointment.endsAt.getTime() - rec.appointment.startsAt.getTime());
  }

  /**
   * The customer's answer: accept one of the offered starts (the appointment moves, in one
   * transaction, still guarded by the constraint: 409 with the options still free when it was
   * taken) or refuse (nothing moves). One answer per proposal: 409 after; 410 once lapsed.
   */
  async answer(token: string, answer: z.output<typeof MoveAnswerSchema>): Promise<MoveProposal> {
    const first = await this.#proposalOfToken(token);
    if (await this.#lapse(first)) throw new AppError(410, PROBLEM_TYPES.expired, 'Proposal lapsed', `This proposal waited ${APPOINTMENT_LIMITS.proposalDays} days for an answer; your appointment stays as it was.`);
    if (first.status !== 'pending') throw new AppError(409, PROBLEM_TYPES.conflict, 'Already answered', 'This proposal has already been answered (or withdrawn); your appointment is as your latest mail says.');
    const start = answer.answer === 'accept' ? Date.parse(answer.start) : null;
    if (start !== null && !first.options.some((o) => Date.parse(o) === start)) throw validationError([{ field: 'body.start', message: 'is not one of the times offered' }], 422);
    let mailed = false;
    try {
      await this.deps.db.db.transaction(async (tx) => {
        // The appointment first, then the proposal: the order cancel and reschedule lock them in.
        const row = (await store.appointmentById(tx, first.appointmentId, true))!;
        const p = (await store.proposalByTokenHash(tx, first.tokenHash, true))!;
        if (p.status !== 'pending') throw new AppError(409, PROBLEM_TYPES.conflict, 'Already answered', 'This proposal has already been answered (or withdrawn); your appointment is as your latest mail says.');
        const now = this.deps.clock.now();
        if (start === null) {
          await store.closeProposal(tx, p.id, 'refused', now);
          return;
        }
        if (row.startsAt <= now) throw pastAppointment();
        const moved = await this.#move(tx, row, start, { by: p.proposedByName, reason: p.reason, proposalId: p.id });
        if (moved === 'taken') throw new SlotTaken();
        await store.closeProposal(tx, p.id, 'accepted', now, moved.after.startsAt);
        const record = await this.#record(tx, moved.after);
        const closed = { ...p, status: 'accepted' };
        await this.deps.notifier.moved(tx, record, { startsAt: moved.before.startsAt, endsAt: moved.before.endsAt }, manageToken(this.deps.secret, row.id), await this.#proposalRecord(tx, closed, record));
        mailed = true;
      });
    } catch (err) {
      if (err instanceof SlotTaken || store.isOverlap(err)) {
        const rec = await this.#proposalRecord(this.deps.db.db, first);
        const type = (await store.typeByKey(this.deps.db.db, rec.appointment.typeKey))!;
        const nowMs = this.deps.clock.now().getTime();
        const days = rec.options.map((o) => localDayOf(o.getTime(), this.timeZone));
        const { units } = await this.#compute(this.deps.db.db, type, await this.#agentsOf(type.key), Math.min(...days), Math.max(...days), nowMs, rec.appointment.id);
        const free = new Set(slotsOf(units, allocation(type), rec.appointment.lane, nowMs, -Infinity, Infinity).map((s) => s.start));
        const duration = rec.appointment.endsAt.getTime() - rec.appointment.startsAt.getTime();
        const left = rec.options.filter((o) => free.has(o.getTime())).map((o) => ({ start: o.toISOString(), end: new Date(o.getTime() + duration).toISOString() }));
        throw slotTaken(left, 'That time was taken meanwhile. Choose another of the times offered in `slots`, or refuse.');
      }
      throw err;
    }
    if (mailed) this.deps.onMailQueued?.();
    return this.proposal(token);
  }

  // ---- staff ----

  async #staffViews(rows: store.AppointmentRow[]): Promise<StaffAppointment[]> {
    const q = this.deps.db.db;
    const types = new Map((await store.allTypes(q)).map((t) => [t.key, t]));
    const staff = await store.staffByIds(q, [...new Set(rows.map((r) => r.staffUserId))]);
    const refs = await store.caseReferences(q, [...new Set(rows.flatMap((r) => (r.caseId ? [r.caseId] : [])))]);
    const ids = rows.map((r) => r.id);
    const [moves, pending] = await Promise.all([store.movesOf(q, ids), store.pendingProposals(q, ids)]);
    return rows.map((r) => {
      const type = types.get(r.typeKey)!;
      const p = pending.find((x) => x.appointmentId === r.id);
      return {
        id: r.id,
        type: r.typeKey,
        typeName: type.name[r.locale as Locale],
        typeNames: type.name,
        mode: type.mode as 'phone',
        start: r.startsAt.toISOString(),
        end: r.endsAt.toISOString(),
        timeZone: this.timeZone,
        status: r.status as 'booked',
        lane: r.lane as Lane,
        name: r.name,
        locale: r.locale as Locale,
        with: staff.get(r.staffUserId)?.name ?? '',
        case: r.caseId ? (refs.get(r.caseId) ?? null) : null,
        agentId: r.staffUserId,
        email: r.email,
        phone: r.phone,
        notes: r.notes,
        inReserve: r.inReserve,
        createdAt: r.createdAt.toISOString(),
        pendingMove: p ? { id: p.id, start: p.proposedStart.toISOString(), expiresAt: p.expiresAt.toISOString() } : null,
        moves: moves.filter((m) => m.appointmentId === r.id).map((m) => ({ from: m.fromStart.toISOString(), to: m.toStart.toISOString(), at: m.at.toISOString(), by: m.by, reason: m.reason })),
      };
    });
  }

  /** One appointment with its moves and any pending proposal (404 when there is none). */
  async staffAppointment(id: string): Promise<StaffAppointment> {
    const row = await store.appointmentById(this.deps.db.db, id);
    if (!row) throw notFound(`No appointment ${id}.`);
    return (await this.#staffViews([row]))[0]!;
  }

  /** Staff cancel with a reason mailed to the customer; a cancelled one is answered unchanged. */
  async staffCancel(id: string, reason: string): Promise<StaffAppointment> {
    let mailed = false;
    await this.deps.db.db.transaction(async (tx) => {
      const row = await store.appointmentById(tx, id, true);
      if (!row) throw notFound(`No appointment ${id}.`);
      if (row.status === 'cancelled') return;
      const now = this.deps.clock.now();
      const next = await store.updateAppointment(tx, id, { status: 'cancelled', cancelledAt: now, cancelledBy: 'staff', cancelReason: reason, sequence: row.sequence + 1, updatedAt: now });
      await store.withdrawProposals(tx, id, now);
      await this.deps.notifier.cancelled(tx, await this.#record(tx, next), 'staff', reason);
      mailed = true;
    });
    if (mailed) this.deps.onMailQueued?.();
    return this.staffAppointment(id);
  }

  #staffType(t: store.TypeRow, agentIds: number[]): StaffAppointmentType {
    return {
      key: t.key,
      name: t.name,
      description: t.description ?? null,
      mode: t.mode as 'phone',
      durationMinutes: t.durationMinutes,
      bufferMinutes: t.bufferMinutes,
      agentIds,
      minNoticeMinutes: t.minNoticeMinutes,
      maxDaysAhead: t.maxDaysAhead,
      reserveShare: t.reserveShare,
      releaseHours: t.releaseHours,
      active: t.active,
    };
  }

  /** Every type with its settings (inactive ones too). */
  async staffTypes(): Promise<{ types: StaffAppointmentType[] }> {
    const rows = await store.allTypes(this.deps.db.db);
    const agents = await store.agentsOfTypes(this.deps.db.db, rows.map((r) => r.key), true);
    return { types: rows.map((t) => this.#staffType(t, agents.get(t.key) ?? [])) };
  }

  /** Creates or replaces a type (admins). 422 when the body's key is not the address's, or an agent is not an enabled staff user. */
  async saveType(key: string, input: z.output<typeof AppointmentTypeInputSchema>): Promise<StaffAppointmentType> {
    const errors: Array<{ field: string; message: string }> = [];
    if (input.key !== key) errors.push({ field: 'body.key', message: 'must be the key in the address' });
    const ids = [...new Set(input.agentIds)];
    const staff = await store.staffByIds(this.deps.db.db, ids);
    ids.forEach((id) => {
      const s = staff.get(id);
      if (!s || s.disabled) errors.push({ field: `body.agentIds.${input.agentIds.indexOf(id)}`, message: s ? 'this staff account is disabled' : 'no staff user has this id' });
    });
    if (errors.length) throw validationError(errors, 422);
    const now = this.deps.clock.now();
    await this.deps.db.db.transaction((tx) =>
      store.saveType(
        tx,
        {
          key,
          name: input.name,
          description: input.description ?? null,
          mode: input.mode,
          durationMinutes: input.durationMinutes,
          bufferMinutes: input.bufferMinutes,
          minNoticeMinutes: input.minNoticeMinutes,
          maxDaysAhead: input.maxDaysAhead,
          reserveShare: input.reserveShare,
          releaseHours: input.releaseHours,
          active: input.active,
          updatedAt: now,
        },
        ids,
      ),
    );
    return this.#staffType((await store.typeByKey(this.deps.db.db, key))!, ids.sort((a, b) => a - b));
  }

  /**
   * The console's calendar from `from` to `to` (at most 62 days): every capacity unit of each
   * type (or of `type`), free or not, held for the fast lane or released; the appointments and
   * absences; of one agent when `agent` is given.
   */
  async calendar(q: { from: string; to: string; agent?: number | undefined; type?: string | undefined }): Promise<StaffCalendar> {
    const nowMs = this.deps.clock.now().getTime();
    const { from, to } = this.#period(q.from, q.to, nowMs, 'query');
    const tz = this.timeZone;
    const db = this.deps.db.db;
    let types = (await store.allTypes(db)).filter((t) => t.active);
    if (q.type) {
      types = types.filter((t) => t.key === q.type);
      if (types.length === 0) throw validationError([{ field: 'query.type', message: 'no active appointment type has this key' }], 422);
    }
    const agentsByType = await store.agentsOfTypes(db, types.map((t) => t.key));
    const first = localDayOf(from, tz);
    const last = localDayOf(Math.max(from, to - 1), tz);
    const units: StaffCalendar['units'] = [];
    const agentIds = new Set<number>(q.agent ? [q.agent] : []);
    for (const type of types) {
      const ids = agentsByType.get(type.key) ?? [];
      if (q.agent !== undefined && !ids.includes(q.agent)) continue;
      if (q.agent === undefined) ids.forEach((id) => agentIds.add(id));
      // The reserve is chosen among every agent of the type, so one agent's view computes them all and keeps theirs.
      const { units: all } = await this.#compute(db, type, ids, first, last, nowMs);
      // Free as customers see it: a time already past, or too soon for the type's notice, can no longer be booked.
      const earliest = nowMs + type.minNoticeMinutes * MINUTE;
      for (const u of all) {
        if (u.start < from || u.start >= to || (q.agent !== undefined && u.agentId !== q.agent)) continue;
        units.push({ type: type.key, agentId: u.agentId, start: new Date(u.start).toISOString(), end: new Date(u.end).toISOString(), free: u.free && u.start >= earliest, reserved: u.reserved, released: u.designated && !u.reserved });
      }
    }
    const rows = await store.appointmentsBetween(db, new Date(from), new Date(to), { agentId: q.agent, typeKey: q.type });
    rows.forEach((r) => agentIds.add(r.staffUserId));
    const names = await store.staffByIds(db, [...agentIds]);
    const absences = await store.absencesOf(db, [...agentIds], new Date(from), new Date(to));
    return {
      timeZone: tz,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      agents: [...agentIds].sort((a, b) => a - b).flatMap((id) => (names.has(id) ? [{ id, name: names.get(id)!.name }] : [])),
      units,
      appointments: await this.#staffViews(rows),
      absences: absences.map((a) => this.#absence(a)),
    };
  }

  #absence(a: store.AbsenceRow) {
    return { id: a.id, agentId: a.staffUserId, start: a.startsAt.toISOString(), end: a.endsAt.toISOString(), reason: a.reason };
  }

  async #agent(agentId: number): Promise<store.StaffName> {
    const s = (await store.staffByIds(this.deps.db.db, [agentId])).get(agentId);
    if (!s) throw notFound(`No staff user ${agentId}.`);
    return s;
  }

  /** An agent may change their own working time and absences; an admin anyone's (403 otherwise). */
  #mayEdit(actor: StaffActor, agentId: number): void {
    if (actor.role === 'admin') return;
    if (actor.kind === 'user' && actor.id === agentId) return;
    throw forbidden('Only the agent themself or an admin can change an agent’s working time and absences.');
  }

  /** An agent's recurring working time and the absences that have not ended (404 for an unknown staff user). */
  async availability(agentId: number): Promise<AgentAvailability> {
    const s = await this.#agent(agentId);
    const db = this.deps.db.db;
    const now = this.deps.clock.now();
    const [rules, absences] = await Promise.all([store.rulesOf(db, [agentId]), store.absencesOf(db, [agentId], now, new Date('9999-01-01T00:00:00Z'))]);
    return {
      agentId,
      name: s.name,
      timeZone: this.timeZone,
      rules: rules.map((r) => ({ rrule: r.rrule, start: r.startTime, end: r.endTime, validFrom: r.validFrom, validUntil: r.validUntil })),
      absences: absences.map((a) => this.#absence(a)),
    };
  }

  /** Replaces an agent's working time (the agent or an admin); 422 naming each rule the recurrence library cannot read. */
  async saveAvailability(actor: StaffActor, agentId: number, input: z.output<typeof AgentAvailabilityInputSchema>): Promise<AgentAvailability> {
    await this.#agent(agentId);
    this.#mayEdit(actor, agentId);
    const errors = input.rules.flatMap((r, i) => {
      const problem = ruleProblem({ rrule: r.rrule, startTime: r.start, endTime: r.end, validFrom: r.validFrom, validUntil: r.validUntil });
      return problem ? [{ field: `body.rules.${i}.rrule`, message: problem }] : [];
    });
    if (errors.length) throw validationError(errors, 422);
    await this.deps.db.db.transaction((tx) => store.replaceRules(tx, agentId, input.rules.map((r) => ({ rrule: r.rrule.replace(/^RRULE:/, ''), startTime: r.start, endTime: r.end, validFrom: r.validFrom, validUntil: r.validUntil }))));
    return this.availability(agentId);
  }

  /** Records an absence (the agent or an admin); booked appointments it overlaps stay, for staff to move or cancel. */
  async addAbsence(actor: StaffActor, agentId: number, input: z.output<typeof AbsenceInputSchema>) {
    await this.#agent(agentId);
    this.#mayEdit(actor, agentId);
    const row = await store.insertAbsence(this.deps.db.db, { staffUserId: agentId, startsAt: new Date(input.start), endsAt: new Date(input.end), reason: input.reason ?? null, createdAt: this.deps.clock.now() });
    return this.#absence(row);
  }

  async deleteAbsence(actor: StaffActor, agentId: number, id: number): Promise<void> {
    await this.#agent(agentId);
    this.#mayEdit(actor, agentId);
    if (!(await store.deleteAbsence(this.deps.db.db, agentId, id))) throw notFound(`No absence ${id} of staff user ${agentId}.`);
  }

  /**
   * Books without a session's lane check, for the demo's seeding only: the lane is given.
   * Same rules otherwise (the unit must be free; the constraint guards it).
   */
  async bookInLane(input: BookInput, lane: Lane, idempotencyKey: string): Promise<Appointment> {
    return (await this.#book(input, { idempotencyKey, customer: null }, lane)).body;
  }
}
