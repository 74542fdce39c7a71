// Time and opportunities through the real HTTP app as people signed in to the console (session
// cookie and CSRF token): the timer of an agent, manual entries, another person's entry, the
// admins' summary and exports, and an opportunity recorded from a case. The same endpoints with
// an API token are in routes.test.ts and ../opportunities/routes.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { signInStaff, type SignedInStaff } from '../testing/staff.js';
import { submitTestCase } from '../testing/staff-users.js';

const API = '/api/v1/staff';

describe.each(testDatabases())('time and opportunities as signed-in people on %s', (kind) => {
  let t: TestApp;
  let agent: SignedInStaff;
  let other: SignedInStaff;
  let admin: SignedInStaff;
  let reference: string;
  let second: string;

  beforeAll(async () => {
    t = await createTestApp(kind, { env: { AYUDA_CASE_PREFIX: 'NF', AYUDA_CASE_RATE_LIMIT: '1000', AYUDA_CASE_EMAIL_LIMIT: '1000' } });
    await t.mail.stop();
    agent = await signInStaff(t, { name: 'Lucía' });
    other = await signInStaff(t, { name: 'Marco' });
    admin = await signInStaff(t, { role: 'admin', name: 'Admin' });
    reference = (await submitTestCase(t)).reference;
    second = (await submitTestCase(t)).reference;
  });
  afterAll(() => t.dispose());

  const call = (who: SignedInStaff, method: string, path: string, body?: unknown, csrf = true) =>
    t.request(`${API}${path}`, {
      method,
      headers: { ...who.headers(method !== 'GET' && csrf), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });

  it("runs one timer per person: starting on another case stops the first; a heartbeat keeps it; stop ends it", async () => {
    const started = await call(agent, 'POST', `/cases/${reference}/timer/start`);
    expect(started.status).toBe(201);
    const first = await started.json();
    expect(first).toMatchObject({ caseReference: reference, user: { id: agent.user.id, name: 'Lucía' }, endedAt: null, source: 'timer' });
    t.clock.advance(60_000);
    expect((await call(agent, 'POST', `/cases/${reference}/timer/heartbeat`)).status).toBe(204);
    // Another case: the first timer stops (kept: it ran longer than a glance).
    expect((await call(agent, 'POST', `/cases/${second}/timer/start`)).status).toBe(201);
    const onFirst = await (await call(agent, 'GET', `/cases/${reference}/time`)).json();
    expect(onFirst.entries.find((e: { id: number }) => e.id === first.id).endedAt).not.toBeNull();
    // The first case's timer no longer runs: its heartbeat says so.
    expect((await call(agent, 'POST', `/cases/${reference}/timer/heartbeat`)).status).toBe(409);
    // Another person's timer on the same case is their own.
    expect((await call(other, 'POST', `/cases/${second}/timer/start`)).status).toBe(201);
    t.clock.advance(60_000);
    const stopped = await call(agent, 'POST', `/cases/${second}/timer/stop`);
    expect(stopped.status).toBe(200);
    expect((await stopped.json()).user.id).toBe(agent.user.id);
    const onSecond = await (await call(agent, 'GET', `/cases/${second}/time`)).json();
    expect(onSecond.entries.filter((e: { endedAt: string | null }) => e.endedAt === null).map((e: { user: { id: number } }) => e.user.id)).toEqual([other.user.id]);
    expect((await call(agent, 'POST', `/cases/${second}/timer/stop`)).status).toBe(204);
  });

  it('refuses a change without the CSRF token, even from a signed-in person', async () => {
    const res = await call(agent, 'POST', `/cases/${reference}/timer/start`, undefined, false);
    expect(res.status).toBe(403);
    expect((await res.json()).type).toBe('https://ayuda.dev/problems/csrf-failed');
  });

  it("lets people change their own entries and only admins change another's", async () => {
    const res = await call(agent, 'POST', `/cases/${reference}/time`, { startedAt: '2026-11-20T09:00:00Z', endedAt: '2026-11-20T09:45:00Z', note: 'Llamada' });
    expect(res.status).toBe(201);
    const entry = await res.json();
    expect(entry).toMatchObject({ seconds: 2700, source: 'manual', note: 'Llamada', user: { id: agent.user.id } });
    const foreign = await call(other, 'PATCH', `/time/${entry.id}`, { note: 'Mío' });
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).type).toBe('https://ayuda.dev/problems/forbidden');
    expect((await call(other, 'DELETE', `/time/${entry.id}`)).status).toBe(403);
    expect((await call(agent, 'PATCH', `/time/${entry.id}`, { note: 'Llamada larga' })).status).toBe(200);
    const byAdmin = await call(admin, 'PATCH', `/time/${entry.id}`, { endedAt: '2026-11-20T10:00:00Z' });
    expect(byAdmin.status).toBe(200);
    expect((await byAdmin.json()).seconds).toBe(3600);
    // Bad input names the field.
    const bad = await call(agent, 'POST', `/cases/${reference}/time`, { startedAt: '2026-11-20T10:00:00Z', endedAt: '2026-11-20T09:00:00Z', note: 'x'.repeat(100_000) });
    expect([400, 413, 422]).toContain(bad.status);
    expect((await call(agent, 'DELETE', `/time/${entry.id}`)).status).toBe(204);
  });

  it("keeps the admins' summary and opportunity lists from agents, and shows them to admins", async () => {
    for (const path of ['/time/summary', '/opportunities', '/opportunities.csv']) {
      const res = await call(agent, 'GET', path);
      expect(res.status, path).toBe(403);
      expect((await res.json()).type).toBe('https://ayuda.dev/problems/forbidden');
    }
    const created = await call(agent, 'POST', `/cases/${reference}/opportunities`, { product: 'Fibra 1 Gb', value: 2999, note: 'Pregunta por más velocidad' });
    expect(created.status).toBe(201);
    const opp = await created.json();
    expect(opp).toMatchObject({ caseReference: reference, user: { id: agent.user.id }, product: 'Fibra 1 Gb', value: 2999 });
    const list = await (await call(admin, 'GET', '/opportunities?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z')).json();
    expect(list.opportunities.map((o: { id: number }) => o.id)).toContain(opp.id);
    const csv = await call(admin, 'GET', '/opportunities.csv?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain('Fibra 1 Gb');
    const summary = await call(admin, 'GET', '/time/summary?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z');
    expect(summary.status).toBe(200);
  });

  it('records what people did in the audit log, with who did it', async () => {
    const log = await (await call(admin, 'GET', `/audit?actor=user:${agent.user.id}&limit=100`)).json();
    const actions = log.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['staff.sign-in', 'case.timer.start', 'case.timer.stop', 'case.time', 'time.update', 'time.delete', 'case.opportunity']));
    // The refused changes (CSRF missing) are not recorded as done.
    expect(actions.filter((a: string) => a === 'case.timer.start')).toHaveLength(2);
    expect(log.entries.every((e: { actor: string }) => e.actor === `user:${agent.user.id}`)).toBe(true);
  });
});
