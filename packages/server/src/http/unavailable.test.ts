import { createServer } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { databaseUnavailable, isDatabaseUnavailable } from './unavailable.js';

/** The error a query fails with, as the code that awaits it sees it. */
async function failure(query: Promise<unknown>): Promise<unknown> {
  try {
    await query;
  } catch (err) {
    return err;
  }
  throw new Error('the query did not fail');
}

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('isDatabaseUnavailable', () => {
  // One PGlite (slow to start) serves both: open for the refusals of bad data, then closed.
  const lite = new PGlite();

  it('leaves bugs and bad data alone', async () => {
    const db = drizzlePglite(lite);
    // PostgreSQL refuses NUL in text (22P05 / 22021): bad input, not an outage.
    expect(isDatabaseUnavailable(await failure(db.execute(sql`select ${'a\u0000b'}::text`)))).toBe(false);
    expect(isDatabaseUnavailable(await failure(db.execute(sql`select 1/0`)))).toBe(false);
    for (const code of ['23505', '22021', '40001', '57014', 'ERR_INVALID_ARG_TYPE']) expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code })), code).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of null (reading 'alg')"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
    const loop: { cause?: unknown } = {};
    loop.cause = loop;
    expect(isDatabaseUnavailable(loop)).toBe(false);
  });

  it('recognises what the drivers throw when there is no database', async () => {
    await lite.close();
    expect(isDatabaseUnavailable(await failure(drizzlePglite(lite).execute(sql`select 1`)))).toBe(true);

    const refused = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:${await closedPort()}/none` });
    expect(isDatabaseUnavailable(await failure(drizzlePg(refused).execute(sql`select 1`)))).toBe(true);
    await refused.end();

    const ended = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/none' });
    await ended.end();
    expect(isDatabaseUnavailable(await failure(drizzlePg(ended).execute(sql`select 1`)))).toBe(true);
  });

  it.runIf(process.env.DATABASE_URL)('recognises a server that ends the connection (57P01)', async () => {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
    pool.on('error', () => {});
    const client = await pool.connect();
    client.on('error', () => {}); // the notice of the ended connection, which the query below reports too
    const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query('select pg_terminate_backend($1)', [pid]);
    await admin.end();
    const err = await failure(client.query('select 1'));
    client.release(true);
    await pool.end();
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it('recognises connection SQLSTATEs, socket codes and messages, however deeply wrapped', () => {
    const pgError = (code: string) => Object.assign(new Error('x'), { code });
    for (const code of ['08000', '08003', '08006', '08P01', '57P01', '57P02', '57P03', '53300', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND']) {
      expect(isDatabaseUnavailable(pgError(code)), code).toBe(true);
    }
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Failed query', { cause: new Error('wrapped', { cause: pgError('57P03') }) }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([pgError('ECONNREFUSED'), pgError('ECONNREFUSED')]))).toBe(true);
  });
});

describe('databaseUnavailable', () => {
  it('is a 503 problem that says when to retry', () => {
    const e = databaseUnavailable();
    expect(e.status).toBe(503);
    expect(e.headers?.['Retry-After']).toBe('5');
    expect(e.toProblem().type).toBe('https://ayuda.dev/problems/service-unavailable');
  });
});
