// The demo's appointments: a type with free slots in the next 14 days, the demo staff's working
// hours and two bookings (one held for the fast lane), added once however often the demo starts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { API_PREFIX } from '@ayuda/core';
import { appointments, appointmentTypes, agentAvailability } from '../db/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { ensureDemoStaff } from '../staff/demo.js';
import { seedDemoAppointments } from './appointments.js';

// Each test signs staff in (argon2id) on a fresh database: slower than the default on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

describe.each(testDatabases())('demo appointments (%s)', (kind) => {
  let t: TestApp;
  afterEach(async () => t?.dispose());

  it('offers free slots in the next 14 days, books one standard and one fast-lane appointment, and adds nothing at a restart', async () => {
    t = await createTestApp(kind, { kb: false });
    await ensureDemoStaff(t.staff, t.config, { warn: () => {} });
    const first = await seedDemoAppointments({ ayuda: t, database: t.database, config: t.config, clock: t.clock });
    expect(first).toMatchObject({ type: true, booked: 2 });
    expect(first!.freeSlots).toBeGreaterThan(50);
    const rows = await t.database.db.select().from(appointments);
    expect(rows.map((r) => [r.lane, r.inReserve]).sort()).toEqual([['fast', true], ['standard', false]]);
    const slots = await (await t.request(`${API_PREFIX}/appointments/slots?type=videollamada`)).json();
    expect(slots.slots.length).toBe(first!.freeSlots);

    const again = await seedDemoAppointments({ ayuda: t, database: t.database, config: t.config, clock: t.clock });
    expect(again).toMatchObject({ type: false, booked: 0 });
    expect(await t.database.db.select().from(appointments)).toHaveLength(2);
    expect(await t.database.db.select().from(appointmentTypes)).toHaveLength(1);
    expect(await t.database.db.select().from(agentAvailability)).toHaveLength(4);
  });

  it('adds nothing in production', async () => {
    t = await createTestApp(kind, { kb: false });
    expect(await seedDemoAppointments({ ayuda: t, database: t.database, config: { production: true } })).toBeNull();
  });
});
