// The announcements endpoints through the real HTTP app: staff (an agent's token and an admin's)
// publish, list and withdraw; customers get the active ones of their language; bad input is
// refused naming the field; every change is in the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { expectProblem, problemFields } from '../testing/problems.js';
import { eq } from 'drizzle-orm';
import { analyticsEvents } from '../db/schema.js';

const API = '/api/v1';
const NOW = '2026-11-20T10:00:00.000Z';
const inHours = (h: number) => new Date(Date.parse(NOW) + h * 3_600_000).toISOString();

describe.each(testDatabases())('announcements API on %s', (kind) => {
  let t: TestApp;
  let agent: string;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    await t.mail.stop();
    agent = (await t.staffTokens.create('Guardia', 'agent')).token;
    admin = (await t.staffTokens.create('Script', 'admin')).token;
  });
  afterAll(() => t.dispose());

  const call = (token: string, method: string, path: string, body?: unknown) =>
    t.request(`${API}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  const publicList = async (locale: string) => {
    const res = await t.request(`${API}/announcements?locale=${locale}`);
    expect(res.status).toBe(200);
    return (await res.json()) as { announcements: Array<{ id: number; title: string; severity: string }> };
  };
  const valid = { locale: 'es', severity: 'warning', title: 'Avería en Valencia', body: 'Trabajamos en ello, hora estimada 18:00.', endsAt: inHours(8), category: 'router' };

  it('answers 401 to staff calls without a valid staff token', async () => {
    for (const [method, path] of [['GET', '/staff/announcements'], ['POST', '/staff/announcements'], ['POST', '/staff/announcements/1/withdraw']] as const) {
      expect((await t.request(`${API}${path}`, { method })).status).toBe(401);
      expect((await call('ayuda_st_wrong', method, path, method === 'POST' ? valid : undefined)).status).toBe(401);
    }
  });

  it('refuses bad input, naming each field', async () => {
    const create = (body: unknown) => call(agent, 'POST', '/staff/announcements', body);
    expect(problemFields(await expectProblem(await create({}), 422, 'validation-error'))).toEqual(['body.body', 'body.endsAt', 'body.locale', 'body.severity', 'body.title']);
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ locale: 'fr' }, ['body.locale']],
      [{ severity: 'urgent' }, ['body.severity']],
      [{ title: '' }, ['body.title']],
      [{ title: '   ' }, ['body.title']],
      [{ title: 'x'.repeat(121) }, ['body.title']],
      [{ title: 'dos\nlíneas' }, ['body.title']],
      [{ body: 'b'.repeat(1001) }, ['body.body']],
      [{ body: 'a\u0000b' }, ['body.body']],
      [{ body: 42 }, ['body.body']],
      [{ endsAt: 'mañana' }, ['body.endsAt']],
      [{ endsAt: '2026-11-20T18:00:00' }, ['body.endsAt']],
      [{ startsAt: inHours(9) }, ['body.endsAt']],
      [{ category: 'Router!' }, ['body.category']],
      [{ extra: true }, ['body']],
      // Checked against the server's clock and the knowledge base:
      [{ endsAt: inHours(-1) }, ['body.endsAt']],
      [{ endsAt: NOW }, ['body.endsAt']],
      [{ endsAt: inHours(24 * 30 + 1) }, ['body.endsAt']],
      [{ category: 'no-such-category' }, ['body.category']],
    ];
    for (const [change, expected] of cases) expect(problemFields(await expectProblem(await create({ ...valid, ...change }), 422, 'validation-error')), JSON.stringify(change).slice(0, 80)).toEqual(expected);
    await expectProblem(await create('{"title"'), 400, 'validation-error');
    await expectProblem(await call(agent, 'POST', '/staff/announcements/nope/withdraw'), 400, 'validation-error');
    await expectProblem(await call(agent, 'POST', '/staff/announcements/999999/withdraw'), 404, 'not-found');
    expect(problemFields(await expectProblem(await t.request(`${API}/announcements?locale=fr`), 400, 'validation-error'))).toEqual(['query.locale']);
    await expectProblem(await t.request(`${API}/announcements`), 400, 'validation-error');
    expect((await publicList('es')).announcements).toEqual([]);
  });

  it('lets an agent publish; customers of that language see the active ones, most severe first', async () => {
    const res = await call(agent, 'POST', '/staff/announcements', valid);
    expect(res.status).toBe(201);
    const outage = await res.json();
    expect(outage).toMatchObject({ locale: 'es', severity: 'warning', title: 'Avería en Valencia', category: 'router', startsAt: NOW, endsAt: inHours(8), state: 'active', withdrawnAt: null, createdBy: { name: 'Guardia' } });
    const critical = await (await call(admin, 'POST', '/staff/announcements', { ...valid, severity: 'critical', title: 'Caída general', category: null })).json();
    const english = await (await call(admin, 'POST', '/staff/announcements', { ...valid, locale: 'en', severity: 'info', title: 'Maintenance tonight', category: undefined })).json();
    const later = await (await call(admin, 'POST', '/staff/announcements', { ...valid, title: 'Mantenimiento', startsAt: inHours(2) })).json();
    expect(later.state).toBe('scheduled');

    const res2 = await t.request(`${API}/announcements?locale=es`);
    expect(res2.headers.get('cache-control')).toBe('public, no-cache');
    const tag = res2.headers.get('etag')!;
    expect((await t.request(`${API}/announcements?locale=es`, { headers: { 'If-None-Match': tag } })).status).toBe(304);
    expect((await t.request(`${API}/announcements?locale=en`, { headers: { 'If-None-Match': tag } })).status).toBe(200);
    expect((await res2.json()).announcements.map((a: { id: number }) => a.id)).toEqual([critical.id, outage.id]);
    expect((await publicList('en')).announcements).toEqual([expect.objectContaining({ id: english.id, title: 'Maintenance tonight', category: null, body: valid.body })]);
    // Staff fields never reach customers.
    expect(Object.keys((await publicList('en')).announcements[0]!).sort()).toEqual(['body', 'category', 'endsAt', 'id', 'locale', 'severity', 'startsAt', 'title']);

    // The scheduled one starts; the others end.
    t.clock.set(inHours(3));
    expect((await publicList('es')).announcements.map((a) => a.id)).toEqual([critical.id, later.id, outage.id]);
    t.clock.set(inHours(8));
    expect((await publicList('es')).announcements).toEqual([]);
    const list = await (await call(agent, 'GET', '/staff/announcements')).json();
    expect(list.truncated).toBe(false);
    expect(list.announcements.map((a: { id: number; state: string }) => [a.id, a.state])).toEqual([[later.id, 'ended'], [english.id, 'ended'], [critical.id, 'ended'], [outage.id, 'ended']]);
    t.clock.set(NOW);
  });

  it('withdraws one early, for good, and audits every change', async () => {
    const a = await (await call(agent, 'POST', '/staff/announcements', { ...valid, title: 'Retirar' })).json();
    expect((await publicList('es')).announcements.map((x) => x.id)).toContain(a.id);
    const res = await call(agent, 'POST', `/staff/announcements/${a.id}/withdraw`);
    expect(res.status).toBe(200);
    const withdrawn = await res.json();
    expect(withdrawn).toMatchObject({ id: a.id, state: 'withdrawn', withdrawnAt: NOW });
    expect((await publicList('es')).announcements.map((x) => x.id)).not.toContain(a.id);
    // Again: the same answer, still withdrawn.
    expect(await (await call(agent, 'POST', `/staff/announcements/${a.id}/withdraw`)).json()).toEqual(withdrawn);
    const audit = await (await call(admin, 'GET', '/staff/audit?limit=100')).json();
    const ours = audit.entries.filter((e: { action: string; target: string | null }) => e.target === `announcement:${a.id}`).map((e: { action: string }) => e.action);
    expect(ours.sort()).toEqual(['announcement.create', 'announcement.withdraw', 'announcement.withdraw']);
  });

  it('shows the active ones at the top of every portal page of their language, and again on a contact form sent back for its category', async () => {
    const a = await (await call(agent, 'POST', '/staff/announcements', { ...valid, title: 'Avería <b>Valencia</b>', severity: 'critical' })).json();
    const home = await t.request('/help/es/');
    const page = await home.text();
    expect(page).toMatch(/<section class="announcements" role="status" aria-label="Avisos">.*Importante:.*Avería &lt;b&gt;Valencia&lt;\/b&gt;/s);
    expect(page.indexOf('class="announcements"')).toBeLessThan(page.indexOf('<h1'));
    expect(await (await t.request('/help/en/')).text()).not.toContain(`data-announcement="${a.id}"`);
    expect(await (await t.request('/help/es/contact')).text()).toContain(`data-announcement="${a.id}"`);
    // A cached copy is not current once it is withdrawn.
    const etag = home.headers.get('etag')!;
    expect((await t.request('/help/es/', { headers: { 'If-None-Match': etag } })).status).toBe(304);
    // Sent back for a missing field with its category chosen: the notice beside the category too.
    const form = new FormData();
    for (const [k, v] of Object.entries({ idempotencyKey: 'k-0000000001', name: 'Ana', email: 'ana@example.com', subject: '', description: 'x', category: 'router', website: '' })) form.append(k, v);
    const again = await (await t.request('/help/es/contact', { method: 'POST', body: form })).text();
    expect(again.match(new RegExp(`data-announcement="${a.id}"`, 'g'))).toHaveLength(2);
    expect(again).toContain('Incidencia conocida en este tema');
    await call(agent, 'POST', `/staff/announcements/${a.id}/withdraw`);
    const after = await t.request('/help/es/', { headers: { 'If-None-Match': etag } });
    expect(after.status).toBe(200);
    expect(await after.text()).not.toContain(`data-announcement="${a.id}"`);
  });

  it('records an announcement deflection from the case form with the announcement in `position`', async () => {
    const post = (events: unknown) => t.request(`${API}/analytics/events`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ events }) });
    expect((await post([{ type: 'announcement_deflection', locale: 'es', announcementId: 7 }])).status).toBe(202);
    for (const bad of [{ type: 'announcement_deflection', locale: 'es' }, { type: 'announcement_deflection', locale: 'es', announcementId: 0 }, { type: 'announcement_deflection', locale: 'es', announcementId: '7' }]) {
      expect(problemFields(await expectProblem(await post([bad]), 422, 'validation-error'))).toEqual(['body.events.0.announcementId']);
    }
    await t.analytics.flush();
    const rows = await t.database.db.select().from(analyticsEvents).where(eq(analyticsEvents.type, 'announcement_deflection'));
    expect(rows.map((r) => [r.locale, r.position, r.channel])).toEqual([['es', 7, 'widget']]);
  });
});
