// The demo's appointments (`npm start`): a "Videollamada con soporte" type served by the two demo
// staff members on weekdays inside the default business hours, so the widget and the portal
// have free slots for the next weeks, and, on an empty calendar, two bookings (one standard,
// one fast-lane in a slot held for the fast lane) for the console to show. Through the real
// service; safe at every start: what exists is left as it is.
import type { Database } from '../db/client.js';
import type { AyudaApp } from '../app.js';
import type { Config } from '../config.js';
import type { Logger } from '../http/logger.js';
import { anyAppointment, typeByKey } from '../appointments/store.js';
import { userByEmail } from '../staff/store.js';
import type { StaffActor } from '../staff/actor.js';
import { DEMO_STAFF } from '../staff/demo.js';
import { systemClock, type Clock } from '../clock.js';

export const DEMO_APPOINTMENT_TYPE = {
  key: 'videollamada',
  name: { es: 'Videollamada con soporte', en: 'Video call with support' },
  description: { es: 'Media hora con un técnico por videollamada para revisar tu conexión, el router o la factura.', en: 'Half an hour on a video call with a technician to look at your connection, router or bill.' },
  mode: 'video',
  durationMinutes: 30,
  bufferMinutes: 10,
  minNoticeMinutes: 120,
  maxDaysAhead: 30,
  reserveShare: 0.1,
  releaseHours: 24,
  active: true,
} as const;

/** Weekday mornings and afternoons, inside the default business hours (09:00–18:00, Madrid). */
const DEMO_RULES = [
  { rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', start: '09:00', end: '14:00', validUntil: null },
  { rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', start: '15:00', end: '18:00', validUntil: null },
];

export interface DemoAppointmentsResult {
  /** Whether the type was created now. */
  type: boolean;
  /** Appointments booked now. */
  booked: number;
  /** Free slots of the type in the next 14 days (the standard lane's). */
  freeSlots: number;
}

export async function seedDemoAppointments(opts: { ayuda: AyudaApp; database: Database; config: Pick<Config, 'production'>; logger?: Pick<Logger, 'warn'>; clock?: Clock }): Promise<DemoAppointmentsResult | null> {
  const { ayuda, database } = opts;
  if (opts.config.production) return null;
  const staff: StaffActor[] = [];
  for (const a of DEMO_STAFF) {
    const u = await userByEmail(database.db, a.email);
    if (!u) throw new Error(`demo: the demo staff account ${a.email} is missing (ensureDemoStaff first)`);
    staff.push({ kind: 'user', id: u.id, name: u.name, role: u.role === 'admin' ? 'admin' : 'agent' });
  }
  const admin = staff.find((s) => s.role === 'admin')!;
  const svc = ayuda.appointments;
  const now = (opts.clock ?? systemClock).now().getTime();
  const today = new Date(now).toISOString().slice(0, 10);
  for (const s of staff) {
    if ((await svc.availability(s.id)).rules.length === 0) await svc.saveAvailability(admin, s.id, { rules: DEMO_RULES.map((r) => ({ ...r, validFrom: today })) });
  }
  const created = !(await typeByKey(database.db, DEMO_APPOINTMENT_TYPE.key));
  if (created) await svc.saveType(DEMO_APPOINTMENT_TYPE.key, { ...DEMO_APPOINTMENT_TYPE, agentIds: staff.map((s) => s.id) });

  let booked = 0;
  if (!(await anyAppointment(database.db))) {
    // Two days ahead at least, so neither lands inside the notice on a slow first start. Both at
    // the time of a unit held for the fast lane: the standard booking takes the other agent's
    // unit, the fast-lane one the held unit, as the console then shows.
    const from = new Date(now + 2 * 86_400_000).toISOString();
    const to = new Date(now + 16 * 86_400_000).toISOString();
    const held = (await svc.calendar({ from, to, type: DEMO_APPOINTMENT_TYPE.key })).units.find((u) => u.free && u.reserved);
    if (held) {
      await svc.bookInLane({ type: DEMO_APPOINTMENT_TYPE.key, start: held.start, name: 'Laura Gómez', email: 'laura.gomez@example.com', locale: 'es', notes: 'Quiero revisar la portabilidad de mi móvil.' }, 'standard', 'demo-appointment-standard').then(
        () => booked++,
        // Only when the held unit is the only one at that time: the fast-lane booking still shows the reserve.
        (err: unknown) => opts.logger?.warn('demo: the standard demo appointment could not be booked', { error: String(err) }),
      );
      await svc.bookInLane({ type: DEMO_APPOINTMENT_TYPE.key, start: held.start, name: 'James Carter', email: 'james.carter@example.com', locale: 'en', notes: 'The Wi-Fi still drops in the bedroom.' }, 'fast', 'demo-appointment-fast');
      booked++;
    }
  }
  const freeSlots = (await svc.slots({ type: DEMO_APPOINTMENT_TYPE.key }, { lane: 'standard' })).slots.length;
  return { type: created, booked, freeSlots };
}
