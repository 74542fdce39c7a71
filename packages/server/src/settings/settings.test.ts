// Settings changed from the console: admins only, checked with each section's schema, guarded by
// If-Match, recorded with their history and in the audit log, undone from history, and in effect
// on every server process over one database within a second, without a restart. A change of
// business hours moves the stored due times of open cases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { ENDPOINTS, API_PREFIX } from '@ayuda/core';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { signInStaff, type SignedInStaff } from '../testing/staff.js';
import { auditLog, cases } from '../db/schema.js';
import { SETTINGS_CHANNEL } from './service.js';
import { SLA_RECOMPUTE_SECOND_PASS_MS } from '../app.js';

const ENV = { AYUDA_CASE_PREFIX: 'NF', AYUDA_CASE_RATE_LIMIT: '100000', AYUDA_CASE_EMAIL_LIMIT: '100000', AYUDA_RATE_LIMIT: '100000', AYUDA_STAFF_SIGNIN_LIMIT: '100000' };

const within = async <T>(ms: number, what: string, probe: () => Promise<T | undefined>): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

const weekdays = (from: string, to: string) => Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from, to }]]));
const slaValue = (from: string, to: string) => ({
  hours: { timeZone: 'Europe/Madrid', week: weekdays(from, to) },
  policy: { standard: { firstResponse: 480, resolution: 2400 }, fast: { firstResponse: 60, resolution: 480 } },
});

describe.each(testDatabases())('settings on %s', (kind) => {
  let t: TestApp;
  let t2: TestApp;
  let admin: SignedInStaff;
  let agent: SignedInStaff;
  let n = 0;

  beforeAll(async () => {
    t = await createTestApp(kind, { env: ENV });
    await t.mail.stop();
    // A second server process over the same database.
    t2 = await createTestApp(kind, { env: ENV, database: t.database, kb: false });
    await t2.mail.stop();
    admin = await signInStaff(t, { role: 'admin' });
    agent = await signInStaff(t, { role: 'agent' });
  });
  afterAll(async () => {
    await t2?.dispose();
    await t?.dispose();
  });

  const call = (app: TestApp, who: SignedInStaff, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(`${API_PREFIX}/staff/settings${path}`, {
      method,
      headers: { ...who.headers(method !== 'GET'), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  const json = async (res: Response, status = 200) => {
    const text = await res.text();
    expect(res.status, text).toBe(status);
    return JSON.parse(text);
  };
  const publicSettings = async (app: TestApp) => (await app.request(`${API_PREFIX}/settings`)).json();

  it('refuses agents with 403 on every settings endpoint, and signed-out callers with 401', async () => {
    const settingsEndpoints = Object.values(ENDPOINTS).filter((e) => e.path.startsWith('/staff/settings'));
    expect(settingsEndpoints.length).toBe(6);
    for (const e of settingsEndpoints) {
      expect(e.auth).toBe('admin');
      const path = e.path.replace('/staff/settings', '').replace('{section}', 'company').replace('{id}', '1');
      const body = e.method === 'put' ? { name: 'Agente', defaultLocale: 'es' } : undefined;
      const res = await call(t, agent, e.method.toUpperCase(), path, body);
      expect(res.status, `${e.method} ${e.path}`).toBe(403);
      expect((await res.json()).type).toMatch(/\/forbidden$/);
      const anonymous = await t.request(`${API_PREFIX}${e.path.replace('{section}', 'company').replace('{id}', '1')}`, { method: e.method.toUpperCase() });
      expect(anonymous.status, `${e.method} ${e.path}`).toBe(401);
    }
    expect((await publicSettings(t)).company).toBe('Nubefibra');
  });

  it('lists every section with its value in effect and where it comes from', async () => {
    const list = await json(await call(t, admin, 'GET', ''));
    expect(list.sections.map((s: { section: string }) => s.section)).toEqual(['sla', 'company', 'fastlane', 'captcha', 'limits', 'origins', 'mail', 'appearance']);
    const company = await json(await call(t, admin, 'GET', '/company'));
    // The test app sets AYUDA_COMPANY_NAME and leaves AYUDA_DEFAULT_LOCALE to its default.
    expect(company).toMatchObject({ section: 'company', value: { name: 'Nubefibra', defaultLocale: 'es' }, source: 'env', fields: { name: 'env', defaultLocale: 'default' }, startValue: { name: 'Nubefibra', defaultLocale: 'es' }, version: 0, updatedAt: null, updatedBy: null });
    const sla = await json(await call(t, admin, 'GET', '/sla'));
    expect(sla).toMatchObject({ source: 'default', value: { hours: { timeZone: 'Europe/Madrid' } } });
    expect((await call(t, admin, 'GET', '/nothing')).status).toBe(400);
  });

  it('refuses bad values with 422 naming each field, and a malformed If-Match with 400', async () => {
    const bad = await json(await call(t, admin, 'PUT', '/company', { name: '', defaultLocale: 'fr', extra: 1 }), 422);
    expect(bad.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body', 'body.defaultLocale', 'body.name']);
    const hours = await json(await call(t, admin, 'PUT', '/sla', { hours: { week: { mon: [{ from: '25:00', to: '26:00' }] } } }), 422);
    expect(hours.errors.map((e: { field: string }) => e.field)).toContain('body.hours.week.mon.0.from');
    const origins = await json(await call(t, admin, 'PUT', '/origins', { origins: ['https://shop.example/path', 'ftp://x.example'] }), 422);
    expect(origins.errors.map((e: { field: string }) => e.field)).toEqual(['body.origins.0', 'body.origins.1']);
    const mail = await json(await call(t, admin, 'PUT', '/mail', { from: 'Soporte <ayuda@nubefibra.example>\r\nBcc: x@evil.example' }), 422);
    expect(mail.errors[0].field).toBe('body.from');
    const limits = await json(await call(t, admin, 'PUT', '/limits', { casesPerIpPerHour: 0, casesPerEmailPerHour: 5, linkMailsPerEmailPerHour: 3, requestsPerIpPerMinute: 120 }), 422);
    expect(limits.errors.map((e: { field: string }) => e.field)).toEqual(['body.casesPerIpPerHour']);
    const ifMatch = await json(await call(t, admin, 'PUT', '/company', { name: 'X', defaultLocale: 'es' }, { 'If-Match': 'yesterday' }), 400);
    expect(ifMatch.errors[0].field).toBe('header.If-Match');
    // Nothing was saved.
    expect((await json(await call(t, admin, 'GET', '/company'))).version).toBe(0);
  });

  it('saves a change, applies it on every process within a second, guards it with If-Match, and undoes it from history', async () => {
    const portalBefore = await t.request('/help/es/');
    expect(await portalBefore.text()).toContain('Nubefibra');
    const saved = await json(await call(t, admin, 'PUT', '/company', { name: 'Nubefibra Telecom', defaultLocale: 'en' }, { 'If-Match': '"0"' }));
    expect(saved).toMatchObject({ value: { name: 'Nubefibra Telecom', defaultLocale: 'en' }, source: 'console', fields: { name: 'console', defaultLocale: 'console' }, startValue: { name: 'Nubefibra' }, startSource: 'env', version: 1, updatedBy: { actor: `user:${admin.user.id}`, name: admin.user.name } });
    expect((await publicSettings(t)).company).toBe('Nubefibra Telecom');
    // The help portal names the new company at once; a copy cached under the old name is not current.
    const portal = await t.request('/help/es/', { headers: { 'If-None-Match': portalBefore.headers.get('etag')! } });
    expect(portal.status).toBe(200);
    expect(await portal.text()).toContain('Nubefibra Telecom');
    // The other process hears it.
    await within(1000, 'the second process to apply the change', async () => ((await publicSettings(t2)).company === 'Nubefibra Telecom' ? true : undefined));
    expect((await publicSettings(t2)).defaultLocale).toBe('en');

    // A change made from a stale version is refused.
    const stale = await json(await call(t2, admin, 'PUT', '/company', { name: 'Otra', defaultLocale: 'es' }, { 'If-Match': '0' }), 412);
    expect(stale.type).toMatch(/\/precondition-failed$/);

    // Back to the start value: recorded as a revision without a value.
    const reset = await json(await call(t, admin, 'DELETE', '/company', undefined, { 'If-Match': '1' }));
    expect(reset).toMatchObject({ value: { name: 'Nubefibra', defaultLocale: 'es' }, source: 'env', version: 2 });
    await within(1000, 'the second process to go back', async () => ((await publicSettings(t2)).company === 'Nubefibra' ? true : undefined));

    const history = await json(await call(t, admin, 'GET', '/company/revisions'));
    expect(history.revisions.map((r: { version: number; value: unknown }) => [r.version, r.value])).toEqual([
      [2, null],
      [1, { name: 'Nubefibra Telecom', defaultLocale: 'en' }],
    ]);
    const first = history.revisions[1].id;
    const restored = await json(await call(t, admin, 'POST', `/company/revisions/${first}/restore`));
    expect(restored).toMatchObject({ value: { name: 'Nubefibra Telecom' }, source: 'console', version: 3 });
    await within(1000, 'the second process to restore', async () => ((await publicSettings(t2)).company === 'Nubefibra Telecom' ? true : undefined));
    expect((await call(t, admin, 'POST', `/company/revisions/999999/restore`)).status).toBe(404);
    // A revision of another section is not this one's.
    expect((await call(t, admin, 'POST', `/mail/revisions/${first}/restore`)).status).toBe(404);

    // Every change is in the audit log, with who made it and what it asked for.
    const entries = await t.database.db.select().from(auditLog).where(eq(auditLog.target, 'settings:company'));
    expect(entries.map((e) => e.action)).toEqual(['settings.change', 'settings.reset', 'settings.restore']);
    expect(entries[0]).toMatchObject({ actor: `user:${admin.user.id}`, data: { body: { name: 'Nubefibra Telecom', defaultLocale: 'en' }, version: 1 } });
    await call(t, admin, 'DELETE', '/company');
  });

  it('applies captcha, origins and limits on the other process without a restart', async () => {
    await json(await call(t, admin, 'PUT', '/captcha', { enabled: true, maxNumber: 5000, cost: 1 }));
    await within(1000, 'the captcha to be required on the second process', async () => ((await publicSettings(t2)).captcha.cases === true ? true : undefined));
    const challenge = await (await t2.request(`${API_PREFIX}/captcha/challenge`)).json();
    expect(challenge.parameters).toBeDefined();
    await json(await call(t, admin, 'DELETE', '/captcha'));

    const preflight = (app: TestApp) => app.request(`${API_PREFIX}/kb/categories`, { method: 'OPTIONS', headers: { Origin: 'https://tienda.nubefibra.example', 'Access-Control-Request-Method': 'GET' } });
    expect((await preflight(t2)).headers.get('access-control-allow-origin')).toBeNull();
    const origins = await json(await call(t, admin, 'PUT', '/origins', { origins: ['https://tienda.nubefibra.example/', 'https://tienda.nubefibra.example'] }));
    expect(origins.value).toEqual({ origins: ['https://tienda.nubefibra.example'] });
    await within(1000, 'the new origin on the second process', async () => ((await preflight(t2)).headers.get('access-control-allow-origin') === 'https://tienda.nubefibra.example' ? true : undefined));

    await json(await call(t, admin, 'PUT', '/limits', { casesPerIpPerHour: 100000, casesPerEmailPerHour: 1, linkMailsPerEmailPerHour: 3, requestsPerIpPerMinute: 100000 }));
    await within(1000, 'the limit on the second process', async () => ((await call(t2, admin, 'GET', '/limits').then((r) => r.json())).value.casesPerEmailPerHour === 1 ? true : undefined));
    const submit = () =>
      t2.request(`${API_PREFIX}/cases`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `settings-limit-${kind}-${++n}` },
        body: JSON.stringify({ name: 'Pilar', email: 'pilar@example.com', subject: 'Sin línea', description: 'No tengo línea desde esta mañana en casa.', locale: 'es' }),
      });
    expect((await submit()).status).toBe(201);
    expect((await submit()).status).toBe(429);
    await json(await call(t, admin, 'DELETE', '/limits'));
  });

  it('moves the due times of open cases when the business hours change', async () => {
    // Monday 23 November 2026, 09:00 in Madrid (UTC+1).
    t.clock.set('2026-11-23T08:00:00Z');
    t2.clock.set('2026-11-23T08:00:00Z');
    // Days later: the earlier session idled out.
    admin = await signInStaff(t, { role: 'admin' });
    await json(await call(t, admin, 'PUT', '/sla', slaValue('09:00', '17:00')));
    const res = await t.request(`${API_PREFIX}/cases`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `settings-sla-${kind}-${++n}` },
      body: JSON.stringify({ name: 'Lucía', email: `lucia${n}@example.com`, subject: 'Router sin luz', description: 'El router no enciende desde esta mañana.', locale: 'es' }),
    });
    const { reference, firstResponseDue } = await json(res, 201);
    // Eight business hours from Monday 09:00 under 09–17: Monday 17:00.
    expect(firstResponseDue).toBe('2026-11-23T16:00:00.000Z');

    const before = await json(await call(t, admin, 'GET', '/sla'));
    await json(await call(t, admin, 'PUT', '/sla', slaValue('09:00', '13:00'), { 'If-Match': String(before.version) }));
    // Under 09–13: four hours on Monday, four on Tuesday: Tuesday 13:00. The API says so at once,
    // on both processes.
    const dueOf = async (app: TestApp) => (await json(await app.request(`${API_PREFIX}/staff/cases/${reference}`, { headers: admin.headers() }))).firstResponseDue;
    expect(await dueOf(t)).toBe('2026-11-24T12:00:00.000Z');
    await within(1000, 'the second process to use the new hours', async () => ((await dueOf(t2)) === '2026-11-24T12:00:00.000Z' ? true : undefined));
    // The stored due time (the queue's order) follows through the recompute job.
    const stored = async () => (await t.database.db.select({ due: cases.firstResponseDue }).from(cases).where(eq(cases.reference, reference)))[0]!.due;
    await within(5000, 'the stored due time to move', async () => {
      t.jobs.kick();
      return (await stored())?.toISOString() === '2026-11-24T12:00:00.000Z' ? true : undefined;
    });
    const queue = await json(await t.request(`${API_PREFIX}/staff/cases?view=all`, { headers: admin.headers() }));
    expect(queue.cases.find((c: { reference: string }) => c.reference === reference).firstResponseDue).toBe('2026-11-24T12:00:00.000Z');

    // A case written under the old rules by a process that had not heard the change yet is put
    // right by the second pass, 10 seconds later.
    await t.database.db.update(cases).set({ firstResponseDue: new Date('2026-11-23T16:00:00Z') }).where(eq(cases.reference, reference));
    t.clock.advance(SLA_RECOMPUTE_SECOND_PASS_MS);
    await within(5000, 'the second pass', async () => {
      t.jobs.kick();
      return (await stored())?.toISOString() === '2026-11-24T12:00:00.000Z' ? true : undefined;
    });
    await json(await call(t, admin, 'DELETE', '/sla'));
  });

  it.runIf(kind === 'postgres')('catches up on a change made while a process had lost its connection', async () => {
    await t.database.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where query = ${`listen ${SETTINGS_CHANNEL}`} and datname = current_database()`);
    // Made at once, while both processes are reconnecting: the notification goes unheard.
    await json(await call(t, admin, 'PUT', '/mail', { from: 'Nubefibra <ayuda@nubefibra.example>' }));
    expect((await json(await call(t, admin, 'GET', '/mail'))).value.from).toBe('Nubefibra <ayuda@nubefibra.example>');
    await within(5000, 'the second process to read the sections again once it hears again', async () => ((await json(await call(t2, admin, 'GET', '/mail'))).value.from === 'Nubefibra <ayuda@nubefibra.example>' ? true : undefined));
    await json(await call(t, admin, 'DELETE', '/mail'));
  });
});
