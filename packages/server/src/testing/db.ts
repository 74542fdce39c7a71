// Test databases: PGlite started from one migrated data folder (creating and migrating a PGlite
// takes seconds, starting from a dump a fraction of one), and, when DATABASE_URL is set, a fresh
// PostgreSQL database per call. `testDatabases()` lists the kinds a test file should run
// against. Under vitest the dump is the run's (testing/pglite-template.ts, the global setup);
// elsewhere (the widget's component tests' server, the benchmarks) it is made here, once per
// process. On PostgreSQL, likewise: under vitest each test database is a copy of the run's
// migrated template database (CREATE DATABASE ... TEMPLATE), elsewhere a new database migrated
// here.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase, migrate, type Database } from '../db/client.js';

export type DbKind = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL too when DATABASE_URL is set (as on CI). */
export function testDatabases(): DbKind[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/**
 * How test PGlites are made: WAL segments of 1 MB instead of 16 (initdb's option; the data
 * folder each test database starts from shrinks from 40 to 30 MB), and 16 MB of shared buffers
 * instead of 128 (a test database holds little). A test database then starts in 0.4 s of wall
 * time and 0.55 s of CPU, against 1.3 s and 1.55 s for PGlite's clone(), which dumped the
 * template's folder each time and touched four times the memory (page faults are a third of
 * that CPU on this machine). The engine and its SQL are the ones the product runs.
 */
const TEST_PGLITE_INITDB = ['--wal-segsize=1'];
const TEST_PGLITE_START = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

/** A new, migrated PGlite made as above, dumped (the data folder as a tar), then closed. */
export async function migratedPgliteDump(): Promise<Blob> {
  const pglite = new PGlite({ initDbStartParams: TEST_PGLITE_INITDB, startParams: TEST_PGLITE_START });
  await pglite.waitReady;
  await migrate(await openDatabase({ kind: 'pglite', pglite }));
  // The WAL written so far is checkpointed, so the dump starts from a clean state.
  await pglite.query('checkpoint');
  const dump = await pglite.dumpDataDir('none');
  await pglite.close();
  return dump;
}

/**
 * The database for an end-to-end flow through the browser that is not about the database: the
 * PostgreSQL of DATABASE_URL when it is set (as on CI: the production database, with its
 * LISTEN/NOTIFY events), else PGlite. Seven console flows ran once per database, about 240 s of
 * the suite's 1,700 s of file time; what differs between the two is tested below the browser on
 * both (every server test runs on `testDatabases()`), and most other browser tests run on PGlite.
 */
export function browserTestDatabases(): DbKind[] {
  return process.env.DATABASE_URL ? ['postgres'] : ['pglite'];
}

let template: Promise<Blob> | null = null;

/** The migrated data folder every test PGlite starts from: the run's dump under vitest, else made here once. */
async function pgliteTemplate(): Promise<Blob> {
  template ??= (async () => {
    const dump = await runDump();
    return dump ? new Blob([readFileSync(dump)]) : migratedPgliteDump();
  })();
  return template;
}

/** The run's migrated PGlite dump under vitest (its global setup provides it), or null. */
async function runDump(): Promise<string | null> {
  // vitest's inject() works in its test workers alone (VITEST is set there).
  if (!process.env.VITEST) return null;
  const { inject } = await import('vitest');
  return inject('pgliteTemplateDump') ?? null;
}

/** The run's migrated PostgreSQL template database under vitest, or null. */
async function runPostgresTemplate(): Promise<string | null> {
  if (!process.env.VITEST) return null;
  const { inject } = await import('vitest');
  return inject('postgresTemplate') || null;
}

/** A fresh, migrated database of the given kind. Closing it drops it (PostgreSQL). */
export async function createTestDatabase(kind: DbKind): Promise<Database> {
  if (kind === 'pglite') {
    const copy = await PGlite.create({ loadDataDir: await pgliteTemplate(), startParams: TEST_PGLITE_START });
    // Every copy starts as the same installation; each test database is an installation of its own.
    await copy.query(`update installation set id = replace(gen_random_uuid()::text, '-', '')`);
    return openDatabase({ kind: 'pglite', pglite: copy });
  }
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('Ayuda tests: DATABASE_URL is not set, so there is no PostgreSQL to test against.');
  const name = `ayuda_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const template = await runPostgresTemplate();
  await admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: u.toString(), poolSize: 20 });
  // On a copy of the template (this tree's migrations, this run) this finds nothing to do.
  await migrate(database);
  // A copy is a copy of one installation; each test database is an installation of its own.
  if (template) await database.db.execute(`update installation set id = replace(gen_random_uuid()::text, '-', '')`);
  return {
    ...database,
    async close() {
      await database.close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
