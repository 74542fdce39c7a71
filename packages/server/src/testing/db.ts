// Test databases: PGlite cloned from one migrated template (creating a PGlite takes seconds,
// cloning a fraction of one), and, when DATABASE_URL is set, a fresh PostgreSQL database per
// call. `testDatabases()` lists the kinds a test file should run against. Under vitest, each
// test file's template is loaded from the run's migrated dump (testing/pglite-template.ts, the
// global setup) rather than created and migrated again; elsewhere (the widget's component tests'
// server, the benchmarks) it is created as before. On PostgreSQL, likewise: under vitest each
// test database is a copy of the run's migrated template database (CREATE DATABASE ... TEMPLATE),
// elsewhere a new database migrated here.
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

let template: Promise<PGlite> | null = null;

async function pgliteTemplate(): Promise<PGlite> {
  template ??= (async () => {
    const dump = await runDump();
    const t = dump ? new PGlite({ loadDataDir: new Blob([readFileSync(dump)]) }) : new PGlite();
    await t.waitReady;
    // On the dump (this tree's migrations, this run) this finds nothing to do: a check, not work.
    await migrate(await openDatabase({ kind: 'pglite', pglite: t }));
    return t;
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
    const clone = (await (await pgliteTemplate()).clone()) as PGlite;
    // A clone is a copy of one installation; each test database is an installation of its own.
    await clone.query(`update installation set id = replace(gen_random_uuid()::text, '-', '')`);
    return openDatabase({ kind: 'pglite', pglite: clone });
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
