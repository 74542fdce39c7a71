// No double booking under load: 100 requests at the same instant for one slot of one agent, over
// real HTTP, on each database; on PostgreSQL also split over two apps with their own connection
// pools (two server processes): the exclusion constraint lets exactly one through.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serve, type ServerType } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import { API_PREFIX } from '@ayuda/core';
import { appointments } from '../db/schema.js';
import { openDatabase, type Database } from '../db/client.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { booking, calendar, json, recordingNotifier, type Calendar } from './testing.js';

// Each test signs staff in (argon2id) on a fresh database: slower than the default on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

const SLOT = '2026-11-23T08:00:00.000Z';
const ENV = { AYUDA_CASE_RATE_LIMIT: '100000', AYUDA_RATE_LIMIT: '100000' };

async function listen(t: TestApp): Promise<{ base: string; server: ServerType }> {
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const address = server.address();
  return { server, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

const close = (s: ServerType) => new Promise<void>((resolve) => s.close(() => resolve()));

/** Fires `n` bookings of SLOT at once, request i at `bases[i % bases.length]`; answers each status and body. */
async function race(bases: string[], n: number): Promise<Array<{ status: number; body: { slots?: Array<{ start: string }>; id?: string } }>> {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const res = await fetch(`${bases[i % bases.length]}${API_PREFIX}/appointments`, json('POST', booking(SLOT, { email: `cliente${i}@example.com` }), { 'Idempotency-Key': `race-${i}` }));
      return { status: res.status, body: await res.json() };
    }),
  );
}

function expectOneWinner(results: Awaited<ReturnType<typeof race>>): void {
  const statuses = results.map((r) => r.status);
  const odd = results.find((r) => r.status !== 201 && r.status !== 409);
  expect(odd, `an answer neither 201 nor 409: ${JSON.stringify(odd)}`).toBeUndefined();
  expect(statuses.filter((s) => s === 201)).toHaveLength(1);
  expect(statuses.filter((s) => s === 409)).toHaveLength(results.length - 1);
  for (const r of results.filter((x) => x.status === 409)) {
    // Fresh slots of that day: the others still free, never the one just taken (nor the held one).
    expect(r.body.slots?.map((s) => s.start)).not.toContain(SLOT);
    expect(r.body.slots).toHaveLength(6);
  }
}

describe.each(testDatabases())('one slot, 100 requests at once (%s, real HTTP server)', (kind) => {
  let cal: Calendar;
  let server: ServerType | undefined;
  afterEach(async () => {
    if (server) await close(server);
    await cal?.t.dispose();
  });

  it('books it exactly once; the 99 others get 409 with the day’s fresh slots', async () => {
    cal = await calendar(kind, { env: ENV });
    const running = await listen(cal.t);
    server = running.server;
    const results = await race([running.base], 100);
    expectOneWinner(results);
    const rows = await cal.t.database.db.select().from(appointments);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(results.find((r) => r.status === 201)!.body.id);
    expect(cal.mailed.filter((m) => m.kind === 'booked')).toHaveLength(1);
  });
});

describe.skipIf(!process.env.DATABASE_URL)('two server processes over one PostgreSQL', () => {
  let cal: Calendar;
  let second: { t: TestApp; database: Database } | undefined;
  const servers: ServerType[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await close(s);
    if (second) {
      await second.t.dispose();
      await second.database.close();
    }
    await cal?.t.dispose();
  });

  it('cannot double book: 100 requests split over two apps, each with its own connection pool', async () => {
    cal = await calendar('postgres', { env: ENV });
    const { rows } = (await cal.t.database.db.execute(sql`select current_database() as name`)) as unknown as { rows: Array<{ name: string }> };
    const name = rows[0]!.name;
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 10 });
    second = { database, t: await createTestApp('postgres', { database, kb: false, env: ENV, appointmentNotifier: recordingNotifier().notifier }) };
    const one = await listen(cal.t);
    const two = await listen(second.t);
    servers.push(one.server, two.server);
    expectOneWinner(await race([one.base, two.base], 100));
    expect(await cal.t.database.db.select().from(appointments)).toHaveLength(1);
    expect(await database.db.select().from(appointments)).toHaveLength(1);
  });
});
