// Reads appointments as AppointmentRecord (ports.ts) for the reminder job and the calendar feed,
// with their type's name and their agent's: the mail side's own small queries, apart from the
// booking service's store.
import { and, asc, eq, gte, inArray, type SQL } from 'drizzle-orm';
import type { Locale } from '@ayuda/core';
import type { Db, Tx } from '../db/client.js';
import { appointments, appointmentTypes, cases, staffUsers } from '../db/schema.js';
import type { AppointmentRecord } from './ports.js';

const columns = {
  a: appointments,
  typeName: appointmentTypes.name,
  mode: appointmentTypes.mode,
  staffName: staffUsers.name,
  caseReference: cases.reference,
};

type Row = { a: typeof appointments.$inferSelect; typeName: { es: string; en: string }; mode: string; staffName: string; caseReference: string | null };

function toRecord(r: Row): AppointmentRecord {
  const a = r.a;
  return {
    id: a.id,
    typeKey: a.typeKey,
    typeName: r.typeName,
    mode: r.mode as AppointmentRecord['mode'],
    staffUserId: a.staffUserId,
    staffName: r.staffName,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    status: a.status as AppointmentRecord['status'],
    lane: a.lane as AppointmentRecord['lane'],
    inReserve: a.inReserve,
    name: a.name,
    email: a.email,
    locale: a.locale as Locale,
    phone: a.phone,
    notes: a.notes,
    caseReference: r.caseReference,
    sequence: a.sequence,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

async function select(q: Db | Tx, where: SQL | undefined, limit?: number): Promise<AppointmentRecord[]> {
  const base = q
    .select(columns)
    .from(appointments)
    .innerJoin(appointmentTypes, eq(appointmentTypes.key, appointments.typeKey))
    .innerJoin(staffUsers, eq(staffUsers.id, appointments.staffUserId))
    .leftJoin(cases, eq(cases.id, appointments.caseId))
    .where(where)
    .orderBy(asc(appointments.startsAt), asc(appointments.id));
  return ((limit === undefined ? await base : await base.limit(limit)) as Row[]).map(toRecord);
}

/** The appointments with these ids, soonest first. */
export function appointmentsByIds(q: Db | Tx, ids: string[]): Promise<AppointmentRecord[]> {
  return ids.length ? select(q, inArray(appointments.id, ids)) : Promise.resolve([]);
}

/** One agent's booked appointments starting at or after `from`, soonest first, at most `limit`. */
export function bookedOfAgent(q: Db | Tx, staffUserId: number, from: Date, limit: number): Promise<AppointmentRecord[]> {
  return select(q, and(eq(appointments.staffUserId, staffUserId), eq(appointments.status, 'booked'), gte(appointments.startsAt, from)), limit);
}
