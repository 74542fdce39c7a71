// Appointments written straight into a test database, for the tests of what reads them (mail,
// reminders, calendar feeds) apart from the booking service: a type, its agents, and rows
// shaped as the booking service leaves them.
import { createHash, randomUUID } from 'node:crypto';
import type { Database } from '../db/client.js';
import { appointments, appointmentTypes, staffUsers } from '../db/schema.js';
import type { AppointmentTokens } from '../appointments/tokens.js';

let seq = 0;

/** A staff user without a password (an agent who serves appointments); answers their id. */
export async function insertAgent(db: Database, opts: { name?: string; locale?: 'es' | 'en'; disabled?: boolean } = {}): Promise<number> {
  const n = ++seq;
  const now = new Date('2026-11-01T00:00:00Z');
  const [row] = await db.db
    .insert(staffUsers)
    .values({ email: `appt-agent${n}-${process.pid}@staff.test`, name: opts.name ?? `Agente ${n}`, role: 'agent', locale: opts.locale ?? 'es', createdAt: now, updatedAt: now, disabledAt: opts.disabled ? now : null })
    .returning({ id: staffUsers.id });
  return row!.id;
}

/** An appointment type (30 minutes, by phone unless said). */
export async function insertAppointmentType(db: Database, opts: { key?: string; mode?: 'phone' | 'video' | 'in_person' } = {}): Promise<string> {
  const key = opts.key ?? `revision-${++seq}`;
  await db.db.insert(appointmentTypes).values({
    key,
    name: { es: 'Revisión de la instalación', en: 'Installation check' },
    description: null,
    mode: opts.mode ?? 'phone',
    durationMinutes: 30,
    bufferMinutes: 0,
    minNoticeMinutes: 120,
    maxDaysAhead: 30,
    reserveShare: 0.1,
    releaseHours: 24,
    active: true,
    updatedAt: new Date('2026-11-01T00:00:00Z'),
  });
  return key;
}

export interface AppointmentRowInput {
  type: string;
  staffUserId: number;
  start: string;
  minutes?: number;
  status?: 'booked' | 'cancelled';
  lane?: 'standard' | 'fast';
  name?: string;
  email?: string;
  locale?: 'es' | 'en';
  phone?: string | null;
  notes?: string | null;
  sequence?: number;
  /** When it was booked (default: a week before it starts). */
  createdAt?: string;
  reminderSentAt?: string | null;
}

/** Writes a booked appointment (unless said otherwise); answers its id. */
export async function insertAppointment(db: Database, tokens: AppointmentTokens, a: AppointmentRowInput): Promise<string> {
  const id = randomUUID();
  const start = new Date(a.start);
  const end = new Date(start.getTime() + (a.minutes ?? 30) * 60_000);
  const created = a.createdAt ? new Date(a.createdAt) : new Date(start.getTime() - 7 * 86_400_000);
  await db.db.insert(appointments).values({
    id,
    typeKey: a.type,
    staffUserId: a.staffUserId,
    startsAt: start,
    endsAt: end,
    blockedUntil: end,
    status: a.status ?? 'booked',
    lane: a.lane ?? 'standard',
    inReserve: a.lane === 'fast',
    name: a.name ?? 'Ana Pérez',
    email: a.email ?? `ana${++seq}@example.com`,
    locale: a.locale ?? 'es',
    phone: a.phone === undefined ? '+34600111222' : a.phone,
    notes: a.notes ?? null,
    manageTokenHash: createHash('sha256').update(tokens.manage(id)).digest('hex'),
    sequence: a.sequence ?? 0,
    reminderSentAt: a.reminderSentAt ? new Date(a.reminderSentAt) : null,
    ...(a.status === 'cancelled' ? { cancelledAt: created, cancelledBy: 'customer' } : {}),
    createdAt: created,
    updatedAt: created,
  });
  return id;
}
