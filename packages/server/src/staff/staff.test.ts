// Staff accounts, sign-in, sessions, CSRF, roles and the audit log, through the real HTTP app
// on each test database.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { hash } from '@node-rs/argon2';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { signInStaff, TEST_STAFF_PASSWORD, type SignedInStaff } from '../testing/staff.js';
import { auditLog, mailOutbox, staffSessions, staffUsers } from '../db/schema.js';
import { STAFF_AUTH_DEFAULTS } from './service.js';
import { STAFF_LIMITS } from '@ayuda/core';

const API = '/api/v1/staff';
const json = (body: unknown, headers: Record<string, string> = {}, method = 'POST'): RequestInit => ({ method, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
/** The client address the app believes (AYUDA_TRUST_PROXY=true): one per test, so per-IP limits do not meet. */
let ipSeq = 0;
const nextIp = () => `203.0.113.${++ipSeq}`;
const from = (ip: string) => ({ 'X-Forwarded-For': ip });
const problemType = async (res: Response) => ((await res.clone().json()) as { type: string }).type.split('/').pop();
const fieldsOf = async (res: Response) => ((await res.clone().json()) as { errors?: Array<{ field: string }> }).errors?.map((e) => e.field) ?? [];

const ENV = { AYUDA_TRUST_PROXY: 'true', AYUDA_CASE_PREFIX: 'NF', AYUDA_CASE_RATE_LIMIT: '1000', AYUDA_CASE_EMAIL_LIMIT: '1000' };

describe.each(testDatabases())('staff accounts and sign-in on %s', (kind) => {
  let t: TestApp;
  let token: string; // a staff API token (acts as admin)
  const apps: TestApp[] = [];
  /** A fresh app, for tests that move its clock. */
  const freshApp = async (env: Record<string, string> = {}) => {
    const a = await createTestApp(kind, { kb: false, env: { ...ENV, ...env } });
    apps.push(a);
    return a;
  };

  beforeAll(async () => {
    t = await createTestApp(kind, { kb: false, env: ENV });
    await t.mail.stop();
    token = (await t.staffTokens.create('Scripts')).token;
  });
  afterAll(async () => {
    await t?.dispose();
  });
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.dispose();
  });

  const signIn = (a: TestApp, email: string, password: string, ip = nextIp()) => a.request(`${API}/session`, json({ email, password }, from(ip)));
  const bearer = { Authorization: '' };
  const asToken = () => ({ ...bearer, Authorization: `Bearer ${token}` });
  const audit = async (a: TestApp, where: { action?: string; target?: string }) =>
    a.database.db
      .select()
      .from(auditLog)
      .where(and(...(where.action ? [eq(auditLog.action, where.action)] : []), ...(where.target ? [eq(auditLog.target, where.target)] : [])))
      .orderBy(desc(auditLog.id));
  const lastMailTo = async (a: TestApp, to: string) => (await a.database.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, to)).orderBy(desc(mailOutbox.id)).limit(1))[0];

  it("tells the console the fast lane's currency in every session answer", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ayuda-currency-'));
    const file = join(dir, 'fastlane.json');
    writeFileSync(file, JSON.stringify({ currency: 'jpy' }));
    try {
      const a = await freshApp({ AYUDA_FASTLANE_FILE: file });
      const email = `yen-${randomUUID()}@nubefibra.test`;
      await a.staff.ensureAccount({ email, name: 'Yuki', role: 'agent', locale: 'en', password: TEST_STAFF_PASSWORD });
      const opened = await signIn(a, email, TEST_STAFF_PASSWORD);
      expect(opened.status).toBe(200);
      expect((await opened.json()).settings).toEqual({ currency: 'jpy' });
      const person = await signInStaff(a, { role: 'admin' });
      const again = await a.request(`${API}/session`, { headers: person.headers() });
      expect(again.status).toBe(200);
      expect((await again.json()).settings).toEqual({ currency: 'jpy' });
      // The default installation's is the default fast lane's.
      const other = await signInStaff(t);
      expect((await (await t.request(`${API}/session`, { headers: other.headers() })).json()).settings).toEqual({ currency: 'eur' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('signs in with the right password: the session, its CSRF token and an HttpOnly, SameSite=Strict cookie', async () => {
    await t.staff.ensureAccount({ email: 'marta@nubefibra.test', name: 'Marta', role: 'agent', locale: 'es', password: TEST_STAFF_PASSWORD });
    // The address is matched without regard to case.
    const res = await signIn(t, 'Marta@NubeFibra.test', TEST_STAFF_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toMatchObject({ user: { email: 'marta@nubefibra.test', name: 'Marta', role: 'agent', locale: 'es', hourlyCost: null, disabled: false } });
    expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
    // The idle limit comes first: 12 hours from now.
    expect(body.expiresAt).toBe(new Date(t.clock.now().getTime() + STAFF_AUTH_DEFAULTS.sessionIdleMs).toISOString());
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^ayuda_staff=ayuda_ss_[\w-]+;/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain(`Max-Age=${7 * 86_400}`);
    expect(cookie).not.toContain('Secure'); // development: http://localhost must work
    const session = cookie.split(';')[0]!;

    // The stored token is a hash: the cookie's value is nowhere in the database.
    const rows = await t.database.db.select().from(staffSessions);
    expect(rows.some((r) => r.tokenHash === session.split('=')[1])).toBe(false);

    const again = await t.request(`${API}/session`, { headers: { Cookie: session } });
    expect(again.status).toBe(200);
    expect((await again.json()).csrfToken).toBe(body.csrfToken);
    // The cookie opens the staff API.
    expect((await t.request(`${API}/cases`, { headers: { Cookie: session } })).status).toBe(200);
  });

  it('bounds the password hashing it does at once: beyond the queue, 503 with Retry-After', async () => {
    const a = await createTestApp(kind, { kb: false, env: ENV, passwordWork: { concurrent: 1, queued: 1 } });
    apps.push(a);
    const email = `busy-${kind}@staff.test`;
    await a.staff.ensureAccount({ email, name: 'Busy', role: 'agent', locale: 'es', password: TEST_STAFF_PASSWORD });
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => signIn(a, email, i % 2 ? TEST_STAFF_PASSWORD : 'a wrong password here')));
    const busy = answers.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(answers.filter((r) => r.status === 200 || r.status === 401).length).toBeGreaterThanOrEqual(2);
    expect(busy[0]!.headers.get('retry-after')).toBe('1');
    expect(((await busy[0]!.json()) as { type: string }).type).toMatch(/service-unavailable$/);
    // The same for setting a password by link, and the slot is free again afterwards.
    const set = await Promise.all(Array.from({ length: 6 }, () => a.request(`${API}/password`, json({ token: 'ast_nonexistent-token', password: 'a brand new long password' }, from(nextIp())))));
    expect(set.some((r) => r.status === 503)).toBe(true);
    expect((await signIn(a, email, TEST_STAFF_PASSWORD)).status).toBe(200);
  });

  it('replaces a hash made with older parameters at the next sign-in', async () => {
    await t.staff.ensureAccount({ email: 'vieja@nubefibra.test', name: 'Vieja', role: 'agent', locale: 'es', password: TEST_STAFF_PASSWORD });
    const old = await hash(TEST_STAFF_PASSWORD, { memoryCost: 4096, timeCost: 3, parallelism: 1 });
    await t.database.db.update(staffUsers).set({ passwordHash: old }).where(eq(staffUsers.email, 'vieja@nubefibra.test'));
    expect((await signIn(t, 'vieja@nubefibra.test', TEST_STAFF_PASSWORD)).status).toBe(200);
    const [row] = await t.database.db.select().from(staffUsers).where(eq(staffUsers.email, 'vieja@nubefibra.test'));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await signIn(t, 'vieja@nubefibra.test', TEST_STAFF_PASSWORD)).status).toBe(200);
  });

  it('answers a wrong password and an unknown address the same way', async () => {
    await t.staff.ensureAccount({ email: 'luis@nubefibra.test', name: 'Luis', role: 'agent', locale: 'es', password: TEST_STAFF_PASSWORD });
    const wrong = await signIn(t, 'luis@nubefibra.test', 'not the password');
    const unknown = await signIn(t, 'nadie@nubefibra.test', 'not the password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const strip = (p: Record<string, unknown>) => ({ ...p, requestId: undefined });
    expect(strip(await wrong.json())).toEqual(strip(await unknown.json()));
    expect(wrong.headers.get('set-cookie')).toBeNull();
    // Both are in the audit log, with the address typed and why.
    const failed = await audit(t, { action: 'staff.sign-in.failed' });
    expect(failed.find((e) => e.actorName === 'nadie@nubefibra.test')).toMatchObject({ actor: 'anonymous', target: null, data: { reason: 'unknown' } });
    expect(failed.find((e) => e.actorName === 'luis@nubefibra.test')).toMatchObject({ actor: 'anonymous', data: { reason: 'password' } });
  });

  it('locks password sign-in after 10 wrong passwords in a row for 15 minutes, then lets the right one in', async () => {
    const a = await freshApp();
    await a.staff.ensureAccount({ email: 'eva@nubefibra.test', name: 'Eva', role: 'agent', locale: 'es', password: TEST_STAFF_PASSWORD });
    const ip = nextIp();
    // A success in between starts the count again.
    for (let i = 0; i < 9; i++) expect((await signIn(a, 'eva@nubefibra.test', `wrong ${i}`, ip)).status).toBe(401);
    expect((await signIn(a, 'eva@nubefibra.test', TEST_STAFF_PASSWORD, ip)).status).toBe(200);
    a.clock.advance(STAFF_AUTH_DEFAULTS.signInPerAccount.windowMs); // past the per-account rate limit's window
    for (let i = 0; i < 9; i++) expect((await signIn(a, 'eva@nubefibra.test', `wrong ${i}`, ip)).status).toBe(401);
    const tenth = await signIn(a, 'eva@nubefibra.test', 'wrong 9', ip);
    expect(tenth.status).toBe(423);
    expect(await problemType(tenth)).toBe('account-locked');
    expect(tenth.headers.get('retry-after')).toBe('900');
    // Locked: even the right password waits.
    a.clock.advance(14 * 60_000);
    const still = await signIn(a, 'eva@nubefibra.test', TEST_STAFF_PASSWORD, ip);
    expect(still.status).toBe(423);
    expect(still.headers.get('retry-after')).toBe('60');
    a.clock.advance(60_000);
    expect((await signIn(a, 'eva@nubefibra.test', TEST_STAFF_PASSWORD, ip)).status).toBe(200);
    const [row] = await a.database.db.select().from(staffUsers).where(eq(staffUsers.email, 'eva@nubefibra.test'));
    expect(row).toMatchObject({ failedSignIns: 0, lockedUntil: null });
    expect((await audit(a, { action: 'staff.sign-in.failed' })).map((e) => e.data.reason)).toContain('locked');
  });

  it('locks an address without an account as it locks an account: the 423 tells nobody which addresses exist', async () => {
    const a = await freshApp();
    await a.staff.ensureAccount({ email: 'iris@nubefibra.test', name: 'Iris', role: 'agent', locale: 'es', password: TEST_STAFF_PASSWORD });
    const ip = nextIp();
    const tries = async (email: string) => {
      for (let i = 0; i < 9; i++) expect((await signIn(a, email, `wrong ${i}`, ip)).status).toBe(401);
      return signIn(a, email, 'wrong 9', ip);
    };
    const real = await tries('iris@nubefibra.test');
    const ghost = await tries('fantasma@nubefibra.test');
    for (const r of [real, ghost]) {
      expect(r.status).toBe(423);
      expect(r.headers.get('retry-after')).toBe('900');
    }
    const strip = (p: Record<string, unknown>) => ({ ...p, requestId: undefined });
    expect(strip(await ghost.json())).toEqual(strip(await real.json()));
    // Locked for 15 minutes, whatever the password; then counted from zero again.
    a.clock.advance(10 * 60_000);
    const still = await signIn(a, 'fantasma@nubefibra.test', TEST_STAFF_PASSWORD, ip);
    expect(still.status).toBe(423);
    expect(still.headers.get('retry-after')).toBe('300');
    a.clock.advance(5 * 60_000);
    expect((await signIn(a, 'fantasma@nubefibra.test', 'wrong again', ip)).status).toBe(401);
    expect((await signIn(a, 'iris@nubefibra.test', TEST_STAFF_PASSWORD, ip)).status).toBe(200);
  });

  it('a mailed link still signs a locked account in, and lifts the lock', async () => {
    const a = await freshApp();
    await a.mail.stop();
    await a.staff.ensureAccount({ email: 'rosa@nubefibra.test', name: 'Rosa', role: 'agent', locale: 'es', password: TEST_STAFF_PASSWORD });
    for (let i = 0; i < 10; i++) await signIn(a, 'rosa@nubefibra.test', `wrong ${i}`);
    expect((await signIn(a, 'rosa@nubefibra.test', TEST_STAFF_PASSWORD)).status).toBe(423);
    expect((await a.request(`${API}/session/link`, json({ email: 'rosa@nubefibra.test' }, from(nextIp())))).status).toBe(202);
    const link = /\/console\/#\/link\/([\w-]+)/.exec((await lastMailTo(a, 'rosa@nubefibra.test'))!.text)![1]!;
    expect((await a.request(`${API}/session/link/verify`, json({ token: link }, from(nextIp())))).status).toBe(200);
    expect((await signIn(a, 'rosa@nubefibra.test', TEST_STAFF_PASSWORD)).status).toBe(200);
  });

  it('limits sign-in attempts per IP and per account (429 rate-limited with Retry-After)', async () => {
    const a = await freshApp({ AYUDA_STAFF_SIGNIN_LIMIT: '5' });
    const ip = nextIp();
    for (let i = 0; i < 5; i++) expect((await signIn(a, `someone${i}@nubefibra.test`, 'whatever-password', ip)).status).toBe(401);
    const limited = await signIn(a, 'someone9@nubefibra.test', 'whatever-password', ip);
    expect(limited.status).toBe(429);
    expect(await problemType(limited)).toBe('rate-limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('ratelimit-policy')).toBe('5;w=900');
    // Another address is not held up by that one.
    expect((await signIn(a, 'someone9@nubefibra.test', 'whatever-password', nextIp())).status).toBe(401);

    // One account from many addresses: 20 tries per 15 minutes, then 429 on the email field
    // (the tenth wrong password in a row locked it: 423 until then).
    const statuses = [];
    for (let i = 0; i < 20; i++) statuses.push((await signIn(a, 'target@nubefibra.test', 'guess', nextIp())).status);
    expect(statuses).toEqual([...Array(9).fill(401), ...Array(11).fill(423)]);
    const perAccount = await signIn(a, 'target@nubefibra.test', 'guess', nextIp());
    expect(perAccount.status).toBe(429);
    expect(await fieldsOf(perAccount)).toEqual(['body.email']);
    a.clock.advance(15 * 60_000);
    expect((await signIn(a, 'target@nubefibra.test', 'guess', nextIp())).status).toBe(401);
  });

  it('does not keep an idle session alive with what a console sends by itself (refresh, presence, heartbeat)', async () => {
    const a = await freshApp();
    const s = await signInStaff(a);
    const background = async () => {
      expect((await a.request(`${API}/cases`, { headers: { ...s.headers(), 'X-Ayuda-Background': '1' } })).status).toBe(200);
      const json = { method: 'POST', headers: { ...s.headers(true), 'Content-Type': 'application/json' } };
      expect((await a.request(`${API}/cases/NF-999999/presence`, { ...json, body: '{"state":"viewing"}' })).status).toBe(404);
      expect((await a.request(`${API}/cases/NF-999999/timer/heartbeat`, { ...json, body: '{}' })).status).toBe(404);
    };
    for (let h = 0; h < 11; h++) {
      a.clock.advance(3_600_000);
      await background();
    }
    a.clock.advance(STAFF_AUTH_DEFAULTS.sessionIdleMs - 11 * 3_600_000);
    expect((await a.request(`${API}/cases`, { headers: { ...s.headers(), 'X-Ayuda-Background': '1' } })).status).toBe(401);
    // A request the person made counts as use.
    const used = await signInStaff(a);
    a.clock.advance(STAFF_AUTH_DEFAULTS.sessionIdleMs - 60_000);
    expect((await a.request(`${API}/cases`, { headers: used.headers() })).status).toBe(200);
    a.clock.advance(2 * 60_000);
    expect((await a.request(`${API}/cases`, { headers: used.headers() })).status).toBe(200);
  });

  it('ends a session unused for 12 hours, and any session 7 days after sign-in', async () => {
    const a = await freshApp();
    const idle = await signInStaff(a);
    a.clock.advance(STAFF_AUTH_DEFAULTS.sessionIdleMs - 60_000);
    expect((await a.request(`${API}/session`, { headers: idle.headers() })).status).toBe(200); // used: the idle clock starts again
    a.clock.advance(STAFF_AUTH_DEFAULTS.sessionIdleMs - 60_000);
    expect((await a.request(`${API}/session`, { headers: idle.headers() })).status).toBe(200);
    a.clock.advance(STAFF_AUTH_DEFAULTS.sessionIdleMs);
    const ended = await a.request(`${API}/cases`, { headers: idle.headers() });
    expect(ended.status).toBe(401);
    expect(ended.headers.get('set-cookie')).toMatch(/^ayuda_staff=;.*Max-Age=0/);

    const busy = await signInStaff(a);
    const start = a.clock.now().getTime();
    // Used every 11 hours, it still ends 7 days after sign-in.
    while (a.clock.now().getTime() + 11 * 3_600_000 < start + STAFF_AUTH_DEFAULTS.sessionMaxMs) {
      a.clock.advance(11 * 3_600_000);
      const res = await a.request(`${API}/session`, { headers: busy.headers() });
      expect(res.status).toBe(200);
      expect(Date.parse((await res.json()).expiresAt)).toBeLessThanOrEqual(start + STAFF_AUTH_DEFAULTS.sessionMaxMs);
    }
    a.clock.set(new Date(start + STAFF_AUTH_DEFAULTS.sessionMaxMs).toISOString());
    expect((await a.request(`${API}/session`, { headers: busy.headers() })).status).toBe(401);
  });

  it('writes lastSeenAt at most once a minute', async () => {
    const a = await freshApp();
    const s = await signInStaff(a);
    const seen = async () => (await a.database.db.select({ at: staffSessions.lastSeenAt }).from(staffSessions).where(eq(staffSessions.userId, s.user.id)))[0]!.at.toISOString();
    const signedInAt = await seen();
    a.clock.advance(30_000);
    await a.request(`${API}/session`, { headers: s.headers() });
    expect(await seen()).toBe(signedInAt);
    a.clock.advance(30_000);
    await a.request(`${API}/session`, { headers: s.headers() });
    expect(await seen()).toBe(a.clock.now().toISOString());
  });

  describe('CSRF', () => {
    let s: SignedInStaff;
    let reference: string;
    beforeAll(async () => {
      s = await signInStaff(t);
      const res = await t.request('/api/v1/cases', json({ name: 'Ana', email: 'ana@example.com', subject: 'Sin conexión', description: 'El router parpadea en rojo desde ayer.', locale: 'es' }, { 'Idempotency-Key': randomUUID() }));
      reference = (await res.json()).reference;
    });
    const note = (headers: Record<string, string>) => t.request(`${API}/cases/${reference}/messages`, json({ body: 'Nota interna', internal: true }, headers));

    it('refuses a change made with the cookie and no CSRF token, or a wrong one (403 csrf-failed)', async () => {
      const missing = await note(s.headers());
      expect(missing.status).toBe(403);
      expect(await problemType(missing)).toBe('csrf-failed');
      const wrong = await note({ ...s.headers(), 'X-CSRF-Token': s.csrfToken.slice(0, -1) + (s.csrfToken.endsWith('A') ? 'B' : 'A') });
      expect(await problemType(wrong)).toBe('csrf-failed');
      // Another session's token is no better.
      const other = await signInStaff(t);
      expect((await note({ ...s.headers(), 'X-CSRF-Token': other.csrfToken })).status).toBe(403);
      expect((await note({ ...s.headers(), 'X-CSRF-Token': 'x'.repeat(10_000) })).status).toBe(403);
    });

    it('accepts the change with the session’s token, and reads without one', async () => {
      expect((await note(s.headers(true))).status).toBe(201);
      expect((await t.request(`${API}/cases/${reference}`, { headers: s.headers() })).status).toBe(200);
    });

    it('needs no CSRF token with a staff API token, and a token is judged alone', async () => {
      expect((await note(asToken())).status).toBe(201);
      // A wrong token with a good cookie: the token speaks for the request, and it is wrong.
      expect((await note({ ...s.headers(true), Authorization: 'Bearer ayuda_st_wrong' })).status).toBe(401);
      expect((await note({ ...s.headers(true), Authorization: 'Basic eDp5' })).status).toBe(401);
    });

    it('checks CSRF on signing out, signing out everywhere and changing the password', async () => {
      const x = await signInStaff(t);
      for (const [method, path, body] of [['DELETE', '/session', undefined], ['POST', '/session/revoke-all', undefined], ['POST', '/password', { currentPassword: TEST_STAFF_PASSWORD, password: 'a brand new password' }]] as const) {
        const res = await t.request(`${API}${path}`, { method, headers: { ...x.headers(), 'Content-Type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
        expect(res.status, `${method} ${path}`).toBe(403);
      }
      expect((await t.request(`${API}/session`, { headers: x.headers() })).status).toBe(200);
    });
  });

  describe('roles', () => {
    it('answers 403 forbidden to an agent on admin endpoints, and lets admins and tokens in', async () => {
      const agent = await signInStaff(t, { role: 'agent' });
      const admin = await signInStaff(t, { role: 'admin' });
      const calls: Array<[string, string, unknown?]> = [
        ['POST', '/users', { email: 'nuevo@nubefibra.test', name: 'Nuevo', role: 'agent' }],
        ['PATCH', `/users/${agent.user.id}`, { role: 'admin' }],
        ['GET', '/audit'],
      ];
      for (const [method, path, body] of calls) {
        const res = await t.request(`${API}${path}`, { method, headers: { ...agent.headers(true), 'Content-Type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
        expect(res.status, `${method} ${path}`).toBe(403);
        expect(await problemType(res)).toBe('forbidden');
      }
      // The agent did not make themselves an admin.
      expect((await (await t.request(`${API}/session`, { headers: agent.headers() })).json()).user.role).toBe('agent');
      expect((await t.request(`${API}/audit`, { headers: admin.headers() })).status).toBe(200);
      expect((await t.request(`${API}/audit`, { headers: asToken() })).status).toBe(200);
    });

    it('lists staff to everyone, with hourly costs for admins and for oneself only', async () => {
      const agent = await signInStaff(t, { role: 'agent' });
      const other = await signInStaff(t, { role: 'agent' });
      await t.request(`${API}/users/${other.user.id}`, json({ hourlyCost: 3000 }, asToken(), 'PATCH'));
      await t.request(`${API}/users/${agent.user.id}`, json({ hourlyCost: 2500 }, asToken(), 'PATCH'));
      const seenByAgent = (await (await t.request(`${API}/users`, { headers: agent.headers() })).json()).users as Array<{ id: number; hourlyCost: number | null }>;
      expect(seenByAgent.find((u) => u.id === other.user.id)!.hourlyCost).toBeNull();
      expect(seenByAgent.find((u) => u.id === agent.user.id)!.hourlyCost).toBe(2500);
      const seenByToken = (await (await t.request(`${API}/users`, { headers: asToken() })).json()).users as Array<{ id: number; hourlyCost: number | null }>;
      expect(seenByToken.find((u) => u.id === other.user.id)!.hourlyCost).toBe(3000);
    });

    it('takes a role change into account at the next request', async () => {
      const agent = await signInStaff(t, { role: 'agent' });
      expect((await t.request(`${API}/audit`, { headers: agent.headers() })).status).toBe(403);
      expect((await t.request(`${API}/users/${agent.user.id}`, json({ role: 'admin' }, asToken(), 'PATCH'))).status).toBe(200);
      expect((await t.request(`${API}/audit`, { headers: agent.headers() })).status).toBe(200);
    });
  });

  describe('accounts (admins)', () => {
    it('creates an account and mails its set-password link; the link sets the password once and signs in', async () => {
      const admin = await signInStaff(t, { role: 'admin' });
      const res = await t.request(`${API}/users`, json({ email: 'Nuria@NubeFibra.test', name: '  Nuria Gil  ', role: 'agent', locale: 'en' }, { ...admin.headers(true), ...from('198.51.100.7') }));
      expect(res.status).toBe(201);
      const created = await res.json();
      expect(created.user).toMatchObject({ email: 'nuria@nubefibra.test', name: 'Nuria Gil', role: 'agent', locale: 'en', hourlyCost: null, disabled: false });
      expect(created.setPasswordUrl).toMatch(/^http:\/\/help\.test\/console\/#\/set-password\/[\w-]{40,}$/);
      const mail = (await lastMailTo(t, 'nuria@nubefibra.test'))!;
      expect(mail.template).toBe('staff_invite');
      expect(mail.subject).toMatch(/console/);
      expect(mail.text).toContain(created.setPasswordUrl);
      const tokenOf = created.setPasswordUrl.split('/').pop();

      // No password yet: nothing signs in with one.
      expect((await signIn(t, 'nuria@nubefibra.test', TEST_STAFF_PASSWORD)).status).toBe(401);
      const short = await t.request(`${API}/password`, json({ token: tokenOf, password: 'short' }));
      expect(short.status).toBe(422);
      expect(await fieldsOf(short)).toEqual(['body.password']);
      const set = await t.request(`${API}/password`, json({ token: tokenOf, password: 'nuria’s long password' }, from('198.51.100.8')));
      expect(set.status).toBe(200);
      expect(set.headers.get('set-cookie')).toMatch(/^ayuda_staff=ayuda_ss_/);
      expect((await set.json()).user.email).toBe('nuria@nubefibra.test');
      // Once only.
      const again = await t.request(`${API}/password`, json({ token: tokenOf, password: 'another long password' }));
      expect(again.status).toBe(401);
      expect(await fieldsOf(again)).toEqual(['body.token']);
      expect((await signIn(t, 'nuria@nubefibra.test', 'nuria’s long password')).status).toBe(200);

      const log = await audit(t, { target: `user:${created.user.id}` });
      expect(log.map((e) => e.action)).toEqual(expect.arrayContaining(['user.create', 'staff.password', 'staff.sign-in']));
      expect(log.find((e) => e.action === 'user.create')).toMatchObject({ actor: `user:${admin.user.id}`, ip: '198.51.100.7', data: { email: 'nuria@nubefibra.test', role: 'agent' } });
      expect(log.find((e) => e.action === 'staff.password')).toMatchObject({ actor: `user:${created.user.id}`, ip: '198.51.100.8', data: { via: 'link' } });
    });

    it('refuses a second account for an address (409), and unknown accounts (404)', async () => {
      const first = await t.request(`${API}/users`, json({ email: 'dup@nubefibra.test', name: 'Dup', role: 'agent' }, asToken()));
      expect(first.status).toBe(201);
      const dup = await t.request(`${API}/users`, json({ email: 'DUP@nubefibra.test', name: 'Dup 2', role: 'admin' }, asToken()));
      expect(dup.status).toBe(409);
      expect(await fieldsOf(dup)).toEqual(['body.email']);
      expect((await t.request(`${API}/users/999999`, json({ name: 'X' }, asToken(), 'PATCH'))).status).toBe(404);
    });

    it('changes name, role and hourly cost, and records what changed', async () => {
      const u = (await (await t.request(`${API}/users`, json({ email: 'pablo@nubefibra.test', name: 'Pablo', role: 'agent' }, asToken()))).json()).user;
      const res = await t.request(`${API}/users/${u.id}`, json({ name: 'Pablo Ruiz', role: 'admin', hourlyCost: 4200 }, { ...asToken(), ...from('198.51.100.9') }, 'PATCH'));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: u.id, name: 'Pablo Ruiz', role: 'admin', hourlyCost: 4200, disabled: false });
      const [entry] = await audit(t, { action: 'user.update', target: `user:${u.id}` });
      expect(entry).toMatchObject({ actor: expect.stringMatching(/^staff:\d+$/), actorName: 'Scripts', ip: '198.51.100.9', data: { name: 'Pablo Ruiz', role: 'admin', hourlyCost: 4200 } });
      expect((await t.request(`${API}/users/${u.id}`, json({ hourlyCost: null }, asToken(), 'PATCH'))).status).toBe(200);
    });

    it('refuses an hourly cost above STAFF_LIMITS.hourlyCostMax (10,000.00) or below 0 at the field, and keeps the old one', async () => {
      const u = (await (await t.request(`${API}/users`, json({ email: 'coste@nubefibra.test', name: 'Coste', role: 'agent' }, asToken()))).json()).user;
      expect((await t.request(`${API}/users/${u.id}`, json({ hourlyCost: STAFF_LIMITS.hourlyCostMax }, asToken(), 'PATCH'))).status).toBe(200);
      for (const hourlyCost of [STAFF_LIMITS.hourlyCostMax + 1, 9_999_999_999_900, -1]) {
        const res = await t.request(`${API}/users/${u.id}`, json({ hourlyCost }, asToken(), 'PATCH'));
        expect(res.status, String(hourlyCost)).toBe(422);
        expect(await fieldsOf(res)).toEqual(['body.hourlyCost']);
      }
      const users = (await (await t.request(`${API}/users`, { headers: asToken() })).json()).users as Array<{ id: number; hourlyCost: number | null }>;
      expect(users.find((x) => x.id === u.id)!.hourlyCost).toBe(STAFF_LIMITS.hourlyCostMax);
    });

    it('keeps one active admin: the last one can be neither demoted nor disabled (409)', async () => {
      const a = await freshApp();
      const admin = await signInStaff(a, { role: 'admin' });
      const demote = await a.request(`${API}/users/${admin.user.id}`, json({ role: 'agent' }, admin.headers(true), 'PATCH'));
      expect(demote.status).toBe(409);
      expect(await fieldsOf(demote)).toEqual(['body.role']);
      expect((await a.request(`${API}/users/${admin.user.id}`, json({ disabled: true }, admin.headers(true), 'PATCH'))).status).toBe(409);
      const second = await signInStaff(a, { role: 'admin' });
      expect((await a.request(`${API}/users/${admin.user.id}`, json({ role: 'agent' }, second.headers(true), 'PATCH'))).status).toBe(200);
      expect((await a.request(`${API}/users/${second.user.id}`, json({ disabled: true }, second.headers(true), 'PATCH'))).status).toBe(409);
    });

    it('refuses a disabled account at once, its open sessions too, and signs it in again once enabled', async () => {
      const agent = await signInStaff(t);
      const other = await signInStaff(t);
      const res = await t.request(`${API}/users/${agent.user.id}`, json({ disabled: true }, asToken(), 'PATCH'));
      expect(res.status).toBe(200);
      expect((await res.json()).disabled).toBe(true);
      expect((await t.request(`${API}/cases`, { headers: agent.headers() })).status).toBe(401);
      const denied = await signIn(t, agent.user.email, TEST_STAFF_PASSWORD);
      expect(denied.status).toBe(403);
      expect(await problemType(denied)).toBe('forbidden');
      // A wrong password on a disabled account says no more than on any other.
      expect((await signIn(t, agent.user.email, 'not it at all')).status).toBe(401);
      // No link is mailed to it either.
      const before = await lastMailTo(t, agent.user.email);
      expect((await t.request(`${API}/session/link`, json({ email: agent.user.email }, from(nextIp())))).status).toBe(202);
      expect(await lastMailTo(t, agent.user.email)).toEqual(before);
      expect((await (await t.request(`${API}/users/${agent.user.id}`, json({ disabled: false }, asToken(), 'PATCH'))).json()).disabled).toBe(false);
      expect((await signIn(t, agent.user.email, TEST_STAFF_PASSWORD)).status).toBe(200);

      // Disabled behind the API's back (straight in the database), a live session is refused all the same.
      await t.database.db.update(staffUsers).set({ disabledAt: t.clock.now() }).where(eq(staffUsers.id, other.user.id));
      expect((await t.request(`${API}/session`, { headers: other.headers() })).status).toBe(401);
    });
  });

  describe('password reset links (admins)', () => {
    it('mails the person a set-password link in their language; the admin never sees it; it sets a new password once and ends the old sessions', async () => {
      const admin = await signInStaff(t, { role: 'admin' });
      const agent = await signInStaff(t, { locale: 'en' });
      const res = await t.request(`${API}/users/${agent.user.id}/password-link`, { method: 'POST', headers: { ...admin.headers(true), ...from('198.51.100.20') } });
      expect(res.status).toBe(202);
      const answered = await res.text();
      expect(JSON.parse(answered)).toEqual({ sent: true });
      const mail = (await lastMailTo(t, agent.user.email))!;
      expect(mail).toMatchObject({ template: 'staff_password_reset', locale: 'en' });
      expect(mail.subject).toBe('A new password for the Nubefibra console');
      const url = /http:\/\/help\.test\/console\/#\/set-password\/([\w-]{40,})/.exec(mail.text)!;
      expect(url).not.toBeNull();
      expect(answered).not.toContain(url[1]);
      // The current password and session hold until the link is used.
      expect((await t.request(`${API}/session`, { headers: agent.headers() })).status).toBe(200);
      const set = await t.request(`${API}/password`, json({ token: url[1], password: 'a brand new password' }));
      expect(set.status).toBe(200);
      expect((await t.request(`${API}/session`, { headers: agent.headers() })).status).toBe(401);
      expect((await t.request(`${API}/password`, json({ token: url[1], password: 'yet another password' }))).status).toBe(401);
      expect((await signIn(t, agent.user.email, 'a brand new password')).status).toBe(200);
      const [entry] = await audit(t, { action: 'user.password-link', target: `user:${agent.user.id}` });
      expect(entry).toMatchObject({ actor: `user:${admin.user.id}`, ip: '198.51.100.20' });
      expect(JSON.stringify(entry!.data)).not.toContain(url[1]);
    });

    it('sends none to a disabled account (409) or an unknown one (404), nor for an agent (403)', async () => {
      const agent = await signInStaff(t);
      const off = await signInStaff(t);
      await t.request(`${API}/users/${off.user.id}`, json({ disabled: true }, asToken(), 'PATCH'));
      const before = await lastMailTo(t, off.user.email);
      const disabled = await t.request(`${API}/users/${off.user.id}/password-link`, { method: 'POST', headers: asToken() });
      expect(disabled.status).toBe(409);
      expect(await problemType(disabled)).toBe('conflict');
      expect(await lastMailTo(t, off.user.email)).toEqual(before);
      expect((await t.request(`${API}/users/999999/password-link`, { method: 'POST', headers: asToken() })).status).toBe(404);
      const bad = await t.request(`${API}/users/abc/password-link`, { method: 'POST', headers: asToken() });
      expect(bad.status).toBe(400);
      expect(await fieldsOf(bad)).toEqual(['params.id']);
      const refused = await t.request(`${API}/users/${agent.user.id}/password-link`, { method: 'POST', headers: agent.headers(true) });
      expect(refused.status).toBe(403);
      expect(await problemType(refused)).toBe('forbidden');
    });
  });

  describe('API tokens with a role (admins)', () => {
    it('creates a token with a role, shown once; it acts with that role; it is listed without the token and revoked at once; each step is audited', async () => {
      const admin = await signInStaff(t, { role: 'admin' });
      const res = await t.request(`${API}/tokens`, json({ name: '  Informes  ', role: 'agent' }, { ...admin.headers(true), ...from('198.51.100.30') }));
      expect(res.status).toBe(201);
      const created = await res.json();
      expect(created).toMatchObject({ name: 'Informes', role: 'agent', revokedAt: null, lastUsedAt: null });
      expect(created.token).toMatch(/^ayuda_st_/);
      expect(created.token.startsWith(created.prefix)).toBe(true);
      const script = { Authorization: `Bearer ${created.token}` };
      // An agent's token: staff work yes, admins' endpoints no, and no hourly costs.
      expect((await t.request(`${API}/cases`, { headers: script })).status).toBe(200);
      const refused = await t.request(`${API}/audit`, { headers: script });
      expect(refused.status).toBe(403);
      expect(await problemType(refused)).toBe('forbidden');
      expect((await t.request(`${API}/tokens`, json({ name: 'Escalate', role: 'admin' }, script))).status).toBe(403);
      const team = (await (await t.request(`${API}/users`, { headers: script })).json()) as { users: Array<{ hourlyCost: number | null }> };
      expect(team.users.every((u) => u.hourlyCost === null)).toBe(true);

      const list = (await (await t.request(`${API}/tokens`, { headers: admin.headers() })).json()) as { tokens: Array<Record<string, unknown>> };
      const listed = list.tokens.find((x) => x.id === created.id)!;
      expect(listed).toMatchObject({ name: 'Informes', role: 'agent', prefix: created.prefix, revokedAt: null });
      expect(listed.lastUsedAt).not.toBeNull();
      expect(JSON.stringify(list)).not.toContain(created.token);
      // Tokens made before roles, and without one, act as admins.
      expect(list.tokens.find((x) => x.name === 'Scripts')).toMatchObject({ role: 'admin' });

      const revoked = await t.request(`${API}/tokens/${created.id}`, { method: 'DELETE', headers: { ...admin.headers(true), ...from('198.51.100.30') } });
      expect(revoked.status).toBe(204);
      expect((await t.request(`${API}/cases`, { headers: script })).status).toBe(401);
      expect((await t.request(`${API}/tokens/${created.id}`, { method: 'DELETE', headers: admin.headers(true) })).status).toBe(404);

      const log = await audit(t, { target: `token:${created.id}` });
      expect(log.map((e) => e.action)).toEqual(['token.revoke', 'token.create']);
      expect(log[1]).toMatchObject({ actor: `user:${admin.user.id}`, ip: '198.51.100.30', data: { name: 'Informes', role: 'agent' } });
      expect(JSON.stringify(log)).not.toContain(created.token);
    });

    it('an admin token makes admin tokens; StaffTokens.create keeps making admins’ by default', async () => {
      const res = await t.request(`${API}/tokens`, json({ name: 'Otro', role: 'admin' }, asToken()));
      expect(res.status).toBe(201);
      const { token: second } = await res.json();
      expect((await t.request(`${API}/audit`, { headers: { Authorization: `Bearer ${second}` } })).status).toBe(200);
      const plain = await t.staffTokens.create('Plain');
      expect(plain.role).toBe('admin');
      expect(await t.staffTokens.verify(plain.token)).toMatchObject({ role: 'admin' });
      await expect(t.staffTokens.create('Bad', 'owner' as 'admin')).rejects.toThrow(/--role/);
    });
  });

  describe('signing out', () => {
    it('ends the session on the server and clears the cookie', async () => {
      const s = await signInStaff(t);
      const res = await t.request(`${API}/session`, { method: 'DELETE', headers: { ...s.headers(true), ...from('198.51.100.20') } });
      expect(res.status).toBe(204);
      expect(res.headers.get('set-cookie')).toMatch(/^ayuda_staff=;.*Max-Age=0/);
      // The old cookie, kept by a thief, opens nothing.
      expect((await t.request(`${API}/cases`, { headers: s.headers() })).status).toBe(401);
      expect(await t.database.db.select().from(staffSessions).where(eq(staffSessions.userId, s.user.id))).toEqual([]);
      expect((await audit(t, { action: 'staff.sign-out', target: `user:${s.user.id}` }))[0]).toMatchObject({ ip: '198.51.100.20' });
      // Signing out again, or without a session, has nothing to end.
      expect((await t.request(`${API}/session`, { method: 'DELETE', headers: s.headers(true) })).status).toBe(204);
      expect((await t.request(`${API}/session`, { method: 'DELETE' })).status).toBe(204);
    });

    it('signs out everywhere: every session of the person ends, others’ stay', async () => {
      const first = await signInStaff(t);
      const second = await signInStaff(t, { email: first.user.email });
      const someoneElse = await signInStaff(t);
      const res = await t.request(`${API}/session/revoke-all`, { method: 'POST', headers: first.headers(true) });
      expect(res.status).toBe(204);
      expect((await t.request(`${API}/session`, { headers: first.headers() })).status).toBe(401);
      expect((await t.request(`${API}/session`, { headers: second.headers() })).status).toBe(401);
      expect((await t.request(`${API}/session`, { headers: someoneElse.headers() })).status).toBe(200);
      expect((await audit(t, { action: 'staff.sign-out.everywhere', target: `user:${first.user.id}` }))[0]!.data).toEqual({ sessionsEnded: 2 });
      // A token has no session to end.
      expect((await t.request(`${API}/session/revoke-all`, { method: 'POST', headers: asToken() })).status).toBe(401);
      expect((await t.request(`${API}/session`, { headers: asToken() })).status).toBe(401);
    });
  });

  describe('mailed sign-in links', () => {
    it('mails a one-time link that signs in once, within 15 minutes', async () => {
      const a = await freshApp();
      await a.mail.stop();
      await a.staff.ensureAccount({ email: 'ines@nubefibra.test', name: 'Inés', role: 'agent', locale: 'en', password: TEST_STAFF_PASSWORD });
      const res = await a.request(`${API}/session/link`, json({ email: 'INES@nubefibra.test' }, from('198.51.100.30')));
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ sent: true });
      const mail = (await lastMailTo(a, 'ines@nubefibra.test'))!;
      expect(mail).toMatchObject({ template: 'staff_sign_in_link', locale: 'en' });
      expect(mail.subject).toBe('Your sign-in link to the Nubefibra console');
      const url = /(http:\/\/help\.test\/console\/#\/link\/([\w-]+))/.exec(mail.text)!;
      expect(mail.html).toContain(url[1]);
      const verify = (token: string) => a.request(`${API}/session/link/verify`, json({ token }, from('198.51.100.31')));
      const ok = await verify(url[2]!);
      expect(ok.status).toBe(200);
      const session = await ok.json();
      expect(session.user.email).toBe('ines@nubefibra.test');
      const cookie = ok.headers.get('set-cookie')!.split(';')[0]!;
      expect((await a.request(`${API}/session`, { headers: { Cookie: cookie } })).status).toBe(200);
      expect((await audit(a, { action: 'staff.sign-in' }))[0]).toMatchObject({ ip: '198.51.100.31', data: { method: 'link' } });
      // Once only.
      expect((await verify(url[2]!)).status).toBe(401);

      // Asked in Spanish, the mail is in Spanish; 15 minutes later the link is dead.
      await a.request(`${API}/session/link`, json({ email: 'ines@nubefibra.test', locale: 'es' }, from(nextIp())));
      const late = (await lastMailTo(a, 'ines@nubefibra.test'))!;
      expect(late.subject).toBe('Tu enlace para entrar en la consola de Nubefibra');
      a.clock.advance(STAFF_AUTH_DEFAULTS.signInLinkTtlMs);
      const expired = await verify(/\/link\/([\w-]+)/.exec(late.text)![1]!);
      expect(expired.status).toBe(401);
      expect(await fieldsOf(expired)).toEqual(['body.token']);
      expect((await verify('x'.repeat(43))).status).toBe(401);
    });

    it('answers alike for an unknown address and mails nothing', async () => {
      const res = await t.request(`${API}/session/link`, json({ email: 'ghost@nubefibra.test' }, from(nextIp())));
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ sent: true });
      expect(await lastMailTo(t, 'ghost@nubefibra.test')).toBeUndefined();
    });

    it('limits links per address and per IP', async () => {
      const a = await freshApp();
      await a.mail.stop();
      await a.staff.ensureAccount({ email: 'olga@nubefibra.test', name: 'Olga', role: 'agent', locale: 'es', password: TEST_STAFF_PASSWORD });
      for (let i = 0; i < STAFF_AUTH_DEFAULTS.linksPerAccount.limit; i++) expect((await a.request(`${API}/session/link`, json({ email: 'olga@nubefibra.test' }, from(nextIp())))).status).toBe(202);
      const limited = await a.request(`${API}/session/link`, json({ email: 'olga@nubefibra.test' }, from(nextIp())));
      expect(limited.status).toBe(429);
      expect(await fieldsOf(limited)).toEqual(['body.email']);
      const ip = nextIp();
      for (let i = 0; i < STAFF_AUTH_DEFAULTS.linksPerIp.limit; i++) expect((await a.request(`${API}/session/link`, json({ email: `x${i}@nubefibra.test` }, from(ip)))).status).toBe(202);
      expect((await a.request(`${API}/session/link`, json({ email: 'y@nubefibra.test' }, from(ip)))).status).toBe(429);
    });
  });

  describe('changing a password', () => {
    it('with the current one: a wrong one is refused; the right one ends every other session', async () => {
      const s = await signInStaff(t);
      const elsewhere = await signInStaff(t, { email: s.user.email });
      const change = (body: unknown) => t.request(`${API}/password`, json(body, s.headers(true)));
      const wrong = await change({ currentPassword: 'not my password', password: 'my new long password' });
      expect(wrong.status).toBe(401);
      expect(await fieldsOf(wrong)).toEqual(['body.currentPassword']);
      const bare = await change({ password: 'my new long password' });
      expect(bare.status).toBe(403);
      expect(await fieldsOf(bare)).toEqual(['body.currentPassword']);
      const ok = await change({ currentPassword: TEST_STAFF_PASSWORD, password: 'my new long password' });
      expect(ok.status).toBe(200);
      const fresh = ok.headers.get('set-cookie')!.split(';')[0]!;
      expect((await t.request(`${API}/session`, { headers: { Cookie: fresh } })).status).toBe(200);
      expect((await t.request(`${API}/session`, { headers: s.headers() })).status).toBe(401);
      expect((await t.request(`${API}/session`, { headers: elsewhere.headers() })).status).toBe(401);
      expect((await signIn(t, s.user.email, TEST_STAFF_PASSWORD)).status).toBe(401);
      expect((await signIn(t, s.user.email, 'my new long password')).status).toBe(200);
      // Without a session, only a link's token will do.
      expect((await t.request(`${API}/password`, json({ currentPassword: 'my new long password', password: 'yet another password' }))).status).toBe(401);
    });

    it('without the current one, in the 15 minutes after signing in by a mailed link (a forgotten password)', async () => {
      const a = await freshApp();
      await a.mail.stop();
      await a.staff.ensureAccount({ email: 'teo@nubefibra.test', name: 'Teo', role: 'agent', locale: 'es', password: 'forgotten password' });
      const viaLink = async () => {
        await a.request(`${API}/session/link`, json({ email: 'teo@nubefibra.test' }, from(nextIp())));
        const token = /\/link\/([\w-]+)/.exec((await lastMailTo(a, 'teo@nubefibra.test'))!.text)![1]!;
        const res = await a.request(`${API}/session/link/verify`, json({ token }, from(nextIp())));
        const body = await res.json();
        return { Cookie: res.headers.get('set-cookie')!.split(';')[0]!, 'X-CSRF-Token': body.csrfToken as string };
      };
      let headers = await viaLink();
      a.clock.advance(16 * 60_000);
      expect((await a.request(`${API}/password`, json({ password: 'remembered password' }, headers))).status).toBe(403);
      headers = await viaLink();
      const set = await a.request(`${API}/password`, json({ password: 'remembered password' }, headers));
      expect(set.status).toBe(200);
      // The new session is a password one: no second change without the password.
      const after = { Cookie: set.headers.get('set-cookie')!.split(';')[0]!, 'X-CSRF-Token': (await set.json()).csrfToken as string };
      expect((await a.request(`${API}/password`, json({ password: 'a third password' }, after))).status).toBe(403);
      expect((await signIn(a, 'teo@nubefibra.test', 'remembered password')).status).toBe(200);
      expect((await audit(a, { action: 'staff.password' }))[0]!.data).toMatchObject({ via: 'recent-link' });
    });
  });

  describe('bad input', () => {
    const huge = 'x'.repeat(100_000);
    const cases: Array<[string, string, string, unknown, string[]]> = [
      ['sign-in: nothing', 'POST', '/session', {}, ['body.email', 'body.password']],
      ['sign-in: wrong types', 'POST', '/session', { email: 42, password: ['a'] }, ['body.email', 'body.password']],
      ['sign-in: huge', 'POST', '/session', { email: `${huge}@x.es`, password: huge }, ['body.email', 'body.password']],
      ['sign-in: hostile', 'POST', '/session', { email: "a'; drop table staff_users;--@x.es", password: 'p\u0000ss' }, ['body.email']],
      ['sign-in: NUL in password', 'POST', '/session', { email: 'a@x.es', password: 'p\u0000ssword' }, ['body.password']],
      ['link: not an address', 'POST', '/session/link', { email: '<script>alert(1)</script>', locale: 'fr' }, ['body.email', 'body.locale']],
      ['verify: huge token', 'POST', '/session/link/verify', { token: huge }, ['body.token']],
      ['verify: no token', 'POST', '/session/link/verify', { token: null }, ['body.token']],
      ['password: both proofs', 'POST', '/password', { token: 'x'.repeat(43), currentPassword: 'a', password: 'long enough password' }, ['body.currentPassword']],
      ['password: huge', 'POST', '/password', { token: 'x'.repeat(43), password: huge }, ['body.password']],
      ['create: everything wrong', 'POST', '/users', { email: 'nope', name: '', role: 'owner', locale: 'xx' }, ['body.email', 'body.name', 'body.role', 'body.locale']],
      ['create: hostile name', 'POST', '/users', { email: 'n@x.es', name: 'Ana\u0007\nBell', role: 'agent' }, ['body.name']],
      ['create: huge name', 'POST', '/users', { email: 'n@x.es', name: huge, role: 'agent' }, ['body.name']],
      ['update: nothing to change', 'PATCH', '/users/1', {}, ['body.name']],
      ['update: wrong values', 'PATCH', '/users/1', { hourlyCost: -1, disabled: 'yes', role: 'root' }, ['body.role', 'body.hourlyCost', 'body.disabled']],
      ['update: past the integer column', 'PATCH', '/users/1', { hourlyCost: 2 ** 31 }, ['body.hourlyCost']],
      ['update: id not a number', 'PATCH', '/users/abc', { name: 'X' }, ['params.id']],
      ['update: id too large', 'PATCH', '/users/99999999999', { name: 'X' }, ['params.id']],
      ['token: nothing', 'POST', '/tokens', {}, ['body.name', 'body.role']],
      ['token: wrong values', 'POST', '/tokens', { name: 'A\u0000B', role: 'owner' }, ['body.name', 'body.role']],
      ['token: huge name', 'POST', '/tokens', { name: huge, role: 'agent' }, ['body.name']],
      ['token: blank name', 'POST', '/tokens', { name: '   ', role: 'agent' }, ['body.name']],
      ['revoke: id not a number', 'DELETE', '/tokens/abc', undefined, ['params.id']],
      ['revoke: id too large', 'DELETE', '/tokens/99999999999', undefined, ['params.id']],
    ];
    it.each(cases)('%s: names each field', async (_name, method, path, body, fields) => {
      const res = await t.request(`${API}${path}`, { method, headers: { 'Content-Type': 'application/json', ...asToken(), ...from(nextIp()) }, body: JSON.stringify(body) });
      expect([400, 422]).toContain(res.status);
      expect(await problemType(res)).toBe('validation-error');
      expect((await fieldsOf(res)).sort()).toEqual([...fields].sort());
    });

    it('refuses bodies that are not JSON, and malformed JSON', async () => {
      expect((await t.request(`${API}/session`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'email=a@x.es&password=p' })).status).toBe(415);
      expect((await t.request(`${API}/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"email":' })).status).toBe(400);
    });

    it('validates the audit query', async () => {
      for (const [q, field] of [['limit=0', 'query.limit'], ['limit=201', 'query.limit'], ['before=abc', 'query.before'], ['before=99999999999999999999', 'query.before'], [`actor=${'a'.repeat(300)}`, 'query.actor'], ['action=%00', 'query.action']] as const) {
        const res = await t.request(`${API}/audit?${q}`, { headers: asToken() });
        expect(res.status, q).toBe(400);
        expect(await fieldsOf(res), q).toEqual([field]);
      }
    });

    it('refuses every staff endpoint without credentials, or with junk ones (401)', async () => {
      for (const [method, path] of [['GET', '/session'], ['POST', '/session/revoke-all'], ['GET', '/users'], ['POST', '/users'], ['PATCH', '/users/1'], ['POST', '/users/1/password-link'], ['GET', '/tokens'], ['POST', '/tokens'], ['DELETE', '/tokens/1'], ['GET', '/audit'], ['GET', '/cases']] as const) {
        expect((await t.request(`${API}${path}`, { method })).status, `${method} ${path}`).toBe(401);
        expect((await t.request(`${API}${path}`, { method, headers: { Cookie: 'ayuda_staff=ayuda_ss_forged' } })).status, `${method} ${path}`).toBe(401);
        expect((await t.request(`${API}${path}`, { method, headers: { Cookie: `ayuda_staff=${'x'.repeat(5000)}` } })).status, `${method} ${path}`).toBe(401);
      }
    });
  });

  describe('audit log', () => {
    it('records every change made through the staff API, named after its endpoint, with who and from where', async () => {
      const agent = await signInStaff(t, { name: 'Marta Agente' });
      const res = await t.request('/api/v1/cases', json({ name: 'Ana', email: 'ana@example.com', subject: 'Factura duplicada', description: 'Me habéis cobrado dos veces este mes.', locale: 'es' }, { 'Idempotency-Key': randomUUID() }));
      const { reference } = await res.json();
      const ip = '198.51.100.50';
      expect((await t.request(`${API}/cases/${reference}/messages`, json({ body: 'Lo miramos.' }, { ...agent.headers(true), ...from(ip) }))).status).toBe(201);
      expect((await t.request(`${API}/cases/${reference}/status`, json({ status: 'pending_customer' }, { ...agent.headers(true), ...from(ip) }))).status).toBe(200);
      expect((await t.request(`${API}/cases/${reference}/assignee`, json({ assignee: 'Marta' }, { ...asToken(), ...from(ip) }))).status).toBe(200);
      // A refused change is not an action.
      expect((await t.request(`${API}/cases/${reference}/status`, json({ status: 'lost' }, { ...agent.headers(true), ...from(ip) }))).status).toBe(422);

      const admin = await signInStaff(t, { role: 'admin' });
      const page = await (await t.request(`${API}/audit?target=case:${reference}`, { headers: admin.headers() })).json();
      expect(page.entries.map((e: { action: string }) => e.action)).toEqual(['case.assign', 'case.status', 'case.reply']);
      expect(page.entries[2]).toMatchObject({ actor: `user:${agent.user.id}`, actorName: 'Marta Agente', target: `case:${reference}`, ip, data: { body: { body: 'Lo miramos.' } } });
      expect(page.entries[0]).toMatchObject({ actor: expect.stringMatching(/^staff:/), actorName: 'Scripts' });
      expect(Date.parse(page.entries[0].createdAt)).toBe(t.clock.now().getTime());
    });

    it('filters by actor, action (whole segments) and target, newest first, a page at a time', async () => {
      const a = await freshApp();
      const admin = await signInStaff(a, { role: 'admin' });
      const agent = await signInStaff(a);
      await signIn(a, agent.user.email, 'wrong password!');
      for (let i = 0; i < 5; i++) await a.request(`${API}/users/${agent.user.id}`, json({ hourlyCost: 1000 + i }, admin.headers(true), 'PATCH'));
      const get = async (q: string) => (await a.request(`${API}/audit?${q}`, { headers: admin.headers() })).json();

      const byAdmin = await get(`actor=user:${admin.user.id}&limit=2`);
      expect(byAdmin.entries.map((e: { data: { hourlyCost: number } }) => e.data.hourlyCost)).toEqual([1004, 1003]);
      const second = await get(`actor=user:${admin.user.id}&limit=2&before=${byAdmin.next}`);
      expect(second.entries.map((e: { data: { hourlyCost: number } }) => e.data.hourlyCost)).toEqual([1002, 1001]);
      const third = await get(`actor=user:${admin.user.id}&limit=2&before=${second.next}`);
      expect(third.entries.map((e: { action: string }) => e.action)).toEqual(['user.update', 'staff.sign-in']);
      expect(third.next).toBeNull();

      const staffActions = (await get('action=staff')).entries.map((e: { action: string }) => e.action);
      expect(new Set(staffActions)).toEqual(new Set(['staff.sign-in', 'staff.sign-in.failed']));
      expect((await get('action=staff.sign-in')).entries.map((e: { action: string }) => e.action)).toContain('staff.sign-in.failed');
      // `%` and `_` are literal, not patterns.
      expect((await get('action=%25')).entries).toEqual([]);
      expect((await get('action=st_ff')).entries).toEqual([]);
      expect((await get(`target=user:${agent.user.id}&action=user.update`)).entries).toHaveLength(5);
    });
  });
});
