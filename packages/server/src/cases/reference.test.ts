// A case's reference is numbered by the database in the insert of the case: six digits at
// least, never cut short past a million, one number per case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';

describe.each(testDatabases())('case references on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { env: { AYUDA_CASE_PREFIX: 'RF', AYUDA_CASE_RATE_LIMIT: '1000', AYUDA_CASE_EMAIL_LIMIT: '1000' } });
  });
  afterAll(() => t.dispose());

  const submit = async (key: string) => {
    const res = await t.request('/api/v1/cases', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify({ name: 'Rosa', email: 'rosa@example.com', subject: 'Referencia', description: 'Una consulta cualquiera.', locale: 'es' }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { reference: string }).reference;
  };

  it('pads to six digits, keeps every digit past a million, and answers the stored reference', async () => {
    await t.database.db.execute(sql`select setval('case_reference_seq', 41)`);
    expect(await submit('ref-1')).toBe('RF-000042');
    await t.database.db.execute(sql`select setval('case_reference_seq', 1234566)`);
    const big = await submit('ref-2');
    expect(big).toBe('RF-1234567');
    const stored = await t.database.db.execute(sql`select reference from cases where reference = ${big}`);
    expect((stored as unknown as { rows: unknown[] }).rows).toHaveLength(1);
    // A retry answers the same reference and numbers nothing.
    expect(await submit('ref-2')).toBe(big);
    expect(await submit('ref-3')).toBe('RF-1234568');
  });
});
