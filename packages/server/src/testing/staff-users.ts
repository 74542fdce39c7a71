// Staff users for tests of capabilities that record a person's work (time, opportunities),
// inserted straight into the database: sign-in is another capability's, tested on its own.
import { randomUUID } from 'node:crypto';
import { API_PREFIX } from '@ayuda/core';
import { staffUsers } from '../db/schema.js';
import type { StaffActor, StaffRole } from '../staff/actor.js';
import type { TestApp } from './app.js';

/** A staff user row, and the actor a console session of theirs would be. */
export async function insertStaffUser(t: TestApp, o: { name: string; role?: StaffRole; hourlyCost?: number | null }): Promise<StaffActor & { kind: 'user' }> {
  const now = t.clock.now();
  const [row] = await t.database.db
    .insert(staffUsers)
    .values({ email: `${randomUUID()}@staff.example`, name: o.name, role: o.role ?? 'agent', hourlyCost: o.hourlyCost ?? null, createdAt: now, updatedAt: now })
    .returning();
  return { kind: 'user', id: row!.id, name: row!.name, role: row!.role as StaffRole };
}

/** Submits a case through the API; returns its reference and tracking token. */
export async function submitTestCase(t: TestApp, o: { email?: string; subject?: string; locale?: 'es' | 'en' } = {}): Promise<{ reference: string; trackingToken: string }> {
  const res = await t.request(`${API_PREFIX}/cases`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
    body: JSON.stringify({ name: 'Lucía Pérez', email: o.email ?? `lucia+${randomUUID().slice(0, 8)}@example.com`, subject: o.subject ?? 'El router parpadea', description: 'Desde esta mañana el router parpadea en rojo.', locale: o.locale ?? 'es' }),
  });
  if (res.status !== 201) throw new Error(`submitTestCase: ${res.status} ${await res.text()}`);
  return (await res.json()) as { reference: string; trackingToken: string };
}
