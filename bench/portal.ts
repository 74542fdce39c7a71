// Help-portal throughput: starts the real server in this process (PGlite or PostgreSQL),
// imports the demo knowledge base and drives GET requests to article pages from concurrent
// keep-alive loops, reporting requests per second and latency percentiles.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ConfigError, loadConfig, type Config } from '../packages/server/src/config.js';
import { startServer } from '../packages/server/src/server.js';
import { log, percentile } from './stats.js';

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

export const PORTAL_LOAD_DEFAULTS: LoadOptions = { concurrency: 32, warmupMs: 1_000, durationMs: 8_000, maxRequests: 200_000 };

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

/** GETs `urls` in rotation from `concurrency` loops; only requests started after the warm-up count. */
export async function drive(urls: readonly string[], opts: LoadOptions): Promise<LoadResult> {
  if (urls.length === 0) throw new Error('bench: no article URLs to request');
  let next = 0;
  let errors = 0;
  const latencies: number[] = [];
  const t0 = performance.now();
  const measureFrom = t0 + opts.warmupMs;
  const end = measureFrom + opts.durationMs;
  let firstError: string | null = null;
  const loop = async () => {
    for (;;) {
      const start = performance.now();
      if (start >= end || latencies.length >= opts.maxRequests) return;
      const url = urls[next++ % urls.length]!;
      let ok = false;
      try {
        const res = await fetch(url);
        await res.arrayBuffer();
        ok = res.status === 200;
        if (!ok) firstError ??= `HTTP ${res.status} for ${url}`;
      } catch (e) {
        firstError ??= `${(e as Error).message} for ${url}`;
      }
      if (start < measureFrom) continue;
      if (ok) latencies.push(performance.now() - start);
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, loop));
  const seconds = (Math.min(performance.now(), end) - measureFrom) / 1000;
  if (firstError) process.stderr.write(`bench: portal errors (${errors}); first: ${firstError}\n`);
  return {
    requests: latencies.length,
    errors,
    seconds,
    rps: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

/**
 * Production settings when they can be met here (a throwaway secret), so the pages are the
 * ones customers get; development settings otherwise, saying why.
 */
function benchConfig(env: Record<string, string>): Config {
  try {
    return loadConfig({ ...env, NODE_ENV: 'production', AYUDA_SECRET: randomBytes(32).toString('base64') }, {});
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`bench: portal runs in development mode; production settings were refused: ${e.message.replace(/\s+/g, ' ')}\n`);
    return loadConfig(env, {});
  }
}

/** Starts a server on an ephemeral port with `kbDir` imported, measures, and stops it. */
export async function benchPortal(args: {
  kbDir: string;
  slugs: ReadonlyArray<{ locale: string; slug: string }>;
  databaseUrl?: string;
  load?: Partial<LoadOptions>;
}): Promise<LoadResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ayuda-bench-data-'));
  try {
    const env: Record<string, string> = {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      AYUDA_KB_DIR: args.kbDir,
      AYUDA_DATA_DIR: dataDir,
    };
    if (args.databaseUrl) env.DATABASE_URL = args.databaseUrl;
    const server = await startServer(benchConfig(env));
    try {
      const urls = args.slugs.map((s) => `${server.url}/help/${s.locale}/articles/${encodeURIComponent(s.slug)}`);
      return await drive(urls, { ...PORTAL_LOAD_DEFAULTS, ...args.load });
    } finally {
      await server.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
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
