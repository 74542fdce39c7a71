// The demo's cases: added through the real services to an empty database, once, never in
// production; the paid case through the Stripe emulator and the server's webhook.
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../config.js';
import { startServer, type RunningServer } from '../server.js';
import { fixedClock } from '../clock.js';
import { createLogger } from '../http/logger.js';
import { startDevStripe } from '../billing/dev-stripe.js';
import { ensureDemoStaff } from '../staff/demo.js';
import { mailOutbox } from '../db/schema.js';
import { createTestDatabase, testDatabases, type DbKind } from '../testing/db.js';
import { DEMO_KB_DIR, DEMO_SITE_DIR } from '../testing/app.js';
import type { StaffActor } from '../staff/actor.js';
import { userByEmail } from '../staff/store.js';
import { DEMO_CASES, DEMO_HISTORY, seedDemoCases } from './cases.js';

/** The day's cases after the past weeks' solved ones. */
const ALL = [...DEMO_HISTORY, ...DEMO_CASES];

const silent = createLogger('silent');
const demoEnv = { PORT: '0', LOG_LEVEL: 'silent', AYUDA_KB_DIR: DEMO_KB_DIR, AYUDA_SITE_DIR: DEMO_SITE_DIR, AYUDA_COMPANY_NAME: 'Nubefibra', AYUDA_CASE_PREFIX: 'NF' };
// An admin token's view of the queue (any staff sees every case).
const admin: StaffActor = { kind: 'token', id: 1, name: 'test', role: 'admin' };

describe.each(testDatabases())('demo cases (%s)', (kind: DbKind) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  /** A server as `ayuda start --demo` runs it: a Monday afternoon in Madrid, the emulator when asked. */
  async function start(opts: { emulator: boolean; env?: Record<string, string> }) {
    const clock = fixedClock('2026-11-23T15:00:00Z');
    const database = await createTestDatabase(kind);
    cleanups.push(() => database.close());
    const dev = opts.emulator ? await startDevStripe({ clock, retryDelayMs: 20 }) : null;
    if (dev) cleanups.push(() => dev.emulator.close());
    const config = loadConfig({ ...demoEnv, ...opts.env });
    const server: RunningServer = await startServer(config, { database, clock, logger: silent, stripe: dev?.gateway ?? null });
    cleanups.push(() => server.close());
    dev?.connect(server.url);
    await ensureDemoStaff(server.ayuda.staff, config, silent);
    const seed = () => seedDemoCases({ ayuda: server.ayuda, database, config, emulator: dev?.emulator ?? null, clock, logger: silent });
    const all = () => server.ayuda.cases.queue({ view: 'all', status: ['new', 'open', 'pending_customer', 'solved', 'closed'], limit: 50 }, admin);
    return { server, database, seed, all, clock };
  }

  it('adds the day’s cases once: the paid fast-lane case first, one past its SLA, pending, solved, assigned and unassigned ones', async () => {
    const t = await start({ emulator: true });
    expect(await t.seed()).toEqual({ added: ALL.length, open: DEMO_CASES.length - 1, paid: true });

    const open = await t.server.ayuda.cases.queue({ view: 'all', limit: 50 }, admin);
    expect(open.total).toBe(DEMO_CASES.length - 1);
    // The fast lane first, though it is the newest case; then by the due time of each case's next target.
    expect(open.cases[0]).toMatchObject({ subject: 'Sin conexión desde esta mañana', lane: 'fast', status: 'new' });
    expect(open.cases.slice(1).every((c) => c.lane === 'standard')).toBe(true);
    const dues = open.cases.slice(1).map((c) => c.sla.dueAt ?? '9999');
    expect(dues).toEqual([...dues].sort());
    // The oldest unanswered case is past its first-response target, and leads the standard lane.
    expect(open.cases[1]).toMatchObject({ subject: 'Me habéis cobrado dos veces la factura de octubre', firstResponseBreached: true, sla: { state: 'breached', target: 'first_response' } });

    const all = await t.all();
    expect(all.total).toBe(ALL.length);
    // References follow the order the customers wrote in; both languages, several categories.
    const byAge = [...ALL].sort((a, b) => b.ageMinutes - a.ageMinutes);
    expect(all.cases.map((c) => [c.reference, c.subject]).sort()).toEqual(byAge.map((c, i) => [`NF-${String(i + 1).padStart(6, '0')}`, c.subject]));
    expect(new Set(all.cases.map((c) => c.locale))).toEqual(new Set(['es', 'en']));
    expect(new Set(all.cases.map((c) => c.category)).size).toBeGreaterThanOrEqual(5);
    const by = (subject: string) => all.cases.find((c) => c.subject.startsWith(subject))!;
    expect(by('Portabilidad')).toMatchObject({ status: 'solved', assignee: 'Marta Gil', sla: { state: 'none' } });
    expect(by('Wi-Fi drops')).toMatchObject({ status: 'pending_customer', assignee: 'Marta Gil', sla: { state: 'paused' } });
    expect(by('Moving house')).toMatchObject({ status: 'new', assignee: 'Marta Gil' });
    expect(by('El router se reinicia')).toMatchObject({ status: 'open', assignee: 'Ana Ruiz' });
    expect(all.cases.filter((c) => c.assignee === null && c.status !== 'solved').length).toBeGreaterThanOrEqual(3);
    // The demo agent's own queue.
    const u = (await userByEmail(t.database.db, 'agente@nubefibra.example'))!;
    const mine = await t.server.ayuda.cases.queue({ view: 'mine', limit: 50 }, { kind: 'user', id: u.id, name: u.name, role: 'agent' });
    expect(mine.cases.map((c) => c.subject).sort()).toEqual(['Moving house next month: can I keep my fibre?', 'Wi-Fi drops in the bedroom every evening']);

    // Written when it happened, by the real services: history, first response, the staff reply as sent.
    const pending = await t.server.ayuda.cases.staffView(by('Wi-Fi drops').reference);
    expect(pending.createdAt).toBe('2026-11-21T14:00:00.000Z');
    expect(pending.firstRespondedAt).toBe('2026-11-21T15:00:00.000Z');
    expect(pending.messages.map((m) => [m.author, m.authorName])).toEqual([
      ['customer', 'James Carter'],
      ['staff', 'Marta Gil'],
    ]);
    expect(pending.events.map((e) => e.type)).toEqual(['created', 'assigned', 'staff_replied', 'status_changed']);
    const paid = await t.server.ayuda.cases.staffView(open.cases[0]!.reference);
    expect(paid.payments).toEqual([expect.objectContaining({ status: 'paid', amount: 990 })]);
    // Search finds them (the index is the service's).
    expect((await t.server.ayuda.cases.queue({ view: 'all', q: 'portugal', limit: 10 }, admin)).cases.map((c) => c.subject)).toEqual(['No mobile data while roaming in Portugal']);
    // Mail to the example customers only, in the outbox (the demo's dev mailbox sends it nowhere else).
    const mail = await t.database.db.select({ to: mailOutbox.toAddress }).from(mailOutbox);
    expect(mail.length).toBeGreaterThan(DEMO_CASES.length);
    expect(mail.every((m) => m.to.endsWith('@example.com'))).toBe(true);

    // A restart adds nothing.
    expect(await t.seed()).toEqual({ added: 0, open: 0, paid: false, skipped: 'not_empty' });
    expect((await t.all()).total).toBe(ALL.length);
    expect(await t.database.db.select({ to: mailOutbox.toAddress }).from(mailOutbox)).toHaveLength(mail.length);
  }, 120_000);

  it('gives a fresh demo a usual reply time on both lanes: the past weeks’ answered cases', async () => {
    const t = await start({ emulator: false });
    await t.seed();
    const history = (await t.all()).cases.filter((c) => DEMO_HISTORY.some((h) => h.subject === c.subject));
    expect(history).toHaveLength(DEMO_HISTORY.length);
    expect(history.every((c) => c.status === 'solved')).toBe(true);
    expect(history.filter((c) => c.lane === 'fast')).toHaveLength(5);
    // Standard: the history's 95, 140, 180, 190, 230 and 300 min with the day's 60, 110 and 180 -> 180 min; fast: 12, 18, 20, 25, 35 -> 20 min.
    t.server.ayuda.responseTimes.invalidate();
    const times = await t.server.ayuda.responseTimes.forLocale('es');
    expect(times).toMatchObject({ standard: { medianMinutes: 180 }, fast: { medianMinutes: 20 } });
  }, 60_000);

  it('without the Stripe emulator adds the cases but the paid one', async () => {
    const t = await start({ emulator: false });
    expect(await t.seed()).toEqual({ added: ALL.length - 1, open: DEMO_CASES.length - 2, paid: false });
    const all = await t.all();
    expect(all.cases.some((c) => c.subject === 'Sin conexión desde esta mañana')).toBe(false);
    // The only fast-lane cases are the past weeks' solved ones.
    expect(all.cases.filter((c) => c.lane === 'fast').every((c) => c.status === 'solved' && DEMO_HISTORY.some((h) => h.subject === c.subject))).toBe(true);
  }, 60_000);

  it('adds nothing to a database that has cases already, nor in production', async () => {
    const t = await start({ emulator: false });
    await t.server.ayuda.cases.submit({ name: 'Real', email: 'real@example.com', subject: 'A real case', description: 'Mine.', locale: 'es' }, [], { idempotencyKey: 'real-1', channel: 'api' });
    expect(await t.seed()).toMatchObject({ added: 0, skipped: 'not_empty' });
    expect((await t.all()).total).toBe(1);

    const prod = await start({ emulator: false, env: { NODE_ENV: 'production', AYUDA_SECRET: 'a-production-secret-of-32-characters-or-more', AYUDA_PUBLIC_URL: 'https://help.nubefibra.example' } });
    // Production has no demo staff either; the demo cases refuse before looking for them.
    expect(await prod.seed()).toEqual({ added: 0, open: 0, paid: false, skipped: 'production' });
    expect((await prod.all()).total).toBe(0);
    expect(await prod.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, 'pedro.sanchez@example.com'))).toHaveLength(0);
  }, 60_000);
});
