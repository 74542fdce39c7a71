// Opens the database: embedded PGlite (default, data kept in a folder) or PostgreSQL when a
// URL is given. Both speak the same SQL and run the same migrations.
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Cheap round trip, for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../drizzle', import.meta.url));

export type DatabaseOptions =
  | { kind: 'pglite'; dataDir?: string; pglite?: PGlite }
  | { kind: 'postgres'; url: string; poolSize?: number };

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.kind === 'pglite') {
    let client = opts.pglite;
    if (!client) {
      if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
      client = opts.dataDir ? new PGlite(opts.dataDir) : new PGlite();
    }
    await client.waitReady;
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    const c = client;
    return {
      db,
      kind: 'pglite',
      ping: async () => void (await c.query('select 1')),
      close: async () => {
        if (!c.closed) await c.close();
      },
    };
  }
  const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10 });
  // A client that loses its connection must not crash the process: idle in the pool (the pool
  // hears of it), nor checked out between two statements of a transaction, where nothing but
  // this listener would hear its 'error'. The next statement fails and the request gets 503.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    ping: async () => void (await pool.query('select 1')),
    close: () => pool.end(),
  };
}

/** Applies the checked-in migrations. On PostgreSQL an advisory lock keeps processes that start together from racing. */
export async function migrate(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
    return;
  }
  // The lock and the migration share one connection.
  const db = database.db as unknown as { $client: pg.Pool };
  const client = await db.$client.connect();
  try {
    await client.query('select pg_advisory_lock(7261001)');
    await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await client.query('select pg_advisory_unlock(7261001)').catch(() => {});
    client.release();
  }
}
