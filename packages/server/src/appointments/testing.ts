// Test helpers for appointments: a notifier double that records what would be mailed (the mail
// part has its own tests), a calendar of one type served by one or more agents, and customers
// signed in with or without a fast-lane subscription, all through the real endpoints and tables.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { API_PREFIX } from '@ayuda/core';
import type { Tx } from '../db/client.js';
import { customerSessions, customers, entitlements } from '../db/schema.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import type { DbKind } from '../testing/db.js';
import { signInStaff, type SignedInStaff } from '../testing/staff.js';
import type { AppointmentNotifier, AppointmentRecord, MoveProposalRecord } from './ports.js';

export type Mailed =
  | { kind: 'booked'; a: AppointmentRecord; token: string }
  | { kind: 'moved'; a: AppointmentRecord; from: { startsAt: Date; endsAt: Date }; token: string; proposal?: MoveProposalRecord | undefined }
  | { kind: 'cancelled'; a: AppointmentRecord; by: 'customer' | 'staff'; reason: string | null }
  | { kind: 'proposed'; p: MoveProposalRecord; token: string };

/** Records each call instead of mailing (a test double for AppointmentNotifier). */
export function recordingNotifier(): { notifier: AppointmentNotifier; mailed: Mailed[] } {
  const mailed: Mailed[] = [];
  return {
    mailed,
    notifier: {
      booked: async (_tx: Tx, a, token) => void mailed.push({ kind: 'booked', a, token }),
      moved: async (_tx: Tx, a, from, token, proposal) => void mailed.push({ kind: 'moved', a, from, token, proposal }),
      cancelled: async (_tx: Tx, a, by, reason) => void mailed.push({ kind: 'cancelled', a, by, reason }),
      proposed: async (_tx: Tx, p, token) => void mailed.push({ kind: 'proposed', p, token }),
    },
  };
}

export const json = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({ method, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

export interface Calendar {
  t: TestApp;
  admin: SignedInStaff;
  agents: SignedInStaff[];
  mailed: Mailed[];
}

/** The test app's clock is Friday 2026-11-20 10:00 UTC (11:00 in Madrid, the default hours' zone). */
export const WEEKDAYS_9_TO_13 = { rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', start: '09:00', end: '13:00', validFrom: '2026-01-01' };

/**
 * An app with type `video` (30 minutes, no buffer, 10 % reserve, released 24 h before, 2 h
 * notice, 30 days ahead) served by `agents` agents working weekdays 09:00–13:00 in Madrid.
 */
export async function calendar(kind: DbKind, opts: { agents?: number; type?: Record<string, unknown>; env?: Record<string, string>; rules?: unknown[] } = {}): Promise<Calendar> {
  const { notifier, mailed } = recordingNotifier();
  const t = await createTestApp(kind, { kb: false, env: { AYUDA_CASE_RATE_LIMIT: '100000', AYUDA_RATE_LIMIT: '100000', ...opts.env }, appointmentNotifier: notifier });
  const admin = await signInStaff(t, { role: 'admin', name: 'Ana Ruiz' });
  const agents: SignedInStaff[] = [];
  for (let i = 0; i < (opts.agents ?? 1); i++) agents.push(await signInStaff(t, { role: 'agent', name: `Agente ${i + 1}` }));
  for (const a of agents) {
    const res = await t.request(`${API_PREFIX}/staff/appointment-agents/${a.user.id}`, json('PUT', { rules: opts.rules ?? [WEEKDAYS_9_TO_13] }, a.headers(true)));
    if (res.status !== 200) throw new Error(`calendar: availability ${res.status} ${await res.text()}`);
  }
  const type = { key: 'video', name: { es: 'Videollamada', en: 'Video call' }, mode: 'video', durationMinutes: 30, bufferMinutes: 0, agentIds: agents.map((a) => a.user.id), ...opts.type };
  const res = await t.request(`${API_PREFIX}/staff/appointment-types/${type.key}`, json('PUT', type, admin.headers(true)));
  if (res.status !== 200) throw new Error(`calendar: type ${res.status} ${await res.text()}`);
  return { t, admin, agents, mailed };
}

/** A customer with a live session (its bearer token), with an active fast-lane subscription when `fast`. */
export async function customerSession(t: TestApp, opts: { email?: string; fast?: boolean } = {}): Promise<{ id: number; email: string; token: string }> {
  const now = t.clock.now();
  const email = opts.email ?? `cliente-${randomUUID().slice(0, 8)}@example.com`;
  const [c] = await t.database.db.insert(customers).values({ email, name: 'Cliente', locale: 'es', createdAt: now }).returning();
  const token = `ayuda_cs_${randomBytes(24).toString('base64url')}`;
  await t.database.db.insert(customerSessions).values({ tokenHash: createHash('sha256').update(token).digest('hex'), customerId: c!.id, method: 'code', expiresAt: new Date(now.getTime() + 86_400_000), createdAt: now });
  if (opts.fast) await t.database.db.insert(entitlements).values({ customerId: c!.id, subscriptionId: `sub_${randomUUID()}`, planKey: 'monthly', status: 'active', createdAt: now, updatedAt: now });
  return { id: c!.id, email, token };
}

export const booking = (start: string, extra: Record<string, unknown> = {}) => ({ type: 'video', start, name: 'Lucía Pérez', email: 'lucia@example.com', locale: 'es', ...extra });
