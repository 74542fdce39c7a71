// Graceful shutdown of `ayuda start`, in a real child process on a real database: what a
// SIGTERM lets finish, what it gives back, and how long it may take.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabases, type DbKind } from './testing/db.js';
import { openDatabase } from './db/client.js';
import { createTestApp } from './testing/app.js';
import { SLOW_JOB } from './testing/hooks.js';

const BIN = fileURLToPath(new URL('../bin/ayuda.js', import.meta.url));

const dirs: string[] = [];
const databases: string[] = [];
const running: ChildProcess[] = [];
afterAll(async () => {
  for (const p of running) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  for (const name of databases) await admin(`drop database if exists ${name} with (force)`);
});

async function admin(sql: string, url = process.env.DATABASE_URL!): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

// One embedded database migrated by `ayuda db migrate`, copied for each test: migrating a new
// PGlite takes seconds each time.
let migrated: Promise<string> | null = null;
function migratedDir(): Promise<string> {
  migrated ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ayuda-shutdown-migrated-'));
    dirs.push(dir);
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', AYUDA_DATA_DIR: dir };
    delete env.DATABASE_URL;
    const proc = spawn(process.execPath, [BIN, 'db', 'migrate'], { env, stdio: 'ignore' });
    running.push(proc);
    const [code] = await once(proc, 'exit');
    expect(code).toBe(0);
    return dir;
  })();
  return migrated;
}

/** Where a test's server keeps its data: a new embedded database, or a new PostgreSQL database. */
async function newStorage(kind: DbKind): Promise<{ env: Record<string, string>; jobRows: () => Promise<{ id: number; status: string; attempts: number; runAt: Date }[]> }> {
  const dataDir = emptyDir();
  if (kind === 'pglite') cpSync(await migratedDir(), dataDir, { recursive: true });
  const query = `select id, status, attempts, run_at as "runAt" from jobs where kind = '${SLOW_JOB}' order by id`;
  if (kind === 'pglite') {
    return {
      env: { AYUDA_DATA_DIR: dataDir },
      jobRows: async () => {
        const db = await openDatabase({ kind: 'pglite', dataDir });
        try {
          return ((await db.db.execute(query)) as unknown as { rows: { id: number; status: string; attempts: number; runAt: string }[] }).rows.map((r) => ({ ...r, id: Number(r.id), runAt: new Date(r.runAt) }));
        } finally {
          await db.close();
        }
      },
    };
  }
  const name = `ayuda_shutdown_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(`create database ${name}`);
  databases.push(name);
  const u = new URL(process.env.DATABASE_URL!);
  u.pathname = `/${name}`;
  return {
    env: { AYUDA_DATA_DIR: dataDir, DATABASE_URL: u.toString() },
    jobRows: async () => (await admin(query, u.toString())).rows.map((r) => ({ ...r, id: Number(r.id), runAt: new Date(r.runAt) })),
  };
}

function emptyDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'ayuda-shutdown-'));
  dirs.push(d);
  return d;
}

/** `ayuda start` with the test hooks, its output kept. */
function start(env: Record<string, string>) {
  const e: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', PORT: '0', AYUDA_INBOUND_SMTP_PORT: 'off', AYUDA_TEST_HOOKS: '1', LOG_LEVEL: 'info', ...env };
  for (const name of ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', ...(env.DATABASE_URL ? [] : ['DATABASE_URL'])]) delete e[name];
  const proc = spawn(process.execPath, [BIN, 'start'], { env: e, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(proc);
  const out = { stdout: '', stderr: '' };
  proc.stdout!.on('data', (d: Buffer) => (out.stdout += d));
  proc.stderr!.on('data', (d: Buffer) => (out.stderr += d));
  const exited = once(proc, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const m = out.stdout.match(pattern);
        if (m) {
          proc.stdout!.off('data', check);
          resolve(m);
        }
      };
      proc.stdout!.on('data', check);
      void exited.then((x) => reject(new Error(`ayuda exited (${x.code ?? x.signal}) before printing ${pattern}:\n${out.stdout}\n${out.stderr}`)));
      check();
    });
  return { proc, out, exited, waitFor };
}

/** Resolves with the error code of a new TCP connection to `port`, or 'connected'. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? String(err)));
  });
}

describe.each(testDatabases())('ayuda start, stopped by a signal, on %s', (kind) => {
  it('SIGTERM: refuses new connections, answers the request in flight, finishes the job running, releases the one claimed behind it, exits 0', async () => {
    const storage = await newStorage(kind);
    const ayuda = start(storage.env);
    const [, url] = await ayuda.waitFor(/Ayuda is running: open \S+ \(listening on (http:\/\/[^\s)]+)\)/);
    const port = Number(new URL(url!).port);
    expect(await tryConnect(port)).toBe('connected');
    // Two jobs claimed together; the first runs long enough for the signal to find it running.
    expect((await fetch(`${url}/__test/jobs?count=2&ms=4000`, { method: 'POST' })).status).toBe(202);
    await ayuda.waitFor(/"msg":"test hook: slow job started"/);
    const slow = fetch(`${url}/__test/slow?ms=2000`);
    await ayuda.waitFor(/"msg":"test hook: slow request started"/);

    ayuda.proc.kill('SIGTERM');
    await ayuda.waitFor(/"msg":"shutdown: stopped accepting connections"/);
    expect(await tryConnect(port)).toBe('ECONNREFUSED');
    const res = await slow;
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('slow request done');
    expect(await ayuda.exited, ayuda.out.stdout + ayuda.out.stderr).toEqual({ code: 0, signal: null });
    const exitedAt = new Date();
    expect(ayuda.out.stdout).toContain('"msg":"jobs: claimed jobs released at stop"');
    expect(ayuda.out.stdout).toContain('"msg":"shutdown: done"');
    expect(ayuda.out.stdout.match(/"msg":"test hook: slow job started"/g)).toHaveLength(1);

    const [ran, released] = await storage.jobRows();
    expect(ran).toMatchObject({ status: 'done', attempts: 1 });
    // Due at once for any other process, and not counted as an attempt: the lease was 30 s.
    expect(released).toMatchObject({ status: 'pending', attempts: 0 });
    expect(released!.runAt.getTime()).toBeLessThanOrEqual(exitedAt.getTime());
  }, 120_000);

  // The next two run side by side: neither hangs on timing (a 60 s request and job against a
  // second signal and the 10 s deadline), and the deadline's wait is idle time.
  it.concurrent('a second signal exits at once (143 after SIGTERM) without waiting for the request in flight', async () => {
    const ayuda = start((await newStorage(kind)).env);
    const [, url] = await ayuda.waitFor(/Ayuda is running: open \S+ \(listening on (http:\/\/[^\s)]+)\)/);
    const slow = fetch(`${url}/__test/slow?ms=60000`).then(
      (r) => r.status,
      () => 'cut',
    );
    await ayuda.waitFor(/"msg":"test hook: slow request started"/);
    ayuda.proc.kill('SIGTERM');
    await ayuda.waitFor(/"msg":"shutdown: stopped accepting connections"/);
    ayuda.proc.kill('SIGTERM');
    expect(await ayuda.exited).toEqual({ code: 143, signal: null });
    expect(ayuda.out.stdout).toContain('"msg":"shutdown: second signal, exiting now"');
    expect(await slow).toBe('cut');
  }, 120_000);

  it.runIf(kind === 'pglite').concurrent('a job that outlasts the deadline: its claim is given back, the process exits 1 after 10 s naming it', async () => {
    const storage = await newStorage(kind);
    const ayuda = start(storage.env);
    const [, url] = await ayuda.waitFor(/Ayuda is running: open \S+ \(listening on (http:\/\/[^\s)]+)\)/);
    expect((await fetch(`${url}/__test/jobs?count=1&ms=60000`, { method: 'POST' })).status).toBe(202);
    await ayuda.waitFor(/"msg":"test hook: slow job started"/);
    ayuda.proc.kill('SIGTERM');
    expect(await ayuda.exited).toEqual({ code: 1, signal: null });
    const exitedAt = new Date();
    // The deadline's line, then the job given back as the very last step (not earlier: another
    // process could start it while it still ran here).
    const lines = ayuda.out.stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { level: string; msg: string; jobs: { id: number; kind: string }[] });
    const [last, givenBack] = lines.slice(-2);
    expect(last).toMatchObject({ level: 'error', msg: 'shutdown: deadline reached; exiting with work still under way', jobs: [{ kind: SLOW_JOB }] });
    expect(givenBack).toMatchObject({ level: 'warn', msg: 'jobs: jobs still running at shutdown given back to other processes' });
    const [job] = await storage.jobRows();
    expect(job).toMatchObject({ id: last!.jobs[0]!.id, status: 'pending', attempts: 1 });
    expect(job!.runAt.getTime()).toBeLessThanOrEqual(exitedAt.getTime());
  }, 120_000);
});

it('refuses the test hooks in production, and a value other than 1', async () => {
  // Both at once: each stops at its configuration.
  const prod = start({ AYUDA_DATA_DIR: emptyDir(), NODE_ENV: 'production', AYUDA_SECRET: 'x'.repeat(32) });
  const bad = start({ AYUDA_DATA_DIR: emptyDir(), AYUDA_TEST_HOOKS: 'yes' });
  expect(await prod.exited).toEqual({ code: 1, signal: null });
  expect(prod.out.stderr).toContain('AYUDA_TEST_HOOKS: not in production');
  expect(await bad.exited).toEqual({ code: 1, signal: null });
  expect(bad.out.stderr).toContain('AYUDA_TEST_HOOKS="yes": 1 or unset');
}, 60_000);

describe.each(testDatabases())('/readyz while shutting down on %s', (kind) => {
  it('answers 503 problem details once the app drains', async () => {
    const t = await createTestApp(kind, { kb: false });
    try {
      expect((await t.request('/readyz')).status).toBe(200);
      t.drain();
      const res = await t.request('/readyz');
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('retry-after')).toBe('5');
      expect((await res.json()).detail).toBe('The server is shutting down.');
    } finally {
      await t.dispose();
    }
  });
});
