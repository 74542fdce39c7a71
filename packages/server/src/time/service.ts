// Time spent on cases, per person: a timer the console runs while a case is open (one per
// person: starting one stops the other; a heartbeat keeps it alive, and one left without a
// heartbeat ends at its last one; one that ends within seconds of starting leaves no entry, and
// coming back to the case soon after a stop continues the entry), entries typed by hand, edits,
// and the time and its cost per person and per lane for a period, from which analytics work out
// what the fast lane costs.
import { PROBLEM_TYPES, TIME_LIMITS, type CaseLane, type TimeEntry, type TimeSummary } from '@ayuda/core';
import type { Database, Tx } from '../db/client.js';
import type { Clock } from '../clock.js';
import { AppError, notFound, validationError } from '../http/problem.js';
import { hashRequest, once } from '../http/idempotency.js';
import { lockSubject } from '../db/locks.js';
import { actorKey, type StaffActor } from '../staff/actor.js';
import { forbidden, staffUserOf } from '../staff/roles.js';
import * as store from './store.js';

export interface TimeDeps {
  db: Database;
  clock: Clock;
  /** The currency of staff hourly costs (the fast lane's), lower case. */
  currency: string;
}

const IDLE_MS = TIME_LIMITS.idleMinutes * 60_000;
const MAX_MS = TIME_LIMITS.entryMaxHours * 3_600_000;
const MIN_TIMER_MS = TIME_LIMITS.timerMinSeconds * 1000;
const RESUME_MS = TIME_LIMITS.timerResumeSeconds * 1000;
/** How far ahead of the server's clock a client's "now" may be; such an end is taken as now. */
const SKEW_MS = 60_000;
const LANES: CaseLane[] = ['fast', 'standard'];
const isLane = (v: unknown): v is CaseLane => v === 'fast' || v === 'standard';
/** What tells when an entry ends: its end, or for a running timer its last heartbeat (`updatedAt`). */
type Span = Pick<store.TimeRow, 'startedAt' | 'endedAt' | 'updatedAt'>;

export class TimeService {
  constructor(private readonly deps: TimeDeps) {}

  /** A running timer whose last heartbeat is older than the idle limit: it is over, at that heartbeat. */
  #stale(e: Span, now: Date): boolean {
    return e.endedAt === null && now.getTime() - e.updatedAt.getTime() > IDLE_MS;
  }

  /** When the entry ended or, running, ends if stopped now. Null while it runs. */
  #end(e: Span, now: Date): Date | null {
    if (e.endedAt) return e.endedAt;
    return this.#stale(e, now) ? new Date(Math.max(e.updatedAt.getTime(), e.startedAt.getTime())) : null;
  }

  #answer(v: store.EntryView, now: Date): TimeEntry {
    const e = v.entry;
    const end = this.#end(e, now);
    return {
      id: e.id,
      caseReference: v.reference,
      user: { id: e.userId, name: v.userName },
      startedAt: e.startedAt.toISOString(),
      endedAt: end ? end.toISOString() : null,
      seconds: Math.max(0, Math.floor(((end ?? now).getTime() - e.startedAt.getTime()) / 1000)),
      source: e.source as TimeEntry['source'],
      note: e.note,
    };
  }

  async #view(q: Database['db'] | Tx, id: number, now: Date): Promise<TimeEntry> {
    const v = await store.entryById(q, id);
    if (!v) throw new Error(`Ayuda: time entry ${id} vanished inside its own transaction.`);
    return this.#answer(v, now);
  }

  async #case(reference: string) {
    const c = await store.caseOfReference(this.deps.db.db, reference);
    if (!c) throw notFound(`No case ${reference}.`);
    return c;
  }

  /**
   * Ends a running timer: stopped now, or at its last heartbeat when that is too long ago. One
   * that lasted less than `timerMinSeconds` (a glance at the case on the way elsewhere) is deleted
   * instead, unless someone wrote a note on it or edited it by hand. False: it left no entry.
   */
  async #finish(tx: Tx, r: store.TimeRow, now: Date): Promise<boolean> {
    const idle = this.#end(r, now);
    const endedAt = idle ?? now;
    if (r.source === 'timer' && r.note === null && r.editedAt === null && endedAt.getTime() - r.startedAt.getTime() < MIN_TIMER_MS) {
      await store.deleteEntry(tx, r.id);
      return false;
    }
    await store.updateEntry(tx, r.id, { endedAt, endedBy: idle ? 'idle' : 'stop', updatedAt: now });
    return true;
  }

  /** Ends the person's running timers other than `keep` (one whose heartbeat stopped ends at it). */
  async #stopOthers(tx: Tx, running: store.TimeRow[], keep: number | null, now: Date): Promise<void> {
    for (const r of running) if (r.id !== keep) await this.#finish(tx, r, now);
  }

  /**
   * The person's timer entry on this case that a start now continues, or null: their latest timer
   * entry (so no other timer of theirs ran since), on this case, stopped by them (not ended for
   * want of a heartbeat, nor by hand) at most `timerResumeSeconds` ago, with no note, never
   * edited, and logged at the hourly cost they have now (an entry has one cost).
   */
  async #resumable(tx: Tx, userId: number, caseId: number, now: Date): Promise<store.TimeRow | null> {
    const latest = await store.latestTimerOf(tx, userId);
    // Locked and read again: an edit or a deletion of it under way goes first, and is seen.
    const last = latest && (await store.lockEntry(tx, latest.id));
    if (!last || last.caseId !== caseId || last.endedBy !== 'stop' || !last.endedAt || last.note !== null || last.editedAt !== null) return null;
    const gap = now.getTime() - last.endedAt.getTime();
    if (gap < 0 || gap > RESUME_MS) return null;
    return last.hourlyCost === (await store.hourlyCostOf(tx, userId)) ? last : null;
  }

  /**
   * Starts the caller's timer on the case and stops any other of theirs. A timer already
   * running on this case goes on (that counts as a heartbeat), and so does the entry they stopped
   * here moments ago (see #resumable): `created` is false.
   */
  async startTimer(reference: string, actor: StaffActor): Promise<{ entry: TimeEntry; created: boolean }> {
    const user = staffUserOf(actor);
    const c = await this.#case(reference);
    return this.deps.db.db.transaction(async (tx) => {
      // One running timer per person, whichever process serves them.
      await lockSubject(tx, 'time:user', String(user.id));
      const now = this.deps.clock.now();
      const running = await store.runningOf(tx, user.id);
      const here = running.find((r) => r.caseId === c.id && !this.#stale(r, now));
      await this.#stopOthers(tx, running, here?.id ?? null, now);
      if (here) {
        await store.updateEntry(tx, here.id, { updatedAt: now });
        return { entry: await this.#view(tx, here.id, now), created: false };
      }
      const resumed = await this.#resumable(tx, user.id, c.id, now);
      if (resumed) {
        await store.updateEntry(tx, resumed.id, { endedAt: null, endedBy: null, updatedAt: now });
        return { entry: await this.#view(tx, resumed.id, now), created: false };
      }
      const row = await store.insertEntry(tx, { caseId: c.id, userId: user.id, startedAt: now, endedAt: null, source: 'timer', note: null, createdAt: now, updatedAt: now });
      return { entry: await this.#view(tx, row.id, now), created: true };
    });
  }

  /** Stops the caller's timer on the case; null when none runs there, or it was too short to keep. */
  async stopTimer(reference: string, actor: StaffActor): Promise<TimeEntry | null> {
    const user = staffUserOf(actor);
    const c = await this.#case(reference);
    return this.deps.db.db.transaction(async (tx) => {
      await lockSubject(tx, 'time:user', String(user.id));
      const now = this.deps.clock.now();
      const here = (await store.runningOf(tx, user.id)).filter((r) => r.caseId === c.id);
      let kept: number | null = null;
      for (const r of here) if ((await this.#finish(tx, r, now)) && kept === null) kept = r.id;
      return kept === null ? null : this.#view(tx, kept, now);
    });
  }

  /**
   * Keeps the caller's timer on the case alive. 409 when none runs there any more (stopped,
   * started on another case, or ended for want of a heartbeat): start it again.
   */
  async heartbeat(reference: string, actor: StaffActor): Promise<void> {
    const user = staffUserOf(actor);
    const c = await this.#case(reference);
    const alive = await this.deps.db.db.transaction(async (tx) => {
      await lockSubject(tx, 'time:user', String(user.id));
      const now = this.deps.clock.now();
      const here = (await store.runningOf(tx, user.id)).filter((r) => r.caseId === c.id);
      const live = here.find((r) => !this.#stale(r, now));
      // Ones whose heartbeat stopped are closed now, at their last heartbeat, as housekeeping would.
      await this.#stopOthers(tx, here, live?.id ?? null, now);
      if (live) await store.updateEntry(tx, live.id, { updatedAt: now });
      return !!live;
    });
    if (!alive) {
      throw new AppError(409, PROBLEM_TYPES.conflict, 'No timer running', `No timer of yours runs on ${reference}: it was stopped, moved to another case, or ended after ${TIME_LIMITS.idleMinutes} minutes without a heartbeat. Start it again.`);
    }
  }

  /** Housekeeping: ends timers left without a heartbeat for the idle limit, at their last heartbeat. */
  async closeIdle(tx: Tx): Promise<number> {
    const now = this.deps.clock.now();
    return store.closeIdle(tx, new Date(now.getTime() - IDLE_MS), now, TIME_LIMITS.timerMinSeconds);
  }

  async listForCase(reference: string): Promise<{ entries: TimeEntry[]; totalSeconds: number }> {
    const c = await this.#case(reference);
    const now = this.deps.clock.now();
    const entries = (await store.entriesOfCase(this.deps.db.db, c.id)).map((v) => this.#answer(v, now));
    return { entries, totalSeconds: entries.reduce((sum, e) => sum + e.seconds, 0) };
  }

  /**
   * Checks a span that ended; `fields` name the request's fields in the problem. An end up to
   * a minute ahead of the server's clock (a client's clock a little fast) is taken as now.
   */
  #checkSpan(start: Date, end: Date, now: Date, fields: { start: string; end: string }): Date {
    const errors = [];
    if (start.getTime() > now.getTime()) errors.push({ field: fields.start, message: 'must not be in the future' });
    if (end.getTime() > now.getTime() + SKEW_MS) errors.push({ field: fields.end, message: 'must not be in the future' });
    const clamped = end.getTime() > now.getTime() ? now : end;
    if (clamped.getTime() <= start.getTime()) errors.push({ field: fields.end, message: 'must be after startedAt' });
    else if (clamped.getTime() - start.getTime() > MAX_MS) errors.push({ field: fields.end, message: `must be at most ${TIME_LIMITS.entryMaxHours} hours after startedAt` });
    if (errors.length) throw validationError(errors, 422);
    return clamped;
  }

  /** Records time on the case by hand. With an idempotency key, a retry answers the first entry. */
  async addManual(reference: string, actor: StaffActor, input: { startedAt: string; endedAt: string; note?: string | null | undefined }, idempotencyKey?: string): Promise<TimeEntry> {
    const user = staffUserOf(actor);
    const c = await this.#case(reference);
    const now = this.deps.clock.now();
    const startedAt = new Date(input.startedAt);
    const endedAt = this.#checkSpan(startedAt, new Date(input.endedAt), now, { start: 'body.startedAt', end: 'body.endedAt' });
    const create = async (tx: Tx) => {
      const row = await store.insertEntry(tx, { caseId: c.id, userId: user.id, startedAt, endedAt, source: 'manual', note: input.note ?? null, createdAt: now, updatedAt: now });
      return { status: 201, body: await this.#view(tx, row.id, now) };
    };
    if (!idempotencyKey) return (await this.deps.db.db.transaction(create)).body;
    const hash = hashRequest(JSON.stringify([reference, input.startedAt, input.endedAt, input.note ?? null]));
    return (await once(this.deps.db, `time:create:${actorKey(user)}`, idempotencyKey, hash, now, create)).body;
  }

  #mayChange(actor: StaffActor, row: store.TimeRow): void {
    if (actor.role === 'admin' || (actor.kind === 'user' && actor.id === row.userId)) return;
    throw forbidden('Only the person who recorded a time entry, or an admin, may change or delete it.');
  }

  /** Changes an entry's start, end (ending a running timer) or note. The caller's own, or anyone's for admins. */
  async update(id: number, actor: StaffActor, input: { startedAt?: string | undefined; endedAt?: string | undefined; note?: string | null | undefined }): Promise<TimeEntry> {
    return this.deps.db.db.transaction(async (tx) => {
      const row = await store.lockEntry(tx, id);
      if (!row) throw notFound(`No time entry ${id}.`);
      this.#mayChange(actor, row);
      const now = this.deps.clock.now();
      // Changed by hand: never deleted as too short, nor continued by a start.
      const set: Partial<typeof row> = { editedAt: now };
      if (input.note !== undefined) set.note = input.note;
      if (input.startedAt !== undefined || input.endedAt !== undefined) {
        const startedAt = input.startedAt !== undefined ? new Date(input.startedAt) : row.startedAt;
        const end = input.endedAt !== undefined ? new Date(input.endedAt) : this.#end(row, now);
        const fields = { start: 'body.startedAt', end: input.endedAt !== undefined ? 'body.endedAt' : 'body.startedAt' };
        // A timer that still runs is checked as if it ended now.
        const endedAt = this.#checkSpan(startedAt, end ?? now, now, fields);
        set.startedAt = startedAt;
        if (end) set.endedAt = endedAt;
        // An end typed by hand; a running timer's start edited after its heartbeats stopped ends it at the last one.
        if (input.endedAt !== undefined) set.endedBy = 'edit';
        else if (end && !row.endedAt) set.endedBy = 'idle';
      }
      // A running timer's updated_at is its last heartbeat: an edit (perhaps by an admin) is none.
      if (row.endedAt || set.endedAt) set.updatedAt = now;
      await store.updateEntry(tx, id, set);
      return this.#view(tx, id, now);
    });
  }

  async remove(id: number, actor: StaffActor): Promise<void> {
    await this.deps.db.db.transaction(async (tx) => {
      const row = await store.lockEntry(tx, id);
      if (!row) throw notFound(`No time entry ${id}.`);
      this.#mayChange(actor, row);
      await store.deleteEntry(tx, id);
    });
  }

  /**
   * Time in [from, to) per person and per lane, each entry at its own hourly cost (its person's
   * when it was logged). An entry counts for the part of it inside the period (a running timer
   * up to now), and each part for the lane its case was in at the time (from the case's lane
   * changes). Seconds are rounded per person and lane; costs are rounded per person (per person
   * and lane for the lanes' costs); a person with no priced time in the period has no cost.
   */
  async summary(from: Date, to: Date): Promise<TimeSummary> {
    const now = this.deps.clock.now();
    const rows = await store.overlapping(this.deps.db.db, from, to);
    const changes = await store.laneChanges(this.deps.db.db, [...new Set(rows.map((r) => r.caseId))]);
    // Each case's lanes as a timeline: [since, lane], oldest first.
    const timelines = new Map<number, Array<{ since: number; lane: CaseLane }>>();
    for (const ch of changes) {
      const list = timelines.get(ch.caseId) ?? [];
      if (!list.length) list.push({ since: -Infinity, lane: isLane(ch.data.from) ? ch.data.from : 'standard' });
      if (isLane(ch.data.to)) list.push({ since: ch.createdAt.getTime(), lane: ch.data.to });
      timelines.set(ch.caseId, list);
    }
    // Per person and lane: milliseconds in all, their cost (ms × the entry's hourly cost, in
    // minor units × 3,600,000) and the milliseconds of entries logged with no hourly cost.
    const zero = (): Record<CaseLane, number> => ({ fast: 0, standard: 0 });
    const people = new Map<number, { user: { id: number; name: string }; hourlyCost: number | null; ms: Record<CaseLane, number>; costMs: Record<CaseLane, number>; unpricedMs: Record<CaseLane, number> }>();
    for (const r of rows) {
      const start = Math.max(r.startedAt.getTime(), from.getTime());
      const end = Math.min((this.#end(r, now) ?? now).getTime(), to.getTime(), now.getTime());
      if (end <= start) continue;
      const person = people.get(r.userId) ?? { user: { id: r.userId, name: r.userName }, hourlyCost: r.hourlyCost, ms: zero(), costMs: zero(), unpricedMs: zero() };
      people.set(r.userId, person);
      const timeline = timelines.get(r.caseId) ?? [{ since: -Infinity, lane: isLane(r.lane) ? r.lane : 'standard' }];
      timeline.forEach((part, i) => {
        const s = Math.max(start, part.since);
        const e = Math.min(end, timeline[i + 1]?.since ?? Infinity);
        if (e <= s) return;
        person.ms[part.lane] += e - s;
        if (r.entryHourlyCost === null) person.unpricedMs[part.lane] += e - s;
        else person.costMs[part.lane] += (e - s) * r.entryHourlyCost;
      });
    }
    const lanes = Object.fromEntries(LANES.map((l) => [l, { lane: l, seconds: 0, cost: 0, uncostedSeconds: 0 }])) as Record<CaseLane, TimeSummary['lanes'][number]>;
    const users = [...people.values()].map((p) => {
      let seconds = 0;
      let costMs = 0;
      let priced = false;
      for (const l of LANES) {
        const s = Math.round(p.ms[l] / 1000);
        seconds += s;
        lanes[l].seconds += s;
        lanes[l].uncostedSeconds += Math.round(p.unpricedMs[l] / 1000);
        lanes[l].cost += Math.round(p.costMs[l] / 3_600_000);
        costMs += p.costMs[l];
        priced ||= p.ms[l] > p.unpricedMs[l];
      }
      return { user: p.user, seconds, hourlyCost: p.hourlyCost, cost: priced ? Math.round(costMs / 3_600_000) : null };
    });
    users.sort((a, b) => b.seconds - a.seconds || a.user.name.localeCompare(b.user.name));
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      currency: this.deps.currency,
      totalSeconds: users.reduce((s, u) => s + u.seconds, 0),
      totalCost: users.reduce((s, u) => s + (u.cost ?? 0), 0),
      users,
      lanes: LANES.map((l) => lanes[l]),
    };
  }
}
