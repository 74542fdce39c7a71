// The time endpoints through the real HTTP app with a staff API token: what a token may do
// (read, edit and delete entries as an admin, the summary), what needs a person (403), and bad
// input on every endpoint. What people do with their own timers is in service.test.ts, until
// the console's sign-in lets a test act as a person over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { expectProblem, problemFields } from '../testing/problems.js';
import { insertStaffUser, submitTestCase } from '../testing/staff-users.js';
import type { StaffActor } from '../staff/actor.js';

const API = '/api/v1/staff';

describe.each(testDatabases())('time API on %s', (kind) => {
  let t: TestApp;
  let token: string;
  let ana: StaffActor & { kind: 'user' };
  let reference: string;

  beforeAll(async () => {
    t = await createTestApp(kind, { env: { AYUDA_CASE_PREFIX: 'NF', AYUDA_CASE_RATE_LIMIT: '1000', AYUDA_CASE_EMAIL_LIMIT: '1000' } });
    await t.mail.stop();
    token = (await t.staffTokens.create('Script')).token;
    ana = await insertStaffUser(t, { name: 'Ana', hourlyCost: 3600 });
    reference = (await submitTestCase(t)).reference;
  });
  afterAll(() => t.dispose());

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    t.request(`${API}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });

  it('answers 401 without a staff token, on every endpoint', async () => {
    const endpoints: Array<[string, string]> = [
      ['POST', `/cases/${reference}/timer/start`],
      ['POST', `/cases/${reference}/timer/stop`],
      ['POST', `/cases/${reference}/timer/heartbeat`],
      ['GET', `/cases/${reference}/time`],
      ['POST', `/cases/${reference}/time`],
      ['PATCH', '/time/1'],
      ['DELETE', '/time/1'],
      ['GET', '/time/summary'],
    ];
    for (const [method, path] of endpoints) {
      for (const auth of [undefined, 'Bearer ayuda_st_nothing', 'Basic x']) {
        const res = await t.request(`${API}${path}`, { method, headers: auth ? { Authorization: auth } : {} });
        expect(res.status, `${method} ${path} ${auth}`).toBe(401);
      }
    }
  });

  it('answers 403 to a token on what needs a person: the timer and manual entries', async () => {
    for (const path of ['timer/start', 'timer/stop', 'timer/heartbeat']) {
      const p = await expectProblem(await call('POST', `/cases/${reference}/${path}`), 403, 'forbidden');
      expect(p.detail).toContain('needs a signed-in staff user');
    }
    const p = await expectProblem(await call('POST', `/cases/${reference}/time`, { startedAt: '2026-11-20T09:00:00Z', endedAt: '2026-11-20T09:30:00Z' }), 403, 'forbidden');
    expect(p.detail).toContain('needs a signed-in staff user');
  });

  it('lists a case’s entries with their total, never cached', async () => {
    const empty = await call('GET', `/cases/${reference}/time`);
    expect(empty.status).toBe(200);
    expect(empty.headers.get('cache-control')).toBe('private, no-store');
    expect(await empty.json()).toEqual({ entries: [], totalSeconds: 0 });
    const e = await t.time.addManual(reference, ana, { startedAt: '2026-11-20T08:00:00Z', endedAt: '2026-11-20T08:45:00Z', note: '<b>Llamada</b>' });
    const list = await (await call('GET', `/cases/${reference}/time`)).json();
    expect(list).toEqual({ entries: [{ id: e.id, caseReference: reference, user: { id: ana.id, name: 'Ana' }, startedAt: '2026-11-20T08:00:00.000Z', endedAt: '2026-11-20T08:45:00.000Z', seconds: 2700, source: 'manual', note: '<b>Llamada</b>' }], totalSeconds: 2700 });
    await expectProblem(await call('GET', '/cases/NF-999999/time'), 404, 'not-found');
    await expectProblem(await call('GET', '/cases/not-a-ref/time'), 400, 'validation-error');
  });

  it('lets a token (an admin) change and delete anyone’s entry', async () => {
    const e = await t.time.addManual(reference, ana, { startedAt: '2026-11-20T07:00:00Z', endedAt: '2026-11-20T07:30:00Z' });
    const changed = await call('PATCH', `/time/${e.id}`, { endedAt: '2026-11-20T08:00:00Z', note: '  Revisado  ' });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ id: e.id, seconds: 3600, note: 'Revisado', user: { id: ana.id } });
    expect(await (await call('PATCH', `/time/${e.id}`, { note: '' })).json()).toMatchObject({ note: null });
    const gone = await call('DELETE', `/time/${e.id}`);
    expect(gone.status).toBe(204);
    expect(await gone.text()).toBe('');
    await expectProblem(await call('DELETE', `/time/${e.id}`), 404, 'not-found');
    await expectProblem(await call('PATCH', `/time/${e.id}`, { note: 'x' }), 404, 'not-found');
  });

  it('refuses bad input to every endpoint, naming the field', async () => {
    const e = await t.time.addManual(reference, ana, { startedAt: '2026-11-20T06:00:00Z', endedAt: '2026-11-20T06:30:00Z' });
    // Case references and entry ids.
    for (const bad of ['not-a-ref', 'NF-1', 'nf-000001', 'NF-00000a', '%00']) {
      for (const path of ['timer/start', 'timer/stop', 'timer/heartbeat', 'time']) await expectProblem(await call('POST', `/cases/${bad}/${path}`, {}), 400, 'validation-error');
    }
    for (const bad of ['abc', '0', '-1', '1.5', '2147483648', 'NaN']) {
      expect(problemFields(await expectProblem(await call('PATCH', `/time/${bad}`, { note: 'x' }), 400, 'validation-error'))).toEqual(['params.id']);
      expect((await call('DELETE', `/time/${bad}`)).status, bad).toBe(400);
    }
    // A manual entry: media type, JSON, types, missing fields, hostile and huge text, the Idempotency-Key.
    const manual = (body: unknown, headers: Record<string, string> = {}) => call('POST', `/cases/${reference}/time`, body, headers);
    await expectProblem(await t.request(`${API}/cases/${reference}/time`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/plain' }, body: 'x' }), 415, 'unsupported-media-type');
    await expectProblem(await manual('{"startedAt":'), 400, 'validation-error');
    expect(problemFields(await expectProblem(await manual({}), 422, 'validation-error'))).toEqual(['body.endedAt', 'body.startedAt']);
    expect(problemFields(await expectProblem(await manual([]), 422, 'validation-error'))).toEqual(['body']);
    expect(problemFields(await expectProblem(await manual({ startedAt: 1_700_000_000, endedAt: true }), 422, 'validation-error'))).toEqual(['body.endedAt', 'body.startedAt']);
    expect(problemFields(await expectProblem(await manual({ startedAt: '2026-11-20', endedAt: '20/11/2026 10:00' }), 422, 'validation-error'))).toEqual(['body.endedAt', 'body.startedAt']);
    expect(problemFields(await expectProblem(await manual({ startedAt: '0000-01-01T00:00:00Z', endedAt: '+275760-09-13T00:00:00Z' }), 422, 'validation-error'))).toEqual(['body.endedAt', 'body.startedAt']);
    const span = { startedAt: '2026-11-20T09:00:00Z', endedAt: '2026-11-20T09:30:00Z' };
    expect(problemFields(await expectProblem(await manual({ ...span, note: 'x'.repeat(501) }), 422, 'validation-error'))).toEqual(['body.note']);
    expect(problemFields(await expectProblem(await manual({ ...span, note: 'a\u0000b' }), 422, 'validation-error'))).toEqual(['body.note']);
    expect(problemFields(await expectProblem(await manual({ ...span, note: 42 }), 422, 'validation-error'))).toEqual(['body.note']);
    await expectProblem(await manual({ ...span, note: 'x'.repeat(300 * 1024) }), 413, 'payload-too-large');
    await expectProblem(await manual(span, { 'Idempotency-Key': 'clé con espacios' }), 400, 'validation-error');
    await expectProblem(await manual(span, { 'Idempotency-Key': 'k'.repeat(201) }), 400, 'validation-error');
    // Valid input still needs a person.
    await expectProblem(await manual({ ...span, note: '<script>alert(1)</script>' }, { 'Idempotency-Key': 'k-1' }), 403, 'forbidden');
    // An edit: something to change, of the right types; the rules of an entry.
    const edit = (body: unknown) => call('PATCH', `/time/${e.id}`, body);
    expect(problemFields(await expectProblem(await edit({}), 422, 'validation-error'))).toEqual(['body.note']);
    expect(problemFields(await expectProblem(await edit({ startedAt: null }), 422, 'validation-error'))).toEqual(['body.startedAt']);
    expect(problemFields(await expectProblem(await edit({ endedAt: 'ayer' }), 422, 'validation-error'))).toEqual(['body.endedAt']);
    expect(problemFields(await expectProblem(await edit({ note: ['x'] }), 422, 'validation-error'))).toEqual(['body.note']);
    expect(problemFields(await expectProblem(await edit({ note: '😀'.repeat(501) }), 422, 'validation-error'))).toEqual(['body.note']);
    expect(await expectProblem(await edit({ endedAt: '2026-11-20T05:00:00Z' }), 422, 'validation-error')).toMatchObject({ errors: [{ field: 'body.endedAt', message: 'must be after startedAt' }] });
    expect(await expectProblem(await edit({ endedAt: '2026-11-21T05:00:00Z' }), 422, 'validation-error')).toMatchObject({ errors: [{ field: 'body.endedAt', message: 'must not be in the future' }] });
    await expectProblem(await t.request(`${API}/time/${e.id}`, { method: 'PATCH', headers: { Authorization: `Bearer ${token}` }, body: '{}' }), 415, 'unsupported-media-type');
    // The summary's period.
    for (const q of ['from=yesterday', 'to=2026-13-01T00:00:00Z', 'from=2026-11-20T00:00:00Z&to=2026-11-19T00:00:00Z', `from=${'9'.repeat(400)}`]) {
      await expectProblem(await call('GET', `/time/summary?${q}`), 400, 'validation-error');
    }
  });

  it('gives admins the time and its cost per person and lane, over 30 days up to now by default', async () => {
    const res = await call('GET', '/time/summary');
    expect(res.status).toBe(200);
    const s = await res.json();
    expect(s).toMatchObject({ from: '2026-10-21T10:00:00.000Z', to: '2026-11-20T10:00:00.000Z', currency: 'eur' });
    const mine = s.users.find((u: { user: { id: number } }) => u.user.id === ana.id);
    expect(mine.hourlyCost).toBe(3600);
    expect(mine.cost).toBe(mine.seconds);
    expect(s.lanes.map((l: { lane: string }) => l.lane)).toEqual(['fast', 'standard']);
    const narrow = await (await call('GET', '/time/summary?from=2026-11-20T08:00:00Z&to=2026-11-20T08:30:00Z')).json();
    expect(narrow).toMatchObject({ totalSeconds: 1800, totalCost: 1800, users: [{ user: { id: ana.id, name: 'Ana' }, seconds: 1800, hourlyCost: 3600, cost: 1800 }] });
  });
});
