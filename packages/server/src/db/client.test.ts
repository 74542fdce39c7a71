import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../http/unavailable.js';
import { createTestDatabase } from '../testing/db.js';
import type { Database } from './client.js';

const rowsOf = (result: unknown) => (result as pg.QueryResult).rows;

describe.runIf(process.env.DATABASE_URL)('PostgreSQL connections', () => {
  let database: Database | null = null;
  const uncaught: unknown[] = [];
  let heard: () => void = () => {};
  const onUncaught = (err: unknown) => {
    uncaught.push(err);
    heard();
  };
  afterEach(async () => {
    process.off('uncaughtException', onUncaught);
    await database?.close();
  });

  it('survive the server ending one in a transaction: the transaction fails, the process does not', async () => {
    process.on('uncaughtException', onUncaught);
    database = await createTestDatabase('postgres');
    const pool = (database.db as unknown as { $client: pg.Pool }).$client;
    const acquired = new Promise<pg.PoolClient>((resolve) => pool.once('acquire', resolve));
    let resume!: () => void;
    const paused = new Promise<void>((resolve) => (resume = resolve));
    let pid!: (value: number) => void;
    const backend = new Promise<number>((resolve) => (pid = resolve));
    const tx = database.db
      .transaction(async (t) => {
        pid((rowsOf(await t.execute(sql`select pg_backend_pid() as pid`))[0] as { pid: number }).pid);
        await paused; // the connection sits checked out and idle, as between two statements
        await t.execute(sql`select 1`);
      })
      .then(
        () => null,
        (err: unknown) => err,
      );
    const client = await acquired;
    // The client hears of it while idle: it emits 'error' (which, unheard, is thrown out of its
    // socket handler, and then 'end' never comes), then 'end'.
    const heardOf = new Promise<void>((resolve) => {
      heard = resolve;
      client.once('end', resolve);
    });
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query('select pg_terminate_backend($1)', [await backend]);
    await admin.end();
    await heardOf;
    resume();
    expect(isDatabaseUnavailable(await tx)).toBe(true);
    expect(uncaught).toEqual([]);
    // The pool replaces the lost connection.
    expect(rowsOf(await database.db.execute(sql`select 1 as one`))).toEqual([{ one: 1 }]);
  });
});
