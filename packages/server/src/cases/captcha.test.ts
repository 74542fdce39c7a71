import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';

describe.each(testDatabases())('cases with the captcha switched on (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { env: { AYUDA_CAPTCHA: 'on', AYUDA_CAPTCHA_MAX_NUMBER: '300' } });
  });
  afterAll(() => t.dispose());

  const solve = async (purpose = 'cases') => {
    const challenge = (await (await t.request(`/api/v1/captcha/challenge?purpose=${purpose}`)).json()) as Challenge;
    const solution = await solveChallenge({ challenge, deriveKey });
    return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
  };
  const submit = (key: string, captcha?: string) =>
    t.request('/api/v1/cases', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify({ name: 'Ana', email: 'ana@example.com', subject: 'Con captcha', description: 'Una descripción suficiente.', locale: 'es', ...(captcha ? { captcha } : {}) }),
    });

  it('says so in the settings', async () => {
    expect((await (await t.request('/api/v1/settings')).json()).captcha).toEqual({ cases: true });
  });

  it('needs a solved captcha; a retry of the same request is answered, a reuse refused', async () => {
    const none = await submit('c1');
    expect(none.status).toBe(403);
    expect((await none.json()).errors[0].field).toBe('body.captcha');
    const captcha = await solve();
    const first = await submit('c2', captcha);
    expect(first.status).toBe(201);
    const retry = await submit('c2', captcha);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await submit('c3', captcha)).status).toBe(403);
    expect((await submit('c4', 'bm90IGpzb24=')).status).toBe(403);
  });

  it('refuses an expired captcha and one solved for the fast lane', async () => {
    const old = await solve();
    t.clock.advance(11 * 60_000);
    expect((await submit('c5', old)).status).toBe(403);
    expect((await submit('c6', await solve('fastlane'))).status).toBe(403);
  });
});
