// The statements code sends to PostgreSQL, captured on the driver (node-postgres only), for tests
// that count round trips or explain the plans of what a store function really runs.
import pg from 'pg';

export interface SentStatement {
  /** The pool's client that sent it: statements of one transaction share it. */
  client: pg.Client;
  text: string;
  values: unknown[];
}

/** Runs `fn` and answers what it returned and every statement any node-postgres client sent meanwhile, in order. */
export async function captureStatements<R>(fn: () => Promise<R>): Promise<{ result: R; sent: SentStatement[] }> {
  const sent: SentStatement[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const q = args[0] as string | { text: string; values?: unknown[] };
    const text = typeof q === 'string' ? q : q.text;
    const values = (typeof q === 'string' ? args[1] : (q.values ?? args[1])) as unknown[] | undefined;
    sent.push({ client: this, text, values: Array.isArray(values) ? values : [] });
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    return { result: await fn(), sent };
  } finally {
    pg.Client.prototype.query = original;
  }
}
