// The staff middleware on a minimal app: who gets in (token, session cookie), CSRF, admins
// only, and what the audit log records of a request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../http/body.js';
import { Hono } from 'hono';
import { desc } from 'drizzle-orm';
import { createTestDatabase, testDatabases } from '../testing/db.js';
import { fixedClock } from '../clock.js';
import { loadConfig } from '../config.js';
import type { Database } from '../db/client.js';
import { auditLog } from '../db/schema.js';
import type { AppEnv } from '../http/env.js';
import { AppError } from '../http/problem.js';
import { StaffTokens } from './tokens.js';
import { StaffAuth } from './service.js';
import { AuditLog, auditAction } from './audit.js';
import { adminOnly, staffGate } from './middleware.js';

describe('auditAction: a request named after its endpoint', () => {
  it.each([
    ['POST', '/api/v1/staff/cases/NF-000123/messages', 'case.reply', 'case:NF-000123'],
    ['POST', '/api/v1/staff/cases/NF-000123/status', 'case.status', 'case:NF-000123'],
    ['POST', '/api/v1/staff/cases/NF-000123/assignee', 'case.assign', 'case:NF-000123'],
    ['POST', '/api/v1/staff/fastlane/refunds/4/approve', 'refund.approve', 'refund:4'],
    ['POST', '/api/v1/staff/fastlane/refunds/4/reject', 'refund.reject', 'refund:4'],
    ['POST', '/api/v1/staff/fastlane/orders/9/refund', 'order.refund', 'order:9'],
    ['POST', '/api/v1/staff/users', 'user.create', null],
    ['PATCH', '/api/v1/staff/users/2', 'user.update', 'user:2'],
  ])('%s %s → %s on %s', (method, path, action, target) => {
    expect(auditAction(method, path)).toEqual({ action, target });
  });

  it('decodes the target, and names an undeclared endpoint by its path', () => {
    expect(auditAction('POST', '/api/v1/staff/cases/NF%2D1/status')).toEqual({ action: 'case.status', target: 'case:NF-1' });
    expect(auditAction('POST', '/api/v1/staff/cases/%E0%A4%A/status')).toEqual({ action: 'case.status', target: 'case:%E0%A4%A' });
    expect(auditAction('PUT', '/api/v1/staff/widgets/7')).toEqual({ action: 'request.replace', target: '/staff/widgets/7' });
  });

  it('leaves out presence, previews and heartbeats', () => {
    expect(auditAction('POST', '/api/v1/staff/cases/NF-1/presence')).toBeNull();
    expect(auditAction('POST', '/api/v1/staff/preview')).toBeNull();
    expect(auditAction('POST', '/api/v1/staff/cases/NF-1/timer/heartbeat')).toBeNull();
  });
});

describe.each(testDatabases())('staff middleware on %s', (kind) => {
  let database: Database;
  let app: Hono<AppEnv>;
  let token: string;
  let auth: StaffAuth;
  const clock = fixedClock('2026-11-20T10:00:00Z');
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const config = loadConfig({ AYUDA_PUBLIC_URL: 'http://help.test', LOG_LEVEL: 'silent' }, {});
    const audit = new AuditLog({ db: database, clock });
    const tokens = new StaffTokens({ db: database, clock });
    auth = new StaffAuth({ db: database, clock, config, audit, settings: { currency: 'eur' } });
    token = (await tokens.create('Script')).token;
    const gate = staffGate({ tokens, auth, audit, ipOf: (c) => c.req.header('x-ip') ?? 'unknown', secure: true });
    app = new Hono<AppEnv>();
    app.onError((err, c) => {
      const e = err as AppError;
      for (const [k, v] of Object.entries(e.headers ?? {})) c.header(k, v);
      return c.json({ type: e.typeKey }, (e.status ?? 500) as 401);
    });
    app.post('/api/v1/staff/session', async (c) => {
      const { email, password } = await c.req.json();
      const opened = await auth.signIn(email, password, gate.meta(c));
      gate.setSessionCookie(c, opened.token);
      return c.json(opened.session);
    });
    app.use('/api/v1/staff/cases/*', gate.staffOnly);
    app.get('/api/v1/staff/cases/:reference', (c) => c.json(c.get('staff')));
    app.post('/api/v1/staff/cases/:reference/status', (c) => c.json(c.get('staff')));
    app.post('/api/v1/staff/cases/:reference/category', async (c) => c.json(await readJson(c)));
    app.post('/api/v1/staff/cases/:reference/lane', () => {
      throw new AppError(409, 'conflict', 'Conflict');
    });
    app.post('/api/v1/staff/users', gate.staffOnly, adminOnly(), (c) => c.json({ ok: true }, 201));
  });
  afterAll(() => database.close());

  const signIn = async (role: 'agent' | 'admin') => {
    const email = `${role}-${Math.random().toString(36).slice(2)}@staff.test`;
    await auth.ensureAccount({ email, name: role, role, locale: 'es', password: 'a good long password' });
    const res = await app.request('/api/v1/staff/session', { method: 'POST', body: JSON.stringify({ email, password: 'a good long password' }) });
    const cookie = res.headers.get('set-cookie')!;
    return { cookie, session: cookie.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
  };

  it('marks the cookie Secure when asked (production)', async () => {
    expect((await signIn('agent')).cookie).toMatch(/; Secure/);
  });

  it('lets in a staff token (as an admin) or a session (as its user), nobody else', async () => {
    expect((await app.request('/api/v1/staff/cases/NF-1')).status).toBe(401);
    expect(await (await app.request('/api/v1/staff/cases/NF-1', { headers: { Authorization: `Bearer ${token}` } })).json()).toMatchObject({ kind: 'token', name: 'Script', role: 'admin' });
    const s = await signIn('agent');
    expect(await (await app.request('/api/v1/staff/cases/NF-1', { headers: { Cookie: s.session } })).json()).toMatchObject({ kind: 'user', name: 'agent', role: 'agent' });
  });

  it('wants the CSRF token with the cookie on a change, not with a token', async () => {
    const s = await signIn('agent');
    const post = (headers: Record<string, string>) => app.request('/api/v1/staff/cases/NF-1/status', { method: 'POST', headers });
    const refused = await post({ Cookie: s.session });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ type: 'csrf-failed' });
    expect((await post({ Cookie: s.session, 'X-CSRF-Token': s.csrf })).status).toBe(200);
    expect((await post({ Authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('records successful changes with the actor and IP, not refused ones', async () => {
    const s = await signIn('agent');
    await app.request('/api/v1/staff/cases/NF-7/status', { method: 'POST', headers: { Cookie: s.session, 'X-CSRF-Token': s.csrf, 'x-ip': '192.0.2.1' } });
    await app.request('/api/v1/staff/cases/NF-7/lane', { method: 'POST', headers: { Cookie: s.session, 'X-CSRF-Token': s.csrf } });
    await app.request('/api/v1/staff/cases/NF-7', { headers: { Cookie: s.session } });
    const [last] = await database.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    expect(last).toMatchObject({ actorName: 'agent', action: 'case.status', target: 'case:NF-7', ip: '192.0.2.1' });
  });

  it('records what a change asked for: its JSON body, without secrets, cut to a few KB', async () => {
    const post = (body: unknown) =>
      app.request('/api/v1/staff/cases/NF-8/category', { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    const last = async () => (await database.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1))[0]!;
    expect((await post({ category: 'billing', password: 'hunter2hunter2', nested: { currentPassword: 'old one', token: 'ast_x', keep: 1 }, note: `a\u0000b` })).status).toBe(200);
    const row = await last();
    expect(row).toMatchObject({ action: 'case.category', target: 'case:NF-8', data: { body: { category: 'billing', nested: { keep: 1 }, note: 'ab' } } });
    expect(JSON.stringify(row.data)).not.toMatch(/hunter2|old one|ast_x/);
    // A long text is cut; a huge body is kept as the start of its JSON.
    await post({ reason: 'x'.repeat(5_000) });
    expect(((await last()).data as { body: { reason: string } }).body.reason).toHaveLength(1_001);
    await post({ items: Array.from({ length: 2_000 }, (_, i) => i) });
    const cut = (await last()).data as { body: { truncated: boolean; json: string } };
    expect(cut.body.truncated).toBe(true);
    expect(cut.body.json.length).toBeLessThanOrEqual(4_096);
    // Deep nesting is cut too, and a body that is not JSON is left out.
    let deep: unknown = 'bottom';
    for (let i = 0; i < 50; i++) deep = [deep];
    expect((await post({ deep })).status).toBe(200);
    expect(JSON.stringify((await last()).data)).not.toContain('bottom');
  });

  it('adminOnly: 403 forbidden for agents; admins and tokens pass', async () => {
    const agent = await signIn('agent');
    const admin = await signIn('admin');
    const refused = await app.request('/api/v1/staff/users', { method: 'POST', headers: { Cookie: agent.session, 'X-CSRF-Token': agent.csrf } });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ type: 'forbidden' });
    expect((await app.request('/api/v1/staff/users', { method: 'POST', headers: { Cookie: admin.session, 'X-CSRF-Token': admin.csrf } })).status).toBe(201);
    expect((await app.request('/api/v1/staff/users', { method: 'POST', headers: { Authorization: `Bearer ${token}` } })).status).toBe(201);
  });
});
