// Vitest's global setup (vite.config.ts): one migrated PGlite for the whole run, saved as a
// dump of its data folder that each test PGlite starts from (testing/db.ts). Creating a
// PGlite is its initdb, about 3.5 s of CPU, which every file on PGlite paid before; starting
// from the dump takes a sixth of that. The dump lives in a folder of its own, removed after the run.
// With DATABASE_URL, likewise one migrated PostgreSQL database for the run, which each test's
// database is created from (CREATE DATABASE ... TEMPLATE): a copy takes about 0.2 s, running
// the migrations on a new database about 1 to 2 s, and a run makes hundreds. Dropped after the run.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate, openDatabase } from '../db/client.js';
import { migratedPgliteDump } from './db.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated PGlite's data folder, dumped (a tar file): see testing/db.ts. */
    pgliteTemplateDump: string;
    /** The migrated PostgreSQL database test databases are copied from ('' without DATABASE_URL). */
    postgresTemplate: string;
  }
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A new database on DATABASE_URL's server, migrated, and closed: a copy needs it unused. */
async function postgresTemplate(url: string): Promise<string> {
  const name = `ayuda_test_template_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(url, `create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: u.toString(), poolSize: 1 });
  try {
    await migrate(database);
  } finally {
    await database.close();
  }
  return name;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'ayuda-pglite-template-'));
  const file = join(dir, 'migrated.tar');
  const url = process.env.DATABASE_URL;
  const [pgliteDone, postgresDone] = await Promise.allSettled([
    (async () => {
      writeFileSync(file, new Uint8Array(await (await migratedPgliteDump()).arrayBuffer()));
    })(),
    url ? postgresTemplate(url) : Promise.resolve(''),
  ]);
  const pgTemplate = postgresDone.status === 'fulfilled' ? postgresDone.value : '';
  const teardown = async () => {
    rmSync(dir, { recursive: true, force: true });
    if (url && pgTemplate) await admin(url, `drop database if exists ${pgTemplate} with (force)`);
  };
  for (const done of [pgliteDone, postgresDone]) {
    if (done.status === 'rejected') {
      await teardown();
      throw done.reason;
    }
  }
  project.provide('pgliteTemplateDump', file);
  project.provide('postgresTemplate', pgTemplate);
  return teardown;
}
