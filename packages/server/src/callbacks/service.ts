// Callbacks (issue 16, item 5): a customer asks to be called in a window; the request joins a
// queue in the console with the fast lane first, each with its lane's target for the first
// attempt; agents record attempts until one reaches the customer, the number proves wrong, or
// the third goes unanswered (the customer is then mailed).
import { randomUUID } from 'node:crypto';
import {
  CALLBACK_LIMITS,
  PROBLEM_TYPES,
  UNANSWERED_OUTCOMES,
  callbackAfterAttempt,
  callbackDueAt,
  type BusinessHours,
  type CallbackAttemptInputSchema,
  type CallbackCreateSchema,
  type CallbackSchema,
  type Lane,
  type Locale,
  type StaffCallbackSchema,
} from '@ayuda/core';
import type { z } from 'zod';
import type { CountryCode } from 'libphonenumber-js';
import type { Database, Tx } from '../db/client.js';
import type { Clock } from '../clock.js';
import type { StaffActor } from '../staff/actor.js';
import { AppError, notFound, validationError } from '../http/problem.js';
import { hashRequest, once } from '../http/idempotency.js';
import { tooManyRequests } from '../http/rate-limit.js';
import { lockSubject } from '../db/locks.js';
import { enqueueMail } from '../mail/outbox.js';
import { displayPhone, normalisePhone, PHONE_DEFAULT_COUNTRY } from './phone.js';
import * as store from './store.js';

export type CallbackInput = z.output<typeof CallbackCreateSchema>;
export type Callback = z.output<typeof CallbackSchema>;
export type StaffCallback = z.output<typeof StaffCallbackSchema>;
export type AttemptInput = z.output<typeof CallbackAttemptInputSchema>;
export type CallbackStatusFilter = 'waiting' | 'done' | 'failed' | 'cancelled';

/** The portal's page to ask for a call (the mails link to it). */
export const callbackPath = (l: Locale) => `/help/${l}/callback`;

export interface CallbackDeps {
  db: Database;
  clock: Clock;
  config: { companyName: string; publicUrl: string; caseEmailLimitPerHour: number };
  /** The company's business hours (the SLA's), read at each use: the settings change them. */
  hours: () => BusinessHours;
  /** Whether a customer holds an active fast-lane entitlement (fastlane/store.ts). */
  hasActiveEntitlement: (tx: Tx, customerId: number) => Promise<boolean>;
  onMailQueued?: () => void;
}

const MINUTE = 60_000;
const iso = (d: Date) => d.toISOString();

export class CallbackService {
  constructor(private readonly deps: CallbackDeps) {}

  /** The company's time zone, in which windows are shown. */
  get timeZone(): string {
    return this.deps.hours().timeZone;
  }

  /**
   * Checks the number and the window; these need no database, so a form shows them before
   * anything is stored. Field errors are 422 on `body.*`.
   */
  check(input: CallbackInput): { phone: { e164: string; display: string }; start: Date; end: Date } {
    const errors: Array<{ field: string; message: string }> = [];
    const country = (input.country as CountryCode | undefined) ?? PHONE_DEFAULT_COUNTRY[input.locale];
    const phone = normalisePhone(input.phone, country);
    if (!phone) errors.push({ field: 'body.phone', message: country ? 'not a valid phone number' : 'not a valid phone number; include the country code, e.g. +44 20 7946 0958' });
    const now = this.deps.clock.now().getTime();
    const start = new Date(input.windowStart);
    const end = new Date(input.windowEnd);
    if (start.getTime() < now - CALLBACK_LIMITS.pastToleranceMinutes * MINUTE) errors.push({ field: 'body.windowStart', message: 'must not be in the past' });
    else if (end.getTime() - Math.max(start.getTime(), now) < CALLBACK_LIMITS.minWindowMinutes * MINUTE)
      errors.push({ field: 'body.windowEnd', message: `the window must be at least ${CALLBACK_LIMITS.minWindowMinutes} minutes long, from now on` });
    else if (end.getTime() > now + CALLBACK_LIMITS.maxDaysAhead * 86_400_000) errors.push({ field: 'body.windowEnd', message: `at most ${CALLBACK_LIMITS.maxDaysAhead} days ahead` });
    if (errors.length || !phone) throw validationError(errors, 422);
    return { phone, start, end };
  }

  /**
   * Queues a callback once per Idempotency-Key. The lane is the fast one only for a signed-in
   * customer (`customer`, from their session) who holds an active entitlement or names a
   * fast-lane case of their own; nothing in the body can choose it.
   */
  async request(input: CallbackInput, opts: { idempotencyKey: string; customer: { id: number } | null }): Promise<{ status: number; body: Callback; replayed: boolean }> {
    const { phone, start, end } = this.check(input);
    const now = this.deps.clock.now();
    const hash = hashRequest(JSON.stringify([input.name, input.email, phone.e164, iso(start), iso(end), input.locale, input.case ?? null, input.notes ?? null, opts.customer?.id ?? null]));
    const answer = await once<Callback>(this.deps.db, 'callbacks:create', opts.idempotencyKey, hash, now, async (tx) => {
      // One request per address at a time, in every process, so the count is exact.
      await lockSubject(tx, 'callbacks:email', input.email);
      const limit = this.deps.config.caseEmailLimitPerHour;
      const recent = await store.timesByEmailSince(tx, input.email, new Date(now.getTime() - 3_600_000));
      if (recent.length >= limit) {
        const retryS = (recent[recent.length - limit]!.getTime() + 3_600_000 - now.getTime()) / 1000;
        throw tooManyRequests('Too many callback requests from this email address in the last hour; please wait.', retryS);
      }
      let linked: Awaited<ReturnType<typeof store.caseByReference>> = null;
      if (input.case) {
        linked = await store.caseByReference(tx, input.case);
        // A signed-in customer's own case, or else one of the address given; any other looks unknown.
        const theirs = linked && (opts.customer ? linked.customerId === opts.customer.id : linked.email === input.email);
        if (!theirs) throw validationError([{ field: 'body.case', message: 'no case with this reference for this customer' }], 422);
      }
      const customer = opts.customer;
      // A closed case no longer carries its lane (as for appointments): only an open fast-lane case of theirs, or a subscription.
      const lane: Lane = customer && ((linked?.lane === 'fast' && linked.status !== 'closed' && linked.customerId === customer.id) || (await this.deps.hasActiveEntitlement(tx, customer.id))) ? 'fast' : 'standard';
      const hours = this.deps.hours();
      const row = await store.insert(tx, {
        id: randomUUID(),
        status: 'waiting',
        lane,
        name: input.name,
        email: input.email,
        phone: phone.e164,
        locale: input.locale,
        windowStart: start,
        windowEnd: end,
        dueAt: callbackDueAt(now, lane, { start, end }, hours),
        notes: input.notes ?? null,
        customerId: customer?.id ?? linked?.customerId ?? null,
        caseId: linked?.id ?? null,
        createdAt: now,
      });
      await enqueueMail(tx, now, input.email, input.locale, {
        template: 'callback_requested',
        vars: { company: this.deps.config.companyName, name: input.name, phone: phone.display, windowStart: iso(start), windowEnd: iso(end), timeZone: hours.timeZone, callbackUrl: this.deps.config.publicUrl + callbackPath(input.locale) },
      });
      return { status: 201, body: publicView(row) };
    });
    if (!answer.replayed) this.deps.onMailQueued?.();
    return answer;
  }

  /** The queue in one status (waiting by default): waiting ones fast lane first, then by due time; closed ones newest first. */
  async list(status: CallbackStatusFilter = 'waiting'): Promise<StaffCallback[]> {
    const db = this.deps.db.db;
    const rows = await store.list(db, status);
    return this.#staffViews(db, rows);
  }

  /**
   * Records an attempt on a waiting callback and what it leads to; 404 for none, 409 once it is
   * no longer waiting. The row is locked for the transaction, so two agents recording at once
   * take turns: the second sees the first's attempt (and a closed callback gets 409).
   */
  async attempt(id: string, actor: StaffActor, input: AttemptInput): Promise<StaffCallback> {
    const now = this.deps.clock.now();
    const db = this.deps.db.db;
    const row = await db.transaction(async (tx) => {
      const cb = await store.lockById(tx, id);
      if (!cb) throw notFound('No callback with this id.');
      if (cb.status !== 'waiting') throw new AppError(409, PROBLEM_TYPES.conflict, 'No longer waiting', `This callback is ${cb.status} already; reload the queue.`);
      const before = await store.attemptsOf(tx, [cb.id]);
      const unanswered = before.filter((a) => (UNANSWERED_OUTCOMES as readonly string[]).includes(a.outcome)).length;
      const next = callbackAfterAttempt(input.outcome, unanswered);
      await store.insertAttempt(tx, { callbackId: cb.id, staffUserId: actor.kind === 'user' ? actor.id : null, byName: actor.name, outcome: input.outcome, note: input.note ?? null, at: now });
      if (next === 'waiting') return cb;
      // Conditional as well as locked: whatever the isolation, one attempt closes it.
      if (!(await store.close(tx, cb.id, next, now))) throw new AppError(409, PROBLEM_TYPES.conflict, 'No longer waiting', 'This callback was closed meanwhile; reload the queue.');
      if (next === 'failed') {
        await enqueueMail(tx, now, cb.email, cb.locale as Locale, {
          template: 'callback_failed',
          vars: {
            company: this.deps.config.companyName,
            name: cb.name,
            phone: displayPhone(cb.phone),
            reason: input.outcome === 'wrong_number' ? 'wrong_number' : 'unanswered',
            attempts: before.length + 1,
            callbackUrl: this.deps.config.publicUrl + callbackPath(cb.locale as Locale),
            contactUrl: `${this.deps.config.publicUrl}/help/${cb.locale}/contact`,
          },
        });
      }
      return { ...cb, status: next, closedAt: now };
    });
    if (row.status === 'failed') this.deps.onMailQueued?.();
    const [view] = await this.#staffViews(db, [row]);
    return view!;
  }

  async #staffViews(db: Database['db'], rows: store.CallbackRow[]): Promise<StaffCallback[]> {
    const [attempts, refs] = await Promise.all([store.attemptsOf(db, rows.map((r) => r.id)), store.referencesOf(db, rows.flatMap((r) => (r.caseId ? [r.caseId] : [])))]);
    const now = this.deps.clock.now().getTime();
    return rows.map((r) => ({
      ...publicView(r),
      email: r.email,
      locale: r.locale as Locale,
      case: r.caseId ? (refs.get(r.caseId) ?? null) : null,
      notes: r.notes,
      phoneDisplay: displayPhone(r.phone),
      overdue: r.status === 'waiting' && r.dueAt.getTime() < now,
      attempts: attempts.filter((a) => a.callbackId === r.id).map((a) => ({ at: iso(a.at), by: a.byName, outcome: a.outcome as AttemptInput['outcome'], note: a.note })),
    }));
  }
}

function publicView(r: store.CallbackRow): Callback {
  return {
    id: r.id,
    status: r.status as Callback['status'],
    lane: r.lane as Lane,
    name: r.name,
    phone: r.phone,
    windowStart: iso(r.windowStart),
    windowEnd: iso(r.windowEnd),
    dueAt: iso(r.dueAt),
    createdAt: iso(r.createdAt),
  };
}
