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
  return {
    pglite,
    database,
    q: async <T = Record<string, unknown>>(text: string) => (await pglite.query<T>(text)).rows,
    async dispose() {
      await pglite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
