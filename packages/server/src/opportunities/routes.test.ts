// The opportunity endpoints through the real HTTP app with a staff API token (an admin): the
// listing and the CSV export, 403 for a token recording one (it is no person), bad input on
// every endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { expectProblem, problemFields } from '../testing/problems.js';
import { insertStaffUser, submitTestCase } from '../testing/staff-users.js';
import { parseCsv } from '../testing/csv.js';

const API = '/api/v1/staff';

describe.each(testDatabases())('opportunities API on %s', (kind) => {
  let t: TestApp;
  let token: string;
  let reference: string;

  beforeAll(async () => {
    t = await createTestApp(kind, { env: { AYUDA_CASE_PREFIX: 'NF', AYUDA_CASE_RATE_LIMIT: '1000', AYUDA_CASE_EMAIL_LIMIT: '1000' } });
    await t.mail.stop();
    token = (await t.staffTokens.create('Script')).token;
    reference = (await submitTestCase(t)).reference;
    const ana = await insertStaffUser(t, { name: 'Ana' });
    t.clock.set('2026-11-19T12:00:00Z');
    await t.opportunities.create(reference, ana, { product: '@SUM(1+1)', value: 4999, note: 'Le interesa, "mucho"' });
    t.clock.set('2026-11-20T10:00:00Z');
  });
  afterAll(() => t.dispose());

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    t.request(`${API}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });

  it('answers 401 without a staff token', async () => {
    for (const [method, path] of [['POST', `/cases/${reference}/opportunities`], ['GET', '/opportunities'], ['GET', '/opportunities.csv']] as const) {
      expect((await t.request(`${API}${path}`, { method })).status).toBe(401);
      expect((await t.request(`${API}${path}`, { method, headers: { Authorization: 'Bearer ayuda_st_wrong' } })).status).toBe(401);
    }
  });

  it('answers 403 to a token recording an opportunity: it needs a person', async () => {
    const p = await expectProblem(await call('POST', `/cases/${reference}/opportunities`, { product: 'Fibra', value: 100 }), 403, 'forbidden');
    expect(p.detail).toContain('needs a signed-in staff user');
  });

  it('refuses bad input to every endpoint, naming the field', async () => {
    const create = (body: unknown, headers: Record<string, string> = {}) => call('POST', `/cases/${reference}/opportunities`, body, headers);
    await expectProblem(await call('POST', '/cases/nope/opportunities', { product: 'x', value: 1 }), 400, 'validation-error');
    await expectProblem(await t.request(`${API}/cases/${reference}/opportunities`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'product=x' }), 415, 'unsupported-media-type');
    await expectProblem(await create('{"product"'), 400, 'validation-error');
    expect(problemFields(await expectProblem(await create({}), 422, 'validation-error'))).toEqual(['body.product', 'body.value']);
    expect(problemFields(await expectProblem(await create(null), 422, 'validation-error'))).toEqual(['body']);
    const cases: Array<[unknown, string[]]> = [
      [{ product: '', value: 1 }, ['body.product']],
      [{ product: '   ', value: 1 }, ['body.product']],
      [{ product: 'x'.repeat(201), value: 1 }, ['body.product']],
      [{ product: 42, value: 1 }, ['body.product']],
      [{ product: 'a\u0000b', value: 1 }, ['body.product']],
      [{ product: 'x', value: -1 }, ['body.value']],
      [{ product: 'x', value: 1.5 }, ['body.value']],
      [{ product: 'x', value: '100' }, ['body.value']],
      [{ product: 'x', value: 2_147_483_648 }, ['body.value']],
      [{ product: 'x', value: 1e308 }, ['body.value']],
      [{ product: 'x', value: 1, currency: 'euro' }, ['body.currency']],
      [{ product: 'x', value: 1, currency: 'xyz' }, ['body.currency']],
      [{ product: 'x', value: 1, currency: 'e1r' }, ['body.currency']],
      [{ product: 'x', value: 1, currency: null }, ['body.currency']],
      [{ product: 'x', value: 1, note: 'n'.repeat(2001) }, ['body.note']],
      [{ product: 'x', value: 1, note: { html: '<script>' } }, ['body.note']],
    ];
    for (const [body, expected] of cases) expect(problemFields(await expectProblem(await create(body), 422, 'validation-error')), JSON.stringify(body).slice(0, 80)).toEqual(expected);
    await expectProblem(await create({ product: 'x', value: 1, note: 'n'.repeat(260 * 1024) }), 413, 'payload-too-large');
    await expectProblem(await create({ product: 'x', value: 1 }, { 'Idempotency-Key': 'x'.repeat(201) }), 400, 'validation-error');
    // A valid one in upper case, with hostile text, still needs a person.
    await expectProblem(await create({ product: '<img src=x onerror=alert(1)>', value: 0, currency: 'USD', note: '=1+1' }), 403, 'forbidden');
    for (const q of ['from=ayer', 'to=2026-02-30T00:00:00Z', 'from=2026-11-20T00:00:00Z&to=2026-11-01T00:00:00Z', 'from=0000-01-01T00:00:00Z']) {
      await expectProblem(await call('GET', `/opportunities?${q}`), 400, 'validation-error');
      await expectProblem(await call('GET', `/opportunities.csv?${q}`), 400, 'validation-error');
    }
    expect(problemFields(await expectProblem(await call('GET', '/opportunities.csv?locale=fr'), 400, 'validation-error'))).toEqual(['query.locale']);
  });

  it('lists the last 30 days for admins by default, never cached', async () => {
    const res = await call('GET', '/opportunities');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const list = await res.json();
    expect(list).toMatchObject({ from: '2026-10-21T10:00:00.000Z', to: '2026-11-20T10:00:00.000Z', truncated: false });
    expect(list.opportunities).toEqual([expect.objectContaining({ caseReference: reference, product: '@SUM(1+1)', value: 4999, currency: 'eur', user: expect.objectContaining({ name: 'Ana' }) })]);
    expect((await (await call('GET', '/opportunities?from=2026-11-19T12:00:01Z')).json()).opportunities).toEqual([]);
  });

  it('exports CSV as a download for a spreadsheet', async () => {
    const res = await call('GET', '/opportunities.csv?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&locale=en');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="opportunities-2026-11-01-2026-12-01.csv"');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual(['id', 'date', 'case', 'customer', 'email', 'agent', 'product', 'value', 'currency', 'note']);
    expect(rows[1]!.slice(2)).toEqual([reference, 'Lucía Pérez', expect.stringMatching(/@example\.com$/), 'Ana', "'@SUM(1+1)", '49.99', 'EUR', 'Le interesa, "mucho"']);
    // In the server's default language without `locale`.
    expect(parseCsv((await (await call('GET', '/opportunities.csv')).text()).replace(/^\uFEFF/, ''))[0]![1]).toBe('fecha');
  });
});
