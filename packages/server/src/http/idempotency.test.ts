import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.js';
import { createTestDatabase, testDatabases } from '../testing/db.js';
import { IDEMPOTENCY_RETENTION_DAYS, once, purgeIdempotencyKeys } from './idempotency.js';

const DAY = 86_400_000;

describe.each(testDatabases())('idempotency keys on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database?.close());

  it('replays the first answer, refuses the key for another request, and forgets answers past their retention', async () => {
    const now = new Date('2026-11-25T12:00:00Z');
    const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
    let created = 0;
    const create = async () => ({ status: 201, body: { n: ++created } });
    await once(database, 'cases', 'old', 'hash-a', at(IDEMPOTENCY_RETENTION_DAYS + 1), create);
    await once(database, 'cases', 'recent', 'hash-b', at(IDEMPOTENCY_RETENTION_DAYS - 1), create);
    await once(database, 'checkout', 'old', 'hash-c', at(IDEMPOTENCY_RETENTION_DAYS + 5), create);
    expect(created).toBe(3);

    // A retry within the retention gets the stored answer, not a second create.
    expect(await once(database, 'cases', 'recent', 'hash-b', now, create)).toEqual({ status: 201, body: { n: 2 }, replayed: true });
    await expect(once(database, 'cases', 'recent', 'hash-other', now, create)).rejects.toMatchObject({ status: 422 });
    expect(created).toBe(3);

    expect(await purgeIdempotencyKeys(database, now)).toBe(2);
    expect(await purgeIdempotencyKeys(database, now)).toBe(0);
    expect(await once(database, 'cases', 'recent', 'hash-b', now, create)).toMatchObject({ replayed: true });
    // A key past its retention is free again: the same key starts a new create.
    expect(await once(database, 'cases', 'old', 'hash-z', now, create)).toEqual({ status: 201, body: { n: 4 }, replayed: false });
  });
});
