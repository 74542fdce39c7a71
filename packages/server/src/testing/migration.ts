// Tests of one migration on a database an installation of the previous version has: a PGlite
// migrated up to (not including) `tag`, which the test fills with rows before running the rest.
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { MIGRATIONS_DIR, openDatabase, type Database } from '../db/client.js';

export interface DatabaseBeforeMigration {
  pglite: PGlite;
  database: Database;
  /** Runs one SQL statement and returns its rows. */
  q<T = Record<string, unknown>>(text: string): Promise<T[]>;
  /** Fixture rows in the columns every migration since 0015 has: cases `MG-<id>` of one customer (id 1), and staff users. */
  seed(rows: { cases: Array<{ id: number; lane: 'fast' | 'standard'; status: string; created: string; firstResponseDue?: string }>; staff?: Array<{ id: number; name: string; hourlyCost: number | null }> }): Promise<void>;
  dispose(): Promise<void>;
}

/** A PGlite with the migrations before `tag` (a migration file's name without `.sql`) applied. */
export async function databaseBeforeMigration(tag: string): Promise<DatabaseBeforeMigration> {
  const dir = mkdtempSync(join(tmpdir(), 'ayuda-migration-'));
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const journal = JSON.parse(readFileSync(join(dir, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const index = journal.entries.findIndex((e) => e.tag === tag);
  if (index < 0) throw new Error(`databaseBeforeMigration: no migration ${tag}`);
  for (const e of journal.entries.slice(index)) unlinkSync(join(dir, `${e.tag}.sql`));
  journal.entries = journal.entries.slice(0, index);
  writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify(journal));
  const pglite = new PGlite();
  const database = await openDatabase({ kind: 'pglite', pglite });
  await migratePglite(database.db as never, { migrationsFolder: dir });
  const q = async <T = Record<string, unknown>>(text: string) => (await pglite.query<T>(text)).rows;
  return {
    pglite,
    database,
    q,
    async seed(rows) {
      await q(`insert into customers (id, email, name, locale, created_at) values (1, 'm@example.com', 'M', 'es', '2026-01-01')`);
      for (const c of rows.cases) {
        await pglite.query(
          `insert into cases (id, reference, tracking_hash, tracking_token_enc, customer_id, subject, locale, status, lane, channel, created_at, updated_at, first_response_due)
           values ($1::int, 'MG-' || $1::text, 'mg-' || $1::text, 'x', 1, 'Caso', 'es', $2, $3, 'portal', $4::timestamptz, $4::timestamptz, $5::timestamptz)`,
          [c.id, c.status, c.lane, c.created, c.firstResponseDue ?? null],
        );
      }
      for (const p of rows.staff ?? []) {
        await pglite.query(`insert into staff_users (id, email, name, role, hourly_cost, created_at, updated_at) values ($1::int, lower($2::text) || '@staff.test', $2::text, 'agent', $3::int, '2026-01-01', '2026-01-01')`, [p.id, p.name, p.hourlyCost]);
      }
    },
    async dispose() {
      await pglite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
