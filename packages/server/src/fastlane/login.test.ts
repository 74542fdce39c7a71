import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { customers, loginCodes } from '../db/schema.js';
import { AppError } from '../http/problem.js';
import { LOGIN_DEFAULTS } from './login.js';

const SECRET = 'identity-secret-for-tests-at-least-32-chars';
const NOW_S = Date.parse('2026-11-20T10:00:00Z') / 1000; // createTestApp's clock

const part = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
/** A token signed with the right secret, whatever its header and claims are. */
function sign(header: unknown, claims: unknown): string {
  const unsigned = `${part(header)}.${part(claims)}`;
  return `${unsigned}.${createHmac('sha256', SECRET).update(unsigned).digest('base64url')}`;
}
const HS256 = { alg: 'HS256', typ: 'JWT' };

describe.each(testDatabases())('identity-token sign-in on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { kb: false, env: { AYUDA_IDENTITY_SECRET: SECRET } });
  });
  afterAll(() => t.dispose());

  const signIn = (token: string) =>
    t.request('/api/v1/fastlane/identity', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token, locale: 'es' }) });

  it('signs in with a valid token', async () => {
    const res = await signIn(sign(HS256, { email: 'Rosa@Example.com', name: 'Rosa', exp: NOW_S + 600 }));
    expect(res.status).toBe(200);
    expect((await res.json()).customer).toEqual({ email: 'rosa@example.com', name: 'Rosa' });
  });

  it.each([
    ['a header of null', sign(null, { email: 'a@example.com', exp: NOW_S + 600 })],
    ['claims of null', sign(HS256, null)],
    ['claims that are a number', sign(HS256, 42)],
    ['claims that are an array', sign(HS256, ['a@example.com'])],
    ['a header that is a string', sign('HS256', { email: 'a@example.com', exp: NOW_S + 600 })],
  ])('refuses a token with %s as "Not a JWT" (401)', async (_what, token) => {
    const res = await signIn(token);
    expect(res.status).toBe(401);
    expect((await res.json()).errors).toEqual([{ field: 'body.token', message: 'Not a JWT.' }]);
  });

  it('refuses an email claim with control characters, and reads them in the name as spaces', async () => {
    for (const email of ['ana\u0000@example.com', 'ana@exam\u0007ple.com', `${'a'.repeat(250)}@example.com`]) {
      const res = await signIn(sign(HS256, { email, exp: NOW_S + 600 }));
      expect(res.status, JSON.stringify(email)).toBe(401);
      expect((await res.json()).detail).toBe('The token has no valid email claim.');
    }
    const res = await signIn(sign(HS256, { email: 'luis@example.com', name: 'Luis\u0000García\n', exp: NOW_S + 600 }));
    expect(res.status).toBe(200);
    const [row] = await t.database.db.select().from(customers).where(eq(customers.email, 'luis@example.com'));
    expect(row!.name).toBe('Luis García');
  });
});

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
