// Appointment queries (Drizzle). Only this file knows the tables' shapes.
import { and, asc, eq, gt, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { run, statement } from '../db/statements.js';
import { agentAbsences, agentAvailability, appointmentMoves, appointmentProposals, appointmentTypeAgents, appointmentTypes, appointments, cases, customers, staffUsers } from '../db/schema.js';

type Q = Db | Tx;
export type TypeRow = typeof appointmentTypes.$inferSelect;
export type AppointmentRow = typeof appointments.$inferSelect;
export type ProposalRow = typeof appointmentProposals.$inferSelect;
export type MoveRow = typeof appointmentMoves.$inferSelect;
export type AbsenceRow = typeof agentAbsences.$inferSelect;
export type RuleRow = typeof agentAvailability.$inferSelect;

/** PostgreSQL's exclusion_violation: the no-overlap constraint refused a booking. */
export const isOverlap = (err: unknown): boolean => {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23P01' || e?.cause?.code === '23P01';
};

export async function typeByKey(q: Q, key: string): Promise<TypeRow | null> {
  const [row] = await q.select().from(appointmentTypes).where(eq(appointmentTypes.key, key));
  return row ?? null;
}

export function allTypes(q: Q): Promise<TypeRow[]> {
  return q.select().from(appointmentTypes).orderBy(asc(appointmentTypes.key));
}

/** The staff users serving each type: `typeKey -> ids`, enabled accounts only unless `all`. */
export async function agentsOfTypes(q: Q, keys: readonly string[], all = false): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>(keys.map((k) => [k, []]));
  if (keys.length === 0) return out;
  const rows = await q
    .select({ typeKey: appointmentTypeAgents.typeKey, id: appointmentTypeAgents.staffUserId })
    .from(appointmentTypeAgents)
    .innerJoin(staffUsers, eq(staffUsers.id, appointmentTypeAgents.staffUserId))
    .where(and(inArray(appointmentTypeAgents.typeKey, [...keys]), all ? undefined : isNull(staffUsers.disabledAt)))
    .orderBy(asc(appointmentTypeAgents.staffUserId));
  for (const r of rows) out.get(r.typeKey)!.push(r.id);
  return out;
}

/** A type with the enabled staff users serving it (ids in order), in one statement; null when no type has the key. */
export async function typeWithAgents(q: Q, key: string): Promise<{ type: TypeRow; agentIds: number[] } | null> {
  const [row] = await q
    .select({
      type: appointmentTypes,
      agentIds: sql<unknown>`(select json_agg(${appointmentTypeAgents.staffUserId} order by ${appointmentTypeAgents.staffUserId})
        from ${appointmentTypeAgents} join ${staffUsers} on ${staffUsers.id} = ${appointmentTypeAgents.staffUserId}
        where ${appointmentTypeAgents.typeKey} = ${appointmentTypes.key} and ${staffUsers.disabledAt} is null)`,
    })
    .from(appointmentTypes)
    .where(eq(appointmentTypes.key, key));
  if (!row) return null;
  const ids = typeof row.agentIds === 'string' ? JSON.parse(row.agentIds) : row.agentIds;
  return { type: row.type, agentIds: (ids as number[] | null) ?? [] };
}

/** Creates or replaces a type and who serves it. */
export async function saveType(tx: Tx, row: typeof appointmentTypes.$inferInsert, agentIds: readonly number[]): Promise<void> {
  const { key, ...rest } = row;
  await tx.insert(appointmentTypes).values(row).onConflictDoUpdate({ target: appointmentTypes.key, set: rest });
  await tx.delete(appointmentTypeAgents).where(eq(appointmentTypeAgents.typeKey, key));
  if (agentIds.length) await tx.insert(appointmentTypeAgents).values(agentIds.map((staffUserId) => ({ typeKey: key, staffUserId })));
}

export interface StaffName {
  id: number;
  name: string;
  role: string;
  disabled: boolean;
}

export async function staffByIds(q: Q, ids: readonly number[]): Promise<Map<number, StaffName>> {
  if (ids.length === 0) return new Map();
  const rows = await q.select({ id: staffUsers.id, name: staffUsers.name, role: staffUsers.role, disabledAt: staffUsers.disabledAt }).from(staffUsers).where(inArray(staffUsers.id, [...ids]));
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, role: r.role, disabled: r.disabledAt !== null }]));
}

export function rulesOf(q: Q, agentIds: readonly number[]): Promise<RuleRow[]> {
  if (agentIds.length === 0) return Promise.resolve([]);
  return q.select().from(agentAvailability).where(inArray(agentAvailability.staffUserId, [...agentIds])).orderBy(asc(agentAvailability.staffUserId), asc(agentAvailability.position));
}

export async function replaceRules(tx: Tx, agentId: number, rules: ReadonlyArray<Omit<typeof agentAvailability.$inferInsert, 'staffUserId' | 'position' | 'id'>>): Promise<void> {
  await tx.delete(agentAvailability).where(eq(agentAvailability.staffUserId, agentId));
  if (rules.length) await tx.insert(agentAvailability).values(rules.map((r, position) => ({ ...r, staffUserId: agentId, position })));
}

/** Absences of these agents that overlap [from, to), soonest first. */
export function absencesOf(q: Q, agentIds: readonly number[], from: Date, to: Date): Promise<AbsenceRow[]> {
  if (agentIds.length === 0) return Promise.resolve([]);
  return q
    .select()
    .from(agentAbsences)
    .where(and(inArray(agentAbsences.staffUserId, [...agentIds]), gt(agentAbsences.endsAt, from), lt(agentAbsences.startsAt, to)))
    .orderBy(asc(agentAbsences.startsAt), asc(agentAbsences.id));
}

export async function insertAbsence(q: Q, row: typeof agentAbsences.$inferInsert): Promise<AbsenceRow> {
  const [r] = await q.insert(agentAbsences).values(row).returning();
  return r!;
}

/** Deletes one absence of the agent; false when there was none. */
export async function deleteAbsence(q: Q, agentId: number, id: number): Promise<boolean> {
  const rows = await q.delete(agentAbsences).where(and(eq(agentAbsences.id, id), eq(agentAbsences.staffUserId, agentId))).returning({ id: agentAbsences.id });
  return rows.length === 1;
}

/** What a calendar is computed from, for some agents over [from, to). */
export interface CalendarInputs {
  /** Each agent's working rules, in the agent's order. */
  rules: Map<number, RuleInput[]>;
  /** Each agent's absences overlapping [from, to), as millisecond spans. */
  absences: Map<number, Array<[number, number]>>;
  /** Each agent's booked appointments (with their buffer) overlapping [from, to), as millisecond spans in time order. */
  busy: Map<number, Array<[number, number]>>;
}

export type RuleInput = Pick<RuleRow, 'rrule' | 'startTime' | 'endTime' | 'validFrom' | 'validUntil'>;

// One round trip instead of three: on the embedded database each statement costs about a
// millisecond before it reads anything, and the date picker asks for a month at a time. Spans
// travel as text ("agent,start,end;…", milliseconds) without an order or a grouping, which
// the database would have to sort for; they are grouped and ordered here.
const calendarInputsStatement = statement(
  'appointments_calendar_inputs',
  `select
    (select json_agg(json_build_array(r.staff_user_id, r.rrule, r.start_time, r.end_time, r.valid_from, r.valid_until) order by r.staff_user_id, r.position)
       from agent_availability r where r.staff_user_id = any($1::int[])) as rules,
    (select string_agg(a.staff_user_id || ',' || (date_part('epoch', a.starts_at) * 1000)::bigint || ',' || (date_part('epoch', a.ends_at) * 1000)::bigint, ';')
       from agent_absences a where a.staff_user_id = any($1::int[]) and a.ends_at > $2 and a.starts_at < $3) as absences,
    (select string_agg(b.staff_user_id || ',' || (date_part('epoch', b.starts_at) * 1000)::bigint || ',' || (date_part('epoch', b.blocked_until) * 1000)::bigint, ';')
       from appointments b where b.staff_user_id = any($1::int[]) and b.status = 'booked' and b.blocked_until > $2 and b.starts_at < $3
         and ($4::text is null or b.id <> $4::text)) as busy`,
);

/** "agent,start,end;…" as each agent's spans, in time order. */
function spansByAgent(text: unknown): Map<number, Array<[number, number]>> {
  const out = new Map<number, Array<[number, number]>>();
  if (typeof text !== 'string' || text === '') return out;
  for (const item of text.split(';')) {
    const a = item.indexOf(',');
    const b = item.indexOf(',', a + 1);
    const agent = Number(item.slice(0, a));
    let list = out.get(agent);
    if (!list) out.set(agent, (list = []));
    list.push([Number(item.slice(a + 1, b)), Number(item.slice(b + 1))]);
  }
  for (const list of out.values()) list.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  return out;
}

/**
 * The rules, absences and bookings of these agents over [from, to), in one statement; the
 * appointment `except` (one being moved) is left out of the bookings.
 */
export async function calendarInputsOf(q: Q, agentIds: readonly number[], from: Date, to: Date, except?: string): Promise<CalendarInputs> {
  if (agentIds.length === 0) return { rules: new Map(), absences: new Map(), busy: new Map() };
  const [row] = await run(q, calendarInputsStatement, [agentIds, from.toISOString(), to.toISOString(), except ?? null]);
  const rules = new Map<number, RuleInput[]>();
  // PGlite gives json columns parsed; node-postgres too (json's type parser).
  const list = (typeof row!.rules === 'string' ? JSON.parse(row!.rules) : row!.rules) as Array<[number, string, string, string, string, string | null]> | null;
  for (const [agent, rrule, startTime, endTime, validFrom, validUntil] of list ?? []) {
    let mine = rules.get(agent);
    if (!mine) rules.set(agent, (mine = []));
    mine.push({ rrule, startTime, endTime, validFrom, validUntil });
  }
  return { rules, absences: spansByAgent(row!.absences), busy: spansByAgent(row!.busy) };
}

/** Appointments (booked and cancelled) starting in [from, to), of an agent or a type when given, in time order. */
export function appointmentsBetween(q: Q, from: Date, to: Date, filter: { agentId?: number | undefined; typeKey?: string | undefined } = {}): Promise<AppointmentRow[]> {
  return q
    .select()
    .from(appointments)
    .where(
      and(
        gt(appointments.endsAt, from),
        lt(appointments.startsAt, to),
        filter.agentId !== undefined ? eq(appointments.staffUserId, filter.agentId) : undefined,
        filter.typeKey !== undefined ? eq(appointments.typeKey, filter.typeKey) : undefined,
      ),
    )
    .orderBy(asc(appointments.startsAt), asc(appointments.staffUserId));
}

/** Inserts a booked appointment. The exclusion constraint throws 23P01 (see isOverlap) when the agent is taken. */
export async function insertAppointment(tx: Tx, row: typeof appointments.$inferInsert): Promise<AppointmentRow> {
  const [r] = await tx.insert(appointments).values(row).returning();
  return r!;
}

export async function appointmentById(q: Q, id: string, lock = false): Promise<AppointmentRow | null> {
  const query = q.select().from(appointments).where(eq(appointments.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row ?? null;
}

export async function updateAppointment(tx: Tx, id: string, set: Partial<typeof appointments.$inferInsert>): Promise<AppointmentRow> {
  const [r] = await tx.update(appointments).set(set).where(eq(appointments.id, id)).returning();
  return r!;
}

export async function insertMove(tx: Tx, row: typeof appointmentMoves.$inferInsert): Promise<void> {
  await tx.insert(appointmentMoves).values(row);
}

export function movesOf(q: Q, ids: readonly string[]): Promise<MoveRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return q.select().from(appointmentMoves).where(inArray(appointmentMoves.appointmentId, [...ids])).orderBy(asc(appointmentMoves.at), asc(appointmentMoves.id));
}

export async function insertProposal(tx: Tx, row: typeof appointmentProposals.$inferInsert): Promise<ProposalRow> {
  const [r] = await tx.insert(appointmentProposals).values(row).returning();
  return r!;
}

export async function proposalByTokenHash(q: Q, hash: string, lock = false): Promise<ProposalRow | null> {
  const query = q.select().from(appointmentProposals).where(eq(appointmentProposals.tokenHash, hash));
  const [row] = lock ? await query.for('update') : await query;
  return row ?? null;
}

/** Pending proposals of these appointments. */
export function pendingProposals(q: Q, ids: readonly string[]): Promise<ProposalRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return q.select().from(appointmentProposals).where(and(inArray(appointmentProposals.appointmentId, [...ids]), eq(appointmentProposals.status, 'pending')));
}

/** Sets a pending proposal's answer; false when it was no longer pending. */
export async function closeProposal(tx: Tx, id: number, status: 'accepted' | 'refused' | 'lapsed' | 'withdrawn', at: Date, acceptedStart: Date | null = null): Promise<boolean> {
  const rows = await tx
    .update(appointmentProposals)
    .set({ status, answeredAt: at, acceptedStart })
    .where(and(eq(appointmentProposals.id, id), eq(appointmentProposals.status, 'pending')))
    .returning({ id: appointmentProposals.id });
  return rows.length === 1;
}

/** Withdraws the pending proposals of an appointment (it was cancelled or moved another way). */
export async function withdrawProposals(tx: Tx, appointmentId: string, at: Date): Promise<void> {
  await tx
    .update(appointmentProposals)
    .set({ status: 'withdrawn', answeredAt: at })
    .where(and(eq(appointmentProposals.appointmentId, appointmentId), eq(appointmentProposals.status, 'pending')));
}

/** A case by reference with its lane, owner and state (for an appointment's `case`). */
export async function caseByReference(q: Q, reference: string): Promise<{ id: number; customerId: number; lane: string; status: string; reference: string } | null> {
  const [row] = await q.select({ id: cases.id, customerId: cases.customerId, lane: cases.lane, status: cases.status, reference: cases.reference }).from(cases).where(eq(cases.reference, reference));
  return row ?? null;
}

export async function caseReferences(q: Q, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await q.select({ id: cases.id, reference: cases.reference }).from(cases).where(inArray(cases.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.reference]));
}

/** Whether any appointment exists (the demo seeds only an empty calendar). */
export async function anyAppointment(q: Q): Promise<boolean> {
  const rows = await q.select({ id: appointments.id }).from(appointments).limit(1);
  return rows.length > 0;
}

/** Booked appointments of one agent other than `exceptId` overlapping [from, to): for a move's own check before the constraint's. */
export async function countOverlapping(q: Q, agentId: number, from: Date, to: Date, exceptId: string): Promise<number> {
  const [row] = await q
    .select({ n: sql<number>`count(*)::int` })
    .from(appointments)
    .where(and(eq(appointments.staffUserId, agentId), eq(appointments.status, 'booked'), ne(appointments.id, exceptId), gt(appointments.blockedUntil, from), lt(appointments.startsAt, to)));
  return row?.n ?? 0;
}

export async function customerEmail(q: Q, customerId: number): Promise<string | null> {
  const [row] = await q.select({ email: customers.email }).from(customers).where(eq(customers.id, customerId));
  return row?.email ?? null;
}
