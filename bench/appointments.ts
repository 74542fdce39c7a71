// Appointments: `slots_compute_ms` is the p99 of a month of slots of one type served by 20
// agents (weekdays 09:00–18:00, a third of the units booked): the service call behind
// `GET /api/v1/appointments/slots`, which reads rules, absences and bookings from the database
// and computes the units and the fast lane's reserve, on the embedded database; the same over
// HTTP is `slots_http_ms`. `booking_conflict_rps_postgres` is how many bookings a second the
// server answers (201 or 409) on PostgreSQL when 32 clients at once ask for the same few times.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { API_PREFIX } from '@ayuda/core';
import { loadConfig } from '../packages/server/src/config.js';
import { startServer, type RunningServer } from '../packages/server/src/server.js';
import { createLogger } from '../packages/server/src/http/logger.js';
import { appointments } from '../packages/server/src/db/schema.js';
import { manageToken, tokenHash } from '../packages/server/src/appointments/tokens.js';
import type { StaffActor } from '../packages/server/src/staff/actor.js';
import { findPostgres, redact, withFreshDatabase } from './portal.js';
import { log, percentile, round } from './stats.js';

export const APPOINTMENTS_BENCH_DEFAULTS = {
  agents: 20,
  /** Timed slot computations after `warmup` untimed ones. */
  requests: 60,
  warmup: 5,
  /** Concurrent booking clients, bookings sent, and distinct start times they ask for. */
  concurrency: 32,
  bookings: 1_500,
  starts: 40,
} as const;

const D = APPOINTMENTS_BENCH_DEFAULTS;
const DAY = 86_400_000;

async function timed(n: number, warmup: number, fn: () => Promise<void>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < warmup; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return { p50: percentile(ms, 0.5), p99: percentile(ms, 0.99) };
}

/** 20 agents (or `agents`) working weekdays 09:00–18:00, type `video` (30 min + 10 min buffer) served by all. */
async function seedCalendar(server: RunningServer, agents: number): Promise<StaffActor> {
  const now = new Date();
  await server.database.db.execute(sql`insert into staff_users (email, name, role, created_at, updated_at)
    select 'agente' || g || '@bench.example', 'Agente ' || g, case when g = 1 then 'admin' else 'agent' end, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
    from generate_series(1, ${agents}) g`);
  const ids = ((await server.database.db.execute(sql`select id from staff_users order by id`)) as unknown as { rows: Array<{ id: number }> }).rows.map((r) => r.id);
  const admin: StaffActor = { kind: 'user', id: ids[0]!, name: 'Agente 1', role: 'admin' };
  const svc = server.ayuda.appointments;
  for (const id of ids) await svc.saveAvailability(admin, id, { rules: [{ rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', start: '09:00', end: '18:00', validFrom: '2020-01-01', validUntil: null }] });
  await svc.saveType('video', { key: 'video', name: { es: 'Videollamada', en: 'Video call' }, mode: 'video', durationMinutes: 30, bufferMinutes: 10, agentIds: ids, minNoticeMinutes: 120, maxDaysAhead: 60, reserveShare: 0.1, releaseHours: 24, active: true });
  return admin;
}

/** Books every third unit of the month, straight into the table (what weeks of bookings leave). */
async function bookThird(server: RunningServer, from: string, to: string): Promise<number> {
  const units = (await server.ayuda.appointments.calendar({ from, to, type: 'video' })).units.filter((_, i) => i % 3 === 0);
  const now = new Date();
  // Their links are never used: any secret makes a well-formed hash.
  const secret = randomBytes(16).toString('hex');
  for (let i = 0; i < units.length; i += 500) {
    await server.database.db.insert(appointments).values(
      units.slice(i, i + 500).map((u) => {
        const id = randomUUID();
        return {
          id, typeKey: 'video', staffUserId: u.agentId, startsAt: new Date(u.start), endsAt: new Date(u.end), blockedUntil: new Date(Date.parse(u.end) + 10 * 60_000),
          status: 'booked', lane: 'standard', inReserve: false, name: 'Cliente', email: 'cliente@bench.example', locale: 'es', manageTokenHash: tokenHash(manageToken(secret, id)), createdAt: now, updatedAt: now,
        };
      }),
    );
  }
  return units.length;
}

async function measureSlots(results: Record<string, number>): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ayuda-bench-appointments-'));
  const env = { NODE_ENV: 'production', AYUDA_SECRET: randomBytes(32).toString('base64'), AYUDA_DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'silent', AYUDA_RATE_LIMIT: '1000000' };
  const server = await startServer(loadConfig({ ...env, PORT: '0' }, {}), { logger: createLogger('silent') });
  try {
    await seedCalendar(server, D.agents);
    const from = new Date(Date.now() + DAY).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 31 * DAY).toISOString().slice(0, 10);
    const booked = await bookThird(server, from, to);
    const svc = server.ayuda.appointments;
    const first = await svc.slots({ type: 'video', from, to }, { lane: 'standard' });
    log(`  a month (${from} to ${to}) of ${D.agents} agents: ${booked} units booked, ${first.slots.length} slots free for the standard lane`);
    const compute = await timed(D.requests, D.warmup, async () => void (await svc.slots({ type: 'video', from, to }, { lane: 'standard' })));
    const url = `${server.url}${API_PREFIX}/appointments/slots?type=video&from=${from}&to=${to}`;
    const http = await timed(D.requests, D.warmup, async () => {
      const res = await fetch(url);
      if (res.status !== 200) throw new Error(`slots answered ${res.status}`);
      await res.arrayBuffer();
    });
    Object.assign(results, { slots_compute_ms: round(compute.p99, 1), slots_compute_p50_ms: round(compute.p50, 1), slots_http_ms: round(http.p99, 1) });
    log(`  slots computed p50 ${compute.p50.toFixed(1)} ms p99 ${compute.p99.toFixed(1)} ms; over HTTP p99 ${http.p99.toFixed(1)} ms`);
  } finally {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function measureConflicts(databaseUrl: string, results: Record<string, number>): Promise<void> {
  const env = { NODE_ENV: 'production', AYUDA_SECRET: randomBytes(32).toString('base64'), DATABASE_URL: databaseUrl, HOST: '127.0.0.1', LOG_LEVEL: 'silent', AYUDA_RATE_LIMIT: '1000000', AYUDA_CASE_RATE_LIMIT: '1000000' };
  const server = await startServer(loadConfig({ ...env, PORT: '0' }, {}), { logger: createLogger('silent') });
  try {
    await seedCalendar(server, 5);
    const list = await server.ayuda.appointments.slots({ type: 'video' }, { lane: 'standard' });
    const starts = list.slots.slice(0, D.starts).map((s) => s.start);
    const counts = { 201: 0, 409: 0, other: 0 };
    let next = 0;
    const t0 = performance.now();
    const client = async () => {
      for (;;) {
        const i = next++;
        if (i >= D.bookings) return;
        const res = await fetch(`${server.url}${API_PREFIX}/appointments`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `bench-${i}` },
          body: JSON.stringify({ type: 'video', start: starts[i % starts.length], name: 'Cliente', email: `c${i}@bench.example`, locale: 'es' }),
        });
        await res.arrayBuffer();
        if (res.status === 201 || res.status === 409) counts[res.status]++;
        else counts.other++;
      }
    };
    await Promise.all(Array.from({ length: D.concurrency }, client));
    const s = (performance.now() - t0) / 1000;
    if (counts.other) throw new Error(`${counts.other} bookings answered neither 201 nor 409`);
    const { rows } = (await server.database.db.execute(sql`select count(*)::int as n from appointments`)) as unknown as { rows: Array<{ n: number }> };
    if (rows[0]!.n !== counts[201]) throw new Error(`${counts[201]} bookings answered 201 but ${rows[0]!.n} are stored`);
    results.booking_conflict_rps_postgres = round((counts[201] + counts[409]) / s, 1);
    log(`  ${D.bookings} bookings from ${D.concurrency} clients over ${starts.length} start times: ${counts[201]} booked, ${counts[409]} conflicts, ${results.booking_conflict_rps_postgres} per second`);
  } finally {
    await server.close();
  }
}

/** The appointments figures for `npm run bench`: slots on PGlite; conflicts on PostgreSQL (failed when none answers). */
export async function benchAppointments(): Promise<{ results: Record<string, number>; failed: boolean }> {
  const results: Record<string, number> = {};
  let failed = false;
  log('appointments: a month of slots of 20 agents (PGlite)');
  try {
    await measureSlots(results);
  } catch (e) {
    failed = true;
    log(`  appointments slots: FAILED: ${(e as Error).stack ?? String(e)}`);
  }
  const pgServer = await findPostgres();
  if (pgServer.url === null) {
    log(`appointments: FAILED, no PostgreSQL answers (${pgServer.reason}); set DATABASE_URL to measure booking_conflict_rps_postgres`);
    return { results, failed: true };
  }
  log(`appointments: concurrent bookings of the same times on PostgreSQL (${redact(pgServer.url)})`);
  try {
    await withFreshDatabase(pgServer.url, (url) => measureConflicts(url, results));
  } catch (e) {
    failed = true;
    log(`  appointments conflicts: FAILED: ${(e as Error).stack ?? String(e)}`);
  }
  return { results, failed };
}
