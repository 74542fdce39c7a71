// The database's own limit for case submissions: captures the statements one submission
// executes (every query the server's PostgreSQL clients send while one case is submitted),
// turns them into a pgbench script, and runs pgbench at the same concurrency as the load.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { ANNOUNCE_STATEMENT_MARK } from '../packages/server/src/live/bus.js';
import type { RunningServer } from '../packages/server/src/server.js';

const run = promisify(execFile);

export const PGBENCH = process.env.PGBENCH ?? '/usr/bin/pgbench';

export interface CapturedStatement {
  text: string;
  values: unknown[];
  /** The first row answered, for ids later statements use. */
  row: Record<string, unknown> | null;
}

/** What makes one captured submission unique, so the script can vary it per transaction. */
export interface SubmissionMarks {
  idempotencyKey: string;
  email: string;
  /** The case's reference, its tracking token, and the SHA-256 of the token stored for it. */
  reference: string;
  token: string;
  tokenHash: string;
}

/**
 * Moves every sequence of the database far apart (the n-th to n million), so an id a
 * statement answers is never mistaken for another one's when the script is written.
 */
export async function spreadSequences(databaseUrl: string): Promise<void> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ name: string }>(`select quote_ident(schemaname) || '.' || quote_ident(sequencename) as name from pg_sequences where schemaname = 'public' order by sequencename`);
    let i = 1;
    for (const r of rows) await c.query('select setval($1::regclass, $2)', [r.name, i++ * 1_000_000]);
  } finally {
    await c.end();
  }
}

/**
 * Every query sent through `pg` while `submit` runs, with its parameters and first row. The
 * server runs in this process for the capture only (the measured one runs in its own).
 */
export async function captureStatements(submit: () => Promise<void>): Promise<CapturedStatement[]> {
  const seen: CapturedStatement[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const config = args[0] as string | { text: string; values?: unknown[] };
    const text = typeof config === 'string' ? config : config.text;
    const values = (Array.isArray(args[1]) ? args[1] : typeof config === 'object' ? config.values : undefined) ?? [];
    const entry: CapturedStatement = { text, values, row: null };
    // The live bus's announcement is shared by every submission committed while the previous
    // one was sent (one statement for many under load), so it is no one submission's statement:
    // it may or may not fall within the capture, and is left out of the replay either way.
    if (!text.includes(ANNOUNCE_STATEMENT_MARK)) seen.push(entry);
    const out = original.apply(this, args) as Promise<{ rows?: unknown[] }> | undefined;
    // drizzle asks for rows as arrays or objects; keep the first either way, with column names.
    return out?.then?.((res) => {
      const first = res?.rows?.[0];
      const fields = (res as { fields?: Array<{ name: string }> }).fields ?? [];
      if (Array.isArray(first)) entry.row = Object.fromEntries(fields.map((f, i) => [f.name, first[i]]));
      else if (first && typeof first === 'object') entry.row = first as Record<string, unknown>;
      return res;
    }) ?? out;
  };
  try {
    await submit();
  } finally {
    proto.query = original;
  }
  return seen;
}

/** Submits one case through the in-process server, capturing its statements. */
export async function captureSubmission(server: RunningServer, body: Record<string, unknown>): Promise<{ statements: CapturedStatement[]; marks: SubmissionMarks }> {
  const idempotencyKey = `capture-${randomBytes(6).toString('hex')}`;
  const email = `capture-${randomBytes(4).toString('hex')}@example.com`;
  let answer: { reference: string; trackingToken: string } | null = null;
  const statements = await captureStatements(async () => {
    const res = await fetch(`${server.url}/api/v1/cases`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey }, body: JSON.stringify({ ...body, email }) });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`bench: the captured submission answered HTTP ${res.status}: ${text.slice(0, 300)}`);
    answer = JSON.parse(text) as { reference: string; trackingToken: string };
  });
  const a = answer as unknown as { reference: string; trackingToken: string };
  return { statements, marks: { idempotencyKey, email, reference: a.reference, token: a.trackingToken, tokenHash: createHash('sha256').update(a.trackingToken).digest('hex') } };
}

/** A value as an SQL literal, as `pg` would send it as a parameter. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return `'${prepare(value).replace(/'/g, "''")}'`;
}

function prepare(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * The pgbench script of one submission: the captured statements with their parameters written
 * in, in the server's order and transactions (statements the server sends outside its
 * transaction stay outside it), with what must differ per transaction taken from pgbench
 * variables: the idempotency key, tracking token and email from `\set`, and every id (and the
 * case's reference) a statement answers passed on to the statements that use it (`\gset`).
 * Runs with `-M simple`, where pgbench writes variables into the text, quotes included.
 */
export function pgbenchScript(statements: readonly CapturedStatement[], marks: SubmissionMarks, emails: number): string {
  const out: string[] = [
    '-- One case submission, as the server executes it (captured by bench/case-pgbench.ts).',
    `\\set e random(0, ${emails - 1})`,
    '\\set k1 random(1, 2000000000)',
    '\\set k2 random(1, 2000000000)',
  ];
  const ids = new Map<number, string>();
  // The case's reference, once the statement numbering it has answered it.
  let reference: string | null = null;
  const swap = (s: string) => {
    let r = s.split(marks.idempotencyKey).join('pgbench-:k1-:k2').split(marks.email).join('bench:e@example.com');
    r = r.split(marks.tokenHash).join('pgbench-:k1-:k2').split(marks.token).join('tok-:k1-:k2');
    return reference ? r.split(marks.reference).join(reference) : r;
  };
  statements.forEach((st, i) => {
    const text = st.text.replace(/\$(\d+)/g, (_, n: string) => {
      const v = st.values[Number(n) - 1];
      if (typeof v === 'number' && ids.has(v)) return `:${ids.get(v)}`;
      return swap(literal(v));
    });
    const prefix = `s${i}_`;
    const answers = st.row ? Object.entries(st.row).filter(([, v]) => typeof v === 'number') : [];
    const numbersCase = st.row?.reference === marks.reference;
    const numbered = /nextval/.test(st.text) && st.row?.n != null && marks.reference.endsWith(String(st.row.n));
    if (answers.length || numbersCase || numbered) {
      for (const [name, v] of answers) ids.set(v as number, `${prefix}${name}`);
      if (numbersCase) reference = `:${prefix}reference`;
      // A server that numbers the case in a statement of its own: the reference is built from it
      // (the sequences are spread far apart, so the number needs no padding).
      else if (numbered && !reference) reference = `${marks.reference.slice(0, -String(st.row!.n).length).replace(/0+$/, '')}:${prefix}n`;
      out.push(`${text} \\gset ${prefix}`);
    } else out.push(`${text};`);
  });
  return `${out.join('\n')}\n`;
}

/** The reference script: one 1 KB insert per transaction into a scratch table. */
export const INSERT_SCRIPT = "insert into pgbench_insert_1k (body) values (repeat('x', 1024));\n";

export interface PgbenchResult {
  tps: number;
  transactions: number;
  failed: number;
  latencyMs: number;
}

/** Runs pgbench with `script` (a file) for `seconds` at `clients` connections, after `warmupS` untimed seconds. */
export async function pgbench(databaseUrl: string, scriptFile: string, clients: number, seconds: number): Promise<PgbenchResult> {
  const u = new URL(databaseUrl);
  const args = ['-n', '-M', 'simple', '-c', String(clients), '-j', String(Math.min(clients, 4)), '-T', String(seconds), '-f', scriptFile, '-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres'), u.pathname.slice(1)];
  const env = { ...process.env, ...(u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {}) };
  const { stdout } = await run(PGBENCH, args, { env, maxBuffer: 16 * 1024 * 1024 });
  const num = (re: RegExp) => Number(re.exec(stdout)?.[1] ?? NaN);
  const transactions = num(/number of transactions actually processed: (\d+)/);
  const result = { tps: num(/tps = ([\d.]+)/), transactions, failed: num(/number of failed transactions: (\d+)/) || 0, latencyMs: num(/latency average = ([\d.]+) ms/) };
  if (!Number.isFinite(result.tps) || !transactions) throw new Error(`bench: pgbench gave no figure:\n${stdout}`);
  return result;
}

/** Creates the scratch table of the insert reference. */
export async function createInsertTable(databaseUrl: string): Promise<void> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    await c.query('create table if not exists pgbench_insert_1k (id bigserial primary key, body text not null)');
  } finally {
    await c.end();
  }
}
