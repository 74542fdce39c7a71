// Opportunities as the console's people record them (staff users inserted directly until
// sign-in exists), and as admins list and export them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { insertStaffUser, submitTestCase } from '../testing/staff-users.js';
import type { StaffActor } from '../staff/actor.js';
import { parseCsv } from '../testing/csv.js';

describe.each(testDatabases())('opportunities on %s', (kind) => {
  let t: TestApp;
  let ana: StaffActor & { kind: 'user' };
  let reference: string;

  beforeAll(async () => {
    t = await createTestApp(kind, { env: { AYUDA_CASE_PREFIX: 'NF', AYUDA_CASE_RATE_LIMIT: '1000', AYUDA_CASE_EMAIL_LIMIT: '1000' } });
    await t.mail.stop();
    ana = await insertStaffUser(t, { name: 'Ana Gómez' });
    reference = (await submitTestCase(t, { email: 'Lucia@Example.com' })).reference;
  });
  afterAll(() => t.dispose());

  it('records an opportunity for the case’s customer, as the caller’s, in the fast lane’s currency by default', async () => {
    t.clock.set('2026-11-18T09:00:00Z');
    const o = await t.opportunities.create(reference, ana, { product: 'Fibra 1 Gb', value: 2999 });
    expect(o).toEqual({
      id: o.id,
      caseReference: reference,
      customer: { name: 'Lucía Pérez', email: 'lucia@example.com' },
      user: { id: ana.id, name: 'Ana Gómez' },
      product: 'Fibra 1 Gb',
      value: 2999,
      currency: 'eur',
      note: null,
      createdAt: '2026-11-18T09:00:00.000Z',
    });
    t.clock.set('2026-11-19T09:00:00Z');
    expect(await t.opportunities.create(reference, ana, { product: 'TV', value: 500, currency: 'jpy', note: 'Quiere ver la liga' })).toMatchObject({ currency: 'jpy', note: 'Quiere ver la liga' });
    t.clock.set('2026-11-20T10:00:00Z');
  });

  it('refuses an API token (no person to credit) and an unknown case', async () => {
    const token: StaffActor = { kind: 'token', id: 1, name: 'Script', role: 'admin' };
    await expect(t.opportunities.create(reference, token, { product: 'x', value: 1 })).rejects.toMatchObject({ status: 403, typeKey: 'forbidden' });
    await expect(t.opportunities.create('NF-999999', ana, { product: 'x', value: 1 })).rejects.toMatchObject({ status: 404 });
  });

  it('answers a retry with the same Idempotency-Key with the first opportunity', async () => {
    const input = { product: 'Línea móvil', value: 1000 };
    const first = await t.opportunities.create(reference, ana, input, 'opp-key-1');
    expect(await t.opportunities.create(reference, ana, input, 'opp-key-1')).toEqual(first);
    await expect(t.opportunities.create(reference, ana, { ...input, value: 1001 }, 'opp-key-1')).rejects.toMatchObject({ status: 422, typeKey: 'idempotency-key-mismatch' });
    const all = await t.opportunities.list(new Date('2026-11-20T00:00:00Z'), new Date('2026-11-21T00:00:00Z'));
    expect(all.opportunities.filter((o) => o.product === 'Línea móvil')).toHaveLength(1);
  });

  it('lists a period’s opportunities, newest first', async () => {
    const list = await t.opportunities.list(new Date('2026-11-18T00:00:00Z'), new Date('2026-11-20T00:00:00Z'));
    expect(list).toMatchObject({ from: '2026-11-18T00:00:00.000Z', to: '2026-11-20T00:00:00.000Z', truncated: false });
    expect(list.opportunities.map((o) => o.product)).toEqual(['TV', 'Fibra 1 Gb']);
    // The period's end is not in it.
    expect((await t.opportunities.list(new Date('2026-11-18T00:00:00Z'), new Date('2026-11-18T09:00:00Z'))).opportunities).toEqual([]);
  });

  it('exports them as CSV a spreadsheet reads safely: decimals in the currency, formulas defused', async () => {
    t.clock.set('2026-11-17T12:00:00Z');
    await t.opportunities.create(reference, ana, { product: '=HYPERLINK("http://evil.example","Gratis")', value: 123456, note: '+34 600 000 000, llamar "mañana"\n@tarde' });
    t.clock.set('2026-11-20T10:00:00Z');
    const csv = await t.opportunities.csv(new Date('2026-11-17T00:00:00Z'), new Date('2026-11-20T00:00:00Z'), 'es');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual(['id', 'fecha', 'consulta', 'cliente', 'email', 'agente', 'producto', 'valor', 'moneda', 'nota']);
    expect(rows.slice(1).map((r) => r.slice(2))).toEqual([
      [reference, 'Lucía Pérez', 'lucia@example.com', 'Ana Gómez', 'TV', '500', 'JPY', 'Quiere ver la liga'],
      [reference, 'Lucía Pérez', 'lucia@example.com', 'Ana Gómez', 'Fibra 1 Gb', '29.99', 'EUR', ''],
      [reference, 'Lucía Pérez', 'lucia@example.com', 'Ana Gómez', `'=HYPERLINK("http://evil.example","Gratis")`, '1234.56', 'EUR', `'+34 600 000 000, llamar "mañana"\n@tarde`],
    ]);
    expect(rows[1]![1]).toBe('2026-11-19T09:00:00.000Z');
    const en = parseCsv((await t.opportunities.csv(new Date('2026-11-17T00:00:00Z'), new Date('2026-11-20T00:00:00Z'), 'en')).slice(1));
    expect(en[0]).toEqual(['id', 'date', 'case', 'customer', 'email', 'agent', 'product', 'value', 'currency', 'note']);
    // An empty period is a header and nothing else.
    expect(await t.opportunities.csv(new Date('2020-01-01T00:00:00Z'), new Date('2020-01-02T00:00:00Z'), 'en')).toBe('\uFEFFid,date,case,customer,email,agent,product,value,currency,note\r\n');
  });
});
