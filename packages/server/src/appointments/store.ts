// Appointment queries (Drizzle). Only this file knows the tables' shapes.
import { and, asc, eq, gt, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
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

/**
 * What takes agents' time over [from, to): booked appointments (with their buffer) as millisecond
 * spans grouped by agent, in time order. One row per agent with two arrays, so a month of
 * bookings costs the driver a few rows instead of thousands.
 */
export async function busySpansOf(q: Q, agentIds: readonly number[], from: Date, to: Date): Promise<Map<number, Array<[number, number]>>> {
  const out = new Map<number, Array<[number, number]>>();
  if (agentIds.length === 0) return out;
  // One text per agent ("start,end;start,end", milliseconds): far cheaper to read than rows or
  // arrays of timestamps when a month holds thousands of bookings.
  const result = await q.execute(sql`select ${appointments.staffUserId} as agent,
        string_agg((extract(epoch from ${appointments.startsAt}) * 1000)::bigint || ',' || (extract(epoch from ${appointments.blockedUntil}) * 1000)::bigint, ';' order by ${appointments.startsAt}) as spans
      from ${appointments}
      where ${and(inArray(appointments.staffUserId, [...agentIds]), eq(appointments.status, 'booked'), gt(appointments.blockedUntil, from), lt(appointments.startsAt, to))}
      group by ${appointments.staffUserId}`);
  const rows = (result as unknown as { rows: Array<{ agent: number; spans: string }> }).rows;
  for (const r of rows) {
    const spans: Array<[number, number]> = [];
    for (const pair of r.spans.split(';')) {
      const comma = pair.indexOf(',');
      spans.push([Number(pair.slice(0, comma)), Number(pair.slice(comma + 1))]);
    }
    out.set(Number(r.agent), spans);
  }
  return out;
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
