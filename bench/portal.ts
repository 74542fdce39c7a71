// Help-portal throughput against its physical limit. Three servers, each in a process of its
// own (bench/portal-serve.ts), are loaded in turn by autocannon from another process
// (bench/portal-load.ts), 32 keep-alive connections each:
//   - plain `node:http` answering every request with the bytes and headers of one article page
//     as the portal sent them: what this machine can serve at all;
//   - a bare Hono app on @hono/node-server answering the same bytes: the cost of the framework;
//   - the real server (PGlite or PostgreSQL), the demo knowledge base imported, its public
//     article pages requested in rotation.
// The portal's figure is reported as a share of plain Node's, measured in the same run.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { log, round } from './stats.js';
import type { LoadFigures, LoadRequest } from './portal-load.js';
import type { CapturedPage } from './portal-serve.js';

export interface LoadOptions {
  /** Concurrent request loops. */
  concurrency: number;
  /** Requests made before measuring, to warm the JIT, caches and connections. */
  warmupMs: number;
  /** Measured duration. */
  durationMs: number;
  /** Stop early after this many measured requests. */
  maxRequests: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

export const PORTAL_LOAD = { connections: 32, warmupS: 1, durationS: 8 } as const;

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH_DIR);

/**
 * Starts `node bench/<script> args…` (TypeScript through tsx, the sources through the
 * `ayuda-source` condition). `PORTAL_CPU_PROF=<dir>` profiles the servers under test
 * (`--cpu-prof`), one .cpuprofile each, written when they stop.
 */
function node(script: string, args: string[], env: NodeJS.ProcessEnv = process.env, profile = false): ChildProcess {
  const prof = profile && process.env.PORTAL_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PORTAL_CPU_PROF}`] : [];
  return spawn(process.execPath, [...prof, '--import', 'tsx', '--conditions=ayuda-source', join(BENCH_DIR, script), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
}

/** The first line a child prints, as JSON; rejects if it exits first. */
function firstLine<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    let done = false;
    lines.once('line', (line) => {
      done = true;
      try {
        resolve(JSON.parse(line) as T);
      } catch {
        reject(new Error(`bench: unexpected output from a child process: ${line.slice(0, 200)}`));
      }
    });
    child.once('exit', (code) => {
      if (!done) reject(new Error(`bench: a child process exited with code ${code} before answering`));
    });
  });
}

/** A server under test in its own process; `stop()` ends it (SIGTERM) and waits for it. */
async function startServing(kind: 'ayuda' | 'node' | 'hono', args: string[], env?: NodeJS.ProcessEnv): Promise<{ url: string; stop(): Promise<void> }> {
  const child = node('portal-serve.ts', [kind, ...args], env, true);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const { url } = await firstLine<{ url: string }>(child);
    return {
      url,
      async stop() {
        child.kill('SIGTERM');
        await exited;
      },
    };
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
}

/** Loads `url` from a separate process (autocannon). */
export async function load(url: string, paths: string[]): Promise<LoadResult> {
  const request: LoadRequest = { url, paths, connections: PORTAL_LOAD.connections, warmupS: PORTAL_LOAD.warmupS, durationS: PORTAL_LOAD.durationS };
  const f = await firstLine<LoadFigures>(node('portal-load.ts', [JSON.stringify(request)]));
  if (f.errors > 0) process.stderr.write(`bench: portal load on ${url}: ${f.errors} errors (connection errors, timeouts or answers other than 2xx)\n`);
  return { requests: f.requests, errors: f.errors, seconds: f.seconds, rps: f.rps, p50Ms: f.p50Ms, p99Ms: f.p99Ms };
}

/** What a server adds to every answer by itself: left out of the captured page. */
const PER_CONNECTION = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);

export interface PortalFigures {
  rawNode: LoadResult;
  bareHono: LoadResult;
  portal: LoadResult;
}

/**
 * Starts the server on an ephemeral port with `kbDir` imported, captures the first article page,
 * then measures plain Node, bare Hono and the portal, one after the other.
 */
export async function benchPortal(args: { kbDir: string; slugs: ReadonlyArray<{ locale: string; slug: string }>; databaseUrl?: string }): Promise<PortalFigures> {
  if (args.slugs.length === 0) throw new Error('bench: no article pages to request');
  const paths = args.slugs.map((s) => `/help/${s.locale}/articles/${encodeURIComponent(s.slug)}`);
  const dataDir = await mkdtemp(join(tmpdir(), 'ayuda-bench-data-'));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', AYUDA_KB_DIR: args.kbDir, AYUDA_DATA_DIR: dataDir };
    if (args.databaseUrl) env.DATABASE_URL = args.databaseUrl;
    else delete env.DATABASE_URL;
    const ayuda = await startServing('ayuda', [], env);
    let page: CapturedPage;
    let portal: LoadResult;
    try {
      const res = await fetch(ayuda.url + paths[0]);
      if (res.status !== 200) throw new Error(`bench: ${paths[0]} answered ${res.status}`);
      page = { headers: Object.fromEntries([...res.headers].filter(([k]) => !PER_CONNECTION.has(k))), bodyBase64: Buffer.from(await res.arrayBuffer()).toString('base64') };
      portal = await load(ayuda.url, paths);
    } finally {
      await ayuda.stop();
    }
    const pageFile = join(dataDir, `page-${randomBytes(4).toString('hex')}.json`);
    await writeFile(pageFile, JSON.stringify(page));
    const limit = async (kind: 'node' | 'hono') => {
      const server = await startServing(kind, [pageFile]);
      try {
        return await load(server.url, [paths[0]!]);
      } finally {
        await server.stop();
      }
    };
    const rawNode = await limit('node');
    const bareHono = await limit('hono');
    return { rawNode, bareHono, portal };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * The portal's figures on PGlite, then on PostgreSQL when one answers: requests per second, p99
 * and errors of each server, and the portal's share of plain Node's rate in the same run.
 * `failed` when a run threw or any request failed.
 */
export async function benchPortalBoth(kbDir: string, slugs: ReadonlyArray<{ locale: string; slug: string }>): Promise<{ results: Record<string, number>; failed: boolean }> {
  const results: Record<string, number> = {};
  let failed = false;
  log(`portal: ${slugs.length} public article pages, ${PORTAL_LOAD.connections} connections from autocannon in its own process, ${PORTAL_LOAD.warmupS} s warm-up + ${PORTAL_LOAD.durationS} s each`);
  const thrown = await onBothDatabases(async (db, databaseUrl) => {
    const f = await benchPortal({ kbDir, slugs, ...(databaseUrl ? { databaseUrl } : {}) });
    for (const [name, r] of [['raw_node', f.rawNode], ['bare_hono', f.bareHono], ['', f.portal]] as const) {
      const suffix = name ? `${name}_${db}` : db;
      Object.assign(results, {
        [`portal_rps_${suffix}`]: round(r.rps, 1),
        [`portal_p99_ms_${suffix}`]: round(r.p99Ms, 2),
        [`portal_requests_${suffix}`]: r.requests,
        [`portal_errors_${suffix}`]: r.errors,
      });
      log(`  ${db}, ${name || 'portal'}: ${r.requests} requests in ${r.seconds.toFixed(1)} s, ${r.rps.toFixed(0)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, errors ${r.errors}`);
      if (r.errors > 0) failed = true;
    }
    results[`portal_rps_ratio_raw_${db}`] = round(f.portal.rps / f.rawNode.rps, 3);
    results[`portal_rps_ratio_hono_raw_${db}`] = round(f.bareHono.rps / f.rawNode.rps, 3);
    log(`  ${db}: portal / plain Node ${results[`portal_rps_ratio_raw_${db}`]}, bare Hono / plain Node ${results[`portal_rps_ratio_hono_raw_${db}`]}`);
  });
  return { results, failed: failed || thrown };
}

/**
 * A PostgreSQL server to benchmark against: `DATABASE_URL`, or the local default when it
 * answers. Returns null (with the reason) when none does.
 */
export async function findPostgres(env: NodeJS.ProcessEnv = process.env): Promise<{ url: string } | { url: null; reason: string }> {
  const url = env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return { url };
  } catch (e) {
    return { url: null, reason: `${redact(url)}: ${(e as Error).message}` };
  } finally {
    await client.end().catch(() => {});
  }
}

/** Runs `fn` with the URL of a fresh database `ayuda_bench_<random>` on `serverUrl`, dropped afterwards. */
export async function withFreshDatabase<T>(serverUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `ayuda_bench_${randomBytes(5).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: serverUrl });
    c.on('error', () => {});
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`create database ${name}`);
  try {
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    return await fn(u.toString());
  } finally {
    await admin(`drop database if exists ${name} with (force)`);
  }
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * Runs `measure` on PGlite, then on a fresh PostgreSQL database when one answers (skipped with a
 * note otherwise). Returns true when either run threw; what failed is logged.
 */
export async function onBothDatabases(measure: (db: 'pglite' | 'postgres', databaseUrl?: string) => Promise<void>, opts: { pglite: boolean } = { pglite: true }): Promise<boolean> {
  let failed = false;
  try {
    if (opts.pglite) await measure('pglite');
  } catch (e) {
    failed = true;
    log(`  pglite: FAILED: ${(e as Error).stack ?? String(e)}`);
  }
  const pgServer = await findPostgres();
  if (pgServer.url === null) {
    log(`  postgres: skipped, no PostgreSQL answers (${pgServer.reason}); set DATABASE_URL to measure it`);
    return failed;
  }
  try {
    await withFreshDatabase(pgServer.url, (url) => measure('postgres', url));
  } catch (e) {
    failed = true;
    log(`  postgres (${redact(pgServer.url)}): FAILED: ${(e as Error).stack ?? String(e)}`);
  }
  return failed;
}
