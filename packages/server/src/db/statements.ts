// Statements on a hot path (every case submission, every rate-limited request), written once as
// text with `$n` parameters and run on the driver directly: drizzle's building of a query from
// its parts each time was about 8 % of the server's CPU under submissions. On PostgreSQL they
// run as named prepared statements, so each connection parses and plans one once.
import pg from 'pg';
import type { Db, Tx } from './client.js';

export interface Statement {
  /** Unique per text: PostgreSQL refuses a name prepared on a connection with another text. */
  readonly name: string;
  readonly text: string;
}

const names = new Map<string, string>();

/** A statement named `name`; the same name with another text is a programming error. */
export function statement(name: string, text: string): Statement {
  const known = names.get(name);
  if (known !== undefined && known !== text) throw new Error(`Ayuda: statement ${name} was defined twice with different texts; give each its own name.`);
  names.set(name, text);
  return { name, text };
}

interface Session {
  client: pg.Pool | pg.PoolClient | { query(text: string, params: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }> };
}

/**
 * Runs `st` with `values` in `q` (a transaction or the database) and answers its rows, as
 * objects. Timestamps come back as `Date` (node-postgres and PGlite parse them), unlike
 * drizzle's `execute`, which leaves them as text: read them with `new Date(...)` either way.
 */
export async function run(q: Db | Tx, st: Statement, values: readonly unknown[]): Promise<Array<Record<string, unknown>>> {
  const client = (q as unknown as { session: Session }).session.client;
  if (client instanceof pg.Pool || client instanceof pg.Client) {
    const res = await (client as pg.Pool).query({ name: st.name, text: st.text, values: values as unknown[] });
    return res.rows as Array<Record<string, unknown>>;
  }
  return (await client.query(st.text, values as unknown[])).rows;
}

/**
 * A timestamp column of a row as a `Date`, or null: as the driver gives it (a `Date`) or as JSON
 * gives it (text), for rows read through `run` or built in a statement as JSON.
 */
export const timestampOf = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));
