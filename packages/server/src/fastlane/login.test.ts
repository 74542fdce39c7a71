import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { loginCodes } from '../db/schema.js';
import { AppError } from '../http/problem.js';
import { LOGIN_DEFAULTS } from './login.js';

describe.each(testDatabases())('mailed sign-in codes on %s', (kind) => {
  let t: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { kb: false });
    second = await createTestApp(kind, { kb: false, database: t.database });
  });
  afterAll(async () => {
    await second.dispose();
    await t.dispose();
  });

  it('issues no more codes per hour than the limit, however many requests race from two processes', async () => {
    const results = await Promise.allSettled(Array.from({ length: 16 }, (_, i) => (i % 2 ? t : second).login.requestCode('race@example.com', 'es')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(LOGIN_DEFAULTS.codesPerHour);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as AppError);
    expect(refused.every((e) => e instanceof AppError && e.status === 429 && Number(e.headers?.['Retry-After']) === 3600)).toBe(true);
    expect(await t.database.db.select().from(loginCodes).where(eq(loginCodes.email, 'race@example.com'))).toHaveLength(LOGIN_DEFAULTS.codesPerHour);
  });
});
