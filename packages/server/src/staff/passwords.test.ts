import { describe, expect, it } from 'vitest';
import { hash } from '@node-rs/argon2';
import { checkPassword, hashPassword, needsRehash, PasswordWork } from './passwords.js';

describe('staff passwords', () => {
  it('are argon2id PHC strings with the recommended parameters, salted', async () => {
    const a = await hashPassword('a good long password');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hashPassword('a good long password')).not.toBe(a);
    expect(await checkPassword(a, 'a good long password')).toBe(true);
    expect(await checkPassword(a, 'a good long passwore')).toBe(false);
    expect(needsRehash(a)).toBe(false);
  });

  it('match nothing without a stored hash or with one that is not a PHC string', async () => {
    expect(await checkPassword(null, 'anything at all')).toBe(false);
    expect(await checkPassword('not a hash', 'not a hash')).toBe(false);
    expect(await checkPassword('$argon2id$v=19$m=1,t=1,p=1$AAAA$AAAA', 'x')).toBe(false);
  });

  it('call for a new hash when the parameters were others', async () => {
    expect(needsRehash(await hash('old password here', { memoryCost: 4096, timeCost: 3, parallelism: 1 }))).toBe(true);
    expect(needsRehash('$2b$10$abcdefghijklmnopqrstuv')).toBe(true);
  });

  it('run at most `concurrent` at once, queue a few, refuse the rest with 503', async () => {
    const work = new PasswordWork({ concurrent: 1, queued: 1, retryAfterS: 2 });
    const all = Array.from({ length: 4 }, () => work.hash('a good long password').then((h) => h, (e: unknown) => e));
    const got = await Promise.all(all);
    expect(got.filter((g) => typeof g === 'string')).toHaveLength(2);
    const refused = got.filter((g) => typeof g !== 'string') as Array<{ status: number; headers: Record<string, string> }>;
    expect(refused).toHaveLength(2);
    expect(refused[0]!.status).toBe(503);
    expect(refused[0]!.headers['Retry-After']).toBe('2');
    // Free again once done.
    expect(await work.check(got[0] as string, 'a good long password')).toBe(true);
  });
});
